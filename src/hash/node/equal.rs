//! Structural equality of two tries under one hasher: canonical form gives equal contents equal
//! shapes, so two nodes are compared slot by slot and a shared subtree is equal without a walk.

use super::{Node, COLLISION_LEVEL};

/// True if two nodes at the same place (`level`) of two tries built with one hasher hold the same
/// entries. Relies on canonical form: equal contents give equal bitmaps.
pub(crate) fn nodes_equal<K: Eq, V: PartialEq>(a: &Node<K, V>, b: &Node<K, V>, level: u32) -> bool {
    if Node::ptr_eq(a, b) {
        return true;
    }
    if level == COLLISION_LEVEL {
        return a.entries().len() == b.entries().len()
            && a.entries()
                .iter()
                .all(|ea| b.entries().iter().any(|eb| eb.0 == ea.0 && eb.1 == ea.1));
    }
    a.datamap() == b.datamap()
        && a.nodemap() == b.nodemap()
        && a.entries() == b.entries()
        && a.children()
            .iter()
            .zip(b.children().iter())
            .all(|(ca, cb)| nodes_equal(ca, cb, level + 1))
}
