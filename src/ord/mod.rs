//! The B+tree: [`OrdMap`](map::OrdMap) and [`OrdSet`](set::OrdSet).
//!
//! A B+tree (Bayer & McCreight 1972; Comer, "The Ubiquitous B-Tree", 1979) keeps entries in wide
//! leaves (up to 32 keys and values, in two arrays) under branches of up to 32 children; each
//! branch also keeps the entry count of every child, so the i-th entry and the rank of a key are
//! found in one descent (an order-statistic tree, Cormen et al. §14.1). Nodes are shared through
//! `triomphe::Arc` and written through `Arc::make_mut`: `clone()` is O(1) and a write copies the
//! one root-to-leaf path it changes when that path is shared. Split and join follow the
//! join-based approach of Blelloch, Ferizovic & Sun, "Just Join for Parallel Ordered Sets" (2016),
//! on B-tree heights; set algebra is built on them so shared subtrees are reused whole.
//!
//! Files: `node/` is the tree layer (types, insert, remove, split and join, cursor, diff walk,
//! algebra, checker), the only code that touches a node's arrays. `map/` is `OrdMap`'s public
//! face, one file per kind of method (`mod.rs` look-ups and edits, `entry.rs`, `iter.rs`,
//! `range.rs`, `bulk.rs` split/append/retain/extract_if/building, `diff.rs`, `algebra.rs`,
//! `traits.rs`); `set/` wraps it as `OrdSet`. `integrations/` holds the serde, rayon, arbitrary
//! and quickcheck impls, each behind its feature and calling only the public API.
//! `persist_api.rs` (feature `persist`) is the only door for `crate::persist` into the tree: walk
//! a node, check parts read from a file as `node/check.rs` would, build nodes from checked parts.

pub(crate) mod node;

pub mod map;
pub mod set;

pub(crate) mod integrations;
#[cfg(feature = "persist")]
pub(crate) mod persist_api;
