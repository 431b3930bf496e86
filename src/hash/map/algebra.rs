//! Set algebra on tries that keeps sharing: `union`, `intersection`, `difference`, and the
//! subset and disjointness tests.
//!
//! Under one hasher two tries are merged slot by slot by the node layer (`node/merge.rs`), which
//! reuses shared subtrees whole; with different hashers keys are looked up one by one.
//!
//! Each function also returns how the entry count changed, computed without walking shared
//! subtrees where the answer is known (a subtree kept whole keeps its count).

use std::hash::{BuildHasher, Hash};

use super::HashMap;
use crate::hash::node::{disjoint_nodes, filter_nodes, subset_nodes, union_nodes, Keep};

impl<K, V, S> HashMap<K, V, S>
where
    K: Hash + Eq,
    S: BuildHasher,
{
    /// True if every key of `self` is a key of `other` (values are not compared). O(1) for the
    /// same version; under one hasher a structural walk that skips the subtrees both share;
    /// otherwise a look-up in `other` per key of `self`.
    pub(crate) fn keys_subset(&self, other: &Self) -> bool {
        self.subset_by(other, |_: &V, _: &V| true)
    }

    /// True if every key of `self` is in `other` and `same(self's value, other's value)` holds
    /// for each; `same` must hold for a value and itself (shared subtrees are not walked).
    fn subset_by(&self, other: &Self, same: impl Fn(&V, &V) -> bool) -> bool {
        if self.ptr_eq(other) {
            return true;
        }
        if self.len > other.len {
            return false;
        }
        if self.same_hasher(other) {
            let hasher = &*self.hasher;
            let hash_key = |k: &K| hasher.hash_one(k);
            subset_nodes(&self.root, &other.root, 0, &hash_key, &same)
        } else {
            self.iter()
                .all(|(k, v)| other.get(k).is_some_and(|w| same(v, w)))
        }
    }

    /// True if every key of `self` is in `other` with an equal value (imbl's and rpds's
    /// `is_submap`). O(1) for the same version; under one hasher (one map descends from the other
    /// by clones and writes) a structural walk that skips the subtrees both share, so comparing a
    /// map with an edited copy costs O(changes · log n); otherwise a look-up in `other` per entry
    /// of `self`, O(n log m).
    ///
    /// # Example
    ///
    /// ```
    /// let big: cowtree::HashMap<_, _> = (0..1000).map(|i| (i, i)).collect();
    /// let small = big.without(&7);
    /// assert!(small.is_submap(&big));
    /// assert!(!big.is_submap(&small));
    /// assert!(!small.update(1, 99).is_submap(&big)); // a value differs
    /// ```
    pub fn is_submap(&self, other: &Self) -> bool
    where
        V: PartialEq,
    {
        self.subset_by(other, |a: &V, b: &V| a == b)
    }

    /// True if `self` is a submap of `other` (see [`is_submap`](Self::is_submap)) and `other`
    /// has more entries. Same cost as `is_submap`.
    ///
    /// # Example
    ///
    /// ```
    /// let a: cowtree::HashMap<_, _> = [(1, 'a')].into();
    /// let b: cowtree::HashMap<_, _> = [(1, 'a'), (2, 'b')].into();
    /// assert!(a.is_proper_submap(&b));
    /// assert!(!a.is_proper_submap(&a.clone()));
    /// ```
    pub fn is_proper_submap(&self, other: &Self) -> bool
    where
        V: PartialEq,
    {
        self.len < other.len && self.is_submap(other)
    }

    /// True if no key is in both maps. Under one hasher a structural walk of the slots both
    /// use; otherwise a look-up in the larger map per key of the smaller.
    pub(crate) fn keys_disjoint(&self, other: &Self) -> bool {
        if self.same_hasher(other) {
            let hasher = &*self.hasher;
            disjoint_nodes(&self.root, &other.root, 0, &|k: &K| hasher.hash_one(k))
        } else {
            let (small, large) = if self.len <= other.len {
                (self, other)
            } else {
                (other, self)
            };
            small.keys().all(|k| !large.contains_key(k))
        }
    }
}

impl<K, V, S> HashMap<K, V, S>
where
    K: Hash + Eq + Clone,
    V: Clone,
    S: BuildHasher,
{
    /// The union of two maps; for a key in both, `self`'s entry wins.
    ///
    /// Cost: when both share their hasher (one descends from the other by clones and writes),
    /// subtrees that are the same node on both sides, or present on one side only, are reused
    /// whole: merging a map with an edited copy of itself costs O(changes · log n). Otherwise
    /// `other`'s entries are inserted one by one into `self`, O(m log n).
    ///
    /// Unlike [`extend`](Extend::extend), which inserts pairs one at a time into new nodes, `union`
    /// keeps the subtrees of *both* maps shared with their snapshots.
    ///
    /// # Example
    ///
    /// ```
    /// let base: cowtree::HashMap<_, _> = [(1, "a"), (2, "b")].into();
    /// let left = base.update(1, "left");
    /// let right = base.update(3, "right");
    /// let both = left.union(right);
    /// assert_eq!((both[&1], both[&2], both[&3]), ("left", "b", "right"));
    /// ```
    #[must_use]
    pub fn union(self, other: Self) -> Self {
        if self.same_hasher(&other) {
            self.merge_nodes(other, &mut |a: &(K, V), _: &(K, V)| a.clone(), true)
        } else {
            let mut out = self;
            for (k, v) in other {
                if !out.contains_key(&k) {
                    out.insert(k, v);
                }
            }
            out
        }
    }

    /// Structural union of two maps sharing their hasher.
    fn merge_nodes(
        self,
        other: Self,
        merge: &mut impl FnMut(&(K, V), &(K, V)) -> (K, V),
        keep_shared: bool,
    ) -> Self {
        let hasher = &*self.hasher;
        let mut common = 0;
        let root = union_nodes(
            &self.root,
            &other.root,
            0,
            merge,
            keep_shared,
            &|k: &K| hasher.hash_one(k),
            &mut common,
        );
        let len = self.len + other.len - common;
        HashMap {
            root,
            len,
            hasher: self.hasher,
        }
    }

    /// The entries of `self` that `keep` selects, for two maps sharing their hasher: a
    /// structural walk that keeps or drops shared subtrees whole.
    fn filter_by(self, other: &Self, keep: Keep) -> Self {
        let hasher = &*self.hasher;
        let mut removed = 0;
        let root = filter_nodes(
            &self.root,
            &other.root,
            0,
            keep,
            &|k: &K| hasher.hash_one(k),
            &mut removed,
        )
        .finish_root();
        HashMap {
            root,
            len: self.len - removed,
            hasher: self.hasher,
        }
    }

    /// The union of two maps; for a key in both, the value is `f(self's value, other's value)`
    /// (the values are clones when a snapshot shares them).
    ///
    /// Cost: as [`union`](Self::union), except that a subtree both maps share cannot be reused
    /// as it is, since `f` must see each common key: it is copied with `f` applied, O(its size).
    ///
    /// # Example
    ///
    /// ```
    /// let a: cowtree::HashMap<_, _> = [("x", 1), ("y", 2)].into();
    /// let b: cowtree::HashMap<_, _> = [("y", 10)].into();
    /// let sum = a.union_with(b, |l, r| l + r);
    /// assert_eq!((sum["x"], sum["y"]), (1, 12));
    /// ```
    #[must_use]
    pub fn union_with<F>(mut self, other: Self, mut f: F) -> Self
    where
        F: FnMut(V, V) -> V,
    {
        if self.same_hasher(&other) {
            let mut merge = |a: &(K, V), b: &(K, V)| (a.0.clone(), f(a.1.clone(), b.1.clone()));
            self.merge_nodes(other, &mut merge, false)
        } else {
            for (k, v) in other {
                let hash = self.hash_of(&k);
                match self.remove_hashed(hash, &k) {
                    Some((mine, old)) => self.insert_hashed(hash, mine, f(old, v)),
                    None => self.insert_hashed(hash, k, v),
                };
            }
            self
        }
    }

    /// The entries of `self` whose keys `other` holds (values from `self`).
    ///
    /// Cost: like [`union`](Self::union), subtrees that are the same node on both sides are kept
    /// whole; otherwise O(n) look-ups into `other`.
    ///
    /// # Example
    ///
    /// ```
    /// let a: cowtree::HashMap<_, _> = [(1, 'a'), (2, 'b')].into();
    /// let b: cowtree::HashMap<_, _> = [(2, 'z'), (3, 'c')].into();
    /// let both = a.intersection(b);
    /// assert_eq!(both.len(), 1);
    /// assert_eq!(both[&2], 'b');
    /// ```
    #[must_use]
    pub fn intersection(self, other: Self) -> Self {
        if self.same_hasher(&other) {
            if self.ptr_eq(&other) {
                return self;
            }
            self.filter_by(&other, Keep::Common)
        } else {
            let mut out = HashMap::with_shared_hasher(self.hasher.clone());
            for (k, v) in self.iter() {
                if other.contains_key(k) {
                    out.insert(k.clone(), v.clone());
                }
            }
            out
        }
    }

    /// The entries of `self` whose keys `other` does not hold.
    ///
    /// Cost: like [`union`](Self::union) under one hasher; otherwise each of `other`'s keys is
    /// removed from `self`, O(m log n).
    ///
    /// # Example
    ///
    /// ```
    /// let a: cowtree::HashMap<_, _> = [(1, 'a'), (2, 'b')].into();
    /// let b: cowtree::HashMap<_, _> = [(2, 'z')].into();
    /// let rest = a.difference(b);
    /// assert_eq!(rest.len(), 1);
    /// assert_eq!(rest[&1], 'a');
    /// ```
    #[must_use]
    pub fn difference(mut self, other: Self) -> Self {
        if self.same_hasher(&other) {
            self.filter_by(&other, Keep::Absent)
        } else {
            for k in other.keys() {
                self.remove(k);
            }
            self
        }
    }

    /// The entries whose keys are in exactly one of the maps: `(self − other) ∪ (other − self)`,
    /// each part computed with the sharing-preserving algebra (std's `HashSet` name; imbl's
    /// deprecated `HashMap::difference` meant this).
    ///
    /// Cost: under one hasher O(changes · log n) for two related versions, the subtrees both
    /// share being skipped and those only one side has being reused whole; otherwise
    /// O((n + m) log n).
    ///
    /// # Example
    ///
    /// ```
    /// let a: cowtree::HashMap<_, _> = [(1, 'a'), (2, 'b')].into();
    /// let b: cowtree::HashMap<_, _> = [(2, 'z'), (3, 'c')].into();
    /// let x = a.symmetric_difference(b);
    /// assert_eq!(x, [(1, 'a'), (3, 'c')].into());
    /// ```
    #[must_use]
    pub fn symmetric_difference(self, other: Self) -> Self {
        let left = self.clone().difference(other.clone());
        let right = other.difference(self);
        left.union(right)
    }
}

#[cfg(test)]
mod tests {
    use crate::HashSet;
    use std::cell::Cell;
    use std::hash::{Hash, Hasher};

    thread_local! {
        static EQ_CALLS: Cell<usize> = const { Cell::new(0) };
    }

    /// A key that counts its equality tests.
    #[derive(Clone, Debug)]
    struct Counted(u32);

    impl PartialEq for Counted {
        fn eq(&self, other: &Self) -> bool {
            EQ_CALLS.with(|c| c.set(c.get() + 1));
            self.0 == other.0
        }
    }

    impl Eq for Counted {}

    impl Hash for Counted {
        fn hash<H: Hasher>(&self, state: &mut H) {
            self.0.hash(state)
        }
    }

    fn eq_calls(f: impl FnOnce() -> bool) -> (bool, usize) {
        EQ_CALLS.with(|c| c.set(0));
        let r = f();
        (r, EQ_CALLS.with(|c| c.get()))
    }

    #[test]
    fn subset_and_disjoint_skip_shared_subtrees() {
        let big: HashSet<Counted> = (0..100_000).map(Counted).collect();
        let mut more = big.clone();
        more.insert(Counted(1_000_000));
        let (r, calls) = eq_calls(|| big.is_subset(&more));
        assert!(r);
        assert!(calls < 100, "{calls} comparisons");
        let (r, _) = eq_calls(|| more.is_subset(&big));
        assert!(!r);
        let mut less = big.clone();
        less.remove(&Counted(5));
        let (r, calls) = eq_calls(|| less.is_subset(&big) && big.is_superset(&less));
        assert!(r);
        assert!(calls < 100, "{calls} comparisons");
        // Disjoint: two halves of one set, split by removals, share no subtree with entries
        // in common.
        let mut evens = big.clone();
        evens.retain(|x| x.0 % 2 == 0);
        let mut odds = big.clone();
        odds.retain(|x| x.0 % 2 == 1);
        assert!(evens.is_disjoint(&odds) && odds.is_disjoint(&evens));
        assert!(!evens.is_disjoint(&big));
        let (r, calls) = eq_calls(|| more.is_disjoint(&big));
        assert!(!r);
        assert!(calls < 100, "{calls} comparisons");
        let empty = big.clone().difference(big.clone());
        assert!(empty.is_disjoint(&empty) && empty.is_subset(&big));
    }
}
