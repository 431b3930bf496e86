//! rayon: parallel and serial iteration, collection and extension give the same results.
#![cfg(feature = "rayon")]

use cowtree::{HashMap, HashSet, Vector};
use rayon::prelude::*;

const SIZES: [usize; 8] = [0, 1, 2, 31, 33, 1_057, 40_000, 250_000];

/// Runs `f` on a 4-thread pool, so the work is split even on a 1- or 2-core machine.
fn on_pool<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap()
        .install(f)
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort_unstable();
    v
}

#[test]
fn map_par_iter_visits_every_entry_once() {
    for n in SIZES {
        let map: HashMap<u64, u64> = (0..n as u64).map(|i| (i * 7919, i)).collect();
        let serial = sorted(map.iter().map(|(k, v)| (*k, *v)).collect());
        let parallel = on_pool(|| sorted(map.par_iter().map(|(k, v)| (*k, *v)).collect()));
        assert_eq!(parallel, serial, "n = {n}");
        assert_eq!(on_pool(|| map.par_iter().count()), n);
        let sum: u64 = on_pool(|| map.par_iter().map(|(_, v)| *v).sum());
        assert_eq!(sum, map.iter().map(|(_, v)| *v).sum::<u64>());
    }
}

#[test]
fn map_par_iter_on_a_snapshot_after_writes() {
    let mut live: HashMap<u32, String> = (0..50_000).map(|i| (i, i.to_string())).collect();
    let snapshot = live.clone();
    for i in (0..50_000).step_by(7) {
        live.insert(i, "changed".into());
    }
    for i in (0..50_000).step_by(11) {
        live.remove(&i);
    }
    for m in [&live, &snapshot] {
        let serial = sorted(m.iter().map(|(k, v)| (*k, v.clone())).collect());
        let parallel = on_pool(|| sorted(m.par_iter().map(|(k, v)| (*k, v.clone())).collect()));
        assert_eq!(parallel, serial);
    }
}

#[test]
fn map_from_par_iter_keeps_the_last_value_like_collect() {
    for n in SIZES {
        // Every key appears about three times, with different values.
        let pairs: Vec<(u32, usize)> = (0..n).map(|i| ((i % (n / 3 + 1)) as u32, i)).collect();
        let serial: HashMap<u32, usize> = pairs.iter().copied().collect();
        let parallel: HashMap<u32, usize> = on_pool(|| pairs.par_iter().copied().collect());
        parallel.check_invariants();
        assert_eq!(parallel, serial, "n = {n}");

        let mut extended: HashMap<u32, usize> = (0..10).map(|k| (k, usize::MAX)).collect();
        let mut expected = extended.clone();
        expected.extend(pairs.iter().copied());
        on_pool(|| extended.par_extend(pairs.par_iter().copied()));
        extended.check_invariants();
        assert_eq!(extended, expected, "n = {n}");
    }
}

#[test]
fn set_parallel_equals_serial() {
    for n in SIZES {
        let set: HashSet<u64> = (0..n as u64)
            .map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .collect();
        let serial = sorted(set.iter().copied().collect());
        let parallel = on_pool(|| sorted(set.par_iter().copied().collect()));
        assert_eq!(parallel, serial, "n = {n}");

        let items: Vec<u64> = (0..n as u64).map(|i| i % 1000).collect();
        let collected: HashSet<u64> = on_pool(|| items.par_iter().copied().collect());
        collected.check_invariants();
        assert_eq!(collected, items.iter().copied().collect::<HashSet<u64>>());
        let mut extended: HashSet<u64> = (5000..5010).collect();
        on_pool(|| extended.par_extend(items.par_iter().copied()));
        extended.check_invariants();
        assert_eq!(extended.len(), n.min(1000) + 10);
    }
}

#[test]
fn vector_parallel_equals_serial_in_order() {
    for n in SIZES {
        let v: Vector<u64> = (0..n as u64).map(|i| i * 3).collect();
        let serial: Vec<u64> = v.iter().copied().collect();
        let parallel: Vec<u64> = on_pool(|| v.par_iter().copied().collect());
        assert_eq!(parallel, serial, "n = {n}");
        // Indexed: zip, enumerate and rev see the right positions.
        let ok = on_pool(|| v.par_iter().enumerate().all(|(i, x)| *x == 3 * i as u64));
        assert!(ok, "n = {n}");
        let reversed: Vec<u64> = on_pool(|| v.par_iter().rev().copied().collect());
        assert_eq!(reversed, serial.iter().rev().copied().collect::<Vec<_>>());

        let collected: Vector<u64> = on_pool(|| serial.par_iter().map(|x| x + 1).collect());
        collected.check_invariants();
        assert_eq!(collected.len(), n);
        assert!(
            (0..n).all(|i| collected.get(i) == Some(&(serial[i] + 1))),
            "n = {n}"
        );

        let mut extended = v.clone();
        on_pool(|| extended.par_extend(serial.par_iter().copied()));
        extended.check_invariants();
        assert_eq!(extended.len(), 2 * n);
        assert!((0..2 * n).all(|i| extended.get(i) == Some(&serial[i % n.max(1)])));
        assert_eq!(v.len(), n, "par_extend left the original alone");
    }
}

#[test]
fn vector_par_iter_on_a_concatenated_vector() {
    // Pieces of uneven length make relaxed (size-table) nodes; the split must still be exact.
    let mut v = Vector::new();
    let mut model = Vec::new();
    for piece in 0..200u32 {
        let part: Vector<u32> = (0..(piece * 37) % 101).map(|i| piece * 1000 + i).collect();
        model.extend(part.iter().copied());
        v.append(part);
    }
    v.check_invariants();
    let parallel: Vec<u32> = on_pool(|| v.par_iter().copied().collect());
    assert_eq!(parallel, model);
    let slices: Vec<u32> = on_pool(|| v.par_iter().with_max_len(5).copied().collect());
    assert_eq!(slices, model);
}
