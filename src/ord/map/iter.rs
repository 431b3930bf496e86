//! Whole-map iterators: borrowing ([`Iter`], [`Keys`], [`Values`]), mutable ([`IterMut`],
//! [`ValuesMut`]) and owning ([`IntoIter`], [`IntoKeys`], [`IntoValues`]).

use std::collections::VecDeque;
use std::fmt;
use std::iter::{FusedIterator, Zip};
use std::slice;

use super::OrdMap;
use crate::ord::node::cursor::Span;

impl<K, V> OrdMap<K, V> {
    /// An iterator over `(&K, &V)` in ascending key order: double-ended and exact-size. Creating
    /// it is O(log n); each step is amortized O(1), with no allocation.
    ///
    /// # Example
    ///
    /// ```
    /// let map = cowtree::OrdMap::from([(2, 'b'), (1, 'a')]);
    /// let v: Vec<_> = map.iter().collect();
    /// assert_eq!(v, [(&1, &'a'), (&2, &'b')]);
    /// assert_eq!(map.iter().next_back(), Some((&2, &'b')));
    /// ```
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter {
            span: Span::new(self.root_ref(), 0, self.len()),
        }
    }

    /// The keys, in ascending order. Same costs as [`iter`](OrdMap::iter).
    ///
    /// # Example
    ///
    /// ```
    /// let map = cowtree::OrdMap::from([(2, 'b'), (1, 'a')]);
    /// assert_eq!(map.keys().collect::<Vec<_>>(), [&1, &2]);
    /// ```
    pub fn keys(&self) -> Keys<'_, K, V> {
        Keys(self.iter())
    }

    /// The values, in ascending key order. Same costs as [`iter`](OrdMap::iter).
    ///
    /// # Example
    ///
    /// ```
    /// let map = cowtree::OrdMap::from([(2, 'b'), (1, 'a')]);
    /// assert_eq!(map.values().collect::<Vec<_>>(), [&'a', &'b']);
    /// ```
    pub fn values(&self) -> Values<'_, K, V> {
        Values(self.iter())
    }
}

impl<K: Clone, V: Clone> OrdMap<K, V> {
    /// An iterator over `(&K, &mut V)` in ascending key order. Creating it makes every node
    /// unique (copying those shared with another version: O(n) then) and gathers the leaves
    /// (O(n / 32) memory); each step is O(1).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::OrdMap::from([(1, 1), (2, 2)]);
    /// for (_, v) in map.iter_mut() { *v *= 10; }
    /// assert_eq!(map[&2], 20);
    /// ```
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        let len = self.len();
        IterMut::new(self, 0, len)
    }

    /// The values, mutably, in ascending key order. Same costs as [`iter_mut`](OrdMap::iter_mut).
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::OrdMap::from([(1, 1)]);
    /// for v in map.values_mut() { *v += 1; }
    /// assert_eq!(map[&1], 2);
    /// ```
    pub fn values_mut(&mut self) -> ValuesMut<'_, K, V> {
        ValuesMut(self.iter_mut())
    }

    /// The keys, by value, in ascending order. O(n); entries of nodes shared with another
    /// version are cloned, the others moved.
    ///
    /// # Example
    ///
    /// ```
    /// let map = cowtree::OrdMap::from([(2, 'b'), (1, 'a')]);
    /// assert_eq!(map.into_keys().collect::<Vec<_>>(), [1, 2]);
    /// ```
    pub fn into_keys(self) -> IntoKeys<K, V> {
        IntoKeys(self.into_iter())
    }

    /// The values, by value, in ascending key order. O(n), as [`into_keys`](OrdMap::into_keys).
    ///
    /// # Example
    ///
    /// ```
    /// let map = cowtree::OrdMap::from([(2, 'b'), (1, 'a')]);
    /// assert_eq!(map.into_values().collect::<Vec<_>>(), ['a', 'b']);
    /// ```
    pub fn into_values(self) -> IntoValues<K, V> {
        IntoValues(self.into_iter())
    }
}

/// A borrowing iterator over an [`OrdMap`]'s entries, made by [`OrdMap::iter`].
///
/// # Example
///
/// ```
/// let map = cowtree::OrdMap::from([(1, 'a')]);
/// let it: cowtree::ord_map::Iter<'_, _, _> = map.iter();
/// assert_eq!(it.len(), 1);
/// ```
pub struct Iter<'a, K, V> {
    pub(crate) span: Span<'a, K, V>,
}

impl<K, V> Clone for Iter<'_, K, V> {
    fn clone(&self) -> Self {
        Iter {
            span: self.span.clone(),
        }
    }
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    #[inline]
    fn next(&mut self) -> Option<(&'a K, &'a V)> {
        self.span.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.span.len(), Some(self.span.len()))
    }
}

impl<K, V> DoubleEndedIterator for Iter<'_, K, V> {
    #[inline]
    fn next_back(&mut self) -> Option<Self::Item> {
        self.span.next_back()
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}
impl<K, V> FusedIterator for Iter<'_, K, V> {}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Iter<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// Defines a wrapper iterator that maps each item of an inner one.
macro_rules! mapped_iter {
    ($(#[$doc:meta])* $name:ident<$($lt:lifetime,)? $($g:ident),*>, $inner:ty, $item:ty, |$x:pat_param| $map:expr) => {
        $(#[$doc])*
        pub struct $name<$($lt,)? $($g),*>(pub(crate) $inner);

        impl<$($lt,)? $($g),*> Iterator for $name<$($lt,)? $($g),*> {
            type Item = $item;
            #[inline]
            fn next(&mut self) -> Option<$item> {
                self.0.next().map(|$x| $map)
            }
            fn size_hint(&self) -> (usize, Option<usize>) {
                self.0.size_hint()
            }
        }

        impl<$($lt,)? $($g),*> DoubleEndedIterator for $name<$($lt,)? $($g),*> {
            #[inline]
            fn next_back(&mut self) -> Option<$item> {
                self.0.next_back().map(|$x| $map)
            }
        }

        impl<$($lt,)? $($g),*> ExactSizeIterator for $name<$($lt,)? $($g),*> {}
        impl<$($lt,)? $($g),*> FusedIterator for $name<$($lt,)? $($g),*> {}

        impl<$($lt,)? $($g),*> fmt::Debug for $name<$($lt,)? $($g),*> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name)).field("remaining", &self.0.len()).finish()
            }
        }
    };
}
pub(crate) use mapped_iter;

mapped_iter!(
    /// The keys of an [`OrdMap`], made by [`OrdMap::keys`].
    ///
    /// # Example
    ///
    /// ```
    /// let map = cowtree::OrdMap::from([(1, 'a')]);
    /// assert_eq!(map.keys().len(), 1);
    /// ```
    Keys<'a, K, V>, Iter<'a, K, V>, &'a K, |(k, _)| k
);
mapped_iter!(
    /// The values of an [`OrdMap`], made by [`OrdMap::values`].
    ///
    /// # Example
    ///
    /// ```
    /// let map = cowtree::OrdMap::from([(1, 'a')]);
    /// assert_eq!(map.values().len(), 1);
    /// ```
    Values<'a, K, V>, Iter<'a, K, V>, &'a V, |(_, v)| v
);
mapped_iter!(
    /// The values of an [`OrdMap`], mutably, made by [`OrdMap::values_mut`].
    ///
    /// # Example
    ///
    /// ```
    /// let mut map = cowtree::OrdMap::from([(1, 'a')]);
    /// assert_eq!(map.values_mut().len(), 1);
    /// ```
    ValuesMut<'a, K, V>, IterMut<'a, K, V>, &'a mut V, |(_, v)| v
);
mapped_iter!(
    /// The keys of an [`OrdMap`], by value, made by [`OrdMap::into_keys`].
    ///
    /// # Example
    ///
    /// ```
    /// let map = cowtree::OrdMap::from([(1, 'a')]);
    /// assert_eq!(map.into_keys().len(), 1);
    /// ```
    IntoKeys<K, V>, IntoIter<K, V>, K, |(k, _)| k
);
mapped_iter!(
    /// The values of an [`OrdMap`], by value, made by [`OrdMap::into_values`].
    ///
    /// # Example
    ///
    /// ```
    /// let map = cowtree::OrdMap::from([(1, 'a')]);
    /// assert_eq!(map.into_values().len(), 1);
    /// ```
    IntoValues<K, V>, IntoIter<K, V>, V, |(_, v)| v
);

type LeafIterMut<'a, K, V> = Zip<slice::Iter<'a, K>, slice::IterMut<'a, V>>;

/// A mutable iterator over an [`OrdMap`]'s entries (or a range of them), made by
/// [`OrdMap::iter_mut`] and [`OrdMap::range_mut`].
///
/// # Example
///
/// ```
/// let mut map = cowtree::OrdMap::from([(1, 'a'), (2, 'b')]);
/// let mut it = map.iter_mut();
/// *it.next_back().unwrap().1 = 'z';
/// assert_eq!(map[&2], 'z');
/// ```
pub struct IterMut<'a, K, V> {
    parts: VecDeque<LeafIterMut<'a, K, V>>,
    remaining: usize,
}

impl<'a, K: Clone, V: Clone> IterMut<'a, K, V> {
    /// The entries of rank `lo..hi`, made unique.
    pub(crate) fn new(map: &'a mut OrdMap<K, V>, lo: usize, hi: usize) -> Self {
        let mut leaves = Vec::new();
        if let (Some(root), true) = (map.root.as_mut(), lo < hi) {
            root.leaves_mut(0, lo, hi, &mut leaves);
        }
        let parts = leaves
            .into_iter()
            .map(|(start, leaf)| {
                let from = lo.saturating_sub(start).min(leaf.len());
                let to = (hi - start).min(leaf.len());
                leaf.keys[from..to]
                    .iter()
                    .zip(leaf.vals[from..to].iter_mut())
            })
            .collect();
        IterMut {
            parts,
            remaining: hi.saturating_sub(lo),
        }
    }
}

impl<'a, K, V> Iterator for IterMut<'a, K, V> {
    type Item = (&'a K, &'a mut V);

    fn next(&mut self) -> Option<Self::Item> {
        while let Some(front) = self.parts.front_mut() {
            if let Some(x) = front.next() {
                self.remaining -= 1;
                return Some(x);
            }
            self.parts.pop_front();
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<K, V> DoubleEndedIterator for IterMut<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        while let Some(back) = self.parts.back_mut() {
            if let Some(x) = back.next_back() {
                self.remaining -= 1;
                return Some(x);
            }
            self.parts.pop_back();
        }
        None
    }
}

impl<K, V> ExactSizeIterator for IterMut<'_, K, V> {}
impl<K, V> FusedIterator for IterMut<'_, K, V> {}

impl<K, V> fmt::Debug for IterMut<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IterMut")
            .field("remaining", &self.remaining)
            .finish()
    }
}

/// An owning iterator over an [`OrdMap`]'s entries in key order, made by `into_iter`. Entries of
/// nodes shared with another version are cloned; the others are moved. Making it is O(n).
///
/// # Example
///
/// ```
/// let map = cowtree::OrdMap::from([(2, 'b'), (1, 'a')]);
/// assert_eq!(map.into_iter().collect::<Vec<_>>(), [(1, 'a'), (2, 'b')]);
/// ```
pub struct IntoIter<K, V> {
    entries: std::vec::IntoIter<(K, V)>,
}

impl<K, V> Iterator for IntoIter<K, V> {
    type Item = (K, V);

    fn next(&mut self) -> Option<(K, V)> {
        self.entries.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.entries.size_hint()
    }
}

impl<K, V> DoubleEndedIterator for IntoIter<K, V> {
    fn next_back(&mut self) -> Option<(K, V)> {
        self.entries.next_back()
    }
}

impl<K, V> ExactSizeIterator for IntoIter<K, V> {}
impl<K, V> FusedIterator for IntoIter<K, V> {}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for IntoIter<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.entries.as_slice()).finish()
    }
}

impl<K: Clone, V: Clone> IntoIterator for OrdMap<K, V> {
    type Item = (K, V);
    type IntoIter = IntoIter<K, V>;

    fn into_iter(self) -> IntoIter<K, V> {
        let mut entries = Vec::with_capacity(self.len());
        if let Some(root) = self.root {
            root.drain_into(&mut entries);
        }
        IntoIter {
            entries: entries.into_iter(),
        }
    }
}

impl<'a, K, V> IntoIterator for &'a OrdMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}

impl<'a, K: Clone, V: Clone> IntoIterator for &'a mut OrdMap<K, V> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;

    fn into_iter(self) -> IterMut<'a, K, V> {
        self.iter_mut()
    }
}
