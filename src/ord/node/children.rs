//! A branch's children, stored by kind, and the per-child entry counts.
//!
//! All children of one branch sit at one height (a B+tree), so whether they are leaves or branches
//! is the branch's fact, not each slot's: [`Children`] holds either an array of leaf `Arc`s or an
//! array of branch `Arc`s, and a slot is one 8-byte pointer instead of a 16-byte tagged handle.
//! The counts are `u32` (4 bytes a slot instead of 8). Together they take a 32-child branch from
//! 1,088 bytes to 696, and a write after a snapshot copies up to four of them (benches/README.md,
//! "The B+tree's node layer").
//!
//! [`NodeRef`] is the borrowed handle on a node of either kind (a child of a branch, or a root
//! lent out); [`Node`] stays the owned handle for a whole subtree passed around (a root, a split's
//! new sibling, a piece of a split or join).
//!
//! Counts: a subtree below the root holds at most `u32::MAX` entries. Every count is made by
//! [`to_count`], which panics with "capacity overflow" past that (in every profile), so a count
//! never wraps.

use std::borrow::Borrow;
use std::ops::Range;

use arrayvec::ArrayVec;
use triomphe::Arc;

use crate::capacity_overflow;

use super::{child_index, leaf_search, Branch, Leaf, Node, BRANCH_MIN, BRANCH_ROOM, LEAF_MIN};

/// The entry count of one child, as a branch stores it.
pub(crate) type Count = u32;

/// The entries of a subtree as a stored count.
///
/// # Panics
/// With "capacity overflow" if `n` is above `u32::MAX`.
#[inline]
#[track_caller]
pub(crate) fn to_count(n: usize) -> Count {
    match Count::try_from(n) {
        Ok(c) => c,
        Err(_) => capacity_overflow(),
    }
}

/// A branch's children, all of one kind, in key order. At most [`super::BRANCH_CAP`] between
/// operations; one more while a split is pending.
#[derive(Clone)]
pub(crate) enum Children<K, V> {
    /// The children of a branch at height 1.
    Leaves(ArrayVec<Arc<Leaf<K, V>>, BRANCH_ROOM>),
    /// The children of a branch at height 2 or more.
    Branches(ArrayVec<Arc<Branch<K, V>>, BRANCH_ROOM>),
}

/// A borrowed handle on a node of either kind.
pub(crate) enum NodeRef<'a, K, V> {
    Leaf(&'a Arc<Leaf<K, V>>),
    Branch(&'a Arc<Branch<K, V>>),
}

impl<K, V> Clone for NodeRef<'_, K, V> {
    #[inline]
    fn clone(&self) -> Self {
        *self
    }
}

impl<K, V> Copy for NodeRef<'_, K, V> {}

/// A leaf and a branch given to one branch as children: a bug in the node layer.
#[cold]
#[inline(never)]
fn mismatch() -> ! {
    unreachable!("a leaf and a branch as children of one branch (or as siblings)")
}

/// Runs `$body` on the array inside `$c`, whichever its kind (the body is compiled once per kind).
macro_rules! each {
    ($c:expr, $v:ident => $body:expr) => {
        match $c {
            Children::Leaves($v) => $body,
            Children::Branches($v) => $body,
        }
    };
}

/// Runs `$body` on the arrays inside two children lists of one kind.
macro_rules! both {
    ($a:expr, $b:expr, ($x:ident, $y:ident) => $body:expr) => {
        match ($a, $b) {
            (Children::Leaves($x), Children::Leaves($y)) => $body,
            (Children::Branches($x), Children::Branches($y)) => $body,
            _ => mismatch(),
        }
    };
}

/// Puts `front` before the elements of `v` (which has room for them).
pub(crate) fn prepend<T, const N: usize>(
    v: &mut ArrayVec<T, N>,
    front: impl IntoIterator<Item = T>,
) {
    let mut out: ArrayVec<T, N> = front.into_iter().collect();
    out.extend(v.drain(..));
    *v = out;
}

impl<K, V> Children<K, V> {
    /// No children yet: of leaves (`leaves`) or of branches.
    pub(crate) fn new(leaves: bool) -> Self {
        if leaves {
            Children::Leaves(ArrayVec::new())
        } else {
            Children::Branches(ArrayVec::new())
        }
    }

    /// How many children.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        each!(self, v => v.len())
    }

    /// Whether the children are leaves (the branch is at height 1).
    #[inline]
    pub(crate) fn is_leaves(&self) -> bool {
        matches!(self, Children::Leaves(_))
    }

    /// Child `i`.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> NodeRef<'_, K, V> {
        match self {
            Children::Leaves(v) => NodeRef::Leaf(&v[i]),
            Children::Branches(v) => NodeRef::Branch(&v[i]),
        }
    }

    /// The entries under child `i`: O(1).
    #[inline]
    pub(crate) fn entries(&self, i: usize) -> usize {
        match self {
            Children::Leaves(v) => v[i].len(),
            Children::Branches(v) => v[i].len,
        }
    }

    /// Every child, in order.
    pub(crate) fn iter(&self) -> ChildIter<'_, K, V> {
        ChildIter {
            children: self,
            range: 0..self.len(),
        }
    }

    /// Appends `child`, which must be of this list's kind.
    pub(crate) fn push(&mut self, child: Node<K, V>) {
        match (self, child) {
            (Children::Leaves(v), Node::Leaf(l)) => v.push(l),
            (Children::Branches(v), Node::Branch(b)) => v.push(b),
            _ => mismatch(),
        }
    }

    /// Inserts `child`, which must be of this list's kind, at `i`.
    pub(crate) fn insert(&mut self, i: usize, child: Node<K, V>) {
        match (self, child) {
            (Children::Leaves(v), Node::Leaf(l)) => v.insert(i, l),
            (Children::Branches(v), Node::Branch(b)) => v.insert(i, b),
            _ => mismatch(),
        }
    }

    /// Takes child `i` out.
    pub(crate) fn remove(&mut self, i: usize) -> Node<K, V> {
        match self {
            Children::Leaves(v) => Node::Leaf(v.remove(i)),
            Children::Branches(v) => Node::Branch(v.remove(i)),
        }
    }

    /// Takes the last child out.
    pub(crate) fn pop(&mut self) -> Option<Node<K, V>> {
        match self {
            Children::Leaves(v) => v.pop().map(Node::Leaf),
            Children::Branches(v) => v.pop().map(Node::Branch),
        }
    }

    /// Moves children `at..` out, into a list of the same kind.
    pub(crate) fn split_off(&mut self, at: usize) -> Self {
        match self {
            Children::Leaves(v) => Children::Leaves(v.drain(at..).collect()),
            Children::Branches(v) => Children::Branches(v.drain(at..).collect()),
        }
    }

    /// Handles on children `range` (shared, not copied), as a list of the same kind.
    pub(crate) fn slice(&self, range: Range<usize>) -> Self {
        match self {
            Children::Leaves(v) => Children::Leaves(v[range].iter().cloned().collect()),
            Children::Branches(v) => Children::Branches(v[range].iter().cloned().collect()),
        }
    }

    /// Moves children `from..` to the front of `right` (a list of the same kind, with room).
    pub(crate) fn move_tail(&mut self, from: usize, right: &mut Self) {
        both!(self, right, (l, r) => prepend(r, l.drain(from..)))
    }

    /// Moves children `..to` to the end of `left` (a list of the same kind, with room).
    pub(crate) fn move_head(&mut self, to: usize, left: &mut Self) {
        both!(self, left, (r, l) => l.extend(r.drain(..to)))
    }
}

/// The children of a branch, in order, as borrowed handles.
pub(crate) struct ChildIter<'a, K, V> {
    children: &'a Children<K, V>,
    range: Range<usize>,
}

impl<'a, K, V> Iterator for ChildIter<'a, K, V> {
    type Item = NodeRef<'a, K, V>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        self.range.next().map(|i| self.children.get(i))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.range.size_hint()
    }
}

impl<K, V> ExactSizeIterator for ChildIter<'_, K, V> {}

impl<K, V> Branch<K, V> {
    /// The entry stored under `key` in this subtree: O(log n), no allocation.
    #[inline]
    pub(crate) fn get<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let mut b = self;
        loop {
            let c = child_index(&b.keys, key);
            match &b.children {
                Children::Branches(v) => b = &v[c],
                Children::Leaves(v) => return v[c].get(key),
            }
        }
    }

    /// Height: 1 for a branch over leaves. O(height).
    pub(crate) fn height(&self) -> usize {
        let mut h = 1;
        let mut b = self;
        while let Children::Branches(v) = &b.children {
            h += 1;
            b = &v[0];
        }
        h
    }

    /// The leftmost leaf.
    pub(crate) fn first_leaf(&self) -> &Leaf<K, V> {
        let mut b = self;
        loop {
            match &b.children {
                Children::Branches(v) => b = &v[0],
                Children::Leaves(v) => return &v[0],
            }
        }
    }

    /// The rightmost leaf.
    pub(crate) fn last_leaf(&self) -> &Leaf<K, V> {
        let mut b = self;
        loop {
            match &b.children {
                Children::Branches(v) => b = v.last().expect("branch without children"),
                Children::Leaves(v) => return v.last().expect("branch without children"),
            }
        }
    }
}

impl<K, V> Leaf<K, V> {
    /// The entry stored under `key`.
    #[inline]
    pub(crate) fn get<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        match leaf_search(&self.keys, key) {
            Ok(i) => Some((&self.keys[i], &self.vals[i])),
            Err(_) => None,
        }
    }
}

impl<'a, K, V> NodeRef<'a, K, V> {
    /// An owned handle on the same node (one reference count more).
    #[inline]
    pub(crate) fn to_node(self) -> Node<K, V> {
        match self {
            NodeRef::Leaf(l) => Node::Leaf(l.clone()),
            NodeRef::Branch(b) => Node::Branch(b.clone()),
        }
    }

    /// Number of entries under this node: O(1).
    #[inline]
    pub(crate) fn len(self) -> usize {
        match self {
            NodeRef::Leaf(l) => l.len(),
            NodeRef::Branch(b) => b.len,
        }
    }

    /// Number of entries (leaf) or children (branch): what the fill bounds count.
    pub(crate) fn width(self) -> usize {
        match self {
            NodeRef::Leaf(l) => l.len(),
            NodeRef::Branch(b) => b.children.len(),
        }
    }

    /// Whether this node is below its fill minimum (as a non-root node).
    pub(crate) fn underfull(self) -> bool {
        match self {
            NodeRef::Leaf(l) => l.len() < LEAF_MIN,
            NodeRef::Branch(b) => b.children.len() < BRANCH_MIN,
        }
    }

    /// Height: 0 for a leaf. O(height).
    pub(crate) fn height(self) -> usize {
        match self {
            NodeRef::Leaf(_) => 0,
            NodeRef::Branch(b) => b.height(),
        }
    }

    /// True if both handles point at the same allocation.
    #[inline]
    pub(crate) fn ptr_eq(self, other: Self) -> bool {
        match (self, other) {
            (NodeRef::Leaf(a), NodeRef::Leaf(b)) => Arc::ptr_eq(a, b),
            (NodeRef::Branch(a), NodeRef::Branch(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// The node's address: equal for two handles on one node, unique among live nodes.
    pub(crate) fn addr(self) -> usize {
        match self {
            NodeRef::Leaf(l) => Arc::as_ptr(l) as *const u8 as usize,
            NodeRef::Branch(b) => Arc::as_ptr(b) as *const u8 as usize,
        }
    }

    /// The leftmost leaf.
    pub(crate) fn first_leaf(self) -> &'a Leaf<K, V> {
        match self {
            NodeRef::Leaf(l) => l,
            NodeRef::Branch(b) => b.first_leaf(),
        }
    }

    /// The rightmost leaf.
    pub(crate) fn last_leaf(self) -> &'a Leaf<K, V> {
        match self {
            NodeRef::Leaf(l) => l,
            NodeRef::Branch(b) => b.last_leaf(),
        }
    }

    /// The entry stored under `key`: O(log n), no allocation.
    #[inline]
    pub(crate) fn get<Q>(self, key: &Q) -> Option<(&'a K, &'a V)>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        match self {
            NodeRef::Leaf(l) => l.get(key),
            NodeRef::Branch(b) => b.get(key),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_past_u32_max_panics_with_capacity_overflow_instead_of_wrapping() {
        assert_eq!(to_count(0), 0);
        assert_eq!(to_count(u32::MAX as usize), u32::MAX);
        let past = std::panic::catch_unwind(|| to_count(u32::MAX as usize + 1));
        let msg = past.expect_err("a count past u32::MAX must panic");
        assert_eq!(msg.downcast_ref::<&str>(), Some(&"capacity overflow"));
    }

    #[test]
    fn a_32_child_branch_takes_8_byte_slots_and_4_byte_counts() {
        // Separators (8 bytes each for u64), children (one pointer each) and counts: the slots
        // the write after a snapshot copies. Checked against the figure the docs quote.
        if cfg!(cowtree_small_branching) || usize::BITS != 64 {
            return;
        }
        // 264 (separators) + 280 (a tag and 33 pointers) + 136 (33 counts) + 8 (len).
        assert_eq!(std::mem::size_of::<Branch<u64, u64>>(), 688);
    }
}
