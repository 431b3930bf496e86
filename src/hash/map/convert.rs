//! Conversions into [`HashMap`]: from arrays, vectors and slices of pairs, and from std's
//! `HashMap`. Each builds the trie bottom-up in one pass when the map starts empty (see
//! `FromIterator`), O(n log n) for the sort by hash, and keeps the last value of a repeated key.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hash};

use super::HashMap;

impl<K, V, const N: usize> From<[(K, V); N]> for HashMap<K, V, RandomState>
where
    K: Hash + Eq + Clone,
    V: Clone,
{
    /// A map of the pairs (a repeated key keeps its last value).
    ///
    /// # Example
    ///
    /// ```
    /// let map = cowtree::HashMap::from([(1, 'a'), (2, 'b'), (1, 'c')]);
    /// assert_eq!((map.len(), map[&1]), (2, 'c'));
    /// ```
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl<K, V> From<Vec<(K, V)>> for HashMap<K, V, RandomState>
where
    K: Hash + Eq + Clone,
    V: Clone,
{
    /// A map of the pairs, moved out of the vector (a repeated key keeps its last value).
    ///
    /// # Example
    ///
    /// ```
    /// let map = cowtree::HashMap::from(vec![(1, 'a'), (2, 'b')]);
    /// assert_eq!(map[&2], 'b');
    /// ```
    fn from(pairs: Vec<(K, V)>) -> Self {
        pairs.into_iter().collect()
    }
}

impl<K, V> From<&[(K, V)]> for HashMap<K, V, RandomState>
where
    K: Hash + Eq + Clone,
    V: Clone,
{
    /// A map of clones of the pairs (a repeated key keeps its last value).
    ///
    /// # Example
    ///
    /// ```
    /// let pairs = [("a".to_string(), 1), ("b".to_string(), 2)];
    /// let map = cowtree::HashMap::from(&pairs[..]);
    /// assert_eq!(map["a"], 1);
    /// ```
    fn from(pairs: &[(K, V)]) -> Self {
        pairs.iter().cloned().collect()
    }
}

impl<K, V, S> From<std::collections::HashMap<K, V, S>> for HashMap<K, V, S>
where
    K: Hash + Eq + Clone,
    V: Clone,
    S: BuildHasher + Clone,
{
    /// A map of std's map's entries (moved), with a clone of its hasher.
    ///
    /// # Example
    ///
    /// ```
    /// let std_map: std::collections::HashMap<_, _> = [(1, 'a')].into();
    /// let map = cowtree::HashMap::from(std_map);
    /// assert_eq!(map[&1], 'a');
    /// ```
    fn from(map: std::collections::HashMap<K, V, S>) -> Self {
        let mut out = HashMap::with_hasher(map.hasher().clone());
        out.extend(map);
        out
    }
}

impl<K, V, S> From<HashMap<K, V, S>> for std::collections::HashMap<K, V, S>
where
    K: Hash + Eq + Clone,
    V: Clone,
    S: BuildHasher + Clone,
{
    /// std's map of this map's entries (moved out where this map owns them alone, cloned where
    /// a snapshot shares them), with a clone of the hasher.
    ///
    /// # Example
    ///
    /// ```
    /// let map: cowtree::HashMap<_, _> = [(1, 'a')].into();
    /// let std_map = std::collections::HashMap::from(map);
    /// assert_eq!(std_map[&1], 'a');
    /// ```
    fn from(map: HashMap<K, V, S>) -> Self {
        let mut out =
            std::collections::HashMap::with_capacity_and_hasher(map.len(), map.hasher().clone());
        out.extend(map);
        out
    }
}
