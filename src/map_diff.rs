//! The result of `diff` between two versions of a map, shared by [`HashMap`](crate::HashMap) and
//! [`OrdMap`](crate::OrdMap) (re-exported as `hash_map::{Diff, DiffItem}` and
//! `ord_map::{Diff, DiffItem}`). Each map's `diff` walks its own nodes, skipping subtrees the two
//! versions share, and gathers the items; this file only holds and yields them.

use std::fmt;
use std::iter::FusedIterator;
use std::vec;

/// One difference between two versions of a map, as yielded by
/// [`HashMap::diff`](crate::HashMap::diff) and [`OrdMap::diff`](crate::OrdMap::diff).
///
/// # Example
///
/// ```
/// use cowtree::ord_map::DiffItem;
/// let old = cowtree::OrdMap::from([(1, 'a')]);
/// let new = old.update(1, 'b');
/// let items: Vec<_> = old.diff(&new).collect();
/// assert_eq!(items, [DiffItem::Changed { key: &1, old: &'a', new: &'b' }]);
///
/// let old: cowtree::HashMap<_, _> = [(1, 'a')].into();
/// let new = old.update(2, 'b');
/// let items: Vec<_> = old.diff(&new).collect();
/// assert_eq!(items, [cowtree::hash_map::DiffItem::Added(&2, &'b')]);
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

/// The differences between two versions of a map, made by
/// [`HashMap::diff`](crate::HashMap::diff) (in no particular order) and
/// [`OrdMap::diff`](crate::OrdMap::diff) (in ascending key order). They are gathered when `diff`
/// is called; iterating is O(1) per item, from either end.
///
/// # Example
///
/// ```
/// let old: cowtree::OrdMap<u32, u32> = (0..100).map(|i| (i, i)).collect();
/// let new = old.without(&5).update(200, 200);
/// let mut d = old.diff(&new);
/// assert_eq!(d.len(), 2);
/// assert_eq!(d.next_back(), Some(cowtree::ord_map::DiffItem::Added(&200, &200)));
///
/// let old: cowtree::HashMap<u32, u32> = (0..100).map(|i| (i, i)).collect();
/// assert_eq!(old.diff(&old.without(&5)).len(), 1);
/// ```
pub struct Diff<'a, K, V> {
    items: vec::IntoIter<DiffItem<'a, K, V>>,
}

impl<'a, K, V> Diff<'a, K, V> {
    /// Yields `items` in their order.
    pub(crate) fn new(items: Vec<DiffItem<'a, K, V>>) -> Self {
        Diff {
            items: items.into_iter(),
        }
    }
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
