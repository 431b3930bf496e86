//! Structural algorithms on whole subtrees: rebalancing a pair of siblings, joining two trees whose
//! key ranges do not overlap, and splitting a tree at a key.
//!
//! A "tree" here is a root that may be under-full (a leaf with at least one entry, or a branch
//! with at least two children) over nodes that all meet the fill bounds. `join` takes two such
//! trees and returns one, walking down the taller one's spine to the shorter one's height:
//! O(|height difference| + 1). `split` descends to the key and joins the pieces on the way up;
//! the heights telescope, so it is O(log n) and copies only the nodes on the path to the key
//! (every other node is shared with the input).
//!
//! Panic safety: user code (`Clone` of a key or of a shared node) runs before each change.

use std::borrow::Borrow;
use std::mem;

use arrayvec::ArrayVec;
use triomphe::Arc;

use super::children::prepend;
use super::insert::split_branch;
use super::{
    child_index, to_count, Branch, Children, Count, Leaf, Node, NodeRef, BRANCH_CAP, BRANCH_ROOM,
    LEAF_CAP,
};

/// Rebalances children `i` and `i + 1` of `b`: merges them if their contents fit in one node,
/// otherwise, if either is under-full, moves entries (or children) across so both are at least
/// half full. The separator between them is kept right.
///
/// # Panics
/// With "capacity overflow", before any change, if a child would hold more than `u32::MAX`
/// entries.
pub(crate) fn fix_pair<K: Clone, V: Clone>(b: &mut Branch<K, V>, i: usize) {
    let (left, right) = (b.children.get(i), b.children.get(i + 1));
    let (wl, wr) = (left.width(), right.width());
    let cap = if b.children.is_leaves() {
        LEAF_CAP
    } else {
        BRANCH_CAP
    };
    if wl + wr > cap && !left.underfull() && !right.underfull() {
        return;
    }
    let merge = wl + wr <= cap;
    let target = (wl + wr) / 2;
    match &mut b.children {
        Children::Leaves(v) => {
            let (a, z) = v.split_at_mut(i + 1);
            let (l, r) = (Arc::make_mut(&mut a[i]), Arc::make_mut(&mut z[0]));
            if merge {
                l.keys.extend(mem::take(&mut r.keys));
                l.vals.extend(mem::take(&mut r.vals));
            } else if wl > target {
                let sep = l.keys[target].clone();
                prepend(&mut r.keys, l.keys.drain(target..));
                prepend(&mut r.vals, l.vals.drain(target..));
                b.keys[i] = sep;
            } else {
                let m = target - wl;
                let sep = r.keys[m].clone();
                l.keys.extend(r.keys.drain(..m));
                l.vals.extend(r.vals.drain(..m));
                b.keys[i] = sep;
            }
        }
        Children::Branches(v) => {
            let (a, z) = v.split_at_mut(i + 1);
            let (la, ra) = (&mut a[i], &mut z[0]);
            // The entries that move, and the count of the side that gains them, checked before
            // anything moves (a leaf holds too few entries to need this).
            let sum = |c: &[Count]| c.iter().map(|&n| n as usize).sum::<usize>();
            let moved = if merge {
                ra.len
            } else if wl > target {
                sum(&la.counts[target..])
            } else {
                sum(&ra.counts[..target - wl])
            };
            let gainer = if !merge && wl > target {
                ra.len
            } else {
                la.len
            };
            to_count(gainer + moved);
            let (l, r) = (Arc::make_mut(la), Arc::make_mut(ra));
            if merge {
                let sep = b.keys.remove(i);
                l.keys.push(sep);
                l.keys.extend(r.keys.drain(..));
                r.children.move_head(wr, &mut l.children);
                l.counts.extend(r.counts.drain(..));
                l.len += mem::take(&mut r.len);
            } else if wl > target {
                let mut keys = l.keys.drain(target - 1..);
                let up = keys.next().expect("moving at least one child");
                let down = mem::replace(&mut b.keys[i], up);
                let keys: ArrayVec<K, BRANCH_CAP> = keys.chain([down]).collect();
                prepend(&mut r.keys, keys);
                prepend(&mut r.counts, l.counts.drain(target..));
                l.children.move_tail(target, &mut r.children);
                l.len -= moved;
                r.len += moved;
            } else {
                let m = target - wl;
                let mut keys: ArrayVec<K, BRANCH_CAP> = r.keys.drain(..m).collect();
                let up = keys.pop().expect("moving at least one child");
                let down = mem::replace(&mut b.keys[i], up);
                l.keys.push(down);
                l.keys.extend(keys);
                l.counts.extend(r.counts.drain(..m));
                r.children.move_head(m, &mut l.children);
                l.len += moved;
                r.len -= moved;
            }
        }
    }
    if b.children.get(i + 1).width() == 0 {
        b.children.remove(i + 1);
        b.len -= b.counts.remove(i + 1) as usize;
        if b.keys.len() == b.children.len() {
            b.keys.remove(i);
        }
        b.recount(i);
    } else {
        b.recount(i);
        b.recount(i + 1);
    }
}

/// The one child of a root branch, or the branch itself.
fn collapse<K, V>(mut b: Branch<K, V>) -> Node<K, V> {
    if b.children.len() == 1 {
        b.children.pop().expect("one child")
    } else {
        Node::Branch(Arc::new(b))
    }
}

/// Joins two trees, every key of `l` below every key of `r`: O(|height difference| + 1).
pub(crate) fn join<K: Clone, V: Clone>(
    l: Option<Node<K, V>>,
    r: Option<Node<K, V>>,
) -> Option<Node<K, V>> {
    match (l, r) {
        (None, x) | (x, None) => x,
        (Some(l), Some(r)) => Some(join2(l, r)),
    }
}

fn join2<K: Clone, V: Clone>(mut l: Node<K, V>, mut r: Node<K, V>) -> Node<K, V> {
    let (hl, hr) = (l.height(), r.height());
    let sep = r.min_key().clone();
    if hl == hr {
        let mut b = Branch::new(l.is_leaf());
        b.push(None, l);
        b.push(Some(sep), r);
        fix_pair(&mut b, 0);
        collapse(b)
    } else if hl > hr {
        let Node::Branch(lb) = &mut l else {
            unreachable!("the taller tree is a branch")
        };
        match join_right(lb, r, sep, hl - hr) {
            None => l,
            Some((s, extra)) => {
                let mut b = Branch::new(false);
                b.push(None, l);
                b.push(Some(s), extra);
                Node::Branch(Arc::new(b))
            }
        }
    } else {
        let Node::Branch(rb) = &mut r else {
            unreachable!("the taller tree is a branch")
        };
        match join_left(rb, l, sep, hr - hl) {
            None => r,
            Some((s, extra)) => {
                let mut b = Branch::new(false);
                b.push(None, extra);
                b.push(Some(s), r);
                Node::Branch(Arc::new(b))
            }
        }
    }
}

/// The branches below `b` (its children, when it is above height 1).
fn branches<K, V>(b: &mut Branch<K, V>) -> &mut ArrayVec<Arc<Branch<K, V>>, BRANCH_ROOM> {
    match &mut b.children {
        Children::Branches(v) => v,
        Children::Leaves(_) => unreachable!("join descends branches only"),
    }
}

/// Hangs `r` (separator `sep`) at the right end of `node`, `depth` levels down. Returns the new
/// right sibling of `node` if it overflowed.
fn join_right<K: Clone, V: Clone>(
    node: &mut Arc<Branch<K, V>>,
    r: Node<K, V>,
    sep: K,
    depth: usize,
) -> Option<(K, Node<K, V>)> {
    let b = Arc::make_mut(node);
    let last = b.children.len() - 1;
    if depth == 1 {
        b.push(Some(sep), r);
        if b.children.get(last + 1).underfull() {
            fix_pair(b, last);
        }
    } else {
        let grown = join_right(&mut branches(b)[last], r, sep, depth - 1);
        b.recount(last);
        if let Some((s, extra)) = grown {
            b.push(Some(s), extra);
        }
    }
    if b.children.len() > BRANCH_CAP {
        let (s, right) = split_branch(b);
        Some((s, Node::Branch(Arc::new(right))))
    } else {
        None
    }
}

/// Hangs `l` at the left end of `node`, `depth` levels down (`sep` is `node`'s smallest key).
/// Returns the new left sibling of `node` if it overflowed.
fn join_left<K: Clone, V: Clone>(
    node: &mut Arc<Branch<K, V>>,
    l: Node<K, V>,
    sep: K,
    depth: usize,
) -> Option<(K, Node<K, V>)> {
    let b = Arc::make_mut(node);
    if depth == 1 {
        hang_first(b, sep, l);
        if b.children.get(0).underfull() {
            fix_pair(b, 0);
        }
    } else {
        let grown = join_left(&mut branches(b)[0], l, sep, depth - 1);
        b.recount(0);
        if let Some((s, extra)) = grown {
            hang_first(b, s, extra);
        }
    }
    if b.children.len() > BRANCH_CAP {
        let (s, right) = split_branch(b);
        let left = mem::replace(b, right);
        Some((s, Node::Branch(Arc::new(left))))
    } else {
        None
    }
}

/// Puts `child` before the children of `b`, with `sep` (the old first child's smallest key)
/// between them.
fn hang_first<K, V>(b: &mut Branch<K, V>, sep: K, child: Node<K, V>) {
    let n = child.len();
    let count = to_count(n);
    b.len += n;
    b.counts.insert(0, count);
    b.children.insert(0, child);
    b.keys.insert(0, sep);
}

/// A tree, or nothing.
pub(crate) type Tree<K, V> = Option<Node<K, V>>;

/// Children `from..to` of `b` as a tree (shared, not copied), or `None` if the range is empty.
fn piece<K: Clone, V: Clone>(b: &Branch<K, V>, from: usize, to: usize) -> Option<Node<K, V>> {
    match to - from {
        0 => None,
        1 => Some(b.children.get(from).to_node()),
        _ => Some(Node::Branch(Arc::new(Branch {
            keys: b.keys[from..to - 1].iter().cloned().collect(),
            children: b.children.slice(from..to),
            counts: b.counts[from..to].iter().copied().collect(),
            len: b.counts[from..to].iter().map(|&n| n as usize).sum(),
        }))),
    }
}

/// Splits the tree at `key`: the entries below it, and the entries at or above it. O(log n); the
/// input is left as it was and shares all but the split path with the two results.
pub(crate) fn split<K, V, Q>(node: NodeRef<'_, K, V>, key: &Q) -> (Tree<K, V>, Tree<K, V>)
where
    K: Borrow<Q> + Clone,
    V: Clone,
    Q: Ord + ?Sized,
{
    match node {
        NodeRef::Leaf(l) => {
            let i = l.keys.partition_point(|k| k.borrow() < key);
            if i == 0 {
                (None, Some(node.to_node()))
            } else if i == l.len() {
                (Some(node.to_node()), None)
            } else {
                let part = |r: std::ops::Range<usize>| {
                    Node::Leaf(Arc::new(Leaf {
                        keys: l.keys[r.clone()].iter().cloned().collect(),
                        vals: l.vals[r].iter().cloned().collect(),
                    }))
                };
                (Some(part(0..i)), Some(part(i..l.len())))
            }
        }
        NodeRef::Branch(b) => {
            let c = child_index(&b.keys, key);
            let (cl, cr) = split(b.children.get(c), key);
            let left = join(piece(b, 0, c), cl);
            let right = join(cr, piece(b, c + 1, b.children.len()));
            (left, right)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::panic::{catch_unwind, AssertUnwindSafe};

    /// A leaf of `LEAF_MIN` keys from `from`.
    fn leaf(from: u32) -> Node<u32, u32> {
        let mut l = Leaf::new();
        for k in from..from + super::super::LEAF_MIN as u32 {
            l.keys.push(k);
            l.vals.push(k);
        }
        Node::Leaf(Arc::new(l))
    }

    /// A branch over two leaves that claims `claimed` entries (forged counts: the rebalancing
    /// trusts them, and reaching u32::MAX for real takes billions of entries).
    fn claiming(from: u32, claimed: u32) -> Node<u32, u32> {
        let mut b = Branch::new(true);
        b.push(None, leaf(from));
        b.push(Some(from + 10), leaf(from + 10));
        b.counts = [claimed / 2, claimed - claimed / 2].into_iter().collect();
        b.len = claimed as usize;
        Node::Branch(Arc::new(b))
    }

    #[test]
    fn a_merge_past_u32_max_entries_panics_with_capacity_overflow_before_any_change() {
        let big = 3_000_000_000;
        let mut b = Branch::new(false);
        b.push(None, claiming(0, big));
        b.push(Some(100), claiming(100, big));
        let err = catch_unwind(AssertUnwindSafe(|| fix_pair(&mut b, 0)))
            .expect_err("a merged count past u32::MAX must panic");
        assert_eq!(err.downcast_ref::<&str>(), Some(&"capacity overflow"));
        assert_eq!(b.children.len(), 2, "the two children are still apart");
        assert_eq!((&b.counts[..], b.len), (&[big, big][..], 2 * big as usize));
        assert_eq!(b.children.get(0).width() + b.children.get(1).width(), 4);

        // The same pair with counts that fit is merged.
        let mut b = Branch::new(false);
        b.push(None, claiming(0, 1_000));
        b.push(Some(100), claiming(100, 1_000));
        fix_pair(&mut b, 0);
        assert_eq!(
            (b.children.len(), &b.counts[..], b.len),
            (1, &[2_000][..], 2_000)
        );
    }
}
