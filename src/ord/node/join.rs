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

use super::insert::split_branch;
use super::{child_index, Branch, Leaf, Node, BRANCH_CAP, LEAF_CAP};

/// Rebalances children `i` and `i + 1` of `b`: merges them if their contents fit in one node,
/// otherwise, if either is under-full, moves entries (or children) across so both are at least
/// half full. The separator between them is kept right.
pub(crate) fn fix_pair<K: Clone, V: Clone>(b: &mut Branch<K, V>, i: usize) {
    let (wl, wr) = (b.children[i].width(), b.children[i + 1].width());
    let cap = match b.children[i] {
        Node::Leaf(_) => LEAF_CAP,
        Node::Branch(_) => BRANCH_CAP,
    };
    if wl + wr > cap && !b.children[i].underfull() && !b.children[i + 1].underfull() {
        return;
    }
    let (left, right) = b.children.split_at_mut(i + 1);
    match (&mut left[i], &mut right[0]) {
        (Node::Leaf(l), Node::Leaf(r)) => {
            let (l, r) = (Arc::make_mut(l), Arc::make_mut(r));
            if wl + wr <= cap {
                l.keys.extend(mem::take(&mut r.keys));
                l.vals.extend(mem::take(&mut r.vals));
            } else {
                let target = (wl + wr) / 2;
                if wl > target {
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
        }
        (Node::Branch(l), Node::Branch(r)) => {
            let (l, r) = (Arc::make_mut(l), Arc::make_mut(r));
            if wl + wr <= cap {
                let sep = b.keys.remove(i);
                l.keys.push(sep);
                l.keys.extend(r.keys.drain(..));
                l.children.extend(r.children.drain(..));
                l.counts.extend(r.counts.drain(..));
                l.len += mem::take(&mut r.len);
            } else {
                let target = (wl + wr) / 2;
                if wl > target {
                    let mut keys = l.keys.drain(target - 1..);
                    let up = keys.next().expect("moving at least one child");
                    let down = mem::replace(&mut b.keys[i], up);
                    let keys: ArrayVec<K, BRANCH_CAP> = keys.chain([down]).collect();
                    prepend(&mut r.keys, keys);
                    let moved: usize = l.counts[target..].iter().sum();
                    prepend(&mut r.counts, l.counts.drain(target..));
                    prepend(&mut r.children, l.children.drain(target..));
                    l.len -= moved;
                    r.len += moved;
                } else {
                    let m = target - wl;
                    let mut keys: ArrayVec<K, BRANCH_CAP> = r.keys.drain(..m).collect();
                    let up = keys.pop().expect("moving at least one child");
                    let down = mem::replace(&mut b.keys[i], up);
                    l.keys.push(down);
                    l.keys.extend(keys);
                    let moved: usize = r.counts[..m].iter().sum();
                    l.counts.extend(r.counts.drain(..m));
                    l.children.extend(r.children.drain(..m));
                    l.len += moved;
                    r.len -= moved;
                }
            }
        }
        _ => unreachable!("siblings of different heights"),
    }
    if b.children[i + 1].width() == 0 {
        b.children.remove(i + 1);
        b.len -= b.counts.remove(i + 1);
        if b.keys.len() == b.children.len() {
            b.keys.remove(i);
        }
        b.recount(i);
    } else {
        b.recount(i);
        b.recount(i + 1);
    }
}

/// Puts `front` before the elements of `v` (which has room for them).
fn prepend<T, const N: usize>(v: &mut ArrayVec<T, N>, front: impl IntoIterator<Item = T>) {
    let mut out: ArrayVec<T, N> = front.into_iter().collect();
    out.extend(v.drain(..));
    *v = out;
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
        let mut b = Branch::new();
        b.push(None, l);
        b.push(Some(sep), r);
        fix_pair(&mut b, 0);
        collapse(b)
    } else if hl > hr {
        match join_right(&mut l, r, sep, hl - hr) {
            None => l,
            Some((s, extra)) => {
                let mut b = Branch::new();
                b.push(None, l);
                b.push(Some(s), extra);
                Node::Branch(Arc::new(b))
            }
        }
    } else {
        match join_left(&mut r, l, sep, hr - hl) {
            None => r,
            Some((s, extra)) => {
                let mut b = Branch::new();
                b.push(None, extra);
                b.push(Some(s), r);
                Node::Branch(Arc::new(b))
            }
        }
    }
}

/// Hangs `r` (separator `sep`) at the right end of `node`, `depth` levels down. Returns the new
/// right sibling of `node` if it overflowed.
fn join_right<K: Clone, V: Clone>(
    node: &mut Node<K, V>,
    r: Node<K, V>,
    sep: K,
    depth: usize,
) -> Option<(K, Node<K, V>)> {
    let Node::Branch(b) = node else {
        unreachable!("join descends branches only")
    };
    let b = Arc::make_mut(b);
    let last = b.children.len() - 1;
    if depth == 1 {
        b.push(Some(sep), r);
        if b.children[last + 1].underfull() {
            fix_pair(b, last);
        }
    } else {
        let grown = join_right(&mut b.children[last], r, sep, depth - 1);
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
    node: &mut Node<K, V>,
    l: Node<K, V>,
    sep: K,
    depth: usize,
) -> Option<(K, Node<K, V>)> {
    let Node::Branch(b) = node else {
        unreachable!("join descends branches only")
    };
    let b = Arc::make_mut(b);
    if depth == 1 {
        b.len += l.len();
        b.counts.insert(0, l.len());
        b.children.insert(0, l);
        b.keys.insert(0, sep);
        if b.children[0].underfull() {
            fix_pair(b, 0);
        }
    } else {
        let grown = join_left(&mut b.children[0], l, sep, depth - 1);
        b.recount(0);
        if let Some((s, extra)) = grown {
            b.len += extra.len();
            b.counts.insert(0, extra.len());
            b.children.insert(0, extra);
            b.keys.insert(0, s);
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

/// A tree, or nothing.
pub(crate) type Tree<K, V> = Option<Node<K, V>>;

/// Children `from..to` of `b` as a tree (shared, not copied), or `None` if the range is empty.
fn piece<K: Clone, V: Clone>(b: &Branch<K, V>, from: usize, to: usize) -> Option<Node<K, V>> {
    match to - from {
        0 => None,
        1 => Some(b.children[from].clone()),
        _ => Some(Node::Branch(Arc::new(Branch {
            keys: b.keys[from..to - 1].iter().cloned().collect(),
            children: b.children[from..to].iter().cloned().collect(),
            counts: b.counts[from..to].iter().copied().collect(),
            len: b.counts[from..to].iter().sum(),
        }))),
    }
}

/// Splits the tree at `key`: the entries below it, and the entries at or above it. O(log n); the
/// input is left as it was and shares all but the split path with the two results.
pub(crate) fn split<K, V, Q>(node: &Node<K, V>, key: &Q) -> (Tree<K, V>, Tree<K, V>)
where
    K: Borrow<Q> + Clone,
    V: Clone,
    Q: Ord + ?Sized,
{
    match node {
        Node::Leaf(l) => {
            let i = l.keys.partition_point(|k| k.borrow() < key);
            if i == 0 {
                (None, Some(node.clone()))
            } else if i == l.len() {
                (Some(node.clone()), None)
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
        Node::Branch(b) => {
            let c = child_index(&b.keys, key);
            let (cl, cr) = split(&b.children[c], key);
            let left = join(piece(b, 0, c), cl);
            let right = join(cr, piece(b, c + 1, b.children.len()));
            (left, right)
        }
    }
}
