//! Set algebra on maps: union, intersection, difference, symmetric difference. Shared subtrees of
//! two related versions are reused (or dropped) whole; see the node layer's `algebra.rs`.

use super::OrdMap;
use crate::ord::node::algebra::{combine, Rules, Shared};

impl<K: Ord + Clone, V: Clone> OrdMap<K, V> {
    fn combine_with<F>(self, other: Self, rules: &mut Rules<F>) -> Self
    where
        F: FnMut(&K, &V, &V) -> Option<V>,
    {
        if self.ptr_eq(&other) && rules.shared != Shared::Visit {
            return if rules.shared == Shared::Keep {
                self
            } else {
                OrdMap::new()
            };
        }
        OrdMap {
            root: combine(self.root_ref(), other.root, rules),
        }
    }

    /// The keys of both maps; for a key in both, `self`'s value. Subtrees the two share are kept
    /// whole: between related versions the cost follows their differences (O(d · log² n)); it is
    /// at most O(n + m).
    ///
    /// # Example
    ///
    /// ```
    /// let a = cowtree::OrdMap::from([(1, 'a'), (2, 'b')]);
    /// let b = cowtree::OrdMap::from([(2, 'x'), (3, 'c')]);
    /// let u = a.union(b);
    /// assert_eq!(u.into_iter().collect::<Vec<_>>(), [(1, 'a'), (2, 'b'), (3, 'c')]);
    /// ```
    #[must_use]
    pub fn union(self, other: Self) -> Self {
        self.combine_with(
            other,
            &mut Rules {
                left: true,
                right: true,
                shared: Shared::Keep,
                both: |_: &K, a: &V, _: &V| Some(a.clone()),
            },
        )
    }

    /// The keys of both maps; for a key in both, `f(self's value, other's value)`. `f` is called
    /// for every common key, those in shared subtrees included (so those subtrees are rebuilt).
    /// Cost as [`union`](OrdMap::union), plus the shared entries.
    ///
    /// # Example
    ///
    /// ```
    /// let a = cowtree::OrdMap::from([(1, 10), (2, 20)]);
    /// let b = cowtree::OrdMap::from([(2, 2), (3, 3)]);
    /// let u = a.union_with(b, |x, y| x + y);
    /// assert_eq!(u.into_iter().collect::<Vec<_>>(), [(1, 10), (2, 22), (3, 3)]);
    /// ```
    #[must_use]
    pub fn union_with<F>(self, other: Self, mut f: F) -> Self
    where
        F: FnMut(V, V) -> V,
    {
        self.combine_with(
            other,
            &mut Rules {
                left: true,
                right: true,
                shared: Shared::Visit,
                both: |_: &K, a: &V, b: &V| Some(f(a.clone(), b.clone())),
            },
        )
    }

    /// The keys in both maps, with `self`'s values. Shared subtrees are kept whole.
    ///
    /// # Example
    ///
    /// ```
    /// let a = cowtree::OrdMap::from([(1, 'a'), (2, 'b')]);
    /// let b = cowtree::OrdMap::from([(2, 'x'), (3, 'c')]);
    /// assert_eq!(a.intersection(b).into_iter().collect::<Vec<_>>(), [(2, 'b')]);
    /// ```
    #[must_use]
    pub fn intersection(self, other: Self) -> Self {
        self.combine_with(
            other,
            &mut Rules {
                left: false,
                right: false,
                shared: Shared::Keep,
                both: |_: &K, a: &V, _: &V| Some(a.clone()),
            },
        )
    }

    /// The entries of `self` whose keys are not in `other`. Shared subtrees are dropped whole.
    ///
    /// # Example
    ///
    /// ```
    /// let a = cowtree::OrdMap::from([(1, 'a'), (2, 'b')]);
    /// let b = cowtree::OrdMap::from([(2, 'x')]);
    /// assert_eq!(a.difference(b).into_iter().collect::<Vec<_>>(), [(1, 'a')]);
    /// ```
    #[must_use]
    pub fn difference(self, other: Self) -> Self {
        self.combine_with(
            other,
            &mut Rules {
                left: true,
                right: false,
                shared: Shared::Drop,
                both: |_: &K, _: &V, _: &V| None,
            },
        )
    }

    /// The entries whose keys are in exactly one of the maps. Shared subtrees are dropped whole.
    ///
    /// # Example
    ///
    /// ```
    /// let a = cowtree::OrdMap::from([(1, 'a'), (2, 'b')]);
    /// let b = cowtree::OrdMap::from([(2, 'x'), (3, 'c')]);
    /// let s = a.symmetric_difference(b);
    /// assert_eq!(s.into_iter().collect::<Vec<_>>(), [(1, 'a'), (3, 'c')]);
    /// ```
    #[must_use]
    pub fn symmetric_difference(self, other: Self) -> Self {
        self.combine_with(
            other,
            &mut Rules {
                left: true,
                right: true,
                shared: Shared::Drop,
                both: |_: &K, _: &V, _: &V| None,
            },
        )
    }
}
