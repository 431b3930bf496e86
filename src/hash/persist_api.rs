//! The node-layer interface that `crate::persist` uses (behind the `persist` feature): walk a node
//! (identity, bitmaps, entries, children) and build one from parts the caller has validated. The
//! persist adapter (`src/persist/hash.rs`) touches the trie only through this file, so a change of
//! node layout is fixed here.

use super::map::HashMap;
use super::node;
use super::set::HashSet;
use triomphe::Arc;

/// An owned handle on a trie node (one reference count).
pub(crate) use super::node::Node;

/// The level of collision nodes (all 64 hash bits consumed above it).
pub(crate) const COLLISION_LEVEL: u32 = node::COLLISION_LEVEL;

/// Bitmap bits usable at `level` (the last branching level sees only 4 hash bits).
pub(crate) fn slots_mask(level: u32) -> u32 {
    if level + 1 == COLLISION_LEVEL {
        0xffff
    } else {
        u32::MAX
    }
}

/// The bitmap bit of `hash` at `level < COLLISION_LEVEL`.
pub(crate) fn bit_of(hash: u64, level: u32) -> u32 {
    node::bit_of(hash, level)
}

/// The hash prefix of the child in slot `slot` of a node at `level` with prefix `prefix`.
pub(crate) fn child_prefix(prefix: u64, level: u32, slot: u32) -> u64 {
    prefix | (u64::from(slot) << (5 * level))
}

/// The hash bits consumed above `level`.
pub(crate) fn prefix_mask(level: u32) -> u64 {
    let bits = 5 * level;
    if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    }
}

/// What one node holds.
pub(crate) enum View<'a, K, V> {
    /// A branching node: bitmaps, entries in slot order, children in slot order.
    Branch {
        datamap: u32,
        nodemap: u32,
        entries: &'a [(K, V)],
        children: &'a [Node<K, V>],
    },
    /// A collision node: entries (all of one full hash), in no order.
    Collision { entries: &'a [(K, V)] },
}

/// What `node` holds.
pub(crate) fn view<K, V>(node: &Node<K, V>) -> View<'_, K, V> {
    let (datamap, nodemap) = (node.datamap(), node.nodemap());
    let entries = node.entries();
    if datamap == 0 && nodemap == 0 && !entries.is_empty() {
        View::Collision { entries }
    } else {
        View::Branch {
            datamap,
            nodemap,
            entries,
            children: node.children(),
        }
    }
}

/// The node's address: equal for two handles on one node, unique among live nodes.
pub(crate) fn addr<K, V>(node: &Node<K, V>) -> usize {
    node.addr()
}

/// A branching node from validated parts (array lengths equal to the bitmaps' popcounts).
pub(crate) fn branch<K, V>(
    datamap: u32,
    nodemap: u32,
    entries: Vec<(K, V)>,
    children: Vec<Node<K, V>>,
) -> Node<K, V> {
    Node::from_parts(datamap, nodemap, entries, children)
}

/// A collision node from validated entries (at least two, one full hash, distinct keys).
pub(crate) fn collision<K, V>(entries: Vec<(K, V)>) -> Node<K, V> {
    Node::collision(entries)
}

/// A map's root, length and hasher.
pub(crate) fn parts<K, V, S>(map: &HashMap<K, V, S>) -> (&Node<K, V>, usize, &S) {
    (&map.root, map.len, &map.hasher)
}

/// A map from a validated root holding `len` entries placed by `hasher`.
pub(crate) fn from_parts<K, V, S>(root: Node<K, V>, len: usize, hasher: S) -> HashMap<K, V, S> {
    HashMap {
        root,
        len,
        hasher: Arc::new(hasher),
    }
}

/// The map inside a set.
pub(crate) fn set_map<T, S>(set: &HashSet<T, S>) -> &HashMap<T, (), S> {
    &set.map
}

/// A set around a map.
pub(crate) fn set_from_map<T, S>(map: HashMap<T, (), S>) -> HashSet<T, S> {
    HashSet { map }
}
