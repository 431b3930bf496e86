//! `OrdMap` / `OrdSet` impls for the optional integrations, one file each, behind its feature;
//! they call only the public API.

#[cfg(feature = "arbitrary")]
mod arbitrary;
#[cfg(feature = "quickcheck")]
mod quickcheck;
#[cfg(feature = "rayon")]
pub(crate) mod rayon;
#[cfg(feature = "serde")]
mod serde;
