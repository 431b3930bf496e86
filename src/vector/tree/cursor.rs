//! Leaf cursors over a tree, from both ends: [`TreeLeaves`] (read-only, behind every iterator)
//! and [`LeavesMut`] (writable, behind `iter_mut`, copying each shared node on first visit).
//!
//! [`TreeLeaves`] keeps one cursor (a stack of branch positions) per end, so both ends advance
//! one leaf at a time in O(1) amortized; its `fold` skips the cursors and walks the tree by
//! recursion with a plain loop over each bottom branch's leaves.

use super::node::{BorrowedNode, Branch, Children, Leaf, Node};
use super::Tree;
use triomphe::Arc;

/// Leaf slices of a range of a tree, from both ends.
pub(crate) struct TreeLeaves<'a, T> {
    /// Set when the root is a single leaf (then the stacks are unused).
    single: Option<&'a [T]>,
    /// One cursor per end: the branches from the root down to the bottom branch, with the child
    /// index taken at each. A `Vec` (allocated only over a tree of height > 0): an inline array
    /// type would make the iterators invariant in `T` (`SmallVec`) or bound the height.
    front: Vec<(&'a Branch<T>, usize)>,
    back: Vec<(&'a Branch<T>, usize)>,
    /// First and last leaf slices, trimmed to the range, not yet reached.
    front_first: Option<&'a [T]>,
    back_first: Option<&'a [T]>,
    /// Elements of the range not yet yielded by either end.
    pub(crate) remaining: usize,
}

impl<T> Clone for TreeLeaves<'_, T> {
    fn clone(&self) -> Self {
        TreeLeaves {
            single: self.single,
            front: self.front.clone(),
            back: self.back.clone(),
            front_first: self.front_first,
            back_first: self.back_first,
            remaining: self.remaining,
        }
    }
}

/// Descends from `b` (height `h`) to index `i`, pushing each branch and the child taken.
fn descend<'a, T>(
    mut b: &'a Branch<T>,
    mut h: usize,
    mut i: usize,
    stack: &mut Vec<(&'a Branch<T>, usize)>,
) -> (&'a Leaf<T>, usize) {
    loop {
        let (j, sub) = b.position(i, h);
        stack.push((b, j));
        match b.child_ref(j) {
            BorrowedNode::Leaf(l) => return (l, sub),
            BorrowedNode::Branch(c) => {
                b = c;
                i = sub;
                h -= 1;
            }
        }
    }
}

impl<'a, T> TreeLeaves<'a, T> {
    pub(crate) fn empty() -> Self {
        TreeLeaves {
            single: None,
            front: Vec::new(),
            back: Vec::new(),
            front_first: None,
            back_first: None,
            remaining: 0,
        }
    }

    /// Leaves covering `[lo, hi)` of `tree`.
    pub(crate) fn new(tree: &'a Tree<T>, lo: usize, hi: usize) -> Self {
        let mut it = Self::empty();
        if lo >= hi {
            return it;
        }
        it.remaining = hi - lo;
        match tree.root_ref().unwrap() {
            BorrowedNode::Leaf(l) => it.single = Some(&l[lo..hi]),
            BorrowedNode::Branch(b) => {
                let (leaf, sub) = descend(b, tree.height, lo, &mut it.front);
                it.front_first = Some(&leaf[sub..]);
                let (leaf, sub) = descend(b, tree.height, hi - 1, &mut it.back);
                it.back_first = Some(&leaf[..=sub]);
            }
        }
        it
    }

    pub(crate) fn next_front(&mut self) -> Option<&'a [T]> {
        if self.remaining == 0 {
            return None;
        }
        if let Some(s) = self.single.take() {
            self.remaining = 0;
            return Some(s);
        }
        let s = match self.front_first.take() {
            Some(s) => s,
            None => {
                // Find the deepest level that has a next child, then go down its left edge.
                let mut depth = self.front.len() - 1;
                while self.front[depth].1 + 1 >= self.front[depth].0.count() {
                    depth -= 1;
                }
                self.front.truncate(depth + 1);
                self.front[depth].1 += 1;
                loop {
                    let (b, j) = self.front[depth];
                    match b.child_ref(j) {
                        BorrowedNode::Leaf(l) => break &l[..],
                        BorrowedNode::Branch(c) => {
                            self.front.push((c, 0));
                            depth += 1;
                        }
                    }
                }
            }
        };
        let s = &s[..s.len().min(self.remaining)];
        self.remaining -= s.len();
        Some(s)
    }

    /// Folds the leaf slices not yet yielded, front to back: the rest of the front leaf, then
    /// the later siblings at each level of the front cursor, bottom-up, each subtree walked by
    /// recursion (no cursor upkeep per leaf). `remaining` bounds the walk, so the back end's
    /// part (already yielded or not) is cut off exactly.
    pub(crate) fn fold<Acc, G: FnMut(Acc, &'a [T]) -> Acc>(mut self, init: Acc, mut g: G) -> Acc {
        if self.remaining == 0 {
            return init;
        }
        if let Some(s) = self.single {
            return g(init, s);
        }
        let mut acc = init;
        if let Some(s) = self.front_first.take() {
            let s = &s[..s.len().min(self.remaining)];
            self.remaining -= s.len();
            acc = g(acc, s);
        }
        for &(b, j) in self.front.iter().rev() {
            for k in j + 1..b.count() {
                if self.remaining == 0 {
                    return acc;
                }
                acc = fold_node(b.child_ref(k), &mut self.remaining, acc, &mut g);
            }
        }
        acc
    }

    pub(crate) fn next_back(&mut self) -> Option<&'a [T]> {
        if self.remaining == 0 {
            return None;
        }
        if let Some(s) = self.single.take() {
            self.remaining = 0;
            return Some(s);
        }
        let s = match self.back_first.take() {
            Some(s) => s,
            None => {
                let mut depth = self.back.len() - 1;
                while self.back[depth].1 == 0 {
                    depth -= 1;
                }
                self.back.truncate(depth + 1);
                self.back[depth].1 -= 1;
                loop {
                    let (b, j) = self.back[depth];
                    match b.child_ref(j) {
                        BorrowedNode::Leaf(l) => break &l[..],
                        BorrowedNode::Branch(c) => {
                            self.back.push((c, c.count() - 1));
                            depth += 1;
                        }
                    }
                }
            }
        };
        let s = &s[s.len() - s.len().min(self.remaining)..];
        self.remaining -= s.len();
        Some(s)
    }
}

/// Folds the leaf slices of `node`, front to back, while `remaining` lasts (the last slice cut
/// to it).
fn fold_node<'a, T, Acc, G: FnMut(Acc, &'a [T]) -> Acc>(
    node: BorrowedNode<'a, T>,
    remaining: &mut usize,
    mut acc: Acc,
    g: &mut G,
) -> Acc {
    match node {
        BorrowedNode::Leaf(l) => {
            let n = l.len().min(*remaining);
            *remaining -= n;
            g(acc, &l[..n])
        }
        BorrowedNode::Branch(b) => {
            if let Some(leaves) = b.leaf_children() {
                // The bottom level, where the time goes: a plain loop over the leaves.
                let mut left = *remaining;
                for l in leaves {
                    if left == 0 {
                        break;
                    }
                    let n = l.len().min(left);
                    left -= n;
                    acc = g(acc, &l[..n]);
                }
                *remaining = left;
                return acc;
            }
            for k in 0..b.count() {
                if *remaining == 0 {
                    break;
                }
                acc = fold_node(b.child_ref(k), remaining, acc, g);
            }
            acc
        }
    }
}

/// Mutable leaf slices of a tree from both ends, copying each shared node on first visit.
///
/// Safe double-ended walk: each end keeps its own stack of child iterators; the level both ends
/// still draw from is `shared`. When it runs dry, the other end's topmost own level (the
/// remaining children of the subtree it is in) becomes the shared one. Every node reference comes
/// out of exactly one slice iterator, so no two are alive for one node.
pub(crate) struct LeavesMut<'a, T> {
    shared: Option<Level<'a, T>>,
    front: Vec<Level<'a, T>>,
    back: Vec<Level<'a, T>>,
}

enum Level<'a, T> {
    Leaves(std::slice::IterMut<'a, Arc<Leaf<T>>>),
    Branches(std::slice::IterMut<'a, Arc<Branch<T>>>),
}

enum Item<'a, T> {
    Leaf(&'a mut Arc<Leaf<T>>),
    Branch(&'a mut Arc<Branch<T>>),
}

impl<'a, T> Level<'a, T> {
    fn of(b: &'a mut Branch<T>) -> Self {
        match &mut b.children {
            Children::Leaves(ls) => Level::Leaves(ls.iter_mut()),
            Children::Branches(bs) => Level::Branches(bs.iter_mut()),
        }
    }

    fn take(&mut self, back: bool) -> Option<Item<'a, T>> {
        match self {
            Level::Leaves(it) => if back { it.next_back() } else { it.next() }.map(Item::Leaf),
            Level::Branches(it) => if back { it.next_back() } else { it.next() }.map(Item::Branch),
        }
    }
}

impl<'a, T: Clone> LeavesMut<'a, T> {
    pub(crate) fn new(tree: &'a mut Tree<T>) -> Self {
        let shared = match &mut tree.root {
            None => None,
            Some(Node::Leaf(l)) => Some(Level::Leaves(std::slice::from_mut(l).iter_mut())),
            Some(Node::Branch(b)) => Some(Level::of(Arc::make_mut(b))),
        };
        LeavesMut {
            shared,
            front: Vec::new(),
            back: Vec::new(),
        }
    }

    /// The next leaf from the front (`back == false`) or from the back.
    pub(crate) fn next_leaf(&mut self, back: bool) -> Option<&'a mut [T]> {
        loop {
            let (own, other) = if back {
                (&mut self.back, &mut self.front)
            } else {
                (&mut self.front, &mut self.back)
            };
            let item = if let Some(top) = own.last_mut() {
                match top.take(back) {
                    Some(item) => item,
                    None => {
                        own.pop();
                        continue;
                    }
                }
            } else {
                match self.shared.as_mut()?.take(back) {
                    Some(item) => item,
                    None => {
                        // What is left lies in the subtree the other end is walking.
                        self.shared = if other.is_empty() {
                            None
                        } else {
                            Some(other.remove(0))
                        };
                        continue;
                    }
                }
            };
            match item {
                Item::Leaf(l) => return Some(Arc::make_mut(l).as_mut_slice()),
                Item::Branch(b) => {
                    let level = Level::of(Arc::make_mut(b));
                    if back {
                        self.back.push(level);
                    } else {
                        self.front.push(level);
                    }
                }
            }
        }
    }
}
