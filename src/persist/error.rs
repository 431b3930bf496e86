//! The error type of `cowtree::persist`.

use std::fmt;

/// What went wrong while creating, opening, saving to, loading from or compacting a
/// [`Store`](super::Store).
///
/// Every way a file can be damaged or hostile maps to one of these variants: reading a store
/// never panics, never allocates more than the file's own size justifies, and never builds a
/// collection that breaks its invariants.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The operating system refused a read, write, sync or rename.
    Io(std::io::Error),
    /// `Store::create` found a file already at the path.
    AlreadyExists,
    /// The file does not start with the store's magic bytes: not a cowtree store.
    BadMagic,
    /// The file is a cowtree store of a format version this build does not read.
    UnsupportedVersion(u32),
    /// The file is shorter than its header.
    Truncated,
    /// A record inside a saved version is malformed: the message names what is wrong (a child
    /// reference pointing forward or to a missing record, a bitmap that disagrees with its
    /// entries, a key off its hash path, a length past the record's end, ...).
    Corrupt(String),
    /// No saved version has this id (never saved, dropped by compaction, or lost with a torn
    /// tail).
    UnknownVersion(super::VersionId),
    /// The version was saved as another kind of collection (e.g. a `Vector` loaded as a
    /// `HashMap`).
    WrongType {
        /// The kind asked for.
        expected: &'static str,
        /// The kind in the file.
        found: &'static str,
    },
    /// A key or value failed to encode or decode with serde (for loads: the bytes do not decode
    /// as the type asked for).
    Encoding(String),
    /// Another [`Store`](super::Store) (in this process or another) has the file open: two
    /// writers would overwrite each other's saves, so a store holds an exclusive lock on its
    /// file (`File::try_lock`, an advisory lock) for as long as it lives. (On Unix the lock is a
    /// `flock`: a process forked by another thread at the moment the store is dropped shares it
    /// until that process execs, which `std::process::Command` does at once.)
    Locked,
    /// A save in the middle of the log fails its checksum while a later save is whole: the file
    /// was damaged after it was written (a torn tail can only be the last save). `open` refuses
    /// it rather than drop the later versions; [`Store::recover`](super::Store::recover) opens it
    /// keeping the versions before the damage.
    Damaged {
        /// File offset of the first byte of the damaged save.
        at: u64,
        /// File offset of the end of the later save that is whole.
        later_save_ends_at: u64,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io(e) => write!(f, "cowtree store: i/o error: {e}"),
            Error::AlreadyExists => write!(f, "cowtree store: the file already exists"),
            Error::BadMagic => write!(f, "cowtree store: not a cowtree store (bad magic bytes)"),
            Error::UnsupportedVersion(v) => {
                write!(f, "cowtree store: unsupported format version {v}")
            }
            Error::Truncated => write!(f, "cowtree store: the file is shorter than its header"),
            Error::Corrupt(what) => write!(f, "cowtree store: corrupt record: {what}"),
            Error::UnknownVersion(id) => write!(f, "cowtree store: no saved version {id}"),
            Error::WrongType { expected, found } => write!(
                f,
                "cowtree store: the version is a {found}, not a {expected}"
            ),
            Error::Encoding(e) => write!(
                f,
                "cowtree store: serde encoding error: {e} (on a load: are the key, value or \
                 element types the ones the version was saved with?)"
            ),
            Error::Locked => write!(
                f,
                "cowtree store: the file is locked by another Store (one handle per file)"
            ),
            Error::Damaged {
                at,
                later_save_ends_at,
            } => write!(
                f,
                "cowtree store: the save starting at byte {at} fails its checksum but a later save \
                 (ending at byte {later_save_ends_at}) is whole: the file is damaged; \
                 Store::recover opens it with the versions before the damage"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

impl From<postcard::Error> for Error {
    fn from(e: postcard::Error) -> Self {
        Error::Encoding(e.to_string())
    }
}

/// A `Corrupt` error with the given message.
pub(crate) fn corrupt(what: impl Into<String>) -> Error {
    Error::Corrupt(what.into())
}
