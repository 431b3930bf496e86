//! The set's iterators and diff, thin wrappers over the map's (a set is a map to `()`).

use std::fmt;
use std::iter::FusedIterator;

use super::HashSet;
use std::borrow::Borrow;
use std::hash::{BuildHasher, Hash};

use crate::hash::map::iter::{GetMany, IntoKeys, Keys};

/// An iterator over a [`HashSet`]'s elements, made by [`HashSet::iter`].
///
/// # Example
///
/// ```
/// let set: cowtree::HashSet<_> = [1].into();
/// assert_eq!(set.iter().len(), 1);
/// ```
pub struct Iter<'a, T> {
    pub(super) inner: Keys<'a, T, ()>,
}

/// An owning iterator over a [`HashSet`]'s elements (cloned from nodes a snapshot shares).
///
/// # Example
///
/// ```
/// let set: cowtree::HashSet<_> = [1].into();
/// assert_eq!(set.into_iter().collect::<Vec<_>>(), [1]);
/// ```
pub struct IntoIter<T> {
    pub(super) inner: IntoKeys<T, ()>,
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        self.inner.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}
impl<T> FusedIterator for Iter<'_, T> {}

impl<T> Clone for Iter<'_, T> {
    fn clone(&self) -> Self {
        Iter {
            inner: self.inner.clone(),
        }
    }
}

impl<T: Clone> Iterator for IntoIter<T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        self.inner.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T: Clone> ExactSizeIterator for IntoIter<T> {}
impl<T: Clone> FusedIterator for IntoIter<T> {}

impl<T> fmt::Debug for Iter<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Iter").field("inner", &self.inner).finish()
    }
}

impl<T> fmt::Debug for IntoIter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IntoIter")
            .field("inner", &self.inner)
            .finish()
    }
}

impl<'a, T, S> IntoIterator for &'a HashSet<T, S> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<T: Clone, S> IntoIterator for HashSet<T, S> {
    type Item = T;
    type IntoIter = IntoIter<T>;

    /// Moves elements out of nodes this version holds alone, clones them from shared ones.
    fn into_iter(self) -> IntoIter<T> {
        IntoIter {
            inner: IntoKeys {
                inner: self.map.into_iter(),
            },
        }
    }
}

/// Whether a set holds each of a sequence of values, made by
/// [`HashSet::contains_many`]: one `bool` per value, in order.
///
/// # Example
///
/// ```
/// let set: cowtree::HashSet<u32> = [1, 2].into();
/// assert!(set.contains_many(&[1, 2]).all(|b| b));
/// ```
pub struct ContainsMany<'a, 'k, T, Q: ?Sized, I, S> {
    pub(super) inner: GetMany<'a, 'k, T, (), Q, I, S>,
}

impl<'k, T, Q, I, S> Iterator for ContainsMany<'_, 'k, T, Q, I, S>
where
    T: Borrow<Q>,
    Q: Hash + Eq + ?Sized + 'k,
    I: Iterator<Item = &'k Q>,
    S: BuildHasher,
{
    type Item = bool;

    #[inline]
    fn next(&mut self) -> Option<bool> {
        self.inner.next().map(|found| found.is_some())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<'k, T, Q, I, S> ExactSizeIterator for ContainsMany<'_, 'k, T, Q, I, S>
where
    T: Borrow<Q>,
    Q: Hash + Eq + ?Sized + 'k,
    I: ExactSizeIterator<Item = &'k Q>,
    S: BuildHasher,
{
}

impl<'k, T, Q, I, S> FusedIterator for ContainsMany<'_, 'k, T, Q, I, S>
where
    T: Borrow<Q>,
    Q: Hash + Eq + ?Sized + 'k,
    I: Iterator<Item = &'k Q>,
    S: BuildHasher,
{
}

impl<T, Q: ?Sized, I, S> fmt::Debug for ContainsMany<'_, '_, T, Q, I, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ContainsMany").finish_non_exhaustive()
    }
}
