//! Removing a map's entries while handing them out: [`HashMap::drain`] and
//! [`HashMap::extract_if`], built on the public API and the owning iterator (no node code).

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::iter::FusedIterator;
use std::marker::PhantomData;

use super::iter::IntoIter;
use super::HashMap;

impl<K: Clone, V: Clone, S> HashMap<K, V, S> {
    /// Removes every entry and returns them as an owning iterator, in hash order; the map is
    /// left empty (keeping its hasher). O(1) to call; each step is amortized O(1): entries move
    /// out of nodes this map held alone and are cloned from nodes a snapshot shares (the
    /// snapshot does not change). Entries not taken from the iterator are dropped with it.
    ///
    /// # Example
    ///
    /// ```
    /// let mut map: cowtree::HashMap<_, _> = [(1, 'a'), (2, 'b')].into();
    /// let snapshot = map.clone();
    /// let mut all: Vec<(i32, char)> = map.drain().collect();
    /// all.sort();
    /// assert_eq!(all, [(1, 'a'), (2, 'b')]);
    /// assert!(map.is_empty());
    /// assert_eq!(snapshot.len(), 2);
    /// ```
    pub fn drain(&mut self) -> Drain<'_, K, V> {
        let all = self.clone();
        // Dropping this map's hold on the nodes first lets the iterator move entries out.
        self.clear();
        Drain {
            inner: all.into_iter(),
            _map: PhantomData,
        }
    }
}

impl<K, V, S> HashMap<K, V, S>
where
    K: Hash + Eq + Clone,
    V: Clone,
    S: BuildHasher,
{
    /// An iterator that visits every entry, calls `pred` on it (with the value mutable), and
    /// removes and yields the entries for which it returns true (std's `HashMap::extract_if`).
    /// An entry for which `pred` returns false, or panics, stays, with any change `pred` made
    /// to its value; if the iterator is dropped before the end, the entries it has not visited
    /// stay too.
    ///
    /// Cost: nothing until the first call to `next`, which clones every key (the list of keys
    /// to visit, O(n)); then O(log n) per entry visited. As with
    /// [`iter_mut`](Self::iter_mut), each visited entry's path is copied if a snapshot shares
    /// it, since `pred` may change the value; snapshots do not change.
    ///
    /// # Example
    ///
    /// ```
    /// let mut map: cowtree::HashMap<u32, u32> = (0..8).map(|i| (i, i * 10)).collect();
    /// let mut odd: Vec<(u32, u32)> = map.extract_if(|k, _| k % 2 == 1).collect();
    /// odd.sort();
    /// assert_eq!(odd, [(1, 10), (3, 30), (5, 50), (7, 70)]);
    /// assert_eq!(map.len(), 4);
    /// ```
    pub fn extract_if<F>(&mut self, pred: F) -> ExtractIf<'_, K, V, F, S>
    where
        F: FnMut(&K, &mut V) -> bool,
    {
        ExtractIf {
            core: Extract::new(self),
            pred,
        }
    }
}

/// The state shared by the map's and the set's `extract_if`: the map and the keys left to visit
/// (cloned on the first step).
pub(crate) struct Extract<'a, K, V, S> {
    map: &'a mut HashMap<K, V, S>,
    keys: Option<std::vec::IntoIter<K>>,
}

impl<'a, K, V, S> Extract<'a, K, V, S>
where
    K: Hash + Eq + Clone,
    V: Clone,
    S: BuildHasher,
{
    pub(crate) fn new(map: &'a mut HashMap<K, V, S>) -> Self {
        Extract { map, keys: None }
    }

    /// Visits keys until `pred` accepts one, then removes and returns its entry.
    pub(crate) fn next_with(
        &mut self,
        pred: &mut impl FnMut(&K, &mut V) -> bool,
    ) -> Option<(K, V)> {
        let map = &mut *self.map;
        let keys = self
            .keys
            .get_or_insert_with(|| map.keys().cloned().collect::<Vec<K>>().into_iter());
        for k in keys.by_ref() {
            let v = map.get_mut(&k).expect("a key listed from this map");
            if pred(&k, v) {
                return map.remove_entry(&k);
            }
        }
        None
    }

    /// At most the number of entries left to visit.
    pub(crate) fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.keys.as_ref().map_or(self.map.len(), |k| k.len());
        (0, Some(left))
    }
}

/// The entries removed by [`HashMap::drain`], as an owning iterator (exact-size). The map is
/// already empty when it is made.
///
/// # Example
///
/// ```
/// let mut map: cowtree::HashMap<_, _> = [(1, 'a')].into();
/// let d = map.drain();
/// assert_eq!(d.len(), 1);
/// ```
pub struct Drain<'a, K, V> {
    inner: IntoIter<K, V>,
    /// Ties the iterator to the borrow of the map, as std's `drain` does. A shared-borrow marker,
    /// not `&mut`: the entries were already moved into `inner`, nothing is written back to the
    /// map, and so `Drain` stays covariant in `K` and `V`, as std's is.
    _map: PhantomData<&'a (K, V)>,
}

impl<K, V> fmt::Debug for Drain<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Drain").finish_non_exhaustive()
    }
}

impl<K: Clone, V: Clone> Iterator for Drain<'_, K, V> {
    type Item = (K, V);

    fn next(&mut self) -> Option<(K, V)> {
        self.inner.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<K: Clone, V: Clone> ExactSizeIterator for Drain<'_, K, V> {}
impl<K: Clone, V: Clone> FusedIterator for Drain<'_, K, V> {}

/// The iterator made by [`HashMap::extract_if`]: it removes and yields the entries its
/// predicate accepts.
///
/// # Example
///
/// ```
/// let mut map: cowtree::HashMap<_, _> = [(1, 'a'), (2, 'b')].into();
/// let mut it = map.extract_if(|_, v| *v == 'b');
/// assert_eq!(it.next(), Some((2, 'b')));
/// assert_eq!(it.next(), None);
/// drop(it);
/// assert_eq!(map.len(), 1);
/// ```
#[must_use = "iterators are lazy and do nothing unless consumed; use `retain` to remove entries"]
pub struct ExtractIf<'a, K, V, F, S = RandomState> {
    core: Extract<'a, K, V, S>,
    pred: F,
}

impl<K, V, F, S> fmt::Debug for ExtractIf<'_, K, V, F, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExtractIf").finish_non_exhaustive()
    }
}

impl<K, V, F, S> Iterator for ExtractIf<'_, K, V, F, S>
where
    K: Hash + Eq + Clone,
    V: Clone,
    S: BuildHasher,
    F: FnMut(&K, &mut V) -> bool,
{
    type Item = (K, V);

    fn next(&mut self) -> Option<(K, V)> {
        self.core.next_with(&mut self.pred)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.core.size_hint()
    }
}

impl<K, V, F, S> FusedIterator for ExtractIf<'_, K, V, F, S>
where
    K: Hash + Eq + Clone,
    V: Clone,
    S: BuildHasher,
    F: FnMut(&K, &mut V) -> bool,
{
}

#[cfg(test)]
mod tests {
    use crate::HashMap;
    use std::collections::HashMap as Model;
    use std::panic::{catch_unwind, AssertUnwindSafe};

    fn sorted(mut v: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
        v.sort_unstable();
        v
    }

    fn check(map: &HashMap<u32, u32>, model: &Model<u32, u32>) {
        map.check_invariants();
        assert_eq!(map.len(), model.len());
        for (k, v) in model {
            assert_eq!(map.get(k), Some(v));
        }
    }

    #[test]
    fn drain_empties_and_leaves_snapshot() {
        for n in [0u32, 1, 40, 5000] {
            let mut map: HashMap<u32, u32> = (0..n).map(|i| (i, i + 1)).collect();
            let model: Model<u32, u32> = (0..n).map(|i| (i, i + 1)).collect();
            let snapshot = map.clone();
            let d = map.drain();
            assert_eq!(d.len(), n as usize);
            assert_eq!(
                sorted(d.collect()),
                sorted(model.clone().into_iter().collect())
            );
            assert!(map.is_empty());
            map.check_invariants();
            check(&snapshot, &model);
            // The drained map keeps working, with its hasher.
            map.insert(1, 1);
            assert_eq!(map.get(&1), Some(&1));
            // Dropping a drain early leaves the map empty too.
            let mut again = snapshot.clone();
            let mut d = again.drain();
            d.next();
            drop(d);
            assert!(again.is_empty());
            check(&snapshot, &model);
        }
    }

    #[test]
    fn extract_if_matches_retain_and_keeps_visited_changes() {
        for n in [0u32, 1, 33, 3000] {
            let mut map: HashMap<u32, u32> = (0..n).map(|i| (i, i)).collect();
            let snapshot = map.clone();
            let mut model: Model<u32, u32> = (0..n).map(|i| (i, i)).collect();
            let pred = |k: &u32, v: &mut u32| {
                *v += 1;
                k.is_multiple_of(3)
            };
            let got = sorted(map.extract_if(pred).collect());
            // std's `extract_if` is newer than the crate's minimum Rust: model it with `retain`.
            let mut want = Vec::new();
            model.retain(|k, v| {
                let out = pred(k, v);
                if out {
                    want.push((*k, *v));
                }
                !out
            });
            let want = sorted(want);
            assert_eq!(got, want);
            check(&map, &model);
            check(&snapshot, &(0..n).map(|i| (i, i)).collect());
        }
    }

    #[test]
    fn extract_if_dropped_early_keeps_the_rest() {
        let mut map: HashMap<u32, u32> = (0..1000).map(|i| (i, i)).collect();
        let taken: Vec<(u32, u32)> = map.extract_if(|_, _| true).take(10).collect();
        assert_eq!(taken.len(), 10);
        assert_eq!(map.len(), 990);
        for (k, _) in taken {
            assert!(!map.contains_key(&k));
        }
        map.check_invariants();
        // Never iterated: nothing happens.
        let _ = map.extract_if(|_, _| true);
        assert_eq!(map.len(), 990);
    }

    #[test]
    fn extract_if_panicking_predicate_keeps_the_entry() {
        let mut map: HashMap<u32, u32> = (0..100).map(|i| (i, i)).collect();
        let mut seen = 0;
        let r = catch_unwind(AssertUnwindSafe(|| {
            map.extract_if(|_, _| {
                seen += 1;
                assert!(seen < 50, "boom");
                true
            })
            .count()
        }));
        assert!(r.is_err());
        // 49 entries were extracted before the panic; the one being visited stays.
        assert_eq!(map.len(), 51);
        map.check_invariants();
    }
}
