//! The OrdMap and OrdSet adapter: writes and reads B+tree nodes through
//! `crate::ord::persist_api`, the only code of `persist` that sees the tree.
//!
//! Leaf body: `count (varint) | entries`, an entry `(key, value)` in postcard (a set's `()` value
//! takes no bytes). Branch body: its separators, in postcard (one fewer than the record's
//! children, which are the branch's children in key order). A branch's per-child entry counts are
//! not written: a load recomputes them from the children, so they cannot disagree with them. A
//! commit names one root (absent for an empty map), the entry count and the tree's height.
//!
//! A load walks down from the root with each node's place (height, the key bounds the separators
//! above give it, root or not) and builds a node only if it fits: see `persist_api.rs` for the
//! checks, which are `check.rs`'s. No hasher is involved, so every load is structural.

use super::error::{corrupt, Error};
use super::format::{put_value, put_varint, Commit, Kind, TAG_ORD_BRANCH, TAG_ORD_LEAF};
use super::sealed::Sealed;
use super::store::{LoadCtx, NodeInfo, Parts, SaveCtx};
use super::Persist;
use crate::ord::persist_api::{self as api, Node, NodeRef, Place, View};
use crate::{OrdMap, OrdSet};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Writes `node` and what it reaches that the store lacks; returns its id, height and entry count.
fn save_node<K, V>(node: NodeRef<'_, K, V>, ctx: &mut SaveCtx<'_>) -> Result<(u64, u64, u64), Error>
where
    K: Serialize + Send + Sync + 'static,
    V: Serialize + Send + Sync + 'static,
{
    let addr = api::addr(node);
    if let Some((id, info)) = ctx.lookup(addr) {
        return Ok((id, info.depth, info.count));
    }
    let (start, height, count) = match api::view(node) {
        View::Leaf { keys, vals } => {
            let (start, _) = ctx.begin(TAG_ORD_LEAF, &[]);
            let buf = ctx.buf();
            put_varint(buf, keys.len() as u64);
            for e in keys.iter().zip(vals) {
                put_value(buf, &e)?;
            }
            (start, 0, keys.len() as u64)
        }
        View::Branch {
            children,
            separators,
        } => {
            // At most 32 children: on the stack, not one allocation per branch.
            let mut ids = smallvec::SmallVec::<[u64; 32]>::new();
            let (mut height, mut count) = (0, 0);
            for c in children {
                let (id, h, n) = save_node(c, ctx)?;
                ids.push(id);
                height = h + 1;
                count += n;
            }
            let (start, _) = ctx.begin(TAG_ORD_BRANCH, &ids);
            let buf = ctx.buf();
            for s in separators {
                put_value(buf, s)?;
            }
            (start, height, count)
        }
    };
    let info = NodeInfo {
        depth: height,
        prefix: 0,
        count,
        checked_under: 0,
    };
    let id = ctx.end(start, addr, Box::new(api::handle(node)), info)?;
    Ok((id, height, count))
}

/// Loads record `id` as the node at `place`, checked as the tree's own checker would.
fn load_node<K, V>(ctx: &mut LoadCtx<'_>, id: u64, place: Place<'_, K>) -> Result<Node<K, V>, Error>
where
    K: DeserializeOwned + Ord + Send + Sync + 'static,
    V: DeserializeOwned + Send + Sync + 'static,
{
    let bad = |what: &str| corrupt(format!("ord node {id}: {what}"));
    if let Some(known) = ctx.known(id) {
        if let Some(node) = known.handle.downcast_ref::<Node<K, V>>() {
            api::check_known(node, &place).map_err(bad)?;
            return Ok(node.clone());
        }
    }
    let (tag, children, mut r) = ctx.record(id, api::MAX_CHILDREN)?;
    let node = match tag {
        TAG_ORD_LEAF => {
            if !children.is_empty() {
                return Err(bad("a leaf with children"));
            }
            let n = r.count(api::MAX_LEAF, "ord leaf entry count")?;
            let (mut keys, mut vals) = (Vec::with_capacity(n), Vec::with_capacity(n));
            for _ in 0..n {
                let (k, v) = r.value::<(K, V)>()?;
                keys.push(k);
                vals.push(v);
            }
            r.finish()?;
            api::check_leaf(&keys, &place).map_err(bad)?;
            api::leaf(keys, vals)
        }
        TAG_ORD_BRANCH => {
            let mut separators = Vec::with_capacity(children.len().saturating_sub(1));
            for _ in 1..children.len() {
                separators.push(r.value::<K>()?);
            }
            r.finish()?;
            api::check_separators(&separators, children.len(), &place).map_err(bad)?;
            let mut kids = Vec::with_capacity(children.len());
            for (i, &cid) in children.iter().enumerate() {
                kids.push(load_node::<K, V>(ctx, cid, place.child(&separators, i))?);
            }
            api::branch(separators, kids).map_err(bad)?
        }
        _ => return Err(corrupt(format!("record {id} is not an ord node"))),
    };
    let info = NodeInfo {
        depth: place.height as u64,
        prefix: 0,
        count: api::len(&node) as u64,
        checked_under: 0,
    };
    ctx.remember(id, api::addr(node.as_ref()), Box::new(node.clone()), info);
    Ok(node)
}

fn save_map<K, V>(map: &OrdMap<K, V>, ctx: &mut SaveCtx<'_>) -> Result<Parts, Error>
where
    K: Serialize + Send + Sync + 'static,
    V: Serialize + Send + Sync + 'static,
{
    let (root, height) = match api::parts(map) {
        None => (None, 0),
        Some((root, h)) => (Some(save_node(root, ctx)?.0), h as u64),
    };
    Ok(Parts {
        len: map.len() as u64,
        probe: 0,
        roots: vec![root],
        height,
    })
}

fn load_map<K, V>(ctx: &mut LoadCtx<'_>, commit: &Commit) -> Result<OrdMap<K, V>, Error>
where
    K: DeserializeOwned + Ord + Send + Sync + 'static,
    V: DeserializeOwned + Send + Sync + 'static,
{
    let [root] = commit.roots[..] else {
        return Err(corrupt("an ordered map's commit must name one root"));
    };
    let height = usize::try_from(commit.height)
        .ok()
        .filter(|&h| h <= api::MAX_HEIGHT)
        .ok_or_else(|| corrupt("ordered map height past the limit"))?;
    let root = match root {
        None if height == 0 => None,
        None => return Err(corrupt("an empty ordered map with a nonzero height")),
        Some(id) => Some(load_node::<K, V>(ctx, id, Place::root(height))?),
    };
    if root.as_ref().map_or(0, |r| api::len(r) as u64) != commit.len {
        return Err(corrupt(
            "the ordered map's length differs from its entry count",
        ));
    }
    Ok(api::from_root(root))
}

impl<K, V> Sealed for OrdMap<K, V>
where
    K: Serialize + DeserializeOwned + Ord + Send + Sync + 'static,
    V: Serialize + DeserializeOwned + Send + Sync + 'static,
{
    const KIND: Kind = Kind::OrdMap;

    fn save_parts(&self, ctx: &mut SaveCtx<'_>) -> Result<Parts, Error> {
        save_map(self, ctx)
    }

    fn load_parts(ctx: &mut LoadCtx<'_>, commit: &Commit) -> Result<Self, Error> {
        load_map(ctx, commit)
    }
}

impl<K, V> Persist for OrdMap<K, V>
where
    K: Serialize + DeserializeOwned + Ord + Send + Sync + 'static,
    V: Serialize + DeserializeOwned + Send + Sync + 'static,
{
}

impl<T> Sealed for OrdSet<T>
where
    T: Serialize + DeserializeOwned + Ord + Send + Sync + 'static,
{
    const KIND: Kind = Kind::OrdSet;

    fn save_parts(&self, ctx: &mut SaveCtx<'_>) -> Result<Parts, Error> {
        save_map(api::set_map(self), ctx)
    }

    fn load_parts(ctx: &mut LoadCtx<'_>, commit: &Commit) -> Result<Self, Error> {
        load_map(ctx, commit).map(api::set_from_map)
    }
}

impl<T> Persist for OrdSet<T> where T: Serialize + DeserializeOwned + Ord + Send + Sync + 'static {}
