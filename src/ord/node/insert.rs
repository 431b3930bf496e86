//! Insertion: descend making each node on the path unique, insert into the leaf, and split full
//! nodes on the way back up.
//!
//! Panic safety: the only user code run here is `Ord` (during the descent, before any change) and
//! `Clone` (when a shared node is copied, or a separator key is cloned before the split it heads).
//! Counts are fixed on the way back up, after the child changed, so a panic leaves every node as
//! it was.

use std::mem;

use arrayvec::ArrayVec;
use triomphe::Arc;

use super::{
    child_index, leaf_search, unique, Branch, Leaf, Node, BRANCH_CAP, BRANCH_ROOM, LEAF_CAP,
};

/// What an insertion did to the subtree it descended into.
pub(crate) enum Inserted<K, V> {
    /// The key was there; its old value.
    Replaced(V),
    /// A new entry was added; the node kept its shape.
    Added,
    /// A new entry was added and the node split: the new right sibling and its separator.
    Split(K, Node<K, V>),
}

impl<K: Ord + Clone, V: Clone> Node<K, V> {
    /// Inserts `key` (keeping the stored key if present, as std does) with `value`.
    pub(crate) fn insert(&mut self, key: K, value: V) -> Inserted<K, V> {
        match self {
            Node::Leaf(l) => {
                let i = match leaf_search(&l.keys, &key) {
                    Ok(i) => {
                        let l = unique(l);
                        return Inserted::Replaced(mem::replace(&mut l.vals[i], value));
                    }
                    Err(i) => i,
                };
                let l = unique(l);
                if l.len() < LEAF_CAP {
                    l.keys.insert(i, key);
                    l.vals.insert(i, value);
                    Inserted::Added
                } else {
                    let (sep, right) = split_full_leaf(l, i, key, value);
                    Inserted::Split(sep, Node::Leaf(Arc::new(right)))
                }
            }
            Node::Branch(b) => {
                let c = child_index(&b.keys, &key);
                let b = unique(b);
                match b.children[c].insert(key, value) {
                    Inserted::Added => {
                        b.counts[c] += 1;
                        b.len += 1;
                        Inserted::Added
                    }
                    Inserted::Split(sep, right) => {
                        b.recount(c);
                        b.keys.insert(c, sep);
                        b.counts.insert(c + 1, right.len());
                        b.len += right.len();
                        b.children.insert(c + 1, right);
                        if b.children.len() > BRANCH_CAP {
                            let (sep, right) = split_branch(b);
                            Inserted::Split(sep, Node::Branch(Arc::new(right)))
                        } else {
                            Inserted::Added
                        }
                    }
                    r @ Inserted::Replaced(_) => r,
                }
            }
        }
    }
}

/// Splits a full leaf while inserting `(key, value)` at `i`: the left half stays in `l`; returns
/// the separator (the right half's first key) and the right half. The separator is cloned before
/// anything moves, so a panicking `Clone` changes nothing.
fn split_full_leaf<K: Clone, V>(l: &mut Leaf<K, V>, i: usize, key: K, value: V) -> (K, Leaf<K, V>) {
    let h = LEAF_CAP.div_ceil(2);
    let sep = match i.cmp(&h) {
        std::cmp::Ordering::Equal => key.clone(),
        std::cmp::Ordering::Less => l.keys[h - 1].clone(),
        std::cmp::Ordering::Greater => l.keys[h].clone(),
    };
    let cut = if i < h { h - 1 } else { h };
    let mut right = Leaf {
        keys: l.keys.drain(cut..).collect(),
        vals: l.vals.drain(cut..).collect(),
    };
    if i < h {
        l.keys.insert(i, key);
        l.vals.insert(i, value);
    } else {
        right.keys.insert(i - h, key);
        right.vals.insert(i - h, value);
    }
    (sep, right)
}

/// Splits a branch with too many children in two halves; `b` keeps the left one. Returns the
/// separator between them (moved up, not cloned) and the right half.
pub(crate) fn split_branch<K, V>(b: &mut Branch<K, V>) -> (K, Branch<K, V>) {
    let h = b.children.len() / 2;
    let children: ArrayVec<_, BRANCH_ROOM> = b.children.drain(h..).collect();
    let counts: ArrayVec<_, BRANCH_ROOM> = b.counts.drain(h..).collect();
    let mut keys: ArrayVec<_, BRANCH_CAP> = b.keys.drain(h - 1..).collect();
    let sep = keys.remove(0);
    let len = counts.iter().sum();
    b.len -= len;
    (
        sep,
        Branch {
            keys,
            children,
            counts,
            len,
        },
    )
}
