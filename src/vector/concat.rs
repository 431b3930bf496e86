//! RRB concatenation (Bagwell & Rompf 2011; L'orange 2014, "concatenation with rebalancing").
//!
//! Two trees are lifted to the same height and merged along their seam, bottom-up: at each level
//! the children of the left tree's rightmost node, the merged level below, and the children of the
//! right tree's leftmost node form one list of at most `2B` nodes. If that list has more than
//! `ceil(slots / B) + E` nodes (the search-step invariant), the nodes short of entries are merged
//! into their right neighbours until it does not; nodes that keep their exact contents are reused
//! (shared), not copied. Every other node of both trees is shared untouched, so the cost is
//! `O(B^2 log n)` element or pointer moves at worst, `O(B log n)` typically.

use super::node::{Branch, Leaf, Node, Tree, B, E};
use smallvec::SmallVec;
use triomphe::Arc;

/// A list of sibling nodes of one height, as handled at one level of the seam.
type NodeList<T> = SmallVec<[Node<T>; 2 * B]>;

impl<T: Clone> Tree<T> {
    /// The concatenation of `left` and `right`, sharing all but the seam.
    pub(crate) fn concat(left: &Tree<T>, right: &Tree<T>) -> Tree<T> {
        let (l, r) = match (&left.root, &right.root) {
            (Some(l), Some(r)) => (l, r),
            (None, _) => return right.clone(),
            (_, None) => return left.clone(),
        };
        let h = left.height.max(right.height).max(1);
        let l = lift(l.clone(), left.height, h);
        let r = lift(r.clone(), right.height, h);
        let all = merge(&l, &r, h);
        let (root, height) = if all.len() <= B {
            (Node::Branch(Arc::new(Branch::from_nodes(all, h))), h)
        } else {
            let mut all = all;
            let second: NodeList<T> = all.drain(B..).collect();
            let a = Node::Branch(Arc::new(Branch::from_nodes(all, h)));
            let b = Node::Branch(Arc::new(Branch::from_nodes(second, h)));
            (
                Node::Branch(Arc::new(Branch::from_nodes([a, b], h + 1))),
                h + 1,
            )
        };
        Tree::from_root(root, height)
    }
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

/// Merges two branches of height `h` into the list of their (rebalanced) children.
fn merge<T: Clone>(l: &Branch<T>, r: &Branch<T>, h: usize) -> NodeList<T> {
    let (ln, rn) = (l.count(), r.count());
    let mut all = NodeList::new();
    if h == 1 {
        all.extend((0..ln).map(|j| l.child(j)));
        all.extend((0..rn).map(|j| r.child(j)));
    } else {
        let mut sub = merge(l.child(ln - 1).as_branch(), r.child(0).as_branch(), h - 1);
        all.extend((0..ln - 1).map(|j| l.child(j)));
        if sub.len() <= B {
            all.push(Node::Branch(Arc::new(Branch::from_nodes(sub, h - 1))));
        } else {
            let second: NodeList<T> = sub.drain(B..).collect();
            all.push(Node::Branch(Arc::new(Branch::from_nodes(sub, h - 1))));
            all.push(Node::Branch(Arc::new(Branch::from_nodes(second, h - 1))));
        }
        all.extend((1..rn).map(|j| r.child(j)));
    }
    let out = rebalance(all, h - 1);
    // The search-step invariant of RRB concatenation, for this level of the seam.
    debug_assert!(
        out.len() <= out.iter().map(Node::slots).sum::<usize>().div_ceil(B) + E,
        "search step: a merged level has too many nodes"
    );
    out
}

/// Redistributes the entries of `all` (nodes of height `ch`) so that there are at most
/// `ceil(slots / B) + E` nodes.
fn rebalance<T: Clone>(all: NodeList<T>, ch: usize) -> NodeList<T> {
    let counts: SmallVec<[usize; 2 * B]> = all.iter().map(Node::slots).collect();
    let total: usize = counts.iter().sum();
    let opt = total.div_ceil(B);
    if counts.len() <= opt + E {
        return all;
    }
    let plan = plan(counts, opt);
    execute(&all, &plan, ch)
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
/// order; a node whose entries are exactly those of one source node is reused.
fn execute<T: Clone>(all: &[Node<T>], plan: &[usize], ch: usize) -> NodeList<T> {
    let mut out = NodeList::new();
    let (mut src, mut off) = (0, 0);
    for &want in plan {
        if off == 0 && all[src].slots() == want {
            out.push(all[src].clone());
            src += 1;
            continue;
        }
        if ch == 0 {
            let mut leaf: Leaf<T> = Leaf::new();
            while leaf.len() < want {
                let l = all[src].as_leaf();
                let take = (want - leaf.len()).min(l.len() - off);
                leaf.extend(l[off..off + take].iter().cloned());
                off += take;
                if off == l.len() {
                    src += 1;
                    off = 0;
                }
            }
            out.push(Node::Leaf(Arc::new(leaf)));
        } else {
            let mut kids: SmallVec<[Node<T>; B]> = SmallVec::new();
            while kids.len() < want {
                let b = all[src].as_branch();
                let take = (want - kids.len()).min(b.count() - off);
                kids.extend((off..off + take).map(|k| b.child(k)));
                off += take;
                if off == b.count() {
                    src += 1;
                    off = 0;
                }
            }
            out.push(Node::Branch(Arc::new(Branch::from_nodes(kids, ch))));
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
