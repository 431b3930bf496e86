//! Edits along one root-to-leaf path of the RRB tree: get_mut, push or pop a leaf at either
//! end. Each copies the shared nodes on its path
//! (`Arc::make_mut`) and leaves every other node shared.

use super::lookup::collapse;
use super::node::{full_size, Branch, Children, Leaf, Node};
use super::{Tree, B};
use triomphe::Arc;

impl<T: Clone> Tree<T> {
    /// The element at `i < len`, copying the path if it is shared.
    pub(crate) fn get_mut(&mut self, mut i: usize) -> &mut T {
        let mut h = self.height;
        let mut b = match self.root.as_mut().expect("index into an empty tree") {
            Node::Leaf(l) => return &mut Arc::make_mut(l)[i],
            Node::Branch(b) => b,
        };
        loop {
            let bm = Arc::make_mut(b);
            let (j, sub) = bm.position(i, h);
            match &mut bm.children {
                Children::Leaves(ls) => return &mut Arc::make_mut(&mut ls[j])[sub],
                Children::Branches(bs) => {
                    b = &mut bs[j];
                    i = sub;
                    h -= 1;
                }
            }
        }
    }

    /// Replaces the last leaf (of `old_len` elements) by `leaf`. A dense branch's last child may
    /// change length freely; relaxed branches on the path get their last size entry adjusted.
    fn replace_last_leaf(&mut self, leaf: Arc<Leaf<T>>, old_len: usize) {
        let new_len = leaf.len();
        self.len = self.len - old_len + new_len;
        let mut b = match self.root.as_mut().unwrap() {
            Node::Leaf(l) => {
                *l = leaf;
                return;
            }
            Node::Branch(b) => b,
        };
        loop {
            let bm = Arc::make_mut(b);
            let n = bm.count();
            if let Some(s) = &mut bm.sizes {
                s[n - 1] = s[n - 1] - old_len + new_len;
            }
            match &mut bm.children {
                Children::Leaves(ls) => {
                    ls[n - 1] = leaf;
                    break;
                }
                Children::Branches(bs) => b = &mut bs[n - 1],
            }
        }
    }

    /// Replaces the first leaf (of `old_len` elements) by `leaf`; every branch on the path with
    /// more than one child gets (or keeps) a size table, since its first child changes length.
    fn replace_first_leaf(&mut self, leaf: Arc<Leaf<T>>, old_len: usize) {
        let new_len = leaf.len();
        self.len = self.len - old_len + new_len;
        let mut h = self.height;
        let mut b = match self.root.as_mut().unwrap() {
            Node::Leaf(l) => {
                *l = leaf;
                return;
            }
            Node::Branch(b) => b,
        };
        loop {
            let bm = Arc::make_mut(b);
            if bm.count() > 1 || bm.sizes.is_some() {
                let n = bm.count();
                let s = bm.ensure_sizes(h);
                for e in s.iter_mut().take(n) {
                    *e = *e - old_len + new_len;
                }
            }
            match &mut bm.children {
                Children::Leaves(ls) => {
                    ls[0] = leaf;
                    return;
                }
                Children::Branches(bs) => {
                    b = &mut bs[0];
                    h -= 1;
                }
            }
        }
    }

    /// Whether every node from the root to the first leaf is owned by this tree alone.
    pub(crate) fn first_leaf_path_unique(&self) -> bool {
        let mut b = match &self.root {
            None => return false,
            Some(Node::Leaf(l)) => return l.is_unique(),
            Some(Node::Branch(b)) => b,
        };
        loop {
            if !b.is_unique() {
                return false;
            }
            match &b.children {
                Children::Leaves(ls) => return ls[0].is_unique(),
                Children::Branches(bs) => b = &bs[0],
            }
        }
    }

    /// Appends a leaf (1..=B elements) at the end. If the current last leaf is not full it is
    /// topped up first, so leaves pushed at the ends stay full.
    pub(crate) fn push_back_leaf(&mut self, mut leaf: Arc<Leaf<T>>) {
        debug_assert!(!leaf.is_empty());
        if self.root.is_none() {
            self.len = leaf.len();
            self.root = Some(Node::Leaf(leaf));
            self.height = 0;
            return;
        }
        let last = self.last_leaf();
        if last.len() < B {
            // Clone everything first so a panicking `Clone` leaves the tree untouched.
            let k = (B - last.len()).min(leaf.len());
            let old_len = last.len();
            let merged: Leaf<T> = last.iter().chain(&leaf[..k]).cloned().collect();
            let rest: Option<Leaf<T>> =
                (k < leaf.len()).then(|| leaf[k..].iter().cloned().collect());
            self.replace_last_leaf(Arc::new(merged), old_len);
            match rest {
                Some(r) => leaf = Arc::new(r),
                None => return,
            }
        }
        self.push_back_whole_leaf(leaf);
    }

    /// Whether a leaf pushed at the back goes in whole (no partial last leaf to top up, so no
    /// element is cloned).
    pub(crate) fn last_leaf_full(&self) -> bool {
        self.root.is_none() || self.last_leaf().len() == B
    }

    /// Appends a leaf (1..=B elements) as it is: the current last leaf must be full (or the
    /// tree empty). Clones no element.
    pub(crate) fn push_back_whole_leaf(&mut self, leaf: Arc<Leaf<T>>) {
        debug_assert!(!leaf.is_empty() && self.last_leaf_full());
        if self.root.is_none() {
            self.len = leaf.len();
            self.root = Some(Node::Leaf(leaf));
            self.height = 0;
            return;
        }
        let add = leaf.len();
        self.len += add;
        let h = self.height;
        let root = self.root.as_mut().unwrap();
        let overflow = match root {
            Node::Leaf(_) => Some(Node::Leaf(leaf)),
            Node::Branch(b) => push_back_rec(Arc::make_mut(b), h, leaf, add),
        };
        if let Some(sib) = overflow {
            let old = self.root.take().unwrap();
            self.height += 1;
            self.root = Some(Node::Branch(Arc::new(Branch::from_nodes(
                [old, sib],
                self.height,
            ))));
        }
    }

    /// Prepends a leaf (1..=B elements). The current first leaf is topped up first if not full.
    pub(crate) fn push_front_leaf(&mut self, mut leaf: Arc<Leaf<T>>) {
        debug_assert!(!leaf.is_empty());
        if self.root.is_none() {
            self.len = leaf.len();
            self.root = Some(Node::Leaf(leaf));
            self.height = 0;
            return;
        }
        let first = self.first_leaf();
        if first.len() < B {
            let k = (B - first.len()).min(leaf.len());
            let old_len = first.len();
            let cut = leaf.len() - k;
            let merged: Leaf<T> = leaf[cut..].iter().chain(first.iter()).cloned().collect();
            let rest: Option<Leaf<T>> = (cut > 0).then(|| leaf[..cut].iter().cloned().collect());
            self.replace_first_leaf(Arc::new(merged), old_len);
            match rest {
                Some(r) => leaf = Arc::new(r),
                None => return,
            }
        }
        let add = leaf.len();
        self.len += add;
        let h = self.height;
        let root = self.root.as_mut().unwrap();
        let overflow = match root {
            Node::Leaf(_) => Some(Node::Leaf(leaf)),
            Node::Branch(b) => push_front_rec(Arc::make_mut(b), h, leaf, add),
        };
        if let Some(sib) = overflow {
            let old = self.root.take().unwrap();
            self.height += 1;
            self.root = Some(Node::Branch(Arc::new(Branch::from_nodes(
                [sib, old],
                self.height,
            ))));
        }
    }

    /// Removes and returns the last leaf. The tree must not be empty.
    ///
    /// A read-only walk down the right edge first finds the leaf's length and the lowest branch
    /// with more than one child (below it hangs only the leaf, alone or under single-child
    /// branches, which all go); then one writable walk adjusts the size tables above it and cuts
    /// there. This runs every `B` pops from the back, so it avoids recursion and re-collapsing
    /// a root that keeps several children.
    pub(crate) fn pop_back_leaf(&mut self) -> Arc<Leaf<T>> {
        let (cut, leaf_len) = {
            let mut b = match self.root.as_ref().expect("pop from an empty tree") {
                Node::Leaf(_) => return self.take_root_leaf(),
                Node::Branch(b) => b,
            };
            let (mut depth, mut cut) = (0, None);
            loop {
                if b.count() > 1 {
                    cut = Some(depth);
                }
                match &b.children {
                    Children::Leaves(ls) => break (cut, ls[ls.len() - 1].len()),
                    Children::Branches(bs) => b = &bs[bs.len() - 1],
                }
                depth += 1;
            }
        };
        let Some(cut) = cut else {
            // A chain of single children down to one leaf: that leaf is the whole tree.
            let leaf = self.last_leaf().clone();
            *self = Tree::default();
            return leaf;
        };
        self.len -= leaf_len;
        let mut b = match self.root.as_mut() {
            Some(Node::Branch(b)) => b,
            _ => unreachable!("checked above"),
        };
        let mut depth = 0;
        let removed = loop {
            let bm = Arc::make_mut(b);
            let n = bm.count();
            if depth == cut {
                // Removing the last child keeps a dense branch dense and leaves the other
                // entries of a size table right.
                break match &mut bm.children {
                    Children::Leaves(ls) => Node::Leaf(ls.pop().expect("n > 1")),
                    Children::Branches(bs) => Node::Branch(bs.pop().expect("n > 1")),
                };
            }
            if let Some(s) = &mut bm.sizes {
                s[n - 1] -= leaf_len;
            }
            b = match &mut bm.children {
                Children::Branches(bs) => &mut bs[n - 1],
                Children::Leaves(_) => unreachable!("the cut is above the bottom"),
            };
            depth += 1;
        };
        if cut == 0 && self.root.as_ref().is_some_and(|r| r.slots() == 1) {
            self.normalize_root();
        }
        match removed {
            Node::Leaf(l) => l,
            // Single-child branches over the leaf: keep the leaf, drop them.
            chain => chain.last_leaf().clone(),
        }
    }

    /// Takes the root, which is a leaf, leaving the tree empty.
    fn take_root_leaf(&mut self) -> Arc<Leaf<T>> {
        let leaf = match self.root.take() {
            Some(Node::Leaf(l)) => l,
            _ => unreachable!("the root is a leaf"),
        };
        *self = Tree::default();
        leaf
    }

    /// Removes and returns the first leaf. The tree must not be empty.
    pub(crate) fn pop_front_leaf(&mut self) -> Arc<Leaf<T>> {
        let h = self.height;
        let leaf = match self.root.as_mut().expect("pop from an empty tree") {
            Node::Leaf(_) => match self.root.take() {
                Some(Node::Leaf(l)) => l,
                _ => unreachable!(),
            },
            Node::Branch(b) => pop_front_rec(Arc::make_mut(b), h).0,
        };
        self.len -= leaf.len();
        self.normalize_root();
        leaf
    }

    fn normalize_root(&mut self) {
        if self.len == 0 {
            self.root = None;
            self.height = 0;
        } else if let Some(root) = self.root.take() {
            let (r, h) = collapse(root, self.height);
            self.root = Some(r);
            self.height = h;
        }
    }
}

fn push_back_rec<T>(
    b: &mut Branch<T>,
    h: usize,
    leaf: Arc<Leaf<T>>,
    add: usize,
) -> Option<Node<T>> {
    let n = b.count();
    if h == 1 {
        if n == B {
            return Some(Node::Branch(Arc::new(Branch::single(Node::Leaf(leaf)))));
        }
        // The last leaf is full (push_back_leaf tops it up), so a dense branch stays dense.
        let Branch { children, sizes } = b;
        if let Children::Leaves(ls) = children {
            ls.push(leaf);
        }
        if let Some(s) = sizes {
            s[n] = s[n - 1] + add;
        }
        return None;
    }
    let sib = {
        let Children::Branches(bs) = &mut b.children else {
            unreachable!()
        };
        push_back_rec(Arc::make_mut(&mut bs[n - 1]), h - 1, leaf, add)
    };
    match sib {
        None => {
            if let Some(s) = &mut b.sizes {
                s[n - 1] += add;
            }
            None
        }
        Some(_) if n == B => Some(Node::Branch(Arc::new(Branch::single(sib.unwrap())))),
        Some(sib) => {
            // A dense branch stays dense only if its last child, which overflowed and so is
            // unchanged, is full.
            if b.sizes.is_none() && b.child_len_direct(n - 1, h) != full_size(h - 1) {
                b.ensure_sizes(h);
            }
            let Branch { children, sizes } = b;
            if let Children::Branches(bs) = children {
                bs.push(sib.into_branch());
            }
            if let Some(s) = sizes {
                s[n] = s[n - 1] + add;
            }
            None
        }
    }
}

fn push_front_rec<T>(
    b: &mut Branch<T>,
    h: usize,
    leaf: Arc<Leaf<T>>,
    add: usize,
) -> Option<Node<T>> {
    let n = b.count();
    if h == 1 {
        if n == B {
            return Some(Node::Branch(Arc::new(Branch::single(Node::Leaf(leaf)))));
        }
        // A full leaf in front of a dense branch keeps it dense.
        if add != B || b.sizes.is_some() {
            let s = b.ensure_sizes(h);
            for k in (0..n).rev() {
                s[k + 1] = s[k] + add;
            }
            s[0] = add;
        }
        if let Children::Leaves(ls) = &mut b.children {
            ls.insert(0, leaf);
        }
        return None;
    }
    let sib = {
        let Children::Branches(bs) = &mut b.children else {
            unreachable!()
        };
        push_front_rec(Arc::make_mut(&mut bs[0]), h - 1, leaf, add)
    };
    match sib {
        None => {
            // A dense branch's first child can only grow if it is also the last one.
            if let Some(s) = &mut b.sizes {
                for e in s.iter_mut().take(n) {
                    *e += add;
                }
            }
            None
        }
        Some(_) if n == B => Some(Node::Branch(Arc::new(Branch::single(sib.unwrap())))),
        Some(sib) => {
            let s = b.ensure_sizes(h);
            for k in (0..n).rev() {
                s[k + 1] = s[k] + add;
            }
            s[0] = add;
            if let Children::Branches(bs) = &mut b.children {
                bs.insert(0, sib.into_branch());
            }
            None
        }
    }
}

/// Pops the first leaf below `b`; returns it and whether `b` is now empty.
fn pop_front_rec<T: Clone>(b: &mut Branch<T>, h: usize) -> (Arc<Leaf<T>>, bool) {
    let n = b.count();
    let (leaf, removed) = match &mut b.children {
        Children::Leaves(ls) => (ls.remove(0), true),
        Children::Branches(bs) => {
            let (leaf, empty) = pop_front_rec(Arc::make_mut(&mut bs[0]), h - 1);
            if empty {
                bs.remove(0);
            }
            (leaf, empty)
        }
    };
    let sub = leaf.len();
    if removed {
        // The remaining children keep their lengths; a dense branch stays dense.
        if let Some(s) = &mut b.sizes {
            for k in 0..n - 1 {
                s[k] = s[k + 1] - sub;
            }
        }
    } else if b.sizes.is_some() || n > 1 {
        // The first child shrank: no longer full, so a table is needed unless it is alone. A
        // new table says what the dense branch held before; then every entry loses `sub`.
        let s = b.ensure_sizes(h);
        for e in s.iter_mut().take(n) {
            *e -= sub;
        }
    }
    (leaf, b.count() == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(range: std::ops::Range<usize>) -> Arc<Leaf<usize>> {
        Arc::new(range.collect())
    }

    #[test]
    fn push_back_leaves_builds_dense_tree() {
        let mut t = Tree::default();
        let n = B * B * B + 3;
        let mut next = 0;
        while next < n {
            let end = (next + B).min(n);
            t.push_back_leaf(leaf(next..end));
            next = end;
        }
        t.check();
        assert_eq!(t.len, n);
        assert_eq!(t.height, 3);
        assert!(t.root.as_ref().unwrap().as_branch().sizes.is_none());
        for i in 0..n {
            assert_eq!(*t.get(i), i);
        }
    }

    #[test]
    fn pop_back_leaf_under_single_child_branches() {
        // B * B + 1 leaves: the root's last child is a chain of single-child branches over one
        // leaf, so the cut is at the root, which is then left with one child and collapses.
        let mut t = Tree::default();
        let n = (B * B + 1) * B;
        for k in 0..B * B + 1 {
            t.push_back_leaf(leaf(k * B..(k + 1) * B));
        }
        assert_eq!(t.height, 3);
        let l = t.pop_back_leaf();
        assert_eq!(*l, *leaf(n - B..n));
        assert!(
            l.is_unique(),
            "the popped leaf is owned by the caller alone"
        );
        t.check();
        assert_eq!((t.len, t.height), (n - B, 2));
        // Shared with a snapshot: the popped path is copied, the snapshot keeps everything.
        let snap = t.clone();
        let l = t.pop_back_leaf();
        assert_eq!(*l, *leaf(n - 2 * B..n - B));
        t.check();
        snap.check();
        assert_eq!((t.len, snap.len), (n - 2 * B, n - B));
        for i in 0..snap.len {
            assert_eq!(*snap.get(i), i);
        }
        // Down to one leaf, then empty.
        while t.len > B {
            t.pop_back_leaf();
            t.check();
        }
        assert_eq!(*t.pop_back_leaf(), *leaf(0..B));
        assert!(t.root.is_none() && t.len == 0);
    }

    #[test]
    fn push_front_leaves_then_index() {
        let mut t = Tree::default();
        let n = B * B * 3;
        let mut end = n;
        while end > 0 {
            let start = end.saturating_sub(B);
            t.push_front_leaf(leaf(start..end));
            t.check();
            end = start;
        }
        assert_eq!(t.len, n);
        for i in 0..n {
            assert_eq!(*t.get(i), i);
        }
        // Pop everything back out from both ends.
        let mut lo = 0;
        let mut hi = n;
        while t.len > 0 {
            let l = t.pop_front_leaf();
            assert_eq!(l[0], lo);
            lo += l.len();
            if t.len > 0 {
                let r = t.pop_back_leaf();
                assert_eq!(*r.last().unwrap(), hi - 1);
                hi -= r.len();
            }
            t.check();
            for i in 0..t.len {
                assert_eq!(*t.get(i), lo + i);
            }
        }
        assert_eq!(lo, hi);
    }

    #[test]
    fn edge_leaves_are_the_first_and_last_elements() {
        // Relaxed at every level: leaves pushed at the front, then partial leaves at both ends.
        let mut t = Tree::default();
        let mut lo = 1_000_000;
        let mut hi = lo;
        for k in 0..B * B + 3 {
            let n = if k % 7 == 0 { 1 } else { B };
            t.push_front_leaf(leaf(lo - n..lo));
            lo -= n;
            if k % 5 == 0 {
                t.push_back_leaf(leaf(hi..hi + 3));
                hi += 3;
            }
            assert_eq!(t.first_leaf()[0], lo);
            assert_eq!(**t.first_leaf(), *leaf(lo..lo + t.first_leaf().len()));
            assert_eq!(*t.last_leaf().last().unwrap(), hi - 1);
            let last = t.last_leaf();
            assert_eq!(**last, *leaf(hi - last.len()..hi));
        }
        t.check();
        for i in 0..t.len {
            assert_eq!(*t.get(i), lo + i);
        }
    }
}
