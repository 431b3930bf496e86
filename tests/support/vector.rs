//! The `Vector` interpreter: operations applied to a `cowtree::Vector<u32>` and to a `Vec<u32>`
//! side by side; and the helpers the other vector tests share (`check`, `build`, `Rng`,
//! `scaled`).

use std::fmt::Debug;

use cowtree::vector::DiffItem;
use cowtree::Vector;

use super::pick;

/// Checks invariants, length, `get` at every index (and one past the end), iteration both ways
/// and the leaf slices against the model.
pub fn check<T: Clone + PartialEq + Debug>(v: &Vector<T>, model: &[T]) {
    v.check_invariants();
    assert_eq!(v.len(), model.len(), "len");
    for (i, x) in model.iter().enumerate() {
        assert_eq!(v.get(i), Some(x), "get({i})");
    }
    assert_eq!(v.get(model.len()), None, "get(len)");
    assert!(v.iter().eq(model.iter()), "iter");
    assert!(v.iter().rev().eq(model.iter().rev()), "iter().rev()");
    assert_eq!(v.iter().len(), model.len(), "iter().len()");
    let flat: Vec<&T> = v.leaves().flatten().collect();
    assert!(flat.into_iter().eq(model.iter()), "leaves");
}

/// A small deterministic generator (xorshift) for tests that do not need shrinking.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Builds a vector with the given contents in one of several ways, so that pieces have heads,
/// tails, partial leaves and relaxed nodes in different places.
pub fn build(contents: &[u32], how: usize) -> Vector<u32> {
    match how % 6 {
        0 => contents.iter().copied().collect(),
        1 => {
            let mut v = Vector::new();
            for &x in contents.iter().rev() {
                v.push_front(x);
            }
            v
        }
        2 => {
            // A slice out of a bigger vector.
            let mut big: Vec<u32> = vec![7; contents.len() / 3 + 1];
            let start = big.len();
            big.extend_from_slice(contents);
            big.extend(std::iter::repeat_n(9, contents.len() / 2 + 3));
            let v: Vector<u32> = big.iter().copied().collect();
            v.slice(start..start + contents.len())
        }
        3 => {
            // Many single-element appends.
            let mut v = Vector::new();
            for &x in contents {
                v.append(Vector::from(vec![x]));
            }
            v
        }
        4 => {
            // Uneven chunks appended.
            let mut v = Vector::new();
            let mut rest = contents;
            let mut k = 1;
            while !rest.is_empty() {
                let n = (k * 7 % 23 + 1).min(rest.len());
                let piece: Vector<u32> = if k % 2 == 0 {
                    rest[..n].iter().copied().collect()
                } else {
                    let mut p = Vector::new();
                    for &x in rest[..n].iter().rev() {
                        p.push_front(x);
                    }
                    p
                };
                v.append(piece);
                rest = &rest[n..];
                k += 1;
            }
            v
        }
        _ => {
            // The right part of a split.
            let mut v: Vector<u32> = std::iter::repeat_n(1, contents.len() / 2 + 5).collect();
            let at = v.len();
            v.extend(contents.iter().copied());
            v.split_off(at)
        }
    }
}

/// Whether this build uses the test-only branching factor 4 (`--cfg cowtree_small_branching`):
/// trees are then much deeper for a given length, so the heavier tests use shorter vectors.
pub fn small_branching() -> bool {
    let v: Vector<u8> = (0..=255).collect();
    v.leaves().map(|s| s.len()).max().unwrap() <= 4
}

/// `big` normally, a quarter of it under the small branching factor.
pub fn scaled(big: usize) -> usize {
    if small_branching() {
        big / 4
    } else {
        big
    }
}

/// One operation. Indices are reduced modulo the length (plus one where the end is a valid
/// position); snapshot indices modulo the number of snapshots kept.
#[derive(Clone, Debug, arbitrary::Arbitrary)]
pub enum Op {
    PushBack(u32),
    PushFront(u32),
    PopBack,
    PopFront,
    /// Push this many (modulo 2,048) fresh elements at the back, or at the front.
    PushMany(u16, bool),
    Set(usize, u32),
    Insert(usize, u32),
    Remove(usize),
    /// Append fresh pieces of these lengths, each built in the given way (see [`build`]).
    Append(Vec<(u8, u8)>),
    /// Prepend a fresh piece: `piece.append(self)`.
    Prepend(u8, u8),
    /// Append a kept snapshot (shared subtrees on both sides of the seam).
    AppendSnapshot(u8),
    /// Append `Vector::repeat(x, n)`.
    AppendRepeat(u32, u16),
    /// `split_off`; the right part is kept as a snapshot.
    SplitOff(usize),
    /// Split and join again at the same point.
    SplitJoin(usize),
    /// `split_at`, keeping the right part as the live vector.
    SplitAtKeepRight(usize),
    /// `slice` and `range`; the slice is kept as a snapshot, and becomes the live vector when its
    /// end is even.
    Slice(usize, usize),
    Truncate(usize),
    Retain(u8),
    Sort,
    Reverse,
    Update(usize, u32),
    Snapshot,
    /// Go back to a kept snapshot.
    Restore(u8),
    /// `diff` against a kept snapshot, replayed on it.
    Diff(u8),
    IterMutAdd(u32),
    /// Owning and mutable iteration from both ends, alternating by this bit pattern.
    BothEnds(u32),
    Swap(usize, usize),
    SwapRemove(usize),
    /// Drain a range, taking from both ends by the bit pattern, at most the given count, then
    /// dropping the iterator.
    Drain(usize, usize, u32, u8),
    /// Every element modulo k (makes runs of equal elements for the dedups).
    Squash(u8),
    Dedup,
    DedupByKey(u8),
    DedupBy(u8),
    RetainMut(u8),
    Resize(u16, u32),
    ResizeWith(u16),
    ExtendFromSlice(Vec<u32>),
    Fill(u32),
    SortUnstable(u8),
    /// first/last/starts_with/ends_with/contains, with prefixes and suffixes of this length.
    Affixes(usize),
}

/// Applies `ops`, checking the vector against the model after every step and every snapshot at
/// the end.
pub fn run(ops: &[Op]) {
    let mut v: Vector<u32> = Vector::new();
    let mut m: Vec<u32> = Vec::new();
    let mut snaps: Vec<(Vector<u32>, Vec<u32>)> = Vec::new();
    let mut counter = 1_000_000u32;
    let mut fresh = |k: usize| -> Vec<u32> {
        let s = counter;
        counter = counter.wrapping_add(k as u32);
        (0..k as u32).map(|j| s.wrapping_add(j)).collect()
    };
    for op in ops.iter().cloned() {
        let len = m.len();
        match op {
            Op::PushBack(x) => {
                v.push_back(x);
                m.push(x);
            }
            Op::PushFront(x) => {
                v.push_front(x);
                m.insert(0, x);
            }
            Op::PopBack => assert_eq!(v.pop_back(), m.pop()),
            Op::PopFront => {
                let expect = if m.is_empty() {
                    None
                } else {
                    Some(m.remove(0))
                };
                assert_eq!(v.pop_front(), expect);
            }
            Op::PushMany(k, front) => {
                // At most 2,047 a step, so that fuzz inputs cannot grow the vector past what a
                // check of every index after every step can afford (the model tests stay below).
                for x in fresh(usize::from(k) % 2048) {
                    if front {
                        v.push_front(x);
                        m.insert(0, x);
                    } else {
                        v.push_back(x);
                        m.push(x);
                    }
                }
            }
            Op::Set(i, x) if len > 0 => {
                let i = i % len;
                assert_eq!(v.set(i, x), m[i]);
                m[i] = x;
            }
            Op::Insert(i, x) => {
                let i = i % (len + 1);
                v.insert(i, x);
                m.insert(i, x);
            }
            Op::Remove(i) if len > 0 => {
                let i = i % len;
                assert_eq!(v.remove(i), m.remove(i));
            }
            Op::Append(pieces) => {
                for (n, how) in pieces {
                    let c = fresh(usize::from(n) % 70);
                    let p = build(&c, usize::from(how));
                    check(&p, &c);
                    v.append(p);
                    m.extend(c);
                }
            }
            Op::Prepend(n, how) => {
                let c = fresh(usize::from(n));
                let mut p = build(&c, usize::from(how));
                p.append(std::mem::take(&mut v));
                v = p;
                let mut nm = c;
                nm.append(&mut m);
                m = nm;
            }
            Op::AppendSnapshot(i) => {
                if let Some((s, sm)) = pick(&snaps, i) {
                    v.append(s.clone());
                    m.extend_from_slice(sm);
                }
            }
            Op::AppendRepeat(x, n) => {
                let n = usize::from(n % 2000);
                v.append(Vector::repeat(x, n));
                m.extend(std::iter::repeat_n(x, n));
            }
            Op::SplitOff(i) => {
                let at = i % (len + 1);
                let right = v.split_off(at);
                let mright = m.split_off(at);
                check(&right, &mright);
                snaps.push((right, mright));
            }
            Op::SplitJoin(i) => {
                let at = i % (len + 1);
                let (mut a, b) = v.clone().split_at(at);
                check(&a, &m[..at]);
                check(&b, &m[at..]);
                a.append(b);
                v = a;
            }
            Op::SplitAtKeepRight(i) => {
                let at = i % (len + 1);
                let (left, right) = std::mem::take(&mut v).split_at(at);
                check(&left, &m[..at]);
                v = right;
                m.drain(..at);
            }
            Op::Slice(i, j) => {
                let (mut s, mut e) = (i % (len + 1), j % (len + 1));
                if s > e {
                    std::mem::swap(&mut s, &mut e);
                }
                let sl = v.slice(s..e);
                check(&sl, &m[s..e]);
                let it: Vec<u32> = v.range(s..e).copied().collect();
                assert_eq!(it, &m[s..e]);
                snaps.push((sl.clone(), m[s..e].to_vec()));
                if e % 2 == 0 {
                    v = sl;
                    m = m[s..e].to_vec();
                }
            }
            Op::Truncate(i) => {
                let n = i % (len + 1);
                v.truncate(n);
                m.truncate(n);
            }
            Op::Retain(k) => {
                let k = u32::from(k % 7) + 1;
                v.retain(|x| x % k != 0);
                m.retain(|x| x % k != 0);
            }
            Op::Sort => {
                v.sort();
                m.sort();
            }
            Op::Reverse => {
                v.reverse();
                m.reverse();
            }
            Op::Update(i, x) if len > 0 => {
                let i = i % len;
                let before = v.clone();
                let after = v.update(i, x);
                assert!(before.ptr_eq(&v), "update must leave self alone");
                v = after;
                m[i] = x;
            }
            Op::Snapshot => snaps.push((v.clone(), m.clone())),
            Op::Restore(i) => {
                if let Some((s, sm)) = pick(&snaps, i) {
                    v = s.clone();
                    m = sm.clone();
                }
            }
            Op::Diff(i) => {
                if let Some((old, old_model)) = pick(&snaps, i) {
                    check_diff(old, old_model, &v, &m);
                }
            }
            Op::IterMutAdd(k) => {
                let k = k % 1000;
                v.iter_mut().for_each(|x| *x = x.wrapping_add(k));
                m.iter_mut().for_each(|x| *x = x.wrapping_add(k));
            }
            Op::BothEnds(bits) => {
                // Owning iteration of this version (leaves it owns alone are moved out) or of a
                // snapshot (shared leaves are cloned).
                let owner = if bits >> 31 == 1 {
                    std::mem::replace(&mut v, build(&m, bits as usize))
                } else {
                    v.clone()
                };
                let mut it = owner.into_iter();
                let (mut lo, mut hi) = (0, m.len());
                let mut k = 0;
                while lo < hi {
                    assert_eq!(it.len(), hi - lo);
                    if bits >> (k % 32) & 1 == 0 {
                        assert_eq!(it.next(), Some(m[lo]));
                        lo += 1;
                    } else {
                        assert_eq!(it.next_back(), Some(m[hi - 1]));
                        hi -= 1;
                    }
                    k += 1;
                }
                assert_eq!((it.next(), it.next_back()), (None, None));
                // Mutable iteration from both ends.
                let mut it = v.iter_mut();
                let (mut lo, mut hi) = (0, m.len());
                let mut k = 0;
                while lo < hi {
                    if bits >> (k % 32) & 1 == 1 {
                        *it.next().unwrap() ^= 1;
                        m[lo] ^= 1;
                        lo += 1;
                    } else {
                        *it.next_back().unwrap() ^= 2;
                        m[hi - 1] ^= 2;
                        hi -= 1;
                    }
                    k += 1;
                }
                assert!(it.next().is_none());
            }
            Op::Swap(i, j) if len > 0 => {
                let (i, j) = (i % len, j % len);
                v.swap(i, j);
                m.swap(i, j);
            }
            Op::SwapRemove(i) if len > 0 => {
                let i = i % len;
                assert_eq!(v.swap_remove(i), m.swap_remove(i));
            }
            Op::Drain(i, j, bits, most) => {
                let (mut s, mut e) = (i % (len + 1), j % (len + 1));
                if s > e {
                    std::mem::swap(&mut s, &mut e);
                }
                let gone: Vec<u32> = m.drain(s..e).collect();
                let mut it = v.drain(s..e);
                let (mut lo, mut hi) = (0, gone.len());
                for k in 0..usize::from(most) {
                    assert_eq!(it.len(), hi - lo);
                    if bits >> (k % 32) & 1 == 0 {
                        assert_eq!(it.next(), (lo < hi).then(|| gone[lo]));
                        lo = (lo + 1).min(hi);
                    } else {
                        assert_eq!(it.next_back(), (lo < hi).then(|| gone[hi - 1]));
                        hi = hi.saturating_sub(1).max(lo);
                    }
                }
            }
            Op::Squash(k) => {
                let k = u32::from(k % 6) + 1;
                v.iter_mut().for_each(|x| *x %= k);
                m.iter_mut().for_each(|x| *x %= k);
            }
            Op::Dedup => {
                v.dedup();
                m.dedup();
            }
            Op::DedupByKey(k) => {
                let k = u32::from(k % 5) + 1;
                v.dedup_by_key(|x| *x / k);
                m.dedup_by_key(|x| *x / k);
            }
            Op::DedupBy(k) => {
                let k = u32::from(k % 5) + 1;
                // The closure changes the kept element too; that change must stay.
                let same = |a: &mut u32, b: &mut u32| {
                    *b = b.wrapping_add(1);
                    *a % k == *b % k
                };
                v.dedup_by(same);
                m.dedup_by(same);
            }
            Op::RetainMut(k) => {
                let k = u32::from(k % 5) + 2;
                let f = |x: &mut u32| {
                    *x = x.wrapping_mul(3);
                    !(*x).is_multiple_of(k)
                };
                v.retain_mut(f);
                m.retain_mut(f);
            }
            Op::Resize(n, x) => {
                let n = usize::from(n) % (len + 300);
                v.resize(n, x);
                m.resize(n, x);
            }
            Op::ResizeWith(n) => {
                let n = usize::from(n) % (len + 300);
                let mut c = fresh(n.saturating_sub(len)).into_iter();
                let mut c2 = c.clone();
                v.resize_with(n, || c.next().unwrap());
                m.resize_with(n, || c2.next().unwrap());
            }
            Op::ExtendFromSlice(xs) => {
                v.extend_from_slice(&xs);
                m.extend_from_slice(&xs);
            }
            Op::Fill(x) => {
                v.fill(x);
                m.fill(x);
            }
            Op::SortUnstable(which) => match which % 3 {
                0 => {
                    v.sort_unstable();
                    m.sort_unstable();
                }
                1 => {
                    v.sort_unstable_by(|a, b| b.cmp(a));
                    m.sort_unstable_by(|a, b| b.cmp(a));
                }
                _ => {
                    // An injective key, so the result does not depend on the algorithm.
                    v.sort_unstable_by_key(|x| (x % 100, *x));
                    m.sort_unstable_by_key(|x| (x % 100, *x));
                }
            },
            Op::Affixes(k) => check_affixes(&v, &m, k % (len + 2)),
            // Index operations on an empty vector.
            Op::Set(..) | Op::Remove(_) | Op::Update(..) | Op::Swap(..) | Op::SwapRemove(_) => {}
        }
        check(&v, &m);
    }
    for (s, sm) in &snaps {
        check(s, sm);
        assert_eq!(s, &Vector::from(sm.clone()));
    }
}

/// `old.diff(new)` agrees with the models, and replaying it on `old` gives `new`.
fn check_diff(old: &Vector<u32>, old_model: &[u32], new: &Vector<u32>, model: &[u32]) {
    let mut replay = old.clone();
    let mut cut: Option<usize> = None;
    for item in old.diff(new) {
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
    check(&replay, model);
    assert_eq!(&replay, new);
}

/// first/last, and `starts_with`/`ends_with`/`contains` with affixes of length `k` (one past
/// the length: a longer slice).
fn check_affixes(v: &Vector<u32>, m: &[u32], k: usize) {
    let len = m.len();
    assert_eq!(v.first(), m.first());
    assert_eq!(v.last(), m.last());
    if k <= len {
        assert!(v.starts_with(&m[..k]));
        assert!(v.ends_with(&m[len - k..]));
        if k > 0 {
            let mut p = m[..k].to_vec();
            p[k / 2] ^= 1;
            assert!(!v.starts_with(&p));
            let mut q = m[len - k..].to_vec();
            q[k / 2] ^= 1;
            assert!(!v.ends_with(&q));
            assert!(v.contains(&m[k - 1]));
        }
    } else {
        let longer: Vec<u32> = m.iter().copied().chain([0]).collect();
        assert!(!v.starts_with(&longer) && !v.ends_with(&longer));
    }
}

#[cfg(not(fuzzing))]
impl quickcheck::Arbitrary for Op {
    /// Weighted towards pushes, edits at an index and concatenation.
    fn arbitrary(g: &mut quickcheck::Gen) -> Op {
        use quickcheck::Arbitrary as A;
        let n = u32::arbitrary(g);
        let i = usize::arbitrary(g);
        let j = usize::arbitrary(g);
        let b = u8::arbitrary(g);
        match u8::arbitrary(g) % 62 {
            0..=5 => Op::PushBack(n),
            6..=9 => Op::PushFront(n),
            10 | 11 => Op::PopBack,
            12 | 13 => Op::PopFront,
            14 | 15 => Op::PushMany(u16::arbitrary(g) % 300, bool::arbitrary(g)),
            16..=18 => Op::Set(i, n),
            19..=21 => Op::Insert(i, n),
            22 | 23 => Op::Remove(i),
            24..=27 => {
                let k = usize::arbitrary(g) % 8 + 1;
                Op::Append(
                    (0..k)
                        .map(|_| (u8::arbitrary(g), u8::arbitrary(g)))
                        .collect(),
                )
            }
            28 => Op::Prepend(b, u8::arbitrary(g)),
            29 | 30 => Op::SplitOff(i),
            31 | 32 => Op::SplitJoin(i),
            33 => Op::Slice(i, j),
            34 => Op::Truncate(i),
            35 => Op::Retain(b),
            36 => Op::Sort,
            37 => Op::Reverse,
            38 => Op::Snapshot,
            39 if n % 2 == 0 => Op::BothEnds(n),
            39 => Op::IterMutAdd(n),
            40 => Op::Swap(i, j),
            41 => Op::SwapRemove(i),
            42 | 43 => Op::Drain(i, j, n, b),
            44 => Op::Squash(b),
            45 => Op::Dedup,
            46 => Op::DedupByKey(b),
            47 => Op::DedupBy(b),
            48 => Op::RetainMut(b),
            49 => Op::Resize(u16::arbitrary(g), n),
            50 => Op::ResizeWith(u16::arbitrary(g)),
            51 => Op::ExtendFromSlice(A::arbitrary(g)),
            52 => Op::Fill(n),
            53 => Op::SortUnstable(b),
            54 => Op::AppendSnapshot(b),
            55 => Op::AppendRepeat(n, u16::arbitrary(g)),
            56 => Op::SplitAtKeepRight(i),
            57 => Op::Update(i, n),
            58 => Op::Restore(b),
            59 | 60 => Op::Diff(b),
            _ => Op::Affixes(i),
        }
    }

    /// Shrinks the payload (indices and values towards 0, lists shorter); the sequence itself is
    /// shrunk by dropping operations.
    fn shrink(&self) -> Box<dyn Iterator<Item = Op>> {
        match self.clone() {
            Op::PushBack(x) => Box::new(x.shrink().map(Op::PushBack)),
            Op::PushFront(x) => Box::new(x.shrink().map(Op::PushFront)),
            Op::PushMany(k, f) => Box::new(k.shrink().map(move |k| Op::PushMany(k, f))),
            Op::Set(i, x) => Box::new((i, x).shrink().map(|(i, x)| Op::Set(i, x))),
            Op::Insert(i, x) => Box::new((i, x).shrink().map(|(i, x)| Op::Insert(i, x))),
            Op::Remove(i) => Box::new(i.shrink().map(Op::Remove)),
            Op::Append(p) => Box::new(p.shrink().map(Op::Append)),
            Op::Prepend(n, h) => Box::new((n, h).shrink().map(|(n, h)| Op::Prepend(n, h))),
            Op::AppendSnapshot(i) => Box::new(i.shrink().map(Op::AppendSnapshot)),
            Op::AppendRepeat(x, n) => {
                Box::new((x, n).shrink().map(|(x, n)| Op::AppendRepeat(x, n)))
            }
            Op::SplitOff(i) => Box::new(i.shrink().map(Op::SplitOff)),
            Op::SplitJoin(i) => Box::new(i.shrink().map(Op::SplitJoin)),
            Op::SplitAtKeepRight(i) => Box::new(i.shrink().map(Op::SplitAtKeepRight)),
            Op::Slice(i, j) => Box::new((i, j).shrink().map(|(i, j)| Op::Slice(i, j))),
            Op::Truncate(i) => Box::new(i.shrink().map(Op::Truncate)),
            Op::Retain(k) => Box::new(k.shrink().map(Op::Retain)),
            Op::Update(i, x) => Box::new((i, x).shrink().map(|(i, x)| Op::Update(i, x))),
            Op::Restore(i) => Box::new(i.shrink().map(Op::Restore)),
            Op::Diff(i) => Box::new(i.shrink().map(Op::Diff)),
            Op::IterMutAdd(k) => Box::new(k.shrink().map(Op::IterMutAdd)),
            Op::BothEnds(bits) => Box::new(bits.shrink().map(Op::BothEnds)),
            Op::Swap(i, j) => Box::new((i, j).shrink().map(|(i, j)| Op::Swap(i, j))),
            Op::SwapRemove(i) => Box::new(i.shrink().map(Op::SwapRemove)),
            Op::Drain(i, j, bits, most) => Box::new(
                (i, j, bits, most)
                    .shrink()
                    .map(|(i, j, bits, most)| Op::Drain(i, j, bits, most)),
            ),
            Op::Squash(k) => Box::new(k.shrink().map(Op::Squash)),
            Op::DedupByKey(k) => Box::new(k.shrink().map(Op::DedupByKey)),
            Op::DedupBy(k) => Box::new(k.shrink().map(Op::DedupBy)),
            Op::RetainMut(k) => Box::new(k.shrink().map(Op::RetainMut)),
            Op::Resize(n, x) => Box::new((n, x).shrink().map(|(n, x)| Op::Resize(n, x))),
            Op::ResizeWith(n) => Box::new(n.shrink().map(Op::ResizeWith)),
            Op::ExtendFromSlice(xs) => Box::new(xs.shrink().map(Op::ExtendFromSlice)),
            Op::Fill(x) => Box::new(x.shrink().map(Op::Fill)),
            Op::SortUnstable(w) => Box::new(w.shrink().map(Op::SortUnstable)),
            Op::Affixes(k) => Box::new(k.shrink().map(Op::Affixes)),
            Op::PopBack | Op::PopFront | Op::Sort | Op::Reverse | Op::Snapshot | Op::Dedup => {
                Box::new(std::iter::empty())
            }
        }
    }
}
