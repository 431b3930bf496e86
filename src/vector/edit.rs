//! The std `Vec` / `VecDeque` / slice methods built on the public split, append and iteration
//! API: swaps, draining, deduplication, resizing, `retain_mut`, unstable sorts and the slice
//! conveniences (`first`, `starts_with`, ...).
//!
//! Removals (`dedup*`, `retain_mut`) run in two passes: the first calls the user's closure and
//! records which indices go; the second rebuilds the vector from the kept runs, sharing the part
//! before the first removal and every long run with the old version instead of cloning them.

use super::node::B;
use super::{resolve_range, IntoIter, Vector};
use std::fmt;
use std::iter::FusedIterator;
use std::marker::PhantomData;
use std::ops::RangeBounds;

/// Kept runs at least this long are shared with the old version (a slice and an append, O(log n))
/// rather than cloned element by element.
const SHARED_RUN: usize = 2 * B;

impl<T> Vector<T> {
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
}

impl<T: Clone> Vector<T> {
    /// Swaps the elements at `a` and `b`. O(log n): one element is cloned and the two paths
    /// are copied if they are shared with another version. A panicking `Clone` leaves the
    /// vector unchanged.
    ///
    /// # Panics
    ///
    /// If `a` or `b` is out of range, naming the index and the length.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec!['a', 'b', 'c']);
    /// v.swap(0, 2);
    /// assert_eq!(v, cowtree::Vector::from(vec!['c', 'b', 'a']));
    /// ```
    pub fn swap(&mut self, a: usize, b: usize) {
        let len = self.len();
        for i in [a, b] {
            if i >= len {
                self.out_of_range(i);
            }
        }
        if a != b {
            // Copy both paths (if shared) and clone first: a panicking `Clone` then changes
            // nothing, and the two writes after it clone nothing.
            self.get_mut(a);
            self.get_mut(b);
            let x = self[b].clone();
            let y = self.set(a, x);
            self.set(b, y);
        }
    }

    /// Removes and returns the element at `index`, putting the last element in its place (the
    /// order is not kept). O(log n), with no shifting, split or concatenation.
    ///
    /// # Panics
    ///
    /// If `index >= len`, naming the index and the length.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![1, 2, 3, 4]);
    /// assert_eq!(v.swap_remove(1), 2);
    /// assert_eq!(v, cowtree::Vector::from(vec![1, 4, 3]));
    /// ```
    pub fn swap_remove(&mut self, index: usize) -> T {
        let len = self.len();
        if index >= len {
            panic!("swap_remove index {index} out of range for Vector of length {len}");
        }
        // Copy the path to `index` (if shared) before popping, so that the element clones this
        // may need happen while the vector is still whole.
        self.get_mut(index);
        let last = self.pop_back().expect("a non-empty vector");
        if index == len - 1 {
            last
        } else {
            self.set(index, last)
        }
    }

    /// Removes the elements in `range` and returns them as an owning iterator; the vector keeps
    /// the rest, in order. O(log n) for the structure (two splits and one concatenation) plus
    /// O(1) amortized per drained element. Unlike `Vec::drain`, the vector is already shortened
    /// when this returns, so dropping (or leaking) the iterator early changes nothing more: the
    /// elements not taken from it are dropped with it.
    ///
    /// # Panics
    ///
    /// If the range is decreasing or its end is past the length.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v: cowtree::Vector<u32> = (0..10).collect();
    /// let middle: Vec<u32> = v.drain(2..8).collect();
    /// assert_eq!(middle, [2, 3, 4, 5, 6, 7]);
    /// assert_eq!(v, cowtree::Vector::from(vec![0, 1, 8, 9]));
    /// ```
    pub fn drain(&mut self, range: impl RangeBounds<usize>) -> Drain<'_, T> {
        let (start, end) = resolve_range(range, self.len());
        // Work on a snapshot, so that a panicking `Clone` (splits copy the edge leaves) leaves
        // `self` as it was.
        let mut left = self.clone();
        let mut middle = left.split_off(start);
        let right = middle.split_off(end - start);
        left.append(right);
        // Dropping the old version first lets the iterator move out of leaves it now owns.
        *self = left;
        Drain {
            inner: middle.into_iter(),
            _vector: PhantomData,
        }
    }

    /// Rebuilds `self` without the elements at the strictly increasing indices in `removed`.
    /// The part before the first removed index and kept runs of at least [`SHARED_RUN`]
    /// elements are shared with the old version; shorter runs are cloned. `self` is replaced
    /// only at the end, so a panicking `Clone` leaves it unchanged.
    pub(super) fn remove_sorted(&mut self, removed: &[usize]) {
        let Some(&first) = removed.first() else {
            return;
        };
        let mut out = self.clone();
        out.truncate(first);
        let mut start = first + 1;
        for end in removed[1..].iter().copied().chain([self.len()]) {
            if end - start >= SHARED_RUN {
                out.append(self.slice(start..end));
            } else {
                out.extend(self.range(start..end).cloned());
            }
            start = end + 1;
        }
        *self = out;
    }

    /// Removes consecutive repeated elements, keeping the first of each run (like
    /// `Vec::dedup`). O(n) comparisons; if nothing is removed the vector is left untouched
    /// (still sharing all its nodes), else the part before the first duplicate and long runs
    /// without one stay shared and the rest is cloned into new leaves.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![1, 1, 2, 3, 3, 3, 1]);
    /// v.dedup();
    /// assert_eq!(v, cowtree::Vector::from(vec![1, 2, 3, 1]));
    /// ```
    pub fn dedup(&mut self)
    where
        T: PartialEq,
    {
        let mut removed = Vec::new();
        {
            let mut it = self.iter().enumerate();
            if let Some((_, first)) = it.next() {
                let mut kept = first;
                for (i, x) in it {
                    if x == kept {
                        removed.push(i);
                    } else {
                        kept = x;
                    }
                }
            }
        }
        self.remove_sorted(&removed);
    }

    /// Removes consecutive elements for which `same_bucket(current, last_kept)` returns true
    /// (like `Vec::dedup_by`; the closure may change both elements, and changes to kept ones
    /// stay). O(n): the elements are visited mutably, so leaves shared with another version are
    /// copied (as by [`iter_mut`](Self::iter_mut)); removals then rebuild as in
    /// [`retain_mut`](Self::retain_mut). For a sharing-preserving pass, use
    /// [`dedup`](Self::dedup).
    ///
    /// If `same_bucket` panics, nothing has been removed (changes it made stay).
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec!["a", "A", "b", "B", "b"]);
    /// v.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    /// assert_eq!(v, cowtree::Vector::from(vec!["a", "b"]));
    /// ```
    pub fn dedup_by<F>(&mut self, mut same_bucket: F)
    where
        F: FnMut(&mut T, &mut T) -> bool,
    {
        if self.len() < 2 {
            return;
        }
        let mut removed = Vec::new();
        {
            let mut it = self.iter_mut().enumerate();
            if let Some((_, first)) = it.next() {
                let mut kept = first;
                for (i, x) in it {
                    if same_bucket(x, kept) {
                        removed.push(i);
                    } else {
                        kept = x;
                    }
                }
            }
        }
        self.remove_sorted(&removed);
    }

    /// Removes consecutive elements that have the same key as the last kept one (like
    /// `Vec::dedup_by_key`). Same cost as [`dedup_by`](Self::dedup_by).
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![10, 11, 20, 21, 12]);
    /// v.dedup_by_key(|x| *x / 10);
    /// assert_eq!(v, cowtree::Vector::from(vec![10, 20, 12]));
    /// ```
    pub fn dedup_by_key<K, F>(&mut self, mut key: F)
    where
        F: FnMut(&mut T) -> K,
        K: PartialEq,
    {
        self.dedup_by(|a, b| key(a) == key(b));
    }

    /// Keeps only the elements for which `f` returns true, letting `f` change them (like
    /// `Vec::retain_mut`; changes to kept elements stay). O(n): the elements are visited
    /// mutably, so leaves shared with another version are copied (as by
    /// [`iter_mut`](Self::iter_mut)); then, if some are removed, the vector is rebuilt, reusing
    /// the nodes of the part before the first removal and of long kept runs (not cloning them).
    ///
    /// If `f` panics, nothing has been removed (changes it made stay).
    ///
    /// # Example
    ///
    /// ```
    /// let mut v: cowtree::Vector<u32> = (0..10).collect();
    /// v.retain_mut(|x| {
    ///     *x *= 10;
    ///     *x % 20 == 0
    /// });
    /// assert_eq!(v, cowtree::Vector::from(vec![0, 20, 40, 60, 80]));
    /// ```
    pub fn retain_mut<F>(&mut self, mut f: F)
    where
        F: FnMut(&mut T) -> bool,
    {
        let mut removed = Vec::new();
        for (i, x) in self.iter_mut().enumerate() {
            if !f(x) {
                removed.push(i);
            }
        }
        self.remove_sorted(&removed);
    }

    /// Resizes the vector to `new_len`: truncates it, or appends clones of `value`. O(log n)
    /// to shorten; to grow by k, O(k) for a few elements and O(log(n + k)) otherwise (the new
    /// part is built by [`repeat`](Self::repeat), sharing one leaf, then concatenated).
    ///
    /// If a `Clone` panics while growing by a few elements, those pushed before it stay (as
    /// with `Vec::resize`); a larger growth is all or nothing.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![1, 2]);
    /// v.resize(5, 0);
    /// assert_eq!(v, cowtree::Vector::from(vec![1, 2, 0, 0, 0]));
    /// v.resize(1, 9);
    /// assert_eq!(v, cowtree::Vector::from(vec![1]));
    /// ```
    pub fn resize(&mut self, new_len: usize, value: T) {
        let len = self.len();
        if new_len <= len {
            self.truncate(new_len);
        } else if new_len - len <= B {
            self.extend(std::iter::repeat(value).take(new_len - len));
        } else {
            self.append(Vector::repeat(value, new_len - len));
        }
    }

    /// Resizes the vector to `new_len`: truncates it, or pushes values returned by `f` at the
    /// back. O(log n) to shorten, amortized O(1) per new element.
    ///
    /// If `f` panics, the elements pushed so far stay.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::new();
    /// let mut next = 0;
    /// v.resize_with(3, || {
    ///     next += 1;
    ///     next
    /// });
    /// assert_eq!(v, cowtree::Vector::from(vec![1, 2, 3]));
    /// ```
    pub fn resize_with<F: FnMut() -> T>(&mut self, new_len: usize, mut f: F) {
        let len = self.len();
        if new_len <= len {
            self.truncate(new_len);
        } else {
            for _ in len..new_len {
                self.push_back(f());
            }
        }
    }

    /// Appends clones of the elements of `other`. Amortized O(1) per element.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![1]);
    /// v.extend_from_slice(&[2, 3]);
    /// assert_eq!(v, cowtree::Vector::from(vec![1, 2, 3]));
    /// ```
    pub fn extend_from_slice(&mut self, other: &[T]) {
        self.extend(other.iter().cloned());
    }

    /// Sets every element to a clone of `value`. O(log n) time and memory: the vector is
    /// replaced by [`repeat`](Self::repeat)`(value, len)`, whose leaves are all one shared leaf.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v: cowtree::Vector<u32> = (0..1000).collect();
    /// v.fill(7);
    /// assert!(v.iter().all(|&x| x == 7));
    /// assert_eq!(v.len(), 1000);
    /// ```
    pub fn fill(&mut self, value: T) {
        *self = Vector::repeat(value, self.len());
    }

    /// Sorts the elements, not keeping the order of equal ones. O(n log n); the elements are
    /// cloned out, sorted, and the vector rebuilt and replaced only when the sort has finished.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![3, 1, 2]);
    /// v.sort_unstable();
    /// assert_eq!(v, cowtree::Vector::from(vec![1, 2, 3]));
    /// ```
    pub fn sort_unstable(&mut self)
    where
        T: Ord,
    {
        self.sort_unstable_by(T::cmp);
    }

    /// Sorts the elements with a comparator, not keeping the order of equal ones. O(n log n),
    /// as [`sort_unstable`](Self::sort_unstable).
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![1, 3, 2]);
    /// v.sort_unstable_by(|a, b| b.cmp(a));
    /// assert_eq!(v, cowtree::Vector::from(vec![3, 2, 1]));
    /// ```
    pub fn sort_unstable_by<F>(&mut self, f: F)
    where
        F: FnMut(&T, &T) -> std::cmp::Ordering,
    {
        let mut all: Vec<T> = self.iter().cloned().collect();
        all.sort_unstable_by(f);
        *self = all.into();
    }

    /// Sorts the elements by a key, not keeping the order of equal ones. O(n log n), as
    /// [`sort_unstable`](Self::sort_unstable).
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![-3i32, 1, -2]);
    /// v.sort_unstable_by_key(|x| x.abs());
    /// assert_eq!(v, cowtree::Vector::from(vec![1, -2, -3]));
    /// ```
    pub fn sort_unstable_by_key<K, F>(&mut self, mut f: F)
    where
        F: FnMut(&T) -> K,
        K: Ord,
    {
        self.sort_unstable_by(|a, b| f(a).cmp(&f(b)));
    }
}

/// The elements removed by [`Vector::drain`], as an owning iterator (double-ended,
/// exact-size). The vector is already shortened when it is made; elements not taken from it are
/// dropped with it. Each step is O(1) amortized (it takes one leaf at a time, moving the
/// elements out of leaves no other version holds and cloning the others).
///
/// # Example
///
/// ```
/// let mut v: cowtree::Vector<u32> = (0..100).collect();
/// let mut d = v.drain(10..20);
/// assert_eq!(d.len(), 10);
/// assert_eq!(d.next_back(), Some(19));
/// drop(d);
/// assert_eq!(v.len(), 90);
/// ```
pub struct Drain<'a, T: Clone> {
    inner: IntoIter<T>,
    /// Ties the iterator to the borrow of the vector, as `Vec::drain` does.
    _vector: PhantomData<&'a mut Vector<T>>,
}

impl<T: Clone> fmt::Debug for Drain<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Drain").field("len", &self.len()).finish()
    }
}

impl<T: Clone> Iterator for Drain<'_, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        self.inner.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T: Clone> DoubleEndedIterator for Drain<'_, T> {
    fn next_back(&mut self) -> Option<T> {
        self.inner.next_back()
    }
}

impl<T: Clone> ExactSizeIterator for Drain<'_, T> {}
impl<T: Clone> FusedIterator for Drain<'_, T> {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Vectors of `0..n` built in a few shapes (pushes at the back, at the front, appends).
    fn shapes(n: u32) -> Vec<Vector<u32>> {
        let back: Vector<u32> = (0..n).collect();
        let mut front = Vector::new();
        for x in (0..n).rev() {
            front.push_front(x);
        }
        let mut joined: Vector<u32> = (0..n / 3).collect();
        joined.append((n / 3..n).collect());
        vec![back, front, joined]
    }

    fn check(v: &Vector<u32>, model: &[u32]) {
        v.check_invariants();
        assert_eq!(v.len(), model.len());
        for (i, x) in model.iter().enumerate() {
            assert_eq!(v.get(i), Some(x), "get({i})");
        }
        assert!(v.iter().eq(model.iter()));
    }

    const SIZES: [u32; 7] = [0, 1, 2, 31, 33, 200, 2000];

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

    #[test]
    fn swap_and_swap_remove_match_vec() {
        for n in SIZES.into_iter().filter(|&n| n > 0) {
            for mut v in shapes(n) {
                let mut m: Vec<u32> = (0..n).collect();
                let snapshot = v.clone();
                let last = m.len() - 1;
                for (a, b) in [
                    (0, last),
                    (last / 2, 0),
                    (1.min(last), last / 3),
                    (3 % (last + 1), 3 % (last + 1)),
                ] {
                    v.swap(a, b);
                    m.swap(a, b);
                    check(&v, &m);
                }
                for i in [0, m.len() / 2, m.len() - 1] {
                    if i < m.len() {
                        assert_eq!(v.swap_remove(i), m.swap_remove(i));
                        check(&v, &m);
                    }
                }
                check(&snapshot, &(0..n).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    #[should_panic(expected = "index 5 out of range for Vector of length 5")]
    fn swap_out_of_range_names_index_and_length() {
        let mut v: Vector<u32> = (0..5).collect();
        v.swap(0, 5);
    }

    #[test]
    #[should_panic(expected = "swap_remove index 3 out of range for Vector of length 3")]
    fn swap_remove_out_of_range_names_index_and_length() {
        let mut v: Vector<u32> = (0..3).collect();
        v.swap_remove(3);
    }

    #[test]
    fn drain_matches_vec_and_leaves_snapshot() {
        for n in SIZES {
            for v0 in shapes(n) {
                let len = n as usize;
                for (s, e) in [
                    (0, len),
                    (0, 0),
                    (len / 3, len / 2),
                    (len / 2, len),
                    (0, len / 4),
                ] {
                    let mut v = v0.clone();
                    let mut m: Vec<u32> = (0..n).collect();
                    let got: Vec<u32> = v.drain(s..e).collect();
                    let want: Vec<u32> = m.drain(s..e).collect();
                    assert_eq!(got, want);
                    check(&v, &m);
                    // From the back, and dropped half-way.
                    let mut v = v0.clone();
                    let mut m: Vec<u32> = (0..n).collect();
                    let mut d = v.drain(s..e);
                    assert_eq!(d.len(), e - s);
                    assert_eq!(d.next_back(), (s < e).then(|| m[e - 1]));
                    drop(d);
                    m.drain(s..e);
                    check(&v, &m);
                }
                check(&v0, &(0..n).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    #[should_panic(expected = "range end 11 out of range for Vector of length 10")]
    fn drain_past_the_end_panics() {
        let mut v: Vector<u32> = (0..10).collect();
        v.drain(5..11);
    }

    #[test]
    fn dedup_family_matches_vec() {
        let data: Vec<u32> = (0..3000u32).map(|i| (i / 3) % 7 + (i / 500)).collect();
        for n in [0, 1, 2, 40, 100, 3000] {
            let m0 = &data[..n];
            let v0 = Vector::from(m0);
            let mut v = v0.clone();
            let mut m = m0.to_vec();
            v.dedup();
            m.dedup();
            check(&v, &m);
            let mut v = v0.clone();
            let mut m = m0.to_vec();
            v.dedup_by_key(|x| *x / 2);
            m.dedup_by_key(|x| *x / 2);
            check(&v, &m);
            let mut v = v0.clone();
            let mut m = m0.to_vec();
            // Changes made by the closure to kept elements stay.
            v.dedup_by(|a, b| {
                *b += 1;
                *a % 3 == *b % 3
            });
            m.dedup_by(|a, b| {
                *b += 1;
                *a % 3 == *b % 3
            });
            check(&v, &m);
            check(&v0, m0);
        }
    }

    #[test]
    fn dedup_without_duplicates_keeps_the_nodes() {
        let mut v: Vector<u32> = (0..5000).collect();
        let snapshot = v.clone();
        v.dedup();
        assert!(v.ptr_eq(&snapshot));
    }

    #[test]
    fn retain_mut_matches_vec_and_shares_long_runs() {
        for n in SIZES {
            for v0 in shapes(n) {
                let mut v = v0.clone();
                let mut m: Vec<u32> = (0..n).collect();
                let f = |x: &mut u32| {
                    *x += 1;
                    *x % 500 != 0 && *x % 7 != 3
                };
                v.retain_mut(f);
                m.retain_mut(f);
                check(&v, &m);
                check(&v0, &(0..n).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn dedup_shares_the_prefix_and_long_runs_with_a_snapshot() {
        // Duplicates near the end and in the middle of a big vector: the rest stays shared.
        let mut v: Vector<u64> = (0..100_000).collect();
        v.insert(99_990, 99_990);
        v.insert(50_000, 50_000);
        let snapshot = v.clone();
        v.dedup();
        assert!(v.iter().copied().eq(0..100_000));
        v.check_invariants();
        let s = v.sharing(&snapshot);
        assert!(s.only_self * 10 < s.shared, "{s:?}");
    }

    #[test]
    fn retain_shares_the_prefix_and_long_runs_with_a_snapshot() {
        let mut v: Vector<u64> = (0..100_000).collect();
        let snapshot = v.clone();
        v.retain(|&x| x != 50_000 && x != 99_990);
        assert!(v
            .iter()
            .copied()
            .eq((0..100_000).filter(|&x| x != 50_000 && x != 99_990)));
        v.check_invariants();
        let s = v.sharing(&snapshot);
        assert!(s.only_self * 10 < s.shared, "{s:?}");
        // Nothing removed: nothing copied.
        let before = v.clone();
        v.retain(|_| true);
        assert_eq!(v.sharing(&before).only_self, 0);
    }

    #[test]
    fn resize_and_resize_with_match_vec() {
        for n in SIZES {
            for v0 in shapes(n) {
                for new_len in [
                    0,
                    1,
                    n as usize / 2,
                    n as usize,
                    n as usize + 3,
                    n as usize + 1000,
                ] {
                    let mut v = v0.clone();
                    let mut m: Vec<u32> = (0..n).collect();
                    v.resize(new_len, 77);
                    m.resize(new_len, 77);
                    check(&v, &m);
                    let mut v = v0.clone();
                    let mut m: Vec<u32> = (0..n).collect();
                    let mut c = 0;
                    v.resize_with(new_len, || {
                        c += 1;
                        c
                    });
                    let mut c = 0;
                    m.resize_with(new_len, || {
                        c += 1;
                        c
                    });
                    check(&v, &m);
                }
            }
        }
    }

    #[test]
    fn fill_extend_and_unstable_sorts_match_vec() {
        for n in SIZES {
            for v0 in shapes(n) {
                let m0: Vec<u32> = (0..n)
                    .map(|x| x.wrapping_mul(2_654_435_761) % 1000)
                    .collect();
                let mut v = v0.clone();
                let mut m: Vec<u32> = (0..n).collect();
                v.extend_from_slice(&m0);
                m.extend_from_slice(&m0);
                check(&v, &m);
                let mut a = v.clone();
                let mut ma = m.clone();
                a.sort_unstable();
                ma.sort_unstable();
                check(&a, &ma);
                let mut a = v.clone();
                let mut ma = m.clone();
                a.sort_unstable_by(|x, y| y.cmp(x));
                ma.sort_unstable_by(|x, y| y.cmp(x));
                check(&a, &ma);
                let mut a = v.clone();
                let mut ma = m.clone();
                a.sort_unstable_by_key(|x| *x % 10);
                ma.sort_unstable_by_key(|x| *x % 10);
                // Equal keys may land in any order: compare the keys and the multiset.
                assert!(a.iter().map(|x| x % 10).eq(ma.iter().map(|x| x % 10)));
                let mut sa: Vec<u32> = a.iter().copied().collect();
                sa.sort_unstable();
                let mut sm = ma.clone();
                sm.sort_unstable();
                assert_eq!(sa, sm);
                a.check_invariants();
                v.fill(5);
                m.fill(5);
                check(&v, &m);
            }
        }
    }
}
