//! Panic safety: a key whose `Ord` or `Clone` panics at a chosen moment, in the middle of inserts,
//! removes, entry edits (first and last entries, `insert_entry`), splits, joins and set algebra.
//! After each caught panic every live version passes the invariant checker and the snapshots
//! still hold what they held; at the end nothing is leaked.

use std::cell::Cell;
use std::cmp::Ordering;
use std::panic::{catch_unwind, AssertUnwindSafe};

use cowtree::OrdMap;

thread_local! {
    /// Comparisons and clones left before one panics (`u64::MAX`: never).
    static FUSE: Cell<u64> = const { Cell::new(u64::MAX) };
    /// Keys alive right now.
    static LIVE: Cell<i64> = const { Cell::new(0) };
}

fn burn() {
    FUSE.with(|f| {
        let n = f.get();
        if n == 0 {
            f.set(u64::MAX);
            panic!("hostile key");
        }
        f.set(n - 1);
    });
}

#[derive(Debug)]
struct Key(u32);

impl Key {
    fn new(k: u32) -> Key {
        LIVE.with(|l| l.set(l.get() + 1));
        Key(k)
    }
}

impl Clone for Key {
    fn clone(&self) -> Key {
        burn();
        Key::new(self.0)
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        LIVE.with(|l| l.set(l.get() - 1));
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Key {}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Key) -> Ordering {
        burn();
        self.0.cmp(&other.0)
    }
}

/// A version and the entries it held when taken.
type Snapshot = (OrdMap<Key, u32>, Vec<(u32, u32)>);

fn contents(m: &OrdMap<Key, u32>) -> Vec<(u32, u32)> {
    let fuse = FUSE.with(|f| f.replace(u64::MAX));
    let out = m.iter().map(|(k, v)| (k.0, *v)).collect();
    FUSE.with(|f| f.set(fuse));
    out
}

fn check(m: &OrdMap<Key, u32>) {
    let fuse = FUSE.with(|f| f.replace(u64::MAX));
    m.check_invariants();
    FUSE.with(|f| f.set(fuse));
}

#[test]
fn a_panicking_ord_or_clone_leaves_every_version_valid_and_leaks_nothing() {
    let mut rng = 0x1234_5678_u64;
    let mut next = move |n: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % n
    };
    {
        let mut live: OrdMap<Key, u32> = (0..3000).map(|i| (Key::new(i * 2), i)).collect();
        let mut snaps: Vec<Snapshot> = Vec::new();
        let mut panics = 0;
        for round in 0..600 {
            if round % 40 == 0 {
                snaps.push((live.clone(), contents(&live)));
            }
            let k = next(7000) as u32;
            let other = snaps[next(snaps.len() as u64) as usize].0.clone();
            FUSE.with(|f| f.set(next(40)));
            let result = catch_unwind(AssertUnwindSafe(|| match round % 10 {
                0 | 1 => {
                    live.insert(Key::new(k), round);
                }
                2 => {
                    live.remove(&Key::new(k));
                }
                3 => {
                    let mut hi = live.split_off(&Key::new(k));
                    live.append(&mut hi);
                }
                4 => live = live.clone().union(other),
                5 => live = live.clone().difference(other),
                6 => {
                    live.entry(Key::new(k)).or_insert(1);
                }
                7 => {
                    // A write through an end entry copies the shared path (clones keys).
                    let e = if k.is_multiple_of(2) {
                        live.first_entry()
                    } else {
                        live.last_entry()
                    };
                    if let Some(mut e) = e {
                        *e.get_mut() += 1;
                        if k.is_multiple_of(3) {
                            e.remove_entry();
                        }
                    }
                }
                8 => {
                    *live.entry(Key::new(k)).insert_entry(round).into_mut() += 1;
                }
                _ => {
                    live.retain(|k, _| k.0 % 5 != 0);
                }
            }));
            FUSE.with(|f| f.set(u64::MAX));
            if result.is_err() {
                panics += 1;
            }
            check(&live);
            for (snap, want) in &snaps {
                check(snap);
                assert_eq!(&contents(snap), want, "a snapshot changed");
            }
        }
        assert!(panics > 100, "only {panics} panics were provoked");
    }
    assert_eq!(LIVE.with(Cell::get), 0, "keys leaked");
}
