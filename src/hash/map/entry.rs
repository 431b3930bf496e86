//! The entry API of [`HashMap`]: insert-or-update without looking a key up by hand twice.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hash};

use super::HashMap;

/// A view into one key's place in a [`HashMap`], occupied or vacant. Made by
/// [`HashMap::entry`].
///
/// # Example
///
/// ```
/// use cowtree::hash_map::Entry;
/// let mut map: cowtree::HashMap<_, _> = [(1, 'a')].into();
/// match map.entry(1) {
///     Entry::Occupied(e) => assert_eq!(e.get(), &'a'),
///     Entry::Vacant(_) => unreachable!(),
/// }
/// ```
pub enum Entry<'a, K, V, S = RandomState> {
    /// The key is in the map.
    Occupied(OccupiedEntry<'a, K, V, S>),
    /// The key is not in the map.
    Vacant(VacantEntry<'a, K, V, S>),
}

/// An entry whose key is in the map. Its methods cost O(log n) each (they walk to the key with
/// the hash computed once); mutable access copies the shared nodes on the key's path.
///
/// # Example
///
/// ```
/// use cowtree::hash_map::Entry;
/// let mut map: cowtree::HashMap<_, _> = [(1, 10)].into();
/// if let Entry::Occupied(mut e) = map.entry(1) {
///     *e.get_mut() += 1;
/// }
/// assert_eq!(map[&1], 11);
/// ```
pub struct OccupiedEntry<'a, K, V, S = RandomState> {
    map: &'a mut HashMap<K, V, S>,
    key: K,
    hash: u64,
}

/// An entry whose key is not in the map.
///
/// # Example
///
/// ```
/// use cowtree::hash_map::Entry;
/// let mut map: cowtree::HashMap<i32, char> = cowtree::HashMap::new();
/// if let Entry::Vacant(e) = map.entry(1) {
///     e.insert('a');
/// }
/// assert_eq!(map[&1], 'a');
/// ```
pub struct VacantEntry<'a, K, V, S = RandomState> {
    map: &'a mut HashMap<K, V, S>,
    key: K,
    hash: u64,
}

impl<'a, K, V, S> Entry<'a, K, V, S>
where
    K: Hash + Eq + Clone,
    V: Clone,
    S: BuildHasher,
{
    /// The value, inserting `default` first if the key is vacant. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::HashMap::new();
    /// *map.entry("a").or_insert(0) += 5;
    /// assert_eq!(map["a"], 5);
    /// ```
    pub fn or_insert(self, default: V) -> &'a mut V {
        match self {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(default),
        }
    }

    /// The value, inserting `default()` first if the key is vacant. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::HashMap::new();
    /// map.entry("a").or_insert_with(Vec::new).push(1);
    /// assert_eq!(map["a"], [1]);
    /// ```
    pub fn or_insert_with<F: FnOnce() -> V>(self, default: F) -> &'a mut V {
        match self {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(default()),
        }
    }

    /// The value, inserting `default(&key)` first if the key is vacant. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::HashMap::new();
    /// map.entry(3).or_insert_with_key(|k| k * 10);
    /// assert_eq!(map[&3], 30);
    /// ```
    pub fn or_insert_with_key<F: FnOnce(&K) -> V>(self, default: F) -> &'a mut V {
        match self {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                let v = default(&e.key);
                e.insert(v)
            }
        }
    }

    /// The value, inserting `V::default()` first if the key is vacant. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map: cowtree::HashMap<&str, u32> = cowtree::HashMap::new();
    /// *map.entry("a").or_default() += 1;
    /// assert_eq!(map["a"], 1);
    /// ```
    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }

    /// Calls `f` on the value if the key is occupied; returns the entry. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map: cowtree::HashMap<_, _> = [("a", 1)].into();
    /// map.entry("a").and_modify(|v| *v += 1).or_insert(0);
    /// assert_eq!(map["a"], 2);
    /// ```
    pub fn and_modify<F: FnOnce(&mut V)>(self, f: F) -> Self {
        match self {
            Entry::Occupied(mut e) => {
                f(e.get_mut());
                Entry::Occupied(e)
            }
            vacant => vacant,
        }
    }
}

impl<K, V, S> Entry<'_, K, V, S> {
    /// The entry's key. O(1).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map: cowtree::HashMap<_, u8> = cowtree::HashMap::new();
    /// assert_eq!(map.entry("a").key(), &"a");
    /// ```
    pub fn key(&self) -> &K {
        match self {
            Entry::Occupied(e) => &e.key,
            Entry::Vacant(e) => &e.key,
        }
    }
}

impl<'a, K, V, S> OccupiedEntry<'a, K, V, S> {
    pub(crate) fn new(map: &'a mut HashMap<K, V, S>, key: K, hash: u64) -> Self {
        OccupiedEntry { map, key, hash }
    }

    /// The key given to [`HashMap::entry`] (equal to the stored one). O(1).
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::hash_map::Entry;
    /// let mut map: cowtree::HashMap<_, _> = [(1, 'a')].into();
    /// if let Entry::Occupied(e) = map.entry(1) {
    ///     assert_eq!(e.key(), &1);
    /// }
    /// ```
    pub fn key(&self) -> &K {
        &self.key
    }
}

impl<'a, K, V, S> OccupiedEntry<'a, K, V, S>
where
    K: Hash + Eq + Clone,
    V: Clone,
    S: BuildHasher,
{
    /// The value. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::hash_map::Entry;
    /// let mut map: cowtree::HashMap<_, _> = [(1, 'a')].into();
    /// if let Entry::Occupied(e) = map.entry(1) {
    ///     assert_eq!(e.get(), &'a');
    /// }
    /// ```
    pub fn get(&self) -> &V {
        &self
            .map
            .root
            .get(0, self.hash, &self.key)
            .expect("occupied entry's key is in the map")
            .1
    }

    /// The value, mutably; copies the shared nodes on the key's path. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::hash_map::Entry;
    /// let mut map: cowtree::HashMap<_, _> = [(1, 1)].into();
    /// if let Entry::Occupied(mut e) = map.entry(1) {
    ///     *e.get_mut() = 2;
    /// }
    /// assert_eq!(map[&1], 2);
    /// ```
    pub fn get_mut(&mut self) -> &mut V {
        self.map
            .get_mut_hashed(self.hash, &self.key)
            .expect("occupied entry's key is in the map")
    }

    /// The value, mutably, for the map's whole borrow. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::hash_map::Entry;
    /// let mut map: cowtree::HashMap<_, _> = [(1, 1)].into();
    /// if let Entry::Occupied(e) = map.entry(1) {
    ///     *e.into_mut() = 3;
    /// }
    /// assert_eq!(map[&1], 3);
    /// ```
    pub fn into_mut(self) -> &'a mut V {
        self.map
            .get_mut_hashed(self.hash, &self.key)
            .expect("occupied entry's key is in the map")
    }

    /// Replaces the value; returns the old one. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::hash_map::Entry;
    /// let mut map: cowtree::HashMap<_, _> = [(1, 1)].into();
    /// if let Entry::Occupied(mut e) = map.entry(1) {
    ///     assert_eq!(e.insert(5), 1);
    /// }
    /// ```
    pub fn insert(&mut self, value: V) -> V {
        std::mem::replace(self.get_mut(), value)
    }

    /// Removes the entry; returns its value. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::hash_map::Entry;
    /// let mut map: cowtree::HashMap<_, _> = [(1, 'a')].into();
    /// if let Entry::Occupied(e) = map.entry(1) {
    ///     assert_eq!(e.remove(), 'a');
    /// }
    /// assert!(map.is_empty());
    /// ```
    pub fn remove(self) -> V {
        // The key is dropped while the value is a local, so a panicking `Drop` of the key drops
        // the value too instead of leaking it (see `remove_entry`).
        let (key, value) = self.remove_entry();
        drop(key);
        value
    }

    /// Removes the entry; returns the stored key and its value. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::hash_map::Entry;
    /// let mut map: cowtree::HashMap<_, _> = [(1, 'a')].into();
    /// if let Entry::Occupied(e) = map.entry(1) {
    ///     assert_eq!(e.remove_entry(), (1, 'a'));
    /// }
    /// ```
    pub fn remove_entry(self) -> (K, V) {
        let OccupiedEntry { map, key, hash } = self;
        let removed = map.remove_hashed(hash, &key);
        // The entry's own key is dropped before the return value is built: a destructor that
        // panics after that point would leak the returned entry (rust-lang/rust#47949).
        drop(key);
        removed.expect("occupied entry's key is in the map")
    }
}

impl<'a, K, V, S> VacantEntry<'a, K, V, S> {
    pub(crate) fn new(map: &'a mut HashMap<K, V, S>, key: K, hash: u64) -> Self {
        VacantEntry { map, key, hash }
    }

    /// The key that would be inserted. O(1).
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::hash_map::Entry;
    /// let mut map: cowtree::HashMap<_, u8> = cowtree::HashMap::new();
    /// if let Entry::Vacant(e) = map.entry(7) {
    ///     assert_eq!(e.key(), &7);
    /// }
    /// ```
    pub fn key(&self) -> &K {
        &self.key
    }

    /// Gives the key back without inserting. O(1).
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::hash_map::Entry;
    /// let mut map: cowtree::HashMap<_, u8> = cowtree::HashMap::new();
    /// if let Entry::Vacant(e) = map.entry(7) {
    ///     assert_eq!(e.into_key(), 7);
    /// }
    /// ```
    pub fn into_key(self) -> K {
        self.key
    }
}

impl<'a, K, V, S> VacantEntry<'a, K, V, S>
where
    K: Hash + Eq + Clone,
    V: Clone,
    S: BuildHasher,
{
    /// Inserts `value` under the key; returns it, mutably. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::hash_map::Entry;
    /// let mut map = cowtree::HashMap::new();
    /// if let Entry::Vacant(e) = map.entry("a") {
    ///     *e.insert(1) += 1;
    /// }
    /// assert_eq!(map["a"], 2);
    /// ```
    pub fn insert(self, value: V) -> &'a mut V {
        self.map.insert_hashed(self.hash, self.key, value).0
    }
}

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Debug for Entry<'_, K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Entry::Occupied(e) => f.debug_tuple("Occupied").field(e).finish(),
            Entry::Vacant(e) => f.debug_tuple("Vacant").field(e).finish(),
        }
    }
}

impl<K: fmt::Debug, V, S> fmt::Debug for OccupiedEntry<'_, K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OccupiedEntry")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl<K: fmt::Debug, V, S> fmt::Debug for VacantEntry<'_, K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VacantEntry")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}
