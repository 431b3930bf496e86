//! Bulk construction: a whole trie from a batch of entries, bottom-up, in one pass.
//!
//! Inserting n entries one by one costs n descents and rebuilds each node once per entry it
//! gains (every resize is a new exact-size block). Here the entries are sorted into trie order
//! (the slot at level 0 most significant, then level 1, ...), so every subtree is a contiguous
//! run; each node is then allocated once, at its final size. Nodes come out of the allocator in
//! walk order, so a later iteration reads memory nearly sequentially instead of missing the cache
//! on every node.
//!
//! The result is the canonical trie for the entries (the shape one-by-one insertion gives): a run
//! of one entry is stored inline, a run of two or more becomes a child, and keys with one full
//! hash meet in a collision node at `COLLISION_LEVEL`.

use super::bits::{level_bits, slot_of, BITS, COLLISION_LEVEL};
use super::Node;

/// The hash with its per-level slots reordered so that integer order is trie order: level 0's
/// slot in the top `BITS` bits, then level 1's, ..., the last level's `LAST_LEVEL_BITS` at the
/// bottom.
#[inline]
fn trie_order(hash: u64) -> u64 {
    (0..COLLISION_LEVEL).fold(0u64, |key, level| {
        (key << level_bits(level)) | u64::from(slot_of(hash, level))
    })
}

/// The slot at `level` of the hash whose trie order is `ord` (what `slot_of` gives on the hash).
#[inline]
fn ord_slot(ord: u64, level: u32) -> u32 {
    // Bits of the order taken by levels `0..=level` (64 at the last level).
    let end = (BITS * (level + 1)).min(64);
    let mask = (1u64 << level_bits(level)) - 1;
    ((ord >> (64 - end)) & mask) as u32
}

/// Builds the trie holding `items` (each with its key's hash); returns the root and the number
/// of entries. Equal keys are merged as one-by-one insertion would: the first key is kept with
/// the last value.
///
/// Runs user code only in `K::eq` (on keys with equal hashes); if it panics, the items are
/// dropped and nothing leaks.
pub(crate) fn build<K: Eq, V>(mut items: Vec<(u64, (K, V))>) -> (Node<K, V>, usize) {
    // From here on each item carries its trie order in place of its hash (a bijection: equal
    // hashes, equal orders). Stable sort: equal keys stay in input order, so "last value wins"
    // can be applied below.
    for it in &mut items {
        it.0 = trie_order(it.0);
    }
    items.sort_by_key(|it| it.0);
    let (hashes, entries) = dedup(items);
    let len = entries.len();
    let mut entries = entries.into_iter();
    let root = if hashes.is_empty() {
        Node::empty()
    } else {
        node(0, &hashes, &mut entries)
    };
    debug_assert!(entries.next().is_none());
    (root, len)
}

/// Splits sorted items into trie orders and entries, merging equal keys (which have equal hashes and
/// so sit in one run).
fn dedup<K: Eq, V>(items: Vec<(u64, (K, V))>) -> (Vec<u64>, Vec<(K, V)>) {
    let mut hashes: Vec<u64> = Vec::with_capacity(items.len());
    let mut entries: Vec<(K, V)> = Vec::with_capacity(items.len());
    // Entries from `run_start` on share the current hash.
    let mut run_start = 0;
    for (hash, (k, v)) in items {
        if hashes.last() != Some(&hash) {
            run_start = entries.len();
        } else if let Some(old) = entries[run_start..].iter_mut().find(|e| e.0 == k) {
            old.1 = v;
            continue;
        }
        hashes.push(hash);
        entries.push((k, v));
    }
    (hashes, entries)
}

/// The node at `level` holding the entries whose (sorted, distinct-key) trie orders are `hashes`
/// (two or more, or any number at the root); takes them from `entries` in order.
fn node<K, V>(
    level: u32,
    hashes: &[u64],
    entries: &mut impl Iterator<Item = (K, V)>,
) -> Node<K, V> {
    if level == COLLISION_LEVEL {
        return Node::collision(entries.take(hashes.len()).collect());
    }
    let (mut datamap, mut nodemap) = (0u32, 0u32);
    let mut rest = hashes;
    while let Some(&first) = rest.first() {
        let slot = ord_slot(first, level);
        let run = rest.partition_point(|&h| ord_slot(h, level) == slot);
        if run == 1 {
            datamap |= 1 << slot;
        } else {
            nodemap |= 1 << slot;
        }
        rest = &rest[run..];
    }
    let mut own = Vec::with_capacity(datamap.count_ones() as usize);
    let mut children = Vec::with_capacity(nodemap.count_ones() as usize);
    let mut rest = hashes;
    while let Some(&first) = rest.first() {
        let slot = ord_slot(first, level);
        let run = rest.partition_point(|&h| ord_slot(h, level) == slot);
        if run == 1 {
            own.push(entries.next().expect("an entry per hash"));
        } else {
            children.push(node(level + 1, &rest[..run], entries));
        }
        rest = &rest[run..];
    }
    Node::from_parts(datamap, nodemap, own, children)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id_hash(k: &u64) -> u64 {
        *k
    }

    #[test]
    fn trie_order_sorts_by_level_slots() {
        // Level 0's slot decides first, whatever the higher bits say.
        assert!(trie_order(1) > trie_order(u64::MAX << 5));
        assert!(trie_order(1 << 5) > trie_order(1 << 10));
        assert_eq!(trie_order(0), 0);
        assert_eq!(trie_order(u64::MAX), u64::MAX);
        for h in [0x0123_4567_89AB_CDEF_u64, u64::MAX, 1 << 63, 31 << 55] {
            for level in 0..COLLISION_LEVEL {
                assert_eq!(ord_slot(trie_order(h), level), slot_of(h, level));
            }
        }
    }

    #[test]
    fn bulk_build_equals_one_by_one_insertion() {
        for n in [0usize, 1, 2, 3, 33, 1000, 5000] {
            let keys: Vec<u64> = (0..n as u64)
                .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
                .collect();
            let mut one_by_one = Node::empty();
            for &k in &keys {
                one_by_one.insert(0, k, k, k + 1, &id_hash);
            }
            let (bulk, len) = build(keys.iter().map(|&k| (k, (k, k + 1))).collect());
            assert_eq!(len, n);
            assert_eq!(bulk.check(0, 0, true, &id_hash), n);
            assert!(
                super::super::nodes_equal(&bulk, &one_by_one, 0),
                "same contents, same shape ({n} keys)"
            );
        }
    }

    #[test]
    fn bulk_build_merges_duplicates_and_fills_collision_nodes() {
        // Keys 0..40 share one full hash (a collision node); each key appears three times.
        let h = |_: &u64| 0xABCD_u64 << 20;
        let mut items = Vec::new();
        for round in 0..3u64 {
            for k in 0..40u64 {
                items.push((h(&k), (k, round * 100 + k)));
            }
        }
        let (root, len) = build(items);
        assert_eq!(len, 40);
        assert_eq!(root.check(0, 0, true, &h), 40);
        for k in 0..40u64 {
            assert_eq!(
                root.get(0, h(&k), &k),
                Some(&(k, 200 + k)),
                "last value wins"
            );
        }
    }
}
