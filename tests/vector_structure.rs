//! Structural tests for `Vector`: deep trees, many random concatenations (height bound),
//! `repeat` at huge lengths, panic safety with a panicking `Clone`, and the std-like API edges.

mod support;

use cowtree::Vector;
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicIsize, Ordering};
use support::vector::{build, check, scaled, Rng};

/// Elements in a full subtree of height `h` for this build's branching factor.
fn leaf_size() -> usize {
    // A vector of one full leaf has a tree of one leaf once pushed past the tail.
    let v: Vector<u8> = (0..1000u32).map(|x| x as u8).collect();
    v.leaves().map(|s| s.len()).max().unwrap()
}

/// The smallest height a tree of `n` elements can have.
fn min_height(n: usize, b: usize) -> usize {
    let mut h = 0;
    let mut cap = b;
    while cap < n {
        cap = cap.saturating_mul(b);
        h += 1;
    }
    h
}

#[test]
fn deep_tree_by_pushes_both_ends() {
    let b = leaf_size();
    // At least 5 levels: B^5 elements (1024 with B = 4; 33M with B = 32 is too slow for CI, so
    // with B = 32 this builds 2M elements, a tree of height 4 = 5 levels with the leaves).
    let n = if b <= 4 { 40_000 } else { 2_000_000 };
    let mut v = Vector::new();
    let mut m = std::collections::VecDeque::new();
    for i in 0..n as u32 {
        if i % 3 == 0 {
            v.push_front(i);
            m.push_front(i);
        } else {
            v.push_back(i);
            m.push_back(i);
        }
    }
    v.check_invariants();
    assert!(v.tree_height() >= 4, "height {}", v.tree_height());
    let model: Vec<u32> = m.into_iter().collect();
    check(&v, &model);
    // Pop half from each end and check again.
    let mut model = model;
    for _ in 0..n / 4 {
        assert_eq!(v.pop_front(), Some(model.remove(0)).filter(|_| true));
        if model.len() > 1 << 20 {
            break;
        }
    }
    let k = model.len() / 2;
    for _ in 0..k {
        assert_eq!(v.pop_back(), model.pop());
    }
    check(&v, &model);
}

#[test]
fn deep_tree_by_concatenation() {
    let b = leaf_size();
    let mut rng = Rng(0x9e3779b97f4a7c15);
    let total = if b <= 4 { 30_000 } else { 400_000 };
    let mut v = Vector::new();
    let mut m: Vec<u32> = Vec::new();
    let mut next = 0u32;
    while m.len() < total {
        let n = rng.below(if b <= 4 { 40 } else { 3000 });
        let c: Vec<u32> = (next..next + n as u32).collect();
        next += n as u32;
        let p = build(&c, rng.below(6));
        if rng.below(2) == 0 {
            v.append(p);
            m.extend(c);
        } else {
            let mut p = p;
            p.append(v);
            v = p;
            let mut nm = c;
            nm.append(&mut m);
            m = nm;
        }
        v.check_invariants();
    }
    // 5 levels (height 4 above the leaves) with B = 4; 4 levels with B = 32 at this size.
    let want = if b <= 4 { 4 } else { 3 };
    assert!(v.tree_height() >= want, "height {}", v.tree_height());
    check(&v, &m);
}

/// 10,000 concatenations of random-length vectors (and splits to keep them bounded): the
/// height stays within a small constant of the minimum for the length.
#[test]
fn ten_thousand_random_concatenations_stay_shallow() {
    let b = leaf_size();
    let mut rng = Rng(12345);
    let cap = if b <= 4 { 20_000 } else { 60_000 };
    let mut pool: Vec<(Vector<u32>, Vec<u32>)> = Vec::new();
    let mut next = 0u32;
    for _ in 0..32 {
        let n = rng.below(3000);
        let c: Vec<u32> = (next..next + n as u32).collect();
        next += n as u32;
        pool.push((build(&c, rng.below(6)), c));
    }
    let mut excess_hist = [0usize; 8];
    let mut max_height = 0;
    for step in 0..10_000 {
        let i = rng.below(pool.len());
        let j = rng.below(pool.len());
        let (a, ma) = pool[i].clone();
        let (bv, mb) = if rng.below(4) == 0 {
            // A fresh random-length piece.
            let n = rng.below(5000);
            let c: Vec<u32> = (next..next + n as u32).collect();
            next += n as u32;
            (build(&c, rng.below(6)), c)
        } else {
            pool[j].clone()
        };
        let mut c = a;
        c.append(bv);
        let mut mc = ma;
        mc.extend_from_slice(&mb);
        let h = c.tree_height();
        let min = min_height(c.len(), b);
        let excess = h.saturating_sub(min);
        excess_hist[excess.min(7)] += 1;
        max_height = max_height.max(h);
        // With B = 32 the rebalancing keeps nodes nearly full: within 2 levels of the minimum.
        // With the test-only B = 4, E = 2 spare slots per merged level is half a node, so the
        // bound is on the logarithm's base instead: at most twice the minimum, plus one.
        let allowed = if b <= 4 { min + 1 } else { 2 };
        assert!(
            excess <= allowed,
            "height {h} for {} elements (minimum {min})",
            c.len()
        );
        if step % 500 == 0 {
            check(&c, &mc);
        } else if step % 10 == 0 {
            c.check_invariants();
        }
        if c.len() > cap {
            let at = rng.below(c.len());
            let right = c.split_off(at);
            let mr = mc.split_off(at);
            pool[j] = (right, mr);
        }
        pool[i] = (c, mc);
    }
    println!(
        "heights after 10,000 concatenations: max {max_height}; excess over minimum (0, 1, 2, ...): {:?}",
        excess_hist
    );
    for (v, m) in &pool {
        check(v, m);
    }
}

#[test]
fn repeat_huge_is_small_and_writable() {
    let n = 1usize << 40;
    let mut v = Vector::repeat(7u8, n);
    assert_eq!(v.len(), n);
    v.check_invariants();
    let before = v.heap_size();
    assert!(before < 64 * 1024, "heap_size {before}");
    let spots = [0, 1, 12_345, n / 3, n / 2 + 17, n - 33, n - 1];
    for (k, &i) in spots.iter().enumerate() {
        v.set(i, k as u8 + 100);
    }
    v.check_invariants();
    for (k, &i) in spots.iter().enumerate() {
        assert_eq!(v[i], k as u8 + 100, "index {i}");
        if i + 1 < n && !spots.contains(&(i + 1)) {
            assert_eq!(v[i + 1], 7);
        }
        if i > 0 && !spots.contains(&(i - 1)) {
            assert_eq!(v[i - 1], 7);
        }
    }
    assert_eq!(v[n / 4], 7);
    let after = v.heap_size();
    assert!(after < before + 64 * 1024, "heap_size {after}");
    let s = v.slice(n / 2..n / 2 + 100);
    assert_eq!(s.iter().filter(|&&x| x == 7).count(), 99);
    assert_eq!(s[17], 104);
    // Pushes and pops at both ends.
    v.push_back(1);
    v.push_front(2);
    assert_eq!((v[0], v[n + 1], v.len()), (2, 1, n + 2));
    assert_eq!(v.pop_back(), Some(1));
    assert_eq!(v.pop_front(), Some(2));
    v.check_invariants();
    // Owning iteration is lazy: it takes leaves off the ends one at a time.
    let mut it = v.clone().into_iter();
    assert_eq!(it.len(), n);
    assert_eq!(it.next(), Some(100));
    assert_eq!(it.next_back(), Some(106));
    assert!(it.by_ref().take(1000).skip(1).all(|x| x == 7));
    assert_eq!(it.len(), n - 1002);
    let mut it = v.range(n - 40..).rev();
    assert_eq!(it.next(), Some(&106));
    assert_eq!(it.nth(31), Some(&105));
}

#[test]
fn repeat_small_lengths() {
    for n in [0, 1, 5, 31, 32, 33, 64, 1000, 1025, 4096, 70_000] {
        let v = Vector::repeat(3u16, n);
        check(&v, &vec![3u16; n]);
    }
}

// ---- Panic safety ----

static LIVE: AtomicIsize = AtomicIsize::new(0);

/// Held by each test that counts `LIVE`, so that they do not run at the same time.
static LIVE_COUNTING: std::sync::Mutex<()> = std::sync::Mutex::new(());

thread_local! {
    /// Clones left before one panics (0 = never).
    static FUSE: Cell<usize> = const { Cell::new(0) };
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Bomb(u32);

impl Bomb {
    fn new(x: u32) -> Bomb {
        LIVE.fetch_add(1, Ordering::SeqCst);
        Bomb(x)
    }
}

impl Clone for Bomb {
    fn clone(&self) -> Bomb {
        FUSE.with(|f| {
            let left = f.get();
            if left == 1 {
                f.set(0);
                panic!("clone bomb");
            }
            if left > 1 {
                f.set(left - 1);
            }
        });
        Bomb::new(self.0)
    }
}

impl Drop for Bomb {
    fn drop(&mut self) {
        LIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

fn contents(v: &Vector<Bomb>) -> Vec<u32> {
    v.iter().map(|b| b.0).collect()
}

type Op = fn(&mut Vector<Bomb>, &Vector<Bomb>);

#[test]
fn panicking_clone_leaves_every_version_intact() {
    let _serial = LIVE_COUNTING.lock().unwrap_or_else(|e| e.into_inner());
    let ops: Vec<(&str, Op)> = vec![
        ("push_back", |v, _| v.push_back(Bomb::new(1))),
        ("push_front", |v, _| v.push_front(Bomb::new(2))),
        ("pop_back", |v, _| drop(v.pop_back())),
        ("pop_front", |v, _| drop(v.pop_front())),
        ("set", |v, _| drop(v.set(v.len() / 2, Bomb::new(3)))),
        ("insert", |v, _| v.insert(v.len() / 3, Bomb::new(4))),
        ("remove", |v, _| drop(v.remove(v.len() / 3))),
        ("append", |v, o| v.append(o.slice(3..o.len() - 5))),
        ("prepend", |v, o| {
            let mut p = o.slice(7..50);
            p.append(v.clone());
            *v = p;
        }),
        ("split_off", |v, _| drop(v.split_off(v.len() / 2 + 5))),
        ("slice", |v, _| *v = v.slice(13..v.len() - 9)),
        ("retain", |v, _| v.retain(|b| b.0 % 3 != 0)),
        ("sort", |v, _| v.sort_by(|a, b| b.cmp(a))),
        ("iter_mut", |v, _| v.iter_mut().for_each(|b| b.0 += 1)),
        ("into_iter", |v, _| {
            drop(v.clone().into_iter().collect::<Vec<_>>())
        }),
        ("update", |v, _| *v = v.update(5, Bomb::new(9))),
        ("extend", |v, o| v.extend(o.iter().take(40).cloned())),
        ("swap", |v, _| v.swap(3, v.len() - 40)),
        ("swap_remove", |v, _| drop(v.swap_remove(v.len() / 3))),
        ("swap_remove head", |v, _| drop(v.swap_remove(2))),
        ("drain", |v, _| drop(v.drain(10..200))),
        ("drain consumed", |v, _| {
            drop(v.drain(10..200).collect::<Vec<_>>())
        }),
        ("dedup_by_key", |v, _| v.dedup_by_key(|b| b.0 / 3)),
        ("dedup_by", |v, _| v.dedup_by(|a, b| a.0 / 4 == b.0 / 4)),
        ("retain_mut", |v, _| v.retain_mut(|b| b.0 % 3 != 0)),
        ("resize grow", |v, _| v.resize(v.len() + 100, Bomb::new(5))),
        ("resize grow little", |v, _| {
            v.resize(v.len() + 20, Bomb::new(5))
        }),
        ("resize shrink", |v, _| v.resize(v.len() - 45, Bomb::new(5))),
        ("fill", |v, _| v.fill(Bomb::new(6))),
        ("sort_unstable", |v, _| v.sort_unstable_by(|a, b| b.cmp(a))),
        ("extend_from_slice", |v, o| {
            let s: Vec<Bomb> = o.iter().take(40).cloned().collect();
            v.extend_from_slice(&s)
        }),
    ];
    let base: Vec<u32> = (0..300).collect();
    for (name, op) in &ops {
        for fuse in 1..80 {
            {
                let mut v: Vector<Bomb> = Vector::new();
                for &x in &base {
                    if x % 2 == 0 {
                        v.push_back(Bomb::new(x));
                    } else {
                        v.push_front(Bomb::new(x));
                    }
                }
                let other: Vector<Bomb> = base.iter().map(|&x| Bomb::new(x + 1000)).collect();
                let snapshot = v.clone();
                let want_v = contents(&v);
                let want_other = contents(&other);
                FUSE.with(|f| f.set(fuse));
                let r = catch_unwind(AssertUnwindSafe(|| op(&mut v, &other)));
                FUSE.with(|f| f.set(0));
                v.check_invariants();
                snapshot.check_invariants();
                other.check_invariants();
                assert_eq!(contents(&snapshot), want_v, "{name}: snapshot changed");
                assert_eq!(contents(&other), want_other, "{name}: other changed");
                if r.is_err() && *name == "drain consumed" {
                    // The vector was shortened before the drained elements were taken; a
                    // panic while taking them leaves it shortened (or, if it came from the
                    // splits, as it was).
                    let got = contents(&v);
                    let mut shortened = want_v.clone();
                    shortened.drain(10..200);
                    assert!(got == want_v || got == shortened, "drain: {got:?}");
                } else if r.is_err() && *name == "resize grow little" {
                    let got = contents(&v);
                    assert_eq!(&got[..want_v.len()], &want_v[..], "resize: prefix changed");
                    assert!(got[want_v.len()..].iter().all(|&x| x == 5), "resize: wrong");
                } else if r.is_err() && *name == "extend_from_slice" {
                    let got = contents(&v);
                    assert_eq!(&got[..want_v.len()], &want_v[..], "extend: prefix changed");
                    let added = &got[want_v.len()..];
                    assert_eq!(added, &want_other[..added.len()], "extend: wrong elements");
                } else if r.is_err() && *name == "extend" {
                    // The panic comes from the caller's iterator: like `Vec::extend`, the
                    // elements pushed before it stay.
                    let got = contents(&v);
                    assert_eq!(&got[..want_v.len()], &want_v[..], "extend: prefix changed");
                    let added = &got[want_v.len()..];
                    assert_eq!(added, &want_other[..added.len()], "extend: wrong elements");
                } else if r.is_err() && *name == "iter_mut" {
                    // The caller's writes through the references handed out before the panic
                    // stay (a prefix); the rest is untouched.
                    let got = contents(&v);
                    let k = got
                        .iter()
                        .zip(&want_v)
                        .take_while(|(g, w)| **g == **w + 1)
                        .count();
                    assert_eq!(&got[k..], &want_v[k..], "iter_mut: not a prefix");
                } else if r.is_err() {
                    assert_eq!(
                        contents(&v),
                        want_v,
                        "{name} (fuse {fuse}): changed by a panic"
                    );
                }
            }
            assert_eq!(
                LIVE.load(Ordering::SeqCst),
                0,
                "{name} (fuse {fuse}): leaked or double-dropped"
            );
        }
    }
}

/// `append` of two vectors that own all their nodes (no snapshot): the seam's nodes give up
/// their children by move, but only after the bottom level's rebalancing, the one step that
/// clones elements; a panic there leaves `self` as it was and leaks nothing.
#[test]
fn panicking_clone_in_unique_append_leaves_self_intact() {
    let _serial = LIVE_COUNTING.lock().unwrap_or_else(|e| e.into_inner());
    let pieces = |lo: u32, n: u32| {
        // Pieces of 1..=3 elements: partial leaves all along, so the seam needs rebalancing.
        let mut v: Vector<Bomb> = Vector::new();
        let mut x = lo;
        while x < lo + n {
            let k = (x % 3 + 1).min(lo + n - x);
            v.append((x..x + k).map(Bomb::new).collect());
            x += k;
        }
        v
    };
    let mut panicked = 0;
    for fuse in 1..60 {
        {
            let mut v = pieces(0, 400);
            let o = pieces(1000, 300);
            let want_v = contents(&v);
            let mut want_all = want_v.clone();
            want_all.extend(contents(&o));
            FUSE.with(|f| f.set(fuse));
            let r = catch_unwind(AssertUnwindSafe(|| v.append(o)));
            FUSE.with(|f| f.set(0));
            v.check_invariants();
            if r.is_err() {
                panicked += 1;
                assert_eq!(contents(&v), want_v, "fuse {fuse}: changed by a panic");
            } else {
                assert_eq!(contents(&v), want_all, "fuse {fuse}: wrong result");
            }
        }
        assert_eq!(LIVE.load(Ordering::SeqCst), 0, "fuse {fuse}: leaked");
    }
    assert!(
        panicked > 0,
        "no clone during append: the test does not test anything"
    );
}

// ---- API edges ----

#[test]
fn index_out_of_range_names_index_and_length() {
    let v: Vector<u8> = (0..10).collect();
    let err = catch_unwind(|| v[10]).unwrap_err();
    let msg = err.downcast_ref::<String>().unwrap();
    assert!(msg.contains("10") && msg.contains("length 10"), "{msg}");
    let mut w = v.clone();
    let err = catch_unwind(AssertUnwindSafe(|| w.set(12, 0))).unwrap_err();
    let msg = err.downcast_ref::<String>().unwrap();
    assert!(msg.contains("12") && msg.contains("10"), "{msg}");
    assert!(catch_unwind(AssertUnwindSafe(|| w.insert(11, 0))).is_err());
    assert!(catch_unwind(AssertUnwindSafe(|| w.remove(10))).is_err());
    assert!(catch_unwind(AssertUnwindSafe(|| w.split_off(11))).is_err());
    assert!(catch_unwind(AssertUnwindSafe(|| w.slice(3..11))).is_err());
    assert_eq!(v.get(10), None);
}

#[test]
fn traits_match_slices() {
    use std::hash::{BuildHasher, RandomState};
    let a: Vec<u32> = (0..1000).collect();
    let v: Vector<u32> = build(&a, 4);
    let s = RandomState::new();
    assert_eq!(s.hash_one(&v), s.hash_one(a.as_slice()));
    let w = v.update(500, 0);
    assert!(w < v);
    assert_eq!(v, v.clone());
    assert_ne!(v, w);
    assert_eq!(
        v.cmp(&w),
        a.as_slice().cmp(&w.iter().copied().collect::<Vec<_>>()[..])
    );
    assert_eq!(format!("{:?}", Vector::from(vec![1, 2])), "[1, 2]");
    assert_eq!(Vector::from([1, 2, 3]), Vector::from(&[1, 2, 3][..]));
    let mut e: Vector<u32> = Vector::default();
    e.extend(&[1, 2]);
    e.extend(vec![3]);
    assert_eq!(e, Vector::from(vec![1, 2, 3]));
    assert_eq!(v.binary_search(&700), Ok(700));
    assert!(v.contains(&999) && !v.contains(&1000));
    let mut r = v.clone();
    r.reverse();
    assert_eq!(r[0], 999);
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Vector<u32>>();
    let mut it = v.clone().into_iter();
    assert_eq!(
        (it.next(), it.next_back(), it.len()),
        (Some(0), Some(999), 998)
    );
    *v.clone().front_mut().unwrap() += 1;
    assert_eq!((v.front(), v.back()), (Some(&0), Some(&999)));
}

/// Appending many pieces that end in partial leaves: the joins' rebalancing keeps the number of
/// leaves near the minimum (partial leaves do not pile up at the seams).
#[test]
fn appending_many_pieces_keeps_leaf_count_near_minimum() {
    let b = leaf_size();
    let mut v = Vector::new();
    let mut m = Vec::new();
    for k in 0..400u32 {
        let n = (k as usize * 7) % (2 * b) + b / 2 + 1;
        let c: Vec<u32> = (k * 1000..k * 1000 + n as u32).collect();
        v.append(c.iter().copied().collect());
        m.extend(c);
        v.check_invariants();
    }
    check(&v, &m);
    // Concatenation keeps each merged level within ceil(slots / B) + E nodes; the whole vector is
    // one seam after another, so the leaf count stays near the minimum.
    let leaves = v.leaves().filter(|s| s.len() > 1).count();
    let min = m.len().div_ceil(b);
    assert!(
        leaves <= min + min / 8 + 4,
        "{leaves} leaves for {} elements (minimum {min})",
        m.len()
    );
}

/// `split_off` on a vector that owns its nodes alone cuts the path in place; on a shared one it
/// builds both halves from shared nodes. Both must give the same contents, valid trees, and
/// leave the other version untouched.
#[test]
fn split_off_unique_and_shared_agree_with_the_model() {
    let mut rng = Rng(0x5_1117);
    let n = scaled(20_000);
    let contents: Vec<u32> = (0..n as u32).collect();
    for how in 0..6 {
        for _ in 0..12 {
            let at = rng.below(n + 1);
            // Unique (the builder's intermediate versions are gone).
            let mut v = build(&contents, how);
            let right = v.split_off(at);
            v.check_invariants();
            right.check_invariants();
            check(&v, &contents[..at]);
            check(&right, &contents[at..]);
            // Shared with a snapshot, which must not change.
            let mut w = build(&contents, how);
            let snapshot = w.clone();
            let (left, right) = w.clone().split_at(at);
            w.truncate(at);
            check(&left, &contents[..at]);
            check(&right, &contents[at..]);
            check(&w, &contents[..at]);
            check(&snapshot, &contents);
            // Split the halves again, in place.
            let (mut a, mut b) = (left, right);
            let a2 = a.split_off(at / 2);
            let b2 = b.split_off((n - at) / 2);
            check(&a, &contents[..at / 2]);
            check(&a2, &contents[at / 2..at]);
            check(&b, &contents[at..at + (n - at) / 2]);
            check(&b2, &contents[at + (n - at) / 2..]);
        }
    }
}

/// `binary_search` at every index (hits, and misses between and around the elements) on trees
/// built every way `build` knows (concatenations, `push_front`, slices, splits), with distinct
/// keys and with runs of equal keys (checked against `slice::partition_point`), and a bound on
/// the comparisons it makes.
#[test]
fn binary_search_every_index_every_build() {
    for n in [0, 1, 2, 5, 33, 200, scaled(3000)] {
        let distinct: Vec<u32> = (0..n as u32).map(|x| 2 * x + 1).collect();
        let runs: Vec<u32> = (0..n as u32).map(|x| x / 3).collect();
        for how in 0..6 {
            let v = build(&distinct, how);
            check(&v, &distinct);
            for (i, &x) in distinct.iter().enumerate() {
                assert_eq!(v.binary_search(&x), Ok(i), "hit {x}, n {n}, build {how}");
                assert_eq!(v.binary_search(&(x - 1)), Err(i), "miss {}", x - 1);
            }
            assert_eq!(
                v.binary_search(&(2 * n as u32 + 1)),
                Err(n),
                "miss past the end"
            );
            let calls = Cell::new(0usize);
            for x in [0, n as u32, 2 * n as u32 + 7] {
                calls.set(0);
                let found = v.binary_search_by(|e| {
                    calls.set(calls.get() + 1);
                    e.cmp(&x)
                });
                assert_eq!(found, distinct.binary_search(&x));
                let log2 = usize::BITS - n.max(1).leading_zeros();
                assert!(
                    calls.get() <= 2 * log2 as usize + 8,
                    "{} comparisons for n {n}",
                    calls.get()
                );
            }
            let w = build(&runs, how);
            for x in 0..=(n as u32 / 3 + 1) {
                let p = runs.partition_point(|&e| e < x);
                let want = if runs.get(p) == Some(&x) {
                    Ok(p)
                } else {
                    Err(p)
                };
                assert_eq!(
                    w.binary_search(&x),
                    want,
                    "runs: key {x}, n {n}, build {how}"
                );
                assert_eq!(w.binary_search_by_key(&x, |&e| e), want);
            }
        }
    }
}

/// `binary_search` where the match lies in the front buffer, the tree and the back buffer of
/// one vector (pushes at both ends around an appended middle).
#[test]
fn binary_search_across_buffers_and_tree() {
    let mut v: Vector<i64> = (0..scaled(2000) as i64).collect();
    let mut w: Vector<i64> = (0..100).map(|x| -1000 + x).collect();
    w.append(v.clone());
    v = w;
    for k in 1..=20 {
        v.push_front(-1000 - k);
        v.push_back(100_000 + k);
    }
    let model: Vec<i64> = v.iter().copied().collect();
    check(&v, &model);
    assert!(model.windows(2).all(|p| p[0] < p[1]));
    for (i, &x) in model.iter().enumerate() {
        assert_eq!(v.binary_search(&x), Ok(i));
        assert_eq!(v.binary_search(&(x + 1)), model.binary_search(&(x + 1)));
        assert_eq!(v.binary_search(&(x - 1)), model.binary_search(&(x - 1)));
    }
}

/// `fold` (which `sum`, `for_each`, `collect` into some types and the other folds use) walks
/// the tree by recursion, cut off by the count left: check it on ranges and on iterators already
/// advanced from either end, on every build shape, against the model.
#[test]
fn fold_after_steps_from_both_ends_matches_the_model() {
    let n = scaled(2500);
    let model: Vec<u32> = (0..n as u32).collect();
    let mut rng = Rng(0x5eed);
    for how in 0..6 {
        let v = build(&model, how);
        for _ in 0..60 {
            let lo = rng.below(n + 1);
            let hi = lo + rng.below(n + 1 - lo);
            let (a, b) = (rng.below(hi - lo + 1), rng.below(hi - lo + 1));
            let (front, back) = (a.min(b), (hi - lo) - a.max(b));
            let want = &model[lo + front..hi - back];
            let mut it = v.range(lo..hi);
            for _ in 0..front {
                it.next();
            }
            for _ in 0..back {
                it.next_back();
            }
            let got = it.clone().fold(Vec::new(), |mut acc, &x| {
                acc.push(x);
                acc
            });
            assert_eq!(
                got, want,
                "build {how}, range {lo}..{hi}, steps {front}/{back}"
            );
            assert_eq!(
                it.map(|&x| u64::from(x)).sum::<u64>(),
                want.iter().map(|&x| u64::from(x)).sum::<u64>()
            );
        }
        let mut leaves = v.leaves();
        let first = leaves.next();
        let last = leaves.next_back();
        let mut flat: Vec<u32> = first.into_iter().flatten().copied().collect();
        flat = leaves.fold(flat, |mut acc, s| {
            assert!(!s.is_empty(), "an empty leaf slice");
            acc.extend_from_slice(s);
            acc
        });
        flat.extend(last.into_iter().flatten());
        assert_eq!(flat, model, "leaves().fold, build {how}");
    }
}
