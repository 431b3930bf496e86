//! Set algebra on tries that keeps sharing: `union`, `intersection`, `difference`.
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
            if !a.entries().iter().any(|ea| ea.0 == eb.0) {
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

/// The entries of `a` whose keys `b` holds (values from `a`), as a builder for the node at
/// `level`; counts the entries of `a` dropped in `removed`.
fn intersect_nodes<K, V>(
    a: &NodeRef<K, V>,
    b: &NodeRef<K, V>,
    level: u32,
    hash_key: &impl Fn(&K) -> u64,
    removed: &mut usize,
) -> Builder<K, V>
where
    K: Eq + Clone,
    V: Clone,
{
    let mut out = Builder::new(level);
    if level == COLLISION_LEVEL {
        for ea in a.entries() {
            if b.entries().iter().any(|eb| eb.0 == ea.0) {
                out.push_entry(ea.clone());
            } else {
                *removed += 1;
            }
        }
        return out;
    }
    for bit in bits(a.datamap() | a.nodemap()) {
        let sub = match (a.slot(bit), b.slot(bit)) {
            (Slot::Entry(ea), Slot::Entry(eb)) if ea.0 == eb.0 => Sub::One(ea.clone()),
            (Slot::Entry(ea), Slot::Child(cb))
                if cb.get(level + 1, hash_key(&ea.0), &ea.0).is_some() =>
            {
                Sub::One(ea.clone())
            }
            (Slot::Entry(_), _) => {
                *removed += 1;
                Sub::Empty
            }
            (Slot::Child(ca), Slot::Entry(eb)) => {
                let n = ca.count();
                match ca.get(level + 1, hash_key(&eb.0), &eb.0) {
                    Some(ea) => {
                        *removed += n - 1;
                        Sub::One(ea.clone())
                    }
                    None => {
                        *removed += n;
                        Sub::Empty
                    }
                }
            }
            (Slot::Child(ca), Slot::Child(cb)) if NodeRef::ptr_eq(ca, cb) => Sub::Node(ca.clone()),
            (Slot::Child(ca), Slot::Child(cb)) => {
                intersect_nodes(ca, cb, level + 1, hash_key, removed).finish()
            }
            (Slot::Child(ca), Slot::Empty) => {
                *removed += ca.count();
                Sub::Empty
            }
            (Slot::Empty, _) => unreachable!("bit comes from a's bitmaps"),
        };
        out.push(bit, sub);
    }
    out
}

/// The entries of `a` whose keys `b` does not hold, as a builder for the node at `level`; counts
/// the entries of `a` dropped in `removed`.
fn subtract_nodes<K, V>(
    a: &NodeRef<K, V>,
    b: &NodeRef<K, V>,
    level: u32,
    hash_key: &impl Fn(&K) -> u64,
    removed: &mut usize,
) -> Builder<K, V>
where
    K: Eq + Clone,
    V: Clone,
{
    let mut out = Builder::new(level);
    if level == COLLISION_LEVEL {
        for ea in a.entries() {
            if b.entries().iter().any(|eb| eb.0 == ea.0) {
                *removed += 1;
            } else {
                out.push_entry(ea.clone());
            }
        }
        return out;
    }
    for bit in bits(a.datamap() | a.nodemap()) {
        let sub = match (a.slot(bit), b.slot(bit)) {
            (Slot::Entry(ea), Slot::Entry(eb)) if ea.0 == eb.0 => {
                *removed += 1;
                Sub::Empty
            }
            (Slot::Entry(ea), Slot::Child(cb))
                if cb.get(level + 1, hash_key(&ea.0), &ea.0).is_some() =>
            {
                *removed += 1;
                Sub::Empty
            }
            (Slot::Entry(ea), _) => Sub::One(ea.clone()),
            (Slot::Child(ca), Slot::Entry(eb)) => {
                let (sub, hit) = subtree_without(ca, level + 1, hash_key(&eb.0), &eb.0);
                *removed += usize::from(hit);
                sub
            }
            (Slot::Child(ca), Slot::Child(cb)) if NodeRef::ptr_eq(ca, cb) => {
                *removed += ca.count();
                Sub::Empty
            }
            (Slot::Child(ca), Slot::Child(cb)) => {
                subtract_nodes(ca, cb, level + 1, hash_key, removed).finish()
            }
            (Slot::Child(ca), Slot::Empty) => Sub::Node(ca.clone()),
            (Slot::Empty, _) => unreachable!("bit comes from a's bitmaps"),
        };
        out.push(bit, sub);
    }
    out
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
            let hasher = &*self.hasher;
            let mut removed = 0;
            let root = intersect_nodes(
                &self.root,
                &other.root,
                0,
                &|k: &K| hasher.hash_one(k),
                &mut removed,
            )
            .finish_root();
            let len = self.len - removed;
            HashMap {
                root,
                len,
                hasher: self.hasher,
            }
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
            let hasher = &*self.hasher;
            let mut removed = 0;
            let root = subtract_nodes(
                &self.root,
                &other.root,
                0,
                &|k: &K| hasher.hash_one(k),
                &mut removed,
            )
            .finish_root();
            let len = self.len - removed;
            HashMap {
                root,
                len,
                hasher: self.hasher,
            }
        } else {
            for k in other.keys() {
                self.remove(k);
            }
            self
        }
    }
}
