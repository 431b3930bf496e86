//! Persistent collections built on copy-on-write.
//!
//! `cowtree` gives you a [`HashMap`], a [`HashSet`] (a CHAMP hash trie), a [`Vector`] (an RRB
//! tree), an [`OrdMap`] and an [`OrdSet`] (a B+tree) whose `clone()` is an O(1) snapshot: one
//! reference-count increment. A write walks from the root to the element it changes; each node on
//! that path that is owned by this version alone is changed in place, and each node shared with
//! another version is copied first. A write after a snapshot therefore copies one root-to-leaf
//! path, never the whole collection: the copy-on-write of `fork()` and Redis `BGSAVE`, for
//! application data. The `persist` feature saves versions to a file that keeps their sharing.
//!
//! # A tour
//!
//! ```
//! use cowtree::{HashMap, Vector};
//!
//! // A map with a million entries, and an O(1) snapshot of it.
//! let mut live: HashMap<u64, u64> = (0..1_000_000).map(|i| (i, i * 2)).collect();
//! let snapshot = live.clone();
//!
//! // Writes after the snapshot copy only the paths they touch.
//! live.insert(7, 0);
//! live.remove(&8);
//! live.insert(2_000_000, 1);
//! assert_eq!(snapshot.get(&7), Some(&14)); // the snapshot still sees the old state
//!
//! // How much memory the two versions share, and how much the writes copied.
//! let s = live.sharing(&snapshot);
//! assert!(s.only_self < 10_000 && s.shared > 10_000_000);
//!
//! // What changed, in time proportional to the change (shared subtrees are skipped).
//! assert_eq!(snapshot.diff(&live).count(), 3);
//!
//! // A vector: O(1) snapshots, O(log n) concatenation, splitting and indexing.
//! let mut v: Vector<u32> = (0..100_000).collect();
//! let before = v.clone();
//! v.append(before.clone());
//! let (left, right) = v.split_at(150_000);
//! assert_eq!((left.len(), right[0]), (150_000, 50_000));
//! assert_eq!(before.len(), 100_000);
//!
//! // Identical subtrees are shared: a trillion copies of one value in a few kilobytes.
//! let big = Vector::repeat(1u8, 1 << 40);
//! assert!(big.heap_size() < 64 * 1024);
//! ```
//!
//! # Costs
//!
//! n is the number of entries; log n is a base-32 logarithm (a million entries is 4 or 5 levels).
//!
//! | operation | [`HashMap`] / [`HashSet`] | [`Vector`] |
//! |---|---|---|
//! | `clone()` (a snapshot) | O(1) | O(1) |
//! | look-up | O(log n) | O(log n) |
//! | insert, remove, update in place | O(log n), copies one path when shared | O(log n), copies one path when shared |
//! | push / pop at either end | — | amortized O(1) |
//! | insert / remove at an index, append, split, slice | — | O(log n) |
//! | `diff` of two related versions | O(d log n) for d changes | O(d log n) for in-place edits, pushes, pops |
//! | `heap_size`, `sharing` | O(nodes) | O(distinct nodes) |
//!
//! [`OrdMap`] / [`OrdSet`] (a B+tree with subtree counts; std's `BTreeMap`/`BTreeSet` API):
//!
//! | operation | [`OrdMap`] / [`OrdSet`] |
//! |---|---|
//! | `clone()` (a snapshot) | O(1) |
//! | `get`, `range` (to make), `get_index`, `rank`, `first`/`last` | O(log n), no allocation |
//! | `insert`, `remove`, `get_mut`, `pop_first`/`pop_last` | O(log n), copies one path when shared |
//! | `split_off`, `append` of disjoint maps | O(log n) (a general `append` is O(n + m)) |
//! | `iter`, `range` (per step) | amortized O(1), double-ended, exact size |
//! | `diff` of two related versions | O(d log n) for d changes |
//! | `union`, `intersection`, `difference`, `symmetric_difference` | shared subtrees reused or dropped whole |
//!
//! # Cargo features
//!
//! - `serde`: `Serialize` / `Deserialize` in the shapes std's collections use.
//! - `rayon`: parallel iterators that split along subtrees.
//! - `arbitrary`, `quickcheck`: generate collections in fuzz targets and property tests.
//! - `persist`: `persist::Store`, a file of saved versions that keeps their sharing, with
//!   incremental, crash-safe saves.

#![deny(unsafe_code, unsafe_op_in_unsafe_fn)]
#![warn(missing_docs, missing_debug_implementations, rust_2018_idioms)]

mod hash;
mod integrations;
mod map_diff;
mod ord;
#[cfg(feature = "persist")]
pub mod persist;
mod set_diff;
mod sharing;
pub mod vector;

/// Panics as `Vec` does when a length would pass what a structure can count (`usize::MAX` for a
/// vector's length, `u32::MAX` for an ordered map's per-child counts). Every length check of the
/// crate ends here, in every build profile: sharing makes huge collections cheap to make.
#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn capacity_overflow() -> ! {
    panic!("capacity overflow")
}

pub use hash::map::HashMap;
pub use hash::set::HashSet;
pub use hash::{hash_map, hash_set};
#[cfg(feature = "rayon")]
pub use integrations::rayon;
pub use ord::map as ord_map;
pub use ord::map::OrdMap;
pub use ord::set as ord_set;
pub use ord::set::OrdSet;
pub use sharing::Sharing;
pub use vector::Vector;

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
