//! Opening a store: `Store::open` and `Store::recover` read the log up to its last whole commit
//! (`scan`), and tell a torn last save from damage before a whole later save
//! (`later_whole_save`). The crash argument is in the module docs (`super::super`).

use std::fs::OpenOptions;
use std::io::Read;
use std::path::Path;

use super::{lock, NodeLoc, Store, HEADER_LEN};
use crate::persist::error::{corrupt, Error};
use crate::persist::format::{self, Commit};

impl Store {
    /// Opens an existing store, reading and checking every record.
    ///
    /// The log is read up to its last whole commit: the records of a save that a crash cut short
    /// are ignored (and overwritten by the next save), so every version whose save returned is
    /// there; [`Store::ignored_bytes`] says how much was skipped. Only the last save can be torn:
    /// a save that fails its checksum with a whole save after it is damage, and `open` refuses
    /// the file ([`Error::Damaged`]) instead of treating it as a torn tail, which would drop the
    /// later versions and let the next save overwrite them. (Damage that breaks the record
    /// framing is found the same way: a later commit is recognised by its own checksum over the
    /// bytes its record says its save started at.)
    ///
    /// The store locks the file (an exclusive advisory lock, released when the store is
    /// dropped): a second `Store` on the same file, in this process or another, gets
    /// [`Error::Locked`].
    ///
    /// Cost: O(file size) time and memory (the store keeps the committed bytes in memory).
    ///
    /// # Errors
    /// [`Error::BadMagic`], [`Error::UnsupportedVersion`], [`Error::Truncated`] for a file that is
    /// not a store of this format; [`Error::Corrupt`] for a commit record that is whole (its
    /// checksum holds) but disagrees with the records before it; [`Error::Damaged`];
    /// [`Error::Locked`]; [`Error::Io`].
    ///
    /// # Example
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("cowtree-doc-open-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// use cowtree::{persist::Store, Vector};
    /// let path = dir.join("v.cowtree");
    /// let id = Store::create(&path)?.save(&Vector::from_iter(0..100u32))?;
    /// let mut store = Store::open(&path)?;
    /// assert_eq!(store.versions(), vec![id]);
    /// let v: Vector<u32> = store.load(id)?;
    /// assert_eq!(v.len(), 100);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), cowtree::persist::Error>(())
    /// ```
    pub fn open(path: impl AsRef<Path>) -> Result<Store, Error> {
        Store::open_with(path.as_ref(), false)
    }

    /// Opens a store that [`Store::open`] refuses as damaged ([`Error::Damaged`]), keeping the
    /// versions before the damaged save. The later versions are dropped (the next save
    /// overwrites them); their ids are not given out again. A file `open` accepts opens the same
    /// way here.
    ///
    /// Cost: as `open`, plus a scan of the dropped part of the log for the ids it holds.
    ///
    /// # Errors
    /// As `open`, but never [`Error::Damaged`].
    ///
    /// # Example
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("cowtree-doc-recover-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// use cowtree::{persist::{Error, Store}, Vector};
    /// let path = dir.join("v.cowtree");
    /// let mut store = Store::create(&path)?;
    /// let first = store.save(&Vector::from_iter(0..10u32))?;
    /// let before_second = store.file_len();
    /// let second = store.save(&Vector::from_iter(0..100_000u32))?;
    /// let third = store.save(&Vector::from_iter(0..5u32))?;
    /// drop(store);
    /// // Bit rot in the middle of the second save.
    /// let mut bytes = std::fs::read(&path).unwrap();
    /// bytes[before_second as usize + 1000] ^= 0x10;
    /// std::fs::write(&path, &bytes).unwrap();
    /// assert!(matches!(Store::open(&path), Err(Error::Damaged { .. })));
    /// let mut store = Store::recover(&path)?;
    /// assert_eq!(store.versions(), vec![first]);
    /// let next = store.save(&Vector::from_iter(0..3u32))?;
    /// assert!(next > third && next != second); // no id names two versions
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), cowtree::persist::Error>(())
    /// ```
    pub fn recover(path: impl AsRef<Path>) -> Result<Store, Error> {
        Store::open_with(path.as_ref(), true)
    }

    fn open_with(path: &Path, recover: bool) -> Result<Store, Error> {
        let mut file = OpenOptions::new().read(true).write(true).open(path)?;
        lock(&file)?;
        let mut data = Vec::new();
        file.read_to_end(&mut data)?;
        format::check_header(&data)?;
        let total = data.len();
        let mut store = Store::from_parts(path.to_path_buf(), file, data);
        let end = store.scan()?;
        if end < total {
            if let Some((later_end, highest)) = store.later_whole_save(end) {
                if !recover {
                    return Err(Error::Damaged {
                        at: end as u64,
                        later_save_ends_at: later_end as u64,
                    });
                }
                store.next_version = highest + 1;
            }
        }
        store.data.truncate(end);
        store.ignored = (total - end) as u64;
        Ok(store)
    }

    /// After a save that fails its checksum at `from` (the end of the last good commit): the end
    /// of a later save whose commit's checksum holds over the bytes from the start its record
    /// names, if there is one, and the highest version id among such saves. Every byte holding
    /// the commit tag is tried as a record, so damage to the framing between does not hide a
    /// later save; a false match needs a CRC-32 collision.
    fn later_whole_save(&self, from: usize) -> Option<(usize, u64)> {
        let mut found = None;
        for at in from..self.data.len() {
            if self.data[at] != format::TAG_COMMIT {
                continue;
            }
            let Some(rec) = format::next_record(&self.data, at) else {
                continue;
            };
            let Ok(commit) = Commit::decode(rec.payload) else {
                continue;
            };
            let (start, crc_at) = (commit.batch_start, rec.end - rec.payload.len().min(4));
            if start < from as u64 || start > at as u64 {
                continue;
            }
            let crc = crc32fast::hash(&self.data[start as usize..crc_at]);
            if crc.to_le_bytes() == self.data[crc_at..rec.end] {
                let highest =
                    found.map_or(commit.version, |(_, h): (usize, u64)| h.max(commit.version));
                found = Some((rec.end, highest));
            }
        }
        found
    }

    /// Reads the records of `self.data` from the header on; keeps the node records up to the last
    /// valid commit. Returns the end of that commit.
    pub(super) fn scan(&mut self) -> Result<usize, Error> {
        let mut at = HEADER_LEN;
        let mut committed = HEADER_LEN;
        let mut committed_nodes = 0;
        while let Some(rec) = format::next_record(&self.data, at) {
            if rec.tag == format::TAG_COMMIT {
                // The save's one checksum, the commit's last field, covers every byte from the
                // end of the previous commit to the field. If it fails, this is a torn save (or
                // damage): the end of the log.
                let crc_at = rec.end - rec.payload.len().min(4);
                let crc = self.data[crc_at..rec.end]
                    .try_into()
                    .ok()
                    .map(u32::from_le_bytes);
                if crc != Some(crc32fast::hash(&self.data[committed..crc_at])) {
                    break;
                }
                // A commit whose checksum holds was written whole: if its fields disagree with
                // the log, the file was not written by this code (or was damaged in a way the
                // checksum missed); that is an error, not a torn tail.
                let commit = Commit::decode(rec.payload)?;
                if commit.batch_start != committed as u64 || commit.nodes != self.nodes.len() as u64
                {
                    return Err(corrupt(format!(
                        "the commit at offset {at} does not match the records before it"
                    )));
                }
                if self
                    .versions
                    .last()
                    .is_some_and(|v| v.version >= commit.version)
                {
                    return Err(corrupt(format!(
                        "the commit at offset {at} repeats an earlier version id"
                    )));
                }
                self.versions.push(commit);
                committed = rec.end;
                committed_nodes = self.nodes.len();
            } else {
                self.nodes.push(NodeLoc {
                    at: rec.end - rec.payload.len(),
                    len: rec.payload.len() as u32,
                    tag: rec.tag,
                });
            }
            at = rec.end;
        }
        self.nodes.truncate(committed_nodes);
        Ok(committed)
    }
}
