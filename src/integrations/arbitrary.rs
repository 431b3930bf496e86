//! `arbitrary::Arbitrary` (feature `arbitrary`), so fuzz targets can take cowtree collections as
//! input. Each collection is drawn as std's would be (a length-prefixed run of elements, or the rest
//! of the input) and built through the public API.

use std::hash::{BuildHasher, Hash};

use ::arbitrary::{Arbitrary, Result, Unstructured};

use crate::{HashMap, HashSet, Vector};

/// Draws a map from fuzzer bytes: entries until the input says stop (a key drawn twice keeps its
/// last value).
///
/// Cost: O(n log n) inserts for n entries drawn.
///
/// # Example
///
/// ```
/// use arbitrary::{Arbitrary, Unstructured};
/// use cowtree::HashMap;
///
/// let bytes = [1, 10, 20, 1, 30, 40, 0, 7, 7];
/// let map = HashMap::<u8, u8>::arbitrary(&mut Unstructured::new(&bytes)).unwrap();
/// assert_eq!(map.len(), 2);
/// assert_eq!(map.get(&10), Some(&20));
/// ```
impl<'a, K, V, S> Arbitrary<'a> for HashMap<K, V, S>
where
    K: Arbitrary<'a> + Hash + Eq + Clone,
    V: Arbitrary<'a> + Clone,
    S: BuildHasher + Default,
{
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut map = HashMap::with_hasher(S::default());
        for entry in u.arbitrary_iter()? {
            let (k, v) = entry?;
            map.insert(k, v);
        }
        Ok(map)
    }

    fn arbitrary_take_rest(u: Unstructured<'a>) -> Result<Self> {
        let mut map = HashMap::with_hasher(S::default());
        for entry in u.arbitrary_take_rest_iter()? {
            let (k, v) = entry?;
            map.insert(k, v);
        }
        Ok(map)
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (0, None)
    }
}

/// Draws a set from fuzzer bytes: elements until the input says stop.
///
/// Cost: O(n log n) inserts for n elements drawn.
///
/// # Example
///
/// ```
/// use arbitrary::{Arbitrary, Unstructured};
/// use cowtree::HashSet;
///
/// let bytes = [1, 3, 1, 3, 1, 9, 0];
/// let set = HashSet::<u8>::arbitrary(&mut Unstructured::new(&bytes)).unwrap();
/// assert_eq!(set.len(), 2);
/// assert!(set.contains(&3) && set.contains(&9));
/// ```
impl<'a, T, S> Arbitrary<'a> for HashSet<T, S>
where
    T: Arbitrary<'a> + Hash + Eq + Clone,
    S: BuildHasher + Default,
{
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut set = HashSet::with_hasher(S::default());
        for item in u.arbitrary_iter()? {
            set.insert(item?);
        }
        Ok(set)
    }

    fn arbitrary_take_rest(u: Unstructured<'a>) -> Result<Self> {
        let mut set = HashSet::with_hasher(S::default());
        for item in u.arbitrary_take_rest_iter()? {
            set.insert(item?);
        }
        Ok(set)
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (0, None)
    }
}

/// Draws a vector from fuzzer bytes: elements, in order, until the input says stop.
///
/// Cost: O(n) amortized pushes for n elements drawn.
///
/// # Example
///
/// ```
/// use arbitrary::{Arbitrary, Unstructured};
/// use cowtree::Vector;
///
/// // Before each element, a byte with its low bit set says "one more"; then the element.
/// let bytes = [1, 4, 1, 5, 1, 6, 0, 99];
/// let v = Vector::<u8>::arbitrary(&mut Unstructured::new(&bytes)).unwrap();
/// assert_eq!(v.iter().copied().collect::<Vec<_>>(), [4, 5, 6]);
/// ```
impl<'a, T: Arbitrary<'a> + Clone> Arbitrary<'a> for Vector<T> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut vector = Vector::new();
        for item in u.arbitrary_iter()? {
            vector.push_back(item?);
        }
        Ok(vector)
    }

    fn arbitrary_take_rest(u: Unstructured<'a>) -> Result<Self> {
        let mut vector = Vector::new();
        for item in u.arbitrary_take_rest_iter()? {
            vector.push_back(item?);
        }
        Ok(vector)
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (0, None)
    }
}
