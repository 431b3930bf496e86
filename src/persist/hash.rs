//! The HashMap and HashSet adapter: writes and reads CHAMP nodes through
//! `crate::hash::persist_api`, the only code of `persist` that sees the trie.
//!
//! Node body: `0 | datamap (varint) | nodemap (varint) | entries` for a branching node,
//! `1 | count (varint) | entries` for a collision node; an entry is `(key, value)` in postcard.
//! The bitmaps are varints because most nodes of a large map are small leaves near the bottom:
//! a nodemap of 0 takes one byte, not four.

use super::error::{corrupt, Error};
use super::format::{put_value, Commit, Kind, TAG_HASH_NODE};
use super::sealed::{Sealed, SealedHashed};
use super::store::{LoadCtx, NodeInfo, Parts, SaveCtx};
use super::{Persist, PersistHashed};
use crate::hash::persist_api::{self as api, Node, View, COLLISION_LEVEL};
use crate::{HashMap, HashSet};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::any::TypeId;
use std::collections::HashSet as StdHashSet;
use std::hash::{BuildHasher, DefaultHasher, Hash, Hasher};

/// The most entries a collision node read from a file may hold: its keys are compared pairwise
/// (they share one hash), so the bound keeps a hostile file from costing quadratic time.
pub(crate) const MAX_COLLISION: usize = 4096;

/// The hashes of fixed values under `hasher`, folded into one number: two hashers with different
/// probes place keys differently.
fn probe<S: BuildHasher>(hasher: &S) -> u64 {
    let mut acc = hasher.hash_one("cowtree persist probe");
    for v in [0u64, 1, 0x0123_4567_89ab_cdef, u64::MAX] {
        acc = acc.rotate_left(17) ^ hasher.hash_one(v);
    }
    acc
}

/// The key under which a node checked with `hasher` is remembered: its probe and type, so that a
/// node checked under one hasher is not reused under another.
fn checked_under<S: BuildHasher + 'static>(hasher: &S) -> u64 {
    let mut h = DefaultHasher::new();
    TypeId::of::<S>().hash(&mut h);
    probe(hasher) ^ h.finish()
}

/// Writes `node` (at `level`, hash prefix `prefix`) and what it reaches that the store lacks.
fn save_node<K, V>(
    node: &Node<K, V>,
    level: u32,
    prefix: u64,
    under: u64,
    ctx: &mut SaveCtx<'_>,
) -> Result<(u64, u64), Error>
where
    K: Serialize + Send + Sync + 'static,
    V: Serialize + Send + Sync + 'static,
{
    if let Some((id, info)) = ctx.lookup(api::addr(node)) {
        return Ok((id, info.count));
    }
    let (id, count) = match api::view(node) {
        View::Branch {
            datamap,
            nodemap,
            entries,
            children,
        } => {
            // At most 32 children: on the stack, not one allocation per branch.
            let mut ids = smallvec::SmallVec::<[u64; 32]>::new();
            let mut count = entries.len() as u64;
            for (child, bit) in children.iter().zip(bits(nodemap)) {
                let slot = bit.trailing_zeros();
                let (cid, n) = save_node(
                    child,
                    level + 1,
                    api::child_prefix(prefix, level, slot),
                    under,
                    ctx,
                )?;
                ids.push(cid);
                count += n;
            }
            let (start, _) = ctx.begin(TAG_HASH_NODE, &ids);
            let buf = ctx.buf();
            buf.push(0);
            super::format::put_varint(buf, u64::from(datamap));
            super::format::put_varint(buf, u64::from(nodemap));
            for (k, v) in entries {
                put_value(buf, &(k, v))?;
            }
            (start, count)
        }
        View::Collision { entries } => {
            let (start, _) = ctx.begin(TAG_HASH_NODE, &[]);
            let buf = ctx.buf();
            buf.push(1);
            super::format::put_varint(buf, entries.len() as u64);
            for (k, v) in entries {
                put_value(buf, &(k, v))?;
            }
            (start, entries.len() as u64)
        }
    };
    let info = NodeInfo {
        depth: u64::from(level),
        prefix,
        count,
        checked_under: under,
    };
    let id = ctx.end(id, api::addr(node), Box::new(node.clone()), info)?;
    Ok((id, count))
}

/// Each set bit of `bitmap` as a one-bit mask, lowest first.
fn bits(bitmap: u32) -> impl Iterator<Item = u32> {
    let mut rest = bitmap;
    std::iter::from_fn(move || {
        (rest != 0).then(|| {
            let bit = rest & rest.wrapping_neg();
            rest &= rest - 1;
            bit
        })
    })
}

/// A node's decoded record, its structure checked but not yet its hashes.
struct Record<K, V> {
    children: Vec<u64>,
    /// `Some((datamap, nodemap))` for a branching node, `None` for a collision node.
    maps: Option<(u32, u32)>,
    entries: Vec<(K, V)>,
}

/// Reads record `id` as a hash node at `level`, checking everything that does not need a hash.
fn read_record<K, V>(ctx: &LoadCtx<'_>, id: u64, level: u32) -> Result<Record<K, V>, Error>
where
    K: DeserializeOwned + Eq,
    V: DeserializeOwned,
{
    let (tag, children, mut r) = ctx.record(id, 32)?;
    if tag != TAG_HASH_NODE {
        return Err(corrupt(format!("record {id} is not a hash node")));
    }
    let rec = match r.u8()? {
        0 => {
            if level >= COLLISION_LEVEL {
                return Err(corrupt(format!(
                    "hash node {id}: a branching node at full depth"
                )));
            }
            let datamap = r.count(u32::MAX as usize, "datamap")? as u32;
            let nodemap = r.count(u32::MAX as usize, "nodemap")? as u32;
            if datamap & nodemap != 0 {
                return Err(corrupt(format!(
                    "hash node {id}: datamap and nodemap overlap"
                )));
            }
            if (datamap | nodemap) & !api::slots_mask(level) != 0 {
                return Err(corrupt(format!("hash node {id}: slot past the last one")));
            }
            if nodemap.count_ones() as usize != children.len() {
                return Err(corrupt(format!(
                    "hash node {id}: nodemap popcount differs from its child count"
                )));
            }
            let n = datamap.count_ones() as usize;
            let mut entries = Vec::with_capacity(n);
            for _ in 0..n {
                entries.push(r.value::<(K, V)>()?);
            }
            Record {
                children,
                maps: Some((datamap, nodemap)),
                entries,
            }
        }
        1 => {
            if level != COLLISION_LEVEL || !children.is_empty() {
                return Err(corrupt(format!(
                    "hash node {id}: a collision node above full depth or with children"
                )));
            }
            let n = r.count(MAX_COLLISION, "collision node size")?;
            if n < 2 {
                return Err(corrupt(format!(
                    "hash node {id}: a collision node with fewer than two entries"
                )));
            }
            let mut entries: Vec<(K, V)> = Vec::with_capacity(n);
            for _ in 0..n {
                let e = r.value::<(K, V)>()?;
                if entries.iter().any(|o| o.0 == e.0) {
                    return Err(corrupt(format!("hash node {id}: duplicate key")));
                }
                entries.push(e);
            }
            Record {
                children,
                maps: None,
                entries,
            }
        }
        other => {
            return Err(corrupt(format!(
                "hash node {id}: unknown node form {other}"
            )))
        }
    };
    r.finish()?;
    Ok(rec)
}

/// Loads record `id` as the node at `level` with hash prefix `prefix`, every key placed by
/// `hasher`; returns the node and its entry count.
fn load_node<K, V, S>(
    ctx: &mut LoadCtx<'_>,
    id: u64,
    level: u32,
    prefix: u64,
    hasher: &S,
    under: u64,
) -> Result<(Node<K, V>, u64), Error>
where
    K: DeserializeOwned + Hash + Eq + Send + Sync + 'static,
    V: DeserializeOwned + Send + Sync + 'static,
    S: BuildHasher,
{
    if let Some(known) = ctx.known(id) {
        if let (true, Some(node)) = (
            known.info.checked_under == under,
            known.handle.downcast_ref::<Node<K, V>>(),
        ) {
            if known.info.depth != u64::from(level) || known.info.prefix != prefix {
                return Err(corrupt(format!(
                    "hash node {id} is reached at two places of the trie"
                )));
            }
            return Ok((node.clone(), known.info.count));
        }
    }
    let rec = read_record::<K, V>(ctx, id, level)?;
    let (node, count) = match rec.maps {
        None => {
            for (k, _) in &rec.entries {
                if hasher.hash_one(k) != prefix {
                    return Err(corrupt(format!(
                        "hash node {id}: a collided key does not have the path's hash"
                    )));
                }
            }
            let n = rec.entries.len() as u64;
            (api::collision(rec.entries), n)
        }
        Some((datamap, nodemap)) => {
            let mask = api::prefix_mask(level);
            for ((k, _), bit) in rec.entries.iter().zip(bits(datamap)) {
                let h = hasher.hash_one(k);
                if h & mask != prefix || api::bit_of(h, level) != bit {
                    return Err(corrupt(format!(
                        "hash node {id}: a key is not in the slot of its hash"
                    )));
                }
            }
            let mut count = rec.entries.len() as u64;
            let mut children = Vec::with_capacity(rec.children.len());
            for (&cid, bit) in rec.children.iter().zip(bits(nodemap)) {
                let slot = bit.trailing_zeros();
                let cp = api::child_prefix(prefix, level, slot);
                let (child, n) = load_node::<K, V, S>(ctx, cid, level + 1, cp, hasher, under)?;
                if n < 2 {
                    return Err(corrupt(format!(
                        "hash node {cid}: a subtree below the root with fewer than two entries"
                    )));
                }
                count += n;
                children.push(child);
            }
            (api::branch(datamap, nodemap, rec.entries, children), count)
        }
    };
    let info = NodeInfo {
        depth: u64::from(level),
        prefix,
        count,
        checked_under: under,
    };
    ctx.remember(id, api::addr(&node), Box::new(node.clone()), info);
    Ok((node, count))
}

/// Collects the entries below record `id` without placing them (for a rebuild by insertion).
fn collect_entries<K, V>(
    ctx: &LoadCtx<'_>,
    id: u64,
    level: u32,
    seen: &mut StdHashSet<u64>,
    out: &mut Vec<(K, V)>,
) -> Result<(), Error>
where
    K: DeserializeOwned + Eq,
    V: DeserializeOwned,
{
    if !seen.insert(id) {
        return Err(corrupt(format!(
            "hash node {id} is reached at two places of the trie"
        )));
    }
    let rec = read_record::<K, V>(ctx, id, level)?;
    out.extend(rec.entries);
    for cid in rec.children {
        collect_entries(ctx, cid, level + 1, seen, out)?;
    }
    Ok(())
}

fn save_map<K, V, S>(map: &HashMap<K, V, S>, ctx: &mut SaveCtx<'_>) -> Result<Parts, Error>
where
    K: Serialize + Send + Sync + 'static,
    V: Serialize + Send + Sync + 'static,
    S: BuildHasher + 'static,
{
    let (root, len, hasher) = api::parts(map);
    let (id, _) = save_node(root, 0, 0, checked_under(hasher), ctx)?;
    Ok(Parts {
        len: len as u64,
        probe: probe(hasher),
        roots: vec![Some(id)],
        height: 0,
    })
}

fn load_map<K, V, S>(
    ctx: &mut LoadCtx<'_>,
    commit: &Commit,
    hasher: S,
) -> Result<HashMap<K, V, S>, Error>
where
    K: DeserializeOwned + Hash + Eq + Clone + Send + Sync + 'static,
    V: DeserializeOwned + Clone + Send + Sync + 'static,
    S: BuildHasher + 'static,
{
    let [Some(root)] = commit.roots[..] else {
        return Err(corrupt("a map's commit must name one root"));
    };
    if commit.probe == probe(&hasher) {
        let under = checked_under(&hasher);
        let (node, count) = load_node::<K, V, S>(ctx, root, 0, 0, &hasher, under)?;
        if count != commit.len {
            return Err(corrupt("the map's length differs from its entry count"));
        }
        return Ok(api::from_parts(node, count as usize, hasher));
    }
    // Another hasher would place the keys elsewhere: rebuild by insertion.
    let mut entries = Vec::new();
    collect_entries::<K, V>(ctx, root, 0, &mut StdHashSet::new(), &mut entries)?;
    if entries.len() as u64 != commit.len {
        return Err(corrupt("the map's length differs from its entry count"));
    }
    let mut map = HashMap::with_hasher(hasher);
    map.extend(entries);
    if map.len() as u64 != commit.len {
        return Err(corrupt("the map holds a key twice"));
    }
    Ok(map)
}

impl<K, V, S> Sealed for HashMap<K, V, S>
where
    K: Serialize + DeserializeOwned + Hash + Eq + Clone + Send + Sync + 'static,
    V: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
    S: BuildHasher + Default + 'static,
{
    const KIND: Kind = Kind::HashMap;

    fn save_parts(&self, ctx: &mut SaveCtx<'_>) -> Result<Parts, Error> {
        save_map(self, ctx)
    }

    fn load_parts(ctx: &mut LoadCtx<'_>, commit: &Commit) -> Result<Self, Error> {
        load_map(ctx, commit, S::default())
    }
}

impl<K, V, S> SealedHashed for HashMap<K, V, S>
where
    K: Serialize + DeserializeOwned + Hash + Eq + Clone + Send + Sync + 'static,
    V: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
    S: BuildHasher + Default + 'static,
{
    type Hasher = S;

    fn load_with(ctx: &mut LoadCtx<'_>, commit: &Commit, hasher: S) -> Result<Self, Error> {
        load_map(ctx, commit, hasher)
    }
}

impl<K, V, S> Persist for HashMap<K, V, S>
where
    K: Serialize + DeserializeOwned + Hash + Eq + Clone + Send + Sync + 'static,
    V: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
    S: BuildHasher + Default + 'static,
{
}

impl<K, V, S> PersistHashed for HashMap<K, V, S>
where
    K: Serialize + DeserializeOwned + Hash + Eq + Clone + Send + Sync + 'static,
    V: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
    S: BuildHasher + Default + 'static,
{
}

impl<T, S> Sealed for HashSet<T, S>
where
    T: Serialize + DeserializeOwned + Hash + Eq + Clone + Send + Sync + 'static,
    S: BuildHasher + Default + 'static,
{
    const KIND: Kind = Kind::HashSet;

    fn save_parts(&self, ctx: &mut SaveCtx<'_>) -> Result<Parts, Error> {
        save_map(api::set_map(self), ctx)
    }

    fn load_parts(ctx: &mut LoadCtx<'_>, commit: &Commit) -> Result<Self, Error> {
        load_map(ctx, commit, S::default()).map(api::set_from_map)
    }
}

impl<T, S> SealedHashed for HashSet<T, S>
where
    T: Serialize + DeserializeOwned + Hash + Eq + Clone + Send + Sync + 'static,
    S: BuildHasher + Default + 'static,
{
    type Hasher = S;

    fn load_with(ctx: &mut LoadCtx<'_>, commit: &Commit, hasher: S) -> Result<Self, Error> {
        load_map(ctx, commit, hasher).map(api::set_from_map)
    }
}

impl<T, S> Persist for HashSet<T, S>
where
    T: Serialize + DeserializeOwned + Hash + Eq + Clone + Send + Sync + 'static,
    S: BuildHasher + Default + 'static,
{
}

impl<T, S> PersistHashed for HashSet<T, S>
where
    T: Serialize + DeserializeOwned + Hash + Eq + Clone + Send + Sync + 'static,
    S: BuildHasher + Default + 'static,
{
}
