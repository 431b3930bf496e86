//! `quickcheck::Arbitrary` (feature `quickcheck`), so property tests can take cowtree collections as
//! input. Generation and shrinking go through a `Vec` of the elements, so a failing collection
//! shrinks the way a failing `Vec` does: fewer elements first, then smaller elements.

use std::hash::{BuildHasher, Hash};

use ::quickcheck::{Arbitrary, Gen};

use crate::{HashMap, HashSet, Vector};

/// Generates a map from a random `Vec` of entries; shrinks by shrinking that `Vec`.
///
/// Cost: O(n log n) per generated or shrunk map.
///
/// # Example
///
/// ```
/// use cowtree::HashMap;
/// use quickcheck::quickcheck;
///
/// fn removing_what_you_inserted_restores_the_length(mut map: HashMap<u8, u16>, k: u8) -> bool {
///     let before = map.len();
///     let had = map.contains_key(&k);
///     map.insert(k, 0);
///     map.remove(&k);
///     map.len() == before - usize::from(had)
/// }
/// quickcheck(removing_what_you_inserted_restores_the_length as fn(HashMap<u8, u16>, u8) -> bool);
/// ```
impl<K, V, S> Arbitrary for HashMap<K, V, S>
where
    K: Arbitrary + Hash + Eq,
    V: Arbitrary,
    S: BuildHasher + Default + Clone + 'static,
{
    fn arbitrary(g: &mut Gen) -> Self {
        let mut map = HashMap::with_hasher(S::default());
        map.extend(Vec::<(K, V)>::arbitrary(g));
        map
    }

    fn shrink(&self) -> Box<dyn Iterator<Item = Self>> {
        let entries: Vec<(K, V)> = self.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        Box::new(entries.shrink().map(|smaller| {
            let mut map = HashMap::with_hasher(S::default());
            map.extend(smaller);
            map
        }))
    }
}

/// Generates a set from a random `Vec` of elements; shrinks by shrinking that `Vec`.
///
/// Cost: O(n log n) per generated or shrunk set.
///
/// # Example
///
/// ```
/// use cowtree::HashSet;
/// use quickcheck::{quickcheck, Arbitrary};
///
/// fn len_counts_distinct_elements(set: HashSet<i8>) -> bool {
///     set.len() == set.iter().count()
/// }
/// quickcheck(len_counts_distinct_elements as fn(HashSet<i8>) -> bool);
///
/// // Shrinking offers smaller sets.
/// let set: HashSet<i8> = (1..=4).collect();
/// assert!(set.shrink().all(|s| s.len() <= set.len()));
/// ```
impl<T, S> Arbitrary for HashSet<T, S>
where
    T: Arbitrary + Hash + Eq,
    S: BuildHasher + Default + Clone + 'static,
{
    fn arbitrary(g: &mut Gen) -> Self {
        let mut set = HashSet::with_hasher(S::default());
        set.extend(Vec::<T>::arbitrary(g));
        set
    }

    fn shrink(&self) -> Box<dyn Iterator<Item = Self>> {
        let items: Vec<T> = self.iter().cloned().collect();
        Box::new(items.shrink().map(|smaller| {
            let mut set = HashSet::with_hasher(S::default());
            set.extend(smaller);
            set
        }))
    }
}

/// Generates a vector from a random `Vec`; shrinks by shrinking that `Vec` (keeping order).
///
/// Cost: O(n) per generated or shrunk vector.
///
/// # Example
///
/// ```
/// use cowtree::Vector;
/// use quickcheck::{quickcheck, Arbitrary};
///
/// fn reversing_twice_is_identity(v: Vector<u8>) -> bool {
///     let back: Vector<u8> = v.iter().rev().copied().collect::<Vec<_>>().into_iter().rev().collect();
///     back == v
/// }
/// quickcheck(reversing_twice_is_identity as fn(Vector<u8>) -> bool);
///
/// // A failing input shrinks like a Vec: here to shorter vectors first.
/// let v: Vector<u8> = (1..=4).collect();
/// assert!(v.shrink().any(|smaller| smaller.len() < v.len()));
/// ```
impl<T: Arbitrary> Arbitrary for Vector<T> {
    fn arbitrary(g: &mut Gen) -> Self {
        Vec::<T>::arbitrary(g).into_iter().collect()
    }

    fn shrink(&self) -> Box<dyn Iterator<Item = Self>> {
        let items: Vec<T> = self.iter().cloned().collect();
        Box::new(items.shrink().map(|smaller| smaller.into_iter().collect()))
    }
}
