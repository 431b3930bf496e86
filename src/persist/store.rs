//! `Store`: the file, the in-memory index of its records, and the node identity maps that make
//! saves incremental and loads shared. Opening a file (reading the log, torn tails, damage) is in
//! `store/open.rs`.

use super::error::{corrupt, Error};
use super::format::{self, Commit, Kind, Reader, HEADER_LEN};
use super::{Persist, VersionId};
use std::any::Any;
use std::collections::HashMap as StdHashMap;
use std::fs::{File, OpenOptions};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod open;

/// Hashes node addresses (aligned, so the low bits carry nothing) for the identity map: a
/// multiply-xorshift, as SipHash is a measured cost there and addresses are not attacker-chosen.
#[derive(Default)]
pub(crate) struct AddrHasher(u64);

impl Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        let h = self.0.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h ^ (h >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_usize(&mut self, x: usize) {
        self.0 = x as u64;
    }
}

/// Node address -> record id.
type AddrMap<V> = StdHashMap<usize, V, BuildHasherDefault<AddrHasher>>;

/// A node handle the store keeps so that the node's address stays unique while the store
/// remembers it (type-erased: a hash, vector or B+tree node handle).
type Handle = Box<dyn Any + Send + Sync>;

/// What the store remembers of a node it wrote or read: a clone of the in-memory node, and what
/// the adapter validated it as.
pub(crate) struct Known {
    pub(crate) handle: Handle,
    pub(crate) info: NodeInfo,
    /// The node's address (the key of `by_addr`), kept unique by `handle`.
    addr: usize,
}

/// What an adapter knows of a node once it is written or validated: for a hash node its level,
/// hash prefix, entry count and the hasher it was checked under; for a vector or B+tree node its
/// height and element count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NodeInfo {
    pub(crate) depth: u64,
    pub(crate) prefix: u64,
    pub(crate) count: u64,
    pub(crate) checked_under: u64,
}

/// Where a node record sits in the file mirror.
#[derive(Clone, Copy)]
struct NodeLoc {
    /// Offset of the payload.
    at: usize,
    len: u32,
    tag: u8,
}

/// Figures of the last `save`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SaveStats {
    /// Bytes appended to the file (node records and the commit record).
    pub bytes: u64,
    /// Node records written (nodes the store did not hold yet).
    pub nodes: u64,
    /// Time to encode the new nodes and write them (without the sync).
    pub write: Duration,
    /// Time of the `fsync` that makes the save durable.
    pub sync: Duration,
}

/// A file holding versions of cowtree collections, each node written once.
///
/// See the [module docs](super) for the file layout and the crash argument.
///
/// Memory: the store keeps a copy of its file's committed bytes, and a clone of the handle of
/// every node it wrote or loaded (so that it recognises them in the next save, and hands out the
/// same node to the next load). Those clones keep the saved versions' nodes alive, as if the
/// versions were kept; [`Store::forget_nodes`] lets them go.
pub struct Store {
    path: PathBuf,
    file: File,
    /// The committed bytes of the file (header and every record up to the last commit).
    data: Vec<u8>,
    nodes: Vec<NodeLoc>,
    versions: Vec<Commit>,
    ignored: u64,
    /// The lowest id the next save may take: above every id `recover` saw in the part of the
    /// log it dropped, so that an id never names two different versions.
    next_version: u64,
    by_addr: AddrMap<u64>,
    /// Record id -> what the store holds of that node (indexed by id).
    by_id: Vec<Option<Known>>,
    last_save: SaveStats,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("bytes", &self.data.len())
            .field("nodes", &self.nodes.len())
            .field("versions", &self.versions.len())
            .finish()
    }
}

/// Takes the store's exclusive advisory lock on `file` (held until the file is closed).
fn lock(file: &File) -> Result<(), Error> {
    file.try_lock().map_err(|e| match e {
        std::fs::TryLockError::WouldBlock => Error::Locked,
        std::fs::TryLockError::Error(e) => Error::Io(e),
    })
}

/// Syncs the folder holding `path`, so that a created or renamed file's name is durable.
pub(crate) fn sync_dir(path: &Path) -> Result<(), Error> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

impl Store {
    /// Creates a new, empty store file at `path`.
    ///
    /// Cost: one small write and two syncs (the file, its folder).
    ///
    /// # Errors
    /// [`Error::AlreadyExists`] if a file is at `path`; [`Error::Io`] if it cannot be created.
    ///
    /// # Example
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("cowtree-doc-create-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// use cowtree::persist::Store;
    /// let path = dir.join("a.cowtree");
    /// let store = Store::create(&path)?;
    /// assert!(store.versions().is_empty());
    /// assert!(Store::create(&path).is_err()); // never overwrites
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), cowtree::persist::Error>(())
    /// ```
    pub fn create(path: impl AsRef<Path>) -> Result<Store, Error> {
        let path = path.as_ref();
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    Error::AlreadyExists
                } else {
                    Error::Io(e)
                }
            })?;
        lock(&file)?;
        let header = format::header();
        file.write_all(&header)?;
        file.sync_all()?;
        sync_dir(path)?;
        Ok(Store::from_parts(path.to_path_buf(), file, header.to_vec()))
    }

    fn from_parts(path: PathBuf, file: File, data: Vec<u8>) -> Store {
        Store {
            path,
            file,
            data,
            nodes: Vec::new(),
            versions: Vec::new(),
            ignored: 0,
            next_version: 0,
            by_addr: AddrMap::default(),
            by_id: Vec::new(),
            last_save: SaveStats::default(),
        }
    }

    /// The saved versions, oldest first. O(versions).
    pub fn versions(&self) -> Vec<VersionId> {
        self.versions.iter().map(|c| VersionId(c.version)).collect()
    }

    /// The saved version whose id is the number `n` ([`VersionId::as_u64`]), if the store holds
    /// it: for an id kept outside the store (in a database row, a log line) as a number.
    /// O(log versions).
    ///
    /// # Example
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("cowtree-doc-vid-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// use cowtree::{persist::Store, Vector};
    /// let mut store = Store::create(dir.join("v.cowtree"))?;
    /// let id = store.save(&Vector::from_iter(0..3u8))?;
    /// let kept: u64 = id.as_u64();
    /// assert_eq!(store.version_id(kept), Some(id));
    /// assert_eq!(store.version_id(kept + 1), None);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), cowtree::persist::Error>(())
    /// ```
    pub fn version_id(&self, n: u64) -> Option<VersionId> {
        self.versions
            .binary_search_by_key(&n, |c| c.version)
            .ok()
            .map(|_| VersionId(n))
    }

    /// Bytes past the last whole commit that `open` ignored (the torn tail of a crashed save, or
    /// damage). 0 for a store created by this process.
    pub fn ignored_bytes(&self) -> u64 {
        self.ignored
    }

    /// Size of the committed file in bytes.
    pub fn file_len(&self) -> u64 {
        self.data.len() as u64
    }

    /// Figures of the last save (bytes written, nodes written, write and sync time).
    pub fn last_save(&self) -> SaveStats {
        self.last_save
    }

    /// Lets go of the node handles the store keeps (see the type's docs on memory). The next save
    /// then writes every node again, since the store no longer recognises them. O(nodes known).
    pub fn forget_nodes(&mut self) {
        self.by_addr.clear();
        self.by_id.clear();
    }

    /// Saves `collection` as a new version and syncs it to disk; returns its id.
    ///
    /// Only the nodes the store does not hold yet are written: nodes it wrote for an earlier save,
    /// or read for a load, are referenced. A version derived from a saved or loaded one by `k`
    /// writes costs O(k log n) time and bytes, not O(n).
    ///
    /// # Errors
    /// [`Error::Encoding`] if a key or value fails to serialize (nothing is written then);
    /// [`Error::Io`] if the write or the sync fails (the version is then absent, and the next
    /// `open` ignores what part of it reached the disk).
    ///
    /// # Example
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("cowtree-doc-save-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// use cowtree::{persist::Store, HashMap};
    /// let mut store = Store::create(dir.join("m.cowtree"))?;
    /// let mut map: HashMap<u64, u64> = (0..10_000).map(|i| (i, i)).collect();
    /// let first = store.save(&map)?;
    /// let full = store.last_save().bytes;
    /// map.insert(7, 8);
    /// let second = store.save(&map)?;
    /// assert!(store.last_save().bytes * 20 < full); // one path, not the whole map
    /// assert_eq!(store.versions(), vec![first, second]);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), cowtree::persist::Error>(())
    /// ```
    pub fn save<C: Persist>(&mut self, collection: &C) -> Result<VersionId, Error> {
        let start = Instant::now();
        let batch_start = self.data.len();
        // The records are encoded straight onto the end of the file's mirror (no second copy);
        // on any failure the mirror is cut back.
        let result = self.append_save(collection, batch_start, start);
        if result.is_err() {
            self.data.truncate(batch_start);
        }
        result
    }

    fn append_save<C: Persist>(
        &mut self,
        collection: &C,
        batch_start: usize,
        start: Instant,
    ) -> Result<VersionId, Error> {
        let mut ctx = SaveCtx {
            by_addr: &self.by_addr,
            by_id: &self.by_id,
            pending: AddrMap::default(),
            new: Vec::new(),
            locs: Vec::new(),
            buf: &mut self.data,
            next_id: self.nodes.len() as u64,
        };
        let parts = collection.save_parts(&mut ctx)?;
        let SaveCtx { new, locs, .. } = ctx;
        let version = self
            .versions
            .last()
            .map_or(0, |c| c.version + 1)
            .max(self.next_version);
        let nodes_before = self.nodes.len();
        let mut commit = Commit {
            version,
            kind: C::KIND,
            len: parts.len,
            probe: parts.probe,
            nodes: (nodes_before + new.len()) as u64,
            roots: parts.roots,
            height: parts.height,
            batch_start: batch_start as u64,
            batch_crc: 0,
        };
        commit.batch_crc = commit.encode(&mut self.data)?;
        // Overwrite any torn tail left by a crashed save.
        self.file.set_len(batch_start as u64)?;
        self.file.seek(SeekFrom::Start(batch_start as u64))?;
        self.file.write_all(&self.data[batch_start..])?;
        let write = start.elapsed();
        let sync_start = Instant::now();
        self.file.sync_data()?;
        let sync = sync_start.elapsed();
        self.ignored = 0;
        // Durable: now index what was written.
        self.nodes.extend(locs);
        // Sized once for the whole save, not grown (and rehashed) node by node.
        self.by_addr.reserve(new.len());
        self.by_id.resize_with(self.nodes.len(), || None);
        for (addr, id, known) in new {
            self.by_addr.insert(addr, id);
            set_known(&mut self.by_id, id, known);
        }
        self.versions.push(commit);
        self.last_save = SaveStats {
            bytes: (self.data.len() - batch_start) as u64,
            nodes: (self.nodes.len() - nodes_before) as u64,
            write,
            sync,
        };
        Ok(VersionId(version))
    }

    /// Loads version `id` as a `C`; a map or set gets `S::default()` as its hasher.
    ///
    /// Nodes already in memory (written by this store, or read by an earlier load) are reused, so
    /// two versions loaded from one store share every node they shared when saved. Every node read
    /// from the file is checked before it is used: a node is built only if it is exactly what the
    /// collection's own code would have built (see the module docs).
    ///
    /// Cost: O(nodes not yet in memory) reads and checks: the hashing of a hash node's keys, the
    /// comparisons of an ordered map's keys with their neighbours and separators.
    ///
    /// # Errors
    /// [`Error::UnknownVersion`], [`Error::WrongType`], [`Error::Corrupt`], [`Error::Encoding`].
    ///
    /// # Example
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("cowtree-doc-load-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// use cowtree::{persist::Store, HashSet};
    /// let mut store = Store::create(dir.join("s.cowtree"))?;
    /// let set: HashSet<String> = ["a".to_string(), "b".to_string()].into_iter().collect();
    /// let id = store.save(&set)?;
    /// let back: HashSet<String> = store.load(id)?;
    /// assert_eq!(back, set);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), cowtree::persist::Error>(())
    /// ```
    pub fn load<C: Persist>(&mut self, id: VersionId) -> Result<C, Error> {
        let commit = self.commit_of(id, C::KIND)?;
        C::load_parts(&mut self.load_ctx(), &commit)
    }

    /// The commit of version `id`, checked to be a `kind`.
    pub(crate) fn commit_of(&self, id: VersionId, kind: Kind) -> Result<Commit, Error> {
        let commit = self
            .versions
            .iter()
            .find(|c| c.version == id.0)
            .ok_or(Error::UnknownVersion(id))?;
        if commit.kind != kind {
            return Err(Error::WrongType {
                expected: kind.name(),
                found: commit.kind.name(),
            });
        }
        Ok(commit.clone())
    }

    pub(crate) fn load_ctx(&mut self) -> LoadCtx<'_> {
        LoadCtx {
            data: &self.data,
            nodes: &self.nodes,
            by_addr: &mut self.by_addr,
            by_id: &mut self.by_id,
        }
    }

    /// Keeps only the versions in `keep` and rewrites the file without the nodes no kept version
    /// reaches. Version ids do not change.
    ///
    /// The new file is written beside the old one, synced, and renamed over it: a crash during
    /// compaction leaves the old file or the new one, whole.
    ///
    /// Cost: O(size of the kept versions' nodes) time and bytes written.
    ///
    /// # Errors
    /// [`Error::UnknownVersion`] if `keep` names a version not in the store; [`Error::Io`].
    ///
    /// # Example
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("cowtree-doc-compact-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// use cowtree::{persist::Store, Vector};
    /// let mut store = Store::create(dir.join("c.cowtree"))?;
    /// let old = store.save(&Vector::from_iter(0..10_000u64))?;
    /// let new = store.save(&Vector::from_iter(10_000..20_000u64))?;
    /// let before = store.file_len();
    /// store.compact(&[new])?;
    /// assert!(store.file_len() < before * 3 / 4);
    /// assert_eq!(store.versions(), vec![new]);
    /// assert!(store.load::<Vector<u64>>(old).is_err());
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), cowtree::persist::Error>(())
    /// ```
    pub fn compact(&mut self, keep: &[VersionId]) -> Result<(), Error> {
        for &id in keep {
            if !self.versions.iter().any(|c| c.version == id.0) {
                return Err(Error::UnknownVersion(id));
            }
        }
        let kept: Vec<Commit> = self
            .versions
            .iter()
            .filter(|c| keep.contains(&VersionId(c.version)))
            .cloned()
            .collect();
        let mut out = format::header().to_vec();
        // Old id -> new id of every node written so far.
        let mut renumber: StdHashMap<u64, u64> = StdHashMap::new();
        let mut new_nodes = 0u64;
        let mut commits = Vec::new();
        for c in &kept {
            let batch_start = out.len();
            let mut todo: Vec<u64> = c.roots.iter().flatten().copied().collect();
            let mut fresh = Vec::new();
            while let Some(id) = todo.pop() {
                if renumber.contains_key(&id) || fresh.contains(&id) {
                    continue;
                }
                fresh.push(id);
                let (_, children, _) = self.node_parts(id)?;
                todo.extend(children);
            }
            fresh.sort_unstable();
            fresh.dedup();
            for id in fresh {
                let (tag, children, body) = self.node_parts(id)?;
                let new_id = new_nodes;
                let start = format::begin_record(&mut out, tag);
                let mapped: Vec<u64> = children.iter().map(|c| renumber[c]).collect();
                format::put_children(&mut out, new_id, &mapped);
                out.extend_from_slice(body);
                format::end_record(&mut out, start)?;
                renumber.insert(id, new_id);
                new_nodes += 1;
            }
            let mut commit = Commit {
                nodes: new_nodes,
                roots: c.roots.iter().map(|r| r.map(|id| renumber[&id])).collect(),
                batch_start: batch_start as u64,
                batch_crc: 0,
                ..c.clone()
            };
            commit.batch_crc = commit.encode(&mut out)?;
            commits.push(commit);
        }
        let dir = self
            .path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        lock(tmp.as_file())?;
        tmp.write_all(&out)?;
        tmp.as_file().sync_all()?;
        let file = tmp.persist(&self.path).map_err(|e| Error::Io(e.error))?;
        sync_dir(&self.path)?;
        // The new file is in place: switch to it, keeping the node handles of what survived.
        let mut fresh = Store::from_parts(self.path.clone(), file, out);
        let end = fresh.scan()?;
        debug_assert_eq!(end, fresh.data.len());
        debug_assert_eq!(fresh.versions, commits);
        for (old, known) in std::mem::take(&mut self.by_id).into_iter().enumerate() {
            if let (Some(known), Some(&new)) = (known, renumber.get(&(old as u64))) {
                set_known(&mut fresh.by_id, new, known);
            }
        }
        for (addr, old) in self.by_addr.drain() {
            if let Some(&new) = renumber.get(&old) {
                fresh.by_addr.insert(addr, new);
            }
        }
        fresh.last_save = self.last_save;
        *self = fresh;
        Ok(())
    }

    /// A node record's tag, absolute child ids and body.
    fn node_parts(&self, id: u64) -> Result<(u8, Vec<u64>, &[u8]), Error> {
        let (tag, children, r) = read_node(&self.data, &self.nodes, id, format::MAX_CHILDREN)?;
        Ok((tag, children, r.bytes))
    }
}

/// What an adapter's save returns: the commit's fields that depend on the collection.
#[derive(Debug)]
pub struct Parts {
    pub(crate) len: u64,
    pub(crate) probe: u64,
    pub(crate) roots: Vec<Option<u64>>,
    pub(crate) height: u64,
}

/// The state of one save: the records written so far and the nodes they stand for.
#[allow(missing_debug_implementations)] // internal (unnameable outside the crate)
pub struct SaveCtx<'s> {
    by_addr: &'s AddrMap<u64>,
    by_id: &'s [Option<Known>],
    pending: AddrMap<(u64, NodeInfo)>,
    new: Vec<(usize, u64, Known)>,
    /// Where each new record's payload sits in the file.
    locs: Vec<NodeLoc>,
    /// The file mirror, records appended at its end.
    buf: &'s mut Vec<u8>,
    next_id: u64,
}

impl SaveCtx<'_> {
    /// The record id of the in-memory node at `addr`, if the store holds it already.
    pub(crate) fn lookup(&self, addr: usize) -> Option<(u64, NodeInfo)> {
        if let Some(id) = self.by_addr.get(&addr) {
            return known(self.by_id, *id).map(|k| (*id, k.info));
        }
        self.pending.get(&addr).copied()
    }

    /// Starts a node record with `tag` and the given children; returns `(start, own id)`.
    pub(crate) fn begin(&mut self, tag: u8, children: &[u64]) -> (usize, u64) {
        let id = self.next_id;
        let start = format::begin_record(self.buf, tag);
        format::put_children(self.buf, id, children);
        (start, id)
    }

    /// The bytes of the record being written.
    pub(crate) fn buf(&mut self) -> &mut Vec<u8> {
        self.buf
    }

    /// Ends the record begun at `start` for the node at `addr`; `handle` keeps it alive.
    pub(crate) fn end(
        &mut self,
        start: usize,
        addr: usize,
        handle: Handle,
        info: NodeInfo,
    ) -> Result<u64, Error> {
        let at = format::end_record(self.buf, start)?;
        self.locs.push(NodeLoc {
            at,
            len: (self.buf.len() - at) as u32,
            tag: self.buf[start],
        });
        let id = self.next_id;
        self.next_id += 1;
        self.pending.insert(addr, (id, info));
        self.new.push((addr, id, Known { handle, info, addr }));
        Ok(id)
    }
}

/// The state of one load: the file's records and the nodes already in memory.
#[allow(missing_debug_implementations)] // internal (unnameable outside the crate)
pub struct LoadCtx<'s> {
    data: &'s [u8],
    nodes: &'s [NodeLoc],
    by_addr: &'s mut AddrMap<u64>,
    by_id: &'s mut Vec<Option<Known>>,
}

impl LoadCtx<'_> {
    /// The in-memory node for record `id`, if one is known.
    pub(crate) fn known(&self, id: u64) -> Option<&Known> {
        known(self.by_id, id)
    }

    /// Record `id`: its tag, child ids (at most `max_children`) and a reader on its body.
    pub(crate) fn record(
        &self,
        id: u64,
        max_children: usize,
    ) -> Result<(u8, Vec<u64>, Reader<'_>), Error> {
        read_node(self.data, self.nodes, id, max_children)
    }

    /// Remembers that record `id` is the in-memory node at `addr`.
    pub(crate) fn remember(&mut self, id: u64, addr: usize, handle: Handle, info: NodeInfo) {
        if let Some(old) = set_known(self.by_id, id, Known { handle, info, addr }) {
            // Replaced (the record was read again under another hasher or type): the old node's
            // address is no longer kept alive by the store, so it must not be looked up.
            if self.by_addr.get(&old.addr) == Some(&id) {
                self.by_addr.remove(&old.addr);
            }
        }
        self.by_addr.insert(addr, id);
    }
}

/// What the store holds of record `id`.
fn known(by_id: &[Option<Known>], id: u64) -> Option<&Known> {
    by_id.get(usize::try_from(id).ok()?)?.as_ref()
}

/// Sets what the store holds of record `id` (an id of a record in the file, so within its
/// length); returns what it replaces.
fn set_known(by_id: &mut Vec<Option<Known>>, id: u64, known: Known) -> Option<Known> {
    let i = id as usize;
    if by_id.len() <= i {
        by_id.resize_with(i + 1, || None);
    }
    by_id[i].replace(known)
}

/// Node record `id` of the mirror `data` indexed by `nodes`: its tag, absolute child ids (at most
/// `max_children`, each pointing backwards) and a reader on its body.
fn read_node<'a>(
    data: &'a [u8],
    nodes: &[NodeLoc],
    id: u64,
    max_children: usize,
) -> Result<(u8, Vec<u64>, Reader<'a>), Error> {
    let loc = usize::try_from(id)
        .ok()
        .and_then(|i| nodes.get(i))
        .ok_or_else(|| corrupt(format!("reference to missing node {id}")))?;
    let mut r = Reader::new(&data[loc.at..loc.at + loc.len as usize]);
    let children = format::read_children(&mut r, id, max_children)?;
    Ok((loc.tag, children, r))
}
