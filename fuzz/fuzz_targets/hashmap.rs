//! Random operation sequences on `cowtree::HashMap` against `std::collections::HashMap`, with
//! the invariant checker after every step and every snapshot checked at the end: the interpreter
//! of the model tests (`tests/support/hash_map.rs`), driven by libFuzzer, with the hasher mode
//! and the key space chosen by the input.
#![no_main]

#[path = "../../tests/support/mod.rs"]
mod support;

use libfuzzer_sys::fuzz_target;
use support::hashers::{HashMode, TestState};

#[derive(arbitrary::Arbitrary, Debug)]
struct Input {
    mode: HashMode,
    /// 64 keys (dense, many repeats) or the whole `u16` range.
    small_keys: bool,
    ops: Vec<support::hash_map::Op>,
}

fuzz_target!(|input: Input| {
    let keys = if input.small_keys { 64 } else { 1 << 16 };
    support::hash_map::run(TestState(input.mode), keys, &input.ops);
});
