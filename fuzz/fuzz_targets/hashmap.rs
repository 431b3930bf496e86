//! Random operation sequences on `cowtree::HashMap`, checked against `std::collections::HashMap`
//! and the invariant checker after every step; every snapshot is checked again at the end.
#![no_main]

mod common;

use arbitrary::Arbitrary;
use common::{FuzzState, HashMode};
use cowtree::hash_map::DiffItem;
use libfuzzer_sys::fuzz_target;
use std::collections::HashMap as Model;

type Map = cowtree::HashMap<u16, u32, FuzzState>;

#[derive(Arbitrary, Debug)]
enum Op {
    Insert(u16, u32),
    Remove(u16),
    RemoveEntry(u16),
    Get(u16),
    GetMut(u16, u32),
    EntryOrInsert(u16, u32),
    EntryAndModify(u16, u32),
    EntryRemove(u16),
    Retain(u8),
    Extend(Vec<(u16, u32)>),
    Update(u16, u32),
    Without(u16),
    Snapshot,
    Restore(u8),
    Diff(u8),
    Union(u8),
    Intersection(u8),
    Difference(u8),
    Clear,
    /// Drain, taking at most this many entries before dropping the iterator.
    Drain(u8),
    /// `extract_if` taking keys divisible by the first number + 1, stopped after the second many.
    ExtractIf(u8, u8),
}

#[derive(Arbitrary, Debug)]
struct Input {
    mode: HashMode,
    ops: Vec<Op>,
}

fn check(map: &Map, model: &Model<u16, u32>) {
    map.check_invariants();
    assert_eq!(map.len(), model.len());
    for (k, v) in model {
        assert_eq!(map.get(k), Some(v), "key {k}");
    }
    let mut n = 0;
    for (k, v) in map.iter() {
        assert_eq!(model.get(k), Some(v), "key {k}");
        n += 1;
    }
    assert_eq!(n, model.len());
}

fn pick<T>(v: &[T], i: u8) -> Option<&T> {
    if v.is_empty() {
        None
    } else {
        Some(&v[usize::from(i) % v.len()])
    }
}

fuzz_target!(|input: Input| {
    let state = FuzzState(input.mode);
    let mut map = Map::with_hasher(state.clone());
    let mut model = Model::new();
    let mut snaps: Vec<(Map, Model<u16, u32>)> = Vec::new();
    for op in input.ops {
        match op {
            Op::Insert(k, v) => assert_eq!(map.insert(k, v), model.insert(k, v)),
            Op::Remove(k) => assert_eq!(map.remove(&k), model.remove(&k)),
            Op::RemoveEntry(k) => assert_eq!(map.remove_entry(&k), model.remove_entry(&k)),
            Op::Get(k) => {
                assert_eq!(map.get(&k), model.get(&k));
                assert_eq!(map.contains_key(&k), model.contains_key(&k));
                assert_eq!(map.get_key_value(&k), model.get_key_value(&k));
            }
            Op::GetMut(k, v) => {
                let (a, b) = (map.get_mut(&k), model.get_mut(&k));
                assert_eq!(a.is_some(), b.is_some());
                if let (Some(a), Some(b)) = (a, b) {
                    *a = v;
                    *b = v;
                }
            }
            Op::EntryOrInsert(k, v) => {
                assert_eq!(*map.entry(k).or_insert(v), *model.entry(k).or_insert(v))
            }
            Op::EntryAndModify(k, v) => {
                map.entry(k).and_modify(|x| *x ^= v).or_insert(v);
                model.entry(k).and_modify(|x| *x ^= v).or_insert(v);
            }
            Op::EntryRemove(k) => {
                let a = match map.entry(k) {
                    cowtree::hash_map::Entry::Occupied(e) => Some(e.remove()),
                    cowtree::hash_map::Entry::Vacant(_) => None,
                };
                assert_eq!(a, model.remove(&k));
            }
            Op::Retain(m) => {
                let m = u32::from(m) + 1;
                map.retain(|k, v| u32::from(*k).wrapping_add(*v) % m != 0);
                model.retain(|k, v| u32::from(*k).wrapping_add(*v) % m != 0);
            }
            Op::Extend(items) => {
                map.extend(items.iter().copied());
                model.extend(items.iter().copied());
            }
            Op::Update(k, v) => {
                let before = map.clone();
                let after = map.update(k, v);
                assert!(before.ptr_eq(&map), "update must leave self alone");
                map = after;
                model.insert(k, v);
            }
            Op::Without(k) => {
                map = map.without(&k);
                model.remove(&k);
            }
            Op::Snapshot => snaps.push((map.clone(), model.clone())),
            Op::Restore(i) => {
                if let Some((m, mm)) = pick(&snaps, i) {
                    map = m.clone();
                    model = mm.clone();
                }
            }
            Op::Diff(i) => {
                if let Some((old, old_model)) = pick(&snaps, i) {
                    let mut replay = old.clone();
                    let (mut added, mut removed, mut changed) = (0, 0, 0);
                    for item in old.diff(&map) {
                        match item {
                            DiffItem::Added(k, v) => {
                                added += 1;
                                assert!(!old_model.contains_key(k));
                                assert_eq!(model.get(k), Some(v));
                                replay.insert(*k, *v);
                            }
                            DiffItem::Removed(k, v) => {
                                removed += 1;
                                assert_eq!(old_model.get(k), Some(v));
                                assert!(!model.contains_key(k));
                                replay.remove(k);
                            }
                            DiffItem::Changed { key, old, new } => {
                                changed += 1;
                                assert_ne!(old, new);
                                assert_eq!(old_model.get(key), Some(old));
                                assert_eq!(model.get(key), Some(new));
                                replay.insert(*key, *new);
                            }
                        }
                    }
                    let want_added = model.keys().filter(|k| !old_model.contains_key(k)).count();
                    let want_removed = old_model.keys().filter(|k| !model.contains_key(k)).count();
                    let want_changed = model
                        .iter()
                        .filter(|(k, v)| old_model.get(k).is_some_and(|o| o != *v))
                        .count();
                    assert_eq!(
                        (added, removed, changed),
                        (want_added, want_removed, want_changed)
                    );
                    check(&replay, &model);
                    assert_eq!(replay, map);
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
                let d = u16::from(d % 8) + 1;
                let most = usize::from(most);
                // Visited in the map's iteration order: replay that on the model.
                let order: Vec<u16> = map.keys().copied().collect();
                let pred = |k: &u16, v: &mut u32| {
                    *v = v.wrapping_add(7);
                    k % d == 0
                };
                let got: Vec<(u16, u32)> = map.extract_if(pred).take(most).collect();
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
        check(&map, &model);
    }
    for (m, mm) in &snaps {
        check(m, mm);
    }
});
