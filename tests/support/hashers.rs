//! Test hashers that force collisions and deep trie paths: one hasher, one mode enum, used by the
//! model tests, the other hash tests and the fuzz targets alike.
//!
//! The hash is FNV-1a over the written bytes, a splitmix64 finalizer, then the mode's fold:
//!
//! | mode | what survives | what it reaches |
//! |---|---|---|
//! | `Full` | the whole 64-bit hash | ordinary tries |
//! | `Low4` | the 4 low bits | 16 distinct hashes: collision nodes everywhere |
//! | `High12` | the 12 high bits (shifted to the top) | long shared prefixes, deep paths |
//! | `Constant` | nothing | every key in one collision node |

use std::hash::{BuildHasher, Hasher};

/// How the test hasher folds a full 64-bit hash down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, arbitrary::Arbitrary)]
pub enum HashMode {
    /// A well-mixed 64-bit hash.
    Full,
    /// Only the low 4 bits survive: 16 distinct hashes, collision nodes everywhere.
    Low4,
    /// Only 12 bits vary, all at the top: every key shares a long trie prefix.
    High12,
    /// Every key hashes to the same value.
    Constant,
}

impl HashMode {
    fn fold(self, z: u64) -> u64 {
        match self {
            HashMode::Full => z,
            HashMode::Low4 => z & 0xf,
            HashMode::High12 => z << 52,
            HashMode::Constant => 0x5555_5555_5555_5555,
        }
    }
}

/// A deterministic `BuildHasher` whose mode is chosen at run time (fuzz inputs pick it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TestState(pub HashMode);

impl BuildHasher for TestState {
    type Hasher = TestHasher;
    fn build_hasher(&self) -> TestHasher {
        TestHasher::new(self.0)
    }
}

/// The same hasher with its mode in the type, for code that needs `S: Default`
/// (`collect()`, `HashMap::default()`): `Mangled<0>` is `Full`, 1 `Low4`, 2 `Constant`,
/// 3 `High12`.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct Mangled<const MODE: u8>;

impl<const MODE: u8> Mangled<MODE> {
    /// The run-time mode this type stands for.
    pub const MODE: HashMode = match MODE {
        0 => HashMode::Full,
        1 => HashMode::Low4,
        2 => HashMode::Constant,
        _ => HashMode::High12,
    };
}

impl<const MODE: u8> BuildHasher for Mangled<MODE> {
    type Hasher = TestHasher;
    fn build_hasher(&self) -> TestHasher {
        TestHasher::new(Self::MODE)
    }
}

/// Every bit of the hash.
pub type Full = Mangled<0>;
/// Only the 4 low bits (collision nodes everywhere).
pub type FourBits = Mangled<1>;
/// One hash for every key.
pub type Constant = Mangled<2>;
/// Only the 12 high bits vary (deep paths).
pub type HighBits = Mangled<3>;

/// The hasher both states build: FNV-1a, a splitmix64 finalizer, then the mode's fold.
#[derive(Debug)]
pub struct TestHasher {
    state: u64,
    mode: HashMode,
}

impl TestHasher {
    fn new(mode: HashMode) -> TestHasher {
        TestHasher {
            state: 0xcbf2_9ce4_8422_2325,
            mode,
        }
    }
}

impl Hasher for TestHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.state ^= u64::from(b);
            self.state = self.state.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        self.mode.fold(z)
    }
}

#[cfg(not(fuzzing))]
impl quickcheck::Arbitrary for HashMode {
    fn arbitrary(g: &mut quickcheck::Gen) -> HashMode {
        *g.choose(&[
            HashMode::Full,
            HashMode::Low4,
            HashMode::High12,
            HashMode::Constant,
        ])
        .unwrap()
    }
}

/// A fuzz input for a hash interpreter: the hasher mode, the key space, and the operations.
#[derive(Debug, arbitrary::Arbitrary)]
pub struct HashCase<O> {
    /// The test hasher's mode.
    pub mode: HashMode,
    /// 64 keys (dense, many repeats) or the whole `u16` range.
    pub small_keys: bool,
    /// The operations, in order.
    pub ops: Vec<O>,
}

impl<O> HashCase<O> {
    /// The key space the interpreter reduces keys into.
    pub fn keys(&self) -> u64 {
        if self.small_keys {
            64
        } else {
            1 << 16
        }
    }
}
