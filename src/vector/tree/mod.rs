//! The tree layer of [`Vector`](super::Vector): the RRB tree's nodes and every algorithm that
//! touches a branch's children or size table. The API files one level up call this layer and
//! never reach into a node; nothing here is public outside the crate.
//!
//! ```text
//!                 Branch (height 2, relaxed)            sizes: [1024, 1030, 1062]
//!              /            |              \
//!   Branch (h 1, dense)  Branch (h 1)   Branch (h 1, dense)
//!    / ... 32 leaves \     |  \          /       \
//!  Leaf[32] ... Leaf[32] Leaf[4] Leaf[2] Leaf[32] Leaf[32]
//! ```
//!
//! - A **leaf** holds 1..=B elements inline (B = 32; 4 under `--cfg cowtree_small_branching`).
//! - A **branch** at height `h` holds 1..=B children of height `h - 1`: all leaves (`h == 1`) or
//!   all branches. Every node is behind a `triomphe::Arc`; a write copies the shared nodes on
//!   its path (`Arc::make_mut`) and shares the rest.
//! - A **dense** branch (no size table) has every child but the last full, so the child holding
//!   index `i` is `i >> (BITS * h)`. A **relaxed** branch stores a size table (cumulative
//!   element counts) and is searched from that radix guess forward.
//! - The **search-step** invariant bounds how far past its radix guess that search goes
//!   (`check::MAX_SEARCH_STEPS`); concatenation keeps each merged level within
//!   `ceil(slots / B) + E` nodes to hold it.
//! - A [`Tree`] is the root, its height and its length; the root is never a single-child branch
//!   and no leaf is empty.
//!
//! Files:
//! - `node.rs`: the node types ([`Leaf`], [`node::Branch`], [`node::Node`], [`BorrowedNode`]), radix and
//!   relaxed indexing within a branch, memory figures.
//! - `size_table.rs`: `SizeTable` and its one builder (`Sizes`); the "capacity overflow"
//!   panic.
//! - `lookup.rs`: [`Tree`] and its reads (get, partition point, first and last leaf).
//! - `buf.rs`: [`Buf`], the head and tail buffers (leaves held outside the tree).
//! - `path.rs`: edits along one root-to-leaf path: `get_mut`, push and pop a leaf at either end.
//! - `split.rs`: splitting in place on an owned path, and `take`/`skip` from shared nodes.
//! - `concat.rs`: RRB concatenation with rebalancing.
//! - `repeat.rs`: the tree of `m` copies of one leaf, sharing every full subtree.
//! - `cursor.rs`: leaf cursors from both ends, read-only (for the iterators) and writable,
//!   copying shared nodes on the way ([`LeavesMut`]).
//! - `check.rs`: the invariant checker.
//! - `persist_api.rs` (feature `persist`): the only door for `crate::persist` into the tree:
//!   walk a vector's nodes, and build them back from parts, checked as `check.rs` would.
//!
//! Inside this folder, build branches through `Branch::from_sized` / `from_nodes` (or
//! `recompute_sizes`), never by filling `children` or `sizes` by hand, so the density rule and
//! the size-table sums stay in one place.

mod buf;
mod check;
mod concat;
mod cursor;
mod lookup;
pub(crate) mod node;
mod path;
#[cfg(feature = "persist")]
pub(crate) mod persist_api;
mod repeat;
mod size_table;
mod split;

pub(crate) use buf::Buf;
pub(crate) use cursor::{LeavesMut, TreeLeaves};
pub(crate) use lookup::Tree;
pub(crate) use node::{BorrowedNode, Leaf};
pub(crate) use repeat::repeat_tree;

/// log2 of the branching factor.
#[cfg(not(cowtree_small_branching))]
pub(crate) const BITS: usize = 5;
/// log2 of the branching factor (test-only small setting, to reach deep trees cheaply).
#[cfg(cowtree_small_branching)]
pub(crate) const BITS: usize = 2;
/// Branching factor: children per branch and elements per leaf.
pub(crate) const B: usize = 1 << BITS;
/// Extra search steps concatenation allows (the RRB `e`): a merged node has at most
/// `ceil(slots / B) + E` children.
pub(crate) const E: usize = 2;
