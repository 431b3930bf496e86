//! Conversions into [`HashSet`]: from arrays, vectors and slices, and from std's `HashSet`
//! (and back). Each builds the trie bottom-up in one pass (see `FromIterator`), O(n log n).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hash};

use super::HashSet;

impl<T: Hash + Eq + Clone, const N: usize> From<[T; N]> for HashSet<T, RandomState> {
    /// A set of the values (repeats count once).
    ///
    /// # Example
    ///
    /// ```
    /// let set = cowtree::HashSet::from([1, 2, 1]);
    /// assert_eq!(set.len(), 2);
    /// ```
    fn from(values: [T; N]) -> Self {
        values.into_iter().collect()
    }
}

impl<T: Hash + Eq + Clone> From<Vec<T>> for HashSet<T, RandomState> {
    /// A set of the values, moved out of the vector (repeats count once).
    ///
    /// # Example
    ///
    /// ```
    /// let set = cowtree::HashSet::from(vec!["a", "b"]);
    /// assert!(set.contains("b"));
    /// ```
    fn from(values: Vec<T>) -> Self {
        values.into_iter().collect()
    }
}

impl<T: Hash + Eq + Clone> From<&[T]> for HashSet<T, RandomState> {
    /// A set of clones of the values (repeats count once).
    ///
    /// # Example
    ///
    /// ```
    /// let words = ["a".to_string(), "b".to_string()];
    /// let set = cowtree::HashSet::from(&words[..]);
    /// assert!(set.contains("a"));
    /// ```
    fn from(values: &[T]) -> Self {
        values.iter().cloned().collect()
    }
}

impl<T, S> From<std::collections::HashSet<T, S>> for HashSet<T, S>
where
    T: Hash + Eq + Clone,
    S: BuildHasher + Clone,
{
    /// A set of std's set's elements (moved), with a clone of its hasher.
    ///
    /// # Example
    ///
    /// ```
    /// let std_set: std::collections::HashSet<_> = [1, 2].into();
    /// let set = cowtree::HashSet::from(std_set);
    /// assert!(set.contains(&2));
    /// ```
    fn from(set: std::collections::HashSet<T, S>) -> Self {
        let mut out = HashSet::with_hasher(set.hasher().clone());
        out.extend(set);
        out
    }
}

impl<T, S> From<HashSet<T, S>> for std::collections::HashSet<T, S>
where
    T: Hash + Eq + Clone,
    S: BuildHasher + Clone,
{
    /// std's set of this set's elements, with a clone of the hasher.
    ///
    /// # Example
    ///
    /// ```
    /// let set: cowtree::HashSet<_> = [1].into();
    /// let std_set = std::collections::HashSet::from(set);
    /// assert!(std_set.contains(&1));
    /// ```
    fn from(set: HashSet<T, S>) -> Self {
        let mut out =
            std::collections::HashSet::with_capacity_and_hasher(set.len(), set.hasher().clone());
        out.extend(set);
        out
    }
}
