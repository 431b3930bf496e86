//! The invariant checker: walks every node and panics naming the first broken invariant.

use super::{NodeRef, BRANCH_CAP, BRANCH_MIN, LEAF_CAP, LEAF_MIN};

/// Checks the whole tree: keys sorted within and across nodes, separators right, fill bounds, all
/// leaves at one depth (each node's kind agrees with its height: a branch's children are leaves
/// exactly at height 1), one count per child equal to its entries, `len` their sum; returns the
/// number of entries. O(n).
///
/// # Panics
/// If an invariant is broken, with a message naming it.
pub(crate) fn check<K: Ord, V>(root: Option<NodeRef<'_, K, V>>) -> usize {
    match root {
        None => 0,
        Some(r) => check_node(r, None, None, true, r.height()),
    }
}

fn fail(what: &str) -> ! {
    panic!("cowtree OrdMap invariant broken: {what}")
}

/// Checks the subtree at `node`, which should stand at `height` (0 for a leaf).
fn check_node<K: Ord, V>(
    node: NodeRef<'_, K, V>,
    lo: Option<&K>,
    hi: Option<&K>,
    root: bool,
    height: usize,
) -> usize {
    match node {
        NodeRef::Leaf(l) => {
            if height != 0 {
                fail("all leaves are at one depth (a leaf where a branch should be)");
            }
            if l.keys.len() != l.vals.len() {
                fail("a leaf has as many keys as values");
            }
            if l.len() > LEAF_CAP {
                fail("a leaf holds at most LEAF_CAP entries");
            }
            if l.len() == 0 || (!root && l.len() < LEAF_MIN) {
                fail("a leaf that is not the root is at least half full, and no leaf is empty");
            }
            if l.keys.windows(2).any(|w| w[0] >= w[1]) {
                fail("keys within a leaf are strictly increasing");
            }
            if lo.is_some_and(|lo| &l.keys[0] < lo)
                || hi.is_some_and(|hi| l.keys[l.len() - 1] >= *hi)
            {
                fail("every key lies between the separators around its subtree");
            }
            l.len()
        }
        NodeRef::Branch(b) => {
            if height == 0 {
                fail("all leaves are at one depth (a branch where a leaf should be)");
            }
            if b.children.is_leaves() != (height == 1) {
                fail("a branch's children are leaves exactly when it is at height 1");
            }
            let c = b.children.len();
            if c > BRANCH_CAP {
                fail("a branch has at most BRANCH_CAP children");
            }
            if c < 2 || (!root && c < BRANCH_MIN) {
                fail("a root branch has two children or more, any other branch at least half");
            }
            if b.keys.len() + 1 != c || b.counts.len() != c {
                fail("a branch has one separator fewer than children, and one count per child");
            }
            if b.keys.windows(2).any(|w| w[0] >= w[1]) {
                fail("separators are strictly increasing");
            }
            if lo.is_some_and(|lo| &b.keys[0] <= lo) || hi.is_some_and(|hi| b.keys[c - 2] >= *hi) {
                fail("separators lie strictly between the separators around their branch");
            }
            let mut total = 0usize;
            for (i, child) in b.children.iter().enumerate() {
                let clo = if i == 0 { lo } else { Some(&b.keys[i - 1]) };
                let chi = if i + 1 == c { hi } else { Some(&b.keys[i]) };
                let n = check_node(child, clo, chi, false, height - 1);
                if n != b.counts[i] as usize {
                    fail("a branch's count for a child equals that child's entries");
                }
                total += n;
            }
            if total != b.len {
                fail("a branch's len is the sum of its counts");
            }
            total
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ord::node::{Branch, Node};
    use crate::OrdMap;
    use std::panic::{catch_unwind, AssertUnwindSafe};

    /// The message `check` panics with on `root`.
    fn broken(root: &Node<u32, u32>) -> String {
        let err = catch_unwind(AssertUnwindSafe(|| check(Some(root.as_ref()))))
            .expect_err("the checker accepts a broken tree");
        err.downcast_ref::<String>().cloned().unwrap_or_default()
    }

    /// A two-level tree: a root branch over leaves.
    fn tree() -> Node<u32, u32> {
        let n = (crate::ord::node::LEAF_CAP * 3) as u32;
        let map: OrdMap<u32, u32> = (0..n).map(|i| (i, i)).collect();
        let root = map.root.clone().expect("not empty");
        assert!(matches!(&root, Node::Branch(b) if b.children.is_leaves()));
        root
    }

    #[test]
    fn the_checker_names_a_count_that_disagrees_with_its_child_and_a_len_off_the_sum() {
        let mut root = tree();
        assert_eq!(check(Some(root.as_ref())), root.len());
        let Node::Branch(b) = &mut root else {
            unreachable!()
        };
        let b = triomphe::Arc::make_mut(b);
        b.counts[0] += 1;
        b.len += 1;
        assert!(broken(&root).contains("count for a child equals that child's entries"));
        let Node::Branch(b) = &mut root else {
            unreachable!()
        };
        let b = triomphe::Arc::make_mut(b);
        b.counts[0] -= 1;
        assert!(broken(&root).contains("len is the sum of its counts"));
    }

    #[test]
    fn the_checker_names_children_of_the_wrong_kind_for_the_height() {
        // A root over two branches: the first a full branch over leaves (height 1, as the root's
        // leftmost path says), the second a branch over branches standing at height 1 too.
        use crate::ord::node::{BRANCH_CAP, LEAF_CAP};
        let over_leaves = |from: u32| {
            let n = (LEAF_CAP * BRANCH_CAP) as u32;
            let map: OrdMap<u32, u32> = (from..from + n).map(|i| (i, i)).collect();
            map.root.clone().expect("not empty")
        };
        let mut wrong = Branch::new(false);
        wrong.push(None, over_leaves(10_000));
        let mut root = Branch::new(false);
        root.push(None, over_leaves(0));
        root.push(Some(10_000), Node::Branch(triomphe::Arc::new(wrong)));
        let msg = broken(&Node::Branch(triomphe::Arc::new(root)));
        assert!(msg.contains("children are leaves exactly when"), "{msg}");
    }
}
