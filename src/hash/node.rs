//! CHAMP nodes: bitmap arithmetic, look-up, path-copying insert and remove, canonical form.
//!
//! A node at level `l < COLLISION_LEVEL` branches on bits `5l..5l+5` of the 64-bit hash (the last
//! branching level, 12, sees only the 4 remaining bits). It has two bitmaps: `datamap` marks the
//! slots holding an entry inline, `nodemap` the slots holding a child node; the two never overlap.
//! Entries and children sit in dense arrays, sorted by slot, sized exactly to what they hold.
//!
//! A node at `COLLISION_LEVEL` (13) is a collision node: every key below it has the same full hash
//! (all 64 bits were consumed on the way down). It has empty bitmaps and an unordered entry list.
//!
//! Canonical form: below the root, no subtree holds fewer than two entries. A remove that leaves a
//! child with a single entry pulls that entry up into the parent (recursively), so equal contents
//! give equal shapes under one hasher, which structural equality and diff rely on.
//!
//! Nothing here is public; the API layer (`map.rs`, `set.rs`, `iter.rs`, `diff.rs`) goes through the
//! functions below and never touches the fields.

use std::borrow::Borrow;
use std::mem;

use triomphe::Arc;

use crate::sharing::HeapNode;

/// Bits of hash consumed per level.
const BITS: u32 = 5;
/// The level of collision nodes: levels `0..=12` consume all 64 hash bits (12 × 5 + 4).
pub(crate) const COLLISION_LEVEL: u32 = 13;
/// Maximum number of nodes on a root-to-leaf path (levels 0 to 13).
pub(crate) const MAX_DEPTH: usize = COLLISION_LEVEL as usize + 1;

/// The 5-bit slot of `hash` at `level` (the last branching level yields only 4 bits).
#[inline]
pub(crate) fn slot_of(hash: u64, level: u32) -> u32 {
    debug_assert!(level < COLLISION_LEVEL);
    ((hash >> (BITS * level)) & 31) as u32
}

/// The bitmap bit of `hash` at `level`.
#[inline]
pub(crate) fn bit_of(hash: u64, level: u32) -> u32 {
    1 << slot_of(hash, level)
}

/// Position in a dense array of the slot marked by `bit`: the number of set bits below it.
#[inline]
pub(crate) fn index_of(bitmap: u32, bit: u32) -> usize {
    (bitmap & (bit - 1)).count_ones() as usize
}

/// The hash bits consumed above `level` (the path prefix every key below a node at `level` shares).
#[inline]
fn prefix_mask(level: u32) -> u64 {
    let bits = BITS * level;
    if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    }
}

/// Inserts `value` at `idx` in an exact-size boxed slice (one reallocation, no clone).
fn box_insert<T>(slice: &mut Box<[T]>, idx: usize, value: T) {
    let mut v = mem::take(slice).into_vec();
    v.reserve_exact(1);
    v.insert(idx, value);
    *slice = v.into_boxed_slice();
}

/// Removes the element at `idx` from an exact-size boxed slice.
fn box_remove<T>(slice: &mut Box<[T]>, idx: usize) -> T {
    let mut v = mem::take(slice).into_vec();
    let value = v.remove(idx);
    *slice = v.into_boxed_slice();
    value
}

/// A shared handle on a node.
pub(crate) type NodeRef<K, V> = Arc<Node<K, V>>;

/// One trie node (a branch node or, at `COLLISION_LEVEL`, a collision node).
#[derive(Clone)]
pub(crate) struct Node<K, V> {
    datamap: u32,
    nodemap: u32,
    entries: Box<[(K, V)]>,
    children: Box<[NodeRef<K, V>]>,
}

impl<K, V> Default for Node<K, V> {
    fn default() -> Self {
        Node {
            datamap: 0,
            nodemap: 0,
            entries: Box::default(),
            children: Box::default(),
        }
    }
}

/// The result of rebuilding a subtree: normalized so that a subtree never holds fewer than two
/// entries below the root.
pub(crate) enum Sub<K, V> {
    /// Nothing left.
    Empty,
    /// A single entry, to be stored inline in the parent.
    One((K, V)),
    /// A node holding at least two entries.
    Node(NodeRef<K, V>),
}

/// Builds a node slot by slot, in increasing slot order (used by the set algebra).
pub(crate) struct Builder<K, V> {
    level: u32,
    datamap: u32,
    nodemap: u32,
    entries: Vec<(K, V)>,
    children: Vec<NodeRef<K, V>>,
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

    /// Puts `sub` in the slot marked by `bit`; slots must come in increasing order. At the
    /// collision level `bit` is ignored and only entries may be pushed.
    pub(crate) fn push(&mut self, bit: u32, sub: Sub<K, V>) {
        debug_assert!(self.level == COLLISION_LEVEL || bit > (self.datamap | self.nodemap));
        match sub {
            Sub::Empty => {}
            Sub::One(e) => {
                if self.level < COLLISION_LEVEL {
                    self.datamap |= bit;
                }
                self.entries.push(e);
            }
            Sub::Node(n) => {
                debug_assert!(self.level < COLLISION_LEVEL);
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
    pub(crate) fn finish_root(self) -> NodeRef<K, V> {
        Arc::new(Node {
            datamap: self.datamap,
            nodemap: self.nodemap,
            entries: self.entries.into_boxed_slice(),
            children: self.children.into_boxed_slice(),
        })
    }

    /// Finishes the node as a subtree, normalized: nothing, one entry, or a node.
    pub(crate) fn finish(mut self) -> Sub<K, V> {
        match (self.entries.len(), self.children.len()) {
            (0, 0) => Sub::Empty,
            (1, 0) => Sub::One(self.entries.pop().expect("one entry")),
            _ => Sub::Node(self.finish_root()),
        }
    }
}

/// What a node holds in one slot.
pub(crate) enum Slot<'a, K, V> {
    /// Nothing.
    Empty,
    /// An inline entry.
    Entry(&'a (K, V)),
    /// A child node.
    Child(&'a NodeRef<K, V>),
}

/// Each set bit of `bitmap`, as a one-bit mask, in increasing order.
pub(crate) fn bits(bitmap: u32) -> impl Iterator<Item = u32> {
    let mut rest = bitmap;
    std::iter::from_fn(move || {
        if rest == 0 {
            None
        } else {
            let bit = rest & rest.wrapping_neg();
            rest &= rest - 1;
            Some(bit)
        }
    })
}

impl<K, V> Node<K, V> {
    /// Bitmap of the slots holding an inline entry.
    #[inline]
    pub(crate) fn datamap(&self) -> u32 {
        self.datamap
    }

    /// Bitmap of the slots holding a child node.
    #[inline]
    pub(crate) fn nodemap(&self) -> u32 {
        self.nodemap
    }

    /// The inline entries, in slot order (unordered in a collision node).
    #[inline]
    pub(crate) fn entries(&self) -> &[(K, V)] {
        &self.entries
    }

    /// The child nodes, in slot order.
    #[inline]
    pub(crate) fn children(&self) -> &[NodeRef<K, V>] {
        &self.children
    }

    /// Entries and children, mutably (values may change; keys and shape must not).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub(crate) fn parts_mut(&mut self) -> (&mut [(K, V)], &mut [NodeRef<K, V>]) {
        (&mut self.entries, &mut self.children)
    }

    /// Takes the node's entries and children out, leaving it empty.
    #[allow(clippy::type_complexity)]
    pub(crate) fn take_parts(&mut self) -> (Vec<(K, V)>, Vec<NodeRef<K, V>>) {
        self.datamap = 0;
        self.nodemap = 0;
        (
            mem::take(&mut self.entries).into_vec(),
            mem::take(&mut self.children).into_vec(),
        )
    }

    /// What the slot marked by `bit` holds (not for collision nodes).
    #[inline]
    pub(crate) fn slot(&self, bit: u32) -> Slot<'_, K, V> {
        if self.datamap & bit != 0 {
            Slot::Entry(&self.entries[index_of(self.datamap, bit)])
        } else if self.nodemap & bit != 0 {
            Slot::Child(&self.children[index_of(self.nodemap, bit)])
        } else {
            Slot::Empty
        }
    }

    /// True if the node holds nothing.
    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.children.is_empty()
    }

    /// The entry for `key`, whose hash is `hash`, below this node (at `level`).
    #[inline]
    pub(crate) fn get<Q>(&self, level: u32, hash: u64, key: &Q) -> Option<&(K, V)>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        let mut node = self;
        let mut level = level;
        loop {
            if level == COLLISION_LEVEL {
                return node.entries.iter().find(|e| e.0.borrow() == key);
            }
            let bit = bit_of(hash, level);
            if node.datamap & bit != 0 {
                let e = &node.entries[index_of(node.datamap, bit)];
                return if e.0.borrow() == key { Some(e) } else { None };
            }
            if node.nodemap & bit == 0 {
                return None;
            }
            node = &node.children[index_of(node.nodemap, bit)];
            level += 1;
        }
    }

    /// Visits every entry below this node (recursive, depth ≤ 14).
    pub(crate) fn for_each<'a>(&'a self, f: &mut impl FnMut(&'a (K, V))) {
        self.entries.iter().for_each(&mut *f);
        for c in self.children.iter() {
            c.for_each(f);
        }
    }

    /// Number of entries below this node (walks the subtree).
    pub(crate) fn count(&self) -> usize {
        self.entries.len() + self.children.iter().map(|c| c.count()).sum::<usize>()
    }

    /// A subtree holding exactly the two entries `a` (hash `ha`) and `b` (hash `hb`), rooted at
    /// `level`. Keys must differ.
    pub(crate) fn pair(level: u32, a: (K, V), ha: u64, b: (K, V), hb: u64) -> Node<K, V> {
        let mut node = Node::default();
        node.place_pair(level, a, ha, b, hb);
        node
    }

    /// Fills this empty node (at `level`) with the two entries `a` and `b`, adding the chain of
    /// single-child nodes down to the level where their hashes part; returns `b`'s place.
    /// Runs no user code.
    fn place_pair(&mut self, level: u32, a: (K, V), ha: u64, b: (K, V), hb: u64) -> &mut (K, V) {
        debug_assert!(self.is_empty());
        let mut node = self;
        let mut level = level;
        loop {
            if level == COLLISION_LEVEL {
                node.entries = vec![a, b].into_boxed_slice();
                return &mut node.entries[1];
            }
            let (sa, sb) = (slot_of(ha, level), slot_of(hb, level));
            if sa != sb {
                node.datamap = (1 << sa) | (1 << sb);
                return if sa < sb {
                    node.entries = vec![a, b].into_boxed_slice();
                    &mut node.entries[1]
                } else {
                    node.entries = vec![b, a].into_boxed_slice();
                    &mut node.entries[0]
                };
            }
            node.nodemap = 1 << sa;
            node.children = vec![Arc::new(Node::default())].into_boxed_slice();
            node = Arc::get_mut(&mut node.children[0]).expect("a new node is unique");
            level += 1;
        }
    }

    /// If this node holds exactly one entry and no child, takes that entry out (leaving the node
    /// empty) so the parent can store it inline.
    fn take_single(&mut self) -> Option<(K, V)> {
        if self.entries.len() == 1 && self.children.is_empty() {
            self.datamap = 0;
            mem::take(&mut self.entries).into_vec().pop()
        } else {
            None
        }
    }

    /// Stores `entry` inline in the empty slot `bit`.
    fn insert_entry(&mut self, bit: u32, entry: (K, V)) {
        debug_assert_eq!((self.datamap | self.nodemap) & bit, 0);
        let idx = index_of(self.datamap, bit);
        box_insert(&mut self.entries, idx, entry);
        self.datamap |= bit;
    }

    /// Removes the inline entry in slot `bit`.
    fn remove_entry(&mut self, bit: u32) -> (K, V) {
        let idx = index_of(self.datamap, bit);
        self.datamap &= !bit;
        box_remove(&mut self.entries, idx)
    }

    /// Stores `child` in the empty slot `bit`.
    fn insert_child(&mut self, bit: u32, child: NodeRef<K, V>) {
        debug_assert_eq!((self.datamap | self.nodemap) & bit, 0);
        let idx = index_of(self.nodemap, bit);
        box_insert(&mut self.children, idx, child);
        self.nodemap |= bit;
    }

    /// Removes the child in slot `bit`.
    fn remove_child(&mut self, bit: u32) -> NodeRef<K, V> {
        let idx = index_of(self.nodemap, bit);
        self.nodemap &= !bit;
        box_remove(&mut self.children, idx)
    }
}

impl<K: Clone, V: Clone> Node<K, V> {
    /// The entry for `key` below this node, mutably; copies every shared node on the path.
    ///
    /// Call it only when the key is known to be present, or nodes are copied for nothing.
    pub(crate) fn get_mut<Q>(&mut self, level: u32, hash: u64, key: &Q) -> Option<&mut (K, V)>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        let mut node = self;
        let mut level = level;
        loop {
            if level == COLLISION_LEVEL {
                return node.entries.iter_mut().find(|e| e.0.borrow() == key);
            }
            let bit = bit_of(hash, level);
            if node.datamap & bit != 0 {
                let e = &mut node.entries[index_of(node.datamap, bit)];
                return if e.0.borrow() == key { Some(e) } else { None };
            }
            if node.nodemap & bit == 0 {
                return None;
            }
            node = Arc::make_mut(&mut node.children[index_of(node.nodemap, bit)]);
            level += 1;
        }
    }

    /// Inserts `key → value` (hash `hash`) below this node at `level`; returns the entry now
    /// holding the key and the old value if the key was present (the stored key is kept, as in
    /// std). `hash_key` re-hashes a stored key when two keys must be split into a subtree.
    ///
    /// Panic safety: user code (`Eq`, `hash_key`, `Clone` via `make_mut`) runs before the node it
    /// concerns is changed, so a panic leaves the trie as it was (some nodes possibly copied).
    pub(crate) fn insert(
        &mut self,
        level: u32,
        hash: u64,
        key: K,
        value: V,
        hash_key: &impl Fn(&K) -> u64,
    ) -> (&mut (K, V), Option<V>)
    where
        K: Eq,
    {
        let mut node = self;
        let mut level = level;
        loop {
            if level == COLLISION_LEVEL {
                if let Some(i) = node.entries.iter().position(|e| e.0 == key) {
                    let e = &mut node.entries[i];
                    let old = mem::replace(&mut e.1, value);
                    return (e, Some(old));
                }
                let len = node.entries.len();
                box_insert(&mut node.entries, len, (key, value));
                return (&mut node.entries[len], None);
            }
            let bit = bit_of(hash, level);
            if node.datamap & bit != 0 {
                let idx = index_of(node.datamap, bit);
                if node.entries[idx].0 == key {
                    let e = &mut node.entries[idx];
                    let old = mem::replace(&mut e.1, value);
                    return (e, Some(old));
                }
                // Hash the resident key before changing anything: it may panic.
                let other_hash = hash_key(&node.entries[idx].0);
                let other = node.remove_entry(bit);
                node.insert_child(bit, Arc::new(Node::default()));
                let child = &mut node.children[index_of(node.nodemap, bit)];
                let child = Arc::get_mut(child).expect("a new node is unique");
                let e = child.place_pair(level + 1, other, other_hash, (key, value), hash);
                return (e, None);
            }
            if node.nodemap & bit == 0 {
                node.insert_entry(bit, (key, value));
                let idx = index_of(node.datamap, bit);
                return (&mut node.entries[idx], None);
            }
            node = Arc::make_mut(&mut node.children[index_of(node.nodemap, bit)]);
            level += 1;
        }
    }

    /// Removes `key` (hash `hash`) from below this node at `level`, keeping canonical form.
    ///
    /// Call it only when the key is known to be present, or nodes are copied for nothing.
    pub(crate) fn remove<Q>(&mut self, level: u32, hash: u64, key: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        if level == COLLISION_LEVEL {
            let idx = self.entries.iter().position(|e| e.0.borrow() == key)?;
            return Some(box_remove(&mut self.entries, idx));
        }
        let bit = bit_of(hash, level);
        if self.datamap & bit != 0 {
            let idx = index_of(self.datamap, bit);
            return if self.entries[idx].0.borrow() == key {
                Some(self.remove_entry(bit))
            } else {
                None
            };
        }
        if self.nodemap & bit == 0 {
            return None;
        }
        let child = Arc::make_mut(&mut self.children[index_of(self.nodemap, bit)]);
        let removed = child.remove(level + 1, hash, key)?;
        // Canonical form: a child left with a single entry is dissolved into this node.
        if let Some(single) = child.take_single() {
            self.remove_child(bit);
            self.insert_entry(bit, single);
        }
        Some(removed)
    }
}

/// The subtree `node` (at `level`) without `key`, normalized; the original is left alone (the
/// path to the key is copied if shared).
pub(crate) fn subtree_without<K, V, Q>(
    node: &NodeRef<K, V>,
    level: u32,
    hash: u64,
    key: &Q,
) -> (Sub<K, V>, bool)
where
    K: Clone + Borrow<Q>,
    V: Clone,
    Q: Eq + ?Sized,
{
    if node.get(level, hash, key).is_none() {
        return (Sub::Node(node.clone()), false);
    }
    let mut copy = node.clone();
    let n = Arc::make_mut(&mut copy);
    n.remove(level, hash, key);
    let sub = if let Some(single) = n.take_single() {
        Sub::One(single)
    } else if n.is_empty() {
        Sub::Empty
    } else {
        Sub::Node(copy)
    };
    (sub, true)
}

/// What `Node::check` found wrong, as a message naming the invariant.
fn fail(what: &str, level: u32) -> ! {
    panic!("cowtree HashMap invariant broken at level {level}: {what}")
}

impl<K: Eq, V> Node<K, V> {
    /// Checks this subtree's invariants; `prefix` holds the hash bits of the path to it. Returns the
    /// number of entries below it.
    ///
    /// # Panics
    /// With a message naming the broken invariant.
    pub(crate) fn check(
        &self,
        level: u32,
        prefix: u64,
        is_root: bool,
        hash_key: &impl Fn(&K) -> u64,
    ) -> usize {
        if level == COLLISION_LEVEL {
            if self.datamap != 0 || self.nodemap != 0 || !self.children.is_empty() {
                fail("collision node has bitmaps or children", level);
            }
            if self.entries.len() < 2 {
                fail("collision node holds fewer than two entries", level);
            }
            for (i, e) in self.entries.iter().enumerate() {
                if hash_key(&e.0) != prefix {
                    fail(
                        "key in collision node does not have the path's full hash",
                        level,
                    );
                }
                if self.entries[..i].iter().any(|o| o.0 == e.0) {
                    fail("duplicate key in collision node", level);
                }
            }
            return self.entries.len();
        }
        if self.datamap & self.nodemap != 0 {
            fail("datamap and nodemap overlap", level);
        }
        if self.datamap.count_ones() as usize != self.entries.len() {
            fail("datamap popcount differs from entry count", level);
        }
        if self.nodemap.count_ones() as usize != self.children.len() {
            fail("nodemap popcount differs from child count", level);
        }
        let mask = prefix_mask(level);
        for e in self.entries.iter() {
            let h = hash_key(&e.0);
            if h & mask != prefix {
                fail("key is not on its hash path", level);
            }
            let bit = bit_of(h, level);
            if self.datamap & bit == 0
                || !std::ptr::eq(&self.entries[index_of(self.datamap, bit)], e)
            {
                fail("entry is not in the slot of its hash", level);
            }
        }
        let mut total = self.entries.len();
        let mut map = self.nodemap;
        for child in self.children.iter() {
            let slot = map.trailing_zeros();
            map &= map - 1;
            let child_prefix = prefix | (u64::from(slot) << (BITS * level));
            let n = child.check(level + 1, child_prefix, false, hash_key);
            total += n;
        }
        if !is_root && total < 2 {
            fail(
                "subtree below the root holds fewer than two entries (not canonical)",
                level,
            );
        }
        total
    }
}

impl<K, V> HeapNode for &NodeRef<K, V> {
    fn addr(&self) -> usize {
        Arc::as_ptr(self) as usize
    }

    fn bytes(&self) -> usize {
        // The Arc allocation (reference count + node) and the two exact-size arrays.
        mem::size_of::<usize>()
            + mem::size_of::<Node<K, V>>()
            + mem::size_of_val::<[(K, V)]>(&self.entries)
            + mem::size_of_val::<[NodeRef<K, V>]>(&self.children)
    }

    fn children(&self, out: &mut Vec<Self>) {
        out.extend(self.children.iter());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id_hash(k: &u64) -> u64 {
        *k
    }

    fn build(keys: &[u64], hash: &impl Fn(&u64) -> u64) -> Node<u64, u64> {
        let mut root = Node::default();
        for &k in keys {
            assert_eq!(
                root.insert(0, hash(&k), k, k.wrapping_mul(10), hash).1,
                None
            );
        }
        root
    }

    #[test]
    fn bitmap_helpers() {
        assert_eq!(index_of(0b1011_0000, 1 << 4), 0);
        assert_eq!(index_of(0b1011_0000, 1 << 5), 1);
        assert_eq!(index_of(0b1011_0000, 1 << 7), 2);
        assert_eq!(index_of(u32::MAX, 1 << 31), 31);
        assert_eq!(slot_of(0b11111_00001, 0), 1);
        assert_eq!(slot_of(0b11111_00001, 1), 31);
        // The last branching level sees the top 4 bits only.
        assert_eq!(slot_of(u64::MAX, 12), 15);
        assert_eq!(slot_of(1 << 63, 12), 8);
        assert_eq!(bit_of(3 << 5, 1), 1 << 3);
        assert_eq!(prefix_mask(0), 0);
        assert_eq!(prefix_mask(2), 0b11_1111_1111);
        assert_eq!(prefix_mask(13), u64::MAX);
    }

    #[test]
    fn insert_get_remove_and_canonical_form() {
        let keys: Vec<u64> = (0..2000u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        let mut root = build(&keys, &id_hash);
        assert_eq!(root.check(0, 0, true, &id_hash), keys.len());
        for &k in &keys {
            assert_eq!(root.get(0, k, &k), Some(&(k, k.wrapping_mul(10))));
        }
        // Remove all but two keys; the shape must equal a trie built from those two alone.
        for &k in &keys[2..] {
            assert_eq!(root.remove(0, k, &k), Some((k, k.wrapping_mul(10))));
            root.check(0, 0, true, &id_hash);
        }
        let fresh = build(&keys[..2], &id_hash);
        assert_eq!(root.datamap, fresh.datamap);
        assert_eq!(root.nodemap, fresh.nodemap);
        assert_eq!(
            root.children.len(),
            0,
            "subtrees were pulled up into the root"
        );
    }

    #[test]
    fn deep_paths_pull_up_recursively() {
        // Two keys sharing their low 60 bits sit at level 12; removing one pulls the other to the root.
        let a = 0x0FFF_FFFF_FFFF_FFFF;
        let b = a | (1 << 63);
        let c = 5;
        let mut root = build(&[a, b, c], &id_hash);
        assert_eq!(root.check(0, 0, true, &id_hash), 3);
        let mut depth = 0;
        let mut n = &root;
        while let Some(child) = n.children.first() {
            n = child;
            depth += 1;
        }
        assert_eq!(depth, 12);
        assert_eq!(n.entries.len(), 2);
        assert_eq!(root.remove(0, b, &b), Some((b, b.wrapping_mul(10))));
        root.check(0, 0, true, &id_hash);
        assert!(root.children.is_empty());
        assert_eq!(root.entries.len(), 2);
    }

    #[test]
    fn collision_nodes_at_full_depth() {
        // Keys are distinct but all hash to the same 64 bits.
        let h = |_: &u64| 0xDEAD_BEEF_u64 << 30;
        let keys: Vec<u64> = (0..50).collect();
        let mut root = build(&keys, &h);
        assert_eq!(root.check(0, 0, true, &h), 50);
        let mut depth = 0;
        let mut n = &root;
        while let Some(child) = n.children.first() {
            n = child;
            depth += 1;
        }
        assert_eq!(depth, COLLISION_LEVEL as usize);
        assert_eq!(n.entries.len(), 50);
        for &k in &keys {
            assert_eq!(root.get(0, h(&k), &k), Some(&(k, k.wrapping_mul(10))));
        }
        assert_eq!(root.get(0, h(&0), &99), None);
        assert_eq!(root.insert(0, h(&7), 7, 1, &h).1, Some(70));
        for &k in &keys[1..] {
            root.remove(0, h(&k), &k).unwrap();
            root.check(0, 0, true, &h);
        }
        assert!(
            root.children.is_empty(),
            "the last entry was pulled up to the root"
        );
        assert_eq!(&*root.entries, &[(0, 0)]);
    }

    #[test]
    fn depth_exhausted_hashes_differing_in_top_bit() {
        // Hashes equal in the low 63 bits: they part only at the last branching level (12).
        let base = 0x1234_5678_9ABC_DEF0 & !(1 << 63);
        let keys = [base, base | 1 << 63, base | 1 << 62, base | 1 << 61];
        let root = build(&keys, &id_hash);
        assert_eq!(root.check(0, 0, true, &id_hash), 4);
        let mut n = &root;
        let mut depth = 0;
        while n.entries.is_empty() {
            n = &n.children[0];
            depth += 1;
        }
        assert_eq!(depth, 12);
        assert_eq!(n.entries.len(), 4);
        for k in keys {
            assert!(root.get(0, k, &k).is_some());
        }
    }

    #[test]
    fn shared_nodes_are_copied_not_changed() {
        let keys: Vec<u64> = (0..500u64)
            .map(|i| i.wrapping_mul(0x517C_C1B7_2722_0A95))
            .collect();
        let mut root = Arc::new(build(&keys, &id_hash));
        let snapshot = root.clone();
        Arc::make_mut(&mut root).remove(0, keys[3], &keys[3]);
        assert!(snapshot.get(0, keys[3], &keys[3]).is_some());
        assert!(root.get(0, keys[3], &keys[3]).is_none());
        snapshot.check(0, 0, true, &id_hash);
        root.check(0, 0, true, &id_hash);
    }
}
