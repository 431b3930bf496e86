//! Lengths near `usize::MAX` (issue 15, section 1). Sharing makes them cheap: `repeat` builds
//! O(log n) nodes, and appending a vector to itself doubles it in O(log n). Every valid length
//! up to `usize::MAX` must work, and every operation that would pass it must panic with
//! "capacity overflow" before changing anything, in every build profile (the checks are
//! explicit, not overflow-checked arithmetic: run this file with `--release` too).

use cowtree::Vector;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Elements per leaf (the test-only small branching factor reaches deep trees).
#[cfg(not(cowtree_small_branching))]
const B: usize = 32;
#[cfg(cowtree_small_branching)]
const B: usize = 4;

/// Runs `f` on `v`, expects the "capacity overflow" panic, and checks that `v` is unchanged.
fn assert_overflows(v: &mut Vector<u8>, f: impl FnOnce(&mut Vector<u8>)) {
    let before = v.clone();
    let err = catch_unwind(AssertUnwindSafe(|| f(v))).expect_err("a length past usize::MAX");
    let msg = err
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| err.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    assert!(msg.contains("capacity overflow"), "panic message: {msg:?}");
    assert!(v.ptr_eq(&before), "the vector changed before the panic");
    assert_eq!(v.len(), before.len());
    v.check_invariants();
}

/// Checks length, ends and a few positions of a vector of `value` repeated `len` times, except
/// at `marks` (index, value).
fn assert_holds(v: &Vector<u8>, len: usize, value: u8, marks: &[(usize, u8)]) {
    v.check_invariants();
    assert_eq!(v.len(), len);
    assert_eq!(v.is_empty(), len == 0);
    let at = |i: usize| marks.iter().find(|m| m.0 == i).map_or(value, |m| m.1);
    for i in [0, 1, 5, len / 2, len / 3 * 2 + 7, len - 2, len - 1] {
        if i < len {
            assert_eq!(v.get(i), Some(&at(i)), "index {i} of {len}");
        }
    }
    assert_eq!(v.get(len), None);
    assert_eq!(v.front(), Some(&at(0)));
    assert_eq!(v.back(), Some(&at(len - 1)));
}

/// The smallest tree height for `len` elements in full leaves (the head and tail buffers hold
/// the rest).
fn min_height(len: usize) -> usize {
    let leaves = len / B;
    let mut h = 0;
    while B.checked_pow(h as u32).is_some_and(|c| c < leaves) {
        h += 1;
    }
    h
}

#[test]
fn repeat_at_every_length_from_2_pow_60_to_usize_max() {
    let lens = [
        1usize << 60,
        (1 << 60) + 32, // overflowed the size-table sum under `repeat` with overflow checks on
        (1 << 60) + 33,
        (1 << 63) - 1,
        1 << 63,
        (1 << 63) + 3 * B + 5,
        usize::MAX / B * B,
        usize::MAX - 1,
        usize::MAX,
    ];
    for len in lens {
        let v = Vector::repeat(3u8, len);
        assert_holds(&v, len, 3, &[]);
        assert_eq!(v.tree_height(), min_height(len), "height for {len}");
        assert!(v.heap_size() < 1 << 16, "repeat shares its subtrees");
    }
}

#[test]
fn self_append_up_to_2_pow_63_then_overflow() {
    // The first example: 2^63 elements are right; one more doubling does not fit.
    let mut v = Vector::repeat(7u8, 1usize << 60);
    for k in 1..=3 {
        let w = v.clone();
        v.append(w);
        assert_holds(&v, 1 << (60 + k), 7, &[]);
    }
    assert_overflows(&mut v, |v| {
        let w = v.clone();
        v.append(w)
    });
    // Odd lengths, with the partial leaves at the seam.
    let mut v = Vector::repeat(5u8, (1usize << 61) + 33);
    v.set(1 << 61, 9);
    let w = v.clone();
    v.append(w);
    let half = (1usize << 61) + 33;
    assert_holds(&v, 2 * half, 5, &[(1 << 61, 9), (half + (1 << 61), 9)]);
}

#[test]
fn pushes_and_inserts_at_usize_max_panic() {
    // The second example: push_back at usize::MAX wrapped the length to 0.
    let mut v = Vector::repeat(1u8, usize::MAX);
    assert_holds(&v, usize::MAX, 1, &[]);
    assert_overflows(&mut v, |v| v.push_back(2));
    assert_overflows(&mut v, |v| v.push_front(2));
    assert_overflows(&mut v, |v| v.insert(5, 2));
    assert_overflows(&mut v, |v| v.insert(usize::MAX / 2, 2));
    assert_overflows(&mut v, |v| v.extend([2u8]));
    assert_overflows(&mut v, |v| v.extend(&[2u8]));
    assert_overflows(&mut v, |v| v.extend_from_slice(&[2]));
    assert_overflows(&mut v, |v| v.append(Vector::from(vec![2])));
    // One short of the top: exactly one more fits, at either end.
    let mut v = Vector::repeat(1u8, usize::MAX - 1);
    v.push_back(2);
    assert_holds(&v, usize::MAX, 1, &[(usize::MAX - 1, 2)]);
    let mut v = Vector::repeat(1u8, usize::MAX - 1);
    v.push_front(2);
    assert_holds(&v, usize::MAX, 1, &[(0, 2)]);
    let mut v = Vector::repeat(1u8, usize::MAX - 1);
    v.insert(1 << 62, 2);
    assert_holds(&v, usize::MAX, 1, &[(1 << 62, 2)]);
    assert_overflows(&mut v, |v| v.push_back(2));
}

#[test]
fn append_resize_and_split_near_usize_max() {
    let mut a = Vector::repeat(1u8, usize::MAX - 100);
    a.append(Vector::repeat(2u8, 100));
    let marks: Vec<(usize, u8)> = (usize::MAX - 100..usize::MAX).map(|i| (i, 2)).collect();
    assert_holds(&a, usize::MAX, 1, &marks);
    assert_overflows(&mut a, |a| a.append(Vector::repeat(2u8, 1)));
    // Split at the middle and join again.
    let right = a.split_off(1 << 63);
    assert_holds(&a, 1 << 63, 1, &[]);
    assert_eq!(right.len(), usize::MAX - (1 << 63));
    a.append(right);
    assert_holds(&a, usize::MAX, 1, &marks);
    // Growing a short vector to the top by resize.
    let mut v = Vector::from(vec![4u8, 5, 6]);
    v.resize(usize::MAX, 9);
    assert_holds(&v, usize::MAX, 9, &[(0, 4), (1, 5), (2, 6)]);
    v.resize(usize::MAX, 0); // same length: nothing to do
    assert_eq!(v.len(), usize::MAX);
    // The drain of a huge middle leaves a short vector.
    let mut w = Vector::repeat(8u8, usize::MAX);
    let d = w.drain(10..usize::MAX - 10);
    assert_eq!(d.len(), usize::MAX - 20);
    drop(d);
    assert_holds(&w, 20, 8, &[]);
}

#[test]
fn huge_self_appends_compare_equal_by_sharing() {
    let mut v = Vector::repeat(0u8, (1usize << 62) + 1);
    let w = v.clone();
    v.append(w);
    let copy = v.clone();
    assert_eq!(v, copy);
    assert_eq!(v.len(), (1 << 63) + 2);
}

#[test]
fn add_and_sum_concatenate_and_check_the_length() {
    let parts: Vec<Vector<u8>> = (0..40u8)
        .map(|k| (0..k).map(|x| x.wrapping_mul(k)).collect())
        .collect();
    let model: Vec<u8> = parts.iter().flat_map(|p| p.iter().copied()).collect();
    let by_ref: Vector<u8> = parts.iter().sum();
    let by_add = parts.iter().fold(Vector::new(), |acc, p| &acc + p);
    let owned: Vector<u8> = parts.clone().into_iter().sum();
    for v in [&by_ref, &by_add, &owned] {
        v.check_invariants();
        assert!(v.iter().eq(model.iter()));
    }
    let big = Vector::repeat(1u8, usize::MAX / 2 + 1);
    let sum = &big + &Vector::repeat(2u8, usize::MAX / 2);
    sum.check_invariants();
    assert_eq!(sum.len(), usize::MAX);
    let half = usize::MAX / 2 + 1;
    assert_eq!(
        (sum[0], sum[half - 1], sum[half], sum[usize::MAX - 1]),
        (1, 1, 2, 2)
    );
    let err = catch_unwind(|| &big + &big).expect_err("2 * (usize::MAX / 2 + 1) does not fit");
    assert_eq!(err.downcast_ref::<&str>(), Some(&"capacity overflow"));
    let err = catch_unwind(|| [big.clone(), big.clone()].iter().sum::<Vector<u8>>());
    assert!(err.is_err());
}
