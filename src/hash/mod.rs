//! The CHAMP hash trie behind [`HashMap`](crate::HashMap) and [`HashSet`](crate::HashSet)
//! (Steindorfer and Vinju, "Optimizing Hash-Array Mapped Tries for Fast and Lean Immutable JVM
//! Collections", OOPSLA 2015).
//!
//! Two layers, in two kinds of folder:
//!
//! * `node/`: the trie itself. Node layout (the crate's only unsafe code), bit helpers, look-up
//!   and single-key edits, the invariant checker, structural equality, merging (set algebra) and
//!   bulk construction. Its module doc draws the trie and lists its invariants.
//! * `map/` and `set/`: the public face. [`HashMap`](crate::HashMap) (`map/mod.rs`) and its entry
//!   API (`entry.rs`), iterators and `get_many` (`iter.rs`), draining (`drain.rs`), diff
//!   (`diff.rs`), set algebra and submap tests (`algebra.rs`), conversions (`convert.rs`);
//!   [`HashSet`](crate::HashSet) (`set/mod.rs`), a map to `()`, with its iterators, diff and
//!   `contains_many` (`set/iter.rs`), draining (`set/drain.rs`) and conversions
//!   (`set/convert.rs`).
//! * `persist_api.rs`: the node-layer interface `crate::persist` uses (walk a node, rebuild one).
//!
//! The API files call the node layer and never the other way round.

pub(crate) mod map;
mod node;
#[cfg(feature = "persist")]
pub(crate) mod persist_api;
pub(crate) mod set;

/// The map's iterators, where the integrations (`rayon`) reach them.
#[cfg(feature = "rayon")]
pub(crate) use map::iter;

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
    pub use super::map::drain::{Drain, ExtractIf};
    pub use super::map::entry::{Entry, OccupiedEntry, VacantEntry};
    pub use super::map::iter::{
        GetMany, IntoIter, IntoKeys, IntoValues, Iter, IterMut, Keys, Values, ValuesMut,
    };
    pub use super::map::HashMap;
    pub use crate::map_diff::{Diff, DiffItem};
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
    pub use super::set::drain::{Drain, ExtractIf};
    pub use super::set::iter::{ContainsMany, IntoIter, Iter};
    pub use super::set::HashSet;
    pub use crate::set_diff::{Diff, DiffItem};
}
