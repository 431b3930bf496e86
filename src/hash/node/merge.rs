//! Building nodes slot by slot, normalized to canonical form: the set algebra's node layer.
//!
//! Under one hasher two tries have the same slot layout, so they are merged slot by slot; a child
//! pair that is the same node, or a child present on one side only, is reused whole instead of
//! walked. Merging a map with an edited copy of itself costs O(changes · log n). Results are built
//! in canonical form (`Builder::finish` dissolves subtrees left with fewer than two entries).

use super::bits::{bits, COLLISION_LEVEL};
use super::{subtree_without, Node, PartsMut, Slot};

/// The result of rebuilding a subtree: normalized so that a subtree never holds fewer than two
/// entries below the root.
pub(crate) enum Subtree<K, V> {
    /// Nothing left.
    Empty,
    /// A single entry, to be stored inline in the parent.
    One((K, V)),
    /// A node holding at least two entries.
    Node(Node<K, V>),
}

/// Builds a node slot by slot, in increasing slot order (used by the set algebra).
pub(crate) struct Builder<K, V> {
    level: u32,
    datamap: u32,
    nodemap: u32,
    entries: Vec<(K, V)>,
    children: Vec<Node<K, V>>,
}

impl<K, V> Builder<K, V> {
    /// An empty builder for a node at `level`.
    pub(crate) fn new(level: u32) -> Self {
        Builder {
            level,
            datamap: 0,
            nodemap: 0,
            entries: Vec::new(),
            children: Vec::new(),
        }
    }

    /// Puts `sub` in the slot marked by `bit`; slots must come in increasing order. Not for the
    /// collision level (use `push_entry`).
    pub(crate) fn push(&mut self, bit: u32, sub: Subtree<K, V>) {
        debug_assert!(self.level < COLLISION_LEVEL && bit > (self.datamap | self.nodemap));
        match sub {
            Subtree::Empty => {}
            Subtree::One(e) => {
                self.datamap |= bit;
                self.entries.push(e);
            }
            Subtree::Node(n) => {
                self.nodemap |= bit;
                self.children.push(n);
            }
        }
    }

    /// Pushes an entry at the collision level.
    pub(crate) fn push_entry(&mut self, e: (K, V)) {
        debug_assert_eq!(self.level, COLLISION_LEVEL);
        self.entries.push(e);
    }

    /// Finishes the node as a root (always a node, possibly empty).
    pub(crate) fn finish_root(self) -> Node<K, V> {
        if self.level == COLLISION_LEVEL {
            Node::collision(self.entries)
        } else {
            Node::from_parts(self.datamap, self.nodemap, self.entries, self.children)
        }
    }

    /// Finishes the node as a subtree, normalized: nothing, one entry, or a node.
    pub(crate) fn finish(mut self) -> Subtree<K, V> {
        match (self.entries.len(), self.children.len()) {
            (0, 0) => Subtree::Empty,
            (1, 0) => Subtree::One(self.entries.pop().expect("one entry")),
            _ => Subtree::Node(self.finish_root()),
        }
    }
}

/// True if the collision node `node` holds `key`.
fn collision_holds<K: Eq, V>(node: &Node<K, V>, key: &K) -> bool {
    node.entries().iter().any(|e| e.0 == *key)
}

/// A copy of the subtree `node` with every entry `e` replaced by `merge(e, e)` (same keys, so
/// the same shape).
pub(crate) fn merge_with_itself<K, V>(
    node: &Node<K, V>,
    merge: &mut impl FnMut(&(K, V), &(K, V)) -> (K, V),
    common: &mut usize,
) -> Node<K, V>
where
    K: Clone,
    V: Clone,
{
    let mut copy = node.clone();
    let PartsMut { entries, children } = copy.parts_mut();
    for e in entries.iter_mut() {
        *common += 1;
        *e = merge(e, e);
    }
    for c in children.iter_mut() {
        *c = merge_with_itself(c, merge, common);
    }
    copy
}

/// Merges `a` (from `self`) and `b` at `level`; `merge` decides the entry for a key both hold.
/// Returns the merged node and counts the keys both held in `common`. With `keep_shared`, a
/// subtree that is the same node on both sides is kept as it is (right when `merge` keeps `a`'s
/// entry); otherwise `merge` is applied to each of its entries.
pub(crate) fn union_nodes<K, V>(
    a: &Node<K, V>,
    b: &Node<K, V>,
    level: u32,
    merge: &mut impl FnMut(&(K, V), &(K, V)) -> (K, V),
    keep_shared: bool,
    hash_key: &impl Fn(&K) -> u64,
    common: &mut usize,
) -> Node<K, V>
where
    K: Eq + Clone,
    V: Clone,
{
    if Node::ptr_eq(a, b) {
        if keep_shared {
            *common += a.count();
            return a.clone();
        }
        return merge_with_itself(a, merge, common);
    }
    if b.is_empty() {
        return a.clone();
    }
    if a.is_empty() {
        return b.clone();
    }
    let mut out = Builder::new(level);
    if level == COLLISION_LEVEL {
        for ea in a.entries() {
            match b.entries().iter().find(|eb| eb.0 == ea.0) {
                Some(eb) => {
                    *common += 1;
                    out.push_entry(merge(ea, eb));
                }
                None => out.push_entry(ea.clone()),
            }
        }
        for eb in b.entries() {
            if !collision_holds(a, &eb.0) {
                out.push_entry(eb.clone());
            }
        }
        return out.finish_root();
    }
    for bit in bits(a.datamap() | a.nodemap() | b.datamap() | b.nodemap()) {
        let sub = match (a.slot(bit), b.slot(bit)) {
            (Slot::Entry(ea), Slot::Entry(eb)) => {
                if ea.0 == eb.0 {
                    *common += 1;
                    Subtree::One(merge(ea, eb))
                } else {
                    let (ha, hb) = (hash_key(&ea.0), hash_key(&eb.0));
                    Subtree::Node(Node::pair(level + 1, ea.clone(), ha, eb.clone(), hb))
                }
            }
            (Slot::Entry(ea), Slot::Child(cb)) => {
                let h = hash_key(&ea.0);
                let mut child = cb.clone();
                if let Some(eb) = cb.get(level + 1, h, &ea.0) {
                    *common += 1;
                    let merged = merge(ea, eb);
                    let place = child.get_mut(level + 1, h, &ea.0);
                    *place.expect("key found above") = merged;
                } else {
                    let (k, v) = ea.clone();
                    child.insert(level + 1, h, k, v, hash_key);
                }
                Subtree::Node(child)
            }
            (Slot::Child(ca), Slot::Entry(eb)) => {
                let h = hash_key(&eb.0);
                let mut child = ca.clone();
                if let Some(ea) = ca.get(level + 1, h, &eb.0) {
                    *common += 1;
                    let merged = merge(ea, eb);
                    let place = child.get_mut(level + 1, h, &eb.0);
                    *place.expect("key found above") = merged;
                } else {
                    let (k, v) = eb.clone();
                    child.insert(level + 1, h, k, v, hash_key);
                }
                Subtree::Node(child)
            }
            (Slot::Child(ca), Slot::Child(cb)) => Subtree::Node(union_nodes(
                ca,
                cb,
                level + 1,
                merge,
                keep_shared,
                hash_key,
                common,
            )),
            (Slot::Entry(e), Slot::Empty) | (Slot::Empty, Slot::Entry(e)) => {
                Subtree::One(e.clone())
            }
            (Slot::Child(c), Slot::Empty) | (Slot::Empty, Slot::Child(c)) => {
                Subtree::Node(c.clone())
            }
            (Slot::Empty, Slot::Empty) => unreachable!("bit comes from one of the bitmaps"),
        };
        out.push(bit, sub);
    }
    out.finish_root()
}

/// Which entries of `a` [`filter_nodes`] keeps.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keep {
    /// Those whose keys `b` holds (intersection).
    Common,
    /// Those whose keys `b` does not hold (difference).
    Absent,
}

/// The entries of `a` that `keep` selects by whether `b` holds their keys (values from `a`), as
/// a builder for the node at `level`; counts the entries of `a` dropped in `removed`.
pub(crate) fn filter_nodes<K, V>(
    a: &Node<K, V>,
    b: &Node<K, V>,
    level: u32,
    keep: Keep,
    hash_key: &impl Fn(&K) -> u64,
    removed: &mut usize,
) -> Builder<K, V>
where
    K: Eq + Clone,
    V: Clone,
{
    let common = keep == Keep::Common;
    let mut out = Builder::new(level);
    if level == COLLISION_LEVEL {
        for ea in a.entries() {
            if collision_holds(b, &ea.0) == common {
                out.push_entry(ea.clone());
            } else {
                *removed += 1;
            }
        }
        return out;
    }
    for bit in bits(a.datamap() | a.nodemap()) {
        let sub = match (a.slot(bit), b.slot(bit)) {
            (Slot::Entry(ea), sb) => {
                let in_b = match sb {
                    Slot::Entry(eb) => eb.0 == ea.0,
                    Slot::Child(cb) => cb.get(level + 1, hash_key(&ea.0), &ea.0).is_some(),
                    Slot::Empty => false,
                };
                if in_b == common {
                    Subtree::One(ea.clone())
                } else {
                    *removed += 1;
                    Subtree::Empty
                }
            }
            (Slot::Child(ca), Slot::Entry(eb)) => {
                let h = hash_key(&eb.0);
                if common {
                    let n = ca.count();
                    match ca.get(level + 1, h, &eb.0) {
                        Some(ea) => {
                            *removed += n - 1;
                            Subtree::One(ea.clone())
                        }
                        None => {
                            *removed += n;
                            Subtree::Empty
                        }
                    }
                } else {
                    let (sub, hit) = subtree_without(ca, level + 1, h, &eb.0);
                    *removed += usize::from(hit);
                    sub
                }
            }
            (Slot::Child(ca), Slot::Child(cb)) if Node::ptr_eq(ca, cb) => {
                if common {
                    Subtree::Node(ca.clone())
                } else {
                    *removed += ca.count();
                    Subtree::Empty
                }
            }
            (Slot::Child(ca), Slot::Child(cb)) => {
                filter_nodes(ca, cb, level + 1, keep, hash_key, removed).finish()
            }
            (Slot::Child(ca), Slot::Empty) => {
                if common {
                    *removed += ca.count();
                    Subtree::Empty
                } else {
                    Subtree::Node(ca.clone())
                }
            }
            (Slot::Empty, _) => unreachable!("bit comes from a's bitmaps"),
        };
        out.push(bit, sub);
    }
    out
}

/// True if every key of `a` is a key of `b` and `same(value in a, value in b)` holds for each
/// (two nodes at `level` under one hasher). A pair of subtrees that are the same node is not
/// walked (`same` must then hold for equal values: it is never called on them).
pub(crate) fn subset_nodes<K: Eq, V>(
    a: &Node<K, V>,
    b: &Node<K, V>,
    level: u32,
    hash_key: &impl Fn(&K) -> u64,
    same: &impl Fn(&V, &V) -> bool,
) -> bool {
    if Node::ptr_eq(a, b) {
        return true;
    }
    let holds = |ea: &(K, V), eb: Option<&(K, V)>| eb.is_some_and(|eb| same(&ea.1, &eb.1));
    if level == COLLISION_LEVEL {
        return a
            .entries()
            .iter()
            .all(|ea| holds(ea, b.entries().iter().find(|eb| eb.0 == ea.0)));
    }
    bits(a.datamap() | a.nodemap()).all(|bit| match (a.slot(bit), b.slot(bit)) {
        (Slot::Entry(ea), Slot::Entry(eb)) => ea.0 == eb.0 && same(&ea.1, &eb.1),
        (Slot::Entry(ea), Slot::Child(cb)) => holds(ea, cb.get(level + 1, hash_key(&ea.0), &ea.0)),
        // A child holds at least two entries (canonical form): one entry cannot hold them.
        (Slot::Child(_), Slot::Entry(_)) | (_, Slot::Empty) => false,
        (Slot::Child(ca), Slot::Child(cb)) => subset_nodes(ca, cb, level + 1, hash_key, same),
        (Slot::Empty, _) => unreachable!("bit comes from a's bitmaps"),
    })
}

/// True if `a` and `b` (two nodes at `level` under one hasher) have no key in common. Only the
/// slots both use are looked at.
pub(crate) fn disjoint_nodes<K: Eq, V>(
    a: &Node<K, V>,
    b: &Node<K, V>,
    level: u32,
    hash_key: &impl Fn(&K) -> u64,
) -> bool {
    if Node::ptr_eq(a, b) {
        return a.is_empty();
    }
    if level == COLLISION_LEVEL {
        return !a.entries().iter().any(|ea| collision_holds(b, &ea.0));
    }
    let both = (a.datamap() | a.nodemap()) & (b.datamap() | b.nodemap());
    bits(both).all(|bit| match (a.slot(bit), b.slot(bit)) {
        (Slot::Entry(ea), Slot::Entry(eb)) => ea.0 != eb.0,
        (Slot::Entry(ea), Slot::Child(cb)) => cb.get(level + 1, hash_key(&ea.0), &ea.0).is_none(),
        (Slot::Child(ca), Slot::Entry(eb)) => ca.get(level + 1, hash_key(&eb.0), &eb.0).is_none(),
        (Slot::Child(ca), Slot::Child(cb)) => disjoint_nodes(ca, cb, level + 1, hash_key),
        (Slot::Empty, _) | (_, Slot::Empty) => unreachable!("bit is in both nodes' bitmaps"),
    })
}
