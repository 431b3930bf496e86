//! The structural diff: a merge walk over two trees in key order that skips a subtree whole when
//! both walks stand at the start of the same node (the same `Arc`).
//!
//! Each walk yields, at its position, either a whole node not yet entered or the next entry. When
//! both yield the same node, its entries are the next ones on both sides and all equal, so both
//! skip it; a node that differs is entered (the taller first), and entries are compared by key.
//! The skip happens only at a node's start with everything before it already matched, so an edit
//! right after a shared subtree is seen like any other. Cost: O(d · B · log n) for d changes
//! between versions that share everything else.

use std::cmp::Ordering;

use super::{Branch, Leaf, Node, NodeRef};

/// One difference, by reference into the two trees.
pub(crate) enum Change<'a, K, V> {
    Added(&'a K, &'a V),
    Removed(&'a K, &'a V),
    Changed(&'a K, &'a V, &'a V),
}

enum Frame<'a, K, V> {
    Branch(&'a Branch<K, V>, usize, usize),
    Leaf(&'a Leaf<K, V>, usize),
}

enum Item<'a, K, V> {
    Node(NodeRef<'a, K, V>, usize),
    Entry(&'a K, &'a V),
    End,
}

struct Walk<'a, K, V> {
    stack: Vec<Frame<'a, K, V>>,
    pending: Option<(NodeRef<'a, K, V>, usize)>,
}

impl<'a, K, V> Walk<'a, K, V> {
    fn new(root: Option<&'a Node<K, V>>) -> Self {
        Walk {
            stack: Vec::new(),
            pending: root.map(|r| (r.as_ref(), r.height())),
        }
    }

    fn peek(&mut self) -> Item<'a, K, V> {
        if let Some((n, h)) = self.pending {
            return Item::Node(n, h);
        }
        loop {
            match self.stack.last_mut() {
                None => return Item::End,
                Some(Frame::Leaf(l, i)) => {
                    if *i < l.len() {
                        return Item::Entry(&l.keys[*i], &l.vals[*i]);
                    }
                }
                Some(Frame::Branch(b, i, h)) => {
                    if *i < b.children.len() {
                        let n = b.children.get(*i);
                        *i += 1;
                        self.pending = Some((n, *h));
                        return Item::Node(n, *h);
                    }
                }
            }
            self.stack.pop();
        }
    }

    fn skip(&mut self) {
        self.pending = None;
    }

    fn enter(&mut self) {
        match self.pending.take() {
            Some((NodeRef::Branch(b), h)) => self.stack.push(Frame::Branch(b, 0, h - 1)),
            Some((NodeRef::Leaf(l), _)) => self.stack.push(Frame::Leaf(l, 0)),
            None => {}
        }
    }

    fn advance(&mut self) {
        if let Some(Frame::Leaf(_, i)) = self.stack.last_mut() {
            *i += 1;
        }
    }
}

/// Calls `out` for every difference from `old` to `new`, in ascending key order.
pub(crate) fn diff<'a, K: Ord, V: PartialEq>(
    old: Option<&'a Node<K, V>>,
    new: Option<&'a Node<K, V>>,
    out: &mut impl FnMut(Change<'a, K, V>),
) {
    let (mut a, mut b) = (Walk::new(old), Walk::new(new));
    loop {
        match (a.peek(), b.peek()) {
            (Item::Node(x, hx), Item::Node(y, hy)) => {
                if x.ptr_eq(y) {
                    a.skip();
                    b.skip();
                } else if hx >= hy {
                    a.enter();
                    if hx == hy {
                        b.enter();
                    }
                } else {
                    b.enter();
                }
            }
            (Item::Node(..), _) => a.enter(),
            (_, Item::Node(..)) => b.enter(),
            (Item::Entry(ka, va), Item::Entry(kb, vb)) => match ka.cmp(kb) {
                Ordering::Less => {
                    out(Change::Removed(ka, va));
                    a.advance();
                }
                Ordering::Greater => {
                    out(Change::Added(kb, vb));
                    b.advance();
                }
                Ordering::Equal => {
                    if va != vb {
                        out(Change::Changed(kb, va, vb));
                    }
                    a.advance();
                    b.advance();
                }
            },
            (Item::Entry(k, v), Item::End) => {
                out(Change::Removed(k, v));
                a.advance();
            }
            (Item::End, Item::Entry(k, v)) => {
                out(Change::Added(k, v));
                b.advance();
            }
            (Item::End, Item::End) => return,
        }
    }
}
