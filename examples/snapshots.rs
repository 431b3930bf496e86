//! Snapshot a 1,000,000-entry map, apply 1,000 writes, and print what copy-on-write saved: bytes
//! shared, bytes copied, what a full copy would have cost, and the diff between the two versions
//! with its time next to a full walk's.
//!
//! Run with `cargo run --release --example snapshots`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use cowtree::hash_map::DiffItem;
use cowtree::HashMap;

/// Counts the bytes the program asked of the allocator, to report real bytes per entry.
struct Counting;

static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size(), Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size(), Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE_BYTES.fetch_add(new_size, Relaxed);
        LIVE_BYTES.fetch_sub(layout.size(), Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn main() {
    const N: u64 = 1_000_000;
    let before = LIVE_BYTES.load(Relaxed);
    let start = Instant::now();
    let mut live: HashMap<u64, u64> = (0..N).map(|i| (i, i)).collect();
    let built = start.elapsed();
    let allocated = LIVE_BYTES.load(Relaxed) - before;
    println!(
        "built {N} entries in {built:.2?}: {} bytes of nodes ({:.1} bytes/entry; allocator saw {:.1})",
        live.heap_size(),
        live.heap_size() as f64 / N as f64,
        allocated as f64 / N as f64,
    );

    let snapshot = live.clone();
    let mut x = 0x9E37_79B9_7F4A_7C15_u64;
    for i in 0..1_000u64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        match i % 3 {
            0 => live.insert(x % N, i),
            1 => live.remove(&(x % N)),
            _ => live.insert(N + i, i),
        };
    }
    let s = live.sharing(&snapshot);
    println!(
        "after 1000 writes: {} bytes shared, {} bytes copied, a full copy would cost {} bytes",
        s.shared,
        s.only_self,
        snapshot.heap_size()
    );

    let start = Instant::now();
    let (mut added, mut removed, mut changed) = (0, 0, 0);
    for d in snapshot.diff(&live) {
        match d {
            DiffItem::Added(..) => added += 1,
            DiffItem::Removed(..) => removed += 1,
            DiffItem::Changed { .. } => changed += 1,
        }
    }
    let diff_time = start.elapsed();
    let start = Instant::now();
    let walked = live.iter().fold(0u64, |a, (k, v)| a.wrapping_add(k ^ v));
    let walk_time = start.elapsed();
    println!(
        "diff: {added} added, {removed} removed, {changed} changed in {diff_time:.2?} \
         (a full walk of one version takes {walk_time:.2?}; checksum {walked})"
    );

    let mut ten = snapshot.clone();
    for k in 0..10 {
        ten.insert(k * 99_991, u64::MAX);
    }
    let start = Instant::now();
    let n = snapshot.diff(&ten).count();
    println!(
        "diff of two 1M versions differing in 10 keys: {n} items in {:.2?}",
        start.elapsed()
    );
}
