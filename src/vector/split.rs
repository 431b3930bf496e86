//! Splitting a tree in two in place: when this tree owns every node on the path to the cut
//! alone, the nodes on that path are cut by moving children (no reference-count traffic on the
//! children that change side, no element clones); otherwise it falls back to building both
//! halves from shared nodes (`take` and `skip`).

use super::node::{Branch, Children, Leaf, Node, Tree, B};
use smallvec::SmallVec;
use triomphe::Arc;

impl<T: Clone> Tree<T> {
    /// Keeps the first `n` elements (`n <= len`) and returns the rest.
    pub(crate) fn split_off(&mut self, n: usize) -> Tree<T> {
        if n == 0 {
            return std::mem::take(self);
        }
        if n == self.len {
            return Tree::default();
        }
        let h = self.height;
        if !self.path_unique(n) {
            let (left, right) = (self.take(n), self.skip(n));
            *self = left;
            return right;
        }
        // Nothing below can panic: no element is cloned on a unique path.
        let root = self.root.take().expect("a nonempty tree");
        let (left, right) = split_unique(root, h, n);
        *self = Tree::from_root(left, h);
        Tree::from_root(right, h)
    }

    /// Whether every node from the root to the leaf holding index `i < len` is owned by this
    /// tree alone.
    fn path_unique(&self, mut i: usize) -> bool {
        let mut h = self.height;
        let mut b = match &self.root {
            None => return false,
            Some(Node::Leaf(l)) => return l.is_unique(),
            Some(Node::Branch(b)) => b,
        };
        loop {
            if !b.is_unique() {
                return false;
            }
            let (j, sub) = b.position(i, h);
            match &b.children {
                Children::Leaves(ls) => return ls[j].is_unique(),
                Children::Branches(bs) => {
                    b = &bs[j];
                    i = sub;
                    h -= 1;
                }
            }
        }
    }
}

/// Splits `node` (height `h`, every node on the path to index `n` unique) into `[0, n)` and
/// `[n, len)`, `0 < n < len`.
fn split_unique<T>(node: Node<T>, h: usize, n: usize) -> (Node<T>, Node<T>) {
    match node {
        Node::Leaf(mut l) => {
            let leaf = Arc::get_mut(&mut l).expect("a leaf on a unique path");
            let right: Leaf<T> = leaf.drain(n..).collect();
            (Node::Leaf(l), Node::Leaf(Arc::new(right)))
        }
        Node::Branch(mut b) => {
            let bm = Arc::get_mut(&mut b).expect("a branch on a unique path");
            let (j, sub) = bm.position(n, h);
            let mut right: SmallVec<[Node<T>; B]> = match &mut bm.children {
                Children::Leaves(ls) => ls.drain(j..).map(Node::Leaf).collect(),
                Children::Branches(bs) => bs.drain(j..).map(Node::Branch).collect(),
            };
            if sub > 0 {
                // The cut falls inside child j: its first part stays on the left.
                let (cl, cr) = split_unique(right.remove(0), h - 1, sub);
                right.insert(0, cr);
                match (&mut bm.children, cl) {
                    (Children::Leaves(ls), Node::Leaf(l)) => ls.push(l),
                    (Children::Branches(bs), Node::Branch(c)) => bs.push(c),
                    _ => unreachable!("children of one branch have one height"),
                }
            }
            bm.recompute_sizes(h);
            (
                Node::Branch(b),
                Node::Branch(Arc::new(Branch::from_nodes(right, h))),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pushed(n: usize, front: bool) -> Tree<usize> {
        let mut t = Tree::default();
        if front {
            let mut end = n;
            while end > 0 {
                let start = end.saturating_sub(B);
                t.push_front_leaf(Arc::new((start..end).collect()));
                end = start;
            }
        } else {
            let mut next = 0;
            while next < n {
                let end = (next + B).min(n);
                t.push_back_leaf(Arc::new((next..end).collect()));
                next = end;
            }
        }
        t
    }

    fn assert_holds(t: &Tree<usize>, from: usize, len: usize) {
        t.check();
        assert_eq!(t.len, len);
        for i in 0..len {
            assert_eq!(*t.get(i), from + i);
        }
    }

    #[test]
    fn split_off_in_place_and_shared_agree() {
        let n = B * B * 2 + 5;
        for front in [false, true] {
            let base = pushed(n, front);
            for cut in [0, 1, B - 1, B, B + 1, B * B - 1, B * B, B * B + 7, n - 1, n] {
                // Unique: cut in place.
                let mut left = pushed(n, front);
                assert!(cut == 0 || cut == n || left.path_unique(cut));
                let right = left.split_off(cut);
                assert_holds(&left, 0, cut);
                assert_holds(&right, cut, n - cut);
                // Shared with `base`: built from shared nodes, `base` unchanged.
                let mut shared = base.clone();
                let right = shared.split_off(cut);
                assert_holds(&shared, 0, cut);
                assert_holds(&right, cut, n - cut);
                assert_holds(&base, 0, n);
            }
        }
    }
}
