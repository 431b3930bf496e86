//! The Vector adapter: writes and reads RRB-tree nodes through `crate::vector::tree::persist_api`, the
//! only code of `persist` that sees the tree.
//!
//! Leaf body: `count (varint) | elements` (postcard). Branch body: `height (varint)`; its
//! children are the record's child list, and its size table is recomputed (and checked) on load.
//! A commit names three roots: the head buffer (a leaf, elements in reverse order), the tree's
//! root and the tail buffer, each absent when empty.

use super::error::{corrupt, Error};
use super::format::{put_value, put_varint, Commit, Kind, TAG_VEC_BRANCH, TAG_VEC_LEAF};
use super::sealed::Sealed;
use super::store::{LoadCtx, NodeInfo, Parts, SaveCtx};
use super::Persist;
use crate::vector::tree::persist_api::{self as api, Handle, View, BRANCHING};
use crate::Vector;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The tallest tree a file may claim (a 64-bit length needs at most 13 levels of 32).
const MAX_HEIGHT: usize = 64;

/// Writes `node` and what it reaches that the store lacks; returns its id, height and length.
fn save_node<T>(node: &Handle<T>, ctx: &mut SaveCtx<'_>) -> Result<(u64, u64, u64), Error>
where
    T: Serialize + Send + Sync + 'static,
{
    if let Some((id, info)) = ctx.lookup(node.addr()) {
        return Ok((id, info.depth, info.count));
    }
    let (start, height, len) = match node.view() {
        View::Leaf(items) => {
            let (start, _) = ctx.begin(TAG_VEC_LEAF, &[]);
            let buf = ctx.buf();
            put_varint(buf, items.len() as u64);
            for x in items {
                put_value(buf, x)?;
            }
            (start, 0, items.len() as u64)
        }
        View::Branch(children) => {
            let mut ids = Vec::with_capacity(children.len());
            let (mut height, mut len) = (0, 0);
            for c in &children {
                let (id, h, l) = save_node(c, ctx)?;
                ids.push(id);
                height = h + 1;
                len += l;
            }
            let (start, _) = ctx.begin(TAG_VEC_BRANCH, &ids);
            put_varint(ctx.buf(), height);
            (start, height, len)
        }
    };
    let info = NodeInfo {
        depth: height,
        prefix: 0,
        count: len,
        checked_under: 0,
    };
    let id = ctx.end(start, node.addr(), Box::new(node.clone()), info)?;
    Ok((id, height, len))
}

/// Loads record `id` as a node of height `height`; returns it and its length.
fn load_node<T>(ctx: &mut LoadCtx<'_>, id: u64, height: usize) -> Result<(Handle<T>, usize), Error>
where
    T: DeserializeOwned + Send + Sync + 'static,
{
    if let Some(known) = ctx.known(id) {
        if let Some(node) = known.handle.downcast_ref::<Handle<T>>() {
            if known.info.depth != height as u64 {
                return Err(corrupt(format!(
                    "vector node {id} is reached at two heights"
                )));
            }
            return Ok((node.clone(), known.info.count as usize));
        }
    }
    let (tag, children, mut r) = ctx.record(id, BRANCHING)?;
    let (node, len) = match tag {
        TAG_VEC_LEAF if height == 0 && children.is_empty() => {
            let n = r.count(BRANCHING, "leaf length")?;
            if n == 0 {
                return Err(corrupt(format!("vector leaf {id} is empty")));
            }
            let mut items = Vec::with_capacity(n);
            for _ in 0..n {
                items.push(r.value::<T>()?);
            }
            r.finish()?;
            (Handle::leaf(items), n)
        }
        TAG_VEC_BRANCH if height > 0 => {
            let h = r.count(MAX_HEIGHT, "height")?;
            r.finish()?;
            if h != height {
                return Err(corrupt(format!(
                    "vector branch {id} is at height {height}, its record says {h}"
                )));
            }
            let mut kids = Vec::with_capacity(children.len());
            let mut len = 0usize;
            for cid in children {
                let (c, l) = load_node::<T>(ctx, cid, height - 1)?;
                len = len
                    .checked_add(l)
                    .ok_or_else(|| corrupt("vector length overflows"))?;
                kids.push((c, l));
            }
            let node = Handle::branch(kids, height)
                .map_err(|e| corrupt(format!("vector branch {id}: {e}")))?;
            (node, len)
        }
        _ => {
            return Err(corrupt(format!(
                "record {id} is not a vector node of height {height}"
            )))
        }
    };
    let info = NodeInfo {
        depth: height as u64,
        prefix: 0,
        count: len as u64,
        checked_under: 0,
    };
    ctx.remember(id, node.addr(), Box::new(node.clone()), info);
    Ok((node, len))
}

impl<T> Sealed for Vector<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
{
    const KIND: Kind = Kind::Vector;

    fn save_parts(&self, ctx: &mut SaveCtx<'_>) -> Result<Parts, Error> {
        let (head, tree, tail) = api::parts(self);
        let mut roots = Vec::with_capacity(3);
        let mut height = 0;
        let head = head.map(|h| save_node(&h, ctx)).transpose()?;
        roots.push(head.map(|r| r.0));
        match tree {
            Some((root, h, _)) => {
                roots.push(Some(save_node(&root, ctx)?.0));
                height = h as u64;
            }
            None => roots.push(None),
        }
        let tail = tail.map(|t| save_node(&t, ctx)).transpose()?;
        roots.push(tail.map(|r| r.0));
        Ok(Parts {
            len: self.len() as u64,
            probe: 0,
            roots,
            height,
        })
    }

    fn load_parts(ctx: &mut LoadCtx<'_>, commit: &Commit) -> Result<Self, Error> {
        let [head, root, tail] = commit.roots[..] else {
            return Err(corrupt("a vector's commit must name three roots"));
        };
        let height = usize::try_from(commit.height)
            .ok()
            .filter(|&h| h <= MAX_HEIGHT)
            .ok_or_else(|| corrupt("vector height past the limit"))?;
        let mut total = 0usize;
        let mut buffer = |ctx: &mut LoadCtx<'_>, id: Option<u64>| -> Result<_, Error> {
            id.map(|id| {
                let (leaf, len) = load_node::<T>(ctx, id, 0)?;
                total += len;
                Ok(leaf)
            })
            .transpose()
        };
        let head = buffer(ctx, head)?;
        let tail = buffer(ctx, tail)?;
        let tree = match root {
            None => None,
            Some(id) => {
                let (node, len) = load_node::<T>(ctx, id, height)?;
                debug_assert!(height > 0 || node.is_leaf());
                total = total
                    .checked_add(len)
                    .ok_or_else(|| corrupt("vector length overflows"))?;
                Some((node, height, len))
            }
        };
        if tree.is_none() && height != 0 {
            return Err(corrupt("an empty vector tree with a nonzero height"));
        }
        if total as u64 != commit.len {
            return Err(corrupt(
                "the vector's length differs from its element count",
            ));
        }
        api::from_parts((head, tree, tail)).map_err(|e| corrupt(e.to_string()))
    }
}

impl<T> Persist for Vector<T> where T: Serialize + DeserializeOwned + Send + Sync + 'static {}
