//! [`OrdSet::diff`]: the elements added and removed between two versions, in ascending order,
//! a thin wrapper over [`OrdMap::diff`](crate::OrdMap::diff) (the set is a map to `()`, whose
//! values never differ). The types are `crate::set_diff`'s, shared with `hash_set`.

use super::OrdSet;
use crate::set_diff::Diff;

impl<T: Ord> OrdSet<T> {
    /// The elements added and removed from `self` (older) to `newer`, in ascending order.
    ///
    /// Cost: as [`OrdMap::diff`](crate::OrdMap::diff), O(d · log n) for d changes between
    /// versions that share their untouched subtrees (one made from the other by edits); a subtree
    /// both reach through the same node is skipped whole. Between unrelated sets it is a merge
    /// walk, O(n + m). The items are gathered when `diff` is called.
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::ord_set::DiffItem;
    /// let old: cowtree::OrdSet<u32> = (0..1000).collect();
    /// let new = old.without(&3).update(1000);
    /// let d: Vec<_> = old.diff(&new).collect();
    /// assert_eq!(d, [DiffItem::Removed(&3), DiffItem::Added(&1000)]);
    /// ```
    pub fn diff<'a>(&'a self, newer: &'a Self) -> Diff<'a, T> {
        Diff::new(self.map.diff(&newer.map))
    }
}

#[cfg(test)]
mod tests {
    use crate::set_diff::{Diff, DiffItem};
    use crate::OrdSet;
    use std::collections::BTreeSet;

    /// The naive answer: a merge walk of the two sorted element lists.
    fn naive(old: &BTreeSet<u32>, new: &BTreeSet<u32>) -> Vec<(u32, bool)> {
        let (mut a, mut b) = (old.iter().peekable(), new.iter().peekable());
        let mut out = Vec::new();
        loop {
            match (a.peek(), b.peek()) {
                (None, None) => return out,
                (Some(&&x), Some(&&y)) if x == y => {
                    a.next();
                    b.next();
                }
                (Some(&&x), Some(&&y)) if x < y => {
                    out.push((x, false));
                    a.next();
                }
                (Some(&&x), None) => {
                    out.push((x, false));
                    a.next();
                }
                (_, Some(&&y)) => {
                    out.push((y, true));
                    b.next();
                }
            }
        }
    }

    fn flat(set_diff: Diff<'_, u32>) -> Vec<(u32, bool)> {
        set_diff
            .map(|d| match d {
                DiffItem::Added(x) => (*x, true),
                DiffItem::Removed(x) => (*x, false),
            })
            .collect()
    }

    #[test]
    fn every_single_edit_of_a_shared_tree_is_seen_in_order() {
        let old: OrdSet<u32> = (0..3000).map(|i| i * 2).collect();
        let model: BTreeSet<u32> = old.iter().copied().collect();
        for x in (0..6001).step_by(3) {
            let mut new = old.clone();
            let mut want = model.clone();
            if !new.remove(&x) {
                new.insert(x);
                want.insert(x);
            } else {
                want.remove(&x);
            }
            assert_eq!(flat(old.diff(&new)), naive(&model, &want), "x {x}");
            let back: Vec<_> = flat(old.diff(&new)).into_iter().rev().collect();
            assert!(back.iter().rev().eq(naive(&model, &want).iter()));
            assert_eq!(flat(new.diff(&old)).len(), 1);
        }
    }

    #[test]
    fn many_edits_and_unrelated_sets() {
        let old: OrdSet<u32> = (0..2000).collect();
        let mut new = old.clone();
        let mut want: BTreeSet<u32> = (0..2000).collect();
        for i in 0..300u32 {
            let x = i.wrapping_mul(2_654_435_761) % 2600;
            if !new.remove(&x) {
                new.insert(x);
                want.insert(x);
            } else {
                want.remove(&x);
            }
        }
        let model: BTreeSet<u32> = (0..2000).collect();
        assert_eq!(flat(old.diff(&new)), naive(&model, &want));
        assert_eq!(flat(new.diff(&old)), naive(&want, &model));
        // Unrelated sets with the same elements: a merge walk that finds nothing.
        let rebuilt: OrdSet<u32> = new.iter().copied().collect();
        assert_eq!(old.diff(&rebuilt).len(), naive(&model, &want).len());
        assert_eq!(new.diff(&rebuilt).len(), 0);
        assert_eq!(old.diff(&OrdSet::new()).len(), 2000);
        assert_eq!(OrdSet::new().diff(&old).len(), 2000);
    }
}
