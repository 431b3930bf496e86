//! Range queries: [`OrdMap::range`] and [`OrdMap::range_mut`]. A range's bounds become two ranks
//! (from the subtree counts), so a range iterator knows its exact length.

use std::borrow::Borrow;
use std::ops::{Bound, RangeBounds};

use super::iter::{mapped_iter, Iter, IterMut};
use super::OrdMap;
use crate::ord::node::cursor::Span;
use std::fmt;
use std::iter::FusedIterator;

impl<K: Ord, V> OrdMap<K, V> {
    /// The ranks `lo..hi` of the entries inside `range`.
    ///
    /// # Panics
    ///
    /// As std's `BTreeMap::range`: if the start is above the end, or both are equal and excluded.
    pub(crate) fn rank_range<T, R>(&self, range: &R) -> (usize, usize)
    where
        T: Ord + ?Sized,
        K: Borrow<T>,
        R: RangeBounds<T>,
    {
        match (range.start_bound(), range.end_bound()) {
            (Bound::Excluded(s), Bound::Excluded(e)) if s == e => {
                panic!("range start and end are equal and excluded in OrdMap (std's BTreeMap panics too)")
            }
            (Bound::Included(s) | Bound::Excluded(s), Bound::Included(e) | Bound::Excluded(e))
                if s > e =>
            {
                panic!(
                    "range start is greater than range end in OrdMap (std's BTreeMap panics too)"
                )
            }
            _ => {}
        }
        let Some(root) = self.root.as_ref() else {
            return (0, 0);
        };
        let lo = match range.start_bound() {
            Bound::Unbounded => 0,
            Bound::Included(k) => root.count_below(k, false),
            Bound::Excluded(k) => root.count_below(k, true),
        };
        let hi = match range.end_bound() {
            Bound::Unbounded => root.len(),
            Bound::Included(k) => root.count_below(k, true),
            Bound::Excluded(k) => root.count_below(k, false),
        };
        (lo, hi.max(lo))
    }

    /// The entries whose keys lie in `range`, in ascending order: double-ended and exact-size.
    /// O(log n) to make, amortized O(1) per step, no allocation.
    ///
    /// # Panics
    ///
    /// As std's: if the range's start is above its end, or both are equal and excluded.
    ///
    /// # Example
    ///
    /// ```
    /// let map: cowtree::OrdMap<u32, u32> = (0..100).map(|i| (i, i)).collect();
    /// let r: Vec<_> = map.range(10..13).map(|(k, _)| *k).collect();
    /// assert_eq!(r, [10, 11, 12]);
    /// assert_eq!(map.range(..=50).len(), 51);
    /// ```
    pub fn range<T, R>(&self, range: R) -> Range<'_, K, V>
    where
        T: Ord + ?Sized,
        K: Borrow<T>,
        R: RangeBounds<T>,
    {
        let (lo, hi) = self.rank_range(&range);
        Range(Iter {
            span: Span::new(self.root_ref(), lo, hi),
        })
    }
}

impl<K: Ord + Clone, V: Clone> OrdMap<K, V> {
    /// The entries whose keys lie in `range`, with mutable values. O(log n + leaves in range) to
    /// make (the leaves are made unique, copying shared ones, and gathered); O(1) per step.
    ///
    /// # Panics
    ///
    /// As [`range`](OrdMap::range).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map: cowtree::OrdMap<u32, u32> = (0..10).map(|i| (i, i)).collect();
    /// for (_, v) in map.range_mut(5..) { *v = 0; }
    /// assert_eq!(map.values().sum::<u32>(), 0 + 1 + 2 + 3 + 4);
    /// ```
    pub fn range_mut<T, R>(&mut self, range: R) -> RangeMut<'_, K, V>
    where
        T: Ord + ?Sized,
        K: Borrow<T>,
        R: RangeBounds<T>,
    {
        let (lo, hi) = self.rank_range(&range);
        RangeMut(IterMut::new(self, lo, hi))
    }
}

mapped_iter!(
    /// The entries of an [`OrdMap`] in a key range, made by [`OrdMap::range`].
    ///
    /// # Example
    ///
    /// ```
    /// let map = cowtree::OrdMap::from([(1, 'a'), (2, 'b'), (3, 'c')]);
    /// assert_eq!(map.range(2..).next_back(), Some((&3, &'c')));
    /// ```
    Range<'a, K, V>, Iter<'a, K, V>, (&'a K, &'a V), |x| x
);
mapped_iter!(
    /// The entries of an [`OrdMap`] in a key range, with mutable values, made by
    /// [`OrdMap::range_mut`].
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::OrdMap::from([(1, 'a'), (2, 'b')]);
    /// assert_eq!(map.range_mut(2..).len(), 1);
    /// ```
    RangeMut<'a, K, V>, IterMut<'a, K, V>, (&'a K, &'a mut V), |x| x
);

impl<K, V> Clone for Range<'_, K, V> {
    fn clone(&self) -> Self {
        Range(self.0.clone())
    }
}
