//! A hand-written encoder of the store's format (see `src/persist/format.rs`), shared by the
//! bad-input tests (`persist_bad_input.rs`, `persist_bad_input_ord.rs`) to build hostile files.
#![allow(dead_code)] // each test file uses a part

use cowtree::persist::{Store, VersionId};
use std::path::{Path, PathBuf};

mod reseal;
#[allow(unused_imports)] // the ord bad-input tests use it, the others do not
pub use reseal::reseal;

pub const TAG_HASH: u8 = 1;
pub const TAG_LEAF: u8 = 2;
pub const TAG_BRANCH: u8 = 3;
pub const TAG_ORD_LEAF: u8 = 4;
pub const TAG_ORD_BRANCH: u8 = 5;
pub const TAG_COMMIT: u8 = 16;

pub fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub fn record(out: &mut Vec<u8>, tag: u8, payload: &[u8]) {
    out.push(tag);
    varint(out, payload.len() as u64);
    out.extend_from_slice(payload);
}

/// A node payload: child deltas (own id - child id) then the body.
pub fn node(deltas: &[u64], body: &[u8]) -> Vec<u8> {
    let mut p = Vec::new();
    varint(&mut p, deltas.len() as u64);
    for &d in deltas {
        varint(&mut p, d);
    }
    p.extend_from_slice(body);
    p
}

/// A hash branch body with the given bitmaps and `(u64, u64)` entries.
pub fn hash_body(datamap: u32, nodemap: u32, entries: &[(u64, u64)]) -> Vec<u8> {
    let mut b = vec![0];
    varint(&mut b, u64::from(datamap));
    varint(&mut b, u64::from(nodemap));
    for e in entries {
        b.extend_from_slice(&postcard::to_allocvec(e).unwrap());
    }
    b
}

pub struct Commit {
    pub kind: u8,
    pub len: u64,
    pub probe: u64,
    pub roots: Vec<Option<u64>>,
    pub height: u64,
}

/// A whole file: header, the node records, one commit over them.
pub fn file(nodes: &[(u8, Vec<u8>)], c: &Commit) -> Vec<u8> {
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

pub fn valid_header() -> Vec<u8> {
    header_with(b"COWTREE\0", 3)
}

pub fn header_with(magic: &[u8; 8], version: u32) -> Vec<u8> {
    let mut h = magic.to_vec();
    h.extend_from_slice(&version.to_le_bytes());
    let crc = crc32fast::hash(&h);
    h.extend_from_slice(&crc.to_le_bytes());
    h
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

pub fn first(store: &Store) -> VersionId {
    store.versions()[0]
}
