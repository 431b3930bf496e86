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
