//! Unit tests of the tree layer through the map: every operation followed by the checker, split
//! and join at every position of small trees, order statistics at every position.

use super::OrdMap;

fn build(n: u32) -> OrdMap<u32, u32> {
    let mut m = OrdMap::new();
    for i in 0..n {
        m.insert(i * 2, i);
    }
    m
}

#[test]
fn insert_and_remove_keep_invariants() {
    let mut m = OrdMap::new();
    let mut x = 12345u32;
    let mut model = std::collections::BTreeMap::new();
    for _ in 0..3000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let k = (x >> 8) % 1000;
        if x.is_multiple_of(3) {
            assert_eq!(m.remove(&k), model.remove(&k));
        } else {
            assert_eq!(m.insert(k, x), model.insert(k, x));
        }
        m.check_invariants();
        assert_eq!(m.len(), model.len());
    }
    assert!(m.iter().eq(model.iter()));
    while let Some((k, _)) = model.pop_first() {
        assert!(m.remove(&k).is_some());
        m.check_invariants();
    }
    assert!(m.is_empty());
}

#[test]
fn split_off_at_every_position() {
    for n in [0u32, 1, 5, 40, 100, 700] {
        let m = build(n);
        for key in 0..=(2 * n + 1) {
            let mut left = m.clone();
            let right = left.split_off(&key);
            left.check_invariants();
            right.check_invariants();
            assert!(left.keys().all(|&k| k < key));
            assert!(right.keys().all(|&k| k >= key));
            assert_eq!(left.len() + right.len(), m.len());
            let mut joined = left.clone();
            let mut r = right.clone();
            joined.append(&mut r);
            joined.check_invariants();
            assert!(r.is_empty());
            assert_eq!(joined, m);
            // Join the other way round too.
            let mut r2 = right.clone();
            let mut l2 = left.clone();
            r2.append(&mut l2);
            r2.check_invariants();
            assert_eq!(r2, m);
        }
    }
}

#[test]
fn join_trees_of_every_height_pair() {
    let sizes = [1u32, 3, 17, 33, 200, 1500, 5000];
    for &a in &sizes {
        for &b in &sizes {
            let mut left: OrdMap<u32, u32> = (0..a).map(|i| (i, i)).collect();
            let mut right: OrdMap<u32, u32> = (a..a + b).map(|i| (i, i)).collect();
            left.append(&mut right);
            left.check_invariants();
            assert!(left.keys().copied().eq(0..a + b));
        }
    }
}

#[test]
fn order_statistics_at_every_position() {
    let m = build(500);
    for i in 0..500 {
        assert_eq!(m.get_index(i as usize), Some((&(i * 2), &i)));
        assert_eq!(m.rank(&(i * 2)), i as usize);
        assert_eq!(m.rank(&(i * 2 + 1)), i as usize + 1);
    }
    assert_eq!(m.get_index(500), None);
}

#[test]
fn diff_sees_an_update_right_after_a_shared_leaf() {
    let old = build(2000);
    for k in (0..4000).step_by(7) {
        let new = old.update(k, 99_999);
        let d: Vec<_> = old.diff(&new).collect();
        assert_eq!(
            d.len(),
            usize::from(k % 2 == 0) + usize::from(k % 2 == 1),
            "key {k}"
        );
    }
}

#[test]
fn range_iterates_both_ways() {
    let m = build(300);
    let got: Vec<u32> = m.range(100..=200).map(|(k, _)| *k).collect();
    let want: Vec<u32> = (50..=100).map(|i| i * 2).collect();
    assert_eq!(got, want);
    let back: Vec<u32> = m.range(100..=200).rev().map(|(k, _)| *k).collect();
    assert!(back.iter().rev().eq(want.iter()));
    let mut it = m.range(10..20);
    assert_eq!(it.len(), 5);
    assert_eq!(it.next().map(|x| *x.0), Some(10));
    assert_eq!(it.next_back().map(|x| *x.0), Some(18));
    assert_eq!(it.len(), 3);
}

#[test]
fn removing_an_absent_key_from_a_snapshot_copies_nothing() {
    let snapshot = build(5000);
    let mut live = snapshot.clone();
    assert_eq!(live.remove(&3), None);
    assert!(live.ptr_eq(&snapshot));
    assert_eq!(live.get_mut(&3), None);
    assert!(live.ptr_eq(&snapshot));
    live.remove(&4);
    let s = live.sharing(&snapshot);
    assert!(s.only_self > 0 && s.only_self * 20 < s.shared, "{s:?}");
    live.check_invariants();
}

#[test]
fn first_and_last_entries_edit_the_ends_of_every_size() {
    use std::collections::BTreeMap;
    for n in (0..80).chain([300, 2000]) {
        let snapshot = build(n);
        let mut m = snapshot.clone();
        let mut model: BTreeMap<u32, u32> = snapshot.iter().map(|(k, v)| (*k, *v)).collect();
        for step in 0..6 {
            let (got, want) = (m.first_entry(), model.first_entry());
            assert_eq!(got.is_some(), want.is_some(), "n {n}");
            if let (Some(mut a), Some(mut b)) = (got, want) {
                assert_eq!((a.key(), a.get()), (b.key(), b.get()));
                *a.get_mut() += 1;
                *b.get_mut() += 1;
                assert_eq!(a.insert(7), b.insert(7));
                if step % 2 == 0 {
                    assert_eq!(a.remove_entry(), b.remove_entry());
                } else {
                    *a.into_mut() += 2;
                    *b.into_mut() += 2;
                }
            }
            let (got, want) = (m.last_entry(), model.last_entry());
            if let (Some(a), Some(b)) = (got, want) {
                assert_eq!(
                    format!("{a:?}"),
                    format!("OccupiedEntry {{ key: {}, value: {} }}", b.key(), b.get())
                );
                if step % 3 == 0 {
                    assert_eq!(a.remove(), b.remove());
                } else {
                    *a.into_mut() *= 3;
                    *b.into_mut() *= 3;
                }
            }
            m.check_invariants();
            assert!(m.iter().eq(model.iter()), "n {n} step {step}");
        }
        snapshot.check_invariants();
        assert!(
            snapshot.iter().eq(build(n).iter()),
            "the snapshot changed (n {n})"
        );
    }
}

#[test]
fn entry_writes_copy_a_shared_path_once() {
    let snapshot = build(20_000);
    // One plain write: what copying one root-to-leaf path costs.
    let mut one = snapshot.clone();
    *one.get_mut(&0).expect("present") += 1;
    let path = one.sharing(&snapshot).only_self;
    assert!(path > 0);
    for last in [false, true] {
        let mut m = snapshot.clone();
        let mut e = if last {
            m.last_entry()
        } else {
            m.first_entry()
        }
        .expect("not empty");
        *e.get_mut() += 1;
        *e.get_mut() += 1;
        e.insert(5);
        *e.into_mut() += 1;
        assert_eq!(m.sharing(&snapshot).only_self, path, "last {last}");
        let mut e = m.entry(if last { 39_998 } else { 0 }).insert_entry(9);
        *e.get_mut() += 1;
        assert_eq!(m.sharing(&snapshot).only_self, path, "last {last}");
        m.check_invariants();
    }
    assert!(snapshot.iter().eq(build(20_000).iter()));
}

#[test]
fn insert_entry_at_every_position() {
    let m = build(150);
    for k in 0..=301 {
        let mut a = m.clone();
        let mut model: std::collections::BTreeMap<u32, u32> =
            m.iter().map(|(k, v)| (*k, *v)).collect();
        let mut e = a.entry(k).insert_entry(1000 + k);
        assert_eq!((e.key(), e.get()), (&k, &(1000 + k)));
        *e.get_mut() += 1;
        model.insert(k, 1001 + k);
        a.check_invariants();
        assert!(a.iter().eq(model.iter()), "key {k}");
        if k % 2 == 1 {
            // A vacant entry: its occupied entry removes what it inserted.
            assert_eq!(a.entry(k).insert_entry(0).remove_entry(), (k, 0));
            a.check_invariants();
            assert_eq!(a, m);
        }
    }
}
