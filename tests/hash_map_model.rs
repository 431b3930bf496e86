//! Model tests: random operation sequences on `cowtree::HashMap` against `std::collections::HashMap`,
//! with snapshots kept and checked at the end, diffs replayed, and the set algebra compared.

mod common;

use std::collections::HashMap as Model;
use std::hash::BuildHasher;

use common::{Constant, FourBits, Full, HighBits};
use cowtree::hash_map::{DiffItem, Entry};
use cowtree::HashMap;
use quickcheck::{Arbitrary, Gen, QuickCheck};

#[derive(Clone, Debug)]
enum Op {
    Insert(u16, u16),
    Remove(u16),
    GetMut(u16, u16),
    EntryOrInsert(u16, u16),
    EntryAndModify(u16),
    EntryRemove(u16),
    Retain(u8),
    Extend(Vec<(u16, u16)>),
    ExtendRefs(Vec<(u16, u16)>),
    IterMut,
    Snapshot,
    Update(u16, u16),
    Without(u16),
    /// Rebuild the live map with a fresh hasher instance (exercises the slow paths).
    Rebuild,
    Diff(usize),
    Union(usize),
    UnionWith(usize),
    Intersection(usize),
    Difference(usize),
    Clear,
    /// Drain, taking at most this many entries before dropping the iterator.
    Drain(u8),
    /// `extract_if` with keys divisible by the first number, stopped after the second many.
    ExtractIf(u8, u8),
}

impl Arbitrary for Op {
    fn arbitrary(g: &mut Gen) -> Op {
        let key = |g: &mut Gen| u16::arbitrary(g);
        match u8::arbitrary(g) % 40 {
            0..=9 => Op::Insert(key(g), key(g)),
            10..=14 => Op::Remove(key(g)),
            15 => Op::GetMut(key(g), key(g)),
            16 => Op::EntryOrInsert(key(g), key(g)),
            17 => Op::EntryAndModify(key(g)),
            18 => Op::EntryRemove(key(g)),
            19 => Op::Retain(u8::arbitrary(g)),
            20 => Op::Extend(Vec::arbitrary(g)),
            21 => Op::ExtendRefs(Vec::arbitrary(g)),
            22 => Op::IterMut,
            23..=25 => Op::Snapshot,
            26 => Op::Update(key(g), key(g)),
            27 => Op::Without(key(g)),
            28 => Op::Rebuild,
            29..=31 => Op::Diff(usize::arbitrary(g)),
            32 => Op::Union(usize::arbitrary(g)),
            33 => Op::UnionWith(usize::arbitrary(g)),
            34 => Op::Intersection(usize::arbitrary(g)),
            35 => Op::Difference(usize::arbitrary(g)),
            36 => Op::Clear,
            37 => Op::Drain(u8::arbitrary(g)),
            38 => Op::ExtractIf(u8::arbitrary(g), u8::arbitrary(g)),
            _ => Op::Insert(key(g), key(g)),
        }
    }

    fn shrink(&self) -> Box<dyn Iterator<Item = Op>> {
        Box::new(std::iter::empty())
    }
}

/// Checks that `map` holds exactly `model`: invariants, len, every key of the key space looked
/// up, and iteration.
fn check<S: BuildHasher>(map: &HashMap<u64, u64, S>, model: &Model<u64, u64>, keys: u64) {
    map.check_invariants();
    assert_eq!(map.len(), model.len());
    assert_eq!(map.is_empty(), model.is_empty());
    for k in 0..keys.min(128) {
        assert_eq!(map.get(&k), model.get(&k), "get({k})");
        assert_eq!(map.contains_key(&k), model.contains_key(&k));
    }
    for (k, v) in model {
        assert_eq!(map.get_key_value(k), Some((k, v)));
        assert_eq!(map[k], *v);
    }
    let it = map.iter();
    assert_eq!(it.len(), model.len());
    let seen: Model<u64, u64> = it.map(|(k, v)| (*k, *v)).collect();
    assert_eq!(&seen, model);
    assert_eq!(map.keys().count(), model.len());
    assert_eq!(
        map.values().map(|v| *v as u128).sum::<u128>(),
        model.values().map(|v| *v as u128).sum::<u128>()
    );
}

/// The differences a diff must report, from the models.
fn model_diff(
    old: &Model<u64, u64>,
    new: &Model<u64, u64>,
) -> Vec<(u64, Option<u64>, Option<u64>)> {
    let mut out = Vec::new();
    for (k, v) in old {
        match new.get(k) {
            None => out.push((*k, Some(*v), None)),
            Some(n) if n != v => out.push((*k, Some(*v), Some(*n))),
            _ => {}
        }
    }
    for (k, v) in new {
        if !old.contains_key(k) {
            out.push((*k, None, Some(*v)));
        }
    }
    out.sort();
    out
}

fn check_diff<S: BuildHasher + Clone>(
    old: &HashMap<u64, u64, S>,
    old_model: &Model<u64, u64>,
    new: &HashMap<u64, u64, S>,
    new_model: &Model<u64, u64>,
) {
    let mut got: Vec<_> = old
        .diff(new)
        .map(|d| match d {
            DiffItem::Added(k, v) => (*k, None, Some(*v)),
            DiffItem::Removed(k, v) => (*k, Some(*v), None),
            DiffItem::Changed { key, old, new } => {
                assert_ne!(old, new, "Changed reported for equal values");
                (*key, Some(*old), Some(*new))
            }
        })
        .collect();
    got.sort();
    assert_eq!(got, model_diff(old_model, new_model));
    // Replaying the diff on the old version gives the new one.
    let mut replay = old.clone();
    for d in old.diff(new) {
        match d {
            DiffItem::Added(k, v) | DiffItem::Changed { key: k, new: v, .. } => {
                replay.insert(*k, *v);
            }
            DiffItem::Removed(k, _) => {
                replay.remove(k);
            }
        }
    }
    replay.check_invariants();
    assert!(replay == *new);
    check(&replay, new_model, 0);
}

/// Versions kept along the way, each with the model's copy from that moment.
type Snapshots<S> = Vec<(HashMap<u64, u64, S>, Model<u64, u64>)>;

fn run<S: BuildHasher + Clone + Default>(ops: Vec<Op>, keys: u64) -> bool {
    let key = |k: u16| u64::from(k) % keys;
    let mut map: HashMap<u64, u64, S> = HashMap::with_hasher(S::default());
    let mut model: Model<u64, u64> = Model::new();
    let mut snaps: Snapshots<S> = Vec::new();
    let pick = |snaps: &Snapshots<S>, i: usize| {
        if snaps.is_empty() {
            None
        } else {
            Some(snaps[i % snaps.len()].clone())
        }
    };
    for op in ops {
        match op {
            Op::Insert(k, v) => {
                let (k, v) = (key(k), u64::from(v));
                assert_eq!(map.insert(k, v), model.insert(k, v));
            }
            Op::Remove(k) => {
                let k = key(k);
                assert_eq!(map.remove(&k), model.remove(&k));
            }
            Op::GetMut(k, v) => {
                let k = key(k);
                match (map.get_mut(&k), model.get_mut(&k)) {
                    (Some(a), Some(b)) => {
                        *a = u64::from(v);
                        *b = u64::from(v);
                    }
                    (None, None) => {}
                    _ => panic!("get_mut disagrees"),
                }
            }
            Op::EntryOrInsert(k, v) => {
                let k = key(k);
                let a = map.entry(k).or_insert(u64::from(v));
                *a += 1;
                *model.entry(k).or_insert(u64::from(v)) += 1;
            }
            Op::EntryAndModify(k) => {
                let k = key(k);
                map.entry(k).and_modify(|v| *v *= 2).or_default();
                model.entry(k).and_modify(|v| *v *= 2).or_default();
            }
            Op::EntryRemove(k) => {
                let k = key(k);
                let a = match map.entry(k) {
                    Entry::Occupied(e) => {
                        assert_eq!(e.get(), &model[&k]);
                        Some(e.remove_entry())
                    }
                    Entry::Vacant(e) => {
                        assert_eq!(e.into_key(), k);
                        None
                    }
                };
                assert_eq!(a, model.remove_entry(&k));
            }
            Op::Retain(m) => {
                let m = u64::from(m % 5) + 2;
                map.retain(|k, v| {
                    *v += 1;
                    k % m != 0
                });
                model.retain(|k, v| {
                    *v += 1;
                    k % m != 0
                });
            }
            Op::Extend(pairs) => {
                let pairs: Vec<_> = pairs
                    .into_iter()
                    .map(|(k, v)| (key(k), u64::from(v)))
                    .collect();
                map.extend(pairs.iter().copied());
                model.extend(pairs);
            }
            Op::ExtendRefs(pairs) => {
                let pairs: Vec<_> = pairs
                    .into_iter()
                    .map(|(k, v)| (key(k), u64::from(v)))
                    .collect();
                map.extend(pairs.iter().map(|(k, v)| (k, v)));
                model.extend(pairs);
            }
            Op::IterMut => {
                for (k, v) in map.iter_mut() {
                    *v = v.wrapping_add(*k);
                }
                for (k, v) in model.iter_mut() {
                    *v = v.wrapping_add(*k);
                }
            }
            Op::Snapshot => snaps.push((map.clone(), model.clone())),
            Op::Update(k, v) => {
                let (k, v) = (key(k), u64::from(v));
                let old = map.clone();
                map = map.update(k, v);
                snaps.push((old, model.clone()));
                model.insert(k, v);
            }
            Op::Without(k) => {
                let k = key(k);
                let old = map.clone();
                map = map.without(&k);
                snaps.push((old, model.clone()));
                model.remove(&k);
            }
            Op::Rebuild => {
                let rebuilt: HashMap<u64, u64, S> = map.iter().map(|(k, v)| (*k, *v)).collect();
                assert!(rebuilt == map);
                map = rebuilt;
            }
            Op::Diff(i) => {
                if let Some((old, old_model)) = pick(&snaps, i) {
                    check_diff(&old, &old_model, &map, &model);
                    check_diff(&map, &model, &old, &old_model);
                    assert_eq!(old == map, old_model == model);
                }
            }
            Op::Union(i) => {
                if let Some((other, other_model)) = pick(&snaps, i) {
                    map = map.union(other);
                    for (k, v) in other_model {
                        model.entry(k).or_insert(v);
                    }
                }
            }
            Op::UnionWith(i) => {
                if let Some((other, other_model)) = pick(&snaps, i) {
                    map = map.union_with(other, |a, b| a.wrapping_mul(3).wrapping_add(b));
                    for (k, v) in other_model {
                        model
                            .entry(k)
                            .and_modify(|a| *a = a.wrapping_mul(3).wrapping_add(v))
                            .or_insert(v);
                    }
                }
            }
            Op::Intersection(i) => {
                if let Some((other, other_model)) = pick(&snaps, i) {
                    map = map.intersection(other);
                    model.retain(|k, _| other_model.contains_key(k));
                }
            }
            Op::Difference(i) => {
                if let Some((other, other_model)) = pick(&snaps, i) {
                    map = map.difference(other);
                    model.retain(|k, _| !other_model.contains_key(k));
                }
            }
            Op::Clear => {
                map.clear();
                model.clear();
            }
            Op::Drain(most) => {
                let mut it = map.drain();
                assert_eq!(it.len(), model.len());
                for _ in 0..most {
                    match it.next() {
                        Some((k, v)) => assert_eq!(model.get(&k), Some(&v)),
                        None => break,
                    }
                }
                drop(it);
                model.clear();
            }
            Op::ExtractIf(d, most) => {
                let d = u64::from(d % 4) + 1;
                let most = usize::from(most % 8) + usize::from(most / 8 % 2) * 1000;
                // The keys are visited in the map's iteration order: replay that on the model,
                // stopping where `take(most)` stops asking.
                let order: Vec<u64> = map.keys().copied().collect();
                let pred = |k: &u64, v: &mut u64| {
                    *v = v.wrapping_add(7);
                    k % d == 0
                };
                let got: Vec<(u64, u64)> = map.extract_if(pred).take(most).collect();
                let mut want = Vec::new();
                for k in order {
                    if want.len() == most {
                        break;
                    }
                    let v = model.get_mut(&k).unwrap();
                    if pred(&k, v) {
                        want.push(model.remove_entry(&k).unwrap());
                    }
                }
                assert_eq!(got, want);
            }
        }
        check(&map, &model, keys);
    }
    for (snap, snap_model) in &snaps {
        check(snap, snap_model, keys);
        let s = map.sharing(snap);
        assert_eq!(s.shared + s.only_self, map.heap_size());
        assert_eq!(s.shared + s.only_other, snap.heap_size());
    }
    let fresh = map.clone().sharing(&map);
    assert_eq!((fresh.only_self, fresh.only_other), (0, 0));
    true
}

fn qc<F: quickcheck::Testable>(f: F) {
    QuickCheck::new().tests(1000).quickcheck(f);
}

#[test]
fn model_small_keys_full_hash() {
    fn prop(ops: Vec<Op>) -> bool {
        run::<Full>(ops, 64)
    }
    qc(prop as fn(Vec<Op>) -> bool);
}

#[test]
fn model_large_keys_full_hash() {
    fn prop(ops: Vec<Op>) -> bool {
        run::<Full>(ops, 10_000)
    }
    qc(prop as fn(Vec<Op>) -> bool);
}

#[test]
fn model_four_bit_hash() {
    fn prop(ops: Vec<Op>) -> bool {
        run::<FourBits>(ops, 64)
    }
    qc(prop as fn(Vec<Op>) -> bool);
}

#[test]
fn model_constant_hash() {
    fn prop(ops: Vec<Op>) -> bool {
        run::<Constant>(ops, 64)
    }
    qc(prop as fn(Vec<Op>) -> bool);
}

#[test]
fn model_high_bits_hash() {
    fn prop(ops: Vec<Op>) -> bool {
        run::<HighBits>(ops, 10_000)
    }
    qc(prop as fn(Vec<Op>) -> bool);
}

#[test]
fn model_default_random_state() {
    fn prop(ops: Vec<Op>) -> bool {
        run::<std::collections::hash_map::RandomState>(ops, 1000)
    }
    qc(prop as fn(Vec<Op>) -> bool);
}
