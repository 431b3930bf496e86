//! Common traits for [`OrdMap`]: Clone, Default, Debug, equality, ordering, hashing, indexing.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Index;

use super::OrdMap;

impl<K, V> Clone for OrdMap<K, V> {
    /// An O(1) snapshot: one reference-count increment.
    fn clone(&self) -> Self {
        OrdMap {
            root: self.root.clone(),
        }
    }
}

impl<K, V> Default for OrdMap<K, V> {
    /// An empty map.
    fn default() -> Self {
        OrdMap::new()
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for OrdMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: PartialEq, V: PartialEq> PartialEq for OrdMap<K, V> {
    /// Equal entries in the same order. O(1) for the same version, O(n) otherwise.
    fn eq(&self, other: &Self) -> bool {
        self.ptr_eq(other) || (self.len() == other.len() && self.iter().eq(other.iter()))
    }
}

impl<K: Eq, V: Eq> Eq for OrdMap<K, V> {}

impl<K: PartialOrd, V: PartialOrd> PartialOrd for OrdMap<K, V> {
    /// Lexicographic order of the entry sequences, as std's `BTreeMap`.
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.iter().partial_cmp(other.iter())
    }
}

impl<K: Ord, V: Ord> Ord for OrdMap<K, V> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.iter().cmp(other.iter())
    }
}

impl<K: Hash, V: Hash> Hash for OrdMap<K, V> {
    /// Hashes the length and then every entry in order, as std's `BTreeMap` does.
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.len());
        for entry in self.iter() {
            entry.hash(state);
        }
    }
}

impl<K, Q, V> Index<&Q> for OrdMap<K, V>
where
    K: Borrow<Q> + Ord,
    Q: Ord + ?Sized,
{
    type Output = V;

    /// The value under `key`. O(log n).
    ///
    /// # Panics
    ///
    /// If the key is absent.
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("key not found in OrdMap")
    }
}
