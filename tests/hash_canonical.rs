//! Canonical form: one key set has one trie shape, whatever the order of the inserts and removes
//! that made it. Equality, diff, `is_subset` and the set algebra rely on it to skip shared
//! subtrees; `check_invariants` verifies it (no subtree below the root holds fewer than two
//! entries): after every step for small maps here, at the end for large ones.

mod support;

use std::collections::HashSet as StdSet;
use std::hash::BuildHasher;

use cowtree::HashMap;
use support::hashers::{Constant, FourBits, Full, HighBits};

fn shuffled(keys: &[u64], mut x: u64) -> Vec<u64> {
    let mut v = keys.to_vec();
    for i in (1..v.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.swap(i, (x % (i as u64 + 1)) as usize);
    }
    v
}

/// From one shared starting version, reaches the key set `0..n` step 2 by several orders of
/// inserts and removes (with detours through keys that end up absent), and checks the results
/// agree structurally.
fn same_shape_whatever_the_order<S: BuildHasher + Default + Clone>(n: u64) {
    let start: HashMap<u64, u64, S> = HashMap::with_hasher(S::default());
    let target: Vec<u64> = (0..n).step_by(2).collect();
    let detour: Vec<u64> = (0..n).filter(|k| k % 2 == 1).collect();
    let mut versions = Vec::new();
    for seed in 1..=4u64 {
        let mut m = start.clone();
        // Insert the target keys and the detour keys interleaved in a shuffled order.
        let mut all = target.clone();
        all.extend(&detour);
        for k in shuffled(&all, seed * 0x9E37_79B9) {
            m.insert(k, k);
            if seed == 1 && n <= 100 {
                m.check_invariants();
            }
        }
        for k in shuffled(&detour, seed * 0x51_7CC1) {
            assert_eq!(m.remove(&k), Some(k));
            if n <= 100 {
                m.check_invariants();
            }
        }
        m.check_invariants();
        versions.push(m);
    }
    // Inserts only, in two orders.
    let mut a = start.clone();
    let mut b = start.clone();
    for &k in &target {
        a.insert(k, k);
    }
    for &k in target.iter().rev() {
        b.insert(k, k);
    }
    a.check_invariants();
    b.check_invariants();
    versions.push(a);
    versions.push(b);

    let want: StdSet<u64> = target.iter().copied().collect();
    for v in &versions[1..] {
        assert_eq!(v.keys().copied().collect::<StdSet<u64>>(), want);
        assert_eq!(v, &versions[0], "{n} keys");
        assert_eq!(versions[0].diff(v).count(), 0, "{n} keys: empty diff");
        assert!(v.keys_are_subset_of(&versions[0]));
        assert_eq!(
            exact_bytes(v),
            exact_bytes(&versions[0]),
            "{n} keys: equal node sizes"
        );
    }
}

/// The bytes of `map`'s nodes without the slack in-place edits leave: a snapshot's every node is
/// copied (exact-size) by a full `values_mut` pass. Equal for equal shapes.
fn exact_bytes<S: BuildHasher>(map: &HashMap<u64, u64, S>) -> usize {
    let mut copy = map.clone();
    copy.values_mut().for_each(|_| {});
    copy.heap_size()
}

trait KeysSubset {
    fn keys_are_subset_of(&self, other: &Self) -> bool;
}

impl<S: BuildHasher> KeysSubset for HashMap<u64, u64, S> {
    fn keys_are_subset_of(&self, other: &Self) -> bool {
        self.is_submap(other) && other.is_submap(self)
    }
}

#[test]
fn one_key_set_one_shape() {
    for n in [0, 1, 2, 3, 4, 5, 33, 64, 65, 1000, 4000] {
        same_shape_whatever_the_order::<Full>(n);
        same_shape_whatever_the_order::<FourBits>(n);
        same_shape_whatever_the_order::<HighBits>(n);
    }
    for n in [0, 1, 2, 3, 40] {
        same_shape_whatever_the_order::<Constant>(n);
    }
}

#[test]
fn subtrees_pull_up_at_the_boundary() {
    // Under the high-bits hasher, keys share long prefixes: removing down to one key of a
    // subtree must pull that key up, and the map must equal one built from the survivors.
    let start: HashMap<u64, u64, HighBits> = HashMap::with_hasher(HighBits::default());
    for size in 1..=6u64 {
        let mut m = start.clone();
        for k in 0..size + 2 {
            m.insert(k, k);
        }
        for k in size..size + 2 {
            m.remove(&k);
            m.check_invariants();
        }
        let mut fresh = start.clone();
        for k in 0..size {
            fresh.insert(k, k);
        }
        assert_eq!(m, fresh);
        assert_eq!(m.diff(&fresh).count(), 0);
        assert_eq!(exact_bytes(&m), exact_bytes(&fresh));
    }
}
