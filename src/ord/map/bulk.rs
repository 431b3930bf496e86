//! Whole-map edits: split and join ([`OrdMap::split_off`], [`OrdMap::append`]), filtering
//! ([`OrdMap::retain`], [`OrdMap::extract_if`]) and building from iterators.

use std::borrow::Borrow;
use std::fmt;
use std::iter::FusedIterator;
use std::ops::RangeBounds;

use super::OrdMap;
use crate::ord::node::join::{join, split};
use crate::ord::node::Node;

impl<K: Ord + Clone, V: Clone> OrdMap<K, V> {
    /// Splits the map at `key`: `self` keeps the keys below it, the returned map holds `key` and
    /// everything above. O(log n): only the nodes on the path to `key` are copied; everything
    /// else is shared with the map before the split.
    ///
    /// # Example
    ///
    /// ```
    /// let mut map: cowtree::OrdMap<u32, u32> = (0..1000).map(|i| (i, i)).collect();
    /// let high = map.split_off(&600);
    /// assert_eq!((map.len(), high.len()), (600, 400));
    /// assert_eq!(high.first_key_value(), Some((&600, &600)));
    /// ```
    #[must_use = "use `retain` or `range` to drop the upper part"]
    pub fn split_off<Q>(&mut self, key: &Q) -> Self
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let Some(root) = self.root.as_ref() else {
            return OrdMap::new();
        };
        let (left, right) = split(root.as_ref(), key);
        self.root = left;
        OrdMap { root: right }
    }

    /// Moves every entry of `other` into `self`, leaving `other` empty; for a key in both, the
    /// value from `other` wins (as in std). O(log n) when every key of one map is below every key
    /// of the other (the trees are joined); O(n + m) otherwise (a merge and a rebuild).
    ///
    /// # Example
    ///
    /// ```
    /// let mut a: cowtree::OrdMap<u32, u32> = (0..500).map(|i| (i, i)).collect();
    /// let mut b: cowtree::OrdMap<u32, u32> = (500..1000).map(|i| (i, i)).collect();
    /// a.append(&mut b);
    /// assert_eq!((a.len(), b.len()), (1000, 0));
    /// ```
    pub fn append(&mut self, other: &mut Self) {
        let (Some(s), Some(o)) = (self.root.as_ref(), other.root.as_ref()) else {
            if self.is_empty() {
                std::mem::swap(self, other);
            }
            return;
        };
        let s_last = &s.last_leaf().keys[s.last_leaf().len() - 1];
        let o_last = &o.last_leaf().keys[o.last_leaf().len() - 1];
        if s_last < o.min_key() {
            self.root = join(self.root.take(), other.root.take());
        } else if o_last < s.min_key() {
            self.root = join(other.root.take(), self.root.take());
        } else {
            let mut merged = Vec::with_capacity(self.len() + other.len());
            let mut a = std::mem::take(self).into_iter().peekable();
            let mut b = std::mem::take(other).into_iter().peekable();
            loop {
                let take_a = match (a.peek(), b.peek()) {
                    (Some(x), Some(y)) => match x.0.cmp(&y.0) {
                        std::cmp::Ordering::Less => true,
                        std::cmp::Ordering::Greater => false,
                        std::cmp::Ordering::Equal => {
                            a.next();
                            false
                        }
                    },
                    (Some(_), None) => true,
                    (None, Some(_)) => false,
                    (None, None) => break,
                };
                merged.extend(if take_a { a.next() } else { b.next() });
            }
            self.root = Node::build(merged);
        }
    }

    /// Keeps only the entries for which `f` returns true. O(n); `f` runs on every entry in key
    /// order (with the nodes made unique, as [`iter_mut`](OrdMap::iter_mut) does); if any entry
    /// goes, the map is rebuilt.
    ///
    /// # Example
    ///
    /// ```
    /// let mut map: cowtree::OrdMap<u32, u32> = (0..10).map(|i| (i, i)).collect();
    /// map.retain(|k, _| k % 2 == 0);
    /// assert_eq!(map.len(), 5);
    /// ```
    pub fn retain<F>(&mut self, mut f: F)
    where
        F: FnMut(&K, &mut V) -> bool,
    {
        let keep: Vec<bool> = self.iter_mut().map(|(k, v)| f(k, v)).collect();
        if keep.iter().all(|&k| k) {
            return;
        }
        let mut flags = keep.into_iter();
        let kept: Vec<(K, V)> = std::mem::take(self)
            .into_iter()
            .filter(|_| flags.next().unwrap_or(false))
            .collect();
        self.root = Node::build(kept);
    }

    /// An iterator that removes and yields, in key order, the entries inside `range` for which
    /// `pred` returns true; the entries it has not reached when dropped stay. Each step is
    /// O(log n) per entry looked at (the path to each is made unique).
    ///
    /// # Panics
    ///
    /// As [`range`](OrdMap::range), for a malformed range.
    ///
    /// # Example
    ///
    /// ```
    /// let mut map: cowtree::OrdMap<u32, u32> = (0..10).map(|i| (i, i)).collect();
    /// let odd: Vec<_> = map.extract_if(.., |k, _| k % 2 == 1).map(|(k, _)| k).collect();
    /// assert_eq!(odd, [1, 3, 5, 7, 9]);
    /// assert_eq!(map.len(), 5);
    /// ```
    pub fn extract_if<R, F>(&mut self, range: R, pred: F) -> ExtractIf<'_, K, V, F>
    where
        R: RangeBounds<K>,
        F: FnMut(&K, &mut V) -> bool,
    {
        let (next, end) = self.rank_range(&range);
        ExtractIf {
            map: self,
            next,
            end,
            pred,
        }
    }
}

/// The iterator made by [`OrdMap::extract_if`].
///
/// # Example
///
/// ```
/// let mut map = cowtree::OrdMap::from([(1, 'a'), (2, 'b')]);
/// let mut it = map.extract_if(.., |k, _| *k == 2);
/// assert_eq!(it.next(), Some((2, 'b')));
/// ```
pub struct ExtractIf<'a, K, V, F> {
    map: &'a mut OrdMap<K, V>,
    next: usize,
    end: usize,
    pred: F,
}

impl<K, V, F> Iterator for ExtractIf<'_, K, V, F>
where
    K: Ord + Clone,
    V: Clone,
    F: FnMut(&K, &mut V) -> bool,
{
    type Item = (K, V);

    fn next(&mut self) -> Option<(K, V)> {
        while self.next < self.end {
            let root = self.map.root.as_mut()?;
            let (k, v) = root.get_index_mut(self.next);
            if (self.pred)(k, v) {
                self.end -= 1;
                return Some(self.map.remove_index(self.next));
            }
            self.next += 1;
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.end - self.next))
    }
}

impl<K: Ord + Clone, V: Clone, F: FnMut(&K, &mut V) -> bool> FusedIterator
    for ExtractIf<'_, K, V, F>
{
}

impl<K, V, F> fmt::Debug for ExtractIf<'_, K, V, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExtractIf")
            .field("next", &self.next)
            .field("end", &self.end)
            .finish()
    }
}

impl<K: Ord + Clone, V: Clone> FromIterator<(K, V)> for OrdMap<K, V> {
    /// Builds a map; for a repeated key the last value wins (as in std). O(n log n) for the sort,
    /// then O(n) to build the tree bottom-up with full, evenly filled nodes.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut entries: Vec<(K, V)> = iter.into_iter().collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        // Keep the last of each run of equal keys.
        let mut out: Vec<(K, V)> = Vec::with_capacity(entries.len());
        for e in entries {
            match out.last_mut() {
                Some(last) if last.0 == e.0 => *last = e,
                _ => out.push(e),
            }
        }
        OrdMap {
            root: Node::build(out),
        }
    }
}

impl<K: Ord + Clone, V: Clone> Extend<(K, V)> for OrdMap<K, V> {
    /// Inserts each pair (O(log n) each); into an empty map, builds in bulk as `collect` does.
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        if self.is_empty() {
            *self = iter.into_iter().collect();
        } else {
            for (k, v) in iter {
                self.insert(k, v);
            }
        }
    }
}

impl<'a, K: Ord + Copy, V: Copy> Extend<(&'a K, &'a V)> for OrdMap<K, V> {
    /// Inserts copies of each pair, as `extend` by value does.
    fn extend<I: IntoIterator<Item = (&'a K, &'a V)>>(&mut self, iter: I) {
        self.extend(iter.into_iter().map(|(k, v)| (*k, *v)));
    }
}

impl<K: Ord + Clone, V: Clone, const N: usize> From<[(K, V); N]> for OrdMap<K, V> {
    /// Builds a map from an array of pairs (the last value wins for a repeated key). O(N log N).
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}
