//! The invariant checker of the trie (`HashMap::check_invariants` calls it on the root).

use super::bits::{bit_of, bits, index_of, prefix_mask, BITS, COLLISION_LEVEL};
use super::Node;

/// What `check` found wrong, as a message naming the invariant.
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
        if let Some(what) = self.block_fault() {
            fail(what, level);
        }
        let entries = self.entries();
        if level == COLLISION_LEVEL {
            if !self.is_collision() || !self.children().is_empty() {
                fail("node at full depth is not a collision node", level);
            }
            if entries.len() < 2 {
                fail("collision node holds fewer than two entries", level);
            }
            for (i, e) in entries.iter().enumerate() {
                if hash_key(&e.0) != prefix {
                    fail(
                        "key in collision node does not have the path's full hash",
                        level,
                    );
                }
                if entries[..i].iter().any(|o| o.0 == e.0) {
                    fail("duplicate key in collision node", level);
                }
            }
            return entries.len();
        }
        if self.is_collision() {
            fail("collision node above full depth", level);
        }
        let (datamap, nodemap) = self.raw_maps();
        if datamap.count_ones() as usize != entries.len() {
            fail("datamap popcount differs from entry count", level);
        }
        if nodemap.count_ones() as usize != self.children().len() {
            fail("nodemap popcount differs from child count", level);
        }
        let mask = prefix_mask(level);
        for (i, e) in entries.iter().enumerate() {
            let h = hash_key(&e.0);
            if h & mask != prefix {
                fail("key is not on its hash path", level);
            }
            let bit = bit_of(h, level);
            if datamap & bit == 0 || index_of(datamap, bit) != i {
                fail("entry is not in the slot of its hash", level);
            }
        }
        let mut total = entries.len();
        for (child, bit) in self.children().iter().zip(bits(nodemap)) {
            let slot = bit.trailing_zeros();
            let child_prefix = prefix | (u64::from(slot) << (BITS * level));
            total += child.check(level + 1, child_prefix, false, hash_key);
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
