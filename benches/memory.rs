//! Memory only: bytes per entry / element of a map and a vector of N entries, and bytes
//! allocated per write in the clone + write loops, for every contender, measured with a
//! counting global allocator (criterion cannot measure bytes).
//!
//! ```text
//! cargo bench --bench memory
//! COWTREE_REPORT_SIZES=1000000 cargo bench --bench memory
//! ```
//! (The full report, `cargo bench --bench report`, prints the same table with the timings.)

mod common;

use common::measure::Plan;
use common::report;
use common::Reps;
use std::time::Duration;

#[global_allocator]
static ALLOC: common::alloc::Counting = common::alloc::Counting;

fn main() {
    assert!(
        common::alloc::installed(),
        "the counting allocator is not installed"
    );
    let sizes = common::sizes_from_env("COWTREE_REPORT_SIZES");
    let groups = std::env::var("COWTREE_REPORT_GROUPS").unwrap_or_else(|_| "map,vector".into());
    // Byte counts are deterministic: one repetition of each measurement is enough.
    let once = Plan {
        rounds: 1,
        reps: Reps {
            min: 1,
            max: 1,
            budget: Duration::ZERO,
        },
        memory_only: true,
    };
    let mut t = report::run(&sizes, &groups, once);
    println!("## cowtree memory report\n\n{}", report::preamble(once));
    t.memory
        .print("Memory (bytes, counting allocator; std vector: a Vec of exact capacity)");
}
