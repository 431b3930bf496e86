//! Random operation sequences on `cowtree::Vector`, checked against `Vec` (contents by iteration
//! and by `get(i)` at every index) and the invariant checker after every step; every snapshot is
//! checked again at the end.
#![no_main]

use arbitrary::Arbitrary;
use cowtree::vector::DiffItem;
use cowtree::Vector;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Op {
    PushBack(u32),
    PushFront(u32),
    PopBack,
    PopFront,
    Set(u16, u32),
    Insert(u16, u32),
    Remove(u16),
    AppendSnapshot(u8),
    AppendFresh(u16, u32),
    PrependFresh(u16, u32),
    AppendRepeat(u32, u16),
    SplitOff(u16),
    SplitAtKeepRight(u16),
    Slice(u16, u16),
    Truncate(u16),
    Retain(u8),
    Sort,
    Reverse,
    Update(u16, u32),
    Snapshot,
    Restore(u8),
    Diff(u8),
}

fn check(v: &Vector<u32>, model: &[u32]) {
    v.check_invariants();
    assert_eq!(v.len(), model.len());
    for (i, x) in model.iter().enumerate() {
        assert_eq!(v.get(i), Some(x), "index {i}");
    }
    assert_eq!(v.get(model.len()), None);
    assert!(v.iter().eq(model.iter()));
    assert!(v.iter().rev().eq(model.iter().rev()));
}

fn index(i: u16, len: usize) -> usize {
    usize::from(i) % (len + 1)
}

fuzz_target!(|ops: Vec<Op>| {
    let mut v: Vector<u32> = Vector::new();
    let mut model: Vec<u32> = Vec::new();
    let mut snaps: Vec<(Vector<u32>, Vec<u32>)> = Vec::new();
    for op in ops {
        match op {
            Op::PushBack(x) => {
                v.push_back(x);
                model.push(x);
            }
            Op::PushFront(x) => {
                v.push_front(x);
                model.insert(0, x);
            }
            Op::PopBack => assert_eq!(v.pop_back(), model.pop()),
            Op::PopFront => {
                let want = if model.is_empty() {
                    None
                } else {
                    Some(model.remove(0))
                };
                assert_eq!(v.pop_front(), want);
            }
            Op::Set(i, x) => {
                if !model.is_empty() {
                    let i = usize::from(i) % model.len();
                    assert_eq!(v.set(i, x), std::mem::replace(&mut model[i], x));
                }
            }
            Op::Insert(i, x) => {
                let i = index(i, model.len());
                v.insert(i, x);
                model.insert(i, x);
            }
            Op::Remove(i) => {
                if !model.is_empty() {
                    let i = usize::from(i) % model.len();
                    assert_eq!(v.remove(i), model.remove(i));
                }
            }
            Op::AppendSnapshot(i) => {
                if !snaps.is_empty() {
                    let (s, m) = &snaps[usize::from(i) % snaps.len()];
                    v.append(s.clone());
                    model.extend_from_slice(m);
                }
            }
            Op::AppendFresh(n, seed) => {
                let piece: Vec<u32> = (0..u32::from(n % 300)).map(|j| seed ^ j).collect();
                v.append(piece.iter().copied().collect());
                model.extend_from_slice(&piece);
            }
            Op::PrependFresh(n, seed) => {
                let piece: Vec<u32> = (0..u32::from(n % 300)).map(|j| seed ^ j).collect();
                let mut front: Vector<u32> = Vector::from(piece.clone());
                front.append(std::mem::take(&mut v));
                v = front;
                model.splice(0..0, piece);
            }
            Op::AppendRepeat(x, n) => {
                let n = usize::from(n % 2000);
                v.append(Vector::repeat(x, n));
                model.extend(std::iter::repeat_n(x, n));
            }
            Op::SplitOff(i) => {
                let i = index(i, model.len());
                let right = v.split_off(i);
                let right_model = model.split_off(i);
                check(&right, &right_model);
            }
            Op::SplitAtKeepRight(i) => {
                let i = index(i, model.len());
                let (left, right) = std::mem::take(&mut v).split_at(i);
                check(&left, &model[..i]);
                v = right;
                model.drain(..i);
            }
            Op::Slice(a, b) => {
                let a = index(a, model.len());
                let b = a + index(b, model.len() - a);
                let s = v.slice(a..b);
                check(&s, &model[a..b]);
                if b % 2 == 0 {
                    v = s;
                    model = model[a..b].to_vec();
                }
            }
            Op::Truncate(n) => {
                let n = index(n, model.len());
                v.truncate(n);
                model.truncate(n);
            }
            Op::Retain(m) => {
                let m = u32::from(m) + 1;
                v.retain(|x| x % m != 0);
                model.retain(|x| x % m != 0);
            }
            Op::Sort => {
                v.sort();
                model.sort();
            }
            Op::Reverse => {
                v.reverse();
                model.reverse();
            }
            Op::Update(i, x) => {
                if !model.is_empty() {
                    let i = usize::from(i) % model.len();
                    let before = v.clone();
                    let after = v.update(i, x);
                    assert!(before.ptr_eq(&v), "update must leave self alone");
                    v = after;
                    model[i] = x;
                }
            }
            Op::Snapshot => snaps.push((v.clone(), model.clone())),
            Op::Restore(i) => {
                if !snaps.is_empty() {
                    let (s, m) = &snaps[usize::from(i) % snaps.len()];
                    v = s.clone();
                    model = m.clone();
                }
            }
            Op::Diff(i) => {
                if !snaps.is_empty() {
                    let (old, old_model) = &snaps[usize::from(i) % snaps.len()];
                    let mut replay = old.clone();
                    let mut cut: Option<usize> = None;
                    for item in old.diff(&v) {
                        match item {
                            DiffItem::Changed { index, old, new } => {
                                assert_eq!(old_model[index], *old);
                                assert_eq!(model[index], *new);
                                assert_ne!(old, new);
                                replay.set(index, *new);
                            }
                            DiffItem::Added { index, value } => {
                                assert_eq!(index, replay.len());
                                assert_eq!(model[index], *value);
                                replay.push_back(*value);
                            }
                            DiffItem::Removed { index, value } => {
                                assert_eq!(old_model[index], *value);
                                assert!(index >= model.len());
                                cut = Some(cut.map_or(index, |c: usize| c.min(index)));
                            }
                        }
                    }
                    if let Some(cut) = cut {
                        assert_eq!(cut, model.len());
                        replay.truncate(cut);
                    }
                    check(&replay, &model);
                    assert_eq!(replay, v);
                }
            }
        }
        check(&v, &model);
    }
    for (s, m) in &snaps {
        check(s, m);
    }
});
