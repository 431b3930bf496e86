//! [`HashMap`]: the public face of the CHAMP trie; each method is a short call into the node
//! layer (`super::node`).
//!
//! Files: `mod.rs` (the type, look-ups, single-key edits, common traits), `entry.rs` (the entry
//! API), `iter.rs` (borrowing and owning iterators, `get_many`), `convert.rs` (`From` arrays,
//! vectors, slices and std's `HashMap`), `drain.rs` (`drain`, `extract_if`),
//! `diff.rs` (`diff` between two versions), `algebra.rs` (union, intersection, difference,
//! subset tests).

use std::borrow::Borrow;
use std::collections::hash_map::{DefaultHasher, RandomState};
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::ops::Index;

use triomphe::Arc;

use super::node::{Lookups, Node};
use entry::{Entry, OccupiedEntry, VacantEntry};
use iter::{GetMany, IntoIter, IntoKeys, IntoValues, Iter, IterMut, Keys, Values, ValuesMut};

mod algebra;
mod convert;
pub(crate) mod diff;
pub(crate) mod drain;
pub(crate) mod entry;
pub(crate) mod iter;

/// A persistent hash map: `clone()` is an O(1) snapshot, and a write after a snapshot copies only
/// the root-to-leaf path it touches.
///
/// It is a CHAMP hash trie (Steindorfer & Vinju 2015): 32-way nodes on 5-bit slices of a 64-bit
/// hash, entries stored inline, collision nodes for keys whose whole hashes are equal, canonical
/// shape after removes. Lookups and writes cost O(log₃₂ n) node visits (at most 14).
///
/// The hasher is kept behind a shared pointer: clones of a map share it, so two versions that come
/// from one another have the same hashes and the same shapes, which lets equality, [`diff`]
/// and the set algebra skip shared subtrees. Maps built with different hasher instances are still
/// compared and merged correctly, by looking keys up one by one.
///
/// [`diff`]: HashMap::diff
///
/// # Example
///
/// ```
/// use cowtree::HashMap;
///
/// let mut prices = HashMap::new();
/// prices.insert("apple", 3);
/// let snapshot = prices.clone(); // O(1)
/// prices.insert("pear", 5);
/// assert_eq!(snapshot.len(), 1);
/// assert_eq!(prices.get("pear"), Some(&5));
/// ```
pub struct HashMap<K, V, S = RandomState> {
    pub(crate) root: Node<K, V>,
    pub(crate) len: usize,
    pub(crate) hasher: Arc<S>,
}

impl<K, V> HashMap<K, V, RandomState> {
    /// An empty map with a randomly seeded hasher (std's `RandomState`).
    ///
    /// Cost: O(1) (two small allocations: the empty root and the shared hasher).
    ///
    /// # Example
    ///
    /// ```
    /// let map: cowtree::HashMap<u32, String> = cowtree::HashMap::new();
    /// assert!(map.is_empty());
    /// ```
    pub fn new() -> Self {
        Self::with_hasher(RandomState::new())
    }
}

impl<K, V, S> HashMap<K, V, S> {
    /// An empty map that hashes keys with `hasher`.
    ///
    /// Cost: O(1).
    ///
    /// # Example
    ///
    /// ```
    /// use std::collections::hash_map::RandomState;
    /// let mut map = cowtree::HashMap::with_hasher(RandomState::new());
    /// map.insert(1, "one");
    /// assert_eq!(map[&1], "one");
    /// ```
    pub fn with_hasher(hasher: S) -> Self {
        Self::with_shared_hasher(Arc::new(hasher))
    }

    /// An empty map sharing `hasher` (so structural operations with its other users are fast).
    pub(crate) fn with_shared_hasher(hasher: Arc<S>) -> Self {
        HashMap {
            root: Node::empty(),
            len: 0,
            hasher,
        }
    }

    /// The number of entries. O(1).
    ///
    /// # Example
    ///
    /// ```
    /// let map: cowtree::HashMap<_, _> = [(1, 'a'), (2, 'b')].into();
    /// assert_eq!(map.len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.len
    }

    /// True if the map holds no entry. O(1).
    ///
    /// # Example
    ///
    /// ```
    /// let map: cowtree::HashMap<u8, u8> = cowtree::HashMap::new();
    /// assert!(map.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Removes every entry (this version only; snapshots keep theirs). O(1) plus dropping the
    /// nodes no other version holds.
    ///
    /// # Example
    ///
    /// ```
    /// let mut map: cowtree::HashMap<_, _> = [(1, 'a')].into();
    /// let snapshot = map.clone();
    /// map.clear();
    /// assert!(map.is_empty() && snapshot.len() == 1);
    /// ```
    pub fn clear(&mut self) {
        self.root = Node::empty();
        self.len = 0;
    }

    /// The map's hasher. O(1).
    ///
    /// # Example
    ///
    /// ```
    /// use std::hash::BuildHasher;
    /// let map: cowtree::HashMap<u8, u8> = cowtree::HashMap::new();
    /// let _h = map.hasher().build_hasher();
    /// ```
    pub fn hasher(&self) -> &S {
        &self.hasher
    }

    /// True if `self` and `other` are the same version (one is an unmodified clone of the other).
    /// O(1). Equal contents built separately are not `ptr_eq`.
    ///
    /// # Example
    ///
    /// ```
    /// let a: cowtree::HashMap<_, _> = [(1, 2)].into();
    /// let b = a.clone();
    /// assert!(a.ptr_eq(&b));
    /// ```
    pub fn ptr_eq(&self, other: &Self) -> bool {
        Node::ptr_eq(&self.root, &other.root)
    }

    /// True if both maps use the very same hasher instance (then equal keys have equal hashes and
    /// equal contents have equal shapes).
    pub(crate) fn same_hasher(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.hasher, &other.hasher)
    }

    /// An iterator over `(&K, &V)` in hash order. Creating it is O(1); each step is amortized O(1)
    /// with no allocation.
    ///
    /// # Example
    ///
    /// ```
    /// let map: cowtree::HashMap<_, _> = [(1, 10), (2, 20)].into();
    /// let sum: i32 = map.iter().map(|(_, v)| v).sum();
    /// assert_eq!(sum, 30);
    /// ```
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter::new(&self.root, self.len)
    }

    /// An iterator over the keys. O(1) to create.
    ///
    /// # Example
    ///
    /// ```
    /// let map: cowtree::HashMap<_, _> = [(1, 10), (2, 20)].into();
    /// let mut keys: Vec<_> = map.keys().copied().collect();
    /// keys.sort();
    /// assert_eq!(keys, [1, 2]);
    /// ```
    pub fn keys(&self) -> Keys<'_, K, V> {
        Keys { inner: self.iter() }
    }

    /// An iterator over the values. O(1) to create.
    ///
    /// # Example
    ///
    /// ```
    /// let map: cowtree::HashMap<_, _> = [(1, 10), (2, 20)].into();
    /// assert_eq!(map.values().sum::<i32>(), 30);
    /// ```
    pub fn values(&self) -> Values<'_, K, V> {
        Values { inner: self.iter() }
    }

    /// Bytes of the trie's nodes reachable from this version, each node counted once (the keys'
    /// and values' own heap buffers are not counted). O(number of nodes).
    ///
    /// These are the bytes allocated, slack included: a node owned by this version alone grows
    /// with room for about an eighth more entries, and a remove leaves its bytes in the node for
    /// a later insert. So two maps with the same keys can differ by that slack; a `clone` shares
    /// the nodes as they are, and copies made by later writes are exact.
    ///
    /// # Example
    ///
    /// ```
    /// let map: cowtree::HashMap<u64, u64> = (0..1000).map(|i| (i, i)).collect();
    /// assert!(map.heap_size() >= 1000 * 16);
    /// ```
    pub fn heap_size(&self) -> usize {
        crate::sharing::heap_size(vec![&self.root])
    }

    /// How many bytes of nodes `self` and `other` share, and how many each holds alone: after a
    /// snapshot and some writes, `only_self` is what the writes copied.
    ///
    /// Cost: a walk of `self`, plus the part of `other` not shared with it.
    ///
    /// # Example
    ///
    /// ```
    /// let mut map: cowtree::HashMap<u64, u64> = (0..1000).map(|i| (i, i)).collect();
    /// let snapshot = map.clone();
    /// map.insert(5, 50);
    /// let s = map.sharing(&snapshot);
    /// assert_eq!(s.shared + s.only_self, map.heap_size());
    /// assert!(s.only_self < s.shared);
    /// ```
    pub fn sharing(&self, other: &Self) -> crate::Sharing {
        crate::sharing::sharing(vec![&self.root], vec![&other.root])
    }
}

impl<K, V, S> HashMap<K, V, S>
where
    K: Hash + Eq,
    S: BuildHasher,
{
    #[inline]
    pub(crate) fn hash_of<Q: Hash + ?Sized>(&self, key: &Q) -> u64 {
        self.hasher.hash_one(key)
    }

    /// The value for `key`, or `None`. O(log n), no allocation.
    ///
    /// # Example
    ///
    /// ```
    /// let map: cowtree::HashMap<String, u32> = [("a".to_string(), 1)].into();
    /// assert_eq!(map.get("a"), Some(&1));
    /// assert_eq!(map.get("b"), None);
    /// ```
    #[inline]
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.root.get(0, self.hash_of(key), key).map(|e| &e.1)
    }

    /// The value for each of `keys`, in the order of the keys: what `keys.map(|k| map.get(k))`
    /// gives, faster on large maps. O(log n) per key, no allocation.
    ///
    /// A single look-up waits for each node of its path in turn (a chain of cache misses on a
    /// large map); here up to 32 look-ups are in flight at once and each next node is prefetched
    /// while the others advance, so the misses overlap (asynchronous memory access chaining:
    /// Kocberber et al., VLDB 2015). Keys are read from `keys` a little ahead of the results.
    /// A map whose nodes fit in about 6 MiB (some 220,000 `u64 -> u64` entries) mostly stays in
    /// the last-level cache: there each key is looked up alone, as `get` does (without its
    /// prefetches, which only cost in cache).
    ///
    /// # Example
    ///
    /// ```
    /// let map: cowtree::HashMap<u32, char> = [(1, 'a'), (2, 'b')].into();
    /// let got: Vec<Option<&char>> = map.get_many(&[2, 3, 1]).collect();
    /// assert_eq!(got, [Some(&'b'), None, Some(&'a')]);
    /// ```
    pub fn get_many<'a, 'k, Q, I>(&'a self, keys: I) -> GetMany<'a, 'k, K, V, Q, I::IntoIter, S>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized + 'k,
        I: IntoIterator<Item = &'k Q>,
    {
        GetMany {
            lookups: Lookups::new(&self.root, keys.into_iter(), &*self.hasher, self.len()),
        }
    }

    /// The stored key and its value for `key`, or `None`. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let map: cowtree::HashMap<_, _> = [(1, 'a')].into();
    /// assert_eq!(map.get_key_value(&1), Some((&1, &'a')));
    /// ```
    pub fn get_key_value<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.root
            .get(0, self.hash_of(key), key)
            .map(|e| (&e.0, &e.1))
    }

    /// True if the map holds `key`. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let map: cowtree::HashMap<_, _> = [(1, 'a')].into();
    /// assert!(map.contains_key(&1) && !map.contains_key(&2));
    /// ```
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.get(key).is_some()
    }

    /// Checks the trie's invariants: bitmaps match array lengths, no subtree below the root holds
    /// fewer than two entries, every key sits on its own hash path, collision nodes only at full
    /// depth with equal full hashes and distinct keys, and `len` is right.
    ///
    /// # Panics
    ///
    /// With a message naming the broken invariant.
    #[doc(hidden)]
    pub fn check_invariants(&self) {
        let hasher = &*self.hasher;
        let n = self.root.check(0, 0, true, &|k: &K| hasher.hash_one(k));
        assert_eq!(
            n, self.len,
            "cowtree HashMap invariant broken: len field differs from the entry count"
        );
    }
}

impl<K, V, S> HashMap<K, V, S>
where
    K: Hash + Eq + Clone,
    V: Clone,
    S: BuildHasher,
{
    /// The value for `key`, mutably. O(log n); if the path to the key is shared with a snapshot,
    /// the nodes on it are copied first (the snapshot does not change). A missing key copies nothing.
    ///
    /// # Example
    ///
    /// ```
    /// let mut map: cowtree::HashMap<_, _> = [(1, 10)].into();
    /// let snapshot = map.clone();
    /// *map.get_mut(&1).unwrap() += 1;
    /// assert_eq!((map[&1], snapshot[&1]), (11, 10));
    /// ```
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let hash = self.hash_of(key);
        self.get_mut_hashed(hash, key)
    }

    pub(crate) fn get_mut_hashed<Q>(&mut self, hash: u64, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        self.root.get_mut(0, hash, key).map(|e| &mut e.1)
    }

    /// Inserts `key → value`; returns the previous value, if any (the stored key is kept, as in
    /// std). O(log n); copies the nodes on the key's path that are shared with a snapshot. A node
    /// held by this version alone is changed in place.
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::HashMap::new();
    /// assert_eq!(map.insert("a", 1), None);
    /// assert_eq!(map.insert("a", 2), Some(1));
    /// ```
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let hash = self.hash_of(&key);
        self.insert_hashed(hash, key, value).1
    }

    pub(crate) fn insert_hashed(&mut self, hash: u64, key: K, value: V) -> (&mut V, Option<V>) {
        let hasher = &*self.hasher;
        let (e, old) = self
            .root
            .insert(0, hash, key, value, &|k: &K| hasher.hash_one(k));
        if old.is_none() {
            self.len += 1;
        }
        (&mut e.1, old)
    }

    /// Removes `key`; returns its value, if it was present. O(log n); copies the shared nodes on
    /// the key's path (nothing if the key is absent).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map: cowtree::HashMap<_, _> = [(1, 'a')].into();
    /// assert_eq!(map.remove(&1), Some('a'));
    /// assert_eq!(map.remove(&1), None);
    /// ```
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        // The stored key is dropped while the value is a local: a panicking `Drop` of the key
        // then drops the value too, instead of leaking it (rust-lang/rust#47949).
        self.remove_entry(key).map(|(k, v)| {
            drop(k);
            v
        })
    }

    /// Removes `key`; returns the stored key and its value, if present. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map: cowtree::HashMap<_, _> = [(1, 'a')].into();
    /// assert_eq!(map.remove_entry(&1), Some((1, 'a')));
    /// ```
    pub fn remove_entry<Q>(&mut self, key: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let hash = self.hash_of(key);
        self.remove_hashed(hash, key)
    }

    pub(crate) fn remove_hashed<Q>(&mut self, hash: u64, key: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        let removed = self.root.remove(0, hash, key);
        if removed.is_some() {
            self.len -= 1;
        }
        removed
    }

    /// The entry for `key`, for in-place insert-or-update. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut counts = cowtree::HashMap::new();
    /// for w in ["a", "b", "a"] {
    ///     *counts.entry(w).or_insert(0) += 1;
    /// }
    /// assert_eq!(counts["a"], 2);
    /// ```
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V, S> {
        let hash = self.hash_of(&key);
        if self.root.get(0, hash, &key).is_some() {
            Entry::Occupied(OccupiedEntry::new(self, key, hash))
        } else {
            Entry::Vacant(VacantEntry::new(self, key, hash))
        }
    }

    /// An iterator over `(&K, &mut V)`. Copy-on-write: each node is copied, as the iterator
    /// reaches it, if a snapshot shares it; the snapshot does not change.
    ///
    /// # Example
    ///
    /// ```
    /// let mut map: cowtree::HashMap<_, _> = [(1, 10), (2, 20)].into();
    /// for (_, v) in map.iter_mut() {
    ///     *v += 1;
    /// }
    /// assert_eq!(map[&2], 21);
    /// ```
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        IterMut::new(&mut self.root, self.len)
    }

    /// An iterator over the values, mutably (copy-on-write like [`iter_mut`](Self::iter_mut)).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map: cowtree::HashMap<_, _> = [(1, 10)].into();
    /// map.values_mut().for_each(|v| *v *= 2);
    /// assert_eq!(map[&1], 20);
    /// ```
    pub fn values_mut(&mut self) -> ValuesMut<'_, K, V> {
        ValuesMut {
            inner: self.iter_mut(),
        }
    }

    /// An owning iterator over the keys (cloned from nodes that a snapshot shares).
    ///
    /// # Example
    ///
    /// ```
    /// let map: cowtree::HashMap<_, _> = [(1, 'a')].into();
    /// assert_eq!(map.into_keys().collect::<Vec<_>>(), [1]);
    /// ```
    pub fn into_keys(self) -> IntoKeys<K, V> {
        IntoKeys {
            inner: self.into_iter(),
        }
    }

    /// An owning iterator over the values (cloned from nodes that a snapshot shares).
    ///
    /// # Example
    ///
    /// ```
    /// let map: cowtree::HashMap<_, _> = [(1, 'a')].into();
    /// assert_eq!(map.into_values().collect::<Vec<_>>(), ['a']);
    /// ```
    pub fn into_values(self) -> IntoValues<K, V> {
        IntoValues {
            inner: self.into_iter(),
        }
    }

    /// Keeps only the entries for which `f` returns true. O(n); like [`iter_mut`](Self::iter_mut)
    /// it gives `f` a mutable value, so the nodes shared with a snapshot are copied.
    ///
    /// If `f` panics, the map stays valid (entries already visited may have changed values).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map: cowtree::HashMap<_, _> = (0..10).map(|i| (i, i)).collect();
    /// map.retain(|k, _| k % 2 == 0);
    /// assert_eq!(map.len(), 5);
    /// ```
    pub fn retain<F>(&mut self, mut f: F)
    where
        F: FnMut(&K, &mut V) -> bool,
    {
        let mut doomed = Vec::new();
        for (k, v) in self.iter_mut() {
            if !f(k, v) {
                doomed.push(k.clone());
            }
        }
        for k in doomed {
            self.remove(&k);
        }
    }

    /// A new version with `key → value`; `self` is left alone. O(log n): the new version shares
    /// every node but the key's path with `self`.
    ///
    /// # Example
    ///
    /// ```
    /// let a: cowtree::HashMap<_, _> = [(1, 'a')].into();
    /// let b = a.update(2, 'b');
    /// assert_eq!((a.len(), b.len()), (1, 2));
    /// ```
    #[must_use]
    pub fn update(&self, key: K, value: V) -> Self {
        let mut out = self.clone();
        out.insert(key, value);
        out
    }

    /// A new version without `key`; `self` is left alone. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let a: cowtree::HashMap<_, _> = [(1, 'a'), (2, 'b')].into();
    /// let b = a.without(&1);
    /// assert_eq!((a.len(), b.len()), (2, 1));
    /// ```
    #[must_use]
    pub fn without<Q>(&self, key: &Q) -> Self
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let mut out = self.clone();
        out.remove(key);
        out
    }
}

impl<K, V, S> Clone for HashMap<K, V, S> {
    /// An O(1) snapshot: one reference-count increment per shared pointer.
    fn clone(&self) -> Self {
        HashMap {
            root: self.root.clone(),
            len: self.len,
            hasher: self.hasher.clone(),
        }
    }
}

impl<K, V, S: Default> Default for HashMap<K, V, S> {
    /// An empty map with a default hasher.
    fn default() -> Self {
        Self::with_hasher(S::default())
    }
}

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Debug for HashMap<K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K, V, S> PartialEq for HashMap<K, V, S>
where
    K: Hash + Eq,
    V: PartialEq,
    S: BuildHasher,
{
    /// O(1) when both are the same version; with one hasher, subtrees the two share are skipped;
    /// otherwise O(n) look-ups.
    fn eq(&self, other: &Self) -> bool {
        if self.ptr_eq(other) {
            return true;
        }
        if self.len != other.len {
            return false;
        }
        if self.same_hasher(other) {
            super::node::nodes_equal(&self.root, &other.root, 0)
        } else {
            self.iter().all(|(k, v)| other.get(k) == Some(v))
        }
    }
}

impl<K: Hash + Eq, V: Eq, S: BuildHasher> Eq for HashMap<K, V, S> {}

impl<K: Hash, V: Hash, S> Hash for HashMap<K, V, S> {
    /// Independent of iteration order: equal maps hash equal even with different hashers.
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut sum = 0u64;
        for (k, v) in self.iter() {
            let mut h = DefaultHasher::new();
            k.hash(&mut h);
            v.hash(&mut h);
            sum = sum.wrapping_add(h.finish());
        }
        state.write_usize(self.len);
        state.write_u64(sum);
    }
}

impl<K, Q, V, S> Index<&Q> for HashMap<K, V, S>
where
    K: Hash + Eq + Borrow<Q>,
    Q: Hash + Eq + ?Sized,
    S: BuildHasher,
{
    type Output = V;

    /// The value for `key`.
    ///
    /// # Panics
    ///
    /// If the key is not in the map.
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("key not found in HashMap")
    }
}

impl<K, V, S> Extend<(K, V)> for HashMap<K, V, S>
where
    K: Hash + Eq + Clone,
    V: Clone,
    S: BuildHasher,
{
    /// Inserts each pair in turn (later pairs win). Each insert copies only the shared nodes on its
    /// path, so `self`'s untouched subtrees stay shared with its snapshots; the pairs themselves go
    /// into new nodes (to reuse whole subtrees of another map, use [`HashMap::union`]).
    ///
    /// Into an empty map (and so for `collect()`), the pairs are sorted into trie order and the
    /// trie is built bottom-up, each node allocated once at its final size and in walk order:
    /// O(n log n), several times faster than n inserts, and iteration over the result reads
    /// memory nearly sequentially. It holds the whole batch in temporary buffers while it works
    /// (at most about twice the pairs' size plus two words per pair). If a `Hash` or `Eq`
    /// panics, the map is left empty.
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        if self.is_empty() {
            let hasher = &*self.hasher;
            let items: Vec<(u64, (K, V))> = iter
                .into_iter()
                .map(|(k, v)| (hasher.hash_one(&k), (k, v)))
                .collect();
            let (root, len) = super::node::build(items);
            self.root = root;
            self.len = len;
            return;
        }
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<'a, K, V, S> Extend<(&'a K, &'a V)> for HashMap<K, V, S>
where
    K: Hash + Eq + Clone,
    V: Clone,
    S: BuildHasher,
{
    /// Clones and inserts each pair in turn (see the owned `extend`).
    fn extend<I: IntoIterator<Item = (&'a K, &'a V)>>(&mut self, iter: I) {
        self.extend(iter.into_iter().map(|(k, v)| (k.clone(), v.clone())));
    }
}

impl<K, V, S> FromIterator<(K, V)> for HashMap<K, V, S>
where
    K: Hash + Eq + Clone,
    V: Clone,
    S: BuildHasher + Default,
{
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = Self::default();
        map.extend(iter);
        map
    }
}

impl<'a, K, V, S> IntoIterator for &'a HashMap<K, V, S> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}

impl<'a, K, V, S> IntoIterator for &'a mut HashMap<K, V, S>
where
    K: Hash + Eq + Clone,
    V: Clone,
    S: BuildHasher,
{
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;

    fn into_iter(self) -> IterMut<'a, K, V> {
        self.iter_mut()
    }
}

impl<K: Clone, V: Clone, S> IntoIterator for HashMap<K, V, S> {
    type Item = (K, V);
    type IntoIter = IntoIter<K, V>;

    /// Moves the entries out of nodes this version holds alone and clones them from nodes a
    /// snapshot shares.
    fn into_iter(self) -> IntoIter<K, V> {
        IntoIter::new(self.root, self.len)
    }
}
