//! The quick pass behind the report: Instant-based timing (best of several repetitions) and
//! allocation counting.
//!
//! Each contender at one size is a [`Session`]: the structures its operations need, built once.
//! [`run`] makes the contenders take turns operation by operation, round after round, so that on
//! a shared machine a burst of load from other work falls on all of them alike, and keeps each
//! figure's best.

use std::hint::black_box;
use std::time::{Duration, Instant};

use super::alloc;
use super::map_adapters::MapBench;
use super::vector_adapters::VecBench;
use super::{MapData, Reps, VecData, DIFF_CHANGES, PROBES, SNAPSHOT_WRITES};

/// One figure: an operation, its unit, and the value (None: the contender cannot do it).
#[derive(Debug, Clone)]
pub struct Figure {
    pub op: &'static str,
    pub unit: &'static str,
    pub value: Option<f64>,
}

/// What one contender measured at one size.
#[derive(Debug, Default)]
pub struct Measured {
    /// Times, in the order of the session's operations.
    pub time: Vec<Figure>,
    /// Bytes.
    pub memory: Vec<Figure>,
    /// (what, value) pairs that must be equal across contenders.
    pub checks: Vec<(&'static str, u64)>,
}

/// One contender at one size, ready to time its operations.
pub trait Session {
    /// The operations, in order: (name, unit).
    fn ops(&self) -> &'static [(&'static str, &'static str)];
    /// The operations whose runs also record the memory figures.
    fn memory_ops(&self) -> &'static [usize];
    /// Times operation `op` (best of `reps`) and returns its figure; None if the contender
    /// cannot do it.
    fn time(&mut self, op: usize, reps: Reps) -> Option<f64>;
    /// The memory figures recorded so far.
    fn memory(&self) -> Vec<Figure>;
    /// Checksums every contender must agree on.
    fn checks(&self) -> Vec<(&'static str, u64)>;
}

/// How the quick pass repeats: `rounds` rounds in which the contenders take turns on every
/// operation, each figure the best of `reps` within a turn, and the best over the rounds.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub rounds: usize,
    pub reps: Reps,
    /// Run only the operations that record memory figures, once.
    pub memory_only: bool,
}

/// Runs `sessions` by `plan` and returns what each measured, in the same order.
pub fn run(sessions: &mut [Box<dyn Session + '_>], plan: Plan) -> Vec<Measured> {
    let ops = sessions[0].ops();
    let mut best: Vec<Vec<Option<f64>>> = vec![vec![None; ops.len()]; sessions.len()];
    let selected: Vec<usize> = if plan.memory_only {
        sessions[0].memory_ops().to_vec()
    } else {
        (0..ops.len()).collect()
    };
    for _ in 0..plan.rounds {
        for &op in &selected {
            for (s, b) in sessions.iter_mut().zip(&mut best) {
                if let Some(v) = s.time(op, plan.reps) {
                    b[op] = Some(b[op].map_or(v, |old: f64| old.min(v)));
                }
            }
        }
    }
    sessions
        .iter()
        .zip(best)
        .map(|(s, b)| Measured {
            time: if plan.memory_only {
                Vec::new()
            } else {
                ops.iter()
                    .zip(b)
                    .map(|(&(op, unit), value)| Figure { op, unit, value })
                    .collect()
            },
            memory: s.memory(),
            checks: s.checks(),
        })
        .collect()
}

// The timed bodies: each its own non-inlined function, so that every contender's loop is compiled
// alone, the same way whatever the harness around it (inlined into the dispatch, the same loop
// can vectorize or unroll differently from one contender to the next).

#[inline(never)]
fn build_map<M: MapBench>(data: &MapData) -> M {
    M::build(&data.keys, &data.values)
}

#[inline(never)]
fn get_hits<M: MapBench>(m: &M, keys: &[u64]) -> u64 {
    keys.iter().fold(0u64, |a, &k| {
        a.wrapping_add(m.find(k).expect("hit key missing"))
    })
}

#[inline(never)]
fn get_many_hits<M: MapBench>(m: &M, keys: &[u64]) -> u64 {
    m.sum_found(keys)
}

#[inline(never)]
fn get_misses<M: MapBench>(m: &M, keys: &[u64]) -> usize {
    keys.iter().filter(|&&k| m.find(k).is_some()).count()
}

#[inline(never)]
fn remove_all<M: MapBench>(m: &mut M, keys: &[u64]) {
    for &k in keys {
        black_box(m.del(k));
    }
}

#[inline(never)]
fn map_sum<M: MapBench>(m: &M) -> u64 {
    m.sum_values()
}

#[inline(never)]
fn insert_after_snapshots<M: MapBench>(m: &mut M, snaps: &mut Vec<M>, keys: &[u64]) {
    for (i, &k) in keys.iter().enumerate() {
        snaps.push(m.clone());
        m.put(k, i as u64);
    }
}

#[inline(never)]
fn diff_len<M: MapBench>(old: &M, newer: &M) -> usize {
    old.diff_len(newer)
}

#[inline(never)]
fn build_vec<V: VecBench>(values: &[u64]) -> V {
    V::build(values)
}

#[inline(never)]
fn build_front<V: VecBench>(values: &[u64]) -> V::Front {
    let mut f = V::front_empty();
    for &x in values {
        V::front_push(&mut f, x);
    }
    f
}

#[inline(never)]
fn index_all<V: VecBench>(v: &V, indices: &[usize]) -> u64 {
    indices.iter().fold(0u64, |a, &i| a.wrapping_add(v.at(i)))
}

#[inline(never)]
fn set_all<V: VecBench>(v: &mut V, indices: &[usize]) {
    for (j, &i) in indices.iter().enumerate() {
        v.put(i, j as u64);
    }
}

#[inline(never)]
fn vec_sum<V: VecBench>(v: &V) -> u64 {
    v.sum()
}

#[inline(never)]
fn pop_all<V: VecBench>(v: &mut V) {
    while let Some(x) = v.pop() {
        black_box(x);
    }
}

#[inline(never)]
fn concat<V: VecBench>(a: V, b: V) -> V {
    a.concat(b)
}

#[inline(never)]
fn split<V: VecBench>(v: V, at: usize) -> (V, V) {
    v.split(at)
}

#[inline(never)]
fn set_after_snapshots<V: VecBench>(v: &mut V, snaps: &mut Vec<V>, indices: &[usize]) {
    for (j, &i) in indices.iter().enumerate() {
        snaps.push(v.clone());
        v.put(i, j as u64);
    }
}

fn per(d: Duration, count: usize) -> f64 {
    d.as_nanos() as f64 / count as f64
}

const MAP_OPS: &[(&str, &str)] = &[
    ("insert (build)", "ns/elem"),
    ("get hit", "ns/op"),
    ("get miss", "ns/op"),
    ("remove all", "ns/elem"),
    ("iterate (sum values)", "ns/elem"),
    ("clone + insert, snapshots kept", "ns/write"),
    ("diff, 10 changes", "µs/op"),
    ("get_many, every key (rivals: get loop)", "ns/op"),
];

/// A map contender: the base map of the data, a second version differing from it in
/// `DIFF_CHANGES` keys, and the memory figures once measured.
pub struct MapSession<'d, M> {
    data: &'d MapData,
    base: M,
    newer: M,
    bytes_per_entry: Option<f64>,
    bytes_per_write: Option<f64>,
}

impl<'d, M: MapBench> MapSession<'d, M> {
    /// Builds the base map and the second version (4 changed values, 3 inserts, 3 removals).
    pub fn new(data: &'d MapData) -> Self {
        let base = M::build(&data.keys, &data.values);
        let mut newer = base.clone();
        for i in 0..4 {
            newer.put(data.keys[i], data.values[i] ^ 1);
        }
        for &k in &data.misses[..3] {
            newer.put(k, k);
        }
        for &k in &data.keys[4..7] {
            newer.del(k);
        }
        assert_eq!(base.diff_len(&newer), DIFF_CHANGES, "{}: diff", M::NAME);
        MapSession {
            data,
            base,
            newer,
            bytes_per_entry: None,
            bytes_per_write: None,
        }
    }
}

impl<M: MapBench> Session for MapSession<'_, M> {
    fn ops(&self) -> &'static [(&'static str, &'static str)] {
        MAP_OPS
    }

    fn memory_ops(&self) -> &'static [usize] {
        &[0, 5]
    }

    fn time(&mut self, op: usize, reps: Reps) -> Option<f64> {
        let data = self.data;
        let n = data.keys.len();
        let base = &self.base;
        Some(match op {
            0 => {
                let mut bytes = 0.0;
                let d = reps.best(|| {
                    let before = alloc::snapshot();
                    let t = Instant::now();
                    let m = build_map::<M>(data);
                    let d = t.elapsed();
                    bytes = alloc::snapshot().live_since(&before) as f64 / n as f64;
                    assert_eq!(m.size(), n, "{}: build lost entries", M::NAME);
                    d
                });
                self.bytes_per_entry = Some(bytes);
                per(d, n)
            }
            1 => {
                let d = reps.best(|| {
                    let t = Instant::now();
                    black_box(get_hits(black_box(base), &data.hits));
                    t.elapsed()
                });
                per(d, PROBES)
            }
            2 => {
                let d = reps.best(|| {
                    let t = Instant::now();
                    black_box(get_misses(black_box(base), &data.misses));
                    t.elapsed()
                });
                per(d, PROBES)
            }
            3 => {
                let d = reps.best(|| {
                    // A freshly built map: its one owner removes every key.
                    let mut m = M::build(&data.keys, &data.values);
                    let t = Instant::now();
                    remove_all(&mut m, &data.keys);
                    let d = t.elapsed();
                    assert_eq!(m.size(), 0, "{}: remove all left entries", M::NAME);
                    d
                });
                per(d, n)
            }
            4 => {
                let d = reps.best(|| {
                    let t = Instant::now();
                    black_box(map_sum(black_box(base)));
                    t.elapsed()
                });
                per(d, n)
            }
            5 => {
                if !M::PERSISTENT {
                    return None;
                }
                let mut bytes = 0.0;
                let d = reps.best(|| {
                    let mut m = base.clone();
                    let mut snaps = Vec::with_capacity(SNAPSHOT_WRITES);
                    let before = alloc::snapshot();
                    let t = Instant::now();
                    insert_after_snapshots(&mut m, &mut snaps, &data.fresh);
                    let d = t.elapsed();
                    bytes =
                        alloc::snapshot().allocated_since(&before) as f64 / SNAPSHOT_WRITES as f64;
                    black_box(&snaps);
                    d
                });
                self.bytes_per_write = Some(bytes);
                per(d, SNAPSHOT_WRITES)
            }
            6 => {
                let newer = &self.newer;
                let d = reps.best(|| {
                    let t = Instant::now();
                    black_box(diff_len(black_box(base), black_box(newer)));
                    t.elapsed()
                });
                per(d, 1000)
            }
            7 => {
                // Every key, in insertion order (random with respect to the hash).
                let d = reps.best(|| {
                    let t = Instant::now();
                    black_box(get_many_hits(black_box(base), &data.keys));
                    t.elapsed()
                });
                per(d, n)
            }
            _ => unreachable!("map op {op}"),
        })
    }

    fn memory(&self) -> Vec<Figure> {
        vec![
            Figure {
                op: "map bytes per entry",
                unit: "B/entry",
                value: self.bytes_per_entry,
            },
            Figure {
                op: "map bytes per write after snapshot",
                unit: "B/write",
                value: self.bytes_per_write,
            },
        ]
    }

    fn checks(&self) -> Vec<(&'static str, u64)> {
        let hits = self
            .data
            .hits
            .iter()
            .fold(0u64, |a, &k| a.wrapping_add(self.base.find(k).unwrap_or(0)));
        let misses = self
            .data
            .misses
            .iter()
            .filter(|&&k| self.base.find(k).is_some());
        vec![
            ("map sum of hits", hits),
            (
                "map sum of every key's value (get_many)",
                self.base.sum_found(&self.data.keys),
            ),
            ("map misses found", misses.count() as u64),
            ("map sum of values", self.base.sum_values()),
            ("map len", self.base.size() as u64),
        ]
    }
}

const VEC_OPS: &[(&str, &str)] = &[
    ("push_back N", "ns/elem"),
    ("push_front N", "ns/elem"),
    ("index (random)", "ns/op"),
    ("set (random)", "ns/op"),
    ("iterate (sum)", "ns/elem"),
    ("pop_back all", "ns/elem"),
    ("append two halves", "µs/op"),
    ("split_at(n/3)", "µs/op"),
    ("clone + set, snapshots kept", "ns/write"),
];

/// A vector contender: the base vector (std: a `Vec` of exact capacity), a second sole-owner
/// vector for the random sets, and the memory figures.
pub struct VecSession<'d, V> {
    data: &'d VecData,
    base: V,
    owned: V,
    bytes_per_elem: f64,
    bytes_per_write: Option<f64>,
}

impl<'d, V: VecBench> VecSession<'d, V> {
    /// Builds the vectors; counts the bytes of the base.
    pub fn new(data: &'d VecData) -> Self {
        let n = data.values.len();
        let before = alloc::snapshot();
        let base = V::build_exact(&data.values);
        let bytes_per_elem = alloc::snapshot().live_since(&before) as f64 / n as f64;
        assert_eq!(base.size(), n, "{}: build", V::NAME);
        // Built, not cloned: a clone would make the first writes copy.
        let owned = V::build(&data.values);
        VecSession {
            data,
            base,
            owned,
            bytes_per_elem,
            bytes_per_write: None,
        }
    }
}

impl<V: VecBench> Session for VecSession<'_, V> {
    fn ops(&self) -> &'static [(&'static str, &'static str)] {
        VEC_OPS
    }

    fn memory_ops(&self) -> &'static [usize] {
        &[8]
    }

    fn time(&mut self, op: usize, reps: Reps) -> Option<f64> {
        let data = self.data;
        let values = &data.values;
        let n = values.len();
        let base = &self.base;
        Some(match op {
            0 => {
                let d = reps.best(|| {
                    let t = Instant::now();
                    let v = build_vec::<V>(black_box(values));
                    let d = t.elapsed();
                    assert_eq!(v.size(), n, "{}: push_back", V::NAME);
                    d
                });
                per(d, n)
            }
            1 => {
                if !V::HAS_SPLICE {
                    return None;
                }
                let d = reps.best(|| {
                    let t = Instant::now();
                    let f = build_front::<V>(values);
                    let d = t.elapsed();
                    assert_eq!(V::front_size(&f), n, "{}: push_front", V::NAME);
                    d
                });
                per(d, n)
            }
            2 => {
                let d = reps.best(|| {
                    let t = Instant::now();
                    black_box(index_all(black_box(base), &data.indices));
                    t.elapsed()
                });
                per(d, PROBES)
            }
            3 => {
                let owned = &mut self.owned;
                let d = reps.best(|| {
                    let t = Instant::now();
                    set_all(owned, &data.indices);
                    t.elapsed()
                });
                per(d, PROBES)
            }
            4 => {
                let d = reps.best(|| {
                    let t = Instant::now();
                    black_box(vec_sum(black_box(base)));
                    t.elapsed()
                });
                per(d, n)
            }
            5 => {
                let d = reps.best(|| {
                    let mut v = V::build(values);
                    let t = Instant::now();
                    pop_all(&mut v);
                    let d = t.elapsed();
                    assert_eq!(v.size(), 0, "{}: pop_back all", V::NAME);
                    d
                });
                per(d, n)
            }
            6 => {
                if !V::HAS_SPLICE {
                    return None;
                }
                let half = n / 2;
                let d = reps.best(|| {
                    let a = V::build(&values[..half]);
                    let b = V::build(&values[half..]);
                    let t = Instant::now();
                    let c = concat(black_box(a), black_box(b));
                    let d = t.elapsed();
                    assert_eq!(c.size(), n, "{}: append", V::NAME);
                    d
                });
                per(d, 1000)
            }
            7 => {
                if !V::HAS_SPLICE {
                    return None;
                }
                let d = reps.best(|| {
                    let v = V::build(values);
                    let t = Instant::now();
                    let (a, b) = split(black_box(v), n / 3);
                    let d = t.elapsed();
                    assert_eq!(
                        (a.size(), b.size()),
                        (n / 3, n - n / 3),
                        "{}: split",
                        V::NAME
                    );
                    d
                });
                per(d, 1000)
            }
            8 => {
                if !V::PERSISTENT {
                    return None;
                }
                let mut bytes = 0.0;
                let d = reps.best(|| {
                    let mut v = base.clone();
                    let mut snaps = Vec::with_capacity(SNAPSHOT_WRITES);
                    let before = alloc::snapshot();
                    let t = Instant::now();
                    set_after_snapshots(&mut v, &mut snaps, &data.indices[..SNAPSHOT_WRITES]);
                    let d = t.elapsed();
                    bytes =
                        alloc::snapshot().allocated_since(&before) as f64 / SNAPSHOT_WRITES as f64;
                    black_box(&snaps);
                    d
                });
                self.bytes_per_write = Some(bytes);
                per(d, SNAPSHOT_WRITES)
            }
            _ => unreachable!("vector op {op}"),
        })
    }

    fn memory(&self) -> Vec<Figure> {
        vec![
            Figure {
                op: "vector bytes per element",
                unit: "B/elem",
                value: Some(self.bytes_per_elem),
            },
            Figure {
                op: "vector bytes per write after snapshot",
                unit: "B/write",
                value: self.bytes_per_write,
            },
        ]
    }

    fn checks(&self) -> Vec<(&'static str, u64)> {
        let indexed = self
            .data
            .indices
            .iter()
            .fold(0u64, |a, &i| a.wrapping_add(self.base.at(i)));
        vec![
            ("vector sum of indexed", indexed),
            ("vector sum", self.base.sum()),
            ("vector len", self.base.size() as u64),
        ]
    }
}
