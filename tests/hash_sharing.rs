//! Sharing figures and the cost-follows-change promise of diff and the set algebra.

use cowtree::hash_map::DiffItem;
use cowtree::HashMap;
use std::sync::OnceLock;

use quickcheck::{QuickCheck, TestResult};

/// An upper bound on the bytes of one root-to-leaf path: at most 14 nodes, each with a small
/// header and at most 32 slots of at most 16 bytes (u64 → u64 entries, or child pointers).
const MAX_PATH_BYTES: usize = 14 * (64 + 32 * 16);

fn big(n: u64) -> HashMap<u64, u64> {
    (0..n).map(|i| (i, i * 2)).collect()
}

#[test]
fn fresh_snapshot_shares_everything() {
    let map = big(50_000);
    let snap = map.clone();
    let s = map.sharing(&snap);
    assert_eq!((s.only_self, s.only_other), (0, 0));
    assert_eq!(s.shared, map.heap_size());
    assert!(map.heap_size() >= 50_000 * 16);
}

#[test]
fn writes_after_snapshot_copy_at_most_their_paths() {
    static BASE: OnceLock<HashMap<u64, u64>> = OnceLock::new();
    fn prop(writes: Vec<(u16, bool)>) -> TestResult {
        let base = BASE.get_or_init(|| big(20_000));
        let mut live = base.clone();
        let snap = live.clone();
        for (k, insert) in &writes {
            let k = u64::from(*k) % 30_000;
            if *insert {
                live.insert(k, 7);
            } else {
                live.remove(&k);
            }
        }
        live.check_invariants();
        let s = live.sharing(&snap);
        assert_eq!(s.shared + s.only_self, live.heap_size());
        assert_eq!(s.shared + s.only_other, snap.heap_size());
        assert!(
            s.only_self <= writes.len() * MAX_PATH_BYTES,
            "{} bytes copied by {} writes",
            s.only_self,
            writes.len()
        );
        TestResult::passed()
    }
    QuickCheck::new()
        .tests(1000)
        .quickcheck(prop as fn(Vec<(u16, bool)>) -> TestResult);
}

#[test]
fn unique_map_is_changed_in_place() {
    let mut map = big(10_000);
    let before = map.heap_size();
    let snap = map.clone();
    map.insert(1, 1);
    let once = map.sharing(&snap).only_self;
    assert!(once > 0 && once <= MAX_PATH_BYTES);
    drop(snap);
    // Now unique: further writes to the same path copy nothing new.
    let snap2 = map.clone();
    let s = map.sharing(&snap2);
    assert_eq!(s.only_self, 0);
    drop(snap2);
    map.insert(1, 2);
    assert!(map.heap_size() <= before + MAX_PATH_BYTES);
}

#[test]
fn diff_of_large_versions_reports_exactly_the_changes() {
    let old = big(200_000);
    let mut new = old.clone();
    for k in [3, 77, 1000, 50_000, 199_999] {
        new.remove(&k);
    }
    for k in [300_000, 300_001] {
        new.insert(k, 1);
    }
    for k in [5, 6, 7] {
        new.insert(k, 0);
    }
    let mut added = 0;
    let mut removed = 0;
    let mut changed = 0;
    for d in old.diff(&new) {
        match d {
            DiffItem::Added(k, _) => {
                assert!(*k >= 300_000);
                added += 1
            }
            DiffItem::Removed(k, v) => {
                assert_eq!(*v, k * 2);
                removed += 1
            }
            DiffItem::Changed { key, old, new } => {
                assert_eq!((*old, *new), (key * 2, 0));
                changed += 1
            }
        }
    }
    assert_eq!((added, removed, changed), (2, 5, 3));
}

#[test]
fn union_of_edited_copies_reuses_subtrees() {
    let base = big(100_000);
    let left = base.update(1, 0).update(200_000, 1);
    let right = base.without(&5).update(300_000, 2);
    let merged = left.clone().union(right.clone());
    merged.check_invariants();
    assert_eq!(merged.len(), 100_002);
    assert_eq!((merged[&1], merged[&5], merged[&300_000]), (0, 10, 2));
    // Nearly everything is shared with the inputs: only the merged paths are new.
    let s = merged.sharing(&base);
    assert!(
        s.only_self <= 6 * MAX_PATH_BYTES,
        "{} bytes new",
        s.only_self
    );
    let both = left.clone().intersection(right.clone());
    both.check_invariants();
    assert_eq!(both.len(), 99_999);
    assert!(both.sharing(&base).only_self <= 6 * MAX_PATH_BYTES);
    let rest = left.difference(right);
    rest.check_invariants();
    let mut keys: Vec<_> = rest.keys().copied().collect();
    keys.sort();
    assert_eq!(keys, [5, 200_000]);
}

#[test]
fn set_sharing_adds_up() {
    let a: cowtree::HashSet<u64> = (0..10_000).collect();
    let mut b = a.clone();
    b.insert(20_000);
    b.remove(&3);
    let s = b.sharing(&a);
    assert_eq!(s.shared + s.only_self, b.heap_size());
    assert_eq!(s.shared + s.only_other, a.heap_size());
    assert!(s.only_self > 0 && s.only_self <= 2 * MAX_PATH_BYTES);
}

#[test]
fn missing_keys_copy_nothing() {
    let mut live = big(10_000);
    let snap = live.clone();
    assert_eq!(live.remove(&50_000), None);
    assert_eq!(live.get_mut(&50_000), None);
    assert!(live.without(&50_000).ptr_eq(&snap));
    assert!(live.ptr_eq(&snap), "a miss must not copy the path");
    assert_eq!(live.sharing(&snap).only_self, 0);
    // A hit copies one path, and only in the version written to.
    *live.get_mut(&5).unwrap() += 1;
    assert!(!live.ptr_eq(&snap));
    assert_eq!(snap[&5], 10);
    assert_eq!(live[&5], 11);
}
