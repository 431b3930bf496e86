//! A counting global allocator: bytes requested in total and bytes live.
//!
//! Binaries that measure memory install it with
//! `#[global_allocator] static A: common::alloc::Counting = common::alloc::Counting;`.
//! The counters are updated with a plain relaxed load and store rather than an atomic
//! read-modify-write, so counting costs about as much as an add; the figures are exact while
//! one thread allocates (as in these benchmarks) and approximate otherwise.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
static FREED: AtomicUsize = AtomicUsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

/// The counting allocator: forwards to [`System`] and counts.
#[derive(Debug)]
pub struct Counting;

fn bump(counter: &AtomicUsize, by: usize) {
    counter.store(counter.load(Relaxed).wrapping_add(by), Relaxed);
}

// SAFETY: every call forwards to `System` with the caller's arguments unchanged; the counters
// have no effect on the memory handed out.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump(&ALLOCATED, layout.size());
        bump(&ALLOCATIONS, 1);
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        bump(&ALLOCATED, layout.size());
        bump(&ALLOCATIONS, 1);
        // SAFETY: same contract as ours.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        bump(&FREED, layout.size());
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A realloc counts as a fresh allocation of `new_size` and a free of the old block.
        bump(&ALLOCATED, new_size);
        bump(&ALLOCATIONS, 1);
        bump(&FREED, layout.size());
        // SAFETY: same contract as ours.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// A reading of the counters.
#[derive(Debug, Clone, Copy)]
pub struct Snapshot {
    allocated: usize,
    freed: usize,
    allocations: usize,
}

/// Reads the counters now.
pub fn snapshot() -> Snapshot {
    Snapshot {
        allocated: ALLOCATED.load(Relaxed),
        freed: FREED.load(Relaxed),
        allocations: ALLOCATIONS.load(Relaxed),
    }
}

impl Snapshot {
    /// Bytes requested since `earlier`.
    pub fn allocated_since(&self, earlier: &Snapshot) -> usize {
        self.allocated.wrapping_sub(earlier.allocated)
    }

    /// Allocation calls since `earlier`.
    pub fn allocations_since(&self, earlier: &Snapshot) -> usize {
        self.allocations.wrapping_sub(earlier.allocations)
    }

    /// Change of live bytes since `earlier` (may be negative).
    pub fn live_since(&self, earlier: &Snapshot) -> isize {
        let now = self.allocated.wrapping_sub(self.freed) as isize;
        let then = earlier.allocated.wrapping_sub(earlier.freed) as isize;
        now - then
    }
}

/// Whether the counting allocator is installed in this binary (it has counted something).
pub fn installed() -> bool {
    let _probe = std::hint::black_box(Box::new(0u64));
    ALLOCATIONS.load(Relaxed) > 0
}
