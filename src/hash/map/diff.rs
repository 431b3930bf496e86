//! Structural comparison of two versions: equality and diff, skipping pointer-equal subtrees.
//!
//! Under one hasher, equal contents have equal shapes (canonical form), so two versions can be
//! compared node by node, in slot order, and a child pair that is the same node is skipped whole.
//! The cost then follows the size of the change: O(d · log n) for d changed keys.

use std::hash::{BuildHasher, Hash};

use super::HashMap;
use crate::hash::node::{bits, Node, Slot, COLLISION_LEVEL};
use crate::map_diff::{Diff, DiffItem};

impl<K, V, S> HashMap<K, V, S>
where
    K: Hash + Eq,
    V: PartialEq,
    S: BuildHasher,
{
    /// The differences from `self` (older) to `newer`: keys added, removed, and keys whose values
    /// differ (by `PartialEq`).
    ///
    /// Cost: when the two versions share their hasher (one was cloned from the other, directly or
    /// through other versions), child pairs that are the same node are skipped, so versions of a
    /// 1,000,000-entry map that differ in d keys are compared in O(d · log n). Versions that share
    /// nothing cost O(n). Maps with different hasher instances (e.g. two maps each made with
    /// `HashMap::new()`) are compared key by key: correct, O(n + m).
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::hash_map::DiffItem;
    /// let old: cowtree::HashMap<u32, u32> = (0..1000).map(|i| (i, i)).collect();
    /// let mut new = old.clone();
    /// new.remove(&7);
    /// new.insert(5000, 1);
    /// let mut items: Vec<_> = old.diff(&new).collect();
    /// items.sort_by_key(|d| matches!(d, DiffItem::Added(..)));
    /// assert_eq!(items, [DiffItem::Removed(&7, &7), DiffItem::Added(&5000, &1)]);
    /// ```
    pub fn diff<'a>(&'a self, newer: &'a Self) -> Diff<'a, K, V> {
        let mut out = Vec::new();
        if self.ptr_eq(newer) {
        } else if self.same_hasher(newer) {
            diff_nodes(&self.root, &newer.root, 0, &mut out);
        } else {
            for (k, v) in self.iter() {
                match newer.get_key_value(k) {
                    None => out.push(DiffItem::Removed(k, v)),
                    Some((nk, nv)) if nv != v => out.push(DiffItem::Changed {
                        key: nk,
                        old: v,
                        new: nv,
                    }),
                    Some(_) => {}
                }
            }
            for (k, v) in newer.iter() {
                if !self.contains_key(k) {
                    out.push(DiffItem::Added(k, v));
                }
            }
        }
        Diff::new(out)
    }
}

/// Compares the entry `a` (older) with every entry of the subtree `b` (newer) in the same slot.
fn diff_entry_vs_subtree<'a, K: Eq, V: PartialEq>(
    a: &'a (K, V),
    b: &'a Node<K, V>,
    out: &mut Vec<DiffItem<'a, K, V>>,
) {
    let mut found = false;
    b.for_each(&mut |e: &'a (K, V)| {
        if e.0 == a.0 {
            found = true;
            if e.1 != a.1 {
                out.push(DiffItem::Changed {
                    key: &e.0,
                    old: &a.1,
                    new: &e.1,
                });
            }
        } else {
            out.push(DiffItem::Added(&e.0, &e.1));
        }
    });
    if !found {
        out.push(DiffItem::Removed(&a.0, &a.1));
    }
}

/// Compares the subtree `a` (older) with the entry `b` (newer) in the same slot.
fn diff_subtree_vs_entry<'a, K: Eq, V: PartialEq>(
    a: &'a Node<K, V>,
    b: &'a (K, V),
    out: &mut Vec<DiffItem<'a, K, V>>,
) {
    let mut found = false;
    a.for_each(&mut |e: &'a (K, V)| {
        if e.0 == b.0 {
            found = true;
            if e.1 != b.1 {
                out.push(DiffItem::Changed {
                    key: &b.0,
                    old: &e.1,
                    new: &b.1,
                });
            }
        } else {
            out.push(DiffItem::Removed(&e.0, &e.1));
        }
    });
    if !found {
        out.push(DiffItem::Added(&b.0, &b.1));
    }
}

/// Pushes the differences between two nodes at the same place (`level`) of two tries built with
/// one hasher.
pub(crate) fn diff_nodes<'a, K: Eq, V: PartialEq>(
    a: &'a Node<K, V>,
    b: &'a Node<K, V>,
    level: u32,
    out: &mut Vec<DiffItem<'a, K, V>>,
) {
    if Node::ptr_eq(a, b) {
        return;
    }
    if level == COLLISION_LEVEL {
        for ea in a.entries() {
            match b.entries().iter().find(|eb| eb.0 == ea.0) {
                None => out.push(DiffItem::Removed(&ea.0, &ea.1)),
                Some(eb) if eb.1 != ea.1 => out.push(DiffItem::Changed {
                    key: &eb.0,
                    old: &ea.1,
                    new: &eb.1,
                }),
                Some(_) => {}
            }
        }
        for eb in b.entries() {
            if !a.entries().iter().any(|ea| ea.0 == eb.0) {
                out.push(DiffItem::Added(&eb.0, &eb.1));
            }
        }
        return;
    }
    for bit in bits(a.datamap() | a.nodemap() | b.datamap() | b.nodemap()) {
        match (a.slot(bit), b.slot(bit)) {
            (Slot::Entry(ea), Slot::Entry(eb)) => {
                if ea.0 == eb.0 {
                    if ea.1 != eb.1 {
                        out.push(DiffItem::Changed {
                            key: &eb.0,
                            old: &ea.1,
                            new: &eb.1,
                        });
                    }
                } else {
                    out.push(DiffItem::Removed(&ea.0, &ea.1));
                    out.push(DiffItem::Added(&eb.0, &eb.1));
                }
            }
            (Slot::Entry(ea), Slot::Child(cb)) => diff_entry_vs_subtree(ea, cb, out),
            (Slot::Child(ca), Slot::Entry(eb)) => diff_subtree_vs_entry(ca, eb, out),
            (Slot::Child(ca), Slot::Child(cb)) => diff_nodes(ca, cb, level + 1, out),
            (Slot::Entry(ea), Slot::Empty) => out.push(DiffItem::Removed(&ea.0, &ea.1)),
            (Slot::Child(ca), Slot::Empty) => {
                ca.for_each(&mut |e: &'a (K, V)| out.push(DiffItem::Removed(&e.0, &e.1)))
            }
            (Slot::Empty, Slot::Entry(eb)) => out.push(DiffItem::Added(&eb.0, &eb.1)),
            (Slot::Empty, Slot::Child(cb)) => {
                cb.for_each(&mut |e: &'a (K, V)| out.push(DiffItem::Added(&e.0, &e.1)))
            }
            (Slot::Empty, Slot::Empty) => unreachable!("bit comes from one of the bitmaps"),
        }
    }
}
