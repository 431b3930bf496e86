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

/// Elements per leaf in this build.
fn leaf_size() -> usize {
    let v: Vector<u8> = (0..=255).collect();
    v.leaves().map(|s| s.len()).max().unwrap()
}

#[test]
fn a_copy_popped_while_shared_reads_and_writes_right() {
    let b = leaf_size() as u64;
    let n = 10 * b + 5;
    let base: Vector<u64> = (0..n).collect();
    for popped in [1, 2, b - 1, b, b + 1, 3 * b + 2] {
        let model: Vec<u64> = (0..n - popped).collect();
        let mut v = base.clone();
        for _ in 0..popped {
            v.pop_back();
        }
        v.check_invariants();
        assert_eq!(v.len() as u64, n - popped);
        assert!(v.iter().copied().eq(model.iter().copied()));
        assert!(!v.ptr_eq(&base));
        assert_ne!(v, base);
        // Every kind of read and write after pops from shared leaves.
        let w = v.clone();
        assert!(w.ptr_eq(&v));
        assert_eq!(w.back(), model.last());
        let mut pushed = v.clone();
        pushed.push_back(999);
        pushed.check_invariants();
        assert_eq!(pushed.len(), model.len() + 1);
        assert_eq!(pushed.back(), Some(&999));
        assert!(pushed.iter().take(model.len()).eq(model.iter()));
        let mut m = v.clone();
        m.iter_mut().for_each(|x| *x += 1);
        assert!(m.iter().copied().eq(model.iter().map(|x| x + 1)));
        let mut s = v.clone();
        if let Some(last) = s.back_mut() {
            *last = 7;
        }
        assert_eq!(s.back(), Some(&7));
        let mut a = v.clone();
        a.append(Vector::from(vec![1, 2, 3]));
        a.check_invariants();
        assert!(a.iter().copied().eq(model.iter().copied().chain([1, 2, 3])));
        assert!(v.clone().into_iter().eq(model.iter().copied()));
        assert!(v.clone().into_iter().rev().eq(model.iter().rev().copied()));
        // Writes once the other versions are gone.
        let mut alone = v.clone();
        drop(w);
        drop(m);
        alone.push_back(5);
        alone.check_invariants();
        assert_eq!(alone.back(), Some(&5));
        assert!(base.iter().copied().eq(0..n));
        base.check_invariants();
        assert!(v.iter().copied().eq(model.iter().copied()));
    }
}

#[test]
fn elements_popped_from_a_shared_copy_are_dropped_once() {
    use std::rc::Rc;
    let token = Rc::new(());
    for popped in [1, 5, 31, 32, 33, 70, 199, 200] {
        let base: Vector<Rc<()>> = (0..200).map(|_| token.clone()).collect();
        let mut v = base.clone();
        for _ in 0..popped {
            assert!(v.pop_back().is_some());
        }
        drop(base);
        v.push_back(token.clone());
        v.check_invariants();
        assert_eq!(Rc::strong_count(&token), 1 + v.len(), "popped {popped}");
        drop(v);
        assert_eq!(Rc::strong_count(&token), 1, "popped {popped}");
    }
}
