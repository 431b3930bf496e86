//! Persistent collections built on copy-on-write.
//!
//! `cowtree` gives you a [`HashMap`], a [`HashSet`] and a [`Vector`] whose `clone()` is an O(1)
//! snapshot: one reference-count increment. Nodes live in [`triomphe::Arc`]; every write walks
//! from the root with `Arc::make_mut`, so a node owned by one version is changed in place and a node
//! shared with a snapshot is copied first. A write after a snapshot therefore copies one
//! root-to-leaf path, never the whole structure: the copy-on-write of `fork()` and Redis `BGSAVE`,
//! for application data.
//!
//! TODO(tour): the tour is written once the structures land.

#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs, missing_debug_implementations, rust_2018_idioms)]

pub mod hash;
mod sharing;
pub mod vector;

pub use hash::map::HashMap;
pub use hash::set::HashSet;
pub use hash::{hash_map, hash_set};
pub use sharing::Sharing;
pub use vector::Vector;
