//! Model tests: random operation sequences on `Vector` against `Vec`, with snapshots.

mod common_vector;

use common_vector::{build, check, scaled};
use cowtree::Vector;
use quickcheck::{Arbitrary, Gen, QuickCheck};

#[derive(Clone, Debug)]
enum Op {
    PushBack(u32),
    PushFront(u32),
    PopBack,
    PopFront,
    PushMany(u16, bool),
    Set(usize, u32),
    Insert(usize, u32),
    Remove(usize),
    /// Append pieces of these lengths, each built in the given way.
    Append(Vec<(u8, u8)>),
    /// Prepend a piece: `piece.append(self)`.
    Prepend(u8, u8),
    SplitOff(usize),
    /// Split and join again at the same point.
    SplitJoin(usize),
    Slice(usize, usize),
    Truncate(usize),
    Retain(u8),
    Sort,
    Reverse,
    Snapshot,
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
    ExtendFromSlice(u8),
    Fill(u32),
    SortUnstable(u8),
    /// first/last/starts_with/ends_with/contains, with prefixes and suffixes of this length.
    Affixes(usize),
}

impl Arbitrary for Op {
    fn arbitrary(g: &mut Gen) -> Op {
        let n = u32::arbitrary(g);
        let i = usize::arbitrary(g);
        match u8::arbitrary(g) % 56 {
            0..=5 => Op::PushBack(n),
            6..=9 => Op::PushFront(n),
            10..=11 => Op::PopBack,
            12..=13 => Op::PopFront,
            14..=15 => Op::PushMany(u16::arbitrary(g) % 300, bool::arbitrary(g)),
            16..=18 => Op::Set(i, n),
            19..=21 => Op::Insert(i, n),
            22..=23 => Op::Remove(i),
            24..=27 => {
                let k = usize::arbitrary(g) % 8 + 1;
                Op::Append(
                    (0..k)
                        .map(|_| (u8::arbitrary(g), u8::arbitrary(g)))
                        .collect(),
                )
            }
            28 => Op::Prepend(u8::arbitrary(g), u8::arbitrary(g)),
            29..=30 => Op::SplitOff(i),
            31..=32 => Op::SplitJoin(i),
            33 => Op::Slice(i, usize::arbitrary(g)),
            34 => Op::Truncate(i),
            35 => Op::Retain(u8::arbitrary(g) % 5 + 2),
            36 => Op::Sort,
            37 => Op::Reverse,
            38 => Op::Snapshot,
            39 if n % 2 == 0 => Op::BothEnds(n),
            39 => Op::IterMutAdd(n % 1000),
            40 => Op::Swap(i, usize::arbitrary(g)),
            41 => Op::SwapRemove(i),
            42 | 43 => Op::Drain(i, usize::arbitrary(g), n, u8::arbitrary(g)),
            44 => Op::Squash(u8::arbitrary(g) % 6 + 1),
            45 => Op::Dedup,
            46 => Op::DedupByKey(u8::arbitrary(g) % 5 + 1),
            47 => Op::DedupBy(u8::arbitrary(g) % 5 + 1),
            48 => Op::RetainMut(u8::arbitrary(g) % 5 + 2),
            49 => Op::Resize(u16::arbitrary(g), n),
            50 => Op::ResizeWith(u16::arbitrary(g)),
            51 => Op::ExtendFromSlice(u8::arbitrary(g)),
            52 => Op::Fill(n),
            53 => Op::SortUnstable(u8::arbitrary(g)),
            _ => Op::Affixes(i),
        }
    }
}

/// Applies `ops`, checking the vector against the model after every step and every snapshot at
/// the end.
fn run(ops: Vec<Op>) -> bool {
    let mut v: Vector<u32> = Vector::new();
    let mut m: Vec<u32> = Vec::new();
    let mut snaps: Vec<(Vector<u32>, Vec<u32>)> = Vec::new();
    let mut counter = 1_000_000u32;
    let mut fresh = |k: usize| -> Vec<u32> {
        let s = counter;
        counter += k as u32;
        (s..s + k as u32).collect()
    };
    for op in ops {
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
                for x in fresh(k as usize) {
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
                    let c = fresh(n as usize % 70);
                    let p = build(&c, how as usize);
                    check(&p, &c);
                    v.append(p);
                    m.extend(c);
                }
            }
            Op::Prepend(n, how) => {
                let c = fresh(n as usize);
                let mut p = build(&c, how as usize);
                p.append(std::mem::take(&mut v));
                v = p;
                let mut nm = c;
                nm.append(&mut m);
                m = nm;
            }
            Op::SplitOff(i) => {
                let at = i % (len + 1);
                let right = v.split_off(at);
                let mright = m.split_off(at);
                check(&right, &mright);
                // Keep the right part alive as a snapshot too.
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
            Op::Slice(i, j) => {
                let (mut s, mut e) = (i % (len + 1), j % (len + 1));
                if s > e {
                    std::mem::swap(&mut s, &mut e);
                }
                let sl = v.slice(s..e);
                check(&sl, &m[s..e]);
                let it: Vec<u32> = v.range(s..e).copied().collect();
                assert_eq!(it, &m[s..e]);
                snaps.push((sl, m[s..e].to_vec()));
            }
            Op::Truncate(i) => {
                let n = i % (len + 1);
                v.truncate(n);
                m.truncate(n);
            }
            Op::Retain(k) => {
                v.retain(|x| x % k as u32 != 0);
                m.retain(|x| x % k as u32 != 0);
            }
            Op::Sort => {
                v.sort();
                m.sort();
            }
            Op::Reverse => {
                v.reverse();
                m.reverse();
            }
            Op::Snapshot => snaps.push((v.clone(), m.clone())),
            Op::IterMutAdd(k) => {
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
                let k = u32::from(k);
                v.iter_mut().for_each(|x| *x %= k);
                m.iter_mut().for_each(|x| *x %= k);
            }
            Op::Dedup => {
                v.dedup();
                m.dedup();
            }
            Op::DedupByKey(k) => {
                let k = u32::from(k);
                v.dedup_by_key(|x| *x / k);
                m.dedup_by_key(|x| *x / k);
            }
            Op::DedupBy(k) => {
                let k = u32::from(k);
                // The closure changes the kept element too; that change must stay.
                let same = |a: &mut u32, b: &mut u32| {
                    *b = b.wrapping_add(1);
                    *a % k == *b % k
                };
                v.dedup_by(same);
                m.dedup_by(same);
            }
            Op::RetainMut(k) => {
                let k = u32::from(k);
                let f = |x: &mut u32| {
                    *x = x.wrapping_mul(3);
                    *x % k != 0
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
            Op::ExtendFromSlice(n) => {
                let c = fresh(usize::from(n));
                v.extend_from_slice(&c);
                m.extend_from_slice(&c);
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
            Op::Affixes(k) => {
                let k = k % (len + 2);
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
            _ => {}
        }
        check(&v, &m);
    }
    for (s, sm) in &snaps {
        check(s, sm);
        assert_eq!(s, &Vector::from(sm.clone()));
    }
    true
}

#[test]
fn model_random_operations() {
    QuickCheck::new()
        .tests(1000)
        .quickcheck(run as fn(Vec<Op>) -> bool);
}

/// Long sequences of end operations reach deeper trees.
#[test]
fn model_long_end_operations() {
    fn prop(ops: Vec<(u8, u16)>) -> bool {
        let most = scaled(2000) as u16;
        let ops = ops
            .into_iter()
            .map(|(k, n)| match k % 6 {
                0 => Op::PushMany(n % most, false),
                1 => Op::PushMany(n % most, true),
                2 => Op::PopBack,
                3 => Op::PopFront,
                4 => Op::SplitJoin(n as usize * 31),
                _ => Op::Remove(n as usize * 17),
            })
            .collect();
        run(ops)
    }
    QuickCheck::new()
        .tests(1000)
        .rng(Gen::new(20))
        .quickcheck(prop as fn(Vec<(u8, u16)>) -> bool);
}

/// Many small uneven pieces concatenated in random order, then cut and rejoined at random.
#[test]
fn model_uneven_concatenation() {
    fn prop(pieces: Vec<(u8, u8)>, cuts: Vec<usize>) -> bool {
        let mut v = Vector::new();
        let mut m: Vec<u32> = Vec::new();
        let mut next = 0u32;
        for (n, how) in pieces {
            let c: Vec<u32> = (next..next + n as u32 % 50).collect();
            next += 50;
            let p = build(&c, how as usize);
            if how % 2 == 0 {
                v.append(p);
                m.extend(c);
            } else {
                let mut p = p;
                p.append(v);
                v = p;
                let mut nm = c;
                nm.extend(m);
                m = nm;
            }
            check(&v, &m);
        }
        for cut in cuts {
            let at = cut % (m.len() + 1);
            let right = v.split_off(at);
            let mr = m.split_off(at);
            check(&v, &m);
            check(&right, &mr);
            let mut r = right;
            r.append(v);
            v = r;
            let mut nm = mr;
            nm.extend(m);
            m = nm;
            check(&v, &m);
        }
        true
    }
    QuickCheck::new()
        .tests(1000)
        .quickcheck(prop as fn(Vec<(u8, u8)>, Vec<usize>) -> bool);
}

/// Iterating from both ends at once, over ranges, meets in the middle correctly.
#[test]
fn model_double_ended_ranges() {
    fn prop(n: u16, how: u8, lo: usize, hi: usize, pattern: Vec<bool>) -> bool {
        let c: Vec<u32> = (0..n as u32 % scaled(3000) as u32).collect();
        let v = build(&c, how as usize);
        let len = c.len();
        let (mut s, mut e) = (lo % (len + 1), hi % (len + 1));
        if s > e {
            std::mem::swap(&mut s, &mut e);
        }
        let mut it = v.range(s..e);
        let (mut f, mut b) = (s, e);
        for front in pattern.iter().cycle().take(e - s + 2) {
            assert_eq!(it.len(), b - f);
            if *front {
                let x = it.next();
                assert_eq!(x, if f < b { Some(&c[f]) } else { None });
                f = (f + 1).min(b);
            } else {
                let x = it.next_back();
                assert_eq!(x, if f < b { Some(&c[b - 1]) } else { None });
                b = b.saturating_sub(1).max(f);
            }
        }
        true
    }
    QuickCheck::new()
        .tests(1000)
        .quickcheck(prop as fn(u16, u8, usize, usize, Vec<bool>) -> bool);
}
