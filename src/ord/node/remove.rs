//! Removal: descend making the path unique, take the entry out of its leaf, and on the way back up
//! refill any child that fell below half full from a sibling (borrowing, or merging the two).
//! The root shrinks by one level when it is left with a single child.

use std::borrow::Borrow;

use triomphe::Arc;

use super::join::fix_pair;
use super::{
    child_for_rank, child_index, leaf_search, unique, Branch, Children, Leaf, Node, BRANCH_MIN,
    LEAF_MIN,
};

/// Which entry to remove.
#[derive(Clone, Copy)]
pub(crate) enum Target<'q, Q: ?Sized> {
    /// The entry with this key.
    Key(&'q Q),
    /// The entry at this rank.
    Rank(usize),
}

/// Inlined into both callers, as `insert_leaf` is.
#[inline(always)]
fn remove_leaf<K, V, Q>(l: &mut Arc<Leaf<K, V>>, target: Target<'_, Q>) -> Option<(K, V)>
where
    K: Borrow<Q> + Clone,
    V: Clone,
    Q: Ord + ?Sized,
{
    let i = match target {
        Target::Key(k) => leaf_search(&l.keys, k).ok()?,
        Target::Rank(i) => i,
    };
    let l = unique(l);
    Some((l.keys.remove(i), l.vals.remove(i)))
}

fn remove_branch<K, V, Q>(b: &mut Arc<Branch<K, V>>, target: Target<'_, Q>) -> Option<(K, V)>
where
    K: Borrow<Q> + Clone,
    V: Clone,
    Q: Ord + ?Sized,
{
    let (c, down) = match target {
        Target::Key(k) => (child_index(&b.keys, k), target),
        Target::Rank(mut i) => (child_for_rank(&b.counts, &mut i), Target::Rank(i)),
    };
    // A shared branch is copied only once the key is known to be below it, so a remove of an
    // absent key copies nothing; an unshared path needs no look-ahead.
    if let (false, Target::Key(k)) = (Arc::is_unique(b), &down) {
        b.children.get(c).get(*k)?;
    }
    let b = unique(b);
    let (out, underfull) = match &mut b.children {
        Children::Leaves(v) => {
            let out = remove_leaf(&mut v[c], down)?;
            (out, v[c].len() < LEAF_MIN)
        }
        Children::Branches(v) => {
            let out = remove_branch(&mut v[c], down)?;
            (out, v[c].children.len() < BRANCH_MIN)
        }
    };
    b.counts[c] -= 1;
    b.len -= 1;
    if underfull {
        fix_pair(b, c.saturating_sub(1));
    }
    Some(out)
}

/// Removes the target entry from the tree rooted at `root`, shrinking the root as needed; `None`
/// (and nothing copied) if there is no such entry. A rank target must be below the length.
/// O(log n).
pub(crate) fn remove<K, V, Q>(
    root: &mut Option<Node<K, V>>,
    target: Target<'_, Q>,
) -> Option<(K, V)>
where
    K: Borrow<Q> + Clone,
    V: Clone,
    Q: Ord + ?Sized,
{
    let node = root.as_mut()?;
    let out = match node {
        Node::Leaf(l) => remove_leaf(l, target),
        Node::Branch(b) => remove_branch(b, target),
    };
    match node {
        Node::Leaf(l) if l.len() == 0 => *root = None,
        Node::Branch(b) if b.children.len() == 1 => {
            let child = b.children.get(0).to_node();
            *root = Some(child);
        }
        _ => {}
    }
    out
}
