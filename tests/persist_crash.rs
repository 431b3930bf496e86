//! Crash safety of `cowtree::persist::Store`: a save cut at every byte offset, pages of a save
//! lost, and a child process killed in the middle of saves. In every case `open` succeeds, every
//! version whose save returned loads whole, and the torn save is absent. The cut and page tests run
//! once per kind of last save (a Vector, an OrdMap, an OrdSet: each a batch of many node records).
#![cfg(feature = "persist")]

use cowtree::persist::{Persist, Store, VersionId};
use cowtree::{HashMap, OrdMap, OrdSet, Vector};
use foldhash::fast::FixedState;
use std::fmt::Debug;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

type Map = HashMap<u64, String, FixedState>;

fn fixed() -> FixedState {
    FixedState::with_seed(11)
}

/// The map the child process saves at step `step` (a function of the step alone).
fn map_at(step: u64) -> Map {
    let mut m = Map::with_hasher(fixed());
    m.extend((0..2_000).map(|i| (i, format!("v{i}"))));
    for s in 1..=step {
        for i in 0..64 {
            m.insert(s * 1_000 + i, format!("s{s}"));
        }
        m.remove(&(s * 3));
    }
    m
}

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

/// The child process of `a_child_killed_mid_save_loses_nothing_it_reported`: when
/// `COWTREE_CRASH_CHILD` names a store path, saves `map_at(1)`, `map_at(2)`, ... forever, printing
/// each step once its save has returned. Without the variable (a normal test run) it does nothing.
#[test]
fn crash_child_entry_point() {
    let Ok(path) = std::env::var("COWTREE_CRASH_CHILD") else {
        return;
    };
    let mut store = Store::create(&path).unwrap();
    let mut m = map_at(0);
    let mut out = std::io::stdout();
    for step in 0.. {
        if step > 0 {
            // map_at(step) from map_at(step - 1), by the same edits.
            for i in 0..64 {
                m.insert(step * 1_000 + i, format!("s{step}"));
            }
            m.remove(&(step * 3));
        }
        let id = store.save(&m).unwrap();
        use std::io::Write;
        writeln!(out, "saved {} {step}", id.as_u64()).unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn a_child_killed_mid_save_loses_nothing_it_reported() {
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    for (round, delay_us) in [0u64, 150, 400, 900, 2_000, 5_000].into_iter().enumerate() {
        let path = dir.path().join(format!("kill{round}.cowtree"));
        let mut child = Command::new(&exe)
            .args([
                "crash_child_entry_point",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("COWTREE_CRASH_CHILD", &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut reported = Vec::new();
        while reported.len() < 5 + round {
            let line = lines.next().expect("child output").unwrap();
            // (The test harness may print its own words before ours on the first line.)
            if let Some(rest) = line.split_once("saved ").map(|x| x.1) {
                let mut it = rest.split(' ').map(|x| x.parse::<u64>().unwrap());
                reported.push((it.next().unwrap(), it.next().unwrap()));
            }
        }
        std::thread::sleep(Duration::from_micros(delay_us));
        child.kill().unwrap();
        // Anything printed before the kill was saved, too.
        for line in lines.map_while(Result::ok) {
            // (The test harness may print its own words before ours on the first line.)
            if let Some(rest) = line.split_once("saved ").map(|x| x.1) {
                let mut it = rest.split(' ').map(|x| x.parse::<u64>().unwrap());
                reported.push((it.next().unwrap(), it.next().unwrap()));
            }
        }
        child.wait().unwrap();
        let mut store = Store::open(&path).unwrap();
        let versions: Vec<u64> = store.versions().iter().map(|v| v.as_u64()).collect();
        // Every reported save is there; at most the one in flight was added beyond them.
        assert!(
            versions.len() >= reported.len() && versions.len() <= reported.len() + 1,
            "round {round}: versions {versions:?}, reported {reported:?}"
        );
        for &(id, step) in &reported {
            assert_eq!(versions[step as usize], id);
        }
        for (step, &id) in store.versions().iter().enumerate() {
            let back: Map = store.load_with_hasher(id, fixed()).unwrap();
            back.check_invariants();
            assert_eq!(back, map_at(step as u64), "round {round}, version {id:?}");
        }
        // And the store goes on: a save after the crash lands after the survivors.
        let next = store.save(&map_at(0)).unwrap();
        assert_eq!(next.as_u64(), *versions.last().unwrap() + 1);
    }
}
