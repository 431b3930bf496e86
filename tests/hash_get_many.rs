//! `HashMap::get_many` and `HashSet::contains_many` against one-at-a-time look-ups: present,
//! absent and colliding keys, under every hasher mode, with empty and one-key inputs and inputs
//! longer than the look-ups kept in flight.

mod support;

use std::hash::BuildHasher;

use cowtree::{HashMap, HashSet};
use support::hashers::{Constant, FourBits, Full, HighBits};

/// Keys `0..n` step 3 in the map; probes: every key of `0..3n` (a third present), in a shuffled
/// order, with repeats.
fn check_mode<S: BuildHasher + Default + Clone>(n: u64) {
    let mut map: HashMap<u64, u64, S> = HashMap::with_hasher(S::default());
    for k in (0..n).step_by(3) {
        map.insert(k, k * 7 + 1);
    }
    let mut probes: Vec<u64> = (0..n).collect();
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    for i in (1..probes.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        probes.swap(i, (x % (i as u64 + 1)) as usize);
    }
    probes.extend_from_within(..probes.len() / 4);
    let want: Vec<Option<&u64>> = probes.iter().map(|k| map.get(k)).collect();
    let got: Vec<Option<&u64>> = map.get_many(&probes).collect();
    assert_eq!(got, want, "{n} keys");
    assert_eq!(map.get_many(probes.iter()).len(), probes.len());

    let set: HashSet<u64, S> = {
        let mut s = HashSet::with_hasher(S::default());
        s.extend(map.keys().copied());
        s
    };
    let want: Vec<bool> = probes.iter().map(|k| set.contains(k)).collect();
    let got: Vec<bool> = set.contains_many(&probes).collect();
    assert_eq!(got, want, "{n} keys (set)");
}

#[test]
fn get_many_matches_get_under_every_hasher_mode() {
    for n in [0, 1, 2, 5, 17, 100, 3000] {
        check_mode::<Full>(n);
        check_mode::<FourBits>(n);
        check_mode::<HighBits>(n);
    }
    // Large enough (240,000 entries, about 6.7 MB of nodes) for the ring of look-ups in
    // flight; maps below about 6 MiB are looked up one key at a time (both modes are also
    // checked directly in src/hash/node/batch.rs).
    check_mode::<Full>(720_000);
    check_mode::<HighBits>(720_000);
    // One full hash for every key: a single collision node.
    for n in [0, 1, 2, 40, 300] {
        check_mode::<Constant>(n);
    }
}

#[test]
fn get_many_of_nothing_and_of_one_key() {
    let map: HashMap<u32, char> = [(1, 'a'), (2, 'b')].into();
    let none: [u32; 0] = [];
    assert_eq!(map.get_many(&none).next(), None);
    let mut one = map.get_many(&[2]);
    assert_eq!(one.size_hint(), (1, Some(1)));
    assert_eq!(one.next(), Some(Some(&'b')));
    assert_eq!(one.next(), None);
    assert_eq!(one.next(), None, "fused");
    assert_eq!(map.get_many(&[3]).collect::<Vec<_>>(), [None]);
    let empty: HashMap<u32, char> = HashMap::new();
    assert_eq!(empty.get_many(&[1, 2]).collect::<Vec<_>>(), [None, None]);
    let set: HashSet<u32> = HashSet::new();
    assert_eq!(set.contains_many(&none).count(), 0);
}

#[test]
fn get_many_takes_borrowed_forms_and_sees_its_version_only() {
    let mut map: HashMap<String, u32> = (0..500).map(|i| (i.to_string(), i)).collect();
    let snapshot = map.clone();
    map.remove("7");
    map.insert("7000".to_string(), 1);
    let keys = ["7", "7000", "499", "x"];
    let got: Vec<Option<&u32>> = snapshot.get_many(keys.iter().copied()).collect();
    assert_eq!(got, [Some(&7), None, Some(&499), None]);
    let got: Vec<Option<&u32>> = map.get_many(keys).collect();
    assert_eq!(got, [None, Some(&1), Some(&499), None]);
}
