//! Tests of the node block. In-place edits (`splice_in_place`) move arrays inside one block;
//! these tests drive every edit through blocks with slack, for entry sizes from 0 to 200 bytes
//! (smaller than, equal to and larger than a child pointer) and alignments 1 to 32, checking
//! contents against a model each step; and the safe editing methods' argument checks.

use super::Node;
use std::collections::HashMap as StdMap;
use std::fmt::Debug;
use std::hash::Hash;

/// A hash with few bits (`mask`), so that nodes split, merge and collide often.
fn churn<K, V>(mask: u64, key: impl Fn(u64) -> K, value: impl Fn(u64) -> V)
where
    K: Hash + Eq + Clone + Debug,
    V: Clone + PartialEq + Debug,
{
    let hash = move |k: &K| {
        let mut h = std::hash::DefaultHasher::new();
        k.hash(&mut h);
        std::hash::Hasher::finish(&h) & mask
    };
    let mut root = Node::<K, V>::empty();
    let mut model = StdMap::new();
    let mut x = 0x1234_5678_9abc_def0u64;
    for step in 0..6000u64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let k = key(x % 96);
        // Phases: mostly inserts, then mostly removes, so nodes shrink in place and later
        // grow back into their slack.
        let insert = (step / 500) % 2 == 0 && !x.is_multiple_of(4)
            || (step / 500) % 2 == 1 && x.is_multiple_of(4);
        if insert {
            let v = value(step);
            let old = root.insert(0, hash(&k), k.clone(), v.clone(), &hash).1;
            assert_eq!(old, model.insert(k, v));
        } else {
            assert_eq!(root.remove(0, hash(&k), &k).map(|e| e.1), model.remove(&k));
        }
        root.check(0, 0, true, &hash);
        for (k, v) in &model {
            assert_eq!(root.get(0, hash(k), k).map(|e| &e.1), Some(v));
        }
    }
}

#[test]
fn in_place_edits_small_entries() {
    churn(0xff, |x| x as u8, |s| s as u8);
    churn(0x3, |x| x as u8, |s| s as u8);
}

#[test]
fn in_place_edits_pointer_sized_entries() {
    churn(0xfff, |x| x as u32, |s| s as u32);
    churn(0x7, |x| x as u32, |s| s as u32);
}

#[test]
fn in_place_edits_large_aligned_entries() {
    churn(0xffff, |x| x as u128, |s| (s as u128) << 64);
    churn(0x1f, |x| x as u128, |s| [s; 3]);
}

#[test]
fn in_place_edits_drop_heap_values() {
    churn(0x3ff, |x| x.to_string(), |s| vec![s; 2]);
}

/// Entries aligned wider than the header: the entry array's offset jumps by 32 bytes.
#[repr(align(32))]
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
struct Align32(u8);

#[test]
fn in_place_edits_align_32_huge_and_one_byte_entries() {
    churn(0x1f, |x| Align32(x as u8), |s| Align32(s as u8));
    churn(0xff, |x| x as u16, |s| [s as u8; 200]);
    churn(0x7, |x| x as u8, |_| ());
}

fn string_node(n: u32) -> Node<u32, String> {
    let datamap = (1u32 << n) - 1;
    Node::from_parts(
        datamap,
        0,
        (0..n).map(|i| (i, i.to_string())).collect(),
        vec![],
    )
}

#[test]
fn removes_keep_the_block_and_a_copy_is_exact() {
    let mut node = string_node(8);
    let exact = node.alloc_size();
    assert_eq!(exact, Node::<u32, String>::layout(8, 0).size());
    for k in 0..6u32 {
        let datamap = node.raw_maps().0;
        let e = node.remove_entry_at(datamap & !(1 << k), 0, 0);
        assert_eq!(e, (k, k.to_string()));
        assert_eq!(node.alloc_size(), exact, "a remove shrinks in place");
        assert_eq!(node.block_fault(), None);
    }
    let snapshot = node.clone();
    node.make_unique();
    assert_eq!(node.alloc_size(), Node::<u32, String>::layout(2, 0).size());
    assert_eq!(node.entries(), snapshot.entries());
    assert_eq!(snapshot.alloc_size(), exact, "the snapshot keeps its slack");
    assert_eq!(node.block_fault(), None);
}

#[test]
fn a_grown_node_gets_slack_and_the_next_inserts_stay_in_place() {
    type N = Node<u32, String>;
    let mut node = string_node(8);
    assert_eq!(node.alloc_size(), N::layout(8, 0).size(), "built exact");
    node.insert_entry_at((1 << 9) - 1, 0, 8, (8, "8".into()));
    let grown = node.alloc_size();
    assert_eq!(grown, N::grown_size(9, 0));
    assert_eq!(
        grown - N::layout(9, 0).size(),
        2 * std::mem::size_of::<(u32, String)>()
    );
    let addr = node.addr();
    node.insert_entry_at((1 << 10) - 1, 0, 9, (9, "9".into()));
    node.insert_entry_at((1 << 11) - 1, 0, 10, (10, "10".into()));
    assert_eq!(
        (node.addr(), node.alloc_size()),
        (addr, grown),
        "two inserts into the slack"
    );
    node.insert_entry_at((1 << 12) - 1, 0, 11, (11, "11".into()));
    assert_ne!(node.alloc_size(), grown, "the third outgrows it");
    let want: Vec<_> = (0..12u32).map(|i| (i, i.to_string())).collect();
    assert_eq!(node.entries(), &want[..]);
    assert_eq!(node.block_fault(), None);
}

#[test]
fn an_insert_into_a_shared_node_copies_it_once_with_room_for_the_entry() {
    type N = Node<u32, String>;
    let mut node = string_node(5);
    let snapshot = node.clone();
    node.make_unique_for_insert();
    assert_ne!(node.addr(), snapshot.addr());
    assert_eq!(
        node.alloc_size(),
        N::layout(6, 0).size(),
        "room for one entry, no more"
    );
    let addr = node.addr();
    node.insert_entry_at(0b11_1111, 0, 5, (5, "5".into()));
    assert_eq!(
        node.addr(),
        addr,
        "the insert fills the copy's room in place"
    );
    assert_eq!(node.entries().len(), 6);
    assert_eq!(snapshot.entries().len(), 5, "the snapshot is untouched");
    // A unique node is left as it is.
    node.make_unique_for_insert();
    assert_eq!(node.addr(), addr);
    assert_eq!(node.block_fault(), None);
}

/// Regression: the safe editing methods used to trust their bitmap arguments, so bitmaps
/// whose counts did not match the edit built a node with uninitialized slots (or read out of
/// bounds). The lengths now come from the edit itself, so such bitmaps cannot reach memory; an
/// index out of range panics in every build, and bitmaps that disagree with the edit panic in
/// builds with debug assertions (the tests'), all before the node changes.
#[test]
fn edits_with_wrong_bitmaps_or_indexes_panic_and_change_nothing() {
    use std::panic::{catch_unwind, AssertUnwindSafe};
    let mut node = string_node(3);
    let before: Vec<_> = node.entries().to_vec();
    type Attempt = dyn Fn(&mut Node<u32, String>);
    let attempts: [&Attempt; 6] = [
        &|n| drop(n.remove_entry_at(0b1111, 0, 0)),
        &|n| drop(n.remove_entry_at(0b11, 0, 3)),
        &|n| n.insert_entry_at(0b1, 0, 0, (9, "x".into())),
        &|n| n.insert_entry_at(0b1111, 0, 4, (9, "x".into())),
        &|n| n.entry_to_child(0b11, 0b11, 0, 0, |_| unreachable!()),
        &|n| n.dissolve_child(0b111, 0, 0, 0),
    ];
    for (i, attempt) in attempts.iter().enumerate() {
        let r = catch_unwind(AssertUnwindSafe(|| attempt(&mut node)));
        assert!(r.is_err(), "attempt {i} was accepted");
        assert_eq!(node.entries(), &before[..], "attempt {i} changed the node");
        assert_eq!(node.block_fault(), None);
    }
    let snapshot = node.clone();
    let r = catch_unwind(AssertUnwindSafe(|| node.remove_entry_at(0b110, 0, 0)));
    assert!(r.is_err(), "a shared node was edited");
    assert_eq!(snapshot.entries(), &before[..]);
}
