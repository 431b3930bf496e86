//! Helpers shared by the Vector integration tests.
#![allow(dead_code)]

use cowtree::Vector;
use std::fmt::Debug;

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
            big.extend(std::iter::repeat(9).take(contents.len() / 2 + 3));
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
            let mut v: Vector<u32> = std::iter::repeat(1).take(contents.len() / 2 + 5).collect();
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
