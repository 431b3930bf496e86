//! Pieces shared by the fuzz targets: a hasher whose hash space can be made tiny, so collision
//! nodes and deep trie paths are reached often.

use std::hash::{BuildHasher, Hasher};

/// How the fuzz hasher folds a full 64-bit hash down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, arbitrary::Arbitrary)]
pub enum HashMode {
    /// A well-mixed 64-bit hash.
    Full,
    /// Only the low 4 bits survive: 16 distinct hashes, collision nodes everywhere.
    Low4,
    /// Only the top 8 bits vary: every key shares a long trie prefix.
    High8,
    /// Every key hashes to the same value.
    Constant,
}

/// A `BuildHasher` for fuzzing, deterministic and selectable by mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FuzzState(pub HashMode);

/// The hasher [`FuzzState`] builds: FNV-1a, then a splitmix finalizer, then the mode's fold.
#[derive(Debug)]
pub struct FuzzHasher {
    state: u64,
    mode: HashMode,
}

impl BuildHasher for FuzzState {
    type Hasher = FuzzHasher;
    fn build_hasher(&self) -> FuzzHasher {
        FuzzHasher {
            state: 0xcbf2_9ce4_8422_2325,
            mode: self.0,
        }
    }
}

impl Hasher for FuzzHasher {
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
        match self.mode {
            HashMode::Full => z,
            HashMode::Low4 => z & 0xf,
            HashMode::High8 => z & 0xff00_0000_0000_0000,
            HashMode::Constant => 42,
        }
    }
}
