//! Bad input to `cowtree::persist::Store` for `OrdMap` and `OrdSet`: B+tree nodes the tree would
//! not have built (unsorted keys, wrong separators, fill bounds, unequal leaf depths), wrong
//! lengths, cycles, huge counts, flipped bits, and damage behind recomputed checksums. Each gets an
//! error, never a panic or a map that fails its invariant checker.
#![cfg(feature = "persist")]

mod persist_format;

use cowtree::persist::{Error, Store};
use cowtree::{HashSet, OrdMap, OrdSet, Vector};
use persist_format::*;
use std::path::Path;

/// The B+tree's node sizes (`src/ord/node/mod.rs`), at the build's setting.
const LEAF_CAP: u64 = if cfg!(cowtree_small_branching) { 4 } else { 32 };
const LEAF_MIN: u64 = LEAF_CAP / 2;
const BRANCH_CAP: u64 = LEAF_CAP;

/// An ord leaf body: the count, then `(u64, u64)` entries (each value the key plus one).
fn ord_leaf(keys: &[u64]) -> Vec<u8> {
    let mut b = Vec::new();
    varint(&mut b, keys.len() as u64);
    for &k in keys {
        b.extend_from_slice(&postcard::to_allocvec(&(k, k + 1)).unwrap());
    }
    node(&[], &b)
}

/// An ord branch record: child deltas, then the separators.
fn ord_branch(deltas: &[u64], separators: &[u64]) -> Vec<u8> {
    let mut b = Vec::new();
    for s in separators {
        b.extend_from_slice(&postcard::to_allocvec(s).unwrap());
    }
    node(deltas, &b)
}

/// `n` keys from `start`, `step` apart.
fn keys(start: u64, n: u64, step: u64) -> Vec<u64> {
    (0..n).map(|i| start + i * step).collect()
}

/// Opens `nodes` with one commit (an OrdMap of `len` entries, root record `root`, tree height
/// `height`) and loads it as an `OrdMap<u64, u64>`.
fn load_ord(
    dir: &Path,
    nodes: &[(u8, Vec<u8>)],
    len: u64,
    root: Option<u64>,
    height: u64,
) -> Result<OrdMap<u64, u64>, Error> {
    let bytes = file(
        nodes,
        &Commit {
            kind: 4,
            len,
            probe: 0,
            roots: vec![root],
            height,
        },
    );
    let path = write(dir, "ord.cowtree", &bytes);
    let mut store = Store::open(&path)?;
    let m: OrdMap<u64, u64> = store.load(first(&store))?;
    m.check_invariants();
    Ok(m)
}

fn ord_corrupt(r: Result<OrdMap<u64, u64>, Error>) -> String {
    match r {
        Err(Error::Corrupt(m)) => m,
        other => panic!("expected a Corrupt error, got {other:?}"),
    }
}

/// Two half-full leaves (keys 0.. and 1000..) under a root branch with separator `sep`.
fn two_leaves(left: &[u64], right: &[u64], sep: u64) -> Vec<(u8, Vec<u8>)> {
    vec![
        (TAG_ORD_LEAF, ord_leaf(left)),
        (TAG_ORD_LEAF, ord_leaf(right)),
        (TAG_ORD_BRANCH, ord_branch(&[2, 1], &[sep])),
    ]
}

#[test]
fn ord_the_hand_written_encoder_matches_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let (l, r) = (keys(0, LEAF_MIN, 1), keys(1_000, LEAF_CAP, 1));
    let m = load_ord(
        dir.path(),
        &two_leaves(&l, &r, 500),
        LEAF_MIN + LEAF_CAP,
        Some(2),
        1,
    )
    .unwrap();
    assert_eq!(m.len() as u64, LEAF_MIN + LEAF_CAP);
    assert_eq!(m.get(&1_000), Some(&1_001));
    assert_eq!(m.rank(&1_000) as u64, LEAF_MIN);
    // A root leaf may hold a single entry; an empty map has no root.
    let one = load_ord(dir.path(), &[(TAG_ORD_LEAF, ord_leaf(&[9]))], 1, Some(0), 0).unwrap();
    assert_eq!(one.get(&9), Some(&10));
    assert!(load_ord(dir.path(), &[], 0, None, 0).unwrap().is_empty());
}

#[test]
fn ord_unsorted_keys_and_wrong_separators() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (l, r) = (keys(0, LEAF_MIN, 1), keys(1_000, LEAF_MIN, 1));
    let len = 2 * LEAF_MIN;
    // Keys out of order within a leaf, or repeated.
    let mut swapped = l.clone();
    swapped.swap(0, 1);
    let m = ord_corrupt(load_ord(d, &two_leaves(&swapped, &r, 500), len, Some(2), 1));
    assert!(m.contains("strictly ascending"), "{m}");
    let mut repeated = l.clone();
    repeated[1] = repeated[0];
    assert!(ord_corrupt(load_ord(
        d,
        &two_leaves(&repeated, &r, 500),
        len,
        Some(2),
        1
    ))
    .contains("strictly ascending"));
    // Keys out of order across leaves: the right leaf holds a key below the separator, the left
    // one a key at it; the leaves swapped.
    let mut low = r.clone();
    low[0] = 400;
    assert!(
        ord_corrupt(load_ord(d, &two_leaves(&l, &low, 500), len, Some(2), 1))
            .contains("outside the separators")
    );
    assert!(
        ord_corrupt(load_ord(d, &two_leaves(&l, &r, l[1]), len, Some(2), 1))
            .contains("outside the separators")
    );
    assert!(
        ord_corrupt(load_ord(d, &two_leaves(&r, &l, 500), len, Some(2), 1))
            .contains("outside the separators")
    );
    // A separator above the right leaf's keys.
    assert!(
        ord_corrupt(load_ord(d, &two_leaves(&l, &r, 5_000), len, Some(2), 1))
            .contains("outside the separators")
    );
    // Separators not ascending (three children), and a separator outside its branch's bounds
    // (a height-2 tree whose inner branch's separator lies beyond the root's).
    let r2 = keys(2_000, LEAF_MIN, 1);
    let three = |seps: &[u64]| {
        vec![
            (TAG_ORD_LEAF, ord_leaf(&l)),
            (TAG_ORD_LEAF, ord_leaf(&r)),
            (TAG_ORD_LEAF, ord_leaf(&r2)),
            (TAG_ORD_BRANCH, ord_branch(&[3, 2, 1], seps)),
        ]
    };
    assert_eq!(
        load_ord(d, &three(&[500, 1_500]), 3 * LEAF_MIN, Some(3), 1)
            .unwrap()
            .len() as u64,
        3 * LEAF_MIN
    );
    assert!(
        ord_corrupt(load_ord(d, &three(&[1_500, 500]), 3 * LEAF_MIN, Some(3), 1))
            .contains("separators are not strictly ascending")
    );
    // A separator count that is not the child count less one (a trailing separator is
    // trailing bytes; a missing one runs past the record).
    assert!(load_ord(d, &three(&[500]), 3 * LEAF_MIN, Some(3), 1).is_err());
    assert!(ord_corrupt(load_ord(
        d,
        &three(&[500, 1_500, 1_700]),
        3 * LEAF_MIN,
        Some(3),
        1
    ))
    .contains("trailing"));
}

/// A subtree of height 1 with `BRANCH_CAP / 2` half-full leaves from key `start` (keys `start +
/// 100 * leaf + i`): its records (ids from 0, the branch last) and entry count.
fn half_full_subtree(start: u64) -> (Vec<(u8, Vec<u8>)>, u64) {
    let n = (BRANCH_CAP / 2).max(2);
    let mut nodes = Vec::new();
    let mut seps = Vec::new();
    for leaf in 0..n {
        let first = start + 100 * leaf;
        if leaf > 0 {
            seps.push(first);
        }
        nodes.push((TAG_ORD_LEAF, ord_leaf(&keys(first, LEAF_MIN, 1))));
    }
    let deltas: Vec<u64> = (0..n).map(|i| n - i).collect();
    nodes.push((TAG_ORD_BRANCH, ord_branch(&deltas, &seps)));
    (nodes, n * LEAF_MIN)
}

#[test]
fn ord_fill_bounds_and_leaf_depths() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (l, r) = (keys(0, LEAF_MIN, 1), keys(1_000, LEAF_MIN, 1));
    // An underfull leaf below the root (LEAF_MIN - 1 entries, at least one).
    let short = keys(1_000, (LEAF_MIN - 1).max(1), 1);
    if LEAF_MIN > 1 {
        let m = ord_corrupt(load_ord(
            d,
            &two_leaves(&l, &short, 500),
            LEAF_MIN + short.len() as u64,
            Some(2),
            1,
        ));
        assert!(m.contains("less than half full"), "{m}");
    }
    // An empty leaf; a leaf over capacity; a root branch with one child.
    assert!(
        ord_corrupt(load_ord(d, &[(TAG_ORD_LEAF, ord_leaf(&[]))], 0, Some(0), 0))
            .contains("empty leaf")
    );
    let over = keys(0, LEAF_CAP + 1, 1);
    assert!(load_ord(
        d,
        &[(TAG_ORD_LEAF, ord_leaf(&over))],
        LEAF_CAP + 1,
        Some(0),
        0
    )
    .is_err());
    let m = ord_corrupt(load_ord(
        d,
        &[
            (TAG_ORD_LEAF, ord_leaf(&l)),
            (TAG_ORD_BRANCH, ord_branch(&[1], &[])),
        ],
        LEAF_MIN,
        Some(1),
        1,
    ));
    assert!(m.contains("fewer than two children"), "{m}");
    // A branch with more children than BRANCH_CAP: refused at its child count.
    let mut nodes: Vec<(u8, Vec<u8>)> = (0..=BRANCH_CAP)
        .map(|i| (TAG_ORD_LEAF, ord_leaf(&keys(i * 100, LEAF_MIN, 1))))
        .collect();
    let deltas: Vec<u64> = (0..=BRANCH_CAP).map(|i| BRANCH_CAP + 1 - i).collect();
    let seps: Vec<u64> = (1..=BRANCH_CAP).map(|i| i * 100).collect();
    nodes.push((TAG_ORD_BRANCH, ord_branch(&deltas, &seps)));
    let m = ord_corrupt(load_ord(
        d,
        &nodes,
        (BRANCH_CAP + 1) * LEAF_MIN,
        Some(BRANCH_CAP + 1),
        1,
    ));
    assert!(m.contains("child count"), "{m}");
    // An underfull branch below the root: a height-2 tree whose second child branch has
    // BRANCH_CAP / 2 - 1 leaves (one, at node size 4: a branch needs two children anyway).
    let (mut nodes, n1) = half_full_subtree(0);
    let b1 = nodes.len() as u64 - 1;
    let k = (BRANCH_CAP / 2 - 1).max(1);
    for leaf in 0..k {
        nodes.push((
            TAG_ORD_LEAF,
            ord_leaf(&keys(100_000 + 100 * leaf, LEAF_MIN, 1)),
        ));
    }
    let deltas: Vec<u64> = (0..k).map(|i| k - i).collect();
    let seps: Vec<u64> = (1..k).map(|leaf| 100_000 + 100 * leaf).collect();
    nodes.push((TAG_ORD_BRANCH, ord_branch(&deltas, &seps)));
    let b2 = nodes.len() as u64 - 1;
    let own = nodes.len() as u64;
    nodes.push((TAG_ORD_BRANCH, ord_branch(&[own - b1, own - b2], &[50_000])));
    let m = ord_corrupt(load_ord(d, &nodes, n1 + k * LEAF_MIN, Some(own), 2));
    assert!(m.contains("less than half full"), "{m}");
    // With one more leaf the same tree is valid.
    let (mut nodes, n1) = half_full_subtree(0);
    let k = k + 1;
    for leaf in 0..k {
        nodes.push((
            TAG_ORD_LEAF,
            ord_leaf(&keys(100_000 + 100 * leaf, LEAF_MIN, 1)),
        ));
    }
    let deltas: Vec<u64> = (0..k).map(|i| k - i).collect();
    let seps: Vec<u64> = (1..k).map(|leaf| 100_000 + 100 * leaf).collect();
    nodes.push((TAG_ORD_BRANCH, ord_branch(&deltas, &seps)));
    let b2 = nodes.len() as u64 - 1;
    let own = nodes.len() as u64;
    nodes.push((TAG_ORD_BRANCH, ord_branch(&[own - b1, own - b2], &[50_000])));
    let m = load_ord(d, &nodes, n1 + k * LEAF_MIN, Some(own), 2).unwrap();
    assert_eq!(m.len() as u64, n1 + k * LEAF_MIN);
    // Leaves at unequal depths: a root of height 2 over a height-1 branch and a leaf.
    let (mut nodes, n1) = half_full_subtree(0);
    let b1 = nodes.len() as u64 - 1;
    nodes.push((TAG_ORD_LEAF, ord_leaf(&keys(50_000, LEAF_MIN, 1))));
    let own = nodes.len() as u64;
    nodes.push((TAG_ORD_BRANCH, ord_branch(&[own - b1, 1], &[40_000])));
    let m = ord_corrupt(load_ord(d, &nodes, n1 + LEAF_MIN, Some(own), 2));
    assert!(m.contains("unequal depths"), "{m}");
    // The same tree with the subtrees in the other order, and a commit height that is wrong.
    let m = ord_corrupt(load_ord(
        d,
        &two_leaves(&l, &r, 500),
        2 * LEAF_MIN,
        Some(2),
        2,
    ));
    assert!(m.contains("unequal depths"), "{m}");
    let m = ord_corrupt(load_ord(
        d,
        &two_leaves(&l, &r, 500),
        2 * LEAF_MIN,
        Some(2),
        0,
    ));
    assert!(m.contains("unequal depths"), "{m}");
}

#[test]
fn ord_wrong_counts_cycles_and_huge_lengths() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (l, r) = (keys(0, LEAF_MIN, 1), keys(1_000, LEAF_MIN, 1));
    // Counts are recomputed from the children, so a wrong count can only be the commit's.
    for len in [0, 2 * LEAF_MIN - 1, 2 * LEAF_MIN + 1, u64::MAX] {
        let m = ord_corrupt(load_ord(d, &two_leaves(&l, &r, 500), len, Some(2), 1));
        assert!(m.contains("length"), "{m}");
    }
    assert!(ord_corrupt(load_ord(d, &[], 3, None, 0)).contains("length"));
    assert!(load_ord(d, &[], 0, None, 1).is_err());
    // A branch that names itself, or a record before the first.
    let m = ord_corrupt(load_ord(
        d,
        &[(TAG_ORD_BRANCH, ord_branch(&[0, 0], &[5]))],
        0,
        Some(0),
        1,
    ));
    assert!(m.contains("cycle"), "{m}");
    let m = ord_corrupt(load_ord(
        d,
        &[(TAG_ORD_BRANCH, ord_branch(&[1, 1], &[5]))],
        0,
        Some(0),
        1,
    ));
    assert!(m.contains("before the first"), "{m}");
    // One leaf reached twice under one branch (its keys would repeat).
    let nodes = vec![
        (TAG_ORD_LEAF, ord_leaf(&l)),
        (TAG_ORD_BRANCH, ord_branch(&[1, 1], &[l[1]])),
    ];
    let m = ord_corrupt(load_ord(d, &nodes, 2 * LEAF_MIN, Some(1), 1));
    assert!(m.contains("outside the separators"), "{m}");
    // A commit whose root is a later record: open refuses the file.
    let bytes = file(
        &[(TAG_ORD_LEAF, ord_leaf(&l))],
        &Commit {
            kind: 4,
            len: LEAF_MIN,
            probe: 0,
            roots: vec![Some(1)],
            height: 0,
        },
    );
    assert!(matches!(
        Store::open(write(d, "f.cowtree", &bytes)),
        Err(Error::Corrupt(_))
    ));
    // Huge lengths: a leaf claiming 2^40 entries, a tree 2^40 high, 2^60 children.
    let mut body = Vec::new();
    varint(&mut body, 1 << 40);
    let m = ord_corrupt(load_ord(
        d,
        &[(TAG_ORD_LEAF, node(&[], &body))],
        1,
        Some(0),
        0,
    ));
    assert!(m.contains("entry count"), "{m}");
    let m = ord_corrupt(load_ord(
        d,
        &[(TAG_ORD_LEAF, ord_leaf(&l))],
        LEAF_MIN,
        Some(0),
        1 << 40,
    ));
    assert!(m.contains("height"), "{m}");
    let mut p = Vec::new();
    varint(&mut p, 1 << 60);
    let m = ord_corrupt(load_ord(d, &[(TAG_ORD_BRANCH, p)], 0, Some(0), 1));
    assert!(m.contains("child count"), "{m}");
    // A string key claiming 2^40 bytes: an encoding error, nothing allocated.
    let mut body = Vec::new();
    varint(&mut body, 1);
    varint(&mut body, 1 << 40);
    body.extend_from_slice(b"abc");
    let bytes = file(
        &[(TAG_ORD_LEAF, node(&[], &body))],
        &Commit {
            kind: 5,
            len: 1,
            probe: 0,
            roots: vec![Some(0)],
            height: 0,
        },
    );
    let path = write(d, "s.cowtree", &bytes);
    let mut store = Store::open(&path).unwrap();
    assert!(matches!(
        store.load::<OrdSet<String>>(first(&store)),
        Err(Error::Encoding(_))
    ));
    // Another structure's node where an ord node should be, and the reverse.
    let m = ord_corrupt(load_ord(
        d,
        &[(TAG_HASH, node(&[], &hash_body(0, 0, &[])))],
        0,
        Some(0),
        0,
    ));
    assert!(m.contains("not an ord node"), "{m}");
    let bytes = file(
        &[(TAG_ORD_LEAF, ord_leaf(&l))],
        &Commit {
            kind: 3,
            len: LEAF_MIN,
            probe: 0,
            roots: vec![None, Some(0), None],
            height: 0,
        },
    );
    let path = write(d, "v.cowtree", &bytes);
    let mut store = Store::open(&path).unwrap();
    assert!(matches!(
        store.load::<Vector<u64>>(first(&store)),
        Err(Error::Corrupt(_))
    ));
}

#[test]
fn ord_every_flipped_bit_is_caught_and_the_wrong_type_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("of.cowtree");
    let mut store = Store::create(&path).unwrap();
    let mut m: OrdMap<u64, u64> = (0..3 * LEAF_CAP).map(|i| (i * 5, i)).collect();
    let mut versions = vec![m.clone()];
    store.save(&m).unwrap();
    m.insert(7, 7);
    versions.push(m.clone());
    store.save(&m).unwrap();
    let set: OrdSet<u16> = (0..40).collect();
    let set_id = store.save(&set).unwrap();
    assert!(matches!(
        store.load::<OrdMap<u16, ()>>(set_id),
        Err(Error::WrongType {
            expected: "OrdMap",
            found: "OrdSet"
        })
    ));
    assert!(matches!(
        store.load::<HashSet<u16>>(set_id),
        Err(Error::WrongType { .. })
    ));
    assert!(matches!(
        store.load::<OrdSet<String>>(set_id),
        Err(Error::Encoding(_) | Error::Corrupt(_))
    ));
    let bytes = std::fs::read(&path).unwrap();
    for bit in 0..bytes.len() * 8 {
        let mut bad = bytes.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        let path = write(dir.path(), "flipped.cowtree", &bad);
        let Ok(mut store) = Store::open(&path) else {
            continue;
        };
        let listed = store.versions();
        assert!(listed.len() < 3, "bit {bit}: a flipped bit went unnoticed");
        for (i, &id) in listed.iter().enumerate() {
            let back: OrdMap<u64, u64> = store.load(id).unwrap();
            assert_eq!(back, versions[i], "bit {bit}");
        }
    }
}

#[test]
fn ord_damage_behind_the_checksums_gives_an_error_or_a_valid_map() {
    // Each byte of the node records damaged, the checksums then recomputed (as the fuzz target's
    // resealed mode does): the damage gets past `open`, so the B+tree checks alone stand between
    // it and a broken map.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.cowtree");
    let mut store = Store::create(&path).unwrap();
    let mut m: OrdMap<u64, u16> = (0..20 * LEAF_CAP).map(|i| (i * 3, i as u16)).collect();
    store.save(&m).unwrap();
    m.insert(1, 1);
    store.save(&m).unwrap();
    drop(store);
    let bytes = std::fs::read(&path).unwrap();
    let mut same = bytes.clone();
    reseal(&mut same);
    assert_eq!(same, bytes, "resealing an undamaged file changes nothing");
    let (mut refused, mut loaded) = (0, 0);
    for at in 16..bytes.len() {
        for mask in [0x01, 0x80] {
            let mut bad = bytes.clone();
            bad[at] ^= mask;
            reseal(&mut bad);
            let path = write(dir.path(), "resealed.cowtree", &bad);
            let Ok(mut store) = Store::open(&path) else {
                continue; // a commit's own fields damaged: open refuses the file
            };
            for id in store.versions() {
                match store.load::<OrdMap<u64, u16>>(id) {
                    Ok(m) => {
                        m.check_invariants();
                        loaded += 1;
                    }
                    Err(Error::Corrupt(_) | Error::Encoding(_) | Error::WrongType { .. }) => {
                        refused += 1
                    }
                    Err(e) => panic!("byte {at}: {e}"),
                }
            }
        }
    }
    // Both outcomes occur: a changed value is still a valid map, a changed key or count is not.
    assert!(
        refused > 100 && loaded > 100,
        "{refused} refused, {loaded} loaded"
    );
}
