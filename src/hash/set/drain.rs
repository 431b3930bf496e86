//! [`HashSet::drain`] and [`HashSet::extract_if`], on top of the map's versions (a set is a map
//! to `()`).

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::iter::FusedIterator;

use super::HashSet;
use crate::hash::map::drain::{Drain as MapDrain, Extract};

impl<T: Clone, S> HashSet<T, S> {
    /// Removes every element and returns them as an owning iterator; the set is left empty.
    /// O(1) to call, amortized O(1) per step: elements move out of nodes this set held alone and
    /// are cloned from nodes a snapshot shares (the snapshot does not change).
    ///
    /// # Example
    ///
    /// ```
    /// let mut set: cowtree::HashSet<_> = [1, 2].into();
    /// let mut all: Vec<i32> = set.drain().collect();
    /// all.sort();
    /// assert_eq!(all, [1, 2]);
    /// assert!(set.is_empty());
    /// ```
    pub fn drain(&mut self) -> Drain<'_, T> {
        Drain {
            inner: self.map.drain(),
        }
    }
}

impl<T, S> HashSet<T, S>
where
    T: Hash + Eq + Clone,
    S: BuildHasher,
{
    /// An iterator that removes and yields the elements for which `pred` returns true (std's
    /// `HashSet::extract_if`). An element for which `pred` returns false, or panics, stays; if
    /// the iterator is dropped before the end, the elements it has not visited stay too.
    ///
    /// Cost: nothing until the first call to `next`, which clones every element (the list to
    /// visit, O(n)); then O(log n) per element visited, copying only the paths of removed
    /// elements that a snapshot shares.
    ///
    /// # Example
    ///
    /// ```
    /// let mut set: cowtree::HashSet<u32> = (0..8).collect();
    /// let mut odd: Vec<u32> = set.extract_if(|x| x % 2 == 1).collect();
    /// odd.sort();
    /// assert_eq!(odd, [1, 3, 5, 7]);
    /// assert_eq!(set.len(), 4);
    /// ```
    pub fn extract_if<F>(&mut self, pred: F) -> ExtractIf<'_, T, F, S>
    where
        F: FnMut(&T) -> bool,
    {
        ExtractIf {
            core: Extract::new(&mut self.map),
            pred,
        }
    }
}

/// The elements removed by [`HashSet::drain`], as an owning iterator (exact-size). The set is
/// already empty when it is made.
///
/// # Example
///
/// ```
/// let mut set: cowtree::HashSet<_> = [1].into();
/// assert_eq!(set.drain().len(), 1);
/// ```
pub struct Drain<'a, T> {
    inner: MapDrain<'a, T, ()>,
}

impl<T> fmt::Debug for Drain<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Drain").finish_non_exhaustive()
    }
}

impl<T: Clone> Iterator for Drain<'_, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        self.inner.next().map(|(x, ())| x)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T: Clone> ExactSizeIterator for Drain<'_, T> {}
impl<T: Clone> FusedIterator for Drain<'_, T> {}

/// The iterator made by [`HashSet::extract_if`]: it removes and yields the elements its
/// predicate accepts.
///
/// # Example
///
/// ```
/// let mut set: cowtree::HashSet<_> = [1, 2].into();
/// assert_eq!(set.extract_if(|x| *x == 2).collect::<Vec<_>>(), [2]);
/// assert_eq!(set.len(), 1);
/// ```
#[must_use = "iterators are lazy and do nothing unless consumed; use `retain` to remove elements"]
pub struct ExtractIf<'a, T, F, S = RandomState> {
    core: Extract<'a, T, (), S>,
    pred: F,
}

impl<T, F, S> fmt::Debug for ExtractIf<'_, T, F, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExtractIf").finish_non_exhaustive()
    }
}

impl<T, F, S> Iterator for ExtractIf<'_, T, F, S>
where
    T: Hash + Eq + Clone,
    S: BuildHasher,
    F: FnMut(&T) -> bool,
{
    type Item = T;

    fn next(&mut self) -> Option<T> {
        let pred = &mut self.pred;
        self.core.next_with(&mut |x, ()| pred(x)).map(|(x, ())| x)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.core.size_hint()
    }
}

impl<T, F, S> FusedIterator for ExtractIf<'_, T, F, S>
where
    T: Hash + Eq + Clone,
    S: BuildHasher,
    F: FnMut(&T) -> bool,
{
}

#[cfg(test)]
mod tests {
    use crate::HashSet;
    use std::collections::HashSet as Model;

    #[test]
    fn drain_and_extract_if_match_std() {
        for n in [0u32, 1, 40, 4000] {
            let mut set: HashSet<u32> = (0..n).collect();
            let snapshot = set.clone();
            let mut model: Model<u32> = (0..n).collect();
            let got: Model<u32> = set.extract_if(|x| x % 5 == 1).collect();
            let want: Model<u32> = model.iter().copied().filter(|x| x % 5 == 1).collect();
            model.retain(|x| x % 5 != 1);
            assert_eq!(got, want);
            set.check_invariants();
            assert_eq!(set.iter().copied().collect::<Model<u32>>(), model);
            let d = set.drain();
            assert_eq!(d.len(), model.len());
            assert_eq!(d.collect::<Model<u32>>(), model);
            assert!(set.is_empty());
            snapshot.check_invariants();
            assert_eq!(snapshot.len(), n as usize);
        }
    }
}
