//! The B+tree's node layer: node types, look-ups by key and by rank, and bulk building.
//!
//! Entries live only in leaves (keys and values in two inline arrays, so a search touches only
//! keys); a branch holds `c` children, `c - 1` separator keys and the entry count of each child.
//! Separator `keys[i]` divides child `i` from child `i + 1`: every key of child `i` is below it and
//! every key of child `i + 1` is at or above it. All leaves sit at one depth, so all children of a
//! branch are of one kind, stored by kind (8-byte slots) with `u32` counts.
//!
//! Files: `children.rs` (a branch's children by kind, the borrowed handle [`NodeRef`], the checked
//! `u32` counts), `insert.rs` (insert with splits), `remove.rs` (remove with borrow and merge),
//! `join.rs` (split at a key, join two trees, pair rebalancing), `cursor.rs` (the iterator's
//! cursor), `diff.rs` (the merge walk that skips shared subtrees), `algebra.rs` (union and
//! friends by split and join), `check.rs` (the invariant checker).

pub(crate) mod algebra;
pub(crate) mod check;
pub(crate) mod children;
pub(crate) mod cursor;
pub(crate) mod diff;
pub(crate) mod insert;
pub(crate) mod join;
pub(crate) mod remove;

use std::borrow::Borrow;
use std::cmp::Ordering;

use arrayvec::ArrayVec;
use triomphe::Arc;

use crate::sharing::HeapNode;

pub(crate) use children::{to_count, Children, Count, NodeRef};

/// Most entries in a leaf.
#[cfg(not(cowtree_small_branching))]
pub(crate) const LEAF_CAP: usize = 32;
/// Most children of a branch.
#[cfg(not(cowtree_small_branching))]
pub(crate) const BRANCH_CAP: usize = 32;
/// Most entries in a leaf (test-only small setting, to reach deep trees cheaply).
#[cfg(cowtree_small_branching)]
pub(crate) const LEAF_CAP: usize = 4;
/// Most children of a branch (test-only small setting).
#[cfg(cowtree_small_branching)]
pub(crate) const BRANCH_CAP: usize = 4;
/// Fewest entries in a leaf that is not the root.
pub(crate) const LEAF_MIN: usize = LEAF_CAP / 2;
/// Fewest children of a branch that is not the root.
pub(crate) const BRANCH_MIN: usize = BRANCH_CAP / 2;
/// Room for a branch's children and counts: one above [`BRANCH_CAP`], so that a child's split can
/// be hung in a full branch before the branch itself splits (insert, join).
pub(crate) const BRANCH_ROOM: usize = BRANCH_CAP + 1;
/// Most branches on a root-to-leaf path. Every non-root branch has at least [`BRANCH_MIN`]
/// children and every leaf is its own allocation, so a tree with `d` levels of branches has at
/// least `2 · BRANCH_MIN^(d-1)` leaves, which must fit in the address space: `d` stays below
/// `usize::BITS / log2(BRANCH_MIN)`.
pub(crate) const MAX_DEPTH: usize = (usize::BITS / BRANCH_MIN.ilog2()) as usize;

/// A leaf: sorted keys and their values, side by side. `ArrayVec` (unlike `SmallVec`) is
/// covariant in its element type, which makes the map covariant in `K` and `V`, as std's is.
#[derive(Clone)]
pub(crate) struct Leaf<K, V> {
    pub(crate) keys: ArrayVec<K, LEAF_CAP>,
    pub(crate) vals: ArrayVec<V, LEAF_CAP>,
}

/// An inner node: children, separators and per-child entry counts (the order statistics).
#[derive(Clone)]
pub(crate) struct Branch<K, V> {
    /// `children.len() - 1` separators.
    pub(crate) keys: ArrayVec<K, BRANCH_CAP>,
    /// At most [`BRANCH_CAP`] between operations; one more while a split is pending. Leaves
    /// exactly when the branch is at height 1.
    pub(crate) children: Children<K, V>,
    /// `counts[i]` is the number of entries under child `i` (at most `u32::MAX`: see
    /// [`to_count`]).
    pub(crate) counts: ArrayVec<Count, BRANCH_ROOM>,
    /// The sum of `counts`.
    pub(crate) len: usize,
}

/// An owned handle on a node of either kind (one `Arc`).
pub(crate) enum Node<K, V> {
    Leaf(Arc<Leaf<K, V>>),
    Branch(Arc<Branch<K, V>>),
}

impl<K, V> Clone for Node<K, V> {
    #[inline]
    fn clone(&self) -> Self {
        match self {
            Node::Leaf(l) => Node::Leaf(l.clone()),
            Node::Branch(b) => Node::Branch(b.clone()),
        }
    }
}

impl<K, V> Leaf<K, V> {
    pub(crate) fn new() -> Self {
        Leaf {
            keys: ArrayVec::new(),
            vals: ArrayVec::new(),
        }
    }

    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }
}

impl<K, V> Branch<K, V> {
    /// A branch without children yet, over leaves (`leaves`) or over branches.
    pub(crate) fn new(leaves: bool) -> Self {
        Branch {
            keys: ArrayVec::new(),
            children: Children::new(leaves),
            counts: ArrayVec::new(),
            len: 0,
        }
    }

    /// Recomputes `counts[i]` from the child, and `len` from the change.
    ///
    /// # Panics
    /// With "capacity overflow" if the child holds more than `u32::MAX` entries.
    #[inline]
    pub(crate) fn recount(&mut self, i: usize) {
        let n = self.children.entries(i);
        let c = to_count(n);
        self.len = self.len - self.counts[i] as usize + n;
        self.counts[i] = c;
    }

    /// Appends a child (with the separator before it, unless it is the first).
    ///
    /// # Panics
    /// With "capacity overflow" (before any change) if the child holds more than `u32::MAX`
    /// entries.
    pub(crate) fn push(&mut self, sep: Option<K>, child: Node<K, V>) {
        let n = child.len();
        let c = to_count(n);
        if let Some(s) = sep {
            self.keys.push(s);
        }
        self.counts.push(c);
        self.len += n;
        self.children.push(child);
    }
}

/// The node behind `a`, for writing: copied first if another version shares it. `Arc::make_mut`
/// with the copy moved out of line, so that the common case (a node this version holds alone)
/// is an inlined reference-count check instead of a call: insert and remove make every node on
/// their path unique.
#[inline(always)]
pub(crate) fn unique<T: Clone>(a: &mut Arc<T>) -> &mut T {
    if !a.is_unique() {
        copy_shared(a);
    }
    match Arc::get_mut(a) {
        Some(t) => t,
        // `a` is held mutably and its count is one, so no other handle can have appeared.
        None => unreachable!("a node just made unique is shared"),
    }
}

/// Replaces a shared node by a copy of its own: the cold half of [`unique`].
#[cold]
#[inline(never)]
fn copy_shared<T: Clone>(a: &mut Arc<T>) {
    *a = Arc::new(T::clone(a));
}

/// The index of the child of `keys`' branch that holds `key`: the number of separators `<= key`.
/// A binary search (std's, free of unpredictable branches): a linear scan was faster while the
/// tree fits in cache but slower beyond, see benches/README.md ("Choices measured").
#[inline]
pub(crate) fn child_index<K, Q>(keys: &[K], key: &Q) -> usize
where
    K: Borrow<Q>,
    Q: Ord + ?Sized,
{
    match keys.binary_search_by(|k| k.borrow().cmp(key)) {
        Ok(i) => i + 1,
        Err(i) => i,
    }
}

/// Where `key` is (`Ok`) or would go (`Err`) among a leaf's keys.
#[inline]
pub(crate) fn leaf_search<K, Q>(keys: &[K], key: &Q) -> Result<usize, usize>
where
    K: Borrow<Q>,
    Q: Ord + ?Sized,
{
    keys.binary_search_by(|k| k.borrow().cmp(key))
}

impl<K, V> Node<K, V> {
    /// A borrowed handle on this node.
    #[inline]
    pub(crate) fn as_ref(&self) -> NodeRef<'_, K, V> {
        match self {
            Node::Leaf(l) => NodeRef::Leaf(l),
            Node::Branch(b) => NodeRef::Branch(b),
        }
    }

    /// Whether this is a leaf.
    #[inline]
    pub(crate) fn is_leaf(&self) -> bool {
        matches!(self, Node::Leaf(_))
    }

    /// Number of entries under this node: O(1).
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.as_ref().len()
    }

    /// Number of entries (leaf) or children (branch): what the fill bounds count.
    pub(crate) fn width(&self) -> usize {
        self.as_ref().width()
    }

    /// Height: 0 for a leaf. O(height).
    pub(crate) fn height(&self) -> usize {
        self.as_ref().height()
    }

    /// True if both handles point at the same allocation.
    #[inline]
    pub(crate) fn ptr_eq(&self, other: &Self) -> bool {
        self.as_ref().ptr_eq(other.as_ref())
    }

    /// The leftmost leaf.
    pub(crate) fn first_leaf(&self) -> &Leaf<K, V> {
        self.as_ref().first_leaf()
    }

    /// The rightmost leaf.
    pub(crate) fn last_leaf(&self) -> &Leaf<K, V> {
        self.as_ref().last_leaf()
    }

    /// The smallest key (the node is not empty).
    pub(crate) fn min_key(&self) -> &K {
        &self.first_leaf().keys[0]
    }

    /// The entry stored under `key`: O(log n), no allocation.
    #[inline]
    pub(crate) fn get<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        match self {
            Node::Leaf(l) => l.get(key),
            Node::Branch(b) => b.get(key),
        }
    }

    /// The entry at rank `i` (0-based, in key order); `i < self.len()`.
    pub(crate) fn get_index(&self, mut i: usize) -> (&K, &V) {
        let mut b = match self {
            Node::Leaf(l) => return (&l.keys[i], &l.vals[i]),
            Node::Branch(b) => b,
        };
        loop {
            let c = child_for_rank(&b.counts, &mut i);
            match &b.children {
                Children::Branches(v) => b = &v[c],
                Children::Leaves(v) => return (&v[c].keys[i], &v[c].vals[i]),
            }
        }
    }

    /// How many keys are below `key` (or at most `key`, if `inclusive`): O(log n).
    pub(crate) fn count_below<Q>(&self, key: &Q, inclusive: bool) -> usize
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let below = |l: &Leaf<K, V>| {
            l.keys.partition_point(|k| match k.borrow().cmp(key) {
                Ordering::Less => true,
                Ordering::Equal => inclusive,
                Ordering::Greater => false,
            })
        };
        let mut b = match self {
            Node::Leaf(l) => return below(l),
            Node::Branch(b) => b,
        };
        let mut acc = 0;
        loop {
            let c = child_index(&b.keys, key);
            acc += b.counts[..c].iter().map(|&n| n as usize).sum::<usize>();
            match &b.children {
                Children::Branches(v) => b = &v[c],
                Children::Leaves(v) => return acc + below(&v[c]),
            }
        }
    }
}

/// The child of a branch holding rank `*i`; `*i` becomes the rank within that child. A rank equal
/// to the branch's length lands at the end of the last child.
#[inline]
pub(crate) fn child_for_rank(counts: &[Count], i: &mut usize) -> usize {
    let last = counts.len() - 1;
    let mut c = 0;
    while c < last && *i >= counts[c] as usize {
        *i -= counts[c] as usize;
        c += 1;
    }
    c
}

impl<K: Clone, V: Clone> Node<K, V> {
    /// The value stored under `key`, made unique along its path (copying shared nodes): O(log n).
    /// The caller has checked that `key` is present, so no path is copied in vain.
    pub(crate) fn get_mut<Q>(&mut self, key: &Q) -> Option<(&K, &mut V)>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        fn in_leaf<'a, K, V, Q>(l: &'a mut Leaf<K, V>, key: &Q) -> Option<(&'a K, &'a mut V)>
        where
            K: Borrow<Q>,
            Q: Ord + ?Sized,
        {
            match leaf_search(&l.keys, key) {
                Ok(i) => Some((&l.keys[i], &mut l.vals[i])),
                Err(_) => None,
            }
        }
        let mut b = match self {
            Node::Leaf(l) => return in_leaf(unique(l), key),
            Node::Branch(b) => b,
        };
        loop {
            let br = unique(b);
            let c = child_index(&br.keys, key);
            match &mut br.children {
                Children::Branches(v) => b = &mut v[c],
                Children::Leaves(v) => return in_leaf(unique(&mut v[c]), key),
            }
        }
    }

    /// The entry at rank `i`, made unique along its path; `i < self.len()`.
    pub(crate) fn get_index_mut(&mut self, mut i: usize) -> (&K, &mut V) {
        let mut b = match self {
            Node::Leaf(l) => {
                let l = Arc::make_mut(l);
                return (&l.keys[i], &mut l.vals[i]);
            }
            Node::Branch(b) => b,
        };
        loop {
            let br = Arc::make_mut(b);
            let c = child_for_rank(&br.counts, &mut i);
            match &mut br.children {
                Children::Branches(v) => b = &mut v[c],
                Children::Leaves(v) => {
                    let l = Arc::make_mut(&mut v[c]);
                    return (&l.keys[i], &mut l.vals[i]);
                }
            }
        }
    }

    /// Makes unique every leaf holding a rank in `lo..hi` (offset by `base`) and collects them,
    /// in order: the walk behind `iter_mut` and `range_mut`. O(log n + leaves visited).
    pub(crate) fn leaves_mut<'a>(
        &'a mut self,
        base: usize,
        lo: usize,
        hi: usize,
        out: &mut Vec<(usize, &'a mut Leaf<K, V>)>,
    ) {
        match self {
            Node::Leaf(l) => out.push((base, Arc::make_mut(l))),
            Node::Branch(b) => branch_leaves_mut(b, base, lo, hi, out),
        }
    }
}

/// [`Node::leaves_mut`] below a branch.
fn branch_leaves_mut<'a, K: Clone, V: Clone>(
    b: &'a mut Arc<Branch<K, V>>,
    base: usize,
    lo: usize,
    hi: usize,
    out: &mut Vec<(usize, &'a mut Leaf<K, V>)>,
) {
    let b = Arc::make_mut(b);
    let mut start = base;
    // Each child with its first rank; the children overlapping `lo..hi` are visited.
    let mut spans = b.counts.iter().map(|&n| {
        let s = start;
        start += n as usize;
        (s, start > lo && s < hi)
    });
    match &mut b.children {
        Children::Leaves(v) => {
            for (l, (s, hit)) in v.iter_mut().zip(spans.by_ref()) {
                if hit {
                    out.push((s, Arc::make_mut(l)));
                }
            }
        }
        Children::Branches(v) => {
            for (c, (s, hit)) in v.iter_mut().zip(spans.by_ref()) {
                if hit {
                    branch_leaves_mut(c, s, lo, hi, out);
                }
            }
        }
    }
}

impl<K: Clone, V: Clone> Node<K, V> {
    /// Builds a tree from entries sorted by key with no duplicates: O(n), every node at least
    /// half full, leaves filled evenly.
    pub(crate) fn build(entries: Vec<(K, V)>) -> Option<Node<K, V>> {
        if entries.is_empty() {
            return None;
        }
        let n = entries.len();
        let groups = n.div_ceil(LEAF_CAP);
        let mut level: Vec<Node<K, V>> = Vec::with_capacity(groups);
        let mut it = entries.into_iter();
        for g in 0..groups {
            let size = n / groups + usize::from(g < n % groups);
            let mut leaf = Leaf::new();
            for (k, v) in it.by_ref().take(size) {
                leaf.keys.push(k);
                leaf.vals.push(v);
            }
            level.push(Node::Leaf(Arc::new(leaf)));
        }
        while level.len() > 1 {
            let m = level.len();
            let leaves = level[0].is_leaf();
            let groups = m.div_ceil(BRANCH_CAP);
            let mut next = Vec::with_capacity(groups);
            let mut it = level.into_iter();
            for g in 0..groups {
                let size = m / groups + usize::from(g < m % groups);
                let mut b = Branch::new(leaves);
                for (j, child) in it.by_ref().take(size).enumerate() {
                    let sep = (j > 0).then(|| child.min_key().clone());
                    b.push(sep, child);
                }
                next.push(Node::Branch(Arc::new(b)));
            }
            level = next;
        }
        level.pop()
    }

    /// Every entry, in order, moved out of nodes this tree holds alone and cloned from shared ones.
    pub(crate) fn drain_into(self, out: &mut Vec<(K, V)>) {
        match self {
            Node::Leaf(l) => match Arc::try_unwrap(l) {
                Ok(l) => out.extend(l.keys.into_iter().zip(l.vals)),
                Err(l) => out.extend(l.keys.iter().cloned().zip(l.vals.iter().cloned())),
            },
            Node::Branch(b) => {
                let children = match Arc::try_unwrap(b) {
                    Ok(b) => b.children,
                    Err(b) => b.children.clone(),
                };
                match children {
                    Children::Leaves(v) => {
                        v.into_iter().for_each(|l| Node::Leaf(l).drain_into(out))
                    }
                    Children::Branches(v) => {
                        v.into_iter().for_each(|b| Node::Branch(b).drain_into(out));
                    }
                }
            }
        }
    }
}

impl<K, V> HeapNode for NodeRef<'_, K, V> {
    fn addr(&self) -> usize {
        NodeRef::addr(*self)
    }

    fn bytes(&self) -> usize {
        // triomphe's header is one reference count.
        let header = std::mem::size_of::<usize>();
        match self {
            NodeRef::Leaf(_) => header + std::mem::size_of::<Leaf<K, V>>(),
            NodeRef::Branch(_) => header + std::mem::size_of::<Branch<K, V>>(),
        }
    }

    fn children(&self, out: &mut Vec<Self>) {
        if let NodeRef::Branch(b) = self {
            out.extend(b.children.iter());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_copies_a_shared_node_and_keeps_an_unshared_one() {
        let mut a = Arc::new(Leaf::<u64, u64>::new());
        let before = Arc::as_ptr(&a);
        unique(&mut a).keys.push(1);
        unique(&mut a).vals.push(10);
        assert_eq!(
            Arc::as_ptr(&a),
            before,
            "an unshared node is written in place"
        );

        let snapshot = a.clone();
        unique(&mut a).vals[0] = 20;
        assert!(!Arc::ptr_eq(&a, &snapshot), "a shared node is copied");
        assert_eq!((snapshot.vals[0], a.vals[0]), (10, 20));
        assert!(a.is_unique() && snapshot.is_unique());
    }
}
