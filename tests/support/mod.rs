//! Operation interpreters shared by the model tests (quickcheck, `tests/*_model.rs`) and the
//! fuzz targets (libFuzzer, `fuzz/fuzz_targets/`).
//!
//! For each structure, one `Op` enum that both generators produce (`arbitrary::Arbitrary` by
//! derive for libFuzzer, `quickcheck::Arbitrary` by hand, with weights and shrinking) and one
//! `run` that applies a sequence to the collection and to a std model side by side: every result
//! compared, the invariant checker and the whole contents checked after every step, every kept
//! snapshot checked again at the end.
//!
//! | file | what |
//! |---|---|
//! | `hashers.rs` | the test hasher and its modes (full, 4 low bits, 12 high bits, constant) |
//! | `hash_map.rs` | `HashMap` against `std::collections::HashMap` |
//! | `hash_set.rs` | `HashSet` against `std::collections::HashSet` |
//! | `ord.rs` | `OrdMap` (and `OrdSet`: set algebra, a live set for `diff`) against `BTreeMap` / `BTreeSet` |
//! | `vector.rs` | `Vector` against `Vec`, and the vector tests' `build` / `check` helpers |
//! | `qc.rs` | the quickcheck driver: a failing case prints a reproducer to paste into a test |
//!
//! A test file says `mod support;` (`#[macro_use] mod support;` for `hash_model_tests!`); a fuzz target says
//! `#[path = "../../tests/support/mod.rs"] mod support;`. cargo-fuzz builds with
//! `--cfg fuzzing`, which leaves the quickcheck half out of the fuzz crate.
#![allow(dead_code)]

pub mod hash_map;
pub mod hash_set;
pub mod hashers;
pub mod ord;
#[cfg(not(fuzzing))]
#[macro_use]
pub mod qc;
pub mod vector;

/// The `i`-th kept snapshot (modulo their number), if any is kept.
pub fn pick<T>(snaps: &[T], i: u8) -> Option<&T> {
    if snaps.is_empty() {
        None
    } else {
        Some(&snaps[usize::from(i) % snaps.len()])
    }
}
