//! `arbitrary::Arbitrary` for `OrdMap` and `OrdSet`: drawn as std's collections are (entries until
//! the input says stop) and built through the public API.

use ::arbitrary::{Arbitrary, Result, Unstructured};

use crate::{OrdMap, OrdSet};

/// Draws a map: entries until the input says stop (a repeated key keeps its last value).
/// O(n log n).
///
/// # Example
///
/// ```
/// use arbitrary::{Arbitrary, Unstructured};
///
/// let bytes = [1, 10, 20, 1, 30, 40, 0];
/// let map = cowtree::OrdMap::<u8, u8>::arbitrary(&mut Unstructured::new(&bytes)).unwrap();
/// assert_eq!(map.len(), 2);
/// assert_eq!(map.get(&10), Some(&20));
/// ```
impl<'a, K, V> Arbitrary<'a> for OrdMap<K, V>
where
    K: Arbitrary<'a> + Ord + Clone,
    V: Arbitrary<'a> + Clone,
{
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        u.arbitrary_iter()?.collect()
    }

    fn arbitrary_take_rest(u: Unstructured<'a>) -> Result<Self> {
        u.arbitrary_take_rest_iter()?.collect()
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (0, None)
    }
}

/// Draws a set: elements until the input says stop. O(n log n).
///
/// # Example
///
/// ```
/// use arbitrary::{Arbitrary, Unstructured};
///
/// let bytes = [1, 5, 1, 5, 0];
/// let set = cowtree::OrdSet::<u8>::arbitrary(&mut Unstructured::new(&bytes)).unwrap();
/// assert_eq!(set.len(), 1);
/// ```
impl<'a, T: Arbitrary<'a> + Ord + Clone> Arbitrary<'a> for OrdSet<T> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        u.arbitrary_iter()?.collect()
    }

    fn arbitrary_take_rest(u: Unstructured<'a>) -> Result<Self> {
        u.arbitrary_take_rest_iter()?.collect()
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (0, None)
    }
}
