//! Code shared by every benchmark binary: seeded data, the common hasher, the contenders'
//! adapters, a counting allocator type and the quick-timing loop.
//!
//! Each binary includes this with `mod common;`; not every binary uses every item.
#![allow(dead_code)]

pub mod alloc;
pub mod map_adapters;
pub mod measure;
pub mod ord_adapters;
pub mod report;
pub mod vector_adapters;

use std::time::{Duration, Instant};

/// Seed of every key, value and index stream.
pub const SEED: u64 = 0x5eed_c0de_2026_0001;

/// The one `BuildHasher` every map uses, so only the structures differ.
pub type Hasher = foldhash::fast::FixedState;

/// A fresh copy of the shared hasher (fixed seed: same hashes in every run and every contender).
pub fn hasher() -> Hasher {
    foldhash::fast::FixedState::with_seed(0x00c0_ffee)
}

/// Sizes benchmarked by default.
pub const SIZES: [usize; 3] = [1_000, 100_000, 1_000_000];

/// Sizes to run: `SIZES`, or the comma-separated list in the environment variable `var`
/// (e.g. `COWTREE_REPORT_SIZES=1000000`).
pub fn sizes_from_env(var: &str) -> Vec<usize> {
    match std::env::var(var) {
        Ok(s) if !s.trim().is_empty() => s
            .split(',')
            .map(|x| {
                x.trim()
                    .replace('_', "")
                    .parse()
                    .unwrap_or_else(|_| panic!("{var}: `{x}` is not a size"))
            })
            .collect(),
        _ => SIZES.to_vec(),
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny seeded generator, good enough for bench data.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator for stream `stream` of the bench seed.
    pub fn new(stream: u64) -> Self {
        SplitMix64(SEED ^ stream.wrapping_mul(0xa076_1d64_78bd_642f))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (multiply-shift; bias is negligible for bench sizes).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// `n` random numbers.
    pub fn take(&mut self, n: usize) -> Vec<u64> {
        (0..n).map(|_| self.next_u64()).collect()
    }
}

/// Number of random lookups / sets timed per repetition.
pub const PROBES: usize = 100_000;
/// Number of clone + write steps in the snapshot loops.
pub const SNAPSHOT_WRITES: usize = 10_000;
/// Number of keys that differ between the two versions given to `diff`.
pub const DIFF_CHANGES: usize = 10;

/// The data of one map benchmark of size `n`.
#[derive(Debug, Clone)]
pub struct MapData {
    /// Keys to insert, in insertion order.
    pub keys: Vec<u64>,
    /// Values to insert, one per key.
    pub values: Vec<u64>,
    /// `PROBES` keys drawn from `keys` at random.
    pub hits: Vec<u64>,
    /// `PROBES` keys that are not in `keys`.
    pub misses: Vec<u64>,
    /// `SNAPSHOT_WRITES` fresh keys for the clone + insert loop.
    pub fresh: Vec<u64>,
}

impl MapData {
    /// Seeded data for a map of `n` entries.
    pub fn new(n: usize) -> Self {
        let keys = SplitMix64::new(1).take(n);
        let values = SplitMix64::new(2).take(n);
        let mut pick = SplitMix64::new(3);
        let hits = (0..PROBES).map(|_| keys[pick.below(n)]).collect();
        // Random 64-bit keys from another stream: a collision with `keys` has odds ~ n / 2^64.
        let misses = SplitMix64::new(4).take(PROBES);
        let fresh = SplitMix64::new(5).take(SNAPSHOT_WRITES);
        MapData {
            keys,
            values,
            hits,
            misses,
            fresh,
        }
    }
}

/// The data of one vector benchmark of size `n`.
#[derive(Debug, Clone)]
pub struct VecData {
    /// Elements, in push order.
    pub values: Vec<u64>,
    /// `PROBES` random indices in `0..n`.
    pub indices: Vec<usize>,
}

impl VecData {
    /// Seeded data for a vector of `n` elements.
    pub fn new(n: usize) -> Self {
        let values = SplitMix64::new(11).take(n);
        let mut pick = SplitMix64::new(12);
        let indices = (0..PROBES).map(|_| pick.below(n)).collect();
        VecData { values, indices }
    }
}

/// Repetitions of the quick timer: at least `min`, at most `max`, and stop once the repetitions
/// (setup included) have taken `budget` of wall time.
#[derive(Debug, Clone, Copy)]
pub struct Reps {
    pub min: usize,
    pub max: usize,
    pub budget: Duration,
}

impl Default for Reps {
    fn default() -> Self {
        Reps {
            min: 3,
            max: 40,
            budget: Duration::from_millis(300),
        }
    }
}

/// Makes the allocator tidy up before a timed repetition.
///
/// After a contender frees a million small nodes, glibc's malloc holds them in its fast bins and
/// merges them (`malloc_consolidate`) at the next large request: without this, that cost lands on
/// whichever contender next asks for a large block (std's `HashMap` growing its table paid up to
/// ten times its own build time). One untimed large request here pays it up front.
fn settle_allocator() {
    std::hint::black_box(Vec::<u8>::with_capacity(64 * 1024));
}

impl Reps {
    /// Runs `rep` until done and returns the best (smallest) duration it reported.
    ///
    /// `rep` does its own untimed setup and returns the timed part: the best of several cuts the
    /// noise of a shared machine, where interference only ever adds time.
    pub fn best(self, mut rep: impl FnMut() -> Duration) -> Duration {
        let start = Instant::now();
        let mut best = Duration::MAX;
        let mut n = 0;
        while n < self.min || (n < self.max && start.elapsed() < self.budget) {
            settle_allocator();
            best = best.min(rep());
            n += 1;
        }
        best
    }
}
