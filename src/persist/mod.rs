//! Saving and loading versions of cowtree collections, node by node, with their sharing kept.
//!
//! A [`Store`] is one file holding any number of versions of [`HashMap`](crate::HashMap)s,
//! [`HashSet`](crate::HashSet)s, [`Vector`](crate::Vector)s, [`OrdMap`](crate::OrdMap)s and
//! [`OrdSet`](crate::OrdSet)s. Each tree node is written once: a save writes only the nodes the
//! store does not hold yet, so saving a version derived from a saved (or loaded) one by `k`
//! writes costs O(k log n), not O(n). Loading restores the sharing:
//! two versions loaded from one store share every node they shared when saved
//! ([`sharing`](crate::HashMap::sharing) shows it). Keys, values and elements are encoded with
//! serde (postcard's compact binary format).
//!
//! ```
//! # let dir = std::env::temp_dir().join(format!("cowtree-doc-persist-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir).unwrap();
//! use cowtree::{persist::Store, HashMap};
//! use std::hash::{BuildHasherDefault, DefaultHasher};
//!
//! // A hasher with no random seed, so that another process hashes keys the same way and loads
//! // the saved nodes as they are (with std's `RandomState` a load rebuilds the map by insertion:
//! // correct, but the loaded versions no longer share nodes). See "Hashers" below.
//! type Prices = HashMap<String, u32, BuildHasherDefault<DefaultHasher>>;
//!
//! let path = dir.join("prices.cowtree");
//! let mut store = Store::create(&path)?;
//! let mut prices: Prices = (0..1000).map(|i| (format!("item {i}"), i)).collect();
//! prices.insert("apple".into(), 3);
//! let v1 = store.save(&prices)?;             // the whole map (it is new to the store)
//! prices.insert("pear".into(), 5);
//! let v2 = store.save(&prices)?;             // one path: what changed
//! drop(store);                               // one Store per file: it holds the file's lock
//!
//! let mut store = Store::open(&path)?;       // later, in another process
//! let old: Prices = store.load(v1)?;
//! let new: Prices = store.load(v2)?;
//! assert_eq!((old.len(), new["pear"]), (1001, 5));
//! assert!(old.sharing(&new).shared > 0);     // loaded with their sharing
//! # std::fs::remove_dir_all(&dir).unwrap();
//! # Ok::<(), cowtree::persist::Error>(())
//! ```
//!
//! # File layout: an append-only log
//!
//! A header (magic, format version), then records, each framed by a tag and its length
//! (`format.rs` has the grammar). A save appends the node records it writes (children before
//! parents, so every reference points backwards: no forward reference or cycle can be
//! expressed, and a damaged delta is caught) and then one commit record naming the version's
//! roots, its kind and length, the offset where the save began, and last a CRC-32 of all the
//! save's bytes up to that field: one checksum per save, not one per record (a per-record
//! checksum cost as much time as encoding a small node's entries, and 4 of its bytes). An
//! embedded database (redb, SQLite) was not needed: nothing is ever updated in place, so a log
//! with a commit per save is the whole of what a crash-safe store of immutable nodes needs, and
//! it writes each node once, in one sequential write per save.
//!
//! # The crash argument
//!
//! A save writes its records after the last commit, then `fsync`s; it returns only after the
//! sync, and no save begins before the one before it returned. `open` reads records while their
//! framing is whole (a known tag, a length within the file), and keeps only what ends with a
//! commit whose checksum covers every byte since the previous commit, the commit's own fields
//! included. So a save cut at any point, at any byte and with any of its pages lost or reordered
//! by the kernel, leaves a tail that either ends before a whole commit (a record cut short, an
//! unknown tag where a page was lost) or ends with a commit whose checksum fails (a byte of the
//! save, or of the commit itself, is not what was written): it is ignored, every earlier version
//! is intact (its bytes were synced before the torn save began), and the next save overwrites
//! the tail. A record's framing is read before any checksum vouches for it, so it is bounded: a
//! length past the end of the file ends the log, nothing is allocated for it, and what a node
//! record says is used only once its save's commit holds.
//!
//! Only the last save can be torn. A save that fails its checksum while a later save is whole
//! (its commit found by its own checksum, over the bytes from the offset its record names, even
//! where the framing between is broken) means the file was damaged after it was written: `open`
//! returns [`Error::Damaged`] rather than drop the later versions and let the next save overwrite
//! them, and [`Store::recover`] opens it with the versions before the damage. A store holds an
//! exclusive advisory lock on its file while it lives ([`Error::Locked`] for a second one), since
//! two writers would overwrite each other's saves. Compaction writes a new file beside the
//! old one, syncs it and renames it over the old one, then syncs the folder: a crash leaves one
//! whole file or the other. The tests cut a file at every byte offset
//! of its last save and kill a child process in the middle of saves.
//!
//! # Node identity
//!
//! The store recognises a node it wrote (or read) by its address, and keeps a clone of the node's
//! handle for as long as it remembers the address, so the address cannot be freed and reused by
//! another node while the store maps it to a record. Nodes are immutable while shared (a write
//! copies a shared node; a node owned by one map alone is edited in place only through that map,
//! and then it is not shared with the store's clone), so a remembered address always holds the
//! contents that were written. [`Store::forget_nodes`] drops the clones.
//!
//! # Loading checks every node
//!
//! A loaded node is built only if it is exactly what the collection's own code would have built:
//! for a hash node, bitmaps disjoint and matching the entry and child counts, each key's hash
//! (under the hasher of the load) on the node's path and in its slot, subtrees below the root
//! holding at least two entries, collision nodes only at full depth with distinct keys of the
//! path's full hash; for a vector, leaves and branches within the branching factor, one height per
//! level, dense branches full but for their last child, relaxed branches within the search-step
//! bound, lengths that add up; for an ordered map (a B+tree), keys strictly ascending within and
//! across nodes, each separator strictly between the separators around its branch, nodes within
//! their fill bounds (the root excepted), every leaf at the height the commit gives (so all at one
//! depth), per-child counts recomputed from the children. Anything else is an
//! [`Error::Corrupt`], never a broken collection.
//!
//! ```
//! # let dir = std::env::temp_dir().join(format!("cowtree-doc-ord-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir).unwrap();
//! use cowtree::{persist::Store, OrdMap, OrdSet};
//!
//! let mut store = Store::create(dir.join("ord.cowtree"))?;
//! let mut scores: OrdMap<String, u32> = OrdMap::new();
//! scores.insert("ada".into(), 7);
//! let v1 = store.save(&scores)?;
//! scores.insert("bo".into(), 3);
//! let v2 = store.save(&scores)?;            // the changed leaf and the path above it
//! let tags: OrdSet<u64> = (0..100).collect();
//! let v3 = store.save(&tags)?;
//! drop(store);                              // one Store per file: it holds the file's lock
//!
//! let mut store = Store::open(dir.join("ord.cowtree"))?;
//! let old: OrdMap<String, u32> = store.load(v1)?;
//! let new: OrdMap<String, u32> = store.load(v2)?;
//! assert_eq!((old.len(), new.get_index(1)), (1, Some((&"bo".to_string(), &3))));
//! assert_eq!(store.load::<OrdSet<u64>>(v3)?.rank(&50), 50);
//! # std::fs::remove_dir_all(&dir).unwrap();
//! # Ok::<(), cowtree::persist::Error>(())
//! ```
//!
//! # Hashers
//!
//! A hash trie's shape depends on its hasher. A save records a probe: the hashes of fixed values
//! under the map's hasher. A load compares it with the probe of the hasher it is given:
//! - equal (a hasher without a random seed: `std::hash::BuildHasherDefault<DefaultHasher>`,
//!   which is the same in every process built by one Rust release, or a fixed-seed hasher such
//!   as `foldhash::fast::FixedState`, or the same `BuildHasher` value): the load is structural: nodes are read as they are, every key's hash checked, and
//!   sharing with other loads is kept;
//! - different (std's `RandomState` in another process, say): the map is **rebuilt by
//!   insertion** under the new hasher, in O(n) time; it is a correct map, but it shares nothing
//!   with other loaded versions, and the next save of it writes it in full.
//!
//! So use a fixed-seed hasher to keep loads structural and incremental across processes.
//! `OrdMap` and `OrdSet` have no hasher: their loads are always structural.
//!
//! # Files
//!
//! `store.rs` (the file, its index, the identity maps, save/load/compact) with `store/open.rs`
//! (reading the log on open: torn tails, damage, `recover`), `format.rs` (the byte
//! grammar: header, record framing, commits), `error.rs`, and one adapter per structure, the only
//! code here that sees a collection's nodes, each through that structure's `persist_api.rs`:
//! `hash.rs` (HashMap, HashSet), `vector.rs` (Vector), `ord.rs` (OrdMap, OrdSet).

mod error;
mod format;
mod hash;
mod ord;
mod store;
mod vector;

pub use error::Error;
pub use store::{SaveStats, Store};

use format::{Commit, Kind};
use store::{LoadCtx, Parts, SaveCtx};

/// The id of a version in a [`Store`]: ids grow with each save and survive compaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VersionId(pub(crate) u64);

impl VersionId {
    /// The id as a number (the order of saves).
    pub fn as_u64(self) -> u64 {
        self.0
    }
}

impl std::fmt::Display for VersionId {
    /// `version N`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "version {}", self.0)
    }
}

/// A collection a [`Store`] can save and load: [`HashMap`](crate::HashMap),
/// [`HashSet`](crate::HashSet), [`Vector`](crate::Vector), [`OrdMap`](crate::OrdMap) and
/// [`OrdSet`](crate::OrdSet) whose elements implement serde's `Serialize` and `DeserializeOwned`
/// (and, for hash maps and sets, `Hash + Eq`; for ordered ones, `Ord`).
///
/// Sealed: implemented by this crate only.
pub trait Persist: Sized + sealed::Sealed {}

/// A map or set, which [`Store::load_with_hasher`] can load with a given hasher.
pub trait PersistHashed: Persist + sealed::SealedHashed {}

pub(crate) mod sealed {
    use super::*;

    pub trait Sealed: Sized {
        const KIND: Kind;
        fn save_parts(&self, ctx: &mut SaveCtx<'_>) -> Result<Parts, Error>;
        fn load_parts(ctx: &mut LoadCtx<'_>, commit: &Commit) -> Result<Self, Error>;
    }

    pub trait SealedHashed: Sealed {
        type Hasher;
        fn load_with(
            ctx: &mut LoadCtx<'_>,
            commit: &Commit,
            hasher: Self::Hasher,
        ) -> Result<Self, Error>;
    }
}

impl Store {
    /// Loads version `id` as a map or set using `hasher` (see the module docs on hashers: a hasher
    /// whose probe differs from the saved one rebuilds the map by insertion).
    ///
    /// # Errors
    /// As [`Store::load`].
    ///
    /// # Example
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("cowtree-doc-hasher-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// use cowtree::{persist::Store, HashMap};
    /// use std::hash::RandomState;
    /// let mut store = Store::create(dir.join("h.cowtree"))?;
    /// let map: HashMap<u32, u32> = (0..1000).map(|i| (i, i * 2)).collect();
    /// let id = store.save(&map)?;
    /// // Another random seed: the keys would sit elsewhere, so the map is rebuilt by insertion.
    /// let back: HashMap<u32, u32> = store.load_with_hasher(id, RandomState::new())?;
    /// assert_eq!(back, map);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), cowtree::persist::Error>(())
    /// ```
    pub fn load_with_hasher<C: PersistHashed>(
        &mut self,
        id: VersionId,
        hasher: C::Hasher,
    ) -> Result<C, Error> {
        let commit = self.commit_of(id, C::KIND)?;
        C::load_with(&mut self.load_ctx(), &commit, hasher)
    }
}
