//! Look-up and edits of one key: `get`, `get_mut`, `insert`, `remove` (path copying, canonical
//! form kept on the way back up), and the two-entry subtree an insert builds when two keys meet.

use std::borrow::Borrow;

use super::bits::{bit_of, index_of, slot_of, COLLISION_LEVEL};
use super::cpu::popcnt_dispatch;
use super::{Node, PartsMut, Subtree};

/// Cache lines of a node asked for at once on a descent (see `Node::prefetch_lines`): enough for
/// a typical inner node at 1M entries (5 to 7 lines); the figures are in benches/README.md,
/// "Choices measured".
pub(super) const PREFETCH_LINES: usize = 4;

/// `old`, once the duplicate `key` an insert keeps out of the map is dropped.
///
/// The key is dropped here, while `old` is still a local: a `Drop` of the key that panics then
/// drops `old` on the way out. Left to the end of `insert`, the key would be dropped after the
/// return value was built, and a panic there leaks that value (rust-lang/rust#47949).
#[inline(always)]
fn old_value<K, V>(old: V, key: K) -> V {
    drop(key);
    old
}

impl<K, V> Node<K, V> {
    popcnt_dispatch! {
        /// The entry for `key`, whose hash is `hash`, below this node (at `level`).
        fn get / get_popcnt / get_portable => get_body<Q>
            (&self) (level: u32, hash: u64, key: &Q) -> Option<&(K, V)>
            where [K: Borrow<Q>, Q: Eq + ?Sized]
    }

    #[inline(always)]
    pub(super) fn get_body<Q>(&self, level: u32, hash: u64, key: &Q) -> Option<&(K, V)>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        self.descend::<PREFETCH_LINES, Q>(level, hash, key)
    }

    /// `get_body`, asking for the first `LINES` cache lines of each node it steps into (see
    /// `PREFETCH_LINES`). `LINES = 0` is for a trie known to fit in cache: there the
    /// prefetches only cost (`get_many` on 1,000 to 30,000 keys: 14-20% faster without).
    #[inline(always)]
    pub(super) fn descend<const LINES: usize, Q>(
        &self,
        level: u32,
        hash: u64,
        key: &Q,
    ) -> Option<&(K, V)>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        let mut node = self;
        let mut level = level;
        loop {
            if level == COLLISION_LEVEL {
                return node.entries().iter().find(|e| e.0.borrow() == key);
            }
            let bit = bit_of(hash, level);
            let (datamap, nodemap) = node.raw_maps();
            if datamap & bit != 0 {
                let e = &node.entries()[index_of(datamap, bit)];
                return if e.0.borrow() == key { Some(e) } else { None };
            }
            if nodemap & bit == 0 {
                return None;
            }
            node = &node.children()[index_of(nodemap, bit)];
            node.prefetch_lines(LINES);
            level += 1;
        }
    }

    /// A subtree holding exactly the two entries `a` (hash `ha`) and `b` (hash `hb`), rooted at
    /// `level`: single-child nodes down to the level where the hashes part. Keys must differ. Runs
    /// no user code.
    pub(crate) fn pair(level: u32, a: (K, V), ha: u64, b: (K, V), hb: u64) -> Self {
        if level == COLLISION_LEVEL {
            return Node::from_arrays(2, 2, [a, b], []);
        }
        let (sa, sb) = (slot_of(ha, level), slot_of(hb, level));
        if sa == sb {
            let child = Node::pair(level + 1, a, ha, b, hb);
            Node::from_arrays(0, 1 << sa, [], [child])
        } else {
            let entries = if sa < sb { [a, b] } else { [b, a] };
            Node::from_arrays((1 << sa) | (1 << sb), 0, entries, [])
        }
    }
}

impl<K: Clone, V: Clone> Node<K, V> {
    /// Entries and children, mutably, after copying this node if it is shared (values may
    /// change; keys and shape must not).
    pub(crate) fn parts_mut(&mut self) -> PartsMut<'_, K, V> {
        self.make_unique();
        self.parts_mut_unique()
    }

    /// The entry on `hash`'s path below this freshly built, unique subtree; in a collision node,
    /// the one at `collision_index`.
    fn entry_on_path_mut(&mut self, level: u32, hash: u64, collision_index: usize) -> &mut (K, V) {
        let mut node = self;
        let mut level = level;
        loop {
            if level == COLLISION_LEVEL {
                return &mut node.parts_mut_unique().entries[collision_index];
            }
            let bit = bit_of(hash, level);
            let (datamap, nodemap) = node.raw_maps();
            if datamap & bit != 0 {
                return &mut node.parts_mut_unique().entries[index_of(datamap, bit)];
            }
            node = &mut node.parts_mut_unique().children[index_of(nodemap, bit)];
            level += 1;
        }
    }

    popcnt_dispatch! {
        /// The entry for `key` below this node, mutably; copies every shared node on the path.
        ///
        /// One descent: from the first shared node on, the rest of the path is checked (a
        /// read-only `get`) before anything is copied, so a missing key copies nothing.
        fn get_mut / get_mut_popcnt / get_mut_portable => get_mut_body<Q>
            (&mut self) (level: u32, hash: u64, key: &Q) -> Option<&mut (K, V)>
            where [K: Borrow<Q>, Q: Eq + ?Sized]
    }

    #[inline(always)]
    fn get_mut_body<Q>(&mut self, level: u32, hash: u64, key: &Q) -> Option<&mut (K, V)>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        let mut node = self;
        let mut level = level;
        let mut present = false;
        loop {
            if !present && !node.is_unique() {
                // A shared node is about to be copied: make sure the copy is not for nothing.
                node.get_body(level, hash, key)?;
                present = true;
            }
            node.make_unique();
            if level == COLLISION_LEVEL {
                return node
                    .parts_mut_unique()
                    .entries
                    .iter_mut()
                    .find(|e| e.0.borrow() == key);
            }
            let bit = bit_of(hash, level);
            let (datamap, nodemap) = node.raw_maps();
            if datamap & bit != 0 {
                let e = &mut node.parts_mut_unique().entries[index_of(datamap, bit)];
                return if e.0.borrow() == key { Some(e) } else { None };
            }
            if nodemap & bit == 0 {
                return None;
            }
            node = &mut node.parts_mut_unique().children[index_of(nodemap, bit)];
            node.prefetch_lines(PREFETCH_LINES);
            level += 1;
        }
    }

    popcnt_dispatch! {
        /// Inserts `key → value` (hash `hash`) below this node at `level`; returns the entry now
        /// holding the key and the old value if the key was present (the stored key is kept, as in
        /// std). `hash_key` re-hashes a stored key when two keys must be split into a subtree.
        ///
        /// Panic safety: user code (`Eq`, `hash_key`, `Clone` via `make_unique`) runs before the node
        /// it concerns is changed, so a panic leaves the trie as it was (some nodes possibly copied).
        fn insert / insert_popcnt / insert_portable => insert_body<>
            (&mut self) (level: u32, hash: u64, key: K, value: V, hash_key: &impl Fn(&K) -> u64)
            -> (&mut (K, V), Option<V>)
            where [K: Eq]
    }

    #[inline(always)]
    fn insert_body(
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
                node.make_unique_for_insert();
                if let Some(i) = node.entries().iter().position(|e| e.0 == key) {
                    let e = &mut node.parts_mut_unique().entries[i];
                    let old = std::mem::replace(&mut e.1, value);
                    return (e, Some(old_value(old, key)));
                }
                let len = node.entries().len();
                let count = u32::try_from(len + 1).expect("collision node size");
                node.insert_entry_at(count, count, len, (key, value));
                return (&mut node.parts_mut_unique().entries[len], None);
            }
            let bit = bit_of(hash, level);
            let (datamap, nodemap) = node.raw_maps();
            if (datamap | nodemap) & bit == 0 {
                // The key goes into this node: a shared node's copy gets room for it.
                node.make_unique_for_insert();
                let idx = index_of(datamap, bit);
                node.insert_entry_at(datamap | bit, nodemap, idx, (key, value));
                return (&mut node.parts_mut_unique().entries[idx], None);
            }
            node.make_unique();
            if datamap & bit != 0 {
                let idx = index_of(datamap, bit);
                if node.entries()[idx].0 == key {
                    let e = &mut node.parts_mut_unique().entries[idx];
                    let old = std::mem::replace(&mut e.1, value);
                    return (e, Some(old_value(old, key)));
                }
                // Hash the resident key before changing anything: it may panic.
                let other_hash = hash_key(&node.entries()[idx].0);
                let cidx = index_of(nodemap, bit);
                node.entry_to_child(datamap ^ bit, nodemap | bit, idx, cidx, |other| {
                    Node::pair(level + 1, other, other_hash, (key, value), hash)
                });
                let child = &mut node.parts_mut_unique().children[cidx];
                return (child.entry_on_path_mut(level + 1, hash, 1), None);
            }
            node = &mut node.parts_mut_unique().children[index_of(nodemap, bit)];
            node.prefetch_lines(PREFETCH_LINES);
            level += 1;
        }
    }

    /// One level of `remove`; `present` says the key is known to be below; `recurse` removes
    /// from the child on the key's path.
    #[inline(always)]
    pub(super) fn remove_step<Q>(
        &mut self,
        level: u32,
        hash: u64,
        key: &Q,
        mut present: bool,
        recurse: impl FnOnce(&mut Self, bool) -> Option<(K, V)>,
    ) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        if !present && !self.is_unique() {
            // A shared node is about to be copied: make sure the copy is not for nothing.
            self.get_body(level, hash, key)?;
            present = true;
        }
        self.make_unique();
        if level == COLLISION_LEVEL {
            let idx = self.entries().iter().position(|e| e.0.borrow() == key)?;
            let count = u32::try_from(self.entries().len() - 1).expect("collision node size");
            return Some(self.remove_entry_at(count, count, idx));
        }
        let bit = bit_of(hash, level);
        let (datamap, nodemap) = self.raw_maps();
        if datamap & bit != 0 {
            let idx = index_of(datamap, bit);
            return if self.entries()[idx].0.borrow() == key {
                Some(self.remove_entry_at(datamap ^ bit, nodemap, idx))
            } else {
                None
            };
        }
        if nodemap & bit == 0 {
            return None;
        }
        let cidx = index_of(nodemap, bit);
        let child = &mut self.parts_mut_unique().children[cidx];
        child.prefetch_lines(PREFETCH_LINES);
        let removed = recurse(child, present)?;
        // Canonical form: a child left with a single entry is dissolved into this node.
        let child = &self.children()[cidx];
        if child.entries().len() == 1 && child.children().is_empty() {
            let eidx = index_of(datamap, bit);
            self.dissolve_child(datamap | bit, nodemap ^ bit, cidx, eidx);
        }
        Some(removed)
    }
}

/// The subtree `node` (at `level`) without `key`, normalized; the original is left alone (the
/// path to the key is copied if shared). Also says whether the key was there.
pub(crate) fn subtree_without<K, V, Q>(
    node: &Node<K, V>,
    level: u32,
    hash: u64,
    key: &Q,
) -> (Subtree<K, V>, bool)
where
    K: Clone + Borrow<Q>,
    V: Clone,
    Q: Eq + ?Sized,
{
    // `copy` shares the node, so `remove` looks before it copies anything.
    let mut copy = node.clone();
    if copy.remove(level, hash, key).is_none() {
        return (Subtree::Node(copy), false);
    }
    if copy.is_empty() {
        return (Subtree::Empty, true);
    }
    if copy.entries().len() == 1 && copy.children().is_empty() {
        return match copy.try_into_single() {
            Ok(e) => (Subtree::One(e), true),
            Err(shared) => (Subtree::One(shared.entries()[0].clone()), true),
        };
    }
    (Subtree::Node(copy), true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::node::Parts;

    fn id_hash(k: &u64) -> u64 {
        *k
    }

    fn build(keys: &[u64], hash: &impl Fn(&u64) -> u64) -> Node<u64, u64> {
        let mut root = Node::empty();
        for &k in keys {
            assert_eq!(
                root.insert(0, hash(&k), k, k.wrapping_mul(10), hash).1,
                None
            );
        }
        root
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
        assert_eq!(root.datamap(), fresh.datamap());
        assert_eq!(root.nodemap(), fresh.nodemap());
        assert_eq!(
            root.children().len(),
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
        while let Some(child) = n.children().first() {
            n = child;
            depth += 1;
        }
        assert_eq!(depth, 12);
        assert_eq!(n.entries().len(), 2);
        assert_eq!(root.remove(0, b, &b), Some((b, b.wrapping_mul(10))));
        root.check(0, 0, true, &id_hash);
        assert!(root.children().is_empty());
        assert_eq!(root.entries().len(), 2);
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
        while let Some(child) = n.children().first() {
            n = child;
            depth += 1;
        }
        assert_eq!(depth, COLLISION_LEVEL as usize);
        assert_eq!(n.entries().len(), 50);
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
            root.children().is_empty(),
            "the last entry was pulled up to the root"
        );
        assert_eq!(root.entries(), &[(0, 0)]);
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
        while n.entries().is_empty() {
            n = &n.children()[0];
            depth += 1;
        }
        assert_eq!(depth, 12);
        assert_eq!(n.entries().len(), 4);
        for k in keys {
            assert!(root.get(0, k, &k).is_some());
        }
    }

    #[test]
    fn shared_nodes_are_copied_not_changed() {
        let keys: Vec<u64> = (0..500u64)
            .map(|i| i.wrapping_mul(0x517C_C1B7_2722_0A95))
            .collect();
        let mut root = build(&keys, &id_hash);
        let snapshot = root.clone();
        root.remove(0, keys[3], &keys[3]);
        assert!(snapshot.get(0, keys[3], &keys[3]).is_some());
        assert!(root.get(0, keys[3], &keys[3]).is_none());
        snapshot.check(0, 0, true, &id_hash);
        root.check(0, 0, true, &id_hash);
    }

    #[test]
    fn layout_handles_wide_alignment_and_zero_sized_entries() {
        // u128 entries are 16-aligned: the entry array must start on a 16-byte boundary even
        // when the child array (8 bytes each) would end between two.
        let h = |k: &u128| (*k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut root: Node<u128, u128> = Node::empty();
        for k in 0..3000u128 {
            root.insert(0, h(&k), k, k << 64, &h);
        }
        assert_eq!(root.check(0, 0, true, &h), 3000);
        let mut stack = vec![&root];
        while let Some(n) = stack.pop() {
            assert_eq!(n.entries().as_ptr() as usize % 16, 0, "misaligned entries");
            stack.extend(n.children());
        }
        for k in 0..3000u128 {
            assert_eq!(root.get(0, h(&k), &k), Some(&(k, k << 64)));
        }
        // Zero-sized entries: one key, unit value, the set of `()`.
        let unit = |_: &()| 42u64;
        let mut root: Node<(), ()> = Node::empty();
        assert_eq!(root.insert(0, 42, (), (), &unit).1, None);
        assert_eq!(root.insert(0, 42, (), (), &unit).1, Some(()));
        assert_eq!(root.check(0, 0, true, &unit), 1);
        assert_eq!(root.remove(0, 42, &()), Some(((), ())));
        assert!(root.is_empty());
    }

    #[test]
    fn owned_heap_values_are_moved_and_dropped_once() {
        // Strings own heap memory: a double drop or a leak shows under AddressSanitizer.
        // 12 hash bits for 500 keys: deep paths and a few collision nodes.
        let h = |k: &String| {
            use std::hash::{Hash, Hasher};
            let mut s = std::collections::hash_map::DefaultHasher::new();
            k.hash(&mut s);
            s.finish() & 0xFFF
        };
        let mut root: Node<String, String> = Node::empty();
        let keys: Vec<String> = (0..500).map(|i| format!("key{i}")).collect();
        for k in &keys {
            root.insert(0, h(k), k.clone(), k.repeat(2), &h);
        }
        let snapshot = root.clone();
        for k in keys.iter().step_by(3) {
            assert_eq!(
                root.remove(0, h(k), k.as_str()).map(|e| e.1),
                Some(k.repeat(2))
            );
        }
        root.check(0, 0, true, &h);
        snapshot.check(0, 0, true, &h);
        assert_eq!(snapshot.count(), 500);
        let Parts { entries, children } = snapshot.try_into_parts().ok().expect("unique");
        assert!(!entries.is_empty() || !children.is_empty());
    }

    #[test]
    fn nodes_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Node<String, Vec<u8>>>();
    }
}
