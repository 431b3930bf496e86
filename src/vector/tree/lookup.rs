//! [`Tree`], the middle part of a vector (root, height, length), and its reads: the element at
//! an index, the partition point, the first and last leaf.

use super::node::{BorrowedNode, Children, Leaf, Node};
use triomphe::Arc;

/// The middle part of a vector: an RRB tree (possibly empty).
pub(crate) struct Tree<T> {
    pub(crate) root: Option<Node<T>>,
    /// Height of the root (0 when the root is a leaf or the tree is empty).
    pub(crate) height: usize,
    pub(crate) len: usize,
}

impl<T> Clone for Tree<T> {
    fn clone(&self) -> Self {
        Tree {
            root: self.root.clone(),
            height: self.height,
            len: self.len,
        }
    }
}

impl<T> Default for Tree<T> {
    fn default() -> Self {
        Tree {
            root: None,
            height: 0,
            len: 0,
        }
    }
}

impl<T> Tree<T> {
    /// A tree with the given root, removing single-child branches at the top.
    pub(crate) fn from_root(root: Node<T>, height: usize) -> Self {
        let (root, height) = collapse(root, height);
        let len = root.len(height);
        Tree {
            root: Some(root),
            height,
            len,
        }
    }

    /// A tree with the given root of `len` elements, removing single-child branches at the top.
    pub(crate) fn from_root_len(root: Node<T>, height: usize, len: usize) -> Self {
        let (root, height) = collapse(root, height);
        Tree {
            root: Some(root),
            height,
            len,
        }
    }

    /// The element at `i < len`.
    #[inline]
    pub(crate) fn get(&self, mut i: usize) -> &T {
        let mut h = self.height;
        let mut b = match self.root.as_ref().expect("index into an empty tree") {
            Node::Leaf(l) => return &l[i],
            Node::Branch(b) => b,
        };
        loop {
            let (j, sub) = b.position(i, h);
            match &b.children {
                Children::Leaves(ls) => return &ls[j][sub],
                Children::Branches(bs) => {
                    b = &bs[j];
                    i = sub;
                    h -= 1;
                }
            }
        }
    }

    /// The number of leading elements for which `pred` holds, assuming it holds on a prefix (as
    /// `slice::partition_point`). One descent: at each branch a binary search over the children
    /// by their first elements (each reached by following first children, no index arithmetic),
    /// then a binary search in one leaf: about `log2(len) + 1` calls of `pred` in all.
    pub(crate) fn partition_point<P: FnMut(&T) -> bool>(&self, mut pred: P) -> usize {
        let mut base = 0;
        let mut h = self.height;
        let mut node = match self.root_ref() {
            None => return 0,
            Some(n) => n,
        };
        loop {
            let b = match node {
                BorrowedNode::Leaf(l) => return base + l.partition_point(pred),
                BorrowedNode::Branch(b) => b,
            };
            // The answer lies in the last child whose first element satisfies `pred` (or in
            // child 0 when none does: then it is 0 there).
            let (mut lo, mut hi) = (1, b.count());
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if pred(b.child_ref(mid).first()) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            let j = lo - 1;
            base += b.child_start(j, h);
            node = b.child_ref(j);
            h -= 1;
        }
    }

    /// The first leaf (the tree must not be empty): the first child at every level, with no
    /// index arithmetic (every push or pop of a leaf at the front looks at it).
    pub(crate) fn first_leaf(&self) -> &Arc<Leaf<T>> {
        let mut b = match self.root.as_ref().expect("first leaf of an empty tree") {
            Node::Leaf(l) => return l,
            Node::Branch(b) => b,
        };
        loop {
            match &b.children {
                Children::Leaves(ls) => return &ls[0],
                Children::Branches(bs) => b = &bs[0],
            }
        }
    }

    /// The last leaf (the tree must not be empty): the last child at every level.
    pub(crate) fn last_leaf(&self) -> &Arc<Leaf<T>> {
        self.root
            .as_ref()
            .expect("last leaf of an empty tree")
            .last_leaf()
    }
}

impl<T> Node<T> {
    /// The last leaf below this node: the last child at every level.
    pub(crate) fn last_leaf(&self) -> &Arc<Leaf<T>> {
        let mut b = match self {
            Node::Leaf(l) => return l,
            Node::Branch(b) => b,
        };
        loop {
            match &b.children {
                Children::Leaves(ls) => return &ls[ls.len() - 1],
                Children::Branches(bs) => b = &bs[bs.len() - 1],
            }
        }
    }
}

/// Removes single-child branches at the top of a tree.
pub(crate) fn collapse<T>(mut root: Node<T>, mut height: usize) -> (Node<T>, usize) {
    loop {
        let child = match &root {
            Node::Branch(b) if b.count() == 1 => b.child(0),
            _ => return (root, height),
        };
        root = child;
        height -= 1;
    }
}
