//! The sequence of map versions the crash tests save (`persist_crash.rs`, `persist_kill.rs`):
//! each version a function of its step alone, so that a test can rebuild what any save held.

use cowtree::HashMap;
use foldhash::fast::FixedState;

pub type Map = HashMap<u64, String, FixedState>;

pub fn fixed() -> FixedState {
    FixedState::with_seed(11)
}

/// The map saved at step `step`: 2,000 entries, then per step 64 inserts and one remove.
pub fn map_at(step: u64) -> Map {
    let mut m = Map::with_hasher(fixed());
    m.extend((0..2_000).map(|i| (i, format!("v{i}"))));
    for s in 1..=step {
        for i in 0..64 {
            m.insert(s * 1_000 + i, format!("s{s}"));
        }
        m.remove(&(s * 3));
    }
    m
}
