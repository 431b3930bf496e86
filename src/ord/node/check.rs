//! The invariant checker: walks every node and panics naming the first broken invariant.

use super::{Node, BRANCH_CAP, BRANCH_MIN, LEAF_CAP, LEAF_MIN};

/// Checks the whole tree: keys sorted within and across nodes, separators right, fill bounds, all
/// leaves at one depth, subtree counts; returns the number of entries. O(n).
///
/// # Panics
/// If an invariant is broken, with a message naming it.
pub(crate) fn check<K: Ord, V>(root: Option<&Node<K, V>>) -> usize {
    let mut leaf_depth = None;
    match root {
        None => 0,
        Some(r) => check_node(r, None, None, true, 0, &mut leaf_depth),
    }
}

fn fail(what: &str) -> ! {
    panic!("cowtree OrdMap invariant broken: {what}")
}

fn check_node<K: Ord, V>(
    node: &Node<K, V>,
    lo: Option<&K>,
    hi: Option<&K>,
    root: bool,
    depth: usize,
    leaf_depth: &mut Option<usize>,
) -> usize {
    match node {
        Node::Leaf(l) => {
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
            match *leaf_depth {
                None => *leaf_depth = Some(depth),
                Some(d) if d != depth => fail("all leaves are at one depth"),
                Some(_) => {}
            }
            l.len()
        }
        Node::Branch(b) => {
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
            let mut total = 0;
            for (i, child) in b.children.iter().enumerate() {
                let clo = if i == 0 { lo } else { Some(&b.keys[i - 1]) };
                let chi = if i + 1 == c { hi } else { Some(&b.keys[i]) };
                let n = check_node(child, clo, chi, false, depth + 1, leaf_depth);
                if n != b.counts[i] {
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
