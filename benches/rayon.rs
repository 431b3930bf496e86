//! Speed-up of `par_iter()` over `iter()` for a heavy per-element closure (2 cores here).
//!
//! `cargo bench --bench rayon --features rayon`

use cowtree::{HashMap, Vector};
use criterion::{criterion_group, criterion_main, Criterion};
use rayon::prelude::*;

const N: u64 = 100_000;

/// About a microsecond of arithmetic per element: the kind of closure worth parallelizing.
fn heavy(x: u64) -> u64 {
    let mut h = x;
    for _ in 0..200 {
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    }
    h
}

fn bench(c: &mut Criterion) {
    let map: HashMap<u64, u64> = (0..N).map(|i| (i, i)).collect();
    let vector: Vector<u64> = (0..N).collect();
    let mut group = c.benchmark_group("heavy closure, 100k elements");
    group.sample_size(20);
    group.bench_function("HashMap iter", |b| {
        b.iter(|| {
            map.iter()
                .map(|(_, v)| heavy(*v))
                .fold(0, u64::wrapping_add)
        })
    });
    group.bench_function("HashMap par_iter", |b| {
        b.iter(|| {
            map.par_iter()
                .map(|(_, v)| heavy(*v))
                .reduce(|| 0, u64::wrapping_add)
        })
    });
    group.bench_function("Vector iter", |b| {
        b.iter(|| vector.iter().map(|v| heavy(*v)).fold(0, u64::wrapping_add))
    });
    group.bench_function("Vector par_iter", |b| {
        b.iter(|| {
            vector
                .par_iter()
                .map(|v| heavy(*v))
                .reduce(|| 0, u64::wrapping_add)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
