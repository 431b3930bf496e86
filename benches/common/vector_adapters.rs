//! One adapter per vector contender, behind [`VecBench`], so every benchmark is written once.

use std::collections::VecDeque;

/// What a vector benchmark needs of a contender (`u64` elements).
pub trait VecBench: Clone {
    /// Column name.
    const NAME: &'static str;
    /// Whether `clone` is an O(1) snapshot (the snapshot loops skip the others).
    const PERSISTENT: bool;
    /// Whether the contender has `push_front`, `append` and `split_at` (rpds has none of them).
    const HAS_SPLICE: bool;
    /// The type `push_front` builds (std: `VecDeque`; the others: themselves).
    type Front;
    /// An empty vector.
    fn empty() -> Self;
    /// Appends one element.
    fn push(&mut self, v: u64);
    /// Removes the last element.
    fn pop(&mut self) -> Option<u64>;
    /// The element at `i` (panics when out of range: the benches only use valid indices).
    fn at(&self, i: usize) -> u64;
    /// Replaces the element at `i`.
    fn put(&mut self, i: usize, v: u64);
    /// Sum of all elements (wrapping), by iteration.
    fn sum(&self) -> u64;
    /// Number of elements.
    fn size(&self) -> usize;
    /// An empty front-built vector.
    fn front_empty() -> Self::Front;
    /// Prepends one element.
    fn front_push(f: &mut Self::Front, v: u64);
    /// Number of elements of a front-built vector.
    fn front_size(f: &Self::Front) -> usize;
    /// `self` followed by `other`.
    fn concat(self, other: Self) -> Self;
    /// The first `at` elements and the rest.
    fn split(self, at: usize) -> (Self, Self);

    /// A vector of `values`, built by `push`.
    fn build(values: &[u64]) -> Self {
        let mut v = Self::empty();
        for &x in values {
            v.push(x);
        }
        v
    }

    /// A vector of `values` for the memory figure: built by `push`, except std's `Vec`, which is
    /// the exact-capacity reference.
    fn build_exact(values: &[u64]) -> Self {
        Self::build(values)
    }
}

/// `Vec`: the floor (and `VecDeque` for `push_front`).
pub type StdVec = Vec<u64>;

impl VecBench for StdVec {
    const NAME: &'static str = "std";
    const PERSISTENT: bool = false;
    const HAS_SPLICE: bool = true;
    type Front = VecDeque<u64>;
    fn empty() -> Self {
        Vec::new()
    }
    fn push(&mut self, v: u64) {
        Vec::push(self, v);
    }
    fn build_exact(values: &[u64]) -> Self {
        values.to_vec()
    }
    fn pop(&mut self) -> Option<u64> {
        Vec::pop(self)
    }
    fn at(&self, i: usize) -> u64 {
        self[i]
    }
    fn put(&mut self, i: usize, v: u64) {
        self[i] = v;
    }
    fn sum(&self) -> u64 {
        self.iter().fold(0, |a, &v| a.wrapping_add(v))
    }
    fn size(&self) -> usize {
        self.len()
    }
    fn front_empty() -> Self::Front {
        VecDeque::new()
    }
    fn front_push(f: &mut Self::Front, v: u64) {
        f.push_front(v);
    }
    fn front_size(f: &Self::Front) -> usize {
        f.len()
    }
    fn concat(mut self, mut other: Self) -> Self {
        self.append(&mut other);
        self
    }
    fn split(mut self, at: usize) -> (Self, Self) {
        let tail = self.split_off(at);
        (self, tail)
    }
}

/// `imbl::Vector` (imbl's default pointer kind).
pub type ImblVec = imbl::Vector<u64>;

impl VecBench for ImblVec {
    const NAME: &'static str = "imbl";
    const PERSISTENT: bool = true;
    const HAS_SPLICE: bool = true;
    type Front = Self;
    fn empty() -> Self {
        imbl::Vector::new()
    }
    fn push(&mut self, v: u64) {
        self.push_back(v);
    }
    fn pop(&mut self) -> Option<u64> {
        self.pop_back()
    }
    fn at(&self, i: usize) -> u64 {
        self[i]
    }
    fn put(&mut self, i: usize, v: u64) {
        self.set(i, v);
    }
    fn sum(&self) -> u64 {
        self.iter().fold(0, |a, &v| a.wrapping_add(v))
    }
    fn size(&self) -> usize {
        self.len()
    }
    fn front_empty() -> Self::Front {
        imbl::Vector::new()
    }
    fn front_push(f: &mut Self::Front, v: u64) {
        f.push_front(v);
    }
    fn front_size(f: &Self::Front) -> usize {
        f.len()
    }
    fn concat(mut self, other: Self) -> Self {
        self.append(other);
        self
    }
    fn split(self, at: usize) -> (Self, Self) {
        self.split_at(at)
    }
}

/// `rpds::VectorSync` (its `Arc` flavour): push/pop at the back, index and set only.
pub type RpdsVec = rpds::VectorSync<u64>;

impl VecBench for RpdsVec {
    const NAME: &'static str = "rpds";
    const PERSISTENT: bool = true;
    const HAS_SPLICE: bool = false;
    type Front = ();
    fn empty() -> Self {
        rpds::Vector::new_sync()
    }
    fn push(&mut self, v: u64) {
        self.push_back_mut(v);
    }
    fn pop(&mut self) -> Option<u64> {
        let last = self.last().copied();
        self.drop_last_mut();
        last
    }
    fn at(&self, i: usize) -> u64 {
        self[i]
    }
    fn put(&mut self, i: usize, v: u64) {
        self.set_mut(i, v);
    }
    fn sum(&self) -> u64 {
        self.iter().fold(0, |a, &v| a.wrapping_add(v))
    }
    fn size(&self) -> usize {
        self.len()
    }
    fn front_empty() -> Self::Front {}
    fn front_push(_: &mut Self::Front, _: u64) {
        unreachable!("rpds::Vector has no push_front")
    }
    fn front_size(_: &Self::Front) -> usize {
        0
    }
    fn concat(self, _: Self) -> Self {
        unreachable!("rpds::Vector has no append")
    }
    fn split(self, _: usize) -> (Self, Self) {
        unreachable!("rpds::Vector has no split_at")
    }
}

pub use cow::CowVec;

mod cow {
    use super::VecBench;

    /// `cowtree::Vector`.
    pub type CowVec = cowtree::Vector<u64>;

    impl VecBench for CowVec {
        const NAME: &'static str = "cowtree";
        const PERSISTENT: bool = true;
        const HAS_SPLICE: bool = true;
        type Front = Self;
        fn empty() -> Self {
            cowtree::Vector::new()
        }
        fn push(&mut self, v: u64) {
            self.push_back(v);
        }
        fn pop(&mut self) -> Option<u64> {
            self.pop_back()
        }
        fn at(&self, i: usize) -> u64 {
            self[i]
        }
        fn put(&mut self, i: usize, v: u64) {
            self.set(i, v);
        }
        fn sum(&self) -> u64 {
            self.iter().fold(0, |a, &v| a.wrapping_add(v))
        }
        fn size(&self) -> usize {
            self.len()
        }
        fn front_empty() -> Self::Front {
            cowtree::Vector::new()
        }
        fn front_push(f: &mut Self::Front, v: u64) {
            f.push_front(v);
        }
        fn front_size(f: &Self::Front) -> usize {
            f.len()
        }
        fn concat(mut self, other: Self) -> Self {
            self.append(other);
            self
        }
        fn split(self, at: usize) -> (Self, Self) {
            self.split_at(at)
        }
    }
}
