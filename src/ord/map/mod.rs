//! [`OrdMap`]: a persistent sorted map (a B+tree), with its iterator, entry and diff types.
//!
//! Files: `mod.rs` (the type, look-ups, edits, order statistics, sharing figures), `entry.rs`,
//! `iter.rs` (whole-map iterators), `range.rs` (range queries), `bulk.rs` (split, append, retain,
//! extract_if, building from iterators), `diff.rs`, `algebra.rs`, `traits.rs`.

mod algebra;
mod bulk;
mod diff;
mod entry;
pub(crate) mod iter;
mod range;
mod traits;

use std::borrow::Borrow;

use super::node::insert::Inserted;
use super::node::remove::{remove, Target};
use super::node::{check, Branch, Node, NodeRef};

pub use crate::map_diff::{Diff, DiffItem};
pub use bulk::ExtractIf;
pub use entry::{Entry, OccupiedEntry, VacantEntry};
pub use iter::{IntoIter, IntoKeys, IntoValues, Iter, IterMut, Keys, Values, ValuesMut};
pub use range::{Range, RangeMut};

#[cfg(feature = "rayon")]
pub use crate::ord::integrations::rayon::ParIter;

/// A persistent sorted map: a B+tree whose `clone()` is an O(1) snapshot.
///
/// It has the API of std's [`BTreeMap`](std::collections::BTreeMap) (same names and signatures),
/// plus what persistence makes possible: [`diff`](OrdMap::diff) between versions in time
/// proportional to the change, set algebra that reuses shared subtrees, O(log n)
/// [`split_off`](OrdMap::split_off) and [`append`](OrdMap::append) of disjoint maps, order
/// statistics ([`get_index`](OrdMap::get_index), [`rank`](OrdMap::rank)) and sharing figures.
///
/// Writing methods need `K: Clone, V: Clone`: a node shared with another version is copied before
/// it changes (only the nodes on the path to the change).
///
/// # Capacity
///
/// A branch counts the entries under each child in a `u32` (so that the path a write copies is
/// smaller): any map of up to `u32::MAX` (4,294,967,295) entries fits; past that, a write that would
/// put more than `u32::MAX` entries under one child of the root panics with "capacity overflow".
///
/// # Example
///
/// ```
/// use cowtree::OrdMap;
///
/// let mut prices: OrdMap<&str, u32> = OrdMap::new();
/// prices.insert("pear", 3);
/// prices.insert("apple", 2);
/// let snapshot = prices.clone(); // O(1)
/// prices.insert("fig", 5);
/// assert_eq!(prices.keys().copied().collect::<Vec<_>>(), ["apple", "fig", "pear"]);
/// assert_eq!(snapshot.len(), 2);
/// assert_eq!(prices.get_index(1), Some((&"fig", &5)));
/// assert_eq!(prices.rank("fig"), 1);
/// ```
pub struct OrdMap<K, V> {
    pub(crate) root: Option<Node<K, V>>,
}

impl<K, V> OrdMap<K, V> {
    /// An empty map. O(1), no allocation.
    ///
    /// # Example
    ///
    /// ```
    /// let map: cowtree::OrdMap<u32, u32> = cowtree::OrdMap::new();
    /// assert!(map.is_empty());
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        OrdMap { root: None }
    }

    /// A borrowed handle on the root, for the node layer's walks.
    #[inline]
    pub(crate) fn root_ref(&self) -> Option<NodeRef<'_, K, V>> {
        self.root.as_ref().map(Node::as_ref)
    }

    /// The number of entries. O(1).
    ///
    /// # Example
    ///
    /// ```
    /// let map = cowtree::OrdMap::from([(1, 'a'), (2, 'b')]);
    /// assert_eq!(map.len(), 2);
    /// ```
    #[inline]
    pub fn len(&self) -> usize {
        self.root.as_ref().map_or(0, Node::len)
    }

    /// True if the map has no entries. O(1).
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cowtree::OrdMap::<u8, u8>::new().is_empty());
    /// ```
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.root.is_none()
    }

    /// Removes every entry. O(1) here; the nodes this version held alone are freed (O(n) drops).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::OrdMap::from([(1, 'a')]);
    /// map.clear();
    /// assert!(map.is_empty());
    /// ```
    pub fn clear(&mut self) {
        self.root = None;
    }

    /// True if both maps are the same version (share their root node): O(1). Equal contents built
    /// separately are not pointer-equal.
    ///
    /// # Example
    ///
    /// ```
    /// let a = cowtree::OrdMap::from([(1, 'a')]);
    /// let b = a.clone();
    /// assert!(a.ptr_eq(&b));
    /// assert!(!a.ptr_eq(&cowtree::OrdMap::from([(1, 'a')])));
    /// ```
    pub fn ptr_eq(&self, other: &Self) -> bool {
        match (&self.root, &other.root) {
            (None, None) => true,
            (Some(a), Some(b)) => a.ptr_eq(b),
            _ => false,
        }
    }

    /// Bytes of tree nodes this version reaches (each shared node counted once; what the entries
    /// own on the heap is not counted). O(nodes).
    ///
    /// # Example
    ///
    /// ```
    /// let map: cowtree::OrdMap<u64, u64> = (0..1000).map(|i| (i, i)).collect();
    /// assert!(map.heap_size() >= 1000 * 16);
    /// ```
    pub fn heap_size(&self) -> usize {
        crate::sharing::heap_size(self.root.iter().map(Node::as_ref).collect())
    }

    /// How many bytes of nodes `self` and `other` share, and how many each holds alone: after a
    /// snapshot and some writes, `only_self` is what the writes copied.
    ///
    /// Cost: a walk of `self`, plus the part of `other` not shared with it.
    ///
    /// # Example
    ///
    /// ```
    /// let mut map: cowtree::OrdMap<u64, u64> = (0..10_000).map(|i| (i, i)).collect();
    /// let snapshot = map.clone();
    /// map.insert(5, 0); // copies one root-to-leaf path
    /// let s = map.sharing(&snapshot);
    /// assert!(s.only_self > 0 && s.only_self < s.shared / 10);
    /// ```
    pub fn sharing(&self, other: &Self) -> crate::Sharing {
        crate::sharing::sharing(
            self.root.iter().map(Node::as_ref).collect(),
            other.root.iter().map(Node::as_ref).collect(),
        )
    }
}

impl<K: Ord, V> OrdMap<K, V> {
    /// The value stored under `key`. O(log n), no allocation.
    ///
    /// # Example
    ///
    /// ```
    /// let map = cowtree::OrdMap::from([(1, 'a')]);
    /// assert_eq!(map.get(&1), Some(&'a'));
    /// assert_eq!(map.get(&2), None);
    /// ```
    #[inline]
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.root.as_ref()?.get(key).map(|(_, v)| v)
    }

    /// The stored key and value for `key`. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let map = cowtree::OrdMap::from([(1, 'a')]);
    /// assert_eq!(map.get_key_value(&1), Some((&1, &'a')));
    /// ```
    pub fn get_key_value<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.root.as_ref()?.get(key)
    }

    /// True if the map has an entry for `key`. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let map = cowtree::OrdMap::from([(1, 'a')]);
    /// assert!(map.contains_key(&1));
    /// ```
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.get(key).is_some()
    }

    /// The entry with the smallest key. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let map = cowtree::OrdMap::from([(2, 'b'), (1, 'a')]);
    /// assert_eq!(map.first_key_value(), Some((&1, &'a')));
    /// ```
    pub fn first_key_value(&self) -> Option<(&K, &V)> {
        let l = self.root.as_ref()?.first_leaf();
        Some((&l.keys[0], &l.vals[0]))
    }

    /// The entry with the largest key. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let map = cowtree::OrdMap::from([(2, 'b'), (1, 'a')]);
    /// assert_eq!(map.last_key_value(), Some((&2, &'b')));
    /// ```
    pub fn last_key_value(&self) -> Option<(&K, &V)> {
        let l = self.root.as_ref()?.last_leaf();
        let i = l.len() - 1;
        Some((&l.keys[i], &l.vals[i]))
    }

    /// The entry at position `index` in key order (0 is the smallest key), or `None` if
    /// `index >= len()`. O(log n), from the subtree counts kept in each branch.
    ///
    /// # Example
    ///
    /// ```
    /// let map: cowtree::OrdMap<u32, u32> = (0..100).map(|i| (i * 10, i)).collect();
    /// assert_eq!(map.get_index(42), Some((&420, &42)));
    /// assert_eq!(map.get_index(100), None);
    /// ```
    pub fn get_index(&self, index: usize) -> Option<(&K, &V)> {
        if index >= self.len() {
            return None;
        }
        Some(self.root.as_ref()?.get_index(index))
    }

    /// How many keys are below `key` (its position, if present). O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let map: cowtree::OrdMap<u32, ()> = [10, 20, 30].into_iter().map(|k| (k, ())).collect();
    /// assert_eq!(map.rank(&20), 1);
    /// assert_eq!(map.rank(&25), 2);
    /// assert_eq!(map.rank(&99), 3);
    /// ```
    pub fn rank<Q>(&self, key: &Q) -> usize
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.root.as_ref().map_or(0, |r| r.count_below(key, false))
    }

    /// Checks the tree's invariants (keys sorted within and across nodes, separators right, node
    /// fill bounds, all leaves at one depth, subtree counts). O(n). For tests and fuzzing.
    ///
    /// # Panics
    ///
    /// If an invariant is broken, with a message naming it.
    ///
    /// # Example
    ///
    /// ```
    /// let map: cowtree::OrdMap<u32, u32> = (0..1000).map(|i| (i, i)).collect();
    /// map.check_invariants();
    /// ```
    pub fn check_invariants(&self) {
        let n = check::check(self.root_ref());
        assert_eq!(
            n,
            self.len(),
            "cowtree OrdMap invariant broken: len is the entry count"
        );
    }
}

impl<K: Ord + Clone, V: Clone> OrdMap<K, V> {
    /// A mutable reference to the value under `key`. O(log n); when the path to the entry is
    /// shared with another version, its nodes are copied first (nothing is copied if the key is
    /// absent).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::OrdMap::from([(1, 10)]);
    /// *map.get_mut(&1).unwrap() += 1;
    /// assert_eq!(map[&1], 11);
    /// ```
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        if !self.contains_key(key) {
            return None;
        }
        self.root.as_mut()?.get_mut(key).map(|(_, v)| v)
    }

    /// Inserts `value` under `key`; returns the old value if the key was there (the stored key is
    /// kept, as std does). O(log n); copies the root-to-leaf path when it is shared.
    ///
    /// # Panics
    ///
    /// With "capacity overflow", leaving the map as it was, if the new entry would put more than
    /// `u32::MAX` entries under one child of the root (see [Capacity](OrdMap#capacity)).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::OrdMap::new();
    /// assert_eq!(map.insert(1, 'a'), None);
    /// assert_eq!(map.insert(1, 'b'), Some('a'));
    /// ```
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let Some(root) = self.root.as_mut() else {
            let mut leaf = super::node::Leaf::new();
            leaf.keys.push(key);
            leaf.vals.push(value);
            self.root = Some(Node::Leaf(triomphe::Arc::new(leaf)));
            return None;
        };
        match root.insert(key, value) {
            Inserted::Replaced(old) => Some(old),
            Inserted::Added => None,
            Inserted::Split(sep, right) => {
                let left = self.root.take().expect("root present");
                let mut b = Branch::new(left.is_leaf());
                b.push(None, left);
                b.push(Some(sep), right);
                self.root = Some(Node::Branch(triomphe::Arc::new(b)));
                None
            }
        }
    }

    /// Removes `key`'s entry and returns its value. O(log n); copies the path when shared
    /// (nothing if the key is absent).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::OrdMap::from([(1, 'a')]);
    /// assert_eq!(map.remove(&1), Some('a'));
    /// assert_eq!(map.remove(&1), None);
    /// ```
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.remove_entry(key).map(|(_, v)| v)
    }

    /// Removes `key`'s entry and returns the stored key and value. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::OrdMap::from([(1, 'a')]);
    /// assert_eq!(map.remove_entry(&1), Some((1, 'a')));
    /// ```
    pub fn remove_entry<Q>(&mut self, key: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        remove(&mut self.root, Target::Key(key))
    }

    /// Removes the entry at position `index` in key order. O(log n).
    ///
    /// # Panics
    ///
    /// If `index >= len()`, naming both.
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::OrdMap::from([(1, 'a'), (2, 'b')]);
    /// assert_eq!(map.remove_index(1), (2, 'b'));
    /// ```
    pub fn remove_index(&mut self, index: usize) -> (K, V) {
        let len = self.len();
        assert!(
            index < len,
            "index out of bounds: the len is {len} but the index is {index}"
        );
        remove::<K, V, K>(&mut self.root, Target::Rank(index)).expect("index checked")
    }

    /// Removes and returns the entry with the smallest key. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::OrdMap::from([(1, 'a'), (2, 'b')]);
    /// assert_eq!(map.pop_first(), Some((1, 'a')));
    /// ```
    pub fn pop_first(&mut self) -> Option<(K, V)> {
        if self.is_empty() {
            return None;
        }
        Some(self.remove_index(0))
    }

    /// Removes and returns the entry with the largest key. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::OrdMap::from([(1, 'a'), (2, 'b')]);
    /// assert_eq!(map.pop_last(), Some((2, 'b')));
    /// ```
    pub fn pop_last(&mut self) -> Option<(K, V)> {
        let n = self.len();
        if n == 0 {
            return None;
        }
        Some(self.remove_index(n - 1))
    }

    /// A new version with `value` under `key`; `self` is unchanged. O(log n); the two versions
    /// share everything but one root-to-leaf path.
    ///
    /// # Example
    ///
    /// ```
    /// let a = cowtree::OrdMap::from([(1, 'a')]);
    /// let b = a.update(2, 'b');
    /// assert_eq!((a.len(), b.len()), (1, 2));
    /// ```
    #[must_use]
    pub fn update(&self, key: K, value: V) -> Self {
        let mut out = self.clone();
        out.insert(key, value);
        out
    }

    /// A new version without `key`; `self` is unchanged. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let a = cowtree::OrdMap::from([(1, 'a'), (2, 'b')]);
    /// let b = a.without(&1);
    /// assert_eq!((a.len(), b.len()), (2, 1));
    /// ```
    #[must_use]
    pub fn without<Q>(&self, key: &Q) -> Self
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let mut out = self.clone();
        out.remove(key);
        out
    }
}

#[cfg(test)]
mod tests;
