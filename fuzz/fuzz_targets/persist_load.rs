//! `cowtree::persist`'s loader on hostile files: `Store::open`, then every version loaded as each
//! collection type, must give a clear error or a collection that passes its invariant checker;
//! never a panic, a hang or a huge allocation.
//!
//! The first byte picks the input's meaning: even, the rest is the file itself; odd, the rest
//! builds a valid store (a map, a set and a vector from the bytes) and then damages it (bit flips
//! at chosen offsets, a truncation), which reaches the checks behind the checksums.
#![no_main]

use cowtree::persist::Store;
use cowtree::{HashMap, HashSet, Vector};
use libfuzzer_sys::fuzz_target;
use std::collections::hash_map::DefaultHasher;
use std::hash::BuildHasherDefault;
use std::path::PathBuf;

type Fixed = BuildHasherDefault<DefaultHasher>;

fn scratch(name: &str) -> PathBuf {
    let shm = PathBuf::from("/dev/shm");
    let dir = if shm.is_dir() {
        shm
    } else {
        std::env::temp_dir()
    };
    dir.join(format!("cowtree-fuzz-{}-{name}", std::process::id()))
}

/// A valid store built from `data`, then damaged as the rest of `data` says.
fn damaged_store(data: &[u8]) -> Vec<u8> {
    let (build, damage) = data.split_at(data.len().min(64));
    let path = scratch("build");
    let _ = std::fs::remove_file(&path);
    let mut store = Store::create(&path).expect("create in scratch");
    let mut map: HashMap<u64, u16, Fixed> = HashMap::default();
    let mut set: HashSet<u8, Fixed> = HashSet::default();
    let mut vec: Vector<u8> = Vector::new();
    for (i, &b) in build.iter().enumerate() {
        map.insert(u64::from(b) * 0x9e37_79b9, i as u16);
        set.insert(b);
        vec.push_back(b);
        if i % 16 == 15 {
            store.save(&map).expect("save");
            store.save(&set).expect("save");
            store.save(&vec).expect("save");
        }
    }
    store.save(&map).expect("save");
    store.save(&vec).expect("save");
    drop(store);
    let mut bytes = std::fs::read(&path).expect("read back");
    let _ = std::fs::remove_file(&path);
    for chunk in damage.chunks(3) {
        match *chunk {
            [a, b, x] => {
                let at = usize::from(u16::from_le_bytes([a, b]));
                if let Some(byte) = bytes.get_mut(at) {
                    *byte ^= x.max(1);
                }
            }
            [a, b] => bytes.truncate(usize::from(u16::from_le_bytes([a, b]))),
            _ => {}
        }
    }
    bytes
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = if mode & 1 == 0 {
        rest.to_vec()
    } else {
        damaged_store(rest)
    };
    let path = scratch("load");
    std::fs::write(&path, &bytes).expect("write scratch file");
    let opened = Store::open(&path);
    let _ = std::fs::remove_file(&path);
    let Ok(mut store) = opened else {
        return;
    };
    for id in store.versions() {
        if let Ok(m) = store.load::<HashMap<u64, u16, Fixed>>(id) {
            m.check_invariants();
        }
        if let Ok(s) = store.load::<HashSet<u8, Fixed>>(id) {
            s.check_invariants();
        }
        if let Ok(v) = store.load::<Vector<u8>>(id) {
            v.check_invariants();
        }
        // Another hasher: the rebuild-by-insertion path.
        if let Ok(m) = store.load_with_hasher::<HashMap<u64, u16>>(id, Default::default()) {
            m.check_invariants();
        }
    }
});
