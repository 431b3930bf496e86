//! Crash safety of `cowtree::persist::Store`: a save cut at every byte offset, pages of a save
//! lost (a child process killed in the middle of saves is in `persist_kill.rs`), damage in the
//! middle of the log, and the file lock. In every case `open` succeeds, every
//! version whose save returned loads whole, and the torn save is absent. The cut and page tests run
//! once per kind of last save (a Vector, an OrdMap, an OrdSet: each a batch of many node records).
#![cfg(feature = "persist")]

mod persist_versions;

use cowtree::persist::{Persist, Store, VersionId};
use cowtree::{OrdMap, OrdSet, Vector};
use persist_versions::{fixed, map_at, Map};
use std::fmt::Debug;
use std::path::Path;

/// A collection saved last, in a batch of several node records.
trait Last: Persist + PartialEq + Debug {}
impl<T: Persist + PartialEq + Debug> Last for T {}

/// The last saves the tests cut: a new vector, ordered map and ordered set.
fn last_vector() -> Vector<u32> {
    (0..1_000).collect()
}

fn last_ord_map() -> OrdMap<u64, String> {
    (0..300).map(|i| (i * 7, format!("o{i}"))).collect()
}

fn last_ord_set() -> OrdSet<u32> {
    (0..1_000).map(|i| i * 3).collect()
}

/// Builds a store with three versions, `last` the third; returns the versions, and the file
/// length before the last save.
fn three_versions<C: Last>(path: &Path, last: &C) -> (Vec<VersionId>, Vec<Map>, u64) {
    let mut store = Store::create(path).unwrap();
    let maps = vec![map_at(0), map_at(1)];
    let mut ids: Vec<VersionId> = maps.iter().map(|m| store.save(m).unwrap()).collect();
    let before_last = store.file_len();
    ids.push(store.save(last).unwrap());
    assert!(store.last_save().nodes > 3, "{:?}", store.last_save());
    assert_eq!(std::fs::metadata(path).unwrap().len(), store.file_len());
    (ids, maps, before_last)
}

fn check_earlier(store: &mut Store, ids: &[VersionId], maps: &[Map]) {
    assert_eq!(store.versions()[..maps.len()], ids[..maps.len()]);
    for (id, m) in ids.iter().zip(maps) {
        let back: Map = store.load_with_hasher(*id, fixed()).unwrap();
        back.check_invariants();
        assert_eq!(&back, m);
    }
}

#[test]
fn a_save_cut_at_every_byte_offset_is_absent_and_the_rest_loads() {
    cut_at_every_offset(last_vector());
    cut_at_every_offset(last_ord_map());
    cut_at_every_offset(last_ord_set());
}

fn cut_at_every_offset<C: Last>(v: C) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("full.cowtree");
    let (ids, maps, before_last) = three_versions(&path, &v);
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.len() as u64 - before_last > 1_000,
        "the last save is too small a test"
    );
    let cut_path = dir.path().join("cut.cowtree");
    for cut in before_last..bytes.len() as u64 {
        std::fs::write(&cut_path, &bytes[..cut as usize]).unwrap();
        let mut store = Store::open(&cut_path).unwrap_or_else(|e| panic!("cut {cut}: {e}"));
        assert_eq!(store.ignored_bytes(), cut - before_last, "cut {cut}");
        assert_eq!(store.versions(), ids[..2], "cut {cut}");
        check_earlier(&mut store, &ids, &maps);
        if cut % 97 == 0 {
            // The next save overwrites the torn tail, and the file reads back whole.
            let again = store.save(&v).unwrap();
            drop(store);
            let mut store = Store::open(&cut_path).unwrap();
            assert_eq!(store.ignored_bytes(), 0);
            assert_eq!(store.load::<C>(again).unwrap(), v);
            assert_eq!(store.versions(), [ids[0], ids[1], again]);
            check_earlier(&mut store, &ids, &maps);
        }
    }
    // The whole file has all three.
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.versions(), ids);
    assert_eq!(store.load::<C>(ids[2]).unwrap(), v);
}

#[test]
fn a_lost_or_garbled_page_of_the_last_save_drops_only_that_save() {
    lost_or_garbled_page(last_vector());
    lost_or_garbled_page(last_ord_map());
    lost_or_garbled_page(last_ord_set());
}

fn lost_or_garbled_page<C: Last>(last: C) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("full.cowtree");
    let (ids, maps, before_last) = three_versions(&path, &last);
    let bytes = std::fs::read(&path).unwrap();
    let bad_path = dir.path().join("bad.cowtree");
    // Pages of 256 bytes (smaller than real pages, to try more of them) zeroed or filled with
    // junk, as a kernel that wrote the commit's page but not an earlier one would leave them.
    for fill in [0u8, 0xa5] {
        let mut at = before_last as usize;
        while at < bytes.len() {
            let mut bad = bytes.clone();
            let end = (at + 256).min(bad.len() - 1);
            bad[at..end].fill(fill);
            std::fs::write(&bad_path, &bad).unwrap();
            let mut store = Store::open(&bad_path).unwrap();
            assert_eq!(
                store.versions(),
                ids[..2],
                "page at {at} filled with {fill}"
            );
            check_earlier(&mut store, &ids, &maps);
            at += 256;
        }
    }
}

/// Damage to a save in the middle of the log (bit rot in a record's payload, in a record's
/// framing, or in the save's commit record) is not a torn tail: a later save is whole, so `open`
/// refuses the file instead of dropping the later versions, and `recover` keeps the versions
/// before the damage and never gives out the dropped versions' ids again.
#[test]
fn damage_before_a_whole_save_is_an_error_and_recover_keeps_what_precedes_it() {
    use cowtree::persist::Error;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.cowtree");
    let mut store = Store::create(&path).unwrap();
    let first = store.save(&map_at(0)).unwrap();
    let middle_start = store.file_len();
    let middle = store.save(&last_ord_map()).unwrap();
    let middle_end = store.file_len();
    let last = store.save(&last_vector()).unwrap();
    drop(store);
    let clean = std::fs::read(&path).unwrap();
    // A payload byte, the first record's tag byte (breaks the framing of everything after it in
    // that save), its length varint, and the last byte of the middle save's commit (its CRC).
    let offsets = [
        middle_start as usize,
        middle_start as usize + 1,
        (middle_start + middle_end) as usize / 2,
        middle_end as usize - 1,
    ];
    for at in offsets {
        let mut bytes = clean.clone();
        bytes[at] ^= 0x41;
        std::fs::write(&path, &bytes).unwrap();
        match Store::open(&path) {
            Err(Error::Damaged {
                at: damaged,
                later_save_ends_at,
            }) => {
                assert_eq!(damaged, middle_start, "byte {at}");
                assert_eq!(later_save_ends_at, clean.len() as u64, "byte {at}");
            }
            other => panic!("byte {at}: open gave {other:?}, not Error::Damaged"),
        }
        let mut store = Store::recover(&path).unwrap();
        assert_eq!(store.versions(), vec![first], "byte {at}");
        assert_eq!(
            store.load_with_hasher::<Map>(first, fixed()).unwrap(),
            map_at(0)
        );
        let next = store.save(&last_ord_set()).unwrap();
        assert!(
            next > last && next != middle,
            "byte {at}: id {next:?} given out again"
        );
        drop(store);
        // After the recovering save the file is whole again.
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.versions(), vec![first, next]);
        assert_eq!(store.load::<OrdSet<u32>>(next).unwrap(), last_ord_set());
    }
}

/// One `Store` per file: a second handle on the same file (which would overwrite the first's
/// saves) is refused while the first lives, and allowed once it is dropped.
#[test]
fn a_second_store_on_the_same_file_is_refused_while_the_first_lives() {
    use cowtree::persist::Error;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.cowtree");
    let mut first = Store::create(&path).unwrap();
    let id = first.save(&last_vector()).unwrap();
    assert!(matches!(Store::open(&path), Err(Error::Locked)));
    assert!(matches!(Store::recover(&path), Err(Error::Locked)));
    assert!(Store::open(&path)
        .unwrap_err()
        .to_string()
        .contains("locked by another Store"));
    // Compaction replaces the file; the lock moves with it.
    first.compact(&[id]).unwrap();
    assert!(matches!(Store::open(&path), Err(Error::Locked)));
    drop(first);
    let mut again = Store::open(&path).unwrap();
    assert_eq!(again.load::<Vector<u32>>(id).unwrap(), last_vector());
}
