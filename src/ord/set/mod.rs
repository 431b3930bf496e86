//! [`OrdSet`]: a persistent sorted set, a thin wrapper over [`OrdMap<T, ()>`](crate::OrdMap),
//! with its iterator types. `ops.rs` holds the set algebra and the `| & - ^` operators, `diff.rs`
//! the diff between versions and its types.

mod diff;
mod ops;

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::iter::FusedIterator;
use std::ops::RangeBounds;

use crate::ord::map::iter::mapped_iter;
use crate::ord::map::{self, OrdMap};

pub use crate::set_diff::{Diff, DiffItem};

#[cfg(feature = "rayon")]
pub use crate::ord::integrations::rayon::SetParIter as ParIter;

/// A persistent sorted set: a B+tree whose `clone()` is an O(1) snapshot, with the API of std's
/// [`BTreeSet`](std::collections::BTreeSet) plus order statistics, set algebra that reuses shared
/// subtrees, O(log n) split and join, and sharing figures. See [`OrdMap`] for the costs.
///
/// # Example
///
/// ```
/// use cowtree::OrdSet;
///
/// let a: OrdSet<u32> = (0..10).collect();
/// let b: OrdSet<u32> = (5..15).collect();
/// assert_eq!((&a & &b).len(), 5);
/// assert_eq!((&a | &b).len(), 15);
/// assert_eq!(a.get_index(3), Some(&3));
/// assert!(a.range(2..4).eq([2, 3].iter()));
/// ```
pub struct OrdSet<T> {
    pub(crate) map: OrdMap<T, ()>,
}

impl<T> OrdSet<T> {
    /// An empty set. O(1), no allocation.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cowtree::OrdSet::<u8>::new().is_empty());
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        OrdSet { map: OrdMap::new() }
    }

    /// The number of elements. O(1).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cowtree::OrdSet::from([1, 2]).len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True if the set is empty. O(1).
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cowtree::OrdSet::<u8>::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Removes every element. O(1) (plus freeing what this version held alone).
    ///
    /// # Example
    ///
    /// ```
    /// let mut s = cowtree::OrdSet::from([1]);
    /// s.clear();
    /// assert!(s.is_empty());
    /// ```
    pub fn clear(&mut self) {
        self.map.clear();
    }

    /// The elements in ascending order: double-ended, exact-size, O(1) amortized per step.
    ///
    /// # Example
    ///
    /// ```
    /// let s = cowtree::OrdSet::from([2, 1]);
    /// assert_eq!(s.iter().collect::<Vec<_>>(), [&1, &2]);
    /// ```
    pub fn iter(&self) -> Iter<'_, T> {
        Iter(self.map.keys())
    }

    /// True if both sets are the same version. O(1).
    ///
    /// # Example
    ///
    /// ```
    /// let s = cowtree::OrdSet::from([1]);
    /// assert!(s.ptr_eq(&s.clone()));
    /// ```
    pub fn ptr_eq(&self, other: &Self) -> bool {
        self.map.ptr_eq(&other.map)
    }

    /// Bytes of tree nodes this version reaches. O(nodes).
    ///
    /// # Example
    ///
    /// ```
    /// let s: cowtree::OrdSet<u64> = (0..1000).collect();
    /// assert!(s.heap_size() >= 8000);
    /// ```
    pub fn heap_size(&self) -> usize {
        self.map.heap_size()
    }

    /// Bytes of nodes shared with `other`, and held by each alone. See [`OrdMap::sharing`].
    ///
    /// # Example
    ///
    /// ```
    /// let s: cowtree::OrdSet<u64> = (0..1000).collect();
    /// assert_eq!(s.sharing(&s.clone()).only_self, 0);
    /// ```
    pub fn sharing(&self, other: &Self) -> crate::Sharing {
        self.map.sharing(&other.map)
    }
}

impl<T: Ord> OrdSet<T> {
    /// True if the set holds `value`. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cowtree::OrdSet::from([1]).contains(&1));
    /// ```
    pub fn contains<Q>(&self, value: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.map.contains_key(value)
    }

    /// The stored element equal to `value`. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cowtree::OrdSet::from([1]).get(&1), Some(&1));
    /// ```
    pub fn get<Q>(&self, value: &Q) -> Option<&T>
    where
        T: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.map.get_key_value(value).map(|(k, _)| k)
    }

    /// The smallest element. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cowtree::OrdSet::from([2, 1]).first(), Some(&1));
    /// ```
    pub fn first(&self) -> Option<&T> {
        self.map.first_key_value().map(|(k, _)| k)
    }

    /// The largest element. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cowtree::OrdSet::from([2, 1]).last(), Some(&2));
    /// ```
    pub fn last(&self) -> Option<&T> {
        self.map.last_key_value().map(|(k, _)| k)
    }

    /// The element at position `index` in order. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cowtree::OrdSet::from([5, 7]).get_index(1), Some(&7));
    /// ```
    pub fn get_index(&self, index: usize) -> Option<&T> {
        self.map.get_index(index).map(|(k, _)| k)
    }

    /// How many elements are below `value`. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cowtree::OrdSet::from([5, 7]).rank(&6), 1);
    /// ```
    pub fn rank<Q>(&self, value: &Q) -> usize
    where
        T: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.map.rank(value)
    }

    /// The elements in `range`, ascending: double-ended and exact-size. O(log n) to make.
    ///
    /// # Panics
    ///
    /// As std's `BTreeSet::range`, for a malformed range.
    ///
    /// # Example
    ///
    /// ```
    /// let s: cowtree::OrdSet<u32> = (0..10).collect();
    /// assert_eq!(s.range(3..5).collect::<Vec<_>>(), [&3, &4]);
    /// ```
    pub fn range<K, R>(&self, range: R) -> Range<'_, T>
    where
        K: Ord + ?Sized,
        T: Borrow<K>,
        R: RangeBounds<K>,
    {
        Range(self.map.range(range))
    }

    /// True if every element of `self` is in `other`. O(1) for the same version, else
    /// O(n log m).
    ///
    /// # Example
    ///
    /// ```
    /// let a = cowtree::OrdSet::from([1]);
    /// assert!(a.is_subset(&cowtree::OrdSet::from([1, 2])));
    /// ```
    pub fn is_subset(&self, other: &Self) -> bool {
        self.ptr_eq(other) || (self.len() <= other.len() && self.iter().all(|x| other.contains(x)))
    }

    /// True if every element of `other` is in `self`. As [`is_subset`](OrdSet::is_subset).
    ///
    /// # Example
    ///
    /// ```
    /// let a = cowtree::OrdSet::from([1, 2]);
    /// assert!(a.is_superset(&cowtree::OrdSet::from([2])));
    /// ```
    pub fn is_superset(&self, other: &Self) -> bool {
        other.is_subset(self)
    }

    /// True if the sets have no element in common. O(min(n, m) · log max(n, m)).
    ///
    /// # Example
    ///
    /// ```
    /// let a = cowtree::OrdSet::from([1]);
    /// assert!(a.is_disjoint(&cowtree::OrdSet::from([2])));
    /// ```
    pub fn is_disjoint(&self, other: &Self) -> bool {
        let (small, big) = if self.len() <= other.len() {
            (self, other)
        } else {
            (other, self)
        };
        !small.iter().any(|x| big.contains(x))
    }

    /// Checks the tree's invariants; see [`OrdMap::check_invariants`].
    ///
    /// # Panics
    ///
    /// If an invariant is broken, naming it.
    ///
    /// # Example
    ///
    /// ```
    /// cowtree::OrdSet::from([1, 2, 3]).check_invariants();
    /// ```
    pub fn check_invariants(&self) {
        self.map.check_invariants();
    }
}

impl<T: Ord + Clone> OrdSet<T> {
    /// Adds `value`; returns false if an equal element was there (which is kept). O(log n);
    /// copies one path when shared.
    ///
    /// # Example
    ///
    /// ```
    /// let mut s = cowtree::OrdSet::new();
    /// assert!(s.insert(1));
    /// assert!(!s.insert(1));
    /// ```
    pub fn insert(&mut self, value: T) -> bool {
        if self.map.contains_key(&value) {
            return false;
        }
        self.map.insert(value, ());
        true
    }

    /// Adds `value`, replacing and returning an equal element if there was one. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut s = cowtree::OrdSet::from([1]);
    /// assert_eq!(s.replace(1), Some(1));
    /// assert_eq!(s.replace(2), None);
    /// ```
    pub fn replace(&mut self, value: T) -> Option<T> {
        let old = self.map.remove_entry(&value).map(|(k, _)| k);
        self.map.insert(value, ());
        old
    }

    /// Removes `value`; returns whether it was there. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut s = cowtree::OrdSet::from([1]);
    /// assert!(s.remove(&1));
    /// ```
    pub fn remove<Q>(&mut self, value: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.map.remove(value).is_some()
    }

    /// Removes and returns the stored element equal to `value`. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut s = cowtree::OrdSet::from([1]);
    /// assert_eq!(s.take(&1), Some(1));
    /// ```
    pub fn take<Q>(&mut self, value: &Q) -> Option<T>
    where
        T: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.map.remove_entry(value).map(|(k, _)| k)
    }

    /// Removes and returns the smallest element. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut s = cowtree::OrdSet::from([2, 1]);
    /// assert_eq!(s.pop_first(), Some(1));
    /// ```
    pub fn pop_first(&mut self) -> Option<T> {
        self.map.pop_first().map(|(k, _)| k)
    }

    /// Removes and returns the largest element. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut s = cowtree::OrdSet::from([2, 1]);
    /// assert_eq!(s.pop_last(), Some(2));
    /// ```
    pub fn pop_last(&mut self) -> Option<T> {
        self.map.pop_last().map(|(k, _)| k)
    }

    /// Keeps the elements for which `f` is true. O(n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut s: cowtree::OrdSet<u32> = (0..10).collect();
    /// s.retain(|x| x % 2 == 0);
    /// assert_eq!(s.len(), 5);
    /// ```
    pub fn retain<F: FnMut(&T) -> bool>(&mut self, mut f: F) {
        self.map.retain(|k, _| f(k));
    }

    /// Removes and yields the elements in `range` for which `pred` is true. See
    /// [`OrdMap::extract_if`].
    ///
    /// # Example
    ///
    /// ```
    /// let mut s: cowtree::OrdSet<u32> = (0..10).collect();
    /// let big: Vec<_> = s.extract_if(5.., |_| true).collect();
    /// assert_eq!((big.len(), s.len()), (5, 5));
    /// ```
    pub fn extract_if<'a, R, F>(&'a mut self, range: R, mut pred: F) -> impl Iterator<Item = T> + 'a
    where
        R: RangeBounds<T>,
        F: FnMut(&T) -> bool + 'a,
    {
        self.map
            .extract_if(range, move |k, _| pred(k))
            .map(|(k, _)| k)
    }

    /// Splits at `value`: `self` keeps the smaller elements, the result holds `value` and above.
    /// O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut s: cowtree::OrdSet<u32> = (0..10).collect();
    /// let hi = s.split_off(&4);
    /// assert_eq!((s.len(), hi.len()), (4, 6));
    /// ```
    #[must_use = "use `retain` to drop the upper part"]
    pub fn split_off<Q>(&mut self, value: &Q) -> Self
    where
        T: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        OrdSet {
            map: self.map.split_off(value),
        }
    }

    /// Moves every element of `other` into `self`. O(log n) when one set's elements are all below
    /// the other's, O(n + m) otherwise.
    ///
    /// # Example
    ///
    /// ```
    /// let mut a = cowtree::OrdSet::from([1]);
    /// let mut b = cowtree::OrdSet::from([2]);
    /// a.append(&mut b);
    /// assert_eq!((a.len(), b.len()), (2, 0));
    /// ```
    pub fn append(&mut self, other: &mut Self) {
        self.map.append(&mut other.map);
    }

    /// A new version with `value` added. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let a = cowtree::OrdSet::from([1]);
    /// assert_eq!(a.update(2).len(), 2);
    /// ```
    #[must_use]
    pub fn update(&self, value: T) -> Self {
        let mut out = self.clone();
        out.insert(value);
        out
    }

    /// A new version without `value`. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let a = cowtree::OrdSet::from([1]);
    /// assert!(a.without(&1).is_empty());
    /// ```
    #[must_use]
    pub fn without<Q>(&self, value: &Q) -> Self
    where
        T: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let mut out = self.clone();
        out.remove(value);
        out
    }
}

mapped_iter!(
    /// The elements of an [`OrdSet`], made by [`OrdSet::iter`].
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cowtree::OrdSet::from([1]).iter().len(), 1);
    /// ```
    Iter<'a, T>, map::Keys<'a, T, ()>, &'a T, |k| k
);
mapped_iter!(
    /// The elements of an [`OrdSet`] in a range, made by [`OrdSet::range`].
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cowtree::OrdSet::from([1, 2]).range(2..).len(), 1);
    /// ```
    Range<'a, T>, map::Range<'a, T, ()>, &'a T, |(k, _)| k
);
mapped_iter!(
    /// The elements of an [`OrdSet`], by value, made by `into_iter`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cowtree::OrdSet::from([1]).into_iter().len(), 1);
    /// ```
    IntoIter<T>, map::IntoKeys<T, ()>, T, |k| k
);

impl<T: Clone> IntoIterator for OrdSet<T> {
    type Item = T;
    type IntoIter = IntoIter<T>;

    fn into_iter(self) -> IntoIter<T> {
        IntoIter(self.map.into_keys())
    }
}

impl<'a, T> IntoIterator for &'a OrdSet<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<T> Clone for OrdSet<T> {
    /// An O(1) snapshot.
    fn clone(&self) -> Self {
        OrdSet {
            map: self.map.clone(),
        }
    }
}

impl<T> Default for OrdSet<T> {
    fn default() -> Self {
        OrdSet::new()
    }
}

impl<T: fmt::Debug> fmt::Debug for OrdSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl<T: PartialEq> PartialEq for OrdSet<T> {
    fn eq(&self, other: &Self) -> bool {
        self.map == other.map
    }
}

impl<T: Eq> Eq for OrdSet<T> {}

impl<T: PartialOrd> PartialOrd for OrdSet<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        self.iter().partial_cmp(other.iter())
    }
}

impl<T: Ord> Ord for OrdSet<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.iter().cmp(other.iter())
    }
}

impl<T: Hash> Hash for OrdSet<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.len());
        for x in self.iter() {
            x.hash(state);
        }
    }
}

impl<T: Ord + Clone> FromIterator<T> for OrdSet<T> {
    /// Builds a set: O(n log n) sort, then an O(n) bottom-up build.
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        OrdSet {
            map: iter.into_iter().map(|x| (x, ())).collect(),
        }
    }
}

impl<T: Ord + Clone> Extend<T> for OrdSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for x in iter {
            self.insert(x);
        }
    }
}

impl<'a, T: Ord + Copy + 'a> Extend<&'a T> for OrdSet<T> {
    fn extend<I: IntoIterator<Item = &'a T>>(&mut self, iter: I) {
        self.extend(iter.into_iter().copied());
    }
}

impl<T: Ord + Clone, const N: usize> From<[T; N]> for OrdSet<T> {
    fn from(items: [T; N]) -> Self {
        items.into_iter().collect()
    }
}
