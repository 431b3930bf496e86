//! Unit tests of the path edits (`path.rs`): leaf pushes and pops at both ends, take and skip,
//! `repeat_tree`.

use super::*;
use crate::vector::node::radix;

fn leaf(range: std::ops::Range<usize>) -> Arc<Leaf<usize>> {
    Arc::new(range.collect())
}

#[test]
fn radix_splits_index() {
    assert_eq!(radix(5, 0), (5, 0));
    assert_eq!(radix(B + 3, 1), (1, 3));
    assert_eq!(radix(3, 40), (0, 3));
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

#[test]
fn take_and_skip_share_and_index() {
    let mut t = Tree::default();
    let n = B * B * 2 + 5;
    let mut next = 0;
    while next < n {
        let end = (next + B).min(n);
        t.push_back_leaf(leaf(next..end));
        next = end;
    }
    for cut in [0, 1, B - 1, B, B + 1, B * B, n - 1, n] {
        let l = t.take(cut);
        let r = t.skip(cut);
        l.check();
        r.check();
        assert_eq!(l.len, cut);
        assert_eq!(r.len, n - cut);
        for i in 0..l.len {
            assert_eq!(*l.get(i), i);
        }
        for i in 0..r.len {
            assert_eq!(*r.get(i), cut + i);
        }
    }
}

#[test]
fn repeat_tree_shares_full_subtrees() {
    let l: Arc<Leaf<u8>> = Arc::new(std::iter::repeat(7u8).take(B).collect());
    for m in [1, 2, B - 1, B, B + 1, B * B, B * B + 1, 1000] {
        let t = repeat_tree(l.clone(), m);
        t.check();
        assert_eq!(t.len, m * B);
        assert_eq!(*t.get(m * B - 1), 7);
    }
}
