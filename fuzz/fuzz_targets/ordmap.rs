//! Random operation sequences on `cowtree::OrdMap` (and `OrdSet` through the set algebra),
//! checked against std's `BTreeMap` and the invariant checker after every step; every snapshot is
//! checked again at the end. The operations and their interpreter are the model tests' own
//! (`tests/support/ord.rs`).
#![no_main]

#[path = "../../tests/support/mod.rs"]
mod support;

use libfuzzer_sys::fuzz_target;
use support::ord::{Op, State};

fuzz_target!(|ops: Vec<Op>| {
    let mut state = State::default();
    for op in ops.iter().take(2000) {
        state.apply(op);
    }
    state.finish();
});
