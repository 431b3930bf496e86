//! Model tests: random operation sequences on `cowtree::HashMap` and `cowtree::HashSet` against
//! std's (the interpreters in `support/hash_map.rs` and `support/hash_set.rs`, shared with the
//! fuzz targets), with snapshots kept and checked at the end, diffs replayed, the algebra and the
//! relations compared. One test per structure, hasher mode and key space.

#[macro_use]
mod support;

hash_model_tests! { [hash_map, hash_set] {
    model_small_keys_full_hash: TestState(HashMode::Full), 64;
    model_large_keys_full_hash: TestState(HashMode::Full), 10_000;
    model_four_bit_hash: TestState(HashMode::Low4), 64;
    model_constant_hash: TestState(HashMode::Constant), 64;
    model_high_bits_hash: TestState(HashMode::High12), 10_000;
    model_default_random_state: std::collections::hash_map::RandomState::new(), 1000;
}}
