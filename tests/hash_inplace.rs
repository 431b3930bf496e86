//! In-place node edits (a unique node shrinks into slack on remove and grows back into it on
//! insert; the entry array moves when the child count changes) through the public API: entry
//! types of size 0, 1, 200 bytes and alignment 16 and 32, keys that collide or share deep paths,
//! snapshots taken before and during the churn and checked unchanged at the end, and a drop
//! counter showing every value dropped exactly once.

mod support;

use std::cell::{Cell, RefCell};
use std::collections::{HashMap as StdMap, HashSet as StdSet};
use std::fmt::Debug;
use std::hash::{BuildHasher, Hash};

use cowtree::{HashMap, HashSet};
use support::hashers::{FourBits, Full, HighBits};

thread_local! {
    /// Ids of the `Tracked` values alive on this thread (tests run on several threads).
    static LIVE: RefCell<StdSet<u64>> = RefCell::new(StdSet::new());
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
    /// Live instances of the zero-sized `Unit`.
    static UNITS: Cell<isize> = const { Cell::new(0) };
}

/// A value whose every instance is registered: dropping one twice, or never, shows up.
#[derive(Debug)]
struct Tracked<P> {
    payload: P,
    id: u64,
}

impl<P> Tracked<P> {
    fn new(payload: P) -> Self {
        let id = NEXT_ID.with(|n| {
            n.set(n.get() + 1);
            n.get()
        });
        LIVE.with(|l| assert!(l.borrow_mut().insert(id)));
        Tracked { payload, id }
    }
}

impl<P: Clone> Clone for Tracked<P> {
    fn clone(&self) -> Self {
        Tracked::new(self.payload.clone())
    }
}

impl<P: PartialEq> PartialEq for Tracked<P> {
    fn eq(&self, other: &Self) -> bool {
        self.payload == other.payload
    }
}

impl<P> Drop for Tracked<P> {
    fn drop(&mut self) {
        let id = self.id;
        LIVE.with(|l| assert!(l.borrow_mut().remove(&id), "value {id} dropped twice"));
    }
}

fn live_tracked() -> usize {
    LIVE.with(|l| l.borrow().len())
}

/// A zero-sized value that counts its live instances.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Unit;

impl Unit {
    fn new() -> Unit {
        UNITS.with(|u| u.set(u.get() + 1));
        Unit
    }
}

impl Clone for Unit {
    fn clone(&self) -> Unit {
        Unit::new()
    }
}

impl Drop for Unit {
    fn drop(&mut self) {
        UNITS.with(|u| u.set(u.get() - 1));
    }
}

#[repr(align(16))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Align16(u64);

#[repr(align(32))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Align32(u16);

/// Checks `map` against `model`: invariants, length, and a look-up of every key of `universe`.
fn assert_same<K, V, S>(map: &HashMap<K, V, S>, model: &StdMap<K, V>, universe: &[K], what: &str)
where
    K: Hash + Eq + Clone + Debug,
    V: PartialEq + Debug,
    S: BuildHasher,
{
    map.check_invariants();
    assert_eq!(map.len(), model.len(), "{what}: length");
    for k in universe {
        assert_eq!(map.get(k), model.get(k), "{what}: key {k:?}");
    }
}

/// Builds a map over `universe`, snapshots it, then churns it in remove-heavy and insert-heavy
/// phases (so unique nodes shrink in place, then grow back into their slack), with `get_mut`
/// edits and snapshots taken along the way; every version is checked against its model.
fn churn<K, V, S>(universe: &[K], value: impl Fn(u64) -> V, steps: u64)
where
    K: Hash + Eq + Clone + Debug,
    V: Clone + PartialEq + Debug,
    S: BuildHasher + Default,
{
    let mut map: HashMap<K, V, S> = HashMap::with_hasher(S::default());
    let mut model = StdMap::new();
    for (i, k) in universe.iter().enumerate() {
        map.insert(k.clone(), value(i as u64));
        model.insert(k.clone(), value(i as u64));
    }
    assert_same(&map, &model, universe, "built");
    let first = (map.clone(), model.clone());
    let mut snapshots = Vec::new();
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    for step in 0..steps {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let k = &universe[(x % universe.len() as u64) as usize];
        let removing = (step / 150) % 2 == 0;
        match x % 8 {
            0 => {
                let v = value(step + 1000);
                if let Some(slot) = map.get_mut(k) {
                    *slot = v.clone();
                }
                if let Some(slot) = model.get_mut(k) {
                    *slot = v;
                }
            }
            1..=5 if removing => assert_eq!(map.remove(k), model.remove(k), "remove {k:?}"),
            1..=5 => {
                let v = value(step);
                assert_eq!(map.insert(k.clone(), v.clone()), model.insert(k.clone(), v));
            }
            _ if removing => {
                let v = value(step);
                assert_eq!(map.insert(k.clone(), v.clone()), model.insert(k.clone(), v));
            }
            _ => assert_eq!(map.remove(k), model.remove(k), "remove {k:?}"),
        }
        map.check_invariants();
        if step % 97 == 0 {
            snapshots.push((map.clone(), model.clone()));
        }
    }
    assert_same(&map, &model, universe, "churned");
    assert_same(&first.0, &first.1, universe, "first snapshot");
    for (i, (m, model)) in snapshots.iter().enumerate() {
        assert_same(m, model, universe, &format!("snapshot {i}"));
    }
    // Drain the churned map completely: every node shrinks to nothing in place.
    for k in universe {
        assert_eq!(map.remove(k), model.remove(k));
        map.check_invariants();
    }
    assert!(map.is_empty());
    assert_same(
        &first.0,
        &first.1,
        universe,
        "first snapshot after draining",
    );
}

fn keys(n: u64) -> Vec<u64> {
    (0..n).collect()
}

#[test]
fn zero_sized_values() {
    churn::<u64, (), Full>(&keys(300), |_| (), 1500);
    churn::<u8, (), FourBits>(&(0..=255).collect::<Vec<u8>>(), |_| (), 1500);
}

#[test]
fn zero_sized_keys_and_values() {
    // One key only, but the root still shrinks to nothing and grows again in place.
    churn::<(), (), Full>(&[()], |_| (), 200);
    let mut set: HashSet<()> = HashSet::new();
    let mut snapshots = Vec::new();
    for _ in 0..50 {
        assert!(set.insert(()));
        assert!(!set.insert(()));
        set.check_invariants();
        snapshots.push(set.clone());
        assert!(set.remove(&()));
        assert!(!set.remove(&()));
        set.check_invariants();
        assert!(set.is_empty());
    }
    for s in &snapshots {
        s.check_invariants();
        assert!(s.len() == 1 && s.contains(&()));
    }
}

#[test]
fn zero_sized_drop_counted_values() {
    assert_eq!(UNITS.with(Cell::get), 0);
    churn::<u64, Unit, FourBits>(&keys(200), |_| Unit::new(), 1500);
    churn::<(), Unit, Full>(&[()], |_| Unit::new(), 200);
    assert_eq!(
        UNITS.with(Cell::get),
        0,
        "zero-sized values leaked or dropped twice"
    );
}

#[test]
fn huge_entries() {
    churn::<u64, [u8; 200], Full>(&keys(200), |s| [s as u8; 200], 1200);
    let big_keys: Vec<[u8; 200]> = (0..120u8).map(|i| [i; 200]).collect();
    churn::<[u8; 200], u8, FourBits>(&big_keys, |s| s as u8, 1200);
}

#[test]
fn entries_aligned_to_16_and_32() {
    let k16: Vec<Align16> = (0..250).map(Align16).collect();
    churn::<Align16, u8, Full>(&k16, |s| s as u8, 1500);
    churn::<Align16, Align16, HighBits>(&k16, Align16, 1500);
    let k32: Vec<Align32> = (0..250).map(Align32).collect();
    churn::<Align32, u8, Full>(&k32, |s| s as u8, 1500);
    churn::<Align32, Align32, FourBits>(&k32, |s| Align32(s as u16), 1500);
    churn::<u8, Align32, HighBits>(&(0..=255).collect::<Vec<u8>>(), |s| Align32(s as u16), 1500);
}

#[test]
fn one_byte_entries() {
    // (u8, ()) is one byte, much smaller than a child pointer: the entry array moves by 8
    // bytes, several slots at once, when a child comes or goes.
    churn::<u8, (), HighBits>(&(0..=255).collect::<Vec<u8>>(), |_| (), 1500);
    churn::<u8, u8, FourBits>(&(0..=255).collect::<Vec<u8>>(), |s| s as u8, 1500);
}

#[test]
fn every_value_dropped_exactly_once() {
    let before = live_tracked();
    churn::<u64, Tracked<u64>, Full>(&keys(300), Tracked::new, 1500);
    churn::<u64, Tracked<[u64; 5]>, FourBits>(&keys(200), |s| Tracked::new([s; 5]), 1500);
    churn::<u64, Tracked<Align32>, HighBits>(&keys(200), |s| Tracked::new(Align32(s as u16)), 1500);
    churn::<u64, Tracked<String>, Full>(&keys(200), |s| Tracked::new(s.to_string()), 1000);
    assert_eq!(live_tracked(), before, "values leaked");
}

#[test]
fn removed_values_are_returned_not_dropped_and_snapshots_keep_theirs() {
    let before = live_tracked();
    let mut map: HashMap<u64, Tracked<u64>, FourBits> = HashMap::default();
    for k in 0..100 {
        map.insert(k, Tracked::new(k));
    }
    let snapshot = map.clone();
    let live_after_build = live_tracked();
    // Remove from the shared map (copies the paths), then from the now-unique nodes (in place).
    let mut removed = Vec::new();
    for k in (0..100).step_by(2) {
        removed.push(map.remove(&k).expect("present"));
        map.check_invariants();
    }
    for k in (0..100).step_by(2) {
        assert_eq!(map.insert(k, Tracked::new(k + 1000)), None);
        map.check_invariants();
    }
    for k in (1..100).step_by(2) {
        removed.push(map.remove(&k).expect("present"));
    }
    // Values moved out are the originals (shared with the snapshot they would be clones).
    assert_eq!(removed.len(), 100);
    assert_eq!(map.len(), 50);
    for k in 0..100 {
        assert_eq!(snapshot.get(&k).map(|v| v.payload), Some(k));
        let expect = (k % 2 == 0).then_some(k + 1000);
        assert_eq!(map.get(&k).map(|v| v.payload), expect);
    }
    snapshot.check_invariants();
    assert!(live_tracked() >= live_after_build);
    drop(removed);
    drop(map);
    assert_eq!(
        live_tracked(),
        live_after_build,
        "only the snapshot's values are left"
    );
    drop(snapshot);
    assert_eq!(live_tracked(), before);
}

thread_local! {
    /// The key of the `Fuse` whose next drop panics (once), if any.
    static DROP_BOMB: Cell<Option<u64>> = const { Cell::new(None) };
}

/// A key or value whose drop panics once when armed for its key; registered like `Tracked`.
#[derive(Debug)]
struct Fuse {
    key: u64,
    tracked: Tracked<()>,
}

impl Fuse {
    fn new(key: u64) -> Fuse {
        Fuse {
            key,
            tracked: Tracked::new(()),
        }
    }
}

impl Clone for Fuse {
    fn clone(&self) -> Fuse {
        Fuse::new(self.key)
    }
}

impl PartialEq for Fuse {
    fn eq(&self, other: &Fuse) -> bool {
        self.key == other.key
    }
}

impl Eq for Fuse {}

impl Hash for Fuse {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key.hash(state)
    }
}

impl Drop for Fuse {
    fn drop(&mut self) {
        let _ = &self.tracked;
        if DROP_BOMB.with(|b| b.get()) == Some(self.key) {
            DROP_BOMB.with(|b| b.set(None));
            panic!("drop bomb on {}", self.key);
        }
    }
}

/// A panicking `Drop` while a map's nodes are freed (at the root, deep, in a collision node, in
/// a node with slack left by in-place removes) still drops every other value and frees every
/// block (AddressSanitizer's leak check and the live set show it). Regression: a panicking drop
/// of the duplicate key `insert` discards, of an occupied entry's key in `remove`, of the stored
/// key in `HashMap::remove`, or of the other half in `into_keys`/`into_values`, leaked the value
/// being returned (the key was dropped after the return value was built,
/// rust-lang/rust#47949); now the map stays valid and nothing leaks.
#[test]
fn panicking_drop_frees_everything_else() {
    use std::panic::{catch_unwind, AssertUnwindSafe};
    let before = live_tracked();
    for bomb in [0u64, 7, 150, 299] {
        let mut map: HashMap<Fuse, Fuse, FourBits> = HashMap::default();
        for k in 0..300 {
            map.insert(Fuse::new(k), Fuse::new(k + 1000));
        }
        let snapshot = map.clone();
        for k in (0..300).step_by(3).filter(|&k| k != bomb) {
            map.remove(&Fuse::new(k));
        }
        map.check_invariants();
        // The key passed to `insert` for a present key is dropped inside the call.
        DROP_BOMB.with(|b| b.set(Some(bomb)));
        let r = catch_unwind(AssertUnwindSafe(|| {
            map.insert(Fuse::new(bomb), Fuse::new(5))
        }));
        assert!(r.is_err(), "the duplicate key was not dropped");
        map.check_invariants();
        assert_eq!(map.get(&Fuse::new(bomb)).map(|v| v.key), Some(5));
        assert_eq!(
            snapshot.get(&Fuse::new(bomb)).map(|v| v.key),
            Some(bomb + 1000)
        );
        // An occupied entry's own key is dropped inside `remove`.
        let cowtree::hash_map::Entry::Occupied(e) = map.entry(Fuse::new(bomb)) else {
            panic!("{bomb} is present");
        };
        DROP_BOMB.with(|b| b.set(Some(bomb)));
        assert!(catch_unwind(AssertUnwindSafe(|| e.remove())).is_err());
        map.check_invariants();
        assert!(map.get(&Fuse::new(bomb)).is_none());
        // `remove` drops the stored key and returns the value.
        let other = (bomb + 1) % 300;
        let probe = Fuse::new(other);
        if map.get(&probe).is_some() {
            DROP_BOMB.with(|b| b.set(Some(other)));
            assert!(catch_unwind(AssertUnwindSafe(|| map.remove(&probe))).is_err());
            DROP_BOMB.with(|b| b.set(None));
            map.check_invariants();
            assert!(map.get(&probe).is_none());
        }
        drop(probe);
        // The owning projections drop the half they do not yield.
        let (first_key, first_value) = map.iter().map(|(k, v)| (k.key, v.key)).next().unwrap();
        for keys in [false, true] {
            let copy = map.clone();
            let doomed = if keys { first_key } else { first_value };
            DROP_BOMB.with(|b| b.set(Some(doomed)));
            let r = catch_unwind(AssertUnwindSafe(|| {
                if keys {
                    copy.into_values().count()
                } else {
                    copy.into_keys().count()
                }
            }));
            DROP_BOMB.with(|b| b.set(None));
            assert!(r.is_err(), "the bomb did not go off");
        }
        map.check_invariants();
        drop(map);
        snapshot.check_invariants();
        // Now the snapshot holds the only handles: its stored key `bomb` panics on drop.
        DROP_BOMB.with(|b| b.set(Some(bomb)));
        let r = catch_unwind(AssertUnwindSafe(|| drop(snapshot)));
        assert!(r.is_err(), "the armed key was not dropped");
        assert_eq!(
            live_tracked(),
            before,
            "values leaked after a panicking drop"
        );
    }
}
