//! `serde` support (feature `serde`): the same data shapes as std's collections.
//!
//! A [`HashMap`] is written as a map, a [`HashSet`] and a [`Vector`] as a sequence, so a file
//! written from a `std::collections::HashMap` reads into a `cowtree::HashMap` and back. Only the
//! public API is used: serializing iterates, deserializing inserts one element at a time.
//!
//! Hostile input: a format's length hint is never used to reserve memory (the trees grow node by
//! node anyway), so a header claiming 2^60 elements costs nothing; a malformed or truncated input
//! returns the format's error and drops what was built so far.

use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::marker::PhantomData;

use ::serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use ::serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::{HashMap, HashSet, Vector};

/// Names the collection a visitor builds, without owning one (`fn() -> T`: always `Send`/`Sync`).
type Builds<T> = PhantomData<fn() -> T>;

/// Serializes the map as a map of its entries, in iteration order (the same shape as std's
/// `HashMap`).
///
/// Cost: O(n) for the walk, plus the format's own work per entry.
///
/// # Example
///
/// ```
/// use cowtree::HashMap;
///
/// let map: HashMap<String, u32> = [("a".to_string(), 1)].into_iter().collect();
/// assert_eq!(serde_json::to_string(&map).unwrap(), r#"{"a":1}"#);
/// ```
impl<K: Serialize, V: Serialize, S> Serialize for HashMap<K, V, S> {
    fn serialize<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Reads a map (any serde map, e.g. one written from std's `HashMap`); a key that appears twice
/// keeps its last value, as with std.
///
/// Cost: O(n log n) inserts into a map that starts empty with `S::default()`.
///
/// # Example
///
/// ```
/// use cowtree::HashMap;
///
/// let std_map: std::collections::HashMap<u32, String> = [(1, "one".to_string())].into();
/// let json = serde_json::to_string(&std_map).unwrap();
/// let map: HashMap<u32, String> = serde_json::from_str(&json).unwrap();
/// assert_eq!(map.get(&1).map(String::as_str), Some("one"));
/// ```
impl<'de, K, V, S> Deserialize<'de> for HashMap<K, V, S>
where
    K: Deserialize<'de> + Hash + Eq + Clone,
    V: Deserialize<'de> + Clone,
    S: BuildHasher + Default,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<K, V, S>(Builds<HashMap<K, V, S>>);

        impl<'de, K, V, S> Visitor<'de> for MapVisitor<K, V, S>
        where
            K: Deserialize<'de> + Hash + Eq + Clone,
            V: Deserialize<'de> + Clone,
            S: BuildHasher + Default,
        {
            type Value = HashMap<K, V, S>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut map = HashMap::with_hasher(S::default());
                while let Some((k, v)) = access.next_entry()? {
                    map.insert(k, v);
                }
                Ok(map)
            }
        }

        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

/// Serializes the set as a sequence of its elements, in iteration order (the same shape as std's
/// `HashSet`).
///
/// Cost: O(n) for the walk, plus the format's own work per element.
///
/// # Example
///
/// ```
/// use cowtree::HashSet;
///
/// let set: HashSet<u8> = [7].into_iter().collect();
/// assert_eq!(serde_json::to_string(&set).unwrap(), "[7]");
/// ```
impl<T: Serialize, S> Serialize for HashSet<T, S> {
    fn serialize<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for item in self.iter() {
            seq.serialize_element(item)?;
        }
        seq.end()
    }
}

/// Reads a sequence into a set; a repeated element is kept once, as with std.
///
/// Cost: O(n log n) inserts into a set that starts empty with `S::default()`.
///
/// # Example
///
/// ```
/// use cowtree::HashSet;
///
/// let set: HashSet<u8> = serde_json::from_str("[1, 2, 2, 3]").unwrap();
/// assert_eq!(set.len(), 3);
/// assert!(set.contains(&2));
/// ```
impl<'de, T, S> Deserialize<'de> for HashSet<T, S>
where
    T: Deserialize<'de> + Hash + Eq + Clone,
    S: BuildHasher + Default,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SetVisitor<T, S>(Builds<HashSet<T, S>>);

        impl<'de, T, S> Visitor<'de> for SetVisitor<T, S>
        where
            T: Deserialize<'de> + Hash + Eq + Clone,
            S: BuildHasher + Default,
        {
            type Value = HashSet<T, S>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sequence")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut set = HashSet::with_hasher(S::default());
                while let Some(item) = access.next_element()? {
                    set.insert(item);
                }
                Ok(set)
            }
        }

        deserializer.deserialize_seq(SetVisitor(PhantomData))
    }
}

/// Serializes the vector as a sequence, front to back (the same shape as `Vec` and `VecDeque`).
///
/// Cost: O(n), walking the leaves in order.
///
/// # Example
///
/// ```
/// use cowtree::Vector;
///
/// let v: Vector<u8> = (1..=3).collect();
/// assert_eq!(serde_json::to_string(&v).unwrap(), "[1,2,3]");
/// ```
impl<T: Serialize> Serialize for Vector<T> {
    fn serialize<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for item in self.iter() {
            seq.serialize_element(item)?;
        }
        seq.end()
    }
}

/// Reads a sequence into a vector, in order.
///
/// Cost: O(n) amortized `push_back`s.
///
/// # Example
///
/// ```
/// use cowtree::Vector;
///
/// let bytes = postcard::to_stdvec(&vec![10u16, 20, 30]).unwrap(); // written from a Vec
/// let v: Vector<u16> = postcard::from_bytes(&bytes).unwrap();
/// assert_eq!(v.iter().copied().collect::<Vec<_>>(), [10, 20, 30]);
/// ```
impl<'de, T: Deserialize<'de> + Clone> Deserialize<'de> for Vector<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct VectorVisitor<T>(Builds<Vector<T>>);

        impl<'de, T: Deserialize<'de> + Clone> Visitor<'de> for VectorVisitor<T> {
            type Value = Vector<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sequence")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut vector = Vector::new();
                while let Some(item) = access.next_element()? {
                    vector.push_back(item);
                }
                Ok(vector)
            }
        }

        deserializer.deserialize_seq(VectorVisitor(PhantomData))
    }
}
