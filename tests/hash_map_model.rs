//! Model tests: random operation sequences on `cowtree::HashMap` against
//! `std::collections::HashMap` (the interpreter in `support/hash_map.rs`, shared with the fuzz
//! target), with snapshots kept and checked at the end, diffs replayed, and the map algebra
//! compared. One test per hasher mode and key space.

#[macro_use]
mod support;

use std::collections::hash_map::RandomState;

use support::hashers::{HashMode, TestState};

hash_model_tests! { hash_map;
    model_small_keys_full_hash: TestState(HashMode::Full), 64;
    model_large_keys_full_hash: TestState(HashMode::Full), 10_000;
    model_four_bit_hash: TestState(HashMode::Low4), 64;
    model_constant_hash: TestState(HashMode::Constant), 64;
    model_high_bits_hash: TestState(HashMode::High12), 10_000;
    model_default_random_state: RandomState::new(), 1000;
}
