//! Filtering: `retain`, `retain_mut` and the `dedup` family.
//!
//! Removals run in two passes: the first calls the user's closure and records which indices go;
//! the second rebuilds the vector from the kept runs, sharing the part before the first removal
//! and every long run with the old version instead of cloning them.

use super::tree::B;
use super::Vector;

/// Kept runs at least this long are shared with the old version (a slice and an append, O(log n))
/// rather than cloned element by element.
const SHARED_RUN: usize = 2 * B;

impl<T: Clone> Vector<T> {
    /// Keeps only the elements for which `f` returns `true`, in order. O(n) calls of `f`; if
    /// nothing is removed the vector is left untouched (still sharing all its nodes), else it is
    /// rebuilt reusing the nodes of the part before the first removal and of long kept runs, and
    /// cloning the rest. `self` is replaced only at the end, so a panic in `f` or in `Clone`
    /// leaves it unchanged.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v: cowtree::Vector<u32> = (0..10).collect();
    /// v.retain(|x| x % 2 == 0);
    /// assert_eq!(v, cowtree::Vector::from(vec![0, 2, 4, 6, 8]));
    /// ```
    pub fn retain<F: FnMut(&T) -> bool>(&mut self, mut f: F) {
        let removed: Vec<usize> = (self.iter().enumerate())
            .filter(|(_, x)| !f(x))
            .map(|(i, _)| i)
            .collect();
        self.remove_sorted(&removed);
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

    /// Rebuilds `self` without the elements at the strictly increasing indices in `removed`.
    /// The part before the first removed index and kept runs of at least [`SHARED_RUN`]
    /// elements are shared with the old version; shorter runs are cloned. `self` is replaced
    /// only at the end, so a panicking `Clone` leaves it unchanged.
    fn remove_sorted(&mut self, removed: &[usize]) {
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
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check, shapes, SIZES};
    use super::*;

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
                    !(*x).is_multiple_of(500) && *x % 7 != 3
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
}
