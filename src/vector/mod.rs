//! The RRB tree behind [`Vector`].
//!
//! A [`Vector`] is a relaxed radix-balanced tree (branching factor 32) of leaves that hold up to 32
//! elements inline, plus a head and a tail leaf held outside the tree so that pushes and pops at
//! either end are amortized O(1). Every node lives in a [`triomphe::Arc`]: `clone()` is O(1), and
//! a write copies only the nodes on its path that are shared with another version.
//!
//! | operation | cost |
//! | --- | --- |
//! | `clone` | O(1) |
//! | `get`, `set`, `get_mut`, `update` | O(log n) |
//! | `push_back`, `push_front`, `pop_back`, `pop_front` | amortized O(1) |
//! | `append`, `split_off`, `split_at`, `slice`, `insert`, `remove` | O(log n) |
//! | `iter` (whole walk) | O(n), O(1) per element |
//! | `diff` | O(d log n) for d edits by `set`/`push_back`/`pop_back` |
//!
//! ```text
//!  head (reversed)          tree (RRB, height h)                      tail
//!  [c b a] ->  Branch ─┬─ Branch ─┬─ Leaf[32] ... Leaf[32]     <- [x y z]
//!                      │          └─ ...
//!                      └─ Branch (relaxed: size table) ─ ... Leaf[k]
//! ```
//!
//! Layout (branching factor B = 32): a leaf is one allocation of a reference count, a length and
//! B elements inline; a branch holds up to B child pointers (all leaves or all branches) and,
//! only when it is not dense, a pointer to a table of B cumulative sizes. The tree's nodes and
//! invariants are drawn in `tree/`'s module doc.
//!
//! Files: the tree layer is `tree/` (the only code that touches a branch's children or size
//! table). The public face is one file per kind of method:
//! - `mod.rs`: the type, access (`get`, `front`, `first`, `contains`, `starts_with`, ...) and
//!   structure (`repeat`, `append`, `split_off`, `slice`, `truncate`, memory figures).
//! - `ends.rs`: `push_*` and `pop_*` through the head and tail buffers.
//! - `edit.rs`: edits at an index (`insert`, `remove`, `swap`, `drain`, `resize`, `fill`, ...).
//! - `filter.rs`: `retain`, `retain_mut`, `dedup*`.
//! - `order.rs`: `sort*`, `reverse`, `binary_search*`.
//! - `iter.rs`: the iterators and the methods that make them.
//! - `diff.rs`: the structural diff between two versions.
//! - `traits.rs`: std traits (`PartialEq`, `Hash`, `Index`, `FromIterator`, `From`, ...).

mod diff;
mod edit;
mod ends;
mod filter;
mod iter;
mod order;
mod traits;
pub(crate) mod tree;

pub use diff::{Diff, DiffItem};
pub use edit::Drain;
pub use iter::{IntoIter, Iter, IterMut, Leaves};

use crate::capacity_overflow;
use crate::sharing::{self, Sharing};
use std::ops::{Bound, RangeBounds};
use tree::{BorrowedNode, Buf, Leaf, Tree, B};
use triomphe::Arc;

/// A persistent sequence: O(1) snapshots, O(log n) indexing, updates, concatenation and
/// splitting, amortized O(1) pushes and pops at both ends.
///
/// `clone()` takes a snapshot in O(1); a later write to either copy copies only the
/// root-to-leaf path it touches (at most one leaf of 32 elements and a few 32-pointer branches).
///
/// # Example
///
/// ```
/// use cowtree::Vector;
///
/// let mut v: Vector<u32> = (0..1000).collect();
/// let snapshot = v.clone();
/// v.set(10, 99);
/// v.push_front(7);
/// assert_eq!(v[11], 99);
/// assert_eq!(snapshot[10], 10);
/// assert_eq!(v.len(), 1001);
/// ```
pub struct Vector<T> {
    /// Elements before the tree, in REVERSE order (at most `B`), so that `push_front` and
    /// `pop_front` are a push and a pop at the end of this leaf.
    head: Buf<T>,
    tree: Tree<T>,
    /// Elements after the tree, in order (at most `B`).
    tail: Buf<T>,
}

impl<T> Clone for Vector<T> {
    /// An O(1) snapshot: three reference-count increments.
    fn clone(&self) -> Self {
        Vector {
            head: self.head.clone(),
            tree: self.tree.clone(),
            tail: self.tail.clone(),
        }
    }
}

impl<T> Default for Vector<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Resolves `range` against `len`, panicking like slice indexing when it is out of bounds.
fn resolve_range(range: impl RangeBounds<usize>, len: usize) -> (usize, usize) {
    let start = match range.start_bound() {
        Bound::Included(&s) => s,
        Bound::Excluded(&s) => s.checked_add(1).expect("range start overflows"),
        Bound::Unbounded => 0,
    };
    let end = match range.end_bound() {
        Bound::Included(&e) => e.checked_add(1).expect("range end overflows"),
        Bound::Excluded(&e) => e,
        Bound::Unbounded => len,
    };
    assert!(
        start <= end,
        "range start {start} is greater than range end {end}"
    );
    assert!(
        end <= len,
        "range end {end} out of range for Vector of length {len}"
    );
    (start, end)
}

impl<T> Vector<T> {
    /// An empty vector. O(1); allocates nothing (the first push allocates one leaf).
    ///
    /// # Example
    ///
    /// ```
    /// let v: cowtree::Vector<i32> = cowtree::Vector::new();
    /// assert!(v.is_empty());
    /// ```
    pub fn new() -> Self {
        Vector {
            head: Buf::new(),
            tree: Tree::default(),
            tail: Buf::new(),
        }
    }

    /// Number of elements. O(1).
    ///
    /// # Example
    ///
    /// ```
    /// let v = cowtree::Vector::from(vec![1, 2, 3]);
    /// assert_eq!(v.len(), 3);
    /// ```
    #[inline]
    pub fn len(&self) -> usize {
        self.head.len() + self.tree.len + self.tail.len()
    }

    /// Whether the vector has no elements. O(1).
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cowtree::Vector::<u8>::new().is_empty());
    /// ```
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The element at `index`, or `None` if out of range. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let v = cowtree::Vector::from(vec![10, 20]);
    /// assert_eq!(v.get(1), Some(&20));
    /// assert_eq!(v.get(2), None);
    /// ```
    #[inline]
    pub fn get(&self, index: usize) -> Option<&T> {
        let h = self.head.len();
        if index < h {
            return Some(&self.head[h - 1 - index]);
        }
        let i = index - h;
        if i < self.tree.len {
            return Some(self.tree.get(i));
        }
        self.tail.get(i - self.tree.len)
    }

    /// The first element, or `None` if empty. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let v = cowtree::Vector::from(vec![1, 2]);
    /// assert_eq!(v.front(), Some(&1));
    /// ```
    pub fn front(&self) -> Option<&T> {
        self.get(0)
    }

    /// The last element, or `None` if empty. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let v = cowtree::Vector::from(vec![1, 2]);
    /// assert_eq!(v.back(), Some(&2));
    /// ```
    pub fn back(&self) -> Option<&T> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// Whether `self` and `other` are the same version (share the same nodes): then they are
    /// equal. O(1). `false` does not mean they differ.
    ///
    /// # Example
    ///
    /// ```
    /// let v = cowtree::Vector::from(vec![1, 2]);
    /// let w = v.clone();
    /// assert!(v.ptr_eq(&w));
    /// ```
    pub fn ptr_eq(&self, other: &Self) -> bool {
        self.head.ptr_eq(&other.head)
            && self.tail.ptr_eq(&other.tail)
            && match (&self.tree.root, &other.tree.root) {
                (None, None) => true,
                (Some(a), Some(b)) => a.ptr_eq(b),
                _ => false,
            }
    }

    /// The first element, or `None` if empty (the slice name for [`front`](Self::front)).
    /// O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let v = cowtree::Vector::from(vec![1, 2, 3]);
    /// assert_eq!(v.first(), Some(&1));
    /// assert_eq!(cowtree::Vector::<u8>::new().first(), None);
    /// ```
    pub fn first(&self) -> Option<&T> {
        self.front()
    }

    /// The last element, or `None` if empty (the slice name for [`back`](Self::back)).
    /// O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let v = cowtree::Vector::from(vec![1, 2, 3]);
    /// assert_eq!(v.last(), Some(&3));
    /// ```
    pub fn last(&self) -> Option<&T> {
        self.back()
    }

    /// Whether some element equals `x`. O(n).
    ///
    /// # Example
    ///
    /// ```
    /// let v = cowtree::Vector::from(vec![1, 2]);
    /// assert!(v.contains(&2) && !v.contains(&3));
    /// ```
    pub fn contains(&self, x: &T) -> bool
    where
        T: PartialEq,
    {
        self.leaves().any(|s| s.contains(x))
    }

    /// Whether `needle` is a prefix of the vector. O(m + log n) for a needle of length m.
    ///
    /// # Example
    ///
    /// ```
    /// let v: cowtree::Vector<u32> = (0..100).collect();
    /// assert!(v.starts_with(&[0, 1, 2]));
    /// assert!(v.starts_with(&[]));
    /// assert!(!v.starts_with(&[1]));
    /// ```
    pub fn starts_with(&self, needle: &[T]) -> bool
    where
        T: PartialEq,
    {
        needle.len() <= self.len() && self.range(..needle.len()).eq(needle.iter())
    }

    /// Whether `needle` is a suffix of the vector. O(m + log n) for a needle of length m.
    ///
    /// # Example
    ///
    /// ```
    /// let v: cowtree::Vector<u32> = (0..100).collect();
    /// assert!(v.ends_with(&[98, 99]));
    /// assert!(!v.ends_with(&[98]));
    /// ```
    pub fn ends_with(&self, needle: &[T]) -> bool
    where
        T: PartialEq,
    {
        let n = self.len();
        needle.len() <= n && self.range(n - needle.len()..).eq(needle.iter())
    }

    fn heap_roots(&self) -> Vec<BorrowedNode<'_, T>> {
        let mut roots: Vec<BorrowedNode<'_, T>> = [&self.head, &self.tail]
            .into_iter()
            .filter_map(|b| b.arc().map(|l| BorrowedNode::Leaf(l)))
            .collect();
        roots.extend(self.tree.root_ref());
        roots
    }

    /// Bytes of the tree's own allocations reachable from this version (leaves, branches, size
    /// tables; each shared node counted once; the elements' own heap memory not included).
    /// O(number of distinct nodes).
    ///
    /// # Example
    ///
    /// ```
    /// let v: cowtree::Vector<u64> = (0..100_000).collect();
    /// let per_element = v.heap_size() as f64 / 100_000.0;
    /// assert!(per_element < 8.0 * 1.2);
    /// ```
    pub fn heap_size(&self) -> usize {
        sharing::heap_size(self.heap_roots())
    }

    /// How many bytes of nodes `self` and `other` share, and how many each holds alone
    /// (see [`Sharing`]). Costs a walk of `self` plus a walk of the part of `other` it does not
    /// share.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v: cowtree::Vector<u64> = (0..100_000).collect();
    /// let snapshot = v.clone();
    /// v.set(500, 0);
    /// let s = v.sharing(&snapshot);
    /// assert!(s.only_self > 0 && s.only_self < 4096);
    /// assert_eq!(s.shared + s.only_self, v.heap_size());
    /// ```
    pub fn sharing(&self, other: &Self) -> Sharing {
        sharing::sharing(self.heap_roots(), other.heap_roots())
    }

    /// Panics with "capacity overflow" (as `Vec` does) unless `extra` more elements fit in a
    /// length, so that no operation starts a change it cannot finish.
    #[inline]
    #[track_caller]
    fn check_grow(&self, extra: usize) {
        if self.len().checked_add(extra).is_none() {
            capacity_overflow();
        }
    }

    /// Whether a push may overflow the length: a cheap test on one field, so the push fast path
    /// pays one compare; the exact check runs only past it.
    #[inline]
    fn near_max_len(&self) -> bool {
        self.tree.len > usize::MAX - 2 * B
    }

    #[cold]
    #[inline(never)]
    fn out_of_range(&self, index: usize) -> ! {
        panic!(
            "index {index} out of range for Vector of length {}",
            self.len()
        )
    }

    /// Checks the structure and panics with a message naming the first broken invariant.
    ///
    /// Used by tests and fuzz targets; O(n / B) for the tree walk.
    #[doc(hidden)]
    pub fn check_invariants(&self) {
        assert!(self.head.len() <= B, "head buffer over capacity");
        assert!(self.tail.len() <= B, "tail buffer over capacity");
        self.tree.check();
    }

    /// Height of the tree part (0 for a single leaf or none): for tests of the O(log n) bound.
    #[doc(hidden)]
    pub fn tree_height(&self) -> usize {
        self.tree.height
    }
}

impl<T: Clone> Vector<T> {
    /// A vector of `n` copies of `value`, sharing one full leaf (and every full subtree built
    /// from it) for all positions: O(log n) time and memory until written.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::repeat(0u8, 1 << 40);
    /// v.set(123_456_789_012, 1);
    /// assert_eq!(v[123_456_789_012], 1);
    /// assert_eq!(v[5], 0);
    /// assert!(v.heap_size() < 1 << 20);
    /// ```
    pub fn repeat(value: T, n: usize) -> Self {
        let mut v = Vector::new();
        let full = n / B;
        let rest = n % B;
        if full > 0 {
            let leaf: Leaf<T> = std::iter::repeat_n(value.clone(), B).collect();
            v.tree = tree::repeat_tree(Arc::new(leaf), full);
        }
        v.tail = Buf::from_leaf(std::iter::repeat_n(value, rest).collect());
        v
    }

    /// A mutable reference to the element at `index`, or `None` if out of range. O(log n);
    /// copies the path to the element if it is shared with another version.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![1, 2]);
    /// *v.get_mut(0).unwrap() = 5;
    /// assert_eq!(v[0], 5);
    /// ```
    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        let h = self.head.len();
        if index < h {
            return Some(&mut self.head.make_mut()[h - 1 - index]);
        }
        let i = index - h;
        if i < self.tree.len {
            return Some(self.tree.get_mut(i));
        }
        let i = i - self.tree.len;
        if i < self.tail.len() {
            return Some(&mut self.tail.make_mut()[i]);
        }
        None
    }

    /// A mutable reference to the first element. O(log n), copying a shared path.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![1, 2]);
    /// *v.front_mut().unwrap() += 10;
    /// assert_eq!(v[0], 11);
    /// ```
    pub fn front_mut(&mut self) -> Option<&mut T> {
        self.get_mut(0)
    }

    /// A mutable reference to the last element. O(log n), copying a shared path.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![1, 2]);
    /// *v.back_mut().unwrap() += 10;
    /// assert_eq!(v[1], 12);
    /// ```
    pub fn back_mut(&mut self) -> Option<&mut T> {
        let n = self.len();
        if n == 0 {
            None
        } else {
            self.get_mut(n - 1)
        }
    }

    /// Replaces the element at `index` by `value` and returns the old one. O(log n); copies
    /// the path if shared.
    ///
    /// # Panics
    ///
    /// If `index >= len`.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![1, 2]);
    /// assert_eq!(v.set(1, 9), 2);
    /// assert_eq!(v[1], 9);
    /// ```
    pub fn set(&mut self, index: usize, value: T) -> T {
        match self.get_mut(index) {
            Some(slot) => std::mem::replace(slot, value),
            None => self.out_of_range(index),
        }
    }

    /// A new version with the element at `index` replaced by `value`; `self` is unchanged.
    /// O(log n): the new version shares everything but one path with `self`.
    ///
    /// # Panics
    ///
    /// If `index >= len`.
    ///
    /// # Example
    ///
    /// ```
    /// let v = cowtree::Vector::from(vec![1, 2]);
    /// let w = v.update(0, 7);
    /// assert_eq!((v[0], w[0]), (1, 7));
    /// ```
    #[must_use]
    pub fn update(&self, index: usize, value: T) -> Self {
        let mut v = self.clone();
        v.set(index, value);
        v
    }

    /// Moves all elements of `other` to the end of `self`. O(log n): the two trees are joined
    /// by RRB concatenation, sharing every node of both but those along the seam.
    ///
    /// # Panics
    ///
    /// With "capacity overflow", before changing anything, if the joined length would pass
    /// `usize::MAX` (sharing makes that reachable: appending a vector to itself doubles it).
    ///
    /// # Example
    ///
    /// ```
    /// let mut a: cowtree::Vector<u32> = (0..500).collect();
    /// let b: cowtree::Vector<u32> = (500..1000).collect();
    /// a.append(b);
    /// assert_eq!(a.len(), 1000);
    /// assert_eq!(a[700], 700);
    /// ```
    pub fn append(&mut self, other: Self) {
        self.check_grow(other.len());
        if other.is_empty() {
            return;
        }
        if self.is_empty() {
            *self = other;
            return;
        }
        // Everything that can panic (element clones when topping up a partial leaf) happens on
        // copies of the handles, so `self` is untouched if it does.
        // The partial leaves at the join (this tail, the other head) go to the front of the
        // right tree, so they are part of the seam that concatenation rebalances.
        let Vector {
            head: mut other_head,
            tree: mut right,
            tail: other_tail,
        } = other;
        if let Some(head) = other_head.take().filter(|h| !h.is_empty()) {
            right.push_front_leaf(in_order(head));
        }
        if let Some(tail) = self.tail.arc().filter(|t| !t.is_empty()) {
            right.push_front_leaf(tail.clone());
        }
        self.tree.append_tree(right);
        self.tail = other_tail;
    }

    /// Splits off the elements from `at` on and returns them; `self` keeps `[0, at)`. O(log n).
    ///
    /// # Panics
    ///
    /// If `at > len`.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v: cowtree::Vector<u32> = (0..10).collect();
    /// let w = v.split_off(4);
    /// assert_eq!((v.len(), w[0]), (4, 4));
    /// ```
    pub fn split_off(&mut self, at: usize) -> Self {
        let len = self.len();
        assert!(
            at <= len,
            "split index {at} out of range for Vector of length {len}"
        );
        let h = self.head.len();
        let t = self.tree.len;
        if at <= h {
            // Reversed storage: logical [0, at) is the stored suffix.
            let left: Leaf<T> = self.head[h - at..].iter().cloned().collect();
            let right_head: Leaf<T> = self.head[..h - at].iter().cloned().collect();
            let right = Vector {
                head: Buf::from_leaf(right_head),
                tree: std::mem::take(&mut self.tree),
                tail: std::mem::take(&mut self.tail),
            };
            self.head = Buf::from_leaf(left);
            right
        } else if at <= h + t {
            let right_tree = self.tree.split_off(at - h);
            Vector {
                head: Buf::new(),
                tree: right_tree,
                tail: std::mem::take(&mut self.tail),
            }
        } else {
            let k = at - h - t;
            let left: Leaf<T> = self.tail[..k].iter().cloned().collect();
            let right: Leaf<T> = self.tail[k..].iter().cloned().collect();
            self.tail = Buf::from_leaf(left);
            Vector {
                head: Buf::new(),
                tree: Tree::default(),
                tail: Buf::from_leaf(right),
            }
        }
    }

    /// Splits into `[0, at)` and `[at, len)`. O(log n).
    ///
    /// # Panics
    ///
    /// If `at > len`.
    ///
    /// # Example
    ///
    /// ```
    /// let v: cowtree::Vector<u32> = (0..10).collect();
    /// let (a, b) = v.split_at(3);
    /// assert_eq!((a.len(), b.len()), (3, 7));
    /// ```
    pub fn split_at(self, at: usize) -> (Self, Self) {
        let mut left = self;
        let right = left.split_off(at);
        (left, right)
    }

    /// A new vector holding the elements in `range`, sharing all but its two edges with `self`.
    /// O(log n).
    ///
    /// # Panics
    ///
    /// If the range is out of bounds or decreasing.
    ///
    /// # Example
    ///
    /// ```
    /// let v: cowtree::Vector<u32> = (0..100).collect();
    /// let s = v.slice(10..20);
    /// assert_eq!(s.len(), 10);
    /// assert_eq!(s[0], 10);
    /// ```
    #[must_use]
    pub fn slice(&self, range: impl RangeBounds<usize>) -> Self {
        let (s, e) = resolve_range(range, self.len());
        let mut v = self.clone();
        if e < v.len() {
            v.split_off(e);
        }
        if s > 0 {
            v = v.split_off(s);
        }
        v
    }

    /// Shortens the vector to `len` elements (no effect if it is not longer). O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut v: cowtree::Vector<u32> = (0..10).collect();
    /// v.truncate(3);
    /// assert_eq!(v.len(), 3);
    /// ```
    pub fn truncate(&mut self, len: usize) {
        if len < self.len() {
            self.split_off(len);
        }
    }

    /// Removes every element. O(1) plus dropping what this version owned alone.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![1]);
    /// v.clear();
    /// assert!(v.is_empty());
    /// ```
    pub fn clear(&mut self) {
        *self = Vector::new();
    }
}

/// A head leaf (stored reversed) in tree order: reversed in place when unique, else copied.
fn in_order<T: Clone>(mut head: Arc<Leaf<T>>) -> Arc<Leaf<T>> {
    match Arc::get_mut(&mut head) {
        Some(h) => {
            h.reverse();
            head
        }
        None => Arc::new(head.iter().rev().cloned().collect()),
    }
}

/// Vectors in several shapes and a model check, shared by the API files' unit tests.
#[cfg(test)]
mod testing {
    use super::Vector;

    /// Vectors of `0..n` built in a few shapes (pushes at the back, at the front, appends).
    pub(super) fn shapes(n: u32) -> Vec<Vector<u32>> {
        let back: Vector<u32> = (0..n).collect();
        let mut front = Vector::new();
        for x in (0..n).rev() {
            front.push_front(x);
        }
        let mut joined: Vector<u32> = (0..n / 3).collect();
        joined.append((n / 3..n).collect());
        vec![back, front, joined]
    }

    pub(super) fn check(v: &Vector<u32>, model: &[u32]) {
        v.check_invariants();
        assert_eq!(v.len(), model.len());
        for (i, x) in model.iter().enumerate() {
            assert_eq!(v.get(i), Some(x), "get({i})");
        }
        assert!(v.iter().eq(model.iter()));
    }

    pub(super) const SIZES: [u32; 7] = [0, 1, 2, 31, 33, 200, 2000];
}

#[cfg(test)]
mod tests {
    use super::testing::{shapes, SIZES};

    #[test]
    fn first_last_starts_ends() {
        for n in SIZES {
            for v in shapes(n) {
                let m: Vec<u32> = (0..n).collect();
                assert_eq!(v.first(), m.first());
                assert_eq!(v.last(), m.last());
                for k in [0, 1, 5, 40, n as usize] {
                    let k = k.min(m.len());
                    assert!(v.starts_with(&m[..k]));
                    assert!(v.ends_with(&m[m.len() - k..]));
                    if k > 0 {
                        let mut wrong = m[..k].to_vec();
                        wrong[k - 1] += 1;
                        assert!(!v.starts_with(&wrong));
                        let mut wrong = m[m.len() - k..].to_vec();
                        wrong[0] += 1;
                        assert!(!v.ends_with(&wrong));
                    }
                }
                let longer: Vec<u32> = (0..n + 1).collect();
                assert!(!v.starts_with(&longer) && !v.ends_with(&longer));
            }
        }
    }
}
