//! The quick pass behind the report: Instant-based timing (best of several repetitions) and
//! allocation counting, one contender at a time.
//!
//! Every function returns its figures in a fixed order of operations, so the report can line
//! contenders up side by side, and checksums that every contender must agree on.

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
    /// Times.
    pub time: Vec<Figure>,
    /// Bytes.
    pub memory: Vec<Figure>,
    /// (what, value) pairs that must be equal across contenders.
    pub checks: Vec<(&'static str, u64)>,
}

impl Measured {
    fn time(&mut self, op: &'static str, unit: &'static str, value: Option<f64>) {
        self.time.push(Figure { op, unit, value });
    }
    fn memory(&mut self, op: &'static str, unit: &'static str, value: Option<f64>) {
        self.memory.push(Figure { op, unit, value });
    }
}

fn per(d: Duration, count: usize) -> f64 {
    d.as_nanos() as f64 / count as f64
}

/// Element-wise best (minimum) of `K` durations over the repetitions of `reps`.
fn best_of<const K: usize>(reps: Reps, mut rep: impl FnMut() -> [Duration; K]) -> [Duration; K] {
    let mut best = [Duration::MAX; K];
    reps.best(|| {
        let got = rep();
        for (b, g) in best.iter_mut().zip(got) {
            *b = (*b).min(g);
        }
        got[0]
    });
    best
}

/// Map rows, in order: build by insert, get hit, get miss, remove all, iterate, clone + insert,
/// diff of 10 changes; memory: bytes per entry, bytes allocated per write after a snapshot.
pub fn map<M: MapBench>(data: &MapData, reps: Reps) -> Measured {
    let n = data.keys.len();
    let mut out = Measured::default();

    // Build by insert, then remove every key from the same (sole-owner) map.
    let mut bytes_per_entry = 0.0;
    let [build, remove] = best_of(reps, || {
        let before = alloc::snapshot();
        let t = Instant::now();
        let mut m = M::build(&data.keys, &data.values);
        let build = t.elapsed();
        bytes_per_entry = alloc::snapshot().live_since(&before) as f64 / n as f64;
        assert_eq!(m.size(), n, "{}: build lost entries", M::NAME);
        let t = Instant::now();
        for &k in &data.keys {
            black_box(m.del(k));
        }
        let remove = t.elapsed();
        assert_eq!(m.size(), 0, "{}: remove all left entries", M::NAME);
        [build, remove]
    });

    let base = M::build(&data.keys, &data.values);
    let [hit] = best_of(reps, || {
        let t = Instant::now();
        let mut sum = 0u64;
        for &k in &data.hits {
            sum = sum.wrapping_add(black_box(&base).find(k).expect("hit key missing"));
        }
        black_box(sum);
        [t.elapsed()]
    });
    let hits_sum = data
        .hits
        .iter()
        .fold(0u64, |a, &k| a.wrapping_add(base.find(k).unwrap_or(0)));
    let [miss] = best_of(reps, || {
        let t = Instant::now();
        let mut found = 0usize;
        for &k in &data.misses {
            found += black_box(&base).find(k).is_some() as usize;
        }
        black_box(found);
        [t.elapsed()]
    });
    let [iterate] = best_of(reps, || {
        let t = Instant::now();
        black_box(black_box(&base).sum_values());
        [t.elapsed()]
    });

    let (write, bytes_per_write) = if M::PERSISTENT {
        let mut bytes = 0.0;
        let [write] = best_of(reps, || {
            let mut m = base.clone();
            let mut snaps = Vec::with_capacity(SNAPSHOT_WRITES);
            let before = alloc::snapshot();
            let t = Instant::now();
            for (i, &k) in data.fresh.iter().enumerate() {
                snaps.push(m.clone());
                m.put(k, i as u64);
            }
            let write = t.elapsed();
            bytes = alloc::snapshot().allocated_since(&before) as f64 / SNAPSHOT_WRITES as f64;
            black_box(&snaps);
            [write]
        });
        (Some(per(write, SNAPSHOT_WRITES)), Some(bytes))
    } else {
        (None, None)
    };

    // Two versions that differ in DIFF_CHANGES keys: 4 changed values, 3 inserts, 3 removals.
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
    let [diff] = best_of(reps, || {
        let t = Instant::now();
        black_box(black_box(&base).diff_len(black_box(&newer)));
        [t.elapsed()]
    });

    out.time("insert (build)", "ns/elem", Some(per(build, n)));
    out.time("get hit", "ns/op", Some(per(hit, PROBES)));
    out.time("get miss", "ns/op", Some(per(miss, PROBES)));
    out.time("remove all", "ns/elem", Some(per(remove, n)));
    out.time("iterate (sum values)", "ns/elem", Some(per(iterate, n)));
    out.time("clone + insert, snapshots kept", "ns/write", write);
    out.time("diff, 10 changes", "µs/op", Some(per(diff, 1000)));
    out.memory("map bytes per entry", "B/entry", Some(bytes_per_entry));
    out.memory(
        "map bytes per write after snapshot",
        "B/write",
        bytes_per_write,
    );
    out.checks.push(("map sum of hits", hits_sum));
    out.checks.push(("map sum of values", base.sum_values()));
    out.checks.push(("map len", base.size() as u64));
    out
}

/// Vector rows, in order: push_back N, push_front N, index, set, iterate, pop_back all, append,
/// split_at(n/3), clone + set; memory: bytes per element, bytes allocated per write after a
/// snapshot.
pub fn vector<V: VecBench>(data: &VecData, reps: Reps) -> Measured {
    let n = data.values.len();
    let values = &data.values;
    let mut out = Measured::default();

    // Push n to the back, then pop them all from the same (sole-owner) vector.
    let [push_back, pop_back] = best_of(reps, || {
        let t = Instant::now();
        let mut v = V::build(values);
        let push = t.elapsed();
        assert_eq!(v.size(), n, "{}: push_back", V::NAME);
        let t = Instant::now();
        while let Some(x) = v.pop() {
            black_box(x);
        }
        [push, t.elapsed()]
    });

    let push_front = V::HAS_SPLICE.then(|| {
        let [front] = best_of(reps, || {
            let t = Instant::now();
            let mut f = V::front_empty();
            for &x in values {
                V::front_push(&mut f, x);
            }
            let front = t.elapsed();
            assert_eq!(V::front_size(&f), n, "{}: push_front", V::NAME);
            [front]
        });
        per(front, n)
    });

    // Bytes per element: one allocation-counted build (std: a Vec of exact capacity).
    let before = alloc::snapshot();
    let base = V::build_exact(values);
    let bytes_per_elem = alloc::snapshot().live_since(&before) as f64 / n as f64;

    let [index] = best_of(reps, || {
        let t = Instant::now();
        let mut sum = 0u64;
        for &i in &data.indices {
            sum = sum.wrapping_add(black_box(&base).at(i));
        }
        black_box(sum);
        [t.elapsed()]
    });
    let index_sum = data
        .indices
        .iter()
        .fold(0u64, |a, &i| a.wrapping_add(base.at(i)));

    // Random set on a sole owner (built, not cloned: a clone would make the first writes copy).
    let mut owned = V::build(values);
    let [set] = best_of(reps, || {
        let t = Instant::now();
        for (j, &i) in data.indices.iter().enumerate() {
            owned.put(i, j as u64);
        }
        [t.elapsed()]
    });
    drop(owned);

    let [iterate] = best_of(reps, || {
        let t = Instant::now();
        black_box(black_box(&base).sum());
        [t.elapsed()]
    });

    let (append, split) = if V::HAS_SPLICE {
        let half = n / 2;
        let [append] = best_of(reps, || {
            let a = V::build(&values[..half]);
            let b = V::build(&values[half..]);
            let t = Instant::now();
            let c = black_box(a).concat(black_box(b));
            let d = t.elapsed();
            assert_eq!(c.size(), n, "{}: append", V::NAME);
            [d]
        });
        let [split] = best_of(reps, || {
            let v = V::build(values);
            let t = Instant::now();
            let (a, b) = black_box(v).split(n / 3);
            let d = t.elapsed();
            assert_eq!(
                (a.size(), b.size()),
                (n / 3, n - n / 3),
                "{}: split",
                V::NAME
            );
            [d]
        });
        (Some(per(append, 1000)), Some(per(split, 1000)))
    } else {
        (None, None)
    };

    let (write, bytes_per_write) = if V::PERSISTENT {
        let mut bytes = 0.0;
        let [write] = best_of(reps, || {
            let mut v = base.clone();
            let mut snaps = Vec::with_capacity(SNAPSHOT_WRITES);
            let before = alloc::snapshot();
            let t = Instant::now();
            for (j, &i) in data.indices[..SNAPSHOT_WRITES].iter().enumerate() {
                snaps.push(v.clone());
                v.put(i, j as u64);
            }
            let write = t.elapsed();
            bytes = alloc::snapshot().allocated_since(&before) as f64 / SNAPSHOT_WRITES as f64;
            black_box(&snaps);
            [write]
        });
        (Some(per(write, SNAPSHOT_WRITES)), Some(bytes))
    } else {
        (None, None)
    };

    out.time("push_back N", "ns/elem", Some(per(push_back, n)));
    out.time("push_front N", "ns/elem", push_front);
    out.time("index (random)", "ns/op", Some(per(index, PROBES)));
    out.time("set (random)", "ns/op", Some(per(set, PROBES)));
    out.time("iterate (sum)", "ns/elem", Some(per(iterate, n)));
    out.time("pop_back all", "ns/elem", Some(per(pop_back, n)));
    out.time("append two halves", "µs/op", append);
    out.time("split_at(n/3)", "µs/op", split);
    out.time("clone + set, snapshots kept", "ns/write", write);
    out.memory("vector bytes per element", "B/elem", Some(bytes_per_elem));
    out.memory(
        "vector bytes per write after snapshot",
        "B/write",
        bytes_per_write,
    );
    out.checks.push(("vector sum of indexed", index_sum));
    out.checks.push(("vector sum", base.sum()));
    out
}
