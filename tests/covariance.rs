//! Compile-time checks that the public collections and iterators are covariant in their element
//! types wherever std's counterparts are (`Vec`, `vec::IntoIter`, `slice::Iter`,
//! `collections::HashMap`, `BTreeMap`, `BTreeSet` and their iterators): a value holding `&'static str` can be passed where
//! one holding a shorter-lived `&'a str` is expected. Each `widen_*` function compiles only if
//! its type is covariant; the test calls them so that they are also run.
//!
//! Not listed, as std's are invariant there too: `IterMut` and `RangeMut` (in the element or value
//! type), `ValuesMut` (in the value type), the entry types and `ExtractIf` (they hold `&mut` to
//! the collection).

use cowtree::{
    hash_map, hash_set, ord_map, ord_set, vector, HashMap, HashSet, OrdMap, OrdSet, Vector,
};

/// One function per type: `fn $name<'a, 'b: 'a>(x: $long) -> $short { x }`.
macro_rules! widen {
    ($($name:ident: $long:ty => $short:ty;)*) => {
        $(
            #[allow(dead_code)]
            fn $name<'a, 'b: 'a>(x: $long) -> $short {
                x
            }
        )*
    };
}

widen! {
    widen_vector: Vector<&'b str> => Vector<&'a str>;
    widen_vector_iter: vector::Iter<'a, &'b str> => vector::Iter<'a, &'a str>;
    widen_vector_into_iter: vector::IntoIter<&'b str> => vector::IntoIter<&'a str>;
    widen_vector_leaves: vector::Leaves<'a, &'b str> => vector::Leaves<'a, &'a str>;
    widen_vector_drain: vector::Drain<'a, &'b str> => vector::Drain<'a, &'a str>;
    widen_vector_diff: vector::Diff<'a, &'b str> => vector::Diff<'a, &'a str>;
    widen_vector_diff_item: vector::DiffItem<'a, &'b str> => vector::DiffItem<'a, &'a str>;
    // The lifetime of the borrow itself shortens too.
    widen_vector_iter_borrow: vector::Iter<'b, u8> => vector::Iter<'a, u8>;

    widen_map: HashMap<&'b str, &'b str> => HashMap<&'a str, &'a str>;
    widen_map_diff: hash_map::Diff<'a, &'b str, &'b str> => hash_map::Diff<'a, &'a str, &'a str>;
    widen_map_diff_item: hash_map::DiffItem<'a, &'b str, &'b str> => hash_map::DiffItem<'a, &'a str, &'a str>;
    widen_map_iter: hash_map::Iter<'a, &'b str, &'b str> => hash_map::Iter<'a, &'a str, &'a str>;
    widen_map_into_iter: hash_map::IntoIter<&'b str, &'b str> => hash_map::IntoIter<&'a str, &'a str>;
    widen_map_keys: hash_map::Keys<'a, &'b str, &'b str> => hash_map::Keys<'a, &'a str, &'a str>;
    widen_map_values: hash_map::Values<'a, &'b str, &'b str> => hash_map::Values<'a, &'a str, &'a str>;
    widen_map_into_keys: hash_map::IntoKeys<&'b str, &'b str> => hash_map::IntoKeys<&'a str, &'a str>;
    widen_map_into_values: hash_map::IntoValues<&'b str, &'b str> => hash_map::IntoValues<&'a str, &'a str>;
    widen_map_drain: hash_map::Drain<'a, &'b str, &'b str> => hash_map::Drain<'a, &'a str, &'a str>;

    widen_set: HashSet<&'b str> => HashSet<&'a str>;
    widen_set_diff: hash_set::Diff<'a, &'b str> => hash_set::Diff<'a, &'a str>;
    widen_set_diff_item: hash_set::DiffItem<'a, &'b str> => hash_set::DiffItem<'a, &'a str>;
    widen_set_iter: hash_set::Iter<'a, &'b str> => hash_set::Iter<'a, &'a str>;
    widen_set_into_iter: hash_set::IntoIter<&'b str> => hash_set::IntoIter<&'a str>;
    widen_set_drain: hash_set::Drain<'a, &'b str> => hash_set::Drain<'a, &'a str>;

    widen_ord_map: OrdMap<&'b str, &'b str> => OrdMap<&'a str, &'a str>;
    widen_ord_map_iter: ord_map::Iter<'a, &'b str, &'b str> => ord_map::Iter<'a, &'a str, &'a str>;
    widen_ord_map_keys: ord_map::Keys<'a, &'b str, &'b str> => ord_map::Keys<'a, &'a str, &'a str>;
    widen_ord_map_values: ord_map::Values<'a, &'b str, &'b str> => ord_map::Values<'a, &'a str, &'a str>;
    widen_ord_map_range: ord_map::Range<'a, &'b str, &'b str> => ord_map::Range<'a, &'a str, &'a str>;
    widen_ord_map_into_iter: ord_map::IntoIter<&'b str, &'b str> => ord_map::IntoIter<&'a str, &'a str>;
    widen_ord_map_into_keys: ord_map::IntoKeys<&'b str, &'b str> => ord_map::IntoKeys<&'a str, &'a str>;
    widen_ord_map_into_values: ord_map::IntoValues<&'b str, &'b str> => ord_map::IntoValues<&'a str, &'a str>;
    widen_ord_map_diff: ord_map::Diff<'a, &'b str, &'b str> => ord_map::Diff<'a, &'a str, &'a str>;
    widen_ord_map_diff_item: ord_map::DiffItem<'a, &'b str, &'b str> => ord_map::DiffItem<'a, &'a str, &'a str>;
    widen_ord_map_iter_borrow: ord_map::Iter<'b, u8, u8> => ord_map::Iter<'a, u8, u8>;

    widen_ord_set: OrdSet<&'b str> => OrdSet<&'a str>;
    widen_ord_set_iter: ord_set::Iter<'a, &'b str> => ord_set::Iter<'a, &'a str>;
    widen_ord_set_range: ord_set::Range<'a, &'b str> => ord_set::Range<'a, &'a str>;
    widen_ord_set_into_iter: ord_set::IntoIter<&'b str> => ord_set::IntoIter<&'a str>;
}

#[cfg(feature = "rayon")]
widen! {
    widen_ord_map_par_iter: ord_map::ParIter<'a, &'b str, &'b str> => ord_map::ParIter<'a, &'a str, &'a str>;
    widen_ord_set_par_iter: ord_set::ParIter<'a, &'b str> => ord_set::ParIter<'a, &'a str>;
}

/// A `Vector<&'static str>` passed where a `Vector<&'a str>` is expected, and read back.
fn longest<'a>(v: Vector<&'a str>, local: &'a str) -> &'a str {
    let mut w = v;
    w.push_back(local);
    w.iter().copied().max_by_key(|s| s.len()).unwrap_or("")
}

#[test]
fn static_vectors_and_maps_widen_to_local_lifetimes() {
    let statics: Vector<&'static str> = Vector::from(vec!["a", "bb"]);
    let local = String::from("cccc");
    assert_eq!(longest(statics.clone(), &local), "cccc");
    let w: Vector<&str> = widen_vector(statics.clone());
    assert_eq!(w, statics);
    let it = widen_vector_iter(statics.iter());
    assert_eq!(it.len(), 2);
    let m: HashMap<&'static str, &'static str> = [("k", "v")].into_iter().collect();
    let m2 = widen_map(m.clone());
    assert_eq!(m2.get("k"), Some(&"v"));
    let s: HashSet<&'static str> = ["x"].into_iter().collect();
    assert!(widen_set(s).contains("x"));
}

/// An `OrdMap<&'static str, _>` passed where one of shorter-lived keys is expected, extended with a
/// local key, and read back through the widened iterators.
fn with_local<'a>(
    m: OrdMap<&'static str, &'static str>,
    local: &'a str,
) -> OrdMap<&'a str, &'a str> {
    let mut w = widen_ord_map(m);
    w.insert(local, local);
    w
}

#[test]
fn static_ord_maps_and_sets_widen_to_local_lifetimes() {
    let m: OrdMap<&'static str, &'static str> = [("b", "2"), ("a", "1")].into_iter().collect();
    let local = String::from("c");
    let w = with_local(m.clone(), &local);
    assert_eq!(w.len(), 3);
    assert_eq!(w.get("c"), Some(&"c"));
    assert_eq!(
        widen_ord_map_keys(m.keys()).copied().collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert_eq!(
        widen_ord_map_values(m.values())
            .copied()
            .collect::<Vec<_>>(),
        ["1", "2"]
    );
    assert_eq!(widen_ord_map_iter(m.iter()).len(), 2);
    assert_eq!(widen_ord_map_range(m.range("b"..)).count(), 1);
    assert_eq!(widen_ord_map_into_iter(m.clone().into_iter()).len(), 2);
    assert_eq!(widen_ord_map_diff(m.diff(&w)).count(), 1);
    let s: OrdSet<&'static str> = ["y", "x"].into_iter().collect();
    let ws = widen_ord_set(s.clone());
    assert!(ws.contains("x"));
    assert_eq!(
        widen_ord_set_iter(s.iter()).copied().collect::<Vec<_>>(),
        ["x", "y"]
    );
    assert_eq!(widen_ord_set_into_iter(s.into_iter()).len(), 2);
}
