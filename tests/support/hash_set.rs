//! The `HashSet` interpreter: operations applied to a `cowtree::HashSet<u64, S>` and to a
//! `std::collections::HashSet` side by side.

use std::collections::HashSet as Model;
use std::hash::BuildHasher;

use cowtree::hash_set::DiffItem;
use cowtree::HashSet;

use super::pick;

/// One operation. Elements are reduced modulo the run's key space; snapshot indices modulo the
/// number of snapshots kept.
#[derive(Clone, Debug, arbitrary::Arbitrary)]
pub enum Op {
    Insert(u16),
    Replace(u16),
    Remove(u16),
    Take(u16),
    /// `contains` and `get` of one element.
    Contains(u16),
    Retain(u8),
    Extend(Vec<u16>),
    ExtendRefs(Vec<u16>),
    Snapshot,
    /// Go back to a kept snapshot.
    Restore(u8),
    Update(u16),
    Without(u16),
    /// Rebuild the live set with a fresh hasher instance (the element-by-element paths).
    Rebuild,
    Diff(u8),
    /// `union`, `intersection`, `difference` or `symmetric_difference` (by the first number)
    /// with a kept snapshot; the result becomes the live set.
    Algebra(u8, u8),
    /// The same through `| & - ^` on references: the operands are left alone.
    Operator(u8, u8),
    /// `is_subset`, `is_superset`, `is_disjoint` and `==` against a kept snapshot.
    Relations(u8),
    Clear,
    /// Drain, taking at most this many elements before dropping the iterator.
    Drain(u8),
    /// `extract_if` of elements divisible by the first number, stopped after the second many.
    ExtractIf(u8, u8),
    GetOrInsert(u16),
    GetOrInsertWith(u16),
    /// Relations between the live set and an edited copy of it (shared subtrees): each pair
    /// inserts (true) or removes (false) one element of the copy.
    RelationsEdited(Vec<(u16, bool)>),
}

/// The set under test.
pub type Set<S> = HashSet<u64, S>;

/// Checks that `set` holds exactly `model`: invariants, len, the first elements of the key space
/// looked up, every model element looked up, and iteration.
pub fn check<S: BuildHasher>(set: &Set<S>, model: &Model<u64>, keys: u64) {
    set.check_invariants();
    assert_eq!(set.len(), model.len());
    assert_eq!(set.is_empty(), model.is_empty());
    for k in 0..keys.min(128) {
        assert_eq!(set.contains(&k), model.contains(&k), "contains({k})");
        assert_eq!(set.get(&k), model.get(&k));
    }
    for k in model {
        assert!(set.contains(k), "element {k}");
    }
    let it = set.iter();
    assert_eq!(it.len(), model.len());
    let seen: Model<u64> = it.copied().collect();
    assert_eq!(&seen, model);
}

/// `old.diff(new)` reports exactly the models' differences, and replaying it on `old` gives `new`.
fn check_diff<S: BuildHasher>(
    old: &Set<S>,
    old_model: &Model<u64>,
    new: &Set<S>,
    new_model: &Model<u64>,
) {
    let mut added = Vec::new();
    let mut removed = Vec::new();
    for d in old.diff(new) {
        match d {
            DiffItem::Added(x) => added.push(*x),
            DiffItem::Removed(x) => removed.push(*x),
        }
    }
    added.sort();
    removed.sort();
    let mut want_added: Vec<u64> = new_model.difference(old_model).copied().collect();
    let mut want_removed: Vec<u64> = old_model.difference(new_model).copied().collect();
    want_added.sort();
    want_removed.sort();
    assert_eq!(added, want_added);
    assert_eq!(removed, want_removed);
    let mut replay = old.clone();
    replay.extend(added);
    for x in &removed {
        replay.remove(x);
    }
    replay.check_invariants();
    assert!(replay == *new);
}

/// The four relations of `a` to `b` agree with the models'.
fn check_relations<S: BuildHasher>(a: &Set<S>, am: &Model<u64>, b: &Set<S>, bm: &Model<u64>) {
    assert_eq!(a.is_subset(b), am.is_subset(bm));
    assert_eq!(a.is_superset(b), am.is_superset(bm));
    assert_eq!(a.is_disjoint(b), am.is_disjoint(bm));
    assert_eq!(a == b, am == bm);
}

/// Applies `ops` to a set built with `state` and to the model, elements taken modulo `keys`;
/// checks after every step and checks every snapshot (and the sharing figures) at the end.
pub fn run<S: BuildHasher + Clone>(state: S, keys: u64, ops: &[Op]) {
    let key = |k: u16| u64::from(k) % keys;
    let mut set: Set<S> = HashSet::with_hasher(state.clone());
    let mut model: Model<u64> = Model::new();
    let mut snaps: Vec<(Set<S>, Model<u64>)> = Vec::new();
    for op in ops.iter().cloned() {
        match op {
            Op::Insert(k) => assert_eq!(set.insert(key(k)), model.insert(key(k))),
            Op::Replace(k) => assert_eq!(set.replace(key(k)), model.replace(key(k))),
            Op::Remove(k) => assert_eq!(set.remove(&key(k)), model.remove(&key(k))),
            Op::Take(k) => assert_eq!(set.take(&key(k)), model.take(&key(k))),
            Op::Contains(k) => {
                assert_eq!(set.contains(&key(k)), model.contains(&key(k)));
                assert_eq!(set.get(&key(k)), model.get(&key(k)));
            }
            Op::Retain(m) => {
                let m = u64::from(m % 7) + 1;
                set.retain(|x| x % m != 0);
                model.retain(|x| x % m != 0);
            }
            Op::Extend(xs) => {
                let xs: Vec<u64> = xs.into_iter().map(key).collect();
                set.extend(xs.iter().copied());
                model.extend(xs);
            }
            Op::ExtendRefs(xs) => {
                let xs: Vec<u64> = xs.into_iter().map(key).collect();
                set.extend(xs.iter());
                model.extend(xs);
            }
            Op::Snapshot => snaps.push((set.clone(), model.clone())),
            Op::Restore(i) => {
                if let Some((s, m)) = pick(&snaps, i) {
                    set = s.clone();
                    model = m.clone();
                }
            }
            Op::Update(k) => {
                let old = set.clone();
                let after = set.update(key(k));
                assert!(old.ptr_eq(&set), "update must leave self alone");
                set = after;
                snaps.push((old, model.clone()));
                model.insert(key(k));
            }
            Op::Without(k) => {
                let old = set.clone();
                let after = set.without(&key(k));
                assert!(old.ptr_eq(&set), "without must leave self alone");
                set = after;
                snaps.push((old, model.clone()));
                model.remove(&key(k));
            }
            Op::Rebuild => {
                let mut rebuilt: Set<S> = HashSet::with_hasher(state.clone());
                rebuilt.extend(set.iter().copied());
                assert!(rebuilt == set);
                set = rebuilt;
            }
            Op::Diff(i) => {
                if let Some((old, old_model)) = pick(&snaps, i) {
                    check_diff(old, old_model, &set, &model);
                    check_diff(&set, &model, old, old_model);
                    assert_eq!(*old == set, *old_model == model);
                }
            }
            Op::Algebra(which, i) => {
                if let Some((other, om)) = pick(&snaps, i) {
                    let other = other.clone();
                    let (s, m) = match which % 4 {
                        0 => (set.clone().union(other), &model | om),
                        1 => (set.clone().intersection(other), &model & om),
                        2 => (set.clone().difference(other), &model - om),
                        _ => (set.clone().symmetric_difference(other), &model ^ om),
                    };
                    check(&s, &m, keys);
                    set = s;
                    model = m;
                }
            }
            Op::Operator(which, i) => {
                if let Some((other, om)) = pick(&snaps, i) {
                    let (s, m) = match which % 4 {
                        0 => (&set | other, &model | om),
                        1 => (&set & other, &model & om),
                        2 => (&set - other, &model - om),
                        _ => (&set ^ other, &model ^ om),
                    };
                    check(&s, &m, keys);
                    check(other, om, keys);
                }
            }
            Op::Relations(i) => {
                if let Some((other, om)) = pick(&snaps, i) {
                    check_relations(&set, &model, other, om);
                    check_relations(other, om, &set, &model);
                }
            }
            Op::Clear => {
                set.clear();
                model.clear();
            }
            Op::Drain(most) => {
                let mut it = set.drain();
                assert_eq!(it.len(), model.len());
                for x in it.by_ref().take(usize::from(most)) {
                    assert!(model.contains(&x));
                }
                drop(it);
                model.clear();
            }
            Op::ExtractIf(d, most) => {
                let d = u64::from(d % 4) + 1;
                let most = usize::from(most % 8) + usize::from(most / 8 % 2) * 1000;
                // Visited in the set's iteration order: replay that on the model, stopping where
                // `take(most)` stops asking.
                let order: Vec<u64> = set.iter().copied().collect();
                let got: Vec<u64> = set.extract_if(|x| x % d == 0).take(most).collect();
                let want: Vec<u64> = order
                    .into_iter()
                    .filter(|x| x % d == 0)
                    .take(most)
                    .collect();
                for x in &want {
                    model.remove(x);
                }
                assert_eq!(got, want);
            }
            Op::GetOrInsert(k) => {
                assert_eq!(*set.get_or_insert(key(k)), key(k));
                model.insert(key(k));
            }
            Op::GetOrInsertWith(k) => {
                let x = key(k);
                assert_eq!(*set.get_or_insert_with(&x, |y| *y), x);
                model.insert(x);
            }
            Op::RelationsEdited(edits) => {
                let mut other = set.clone();
                let mut om = model.clone();
                for (k, add) in edits {
                    let x = key(k);
                    if add {
                        other.insert(x);
                        om.insert(x);
                    } else {
                        other.remove(&x);
                        om.remove(&x);
                    }
                }
                check_relations(&set, &model, &other, &om);
                check_relations(&other, &om, &set, &model);
                let rest = set.clone().difference(other.clone());
                let rest_model: Model<u64> = model.difference(&om).copied().collect();
                check(&rest, &rest_model, keys);
                assert_eq!(rest.is_disjoint(&other), rest_model.is_disjoint(&om));
                assert_eq!(rest.is_subset(&set), rest_model.is_subset(&model));
            }
        }
        check(&set, &model, keys);
    }
    for (snap, snap_model) in &snaps {
        check(snap, snap_model, keys);
        let s = set.sharing(snap);
        assert_eq!(s.shared + s.only_self, set.heap_size());
        assert_eq!(s.shared + s.only_other, snap.heap_size());
    }
}

#[cfg(not(fuzzing))]
impl quickcheck::Arbitrary for Op {
    /// Weighted towards inserts and removes, so that sets grow deep enough to matter.
    fn arbitrary(g: &mut quickcheck::Gen) -> Op {
        use quickcheck::Arbitrary as A;
        let k = u16::arbitrary(g);
        let i = u8::arbitrary(g);
        let j = u8::arbitrary(g);
        match u8::arbitrary(g) % 40 {
            0..=9 => Op::Insert(k),
            10 => Op::Replace(k),
            11..=14 => Op::Remove(k),
            15 => Op::Take(k),
            16 => Op::Contains(k),
            17 => Op::Retain(i),
            18 => Op::Extend(A::arbitrary(g)),
            19 => Op::ExtendRefs(A::arbitrary(g)),
            20..=22 => Op::Snapshot,
            23 => Op::Restore(i),
            24 => Op::Update(k),
            25 => Op::Without(k),
            26 => Op::Rebuild,
            27 | 28 => Op::Diff(i),
            29 | 30 => Op::Algebra(i, j),
            31 => Op::Operator(i, j),
            32 => Op::Relations(i),
            33 => Op::Clear,
            34 => Op::Drain(i),
            35 => Op::ExtractIf(i, j),
            36 => Op::GetOrInsert(k),
            37 => Op::GetOrInsertWith(k),
            _ => Op::RelationsEdited(A::arbitrary(g)),
        }
    }

    /// Shrinks the payload (elements towards 0, lists shorter); the sequence itself is shrunk
    /// by dropping operations.
    fn shrink(&self) -> Box<dyn Iterator<Item = Op>> {
        match self.clone() {
            Op::Insert(k) => Box::new(k.shrink().map(Op::Insert)),
            Op::Replace(k) => Box::new(k.shrink().map(Op::Replace)),
            Op::Remove(k) => Box::new(k.shrink().map(Op::Remove)),
            Op::Take(k) => Box::new(k.shrink().map(Op::Take)),
            Op::Contains(k) => Box::new(k.shrink().map(Op::Contains)),
            Op::Retain(m) => Box::new(m.shrink().map(Op::Retain)),
            Op::Extend(xs) => Box::new(xs.shrink().map(Op::Extend)),
            Op::ExtendRefs(xs) => Box::new(xs.shrink().map(Op::ExtendRefs)),
            Op::Restore(i) => Box::new(i.shrink().map(Op::Restore)),
            Op::Update(k) => Box::new(k.shrink().map(Op::Update)),
            Op::Without(k) => Box::new(k.shrink().map(Op::Without)),
            Op::Diff(i) => Box::new(i.shrink().map(Op::Diff)),
            Op::Algebra(w, i) => Box::new((w, i).shrink().map(|(w, i)| Op::Algebra(w, i))),
            Op::Operator(w, i) => Box::new((w, i).shrink().map(|(w, i)| Op::Operator(w, i))),
            Op::Relations(i) => Box::new(i.shrink().map(Op::Relations)),
            Op::Drain(i) => Box::new(i.shrink().map(Op::Drain)),
            Op::ExtractIf(d, n) => Box::new((d, n).shrink().map(|(d, n)| Op::ExtractIf(d, n))),
            Op::GetOrInsert(k) => Box::new(k.shrink().map(Op::GetOrInsert)),
            Op::GetOrInsertWith(k) => Box::new(k.shrink().map(Op::GetOrInsertWith)),
            Op::RelationsEdited(e) => Box::new(e.shrink().map(Op::RelationsEdited)),
            Op::Snapshot | Op::Rebuild | Op::Clear => Box::new(std::iter::empty()),
        }
    }
}
