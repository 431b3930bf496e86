//! Standard trait implementations for [`Vector`].

use super::tree::B;
use super::{diff, IntoIter, Iter, IterMut, Vector};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Index, IndexMut};

impl<T: fmt::Debug> fmt::Debug for Vector<T> {
    /// Formats as a list, like a slice.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: PartialEq> PartialEq for Vector<T> {
    /// Element-wise equality. Subtrees that are the same node at the same position in both
    /// versions are skipped without looking at their elements, so comparing a vector with an
    /// edited snapshot of itself costs O(d log n) for d edits at the back or in place.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && (self.ptr_eq(other) || diff::first_change(self, other).is_none())
    }
}

impl<T: Eq> Eq for Vector<T> {}

impl<T: PartialOrd> PartialOrd for Vector<T> {
    /// Lexicographic order, like slices.
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.iter().partial_cmp(other.iter())
    }
}

impl<T: Ord> Ord for Vector<T> {
    /// Lexicographic order, like slices.
    fn cmp(&self, other: &Self) -> Ordering {
        self.iter().cmp(other.iter())
    }
}

impl<T: Hash> Hash for Vector<T> {
    /// Hashes like a slice of the same elements: the length, then `T::hash_slice` leaf by leaf.
    /// For element types whose `hash_slice` writes all bytes at once (integers), that equals the
    /// slice's hash with hashers whose `write` is streaming, like std's default `SipHash`.
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.len());
        for leaf in self.leaves() {
            T::hash_slice(leaf, state);
        }
    }
}

impl<T> Index<usize> for Vector<T> {
    type Output = T;

    /// # Panics
    ///
    /// If `index >= len`, naming the index and the length.
    fn index(&self, index: usize) -> &T {
        match self.get(index) {
            Some(x) => x,
            None => self.out_of_range(index),
        }
    }
}

impl<T: Clone> IndexMut<usize> for Vector<T> {
    /// Copies the path to the element if it is shared.
    ///
    /// # Panics
    ///
    /// If `index >= len`, naming the index and the length.
    fn index_mut(&mut self, index: usize) -> &mut T {
        let len = self.len();
        if index >= len {
            self.out_of_range(index);
        }
        self.get_mut(index).expect("index checked above")
    }
}

impl<T: Clone> FromIterator<T> for Vector<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut v = Vector::new();
        v.extend(iter);
        v
    }
}

impl<T: Clone> Extend<T> for Vector<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for x in iter {
            self.push_back(x);
        }
    }
}

impl<'a, T: Copy + 'a> Extend<&'a T> for Vector<T> {
    fn extend<I: IntoIterator<Item = &'a T>>(&mut self, iter: I) {
        for &x in iter {
            self.push_back(x);
        }
    }
}

impl<T: Clone> From<Vec<T>> for Vector<T> {
    fn from(v: Vec<T>) -> Self {
        v.into_iter().collect()
    }
}

impl<T: Clone> From<&[T]> for Vector<T> {
    fn from(s: &[T]) -> Self {
        s.iter().cloned().collect()
    }
}

impl<T: Clone> From<&Vec<T>> for Vector<T> {
    fn from(s: &Vec<T>) -> Self {
        s.iter().cloned().collect()
    }
}

impl<T: Clone, const N: usize> From<[T; N]> for Vector<T> {
    fn from(a: [T; N]) -> Self {
        a.into_iter().collect()
    }
}

impl<'a, T> IntoIterator for &'a Vector<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<'a, T: Clone> IntoIterator for &'a mut Vector<T> {
    type Item = &'a mut T;
    type IntoIter = IterMut<'a, T>;

    fn into_iter(self) -> IterMut<'a, T> {
        self.iter_mut()
    }
}

impl<T: Clone> IntoIterator for Vector<T> {
    type Item = T;
    type IntoIter = IntoIter<T>;

    fn into_iter(self) -> IntoIter<T> {
        IntoIter::new(self)
    }
}

// The leaf size is part of the documented layout.
const _: () = assert!(B.is_power_of_two());
