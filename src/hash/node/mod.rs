//! The node layer of the CHAMP trie: the node block, its bit helpers and every algorithm that
//! reads or edits nodes. Nothing here is public; the map and set (`super::map`, `super::set`)
//! call the functions below and never touch the node layout.
//!
//! # The trie
//!
//! ```text
//!                    root (level 0, slot = hash bits 0..5)
//!      datamap 0b…0100_1001   nodemap 0b…0010_0000
//!      [ child@5 ][ (k,v)@0 | (k,v)@3 | (k,v)@6 ]
//!            │
//!            ▼
//!          level 1 (slot = hash bits 5..10)  …  level 12 (bits 60..64, 4 bits)
//!            │
//!            ▼
//!          level 13: collision node, an unordered list of keys with one full 64-bit hash
//! ```
//!
//! A branch node at level `l` branches on `BITS` (5) bits of the key's 64-bit hash. It holds two
//! 32-bit bitmaps, `datamap` (slots holding an entry inline) and `nodemap` (slots holding a child),
//! and two dense arrays sorted by slot. A node at `COLLISION_LEVEL` (13) holds keys whose whole
//! hash is equal.
//!
//! Invariants (`check.rs` verifies each, and names the one that breaks):
//! * a slot holds an entry or a child, never both (`datamap & nodemap == 0`), and the array
//!   lengths are the bitmaps' popcounts;
//! * every key sits on its hash's path: the slot at each level is the key's slot there;
//! * canonical form: below the root, no subtree holds fewer than two entries. One key set
//!   therefore has one shape, whatever the order of the inserts and removes that made it, and
//!   equality, diff and the set algebra compare two tries slot by slot, skipping shared nodes;
//! * collision nodes only at `COLLISION_LEVEL`, with at least two distinct keys.
//!
//! # Files
//!
//! * `layout.rs`: the node block (one allocation: header, children, entries), its reference
//!   count and copy-on-write, and `layout/splice.rs`, the in-place and reallocating edits of a
//!   unique node's arrays; the only unsafe code of the crate but for `cpu.rs`.
//! * `bits.rs`: the shape constants and bit helpers (`slot_of`, `bit_of`, `index_of`, `bits`).
//! * `cpu.rs`: run-time dispatch to `popcnt` builds of the hot paths.
//! * `edit.rs`: look-up and single-key edits (`get`, `get_mut`, `insert`, `remove`).
//! * `batch.rs`: batched look-ups, many descents in flight at once (`get_many`).
//! * `check.rs`: the invariant checker.
//! * `equal.rs`: structural equality of two tries.
//! * `merge.rs`: building nodes slot by slot (`Builder`, `Subtree`) and the set algebra's walks
//!   (union, filter, subset, disjoint).
//! * `build.rs`: bulk construction of a whole trie from a batch, bottom-up.
//!
//! # Walking and rebuilding nodes (for adapters such as persistence)
//!
//! Read a node with `Node::addr` (identity, for sharing), `datamap`, `nodemap`, `entries` and
//! `children`; build one with `Node::from_parts` / `Node::collision` from parts the caller has
//! validated. `super::persist_api` wraps exactly these for `crate::persist`; a rebuilt trie
//! should still be passed through `check`.

use crate::sharing::HeapNode;

mod batch;
mod bits;
mod build;
mod check;
#[allow(unsafe_code)]
mod cpu;
mod edit;
mod equal;
#[allow(unsafe_code)]
mod layout;
mod merge;

pub(crate) use batch::Lookups;
#[cfg(feature = "persist")]
pub(crate) use bits::bit_of;
pub(crate) use bits::{bits, index_of, COLLISION_LEVEL, MAX_DEPTH};
pub(crate) use build::build;
pub(crate) use edit::subtree_without;
pub(crate) use equal::nodes_equal;
pub(crate) use layout::{Node, Parts, PartsMut};
pub(crate) use merge::{disjoint_nodes, filter_nodes, subset_nodes, union_nodes, Keep, Subtree};

/// What a node holds in one slot.
pub(crate) enum Slot<'a, K, V> {
    /// Nothing.
    Empty,
    /// An inline entry.
    Entry(&'a (K, V)),
    /// A child node.
    Child(&'a Node<K, V>),
}

impl<K, V> Node<K, V> {
    /// Bitmap of the slots holding an inline entry (0 in a collision node).
    #[inline]
    pub(crate) fn datamap(&self) -> u32 {
        let (d, n) = self.raw_maps();
        if d & n != 0 {
            0
        } else {
            d
        }
    }

    /// Bitmap of the slots holding a child node (0 in a collision node).
    #[inline]
    pub(crate) fn nodemap(&self) -> u32 {
        let (d, n) = self.raw_maps();
        if d & n != 0 {
            0
        } else {
            n
        }
    }

    /// What the slot marked by `bit` holds (not for collision nodes).
    #[inline]
    pub(crate) fn slot(&self, bit: u32) -> Slot<'_, K, V> {
        let (d, n) = (self.datamap(), self.nodemap());
        if d & bit != 0 {
            Slot::Entry(&self.entries()[index_of(d, bit)])
        } else if n & bit != 0 {
            Slot::Child(&self.children()[index_of(n, bit)])
        } else {
            Slot::Empty
        }
    }

    /// True if the node holds nothing.
    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.raw_maps() == (0, 0)
    }

    /// Visits every entry below this node (recursive, depth ≤ 14).
    pub(crate) fn for_each<'a>(&'a self, f: &mut impl FnMut(&'a (K, V))) {
        self.entries().iter().for_each(&mut *f);
        for c in self.children() {
            c.for_each(f);
        }
    }

    /// Number of entries below this node (walks the subtree).
    pub(crate) fn count(&self) -> usize {
        self.entries().len() + self.children().iter().map(|c| c.count()).sum::<usize>()
    }
}

impl<K, V> HeapNode for &Node<K, V> {
    fn addr(&self) -> usize {
        Node::addr(self)
    }

    fn bytes(&self) -> usize {
        self.alloc_size()
    }

    fn children(&self, out: &mut Vec<Self>) {
        out.extend(Node::children(self));
    }
}
