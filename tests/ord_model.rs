//! Model tests: random operation sequences on `cowtree::OrdMap` (and `OrdSet` through set
//! algebra) against std's `BTreeMap`/`BTreeSet`, with the invariant checker after every step and
//! every snapshot checked again at the end. The interpreter is `tests/support/ord.rs`, shared with
//! the fuzz target; the quickcheck driver is `tests/support/qc.rs`. A failure prints a block that
//! calls `support::ord::replay` to paste below.

mod support;

use support::ord::{replay, EntryEdit, Op, B};
use support::qc::{check, Ops};

/// The reproducer a failing case prints (`OPS` is the smallest failing sequence).
const CALL: &str =
    "{\n    use support::ord::{replay, EntryEdit::*, Op::*, B::*};\n    replay(&OPS);\n}";

fn run(ops: Ops<Op>) {
    replay(&ops.0);
}

#[test]
fn short_sequences() {
    check(2000, 60, CALL, run);
}

#[test]
fn long_sequences() {
    check(150, 1500, CALL, run);
}

#[test]
fn range_with_every_kind_of_bound() {
    let mut ops: Vec<Op> = (0..400).map(|k| Op::Insert(k * 3 % 600, k)).collect();
    for lo in [B::In, B::Ex, B::Un] {
        for hi in [B::In, B::Ex, B::Un] {
            for (a, b) in [
                (0, 0),
                (3, 3),
                (3, 4),
                (4, 3),
                (100, 500),
                (599, 600),
                (7, 1),
            ] {
                ops.push(Op::Range(lo, a, hi, b));
            }
        }
    }
    replay(&ops);
}

#[test]
fn diff_after_an_update_next_to_a_shared_leaf() {
    // Every key, after a snapshot of a map big enough for several levels.
    let mut ops: Vec<Op> = (0..600).map(|k| Op::Insert(k, k)).collect();
    ops.push(Op::Snapshot);
    for k in (0..600).step_by(5) {
        ops.push(Op::Insert(k, 7));
        ops.push(Op::Diff(0));
    }
    replay(&ops);
}

#[test]
fn set_diff_after_an_edit_next_to_a_shared_leaf() {
    let mut ops: Vec<Op> = (0..600).step_by(49).map(|a| Op::SetInsert(a, 49)).collect();
    ops.push(Op::Snapshot);
    for x in (0..610).step_by(5) {
        ops.push(if x % 2 == 0 {
            Op::SetRemove(x)
        } else {
            Op::SetInsert(x + 600, 1)
        });
        ops.push(Op::SetDiff(0));
    }
    replay(&ops);
}

#[test]
fn every_edit_through_the_first_and_last_entries_after_a_snapshot() {
    let mut ops: Vec<Op> = (0..600).map(|k| Op::Insert(k, k)).collect();
    ops.push(Op::Snapshot);
    let edits = [
        EntryEdit::Read,
        EntryEdit::Bump(3),
        EntryEdit::Replace(9),
        EntryEdit::IntoMut(1),
        EntryEdit::Delete,
    ];
    for round in 0..40 {
        for edit in edits {
            ops.push(Op::FirstEntry(edit));
            ops.push(Op::LastEntry(edit));
        }
        ops.push(Op::InsertEntry(round * 13 % 600, round, round % 3 == 0));
        ops.push(Op::Diff(0));
    }
    replay(&ops);
}
