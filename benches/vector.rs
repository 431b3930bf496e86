//! Criterion benchmarks of the vectors: cowtree / imbl / rpds / std (`Vec`, `VecDeque` for
//! `push_front`) side by side, one group per operation, sizes 1,000 / 100,000 / 1,000,000
//! (`COWTREE_BENCH_SIZES=1000000` to pick).
//!
//! ```text
//! cargo bench --bench vector
//! cargo bench --bench vector -- 'vector/append'
//! ```
//! rpds has no `push_front`, `append` or `split_at`: it is absent from those groups.

mod common;

use std::hint::black_box;
use std::time::Duration;

use common::vector_adapters::{ImblVec, RpdsVec, StdVec, VecBench};
use common::{VecData, PROBES, SNAPSHOT_WRITES};
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};

/// Registers every operation of contender `V` at size `n`.
fn contender<V: VecBench>(c: &mut Criterion, n: usize, data: &VecData) {
    let id = || BenchmarkId::new(V::NAME, n);
    let values = &data.values;
    let base = V::build(values);

    let mut g = c.benchmark_group("vector/push_back N");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(id(), |b| {
        b.iter_with_large_drop(|| V::build(black_box(values)))
    });
    g.finish();

    if V::HAS_SPLICE {
        let mut g = c.benchmark_group("vector/push_front N");
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(id(), |b| {
            b.iter_with_large_drop(|| {
                let mut f = V::front_empty();
                for &x in values {
                    V::front_push(&mut f, x);
                }
                f
            })
        });
        g.finish();
    }

    let mut g = c.benchmark_group("vector/index (random)");
    g.throughput(Throughput::Elements(PROBES as u64));
    g.bench_function(id(), |b| {
        b.iter(|| {
            data.indices
                .iter()
                .fold(0u64, |a, &i| a.wrapping_add(base.at(i)))
        })
    });
    g.finish();

    let mut g = c.benchmark_group("vector/set (random)");
    g.throughput(Throughput::Elements(PROBES as u64));
    let mut owned = V::build(values);
    g.bench_function(id(), |b| {
        b.iter(|| {
            for (j, &i) in data.indices.iter().enumerate() {
                owned.put(i, j as u64);
            }
        })
    });
    drop(owned);
    g.finish();

    let mut g = c.benchmark_group("vector/iterate (sum)");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(id(), |b| b.iter(|| black_box(&base).sum()));
    g.finish();

    let mut g = c.benchmark_group("vector/pop_back all");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(id(), |b| {
        b.iter_batched(
            || V::build(values),
            |mut v| {
                while v.pop().is_some() {}
                v
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();

    if V::HAS_SPLICE {
        let half = n / 2;
        let mut g = c.benchmark_group("vector/append two halves");
        g.bench_function(id(), |b| {
            b.iter_batched(
                || (V::build(&values[..half]), V::build(&values[half..])),
                |(a, b)| a.concat(b),
                BatchSize::PerIteration,
            )
        });
        g.finish();

        let mut g = c.benchmark_group("vector/split_at(n/3)");
        g.bench_function(id(), |b| {
            b.iter_batched(
                || V::build(values),
                |v| v.split(n / 3),
                BatchSize::PerIteration,
            )
        });
        g.finish();
    }

    if V::PERSISTENT {
        let mut g = c.benchmark_group("vector/clone + set, snapshots kept");
        g.throughput(Throughput::Elements(SNAPSHOT_WRITES as u64));
        g.bench_function(id(), |b| {
            b.iter_batched(
                || (base.clone(), Vec::with_capacity(SNAPSHOT_WRITES)),
                |(mut v, mut snaps)| {
                    for (j, &i) in data.indices[..SNAPSHOT_WRITES].iter().enumerate() {
                        snaps.push(v.clone());
                        v.put(i, j as u64);
                    }
                    (v, snaps)
                },
                BatchSize::PerIteration,
            )
        });
        g.finish();
    }
}

fn benches(c: &mut Criterion) {
    for n in common::sizes_from_env("COWTREE_BENCH_SIZES") {
        let data = VecData::new(n);
        contender::<common::vector_adapters::CowVec>(c, n, &data);
        contender::<ImblVec>(c, n, &data);
        contender::<RpdsVec>(c, n, &data);
        contender::<StdVec>(c, n, &data);
    }
}

criterion_group! {
    name = vector;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = benches
}
criterion_main!(vector);
