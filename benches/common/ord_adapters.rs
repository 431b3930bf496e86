//! The sorted-map contenders (cowtree's `OrdMap`, imbl's `OrdMap`, rpds's `RedBlackTreeMap`,
//! std's `BTreeMap`) behind [`MapBench`], plus what only sorted maps do ([`OrdBench`]), and the
//! report session that times both.

use std::hint::black_box;
use std::time::{Duration, Instant};

use super::map_adapters::MapBench;
use super::measure::{Figure, MapSession, Session};
use super::{MapData, Reps};

/// What the sorted-map rows need beyond [`MapBench`].
pub trait OrdBench: MapBench {
    /// Sum of the values of the first `count` entries at or above `lo`.
    fn range_sum(&self, lo: u64, count: usize) -> u64;
    /// The entries below `key` and the rest (None: the contender cannot split).
    fn split_at(&mut self, key: u64) -> Option<Self>;
    /// Joins `high` (every key above `self`'s) onto `self`; false if the contender cannot.
    fn join(&mut self, high: Self) -> bool;
}

/// Implements [`MapBench`] for a sorted map with std-like method names.
macro_rules! map_bench {
    ($ty:ty, $name:literal, $persistent:literal, $empty:expr, $put:ident, $del:expr, $size:expr) => {
        impl MapBench for $ty {
            const NAME: &'static str = $name;
            const PERSISTENT: bool = $persistent;
            fn empty() -> Self {
                $empty
            }
            fn put(&mut self, k: u64, v: u64) {
                self.$put(k, v);
            }
            fn find(&self, k: u64) -> Option<u64> {
                self.get(&k).copied()
            }
            fn del(&mut self, k: u64) -> bool {
                ($del)(self, k)
            }
            fn sum_values(&self) -> u64 {
                self.values().fold(0, |a, &v| a.wrapping_add(v))
            }
            fn size(&self) -> usize {
                ($size)(self)
            }
            fn each(&self, mut f: impl FnMut(u64, u64)) {
                for (&k, &v) in self.iter() {
                    f(k, v);
                }
            }
        }
    };
}

/// `cowtree::OrdMap`.
pub type CowOrd = cowtree::OrdMap<u64, u64>;
/// `imbl::OrdMap` (imbl's default pointer kind).
pub type ImblOrd = imbl::OrdMap<u64, u64>;
/// `rpds::RedBlackTreeMapSync` (its `Arc` flavour).
pub type RpdsOrd = rpds::RedBlackTreeMapSync<u64, u64>;
/// `std::collections::BTreeMap`.
pub type StdOrd = std::collections::BTreeMap<u64, u64>;

impl MapBench for CowOrd {
    const NAME: &'static str = "cowtree";
    const PERSISTENT: bool = true;
    fn empty() -> Self {
        CowOrd::new()
    }
    fn put(&mut self, k: u64, v: u64) {
        self.insert(k, v);
    }
    fn find(&self, k: u64) -> Option<u64> {
        self.get(&k).copied()
    }
    fn del(&mut self, k: u64) -> bool {
        self.remove(&k).is_some()
    }
    fn sum_values(&self) -> u64 {
        self.values().fold(0, |a, &v| a.wrapping_add(v))
    }
    fn size(&self) -> usize {
        self.len()
    }
    fn each(&self, mut f: impl FnMut(u64, u64)) {
        for (&k, &v) in self.iter() {
            f(k, v);
        }
    }
    fn diff_len(&self, newer: &Self) -> usize {
        self.diff(newer).count()
    }
}

impl OrdBench for CowOrd {
    fn range_sum(&self, lo: u64, count: usize) -> u64 {
        self.range(lo..)
            .take(count)
            .fold(0, |a, (_, &v)| a.wrapping_add(v))
    }
    fn split_at(&mut self, key: u64) -> Option<Self> {
        Some(self.split_off(&key))
    }
    fn join(&mut self, mut high: Self) -> bool {
        self.append(&mut high);
        true
    }
}

impl MapBench for ImblOrd {
    const NAME: &'static str = "imbl";
    const PERSISTENT: bool = true;
    fn empty() -> Self {
        ImblOrd::new()
    }
    fn put(&mut self, k: u64, v: u64) {
        self.insert(k, v);
    }
    fn find(&self, k: u64) -> Option<u64> {
        self.get(&k).copied()
    }
    fn del(&mut self, k: u64) -> bool {
        self.remove(&k).is_some()
    }
    fn sum_values(&self) -> u64 {
        self.values().fold(0, |a, &v| a.wrapping_add(v))
    }
    fn size(&self) -> usize {
        self.len()
    }
    fn each(&self, mut f: impl FnMut(u64, u64)) {
        for (&k, &v) in self.iter() {
            f(k, v);
        }
    }
    // imbl's own `diff` skips shared subtrees but can drop updates (imbl#160), so the row uses
    // the full walk every contender without a trustworthy diff gets.
}

impl OrdBench for ImblOrd {
    fn range_sum(&self, lo: u64, count: usize) -> u64 {
        self.range(lo..)
            .take(count)
            .fold(0, |a, (_, &v)| a.wrapping_add(v))
    }
    fn split_at(&mut self, key: u64) -> Option<Self> {
        let (low, present, high) = self.split_lookup(&key);
        let mut high = high;
        if let Some(v) = present {
            high.insert(key, v);
        }
        *self = low;
        Some(high)
    }
    fn join(&mut self, high: Self) -> bool {
        let low = std::mem::take(self);
        *self = low.union(high);
        true
    }
}

map_bench!(
    RpdsOrd,
    "rpds",
    true,
    rpds::RedBlackTreeMap::new_sync(),
    insert_mut,
    |m: &mut RpdsOrd, k| m.remove_mut(&k),
    |m: &RpdsOrd| m.size()
);

impl OrdBench for RpdsOrd {
    fn range_sum(&self, lo: u64, count: usize) -> u64 {
        self.range(lo..)
            .take(count)
            .fold(0, |a, (_, &v)| a.wrapping_add(v))
    }
    fn split_at(&mut self, _key: u64) -> Option<Self> {
        None
    }
    fn join(&mut self, _high: Self) -> bool {
        false
    }
}

map_bench!(
    StdOrd,
    "std",
    false,
    StdOrd::new(),
    insert,
    |m: &mut StdOrd, k| m.remove(&k).is_some(),
    |m: &StdOrd| m.len()
);

impl OrdBench for StdOrd {
    fn range_sum(&self, lo: u64, count: usize) -> u64 {
        self.range(lo..)
            .take(count)
            .fold(0, |a, (_, &v)| a.wrapping_add(v))
    }
    fn split_at(&mut self, key: u64) -> Option<Self> {
        Some(self.split_off(&key))
    }
    fn join(&mut self, mut high: Self) -> bool {
        self.append(&mut high);
        true
    }
}

/// Range queries timed per call.
const RANGES: usize = 2_000;
/// Entries per range query.
const RANGE_LEN: usize = 100;

const EXTRA_OPS: &[(&str, &str)] = &[
    ("range of 100 (sum)", "ns/op"),
    ("split_off at n/2", "µs/op"),
    ("join two halves (append)", "µs/op"),
];

/// The map rows of [`MapSession`] plus the sorted-map rows.
pub struct OrdSession<'d, M> {
    inner: MapSession<'d, M>,
    data: &'d MapData,
    base: M,
    halves: (M, M),
    ops: &'static [(&'static str, &'static str)],
}

impl<'d, M: OrdBench> OrdSession<'d, M> {
    /// Builds the contender's maps.
    pub fn new(data: &'d MapData) -> Self {
        let inner = MapSession::<M>::new(data);
        let base = M::build(&data.keys, &data.values);
        let mut low = base.clone();
        let mid = median(&data.keys);
        let high = low.split_at(mid).unwrap_or_else(M::empty);
        let ops: Vec<(&'static str, &'static str)> =
            inner.ops().iter().chain(EXTRA_OPS).copied().collect();
        OrdSession {
            inner,
            data,
            base,
            halves: (low, high),
            ops: Vec::leak(ops),
        }
    }
}

fn median(keys: &[u64]) -> u64 {
    let mut k = keys.to_vec();
    k.sort_unstable();
    k[k.len() / 2]
}

#[inline(never)]
fn ranges<M: OrdBench>(m: &M, starts: &[u64]) -> u64 {
    starts
        .iter()
        .fold(0u64, |a, &lo| a.wrapping_add(m.range_sum(lo, RANGE_LEN)))
}

fn micros(d: Duration) -> f64 {
    d.as_nanos() as f64 / 1000.0
}

impl<M: OrdBench> Session for OrdSession<'_, M> {
    fn ops(&self) -> &'static [(&'static str, &'static str)] {
        self.ops
    }

    fn memory_ops(&self) -> &'static [usize] {
        self.inner.memory_ops()
    }

    fn time(&mut self, op: usize, reps: Reps) -> Option<f64> {
        let base_ops = self.inner.ops().len();
        if op < base_ops {
            return self.inner.time(op, reps);
        }
        let starts = &self.data.hits[..RANGES.min(self.data.hits.len())];
        match op - base_ops {
            0 => {
                let base = &self.base;
                let d = reps.best(|| {
                    let t = Instant::now();
                    black_box(ranges(black_box(base), starts));
                    t.elapsed()
                });
                Some(d.as_nanos() as f64 / starts.len() as f64)
            }
            1 => {
                let mid = median(&self.data.keys);
                let mut can = true;
                let d = reps.best(|| {
                    let mut m = self.base.clone();
                    let t = Instant::now();
                    let high = m.split_at(black_box(mid));
                    let d = t.elapsed();
                    can = high.is_some();
                    black_box((m, high));
                    d
                });
                can.then(|| micros(d))
            }
            _ => {
                let mut can = true;
                let d = reps.best(|| {
                    let (mut low, high) = (self.halves.0.clone(), self.halves.1.clone());
                    let t = Instant::now();
                    can = low.join(high);
                    let d = t.elapsed();
                    black_box(low);
                    d
                });
                can.then(|| micros(d))
            }
        }
    }

    fn memory(&self) -> Vec<Figure> {
        self.inner.memory()
    }

    fn checks(&self) -> Vec<(&'static str, u64)> {
        let mut c = self.inner.checks();
        let starts = &self.data.hits[..RANGES.min(self.data.hits.len())];
        c.push(("ord range sums", ranges(&self.base, starts)));
        c
    }
}
