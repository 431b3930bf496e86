//! The tree of `m` copies of one full leaf ([`Vector::repeat`](crate::Vector::repeat)), sharing
//! every full subtree: O(log m) nodes for any `m`.

use super::node::{Branch, Leaf, Node};
use super::{Tree, B};
use triomphe::Arc;

/// Builds a dense tree of `m >= 1` copies of the full leaf `leaf`, sharing every full subtree.
///
/// The height is the smallest whose full subtree holds `m` leaves, and only the full subtrees
/// below it are built (plus the whole tree when it is exactly full): a full subtree of that
/// height may hold more than `usize::MAX` elements, and its size sum would overflow.
pub(crate) fn repeat_tree<T>(leaf: Arc<Leaf<T>>, m: usize) -> Tree<T> {
    debug_assert!(m >= 1);
    // The smallest height whose full subtree holds at least `m` leaves, and whether it holds
    // exactly `m` (B^height, computed without overflow: B^(height - 1) < m).
    let mut height = 0;
    let mut cap = Some(1usize);
    while cap.is_some_and(|c| c < m) {
        cap = cap.and_then(|c| c.checked_mul(B));
        height += 1;
    }
    let exactly_full = cap == Some(m);
    // fulls[h] is a full subtree of height h (B^h leaves), built from B copies of fulls[h - 1].
    let top = if exactly_full { height } else { height - 1 };
    let mut fulls: Vec<Node<T>> = vec![Node::Leaf(leaf)];
    for h in 1..=top {
        let f = fulls[h - 1].clone();
        let b = Branch::from_nodes(std::iter::repeat_n(f, B), h);
        fulls.push(Node::Branch(Arc::new(b)));
    }
    /// The subtree of height `h` holding `m` leaves, `B^(h - 1) < m <= B^h` at the top call and
    /// `m < B^h` below it.
    fn build<T>(fulls: &[Node<T>], h: usize, m: usize) -> Node<T> {
        if h == 0 {
            return fulls[0].clone();
        }
        if h < fulls.len() && B.checked_pow(h as u32) == Some(m) {
            return fulls[h].clone();
        }
        let per_child = B.pow(h as u32 - 1); // leaves per child; at most m
        let (q, r) = (m / per_child, m % per_child);
        let mut nodes: Vec<Node<T>> = std::iter::repeat_n(fulls[h - 1].clone(), q).collect();
        if r > 0 {
            nodes.push(build(fulls, h - 1, r));
        }
        Node::Branch(Arc::new(Branch::from_nodes(nodes, h)))
    }
    let root = build(&fulls, height, m);
    Tree::from_root(root, height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeat_tree_shares_full_subtrees() {
        let l: Arc<Leaf<u8>> = Arc::new(std::iter::repeat_n(7u8, B).collect());
        for m in [1, 2, B - 1, B, B + 1, B * B, B * B + 1, 1000] {
            let t = repeat_tree(l.clone(), m);
            t.check();
            assert_eq!(t.len, m * B);
            assert_eq!(*t.get(m * B - 1), 7);
        }
    }

    #[test]
    fn repeat_tree_of_the_most_leaves_a_length_allows() {
        let l: Arc<Leaf<u8>> = Arc::new(std::iter::repeat_n(7u8, B).collect());
        for m in [usize::MAX / B, usize::MAX / B - 1, (usize::MAX / B) / B + 1] {
            let t = repeat_tree(l.clone(), m);
            t.check();
            assert_eq!(t.len, m * B);
            assert_eq!(*t.get(m * B - 1), 7);
            // The smallest height whose full subtree holds m leaves.
            let mut need = 0;
            while B.checked_pow(need as u32).is_some_and(|c| c < m) {
                need += 1;
            }
            assert_eq!(t.height, need, "{m} leaves");
        }
    }
}
