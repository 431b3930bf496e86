//! Random operation sequences on `cowtree::HashSet` against `std::collections::HashSet`, with
//! the invariant checker after every step and every snapshot checked at the end: the interpreter
//! of the model tests (`tests/support/hash_set.rs`), driven by libFuzzer, with the hasher mode
//! and the key space chosen by the input.
#![no_main]

#[path = "../../tests/support/mod.rs"]
mod support;

use libfuzzer_sys::fuzz_target;
use support::hash_set::{run, Op};
use support::hashers::{HashCase, TestState};

fuzz_target!(|case: HashCase<Op>| run(TestState(case.mode), case.keys(), &case.ops));
