//! Random operation sequences on `cowtree::HashSet`, checked against `std::collections::HashSet`
//! and the invariant checker after every step; every snapshot is checked again at the end.
#![no_main]

mod common;

use arbitrary::Arbitrary;
use common::{FuzzState, HashMode};
use cowtree::hash_set::DiffItem;
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet as Model;

type Set = cowtree::HashSet<u16, FuzzState>;

#[derive(Arbitrary, Debug)]
enum Op {
    Insert(u16),
    Remove(u16),
    Take(u16),
    Replace(u16),
    Contains(u16),
    Retain(u8),
    Extend(Vec<u16>),
    Update(u16),
    Without(u16),
    Snapshot,
    Restore(u8),
    Diff(u8),
    Union(u8),
    Intersection(u8),
    Difference(u8),
    SymmetricDifference(u8),
    Relations(u8),
    Clear,
    /// Drain, taking at most this many elements before dropping the iterator.
    Drain(u8),
    /// `extract_if` taking elements divisible by the first number + 1, stopped after the second
    /// many.
    ExtractIf(u8, u8),
    GetOrInsert(u16),
    GetOrInsertWith(u16),
    /// Relations between the live set and an edited copy of it (shared subtrees).
    RelationsEdited(Vec<(u16, bool)>),
}

#[derive(Arbitrary, Debug)]
struct Input {
    mode: HashMode,
    ops: Vec<Op>,
}

fn check(set: &Set, model: &Model<u16>) {
    set.check_invariants();
    assert_eq!(set.len(), model.len());
    for k in model {
        assert!(set.contains(k), "key {k}");
    }
    assert_eq!(
        set.iter().filter(|k| model.contains(k)).count(),
        model.len()
    );
}

fn pick<T>(v: &[T], i: u8) -> Option<&T> {
    if v.is_empty() {
        None
    } else {
        Some(&v[usize::from(i) % v.len()])
    }
}

fuzz_target!(|input: Input| {
    let mut set = Set::with_hasher(FuzzState(input.mode));
    let mut model = Model::new();
    let mut snaps: Vec<(Set, Model<u16>)> = Vec::new();
    for op in input.ops {
        match op {
            Op::Insert(k) => assert_eq!(set.insert(k), model.insert(k)),
            Op::Remove(k) => assert_eq!(set.remove(&k), model.remove(&k)),
            Op::Take(k) => assert_eq!(set.take(&k), model.take(&k)),
            Op::Replace(k) => assert_eq!(set.replace(k), model.replace(k)),
            Op::Contains(k) => {
                assert_eq!(set.contains(&k), model.contains(&k));
                assert_eq!(set.get(&k), model.get(&k));
            }
            Op::Retain(m) => {
                let m = u16::from(m) + 1;
                set.retain(|k| k % m != 0);
                model.retain(|k| k % m != 0);
            }
            Op::Extend(items) => {
                set.extend(items.iter().copied());
                model.extend(items.iter().copied());
            }
            Op::Update(k) => {
                set = set.update(k);
                model.insert(k);
            }
            Op::Without(k) => {
                set = set.without(&k);
                model.remove(&k);
            }
            Op::Snapshot => snaps.push((set.clone(), model.clone())),
            Op::Restore(i) => {
                if let Some((s, m)) = pick(&snaps, i) {
                    set = s.clone();
                    model = m.clone();
                }
            }
            Op::Diff(i) => {
                if let Some((old, old_model)) = pick(&snaps, i) {
                    let mut replay = old.clone();
                    let (mut added, mut removed) = (0, 0);
                    for item in old.diff(&set) {
                        match item {
                            DiffItem::Added(k) => {
                                added += 1;
                                assert!(!old_model.contains(k) && model.contains(k));
                                replay.insert(*k);
                            }
                            DiffItem::Removed(k) => {
                                removed += 1;
                                assert!(old_model.contains(k) && !model.contains(k));
                                replay.remove(k);
                            }
                        }
                    }
                    assert_eq!(added, model.difference(old_model).count());
                    assert_eq!(removed, old_model.difference(&model).count());
                    check(&replay, &model);
                    assert_eq!(replay, set);
                }
            }
            Op::Union(i) => {
                if let Some((other, m)) = pick(&snaps, i) {
                    set = set.union(other.clone());
                    model = model.union(m).copied().collect();
                }
            }
            Op::Intersection(i) => {
                if let Some((other, m)) = pick(&snaps, i) {
                    set = set.intersection(other.clone());
                    model = model.intersection(m).copied().collect();
                }
            }
            Op::Difference(i) => {
                if let Some((other, m)) = pick(&snaps, i) {
                    set = set.difference(other.clone());
                    model = model.difference(m).copied().collect();
                }
            }
            Op::SymmetricDifference(i) => {
                if let Some((other, m)) = pick(&snaps, i) {
                    set = set.symmetric_difference(other.clone());
                    model = model.symmetric_difference(m).copied().collect();
                }
            }
            Op::Relations(i) => {
                if let Some((other, m)) = pick(&snaps, i) {
                    assert_eq!(set.is_subset(other), model.is_subset(m));
                    assert_eq!(set.is_superset(other), model.is_superset(m));
                    assert_eq!(set.is_disjoint(other), model.is_disjoint(m));
                    assert_eq!(set == *other, model == *m);
                }
            }
            Op::Clear => {
                set.clear();
                model.clear();
            }
            Op::Drain(most) => {
                let mut it = set.drain();
                assert_eq!(it.len(), model.len());
                for k in it.by_ref().take(usize::from(most)) {
                    assert!(model.contains(&k));
                }
                drop(it);
                model.clear();
            }
            Op::ExtractIf(d, most) => {
                let d = u16::from(d % 8) + 1;
                let most = usize::from(most);
                // Visited in the set's iteration order: replay that on the model.
                let order: Vec<u16> = set.iter().copied().collect();
                let got: Vec<u16> = set.extract_if(|k| k % d == 0).take(most).collect();
                let want: Vec<u16> = order
                    .into_iter()
                    .filter(|k| k % d == 0)
                    .take(most)
                    .collect();
                for k in &want {
                    model.remove(k);
                }
                assert_eq!(got, want);
            }
            Op::GetOrInsert(k) => {
                assert_eq!(*set.get_or_insert(k), k);
                model.insert(k);
            }
            Op::GetOrInsertWith(k) => {
                assert_eq!(*set.get_or_insert_with(&k, |x| *x), k);
                model.insert(k);
            }
            Op::RelationsEdited(edits) => {
                let mut other = set.clone();
                let mut m = model.clone();
                for (k, add) in edits {
                    if add {
                        other.insert(k);
                        m.insert(k);
                    } else {
                        other.remove(&k);
                        m.remove(&k);
                    }
                }
                for (a, am, b, bm) in [(&set, &model, &other, &m), (&other, &m, &set, &model)] {
                    assert_eq!(a.is_subset(b), am.is_subset(bm));
                    assert_eq!(a.is_superset(b), am.is_superset(bm));
                    assert_eq!(a.is_disjoint(b), am.is_disjoint(bm));
                }
                let rest = set.clone().difference(other.clone());
                let rest_model: Model<u16> = model.difference(&m).copied().collect();
                check(&rest, &rest_model);
                assert_eq!(rest.is_disjoint(&other), rest_model.is_disjoint(&m));
            }
        }
        check(&set, &model);
    }
    for (s, m) in &snaps {
        check(s, m);
    }
});
