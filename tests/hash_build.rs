//! The bulk build behind `collect()` and `extend` into an empty map or set: same contents,
//! same semantics on duplicate keys and same canonical shape as one-by-one insertion, under
//! hashers that force collision nodes and deep paths.

mod support;

use std::collections::HashMap as Model;
use std::hash::{BuildHasher, Hash, Hasher};

use cowtree::{HashMap, HashSet};
use quickcheck::QuickCheck;
use support::hashers::{Constant, FourBits, Full, HighBits};

/// A key whose identity is `id`; `tag` tells which of several equal keys was stored.
#[derive(Clone, Copy, Debug)]
struct Tagged {
    id: u16,
    tag: u32,
}

impl PartialEq for Tagged {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}
impl Eq for Tagged {}
impl Hash for Tagged {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.id.hash(state);
    }
}

fn check_collect<S: BuildHasher + Default>(pairs: Vec<(u16, u16)>) {
    let items: Vec<(Tagged, u16)> = pairs
        .iter()
        .enumerate()
        // Ids mod 97: plenty of duplicate keys.
        .map(|(i, &(id, v))| {
            (
                Tagged {
                    id: id % 97,
                    tag: i as u32,
                },
                v,
            )
        })
        .collect();
    let built: HashMap<Tagged, u16, S> = items.iter().copied().collect();
    built.check_invariants();
    let mut one_by_one: HashMap<Tagged, u16, S> = HashMap::default();
    let mut model: Model<u16, (u32, u16)> = Model::new();
    for &(k, v) in &items {
        one_by_one.insert(k, v);
        // std's insert keeps the first key and takes the last value.
        model.entry(k.id).or_insert((k.tag, v)).1 = v;
    }
    assert_eq!(built.len(), model.len());
    for (id, &(tag, v)) in &model {
        let (k, got) = built
            .get_key_value(&Tagged { id: *id, tag: 0 })
            .expect("collected key present");
        assert_eq!(
            (k.tag, *got),
            (tag, v),
            "first key and last value of id {id}"
        );
    }
    assert!(built == one_by_one);
    // Iteration visits every entry once and agrees with look-ups.
    assert_eq!(built.iter().count(), model.len());
    // A bulk-built map takes later writes and snapshots like any other.
    let snapshot = built.clone();
    let mut later = built;
    if let Some(&(id, _)) = pairs.first().map(|(id, v)| (id % 97, v)).as_ref() {
        later.remove(&Tagged { id, tag: 0 });
        later.insert(
            Tagged {
                id: u16::MAX,
                tag: 0,
            },
            1,
        );
        later.check_invariants();
    }
    snapshot.check_invariants();
    assert_eq!(snapshot.len(), model.len());
}

fn qc<F: quickcheck::Testable>(f: F) {
    QuickCheck::new().tests(1000).quickcheck(f);
}

#[test]
fn collect_matches_insertion_full_hash() {
    qc(check_collect::<Full> as fn(Vec<(u16, u16)>));
}

#[test]
fn collect_matches_insertion_four_bit_hash() {
    // 16 distinct hashes: collision nodes with duplicates inside them.
    qc(check_collect::<FourBits> as fn(Vec<(u16, u16)>));
}

#[test]
fn collect_matches_insertion_constant_hash() {
    qc(check_collect::<Constant> as fn(Vec<(u16, u16)>));
}

#[test]
fn collect_matches_insertion_high_bit_hash() {
    qc(check_collect::<HighBits> as fn(Vec<(u16, u16)>));
}

#[test]
fn collect_large_map_then_get_every_key() {
    let keys: Vec<u64> = (0..100_000u64)
        .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .collect();
    let map: HashMap<u64, u64, Full> = keys.iter().map(|&k| (k, !k)).collect();
    map.check_invariants();
    assert_eq!(map.len(), keys.len());
    for &k in &keys {
        assert_eq!(map.get(&k), Some(&!k));
    }
    assert_eq!(map.get(&1), None);
}

#[test]
fn extend_into_empty_and_non_empty() {
    let mut map: HashMap<u64, u64, Full> = HashMap::default();
    map.extend((0..1000u64).map(|i| (i, i)));
    map.check_invariants();
    let snapshot = map.clone();
    map.extend((500..1500u64).map(|i| (i, i + 1)));
    map.check_invariants();
    assert_eq!((snapshot.len(), map.len()), (1000, 1500));
    assert_eq!((snapshot[&700], map[&700]), (700, 701));
    // Cleared, it takes the bulk path again.
    map.clear();
    map.extend([(&3u64, &4u64)]);
    map.check_invariants();
    assert_eq!(map[&3], 4);
}

#[test]
fn set_collect_and_extend() {
    let set: HashSet<u16, FourBits> = (0..3000u16).chain(0..100).collect();
    set.check_invariants();
    assert_eq!(set.len(), 3000);
    assert!((0..3000u16).all(|x| set.contains(&x)));
    let mut other: HashSet<u16, FourBits> = HashSet::default();
    other.extend(set.iter());
    other.check_invariants();
    assert!(other == set);
}
