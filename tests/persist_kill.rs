//! Crash safety of `cowtree::persist::Store` against a real crash: a child process saving in a
//! loop is killed at several moments; every save it reported as returned loads whole, at most the
//! one in flight is added, and the store goes on. This test spawns processes, so it lives in a
//! binary of its own: a process forked while another test thread has a store file open keeps that
//! file's lock (an advisory `flock`, shared by the fork) until it execs, and a test reopening the
//! file at that instant would see `Error::Locked`.
#![cfg(feature = "persist")]

mod persist_versions;

use cowtree::persist::Store;
use persist_versions::{fixed, map_at, Map};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

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
