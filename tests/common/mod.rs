//! Test hashers that force collisions and deep paths, shared by the hash test files.
#![allow(dead_code)]

use std::collections::hash_map::DefaultHasher;
use std::hash::{BuildHasher, Hasher};

/// A deterministic hasher whose output is mangled by `MODE`:
/// 0 = full 64-bit hash, 1 = only 4 low bits kept (collision nodes everywhere),
/// 2 = constant (every key in one collision node), 3 = only the 12 high bits vary (deep paths).
#[derive(Clone, Copy, Default, Debug)]
pub struct Mangled<const MODE: u8>;

#[derive(Default)]
pub struct MangledHasher<const MODE: u8>(DefaultHasher);

impl<const MODE: u8> Hasher for MangledHasher<MODE> {
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes)
    }

    fn finish(&self) -> u64 {
        let h = self.0.finish();
        match MODE {
            0 => h,
            1 => h & 0xF,
            2 => 0x5555_5555_5555_5555,
            _ => h << 52,
        }
    }
}

impl<const MODE: u8> BuildHasher for Mangled<MODE> {
    type Hasher = MangledHasher<MODE>;

    fn build_hasher(&self) -> Self::Hasher {
        MangledHasher(DefaultHasher::new())
    }
}

pub type Full = Mangled<0>;
pub type FourBits = Mangled<1>;
pub type Constant = Mangled<2>;
pub type HighBits = Mangled<3>;
