//! `rayon` for `OrdMap` and `OrdSet`: indexed parallel iterators that split a map by rank (the
//! subtree counts make each split O(log n)), so each rayon job walks whole leaves of its own; and
//! parallel collection (gather per job, then one bottom-up build).

use ::rayon::iter::plumbing::{bridge, Consumer, Producer, ProducerCallback, UnindexedConsumer};
use ::rayon::iter::{
    FromParallelIterator, IndexedParallelIterator, IntoParallelIterator, ParallelExtend,
    ParallelIterator,
};

use crate::{OrdMap, OrdSet};

/// A parallel iterator over `(&K, &V)` of an [`OrdMap`] in key order, made by `par_iter()`;
/// indexed, split by rank along the tree.
///
/// # Example
///
/// ```
/// use rayon::prelude::*;
///
/// let map: cowtree::OrdMap<u32, u32> = (0..10_000).map(|i| (i, i * 2)).collect();
/// let sum: u64 = map.par_iter().map(|(_, v)| u64::from(*v)).sum();
/// assert_eq!(sum, 2 * (0..10_000u64).sum::<u64>());
/// let keys: Vec<u32> = map.par_iter().map(|(k, _)| *k).collect();
/// assert!(keys.windows(2).all(|w| w[0] < w[1]));
/// ```
#[derive(Debug)]
pub struct ParIter<'a, K, V> {
    map: &'a OrdMap<K, V>,
}

impl<K, V> Clone for ParIter<'_, K, V> {
    fn clone(&self) -> Self {
        ParIter { map: self.map }
    }
}

impl<'a, K: Ord + Send + Sync, V: Send + Sync> ParallelIterator for ParIter<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn drive_unindexed<C: UnindexedConsumer<Self::Item>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn opt_len(&self) -> Option<usize> {
        Some(self.map.len())
    }
}

impl<K: Ord + Send + Sync, V: Send + Sync> IndexedParallelIterator for ParIter<'_, K, V> {
    fn len(&self) -> usize {
        self.map.len()
    }

    fn drive<C: Consumer<Self::Item>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn with_producer<CB: ProducerCallback<Self::Item>>(self, callback: CB) -> CB::Output {
        callback.callback(RankProducer {
            map: self.map,
            start: 0,
            end: self.map.len(),
        })
    }
}

/// The entries of ranks `start..end`.
struct RankProducer<'a, K, V> {
    map: &'a OrdMap<K, V>,
    start: usize,
    end: usize,
}

impl<'a, K: Ord + Send + Sync, V: Send + Sync> Producer for RankProducer<'a, K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Take<crate::ord_map::Range<'a, K, V>>;

    fn into_iter(self) -> Self::IntoIter {
        let from = match self.map.get_index(self.start) {
            Some((k, _)) => std::ops::Bound::Included(k),
            None => std::ops::Bound::Unbounded,
        };
        let n = self.end - self.start;
        self.map.range((from, std::ops::Bound::Unbounded)).take(n)
    }

    fn split_at(self, index: usize) -> (Self, Self) {
        let mid = self.start + index;
        (
            RankProducer {
                map: self.map,
                start: self.start,
                end: mid,
            },
            RankProducer {
                map: self.map,
                start: mid,
                end: self.end,
            },
        )
    }
}

/// `par_iter()` on a map. O(1).
impl<'a, K: Ord + Send + Sync, V: Send + Sync> IntoParallelIterator for &'a OrdMap<K, V> {
    type Item = (&'a K, &'a V);
    type Iter = ParIter<'a, K, V>;

    fn into_par_iter(self) -> Self::Iter {
        ParIter { map: self }
    }
}

/// A parallel iterator over the elements of an [`OrdSet`], made by `par_iter()`.
///
/// # Example
///
/// ```
/// use rayon::prelude::*;
///
/// let set: cowtree::OrdSet<u32> = (0..1000).collect();
/// assert_eq!(set.par_iter().filter(|x| *x % 2 == 0).count(), 500);
/// ```
#[derive(Debug)]
pub struct SetParIter<'a, T> {
    inner: ParIter<'a, T, ()>,
}

impl<'a, T: Ord + Send + Sync> ParallelIterator for SetParIter<'a, T> {
    type Item = &'a T;

    fn drive_unindexed<C: UnindexedConsumer<Self::Item>>(self, consumer: C) -> C::Result {
        self.inner.map(|(k, _)| k).drive_unindexed(consumer)
    }

    fn opt_len(&self) -> Option<usize> {
        self.inner.opt_len()
    }
}

/// `par_iter()` on a set. O(1).
impl<'a, T: Ord + Send + Sync> IntoParallelIterator for &'a OrdSet<T> {
    type Item = &'a T;
    type Iter = SetParIter<'a, T>;

    fn into_par_iter(self) -> Self::Iter {
        SetParIter {
            inner: ParIter { map: &self.map },
        }
    }
}

/// Collects in parallel: each job gathers its entries, then one O(n log n) sort and bottom-up
/// build (a repeated key keeps the value that came last in the iterator's order).
///
/// # Example
///
/// ```
/// use rayon::prelude::*;
///
/// let map: cowtree::OrdMap<u32, u32> = (0..1000u32).into_par_iter().map(|i| (i, i)).collect();
/// assert_eq!(map.len(), 1000);
/// ```
impl<K: Ord + Clone + Send, V: Clone + Send> FromParallelIterator<(K, V)> for OrdMap<K, V> {
    fn from_par_iter<I: IntoParallelIterator<Item = (K, V)>>(items: I) -> Self {
        let entries: Vec<(K, V)> = items.into_par_iter().collect();
        entries.into_iter().collect()
    }
}

/// Extends in parallel: gathers in parallel, then inserts in order.
///
/// # Example
///
/// ```
/// use rayon::prelude::*;
///
/// let mut map = cowtree::OrdMap::from([(0u32, 0u32)]);
/// map.par_extend((1..100u32).into_par_iter().map(|i| (i, i)));
/// assert_eq!(map.len(), 100);
/// ```
impl<K: Ord + Clone + Send, V: Clone + Send> ParallelExtend<(K, V)> for OrdMap<K, V> {
    fn par_extend<I: IntoParallelIterator<Item = (K, V)>>(&mut self, items: I) {
        let entries: Vec<(K, V)> = items.into_par_iter().collect();
        self.extend(entries);
    }
}

/// Collects a set in parallel (gathered per job, then built bottom-up).
///
/// # Example
///
/// ```
/// use rayon::prelude::*;
///
/// let set: cowtree::OrdSet<u32> = (0..1000u32).into_par_iter().map(|i| i % 10).collect();
/// assert_eq!(set.len(), 10);
/// ```
impl<T: Ord + Clone + Send> FromParallelIterator<T> for OrdSet<T> {
    fn from_par_iter<I: IntoParallelIterator<Item = T>>(items: I) -> Self {
        let items: Vec<T> = items.into_par_iter().collect();
        items.into_iter().collect()
    }
}
