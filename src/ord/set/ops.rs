//! Set algebra on [`OrdSet`]: methods that reuse shared subtrees, and std's `| & - ^` operators.

use std::ops::{BitAnd, BitOr, BitXor, Sub};

use super::OrdSet;

impl<T: Ord + Clone> OrdSet<T> {
    /// The elements of either set. Shared subtrees are kept whole; see [`OrdMap::union`].
    ///
    /// [`OrdMap::union`]: crate::OrdMap::union
    ///
    /// # Example
    ///
    /// ```
    /// let a = cowtree::OrdSet::from([1, 2]);
    /// assert_eq!(a.union(cowtree::OrdSet::from([3])).len(), 3);
    /// ```
    #[must_use]
    pub fn union(self, other: Self) -> Self {
        OrdSet {
            map: self.map.union(other.map),
        }
    }

    /// The elements of both sets. Shared subtrees are kept whole.
    ///
    /// # Example
    ///
    /// ```
    /// let a = cowtree::OrdSet::from([1, 2]);
    /// assert_eq!(a.intersection(cowtree::OrdSet::from([2, 3])).len(), 1);
    /// ```
    #[must_use]
    pub fn intersection(self, other: Self) -> Self {
        OrdSet {
            map: self.map.intersection(other.map),
        }
    }

    /// The elements of `self` not in `other`. Shared subtrees are dropped whole.
    ///
    /// # Example
    ///
    /// ```
    /// let a = cowtree::OrdSet::from([1, 2]);
    /// assert_eq!(a.difference(cowtree::OrdSet::from([2])).len(), 1);
    /// ```
    #[must_use]
    pub fn difference(self, other: Self) -> Self {
        OrdSet {
            map: self.map.difference(other.map),
        }
    }

    /// The elements in exactly one of the sets. Shared subtrees are dropped whole.
    ///
    /// # Example
    ///
    /// ```
    /// let a = cowtree::OrdSet::from([1, 2]);
    /// assert_eq!(a.symmetric_difference(cowtree::OrdSet::from([2, 3])).len(), 2);
    /// ```
    #[must_use]
    pub fn symmetric_difference(self, other: Self) -> Self {
        OrdSet {
            map: self.map.symmetric_difference(other.map),
        }
    }
}

macro_rules! set_operator {
    ($trait:ident, $method:ident, $call:ident, $what:literal) => {
        impl<T: Ord + Clone> $trait<&OrdSet<T>> for &OrdSet<T> {
            type Output = OrdSet<T>;

            #[doc = concat!("The ", $what, " of two sets, as a new set (both operands are O(1) snapshots; shared subtrees are reused).")]
            fn $method(self, rhs: &OrdSet<T>) -> OrdSet<T> {
                self.clone().$call(rhs.clone())
            }
        }
    };
}

set_operator!(BitOr, bitor, union, "union");
set_operator!(BitAnd, bitand, intersection, "intersection");
set_operator!(Sub, sub, difference, "difference");
set_operator!(BitXor, bitxor, symmetric_difference, "symmetric difference");
