//! [`HashSet`]: a [`HashMap`] to `()`, on the same trie.
//!
//! `(T, ())` has the size of `T`, so the set's nodes hold bare elements: nothing is wasted on the
//! unit values.
//!
//! Files: `mod.rs` (the type, look-ups, edits including the `get_or_insert` family, set algebra,
//! common traits), `iter.rs` (iterators, diff, `contains_many`), `drain.rs` (`drain`,
//! `extract_if`), `convert.rs` (`From` arrays, vectors, slices and std's `HashSet`).

use std::borrow::Borrow;
use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::ops::{BitAnd, BitOr, BitXor, Sub};

use super::map::HashMap;
use crate::set_diff::Diff;
use iter::{ContainsMany, Iter};

mod convert;
pub(crate) mod drain;
pub(crate) mod iter;

/// A persistent hash set: `clone()` is an O(1) snapshot, and a write after a snapshot copies only
/// the root-to-leaf path it touches. Same trie and costs as [`HashMap`].
///
/// # Example
///
/// ```
/// use cowtree::HashSet;
///
/// let mut set = HashSet::new();
/// set.insert("a");
/// let snapshot = set.clone();
/// set.insert("b");
/// assert!(snapshot.contains("a") && !snapshot.contains("b"));
/// assert_eq!(set.len(), 2);
/// ```
pub struct HashSet<T, S = RandomState> {
    pub(crate) map: HashMap<T, (), S>,
}

impl<T> HashSet<T, RandomState> {
    /// An empty set with a randomly seeded hasher. O(1).
    ///
    /// # Example
    ///
    /// ```
    /// let set: cowtree::HashSet<u32> = cowtree::HashSet::new();
    /// assert!(set.is_empty());
    /// ```
    pub fn new() -> Self {
        HashSet {
            map: HashMap::new(),
        }
    }
}

impl<T, S> HashSet<T, S> {
    /// An empty set that hashes elements with `hasher`. O(1).
    ///
    /// # Example
    ///
    /// ```
    /// use std::collections::hash_map::RandomState;
    /// let mut set = cowtree::HashSet::with_hasher(RandomState::new());
    /// set.insert(1);
    /// assert!(set.contains(&1));
    /// ```
    pub fn with_hasher(hasher: S) -> Self {
        HashSet {
            map: HashMap::with_hasher(hasher),
        }
    }

    /// The number of elements. O(1).
    ///
    /// # Example
    ///
    /// ```
    /// let set: cowtree::HashSet<_> = [1, 2, 2].into();
    /// assert_eq!(set.len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True if the set has no element. O(1).
    ///
    /// # Example
    ///
    /// ```
    /// let set: cowtree::HashSet<u8> = cowtree::HashSet::new();
    /// assert!(set.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Removes every element from this version (snapshots keep theirs). O(1).
    ///
    /// # Example
    ///
    /// ```
    /// let mut set: cowtree::HashSet<_> = [1].into();
    /// set.clear();
    /// assert!(set.is_empty());
    /// ```
    pub fn clear(&mut self) {
        self.map.clear()
    }

    /// The set's hasher. O(1).
    ///
    /// # Example
    ///
    /// ```
    /// let set: cowtree::HashSet<u8> = cowtree::HashSet::new();
    /// let _ = set.hasher();
    /// ```
    pub fn hasher(&self) -> &S {
        self.map.hasher()
    }

    /// True if both are the same version. O(1).
    ///
    /// # Example
    ///
    /// ```
    /// let a: cowtree::HashSet<_> = [1].into();
    /// assert!(a.ptr_eq(&a.clone()));
    /// ```
    pub fn ptr_eq(&self, other: &Self) -> bool {
        self.map.ptr_eq(&other.map)
    }

    /// An iterator over the elements in hash order; O(1) to create, amortized O(1) per step.
    ///
    /// # Example
    ///
    /// ```
    /// let set: cowtree::HashSet<_> = [1, 2].into();
    /// assert_eq!(set.iter().sum::<i32>(), 3);
    /// ```
    pub fn iter(&self) -> Iter<'_, T> {
        Iter {
            inner: self.map.keys(),
        }
    }

    /// The walk behind [`iter`](Self::iter), splittable along subtrees (for the rayon integration).
    #[cfg(feature = "rayon")]
    pub(crate) fn raw_iter(&self) -> super::map::iter::RawIter<'_, T, ()> {
        self.map.iter().into_raw()
    }

    /// Bytes of the trie's nodes reachable from this version (elements' own heap not counted),
    /// slack included, as `HashMap::heap_size` says. O(number of nodes).
    ///
    /// # Example
    ///
    /// ```
    /// let set: cowtree::HashSet<u64> = (0..100).collect();
    /// assert!(set.heap_size() >= 100 * 8);
    /// ```
    pub fn heap_size(&self) -> usize {
        self.map.heap_size()
    }

    /// Bytes of nodes shared with `other`, and held by each alone (see [`crate::Sharing`]).
    ///
    /// # Example
    ///
    /// ```
    /// let a: cowtree::HashSet<u64> = (0..100).collect();
    /// let s = a.sharing(&a.clone());
    /// assert_eq!((s.only_self, s.only_other), (0, 0));
    /// ```
    pub fn sharing(&self, other: &Self) -> crate::Sharing {
        self.map.sharing(&other.map)
    }
}

impl<T, S> HashSet<T, S>
where
    T: Hash + Eq,
    S: BuildHasher,
{
    /// For each of `values`, in order, whether the set holds it: what
    /// `values.map(|v| set.contains(v))` gives, faster on large sets (up to 32 look-ups in flight
    /// at once, see [`HashMap::get_many`]). O(log n) per value, no allocation.
    ///
    /// # Example
    ///
    /// ```
    /// let set: cowtree::HashSet<u32> = (0..10).collect();
    /// let found: Vec<bool> = set.contains_many(&[3, 30, 9]).collect();
    /// assert_eq!(found, [true, false, true]);
    /// ```
    pub fn contains_many<'a, 'k, Q, I>(
        &'a self,
        values: I,
    ) -> ContainsMany<'a, 'k, T, Q, I::IntoIter, S>
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized + 'k,
        I: IntoIterator<Item = &'k Q>,
    {
        ContainsMany {
            inner: self.map.get_many(values),
        }
    }

    /// True if the set holds `value`. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let set: cowtree::HashSet<String> = ["a".to_string()].into();
    /// assert!(set.contains("a"));
    /// ```
    pub fn contains<Q>(&self, value: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.contains_key(value)
    }

    /// The stored element equal to `value`. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let set: cowtree::HashSet<_> = [1].into();
    /// assert_eq!(set.get(&1), Some(&1));
    /// ```
    pub fn get<Q>(&self, value: &Q) -> Option<&T>
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.get_key_value(value).map(|(k, _)| k)
    }

    /// True if every element of `self` is in `other`. O(1) for the same version or when
    /// `self` is the larger. When the sets share their hasher (one comes from the other by
    /// clones and writes), a structural walk skips the subtrees they share: O(d · log n) for
    /// versions d edits apart. Otherwise one look-up per element, O(n log m).
    ///
    /// # Example
    ///
    /// ```
    /// let a: cowtree::HashSet<_> = [1].into();
    /// let b: cowtree::HashSet<_> = [1, 2].into();
    /// assert!(a.is_subset(&b) && !b.is_subset(&a));
    /// ```
    pub fn is_subset(&self, other: &Self) -> bool {
        self.map.keys_subset(&other.map)
    }

    /// True if every element of `other` is in `self`. Same cost as [`is_subset`](Self::is_subset).
    ///
    /// # Example
    ///
    /// ```
    /// let a: cowtree::HashSet<_> = [1, 2].into();
    /// let b: cowtree::HashSet<_> = [2].into();
    /// assert!(a.is_superset(&b));
    /// ```
    pub fn is_superset(&self, other: &Self) -> bool {
        other.is_subset(self)
    }

    /// True if the sets have no element in common. When they share their hasher, a structural
    /// walk of the trie slots both use (a subtree both share ends it at once); otherwise
    /// O(min(n, m) log max(n, m)) look-ups.
    ///
    /// # Example
    ///
    /// ```
    /// let a: cowtree::HashSet<_> = [1].into();
    /// let b: cowtree::HashSet<_> = [2].into();
    /// assert!(a.is_disjoint(&b));
    /// ```
    pub fn is_disjoint(&self, other: &Self) -> bool {
        self.map.keys_disjoint(&other.map)
    }

    /// The elements added and removed from `self` (older) to `newer`. Same cost as
    /// [`HashMap::diff`]: O(d · log n) for versions that differ in d elements and share a hasher.
    ///
    /// # Example
    ///
    /// ```
    /// use cowtree::hash_set::DiffItem;
    /// let old: cowtree::HashSet<_> = [1, 2].into();
    /// let new = old.without(&1).update(3);
    /// let mut items: Vec<_> = old.diff(&new).collect();
    /// items.sort_by_key(|d| matches!(d, DiffItem::Added(_)));
    /// assert_eq!(items, [DiffItem::Removed(&1), DiffItem::Added(&3)]);
    /// ```
    pub fn diff<'a>(&'a self, newer: &'a Self) -> Diff<'a, T> {
        Diff::new(self.map.diff(&newer.map))
    }

    /// Checks the trie's invariants (see [`HashMap::check_invariants`]).
    ///
    /// # Panics
    ///
    /// With a message naming the broken invariant.
    #[doc(hidden)]
    pub fn check_invariants(&self) {
        self.map.check_invariants()
    }
}

impl<T, S> HashSet<T, S>
where
    T: Hash + Eq + Clone,
    S: BuildHasher,
{
    /// The stored element equal to `value`, inserting `value` first if there is none. O(log n);
    /// on a miss, the insertion copies the shared nodes on the path, and `value` is cloned once
    /// (to find the stored element again after moving it in).
    ///
    /// # Example
    ///
    /// ```
    /// let mut set: cowtree::HashSet<String> = cowtree::HashSet::new();
    /// assert_eq!(set.get_or_insert("a".to_string()), "a");
    /// assert_eq!(set.get_or_insert("a".to_string()), "a");
    /// assert_eq!(set.len(), 1);
    /// ```
    pub fn get_or_insert(&mut self, value: T) -> &T {
        if !self.contains(&value) {
            self.map.insert(value.clone(), ());
        }
        self.get(&value)
            .expect("the element was just found or inserted")
    }

    /// The stored element equal to `value`, inserting `f(value)` first if there is none.
    /// O(log n); on a miss the insertion copies the shared nodes on the path.
    ///
    /// # Panics
    ///
    /// If `f(value)` is not equal to `value` (the set would then not find it); the set is left
    /// unchanged.
    ///
    /// # Example
    ///
    /// ```
    /// let mut set: cowtree::HashSet<String> = cowtree::HashSet::new();
    /// let s = set.get_or_insert_with("key", |k| k.to_string());
    /// assert_eq!(s, "key");
    /// assert!(set.contains("key"));
    /// ```
    pub fn get_or_insert_with<Q, F>(&mut self, value: &Q, f: F) -> &T
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
        F: FnOnce(&Q) -> T,
    {
        if !self.contains(value) {
            let new = f(value);
            assert!(
                new.borrow() == value,
                "get_or_insert_with: the new element is not equal to the looked-up value"
            );
            self.map.insert(new, ());
        }
        self.get(value)
            .expect("the element was just found or inserted")
    }

    /// Adds `value`; true if it was not there (a present element is kept, as in std). O(log n);
    /// copies the shared nodes on the path.
    ///
    /// # Example
    ///
    /// ```
    /// let mut set = cowtree::HashSet::new();
    /// assert!(set.insert(1));
    /// assert!(!set.insert(1));
    /// ```
    pub fn insert(&mut self, value: T) -> bool {
        self.map.insert(value, ()).is_none()
    }

    /// Adds `value`, replacing an equal stored element; returns the replaced one. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut set = cowtree::HashSet::new();
    /// assert_eq!(set.replace(1), None);
    /// assert_eq!(set.replace(1), Some(1));
    /// ```
    pub fn replace(&mut self, value: T) -> Option<T> {
        let old = self.map.remove_entry(&value).map(|(k, ())| k);
        self.map.insert(value, ());
        old
    }

    /// Removes `value`; true if it was there. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut set: cowtree::HashSet<_> = [1].into();
    /// assert!(set.remove(&1) && !set.remove(&1));
    /// ```
    pub fn remove<Q>(&mut self, value: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.remove(value).is_some()
    }

    /// Removes and returns the stored element equal to `value`. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let mut set: cowtree::HashSet<_> = [1].into();
    /// assert_eq!(set.take(&1), Some(1));
    /// ```
    pub fn take<Q>(&mut self, value: &Q) -> Option<T>
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.remove_entry(value).map(|(k, ())| k)
    }

    /// Keeps only the elements for which `f` returns true. O(n + removed · log n); unlike the
    /// map's `retain` it copies only the paths of removed elements.
    ///
    /// # Example
    ///
    /// ```
    /// let mut set: cowtree::HashSet<_> = (0..10).collect();
    /// set.retain(|x| x % 2 == 0);
    /// assert_eq!(set.len(), 5);
    /// ```
    pub fn retain<F: FnMut(&T) -> bool>(&mut self, mut f: F) {
        let doomed: Vec<T> = self.iter().filter(|x| !f(x)).cloned().collect();
        for x in doomed {
            self.map.remove(&x);
        }
    }

    /// A new version with `value` added; `self` is left alone. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let a: cowtree::HashSet<_> = [1].into();
    /// assert_eq!(a.update(2).len(), 2);
    /// ```
    #[must_use]
    pub fn update(&self, value: T) -> Self {
        HashSet {
            map: self.map.update(value, ()),
        }
    }

    /// A new version without `value`; `self` is left alone. O(log n).
    ///
    /// # Example
    ///
    /// ```
    /// let a: cowtree::HashSet<_> = [1, 2].into();
    /// assert_eq!(a.without(&1).len(), 1);
    /// ```
    #[must_use]
    pub fn without<Q>(&self, value: &Q) -> Self
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        HashSet {
            map: self.map.without(value),
        }
    }

    /// The elements in either set. Reuses whole subtrees that are the same node on both sides (or
    /// on one side only) when the sets share their hasher: O(changes · log n) for a set and an
    /// edited copy; otherwise O(m log n). See [`HashMap::union`].
    ///
    /// # Example
    ///
    /// ```
    /// let a: cowtree::HashSet<_> = [1, 2].into();
    /// let b: cowtree::HashSet<_> = [2, 3].into();
    /// assert_eq!(a.union(b), [1, 2, 3].into());
    /// ```
    #[must_use]
    pub fn union(self, other: Self) -> Self {
        HashSet {
            map: self.map.union(other.map),
        }
    }

    /// The elements in both sets (kept from `self`). Same cost as [`union`](Self::union).
    ///
    /// # Example
    ///
    /// ```
    /// let a: cowtree::HashSet<_> = [1, 2].into();
    /// let b: cowtree::HashSet<_> = [2, 3].into();
    /// assert_eq!(a.intersection(b), [2].into());
    /// ```
    #[must_use]
    pub fn intersection(self, other: Self) -> Self {
        HashSet {
            map: self.map.intersection(other.map),
        }
    }

    /// The elements of `self` not in `other`. Same cost as [`union`](Self::union).
    ///
    /// # Example
    ///
    /// ```
    /// let a: cowtree::HashSet<_> = [1, 2].into();
    /// let b: cowtree::HashSet<_> = [2, 3].into();
    /// assert_eq!(a.difference(b), [1].into());
    /// ```
    #[must_use]
    pub fn difference(self, other: Self) -> Self {
        HashSet {
            map: self.map.difference(other.map),
        }
    }

    /// The elements in exactly one of the sets: `(self − other) ∪ (other − self)`, each part
    /// computed with the sharing-preserving algebra.
    ///
    /// # Example
    ///
    /// ```
    /// let a: cowtree::HashSet<_> = [1, 2].into();
    /// let b: cowtree::HashSet<_> = [2, 3].into();
    /// assert_eq!(a.symmetric_difference(b), [1, 3].into());
    /// ```
    #[must_use]
    pub fn symmetric_difference(self, other: Self) -> Self {
        let left = self.clone().difference(other.clone());
        let right = other.difference(self);
        left.union(right)
    }
}

impl<T, S> Clone for HashSet<T, S> {
    /// An O(1) snapshot.
    fn clone(&self) -> Self {
        HashSet {
            map: self.map.clone(),
        }
    }
}

impl<T, S: Default> Default for HashSet<T, S> {
    /// An empty set with a default hasher.
    fn default() -> Self {
        HashSet {
            map: HashMap::default(),
        }
    }
}

impl<T: fmt::Debug, S> fmt::Debug for HashSet<T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl<T: Hash + Eq, S: BuildHasher> PartialEq for HashSet<T, S> {
    /// O(1) for the same version; shared subtrees skipped under one hasher; else O(n) look-ups.
    fn eq(&self, other: &Self) -> bool {
        self.map == other.map
    }
}

impl<T: Hash + Eq, S: BuildHasher> Eq for HashSet<T, S> {}

impl<T: Hash, S> Hash for HashSet<T, S> {
    /// Independent of iteration order.
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.map.hash(state)
    }
}

impl<T: Hash + Eq + Clone, S: BuildHasher> Extend<T> for HashSet<T, S> {
    /// Inserts each element in turn (see the map's `extend` for what stays shared, and for the
    /// bulk build into an empty set).
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        self.map.extend(iter.into_iter().map(|x| (x, ())));
    }
}

impl<'a, T: Hash + Eq + Clone + 'a, S: BuildHasher> Extend<&'a T> for HashSet<T, S> {
    /// Clones and inserts each element in turn.
    fn extend<I: IntoIterator<Item = &'a T>>(&mut self, iter: I) {
        self.map.extend(iter.into_iter().map(|x| (x.clone(), ())));
    }
}

impl<T: Hash + Eq + Clone, S: BuildHasher + Default> FromIterator<T> for HashSet<T, S> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut set = Self::default();
        set.extend(iter);
        set
    }
}

macro_rules! set_operator {
    ($trait:ident, $method:ident, $op:ident, $doc:literal) => {
        impl<T, S> $trait<&HashSet<T, S>> for &HashSet<T, S>
        where
            T: Hash + Eq + Clone,
            S: BuildHasher,
        {
            type Output = HashSet<T, S>;

            #[doc = $doc]
            fn $method(self, other: &HashSet<T, S>) -> HashSet<T, S> {
                self.clone().$op(other.clone())
            }
        }
    };
}

set_operator!(BitOr, bitor, union, "`&a | &b`: the union, as a new set.");
set_operator!(
    BitAnd,
    bitand,
    intersection,
    "`&a & &b`: the intersection, as a new set."
);
set_operator!(
    Sub,
    sub,
    difference,
    "`&a - &b`: the difference, as a new set."
);
set_operator!(
    BitXor,
    bitxor,
    symmetric_difference,
    "`&a ^ &b`: the symmetric difference."
);

#[cfg(test)]
mod tests {
    use crate::HashSet;
    use std::panic::{catch_unwind, AssertUnwindSafe};

    #[test]
    fn get_or_insert_family() {
        let mut set: HashSet<String> = HashSet::new();
        let snapshot = set.clone();
        assert_eq!(set.get_or_insert("a".to_string()), "a");
        assert_eq!(set.get_or_insert_with("b", |s| s.to_string()), "b");
        assert_eq!(set.get_or_insert_with("a", |_| unreachable!()), "a");
        assert_eq!(set.len(), 2);
        assert!(snapshot.is_empty());
        set.check_invariants();
    }

    #[test]
    fn get_or_insert_with_rejects_an_unequal_element() {
        let mut set: HashSet<String> = HashSet::new();
        let r = catch_unwind(AssertUnwindSafe(|| {
            set.get_or_insert_with("a", |_| "b".to_string());
        }));
        assert!(r.is_err());
        assert!(set.is_empty());
    }
}
