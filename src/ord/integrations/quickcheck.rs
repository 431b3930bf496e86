//! `quickcheck::Arbitrary` for `OrdMap` and `OrdSet`: generated and shrunk through a `Vec` of the
//! entries, so a failing collection shrinks as a failing `Vec` does.

use ::quickcheck::{Arbitrary, Gen};

use crate::{OrdMap, OrdSet};

/// Generates a map from a random `Vec` of entries; shrinks by shrinking that `Vec`.
/// O(n log n) per map.
///
/// # Example
///
/// ```
/// use quickcheck::quickcheck;
///
/// fn split_and_append_restore(map: cowtree::OrdMap<u8, u8>, k: u8) -> bool {
///     let mut low = map.clone();
///     let mut high = low.split_off(&k);
///     low.append(&mut high);
///     low == map
/// }
/// quickcheck(split_and_append_restore as fn(cowtree::OrdMap<u8, u8>, u8) -> bool);
/// ```
impl<K: Arbitrary + Ord, V: Arbitrary> Arbitrary for OrdMap<K, V> {
    fn arbitrary(g: &mut Gen) -> Self {
        Vec::<(K, V)>::arbitrary(g).into_iter().collect()
    }

    fn shrink(&self) -> Box<dyn Iterator<Item = Self>> {
        let entries: Vec<(K, V)> = self.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        Box::new(entries.shrink().map(|e| e.into_iter().collect()))
    }
}

/// Generates a set from a random `Vec`; shrinks by shrinking that `Vec`. O(n log n) per set.
///
/// # Example
///
/// ```
/// use quickcheck::quickcheck;
///
/// fn union_is_a_superset(a: cowtree::OrdSet<u8>, b: cowtree::OrdSet<u8>) -> bool {
///     (&a | &b).is_superset(&a)
/// }
/// quickcheck(union_is_a_superset as fn(cowtree::OrdSet<u8>, cowtree::OrdSet<u8>) -> bool);
/// ```
impl<T: Arbitrary + Ord> Arbitrary for OrdSet<T> {
    fn arbitrary(g: &mut Gen) -> Self {
        Vec::<T>::arbitrary(g).into_iter().collect()
    }

    fn shrink(&self) -> Box<dyn Iterator<Item = Self>> {
        let items: Vec<T> = self.iter().cloned().collect();
        Box::new(items.shrink().map(|e| e.into_iter().collect()))
    }
}
