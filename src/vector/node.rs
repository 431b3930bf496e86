//! Leaf and branch nodes of the RRB tree: size tables, radix and relaxed indexing, and the edits
//! that touch one root-to-leaf path (get, get_mut, push or pop a leaf at either end, take, drop).
//!
//! Heights: a leaf has height 0; a branch at height `h` holds children of height `h - 1`. A full
//! subtree of height `h` holds `B^(h+1)` elements. A branch without a size table ("dense") has every
//! child but the last full, so the child holding index `i` is `i >> (BITS * h)`; a branch with a
//! size table ("relaxed") stores the cumulative element count of its children and is searched
//! from that radix guess forward.

use crate::sharing::HeapNode;
use smallvec::SmallVec;
use triomphe::Arc;

/// log2 of the branching factor.
#[cfg(not(cowtree_small_branching))]
pub(crate) const BITS: usize = 5;
/// log2 of the branching factor (test-only small setting, to reach deep trees cheaply).
#[cfg(cowtree_small_branching)]
pub(crate) const BITS: usize = 2;
/// Branching factor: children per branch and elements per leaf.
pub(crate) const B: usize = 1 << BITS;
/// Extra search steps concatenation allows (the RRB `e`): a merged node has at most
/// `ceil(slots / B) + E` children.
pub(crate) const E: usize = 2;

/// A leaf: up to `B` elements, stored inline.
pub(crate) type Leaf<T> = SmallVec<[T; B]>;
/// Cumulative element counts of a relaxed branch's children (only the first `count` are used).
pub(crate) type SizeTable = [usize; B];

/// The children of a branch: all leaves (height 1) or all branches (height > 1).
pub(crate) enum Children<T> {
    Leaves(SmallVec<[Arc<Leaf<T>>; B]>),
    Branches(SmallVec<[Arc<Branch<T>>; B]>),
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
            Node::Leaf(l) => Children::Leaves(smallvec::smallvec![l]),
            Node::Branch(b) => Children::Branches(smallvec::smallvec![b]),
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
        let full = full_size(h - 1);
        let mut table = [0usize; B];
        let (mut n, mut total, mut dense) = (0, 0, true);
        let mut leaves = SmallVec::new();
        let mut branches = SmallVec::new();
        for (node, len) in nodes {
            // Dense: every child but the last is full (checked when its successor comes).
            dense &= n == 0 || total - if n > 1 { table[n - 2] } else { 0 } == full;
            total += len;
            table[n] = total;
            n += 1;
            match node {
                Node::Leaf(l) => leaves.push(l),
                Node::Branch(b) => branches.push(b),
            }
        }
        debug_assert!((1..=B).contains(&n));
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
            sizes: (!dense).then(|| Box::new(table)),
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
        let n = self.count();
        let full = full_size(h - 1);
        let mut table = [0usize; B];
        let mut total = 0;
        let mut dense = true;
        for (j, slot) in table.iter_mut().enumerate().take(n) {
            let l = self.child_len_direct(j, h);
            if j + 1 < n && l != full {
                dense = false;
            }
            total += l;
            *slot = total;
        }
        self.sizes = if dense { None } else { Some(Box::new(table)) };
    }

    /// Makes sure a size table exists. A dense branch's table is derived from the density
    /// invariant (every child but the last full), so call it before changing a child's length.
    pub(crate) fn ensure_sizes(&mut self, h: usize) -> &mut SizeTable {
        if self.sizes.is_none() {
            let n = self.count();
            let mut table = [0usize; B];
            let mut total = 0;
            for (j, slot) in table.iter_mut().enumerate().take(n) {
                // Dense: every child but the last is full (no look into them).
                total += if j + 1 < n {
                    full_size(h - 1)
                } else {
                    self.child_len_direct(j, h)
                };
                *slot = total;
            }
            self.sizes = Some(Box::new(table));
        }
        self.sizes.as_mut().unwrap()
    }
}

/// A head or tail buffer: a leaf held outside the tree, or no allocation at all while it has
/// never held an element (so `Vector::new()` and `clear()` allocate nothing). A buffer emptied by
/// pops keeps its leaf, so alternating pushes and pops do not allocate.
pub(crate) struct Buf<T>(Option<Arc<Leaf<T>>>);

impl<T> Clone for Buf<T> {
    fn clone(&self) -> Self {
        Buf(self.0.clone())
    }
}

impl<T> std::ops::Deref for Buf<T> {
    type Target = [T];

    #[inline]
    fn deref(&self) -> &[T] {
        match &self.0 {
            Some(l) => l,
            None => &[],
        }
    }
}

impl<T> Buf<T> {
    /// An empty buffer (no allocation).
    #[inline]
    pub(crate) const fn new() -> Self {
        Buf(None)
    }

    /// A buffer over `leaf` (dropped if empty).
    pub(crate) fn from_arc(leaf: Arc<Leaf<T>>) -> Self {
        Buf((!leaf.is_empty()).then_some(leaf))
    }

    /// A buffer over a new leaf holding `leaf` (no allocation if empty).
    pub(crate) fn from_leaf(leaf: Leaf<T>) -> Self {
        Buf((!leaf.is_empty()).then(|| Arc::new(leaf)))
    }

    /// The leaf, if one is allocated.
    #[inline]
    pub(crate) fn arc(&self) -> Option<&Arc<Leaf<T>>> {
        self.0.as_ref()
    }

    /// Takes the leaf out, leaving the buffer empty and unallocated.
    #[inline]
    pub(crate) fn take(&mut self) -> Option<Arc<Leaf<T>>> {
        self.0.take()
    }

    /// Whether both are the same allocation, or both unallocated.
    pub(crate) fn ptr_eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// The leaf, writable, if this buffer owns it alone and it has room for one more element:
    /// the push fast path.
    #[inline]
    pub(crate) fn room_mut(&mut self) -> Option<&mut Leaf<T>> {
        match &mut self.0 {
            Some(l) => Arc::get_mut(l).filter(|l| l.len() < B),
            None => None,
        }
    }

    /// Pops the last element of the leaf if this buffer owns it alone (`None` if it is empty,
    /// shared or not allocated): the pop fast path, one emptiness check.
    #[inline]
    pub(crate) fn pop_owned(&mut self) -> Option<T> {
        match &mut self.0 {
            Some(l) => Arc::get_mut(l)?.pop(),
            None => None,
        }
    }
}

impl<T> Default for Buf<T> {
    fn default() -> Self {
        Buf::new()
    }
}

impl<T: Clone> Buf<T> {
    /// The elements, writable (the leaf copied if shared; nothing allocated if there is none).
    pub(crate) fn slice_mut(&mut self) -> &mut [T] {
        match &mut self.0 {
            Some(l) => Arc::make_mut(l).as_mut_slice(),
            None => &mut [],
        }
    }

    /// The leaf, writable: allocated if there is none, copied if shared.
    #[inline]
    pub(crate) fn make_mut(&mut self) -> &mut Leaf<T> {
        Arc::make_mut(self.0.get_or_insert_with(|| Arc::new(Leaf::new())))
    }
}

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
                NodeRef::Leaf(l) => return base + l.partition_point(pred),
                NodeRef::Branch(b) => b,
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
pub(crate) enum NodeRef<'a, T> {
    Leaf(&'a Leaf<T>),
    Branch(&'a Branch<T>),
}

impl<T> Clone for NodeRef<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for NodeRef<'_, T> {}

impl<'a, T> From<&'a Node<T>> for NodeRef<'a, T> {
    fn from(n: &'a Node<T>) -> Self {
        match n {
            Node::Leaf(l) => NodeRef::Leaf(l),
            Node::Branch(b) => NodeRef::Branch(b),
        }
    }
}

impl<'a, T> NodeRef<'a, T> {
    pub(crate) fn addr(self) -> usize {
        match self {
            NodeRef::Leaf(l) => l as *const Leaf<T> as usize,
            NodeRef::Branch(b) => b as *const Branch<T> as usize,
        }
    }

    pub(crate) fn len(self, h: usize) -> usize {
        match self {
            NodeRef::Leaf(l) => l.len(),
            NodeRef::Branch(b) => b.len(h),
        }
    }

    /// The first element below this node (a leaf is never empty).
    pub(crate) fn first(self) -> &'a T {
        let mut n = self;
        loop {
            match n {
                NodeRef::Leaf(l) => return &l[0],
                NodeRef::Branch(b) => n = b.child_ref(0),
            }
        }
    }

    pub(crate) fn first_child(self) -> NodeRef<'a, T> {
        match self {
            NodeRef::Branch(b) => b.child_ref(0),
            NodeRef::Leaf(_) => unreachable!("a leaf has no children"),
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
    pub(crate) fn child_ref(&self, j: usize) -> NodeRef<'_, T> {
        match &self.children {
            Children::Leaves(v) => NodeRef::Leaf(&v[j]),
            Children::Branches(v) => NodeRef::Branch(&v[j]),
        }
    }
}

impl<T> Tree<T> {
    /// The root, borrowed.
    pub(crate) fn root_ref(&self) -> Option<NodeRef<'_, T>> {
        self.root.as_ref().map(NodeRef::from)
    }
}

/// Bytes of an `Arc` allocation holding an `X` (the count, then the value).
fn arc_bytes<X>() -> usize {
    std::mem::size_of::<(usize, X)>()
}

impl<T> HeapNode for NodeRef<'_, T> {
    fn addr(&self) -> usize {
        NodeRef::addr(*self)
    }

    fn bytes(&self) -> usize {
        match self {
            NodeRef::Leaf(l) => {
                let spilled = if l.spilled() {
                    l.capacity() * std::mem::size_of::<T>()
                } else {
                    0
                };
                arc_bytes::<Leaf<T>>() + spilled
            }
            NodeRef::Branch(b) => {
                let table = b
                    .sizes
                    .as_ref()
                    .map_or(0, |_| std::mem::size_of::<SizeTable>());
                arc_bytes::<Branch<T>>() + table
            }
        }
    }

    fn children(&self, out: &mut Vec<Self>) {
        if let NodeRef::Branch(b) = self {
            out.extend((0..b.count()).map(|j| b.child_ref(j)));
        }
    }
}
