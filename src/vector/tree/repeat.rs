//! The tree of `m` copies of one full leaf ([`Vector::repeat`](crate::Vector::repeat)), sharing
//! every full subtree: O(log m) nodes for any `m`.

use super::node::{Branch, Leaf, Node};
use super::{Tree, B};
use triomphe::Arc;

/// Builds a dense tree of `m >= 1` copies of the full leaf `leaf`, sharing every full subtree.
pub(crate) fn repeat_tree<T>(leaf: Arc<Leaf<T>>, m: usize) -> Tree<T> {
    debug_assert!(m >= 1);
    // The smallest height whose full subtree holds at least `m` leaves.
    let mut height = 0;
    let mut cap = 1usize;
    while cap < m {
        cap = cap.saturating_mul(B);
        height += 1;
    }
    // fulls[h] is a full subtree of height h, built from B copies of fulls[h - 1].
    let mut fulls: Vec<Node<T>> = vec![Node::Leaf(leaf)];
    for h in 1..=height {
        let f = fulls[h - 1].clone();
        let b = Branch::from_nodes(std::iter::repeat(f).take(B), h);
        fulls.push(Node::Branch(Arc::new(b)));
    }
    // Now B^height >= m, and height is the smallest such (or 0 when m == 1).
    fn build<T>(fulls: &[Node<T>], h: usize, m: usize) -> Node<T> {
        if h == 0 {
            return fulls[0].clone();
        }
        let per_child = B.saturating_pow(h as u32 - 1); // leaves per child
        if m == per_child.saturating_mul(B) {
            return fulls[h].clone();
        }
        let q = m / per_child;
        let r = m % per_child;
        let mut nodes: Vec<Node<T>> = std::iter::repeat(fulls[h - 1].clone()).take(q).collect();
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
        let l: Arc<Leaf<u8>> = Arc::new(std::iter::repeat(7u8).take(B).collect());
        for m in [1, 2, B - 1, B, B + 1, B * B, B * B + 1, 1000] {
            let t = repeat_tree(l.clone(), m);
            t.check();
            assert_eq!(t.len, m * B);
            assert_eq!(*t.get(m * B - 1), 7);
        }
    }
}
