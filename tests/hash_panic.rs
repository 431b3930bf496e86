//! Panic safety: a key/value type whose `Clone`, `Hash` or `Eq` panics on the n-th call, for every
//! n until the operation completes. After each panic every live map is valid and unchanged, and a
//! live-instance counter shows nothing leaked or dropped twice.

mod support;

use std::cell::Cell;
use std::hash::{BuildHasher, Hash, Hasher};
use std::panic::{catch_unwind, AssertUnwindSafe};

use cowtree::HashMap;
use support::hashers::{FourBits, Full};

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static CLONE_BOMB: Cell<usize> = const { Cell::new(0) };
    static HASH_BOMB: Cell<usize> = const { Cell::new(0) };
    static EQ_BOMB: Cell<usize> = const { Cell::new(0) };
}

/// Counts down an armed bomb; panics when it reaches its call.
fn tick(bomb: &'static std::thread::LocalKey<Cell<usize>>) {
    bomb.with(|b| match b.get() {
        0 => {}
        1 => {
            b.set(0);
            panic!("bomb");
        }
        n => b.set(n - 1),
    });
}

#[derive(Debug)]
struct Bomb(u32);

impl Bomb {
    fn new(id: u32) -> Bomb {
        LIVE.with(|l| l.set(l.get() + 1));
        Bomb(id)
    }
}

impl Clone for Bomb {
    fn clone(&self) -> Bomb {
        tick(&CLONE_BOMB);
        Bomb::new(self.0)
    }
}

impl Drop for Bomb {
    fn drop(&mut self) {
        LIVE.with(|l| l.set(l.get() - 1));
    }
}

impl Hash for Bomb {
    fn hash<H: Hasher>(&self, state: &mut H) {
        tick(&HASH_BOMB);
        self.0.hash(state);
    }
}

impl PartialEq for Bomb {
    fn eq(&self, other: &Bomb) -> bool {
        tick(&EQ_BOMB);
        self.0 == other.0
    }
}

impl Eq for Bomb {}

type Map<S> = HashMap<Bomb, Bomb, S>;

struct Fixture<S> {
    live: Map<S>,
    snapshot: Map<S>,
    other: Map<S>,
}

fn fixture<S: BuildHasher + Default>() -> Fixture<S> {
    let mut live: Map<S> = HashMap::with_hasher(S::default());
    for i in 0..100 {
        live.insert(Bomb::new(i), Bomb::new(10_000 + i));
    }
    let snapshot = live.clone();
    let other = snapshot
        .without(&Bomb::new(3))
        .update(Bomb::new(2000), Bomb::new(1))
        .update(Bomb::new(4), Bomb::new(44));
    Fixture {
        live,
        snapshot,
        other,
    }
}

fn contents<S>(map: &Map<S>) -> Vec<(u32, u32)> {
    let mut v: Vec<_> = map.iter().map(|(k, v)| (k.0, v.0)).collect();
    v.sort();
    v
}

type Op<S> = fn(&mut Fixture<S>);

fn ops<S: BuildHasher + Default>() -> Vec<(&'static str, bool, Op<S>)> {
    vec![
        ("insert new", true, |f| {
            f.live.insert(Bomb::new(5000), Bomb::new(1));
        }),
        ("insert existing", true, |f| {
            f.live.insert(Bomb::new(5), Bomb::new(1));
        }),
        ("remove", true, |f| {
            f.live.remove(&Bomb::new(7));
        }),
        ("get_mut", true, |f| {
            if let Some(v) = f.live.get_mut(&Bomb::new(8)) {
                v.0 = 1;
            }
        }),
        ("entry", true, |f| {
            f.live
                .entry(Bomb::new(6000))
                .or_insert_with(|| Bomb::new(2));
        }),
        ("update", true, |f| {
            f.live = f.live.update(Bomb::new(9), Bomb::new(9))
        }),
        ("without", true, |f| f.live = f.live.without(&Bomb::new(9))),
        ("union", true, |f| {
            f.live = f.live.clone().union(f.other.clone())
        }),
        ("union_with", true, |f| {
            f.live = f.live.clone().union_with(f.other.clone(), |a, _| a)
        }),
        ("intersection", true, |f| {
            f.live = f.live.clone().intersection(f.other.clone())
        }),
        ("difference", true, |f| {
            f.live = f.live.clone().difference(f.other.clone())
        }),
        ("into_iter", true, |f| {
            let v: Vec<_> = f.live.clone().into_iter().collect();
            assert_eq!(v.len(), f.live.len());
        }),
        ("diff", true, |f| {
            assert_eq!(f.live.diff(&f.other).count(), 3);
        }),
        ("eq", true, |f| {
            let rebuilt: Map<S> = f.live.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            assert!(rebuilt == f.live);
        }),
        ("extend", false, |f| {
            f.live
                .extend((0..20).map(|i| (Bomb::new(i * 7), Bomb::new(i))));
        }),
        ("iter_mut", false, |f| {
            f.live.values_mut().for_each(|v| v.0 += 1)
        }),
        ("retain", false, |f| f.live.retain(|k, _| k.0 % 3 != 0)),
        // The map is emptied before the entries are handed out (and cloned from the snapshot).
        ("drain", false, |f| assert_eq!(f.live.drain().count(), 100)),
        ("extract_if", false, |f| {
            let n = f.live.extract_if(|k, v| {
                v.0 += 1;
                k.0 % 3 == 0
            });
            assert_eq!(n.count(), 34);
        }),
    ]
}

fn run<S: BuildHasher + Default>() {
    std::panic::set_hook(Box::new(|_| {}));
    let bombs: [&'static std::thread::LocalKey<Cell<usize>>; 3] =
        [&CLONE_BOMB, &HASH_BOMB, &EQ_BOMB];
    for (name, atomic, op) in ops::<S>() {
        let mut panics = 0;
        for bomb in bombs {
            for n in 1..100_000 {
                let mut f = fixture::<S>();
                let before = contents(&f.live);
                let snap_before = contents(&f.snapshot);
                let other_before = contents(&f.other);
                bomb.with(|b| b.set(n));
                let result = catch_unwind(AssertUnwindSafe(|| op(&mut f)));
                bomb.with(|b| b.set(0));
                for m in [&f.live, &f.snapshot, &f.other] {
                    m.check_invariants();
                }
                assert_eq!(
                    contents(&f.snapshot),
                    snap_before,
                    "{name}: snapshot changed"
                );
                assert_eq!(contents(&f.other), other_before, "{name}: other changed");
                let done = result.is_ok();
                if !done {
                    panics += 1;
                    if atomic {
                        assert_eq!(
                            contents(&f.live),
                            before,
                            "{name}: panic at call {n} changed the map"
                        );
                    }
                }
                drop(f);
                assert_eq!(
                    LIVE.with(|l| l.get()),
                    0,
                    "{name}: leak or double drop after call {n}"
                );
                if done {
                    break;
                }
            }
        }
        assert!(
            panics > 0,
            "{name}: no call ever panicked, the test tests nothing"
        );
    }
    let _ = std::panic::take_hook();
}

#[test]
fn panics_leave_maps_valid_full_hash() {
    run::<Full>();
}

#[test]
fn panics_leave_maps_valid_colliding_hash() {
    run::<FourBits>();
}

thread_local! {
    static DROPS_LEFT: Cell<isize> = const { Cell::new(0) };
}

/// A value whose `Drop` panics when its id is 13.
struct DropBomb(u32);

impl Clone for DropBomb {
    fn clone(&self) -> Self {
        DROPS_LEFT.with(|d| d.set(d.get() + 1));
        DropBomb(self.0)
    }
}

impl Drop for DropBomb {
    fn drop(&mut self) {
        DROPS_LEFT.with(|d| d.set(d.get() - 1));
        if self.0 == 13 {
            panic!("drop bomb");
        }
    }
}

#[test]
fn panicking_drop_still_drops_everything_else() {
    let map: HashMap<u32, DropBomb, FourBits> = {
        let mut m = HashMap::with_hasher(FourBits::default());
        for i in 0..200 {
            m.insert(i, DropBomb(i));
        }
        m
    };
    DROPS_LEFT.with(|d| d.set(200));
    let result = catch_unwind(AssertUnwindSafe(move || drop(map)));
    assert!(result.is_err());
    assert_eq!(
        DROPS_LEFT.with(|d| d.get()),
        0,
        "some values were not dropped"
    );
}
