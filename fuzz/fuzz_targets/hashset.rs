//! Random operation sequences on `cowtree::HashSet` against `std::collections::HashSet`, with
//! the invariant checker after every step and every snapshot checked at the end: the interpreter
//! of the model tests (`tests/support/hash_set.rs`), driven by libFuzzer, with the hasher mode
//! and the element space chosen by the input.
#![no_main]

#[path = "../../tests/support/mod.rs"]
mod support;

use libfuzzer_sys::fuzz_target;
use support::hashers::{HashMode, TestState};

#[derive(arbitrary::Arbitrary, Debug)]
struct Input {
    mode: HashMode,
    /// 64 elements (dense, many repeats) or the whole `u16` range.
    small_keys: bool,
    ops: Vec<support::hash_set::Op>,
}

fuzz_target!(|input: Input| {
    let keys = if input.small_keys { 64 } else { 1 << 16 };
    support::hash_set::run(TestState(input.mode), keys, &input.ops);
});
