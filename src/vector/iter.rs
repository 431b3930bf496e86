//! Iterators: leaf slices ([`Leaves`]), elements ([`Iter`], [`IterMut`], [`IntoIter`]).
//!
//! [`Leaves`] walks the tree with the tree layer's two-ended leaf cursor; [`Iter`] is a slice
//! iterator over the current leaf at each end, refilled from [`Leaves`]. Folds (`sum`,
//! `for_each`, ...) skip the cursors and walk the tree by recursion. [`IterMut`] uses the
//! writable cursor, which copies shared nodes as it reaches them; [`IntoIter`] pops leaves off
//! the tree's ends. The methods that make them (`iter`, `range`, `leaves`, `iter_mut`) live here.

use super::tree::{Leaf, LeavesMut, Tree, TreeLeaves, B};
use super::{resolve_range, Vector};
use std::fmt;
use std::iter::FusedIterator;
use std::ops::RangeBounds;
use triomphe::Arc;

impl<T> Vector<T> {
    /// An iterator over references to the elements, front to back. Creating it is O(log n);
    /// each step is O(1) amortized (it walks leaf slices, not a root descent per element).
    ///
    /// # Example
    ///
    /// ```
    /// let v: cowtree::Vector<u32> = (1..=4).collect();
    /// assert_eq!(v.iter().rev().copied().collect::<Vec<_>>(), vec![4, 3, 2, 1]);
    /// ```
    pub fn iter(&self) -> Iter<'_, T> {
        Iter::new(self, 0, self.len())
    }

    /// An iterator over the elements in `range`. O(log n) to create.
    ///
    /// # Panics
    ///
    /// If the range is out of bounds or decreasing.
    ///
    /// # Example
    ///
    /// ```
    /// let v: cowtree::Vector<u32> = (0..100).collect();
    /// assert_eq!(v.range(10..13).copied().collect::<Vec<_>>(), vec![10, 11, 12]);
    /// ```
    pub fn range(&self, range: impl RangeBounds<usize>) -> Iter<'_, T> {
        let (s, e) = resolve_range(range, self.len());
        Iter::new(self, s, e)
    }

    /// The contiguous slices the elements are stored in (leaves of at most 32 elements), front
    /// to back; never empty. The front buffer (the up to 32 elements last pushed at the front,
    /// which it keeps in reverse order) comes as one-element slices. O(log n) to create, O(1)
    /// amortized per slice.
    ///
    /// # Example
    ///
    /// ```
    /// let v: cowtree::Vector<u32> = (0..100).collect();
    /// let total: u32 = v.leaves().map(|s| s.iter().sum::<u32>()).sum();
    /// assert_eq!(total, 4950);
    /// ```
    pub fn leaves(&self) -> Leaves<'_, T> {
        Leaves::new(self, 0, self.len())
    }
}

impl<T: Clone> Vector<T> {
    /// An iterator over mutable references, front to back (double-ended). O(log n) to create,
    /// O(1) amortized per element; each leaf shared with another version is copied (with the
    /// branches above it) when the iteration reaches it.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v: cowtree::Vector<u32> = (0..5).collect();
    /// for x in v.iter_mut() {
    ///     *x += 1;
    /// }
    /// assert_eq!(v.iter().sum::<u32>(), 15);
    /// ```
    pub fn iter_mut(&mut self) -> IterMut<'_, T> {
        IterMut::new(self)
    }
}

/// An iterator over the leaf slices of a [`Vector`] (each at most 32 elements, never empty),
/// front to back; double-ended. Created by [`Vector::leaves`].
///
/// # Example
///
/// ```
/// let v: cowtree::Vector<u8> = (0..=255).collect();
/// assert_eq!(v.leaves().map(|s| s.len()).sum::<usize>(), 256);
/// ```
pub struct Leaves<'a, T> {
    /// The head buffer's part of the range, stored reversed: yielded one element at a time.
    head: std::slice::Iter<'a, T>,
    tree: TreeLeaves<'a, T>,
    tail: &'a [T],
}

impl<T> Clone for Leaves<'_, T> {
    fn clone(&self) -> Self {
        Leaves {
            head: self.head.clone(),
            tree: self.tree.clone(),
            tail: self.tail,
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Leaves<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// Clamps `[lo, hi)` to `[start, start + len)` and shifts it to start at 0.
fn clamp(lo: usize, hi: usize, start: usize, len: usize) -> (usize, usize) {
    let a = lo.clamp(start, start + len) - start;
    let b = hi.clamp(start, start + len) - start;
    (a, b.max(a))
}

impl<'a, T> Leaves<'a, T> {
    pub(crate) fn new(v: &'a Vector<T>, lo: usize, hi: usize) -> Self {
        let h = v.head.len();
        let t = v.tree.len;
        let (a, b) = clamp(lo, hi, 0, h);
        let head = v.head[h - b..h - a].iter();
        let (a, b) = clamp(lo, hi, h, t);
        let tree = TreeLeaves::new(&v.tree, a, b);
        let (a, b) = clamp(lo, hi, h + t, v.tail.len());
        let tail = &v.tail[a..b];
        Leaves { head, tree, tail }
    }
}

impl<T> Leaves<'_, T> {
    /// Elements in the slices not yet yielded.
    fn remaining(&self) -> usize {
        self.head.len() + self.tree.remaining + self.tail.len()
    }
}

impl<'a, T> Iterator for Leaves<'a, T> {
    type Item = &'a [T];

    fn next(&mut self) -> Option<&'a [T]> {
        if let Some(x) = self.head.next_back() {
            return Some(std::slice::from_ref(x));
        }
        if let Some(s) = self.tree.next_front() {
            return Some(s);
        }
        if !self.tail.is_empty() {
            return Some(std::mem::take(&mut self.tail));
        }
        None
    }

    /// Walks the tree part by recursion rather than by cursor steps (`sum`, `for_each` and the
    /// other folds of [`Iter`] come here).
    fn fold<Acc, G: FnMut(Acc, &'a [T]) -> Acc>(self, init: Acc, mut g: G) -> Acc {
        let mut acc = init;
        for x in self.head.rev() {
            acc = g(acc, std::slice::from_ref(x));
        }
        acc = self.tree.fold(acc, &mut g);
        if self.tail.is_empty() {
            acc
        } else {
            g(acc, self.tail)
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (usize::from(self.remaining() > 0), Some(self.remaining()))
    }
}

impl<'a, T> DoubleEndedIterator for Leaves<'a, T> {
    fn next_back(&mut self) -> Option<&'a [T]> {
        if !self.tail.is_empty() {
            return Some(std::mem::take(&mut self.tail));
        }
        if let Some(s) = self.tree.next_back() {
            return Some(s);
        }
        self.head.next().map(std::slice::from_ref)
    }
}

impl<T> FusedIterator for Leaves<'_, T> {}

/// An iterator over references to the elements of a [`Vector`]; double-ended and exact-size.
/// Created by [`Vector::iter`] and [`Vector::range`].
///
/// # Example
///
/// ```
/// let v: cowtree::Vector<u32> = (0..10).collect();
/// let mut it = v.iter();
/// assert_eq!((it.next(), it.next_back(), it.len()), (Some(&0), Some(&9), 8));
/// ```
pub struct Iter<'a, T> {
    front: std::slice::Iter<'a, T>,
    back: std::slice::Iter<'a, T>,
    leaves: Leaves<'a, T>,
}

impl<T> Clone for Iter<'_, T> {
    fn clone(&self) -> Self {
        Iter {
            front: self.front.clone(),
            back: self.back.clone(),
            leaves: self.leaves.clone(),
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Iter<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

impl<'a, T> Iter<'a, T> {
    pub(crate) fn new(v: &'a Vector<T>, lo: usize, hi: usize) -> Self {
        Iter {
            front: [].iter(),
            back: [].iter(),
            leaves: Leaves::new(v, lo, hi),
        }
    }
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = &'a T;

    #[inline]
    fn next(&mut self) -> Option<&'a T> {
        loop {
            if let Some(x) = self.front.next() {
                return Some(x);
            }
            match self.leaves.next() {
                Some(s) => self.front = s.iter(),
                None => return self.back.next(),
            }
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.front.len() + self.back.len() + self.leaves.remaining();
        (n, Some(n))
    }

    fn fold<Acc, F: FnMut(Acc, &'a T) -> Acc>(self, init: Acc, mut f: F) -> Acc {
        let acc = self.front.fold(init, &mut f);
        let acc = self
            .leaves
            .fold(acc, |acc, s: &'a [T]| s.iter().fold(acc, &mut f));
        self.back.fold(acc, f)
    }
}

impl<'a, T> DoubleEndedIterator for Iter<'a, T> {
    #[inline]
    fn next_back(&mut self) -> Option<&'a T> {
        loop {
            if let Some(x) = self.back.next_back() {
                return Some(x);
            }
            match self.leaves.next_back() {
                Some(s) => self.back = s.iter(),
                None => return self.front.next_back(),
            }
        }
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}
impl<T> FusedIterator for Iter<'_, T> {}

/// An iterator over mutable references to the elements of a [`Vector`]; double-ended and
/// exact-size. Created by [`Vector::iter_mut`]. Copy-on-write as it goes: each leaf (and each
/// branch above it) shared with another version is copied when the iteration reaches it, so an
/// iteration stopped early copies only what it visited. O(log n) memory. If a `Clone` panics
/// while a shared leaf is being copied, the vector stays valid and what the caller already wrote
/// through the references it was given stays written.
///
/// # Example
///
/// ```
/// let mut v: cowtree::Vector<u32> = (0..10).collect();
/// v.iter_mut().for_each(|x| *x *= 2);
/// assert_eq!(v[9], 18);
/// ```
pub struct IterMut<'a, T> {
    /// The head buffer, stored reversed.
    head: std::slice::IterMut<'a, T>,
    front: std::slice::IterMut<'a, T>,
    leaves: LeavesMut<'a, T>,
    back: std::slice::IterMut<'a, T>,
    tail: std::slice::IterMut<'a, T>,
    len: usize,
}

impl<T: fmt::Debug> fmt::Debug for IterMut<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IterMut").field("len", &self.len).finish()
    }
}

impl<'a, T: Clone> IterMut<'a, T> {
    pub(crate) fn new(v: &'a mut Vector<T>) -> Self {
        let len = v.len();
        IterMut {
            head: v.head.slice_mut().iter_mut(),
            front: [].iter_mut(),
            leaves: LeavesMut::new(&mut v.tree),
            back: [].iter_mut(),
            tail: v.tail.slice_mut().iter_mut(),
            len,
        }
    }
}

impl<'a, T: Clone> Iterator for IterMut<'a, T> {
    type Item = &'a mut T;

    fn next(&mut self) -> Option<&'a mut T> {
        let x = self.head.next_back().or_else(|| loop {
            if let Some(x) = self.front.next() {
                return Some(x);
            }
            match self.leaves.next_leaf(false) {
                Some(s) => self.front = s.iter_mut(),
                None => return self.back.next().or_else(|| self.tail.next()),
            }
        })?;
        self.len -= 1;
        Some(x)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.len, Some(self.len))
    }
}

impl<'a, T: Clone> DoubleEndedIterator for IterMut<'a, T> {
    fn next_back(&mut self) -> Option<&'a mut T> {
        let x = self.tail.next_back().or_else(|| loop {
            if let Some(x) = self.back.next_back() {
                return Some(x);
            }
            match self.leaves.next_leaf(true) {
                Some(s) => self.back = s.iter_mut(),
                None => return self.front.next_back().or_else(|| self.head.next()),
            }
        })?;
        self.len -= 1;
        Some(x)
    }
}

impl<T: Clone> ExactSizeIterator for IterMut<'_, T> {}
impl<T: Clone> FusedIterator for IterMut<'_, T> {}

/// An owning iterator over the elements of a [`Vector`]; double-ended and exact-size. It takes
/// one leaf at a time off either end of the tree (O(1) amortized, O(log n) memory): leaves this
/// version owns alone are moved out, shared ones are cloned.
///
/// # Example
///
/// ```
/// let v: cowtree::Vector<String> = ["a", "b"].iter().map(|s| s.to_string()).collect();
/// let all: Vec<String> = v.into_iter().collect();
/// assert_eq!(all, ["a", "b"]);
/// ```
pub struct IntoIter<T: Clone> {
    front: arrayvec::IntoIter<T, B>,
    tree: Tree<T>,
    back: arrayvec::IntoIter<T, B>,
}

impl<T: Clone + fmt::Debug> fmt::Debug for IntoIter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IntoIter")
            .field("len", &self.len())
            .finish()
    }
}

fn unwrap_leaf<T: Clone>(l: Option<Arc<Leaf<T>>>) -> arrayvec::IntoIter<T, B> {
    l.map_or_else(Leaf::new, Arc::unwrap_or_clone).into_iter()
}

impl<T: Clone> IntoIter<T> {
    pub(crate) fn new(mut v: Vector<T>) -> Self {
        IntoIter {
            front: unwrap_leaf(v.head.take().map(super::in_order)),
            tree: std::mem::take(&mut v.tree),
            back: unwrap_leaf(v.tail.take()),
        }
    }
}

impl<T: Clone> Iterator for IntoIter<T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        loop {
            if let Some(x) = self.front.next() {
                return Some(x);
            }
            if self.tree.len == 0 {
                return self.back.next();
            }
            self.front = unwrap_leaf(Some(self.tree.pop_front_leaf()));
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.front.len() + self.tree.len + self.back.len();
        (n, Some(n))
    }
}

impl<T: Clone> DoubleEndedIterator for IntoIter<T> {
    fn next_back(&mut self) -> Option<T> {
        loop {
            if let Some(x) = self.back.next_back() {
                return Some(x);
            }
            if self.tree.len == 0 {
                return self.front.next_back();
            }
            self.back = unwrap_leaf(Some(self.tree.pop_back_leaf()));
        }
    }
}

impl<T: Clone> ExactSizeIterator for IntoIter<T> {}
impl<T: Clone> FusedIterator for IntoIter<T> {}
