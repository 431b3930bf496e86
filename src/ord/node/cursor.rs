//! A position between two entries of a tree, for the iterators: the path of branches from the root
//! with the child taken at each, and the leaf with an index into it. Moving to the next (or
//! previous) leaf pops the path to the first branch with a child further right (left) and descends
//! its leftmost (rightmost) spine: amortized O(1) per entry, no allocation (the path is inline, [`MAX_DEPTH`] long).

use arrayvec::ArrayVec;

use super::{child_for_rank, Branch, Children, Leaf, NodeRef, MAX_DEPTH};

/// A position in a tree: before `leaf.keys[pos]` (and after `leaf.keys[pos - 1]`).
pub(crate) struct Cursor<'a, K, V> {
    path: ArrayVec<(&'a Branch<K, V>, usize), MAX_DEPTH>,
    leaf: &'a Leaf<K, V>,
    pos: usize,
}

impl<K, V> Clone for Cursor<'_, K, V> {
    fn clone(&self) -> Self {
        Cursor {
            path: self.path.clone(),
            leaf: self.leaf,
            pos: self.pos,
        }
    }
}

impl<'a, K, V> Cursor<'a, K, V> {
    /// The position before the entry of rank `i` (`i == root.len()` is the end): O(log n).
    pub(crate) fn at_rank(root: NodeRef<'a, K, V>, mut i: usize) -> Self {
        let mut path = ArrayVec::new();
        let mut b: &'a Branch<K, V> = match root {
            NodeRef::Branch(b) => b,
            NodeRef::Leaf(l) => {
                return Cursor {
                    path,
                    leaf: l,
                    pos: i,
                }
            }
        };
        loop {
            let c = child_for_rank(&b.counts, &mut i);
            path.push((b, c));
            match &b.children {
                Children::Branches(v) => b = &v[c],
                Children::Leaves(v) => {
                    return Cursor {
                        path,
                        leaf: &v[c],
                        pos: i,
                    }
                }
            }
        }
    }

    /// The entry after the position, moving past it. The caller knows one exists.
    #[inline]
    pub(crate) fn next(&mut self) -> (&'a K, &'a V) {
        if self.pos == self.leaf.len() {
            self.next_leaf();
        }
        let i = self.pos;
        self.pos += 1;
        (&self.leaf.keys[i], &self.leaf.vals[i])
    }

    /// The entry before the position, moving before it. The caller knows one exists.
    #[inline]
    pub(crate) fn prev(&mut self) -> (&'a K, &'a V) {
        if self.pos == 0 {
            self.prev_leaf();
        }
        self.pos -= 1;
        (&self.leaf.keys[self.pos], &self.leaf.vals[self.pos])
    }

    #[cold]
    fn next_leaf(&mut self) {
        while let Some((b, c)) = self.path.pop() {
            if c + 1 < b.children.len() {
                self.path.push((b, c + 1));
                self.leaf = self.descend(b, c + 1, |_| 0);
                self.pos = 0;
                return;
            }
        }
        unreachable!("cursor moved past the last leaf");
    }

    #[cold]
    fn prev_leaf(&mut self) {
        while let Some((b, c)) = self.path.pop() {
            if c > 0 {
                self.path.push((b, c - 1));
                self.leaf = self.descend(b, c - 1, |b| b.children.len() - 1);
                self.pos = self.leaf.len();
                return;
            }
        }
        unreachable!("cursor moved before the first leaf");
    }

    /// Descends from child `c` of `b` (already on the path) to a leaf, taking child `pick(branch)`
    /// of each branch on the way and pushing it on the path.
    #[inline]
    fn descend(
        &mut self,
        mut b: &'a Branch<K, V>,
        mut c: usize,
        pick: impl Fn(&Branch<K, V>) -> usize,
    ) -> &'a Leaf<K, V> {
        loop {
            match &b.children {
                Children::Leaves(v) => return &v[c],
                Children::Branches(v) => {
                    b = &v[c];
                    c = pick(b);
                    self.path.push((b, c));
                }
            }
        }
    }
}

/// The front and back cursors of a double-ended iteration over ranks `lo..hi`, with the count left.
pub(crate) struct Span<'a, K, V> {
    ends: Option<(Cursor<'a, K, V>, Cursor<'a, K, V>)>,
    remaining: usize,
}

impl<K, V> Clone for Span<'_, K, V> {
    fn clone(&self) -> Self {
        Span {
            ends: self.ends.clone(),
            remaining: self.remaining,
        }
    }
}

impl<'a, K, V> Span<'a, K, V> {
    /// Entries of rank `lo..hi` of the tree at `root`: O(log n).
    pub(crate) fn new(root: Option<NodeRef<'a, K, V>>, lo: usize, hi: usize) -> Self {
        match root {
            Some(r) if lo < hi => Span {
                ends: Some((Cursor::at_rank(r, lo), Cursor::at_rank(r, hi))),
                remaining: hi - lo,
            },
            _ => Span::empty(),
        }
    }

    /// No entries.
    pub(crate) fn empty() -> Self {
        Span {
            ends: None,
            remaining: 0,
        }
    }

    /// Entries left.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.remaining
    }

    #[inline]
    pub(crate) fn next(&mut self) -> Option<(&'a K, &'a V)> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        Some(self.ends.as_mut()?.0.next())
    }

    #[inline]
    pub(crate) fn next_back(&mut self) -> Option<(&'a K, &'a V)> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        Some(self.ends.as_mut()?.1.prev())
    }
}
