//! Bad input to `cowtree::persist::Store`: truncated files, flipped bits, wrong magic or version,
//! absurd lengths, references that point forward or form a cycle, nodes that are not what the
//! collection would have built, the wrong collection type. Each gets an error, never a panic or
//! a broken collection.
#![cfg(feature = "persist")]

use cowtree::persist::{Error, Store, VersionId};
use cowtree::{HashMap, HashSet, OrdMap, OrdSet, Vector};
use foldhash::fast::FixedState;
use std::path::{Path, PathBuf};

type Map = HashMap<u64, u64, FixedState>;

fn fixed() -> FixedState {
    FixedState::with_seed(3)
}

// ---- A hand-written encoder of the format (see src/persist/format.rs), to build hostile files.

const TAG_HASH: u8 = 1;
const TAG_LEAF: u8 = 2;
const TAG_BRANCH: u8 = 3;
const TAG_ORD_LEAF: u8 = 4;
const TAG_ORD_BRANCH: u8 = 5;
const TAG_COMMIT: u8 = 16;

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn record(out: &mut Vec<u8>, tag: u8, payload: &[u8]) {
    out.push(tag);
    varint(out, payload.len() as u64);
    out.extend_from_slice(payload);
}

/// A node payload: child deltas (own id - child id) then the body.
fn node(deltas: &[u64], body: &[u8]) -> Vec<u8> {
    let mut p = Vec::new();
    varint(&mut p, deltas.len() as u64);
    for &d in deltas {
        varint(&mut p, d);
    }
    p.extend_from_slice(body);
    p
}

/// A hash branch body with the given bitmaps and `(u64, u64)` entries.
fn hash_body(datamap: u32, nodemap: u32, entries: &[(u64, u64)]) -> Vec<u8> {
    let mut b = vec![0];
    varint(&mut b, u64::from(datamap));
    varint(&mut b, u64::from(nodemap));
    for e in entries {
        b.extend_from_slice(&postcard::to_allocvec(e).unwrap());
    }
    b
}

struct Commit {
    kind: u8,
    len: u64,
    probe: u64,
    roots: Vec<Option<u64>>,
    height: u64,
}

/// A whole file: header, the node records, one commit over them.
fn file(nodes: &[(u8, Vec<u8>)], c: &Commit) -> Vec<u8> {
    let mut out = valid_header();
    let start = out.len();
    for (tag, payload) in nodes {
        record(&mut out, *tag, payload);
    }
    let mut p = Vec::new();
    varint(&mut p, 0);
    p.push(c.kind);
    varint(&mut p, c.len);
    p.extend_from_slice(&c.probe.to_le_bytes());
    varint(&mut p, nodes.len() as u64);
    varint(&mut p, c.roots.len() as u64);
    for r in &c.roots {
        varint(&mut p, r.map_or(0, |id| id + 1));
    }
    varint(&mut p, c.height);
    varint(&mut p, start as u64);
    // The save's checksum: every byte from the batch start through the commit's fields.
    out.push(TAG_COMMIT);
    varint(&mut out, p.len() as u64 + 4);
    out.extend_from_slice(&p);
    let crc = crc32fast::hash(&out[start..]);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

fn valid_header() -> Vec<u8> {
    header_with(b"COWTREE\0", 3)
}

fn header_with(magic: &[u8; 8], version: u32) -> Vec<u8> {
    let mut h = magic.to_vec();
    h.extend_from_slice(&version.to_le_bytes());
    let crc = crc32fast::hash(&h);
    h.extend_from_slice(&crc.to_le_bytes());
    h
}

/// The hasher probe this build writes for `fixed()` (read back from a real save).
fn probe_of_fixed(dir: &Path) -> u64 {
    let path = dir.join("probe.cowtree");
    Store::create(&path)
        .unwrap()
        .save(&Map::with_hasher(fixed()))
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    // One node record (the empty root), then the commit: find the commit's probe field.
    // Records here are short: tag, a one-byte length, payload.
    let mut at = 16;
    loop {
        let len = bytes[at + 1] as usize;
        assert!(len < 0x80);
        if bytes[at] == TAG_COMMIT {
            let p = &bytes[at + 2..];
            // version (1 byte: 0), kind, len (1 byte: 0), then the probe.
            return u64::from_le_bytes(p[3..11].try_into().unwrap());
        }
        at += 2 + len;
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Opens `bytes` as a store and loads its first version as a `Map`: the error, if any.
fn load_map(dir: &Path, bytes: &[u8]) -> Result<Map, Error> {
    let path = write(dir, "hostile.cowtree", bytes);
    let mut store = Store::open(&path)?;
    let id = *store.versions().first().expect("one version");
    let map: Map = store.load_with_hasher(id, fixed())?;
    map.check_invariants();
    Ok(map)
}

fn corrupt_message(r: Result<Map, Error>) -> String {
    match r {
        Err(Error::Corrupt(m)) => m,
        other => panic!("expected a Corrupt error, got {other:?}"),
    }
}

fn first(store: &Store) -> VersionId {
    store.versions()[0]
}

// ---- The tests.

#[test]
fn the_hand_written_encoder_matches_the_format() {
    // A sanity check of the helpers: a valid hand-built map loads.
    let dir = tempfile::tempdir().unwrap();
    let probe = probe_of_fixed(dir.path());
    let h = |k: u64| std::hash::BuildHasher::hash_one(&fixed(), k);
    let (a, b) = (1u64, (2..).find(|&k| h(k) & 31 != h(1) & 31).unwrap());
    let mut entries = [(a, 10), (b, 20)];
    entries.sort_by_key(|e| h(e.0) & 31);
    let map = (1 << (h(entries[0].0) & 31)) | (1 << (h(entries[1].0) & 31));
    let bytes = file(
        &[(TAG_HASH, node(&[], &hash_body(map, 0, &entries)))],
        &Commit {
            kind: 1,
            len: 2,
            probe,
            roots: vec![Some(0)],
            height: 0,
        },
    );
    let m = load_map(dir.path(), &bytes).unwrap();
    assert_eq!((m[&a], m[&b]), (10, 20));
}

#[test]
fn truncated_headers_wrong_magic_and_version() {
    let dir = tempfile::tempdir().unwrap();
    for cut in 0..16 {
        let path = write(dir.path(), "t.cowtree", &valid_header()[..cut]);
        assert!(
            matches!(Store::open(&path), Err(Error::Truncated)),
            "cut {cut}"
        );
    }
    let path = write(dir.path(), "m.cowtree", &header_with(b"NOTATREE", 1));
    assert!(matches!(Store::open(&path), Err(Error::BadMagic)));
    let path = write(dir.path(), "j.cowtree", b"{\"json\": true} and more bytes");
    assert!(matches!(Store::open(&path), Err(Error::BadMagic)));
    // Format 2 had no ordered-map records; a format 2 file is refused, as is a later format.
    for version in [2, 4] {
        let path = write(dir.path(), "v.cowtree", &header_with(b"COWTREE\0", version));
        assert!(
            matches!(Store::open(&path), Err(Error::UnsupportedVersion(v)) if v == version),
            "version {version}"
        );
    }
    let mut bad_crc = valid_header();
    bad_crc[14] ^= 1;
    let path = write(dir.path(), "c.cowtree", &bad_crc);
    assert!(matches!(Store::open(&path), Err(Error::Corrupt(_))));
    assert!(matches!(
        Store::open(dir.path().join("missing")),
        Err(Error::Io(_))
    ));
}

#[test]
fn every_flipped_bit_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.cowtree");
    let mut store = Store::create(&path).unwrap();
    let mut m = Map::with_hasher(fixed());
    m.extend((0..20).map(|i| (i, i)));
    let mut versions = vec![m.clone()];
    store.save(&m).unwrap();
    m.insert(1_000, 1);
    versions.push(m.clone());
    store.save(&m).unwrap();
    let v: Vector<u16> = (0..40).collect();
    store.save(&v).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    for bit in 0..bytes.len() * 8 {
        let mut bad = bytes.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        let path = write(dir.path(), "flipped.cowtree", &bad);
        let Ok(mut store) = Store::open(&path) else {
            continue; // A clear error from open (the header, or a commit that disagrees).
        };
        // What open lists is a prefix of what was saved, and every listed version is intact.
        let listed = store.versions();
        assert!(listed.len() < 3, "bit {bit}: a flipped bit went unnoticed");
        for (i, &id) in listed.iter().enumerate() {
            let back: Map = store.load_with_hasher(id, fixed()).unwrap();
            assert_eq!(back, versions[i], "bit {bit}");
        }
    }
}

#[test]
fn absurd_lengths_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let probe = probe_of_fixed(dir.path());
    // A record claiming 2 GiB, past the end of the file: the end of the log, nothing allocated.
    let mut bytes = valid_header();
    bytes.push(TAG_HASH);
    varint(&mut bytes, u64::from(u32::MAX - 5));
    bytes.extend_from_slice(&[0; 32]);
    let path = write(dir.path(), "len.cowtree", &bytes);
    let store = Store::open(&path).unwrap();
    assert!(store.versions().is_empty());
    assert_eq!(store.ignored_bytes(), bytes.len() as u64 - 16);
    // A child count of 2^60.
    let mut p = Vec::new();
    varint(&mut p, 1 << 60);
    let one_root = |len| Commit {
        kind: 1,
        len,
        probe,
        roots: vec![Some(0)],
        height: 0,
    };
    let bytes = file(&[(TAG_HASH, p)], &one_root(0));
    assert!(corrupt_message(load_map(dir.path(), &bytes)).contains("child count"));
    // A collision node claiming 2^40 entries (at full depth: 13 single-child levels).
    let mut nodes = Vec::new();
    let mut body = vec![1];
    varint(&mut body, 1 << 40);
    nodes.push((TAG_HASH, node(&[], &body)));
    for _ in 0..13 {
        nodes.push((TAG_HASH, node(&[1], &hash_body(0, 1, &[]))));
    }
    let bytes = file(
        &nodes,
        &Commit {
            kind: 1,
            len: 2,
            probe,
            roots: vec![Some(13)],
            height: 0,
        },
    );
    assert!(corrupt_message(load_map(dir.path(), &bytes)).contains("collision node size"));
    // A vector leaf claiming 2^40 elements; a vector of height 2^40.
    let mut body = Vec::new();
    varint(&mut body, 1 << 40);
    let vcommit = |height| Commit {
        kind: 3,
        len: 1,
        probe: 0,
        roots: vec![None, Some(0), None],
        height,
    };
    let bytes = file(&[(TAG_LEAF, node(&[], &body))], &vcommit(0));
    let path = write(dir.path(), "vl.cowtree", &bytes);
    let mut store = Store::open(&path).unwrap();
    assert!(matches!(
        store.load::<Vector<u8>>(first(&store)),
        Err(Error::Corrupt(_))
    ));
    let bytes = file(&[(TAG_LEAF, node(&[], &[1, 7]))], &vcommit(1 << 40));
    let path = write(dir.path(), "vh.cowtree", &bytes);
    let mut store = Store::open(&path).unwrap();
    assert!(matches!(
        store.load::<Vector<u8>>(first(&store)),
        Err(Error::Corrupt(_))
    ));
    // A bitmap wider than 32 bits.
    let mut body = vec![0];
    varint(&mut body, 1 << 40);
    varint(&mut body, 0);
    let bytes = file(&[(TAG_HASH, node(&[], &body))], &one_root(1));
    assert!(corrupt_message(load_map(dir.path(), &bytes)).contains("datamap"));
    // A map whose commit claims more entries than it holds.
    let bytes = file(
        &[(TAG_HASH, node(&[], &hash_body(0, 0, &[])))],
        &one_root(5),
    );
    assert!(corrupt_message(load_map(dir.path(), &bytes)).contains("length"));
}

#[test]
fn references_that_point_forward_or_form_a_cycle() {
    let dir = tempfile::tempdir().unwrap();
    let probe = probe_of_fixed(dir.path());
    let root0 = Commit {
        kind: 1,
        len: 2,
        probe,
        roots: vec![Some(0)],
        height: 0,
    };
    // A node that names itself (delta 0).
    let bytes = file(&[(TAG_HASH, node(&[0], &hash_body(0, 1, &[])))], &root0);
    assert!(corrupt_message(load_map(dir.path(), &bytes)).contains("cycle"));
    // A node that names a record before the first (the only way to point "forward" in a
    // format of backward deltas is to wrap past the start).
    let bytes = file(&[(TAG_HASH, node(&[1], &hash_body(0, 1, &[])))], &root0);
    assert!(corrupt_message(load_map(dir.path(), &bytes)).contains("before the first"));
    // A commit whose root is a record after it: open refuses the file.
    let bytes = file(
        &[(TAG_HASH, node(&[], &hash_body(0, 0, &[])))],
        &Commit {
            roots: vec![Some(1)],
            ..root0
        },
    );
    let path = write(dir.path(), "fwd.cowtree", &bytes);
    assert!(matches!(Store::open(&path), Err(Error::Corrupt(_))));
    // One node reached twice in one trie (a DAG, which a trie never is).
    let bytes = file(
        &[
            (TAG_HASH, node(&[], &hash_body(0, 0, &[]))),
            (TAG_HASH, node(&[1, 1], &hash_body(0, 0b11, &[]))),
        ],
        &Commit {
            roots: vec![Some(1)],
            ..root0
        },
    );
    assert!(load_map(dir.path(), &bytes).is_err());
}

#[test]
fn nodes_the_trie_would_not_have_built() {
    let dir = tempfile::tempdir().unwrap();
    let probe = probe_of_fixed(dir.path());
    let h = |k: u64| std::hash::BuildHasher::hash_one(&fixed(), k);
    let slot = |k: u64| (h(k) & 31) as u32;
    let commit = |len, root| Commit {
        kind: 1,
        len,
        probe,
        roots: vec![Some(root)],
        height: 0,
    };
    // A key in a slot that is not its hash's.
    let wrong = (slot(5) + 1) % 32;
    let bytes = file(
        &[(TAG_HASH, node(&[], &hash_body(1 << wrong, 0, &[(5, 5)])))],
        &commit(1, 0),
    );
    assert!(corrupt_message(load_map(dir.path(), &bytes)).contains("slot"));
    // Overlapping bitmaps.
    let bytes = file(
        &[(TAG_HASH, node(&[], &hash_body(1, 1, &[(5, 5)])))],
        &commit(1, 0),
    );
    assert!(corrupt_message(load_map(dir.path(), &bytes)).contains("overlap"));
    // A nodemap that claims a child the record does not list.
    let bytes = file(
        &[(TAG_HASH, node(&[], &hash_body(0, 1, &[])))],
        &commit(0, 0),
    );
    assert!(corrupt_message(load_map(dir.path(), &bytes)).contains("popcount"));
    // Not canonical: a child subtree holding one entry (it belongs inline in the parent).
    let k = 5u64;
    let hk = h(k);
    let child = hash_body(1 << ((hk >> 5) & 31), 0, &[(k, 1)]);
    let parent = hash_body(0, 1 << (hk & 31), &[]);
    let bytes = file(
        &[
            (TAG_HASH, node(&[], &child)),
            (TAG_HASH, node(&[1], &parent)),
        ],
        &commit(1, 1),
    );
    assert!(corrupt_message(load_map(dir.path(), &bytes)).contains("fewer than two"));
    // A key on the wrong path: the child sits in slot `s` but its key hashes elsewhere.
    let other = (hk & 31) as u32 ^ 1;
    let (k2, _) = (0..)
        .map(|x| (x, h(x)))
        .find(|&(x, hx)| {
            x != k && (hx & 31) as u32 == (hk & 31) as u32 && (hx >> 5) & 31 != (hk >> 5) & 31
        })
        .unwrap();
    let mut pair = [(k, 1u64), (k2, 2)];
    pair.sort_by_key(|e| (h(e.0) >> 5) & 31);
    let child = hash_body(
        (1 << ((h(pair[0].0) >> 5) & 31)) | (1 << ((h(pair[1].0) >> 5) & 31)),
        0,
        &pair,
    );
    let good_parent = hash_body(0, 1 << (hk & 31), &[]);
    let bad_parent = hash_body(0, 1 << other, &[]);
    let good = file(
        &[
            (TAG_HASH, node(&[], &child)),
            (TAG_HASH, node(&[1], &good_parent)),
        ],
        &commit(2, 1),
    );
    assert_eq!(load_map(dir.path(), &good).unwrap().len(), 2);
    let bad = file(
        &[
            (TAG_HASH, node(&[], &child)),
            (TAG_HASH, node(&[1], &bad_parent)),
        ],
        &commit(2, 1),
    );
    assert!(corrupt_message(load_map(dir.path(), &bad)).contains("slot"));
    // A vector leaf where a hash node should be.
    let bytes = file(&[(TAG_LEAF, node(&[], &[1, 7]))], &commit(1, 0));
    assert!(corrupt_message(load_map(dir.path(), &bytes)).contains("not a hash node"));
    // An unknown node form.
    let bytes = file(&[(TAG_HASH, node(&[], &[9]))], &commit(0, 0));
    assert!(load_map(dir.path(), &bytes).is_err());
    // Trailing bytes after a node's fields.
    let mut body = hash_body(0, 0, &[]);
    body.push(0);
    let bytes = file(&[(TAG_HASH, node(&[], &body))], &commit(0, 0));
    assert!(corrupt_message(load_map(dir.path(), &bytes)).contains("trailing"));
}

#[test]
fn vectors_the_tree_would_not_have_built() {
    let dir = tempfile::tempdir().unwrap();
    let leaf = |n: u8| {
        let mut b = Vec::new();
        varint(&mut b, u64::from(n));
        b.extend(std::iter::repeat(1u8).take(n as usize));
        node(&[], &b)
    };
    let branch = |deltas: &[u64], h: u64| {
        let mut b = Vec::new();
        varint(&mut b, h);
        node(deltas, &b)
    };
    let load = |nodes: &[(u8, Vec<u8>)], len, root: u64, height| {
        let bytes = file(
            nodes,
            &Commit {
                kind: 3,
                len,
                probe: 0,
                roots: vec![None, Some(root), None],
                height,
            },
        );
        let path = write(dir.path(), "v.cowtree", &bytes);
        let mut store = Store::open(&path)?;
        let v: Vector<u8> = store.load(first(&store))?;
        v.check_invariants();
        Ok::<_, Error>(v)
    };
    // Valid: two leaves under a branch.
    let ok = load(
        &[
            (TAG_LEAF, leaf(32)),
            (TAG_LEAF, leaf(3)),
            (TAG_BRANCH, branch(&[2, 1], 1)),
        ],
        35,
        2,
        1,
    );
    assert_eq!(ok.unwrap().len(), 35);
    // An empty leaf; a branch at the wrong height; a root branch with a single child.
    assert!(load(&[(TAG_LEAF, leaf(0))], 0, 0, 0).is_err());
    assert!(load(
        &[
            (TAG_LEAF, leaf(32)),
            (TAG_LEAF, leaf(3)),
            (TAG_BRANCH, branch(&[2, 1], 2))
        ],
        35,
        2,
        1
    )
    .is_err());
    assert!(load(
        &[(TAG_LEAF, leaf(32)), (TAG_BRANCH, branch(&[1], 1))],
        32,
        1,
        1
    )
    .is_err());
    // A tree height that disagrees with its nodes; a length that disagrees.
    assert!(load(
        &[
            (TAG_LEAF, leaf(32)),
            (TAG_LEAF, leaf(3)),
            (TAG_BRANCH, branch(&[2, 1], 1))
        ],
        35,
        2,
        2
    )
    .is_err());
    assert!(load(
        &[
            (TAG_LEAF, leaf(32)),
            (TAG_LEAF, leaf(3)),
            (TAG_BRANCH, branch(&[2, 1], 1))
        ],
        36,
        2,
        1
    )
    .is_err());
    // A relaxed branch of 32 one-element leaves: past the search-step bound.
    let mut nodes = vec![(TAG_LEAF, leaf(1))];
    nodes.push((TAG_BRANCH, branch(&[1; 32], 1)));
    assert!(load(&nodes, 32, 1, 1).is_err());
}

#[test]
fn the_wrong_collection_type() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(dir.path().join("w.cowtree")).unwrap();
    let set: HashSet<u64> = (0..100).collect();
    let id = store.save(&set).unwrap();
    assert!(matches!(
        store.load::<HashMap<u64, ()>>(id),
        Err(Error::WrongType {
            expected: "HashMap",
            found: "HashSet"
        })
    ));
    assert!(matches!(
        store.load::<Vector<u64>>(id),
        Err(Error::WrongType { .. })
    ));
    assert!(matches!(
        store.load::<HashSet<String>>(id),
        Err(Error::Encoding(_) | Error::Corrupt(_))
    ));
}

// ---- OrdMap and OrdSet: B+tree nodes the tree would not have built.

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

/// Recomputes the checksum of every commit whose framing is whole, over the bytes from the end of
/// the previous commit (the save's batch) up to the checksum field, as `Store::save` writes it
/// (see `src/persist/format.rs`: tag, varint length, payload; the commit's last 4 bytes).
fn reseal(bytes: &mut [u8]) {
    let (mut at, mut batch) = (16, 16);
    while at < bytes.len() {
        let tag = bytes[at];
        let (mut len, mut shift, mut p) = (0usize, 0, at + 1);
        loop {
            let Some(&b) = bytes.get(p) else { return };
            if shift > 28 {
                return;
            }
            len |= usize::from(b & 0x7f) << shift;
            shift += 7;
            p += 1;
            if b & 0x80 == 0 {
                break;
            }
        }
        let end = p + len;
        if end > bytes.len() {
            return;
        }
        if tag == TAG_COMMIT && len >= 4 {
            let crc = crc32fast::hash(&bytes[batch..end - 4]);
            bytes[end - 4..end].copy_from_slice(&crc.to_le_bytes());
            batch = end;
        }
        at = end;
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
