//! What a user porting from imbl or rpds reaches for: conversions from std's collections, vectors,
//! slices and arrays; `Extend` by reference; `symmetric_difference`; `is_submap` and
//! `is_proper_submap`, structural under one hasher.

mod support;

use std::cell::Cell;
use std::collections::{HashMap as StdMap, HashSet as StdSet};

use cowtree::{HashMap, HashSet};
use support::hashers::FourBits;

#[test]
fn maps_from_vectors_slices_arrays_and_std() {
    let pairs: Vec<(u32, String)> = (0..300).map(|i| (i % 250, i.to_string())).collect();
    let model: StdMap<u32, String> = pairs.iter().cloned().collect();
    let from_slice = HashMap::from(&pairs[..]);
    let from_vec = HashMap::from(pairs.clone());
    let from_std = HashMap::from(model.clone());
    for map in [&from_slice, &from_vec] {
        map.check_invariants();
        assert_eq!(map.len(), 250);
        assert_eq!(
            map.iter()
                .map(|(k, v)| (*k, v.clone()))
                .collect::<StdMap<_, _>>(),
            model
        );
    }
    from_std.check_invariants();
    assert_eq!(from_std, from_vec, "last value wins, as in std");
    let back: StdMap<u32, String> = from_std.into();
    assert_eq!(back, model);
    let arr = HashMap::from([(1, 'a'), (1, 'b')]);
    assert_eq!((arr.len(), arr[&1]), (1, 'b'));
    let empty = HashMap::<u8, u8>::from(Vec::new());
    assert!(empty.is_empty());
}

#[test]
fn sets_from_vectors_slices_arrays_and_std() {
    let values: Vec<u64> = (0..1000).map(|i| i * 7 % 600).collect();
    let model: StdSet<u64> = values.iter().copied().collect();
    for set in [HashSet::from(&values[..]), HashSet::from(values.clone())] {
        set.check_invariants();
        assert_eq!(set.iter().copied().collect::<StdSet<_>>(), model);
    }
    let from_std = HashSet::from(model.clone());
    assert_eq!(from_std.len(), model.len());
    assert_eq!(StdSet::from(from_std), model);
    assert_eq!(HashSet::from(["x", "x", "y"]).len(), 2);
}

#[test]
fn extend_by_reference_for_copy_types() {
    let src: StdMap<u8, u16> = (0..50).map(|i| (i, u16::from(i) * 3)).collect();
    let mut map: HashMap<u8, u16> = [(0, 9)].into();
    map.extend(src.iter());
    assert_eq!(map.len(), 50);
    assert_eq!(map[&0], 0, "later pairs replace earlier values");
    let mut set: HashSet<char> = HashSet::new();
    set.extend(['a', 'b', 'a'].iter());
    assert_eq!(set.len(), 2);
}

#[test]
fn symmetric_difference_matches_std_for_related_and_unrelated_maps() {
    let base: HashMap<u32, u32> = (0..5000).map(|i| (i, i)).collect();
    let mut a = base.clone();
    let mut b = base.clone();
    for i in 0..40 {
        a.remove(&(i * 101));
        b.insert(10_000 + i, i);
        b.insert(i * 103 + 1, 7); // a changed value: the key is in both, so it drops out
    }
    let want = |a: &HashMap<u32, u32>, b: &HashMap<u32, u32>| {
        let mut m: StdMap<u32, u32> = a
            .iter()
            .filter(|(k, _)| !b.contains_key(k))
            .map(|(k, v)| (*k, *v))
            .collect();
        m.extend(
            b.iter()
                .filter(|(k, _)| !a.contains_key(k))
                .map(|(k, v)| (*k, *v)),
        );
        m
    };
    let expected = want(&a, &b);
    let got = a.clone().symmetric_difference(b.clone());
    got.check_invariants();
    assert_eq!(
        got.iter().map(|(k, v)| (*k, *v)).collect::<StdMap<_, _>>(),
        expected
    );
    // Unrelated hashers: the one-by-one path.
    let c: HashMap<u32, u32> = b.iter().map(|(k, v)| (*k, *v)).collect();
    let got = a.clone().symmetric_difference(c);
    got.check_invariants();
    assert_eq!(
        got.iter().map(|(k, v)| (*k, *v)).collect::<StdMap<_, _>>(),
        expected
    );
    assert!(a.clone().symmetric_difference(a.clone()).is_empty());
}

thread_local! {
    static VALUE_EQS: Cell<usize> = const { Cell::new(0) };
}

/// A value that counts its comparisons.
#[derive(Clone, Debug, Eq)]
struct Counted(u32);

impl PartialEq for Counted {
    fn eq(&self, other: &Self) -> bool {
        VALUE_EQS.with(|c| c.set(c.get() + 1));
        self.0 == other.0
    }
}

fn value_eqs(f: impl FnOnce() -> bool) -> (bool, usize) {
    VALUE_EQS.with(|c| c.set(0));
    let r = f();
    (r, VALUE_EQS.with(Cell::get))
}

#[test]
fn is_submap_compares_values_and_skips_shared_subtrees() {
    let big: HashMap<u32, Counted> = (0..100_000).map(|i| (i, Counted(i))).collect();
    let mut small = big.clone();
    for k in [5, 500, 50_000] {
        small.remove(&k);
    }
    let (sub, eqs) = value_eqs(|| small.is_submap(&big));
    assert!(sub);
    assert!(small.is_proper_submap(&big));
    assert!(
        eqs < 200,
        "shared subtrees are skipped ({eqs} value comparisons)"
    );
    assert!(!big.is_submap(&small));
    assert!(big.is_submap(&big.clone()) && !big.is_proper_submap(&big.clone()));

    let mut changed = small.clone();
    changed.insert(7, Counted(0));
    assert!(!changed.is_submap(&big), "a value differs");
    assert!(!changed.is_proper_submap(&big));

    // Different hashers: a look-up per entry, same answers.
    let rebuilt: HashMap<u32, Counted> = small.iter().map(|(k, v)| (*k, v.clone())).collect();
    assert!(rebuilt.is_submap(&big) && rebuilt.is_proper_submap(&big));
    let changed: HashMap<u32, Counted> = changed.iter().map(|(k, v)| (*k, v.clone())).collect();
    assert!(!changed.is_submap(&big));
}

#[test]
fn is_submap_with_colliding_hashes() {
    let mut big: HashMap<u32, u32, FourBits> = HashMap::with_hasher(FourBits::default());
    for i in 0..400 {
        big.insert(i, i * 2);
    }
    let mut small = big.clone();
    for i in (0..400).step_by(7) {
        small.remove(&i);
    }
    assert!(small.is_submap(&big) && small.is_proper_submap(&big));
    small.insert(8, 0);
    assert!(!small.is_submap(&big));
    let empty: HashMap<u32, u32, FourBits> = HashMap::with_hasher(FourBits::default());
    assert!(empty.is_submap(&big) && empty.is_proper_submap(&big));
    assert!(empty.is_submap(&empty.clone()) && !empty.is_proper_submap(&empty.clone()));
}
