//! `cowtree::persist` against issue 12's targets, at 1,000,000 `u64 -> u64` entries (fixed-seed
//! foldhash, so loads are structural):
//! - full save vs serde + postcard (time and bytes);
//! - the save after 10 inserts (bytes, time without the sync, the sync);
//! - load (open + load, a fresh store) vs postcard deserialize + collect into a map;
//! - 100 versions, each 10 writes after the one before: file + loaded heap vs one version plus
//!   the changed nodes;
//! - an `OrdMap<u64, u64>` of the same entries: full save and load vs serde + postcard.
//!
//! A plain binary (no criterion): `cargo bench --bench persist --features persist`. Times are the
//! best of `ROUNDS` runs with `Instant`; `COWTREE_PERSIST_N` changes the size, and
//! `COWTREE_PERSIST_SKIP_VERSIONS=1` skips the 100-version part.

use cowtree::persist::Store;
use cowtree::{HashMap, OrdMap};
use serde::ser::{SerializeMap, Serializer};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

type Hasher = foldhash::fast::FixedState;
type Map = HashMap<u64, u64, Hasher>;

const ROUNDS: usize = 3;

fn hasher() -> Hasher {
    foldhash::fast::FixedState::with_seed(0x00c0_ffee)
}

/// SplitMix64: the keys and values.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The map as serde sees it (a map of its entries), without the crate's `serde` feature.
struct AsSerdeMap<'a>(&'a Map);

impl serde::Serialize for AsSerdeMap<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0.iter() {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// An ordered map as serde sees it.
struct AsSerdeOrd<'a>(&'a OrdMap<u64, u64>);

impl serde::Serialize for AsSerdeOrd<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter())
    }
}

fn best<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..ROUNDS {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed());
        out = Some(r);
    }
    (best, out.expect("one round"))
}

fn fresh(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    let _ = std::fs::remove_file(&p);
    p
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo bench` may probe binaries with --list
    }
    let n: u64 = std::env::var("COWTREE_PERSIST_N")
        .ok()
        .and_then(|s| s.replace('_', "").parse().ok())
        .unwrap_or(1_000_000);
    let dir = std::env::temp_dir().join(format!("cowtree-bench-persist-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut rng = 0x5eed_c0de_2026_0001;
    let mut map = Map::with_hasher(hasher());
    map.extend((0..n).map(|_| (splitmix(&mut rng), splitmix(&mut rng))));
    println!("## persist, N = {n} (u64 -> u64, fixed-seed foldhash), best of {ROUNDS}\n");

    // 1. Full save vs serde + postcard.
    let (pc_time, pc_bytes) = best(|| postcard::to_allocvec(&AsSerdeMap(&map)).unwrap());
    let (pc_file_time, _) = best(|| {
        let bytes = postcard::to_allocvec(&AsSerdeMap(&map)).unwrap();
        std::fs::write(fresh(&dir, "pc.postcard"), &bytes).unwrap();
    });
    let (_, stats) = best(|| {
        let mut store = Store::create(fresh(&dir, "full.cowtree")).unwrap();
        store.save(&map).unwrap();
        store.last_save()
    });
    let mut saves: Vec<_> = (0..ROUNDS)
        .map(|_| {
            let mut store = Store::create(fresh(&dir, "full.cowtree")).unwrap();
            store.save(&map).unwrap();
            store.last_save()
        })
        .collect();
    saves.sort_by_key(|s| s.write);
    let full = saves[0];
    let _ = stats;
    println!("| full save | time | bytes |");
    println!("|---|---|---|");
    println!(
        "| serde + postcard to a Vec | {} | {} |",
        ms(pc_time),
        pc_bytes.len()
    );
    println!(
        "| serde + postcard, written to a file (no sync) | {} | |",
        ms(pc_file_time)
    );
    println!(
        "| Store::save, encode + write (sync apart: {}) | {} | {} |",
        ms(full.sync),
        ms(full.write),
        full.bytes
    );
    println!(
        "\nratios: save time / postcard-to-Vec time = {:.2}, / postcard-to-file = {:.2}; file / postcard bytes = {:.3}\n",
        full.write.as_secs_f64() / pc_time.as_secs_f64(),
        full.write.as_secs_f64() / pc_file_time.as_secs_f64(),
        full.bytes as f64 / pc_bytes.len() as f64
    );

    // 2. The save after 10 inserts.
    let path = fresh(&dir, "inc.cowtree");
    let mut store = Store::create(&path).unwrap();
    store.save(&map).unwrap();
    let mut incs = Vec::new();
    let mut live = map.clone();
    for _ in 0..ROUNDS {
        for _ in 0..10 {
            live.insert(splitmix(&mut rng), 1);
        }
        store.save(&live).unwrap();
        incs.push(store.last_save());
    }
    incs.sort_by_key(|s| s.write);
    let inc = incs[0];
    println!("| save after 10 inserts | bytes | nodes | encode + write | sync |");
    println!("|---|---|---|---|---|");
    println!(
        "| Store::save (best of {ROUNDS}) | {} | {} | {} | {} |",
        inc.bytes,
        inc.nodes,
        ms(inc.write),
        ms(inc.sync)
    );
    let worst = incs.iter().max_by_key(|s| s.bytes).unwrap();
    println!(
        "| largest of the {ROUNDS} | {} | {} | {} | {} |\n",
        worst.bytes,
        worst.nodes,
        ms(worst.write),
        ms(worst.sync)
    );
    drop(store);

    // 3. Load vs deserialize + collect.
    let full_path = dir.join("full.cowtree");
    let (open_time, _) = best(|| Store::open(&full_path).unwrap());
    let (load_time, loaded) = best(|| {
        let mut store = Store::open(&full_path).unwrap();
        let id = store.versions()[0];
        store.load_with_hasher::<Map>(id, hasher()).unwrap()
    });
    assert_eq!(loaded, map);
    let (de_time, collected) = best(|| {
        let entries: Vec<(u64, u64)> = postcard::from_bytes(&pc_bytes).unwrap();
        entries.into_iter().collect::<Map>()
    });
    assert_eq!(collected, map);
    println!("| load | time |");
    println!("|---|---|");
    println!(
        "| Store::open + load (fresh store; open alone {}) | {} |",
        ms(open_time),
        ms(load_time)
    );
    println!(
        "| postcard deserialize + collect into a HashMap | {} |",
        ms(de_time)
    );
    println!(
        "\nratio: load / (deserialize + collect) = {:.2}\n",
        load_time.as_secs_f64() / de_time.as_secs_f64()
    );
    drop((loaded, collected));

    // 4. OrdMap: the same entries, full save and load.
    let ord: OrdMap<u64, u64> = map.iter().map(|(&k, &v)| (k, v)).collect();
    let (opc_time, opc_bytes) = best(|| postcard::to_allocvec(&AsSerdeOrd(&ord)).unwrap());
    let mut osaves: Vec<_> = (0..ROUNDS)
        .map(|_| {
            let mut store = Store::create(fresh(&dir, "ord.cowtree")).unwrap();
            store.save(&ord).unwrap();
            store.last_save()
        })
        .collect();
    osaves.sort_by_key(|s| s.write);
    let ofull = osaves[0];
    let ord_path = dir.join("ord.cowtree");
    let (oload_time, oloaded) = best(|| {
        let mut store = Store::open(&ord_path).unwrap();
        let id = store.versions()[0];
        store.load::<OrdMap<u64, u64>>(id).unwrap()
    });
    assert_eq!(oloaded, ord);
    let (ode_time, ocollected) = best(|| {
        let entries: Vec<(u64, u64)> = postcard::from_bytes(&opc_bytes).unwrap();
        entries.into_iter().collect::<OrdMap<u64, u64>>()
    });
    assert_eq!(ocollected, ord);
    println!("| OrdMap | save time | bytes | load time |");
    println!("|---|---|---|---|");
    println!(
        "| serde + postcard (to a Vec; deserialize + collect) | {} | {} | {} |",
        ms(opc_time),
        opc_bytes.len(),
        ms(ode_time)
    );
    println!(
        "| Store::save (encode + write; sync apart: {}), Store::open + load | {} | {} | {} |",
        ms(ofull.sync),
        ms(ofull.write),
        ofull.bytes,
        ms(oload_time)
    );
    println!(
        "\nratios: save / postcard = {:.2}, file / postcard bytes = {:.3}, load / (deserialize + collect) = {:.2}\n",
        ofull.write.as_secs_f64() / opc_time.as_secs_f64(),
        ofull.bytes as f64 / opc_bytes.len() as f64,
        oload_time.as_secs_f64() / ode_time.as_secs_f64()
    );
    drop((ord, oloaded, ocollected));

    // 5. 100 versions, 10 writes apart, saved and all loaded back.
    if std::env::var_os("COWTREE_PERSIST_SKIP_VERSIONS").is_some() {
        return;
    }
    let path = fresh(&dir, "hundred.cowtree");
    let mut store = Store::create(&path).unwrap();
    let mut v = map.clone();
    let mut originals = Vec::new();
    let mut changed_file = 0u64;
    for i in 0..100 {
        if i > 0 {
            for _ in 0..10 {
                let k = splitmix(&mut rng);
                v.insert(k, i);
            }
        }
        store.save(&v).unwrap();
        if i > 0 {
            changed_file += store.last_save().bytes;
        }
        originals.push(v.clone());
    }
    let file_len = store.file_len();
    drop(store);
    let mut store = Store::open(&path).unwrap();
    let ids = store.versions();
    let loaded: Vec<Map> = ids
        .iter()
        .map(|&id| store.load_with_hasher(id, hasher()).unwrap())
        .collect();
    drop(store);
    // Distinct node bytes of a chain of versions: the first, then what each adds over the one
    // before (an upper bound when a version shares with an older one, not the case here).
    let heap = |vs: &[Map]| {
        vs[0].heap_size()
            + vs.windows(2)
                .map(|w| w[1].sharing(&w[0]).only_self)
                .sum::<usize>()
    };
    let (loaded_heap, original_heap) = (heap(&loaded), heap(&originals));
    let one_heap = originals[0].heap_size();
    let changed_heap = original_heap - one_heap;
    let reference = full.bytes + changed_file + (one_heap + changed_heap) as u64;
    let total = file_len + loaded_heap as u64;
    println!("| 100 versions, 10 writes apart | bytes |");
    println!("|---|---|");
    println!("| file | {file_len} |");
    println!("| heap of the 100 loaded versions (distinct nodes) | {loaded_heap} |");
    println!("| heap of the 100 versions before saving | {original_heap} |");
    println!(
        "| reference: one version (file {} + heap {one_heap}) + changed nodes (file {changed_file} + heap {changed_heap}) | {reference} |",
        full.bytes
    );
    println!(
        "\nratio: (file + loaded heap) / reference = {:.3}",
        total as f64 / reference as f64
    );
    let _ = std::fs::remove_dir_all(&dir);
}
