//! `cowtree::persist`'s loader on hostile files: `Store::open`, then every version loaded as each
//! collection type, must give a clear error or a collection that passes its invariant checker;
//! never a panic, a hang or a huge allocation.
//!
//! The first byte picks the input's meaning: even, the rest is the file itself; odd, the rest
//! builds a valid store (a hash map, a hash set, a vector, an ordered map and an ordered set from
//! the bytes) and then damages it (bit flips at chosen offsets, a truncation). With the second bit
//! set too, the damaged file is then resealed: every commit's checksum is recomputed over its
//! save as damaged, so the damage gets past `open` and reaches each structure's node checks (an
//! `OrdMap` commit over damaged B+tree records, say). Every version is loaded as every type (the
//! wrong type is refused at the commit's kind).
#![no_main]

use cowtree::persist::Store;
use cowtree::{HashMap, HashSet, OrdMap, OrdSet, Vector};
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
    let mut ord: OrdMap<u64, u16> = OrdMap::new();
    let mut ord_set: OrdSet<u8> = OrdSet::new();
    for (i, &b) in build.iter().enumerate() {
        map.insert(u64::from(b) * 0x9e37_79b9, i as u16);
        set.insert(b);
        vec.push_back(b);
        // Every byte a few keys, so that 64 bytes make a tree of several levels.
        for j in 0..4u64 {
            ord.insert(u64::from(b) * 4 + j + ((i as u64) << 10), i as u16);
        }
        ord_set.insert(b);
        if i % 16 == 15 {
            store.save(&map).expect("save");
            store.save(&set).expect("save");
            store.save(&vec).expect("save");
            store.save(&ord).expect("save");
            store.save(&ord_set).expect("save");
        }
    }
    store.save(&map).expect("save");
    store.save(&vec).expect("save");
    store.save(&ord).expect("save");
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

#[path = "../../tests/persist_format/reseal.rs"]
mod reseal;
use reseal::reseal;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = match mode & 3 {
        0 | 2 => rest.to_vec(),
        1 => damaged_store(rest),
        _ => {
            let mut b = damaged_store(rest);
            reseal(&mut b);
            b
        }
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
        if let Ok(m) = store.load::<OrdMap<u64, u16>>(id) {
            m.check_invariants();
            // The order statistics and iteration agree with the checked counts.
            assert_eq!(m.iter().count(), m.len());
            if let Some((k, _)) = m.get_index(m.len() / 2) {
                assert_eq!(m.rank(k), m.len() / 2);
            }
        }
        if let Ok(s) = store.load::<OrdSet<u8>>(id) {
            s.check_invariants();
        }
        // Another hasher: the rebuild-by-insertion path.
        if let Ok(m) = store.load_with_hasher::<HashMap<u64, u16>>(id, Default::default()) {
            m.check_invariants();
        }
    }
});
