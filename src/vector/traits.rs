//! Standard trait implementations for [`Vector`].

use super::tree::B;
use super::{diff, IntoIter, Iter, IterMut, Vector};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::iter::Sum;
use std::ops::{Add, Index, IndexMut};

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

impl<T: Clone> Add for Vector<T> {
    type Output = Vector<T>;

    /// Concatenation: `self` followed by `other`, as [`append`](Vector::append). O(log n).
    ///
    /// # Panics
    ///
    /// With "capacity overflow" if the joined length would pass `usize::MAX`.
    ///
    /// # Example
    ///
    /// ```
    /// let v = cowtree::Vector::from(vec![1, 2]) + cowtree::Vector::from(vec![3]);
    /// assert_eq!(v, cowtree::Vector::from(vec![1, 2, 3]));
    /// ```
    fn add(mut self, other: Self) -> Self {
        self.append(other);
        self
    }
}

impl<T: Clone> Add for &Vector<T> {
    type Output = Vector<T>;

    /// Concatenation into a new vector sharing the nodes of both. O(log n).
    ///
    /// # Panics
    ///
    /// With "capacity overflow" if the joined length would pass `usize::MAX`.
    ///
    /// # Example
    ///
    /// ```
    /// let a = cowtree::Vector::from(vec![1, 2]);
    /// let b = cowtree::Vector::from(vec![3]);
    /// assert_eq!(&a + &b, cowtree::Vector::from(vec![1, 2, 3]));
    /// assert_eq!(a.len(), 2);
    /// ```
    fn add(self, other: Self) -> Vector<T> {
        self.clone() + other.clone()
    }
}

impl<T: Clone> Sum for Vector<T> {
    /// The concatenation of all the vectors, in order. O(k log n) for k vectors.
    ///
    /// # Panics
    ///
    /// With "capacity overflow" if the total length would pass `usize::MAX`.
    ///
    /// # Example
    ///
    /// ```
    /// let parts = vec![cowtree::Vector::from(vec![1]), cowtree::Vector::from(vec![2, 3])];
    /// let all: cowtree::Vector<i32> = parts.into_iter().sum();
    /// assert_eq!(all, cowtree::Vector::from(vec![1, 2, 3]));
    /// ```
    fn sum<I: Iterator<Item = Vector<T>>>(iter: I) -> Self {
        iter.fold(Vector::new(), |acc, v| acc + v)
    }
}

impl<'a, T: Clone> Sum<&'a Vector<T>> for Vector<T> {
    /// The concatenation of all the vectors, in order, sharing their nodes. O(k log n).
    ///
    /// # Panics
    ///
    /// With "capacity overflow" if the total length would pass `usize::MAX`.
    ///
    /// # Example
    ///
    /// ```
    /// let parts = [cowtree::Vector::from(vec![1]), cowtree::Vector::from(vec![2, 3])];
    /// let all: cowtree::Vector<i32> = parts.iter().sum();
    /// assert_eq!(all.len(), 3);
    /// ```
    fn sum<I: Iterator<Item = &'a Vector<T>>>(iter: I) -> Self {
        iter.fold(Vector::new(), |acc, v| acc + v.clone())
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
