//! The operation interpreter for `OrdMap` / `OrdSet`, shared by the model tests
//! (`tests/ord_model.rs`, through quickcheck) and the fuzz target (`fuzz/fuzz_targets/ordmap.rs`,
//! through `arbitrary`). Each [`Op`] is applied to the live `OrdMap` and to a std `BTreeMap`
//! model; [`State::apply`] compares every answer, runs the invariant checker, and keeps snapshots
//! that [`State::finish`] checks again at the end. A live `OrdSet` beside the map (with its own
//! `BTreeSet` model, edited by the `Set*` ops and snapshotted with the map) serves `OrdSet::diff`
//! between related versions.
//!
//! The model tests drive it through the shared quickcheck driver (`qc.rs`): a failing case prints
//! a block calling [`replay`] to paste into a test.
#![allow(dead_code, unexpected_cfgs)]

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use cowtree::ord_map::{DiffItem, Entry};
use cowtree::ord_set::DiffItem as SetDiffItem;
use cowtree::{OrdMap, OrdSet};

/// Keys are drawn from `0..KEYS` so that operations meet existing keys often.
pub const KEYS: u16 = 600;

/// How many op variants [`make`] picks among (the tag is taken modulo this).
const TAGS: u8 = 56;

/// What an op on the first or last entry does with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryEdit {
    /// Reads the key and value.
    Read,
    /// Adds to the value through `get_mut`, twice.
    Bump(u16),
    /// Replaces the value with `insert`.
    Replace(u16),
    /// Sets the value through `into_mut`.
    IntoMut(u16),
    /// Removes the entry with `remove_entry`.
    Delete,
}

/// One kind of range bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum B {
    /// `Bound::Included`.
    In,
    /// `Bound::Excluded`.
    Ex,
    /// `Bound::Unbounded`.
    Un,
}

/// One operation of a random sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    Insert(u16, u16),
    Remove(u16),
    RemoveEntry(u16),
    Get(u16),
    GetMut(u16, u16),
    EntryOrInsert(u16, u16),
    EntryAndModify(u16),
    EntryRemove(u16),
    PopFirst,
    PopLast,
    Range(B, u16, B, u16),
    RangeMut(u16, u16),
    GetIndex(u16),
    Rank(u16),
    Retain(u8),
    ExtractIf(u16, u16, u8, u8),
    Extend(Vec<(u16, u16)>),
    IterMut,
    Snapshot,
    Update(u16, u16),
    Without(u16),
    SplitOff(u16, bool),
    AppendRange(u16, u16),
    Rebuild,
    Diff(u8),
    Union(u8),
    UnionWith(u8),
    Intersection(u8),
    Difference(u8),
    SymmetricDifference(u8),
    SetAlgebra(u8),
    Clear,
    FirstEntry(EntryEdit),
    LastEntry(EntryEdit),
    /// `entry(k).insert_entry(v)`, then the value bumped through the returned entry, or (if the
    /// flag is set) the entry removed through it.
    InsertEntry(u16, u16, bool),
    /// Inserts `a..a + n % 50` into the live set.
    SetInsert(u16, u16),
    SetRemove(u16),
    /// The live set's diff from set snapshot `i`, and back.
    SetDiff(u8),
}

type Map = OrdMap<u16, u16>;
type Model = BTreeMap<u16, u16>;
type Set = OrdSet<u16>;
type SetModel = BTreeSet<u16>;

/// The live map, its model, and the snapshots taken so far; the same for the live set.
#[derive(Default)]
pub struct State {
    pub live: Map,
    pub model: Model,
    pub snaps: Vec<(Map, Model)>,
    pub set: Set,
    pub set_model: SetModel,
    pub set_snaps: Vec<(Set, SetModel)>,
}

fn bound(b: B, k: &u16) -> Bound<&u16> {
    match b {
        B::In => Bound::Included(k),
        B::Ex => Bound::Excluded(k),
        B::Un => Bound::Unbounded,
    }
}

/// Whether std's range would panic for these bounds (start above end, or equal and excluded).
fn range_panics(lo: B, a: u16, hi: B, b: u16) -> bool {
    match (lo, hi) {
        (B::Un, _) | (_, B::Un) => false,
        (B::Ex, B::Ex) if a == b => true,
        _ => a > b,
    }
}

/// A naive diff by a merge walk of the two sorted entry lists.
fn naive_diff(old: &Model, new: &Model) -> Vec<(u16, Option<u16>, Option<u16>)> {
    let keys: BTreeSet<u16> = old.keys().chain(new.keys()).copied().collect();
    keys.into_iter()
        .filter_map(|k| {
            let (a, b) = (old.get(&k).copied(), new.get(&k).copied());
            (a != b).then_some((k, a, b))
        })
        .collect()
}

/// A naive set diff by a merge walk of the two sorted element lists: (element, added).
fn naive_set_diff(old: &SetModel, new: &SetModel) -> Vec<(u16, bool)> {
    let (mut a, mut b) = (old.iter().peekable(), new.iter().peekable());
    let mut out = Vec::new();
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (None, None) => return out,
            (Some(x), Some(y)) if x == y => {
                a.next();
                b.next();
            }
            (Some(x), Some(y)) if x > y => {
                out.push((*y, true));
                b.next();
            }
            (None, Some(y)) => {
                out.push((*y, true));
                b.next();
            }
            (Some(x), _) => {
                out.push((*x, false));
                a.next();
            }
        }
    }
}

/// Applies `edit` to an occupied entry of the map and to the model's, comparing the answers.
macro_rules! entry_edit {
    ($edit:expr, $a:expr, $b:expr) => {
        match ($a, $b) {
            (Some(mut a), Some(mut b)) => {
                assert_eq!((a.key(), a.get()), (b.key(), b.get()));
                match $edit {
                    EntryEdit::Read => {}
                    EntryEdit::Bump(v) => {
                        for _ in 0..2 {
                            *a.get_mut() = a.get().wrapping_add(v);
                            *b.get_mut() = b.get().wrapping_add(v);
                        }
                    }
                    EntryEdit::Replace(v) => assert_eq!(a.insert(v), b.insert(v)),
                    EntryEdit::IntoMut(v) => {
                        *a.into_mut() = v;
                        *b.into_mut() = v;
                    }
                    EntryEdit::Delete => assert_eq!(a.remove_entry(), b.remove_entry()),
                }
            }
            (a, b) => assert_eq!(a.is_some(), b.is_some(), "one map is empty"),
        }
    };
}

/// Snapshot `i` (modulo their number), or an empty pair.
fn snap(snaps: &[(Map, Model)], i: u8) -> (Map, Model) {
    if snaps.is_empty() {
        (Map::new(), Model::new())
    } else {
        snaps[usize::from(i) % snaps.len()].clone()
    }
}

impl State {
    /// Applies `op` to the live map and the model, comparing every answer, then checks the map.
    pub fn apply(&mut self, op: &Op) {
        let State {
            live: m,
            model: s,
            snaps,
            set,
            set_model,
            set_snaps,
        } = self;
        match *op {
            Op::Insert(k, v) => assert_eq!(m.insert(k, v), s.insert(k, v)),
            Op::Remove(k) => assert_eq!(m.remove(&k), s.remove(&k)),
            Op::RemoveEntry(k) => assert_eq!(m.remove_entry(&k), s.remove_entry(&k)),
            Op::Get(k) => {
                assert_eq!(m.get(&k), s.get(&k));
                assert_eq!(m.get_key_value(&k), s.get_key_value(&k));
                assert_eq!(m.contains_key(&k), s.contains_key(&k));
            }
            Op::GetMut(k, v) => {
                if let (Some(a), Some(b)) = (m.get_mut(&k), s.get_mut(&k)) {
                    *a = v;
                    *b = v;
                } else {
                    assert_eq!(m.get_mut(&k), s.get_mut(&k));
                }
            }
            Op::EntryOrInsert(k, v) => {
                let a = m.entry(k).or_insert(v);
                *a = a.wrapping_add(1);
                let b = s.entry(k).or_insert(v);
                *b = b.wrapping_add(1);
            }
            Op::EntryAndModify(k) => {
                m.entry(k).and_modify(|v| *v ^= 0x55).or_default();
                s.entry(k).and_modify(|v| *v ^= 0x55).or_default();
            }
            Op::EntryRemove(k) => {
                let a = match m.entry(k) {
                    Entry::Occupied(e) => Some(e.remove_entry()),
                    Entry::Vacant(e) => {
                        assert_eq!(e.key(), &k);
                        None
                    }
                };
                assert_eq!(a, s.remove_entry(&k));
            }
            Op::PopFirst => assert_eq!(m.pop_first(), s.pop_first()),
            Op::PopLast => assert_eq!(m.pop_last(), s.pop_last()),
            Op::Range(lo, a, hi, b) => {
                let r = (bound(lo, &a), bound(hi, &b));
                if range_panics(lo, a, hi, b) {
                    // libFuzzer aborts on any panic, caught or not: only the tests check this.
                    if cfg!(fuzzing) {
                        return;
                    }
                    let m = &*m;
                    let got = std::panic::catch_unwind(|| m.range(r).count());
                    assert!(got.is_err(), "range {r:?} did not panic as std's does");
                } else {
                    let got = m.range(r);
                    let want = s.range(r);
                    assert_eq!(got.len(), want.clone().count());
                    assert!(got.clone().eq(want.clone()));
                    assert!(got.rev().eq(want.rev()));
                }
            }
            Op::RangeMut(a, b) => {
                let (a, b) = (a.min(b), a.max(b));
                for ((_, x), (_, y)) in m.range_mut(a..b).zip(s.range_mut(a..b)) {
                    *x = x.wrapping_mul(3);
                    *y = y.wrapping_mul(3);
                }
            }
            Op::GetIndex(i) => {
                let i = usize::from(i) % (s.len() + 1);
                assert_eq!(m.get_index(i), s.iter().nth(i));
            }
            Op::Rank(k) => assert_eq!(m.rank(&k), s.range(..k).count()),
            Op::Retain(d) => {
                let d = u16::from(d) % 7 + 2;
                m.retain(|k, v| {
                    *v = v.wrapping_add(1);
                    k % d != 0
                });
                s.retain(|k, v| {
                    *v = v.wrapping_add(1);
                    k % d != 0
                });
            }
            Op::ExtractIf(a, b, d, take) => {
                let (a, b) = (a.min(b), a.max(b));
                let d = u16::from(d) % 5 + 1;
                let got: Vec<_> = m
                    .extract_if(a..b, |k, _| k % d == 0)
                    .take(usize::from(take))
                    .collect();
                let want: Vec<_> = s
                    .range(a..b)
                    .filter(|(k, _)| *k % d == 0)
                    .take(usize::from(take))
                    .map(|(k, v)| (*k, *v))
                    .collect();
                for (k, _) in &want {
                    s.remove(k);
                }
                assert_eq!(got, want);
            }
            Op::Extend(ref pairs) => {
                m.extend(pairs.iter().copied());
                s.extend(pairs.iter().copied());
            }
            Op::IterMut => {
                for (k, v) in m.iter_mut() {
                    *v = v.wrapping_add(*k);
                }
                for (k, v) in s.iter_mut() {
                    *v = v.wrapping_add(*k);
                }
                assert!(m
                    .values_mut()
                    .rev()
                    .map(|v| *v)
                    .eq(s.values().rev().copied()));
            }
            Op::Snapshot => {
                snaps.push((m.clone(), s.clone()));
                set_snaps.push((set.clone(), set_model.clone()));
            }
            Op::Update(k, v) => {
                let before = m.clone();
                *m = m.update(k, v);
                s.insert(k, v);
                let d: Vec<_> = before.diff(m).collect();
                assert!(d.len() <= 1);
            }
            Op::Without(k) => {
                *m = m.without(&k);
                s.remove(&k);
            }
            Op::SplitOff(k, keep_high) => {
                let hi = m.split_off(&k);
                let shi = s.split_off(&k);
                hi.check_invariants();
                assert!(hi.iter().eq(shi.iter()));
                if keep_high {
                    *m = hi;
                    *s = shi;
                } else {
                    // Join the halves back, then keep the whole.
                    let mut hi = hi;
                    let mut shi = shi;
                    m.append(&mut hi);
                    s.append(&mut shi);
                    assert!(hi.is_empty());
                }
            }
            Op::AppendRange(a, n) => {
                let mut other: Map = (a..a.saturating_add(n % 200)).map(|k| (k, k)).collect();
                let mut sother: Model = other.iter().map(|(k, v)| (*k, *v)).collect();
                m.append(&mut other);
                s.append(&mut sother);
                assert!(other.is_empty());
            }
            Op::Rebuild => *m = m.iter().map(|(k, v)| (*k, *v)).collect(),
            Op::Diff(i) => {
                let (old, sold) = snap(snaps, i);
                let got: Vec<_> = old
                    .diff(m)
                    .map(|d| match d {
                        DiffItem::Added(k, v) => (*k, None, Some(*v)),
                        DiffItem::Removed(k, v) => (*k, Some(*v), None),
                        DiffItem::Changed { key, old, new } => (*key, Some(*old), Some(*new)),
                    })
                    .collect();
                assert_eq!(got, naive_diff(&sold, s));
            }
            Op::Union(i) => {
                let (o, so) = snap(snaps, i);
                *m = m.clone().union(o);
                for (k, v) in so {
                    s.entry(k).or_insert(v);
                }
            }
            Op::UnionWith(i) => {
                let (o, so) = snap(snaps, i);
                *m = m.clone().union_with(o, |a, b| a.wrapping_sub(b) ^ 1);
                for (k, v) in so {
                    s.entry(k)
                        .and_modify(|a| *a = a.wrapping_sub(v) ^ 1)
                        .or_insert(v);
                }
            }
            Op::Intersection(i) => {
                let (o, so) = snap(snaps, i);
                *m = m.clone().intersection(o);
                s.retain(|k, _| so.contains_key(k));
            }
            Op::Difference(i) => {
                let (o, so) = snap(snaps, i);
                *m = m.clone().difference(o);
                s.retain(|k, _| !so.contains_key(k));
            }
            Op::SymmetricDifference(i) => {
                let (o, so) = snap(snaps, i);
                *m = m.clone().symmetric_difference(o);
                let mut out = Model::new();
                for (k, v) in s.iter().filter(|(k, _)| !so.contains_key(k)) {
                    out.insert(*k, *v);
                }
                for (k, v) in so.iter().filter(|(k, _)| !s.contains_key(k)) {
                    out.insert(*k, *v);
                }
                *s = out;
            }
            Op::SetAlgebra(i) => {
                let (o, so) = snap(snaps, i);
                let a: OrdSet<u16> = m.keys().copied().collect();
                let b: OrdSet<u16> = o.keys().copied().collect();
                let sa: BTreeSet<u16> = s.keys().copied().collect();
                let sb: BTreeSet<u16> = so.keys().copied().collect();
                for (got, want) in [
                    (&a | &b, &sa | &sb),
                    (&a & &b, &sa & &sb),
                    (&a - &b, &sa - &sb),
                    (&a ^ &b, &sa ^ &sb),
                ] {
                    got.check_invariants();
                    assert!(got.iter().eq(want.iter()));
                }
                assert_eq!(a.is_subset(&b), sa.is_subset(&sb));
                assert_eq!(a.is_superset(&b), sa.is_superset(&sb));
                assert_eq!(a.is_disjoint(&b), sa.is_disjoint(&sb));
                assert_eq!(a.first(), sa.first());
                assert_eq!(a.last(), sa.last());
            }
            Op::Clear => {
                m.clear();
                s.clear();
            }
            Op::FirstEntry(edit) => entry_edit!(edit, m.first_entry(), s.first_entry()),
            Op::LastEntry(edit) => entry_edit!(edit, m.last_entry(), s.last_entry()),
            Op::InsertEntry(k, v, remove) => {
                let mut e = m.entry(k).insert_entry(v);
                assert_eq!((e.key(), e.get()), (&k, &v));
                if remove {
                    assert_eq!(e.remove_entry(), (k, v));
                    s.remove(&k);
                } else {
                    *e.get_mut() ^= 0x0f0f;
                    s.insert(k, v ^ 0x0f0f);
                }
            }
            Op::SetInsert(a, n) => {
                for x in a..a.saturating_add(n % 50) {
                    assert_eq!(set.insert(x), set_model.insert(x));
                }
            }
            Op::SetRemove(x) => assert_eq!(set.remove(&x), set_model.remove(&x)),
            Op::SetDiff(i) => {
                let (old, sold) = if set_snaps.is_empty() {
                    (Set::new(), SetModel::new())
                } else {
                    set_snaps[usize::from(i) % set_snaps.len()].clone()
                };
                let flat = |d: SetDiffItem<'_, u16>| match d {
                    SetDiffItem::Added(x) => (*x, true),
                    SetDiffItem::Removed(x) => (*x, false),
                };
                let got: Vec<_> = old.diff(set).map(flat).collect();
                assert_eq!(got, naive_set_diff(&sold, set_model));
                let back: Vec<_> = set.diff(&old).rev().map(flat).collect();
                let mut want = naive_set_diff(set_model, &sold);
                want.reverse();
                assert_eq!(back, want);
            }
        }
        self.check();
    }

    /// The checker, the length, and the contents in both directions.
    pub fn check(&self) {
        self.live.check_invariants();
        assert_eq!(self.live.len(), self.model.len());
        assert!(self.live.iter().eq(self.model.iter()));
        assert!(self.live.iter().rev().eq(self.model.iter().rev()));
        assert_eq!(self.live.first_key_value(), self.model.first_key_value());
        assert_eq!(self.live.last_key_value(), self.model.last_key_value());
        self.set.check_invariants();
        assert_eq!(self.set.len(), self.set_model.len());
        assert!(self.set.iter().eq(self.set_model.iter()));
    }

    /// Checks every snapshot still holds what it held when taken.
    pub fn finish(&self) {
        self.check();
        for (snap, model) in &self.snaps {
            snap.check_invariants();
            assert!(snap.iter().eq(model.iter()));
        }
        for (snap, model) in &self.set_snaps {
            snap.check_invariants();
            assert!(snap.iter().eq(model.iter()));
        }
    }
}

/// Runs a sequence from an empty map: the function a printed reproducer calls.
pub fn replay(ops: &[Op]) {
    let mut state = State::default();
    for op in ops {
        state.apply(op);
    }
    state.finish();
}

/// Builds an op from a variant number and a source of numbers (shared by both generators).
fn make(tag: u8, mut num: impl FnMut() -> u16, pairs: impl FnOnce() -> Vec<(u16, u16)>) -> Op {
    let key = |n: u16| n % KEYS;
    let edit = |n: u16, v: u16| match n % 5 {
        0 => EntryEdit::Read,
        1 => EntryEdit::Bump(v),
        2 => EntryEdit::Replace(v),
        3 => EntryEdit::IntoMut(v),
        _ => EntryEdit::Delete,
    };
    match tag % TAGS {
        0..=9 => Op::Insert(key(num()), num()),
        10..=13 => Op::Remove(key(num())),
        14 => Op::RemoveEntry(key(num())),
        15 => Op::Get(key(num())),
        16 => Op::GetMut(key(num()), num()),
        17 => Op::EntryOrInsert(key(num()), num()),
        18 => Op::EntryAndModify(key(num())),
        19 => Op::EntryRemove(key(num())),
        20 => Op::PopFirst,
        21 => Op::PopLast,
        22 | 23 => {
            let b = |x: u16| [B::In, B::Ex, B::Un][usize::from(x % 3)];
            let (lo, a, hi, c) = (b(num()), key(num()), b(num()), key(num()));
            Op::Range(lo, a, hi, c)
        }
        24 => Op::RangeMut(key(num()), key(num())),
        25 => Op::GetIndex(num()),
        26 => Op::Rank(key(num())),
        27 => Op::Retain(num() as u8),
        28 => Op::ExtractIf(key(num()), key(num()), num() as u8, num() as u8),
        29 => Op::Extend(pairs().into_iter().map(|(k, v)| (k % KEYS, v)).collect()),
        30 => Op::IterMut,
        31..=33 => Op::Snapshot,
        34 => Op::Update(key(num()), num()),
        35 => Op::Without(key(num())),
        36 => Op::SplitOff(key(num()), num().is_multiple_of(2)),
        37 => Op::AppendRange(key(num()), num()),
        38 => Op::Rebuild,
        39 | 40 => Op::Diff(num() as u8),
        41 => Op::Union(num() as u8),
        42 => Op::UnionWith(num() as u8),
        43 => Op::Intersection(num() as u8),
        44 => Op::Difference(num() as u8),
        45 => Op::SymmetricDifference(num() as u8),
        46 => Op::SetAlgebra(num() as u8),
        48 => Op::FirstEntry(edit(num(), num())),
        49 => Op::LastEntry(edit(num(), num())),
        50 => Op::InsertEntry(key(num()), num(), num().is_multiple_of(4)),
        51 | 52 => Op::SetInsert(key(num()), num()),
        53 => Op::SetRemove(key(num())),
        54 | 55 => Op::SetDiff(num() as u8),
        _ => Op::Clear,
    }
}

#[cfg(not(fuzzing))]
mod qc {
    use super::{make, Op, B};
    use quickcheck::{Arbitrary, Gen};

    impl Arbitrary for B {
        fn arbitrary(g: &mut Gen) -> B {
            *g.choose(&[B::In, B::Ex, B::Un]).expect("three kinds")
        }
    }

    fn halves(x: u16) -> Box<dyn Iterator<Item = u16>> {
        x.shrink()
    }

    impl Arbitrary for Op {
        fn arbitrary(g: &mut Gen) -> Op {
            let tag = u8::arbitrary(g);
            let mut gen = || u16::arbitrary(g);
            let mut nums: Vec<u16> = (0..4).map(|_| gen()).collect();
            let pairs: Vec<(u16, u16)> = Vec::arbitrary(g);
            make(tag, || nums.pop().unwrap_or(0), || pairs)
        }

        /// Shrinks the numbers toward zero (keys toward the smallest), and a `Clear`-like op to
        /// simpler ones; the sequence itself is shrunk by quickcheck's `Vec` shrinker.
        fn shrink(&self) -> Box<dyn Iterator<Item = Op>> {
            let op = self.clone();
            match op {
                Op::Insert(k, v) => Box::new(
                    halves(k)
                        .map(move |k| Op::Insert(k, v))
                        .chain(halves(v).map(move |v| Op::Insert(k, v))),
                ),
                Op::Remove(k) => Box::new(halves(k).map(Op::Remove)),
                Op::SplitOff(k, b) => Box::new(halves(k).map(move |k| Op::SplitOff(k, b))),
                Op::Range(lo, a, hi, b) => Box::new(
                    halves(a)
                        .map(move |a| Op::Range(lo, a, hi, b))
                        .chain(halves(b).map(move |b| Op::Range(lo, a, hi, b))),
                ),
                Op::Extend(v) => Box::new(v.shrink().map(Op::Extend)),
                Op::AppendRange(a, n) => Box::new(
                    halves(a)
                        .map(move |a| Op::AppendRange(a, n))
                        .chain(halves(n).map(move |n| Op::AppendRange(a, n))),
                ),
                Op::Diff(i) | Op::SetDiff(i) | Op::Union(i) | Op::Intersection(i) if i > 0 => {
                    Box::new(std::iter::once(Op::Snapshot))
                }
                _ => Box::new(std::iter::empty()),
            }
        }
    }
}

#[cfg(any(fuzzing, feature = "arbitrary"))]
mod fz {
    use super::{make, Op};
    use arbitrary::{Arbitrary, Result, Unstructured};

    impl<'a> Arbitrary<'a> for Op {
        fn arbitrary(u: &mut Unstructured<'a>) -> Result<Op> {
            let tag = u8::arbitrary(u)?;
            let mut nums = [0u16; 4];
            for n in &mut nums {
                *n = u16::arbitrary(u)?;
            }
            let mut i = 0;
            let pairs = if tag % super::TAGS == 29 {
                Vec::<(u16, u16)>::arbitrary(u)?
            } else {
                Vec::new()
            };
            Ok(make(
                tag,
                || {
                    i += 1;
                    nums[(i - 1) % 4]
                },
                || pairs,
            ))
        }
    }
}
