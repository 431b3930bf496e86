//! Allocation counts of `Vector` operations, measured with a counting global allocator (per
//! thread, so tests running in parallel do not disturb each other).

use cowtree::Vector;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is forwarded to `System` unchanged; the counter is a thread-local `Cell`
// with a const initializer, so touching it never allocates or re-enters the allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by `f` on this thread.
fn allocations<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let r = f();
    (r, ALLOCATIONS.with(Cell::get) - before)
}

#[test]
fn new_default_and_clear_allocate_nothing() {
    let (v, n) = allocations(Vector::<u64>::new);
    assert_eq!(n, 0, "Vector::new allocated {n} times");
    assert_eq!(v.heap_size(), 0);
    let (d, n) = allocations(Vector::<u64>::default);
    assert_eq!(n, 0, "Vector::default allocated {n} times");
    assert_eq!(d.heap_size(), 0);

    let mut w: Vector<u64> = (0..1000).collect();
    let snapshot = w.clone();
    let ((), n) = allocations(|| w.clear());
    assert_eq!(n, 0, "clear allocated {n} times");
    assert!(w.is_empty());
    assert_eq!(w.heap_size(), 0);
    assert_eq!(snapshot.len(), 1000);
    assert!(snapshot.iter().copied().eq(0..1000));
}

#[test]
fn empty_vector_operations_allocate_nothing() {
    let mut v = Vector::<u64>::new();
    let (_, n) = allocations(|| {
        assert_eq!(v.pop_back(), None);
        assert_eq!(v.pop_front(), None);
        assert_eq!(v.get(0), None);
        assert_eq!(v.iter().count(), 0);
        assert_eq!(v.iter_mut().count(), 0);
        let w = v.clone();
        assert!(w.ptr_eq(&v));
        assert_eq!(w, v);
        let (a, b) = w.split_at(0);
        assert!(a.is_empty() && b.is_empty());
        assert_eq!(v.clone().into_iter().count(), 0);
        v.truncate(0);
        v.append(Vector::new());
    });
    assert_eq!(n, 0, "operations on an empty vector allocated {n} times");
    v.check_invariants();
}

#[test]
fn first_push_allocates_one_leaf_and_pops_keep_it() {
    let mut v = Vector::<u64>::new();
    let ((), n) = allocations(|| v.push_back(1));
    assert_eq!(n, 1, "the first push_back allocated {n} times");
    let ((), n) = allocations(|| v.push_front(0));
    assert_eq!(n, 1, "the first push_front allocated {n} times");
    assert_eq!(v.iter().copied().collect::<Vec<_>>(), [0, 1]);
    // Popping to empty and pushing again reuses the buffers.
    let ((), n) = allocations(|| {
        for _ in 0..100 {
            assert_eq!(v.pop_back(), Some(1));
            assert_eq!(v.pop_front(), Some(0));
            assert!(v.is_empty());
            v.check_invariants();
            v.push_back(1);
            v.push_front(0);
        }
    });
    assert_eq!(n, 0, "pop/push cycles allocated {n} times");
}

#[test]
fn pushes_allocate_about_one_leaf_per_leaf_of_elements() {
    let mut v = Vector::<u64>::new();
    let n = 100_000u64;
    let ((), back) = allocations(|| (0..n).for_each(|x| v.push_back(x)));
    let mut w = Vector::<u64>::new();
    let ((), front) = allocations(|| (0..n).for_each(|x| w.push_front(x)));
    v.check_invariants();
    w.check_invariants();
    assert!(v.iter().copied().eq(0..n));
    assert!(w.iter().copied().eq((0..n).rev()));
    // One leaf per B elements plus a branch per B leaves and size tables: far below one
    // allocation per 4 elements even with the test-only branching factor 4.
    for (what, count) in [("push_back", back), ("push_front", front)] {
        assert!(
            count as u64 <= n / 2,
            "{what} of {n} elements made {count} allocations"
        );
    }
}
