//! The entry API: [`Entry`], [`OccupiedEntry`], [`VacantEntry`], as std's `BTreeMap` has them, with
//! [`OrdMap::entry`], [`OrdMap::first_entry`] and [`OrdMap::last_entry`] that make them.

use std::fmt;

use super::OrdMap;

impl<K: Ord + Clone, V: Clone> OrdMap<K, V> {
    /// The entry for `key`, to read, insert or change in place. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut counts = cowtree::OrdMap::new();
    /// for w in ["a", "b", "a"] {
    ///     *counts.entry(w).or_insert(0) += 1;
    /// }
    /// assert_eq!(counts[&"a"], 2);
    /// ```
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        if self.contains_key(&key) {
            Entry::Occupied(OccupiedEntry {
                map: self,
                place: Place::Key(key),
            })
        } else {
            Entry::Vacant(VacantEntry { map: self, key })
        }
    }

    /// The entry with the smallest key, to read, change or remove in place; `None` if the map is
    /// empty. As std's `BTreeMap::first_entry`.
    ///
    /// Cost: O(1) to make; each method of the entry is O(log n) (a descent by rank, no key
    /// comparisons). The first write through it copies the shared root-to-leaf path, once: later
    /// writes find the path already unique.
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::OrdMap::from([(1, 'a'), (2, 'b')]);
    /// let snapshot = map.clone();
    /// if let Some(mut e) = map.first_entry() {
    ///     assert_eq!(e.key(), &1);
    ///     *e.get_mut() = 'z';
    /// }
    /// assert_eq!(map.first_entry().map(|e| e.remove()), Some('z'));
    /// assert_eq!(map.len(), 1);
    /// assert_eq!(snapshot[&1], 'a');
    /// ```
    pub fn first_entry(&mut self) -> Option<OccupiedEntry<'_, K, V>> {
        if self.is_empty() {
            return None;
        }
        Some(OccupiedEntry {
            map: self,
            place: Place::Rank(0),
        })
    }

    /// The entry with the largest key, to read, change or remove in place; `None` if the map is
    /// empty. As std's `BTreeMap::last_entry`. Same cost as [`first_entry`](OrdMap::first_entry).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::OrdMap::from([(1, 10), (2, 20)]);
    /// if let Some(mut e) = map.last_entry() {
    ///     assert_eq!(e.insert(21), 20);
    /// }
    /// assert_eq!(map.last_entry().map(|e| e.remove_entry()), Some((2, 21)));
    /// assert_eq!(map.len(), 1);
    /// ```
    pub fn last_entry(&mut self) -> Option<OccupiedEntry<'_, K, V>> {
        let n = self.len();
        if n == 0 {
            return None;
        }
        Some(OccupiedEntry {
            map: self,
            place: Place::Rank(n - 1),
        })
    }
}

/// Where an occupied entry is: under the key it was asked for ([`OrdMap::entry`]), or at a rank
/// ([`OrdMap::first_entry`], [`OrdMap::last_entry`], [`VacantEntry::insert_entry`]), which needs
/// no copy of the key. The map cannot change while the entry borrows it, so either stays valid.
enum Place<K> {
    Key(K),
    Rank(usize),
}

/// A view into one key's place in an [`OrdMap`], made by [`OrdMap::entry`].
///
/// # Example
///
/// ```
/// use cowtree::ord_map::Entry;
/// let mut map = cowtree::OrdMap::from([(1, 'a')]);
/// assert!(matches!(map.entry(1), Entry::Occupied(_)));
/// assert!(matches!(map.entry(2), Entry::Vacant(_)));
/// ```
pub enum Entry<'a, K, V> {
    /// The key has no entry.
    Vacant(VacantEntry<'a, K, V>),
    /// The key has an entry.
    Occupied(OccupiedEntry<'a, K, V>),
}

/// An entry that is present, made by [`OrdMap::entry`], [`OrdMap::first_entry`],
/// [`OrdMap::last_entry`] or `insert_entry`. Each method is O(log n) (a descent by key, or by rank
/// for the first and last entries); the first write copies the path when it is shared, later ones
/// find it unique.
///
/// # Example
///
/// ```
/// use cowtree::ord_map::Entry;
/// let mut map = cowtree::OrdMap::from([(1, 'a')]);
/// if let Entry::Occupied(mut e) = map.entry(1) {
///     assert_eq!(e.insert('b'), 'a');
/// }
/// assert_eq!(map[&1], 'b');
/// ```
pub struct OccupiedEntry<'a, K, V> {
    map: &'a mut OrdMap<K, V>,
    place: Place<K>,
}

/// An entry that is absent.
///
/// # Example
///
/// ```
/// use cowtree::ord_map::Entry;
/// let mut map = cowtree::OrdMap::<u8, char>::new();
/// if let Entry::Vacant(e) = map.entry(1) {
///     e.insert('a');
/// }
/// assert_eq!(map[&1], 'a');
/// ```
pub struct VacantEntry<'a, K, V> {
    map: &'a mut OrdMap<K, V>,
    key: K,
}

impl<'a, K: Ord + Clone, V: Clone> Entry<'a, K, V> {
    /// The value, inserting `default` first if absent. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::OrdMap::new();
    /// *map.entry(1).or_insert(0) += 5;
    /// assert_eq!(map[&1], 5);
    /// ```
    pub fn or_insert(self, default: V) -> &'a mut V {
        match self {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(default),
        }
    }

    /// The value, inserting `default()` first if absent. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::OrdMap::new();
    /// map.entry(1).or_insert_with(|| 'x');
    /// assert_eq!(map[&1], 'x');
    /// ```
    pub fn or_insert_with<F: FnOnce() -> V>(self, default: F) -> &'a mut V {
        match self {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(default()),
        }
    }

    /// The value, inserting `default(&key)` first if absent. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::OrdMap::new();
    /// map.entry(3).or_insert_with_key(|k| k * 2);
    /// assert_eq!(map[&3], 6);
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

    /// The value, inserting `V::default()` first if absent. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map: cowtree::OrdMap<u8, u32> = cowtree::OrdMap::new();
    /// *map.entry(1).or_default() += 1;
    /// assert_eq!(map[&1], 1);
    /// ```
    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }

    /// Calls `f` on the value if present; returns the entry. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::OrdMap::from([(1, 1)]);
    /// map.entry(1).and_modify(|v| *v += 1).or_insert(0);
    /// assert_eq!(map[&1], 2);
    /// ```
    #[must_use]
    pub fn and_modify<F: FnOnce(&mut V)>(self, f: F) -> Self {
        match self {
            Entry::Occupied(mut e) => {
                f(e.get_mut());
                Entry::Occupied(e)
            }
            v @ Entry::Vacant(_) => v,
        }
    }

    /// The entry's key (the stored one if present). O(log n) if present, O(1) otherwise.
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::OrdMap::<u8, u8>::new();
    /// assert_eq!(map.entry(7).key(), &7);
    /// ```
    pub fn key(&self) -> &K {
        match self {
            Entry::Occupied(e) => e.key(),
            Entry::Vacant(e) => e.key(),
        }
    }

    /// Sets the entry's value to `value` (inserting the key if absent) and returns the occupied
    /// entry. As std's `hash_map::Entry::insert_entry`. O(log n); copies the path when shared.
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::OrdMap::from([(1, 'a')]);
    /// let e = map.entry(1).insert_entry('b');
    /// assert_eq!((e.key(), e.get()), (&1, &'b'));
    /// let e = map.entry(2).insert_entry('c');
    /// assert_eq!(e.remove_entry(), (2, 'c'));
    /// assert_eq!(map.len(), 1);
    /// ```
    pub fn insert_entry(self, value: V) -> OccupiedEntry<'a, K, V> {
        match self {
            Entry::Occupied(mut e) => {
                e.insert(value);
                e
            }
            Entry::Vacant(e) => e.insert_entry(value),
        }
    }
}

impl<K: Ord, V> OccupiedEntry<'_, K, V> {
    /// The stored key and value: a read-only descent.
    fn key_value(&self) -> (&K, &V) {
        match &self.place {
            Place::Key(k) => self.map.get_key_value(k),
            Place::Rank(i) => self.map.get_index(*i),
        }
        .expect("an occupied entry's place holds an entry")
    }
}

impl<'a, K: Ord + Clone, V: Clone> OccupiedEntry<'a, K, V> {
    /// The stored key. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::ord_map::Entry;
    /// let mut map = cowtree::OrdMap::from([(1, 'a')]);
    /// if let Entry::Occupied(e) = map.entry(1) { assert_eq!(e.key(), &1); }
    /// ```
    pub fn key(&self) -> &K {
        self.key_value().0
    }

    /// The value. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::ord_map::Entry;
    /// let mut map = cowtree::OrdMap::from([(1, 'a')]);
    /// if let Entry::Occupied(e) = map.entry(1) { assert_eq!(e.get(), &'a'); }
    /// ```
    pub fn get(&self) -> &V {
        self.key_value().1
    }

    /// The value, mutably. O(log n); copies the path when shared.
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::ord_map::Entry;
    /// let mut map = cowtree::OrdMap::from([(1, 1)]);
    /// if let Entry::Occupied(mut e) = map.entry(1) { *e.get_mut() += 1; }
    /// assert_eq!(map[&1], 2);
    /// ```
    pub fn get_mut(&mut self) -> &mut V {
        value_mut(self.map, &self.place)
    }

    /// The value, mutably, for the map's lifetime. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::ord_map::Entry;
    /// let mut map = cowtree::OrdMap::from([(1, 1)]);
    /// if let Entry::Occupied(e) = map.entry(1) { *e.into_mut() = 9; }
    /// assert_eq!(map[&1], 9);
    /// ```
    pub fn into_mut(self) -> &'a mut V {
        value_mut(self.map, &self.place)
    }

    /// Replaces the value, returning the old one. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::ord_map::Entry;
    /// let mut map = cowtree::OrdMap::from([(1, 'a')]);
    /// if let Entry::Occupied(mut e) = map.entry(1) { assert_eq!(e.insert('b'), 'a'); }
    /// ```
    pub fn insert(&mut self, value: V) -> V {
        std::mem::replace(self.get_mut(), value)
    }

    /// Removes the entry, returning its value. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::ord_map::Entry;
    /// let mut map = cowtree::OrdMap::from([(1, 'a')]);
    /// if let Entry::Occupied(e) = map.entry(1) { assert_eq!(e.remove(), 'a'); }
    /// assert!(map.is_empty());
    /// ```
    pub fn remove(self) -> V {
        self.remove_entry().1
    }

    /// Removes the entry, returning the stored key and value. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::ord_map::Entry;
    /// let mut map = cowtree::OrdMap::from([(1, 'a')]);
    /// if let Entry::Occupied(e) = map.entry(1) { assert_eq!(e.remove_entry(), (1, 'a')); }
    /// ```
    pub fn remove_entry(self) -> (K, V) {
        match self.place {
            Place::Key(k) => self.map.remove_entry(&k).expect("occupied"),
            Place::Rank(i) => self.map.remove_index(i),
        }
    }
}

/// The value at an occupied place, made unique along its path (copying shared nodes). The place
/// holds an entry, so no path is copied in vain.
fn value_mut<'a, K: Ord + Clone, V: Clone>(
    map: &'a mut OrdMap<K, V>,
    place: &Place<K>,
) -> &'a mut V {
    let root = map
        .root
        .as_mut()
        .expect("an occupied entry's map is not empty");
    match place {
        Place::Key(k) => root.get_mut(k).expect("occupied").1,
        Place::Rank(i) => root.get_index_mut(*i).1,
    }
}

impl<'a, K: Ord + Clone, V: Clone> VacantEntry<'a, K, V> {
    /// The key that would be inserted. O(1).
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::ord_map::Entry;
    /// let mut map = cowtree::OrdMap::<u8, u8>::new();
    /// if let Entry::Vacant(e) = map.entry(4) { assert_eq!(e.key(), &4); }
    /// ```
    pub fn key(&self) -> &K {
        &self.key
    }

    /// Takes the key back. O(1).
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::ord_map::Entry;
    /// let mut map = cowtree::OrdMap::<u8, u8>::new();
    /// if let Entry::Vacant(e) = map.entry(4) { assert_eq!(e.into_key(), 4); }
    /// ```
    pub fn into_key(self) -> K {
        self.key
    }

    /// Inserts `value` and returns a reference to it. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::ord_map::Entry;
    /// let mut map = cowtree::OrdMap::new();
    /// if let Entry::Vacant(e) = map.entry(4) { *e.insert(1) += 1; }
    /// assert_eq!(map[&4], 2);
    /// ```
    pub fn insert(self, value: V) -> &'a mut V {
        let probe = self.key.clone();
        self.map.insert(self.key, value);
        self.map.get_mut(&probe).expect("just inserted")
    }

    /// Inserts `value` and returns the occupied entry, to keep working on it. As std's
    /// `btree_map::VacantEntry::insert_entry`. O(log n) (the key's rank, then the insert); copies
    /// the path when shared. The entry finds its place by rank, so the key is not cloned.
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::ord_map::Entry;
    /// let mut map = cowtree::OrdMap::from([(1, 1), (3, 3)]);
    /// if let Entry::Vacant(e) = map.entry(2) {
    ///     let mut e = e.insert_entry(20);
    ///     *e.get_mut() += 1;
    ///     assert_eq!((e.key(), e.get()), (&2, &21));
    /// }
    /// assert_eq!(map[&2], 21);
    /// ```
    pub fn insert_entry(self, value: V) -> OccupiedEntry<'a, K, V> {
        let rank = self.map.rank(&self.key);
        self.map.insert(self.key, value);
        OccupiedEntry {
            map: self.map,
            place: Place::Rank(rank),
        }
    }
}

impl<K: fmt::Debug + Ord, V: fmt::Debug> fmt::Debug for Entry<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Entry::Vacant(e) => f.debug_tuple("Entry").field(e).finish(),
            Entry::Occupied(e) => f.debug_tuple("Entry").field(e).finish(),
        }
    }
}

impl<K: fmt::Debug + Ord, V: fmt::Debug> fmt::Debug for OccupiedEntry<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (key, value) = self.key_value();
        f.debug_struct("OccupiedEntry")
            .field("key", key)
            .field("value", value)
            .finish()
    }
}

impl<K: fmt::Debug, V> fmt::Debug for VacantEntry<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("VacantEntry").field(&self.key).finish()
    }
}
