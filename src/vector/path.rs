//! Edits along one root-to-leaf path of the RRB tree: get_mut, push or pop a leaf at either
//! end, and the two halves of a split (take and skip). Each copies the shared nodes on its path
//! (`Arc::make_mut`) and leaves every other node shared.

use super::node::{collapse, full_size, Branch, Children, Leaf, Node, Tree, B};
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
            out.sizes = b.sizes.as_ref().map(|s| {
                let mut t = **s;
                t[j] = n;
                Box::new(t)
            });
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
            if m == 1 || (sub == 0 && b.sizes.is_none()) {
                out.sizes = None;
            } else {
                let mut t = [0usize; B];
                let mut total = 0;
                for (k, slot) in t.iter_mut().enumerate().take(m) {
                    total += if k == 0 {
                        b.child_len(j, h) - sub
                    } else {
                        b.child_len(j + k, h)
                    };
                    *slot = total;
                }
                out.sizes = Some(Box::new(t));
            }
            Node::Branch(Arc::new(out))
        }
    }
}

/// Builds a dense tree of `m >= 1` copies of the full leaf `leaf`, sharing every full subtree.
pub(crate) fn repeat_tree<T>(leaf: Arc<Leaf<T>>, m: usize) -> Tree<T> {
    debug_assert!(m >= 1);
    // The smallest height whose full subtree holds at least `m` leaves.
    let mut height = 0;
    let mut cap = 1usize;
    while cap < m {
        cap = cap.saturating_mul(B);
        height += 1;
    }
    // fulls[h] is a full subtree of height h, built from B copies of fulls[h - 1].
    let mut fulls: Vec<Node<T>> = vec![Node::Leaf(leaf)];
    for h in 1..=height {
        let f = fulls[h - 1].clone();
        let b = Branch::from_nodes(std::iter::repeat(f).take(B), h);
        fulls.push(Node::Branch(Arc::new(b)));
    }
    // Now B^height >= m, and height is the smallest such (or 0 when m == 1).
    fn build<T>(fulls: &[Node<T>], h: usize, m: usize) -> Node<T> {
        if h == 0 {
            return fulls[0].clone();
        }
        let per_child = B.saturating_pow(h as u32 - 1); // leaves per child
        if m == per_child.saturating_mul(B) {
            return fulls[h].clone();
        }
        let q = m / per_child;
        let r = m % per_child;
        let mut nodes: Vec<Node<T>> = std::iter::repeat(fulls[h - 1].clone()).take(q).collect();
        if r > 0 {
            nodes.push(build(fulls, h - 1, r));
        }
        Node::Branch(Arc::new(Branch::from_nodes(nodes, h)))
    }
    let root = build(&fulls, height, m);
    Tree::from_root(root, height)
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

#[cfg(test)]
#[path = "path_tests.rs"]
mod tests;
