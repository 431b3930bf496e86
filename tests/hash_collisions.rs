//! Keys that collide on purpose, 10,000+ of them: correctness never depends on distinct hashes.

use std::hash::{Hash, Hasher};

use cowtree::{HashMap, HashSet};

/// Every key hashes the same: all land in one collision node at full depth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ConstHash(u32);

impl Hash for ConstHash {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(7);
    }
}

/// With an identity-like hasher, hashes differ only in the high bits: long single-child chains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct HighBits(u32);

impl Hash for HighBits {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(u64::from(self.0) << 50);
    }
}

/// A hasher that returns the last `u64` written, so `HighBits` keeps its shape.
#[derive(Default, Clone, Copy, Debug)]
struct Identity;

#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl std::hash::BuildHasher for Identity {
    type Hasher = IdentityHasher;
    fn build_hasher(&self) -> IdentityHasher {
        IdentityHasher::default()
    }
}

#[test]
fn ten_thousand_keys_with_one_hash() {
    const N: u32 = 10_000;
    let mut map: HashMap<ConstHash, u32> = HashMap::new();
    for i in 0..N {
        assert_eq!(map.insert(ConstHash(i), i), None);
    }
    map.check_invariants();
    assert_eq!(map.len(), N as usize);
    let snapshot = map.clone();
    for i in 0..N {
        assert_eq!(map.get(&ConstHash(i)), Some(&i));
    }
    assert_eq!(map.get(&ConstHash(N)), None);
    for i in (0..N).step_by(2) {
        assert_eq!(map.remove(&ConstHash(i)), Some(i));
    }
    map.check_invariants();
    snapshot.check_invariants();
    assert_eq!(map.len(), (N / 2) as usize);
    assert_eq!(snapshot.len(), N as usize);
    assert_eq!(map.iter().count(), (N / 2) as usize);
    assert_eq!(map.diff(&snapshot).count(), (N / 2) as usize);
    let merged = map.clone().union(snapshot.clone());
    merged.check_invariants();
    assert!(merged == snapshot);
    for i in (1..N).step_by(2) {
        assert_eq!(map.remove(&ConstHash(i)), Some(i));
    }
    map.check_invariants();
    assert!(map.is_empty());
}

#[test]
fn sixteen_thousand_keys_differing_only_in_high_bits() {
    // 14 varying bits: every hash is distinct, but all share their low 50 bits.
    const N: u32 = 16_384;
    let mut set: HashSet<HighBits, Identity> = HashSet::with_hasher(Identity);
    for i in 0..N {
        assert!(set.insert(HighBits(i)));
    }
    set.check_invariants();
    let snapshot = set.clone();
    for i in 0..N {
        assert!(set.contains(&HighBits(i)));
    }
    for i in (0..N).filter(|i| i % 3 == 0) {
        assert!(set.remove(&HighBits(i)));
    }
    set.check_invariants();
    assert_eq!(
        set.len() + (0..N).filter(|i| i % 3 == 0).count(),
        N as usize
    );
    assert_eq!(snapshot.len(), N as usize);
    let back = set.clone().union(snapshot.clone());
    back.check_invariants();
    assert!(back == snapshot);
    let gone = snapshot.clone().difference(set.clone());
    gone.check_invariants();
    assert!(gone.iter().all(|k| k.0 % 3 == 0));
    // Maps with different hasher instances still compare by content.
    let mut map: HashMap<ConstHash, u32> = HashMap::new();
    for i in 0..200 {
        map.insert(ConstHash(i), i);
    }
    let copy: HashMap<ConstHash, u32> = map.iter().map(|(k, v)| (*k, *v)).collect();
    assert!(
        copy == map,
        "maps with different hashers compare by content"
    );
}
