//! Heap-size and sharing figures, common to every collection.
//!
//! A persistent collection is a graph of reference-counted nodes. Two versions taken from one
//! another share every node that no write has touched since. The functions here walk those graphs
//! and count bytes per distinct allocation, so a node reachable from several places (a shared
//! subtree, or the repeated leaves of [`Vector::repeat`](crate::Vector::repeat)) counts once.

use std::collections::HashSet as StdHashSet;

/// How many bytes of tree nodes two versions of a collection share, and how many each holds alone.
///
/// Returned by `sharing(&self, other)` on every collection. Bytes are what the tree's nodes asked
/// of the allocator (node headers, inline entries, child pointers, size tables); the heap memory
/// owned by the elements themselves (a `String`'s buffer, say) is not counted.
///
/// The three figures add up: `shared + only_self == self.heap_size()` and
/// `shared + only_other == other.heap_size()`.
///
/// # Example
///
/// ```
/// use cowtree::HashMap;
///
/// let mut live: HashMap<u64, u64> = (0..10_000).map(|i| (i, i)).collect();
/// let snapshot = live.clone();
/// let fresh = live.sharing(&snapshot);
/// assert_eq!((fresh.only_self, fresh.only_other), (0, 0));
///
/// live.insert(7, 70); // copies one root-to-leaf path
/// let after = live.sharing(&snapshot);
/// assert!(after.only_self > 0 && after.only_self < after.shared);
/// assert_eq!(after.shared + after.only_self, live.heap_size());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Sharing {
    /// Bytes of nodes reachable from both versions.
    pub shared: usize,
    /// Bytes of nodes reachable only from `self` (what writes to `self` copied, after a snapshot).
    pub only_self: usize,
    /// Bytes of nodes reachable only from `other`.
    pub only_other: usize,
}

/// A handle on one node allocation, as the sharing walks see it.
///
/// Implemented by each structure's node module for a cheap reference type (e.g. `&Arc<Node>`).
pub(crate) trait HeapNode: Sized {
    /// An address that identifies the allocation (equal for two handles on the same node).
    fn addr(&self) -> usize;
    /// Bytes of this allocation and of the buffers it owns alone, children excluded.
    fn bytes(&self) -> usize;
    /// Pushes a handle for each child node onto `out`.
    fn children(&self, out: &mut Vec<Self>);
}

/// Walks from `roots`, visiting each distinct allocation once; calls `visit` on it and descends
/// only where `visit` returns `true`.
fn walk<N: HeapNode>(
    roots: Vec<N>,
    seen: &mut StdHashSet<usize>,
    mut visit: impl FnMut(&N) -> bool,
) {
    let mut stack = roots;
    while let Some(node) = stack.pop() {
        if !seen.insert(node.addr()) {
            continue;
        }
        if visit(&node) {
            node.children(&mut stack);
        }
    }
}

/// Bytes of all distinct nodes reachable from `roots`.
pub(crate) fn heap_size<N: HeapNode>(roots: Vec<N>) -> usize {
    let mut total = 0;
    walk(roots, &mut StdHashSet::new(), |n| {
        total += n.bytes();
        true
    });
    total
}

/// Splits the bytes reachable from `a` and from `b` into shared and exclusive parts.
///
/// Cost: one walk of `a`, a walk of the part of `b` that `a` does not hold, and a walk of the shared
/// part; a subtree of `b` whose root `a` also reaches is not entered twice.
pub(crate) fn sharing<N: HeapNode>(a: Vec<N>, b: Vec<N>) -> Sharing {
    // Every node reachable from `a`.
    let mut in_a = StdHashSet::new();
    let mut total_a = 0;
    walk(a, &mut in_a, |n| {
        total_a += n.bytes();
        true
    });
    // Walk `b`; a node that `a` also reaches roots a fully shared subtree, so stop there.
    let mut seen_b = StdHashSet::new();
    let mut shared_roots = Vec::new();
    let mut only_other = 0;
    let mut stack = b;
    while let Some(node) = stack.pop() {
        if !seen_b.insert(node.addr()) {
            continue;
        }
        if in_a.contains(&node.addr()) {
            shared_roots.push(node);
        } else {
            only_other += node.bytes();
            node.children(&mut stack);
        }
    }
    // Below a shared root everything is shared; some of it may also hang under an unshared node of
    // `b` (seen_b already holds those), so walk with a fresh set.
    let shared = heap_size(shared_roots);
    Sharing {
        shared,
        only_self: total_a - shared,
        only_other,
    }
}
