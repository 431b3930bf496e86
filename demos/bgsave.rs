//! Redis-style `BGSAVE` without `fork()`, saving incrementally: a key-value store is saved to a
//! `cowtree::persist::Store` on a background thread while the main thread keeps writing; the first
//! save writes the whole map, every later one only the nodes written since.
//!
//! Redis forks and lets the kernel copy the memory pages that the parent writes during the save.
//! Here `clone()` is the fork: an O(1) snapshot, after which each write copies only the tree path it
//! touches; and the store recognises every node it already holds, so a save writes only the paths
//! the writes copied. Every figure printed is measured in this run.
//!
//! ```text
//! cargo run --release --example bgsave -- --help
//! ```

use cowtree::persist::{SaveStats, Store};
use cowtree::HashMap;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A fixed-seed hasher (`FixedState::default()` is the same in every process): a map loaded in
/// another process gets the same shape, so loads are structural, share nodes, and later saves of
/// a loaded map stay incremental.
type Hasher = foldhash::fast::FixedState;
type Db = HashMap<String, String, Hasher>;

const HELP: &str = "\
bgsave: save a cowtree::HashMap to disk in the background, incrementally, while writes go on

USAGE: cargo run --release --example bgsave -- [OPTIONS]

OPTIONS:
  --keys N              keys loaded before the first save (default 1000000)
  --saves N             incremental saves after the full one (default 5)
  --interval-ms N       time between saves (default 500)
  --writes-per-sec N    cap on the write stream's rate, 0 = as fast as possible (default 20000)
  --out PATH            store file, replaced if it exists (default: <temp dir>/cowtree-bgsave.cowtree)
  -h, --help            print this help";

struct Options {
    keys: u64,
    saves: u64,
    interval: Duration,
    writes_per_sec: u64,
    out: PathBuf,
}

fn parse_args() -> Result<Options, String> {
    let mut opts = Options {
        keys: 1_000_000,
        saves: 5,
        interval: Duration::from_millis(500),
        writes_per_sec: 20_000,
        out: std::env::temp_dir().join("cowtree-bgsave.cowtree"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            println!("{HELP}");
            std::process::exit(0);
        }
        let known = [
            "--keys",
            "--saves",
            "--interval-ms",
            "--writes-per-sec",
            "--out",
        ];
        if !known.contains(&flag.as_str()) {
            return Err(format!("unknown flag {flag} (see --help)"));
        }
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        let number = || {
            value
                .replace('_', "")
                .parse::<u64>()
                .map_err(|e| format!("{flag}: {e}"))
        };
        match flag.as_str() {
            "--keys" => opts.keys = number()?,
            "--saves" => opts.saves = number()?,
            "--interval-ms" => opts.interval = Duration::from_millis(number()?),
            "--writes-per-sec" => opts.writes_per_sec = number()?,
            _ => opts.out = PathBuf::from(&value),
        }
    }
    Ok(opts)
}

/// A stream of random writes: 80% updates of existing keys, 10% inserts of new keys, 10% removes.
struct Writer {
    rng: u64,
    next_id: u64,
    done: u64,
}

impl Writer {
    fn next_u64(&mut self) -> u64 {
        // xorshift64*: enough randomness for a workload, and no dependency.
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        self.rng.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn write(&mut self, db: &mut Db) {
        let r = self.next_u64();
        let id = (r >> 8) % self.next_id;
        match r % 100 {
            0..=79 => {
                db.insert(key(id), value(r));
            }
            80..=89 => {
                db.insert(key(self.next_id), value(r));
                self.next_id += 1;
            }
            _ => {
                db.remove(key(id).as_str());
            }
        }
        self.done += 1;
    }

    /// Writes until `until` returns true, at most `per_sec` a second (0: no cap). Returns how many
    /// and how long they took.
    fn run(&mut self, db: &mut Db, per_sec: u64, until: impl Fn() -> bool) -> Burst {
        let (start, before) = (Instant::now(), self.done);
        while !until() {
            for _ in 0..64 {
                self.write(db);
            }
            if per_sec > 0 {
                let due = Duration::from_secs_f64((self.done - before) as f64 / per_sec as f64);
                if let Some(ahead) = due.checked_sub(start.elapsed()) {
                    std::thread::sleep(ahead.min(Duration::from_millis(5)));
                }
            }
        }
        Burst {
            writes: self.done - before,
            took: start.elapsed(),
        }
    }
}

/// A run of writes and its duration.
#[derive(Clone, Copy)]
struct Burst {
    writes: u64,
    took: Duration,
}

impl Burst {
    /// Writes per second.
    fn rate(self) -> f64 {
        self.writes as f64 / self.took.as_secs_f64().max(1e-9)
    }
}

fn key(id: u64) -> String {
    format!("user:{id:08}")
}

fn value(r: u64) -> String {
    format!("session-{:08x}", r as u32)
}

fn mib(bytes: u64) -> String {
    format!("{:.2} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn kib(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

/// Saves an O(1) snapshot of `db` on a background thread while writes continue on this one;
/// returns the save's figures and the writes applied meanwhile.
fn bgsave(store: &mut Store, db: &mut Db, writer: &mut Writer, per_sec: u64) -> (SaveStats, Burst) {
    let snapshot = db.clone();
    std::thread::scope(|s| {
        let saver = s.spawn(|| store.save(&snapshot).map(|_| store.last_save()));
        let writes = writer.run(db, per_sec, || saver.is_finished());
        let stats = saver.join().expect("saver thread").expect("save failed");
        (stats, writes)
    })
}

fn main() {
    let opts = parse_args().unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(2);
    });
    let mut writer = Writer {
        rng: 0x9e37_79b9_7f4a_7c15,
        next_id: opts.keys.max(1),
        done: 0,
    };

    // 1. Load.
    let loading = ProgressBar::new(opts.keys).with_style(
        ProgressStyle::with_template("loading   [{bar:40}] {pos}/{len} keys").expect("template"),
    );
    let start = Instant::now();
    let mut db = Db::default();
    for id in 0..opts.keys {
        db.insert(key(id), value(writer.next_u64()));
        if id % 16_384 == 0 {
            loading.set_position(id);
        }
    }
    loading.finish_and_clear();
    println!("loaded {} keys in {:.2?}", db.len(), start.elapsed());

    // 2. The first BGSAVE: everything is new to the store.
    let _ = std::fs::remove_file(&opts.out);
    let mut store = Store::create(&opts.out).expect("create the store file");
    let (full, during_full) = bgsave(&mut store, &mut db, &mut writer, opts.writes_per_sec);
    let writes = during_full.writes;
    println!("\nstore: {}", opts.out.display());
    println!(
        "full save:        {:>10} ({:>7} nodes) in {:>9.2?} + sync {:>8.2?}; {writes} writes applied meanwhile",
        mib(full.bytes),
        full.nodes,
        full.write,
        full.sync
    );

    // 3. Incremental BGSAVEs: writes go on between and during saves; each save writes what the
    //    writes since the last one copied.
    //    The write rate during a save against the rate between saves says what a save costs
    //    the writers: the first write to a node the snapshot shares copies that node.
    let mut ratios = Vec::new();
    for round in 1..=opts.saves {
        let next = Instant::now() + opts.interval;
        let between = writer.run(&mut db, opts.writes_per_sec, || Instant::now() >= next);
        let (inc, during) = bgsave(&mut store, &mut db, &mut writer, opts.writes_per_sec);
        println!(
            "save {round} after {:>6} writes: {:>10} ({:>7} nodes) in {:>9.2?} + sync {:>8.2?} \
             ({:.2}% of a full save's bytes); {} writes meanwhile",
            between.writes,
            kib(inc.bytes),
            inc.nodes,
            inc.write,
            inc.sync,
            100.0 * inc.bytes as f64 / full.bytes as f64,
            during.writes
        );
        ratios.push(during.rate() / between.rate());
    }
    if !ratios.is_empty() {
        ratios.sort_by(f64::total_cmp);
        let cap = match opts.writes_per_sec {
            0 => "uncapped".to_string(),
            n => format!("capped at {n}/s; --writes-per-sec 0 measures the cost"),
        };
        println!(
            "writes during a save ran at {:.0}% of their rate between saves (median of {}; {cap})",
            100.0 * ratios[ratios.len() / 2],
            ratios.len()
        );
    }

    // 4. A last save with writes paused, so that the file's newest version is the live map.
    store.save(&db).expect("final save");
    let last = store.last_save();
    println!(
        "final save (writes paused): {} in {:.2?} + sync {:.2?}; file: {}",
        kib(last.bytes),
        last.write,
        last.sync,
        mib(store.file_len())
    );
    drop(store);

    // 5. Reopen the file as a restarting process would, load the newest version, compare.
    let start = Instant::now();
    let mut store = Store::open(&opts.out).expect("reopen the store");
    let versions = store.versions();
    let newest = *versions.last().expect("a saved version");
    let loaded: Db = store.load(newest).expect("load the newest version");
    let load_time = start.elapsed();
    let same = loaded == db;
    println!(
        "\nreopened: {} versions; newest loaded in {load_time:.2?} ({} entries); equals the live map: {same}",
        versions.len(),
        loaded.len()
    );
    assert!(same, "the loaded version differs from the live map");
    let previous: Db = store
        .load(versions[versions.len() - 2])
        .expect("load the version before");
    let sharing = loaded.sharing(&previous);
    println!(
        "the version before, loaded too: shares {} of tree nodes with the newest; {} only in the newest",
        mib(sharing.shared as u64),
        kib(sharing.only_self as u64)
    );
}
