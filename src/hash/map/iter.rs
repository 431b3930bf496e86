//! Iterators over the trie: an explicit stack of node cursors (at most 14 deep, kept inline), no
//! recursion and no allocation per element.

use std::fmt;
use std::iter::FusedIterator;
use std::slice;
use std::vec;

use std::borrow::Borrow;
use std::hash::{BuildHasher, Hash};

use crate::hash::node::{Lookups, Node, Parts, PartsMut, MAX_DEPTH};
use arrayvec::ArrayVec;

/// A borrowing walk over every entry below some nodes, without a count (what [`Iter`] is built on
/// and what a parallel iterator splits).
pub(crate) struct RawIter<'a, K, V> {
    entries: slice::Iter<'a, (K, V)>,
    stack: ArrayVec<slice::Iter<'a, Node<K, V>>, MAX_DEPTH>,
}

impl<K, V> Clone for RawIter<'_, K, V> {
    fn clone(&self) -> Self {
        RawIter {
            entries: self.entries.clone(),
            stack: self.stack.clone(),
        }
    }
}

impl<'a, K, V> RawIter<'a, K, V> {
    pub(crate) fn new(root: &'a Node<K, V>) -> Self {
        let mut stack = ArrayVec::new();
        stack.push(root.children().iter());
        RawIter {
            entries: root.entries().iter(),
            stack,
        }
    }

    /// Splits the remaining walk into two independent halves along subtrees: the second half takes
    /// half of the remaining children of the shallowest node that has two or more left (or, failing
    /// that, half of the current node's entries). `None` when there is too little left to split.
    #[allow(dead_code)] // used by the rayon integration
    pub(crate) fn split(mut self) -> (Self, Option<Self>) {
        for level in self.stack.iter_mut() {
            let rest = level.as_slice();
            if rest.len() >= 2 {
                let (a, b) = rest.split_at(rest.len() / 2);
                *level = a.iter();
                let mut stack = ArrayVec::new();
                stack.push(b.iter());
                let other = RawIter {
                    entries: [].iter(),
                    stack,
                };
                return (self, Some(other));
            }
        }
        let rest = self.entries.as_slice();
        if rest.len() >= 2 {
            let (a, b) = rest.split_at(rest.len() / 2);
            self.entries = a.iter();
            let other = RawIter {
                entries: b.iter(),
                stack: ArrayVec::new(),
            };
            return (self, Some(other));
        }
        (self, None)
    }
}

impl<'a, K, V> Iterator for RawIter<'a, K, V> {
    type Item = &'a (K, V);

    #[inline]
    fn next(&mut self) -> Option<&'a (K, V)> {
        loop {
            if let Some(e) = self.entries.next() {
                return Some(e);
            }
            loop {
                let top = self.stack.last_mut()?;
                if let Some(child) = top.next() {
                    // The same two-stage pipeline as `fold_nodes`: the sibling after next loads
                    // in full while the next one (loaded a step ago) has its children requested.
                    let later = top.as_slice();
                    prefetch_ahead(later);
                    self.entries = child.entries().iter();
                    let children = child.children();
                    if !children.is_empty() {
                        prefetch_start(children);
                        self.stack.push(children.iter());
                    }
                    break;
                }
                self.stack.pop();
            }
        }
    }

    fn fold<B, F>(self, init: B, mut f: F) -> B
    where
        F: FnMut(B, Self::Item) -> B,
    {
        self.fold_rest(init, &mut f)
    }
}

impl<'a, K, V> RawIter<'a, K, V> {
    /// `fold` over what is left, recursively: entries as plain slices, and each node's next sibling
    /// asked for in full (`ITER_PREFETCH_LINES`) while the current one is walked.
    #[inline]
    fn fold_rest<B>(self, init: B, f: &mut impl FnMut(B, &'a (K, V)) -> B) -> B {
        let mut acc = self.entries.fold(init, &mut *f);
        // The stack's last cursor is the innermost: its subtrees come first in walk order.
        for level in self.stack.into_iter().rev() {
            acc = fold_nodes(level.as_slice(), acc, f);
        }
        acc
    }
}

/// Lines of the next sibling node prefetched during a fold (a node at 1M entries spans 1 to 6).
const ITER_PREFETCH_LINES: usize = 6;

/// Folds `f` over every entry below `nodes`, in walk order.
fn fold_nodes<'a, K, V, B>(
    nodes: &'a [Node<K, V>],
    mut acc: B,
    f: &mut impl FnMut(B, &'a (K, V)) -> B,
) -> B {
    prefetch_start(nodes);
    for (i, node) in nodes.iter().enumerate() {
        prefetch_ahead(&nodes[i + 1..]);
        acc = node.entries().iter().fold(acc, &mut *f);
        acc = fold_nodes(node.children(), acc, f);
    }
    acc
}

/// Starts the prefetch pipeline of a walk over the siblings `nodes`: the first two in full, and
/// the first one's children. Misses cost ~100 ns and a node's walk a few, so a whole level of
/// grandchildren must be in flight while a node is walked (the figures are in benches/README.md,
/// "Choices measured").
#[inline]
fn prefetch_start<K, V>(nodes: &[Node<K, V>]) {
    for n in nodes.iter().take(2) {
        n.prefetch_lines(ITER_PREFETCH_LINES);
    }
    if let Some(first) = nodes.first() {
        for c in first.children() {
            c.prefetch();
        }
    }
}

/// One step of the pipeline, when the walk enters the node before `rest`: `rest[1]` starts
/// loading in full, and `rest[0]` (requested a step earlier) has its children requested.
#[inline]
fn prefetch_ahead<K, V>(rest: &[Node<K, V>]) {
    if let Some(later) = rest.get(1) {
        later.prefetch_lines(ITER_PREFETCH_LINES);
    }
    if let Some(next) = rest.first() {
        for c in next.children() {
            c.prefetch();
        }
    }
}

/// An iterator over a [`HashMap`](crate::HashMap)'s `(&K, &V)`, made by
/// [`HashMap::iter`](crate::HashMap::iter). Knows its length.
///
/// # Example
///
/// ```
/// let map: cowtree::HashMap<_, _> = [(1, 'a'), (2, 'b')].into();
/// let it = map.iter();
/// assert_eq!(it.len(), 2);
/// ```
pub struct Iter<'a, K, V> {
    raw: RawIter<'a, K, V>,
    remaining: usize,
}

impl<'a, K, V> Iter<'a, K, V> {
    pub(crate) fn new(root: &'a Node<K, V>, len: usize) -> Self {
        Iter {
            raw: RawIter::new(root),
            remaining: len,
        }
    }

    /// The walk without its count, for splitting.
    #[allow(dead_code)] // used by the rayon integration
    pub(crate) fn into_raw(self) -> RawIter<'a, K, V> {
        self.raw
    }
}

impl<K, V> Clone for Iter<'_, K, V> {
    fn clone(&self) -> Self {
        Iter {
            raw: self.raw.clone(),
            remaining: self.remaining,
        }
    }
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    #[inline]
    fn next(&mut self) -> Option<(&'a K, &'a V)> {
        let e = self.raw.next()?;
        self.remaining -= 1;
        Some((&e.0, &e.1))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }

    fn fold<B, F>(self, init: B, mut f: F) -> B
    where
        F: FnMut(B, Self::Item) -> B,
    {
        self.raw.fold(init, |acc, e| f(acc, (&e.0, &e.1)))
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}
impl<K, V> FusedIterator for Iter<'_, K, V> {}

/// An iterator over `(&K, &mut V)`, made by [`HashMap::iter_mut`](crate::HashMap::iter_mut):
/// copy-on-write, each shared node is copied as the iterator reaches it.
///
/// # Example
///
/// ```
/// let mut map: cowtree::HashMap<_, _> = [(1, 1)].into();
/// map.iter_mut().for_each(|(_, v)| *v = 9);
/// assert_eq!(map[&1], 9);
/// ```
pub struct IterMut<'a, K, V> {
    entries: slice::IterMut<'a, (K, V)>,
    stack: ArrayVec<slice::IterMut<'a, Node<K, V>>, MAX_DEPTH>,
    remaining: usize,
}

impl<'a, K: Clone, V: Clone> IterMut<'a, K, V> {
    pub(crate) fn new(root: &'a mut Node<K, V>, len: usize) -> Self {
        let PartsMut { entries, children } = root.parts_mut();
        let mut stack = ArrayVec::new();
        stack.push(children.iter_mut());
        IterMut {
            entries: entries.iter_mut(),
            stack,
            remaining: len,
        }
    }
}

impl<'a, K: Clone, V: Clone> Iterator for IterMut<'a, K, V> {
    type Item = (&'a K, &'a mut V);

    fn next(&mut self) -> Option<(&'a K, &'a mut V)> {
        loop {
            if let Some((k, v)) = self.entries.next() {
                self.remaining -= 1;
                return Some((&*k, v));
            }
            loop {
                let top = self.stack.last_mut()?;
                if let Some(child) = top.next() {
                    let PartsMut { entries, children } = child.parts_mut();
                    self.entries = entries.iter_mut();
                    if !children.is_empty() {
                        // As in `RawIter`: overlap the misses on all the children.
                        for c in children.iter() {
                            c.prefetch();
                        }
                        self.stack.push(children.iter_mut());
                    }
                    break;
                }
                self.stack.pop();
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<K: Clone, V: Clone> ExactSizeIterator for IterMut<'_, K, V> {}
impl<K: Clone, V: Clone> FusedIterator for IterMut<'_, K, V> {}

/// Where an owning iterator reads entries: moved out of a node it owned alone, or cloned from a
/// node that a snapshot still shares.
enum Cursor<T, K, V> {
    Owned(vec::IntoIter<T>),
    Shared(Node<K, V>, usize),
}

/// A cursor over a node's entries.
type EntryCursor<K, V> = Cursor<(K, V), K, V>;
/// A cursor over a node's children.
type ChildCursor<K, V> = Cursor<Node<K, V>, K, V>;

/// An owning iterator over `(K, V)`, made by `HashMap::into_iter`: entries move out of nodes
/// this version held alone and are cloned from nodes a snapshot shares.
///
/// # Example
///
/// ```
/// let map: cowtree::HashMap<_, _> = [(1, 'a')].into();
/// let v: Vec<(i32, char)> = map.into_iter().collect();
/// assert_eq!(v, [(1, 'a')]);
/// ```
pub struct IntoIter<K, V> {
    entries: EntryCursor<K, V>,
    stack: ArrayVec<ChildCursor<K, V>, MAX_DEPTH>,
    remaining: usize,
}

impl<K: Clone, V: Clone> IntoIter<K, V> {
    pub(crate) fn new(root: Node<K, V>, len: usize) -> Self {
        let (entries, children) = Self::open(root);
        let mut stack = ArrayVec::new();
        stack.push(children);
        IntoIter {
            entries,
            stack,
            remaining: len,
        }
    }

    fn open(node: Node<K, V>) -> (EntryCursor<K, V>, ChildCursor<K, V>) {
        match node.try_into_parts() {
            Ok(Parts { entries, children }) => (
                Cursor::Owned(entries.into_iter()),
                Cursor::Owned(children.into_iter()),
            ),
            Err(shared) => (Cursor::Shared(shared.clone(), 0), Cursor::Shared(shared, 0)),
        }
    }
}

impl<K: Clone, V: Clone> Iterator for IntoIter<K, V> {
    type Item = (K, V);

    fn next(&mut self) -> Option<(K, V)> {
        loop {
            let e = match &mut self.entries {
                Cursor::Owned(it) => it.next(),
                Cursor::Shared(node, i) => {
                    let e = node.entries().get(*i).cloned();
                    *i += 1;
                    e
                }
            };
            if e.is_some() {
                self.remaining -= 1;
                return e;
            }
            loop {
                let child = match self.stack.last_mut()? {
                    Cursor::Owned(it) => it.next(),
                    Cursor::Shared(node, i) => {
                        let c = node.children().get(*i).cloned();
                        *i += 1;
                        c
                    }
                };
                match child {
                    Some(child) => {
                        let (entries, children) = Self::open(child);
                        self.entries = entries;
                        self.stack.push(children);
                        break;
                    }
                    None => {
                        self.stack.pop();
                    }
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<K: Clone, V: Clone> ExactSizeIterator for IntoIter<K, V> {}
impl<K: Clone, V: Clone> FusedIterator for IntoIter<K, V> {}

/// An iterator over a map's keys, made by [`HashMap::keys`](crate::HashMap::keys).
///
/// # Example
///
/// ```
/// let map: cowtree::HashMap<_, _> = [(1, 'a')].into();
/// assert_eq!(map.keys().next(), Some(&1));
/// ```
pub struct Keys<'a, K, V> {
    pub(crate) inner: Iter<'a, K, V>,
}

/// An iterator over a map's values, made by [`HashMap::values`](crate::HashMap::values).
///
/// # Example
///
/// ```
/// let map: cowtree::HashMap<_, _> = [(1, 'a')].into();
/// assert_eq!(map.values().next(), Some(&'a'));
/// ```
pub struct Values<'a, K, V> {
    pub(crate) inner: Iter<'a, K, V>,
}

/// An iterator over a map's values, mutably, made by
/// [`HashMap::values_mut`](crate::HashMap::values_mut) (copy-on-write).
///
/// # Example
///
/// ```
/// let mut map: cowtree::HashMap<_, _> = [(1, 1)].into();
/// for v in map.values_mut() { *v += 1; }
/// assert_eq!(map[&1], 2);
/// ```
pub struct ValuesMut<'a, K, V> {
    pub(crate) inner: IterMut<'a, K, V>,
}

/// An owning iterator over a map's keys, made by
/// [`HashMap::into_keys`](crate::HashMap::into_keys).
///
/// # Example
///
/// ```
/// let map: cowtree::HashMap<_, _> = [(1, 'a')].into();
/// assert_eq!(map.into_keys().next(), Some(1));
/// ```
pub struct IntoKeys<K, V> {
    pub(crate) inner: IntoIter<K, V>,
}

/// An owning iterator over a map's values, made by
/// [`HashMap::into_values`](crate::HashMap::into_values).
///
/// # Example
///
/// ```
/// let map: cowtree::HashMap<_, _> = [(1, 'a')].into();
/// assert_eq!(map.into_values().next(), Some('a'));
/// ```
pub struct IntoValues<K, V> {
    pub(crate) inner: IntoIter<K, V>,
}

macro_rules! projection {
    ($name:ident [$($lt:lifetime)?] [$($bound:tt)*] $item:ty, |$x:pat_param| $out:expr) => {
        impl<$($lt,)? K $($bound)*, V $($bound)*> Iterator for $name<$($lt,)? K, V> {
            type Item = $item;

            #[inline]
            fn next(&mut self) -> Option<$item> {
                self.inner.next().map(|$x| $out)
            }

            fn size_hint(&self) -> (usize, Option<usize>) {
                self.inner.size_hint()
            }

            fn fold<B, F>(self, init: B, mut f: F) -> B
            where
                F: FnMut(B, Self::Item) -> B,
            {
                self.inner.fold(init, |acc, $x| f(acc, $out))
            }
        }

        impl<$($lt,)? K $($bound)*, V $($bound)*> ExactSizeIterator for $name<$($lt,)? K, V> {}
        impl<$($lt,)? K $($bound)*, V $($bound)*> FusedIterator for $name<$($lt,)? K, V> {}
    };
}

projection!(Keys ['a] [] &'a K, |(k, _)| k);
projection!(Values ['a] [] &'a V, |(_, v)| v);
projection!(ValuesMut ['a] [: Clone] &'a mut V, |(_, v)| v);
// The owning projections drop the other half while the item is still a local, so a panicking
// `Drop` there drops the item too instead of leaking it (rust-lang/rust#47949).
projection!(IntoKeys [] [: Clone] K, |(k, v)| {
    drop(v);
    k
});
projection!(IntoValues [] [: Clone] V, |(k, v)| {
    drop(k);
    v
});

impl<K, V> Clone for Keys<'_, K, V> {
    fn clone(&self) -> Self {
        Keys {
            inner: self.inner.clone(),
        }
    }
}

impl<K, V> Clone for Values<'_, K, V> {
    fn clone(&self) -> Self {
        Values {
            inner: self.inner.clone(),
        }
    }
}

macro_rules! debug_remaining {
    ($($name:ident [$($lt:lifetime)?] $field:ident;)*) => {$(
        impl<$($lt,)? K, V> fmt::Debug for $name<$($lt,)? K, V> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("remaining", &self.$field)
                    .finish_non_exhaustive()
            }
        }
    )*};
}

debug_remaining! {
    Iter ['a] remaining;
    IterMut ['a] remaining;
    IntoIter [] remaining;
}

impl<K, V> fmt::Debug for RawIter<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawIter").finish_non_exhaustive()
    }
}

macro_rules! debug_inner {
    ($($name:ident [$($lt:lifetime)?];)*) => {$(
        impl<$($lt,)? K, V> fmt::Debug for $name<$($lt,)? K, V> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("inner", &self.inner)
                    .finish()
            }
        }
    )*};
}

debug_inner! {
    Keys ['a];
    Values ['a];
    ValuesMut ['a];
    IntoKeys [];
    IntoValues [];
}

/// The values for a sequence of keys, made by [`HashMap::get_many`](crate::HashMap::get_many):
/// one `Option<&V>` per key, in the order of the keys, with several look-ups in flight at once.
///
/// # Example
///
/// ```
/// let map: cowtree::HashMap<u32, u32> = (0..100).map(|i| (i, i * i)).collect();
/// let squares: Option<Vec<&u32>> = map.get_many(&[3, 9]).collect();
/// assert_eq!(squares, Some(vec![&9, &81]));
/// ```
pub struct GetMany<'a, 'k, K, V, Q: ?Sized, I, S> {
    pub(crate) lookups: Lookups<'a, 'k, K, V, Q, I, S>,
}

impl<'a, 'k, K, V, Q, I, S> Iterator for GetMany<'a, 'k, K, V, Q, I, S>
where
    K: Borrow<Q>,
    Q: Hash + Eq + ?Sized + 'k,
    I: Iterator<Item = &'k Q>,
    S: BuildHasher,
{
    type Item = Option<&'a V>;

    #[inline]
    fn next(&mut self) -> Option<Option<&'a V>> {
        self.lookups.next_entry().map(|found| found.map(|e| &e.1))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.lookups.size_hint()
    }
}

impl<'k, K, V, Q, I, S> ExactSizeIterator for GetMany<'_, 'k, K, V, Q, I, S>
where
    K: Borrow<Q>,
    Q: Hash + Eq + ?Sized + 'k,
    I: ExactSizeIterator<Item = &'k Q>,
    S: BuildHasher,
{
}

impl<'k, K, V, Q, I, S> FusedIterator for GetMany<'_, 'k, K, V, Q, I, S>
where
    K: Borrow<Q>,
    Q: Hash + Eq + ?Sized + 'k,
    I: Iterator<Item = &'k Q>,
    S: BuildHasher,
{
}

impl<K, V, Q: ?Sized, I, S> fmt::Debug for GetMany<'_, '_, K, V, Q, I, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GetMany").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use crate::HashMap;

    /// Splits recursively until no part splits further; returns every part's entries.
    fn split_all<'a>(it: super::RawIter<'a, u64, u64>, out: &mut Vec<Vec<u64>>, depth: usize) {
        let (a, b) = it.split();
        match b {
            Some(b) if depth < 40 => {
                split_all(a, out, depth + 1);
                split_all(b, out, depth + 1);
            }
            Some(b) => {
                out.push(a.map(|e| e.0).collect());
                out.push(b.map(|e| e.0).collect());
            }
            None => out.push(a.map(|e| e.0).collect()),
        }
    }

    #[test]
    fn fold_matches_next_from_any_point() {
        // Maps built by single inserts (deep, scattered) and by collect (bottom-up).
        for n in [0u64, 1, 3, 33, 1000, 5000] {
            let mut single = HashMap::new();
            for i in 0..n {
                single.insert(i.wrapping_mul(0x9E37_79B9_7F4A_7C15), i);
            }
            let collected: HashMap<u64, u64> = single.iter().map(|(&k, &v)| (k, v)).collect();
            for map in [&single, &collected] {
                for skip in [0, 1, 2, n as usize / 3, n as usize] {
                    let mut it = map.iter();
                    for _ in 0..skip {
                        it.next();
                    }
                    let mut by_next = Vec::new();
                    // A `for` loop calls `next`, never `fold`.
                    for (&k, &v) in it.clone() {
                        by_next.push((k, v));
                    }
                    let by_fold = it.clone().fold(Vec::new(), |mut acc, (&k, &v)| {
                        acc.push((k, v));
                        acc
                    });
                    assert_eq!(by_fold, by_next, "n = {n}, skip = {skip}");
                    let values: Vec<u64> = map.values().skip(skip).fold(Vec::new(), |mut a, &v| {
                        a.push(v);
                        a
                    });
                    let expect: Vec<u64> = by_next.iter().map(|e| e.1).collect();
                    assert_eq!(values, expect);
                }
            }
        }
    }

    #[test]
    fn split_gives_disjoint_parts_covering_everything() {
        for n in [0u64, 1, 2, 5, 40, 1000, 20_000] {
            let map: HashMap<u64, u64> = (0..n).map(|i| (i, i)).collect();
            let mut parts = Vec::new();
            split_all(map.iter().into_raw(), &mut parts, 0);
            let mut all: Vec<u64> = parts.iter().flatten().copied().collect();
            all.sort();
            assert_eq!(all, (0..n).collect::<Vec<_>>(), "n = {n}");
            if n >= 1000 {
                assert!(parts.len() > 8, "a big map splits into many parts");
            }
        }
        // Splitting an iterator that has already advanced keeps the rest exactly.
        let map: HashMap<u64, u64> = (0..5000).map(|i| (i, i)).collect();
        let mut it = map.iter().into_raw();
        let first: Vec<u64> = it.by_ref().take(1234).map(|e| e.0).collect();
        let mut parts = vec![first];
        split_all(it, &mut parts, 0);
        let mut all: Vec<u64> = parts.iter().flatten().copied().collect();
        all.sort();
        assert_eq!(all, (0..5000).collect::<Vec<_>>());
    }
}
