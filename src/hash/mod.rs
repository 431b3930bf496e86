//! The CHAMP hash trie behind [`HashMap`](crate::HashMap) and [`HashSet`](crate::HashSet).
//!
//! Layout: `node.rs` holds the node type and its algorithms (bitmaps, path copying, canonical
//! form); `map.rs`, `entry.rs`, `set.rs` and `iter.rs` are the public face; `diff.rs` and
//! `algebra.rs` compare and merge two tries, skipping subtrees they share; `build.rs` builds a
//! whole trie bottom-up from a batch (`collect`, `extend` into an empty map).

mod algebra;
mod build;
mod diff;
mod drain;
mod entry;
pub(crate) mod iter;
pub(crate) mod map;
mod node;
#[cfg(feature = "persist")]
pub(crate) mod persist_api;
pub(crate) mod set;
mod set_drain;

/// A persistent hash map and its companion types (entries, iterators, diff).
///
/// # Example
///
/// ```
/// use cowtree::hash_map::{Entry, HashMap};
/// let mut map: HashMap<&str, i32> = HashMap::new();
/// if let Entry::Vacant(e) = map.entry("a") {
///     e.insert(1);
/// }
/// assert_eq!(map["a"], 1);
/// ```
pub mod hash_map {
    pub use super::diff::{Diff, DiffItem};
    pub use super::drain::{Drain, ExtractIf};
    pub use super::entry::{Entry, OccupiedEntry, VacantEntry};
    pub use super::iter::{IntoIter, IntoKeys, IntoValues, Iter, IterMut, Keys, Values, ValuesMut};
    pub use super::map::HashMap;
}

/// A persistent hash set and its companion types (iterators, diff).
///
/// # Example
///
/// ```
/// use cowtree::hash_set::HashSet;
/// let set: HashSet<i32> = [1, 2].into();
/// assert!(set.contains(&2));
/// ```
pub mod hash_set {
    pub use super::set::{Diff, DiffItem, HashSet, IntoIter, Iter};
    pub use super::set_drain::{Drain, ExtractIf};
}
