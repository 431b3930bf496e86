//! Leaf and branch nodes of the RRB tree: size tables, radix and relaxed indexing, and the edits
//! that touch one root-to-leaf path (get, get_mut, push or pop a leaf at either end, take, drop).
//!
//! Heights: a leaf has height 0; a branch at height `h` holds children of height `h - 1`. A full
//! subtree of height `h` holds `B^(h+1)` elements. A branch without a size table ("dense") has every
//! child but the last full, so the child holding index `i` is `i >> (BITS * h)`; a branch with a
//! size table ("relaxed") stores the cumulative element count of its children and is searched
//! from that radix guess forward.

use super::size_table::{SizeTable, Sizes};
use super::{Tree, B, BITS};
use crate::sharing::HeapNode;
use arrayvec::ArrayVec;
use triomphe::Arc;

/// A leaf: up to `B` elements, stored inline.
pub(crate) type Leaf<T> = ArrayVec<T, B>;

/// The children of a branch: all leaves (height 1) or all branches (height > 1).
pub(crate) enum Children<T> {
    Leaves(ArrayVec<Arc<Leaf<T>>, B>),
    Branches(ArrayVec<Arc<Branch<T>>, B>),
}

/// An inner node.
pub(crate) struct Branch<T> {
    pub(crate) children: Children<T>,
    /// `None` when dense (every child but the last is full).
    pub(crate) sizes: Option<Box<SizeTable>>,
}

/// An owned handle on a node of either kind (one `Arc`).
pub(crate) enum Node<T> {
    Leaf(Arc<Leaf<T>>),
    Branch(Arc<Branch<T>>),
}

/// Elements in a full subtree of height `h` (saturating).
#[inline]
pub(crate) fn full_size(h: usize) -> usize {
    let s = BITS * (h + 1);
    if s >= usize::BITS as usize {
        usize::MAX
    } else {
        1 << s
    }
}

/// Radix split of index `i` in a dense branch at height `h`: (child, index in child).
#[inline]
pub(crate) fn radix(i: usize, h: usize) -> (usize, usize) {
    let shift = (BITS * h) as u32;
    match i.checked_shr(shift) {
        Some(j) if shift < usize::BITS => (j, i & ((1usize << shift) - 1)),
        _ => (0, i),
    }
}

impl<T> Clone for Node<T> {
    fn clone(&self) -> Self {
        match self {
            Node::Leaf(l) => Node::Leaf(l.clone()),
            Node::Branch(b) => Node::Branch(b.clone()),
        }
    }
}

impl<T> Clone for Children<T> {
    fn clone(&self) -> Self {
        match self {
            Children::Leaves(v) => Children::Leaves(v.clone()),
            Children::Branches(v) => Children::Branches(v.clone()),
        }
    }
}

impl<T> Clone for Branch<T> {
    fn clone(&self) -> Self {
        Branch {
            children: self.children.clone(),
            sizes: self.sizes.clone(),
        }
    }
}

impl<T> Node<T> {
    /// Number of elements below this node (which has height `h`).
    pub(crate) fn len(&self, h: usize) -> usize {
        match self {
            Node::Leaf(l) => l.len(),
            Node::Branch(b) => b.len(h),
        }
    }

    /// Number of direct entries: elements of a leaf, children of a branch.
    pub(crate) fn slots(&self) -> usize {
        match self {
            Node::Leaf(l) => l.len(),
            Node::Branch(b) => b.count(),
        }
    }

    pub(crate) fn as_branch(&self) -> &Arc<Branch<T>> {
        match self {
            Node::Branch(b) => b,
            Node::Leaf(_) => unreachable!("expected a branch"),
        }
    }

    /// The leaf handle, moved out (no reference-count traffic).
    pub(crate) fn into_leaf(self) -> Arc<Leaf<T>> {
        match self {
            Node::Leaf(l) => l,
            Node::Branch(_) => unreachable!("expected a leaf"),
        }
    }

    /// The branch handle, moved out.
    pub(crate) fn into_branch(self) -> Arc<Branch<T>> {
        match self {
            Node::Branch(b) => b,
            Node::Leaf(_) => unreachable!("expected a branch"),
        }
    }

    pub(crate) fn as_leaf(&self) -> &Arc<Leaf<T>> {
        match self {
            Node::Leaf(l) => l,
            Node::Branch(_) => unreachable!("expected a leaf"),
        }
    }

    /// The address of the allocation, for pointer-equality checks.
    pub(crate) fn addr(&self) -> usize {
        match self {
            Node::Leaf(l) => Arc::as_ptr(l) as *const u8 as usize,
            Node::Branch(b) => Arc::as_ptr(b) as *const u8 as usize,
        }
    }

    pub(crate) fn ptr_eq(&self, other: &Self) -> bool {
        self.addr() == other.addr()
    }
}

impl<T> Branch<T> {
    /// A branch with one child (dense).
    pub(crate) fn single(child: Node<T>) -> Self {
        let children = match child {
            Node::Leaf(l) => Children::Leaves(std::iter::once(l).collect()),
            Node::Branch(b) => Children::Branches(std::iter::once(b).collect()),
        };
        Branch {
            children,
            sizes: None,
        }
    }

    /// A branch at height `h` over `nodes` (1..=B nodes, all of height `h - 1`), with a size table
    /// only if it is not dense.
    pub(crate) fn from_nodes(nodes: impl IntoIterator<Item = Node<T>>, h: usize) -> Self {
        let children = if h == 1 {
            Children::Leaves(nodes.into_iter().map(Node::into_leaf).collect())
        } else {
            Children::Branches(nodes.into_iter().map(Node::into_branch).collect())
        };
        let mut b = Branch {
            children,
            sizes: None,
        };
        debug_assert!(b.count() >= 1 && b.count() <= B);
        b.recompute_sizes(h);
        b
    }

    /// A branch at height `h` over `nodes` (1..=B nodes of height `h - 1`, each with its
    /// element count): the size table comes from the counts, without a look into the nodes.
    pub(crate) fn from_sized(nodes: impl IntoIterator<Item = (Node<T>, usize)>, h: usize) -> Self {
        let mut lens = [0usize; B];
        let mut n = 0;
        let mut leaves = ArrayVec::new();
        let mut branches = ArrayVec::new();
        for (node, len) in nodes {
            lens[n] = len;
            n += 1;
            match node {
                Node::Leaf(l) => leaves.push(l),
                Node::Branch(b) => branches.push(b),
            }
        }
        debug_assert!(if h == 1 {
            branches.is_empty()
        } else {
            leaves.is_empty()
        });
        Branch {
            children: if h == 1 {
                Children::Leaves(leaves)
            } else {
                Children::Branches(branches)
            },
            sizes: Sizes::of(lens[..n].iter().copied(), full_size(h - 1)).relaxed(),
        }
    }

    /// Number of children.
    #[inline]
    pub(crate) fn count(&self) -> usize {
        match &self.children {
            Children::Leaves(v) => v.len(),
            Children::Branches(v) => v.len(),
        }
    }

    /// Child `j` as an owned handle (one reference-count increment).
    #[inline]
    pub(crate) fn child(&self, j: usize) -> Node<T> {
        match &self.children {
            Children::Leaves(v) => Node::Leaf(v[j].clone()),
            Children::Branches(v) => Node::Branch(v[j].clone()),
        }
    }

    /// The address of child `j`.
    pub(crate) fn child_addr(&self, j: usize) -> usize {
        match &self.children {
            Children::Leaves(v) => Arc::as_ptr(&v[j]) as *const u8 as usize,
            Children::Branches(v) => Arc::as_ptr(&v[j]) as *const u8 as usize,
        }
    }

    /// Elements below this branch (height `h`).
    pub(crate) fn len(&self, h: usize) -> usize {
        let n = self.count();
        match &self.sizes {
            Some(s) => s[n - 1],
            None => (n - 1) * full_size(h - 1) + self.child_len_direct(n - 1, h),
        }
    }

    /// Length of child `j`, computed from the child itself.
    pub(crate) fn child_len_direct(&self, j: usize, h: usize) -> usize {
        match &self.children {
            Children::Leaves(v) => v[j].len(),
            Children::Branches(v) => v[j].len(h - 1),
        }
    }

    /// Length of child `j` of this branch (height `h`).
    #[inline]
    pub(crate) fn child_len(&self, j: usize, h: usize) -> usize {
        match &self.sizes {
            Some(s) => s[j] - if j == 0 { 0 } else { s[j - 1] },
            None if j + 1 < self.count() => full_size(h - 1),
            None => self.child_len_direct(j, h),
        }
    }

    /// Index of the first element of child `j` within this branch (height `h`).
    #[inline]
    pub(crate) fn child_start(&self, j: usize, h: usize) -> usize {
        match &self.sizes {
            _ if j == 0 => 0,
            Some(s) => s[j - 1],
            None => j * full_size(h - 1),
        }
    }

    /// The child holding index `i` (which must be in range) and the index within it.
    #[inline]
    pub(crate) fn position(&self, i: usize, h: usize) -> (usize, usize) {
        let (mut j, sub) = radix(i, h);
        match &self.sizes {
            None => (j, sub),
            Some(s) => {
                // Children hold at most a full subtree each, so the radix guess never overshoots.
                while s[j] <= i {
                    j += 1;
                }
                (j, if j == 0 { i } else { i - s[j - 1] })
            }
        }
    }

    /// Sets the size table from the children: `None` when dense, else the cumulative counts.
    pub(crate) fn recompute_sizes(&mut self, h: usize) {
        let lens = (0..self.count()).map(|j| self.child_len_direct(j, h));
        self.sizes = Sizes::of(lens, full_size(h - 1)).relaxed();
    }

    /// Makes sure a size table exists. A dense branch's table is derived from the density
    /// invariant (every child but the last full), so call it before changing a child's length.
    pub(crate) fn ensure_sizes(&mut self, h: usize) -> &mut SizeTable {
        if self.sizes.is_none() {
            let n = self.count();
            let full = full_size(h - 1);
            // Dense: every child but the last is full (no look into them).
            let lens = (0..n).map(|j| {
                if j + 1 < n {
                    full
                } else {
                    self.child_len_direct(j, h)
                }
            });
            self.sizes = Some(Sizes::of(lens, full).table());
        }
        self.sizes.as_mut().expect("set above")
    }
}

impl<T> Branch<T> {
    /// A branch over `nodes` with no size table yet (the caller sets it).
    pub(crate) fn from_children(nodes: impl IntoIterator<Item = Node<T>>, h: usize) -> Self {
        let children = if h == 1 {
            Children::Leaves(nodes.into_iter().map(Node::into_leaf).collect())
        } else {
            Children::Branches(nodes.into_iter().map(Node::into_branch).collect())
        };
        Branch {
            children,
            sizes: None,
        }
    }
}

/// A borrowed node of either kind.
pub(crate) enum BorrowedNode<'a, T> {
    Leaf(&'a Leaf<T>),
    Branch(&'a Branch<T>),
}

impl<T> Clone for BorrowedNode<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for BorrowedNode<'_, T> {}

impl<'a, T> From<&'a Node<T>> for BorrowedNode<'a, T> {
    fn from(n: &'a Node<T>) -> Self {
        match n {
            Node::Leaf(l) => BorrowedNode::Leaf(l),
            Node::Branch(b) => BorrowedNode::Branch(b),
        }
    }
}

impl<'a, T> BorrowedNode<'a, T> {
    pub(crate) fn addr(self) -> usize {
        match self {
            BorrowedNode::Leaf(l) => l as *const Leaf<T> as usize,
            BorrowedNode::Branch(b) => b as *const Branch<T> as usize,
        }
    }

    pub(crate) fn len(self, h: usize) -> usize {
        match self {
            BorrowedNode::Leaf(l) => l.len(),
            BorrowedNode::Branch(b) => b.len(h),
        }
    }

    /// The first element below this node (a leaf is never empty).
    pub(crate) fn first(self) -> &'a T {
        let mut n = self;
        loop {
            match n {
                BorrowedNode::Leaf(l) => return &l[0],
                BorrowedNode::Branch(b) => n = b.child_ref(0),
            }
        }
    }

    pub(crate) fn first_child(self) -> BorrowedNode<'a, T> {
        match self {
            BorrowedNode::Branch(b) => b.child_ref(0),
            BorrowedNode::Leaf(_) => unreachable!("a leaf has no children"),
        }
    }
}

impl<T> Branch<T> {
    /// The children, if they are leaves (a branch of height 1).
    #[inline]
    pub(crate) fn leaf_children(&self) -> Option<&[Arc<Leaf<T>>]> {
        match &self.children {
            Children::Leaves(v) => Some(v),
            Children::Branches(_) => None,
        }
    }

    /// Child `j`, borrowed.
    #[inline]
    pub(crate) fn child_ref(&self, j: usize) -> BorrowedNode<'_, T> {
        match &self.children {
            Children::Leaves(v) => BorrowedNode::Leaf(&v[j]),
            Children::Branches(v) => BorrowedNode::Branch(&v[j]),
        }
    }
}

impl<T> Tree<T> {
    /// The root, borrowed.
    pub(crate) fn root_ref(&self) -> Option<BorrowedNode<'_, T>> {
        self.root.as_ref().map(BorrowedNode::from)
    }
}

/// Bytes of an `Arc` allocation holding an `X` (the count, then the value).
fn arc_bytes<X>() -> usize {
    std::mem::size_of::<(usize, X)>()
}

impl<T> HeapNode for BorrowedNode<'_, T> {
    fn addr(&self) -> usize {
        BorrowedNode::addr(*self)
    }

    fn bytes(&self) -> usize {
        match self {
            BorrowedNode::Leaf(_) => arc_bytes::<Leaf<T>>(),
            BorrowedNode::Branch(b) => {
                let table = b
                    .sizes
                    .as_ref()
                    .map_or(0, |_| std::mem::size_of::<SizeTable>());
                arc_bytes::<Branch<T>>() + table
            }
        }
    }

    fn children(&self, out: &mut Vec<Self>) {
        if let BorrowedNode::Branch(b) = self {
            out.extend((0..b.count()).map(|j| b.child_ref(j)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radix_splits_index() {
        assert_eq!(radix(5, 0), (5, 0));
        assert_eq!(radix(B + 3, 1), (1, 3));
        assert_eq!(radix(3, 40), (0, 3));
    }
}
