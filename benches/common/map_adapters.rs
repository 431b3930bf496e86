//! One adapter per map contender, behind [`MapBench`], so every benchmark is written once.

use super::{hasher, Hasher};

/// What a map benchmark needs of a contender (`u64` keys and values).
pub trait MapBench: Clone {
    /// Column name.
    const NAME: &'static str;
    /// Whether `clone` is an O(1) snapshot. The snapshot loops skip non-persistent contenders
    /// (a deep copy of a million entries per write is not a comparison anyone makes).
    const PERSISTENT: bool;
    /// An empty map with the shared hasher.
    fn empty() -> Self;
    /// Inserts or replaces.
    fn put(&mut self, k: u64, v: u64);
    /// The value of `k`, if any.
    fn find(&self, k: u64) -> Option<u64>;
    /// Removes `k`; whether it was there.
    fn del(&mut self, k: u64) -> bool;
    /// Sum of all values (wrapping), by iteration.
    fn sum_values(&self) -> u64;
    /// Number of entries.
    fn size(&self) -> usize;
    /// Calls `f` on every entry.
    fn each(&self, f: impl FnMut(u64, u64));

    /// Number of keys added, removed or changed from `self` to `newer`.
    ///
    /// The default is what a user without a structural diff does: a full walk of both versions.
    fn diff_len(&self, newer: &Self) -> usize {
        let mut n = 0;
        newer.each(|k, v| {
            if self.find(k) != Some(v) {
                n += 1;
            }
        });
        self.each(|k, _| {
            if newer.find(k).is_none() {
                n += 1;
            }
        });
        n
    }

    /// Sum (wrapping) of the values of `keys`, which must all be present.
    ///
    /// The default is a `find` per key; a contender with a batched look-up overrides it.
    fn sum_found(&self, keys: &[u64]) -> u64 {
        keys.iter().fold(0u64, |a, &k| {
            a.wrapping_add(self.find(k).expect("hit key missing"))
        })
    }

    /// A map of the first `n` pairs, built by `put`.
    fn build(keys: &[u64], values: &[u64]) -> Self {
        let mut m = Self::empty();
        for (&k, &v) in keys.iter().zip(values) {
            m.put(k, v);
        }
        m
    }
}

/// `std::collections::HashMap`: the floor.
pub type StdMap = std::collections::HashMap<u64, u64, Hasher>;

impl MapBench for StdMap {
    const NAME: &'static str = "std";
    const PERSISTENT: bool = false;
    fn empty() -> Self {
        StdMap::with_hasher(hasher())
    }
    fn put(&mut self, k: u64, v: u64) {
        self.insert(k, v);
    }
    fn find(&self, k: u64) -> Option<u64> {
        self.get(&k).copied()
    }
    fn del(&mut self, k: u64) -> bool {
        self.remove(&k).is_some()
    }
    fn sum_values(&self) -> u64 {
        self.values().fold(0, |a, &v| a.wrapping_add(v))
    }
    fn size(&self) -> usize {
        self.len()
    }
    fn each(&self, mut f: impl FnMut(u64, u64)) {
        for (&k, &v) in self {
            f(k, v);
        }
    }
}

/// `imbl::GenericHashMap` with the shared hasher and imbl's default pointer kind.
pub type ImblMap = imbl::GenericHashMap<u64, u64, Hasher, imbl::shared_ptr::DefaultSharedPtr>;

impl MapBench for ImblMap {
    const NAME: &'static str = "imbl";
    const PERSISTENT: bool = true;
    fn empty() -> Self {
        ImblMap::with_hasher(hasher())
    }
    fn put(&mut self, k: u64, v: u64) {
        self.insert(k, v);
    }
    fn find(&self, k: u64) -> Option<u64> {
        self.get(&k).copied()
    }
    fn del(&mut self, k: u64) -> bool {
        self.remove(&k).is_some()
    }
    fn sum_values(&self) -> u64 {
        self.values().fold(0, |a, &v| a.wrapping_add(v))
    }
    fn size(&self) -> usize {
        self.len()
    }
    fn each(&self, mut f: impl FnMut(u64, u64)) {
        for (&k, &v) in self {
            f(k, v);
        }
    }
}

/// `rpds::HashTrieMapSync` (its `Arc` flavour) with the shared hasher.
pub type RpdsMap = rpds::HashTrieMapSync<u64, u64, Hasher>;

impl MapBench for RpdsMap {
    const NAME: &'static str = "rpds";
    const PERSISTENT: bool = true;
    fn empty() -> Self {
        rpds::HashTrieMap::new_with_hasher_and_ptr_kind(hasher())
    }
    fn put(&mut self, k: u64, v: u64) {
        self.insert_mut(k, v);
    }
    fn find(&self, k: u64) -> Option<u64> {
        self.get(&k).copied()
    }
    fn del(&mut self, k: u64) -> bool {
        self.remove_mut(&k)
    }
    fn sum_values(&self) -> u64 {
        self.values().fold(0, |a, &v| a.wrapping_add(v))
    }
    fn size(&self) -> usize {
        rpds::HashTrieMap::size(self)
    }
    fn each(&self, mut f: impl FnMut(u64, u64)) {
        for (&k, &v) in self.iter() {
            f(k, v);
        }
    }
}

pub use cow::CowMap;

mod cow {
    use super::{hasher, Hasher, MapBench};

    /// `cowtree::HashMap` with the shared hasher.
    pub type CowMap = cowtree::HashMap<u64, u64, Hasher>;

    impl MapBench for CowMap {
        const NAME: &'static str = "cowtree";
        const PERSISTENT: bool = true;
        fn empty() -> Self {
            CowMap::with_hasher(hasher())
        }
        fn put(&mut self, k: u64, v: u64) {
            self.insert(k, v);
        }
        fn find(&self, k: u64) -> Option<u64> {
            self.get(&k).copied()
        }
        fn del(&mut self, k: u64) -> bool {
            self.remove(&k).is_some()
        }
        fn sum_values(&self) -> u64 {
            self.values().fold(0, |a, &v| a.wrapping_add(v))
        }
        fn size(&self) -> usize {
            self.len()
        }
        fn each(&self, mut f: impl FnMut(u64, u64)) {
            for (&k, &v) in self.iter() {
                f(k, v);
            }
        }
        fn diff_len(&self, newer: &Self) -> usize {
            self.diff(newer).count()
        }
        fn sum_found(&self, keys: &[u64]) -> u64 {
            self.get_many(keys)
                .fold(0u64, |a, v| a.wrapping_add(*v.expect("hit key missing")))
        }
    }
}
