//! Set algebra on tries that keeps sharing: `union`, `intersection`, `difference`, and the
//! subset and disjointness tests.
//!
//! Under one hasher two tries have the same slot layout, so they are merged slot by slot; a child
//! pair that is the same `Arc`, or a child present on one side only, is reused whole instead of
//! walked. Merging a map with an edited copy of itself costs O(changes · log n). Results are built
//! in canonical form (`Builder::finish` dissolves subtrees left with fewer than two entries).
//!
//! Each function also returns how the entry count changed, computed without walking shared
//! subtrees where the answer is known (a subtree kept whole keeps its count).

use std::hash::{BuildHasher, Hash};

use super::map::HashMap;
use super::node::{bits, subtree_without, Builder, NodeRef, Slot, Sub, COLLISION_LEVEL};

/// True if the collision node `node` holds `key`.
fn collision_holds<K: Eq, V>(node: &NodeRef<K, V>, key: &K) -> bool {
    node.entries().iter().any(|e| e.0 == *key)
}

/// A copy of the subtree `node` with every entry `e` replaced by `merge(e, e)` (same keys, so
/// the same shape).
fn merge_with_itself<K, V>(
    node: &NodeRef<K, V>,
    merge: &mut impl FnMut(&(K, V), &(K, V)) -> (K, V),
    common: &mut usize,
) -> NodeRef<K, V>
where
    K: Clone,
    V: Clone,
{
    let mut copy = node.clone();
    let (entries, children) = copy.parts_mut();
    for e in entries.iter_mut() {
        *common += 1;
        *e = merge(e, e);
    }
    for c in children.iter_mut() {
        *c = merge_with_itself(c, merge, common);
    }
    copy
}

/// Merges `a` (from `self`) and `b` at `level`; `merge` decides the entry for a key both hold.
/// Returns the merged node and counts the keys both held in `common`. With `keep_shared`, a
/// subtree that is the same node on both sides is kept as it is (right when `merge` keeps `a`'s
/// entry); otherwise `merge` is applied to each of its entries.
fn union_nodes<K, V>(
    a: &NodeRef<K, V>,
    b: &NodeRef<K, V>,
    level: u32,
    merge: &mut impl FnMut(&(K, V), &(K, V)) -> (K, V),
    keep_shared: bool,
    hash_key: &impl Fn(&K) -> u64,
    common: &mut usize,
) -> NodeRef<K, V>
where
    K: Eq + Clone,
    V: Clone,
{
    if NodeRef::ptr_eq(a, b) {
        if keep_shared {
            *common += a.count();
            return a.clone();
        }
        return merge_with_itself(a, merge, common);
    }
    if b.is_empty() {
        return a.clone();
    }
    if a.is_empty() {
        return b.clone();
    }
    let mut out = Builder::new(level);
    if level == COLLISION_LEVEL {
        for ea in a.entries() {
            match b.entries().iter().find(|eb| eb.0 == ea.0) {
                Some(eb) => {
                    *common += 1;
                    out.push_entry(merge(ea, eb));
                }
                None => out.push_entry(ea.clone()),
            }
        }
        for eb in b.entries() {
            if !collision_holds(a, &eb.0) {
                out.push_entry(eb.clone());
            }
        }
        return out.finish_root();
    }
    for bit in bits(a.datamap() | a.nodemap() | b.datamap() | b.nodemap()) {
        let sub = match (a.slot(bit), b.slot(bit)) {
            (Slot::Entry(ea), Slot::Entry(eb)) => {
                if ea.0 == eb.0 {
                    *common += 1;
                    Sub::One(merge(ea, eb))
                } else {
                    let (ha, hb) = (hash_key(&ea.0), hash_key(&eb.0));
                    Sub::Node(NodeRef::pair(level + 1, ea.clone(), ha, eb.clone(), hb))
                }
            }
            (Slot::Entry(ea), Slot::Child(cb)) => {
                let h = hash_key(&ea.0);
                let mut child = cb.clone();
                if let Some(eb) = cb.get(level + 1, h, &ea.0) {
                    *common += 1;
                    let merged = merge(ea, eb);
                    let place = child.get_mut(level + 1, h, &ea.0);
                    *place.expect("key found above") = merged;
                } else {
                    let (k, v) = ea.clone();
                    child.insert(level + 1, h, k, v, hash_key);
                }
                Sub::Node(child)
            }
            (Slot::Child(ca), Slot::Entry(eb)) => {
                let h = hash_key(&eb.0);
                let mut child = ca.clone();
                if let Some(ea) = ca.get(level + 1, h, &eb.0) {
                    *common += 1;
                    let merged = merge(ea, eb);
                    let place = child.get_mut(level + 1, h, &eb.0);
                    *place.expect("key found above") = merged;
                } else {
                    let (k, v) = eb.clone();
                    child.insert(level + 1, h, k, v, hash_key);
                }
                Sub::Node(child)
            }
            (Slot::Child(ca), Slot::Child(cb)) => Sub::Node(union_nodes(
                ca,
                cb,
                level + 1,
                merge,
                keep_shared,
                hash_key,
                common,
            )),
            (Slot::Entry(e), Slot::Empty) | (Slot::Empty, Slot::Entry(e)) => Sub::One(e.clone()),
            (Slot::Child(c), Slot::Empty) | (Slot::Empty, Slot::Child(c)) => Sub::Node(c.clone()),
            (Slot::Empty, Slot::Empty) => unreachable!("bit comes from one of the bitmaps"),
        };
        out.push(bit, sub);
    }
    out.finish_root()
}

/// Which entries of `a` [`filter_nodes`] keeps.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// Those whose keys `b` holds (intersection).
    Common,
    /// Those whose keys `b` does not hold (difference).
    Absent,
}

/// The entries of `a` that `keep` selects by whether `b` holds their keys (values from `a`), as
/// a builder for the node at `level`; counts the entries of `a` dropped in `removed`.
fn filter_nodes<K, V>(
    a: &NodeRef<K, V>,
    b: &NodeRef<K, V>,
    level: u32,
    keep: Keep,
    hash_key: &impl Fn(&K) -> u64,
    removed: &mut usize,
) -> Builder<K, V>
where
    K: Eq + Clone,
    V: Clone,
{
    let common = keep == Keep::Common;
    let mut out = Builder::new(level);
    if level == COLLISION_LEVEL {
        for ea in a.entries() {
            if collision_holds(b, &ea.0) == common {
                out.push_entry(ea.clone());
            } else {
                *removed += 1;
            }
        }
        return out;
    }
    for bit in bits(a.datamap() | a.nodemap()) {
        let sub = match (a.slot(bit), b.slot(bit)) {
            (Slot::Entry(ea), sb) => {
                let in_b = match sb {
                    Slot::Entry(eb) => eb.0 == ea.0,
                    Slot::Child(cb) => cb.get(level + 1, hash_key(&ea.0), &ea.0).is_some(),
                    Slot::Empty => false,
                };
                if in_b == common {
                    Sub::One(ea.clone())
                } else {
                    *removed += 1;
                    Sub::Empty
                }
            }
            (Slot::Child(ca), Slot::Entry(eb)) => {
                let h = hash_key(&eb.0);
                if common {
                    let n = ca.count();
                    match ca.get(level + 1, h, &eb.0) {
                        Some(ea) => {
                            *removed += n - 1;
                            Sub::One(ea.clone())
                        }
                        None => {
                            *removed += n;
                            Sub::Empty
                        }
                    }
                } else {
                    let (sub, hit) = subtree_without(ca, level + 1, h, &eb.0);
                    *removed += usize::from(hit);
                    sub
                }
            }
            (Slot::Child(ca), Slot::Child(cb)) if NodeRef::ptr_eq(ca, cb) => {
                if common {
                    Sub::Node(ca.clone())
                } else {
                    *removed += ca.count();
                    Sub::Empty
                }
            }
            (Slot::Child(ca), Slot::Child(cb)) => {
                filter_nodes(ca, cb, level + 1, keep, hash_key, removed).finish()
            }
            (Slot::Child(ca), Slot::Empty) => {
                if common {
                    *removed += ca.count();
                    Sub::Empty
                } else {
                    Sub::Node(ca.clone())
                }
            }
            (Slot::Empty, _) => unreachable!("bit comes from a's bitmaps"),
        };
        out.push(bit, sub);
    }
    out
}

/// True if every key of `a` is a key of `b` (two nodes at `level` under one hasher). A pair of
/// subtrees that are the same node is not walked.
fn subset_nodes<K: Eq, V>(
    a: &NodeRef<K, V>,
    b: &NodeRef<K, V>,
    level: u32,
    hash_key: &impl Fn(&K) -> u64,
) -> bool {
    if NodeRef::ptr_eq(a, b) {
        return true;
    }
    if level == COLLISION_LEVEL {
        return a.entries().iter().all(|ea| collision_holds(b, &ea.0));
    }
    bits(a.datamap() | a.nodemap()).all(|bit| match (a.slot(bit), b.slot(bit)) {
        (Slot::Entry(ea), Slot::Entry(eb)) => ea.0 == eb.0,
        (Slot::Entry(ea), Slot::Child(cb)) => cb.get(level + 1, hash_key(&ea.0), &ea.0).is_some(),
        // A child holds at least two entries (canonical form): one entry cannot hold them.
        (Slot::Child(_), Slot::Entry(_)) | (_, Slot::Empty) => false,
        (Slot::Child(ca), Slot::Child(cb)) => subset_nodes(ca, cb, level + 1, hash_key),
        (Slot::Empty, _) => unreachable!("bit comes from a's bitmaps"),
    })
}

/// True if `a` and `b` (two nodes at `level` under one hasher) have no key in common. Only the
/// slots both use are looked at.
fn disjoint_nodes<K: Eq, V>(
    a: &NodeRef<K, V>,
    b: &NodeRef<K, V>,
    level: u32,
    hash_key: &impl Fn(&K) -> u64,
) -> bool {
    if NodeRef::ptr_eq(a, b) {
        return a.is_empty();
    }
    if level == COLLISION_LEVEL {
        return !a.entries().iter().any(|ea| collision_holds(b, &ea.0));
    }
    let both = (a.datamap() | a.nodemap()) & (b.datamap() | b.nodemap());
    bits(both).all(|bit| match (a.slot(bit), b.slot(bit)) {
        (Slot::Entry(ea), Slot::Entry(eb)) => ea.0 != eb.0,
        (Slot::Entry(ea), Slot::Child(cb)) => cb.get(level + 1, hash_key(&ea.0), &ea.0).is_none(),
        (Slot::Child(ca), Slot::Entry(eb)) => ca.get(level + 1, hash_key(&eb.0), &eb.0).is_none(),
        (Slot::Child(ca), Slot::Child(cb)) => disjoint_nodes(ca, cb, level + 1, hash_key),
        (Slot::Empty, _) | (_, Slot::Empty) => unreachable!("bit is in both nodes' bitmaps"),
    })
}

impl<K, V, S> HashMap<K, V, S>
where
    K: Hash + Eq,
    S: BuildHasher,
{
    /// True if every key of `self` is a key of `other` (values are not compared). O(1) for the
    /// same version; under one hasher a structural walk that skips the subtrees both share;
    /// otherwise a look-up in `other` per key of `self`.
    pub(crate) fn keys_subset(&self, other: &Self) -> bool {
        if self.ptr_eq(other) {
            return true;
        }
        if self.len > other.len {
            return false;
        }
        if self.same_hasher(other) {
            let hasher = &*self.hasher;
            subset_nodes(&self.root, &other.root, 0, &|k: &K| hasher.hash_one(k))
        } else {
            self.keys().all(|k| other.contains_key(k))
        }
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
