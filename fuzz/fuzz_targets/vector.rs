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
    Swap(u16, u16),
    SwapRemove(u16),
    /// Drain a range, take this many from the front (low half) or the back, drop the rest.
    Drain(u16, u16, u8),
    /// Every element modulo k + 1, to make runs for the dedups.
    Squash(u8),
    Dedup,
    DedupByKey(u8),
    DedupBy(u8),
    RetainMut(u8),
    Resize(u16, u32),
    ResizeWith(u16, u32),
    ExtendFromSlice(Vec<u32>),
    Fill(u32),
    SortUnstable(u8),
    Affixes(u16),
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
            Op::Swap(i, j) => {
                if !model.is_empty() {
                    let (i, j) = (usize::from(i) % model.len(), usize::from(j) % model.len());
                    v.swap(i, j);
                    model.swap(i, j);
                }
            }
            Op::SwapRemove(i) => {
                if !model.is_empty() {
                    let i = usize::from(i) % model.len();
                    assert_eq!(v.swap_remove(i), model.swap_remove(i));
                }
            }
            Op::Drain(a, b, take) => {
                let a = index(a, model.len());
                let b = a + index(b, model.len() - a);
                let gone: Vec<u32> = model.drain(a..b).collect();
                let mut it = v.drain(a..b);
                assert_eq!(it.len(), gone.len());
                let n = usize::from(take % 128).min(gone.len());
                if take < 128 {
                    assert!(it.by_ref().take(n).eq(gone[..n].iter().copied()));
                } else {
                    let got: Vec<u32> = it.by_ref().rev().take(n).collect();
                    assert!(got
                        .into_iter()
                        .eq(gone[gone.len() - n..].iter().rev().copied()));
                }
                assert_eq!(it.len(), gone.len() - n);
            }
            Op::Squash(k) => {
                let k = u32::from(k) + 1;
                v.iter_mut().for_each(|x| *x %= k);
                model.iter_mut().for_each(|x| *x %= k);
            }
            Op::Dedup => {
                v.dedup();
                model.dedup();
            }
            Op::DedupByKey(k) => {
                let k = u32::from(k) + 1;
                v.dedup_by_key(|x| *x / k);
                model.dedup_by_key(|x| *x / k);
            }
            Op::DedupBy(k) => {
                let k = u32::from(k) + 1;
                let same = |a: &mut u32, b: &mut u32| {
                    *b = b.wrapping_add(1);
                    *a % k == *b % k
                };
                v.dedup_by(same);
                model.dedup_by(same);
            }
            Op::RetainMut(k) => {
                let k = u32::from(k) + 1;
                let f = |x: &mut u32| {
                    *x = x.wrapping_mul(3);
                    *x % k != 0
                };
                v.retain_mut(f);
                model.retain_mut(f);
            }
            Op::Resize(n, x) => {
                let n = usize::from(n % 3000);
                v.resize(n, x);
                model.resize(n, x);
            }
            Op::ResizeWith(n, seed) => {
                let n = usize::from(n % 3000);
                let (mut c1, mut c2) = (seed, seed);
                v.resize_with(n, || {
                    c1 = c1.wrapping_add(1);
                    c1
                });
                model.resize_with(n, || {
                    c2 = c2.wrapping_add(1);
                    c2
                });
            }
            Op::ExtendFromSlice(xs) => {
                v.extend_from_slice(&xs);
                model.extend_from_slice(&xs);
            }
            Op::Fill(x) => {
                v.fill(x);
                model.fill(x);
            }
            Op::SortUnstable(which) => match which % 3 {
                0 => {
                    v.sort_unstable();
                    model.sort_unstable();
                }
                1 => {
                    v.sort_unstable_by(|a, b| b.cmp(a));
                    model.sort_unstable_by(|a, b| b.cmp(a));
                }
                _ => {
                    v.sort_unstable_by_key(|x| (x % 100, *x));
                    model.sort_unstable_by_key(|x| (x % 100, *x));
                }
            },
            Op::Affixes(k) => {
                let k = index(k, model.len());
                assert_eq!(v.first(), model.first());
                assert_eq!(v.last(), model.last());
                assert!(v.starts_with(&model[..k]));
                assert!(v.ends_with(&model[model.len() - k..]));
                if k > 0 {
                    let mut p = model[..k].to_vec();
                    p[k / 2] ^= 1;
                    assert!(!v.starts_with(&p));
                    let mut q = model[model.len() - k..].to_vec();
                    q[k / 2] ^= 1;
                    assert!(!v.ends_with(&q));
                }
            }
        }
        check(&v, &model);
    }
    for (s, m) in &snaps {
        check(s, m);
    }
});
