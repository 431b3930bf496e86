//! Round trips through `cowtree::persist::Store`: every collection kind, sharing between loaded
//! versions, incremental saves, hashers, compaction. The ordered maps' tests also run at the
//! test-only node size 4 (`--cfg cowtree_small_branching`), where the same sizes make deep trees.
#![cfg(feature = "persist")]

use cowtree::persist::{Error, Store};
use cowtree::{HashMap, HashSet, OrdMap, OrdSet, Vector};
use foldhash::fast::FixedState;

type Map = HashMap<u64, u64, FixedState>;

fn fixed() -> FixedState {
    FixedState::with_seed(7)
}

fn map(range: std::ops::Range<u64>) -> Map {
    let mut m = Map::with_hasher(fixed());
    m.extend(range.map(|i| (i, i * 3)));
    m
}

#[derive(Default, Clone)]
struct Fixed7;

impl std::hash::BuildHasher for Fixed7 {
    type Hasher = <FixedState as std::hash::BuildHasher>::Hasher;
    fn build_hasher(&self) -> Self::Hasher {
        FixedState::with_seed(7).build_hasher()
    }
}

/// Loaded versions share what the saved ones shared. Bytes may differ a little: a node edited in
/// place keeps the slack of its removes, a loaded node is exact-size, so the loaded figures are
/// at most the saved ones and the shared part at least 98% of it.
fn assert_same_sharing(loaded: cowtree::Sharing, saved: cowtree::Sharing) {
    assert!(
        loaded.shared * 100 >= saved.shared * 98
            && loaded.shared <= saved.shared
            && loaded.only_self <= saved.only_self
            && loaded.only_other <= saved.only_other,
        "loaded {loaded:?}, saved {saved:?}"
    );
}

#[test]
fn hash_map_round_trip_keeps_sharing_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.cowtree");
    let mut store = Store::create(&path).unwrap();
    let a = map(0..20_000);
    let mut b = a.clone();
    for i in 0..10 {
        b.insert(100_000 + i, i);
        b.remove(&(i * 7));
    }
    let (ia, ib) = (store.save(&a).unwrap(), store.save(&b).unwrap());
    assert_eq!(store.versions(), vec![ia, ib]);
    // In the same process: a load hands back the very nodes that were saved.
    let la: Map = store.load_with_hasher(ia, fixed()).unwrap();
    assert_eq!(la, a);
    assert_eq!(la.sharing(&a).only_self, 0);
    drop(store);

    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.versions(), vec![ia, ib]);
    let la: Map = store.load_with_hasher(ia, fixed()).unwrap();
    let lb: Map = store.load_with_hasher(ib, fixed()).unwrap();
    la.check_invariants();
    lb.check_invariants();
    assert_eq!(la, a);
    assert_eq!(lb, b);
    // The two loads share what the saved versions shared, byte for byte.
    assert_same_sharing(la.sharing(&lb), a.sharing(&b));
    assert!(la.sharing(&lb).shared > 10 * la.sharing(&lb).only_other);
}

#[test]
fn hash_set_round_trip_with_strings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.cowtree");
    let mut store = Store::create(&path).unwrap();
    let mut a: HashSet<String, Fixed7> = HashSet::default();
    a.extend((0..5_000).map(|i| format!("key-{i}")));
    let mut b = a.clone();
    b.insert("new".to_string());
    b.remove("key-17");
    let (ia, ib) = (store.save(&a).unwrap(), store.save(&b).unwrap());
    drop(store);
    let mut store = Store::open(&path).unwrap();
    let la: HashSet<String, Fixed7> = store.load(ia).unwrap();
    let lb: HashSet<String, Fixed7> = store.load(ib).unwrap();
    la.check_invariants();
    lb.check_invariants();
    assert_eq!((&la, &lb), (&a, &b));
    assert_same_sharing(la.sharing(&lb), a.sharing(&b));
}

#[test]
fn empty_and_tiny_collections_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(dir.path().join("t.cowtree")).unwrap();
    let empty = Map::with_hasher(fixed());
    let one = map(0..1);
    let ev: Vector<u8> = Vector::new();
    let ids = [
        store.save(&empty).unwrap(),
        store.save(&one).unwrap(),
        store.save(&ev).unwrap(),
    ];
    drop(store); // one Store per file (it holds the file's lock)
    let mut store = Store::open(dir.path().join("t.cowtree")).unwrap();
    assert_eq!(
        store.load_with_hasher::<Map>(ids[0], fixed()).unwrap(),
        empty
    );
    assert_eq!(store.load_with_hasher::<Map>(ids[1], fixed()).unwrap(), one);
    assert_eq!(store.load::<Vector<u8>>(ids[2]).unwrap(), ev);
}

#[test]
fn collision_nodes_round_trip() {
    // A hasher that sends every key to one of two hashes: deep paths and collision nodes.
    #[derive(Default, Clone)]
    struct Weak;
    struct WeakHasher(u64);
    impl std::hash::Hasher for WeakHasher {
        fn finish(&self) -> u64 {
            self.0 % 2
        }
        fn write(&mut self, bytes: &[u8]) {
            for &b in bytes {
                self.0 = self.0.wrapping_add(u64::from(b));
            }
        }
    }
    impl std::hash::BuildHasher for Weak {
        type Hasher = WeakHasher;
        fn build_hasher(&self) -> WeakHasher {
            WeakHasher(0)
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(dir.path().join("c.cowtree")).unwrap();
    let mut m: HashMap<u32, u32, Weak> = HashMap::default();
    m.extend((0..200).map(|i| (i, i)));
    m.check_invariants();
    let id = store.save(&m).unwrap();
    drop(store); // one Store per file (it holds the file's lock)
    let mut store = Store::open(dir.path().join("c.cowtree")).unwrap();
    let back: HashMap<u32, u32, Weak> = store.load(id).unwrap();
    back.check_invariants();
    assert_eq!(back, m);
}

#[test]
fn vector_round_trip_keeps_sharing_and_shapes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.cowtree");
    let mut store = Store::create(&path).unwrap();
    let a: Vector<u64> = (0..50_000).collect();
    let mut b = a.clone();
    b.set(25_000, 7);
    b.push_front(1);
    b.push_back(2);
    // A relaxed tree (concatenation) and repeated leaves.
    let mut c = a.slice(..(1_000 * 7 + 13)).clone();
    c.append(a.slice(3..20_000));
    let r = Vector::repeat(9u64, 100_000);
    let ids: Vec<_> = [&a, &b, &c, &r]
        .iter()
        .map(|v| store.save(*v).unwrap())
        .collect();
    drop(store);
    let mut store = Store::open(&path).unwrap();
    let loaded: Vec<Vector<u64>> = ids.iter().map(|&id| store.load(id).unwrap()).collect();
    for (l, v) in loaded.iter().zip([&a, &b, &c, &r]) {
        l.check_invariants();
        assert_eq!(l, v);
        assert_eq!(l.heap_size(), v.heap_size());
    }
    assert_eq!(loaded[0].sharing(&loaded[1]), a.sharing(&b));
    assert_eq!(loaded[0].sharing(&loaded[2]), a.sharing(&c));
}

#[test]
fn vector_of_strings_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(dir.path().join("v.cowtree")).unwrap();
    let v: Vector<String> = (0..3_000).map(|i| i.to_string()).collect();
    let id = store.save(&v).unwrap();
    drop(store); // one Store per file (it holds the file's lock)
    let mut store = Store::open(dir.path().join("v.cowtree")).unwrap();
    assert_eq!(store.load::<Vector<String>>(id).unwrap(), v);
}

#[test]
fn incremental_save_writes_only_the_changed_paths() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(dir.path().join("i.cowtree")).unwrap();
    let mut m = map(0..100_000);
    store.save(&m).unwrap();
    let full = store.last_save();
    for i in 0..10 {
        m.insert(1_000_000 + i, i);
    }
    store.save(&m).unwrap();
    let step = store.last_save();
    // At most ~4 nodes per insert (the path), each at most 32 entries of 2 u64.
    assert!(step.nodes <= 10 * 5, "{step:?}");
    assert!(step.bytes * 100 < full.bytes, "{step:?} vs {full:?}");
    // Saving the same version again writes only a commit.
    store.save(&m).unwrap();
    assert_eq!(store.last_save().nodes, 0);
    // A version derived from a *loaded* version is incremental too.
    drop(store); // one Store per file (it holds the file's lock)
    let mut store = Store::open(dir.path().join("i.cowtree")).unwrap();
    let last = *store.versions().last().unwrap();
    let mut back: Map = store.load_with_hasher(last, fixed()).unwrap();
    back.insert(5, 5);
    store.save(&back).unwrap();
    assert!(store.last_save().nodes <= 5, "{:?}", store.last_save());
    // Vectors too.
    let mut v: Vector<u64> = (0..100_000).collect();
    store.save(&v).unwrap();
    let full = store.last_save();
    v.set(500, 1);
    v.push_back(3);
    store.save(&v).unwrap();
    assert!(store.last_save().bytes * 50 < full.bytes);
}

#[test]
fn a_random_hasher_rebuilds_by_insertion() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(dir.path().join("h.cowtree")).unwrap();
    let m: HashMap<u64, u64> = (0..5_000).map(|i| (i, i)).collect();
    let id = store.save(&m).unwrap();
    drop(store); // one Store per file (it holds the file's lock)
    let mut store = Store::open(dir.path().join("h.cowtree")).unwrap();
    // A fresh RandomState almost surely differs in seed from the saving map's.
    let back: HashMap<u64, u64> = store.load(id).unwrap();
    back.check_invariants();
    assert_eq!(back, m);
    // And the same hasher value loads structurally: nodes shared with the saved map.
    let mut store2 = Store::create(dir.path().join("h2.cowtree")).unwrap();
    let id2 = store2.save(&m).unwrap();
    let again: HashMap<u64, u64> = store2.load_with_hasher(id2, m.hasher().clone()).unwrap();
    assert_eq!(again.sharing(&m).only_self, 0);
}

#[test]
fn loading_as_another_kind_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(dir.path().join("k.cowtree")).unwrap();
    let id = store.save(&Vector::from_iter(0..10u32)).unwrap();
    let err = store.load::<HashMap<u32, u32>>(id).unwrap_err();
    assert!(
        matches!(
            err,
            Error::WrongType {
                expected: "HashMap",
                found: "Vector"
            }
        ),
        "{err}"
    );
    let err = store.load::<HashSet<u32>>(id).unwrap_err();
    assert!(matches!(err, Error::WrongType { .. }), "{err}");
    // The right kind with the wrong element type fails to decode, cleanly.
    let err = store.load::<Vector<String>>(id).unwrap_err();
    assert!(
        matches!(err, Error::Encoding(_) | Error::Corrupt(_)),
        "{err}"
    );
    let missing = store.versions()[0];
    store.compact(&[]).unwrap();
    assert!(matches!(
        store.load::<Vector<u32>>(missing),
        Err(Error::UnknownVersion(_))
    ));
}

#[test]
fn create_refuses_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.cowtree");
    Store::create(&path).unwrap();
    assert!(matches!(Store::create(&path), Err(Error::AlreadyExists)));
}

#[test]
fn compaction_drops_versions_and_keeps_the_rest_loadable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.cowtree");
    let mut store = Store::create(&path).unwrap();
    let mut m = map(0..20_000);
    let mut ids = Vec::new();
    let mut kept = Vec::new();
    for round in 0..6u64 {
        for i in 0..2_000 {
            m.insert(round * 1_000_000 + i, round);
        }
        ids.push(store.save(&m).unwrap());
        kept.push(m.clone());
    }
    let before = store.file_len();
    let keep = [ids[2], ids[5]];
    store.compact(&keep).unwrap();
    assert!(
        store.file_len() < before,
        "{} !< {before}",
        store.file_len()
    );
    assert_eq!(store.versions(), keep.to_vec());
    // Still incremental after compaction: the store remembers the surviving nodes.
    m.insert(42, 42);
    let next = store.save(&m).unwrap();
    assert!(store.last_save().nodes <= 5);
    drop(store);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.versions(), vec![ids[2], ids[5], next]);
    let a: Map = store.load_with_hasher(ids[2], fixed()).unwrap();
    let b: Map = store.load_with_hasher(ids[5], fixed()).unwrap();
    assert_eq!((&a, &b), (&kept[2], &kept[5]));
    assert_same_sharing(a.sharing(&b), kept[2].sharing(&kept[5]));
    assert!(matches!(
        store.load_with_hasher::<Map>(ids[0], fixed()),
        Err(Error::UnknownVersion(_))
    ));
    // No temporary file left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

// ---- OrdMap and OrdSet.

/// SplitMix64: keys in random order, so that inserts land all over the tree.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn ord_map(n: u64, seed: u64) -> OrdMap<u64, u64> {
    let mut rng = seed;
    let mut m = OrdMap::new();
    for i in 0..n {
        m.insert(splitmix(&mut rng) % (n * 4), i);
    }
    m
}

#[test]
fn ord_map_round_trip_keeps_sharing_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.cowtree");
    let mut store = Store::create(&path).unwrap();
    let a = ord_map(20_000, 1);
    let mut b = a.clone();
    let mut rng = 99;
    for i in 0..10 {
        b.insert(splitmix(&mut rng), i);
        let k = *a.get_index((i * 1_499) as usize % a.len()).unwrap().0;
        b.remove(&k);
    }
    let (ia, ib) = (store.save(&a).unwrap(), store.save(&b).unwrap());
    // In the same process: a load hands back the very nodes that were saved.
    let la: OrdMap<u64, u64> = store.load(ia).unwrap();
    assert!(la.ptr_eq(&a));
    drop(store);

    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.versions(), vec![ia, ib]);
    let la: OrdMap<u64, u64> = store.load(ia).unwrap();
    let lb: OrdMap<u64, u64> = store.load(ib).unwrap();
    la.check_invariants();
    lb.check_invariants();
    assert_eq!(la, a);
    assert_eq!(lb, b);
    assert!(la.iter().eq(a.iter()) && lb.iter().eq(b.iter()));
    assert_eq!(la.get_index(777), a.get_index(777));
    // B+tree nodes have a fixed size: the loaded figures are the saved ones, byte for byte.
    assert_eq!(la.sharing(&lb), a.sharing(&b));
    assert!(la.sharing(&lb).shared > 10 * la.sharing(&lb).only_other);
    // A load of the same version again hands back the same nodes.
    let again: OrdMap<u64, u64> = store.load(ib).unwrap();
    assert!(again.ptr_eq(&lb));
}

#[test]
fn ord_set_round_trip_with_strings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("os.cowtree");
    let mut store = Store::create(&path).unwrap();
    let a: OrdSet<String> = (0..5_000).map(|i| format!("key-{i}")).collect();
    let mut b = a.clone();
    b.insert("new".to_string());
    b.remove("key-17");
    let (ia, ib) = (store.save(&a).unwrap(), store.save(&b).unwrap());
    drop(store);
    let mut store = Store::open(&path).unwrap();
    let la: OrdSet<String> = store.load(ia).unwrap();
    let lb: OrdSet<String> = store.load(ib).unwrap();
    la.check_invariants();
    lb.check_invariants();
    assert_eq!((&la, &lb), (&a, &b));
    assert_eq!(la.sharing(&lb), a.sharing(&b));
    // A set is its own kind, not a map of units.
    assert!(matches!(
        store.load::<OrdMap<String, ()>>(ia),
        Err(Error::WrongType {
            expected: "OrdMap",
            found: "OrdSet"
        })
    ));
}

#[test]
fn empty_one_entry_and_deep_ord_maps_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("od.cowtree");
    let mut store = Store::create(&path).unwrap();
    let empty: OrdMap<u64, u64> = OrdMap::new();
    let one = OrdMap::from([(7u64, 8u64)]);
    let empty_set: OrdSet<u8> = OrdSet::new();
    // Deep: 200,000 entries are 4 levels at node size 32, 16 or more at node size 4.
    let deep = ord_map(200_000, 5);
    // Built by bulk load (leaves filled evenly) and by removes (separators left stale).
    let mut pruned: OrdMap<u64, u64> = (0..50_000u64).map(|i| (i, i)).collect();
    pruned.retain(|k, _| k % 3 != 0);
    let ids = [
        store.save(&empty).unwrap(),
        store.save(&one).unwrap(),
        store.save(&empty_set).unwrap(),
        store.save(&deep).unwrap(),
        store.save(&pruned).unwrap(),
    ];
    drop(store);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.load::<OrdMap<u64, u64>>(ids[0]).unwrap(), empty);
    let back: OrdMap<u64, u64> = store.load(ids[1]).unwrap();
    back.check_invariants();
    assert_eq!(back, one);
    assert!(store.load::<OrdSet<u8>>(ids[2]).unwrap().is_empty());
    for (id, m) in [(ids[3], &deep), (ids[4], &pruned)] {
        let back: OrdMap<u64, u64> = store.load(id).unwrap();
        back.check_invariants();
        assert_eq!(&back, m);
        assert_eq!(back.heap_size(), m.heap_size());
        assert_eq!(back.rank(&1_000), m.rank(&1_000));
    }
}

#[test]
fn many_ord_versions_share_their_nodes_after_load() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ov.cowtree");
    let mut store = Store::create(&path).unwrap();
    let mut m = ord_map(30_000, 2);
    let mut rng = 3;
    let mut versions = Vec::new();
    let mut ids = Vec::new();
    for round in 0..30u64 {
        for _ in 0..5 {
            m.insert(splitmix(&mut rng) % 200_000, round);
            let k = *m
                .get_index(splitmix(&mut rng) as usize % m.len())
                .unwrap()
                .0;
            m.remove(&k);
        }
        if round % 7 == 3 {
            // A split and a join: whole subtrees moved, most of them shared.
            let hi = m.split_off(&100_000);
            m.append(&mut hi.clone());
        }
        ids.push(store.save(&m).unwrap());
        versions.push(m.clone());
    }
    drop(store);
    let mut store = Store::open(&path).unwrap();
    // Loaded newest first, so that sharing is found from either side.
    let mut loaded: Vec<OrdMap<u64, u64>> = ids
        .iter()
        .rev()
        .map(|&id| store.load(id).unwrap())
        .collect();
    loaded.reverse();
    for (l, v) in loaded.iter().zip(&versions) {
        l.check_invariants();
        assert_eq!(l, v);
    }
    for w in 0..loaded.len() - 1 {
        assert_eq!(
            loaded[w].sharing(&loaded[w + 1]),
            versions[w].sharing(&versions[w + 1]),
            "versions {w} and {}",
            w + 1
        );
    }
    assert_eq!(
        loaded[0].sharing(&loaded[29]),
        versions[0].sharing(&versions[29])
    );
    // The diff of two loaded versions skips their shared subtrees, and agrees with the saved ones.
    assert!(loaded[10]
        .diff(&loaded[11])
        .eq(versions[10].diff(&versions[11])));
}

#[test]
fn incremental_ord_saves_write_only_the_changed_paths() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("oi.cowtree");
    let mut store = Store::create(&path).unwrap();
    let mut m = ord_map(100_000, 4);
    store.save(&m).unwrap();
    let full = store.last_save();
    let before = m.clone();
    let mut rng = 17;
    for i in 0..10 {
        m.insert(splitmix(&mut rng), i);
    }
    store.save(&m).unwrap();
    let step = store.last_save();
    // What was written is the nodes the inserts copied (the saved version holds the rest): a
    // leaf is the smallest node, so their bytes are at least the leaf size per node written.
    let copied = m.sharing(&before).only_self as u64;
    let leaf_bytes = OrdMap::from([(0u64, 0u64)]).heap_size() as u64;
    assert!(
        step.nodes > 0 && step.nodes * leaf_bytes <= copied,
        "{step:?}, {copied}"
    );
    // Each insert copies its path and at most a split sibling per level; the height is at most
    // the levels of a tree whose nodes are all half full.
    let (leaf_min, branch_min) = if cfg!(cowtree_small_branching) {
        (2, 2)
    } else {
        (16, 16)
    };
    let mut height = 0u64;
    let mut nodes = m.len() / leaf_min;
    while nodes > 1 {
        nodes /= branch_min;
        height += 1;
    }
    assert!(step.nodes <= 10 * 2 * (height + 1), "{step:?}");
    assert!(step.bytes * 50 < full.bytes, "{step:?} vs {full:?}");
    // Saving the same version again writes only a commit.
    store.save(&m).unwrap();
    assert_eq!(store.last_save().nodes, 0);
    // A version derived from a *loaded* version is incremental too.
    drop(store);
    let mut store = Store::open(&path).unwrap();
    let last = *store.versions().last().unwrap();
    let mut back: OrdMap<u64, u64> = store.load(last).unwrap();
    back.insert(5, 5);
    store.save(&back).unwrap();
    assert!(
        store.last_save().nodes <= 2 * (height + 1),
        "{:?}",
        store.last_save()
    );
}

#[test]
fn ord_compaction_keeps_the_kept_versions_and_their_sharing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("oc.cowtree");
    let mut store = Store::create(&path).unwrap();
    let mut m = ord_map(10_000, 8);
    let mut ids = Vec::new();
    let mut kept = Vec::new();
    for round in 0..4u64 {
        for i in 0..1_000 {
            m.insert(round * 1_000_000 + i, round);
        }
        ids.push(store.save(&m).unwrap());
        kept.push(m.clone());
    }
    let set: OrdSet<u64> = m.keys().copied().collect();
    let set_id = store.save(&set).unwrap();
    let before = store.file_len();
    store.compact(&[ids[1], ids[3], set_id]).unwrap();
    assert!(store.file_len() < before);
    drop(store);
    let mut store = Store::open(&path).unwrap();
    let a: OrdMap<u64, u64> = store.load(ids[1]).unwrap();
    let b: OrdMap<u64, u64> = store.load(ids[3]).unwrap();
    a.check_invariants();
    b.check_invariants();
    assert_eq!((&a, &b), (&kept[1], &kept[3]));
    assert_eq!(a.sharing(&b), kept[1].sharing(&kept[3]));
    assert_eq!(store.load::<OrdSet<u64>>(set_id).unwrap(), set);
    assert!(matches!(
        store.load::<OrdMap<u64, u64>>(ids[0]),
        Err(Error::UnknownVersion(_))
    ));
}

/// Loading a version with other key or value types than it was saved with is an error that says
/// so (the bytes are whole: their checksum holds), not a panic and not a claim of damage alone.
#[test]
fn loading_with_other_types_is_an_error_that_names_the_types() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(dir.path().join("t.cowtree")).unwrap();
    let mut strings: HashMap<u64, String, FixedState> = HashMap::with_hasher(fixed());
    strings.extend((0..50).map(|i| (i, format!("value {i}"))));
    let id = store.save(&strings).unwrap();
    let err = store
        .load_with_hasher::<HashMap<u64, u64, FixedState>>(id, fixed())
        .unwrap_err();
    assert!(
        err.to_string().contains("types"),
        "the message does not point at the types: {err}"
    );
    let back: HashMap<u64, String, FixedState> = store.load_with_hasher(id, fixed()).unwrap();
    assert_eq!(back, strings);
}
