//! RRB concatenation (Bagwell & Rompf 2011; L'orange 2014, "concatenation with rebalancing").
//!
//! Two trees are lifted to the same height and merged along their seam, bottom-up: at each level
//! the children of the left tree's rightmost node, the merged level below, and the children of the
//! right tree's leftmost node form one list of at most `2B` nodes. If that list has more than
//! `ceil(slots / B) + E` nodes (the search-step invariant), the nodes short of entries are merged
//! into their right neighbours until it does not; nodes that keep their exact contents are reused
//! (shared), not copied. Every other node of both trees is shared untouched, so the cost is
//! `O(B^2 log n)` element or pointer moves at worst, `O(B log n)` typically.
//!
//! What it costs in practice is memory traffic, so the seam is walked touching as little as
//! possible: each node in a list carries its element count (taken from its parent's size table,
//! or known full in a dense parent), so building the new parents needs no look into the
//! children; and the seam nodes a tree owns alone hand their children over by move rather than by
//! a reference-count increment now and a decrement when the old node is dropped (two writes to
//! every child, most of them cache misses).

use super::node::{full_size, Branch, Children, Leaf, Node};
use super::{Tree, B, E};
use smallvec::SmallVec;
use std::ops::Range;
use triomphe::Arc;

/// A list of sibling nodes of one height, each with its element count (so that building their
/// parent needs no look into them), as handled at one level of the seam. On the heap: it moves
/// between functions, and a `2B`-entry inline list made those moves the main cost of `append`.
type NodeList<T> = Vec<(Node<T>, usize)>;

impl<T: Clone> Tree<T> {
    /// Appends `right` to `self` by concatenation, sharing all but the seam. Nodes of the seam
    /// that the two trees own alone give their children up by move (no reference-count traffic,
    /// no look into the children); shared ones are read and their children's counts raised.
    ///
    /// The only step that can panic (cloning elements to rebalance the bottom level of the seam)
    /// runs first, on borrowed nodes: if a `Clone` panics, `self` is unchanged.
    pub(crate) fn append_tree(&mut self, right: Tree<T>) {
        let (Some(l_root), Some(r_root)) = (&self.root, &right.root) else {
            if self.root.is_none() {
                *self = right;
            }
            return;
        };
        let mut bottom = rebalanced_bottom(l_root, self.height, r_root, right.height);
        let left = std::mem::take(self);
        let total = left.len + right.len;
        let h = left.height.max(right.height).max(1);
        let mut l = lift(left.root.expect("checked"), left.height, h);
        let mut r = lift(right.root.expect("checked"), right.height, h);
        let mut all = merge(&mut l, &mut r, h, &mut bottom);
        drop((l, r));
        let (root, height) = if all.len() <= B {
            (Node::Branch(Arc::new(Branch::from_sized(all, h))), h)
        } else {
            let second: NodeList<T> = all.drain(B..).collect();
            let a = sized_branch(all, h);
            let b = sized_branch(second, h);
            (
                Node::Branch(Arc::new(Branch::from_sized([a, b], h + 1))),
                h + 1,
            )
        };
        *self = Tree::from_root_len(root, height, total);
    }

    /// The concatenation of `left` and `right` (copies of the handles: nodes shared with them
    /// are copied along the seam).
    #[cfg(test)]
    pub(crate) fn concat(left: &Tree<T>, right: &Tree<T>) -> Tree<T> {
        let mut t = left.clone();
        t.append_tree(right.clone());
        t
    }
}

/// The bottom of one side of the seam of a tree (root `root`, height `h`): its last branch of
/// height 1 (its first when `first`), or the root leaf alone.
enum SeamBottom<'a, T> {
    Leaf(&'a Arc<Leaf<T>>),
    Branch(&'a Branch<T>),
}

impl<'a, T> SeamBottom<'a, T> {
    fn of(root: &'a Node<T>, h: usize, first: bool) -> Self {
        let mut b = match root {
            Node::Leaf(l) => return SeamBottom::Leaf(l),
            Node::Branch(b) => b,
        };
        for _ in 1..h {
            let j = if first { 0 } else { b.count() - 1 };
            b = match &b.children {
                Children::Branches(v) => &v[j],
                Children::Leaves(_) => unreachable!("leaves above height 1"),
            };
        }
        SeamBottom::Branch(b)
    }

    /// The leaves' lengths (from the size table or density: no look into the leaves).
    fn lens(&self, out: &mut SmallVec<[usize; 2 * B]>) {
        match self {
            SeamBottom::Leaf(l) => out.push(l.len()),
            SeamBottom::Branch(b) => out.extend((0..b.count()).map(|j| b.child_len(j, 1))),
        }
    }

    /// The leaves, as new handles.
    fn leaves(&self, out: &mut NodeList<T>) {
        match self {
            SeamBottom::Leaf(l) => out.push((Node::Leaf(Arc::clone(l)), l.len())),
            SeamBottom::Branch(b) => {
                out.extend((0..b.count()).map(|j| (b.child(j), b.child_len(j, 1))))
            }
        }
    }
}

/// The rebalanced bottom level of the seam of `l` and `r` (roots and heights), if it needs
/// rebalancing: then new leaves are built by cloning elements, which may panic. `None` if its
/// leaves can be kept as they are.
fn rebalanced_bottom<T: Clone>(
    l: &Node<T>,
    lh: usize,
    r: &Node<T>,
    rh: usize,
) -> Option<NodeList<T>> {
    let (l, r) = (SeamBottom::of(l, lh, false), SeamBottom::of(r, rh, true));
    let mut counts = SmallVec::new();
    l.lens(&mut counts);
    r.lens(&mut counts);
    let opt = counts.iter().sum::<usize>().div_ceil(B);
    if counts.len() <= opt + E {
        return None;
    }
    let mut all = NodeList::with_capacity(counts.len());
    l.leaves(&mut all);
    r.leaves(&mut all);
    Some(execute(all, &plan(counts, opt), 0))
}

/// A branch of height `h` over `nodes`, with its element count.
fn sized_branch<T>(nodes: NodeList<T>, h: usize) -> (Node<T>, usize) {
    let len = nodes.iter().map(|n| n.1).sum();
    (Node::Branch(Arc::new(Branch::from_sized(nodes, h))), len)
}

/// Wraps `node` (height `from`) in single-child branches up to height `to >= 1`.
fn lift<T>(node: Node<T>, from: usize, to: usize) -> Arc<Branch<T>> {
    let mut n = node;
    for _ in from..to {
        n = Node::Branch(Arc::new(Branch::single(n)));
    }
    match n {
        Node::Branch(b) => b,
        Node::Leaf(_) => unreachable!("lifted to height >= 1"),
    }
}

/// Children `range` of `b` (height `h`) with their counts, appended to `out`: moved out when
/// `b` is owned here alone (then `b` is left without them), cloned handles otherwise.
fn take_children<T>(b: &mut Arc<Branch<T>>, range: Range<usize>, h: usize, out: &mut NodeList<T>) {
    let mut lens = [0usize; B];
    for (k, j) in range.clone().enumerate() {
        lens[k] = b.child_len(j, h);
    }
    let mut lens = lens.into_iter();
    let mut len = || lens.next().unwrap_or_default();
    out.reserve(range.len());
    match Arc::get_mut(b) {
        Some(bm) => match &mut bm.children {
            Children::Leaves(v) => {
                for c in v.drain(range) {
                    out.push((Node::Leaf(c), len()));
                }
            }
            Children::Branches(v) => {
                for c in v.drain(range) {
                    out.push((Node::Branch(c), len()));
                }
            }
        },
        None => {
            for j in range {
                out.push((b.child(j), len()));
            }
        }
    }
}

/// The seam child of `b` (its last child, or its first when `first`), writable: `b`'s own slot
/// when `b` is owned here alone, else a cloned handle kept in `spare`.
fn seam_child<'a, T>(
    b: &'a mut Arc<Branch<T>>,
    first: bool,
    spare: &'a mut Option<Arc<Branch<T>>>,
) -> &'a mut Arc<Branch<T>> {
    let j = if first { 0 } else { b.count() - 1 };
    if Arc::get_mut(b).is_none() {
        return spare.insert(b.child(j).into_branch());
    }
    match &mut Arc::get_mut(b).expect("checked unique").children {
        Children::Branches(v) => &mut v[j],
        Children::Leaves(_) => unreachable!("seam child of a bottom branch"),
    }
}

/// Merges two branches of height `h` into the list of their (rebalanced) children.
fn merge<T: Clone>(
    l: &mut Arc<Branch<T>>,
    r: &mut Arc<Branch<T>>,
    h: usize,
    bottom: &mut Option<NodeList<T>>,
) -> NodeList<T> {
    if h == 1 {
        // The bottom level, rebalanced beforehand if it needed to be; else its leaves as they are.
        if let Some(list) = bottom.take() {
            return list;
        }
        let mut all = NodeList::with_capacity(2 * B);
        let (ln, rn) = (l.count(), r.count());
        take_children(l, 0..ln, 1, &mut all);
        take_children(r, 0..rn, 1, &mut all);
        return all;
    }
    let mut sub = {
        let (mut ls, mut rs) = (None, None);
        let lc = seam_child(l, false, &mut ls);
        let rc = seam_child(r, true, &mut rs);
        merge(lc, rc, h - 1, bottom)
    };
    let (ln, rn) = (l.count(), r.count());
    let mut all = NodeList::with_capacity(2 * B);
    take_children(l, 0..ln - 1, h, &mut all);
    if sub.len() <= B {
        all.push(sized_branch(sub, h - 1));
    } else {
        let second: NodeList<T> = sub.drain(B..).collect();
        all.push(sized_branch(sub, h - 1));
        all.push(sized_branch(second, h - 1));
    }
    take_children(r, 1..rn, h, &mut all);
    let out = rebalance(all, h - 1);
    debug_assert!(
        out.len() <= out.iter().map(|n| n.0.slots()).sum::<usize>().div_ceil(B) + E,
        "search step: a merged level has too many nodes"
    );
    out
}

/// Entries (elements of a leaf, children of a branch) of a node of height `ch` holding `len`
/// elements: a full subtree has `B` without a look into it.
fn slots<T>(n: &(Node<T>, usize), ch: usize) -> usize {
    if ch == 0 || n.1 == full_size(ch) {
        if ch == 0 {
            n.1
        } else {
            B
        }
    } else {
        n.0.slots()
    }
}

/// Redistributes the entries of `all` (nodes of height `ch`) so that there are at most
/// `ceil(slots / B) + E` nodes.
fn rebalance<T: Clone>(all: NodeList<T>, ch: usize) -> NodeList<T> {
    let counts: SmallVec<[usize; 2 * B]> = all.iter().map(|n| slots(n, ch)).collect();
    let total: usize = counts.iter().sum();
    let opt = total.div_ceil(B);
    if counts.len() <= opt + E {
        return all;
    }
    let plan = plan(counts, opt);
    execute(all, &plan, ch)
}

/// The target entry count of each node after rebalancing (see the module docs).
pub(crate) fn plan(mut counts: SmallVec<[usize; 2 * B]>, opt: usize) -> SmallVec<[usize; 2 * B]> {
    while counts.len() > opt + E {
        let i = pick(&counts);
        // Spread node i's entries forward: each node takes entries from its right neighbour
        // until one neighbour has been emptied, which is then removed.
        let mut pending = counts[i];
        let mut j = i;
        while pending > 0 {
            let next = counts[j + 1];
            let keep = (pending + next).min(B);
            counts[j] = keep;
            pending = pending + next - keep;
            j += 1;
        }
        counts.remove(j);
    }
    counts
}

/// The node to dissolve: the first one short of more than `E / 2` entries whose successors can
/// absorb it; failing that, the first non-full one (which always can when a merge is needed).
fn pick(counts: &[usize]) -> usize {
    let n = counts.len();
    let mut fits = [false; 2 * B];
    let mut suffix = 0;
    for i in (0..n).rev() {
        suffix += counts[i];
        fits[i] = suffix <= (n - i - 1) * B;
    }
    (0..n)
        .find(|&i| counts[i] < B - E / 2 && fits[i])
        .or_else(|| (0..n).find(|&i| counts[i] < B && fits[i]))
        .expect("rebalancing needed but no node can be dissolved")
}

/// Builds nodes of height `ch` with the entry counts of `plan` from the entries of `all`, in
/// order; a node whose entries are exactly those of one source node is reused (moved).
fn execute<T: Clone>(all: NodeList<T>, plan: &[usize], ch: usize) -> NodeList<T> {
    let mut out = NodeList::with_capacity(plan.len());
    let mut src = all.into_iter().peekable();
    let mut off = 0;
    for &want in plan {
        if off == 0 && src.peek().map(|n| slots(n, ch)) == Some(want) {
            out.extend(src.next());
            continue;
        }
        if ch == 0 {
            let mut leaf: Leaf<T> = Leaf::new();
            while leaf.len() < want {
                let l = src.peek().expect("plan within entries").0.as_leaf();
                let take = (want - leaf.len()).min(l.len() - off);
                leaf.extend(l[off..off + take].iter().cloned());
                off += take;
                if off == l.len() {
                    src.next();
                    off = 0;
                }
            }
            let len = leaf.len();
            out.push((Node::Leaf(Arc::new(leaf)), len));
        } else {
            let mut kids = NodeList::with_capacity(want);
            while kids.len() < want {
                let b = src.peek().expect("plan within entries").0.as_branch();
                let take = (want - kids.len()).min(b.count() - off);
                kids.extend((off..off + take).map(|k| (b.child(k), b.child_len(k, ch))));
                off += take;
                if off == b.count() {
                    src.next();
                    off = 0;
                }
            }
            out.push(sized_branch(kids, ch));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree_of(range: std::ops::Range<usize>, leaf_len: usize) -> Tree<usize> {
        let mut t = Tree::default();
        let mut next = range.start;
        while next < range.end {
            let end = (next + leaf_len).min(range.end);
            // Build by concatenation so that partial leaves stay partial.
            let mut one = Tree::default();
            one.push_back_leaf(Arc::new((next..end).collect()));
            t = Tree::concat(&t, &one);
            t.check();
            next = end;
        }
        t
    }

    fn check(t: &Tree<usize>, start: usize) {
        t.check();
        for i in 0..t.len {
            assert_eq!(*t.get(i), start + i, "index {i}");
        }
    }

    #[test]
    fn plan_respects_bound_and_total() {
        let mut counts: SmallVec<[usize; 2 * B]> = SmallVec::new();
        for k in 0..2 * B {
            counts.push(1 + (k * 7) % B);
        }
        let total: usize = counts.iter().sum();
        let opt = total.div_ceil(B);
        let p = plan(counts, opt);
        assert_eq!(p.iter().sum::<usize>(), total);
        assert!(p.len() <= opt + E);
        assert!(p.iter().all(|c| (1..=B).contains(c)));
    }

    #[test]
    fn concat_of_tiny_leaves_stays_shallow() {
        let t = tree_of(0..B * B * 4, 1);
        check(&t, 0);
        let bound = {
            let mut h = 0;
            while super::super::node::full_size(h) < t.len {
                h += 1;
            }
            h
        };
        assert!(
            t.height <= bound + 2,
            "height {} for {} elements",
            t.height,
            t.len
        );
    }

    #[test]
    fn concat_uneven_trees() {
        for (a, b) in [(1, 1), (B + 1, 3), (3, B * B + 7), (B * B * 2, B * 3 + 1)] {
            let l = tree_of(0..a, B);
            let r = tree_of(a..a + b, B / 2 + 1);
            let t = Tree::concat(&l, &r);
            assert_eq!(t.len, a + b);
            check(&t, 0);
            let t2 = Tree::concat(&r, &l);
            assert_eq!(t2.len, a + b);
        }
    }
}
