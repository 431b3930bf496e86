//! Parallel iteration with `rayon` (feature `rayon`).
//!
//! `par_iter()` on [`HashMap`] and [`HashSet`] splits the trie walk along subtrees: a split hands
//! half of the remaining children of the shallowest unfinished node to another job, in O(1),
//! without copying or collecting anything (so a map yields up to about 32 pieces at the root and
//! more below it while nodes remain unfinished; plenty for the usual thread counts).
//! `par_iter()` on [`Vector`] is indexed: a split cuts an index range in O(1), and each piece
//! starts its walk with an O(log n) descent to its first leaf, then walks leaf slices.
//!
//! Collecting builds one collection per rayon job and merges them: vectors are concatenated in
//! O(log n), maps and sets by a structural `union` (the jobs' maps share one hasher). Elements must be `Send + Sync`
//! (tree nodes are shared between threads: the vector's through `triomphe::Arc`, the hash trie's
//! through its own atomically counted node blocks).
//!
//! ```
//! use cowtree::{HashMap, Vector};
//! use rayon::prelude::*;
//!
//! let map: HashMap<u32, u32> = (0..10_000).map(|i| (i, i * 2)).collect();
//! let total: u64 = map.par_iter().map(|(_, v)| u64::from(*v)).sum();
//! assert_eq!(total, 2 * (0..10_000u64).sum::<u64>());
//!
//! let squares: Vector<u64> = (0..10_000u64).into_par_iter().map(|i| i * i).collect();
//! assert_eq!(squares[99], 99 * 99);
//! ```

use std::collections::LinkedList;
use std::hash::{BuildHasher, Hash};

use ::rayon::iter::plumbing::{
    bridge, bridge_unindexed, Consumer, Folder, Producer, ProducerCallback, UnindexedConsumer,
    UnindexedProducer,
};
use ::rayon::iter::{
    FromParallelIterator, IndexedParallelIterator, IntoParallelIterator, ParallelExtend,
    ParallelIterator,
};

use crate::hash::iter::RawIter;
use crate::{HashMap, HashSet, Vector};

/// Collects a parallel iterator into a list of per-job `Vec`s, in order (for `par_extend`).
fn collect_chunks<I: IntoParallelIterator>(items: I) -> LinkedList<Vec<I::Item>> {
    items
        .into_par_iter()
        .fold(Vec::new, |mut chunk, item| {
            chunk.push(item);
            chunk
        })
        .map(|chunk| LinkedList::from([chunk]))
        .reduce(LinkedList::new, |mut a, mut b| {
            a.append(&mut b);
            a
        })
}

/// Splits a trie walk along subtrees (the hook `RawIter::split` provides); `view` turns a stored
/// entry into the item the user sees.
struct TrieProducer<'a, K, V, T> {
    raw: RawIter<'a, K, V>,
    view: fn(&'a (K, V)) -> T,
}

impl<'a, K: Send + Sync, V: Send + Sync, T> UnindexedProducer for TrieProducer<'a, K, V, T> {
    type Item = T;

    fn split(self) -> (Self, Option<Self>) {
        let view = self.view;
        let (a, b) = self.raw.split();
        (
            TrieProducer { raw: a, view },
            b.map(|raw| TrieProducer { raw, view }),
        )
    }

    fn fold_with<F: Folder<T>>(self, folder: F) -> F {
        folder.consume_iter(self.raw.map(self.view))
    }
}

pub mod hash_map {
    //! Parallel iterators over a [`HashMap`].

    use super::*;

    /// A parallel iterator over a map's `(&K, &V)`, made by `par_iter()` (from rayon's
    /// `IntoParallelRefIterator`, in `rayon::prelude`).
    ///
    /// Cost: O(1) to create; each split is O(1) and hands half of a node's remaining subtrees to
    /// another job; the walk as a whole is O(n), as for [`HashMap::iter`].
    ///
    /// # Example
    ///
    /// ```
    /// use rayon::prelude::*;
    ///
    /// let map: cowtree::HashMap<u64, u64> = (0..1000).map(|i| (i, i)).collect();
    /// let evens = map.par_iter().filter(|(k, _)| *k % 2 == 0).count();
    /// assert_eq!(evens, 500);
    /// ```
    #[derive(Debug)]
    pub struct ParIter<'a, K, V> {
        pub(super) raw: RawIter<'a, K, V>,
    }

    impl<K, V> Clone for ParIter<'_, K, V> {
        fn clone(&self) -> Self {
            ParIter {
                raw: self.raw.clone(),
            }
        }
    }

    impl<'a, K: Send + Sync, V: Send + Sync> ParallelIterator for ParIter<'a, K, V> {
        type Item = (&'a K, &'a V);

        fn drive_unindexed<C: UnindexedConsumer<Self::Item>>(self, consumer: C) -> C::Result {
            let view: fn(&'a (K, V)) -> Self::Item = |(k, v)| (k, v);
            bridge_unindexed(
                TrieProducer {
                    raw: self.raw,
                    view,
                },
                consumer,
            )
        }
    }
}

/// `par_iter()` on a map: a [`hash_map::ParIter`] over `(&K, &V)`.
///
/// Cost: O(1).
impl<'a, K: Send + Sync, V: Send + Sync, S> IntoParallelIterator for &'a HashMap<K, V, S> {
    type Item = (&'a K, &'a V);
    type Iter = hash_map::ParIter<'a, K, V>;

    fn into_par_iter(self) -> Self::Iter {
        hash_map::ParIter {
            raw: self.iter().into_raw(),
        }
    }
}

/// Collects `(K, V)` pairs in parallel: each rayon job builds a map, and neighbouring maps are
/// merged with [`HashMap::union`]. All the jobs' maps share one hasher, so a merge is structural: a
/// subtree present in one map only is reused whole rather than re-inserted. A key that appears
/// more than once keeps its last value, as with a sequential `collect`.
///
/// Cost: O(n log n) work spread over the threads, plus the merges (at most O(n) each, and much
/// less where the pieces' keys fall in different subtrees).
///
/// # Example
///
/// ```
/// use rayon::prelude::*;
///
/// let map: cowtree::HashMap<u32, u32> = (0..10_000u32).into_par_iter().map(|i| (i % 100, i)).collect();
/// assert_eq!(map.len(), 100);
/// assert_eq!(map[&7], 9_907); // the last pair with key 7
/// ```
impl<K, V, S> FromParallelIterator<(K, V)> for HashMap<K, V, S>
where
    K: Hash + Eq + Clone + Send + Sync,
    V: Clone + Send + Sync,
    S: BuildHasher + Default + Send + Sync,
{
    fn from_par_iter<I: IntoParallelIterator<Item = (K, V)>>(items: I) -> Self {
        // Clones of one empty map share its hasher: what lets `union` merge node by node.
        let empty = HashMap::with_hasher(S::default());
        items
            .into_par_iter()
            .fold(
                || empty.clone(),
                |mut map, (k, v)| {
                    map.insert(k, v);
                    map
                },
            )
            // `union` keeps its receiver's entry for a common key: the later piece's.
            .reduce(|| empty.clone(), |earlier, later| later.union(earlier))
    }
}

/// Extends the map from a parallel iterator: the items are gathered in parallel (in order), then
/// inserted into this map; later pairs overwrite earlier ones, as with [`Extend`].
///
/// Cost: O(m) parallel gathering plus O(m log n) sequential inserts, for m items.
///
/// # Example
///
/// ```
/// use rayon::prelude::*;
///
/// let mut map: cowtree::HashMap<u32, &str> = [(1, "one")].into_iter().collect();
/// map.par_extend((2..=3u32).into_par_iter().map(|i| (i, "more")));
/// assert_eq!(map.len(), 3);
/// ```
impl<K, V, S> ParallelExtend<(K, V)> for HashMap<K, V, S>
where
    K: Hash + Eq + Clone + Send,
    V: Clone + Send,
    S: BuildHasher,
{
    fn par_extend<I: IntoParallelIterator<Item = (K, V)>>(&mut self, items: I) {
        for chunk in collect_chunks(items) {
            self.extend(chunk);
        }
    }
}

pub mod hash_set {
    //! Parallel iterators over a [`HashSet`].

    use super::*;

    /// A parallel iterator over a set's `&T`, made by `par_iter()`.
    ///
    /// Cost: O(1) to create; each split is O(1) and hands half of a node's remaining subtrees to
    /// another job; the walk as a whole is O(n), as for [`HashSet::iter`].
    ///
    /// # Example
    ///
    /// ```
    /// use rayon::prelude::*;
    ///
    /// let set: cowtree::HashSet<u32> = (0..1000).collect();
    /// assert_eq!(set.par_iter().map(|x| u64::from(*x)).sum::<u64>(), 499_500);
    /// ```
    #[derive(Debug)]
    pub struct ParIter<'a, T> {
        pub(super) raw: RawIter<'a, T, ()>,
    }

    impl<T> Clone for ParIter<'_, T> {
        fn clone(&self) -> Self {
            ParIter {
                raw: self.raw.clone(),
            }
        }
    }

    impl<'a, T: Send + Sync> ParallelIterator for ParIter<'a, T> {
        type Item = &'a T;

        fn drive_unindexed<C: UnindexedConsumer<Self::Item>>(self, consumer: C) -> C::Result {
            let view: fn(&'a (T, ())) -> &'a T = |(t, ())| t;
            bridge_unindexed(
                TrieProducer {
                    raw: self.raw,
                    view,
                },
                consumer,
            )
        }
    }
}

/// `par_iter()` on a set: a [`hash_set::ParIter`] over `&T`.
///
/// Cost: O(1).
impl<'a, T: Send + Sync, S> IntoParallelIterator for &'a HashSet<T, S> {
    type Item = &'a T;
    type Iter = hash_set::ParIter<'a, T>;

    fn into_par_iter(self) -> Self::Iter {
        hash_set::ParIter {
            raw: self.raw_iter(),
        }
    }
}

/// Collects in parallel: each rayon job builds a set, and neighbouring sets are merged with
/// [`HashSet::union`]; all the jobs' sets share one hasher, so a merge is structural. Of equal
/// elements, the first is kept, as with a sequential `collect`.
///
/// Cost: O(n log n) work spread over the threads, plus the merges (at most O(n) each).
///
/// # Example
///
/// ```
/// use rayon::prelude::*;
///
/// let set: cowtree::HashSet<u32> = (0..10_000u32).into_par_iter().map(|i| i % 10).collect();
/// assert_eq!(set.len(), 10);
/// ```
impl<T, S> FromParallelIterator<T> for HashSet<T, S>
where
    T: Hash + Eq + Clone + Send + Sync,
    S: BuildHasher + Default + Send + Sync,
{
    fn from_par_iter<I: IntoParallelIterator<Item = T>>(items: I) -> Self {
        let empty = HashSet::with_hasher(S::default());
        items
            .into_par_iter()
            .fold(
                || empty.clone(),
                |mut set, item| {
                    set.insert(item);
                    set
                },
            )
            .reduce(|| empty.clone(), HashSet::union)
    }
}

/// Extends the set from a parallel iterator: the items are gathered in parallel, then inserted.
///
/// Cost: O(m) parallel gathering plus O(m log n) sequential inserts, for m items.
///
/// # Example
///
/// ```
/// use rayon::prelude::*;
///
/// let mut set: cowtree::HashSet<u32> = [1, 2].into_iter().collect();
/// set.par_extend((2..5u32).into_par_iter());
/// assert_eq!(set.len(), 4);
/// ```
impl<T, S> ParallelExtend<T> for HashSet<T, S>
where
    T: Hash + Eq + Clone + Send,
    S: BuildHasher,
{
    fn par_extend<I: IntoParallelIterator<Item = T>>(&mut self, items: I) {
        for chunk in collect_chunks(items) {
            self.extend(chunk);
        }
    }
}

pub mod vector {
    //! Parallel iterators over a [`Vector`].

    use super::*;

    /// An indexed parallel iterator over a vector's `&T`, front to back, made by `par_iter()`.
    ///
    /// Cost: O(1) to create; a split is O(1) (an index range), each piece starts its walk with an
    /// O(log n) descent to its first leaf, and the walk as a whole is O(n), as for
    /// [`Vector::iter`].
    ///
    /// # Example
    ///
    /// ```
    /// use rayon::prelude::*;
    ///
    /// let v: cowtree::Vector<u32> = (0..1000).collect();
    /// let doubled: Vec<u32> = v.par_iter().map(|x| x * 2).collect();
    /// assert_eq!(doubled[999], 1998);
    /// assert_eq!(v.par_iter().position_any(|&x| x == 500), Some(500));
    /// ```
    #[derive(Debug, Clone)]
    pub struct ParIter<'a, T> {
        pub(super) vector: &'a Vector<T>,
    }

    impl<'a, T: Send + Sync> ParallelIterator for ParIter<'a, T> {
        type Item = &'a T;

        fn drive_unindexed<C: UnindexedConsumer<Self::Item>>(self, consumer: C) -> C::Result {
            bridge(self, consumer)
        }

        fn opt_len(&self) -> Option<usize> {
            Some(self.vector.len())
        }
    }

    impl<T: Send + Sync> IndexedParallelIterator for ParIter<'_, T> {
        fn len(&self) -> usize {
            self.vector.len()
        }

        fn drive<C: Consumer<Self::Item>>(self, consumer: C) -> C::Result {
            bridge(self, consumer)
        }

        fn with_producer<CB: ProducerCallback<Self::Item>>(self, callback: CB) -> CB::Output {
            callback.callback(RangeProducer {
                vector: self.vector,
                start: 0,
                end: self.vector.len(),
            })
        }
    }

    /// The elements `start..end` of a vector; split by index.
    struct RangeProducer<'a, T> {
        vector: &'a Vector<T>,
        start: usize,
        end: usize,
    }

    impl<'a, T: Send + Sync> Producer for RangeProducer<'a, T> {
        type Item = &'a T;
        type IntoIter = crate::vector::Iter<'a, T>;

        fn into_iter(self) -> Self::IntoIter {
            self.vector.range(self.start..self.end)
        }

        fn split_at(self, index: usize) -> (Self, Self) {
            let mid = self.start + index;
            (
                RangeProducer {
                    vector: self.vector,
                    start: self.start,
                    end: mid,
                },
                RangeProducer {
                    vector: self.vector,
                    start: mid,
                    end: self.end,
                },
            )
        }
    }
}

/// `par_iter()` on a vector: a [`vector::ParIter`] over `&T`, indexed.
///
/// Cost: O(1).
impl<'a, T: Send + Sync> IntoParallelIterator for &'a Vector<T> {
    type Item = &'a T;
    type Iter = vector::ParIter<'a, T>;

    fn into_par_iter(self) -> Self::Iter {
        vector::ParIter { vector: self }
    }
}

/// Collects in parallel, keeping order: each rayon job pushes into its own vector, and
/// neighbouring pieces are concatenated with [`Vector::append`] (O(log n) each).
///
/// Cost: O(n) work spread over the threads, plus O(log n) per concatenation.
///
/// # Example
///
/// ```
/// use rayon::prelude::*;
///
/// let v: cowtree::Vector<usize> = (0..100_000).into_par_iter().filter(|i| i % 3 == 0).collect();
/// assert_eq!(v.len(), 33_334);
/// assert_eq!(v[1], 3);
/// ```
impl<T: Clone + Send + Sync> FromParallelIterator<T> for Vector<T> {
    fn from_par_iter<I: IntoParallelIterator<Item = T>>(items: I) -> Self {
        items
            .into_par_iter()
            .fold(Vector::new, |mut v, item| {
                v.push_back(item);
                v
            })
            .reduce(Vector::new, |mut a, b| {
                a.append(b);
                a
            })
    }
}

/// Appends the items of a parallel iterator, in order: they are collected in parallel into a
/// vector, which is then concatenated onto this one.
///
/// Cost: O(m) work spread over the threads for m items, plus an O(log n) [`Vector::append`].
///
/// # Example
///
/// ```
/// use rayon::prelude::*;
///
/// let mut v: cowtree::Vector<u32> = (0..10).collect();
/// v.par_extend((10..20u32).into_par_iter());
/// assert_eq!(v.iter().copied().collect::<Vec<_>>(), (0..20).collect::<Vec<_>>());
/// ```
impl<T: Clone + Send + Sync> ParallelExtend<T> for Vector<T> {
    fn par_extend<I: IntoParallelIterator<Item = T>>(&mut self, items: I) {
        let tail: Vector<T> = items.into_par_iter().collect();
        self.append(tail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits a producer as far as it goes and returns the pieces' items, piece by piece.
    fn split_all<P: UnindexedProducer>(p: P, out: &mut Vec<Vec<P::Item>>) {
        match p.split() {
            (a, Some(b)) => {
                split_all(a, out);
                split_all(b, out);
            }
            (a, None) => out.push(a.fold_with(ListFolder(Vec::new())).0),
        }
    }

    struct ListFolder<T>(Vec<T>);

    impl<T> Folder<T> for ListFolder<T> {
        type Result = Vec<T>;
        fn consume(mut self, item: T) -> Self {
            self.0.push(item);
            self
        }
        fn complete(self) -> Vec<T> {
            self.0
        }
        fn full(&self) -> bool {
            false
        }
    }

    #[test]
    fn trie_producer_splits_into_disjoint_pieces_covering_the_map() {
        for n in [0u32, 1, 2, 40, 5_000, 100_000] {
            let map: HashMap<u32, u32> = (0..n).map(|i| (i, !i)).collect();
            let view: fn(&(u32, u32)) -> u32 = |(k, _)| *k;
            let mut pieces = Vec::new();
            split_all(
                TrieProducer {
                    raw: map.iter().into_raw(),
                    view,
                },
                &mut pieces,
            );
            let mut keys: Vec<u32> = pieces.iter().flatten().copied().collect();
            keys.sort_unstable();
            assert_eq!(keys, (0..n).collect::<Vec<_>>(), "n = {n}");
            // The root's subtrees (up to 32) are the pieces; enough for the usual thread counts.
            if n >= 40 {
                assert!(pieces.len() > 1, "n = {n}: one piece");
            }
            if n >= 5_000 {
                assert!(pieces.len() >= 16, "n = {n}: {} pieces", pieces.len());
            }
        }
    }
}
