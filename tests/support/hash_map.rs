//! The `HashMap` interpreter: operations applied to a `cowtree::HashMap<u64, u64, S>` and to a
//! `std::collections::HashMap` side by side.

use std::collections::HashMap as Model;
use std::hash::BuildHasher;

use cowtree::hash_map::{DiffItem, Entry};
use cowtree::HashMap;

use super::pick;

/// One operation. Keys are reduced modulo the run's key space; snapshot indices modulo the
/// number of snapshots kept.
#[derive(Clone, Debug, arbitrary::Arbitrary)]
pub enum Op {
    Insert(u16, u32),
    Remove(u16),
    RemoveEntry(u16),
    /// `get`, `contains_key` and `get_key_value` of one key.
    Get(u16),
    GetMut(u16, u32),
    EntryOrInsert(u16, u32),
    /// `and_modify` then `or_insert` (odd value) or `or_default` (even value).
    EntryAndModify(u16, u32),
    EntryRemove(u16),
    Retain(u8),
    Extend(Vec<(u16, u32)>),
    ExtendRefs(Vec<(u16, u32)>),
    IterMut,
    Snapshot,
    /// Go back to a kept snapshot.
    Restore(u8),
    Update(u16, u32),
    Without(u16),
    /// Rebuild the live map with a fresh hasher instance (the key-by-key paths of the algebra).
    Rebuild,
    Diff(u8),
    Union(u8),
    UnionWith(u8),
    Intersection(u8),
    Difference(u8),
    Clear,
    /// Drain, taking at most this many entries before dropping the iterator.
    Drain(u8),
    /// `extract_if` of keys divisible by the first number, stopped after the second many.
    ExtractIf(u8, u8),
}

/// The map under test.
pub type Map<S> = HashMap<u64, u64, S>;

/// Versions kept along the way, each with the model's copy from that moment.
type Snapshots<S> = Vec<(Map<S>, Model<u64, u64>)>;

/// Checks that `map` holds exactly `model`: invariants, len, the first keys of the key space
/// looked up, every model key looked up, and iteration.
pub fn check<S: BuildHasher>(map: &Map<S>, model: &Model<u64, u64>, keys: u64) {
    map.check_invariants();
    assert_eq!(map.len(), model.len());
    assert_eq!(map.is_empty(), model.is_empty());
    for k in 0..keys.min(128) {
        assert_eq!(map.get(&k), model.get(&k), "get({k})");
        assert_eq!(map.contains_key(&k), model.contains_key(&k));
    }
    for (k, v) in model {
        assert_eq!(map.get_key_value(k), Some((k, v)), "key {k}");
        assert_eq!(map[k], *v);
    }
    let it = map.iter();
    assert_eq!(it.len(), model.len());
    let seen: Model<u64, u64> = it.map(|(k, v)| (*k, *v)).collect();
    assert_eq!(&seen, model);
    assert_eq!(map.keys().count(), model.len());
    assert_eq!(
        map.values().map(|v| u128::from(*v)).sum::<u128>(),
        model.values().map(|v| u128::from(*v)).sum::<u128>()
    );
}

/// The differences a diff must report, from the models, sorted.
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

/// `old.diff(new)` reports exactly the models' differences, and replaying it on `old` gives `new`.
fn check_diff<S: BuildHasher + Clone>(
    old: &Map<S>,
    old_model: &Model<u64, u64>,
    new: &Map<S>,
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

/// Applies `ops` to a map built with `state` and to the model, keys taken modulo `keys`; checks
/// after every step and checks every snapshot (and the sharing figures) at the end.
pub fn run<S: BuildHasher + Clone>(state: S, keys: u64, ops: &[Op]) {
    let key = |k: u16| u64::from(k) % keys;
    let mut map: Map<S> = HashMap::with_hasher(state.clone());
    let mut model: Model<u64, u64> = Model::new();
    let mut snaps: Snapshots<S> = Vec::new();
    for op in ops.iter().cloned() {
        match op {
            Op::Insert(k, v) => {
                let (k, v) = (key(k), u64::from(v));
                assert_eq!(map.insert(k, v), model.insert(k, v));
            }
            Op::Remove(k) => {
                let k = key(k);
                assert_eq!(map.remove(&k), model.remove(&k));
            }
            Op::RemoveEntry(k) => {
                let k = key(k);
                assert_eq!(map.remove_entry(&k), model.remove_entry(&k));
            }
            Op::Get(k) => {
                let k = key(k);
                assert_eq!(map.get(&k), model.get(&k));
                assert_eq!(map.contains_key(&k), model.contains_key(&k));
                assert_eq!(map.get_key_value(&k), model.get_key_value(&k));
            }
            Op::GetMut(k, v) => {
                let k = key(k);
                match (map.get_mut(&k), model.get_mut(&k)) {
                    (Some(a), Some(b)) => {
                        *a = u64::from(v);
                        *b = u64::from(v);
                    }
                    (None, None) => {}
                    _ => panic!("get_mut({k}) disagrees"),
                }
            }
            Op::EntryOrInsert(k, v) => {
                let (k, v) = (key(k), u64::from(v));
                let a = map.entry(k).or_insert(v);
                let b = model.entry(k).or_insert(v);
                assert_eq!(*a, *b);
                *a = a.wrapping_add(1);
                *b = b.wrapping_add(1);
            }
            Op::EntryAndModify(k, v) => {
                let (k, v) = (key(k), u64::from(v));
                if v % 2 == 0 {
                    map.entry(k)
                        .and_modify(|x| *x = x.wrapping_mul(2))
                        .or_default();
                    model
                        .entry(k)
                        .and_modify(|x| *x = x.wrapping_mul(2))
                        .or_default();
                } else {
                    map.entry(k).and_modify(|x| *x ^= v).or_insert(v);
                    model.entry(k).and_modify(|x| *x ^= v).or_insert(v);
                }
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
                let m = u64::from(m % 7) + 1;
                let keep = |k: &u64, v: &mut u64| {
                    *v = v.wrapping_add(1);
                    !k.wrapping_add(*v).is_multiple_of(m)
                };
                map.retain(keep);
                model.retain(keep);
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
            Op::Restore(i) => {
                if let Some((m, mm)) = pick(&snaps, i) {
                    map = m.clone();
                    model = mm.clone();
                }
            }
            Op::Update(k, v) => {
                let (k, v) = (key(k), u64::from(v));
                let old = map.clone();
                let after = map.update(k, v);
                assert!(old.ptr_eq(&map), "update must leave self alone");
                map = after;
                snaps.push((old, model.clone()));
                model.insert(k, v);
            }
            Op::Without(k) => {
                let k = key(k);
                let old = map.clone();
                let after = map.without(&k);
                assert!(old.ptr_eq(&map), "without must leave self alone");
                map = after;
                snaps.push((old, model.clone()));
                model.remove(&k);
            }
            Op::Rebuild => {
                let mut rebuilt: Map<S> = HashMap::with_hasher(state.clone());
                rebuilt.extend(map.iter().map(|(k, v)| (*k, *v)));
                assert!(rebuilt == map);
                map = rebuilt;
            }
            Op::Diff(i) => {
                if let Some((old, old_model)) = pick(&snaps, i) {
                    check_diff(old, old_model, &map, &model);
                    check_diff(&map, &model, old, old_model);
                    assert_eq!(*old == map, *old_model == model);
                }
            }
            Op::Union(i) => {
                if let Some((other, other_model)) = pick(&snaps, i) {
                    map = map.union(other.clone());
                    for (k, v) in other_model {
                        model.entry(*k).or_insert(*v);
                    }
                }
            }
            Op::UnionWith(i) => {
                if let Some((other, other_model)) = pick(&snaps, i) {
                    map = map.union_with(other.clone(), |a, b| a.wrapping_mul(3).wrapping_add(b));
                    for (k, v) in other_model {
                        model
                            .entry(*k)
                            .and_modify(|a| *a = a.wrapping_mul(3).wrapping_add(*v))
                            .or_insert(*v);
                    }
                }
            }
            Op::Intersection(i) => {
                if let Some((other, other_model)) = pick(&snaps, i) {
                    map = map.intersection(other.clone());
                    model.retain(|k, _| other_model.contains_key(k));
                }
            }
            Op::Difference(i) => {
                if let Some((other, other_model)) = pick(&snaps, i) {
                    map = map.difference(other.clone());
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
                for (k, v) in it.by_ref().take(usize::from(most)) {
                    assert_eq!(model.get(&k), Some(&v));
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
                    k.is_multiple_of(d)
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
}

#[cfg(not(fuzzing))]
impl quickcheck::Arbitrary for Op {
    /// Weighted towards inserts and removes, so that maps grow deep enough to matter.
    fn arbitrary(g: &mut quickcheck::Gen) -> Op {
        use quickcheck::Arbitrary as A;
        let k = u16::arbitrary(g);
        let v = u32::arbitrary(g);
        let i = u8::arbitrary(g);
        match u8::arbitrary(g) % 44 {
            0..=11 => Op::Insert(k, v),
            12..=16 => Op::Remove(k),
            17 => Op::RemoveEntry(k),
            18 => Op::Get(k),
            19 => Op::GetMut(k, v),
            20 => Op::EntryOrInsert(k, v),
            21 => Op::EntryAndModify(k, v),
            22 => Op::EntryRemove(k),
            23 => Op::Retain(i),
            24 => Op::Extend(A::arbitrary(g)),
            25 => Op::ExtendRefs(A::arbitrary(g)),
            26 => Op::IterMut,
            27..=29 => Op::Snapshot,
            30 => Op::Restore(i),
            31 => Op::Update(k, v),
            32 => Op::Without(k),
            33 => Op::Rebuild,
            34..=36 => Op::Diff(i),
            37 => Op::Union(i),
            38 => Op::UnionWith(i),
            39 => Op::Intersection(i),
            40 => Op::Difference(i),
            41 => Op::Clear,
            42 => Op::Drain(i),
            _ => Op::ExtractIf(i, u8::arbitrary(g)),
        }
    }

    /// Shrinks the payload (keys and values towards 0, lists shorter); the sequence itself is
    /// shrunk by dropping operations.
    fn shrink(&self) -> Box<dyn Iterator<Item = Op>> {
        match self.clone() {
            Op::Insert(k, v) => Box::new((k, v).shrink().map(|(k, v)| Op::Insert(k, v))),
            Op::Remove(k) => Box::new(k.shrink().map(Op::Remove)),
            Op::RemoveEntry(k) => Box::new(k.shrink().map(Op::RemoveEntry)),
            Op::Get(k) => Box::new(k.shrink().map(Op::Get)),
            Op::GetMut(k, v) => Box::new((k, v).shrink().map(|(k, v)| Op::GetMut(k, v))),
            Op::EntryOrInsert(k, v) => {
                Box::new((k, v).shrink().map(|(k, v)| Op::EntryOrInsert(k, v)))
            }
            Op::EntryAndModify(k, v) => {
                Box::new((k, v).shrink().map(|(k, v)| Op::EntryAndModify(k, v)))
            }
            Op::EntryRemove(k) => Box::new(k.shrink().map(Op::EntryRemove)),
            Op::Retain(m) => Box::new(m.shrink().map(Op::Retain)),
            Op::Extend(p) => Box::new(p.shrink().map(Op::Extend)),
            Op::ExtendRefs(p) => Box::new(p.shrink().map(Op::ExtendRefs)),
            Op::Restore(i) => Box::new(i.shrink().map(Op::Restore)),
            Op::Update(k, v) => Box::new((k, v).shrink().map(|(k, v)| Op::Update(k, v))),
            Op::Without(k) => Box::new(k.shrink().map(Op::Without)),
            Op::Diff(i) => Box::new(i.shrink().map(Op::Diff)),
            Op::Union(i) => Box::new(i.shrink().map(Op::Union)),
            Op::UnionWith(i) => Box::new(i.shrink().map(Op::UnionWith)),
            Op::Intersection(i) => Box::new(i.shrink().map(Op::Intersection)),
            Op::Difference(i) => Box::new(i.shrink().map(Op::Difference)),
            Op::Drain(i) => Box::new(i.shrink().map(Op::Drain)),
            Op::ExtractIf(d, n) => Box::new((d, n).shrink().map(|(d, n)| Op::ExtractIf(d, n))),
            Op::IterMut | Op::Snapshot | Op::Rebuild | Op::Clear => Box::new(std::iter::empty()),
        }
    }
}
