//! Ordering: sorting (stable and unstable), reversal, binary search.

use super::Vector;
use std::cmp::Ordering;

impl<T: Clone> Vector<T> {
    /// Sorts the elements (stable). O(n log n); the vector is rebuilt, and replaced only when
    /// the sort has finished.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![3, 1, 2]);
    /// v.sort();
    /// assert_eq!(v, cowtree::Vector::from(vec![1, 2, 3]));
    /// ```
    pub fn sort(&mut self)
    where
        T: Ord,
    {
        self.sort_by(T::cmp);
    }

    /// Sorts the elements with a comparator (stable). O(n log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![1, 3, 2]);
    /// v.sort_by(|a, b| b.cmp(a));
    /// assert_eq!(v[0], 3);
    /// ```
    pub fn sort_by<F: FnMut(&T, &T) -> Ordering>(&mut self, f: F) {
        let mut all: Vec<T> = self.iter().cloned().collect();
        all.sort_by(f);
        *self = all.into();
    }

    /// Sorts the elements by a key (stable). O(n log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![-3i32, 1, -2]);
    /// v.sort_by_key(|x| x.abs());
    /// assert_eq!(v, cowtree::Vector::from(vec![1, -2, -3]));
    /// ```
    pub fn sort_by_key<K: Ord, F: FnMut(&T) -> K>(&mut self, mut f: F) {
        self.sort_by(|a, b| f(a).cmp(&f(b)));
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

    /// Inserts `value` at its place in a sorted vector: after the elements less than or equal
    /// to it, so equal elements keep their insertion order. O(log n): one binary search (about
    /// `log2(n) + 3` comparisons) and one [`insert`](Self::insert). If the vector is not sorted,
    /// the place is some position where the search stops (as with
    /// [`binary_search`](Self::binary_search)).
    ///
    /// # Panics
    ///
    /// With "capacity overflow" if the vector holds `usize::MAX` elements.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![1, 3, 5]);
    /// v.insert_ord(4);
    /// assert_eq!(v, cowtree::Vector::from(vec![1, 3, 4, 5]));
    /// ```
    pub fn insert_ord(&mut self, value: T)
    where
        T: Ord,
    {
        self.insert_ord_by(value, T::cmp);
    }

    /// Inserts `value` at its place in a vector sorted by the comparator `f`, after the elements
    /// that compare less than or equal to it. O(log n) calls of `f` and one insert.
    ///
    /// # Panics
    ///
    /// With "capacity overflow" if the vector holds `usize::MAX` elements.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![5, 3, 1]);
    /// v.insert_ord_by(4, |a, b| b.cmp(a));
    /// assert_eq!(v, cowtree::Vector::from(vec![5, 4, 3, 1]));
    /// ```
    pub fn insert_ord_by<F: FnMut(&T, &T) -> Ordering>(&mut self, value: T, mut f: F) {
        // The first element greater than `value`: every element before it compares as "less".
        let at = match self.binary_search_by(|e| match f(e, &value) {
            Ordering::Greater => Ordering::Greater,
            _ => Ordering::Less,
        }) {
            Ok(i) | Err(i) => i,
        };
        self.insert(at, value);
    }

    /// Inserts `value` at its place in a vector sorted by the key `f`, after the elements whose
    /// key is less than or equal to its key. O(log n) calls of `f` and one insert.
    ///
    /// # Panics
    ///
    /// With "capacity overflow" if the vector holds `usize::MAX` elements.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![(1, 'a'), (3, 'b')]);
    /// v.insert_ord_by_key((2, 'z'), |&(k, _)| k);
    /// assert_eq!(v[1], (2, 'z'));
    /// ```
    pub fn insert_ord_by_key<K: Ord, F: FnMut(&T) -> K>(&mut self, value: T, mut f: F) {
        let key = f(&value);
        let at = match self.binary_search_by(|e| match f(e).cmp(&key) {
            Ordering::Greater => Ordering::Greater,
            _ => Ordering::Less,
        }) {
            Ok(i) | Err(i) => i,
        };
        self.insert(at, value);
    }

    /// Reverses the order of the elements. O(n); the vector is rebuilt.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v = cowtree::Vector::from(vec![1, 2, 3]);
    /// v.reverse();
    /// assert_eq!(v[0], 3);
    /// ```
    pub fn reverse(&mut self) {
        let rev: Vector<T> = self.iter().rev().cloned().collect();
        *self = rev;
    }
}

impl<T> Vector<T> {
    /// Binary search for `x` in a sorted vector: `Ok(index)` of a match or `Err(index)` where it
    /// would be inserted (if several elements match, the first). O(log n) comparisons (about
    /// `log2(n) + 3`), in one descent of the tree rather than a root-to-leaf lookup per probe.
    ///
    /// # Example
    ///
    /// ```
    /// let v: cowtree::Vector<u32> = (0..100).map(|x| x * 2).collect();
    /// assert_eq!(v.binary_search(&40), Ok(20));
    /// assert_eq!(v.binary_search(&41), Err(21));
    /// ```
    pub fn binary_search(&self, x: &T) -> Result<usize, usize>
    where
        T: Ord,
    {
        self.binary_search_by(|e| e.cmp(x))
    }

    /// Binary search with a comparator returning the order of an element relative to the
    /// target. O(log n) calls of `f` (about `log2(n) + 3`), in one descent of the tree.
    ///
    /// # Example
    ///
    /// ```
    /// let v: cowtree::Vector<u32> = (0..100).collect();
    /// assert_eq!(v.binary_search_by(|e| e.cmp(&7)), Ok(7));
    /// ```
    pub fn binary_search_by<F: FnMut(&T) -> Ordering>(&self, mut f: F) -> Result<usize, usize> {
        // The partition point of "before the target", found in the one part (head buffer, tree,
        // tail buffer) that holds it; then one look at the element there.
        let mut before = |e: &T| f(e) == Ordering::Less;
        let (h, t) = (self.head.len(), self.tree.len);
        let p = if self.tail.first().is_some_and(&mut before) {
            h + t + self.tail.partition_point(&mut before)
        } else if t > 0 && before(self.tree.get(0)) {
            h + self.tree.partition_point(&mut before)
        } else {
            // The head buffer is stored reversed: the elements before the target are a suffix.
            h - self.head.partition_point(|e| !before(e))
        };
        match self.get(p) {
            Some(e) if f(e) == Ordering::Equal => Ok(p),
            _ => Err(p),
        }
    }

    /// Binary search by a key extracted from each element. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let v: cowtree::Vector<(u32, char)> = vec![(1, 'a'), (3, 'b')].into();
    /// assert_eq!(v.binary_search_by_key(&3, |&(k, _)| k), Ok(1));
    /// ```
    pub fn binary_search_by_key<K: Ord, F: FnMut(&T) -> K>(
        &self,
        key: &K,
        mut f: F,
    ) -> Result<usize, usize> {
        self.binary_search_by(|e| f(e).cmp(key))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check, shapes, SIZES};
    use super::*;

    #[test]
    fn insert_ord_matches_a_sorted_vec_and_keeps_equal_elements_in_order() {
        for n in SIZES {
            for v0 in shapes(n) {
                // Sorted with runs of equal keys: (key, tag), keys x / 3.
                let mut v: Vector<(u32, u32)> = v0.iter().map(|&x| (x / 3, x)).collect();
                let mut m: Vec<(u32, u32)> = v.iter().copied().collect();
                for (k, key) in [0, n / 3, n / 6, n / 3 + 5, 1].into_iter().enumerate() {
                    let item = (key, 10_000 + k as u32);
                    // After every element with key <= `key`.
                    let at = m.partition_point(|e| e.0 <= key);
                    m.insert(at, item);
                    v.insert_ord_by_key(item, |e| e.0);
                    assert!(v.iter().eq(m.iter()), "n = {n}, key {key}");
                }
                v.check_invariants();
                let mut plain: Vector<u32> = v0.clone();
                let mut mp: Vec<u32> = v0.iter().copied().collect();
                for x in [0, n / 2, n, n + 10] {
                    plain.insert_ord(x);
                    let at = mp.partition_point(|&e| e <= x);
                    mp.insert(at, x);
                }
                check(&plain, &mp);
                let mut desc: Vector<u32> = v0.iter().rev().copied().collect();
                let mut md: Vec<u32> = desc.iter().copied().collect();
                for x in [0, n / 2, n + 1] {
                    desc.insert_ord_by(x, |a, b| b.cmp(a));
                    let at = md.partition_point(|&e| e >= x);
                    md.insert(at, x);
                }
                check(&desc, &md);
            }
        }
    }

    #[test]
    fn insert_ord_compares_a_logarithmic_number_of_times() {
        let mut v: Vector<u64> = (0..100_000).map(|x| x * 2).collect();
        let mut calls = 0u32;
        v.insert_ord_by(77_777, |a, b| {
            calls += 1;
            a.cmp(b)
        });
        assert_eq!(v[38_889], 77_777);
        // log2(100,000) is about 17.
        assert!(calls <= 17 + 8, "{calls} comparisons");
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
