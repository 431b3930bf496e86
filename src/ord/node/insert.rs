//! Insertion: descend making each node on the path unique, insert into the leaf, and split full
//! nodes on the way back up.
//!
//! Panic safety: the only user code run here is `Ord` (during the descent, before any change) and
//! `Clone` (when a shared node is copied, or a separator key is cloned before the split it heads).
//! Counts are fixed on the way back up, after the child changed, so a panic leaves every node as
//! it was. A count that would pass `u32::MAX` is refused on the way down, before any change
//! ("capacity overflow").

use std::mem;

use triomphe::Arc;

use arrayvec::ArrayVec;

use super::{
    child_index, leaf_search, to_count, unique, Branch, Children, Count, Leaf, Node, BRANCH_CAP,
    BRANCH_ROOM, LEAF_CAP,
};
use crate::capacity_overflow;

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
    ///
    /// # Panics
    /// With "capacity overflow", before any change, if the new entry would put more than
    /// `u32::MAX` entries under one child of a branch.
    #[inline]
    pub(crate) fn insert(&mut self, key: K, value: V) -> Inserted<K, V> {
        match self {
            Node::Leaf(l) => insert_leaf(l, key, value),
            Node::Branch(b) => insert_branch(b, key, value),
        }
    }
}

/// Inlined into both callers: a call per insert cost ~20 instructions (callgrind, 1,000 keys).
#[inline(always)]
fn insert_leaf<K: Ord + Clone, V: Clone>(
    l: &mut Arc<Leaf<K, V>>,
    key: K,
    value: V,
) -> Inserted<K, V> {
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

fn insert_branch<K: Ord + Clone, V: Clone>(
    b: &mut Arc<Branch<K, V>>,
    key: K,
    value: V,
) -> Inserted<K, V> {
    let c = child_index(&b.keys, &key);
    if b.counts[c] == Count::MAX {
        refuse_if_new(b, c, &key);
    }
    let b = unique(b);
    let grown = match &mut b.children {
        Children::Leaves(v) => insert_leaf(&mut v[c], key, value),
        Children::Branches(v) => insert_branch(&mut v[c], key, value),
    };
    match grown {
        Inserted::Added => {
            // Below `Count::MAX` before the insert: checked on the way down.
            b.counts[c] += 1;
            b.len += 1;
            Inserted::Added
        }
        Inserted::Split(sep, right) => {
            // Both halves hold fewer entries than the child did with the new one, which fit.
            b.recount(c);
            b.keys.insert(c, sep);
            let n = right.len();
            b.counts.insert(c + 1, to_count(n));
            b.len += n;
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

/// Child `c` of `b` already holds `u32::MAX` entries: panics with "capacity overflow" unless `key`
/// is there (then the insert replaces a value and the count stays). Runs before any change.
#[cold]
#[inline(never)]
fn refuse_if_new<K: Ord, V>(b: &Branch<K, V>, c: usize, key: &K) {
    if b.children.get(c).get(key).is_none() {
        capacity_overflow();
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
    let children = b.children.split_off(h);
    let counts: ArrayVec<_, BRANCH_ROOM> = b.counts.drain(h..).collect();
    let mut keys: ArrayVec<_, BRANCH_CAP> = b.keys.drain(h - 1..).collect();
    let sep = keys.remove(0);
    let len = counts.iter().map(|&n| n as usize).sum();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OrdMap;
    use std::panic::{catch_unwind, AssertUnwindSafe};

    #[test]
    fn an_insert_under_a_child_counted_at_u32_max_panics_with_capacity_overflow_and_changes_nothing(
    ) {
        // Counting to u32::MAX for real takes 4 billion inserts: forge the count of the first
        // child of a root over leaves instead (the walk trusts the counts).
        let n = (LEAF_CAP * 3) as u32;
        let map: OrdMap<u32, u32> = (0..n).map(|i| (i * 2, i)).collect();
        let mut root = map.root.clone().expect("not empty");
        let Node::Branch(b) = &mut root else {
            panic!("a root branch")
        };
        let b = Arc::make_mut(b);
        assert!(b.children.is_leaves());
        b.len += (u32::MAX - b.counts[0]) as usize;
        b.counts[0] = u32::MAX;
        let before = (b.counts.clone(), b.len);

        // A new key under the full child: refused before anything changes.
        let err = catch_unwind(AssertUnwindSafe(|| root.insert(1, 0)))
            .err()
            .expect("a count past u32::MAX must panic");
        assert_eq!(err.downcast_ref::<&str>(), Some(&"capacity overflow"));
        let Node::Branch(b) = &root else {
            unreachable!()
        };
        assert_eq!((b.counts.clone(), b.len), before);
        assert!(root.get(&1).is_none(), "the refused entry is not stored");

        // A key already there is replaced: the count does not grow.
        assert!(matches!(root.insert(0, 7), Inserted::Replaced(0)));
        assert_eq!(root.get(&0), Some((&0, &7)));
        // A new key under another child is added.
        let last = (n - 1) * 2 + 1;
        assert!(matches!(root.insert(last, 1), Inserted::Added));
    }
}
