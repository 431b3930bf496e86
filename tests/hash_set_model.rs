//! Model tests: random operation sequences on `cowtree::HashSet` against `std::collections::HashSet`,
//! with snapshots kept and checked at the end, diffs replayed, and the set algebra compared.

mod common;

use std::collections::HashSet as Model;
use std::hash::BuildHasher;

use common::{Constant, FourBits, Full, HighBits};
use cowtree::hash_set::DiffItem;
use cowtree::HashSet;
use quickcheck::{Arbitrary, Gen, QuickCheck};

#[derive(Clone, Debug)]
enum Op {
    Insert(u16),
    Replace(u16),
    Remove(u16),
    Take(u16),
    Retain(u8),
    Extend(Vec<u16>),
    Snapshot,
    Update(u16),
    Without(u16),
    Rebuild,
    Diff(usize),
    Algebra(u8, usize),
    Operator(u8, usize),
    Relations(usize),
    Clear,
    /// Drain, taking at most this many elements before dropping the iterator.
    Drain(u8),
    /// `extract_if` with elements divisible by the first number, stopped after the second many.
    ExtractIf(u8, u8),
    GetOrInsert(u16),
    GetOrInsertWith(u16),
    /// Relations with an edited copy of the live set (one hasher, shared subtrees).
    RelationsEdited(u16, bool),
}

impl Arbitrary for Op {
    fn arbitrary(g: &mut Gen) -> Op {
        match u8::arbitrary(g) % 38 {
            0..=9 => Op::Insert(u16::arbitrary(g)),
            10 => Op::Replace(u16::arbitrary(g)),
            11..=14 => Op::Remove(u16::arbitrary(g)),
            15 => Op::Take(u16::arbitrary(g)),
            16 => Op::Retain(u8::arbitrary(g)),
            17 => Op::Extend(Vec::arbitrary(g)),
            18..=20 => Op::Snapshot,
            21 => Op::Update(u16::arbitrary(g)),
            22 => Op::Without(u16::arbitrary(g)),
            23 => Op::Rebuild,
            24 | 25 => Op::Diff(usize::arbitrary(g)),
            26 | 27 => Op::Algebra(u8::arbitrary(g), usize::arbitrary(g)),
            28 => Op::Operator(u8::arbitrary(g), usize::arbitrary(g)),
            29 => Op::Relations(usize::arbitrary(g)),
            30 => Op::Clear,
            31 => Op::Drain(u8::arbitrary(g)),
            32 => Op::ExtractIf(u8::arbitrary(g), u8::arbitrary(g)),
            33 => Op::GetOrInsert(u16::arbitrary(g)),
            34 => Op::GetOrInsertWith(u16::arbitrary(g)),
            35 => Op::RelationsEdited(u16::arbitrary(g), bool::arbitrary(g)),
            _ => Op::Insert(u16::arbitrary(g)),
        }
    }
}

fn check<S: BuildHasher>(set: &HashSet<u64, S>, model: &Model<u64>, keys: u64) {
    set.check_invariants();
    assert_eq!(set.len(), model.len());
    for k in 0..keys.min(128) {
        assert_eq!(set.contains(&k), model.contains(&k), "contains({k})");
        assert_eq!(set.get(&k), model.get(&k));
    }
    for k in model {
        assert!(set.contains(k));
    }
    let it = set.iter();
    assert_eq!(it.len(), model.len());
    let seen: Model<u64> = it.copied().collect();
    assert_eq!(&seen, model);
}

fn check_diff<S: BuildHasher>(
    old: &HashSet<u64, S>,
    old_model: &Model<u64>,
    new: &HashSet<u64, S>,
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

fn run<S: BuildHasher + Default>(ops: Vec<Op>, keys: u64) -> bool {
    let key = |k: u16| u64::from(k) % keys;
    let mut set: HashSet<u64, S> = HashSet::with_hasher(S::default());
    let mut model: Model<u64> = Model::new();
    let mut snaps: Vec<(HashSet<u64, S>, Model<u64>)> = Vec::new();
    let pick = |snaps: &Vec<(HashSet<u64, S>, Model<u64>)>, i: usize| {
        if snaps.is_empty() {
            None
        } else {
            Some(snaps[i % snaps.len()].clone())
        }
    };
    for op in ops {
        match op {
            Op::Insert(k) => assert_eq!(set.insert(key(k)), model.insert(key(k))),
            Op::Replace(k) => assert_eq!(set.replace(key(k)), model.replace(key(k))),
            Op::Remove(k) => assert_eq!(set.remove(&key(k)), model.remove(&key(k))),
            Op::Take(k) => assert_eq!(set.take(&key(k)), model.take(&key(k))),
            Op::Retain(m) => {
                let m = u64::from(m % 5) + 2;
                set.retain(|x| x % m != 0);
                model.retain(|x| x % m != 0);
            }
            Op::Extend(xs) => {
                let xs: Vec<u64> = xs.into_iter().map(key).collect();
                set.extend(xs.iter());
                model.extend(xs);
            }
            Op::Snapshot => snaps.push((set.clone(), model.clone())),
            Op::Update(k) => {
                let old = set.clone();
                set = set.update(key(k));
                snaps.push((old, model.clone()));
                model.insert(key(k));
            }
            Op::Without(k) => {
                let old = set.clone();
                set = set.without(&key(k));
                snaps.push((old, model.clone()));
                model.remove(&key(k));
            }
            Op::Rebuild => {
                let rebuilt: HashSet<u64, S> = set.iter().copied().collect();
                assert!(rebuilt == set);
                set = rebuilt;
            }
            Op::Diff(i) => {
                if let Some((old, old_model)) = pick(&snaps, i) {
                    check_diff(&old, &old_model, &set, &model);
                    check_diff(&set, &model, &old, &old_model);
                    assert_eq!(old == set, old_model == model);
                }
            }
            Op::Algebra(which, i) => {
                if let Some((other, om)) = pick(&snaps, i) {
                    let (s, m) = match which % 4 {
                        0 => (set.clone().union(other), &model | &om),
                        1 => (set.clone().intersection(other), &model & &om),
                        2 => (set.clone().difference(other), &model - &om),
                        _ => (set.clone().symmetric_difference(other), &model ^ &om),
                    };
                    check(&s, &m, keys);
                    set = s;
                    model = m;
                }
            }
            Op::Operator(which, i) => {
                if let Some((other, om)) = pick(&snaps, i) {
                    let (s, m) = match which % 4 {
                        0 => (&set | &other, &model | &om),
                        1 => (&set & &other, &model & &om),
                        2 => (&set - &other, &model - &om),
                        _ => (&set ^ &other, &model ^ &om),
                    };
                    check(&s, &m, keys);
                    // The operands are left alone.
                    check(&other, &om, keys);
                }
            }
            Op::Relations(i) => {
                if let Some((other, om)) = pick(&snaps, i) {
                    assert_eq!(set.is_subset(&other), model.is_subset(&om));
                    assert_eq!(set.is_superset(&other), model.is_superset(&om));
                    assert_eq!(set.is_disjoint(&other), model.is_disjoint(&om));
                    assert_eq!(set == other, model == om);
                }
            }
            Op::Clear => {
                set.clear();
                model.clear();
            }
            Op::Drain(most) => {
                let mut it = set.drain();
                assert_eq!(it.len(), model.len());
                for _ in 0..most {
                    match it.next() {
                        Some(x) => assert!(model.contains(&x)),
                        None => break,
                    }
                }
                drop(it);
                model.clear();
            }
            Op::ExtractIf(d, most) => {
                let d = u64::from(d % 4) + 1;
                let most = usize::from(most % 8) + usize::from(most / 8 % 2) * 1000;
                // The elements are visited in the set's iteration order: replay that on the
                // model, stopping where `take(most)` stops asking.
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
            Op::RelationsEdited(k, add) => {
                let x = key(k);
                let mut other = set.clone();
                let mut om = model.clone();
                if add {
                    other.insert(x);
                    om.insert(x);
                } else {
                    other.remove(&x);
                    om.remove(&x);
                }
                for (a, am, b, bm) in [(&set, &model, &other, &om), (&other, &om, &set, &model)] {
                    assert_eq!(a.is_subset(b), am.is_subset(bm));
                    assert_eq!(a.is_superset(b), am.is_superset(bm));
                    assert_eq!(a.is_disjoint(b), am.is_disjoint(bm));
                }
                let single: HashSet<u64, S> = {
                    let mut s = set.clone();
                    s.retain(|y| *y == x);
                    s
                };
                let sm: Model<u64> = model.iter().copied().filter(|y| *y == x).collect();
                assert_eq!(single.is_disjoint(&other), sm.is_disjoint(&om));
                assert_eq!(single.is_subset(&set), sm.is_subset(&model));
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
    true
}

fn qc(prop: fn(Vec<Op>) -> bool) {
    QuickCheck::new().tests(1000).quickcheck(prop);
}

#[test]
fn model_small_keys_full_hash() {
    fn prop(ops: Vec<Op>) -> bool {
        run::<Full>(ops, 64)
    }
    qc(prop);
}

#[test]
fn model_large_keys_full_hash() {
    fn prop(ops: Vec<Op>) -> bool {
        run::<Full>(ops, 10_000)
    }
    qc(prop);
}

#[test]
fn model_four_bit_hash() {
    fn prop(ops: Vec<Op>) -> bool {
        run::<FourBits>(ops, 64)
    }
    qc(prop);
}

#[test]
fn model_constant_hash() {
    fn prop(ops: Vec<Op>) -> bool {
        run::<Constant>(ops, 64)
    }
    qc(prop);
}

#[test]
fn model_high_bits_hash() {
    fn prop(ops: Vec<Op>) -> bool {
        run::<HighBits>(ops, 10_000)
    }
    qc(prop);
}

#[test]
fn model_default_random_state() {
    fn prop(ops: Vec<Op>) -> bool {
        run::<std::collections::hash_map::RandomState>(ops, 1000)
    }
    qc(prop);
}
