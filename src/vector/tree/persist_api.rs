//! The tree-layer interface that `crate::persist` uses (behind the `persist` feature): walk a
//! vector's leaves and branches, and build them back from parts, each branch checked as
//! `check.rs` would. The persist adapter (`src/persist/vector.rs`) touches the tree only through
//! this file, so a change of node types is fixed here.

use super::check::MAX_SEARCH_STEPS;
use super::node::{full_size, Branch, Node};
use super::{Buf, Leaf, Tree, B, BITS};
use crate::vector::Vector;
use triomphe::Arc;

/// The branching factor: elements per leaf and children per branch, at most.
pub(crate) const BRANCHING: usize = B;

/// An owned handle on a leaf or a branch (one reference count).
pub(crate) struct Handle<T>(Node<T>);

impl<T> Clone for Handle<T> {
    fn clone(&self) -> Self {
        Handle(self.0.clone())
    }
}

/// What a node holds.
pub(crate) enum View<'a, T> {
    /// A leaf's elements.
    Leaf(&'a [T]),
    /// A branch's children, in order.
    Branch(Vec<Handle<T>>),
}

impl<T> Handle<T> {
    /// The node's address: equal for two handles on one node, unique among live nodes.
    pub(crate) fn addr(&self) -> usize {
        self.0.addr()
    }

    /// What the node holds.
    pub(crate) fn view(&self) -> View<'_, T> {
        match &self.0 {
            Node::Leaf(l) => View::Leaf(l),
            Node::Branch(b) => View::Branch((0..b.count()).map(|j| Handle(b.child(j))).collect()),
        }
    }

    /// A leaf over `items` (the caller checked `1..=BRANCHING` elements, or `0..=BRANCHING` for
    /// a head or tail buffer).
    pub(crate) fn leaf(items: Vec<T>) -> Self {
        Handle(Node::Leaf(Arc::new(items.into_iter().collect::<Leaf<T>>())))
    }

    /// A branch at height `h >= 1` over `children` (each with its height checked to be `h - 1`,
    /// and its element count), checked as the tree's invariants demand: 1 to `BRANCHING`
    /// children, dense (every child but the last full) or else a size table within the
    /// search-step bound.
    pub(crate) fn branch(
        children: Vec<(Handle<T>, usize)>,
        h: usize,
    ) -> Result<Self, &'static str> {
        if children.is_empty() || children.len() > B {
            return Err("a branch's child count is not in 1..=B");
        }
        let full = full_size(h - 1);
        let n = children.len();
        let dense = children[..n - 1].iter().all(|(_, len)| *len == full);
        if !dense {
            let shift = (BITS * h) as u32;
            let mut start = 0usize;
            for (j, (_, len)) in children.iter().enumerate() {
                let guess = start.checked_shr(shift).unwrap_or(0);
                if j - guess.min(j) > MAX_SEARCH_STEPS {
                    return Err("a relaxed branch is past the search-step bound");
                }
                start = start
                    .checked_add(*len)
                    .ok_or("a branch's length overflows")?;
            }
        } else if children[n - 1].1 > full {
            return Err("a branch's last child is over full");
        }
        let branch = Branch::from_sized(children.into_iter().map(|(c, l)| (c.0, l)), h);
        Ok(Handle(Node::Branch(Arc::new(branch))))
    }

    /// True for a leaf.
    pub(crate) fn is_leaf(&self) -> bool {
        matches!(self.0, Node::Leaf(_))
    }
}

/// A vector's parts: the head buffer (its elements in reverse order), the tree (root, height,
/// length) and the tail buffer. Empty parts are `None`.
pub(crate) type Parts<T> = (
    Option<Handle<T>>,
    Option<(Handle<T>, usize, usize)>,
    Option<Handle<T>>,
);

/// The parts of `v`.
pub(crate) fn parts<T>(v: &Vector<T>) -> Parts<T> {
    let buf = |b: &Buf<T>| {
        b.arc()
            .filter(|l| !l.is_empty())
            .map(|l| Handle(Node::Leaf(l.clone())))
    };
    let tree = v
        .tree
        .root
        .as_ref()
        .map(|r| (Handle(r.clone()), v.tree.height, v.tree.len));
    (buf(&v.head), tree, buf(&v.tail))
}

/// A vector from checked parts; fails if a buffer is not a leaf or the root is a branch with a
/// single child.
pub(crate) fn from_parts<T>(parts: Parts<T>) -> Result<Vector<T>, &'static str> {
    let (head, tree, tail) = parts;
    let buf = |h: Option<Handle<T>>| match h {
        None => Ok(Buf::new()),
        Some(Handle(Node::Leaf(l))) => Ok(Buf::from_arc(l)),
        Some(_) => Err("a vector's head or tail is not a leaf"),
    };
    let head = buf(head)?;
    let tail = buf(tail)?;
    let tree_len = tree.as_ref().map_or(0, |t| t.2);
    if head
        .len()
        .checked_add(tree_len)
        .and_then(|l| l.checked_add(tail.len()))
        .is_none()
    {
        return Err("a vector's length passes usize::MAX");
    }
    let tree = match tree {
        None => Tree::default(),
        Some((root, height, len)) => {
            if let Node::Branch(b) = &root.0 {
                if b.count() < 2 {
                    return Err("the tree's root is a branch with a single child");
                }
            }
            Tree {
                root: Some(root.0),
                height,
                len,
            }
        }
    };
    Ok(Vector { head, tree, tail })
}
