//! Bad input to `cowtree::persist::Store`: truncated files, flipped bits, wrong magic or version,
//! absurd lengths, references that point forward or form a cycle, nodes that are not what the
//! collection would have built, the wrong collection type. Each gets an error, never a panic or
//! a broken collection.
#![cfg(feature = "persist")]

mod persist_format;

use cowtree::persist::{Error, Store};
use cowtree::{HashMap, HashSet, Vector};
use foldhash::fast::FixedState;
use persist_format::*;
use std::path::Path;

type Map = HashMap<u64, u64, FixedState>;

fn fixed() -> FixedState {
    FixedState::with_seed(3)
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
    // The vector's branching factor: a full leaf holds `B` elements.
    const B: u8 = if cfg!(cowtree_small_branching) { 4 } else { 32 };
    let full = u64::from(B);
    let dir = tempfile::tempdir().unwrap();
    let leaf = |n: u8| {
        let mut b = Vec::new();
        varint(&mut b, u64::from(n));
        b.extend(std::iter::repeat_n(1u8, n as usize));
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
            (TAG_LEAF, leaf(B)),
            (TAG_LEAF, leaf(3)),
            (TAG_BRANCH, branch(&[2, 1], 1)),
        ],
        full + 3,
        2,
        1,
    );
    assert_eq!(ok.unwrap().len() as u64, full + 3);
    // An empty leaf; a branch at the wrong height; a root branch with a single child.
    assert!(load(&[(TAG_LEAF, leaf(0))], 0, 0, 0).is_err());
    assert!(load(
        &[
            (TAG_LEAF, leaf(B)),
            (TAG_LEAF, leaf(3)),
            (TAG_BRANCH, branch(&[2, 1], 2))
        ],
        full + 3,
        2,
        1
    )
    .is_err());
    assert!(load(
        &[(TAG_LEAF, leaf(B)), (TAG_BRANCH, branch(&[1], 1))],
        full,
        1,
        1
    )
    .is_err());
    // A tree height that disagrees with its nodes; a length that disagrees.
    assert!(load(
        &[
            (TAG_LEAF, leaf(B)),
            (TAG_LEAF, leaf(3)),
            (TAG_BRANCH, branch(&[2, 1], 1))
        ],
        full + 3,
        2,
        2
    )
    .is_err());
    assert!(load(
        &[
            (TAG_LEAF, leaf(B)),
            (TAG_LEAF, leaf(3)),
            (TAG_BRANCH, branch(&[2, 1], 1))
        ],
        full + 4,
        2,
        1
    )
    .is_err());
    // A relaxed branch of 32 one-element leaves: past the search-step bound. (With 4-element
    // leaves, 4 one-element leaves are within the bound: there is no such branch to refuse.)
    if !cfg!(cowtree_small_branching) {
        let mut nodes = vec![(TAG_LEAF, leaf(1))];
        nodes.push((TAG_BRANCH, branch(&[1; 32], 1)));
        assert!(load(&nodes, 32, 1, 1).is_err());
    }
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
