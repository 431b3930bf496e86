//! Integrations with other crates: one file each, each behind the cargo feature of the same name.
//!
//! | file | feature | what it adds |
//! |---|---|---|
//! | `serde.rs` | `serde` | `Serialize` / `Deserialize` in the shapes std's collections use |
//! | `rayon.rs` | `rayon` | parallel iterators split along subtrees, parallel `collect` / `extend` |
//! | `arbitrary.rs` | `arbitrary` | `arbitrary::Arbitrary` for fuzz targets |
//! | `quickcheck.rs` | `quickcheck` | `quickcheck::Arbitrary` (with shrinking) for property tests |
//!
//! They call the collections' public API; the one exception is `rayon.rs`, which splits the hash
//! trie's walk through the crate-private iterator so that a split costs O(1).

#[cfg(feature = "arbitrary")]
mod arbitrary;
#[cfg(feature = "quickcheck")]
mod quickcheck;
#[cfg(feature = "rayon")]
pub mod rayon;
#[cfg(feature = "serde")]
mod serde;
