//! Whole-vector operations: mutable iteration, retain, sort, search, reverse, memory figures.

use super::node::NodeRef;
use super::{IterMut, Vector};
use crate::sharing::{self, Sharing};
use std::cmp::Ordering;

impl<T: Clone> Vector<T> {
    /// An iterator over mutable references, front to back (double-ended). O(log n) to create,
    /// O(1) amortized per element; each leaf shared with another version is copied (with the
    /// branches above it) when the iteration reaches it.
    ///
    /// # Example
    ///
    /// ```
    /// let mut v: cowtree::Vector<u32> = (0..5).collect();
    /// for x in v.iter_mut() {
    ///     *x += 1;
    /// }
    /// assert_eq!(v.iter().sum::<u32>(), 15);
    /// ```
    pub fn iter_mut(&mut self) -> IterMut<'_, T> {
        IterMut::new(self)
    }

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

    fn heap_roots(&self) -> Vec<NodeRef<'_, T>> {
        let mut roots: Vec<NodeRef<'_, T>> = [&self.head, &self.tail]
            .into_iter()
            .filter_map(|b| b.arc().map(|l| NodeRef::Leaf(l)))
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
}
