//! Random operation sequences on `cowtree::Vector` against `Vec` (contents by iteration and by
//! `get(i)` at every index), with the invariant checker after every step and every snapshot
//! checked at the end: the interpreter of the model tests (`tests/support/vector.rs`), driven by
//! libFuzzer. `fuzz/run.sh` also runs it on a build with the test-only branching factor 4.
#![no_main]

#[path = "../../tests/support/mod.rs"]
mod support;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|ops: Vec<support::vector::Op>| {
    support::vector::run(&ops);
});
