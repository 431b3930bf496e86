//! Splitting a tree in two in place: when this tree owns every node on the path to the cut
//! alone, the nodes on that path are cut by moving children (no reference-count traffic on the
//! children that change side, no element clones); otherwise it falls back to building both
//! halves from shared nodes (`take` and `skip`, which also serve slicing).

use super::node::{full_size, Branch, Children, Leaf, Node};
use super::size_table::Sizes;
use super::{Tree, B};
use arrayvec::ArrayVec;
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
        let right = match self.root.as_mut().expect("a nonempty tree") {
            Node::Leaf(l) => Node::Leaf(cut_leaf(l, n)),
            Node::Branch(b) => Node::Branch(cut_branch(b, h, n)),
        };
        let left = self.root.take().expect("a nonempty tree");
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

/// Cuts the unique leaf `l` at `n` (`0 < n < len`): `l` keeps `[0, n)`, the rest is returned.
fn cut_leaf<T>(l: &mut Arc<Leaf<T>>, n: usize) -> Arc<Leaf<T>> {
    let leaf = Arc::get_mut(l).expect("a leaf on a unique path");
    Arc::new(leaf.drain(n..).collect())
}

/// Cuts the branch `b` (height `h`; every node on the path to index `n` unique) at `n`
/// (`0 < n < len`): `b` keeps `[0, n)`, the rest is returned. Children move, none is cloned;
/// size tables are derived from the old one, not recomputed from the children.
fn cut_branch<T>(b: &mut Arc<Branch<T>>, h: usize, n: usize) -> Arc<Branch<T>> {
    let bm = Arc::get_mut(b).expect("a branch on a unique path");
    let (j, sub) = bm.position(n, h);
    let count = bm.count();
    let m = count - j;
    // The right part: child j (cut, if the cut falls inside it) and all after it. A dense
    // branch's children after j stay full but the last, so only a cut first child relaxes it.
    let right_sizes = if m == 1 || (sub == 0 && bm.sizes.is_none()) {
        None
    } else {
        let lens = (0..m).map(|k| bm.child_len(j + k, h) - if k == 0 { sub } else { 0 });
        Sizes::of(lens, full_size(h - 1)).relaxed()
    };
    let children = match &mut bm.children {
        Children::Leaves(ls) => {
            let mut right: ArrayVec<Arc<Leaf<T>>, B> = ls.drain(j..).collect();
            if sub > 0 {
                let cr = cut_leaf(&mut right[0], sub);
                ls.push(std::mem::replace(&mut right[0], cr));
            }
            Children::Leaves(right)
        }
        Children::Branches(bs) => {
            let mut right: ArrayVec<Arc<Branch<T>>, B> = bs.drain(j..).collect();
            if sub > 0 {
                let cr = cut_branch(&mut right[0], h - 1, sub);
                bs.push(std::mem::replace(&mut right[0], cr));
            }
            Children::Branches(right)
        }
    };
    // The left part keeps its table's entries before the cut; a cut last child holds the rest
    // of the first `n` elements. Children before j of a dense branch are full: it stays dense.
    if let Some(s) = &mut bm.sizes {
        if sub > 0 {
            s[j] = n;
        }
    }
    Arc::new(Branch {
        children,
        sizes: right_sizes,
    })
}

impl<T: Clone> Tree<T> {
    /// The first `n` elements (`n <= len`), sharing every untouched node.
    pub(crate) fn take(&self, n: usize) -> Tree<T> {
        if n == 0 {
            return Tree::default();
        }
        if n == self.len {
            return self.clone();
        }
        let root = take_node(self.root.as_ref().unwrap(), self.height, n);
        Tree::from_root(root, self.height)
    }

    /// The elements from `n` on (`n <= len`), sharing every untouched node.
    pub(crate) fn skip(&self, n: usize) -> Tree<T> {
        if n == self.len {
            return Tree::default();
        }
        if n == 0 {
            return self.clone();
        }
        let root = skip_node(self.root.as_ref().unwrap(), self.height, n);
        Tree::from_root(root, self.height)
    }
}

/// The first `n` elements of `node` (height `h`), `0 < n <= len`.
fn take_node<T: Clone>(node: &Node<T>, h: usize, n: usize) -> Node<T> {
    match node {
        Node::Leaf(l) => {
            if n == l.len() {
                node.clone()
            } else {
                Node::Leaf(Arc::new(l[..n].iter().cloned().collect()))
            }
        }
        Node::Branch(b) => {
            let (j, sub) = b.position(n - 1, h);
            if j + 1 == b.count() && sub + 1 == b.child_len(j, h) {
                return node.clone();
            }
            let last = take_node(&b.child(j), h - 1, sub + 1);
            let nodes = (0..j).map(|k| b.child(k)).chain(std::iter::once(last));
            let mut out = Branch::from_children(nodes, h);
            if b.sizes.is_some() {
                let lens = (0..j).map(|k| b.child_len(k, h));
                let last = n - b.child_start(j, h);
                out.sizes = Sizes::of(lens.chain([last]), full_size(h - 1)).relaxed();
            }
            Node::Branch(Arc::new(out))
        }
    }
}

/// The elements of `node` (height `h`) from `n` on, `n < len`.
fn skip_node<T: Clone>(node: &Node<T>, h: usize, n: usize) -> Node<T> {
    match node {
        Node::Leaf(l) => {
            if n == 0 {
                node.clone()
            } else {
                Node::Leaf(Arc::new(l[n..].iter().cloned().collect()))
            }
        }
        Node::Branch(b) => {
            if n == 0 {
                return node.clone();
            }
            let (j, sub) = b.position(n, h);
            let first = skip_node(&b.child(j), h - 1, sub);
            let count = b.count();
            let nodes = std::iter::once(first).chain((j + 1..count).map(|k| b.child(k)));
            let mut out = Branch::from_children(nodes, h);
            let m = count - j;
            if m > 1 && (sub > 0 || b.sizes.is_some()) {
                let lens = (0..m).map(|k| b.child_len(j + k, h) - if k == 0 { sub } else { 0 });
                out.sizes = Sizes::of(lens, full_size(h - 1)).relaxed();
            }
            Node::Branch(Arc::new(out))
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

    fn leaf(range: std::ops::Range<usize>) -> Arc<Leaf<usize>> {
        Arc::new(range.collect())
    }

    #[test]
    fn take_and_skip_share_and_index() {
        let mut t = Tree::default();
        let n = B * B * 2 + 5;
        let mut next = 0;
        while next < n {
            let end = (next + B).min(n);
            t.push_back_leaf(leaf(next..end));
            next = end;
        }
        for cut in [0, 1, B - 1, B, B + 1, B * B, n - 1, n] {
            let l = t.take(cut);
            let r = t.skip(cut);
            l.check();
            r.check();
            assert_eq!(l.len, cut);
            assert_eq!(r.len, n - cut);
            for i in 0..l.len {
                assert_eq!(*l.get(i), i);
            }
            for i in 0..r.len {
                assert_eq!(*r.get(i), cut + i);
            }
        }
    }
}
