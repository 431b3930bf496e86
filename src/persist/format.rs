//! The bytes of a store file: header, record framing, integers, node and commit records.
//!
//! ```text
//! file    = header record*
//! header  = "COWTREE\0" (8 bytes) | format version (u32 LE) | CRC-32 of the 12 bytes before (u32 LE)
//! record  = tag (u8) | payload length (varint) | payload
//! node    = child count (varint) | child deltas (varint each: own id - child id, >= 1) | body
//! commit  = version id | kind (u8) | length | hasher probe (u64 LE) | node count | roots
//!           | batch start (varint) | CRC-32 of the batch (u32 LE)
//! ```
//!
//! Records carry no checksum of their own: one CRC-32 per save, the last field of its commit,
//! covers every byte of the save from its first record up to that field (the commit's own tag,
//! length and fields included). A record is found by its tag and length alone; what a node says
//! is trusted only once the commit that follows it is whole and its checksum holds.
//!
//! Node records are numbered from 0 in file order; a child is named by how far back it is, so a
//! reference can only point backwards (no forward reference, no cycle: a delta of 0 or past the
//! first record is rejected). The body of a node is opaque to this file: the adapters
//! (`hash.rs`, `vector.rs`, `ord.rs`) write and read it; compaction copies it as it is.

use super::error::{corrupt, Error};

/// The first 8 bytes of every store file.
pub(crate) const MAGIC: [u8; 8] = *b"COWTREE\0";
/// The format version this build writes and reads.
///
/// 3 added the OrdMap / OrdSet records and kinds: a build that reads format 2 would take an ord
/// record for the end of the log (an unknown tag) and overwrite it with its next save, so it must
/// refuse the file instead.
pub(crate) const FORMAT_VERSION: u32 = 3;
/// Bytes of the file header.
pub(crate) const HEADER_LEN: usize = 16;
/// The largest payload a record may claim (a node holds at most a few thousand entries; a larger
/// claim is a damaged length, not data).
pub(crate) const MAX_PAYLOAD: usize = 1 << 30;

/// Record tags.
pub(crate) const TAG_HASH_NODE: u8 = 1;
pub(crate) const TAG_VEC_LEAF: u8 = 2;
pub(crate) const TAG_VEC_BRANCH: u8 = 3;
pub(crate) const TAG_ORD_LEAF: u8 = 4;
pub(crate) const TAG_ORD_BRANCH: u8 = 5;
pub(crate) const TAG_COMMIT: u8 = 16;

/// The file header for this format version.
pub(crate) fn header() -> [u8; HEADER_LEN] {
    let mut h = [0u8; HEADER_LEN];
    h[..8].copy_from_slice(&MAGIC);
    h[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
    let crc = crc32fast::hash(&h[..12]);
    h[12..].copy_from_slice(&crc.to_le_bytes());
    h
}

/// Checks the file header.
pub(crate) fn check_header(bytes: &[u8]) -> Result<(), Error> {
    if bytes.len() < HEADER_LEN {
        return if MAGIC.starts_with(&bytes[..bytes.len().min(8)]) {
            Err(Error::Truncated)
        } else {
            Err(Error::BadMagic)
        };
    }
    if bytes[..8] != MAGIC {
        return Err(Error::BadMagic);
    }
    let crc = u32::from_le_bytes(bytes[12..16].try_into().expect("4 bytes"));
    if crc != crc32fast::hash(&bytes[..12]) {
        return Err(corrupt("header checksum mismatch"));
    }
    let version = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes"));
    if version != FORMAT_VERSION {
        return Err(Error::UnsupportedVersion(version));
    }
    Ok(())
}

/// Appends LEB128 `v` to `out`.
#[inline]
pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads the fields of one record's payload, each read checked against the end.
pub(crate) struct Reader<'a> {
    pub(crate) bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes }
    }

    /// A LEB128 integer (at most 10 bytes, no overflow).
    pub(crate) fn varint(&mut self) -> Result<u64, Error> {
        let mut v = 0u64;
        for i in 0..10 {
            let (&b, rest) = self
                .bytes
                .split_first()
                .ok_or_else(|| corrupt("integer past the end of its record"))?;
            self.bytes = rest;
            let low = u64::from(b & 0x7f);
            if i == 9 && low > 1 {
                return Err(corrupt("integer overflows 64 bits"));
            }
            v |= low << (7 * i);
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(corrupt("integer longer than 10 bytes"))
    }

    /// A varint that must fit `max` (a count or a size).
    pub(crate) fn count(&mut self, max: usize, what: &str) -> Result<usize, Error> {
        let v = self.varint()?;
        if v > max as u64 {
            return Err(corrupt(format!("{what} {v} exceeds its limit {max}")));
        }
        Ok(v as usize)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, Error> {
        let (&b, rest) = self
            .bytes
            .split_first()
            .ok_or_else(|| corrupt("byte past the end of its record"))?;
        self.bytes = rest;
        Ok(b)
    }

    pub(crate) fn u32(&mut self) -> Result<u32, Error> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    pub(crate) fn u64(&mut self) -> Result<u64, Error> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        if self.bytes.len() < N {
            return Err(corrupt("field past the end of its record"));
        }
        let (a, rest) = self.bytes.split_at(N);
        self.bytes = rest;
        Ok(a.try_into().expect("N bytes"))
    }

    /// A serde value, encoded with postcard.
    pub(crate) fn value<T: serde::de::DeserializeOwned>(&mut self) -> Result<T, Error> {
        let (v, rest) = postcard::take_from_bytes(self.bytes)?;
        self.bytes = rest;
        Ok(v)
    }

    /// Fails unless every byte was read.
    pub(crate) fn finish(&self) -> Result<(), Error> {
        if self.bytes.is_empty() {
            Ok(())
        } else {
            Err(corrupt(
                "trailing bytes after the record's fields (its save's checksum holds, so the \
                 likeliest cause is loading with other key, value or element types than it was \
                 saved with)",
            ))
        }
    }
}

/// Appends a serde value, encoded with postcard.
pub(crate) fn put_value<T: serde::Serialize + ?Sized>(
    out: &mut Vec<u8>,
    v: &T,
) -> Result<(), Error> {
    let buf = std::mem::take(out);
    *out = postcard::to_extend(v, buf)?;
    Ok(())
}

/// Starts a record with `tag` at the end of `out`; returns where it starts, for `end_record`.
///
/// One byte is held for the payload length; `end_record` widens it if the payload needs more.
pub(crate) fn begin_record(out: &mut Vec<u8>, tag: u8) -> usize {
    let start = out.len();
    out.push(tag);
    out.push(0);
    start
}

/// Fills in the length of the record begun at `start`; returns where its payload starts.
pub(crate) fn end_record(out: &mut Vec<u8>, start: usize) -> Result<usize, Error> {
    let payload = start + 2;
    let len = out.len() - payload;
    if len > MAX_PAYLOAD {
        return Err(Error::Encoding(format!(
            "a record of {len} bytes exceeds the format's limit"
        )));
    }
    if len < 0x80 {
        out[start + 1] = len as u8;
        return Ok(payload);
    }
    let mut prefix = Vec::with_capacity(5);
    put_varint(&mut prefix, len as u64);
    let extra = prefix.len() - 1;
    let old_end = out.len();
    out.resize(old_end + extra, 0);
    out.copy_within(payload..old_end, payload + extra);
    out[start + 1..start + 1 + prefix.len()].copy_from_slice(&prefix);
    Ok(payload + extra)
}

/// One record found by `next_record`: its tag, payload, and the offset just past it.
pub(crate) struct Framed<'a> {
    pub(crate) tag: u8,
    pub(crate) payload: &'a [u8],
    pub(crate) end: usize,
}

/// The record at `at`, or `None` if the bytes there are not a whole record with a known tag
/// (the end of the log: a torn tail or damage). Nothing here is checked beyond the framing: the
/// commit's batch checksum vouches for the records before it.
pub(crate) fn next_record(bytes: &[u8], at: usize) -> Option<Framed<'_>> {
    let rest = bytes.get(at..)?;
    let (&tag, rest) = rest.split_first()?;
    if !matches!(
        tag,
        TAG_HASH_NODE | TAG_VEC_LEAF | TAG_VEC_BRANCH | TAG_ORD_LEAF | TAG_ORD_BRANCH | TAG_COMMIT
    ) {
        return None;
    }
    let mut r = Reader::new(rest);
    let len = r.varint().ok()?;
    if len > MAX_PAYLOAD as u64 || len > r.bytes.len() as u64 {
        return None;
    }
    let payload = &r.bytes[..len as usize];
    let end = bytes.len() - r.bytes.len() + len as usize;
    Some(Framed { tag, payload, end })
}

/// Writes a node's child list: count, then each child as a backwards delta from `own`.
pub(crate) fn put_children(out: &mut Vec<u8>, own: u64, children: &[u64]) {
    put_varint(out, children.len() as u64);
    for &c in children {
        debug_assert!(c < own);
        put_varint(out, own - c);
    }
}

/// Reads a node's child list (at most `max` children) as absolute ids; every reference must point
/// to an earlier record.
pub(crate) fn read_children(r: &mut Reader<'_>, own: u64, max: usize) -> Result<Vec<u64>, Error> {
    let n = r.count(max, "child count")?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let d = r.varint()?;
        if d == 0 {
            return Err(corrupt(format!("node {own} refers to itself (a cycle)")));
        }
        if d > own {
            return Err(corrupt(format!(
                "node {own} refers to a record before the first one"
            )));
        }
        out.push(own - d);
    }
    Ok(out)
}

/// The largest child count any node record may have (a hash branch has at most 32 children, a
/// vector or B+tree branch at most its branching factor).
pub(crate) const MAX_CHILDREN: usize = 32;

/// What kind of collection a version is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    HashMap = 1,
    HashSet = 2,
    Vector = 3,
    OrdMap = 4,
    OrdSet = 5,
}

impl Kind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::HashMap => "HashMap",
            Kind::HashSet => "HashSet",
            Kind::Vector => "Vector",
            Kind::OrdMap => "OrdMap",
            Kind::OrdSet => "OrdSet",
        }
    }

    fn from_u8(b: u8) -> Result<Kind, Error> {
        match b {
            1 => Ok(Kind::HashMap),
            2 => Ok(Kind::HashSet),
            3 => Ok(Kind::Vector),
            4 => Ok(Kind::OrdMap),
            5 => Ok(Kind::OrdSet),
            _ => Err(corrupt(format!("unknown collection kind {b}"))),
        }
    }
}

/// A commit record: one saved version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub(crate) version: u64,
    pub(crate) kind: Kind,
    /// Number of elements.
    pub(crate) len: u64,
    /// The hasher probe of a map or set (0 for a vector).
    pub(crate) probe: u64,
    /// Node records in the file when this version was committed (every root is below it).
    pub(crate) nodes: u64,
    /// Root records; `None` for an absent part (a vector's empty head, tree or tail).
    pub(crate) roots: Vec<Option<u64>>,
    /// Height of a vector's or an ordered map's tree (0 otherwise, and for a leaf root).
    pub(crate) height: u64,
    /// File offset of the first record of this save.
    pub(crate) batch_start: u64,
    /// CRC-32 of the bytes from `batch_start` to this record.
    pub(crate) batch_crc: u32,
}

/// The most roots a commit names (a vector: head, tree, tail).
const MAX_ROOTS: usize = 3;

impl Commit {
    /// Appends the commit record; its checksum field is computed here, over the bytes of `out`
    /// from `batch_start` (which `out` must hold) up to the field (`self.batch_crc` is ignored).
    /// Returns the checksum.
    pub(crate) fn encode(&self, out: &mut Vec<u8>) -> Result<u32, Error> {
        let mut p = Vec::with_capacity(48);
        put_varint(&mut p, self.version);
        p.push(self.kind as u8);
        put_varint(&mut p, self.len);
        p.extend_from_slice(&self.probe.to_le_bytes());
        put_varint(&mut p, self.nodes);
        put_varint(&mut p, self.roots.len() as u64);
        for r in &self.roots {
            put_varint(&mut p, r.map_or(0, |id| id + 1));
        }
        put_varint(&mut p, self.height);
        put_varint(&mut p, self.batch_start);
        out.push(TAG_COMMIT);
        put_varint(out, p.len() as u64 + 4);
        out.extend_from_slice(&p);
        let crc = crc32fast::hash(&out[self.batch_start as usize..]);
        out.extend_from_slice(&crc.to_le_bytes());
        Ok(crc)
    }

    pub(crate) fn decode(payload: &[u8]) -> Result<Commit, Error> {
        let mut r = Reader::new(payload);
        let version = r.varint()?;
        let kind = Kind::from_u8(r.u8()?)?;
        let len = r.varint()?;
        let probe = r.u64()?;
        let nodes = r.varint()?;
        let n = r.count(MAX_ROOTS, "root count")?;
        let mut roots = Vec::with_capacity(n);
        for _ in 0..n {
            let v = r.varint()?;
            let root = v.checked_sub(1);
            if root.is_some_and(|id| id >= nodes) {
                return Err(corrupt("a version's root refers to a later record"));
            }
            roots.push(root);
        }
        let height = r.varint()?;
        let batch_start = r.varint()?;
        let batch_crc = r.u32()?;
        r.finish()?;
        Ok(Commit {
            version,
            kind,
            len,
            probe,
            nodes,
            roots,
            height,
            batch_start,
            batch_crc,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_round_trip_and_overflow() {
        for v in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            let mut out = Vec::new();
            put_varint(&mut out, v);
            assert_eq!(Reader::new(&out).varint().unwrap(), v);
        }
        let too_big = [0xff; 10];
        assert!(Reader::new(&too_big).varint().is_err());
        assert!(Reader::new(&[0x80]).varint().is_err());
    }

    #[test]
    fn records_of_every_length_frame_and_unknown_tags_end_the_log() {
        for len in [0, 1, 127, 128, 300, 20_000] {
            let mut out = vec![0xee];
            let start = begin_record(&mut out, TAG_VEC_LEAF);
            out.extend((0..len).map(|i| i as u8));
            let at = end_record(&mut out, start).unwrap();
            let rec = next_record(&out, 1).unwrap();
            assert_eq!(
                (rec.tag, rec.payload.len(), rec.end),
                (TAG_VEC_LEAF, len, out.len())
            );
            assert_eq!(at, out.len() - len);
            assert!(rec.payload.iter().enumerate().all(|(i, &b)| b == i as u8));
            // Cut short, the record is not whole.
            assert!(next_record(&out[..out.len() - 1], 1).is_none() || len == 0);
        }
        assert!(next_record(&[0, 0], 0).is_none());
        assert!(next_record(&[TAG_HASH_NODE, 0x80], 0).is_none());
    }

    #[test]
    fn the_commit_checksum_covers_the_batch_and_the_commit() {
        let mut out = vec![1, 2, 3];
        let c = Commit {
            version: 7,
            kind: Kind::Vector,
            len: 9,
            probe: 0,
            nodes: 1,
            roots: vec![None, Some(0), None],
            height: 1,
            batch_start: 1,
            batch_crc: 0,
        };
        let crc = c.encode(&mut out).unwrap();
        assert_eq!(crc, crc32fast::hash(&out[1..out.len() - 4]));
        let rec = next_record(&out, 3).unwrap();
        assert_eq!(rec.end, out.len());
        let back = Commit::decode(rec.payload).unwrap();
        assert_eq!(
            back,
            Commit {
                batch_crc: crc,
                ..c
            }
        );
    }
}
