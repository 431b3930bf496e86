//! [`OrdMap::diff`]: what changed between two versions, in key order, skipping shared subtrees.

use std::fmt;
use std::iter::FusedIterator;
use std::vec;

use super::OrdMap;
use crate::ord::node::diff::{diff, Change};

/// One difference between two versions of an [`OrdMap`], as yielded by [`OrdMap::diff`].
///
/// # Example
///
/// ```
/// use cowtree::ord_map::DiffItem;
/// let old = cowtree::OrdMap::from([(1, 'a')]);
/// let new = old.update(1, 'b');
/// let items: Vec<_> = old.diff(&new).collect();
/// assert_eq!(items, [DiffItem::Changed { key: &1, old: &'a', new: &'b' }]);
/// ```
#[derive(Debug, PartialEq, Eq)]
pub enum DiffItem<'a, K, V> {
    /// The key is in the newer version only.
    Added(&'a K, &'a V),
    /// The key is in the older version only.
    Removed(&'a K, &'a V),
    /// The key is in both, with values that differ.
    Changed {
        /// The key (as stored in the newer version).
        key: &'a K,
        /// The older version's value.
        old: &'a V,
        /// The newer version's value.
        new: &'a V,
    },
}

impl<K, V> Clone for DiffItem<'_, K, V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K, V> Copy for DiffItem<'_, K, V> {}

/// The differences between two versions of an [`OrdMap`], in ascending key order, made by
/// [`OrdMap::diff`]. They are gathered when `diff` is called; iterating is O(1) per item.
///
/// # Example
///
/// ```
/// let old: cowtree::OrdMap<u32, u32> = (0..100).map(|i| (i, i)).collect();
/// let new = old.without(&5).update(200, 200);
/// assert_eq!(old.diff(&new).len(), 2);
/// ```
pub struct Diff<'a, K, V> {
    items: vec::IntoIter<DiffItem<'a, K, V>>,
}

impl<'a, K, V> Iterator for Diff<'a, K, V> {
    type Item = DiffItem<'a, K, V>;

    fn next(&mut self) -> Option<DiffItem<'a, K, V>> {
        self.items.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.items.size_hint()
    }
}

impl<K, V> DoubleEndedIterator for Diff<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.items.next_back()
    }
}

impl<K, V> ExactSizeIterator for Diff<'_, K, V> {}
impl<K, V> FusedIterator for Diff<'_, K, V> {}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Diff<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.items.as_slice()).finish()
    }
}

impl<K: Ord, V: PartialEq> OrdMap<K, V> {
    /// The differences from `self` to `newer`, in ascending key order: keys added, removed, and
    /// keys whose values differ (by `PartialEq`).
    ///
    /// Cost: O(d · log n) for d changes between versions that share their untouched subtrees
    /// (one made from the other by edits): a subtree both reach through the same node is skipped
    /// whole, and an edit right after a skipped subtree is still found. Between unrelated maps it
    /// is a merge walk, O(n + m).
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::ord_map::DiffItem;
    /// let old: cowtree::OrdMap<u32, char> = (0..1000).map(|i| (i, 'x')).collect();
    /// let mut new = old.clone();
    /// new.insert(1000, 'y');
    /// new.remove(&3);
    /// let d: Vec<_> = old.diff(&new).collect();
    /// assert_eq!(d, [DiffItem::Removed(&3, &'x'), DiffItem::Added(&1000, &'y')]);
    /// ```
    pub fn diff<'a>(&'a self, newer: &'a Self) -> Diff<'a, K, V> {
        let mut out = Vec::new();
        diff(self.root.as_ref(), newer.root.as_ref(), &mut |c| {
            out.push(match c {
                Change::Added(k, v) => DiffItem::Added(k, v),
                Change::Removed(k, v) => DiffItem::Removed(k, v),
                Change::Changed(key, old, new) => DiffItem::Changed { key, old, new },
            })
        });
        Diff {
            items: out.into_iter(),
        }
    }
}
