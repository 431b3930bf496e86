//! The result of `diff` between two versions of a set, shared by [`HashSet`](crate::HashSet) and
//! [`OrdSet`](crate::OrdSet) (re-exported as `hash_set::{Diff, DiffItem}` and
//! `ord_set::{Diff, DiffItem}`). A set is a map to `()`, so its diff is the map's
//! (`crate::map_diff`) with the unit values dropped; a map to `()` has no `Changed` items.

use std::fmt;
use std::iter::FusedIterator;

use crate::map_diff::{Diff as MapDiff, DiffItem as MapDiffItem};

/// One difference between two versions of a set, as yielded by
/// [`HashSet::diff`](crate::HashSet::diff) and [`OrdSet::diff`](crate::OrdSet::diff).
///
/// # Example
///
/// ```
/// use cowtree::ord_set::DiffItem;
/// let old = cowtree::OrdSet::from([1]);
/// assert_eq!(old.diff(&old.update(2)).collect::<Vec<_>>(), [DiffItem::Added(&2)]);
///
/// let old: cowtree::HashSet<_> = [1].into();
/// let new = old.without(&1);
/// let items: Vec<_> = old.diff(&new).collect();
/// assert_eq!(items, [cowtree::hash_set::DiffItem::Removed(&1)]);
/// ```
#[derive(Debug, PartialEq, Eq)]
pub enum DiffItem<'a, T> {
    /// In the newer version only.
    Added(&'a T),
    /// In the older version only.
    Removed(&'a T),
}

impl<T> Clone for DiffItem<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for DiffItem<'_, T> {}

/// The differences between two versions of a set, made by
/// [`HashSet::diff`](crate::HashSet::diff) (in the trie's order) and
/// [`OrdSet::diff`](crate::OrdSet::diff) (ascending): O(1) per item, from either end, exact
/// size. The items are gathered when `diff` is called.
///
/// # Example
///
/// ```
/// use cowtree::ord_set::DiffItem;
/// let old = cowtree::OrdSet::from([1, 2, 3]);
/// let new = old.without(&1).update(9);
/// let mut d = old.diff(&new);
/// assert_eq!(d.len(), 2);
/// assert_eq!(d.next_back(), Some(DiffItem::Added(&9)));
/// ```
pub struct Diff<'a, T> {
    inner: MapDiff<'a, T, ()>,
}

impl<'a, T> Diff<'a, T> {
    /// The set diff of a diff between two maps to `()`.
    pub(crate) fn new(inner: MapDiff<'a, T, ()>) -> Self {
        Diff { inner }
    }
}

/// A map item as a set item.
fn set_item<T>(d: MapDiffItem<'_, T, ()>) -> DiffItem<'_, T> {
    match d {
        MapDiffItem::Added(k, ()) => DiffItem::Added(k),
        MapDiffItem::Removed(k, ()) => DiffItem::Removed(k),
        MapDiffItem::Changed { .. } => unreachable!("unit values never differ"),
    }
}

impl<'a, T> Iterator for Diff<'a, T> {
    type Item = DiffItem<'a, T>;

    fn next(&mut self) -> Option<DiffItem<'a, T>> {
        self.inner.next().map(set_item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T> DoubleEndedIterator for Diff<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.inner.next_back().map(set_item)
    }
}

impl<T> ExactSizeIterator for Diff<'_, T> {}
impl<T> FusedIterator for Diff<'_, T> {}

impl<T: fmt::Debug> fmt::Debug for Diff<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Diff").field("inner", &self.inner).finish()
    }
}
