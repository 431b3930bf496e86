//! Batched look-ups: many descents in flight at once, so that their memory misses overlap.
//!
//! A single look-up in a trie is a chain of dependent loads: the address of each node is known only
//! once its parent has arrived. Independent look-ups need not wait for each other, though, so
//! `Lookups` keeps `IN_FLIGHT` of them in a ring and advances each by one step per round: a step
//! reads a node that was prefetched a round earlier, picks the child (or the entry) on the key's
//! path and prefetches it (a child's first `PREFETCH_LINES` lines: its bitmaps and the child
//! pointers the next step reads; with its first line only, that read was a second, serial miss:
//! 62-72 ns a key at 1,000,000 entries against 56-63 with four), and moves on to the next look-up while that line arrives. This is
//! asynchronous memory access chaining (Kocberber et al., "Asynchronous Memory Access Chaining",
//! VLDB 2015), with the state of each descent in a small struct instead of a coroutine
//! (Psaropoulos et al., "Interleaving with Coroutines", PVLDB 2017). Results come out in the order
//! of the keys: the ring is a FIFO, and the oldest look-up is yielded as soon as it is done.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{BuildHasher, Hash};

use super::bits::{bit_of, index_of, COLLISION_LEVEL};
use super::cpu::popcnt_dispatch;
use super::edit::PREFETCH_LINES;
use super::Node;

/// Look-ups kept in flight: enough to cover a miss (~100 ns) with the steps of the others (a few
/// ns each), few enough that their lines stay in L1 (32 look-ups of up to 4 lines each: 8 KiB).
/// Measured at 1,000,000 entries, every key in random order (best of 15, loaded machine): 16 in
/// flight gave 61-65 ns a key, 32 gave 56-61; no change at 1,000 or 100,000.
const IN_FLIGHT: usize = 32;

/// Where one look-up stands.
enum State<'a, K, V> {
    /// The next step reads this node (prefetched), at this level.
    At(&'a Node<K, V>, u32),
    /// The next step compares the key of this entry (prefetched).
    Compare(&'a (K, V)),
    /// Finished.
    Done(Option<&'a (K, V)>),
}

impl<K, V> Clone for State<'_, K, V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K, V> Copy for State<'_, K, V> {}

/// One look-up in flight.
struct Probe<'a, 'k, K, V, Q: ?Sized> {
    key: &'k Q,
    hash: u64,
    state: State<'a, K, V>,
}

impl<K, V, Q: ?Sized> Clone for Probe<'_, '_, K, V, Q> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K, V, Q: ?Sized> Copy for Probe<'_, '_, K, V, Q> {}

impl<'a, K, V, Q> Probe<'a, '_, K, V, Q>
where
    K: Borrow<Q>,
    Q: Eq + ?Sized,
{
    /// Advances this look-up by one node (or one key comparison); prefetches what the next step
    /// will read.
    #[inline(always)]
    fn step(&mut self) {
        self.state = match self.state {
            State::At(node, level) => {
                if level == COLLISION_LEVEL {
                    State::Done(node.entries().iter().find(|e| e.0.borrow() == self.key))
                } else {
                    let bit = bit_of(self.hash, level);
                    let (datamap, nodemap) = node.raw_maps();
                    if datamap & bit != 0 {
                        let e = &node.entries()[index_of(datamap, bit)];
                        Node::prefetch_entry(e);
                        State::Compare(e)
                    } else if nodemap & bit != 0 {
                        let child = &node.children()[index_of(nodemap, bit)];
                        child.prefetch_lines(PREFETCH_LINES);
                        State::At(child, level + 1)
                    } else {
                        State::Done(None)
                    }
                }
            }
            State::Compare(e) => State::Done((e.0.borrow() == self.key).then_some(e)),
            done @ State::Done(_) => done,
        }
    }
}

/// The entries for a sequence of keys, looked up `IN_FLIGHT` at a time; yields one
/// `Option<&(K, V)>` per key, in the order of the keys.
pub(crate) struct Lookups<'a, 'k, K, V, Q: ?Sized, I, S> {
    root: &'a Node<K, V>,
    keys: I,
    hasher: &'a S,
    ring: [Option<Probe<'a, 'k, K, V, Q>>; IN_FLIGHT],
    /// Ring position of the oldest look-up.
    head: usize,
    /// Look-ups in the ring (from `head` on, wrapping).
    len: usize,
    /// No ring: each key is looked up alone, without prefetching (the trie fits in cache, so
    /// there are few misses to overlap and the ring's bookkeeping would only cost).
    direct: bool,
}

/// Bytes of trie below which `Lookups` looks keys up one at a time (`direct`), with no
/// prefetching. Measured with `u64 -> u64` (about 28 bytes of nodes an entry), 100,000 keys in
/// random order, ns a key, one at a time / ring: 17.4 / 22.7 at 100,000 entries, 20.9 / 25.2 at
/// 200,000 (5.6 MB). At 300,000 (8.4 MB) the ring won (29 against 39) when each round
/// alternated with look-ups in a std `HashMap`, and lost (27.5 against `get`'s 22.2) when it ran
/// alone with the trie warm in the last-level cache; at 600,000 and up it wins either way (38
/// against 47 alone, 46 against 90 at 1,000,000). The crossover is where the trie outgrows what
/// it gets of the last-level cache. Dropping the prefetches from the one-at-a-time look-ups took
/// 1,000 entries from 6.9 to 5.9 ns a key and 30,000 from 18.0 to 14.9 (level with `get`): in
/// cache they only cost.
pub(crate) const DIRECT_BYTES: usize = 6 << 20;

impl<K, V, Q: ?Sized, I, S> fmt::Debug for Lookups<'_, '_, K, V, Q, I, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lookups")
            .field("in_flight", &self.len)
            .finish_non_exhaustive()
    }
}

impl<'a, 'k, K, V, Q, I, S> Lookups<'a, 'k, K, V, Q, I, S>
where
    K: Borrow<Q>,
    Q: Hash + Eq + ?Sized + 'k,
    I: Iterator<Item = &'k Q>,
    S: BuildHasher,
{
    /// Look-ups of `keys` below `root` (a root, at level 0), hashed with `hasher`; `entries`
    /// is how many entries are below `root`, and decides whether a ring pays (`DIRECT_BYTES`).
    pub(crate) fn new(root: &'a Node<K, V>, keys: I, hasher: &'a S, entries: usize) -> Self {
        // About what the trie's nodes take an entry: the entry and a share of the child
        // pointers and headers.
        let bytes = entries.saturating_mul(std::mem::size_of::<(K, V)>() + 12);
        let mut lookups = Lookups {
            root,
            keys,
            hasher,
            ring: [None; IN_FLIGHT],
            head: 0,
            len: 0,
            direct: bytes < DIRECT_BYTES,
        };
        while !lookups.direct
            && lookups.len < IN_FLIGHT
            && lookups.start((lookups.head + lookups.len) % IN_FLIGHT)
        {
            lookups.len += 1;
        }
        lookups
    }

    /// Starts the next key's look-up in ring position `at`, with its first step (the root is
    /// hot); false if there are no more keys.
    #[inline(always)]
    fn start(&mut self, at: usize) -> bool {
        let Some(key) = self.keys.next() else {
            self.ring[at] = None;
            return false;
        };
        let mut probe = Probe {
            key,
            hash: self.hasher.hash_one(key),
            state: State::At(self.root, 0),
        };
        probe.step();
        self.ring[at] = Some(probe);
        true
    }

    /// Upper and lower bound of the look-ups left.
    pub(crate) fn size_hint(&self) -> (usize, Option<usize>) {
        let (lo, hi) = self.keys.size_hint();
        (
            lo.saturating_add(self.len),
            hi.and_then(|h| h.checked_add(self.len)),
        )
    }

    popcnt_dispatch! {
        /// The entry for the next key (in key order), or `None` once every key is answered.
        fn next_entry / next_entry_popcnt / next_entry_portable => next_entry_body<>
            (&mut self) () -> Option<Option<&'a (K, V)>>
            where []
    }

    #[inline(always)]
    fn next_entry_body(&mut self) -> Option<Option<&'a (K, V)>> {
        if self.direct {
            let key = self.keys.next()?;
            return Some(self.root.descend::<0, Q>(0, self.hasher.hash_one(key), key));
        }
        if self.len == 0 {
            return None;
        }
        loop {
            if let Some(Probe {
                state: State::Done(found),
                ..
            }) = self.ring[self.head]
            {
                let at = self.head;
                self.head = (self.head + 1) % IN_FLIGHT;
                // The freed position becomes the ring's last: refill it with the next key.
                if !self.start(at) {
                    self.len -= 1;
                }
                return Some(found);
            }
            // One round: every look-up in flight moves one step down.
            for i in 0..self.len {
                if let Some(p) = &mut self.ring[(self.head + i) % IN_FLIGHT] {
                    p.step();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hashes a `u64` key to itself, masked (few bits: deep paths and collision nodes).
    struct Masked(u64);

    impl BuildHasher for Masked {
        type Hasher = MaskedHasher;
        fn build_hasher(&self) -> MaskedHasher {
            MaskedHasher(0, self.0)
        }
    }

    struct MaskedHasher(u64, u64);

    impl std::hash::Hasher for MaskedHasher {
        fn finish(&self) -> u64 {
            self.0 & self.1
        }
        fn write(&mut self, _: &[u8]) {
            unreachable!("only u64 keys")
        }
        fn write_u64(&mut self, n: u64) {
            self.0 = n;
        }
    }

    /// Both modes (the ring, forced by a huge entry count, and single look-ups) against `get`,
    /// for present and absent keys in a shuffled order, under full, few-bit, high-bit and
    /// constant hashes.
    #[test]
    fn lookups_answer_in_key_order_in_both_modes() {
        for mask in [u64::MAX, 0xF, 0xFFF << 52, 0] {
            for n in [0u64, 1, 2, 5, 17, 100, 3000] {
                if mask == 0 && n > 300 {
                    continue; // one collision node: quadratic, and 300 already covers it
                }
                let hasher = Masked(mask);
                let mut root = Node::empty();
                let keys: Vec<u64> = (0..n)
                    .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
                    .collect();
                for &k in &keys {
                    root.insert(0, k & mask, k, !k, &|k: &u64| k & mask);
                }
                // Present and absent keys interleaved, more than fit in flight, shuffled.
                let mut probes: Vec<u64> = keys.iter().flat_map(|&k| [k, k ^ 1]).collect();
                let mut x = 0x2545_F491_4F6C_DD1Du64;
                for i in (1..probes.len()).rev() {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    probes.swap(i, (x % (i as u64 + 1)) as usize);
                }
                let want: Vec<Option<&(u64, u64)>> =
                    probes.iter().map(|k| root.get(0, k & mask, k)).collect();
                for entries in [usize::MAX, 0] {
                    let mut l = Lookups::new(&root, probes.iter(), &hasher, entries);
                    assert_eq!(l.direct, entries == 0);
                    assert_eq!(l.size_hint(), (probes.len(), Some(probes.len())));
                    let got: Vec<_> = std::iter::from_fn(|| l.next_entry()).collect();
                    assert_eq!(got, want, "mask {mask:#x}, {n} keys, ring {}", !l.direct);
                }
            }
        }
    }
}
