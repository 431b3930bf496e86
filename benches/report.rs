//! The quick report: every benchmark of `map.rs`, `vector.rs` and `memory.rs` in one pass,
//! printed as markdown tables with cowtree / imbl / rpds / std side by side and the ratios.
//!
//! ```text
//! cargo bench --bench report                                  # sizes 1,000 / 100,000 / 1,000,000
//! COWTREE_REPORT_SIZES=1000000 cargo bench --bench report     # only N = 1,000,000
//! COWTREE_REPORT_GROUPS=vector cargo bench --bench report     # only the vector (or `map`, `ord`)
//! ```
//!
//! Timing is `Instant`-based, the best of 3 rounds in which the contenders take turns on every
//! operation (each turn the best of up to 20 repetitions within 0.1 s): on a shared machine interference only adds
//! time, so the minimum is the figure least disturbed, and taking turns keeps a burst of load from
//! falling on one contender only. Bytes come from a counting global allocator. Bulk operations report
//! time per element, the others time per operation.

mod common;

use std::time::Duration;

use common::measure::Plan;
use common::report;
use common::Reps;

#[global_allocator]
static ALLOC: common::alloc::Counting = common::alloc::Counting;

fn main() {
    assert!(
        common::alloc::installed(),
        "the counting allocator is not installed"
    );
    let sizes = common::sizes_from_env("COWTREE_REPORT_SIZES");
    let groups = std::env::var("COWTREE_REPORT_GROUPS").unwrap_or_else(|_| "map,vector".into());
    let plan = Plan {
        rounds: 3,
        reps: Reps {
            min: 1,
            max: 20,
            budget: Duration::from_millis(100),
        },
        memory_only: false,
    };
    let started = std::time::Instant::now();
    let mut t = report::run(&sizes, &groups, plan);
    println!("## cowtree benchmark report\n\n{}", report::preamble(plan));
    t.map.print("Map: time");
    t.vector.print("Vector: time");
    t.ord
        .print("Sorted map (COWTREE_REPORT_GROUPS=ord): time and bytes");
    t.memory
        .print("Memory (bytes, counting allocator; std vector: a Vec of exact capacity)");
    eprintln!("report took {:.1} s", started.elapsed().as_secs_f64());
}
