//! The B+tree's node layer: node types, look-ups by key and by rank, and bulk building.
//!
//! Entries live only in leaves (keys and values in two inline arrays, so a search touches only
//! keys); a branch holds `c` children, `c - 1` separator keys and the entry count of each child.
//! Separator `keys[i]` divides child `i` from child `i + 1`: every key of child `i` is below it and
//! every key of child `i + 1` is at or above it. All leaves sit at one depth.
//!
//! Files: `insert.rs` (insert with splits), `remove.rs` (remove with borrow and merge),
//! `join.rs` (split at a key, join two trees, pair rebalancing), `cursor.rs` (the iterator's
//! cursor), `diff.rs` (the merge walk that skips shared subtrees), `algebra.rs` (union and
//! friends by split and join), `check.rs` (the invariant checker).

pub(crate) mod algebra;
pub(crate) mod check;
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
    /// At most [`BRANCH_CAP`] between operations; one more while a split is pending.
    pub(crate) children: ArrayVec<Node<K, V>, BRANCH_ROOM>,
    /// `counts[i]` is the number of entries under `children[i]`.
    pub(crate) counts: ArrayVec<usize, BRANCH_ROOM>,
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
    pub(crate) fn new() -> Self {
        Branch {
            keys: ArrayVec::new(),
            children: ArrayVec::new(),
            counts: ArrayVec::new(),
            len: 0,
        }
    }

    /// Recomputes `counts[i]` from the child, and `len` from the change.
    #[inline]
    pub(crate) fn recount(&mut self, i: usize) {
        let n = self.children[i].len();
        self.len = self.len - self.counts[i] + n;
        self.counts[i] = n;
    }

    /// Appends a child (with the separator before it, unless it is the first).
    pub(crate) fn push(&mut self, sep: Option<K>, child: Node<K, V>) {
        if let Some(s) = sep {
            self.keys.push(s);
        }
        let n = child.len();
        self.counts.push(n);
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
    /// Number of entries under this node: O(1).
    #[inline]
    pub(crate) fn len(&self) -> usize {
        match self {
            Node::Leaf(l) => l.len(),
            Node::Branch(b) => b.len,
        }
    }

    /// Number of entries (leaf) or children (branch): what the fill bounds count.
    pub(crate) fn width(&self) -> usize {
        match self {
            Node::Leaf(l) => l.len(),
            Node::Branch(b) => b.children.len(),
        }
    }

    /// Whether this node is below its fill minimum (as a non-root node).
    pub(crate) fn underfull(&self) -> bool {
        match self {
            Node::Leaf(l) => l.len() < LEAF_MIN,
            Node::Branch(b) => b.children.len() < BRANCH_MIN,
        }
    }

    /// Height: 0 for a leaf. O(height).
    pub(crate) fn height(&self) -> usize {
        let mut h = 0;
        let mut n = self;
        while let Node::Branch(b) = n {
            h += 1;
            n = &b.children[0];
        }
        h
    }

    /// True if both handles point at the same allocation.
    #[inline]
    pub(crate) fn ptr_eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Node::Leaf(a), Node::Leaf(b)) => Arc::ptr_eq(a, b),
            (Node::Branch(a), Node::Branch(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// The leftmost leaf.
    pub(crate) fn first_leaf(&self) -> &Leaf<K, V> {
        let mut n = self;
        loop {
            match n {
                Node::Leaf(l) => return l,
                Node::Branch(b) => n = &b.children[0],
            }
        }
    }

    /// The rightmost leaf.
    pub(crate) fn last_leaf(&self) -> &Leaf<K, V> {
        let mut n = self;
        loop {
            match n {
                Node::Leaf(l) => return l,
                Node::Branch(b) => n = b.children.last().expect("branch without children"),
            }
        }
    }

    /// The smallest key (the node is not empty).
    pub(crate) fn min_key(&self) -> &K {
        &self.first_leaf().keys[0]
    }

    /// The entry stored under `key`: O(log n), no allocation.
    pub(crate) fn get<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let mut n = self;
        loop {
            match n {
                Node::Branch(b) => n = &b.children[child_index(&b.keys, key)],
                Node::Leaf(l) => {
                    return match leaf_search(&l.keys, key) {
                        Ok(i) => Some((&l.keys[i], &l.vals[i])),
                        Err(_) => None,
                    };
                }
            }
        }
    }

    /// The entry at rank `i` (0-based, in key order); `i < self.len()`.
    pub(crate) fn get_index(&self, mut i: usize) -> (&K, &V) {
        let mut n = self;
        loop {
            match n {
                Node::Branch(b) => {
                    let c = child_for_rank(&b.counts, &mut i);
                    n = &b.children[c];
                }
                Node::Leaf(l) => return (&l.keys[i], &l.vals[i]),
            }
        }
    }

    /// How many keys are below `key` (or at most `key`, if `inclusive`): O(log n).
    pub(crate) fn count_below<Q>(&self, key: &Q, inclusive: bool) -> usize
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let mut n = self;
        let mut acc = 0;
        loop {
            match n {
                Node::Branch(b) => {
                    let c = child_index(&b.keys, key);
                    acc += b.counts[..c].iter().sum::<usize>();
                    n = &b.children[c];
                }
                Node::Leaf(l) => {
                    return acc
                        + l.keys.partition_point(|k| match k.borrow().cmp(key) {
                            Ordering::Less => true,
                            Ordering::Equal => inclusive,
                            Ordering::Greater => false,
                        });
                }
            }
        }
    }
}

/// The child of a branch holding rank `*i`; `*i` becomes the rank within that child. A rank equal
/// to the branch's length lands at the end of the last child.
#[inline]
pub(crate) fn child_for_rank(counts: &[usize], i: &mut usize) -> usize {
    let last = counts.len() - 1;
    let mut c = 0;
    while c < last && *i >= counts[c] {
        *i -= counts[c];
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
        let mut n = self;
        loop {
            match n {
                Node::Branch(b) => {
                    let b = unique(b);
                    let c = child_index(&b.keys, key);
                    n = &mut b.children[c];
                }
                Node::Leaf(l) => {
                    let l = unique(l);
                    return match leaf_search(&l.keys, key) {
                        Ok(i) => Some((&l.keys[i], &mut l.vals[i])),
                        Err(_) => None,
                    };
                }
            }
        }
    }

    /// The entry at rank `i`, made unique along its path; `i < self.len()`.
    pub(crate) fn get_index_mut(&mut self, mut i: usize) -> (&K, &mut V) {
        let mut n = self;
        loop {
            match n {
                Node::Branch(b) => {
                    let b = Arc::make_mut(b);
                    let c = child_for_rank(&b.counts, &mut i);
                    n = &mut b.children[c];
                }
                Node::Leaf(l) => {
                    let l = Arc::make_mut(l);
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
            Node::Branch(b) => {
                let b = Arc::make_mut(b);
                let mut start = base;
                for (child, &n) in b.children.iter_mut().zip(b.counts.iter()) {
                    let end = start + n;
                    if end > lo && start < hi {
                        child.leaves_mut(start, lo, hi, out);
                    }
                    start = end;
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
            let groups = m.div_ceil(BRANCH_CAP);
            let mut next = Vec::with_capacity(groups);
            let mut it = level.into_iter();
            for g in 0..groups {
                let size = m / groups + usize::from(g < m % groups);
                let mut b = Branch::new();
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
                for c in children {
                    c.drain_into(out);
                }
            }
        }
    }
}

impl<K, V> HeapNode for &Node<K, V> {
    fn addr(&self) -> usize {
        match self {
            Node::Leaf(l) => Arc::as_ptr(l) as *const u8 as usize,
            Node::Branch(b) => Arc::as_ptr(b) as *const u8 as usize,
        }
    }

    fn bytes(&self) -> usize {
        // triomphe's header is one reference count.
        let header = std::mem::size_of::<usize>();
        match self {
            Node::Leaf(_) => header + std::mem::size_of::<Leaf<K, V>>(),
            Node::Branch(_) => header + std::mem::size_of::<Branch<K, V>>(),
        }
    }

    fn children(&self, out: &mut Vec<Self>) {
        if let Node::Branch(b) = self {
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
