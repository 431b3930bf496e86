//! [`OrdMap::diff`]: what changed between two versions, in key order, skipping shared subtrees.
//! The item and iterator types are the crate's shared `map_diff` ones.

use super::OrdMap;
use crate::map_diff::{Diff, DiffItem};
use crate::ord::node::diff::{diff, Change};

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
        Diff::new(out)
    }
}
