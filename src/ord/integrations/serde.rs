//! `serde` for `OrdMap` (a map) and `OrdSet` (a sequence): the shapes std's `BTreeMap` and
//! `BTreeSet` use, so files move between them. Serializing walks in key order; deserializing
//! collects the entries and builds the tree bottom-up. A length hint is never used to reserve.

use std::fmt;
use std::marker::PhantomData;

use ::serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use ::serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::{OrdMap, OrdSet};

/// Serializes the map as a map of its entries in ascending key order (std's `BTreeMap` shape).
/// O(n) plus the format's work.
///
/// # Example
///
/// ```
/// let map = cowtree::OrdMap::from([(2, 'b'), (1, 'a')]);
/// assert_eq!(serde_json::to_string(&map).unwrap(), r#"{"1":"a","2":"b"}"#);
/// ```
impl<K: Serialize, V: Serialize> Serialize for OrdMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Reads any serde map; a repeated key keeps its last value, as with std. O(n log n).
///
/// # Example
///
/// ```
/// let map: cowtree::OrdMap<u8, char> = serde_json::from_str(r#"{"2":"b","1":"a"}"#).unwrap();
/// assert_eq!(map.first_key_value(), Some((&1, &'a')));
/// ```
impl<'de, K, V> Deserialize<'de> for OrdMap<K, V>
where
    K: Deserialize<'de> + Ord + Clone,
    V: Deserialize<'de> + Clone,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<K, V>(PhantomData<fn() -> OrdMap<K, V>>);

        impl<'de, K, V> Visitor<'de> for MapVisitor<K, V>
        where
            K: Deserialize<'de> + Ord + Clone,
            V: Deserialize<'de> + Clone,
        {
            type Value = OrdMap<K, V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = access.next_entry()? {
                    entries.push(entry);
                }
                Ok(entries.into_iter().collect())
            }
        }

        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

/// Serializes the set as a sequence in ascending order (std's `BTreeSet` shape). O(n).
///
/// # Example
///
/// ```
/// let set = cowtree::OrdSet::from([3, 1]);
/// assert_eq!(serde_json::to_string(&set).unwrap(), "[1,3]");
/// ```
impl<T: Serialize> Serialize for OrdSet<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for x in self.iter() {
            seq.serialize_element(x)?;
        }
        seq.end()
    }
}

/// Reads any serde sequence; a repeated element is kept once. O(n log n).
///
/// # Example
///
/// ```
/// let set: cowtree::OrdSet<u8> = serde_json::from_str("[3, 1, 3]").unwrap();
/// assert_eq!(set.iter().collect::<Vec<_>>(), [&1, &3]);
/// ```
impl<'de, T> Deserialize<'de> for OrdSet<T>
where
    T: Deserialize<'de> + Ord + Clone,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SeqVisitor<T>(PhantomData<fn() -> OrdSet<T>>);

        impl<'de, T: Deserialize<'de> + Ord + Clone> Visitor<'de> for SeqVisitor<T> {
            type Value = OrdSet<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sequence")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(x) = access.next_element()? {
                    items.push(x);
                }
                Ok(items.into_iter().collect())
            }
        }

        deserializer.deserialize_seq(SeqVisitor(PhantomData))
    }
}
