//! Criterion benchmarks of the maps: cowtree / imbl / rpds / std side by side, one group per
//! operation, sizes 1,000 / 100,000 / 1,000,000 (`COWTREE_BENCH_SIZES=1000000` to pick).
//!
//! ```text
//! cargo bench --bench map                      # everything
//! cargo bench --bench map -- 'map/get hit'     # one group
//! ```
//! Bytes are not measured here: see `memory.rs` and the quick `report.rs`.

mod common;

use std::hint::black_box;
use std::time::Duration;

use common::map_adapters::{ImblMap, MapBench, RpdsMap, StdMap};
use common::{MapData, DIFF_CHANGES, PROBES, SNAPSHOT_WRITES};
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};

/// Registers every operation of contender `M` at size `n`.
fn contender<M: MapBench>(c: &mut Criterion, n: usize, data: &MapData) {
    let id = || BenchmarkId::new(M::NAME, n);
    let base = M::build(&data.keys, &data.values);

    let mut g = c.benchmark_group("map/insert (build)");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(id(), |b| {
        b.iter_with_large_drop(|| M::build(black_box(&data.keys), &data.values))
    });
    g.finish();

    let mut g = c.benchmark_group("map/get hit");
    g.throughput(Throughput::Elements(PROBES as u64));
    g.bench_function(id(), |b| {
        b.iter(|| {
            data.hits
                .iter()
                .fold(0u64, |a, &k| a.wrapping_add(base.find(k).unwrap()))
        })
    });
    g.finish();

    let mut g = c.benchmark_group("map/get_many every key");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(id(), |b| b.iter(|| base.sum_found(black_box(&data.keys))));
    g.finish();

    let mut g = c.benchmark_group("map/get miss");
    g.throughput(Throughput::Elements(PROBES as u64));
    g.bench_function(id(), |b| {
        b.iter(|| {
            data.misses
                .iter()
                .filter(|&&k| base.find(k).is_some())
                .count()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("map/remove all");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(id(), |b| {
        b.iter_batched(
            || M::build(&data.keys, &data.values),
            |mut m| {
                for &k in &data.keys {
                    m.del(k);
                }
                m
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();

    let mut g = c.benchmark_group("map/iterate (sum values)");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(id(), |b| b.iter(|| black_box(&base).sum_values()));
    g.finish();

    if M::PERSISTENT {
        let mut g = c.benchmark_group("map/clone + insert, snapshots kept");
        g.throughput(Throughput::Elements(SNAPSHOT_WRITES as u64));
        g.bench_function(id(), |b| {
            b.iter_batched(
                || (base.clone(), Vec::with_capacity(SNAPSHOT_WRITES)),
                |(mut m, mut snaps)| {
                    for (i, &k) in data.fresh.iter().enumerate() {
                        snaps.push(m.clone());
                        m.put(k, i as u64);
                    }
                    (m, snaps)
                },
                BatchSize::PerIteration,
            )
        });
        g.finish();
    }

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
    let mut g = c.benchmark_group("map/diff, 10 changes");
    g.bench_function(id(), |b| b.iter(|| black_box(&base).diff_len(&newer)));
    g.finish();
}

fn benches(c: &mut Criterion) {
    for n in common::sizes_from_env("COWTREE_BENCH_SIZES") {
        let data = MapData::new(n);
        contender::<common::map_adapters::CowMap>(c, n, &data);
        contender::<ImblMap>(c, n, &data);
        contender::<RpdsMap>(c, n, &data);
        contender::<StdMap>(c, n, &data);
    }
}

criterion_group! {
    name = map;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = benches
}
criterion_main!(map);
