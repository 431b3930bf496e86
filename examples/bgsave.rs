//! Redis-style `BGSAVE` without `fork()`: save a frozen snapshot of a key-value store to disk on a
//! background thread while the main thread keeps writing to the live store.
//!
//! Redis forks and lets the kernel copy the memory pages that the parent writes during the save.
//! Here `clone()` is the fork: an O(1) snapshot, after which each write copies only the tree path it
//! touches. Every figure printed is measured in this run.
//!
//! ```text
//! cargo run --release --example bgsave -- --help
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::HashMap as StdHashMap;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

use cowtree::hash_map::DiffItem;
use cowtree::HashMap;
use indicatif::{ProgressBar, ProgressStyle};
use serde::ser::{SerializeMap, Serializer};

type Store = HashMap<String, String>;

const HELP: &str = "\
bgsave: save a snapshot of a cowtree::HashMap to disk while writes go on

USAGE: cargo run --release --example bgsave -- [OPTIONS]

OPTIONS:
  --keys N              keys loaded before the save (default 1000000)
  --writes-per-sec N    cap on the write stream's rate, 0 = as fast as possible (default 0)
  --out PATH            snapshot file (default: <temp dir>/cowtree-bgsave.postcard)
  -h, --help            print this help";

/// Counts the bytes that the *current thread* holds from the allocator, so the cost of a full copy
/// is measured rather than estimated. Per thread, so the saver thread does not blur the figure.
struct CountingAlloc;

thread_local! {
    static THREAD_BYTES: Cell<isize> = const { Cell::new(0) };
}

fn track(delta: isize) {
    // `try_with`: the slot is gone while a thread is being torn down; nothing to count then.
    let _ = THREAD_BYTES.try_with(|b| b.set(b.get() + delta));
}

fn thread_bytes() -> isize {
    THREAD_BYTES.with(Cell::get)
}

// SAFETY (for the whole impl): every method forwards its arguments unchanged to `System`, whose
// methods have the same contracts; the bookkeeping touches only a const-initialised thread-local
// that neither allocates nor panics.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which we pass on.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            track(layout.size() as isize);
        }
        ptr
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        track(-(layout.size() as isize));
        // SAFETY: `ptr` came from this allocator, i.e. from `System`, with this `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`; `new_size` is checked by the caller.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            track(new_size as isize - layout.size() as isize);
        }
        new
    }
}

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

struct Options {
    keys: u64,
    writes_per_sec: u64,
    out: PathBuf,
}

fn parse_args() -> Result<Options, String> {
    let mut opts = Options {
        keys: 1_000_000,
        writes_per_sec: 0,
        out: std::env::temp_dir().join("cowtree-bgsave.postcard"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            println!("{HELP}");
            std::process::exit(0);
        }
        if !["--keys", "--writes-per-sec", "--out"].contains(&flag.as_str()) {
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
}

impl Writer {
    fn next_u64(&mut self) -> u64 {
        // xorshift64*: enough randomness for a workload, and no dependency.
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        self.rng.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn write(&mut self, store: &mut Store) {
        let r = self.next_u64();
        let id = (r >> 8) % self.next_id;
        match r % 100 {
            0..=79 => {
                store.insert(key(id), value(r));
            }
            80..=89 => {
                store.insert(key(self.next_id), value(r));
                self.next_id += 1;
            }
            _ => {
                store.remove(key(id).as_str());
            }
        }
    }
}

fn key(id: u64) -> String {
    format!("user:{id:08}")
}

fn value(r: u64) -> String {
    format!("session-{:08x}", r as u32)
}

/// What the snapshot looks like to serde: a map, the same shape as the crate's `serde` feature
/// writes (this example builds without that feature). Counts the entries written, for the progress bar.
struct SnapshotRef<'a> {
    map: &'a Store,
    written: &'a AtomicUsize,
}

impl serde::Serialize for SnapshotRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_map(Some(self.map.len()))?;
        for (i, (k, v)) in self.map.iter().enumerate() {
            out.serialize_entry(k, v)?;
            if i % 4096 == 0 {
                self.written.store(i, Relaxed);
            }
        }
        out.end()
    }
}

/// Writes the snapshot to a temporary file, fsyncs it, renames it over `path` and fsyncs the folder:
/// a crash leaves either the old file or the new one, never half of one. Returns the file's size.
fn save(map: &Store, path: &Path, written: &AtomicUsize) -> std::io::Result<u64> {
    let tmp = path.with_extension("tmp");
    let file = File::create(&tmp)?;
    let snapshot = SnapshotRef { map, written };
    let mut out = postcard::to_io(&snapshot, BufWriter::with_capacity(1 << 20, file))
        .map_err(std::io::Error::other)?;
    out.flush()?;
    let file = out.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    let size = file.metadata()?.len();
    drop(file);
    fs::rename(&tmp, path)?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    File::open(dir)?.sync_all()?;
    Ok(size)
}

fn bar(len: u64, template: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(ProgressStyle::with_template(template).expect("valid template"));
    bar
}

fn spinner(message: &'static str) -> ProgressBar {
    let spinner = ProgressBar::new_spinner().with_message(message);
    spinner.enable_steady_tick(Duration::from_millis(100));
    spinner
}

fn mib(bytes: impl Into<f64>) -> String {
    format!("{:.1} MiB", bytes.into() / (1024.0 * 1024.0))
}

fn main() {
    let opts = parse_args().unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(2);
    });
    let mut writer = Writer {
        rng: 0x9e37_79b9_7f4a_7c15,
        next_id: opts.keys.max(1),
    };

    // 1. Load.
    let loading = bar(opts.keys, "loading   [{bar:40}] {pos}/{len} keys");
    let start = Instant::now();
    let mut store = Store::default();
    for id in 0..opts.keys {
        store.insert(key(id), value(writer.next_u64()));
        if id % 16_384 == 0 {
            loading.set_position(id);
        }
    }
    let load_time = start.elapsed();
    loading.finish_and_clear();
    let payload: usize = store.iter().map(|(k, v)| k.capacity() + v.capacity()).sum();
    println!("loaded {} keys in {load_time:.2?}", store.len());
    println!(
        "  tree nodes (heap_size): {}, key and value strings: {}",
        mib(store.heap_size() as f64),
        mib(payload as f64)
    );

    // 2. The write rate before the save: half a second (at most `keys` writes) of the same stream.
    let rate_limit = |writes: u64, since: Instant| {
        if opts.writes_per_sec > 0 {
            let due = Duration::from_secs_f64(writes as f64 / opts.writes_per_sec as f64);
            if let Some(ahead) = due.checked_sub(since.elapsed()) {
                std::thread::sleep(ahead);
            }
        }
    };
    let (mut before_writes, start) = (0u64, Instant::now());
    while start.elapsed() < Duration::from_millis(500) && before_writes < opts.keys {
        for _ in 0..256 {
            writer.write(&mut store);
        }
        before_writes += 256;
        rate_limit(before_writes, start);
    }
    let before_rate = before_writes as f64 / start.elapsed().as_secs_f64();

    // 3. BGSAVE: an O(1) snapshot goes to a saver thread; the main thread keeps writing.
    let bytes_at = thread_bytes();
    let start = Instant::now();
    let snapshot = store.clone();
    let (snapshot_time, snapshot_bytes) = (start.elapsed(), thread_bytes() - bytes_at);
    let (written, heap_at_save) = (AtomicUsize::new(0), thread_bytes());
    let saving = bar(
        snapshot.len() as u64,
        "saving    [{bar:40}] {pos}/{len} entries  {msg}",
    );
    let (during_writes, save_time, size) = std::thread::scope(|s| {
        let saver = s.spawn(|| save(&snapshot, &opts.out, &written));
        let (mut writes, start) = (0u64, Instant::now());
        while !saver.is_finished() {
            for _ in 0..256 {
                writer.write(&mut store);
            }
            writes += 256;
            if writes % 65_536 == 0 {
                saving.set_position(written.load(Relaxed) as u64);
                saving.set_message(format!("{writes} writes applied meanwhile"));
            }
            rate_limit(writes, start);
        }
        let size = saver.join().expect("saver thread").expect("save failed");
        (writes, start.elapsed(), size)
    });
    saving.finish_and_clear();
    let heap_growth = thread_bytes() - heap_at_save;
    let during_rate = during_writes as f64 / save_time.as_secs_f64();
    println!("\nBGSAVE to {}", opts.out.display());
    println!("  snapshot (clone):       {snapshot_time:.2?}, {snapshot_bytes} bytes allocated");
    println!(
        "  save time:              {save_time:.2?} ({} written)",
        mib(size as f64)
    );
    println!("  writes during the save: {during_writes}");
    println!(
        "  write throughput:       {:.0} writes/s during the save, {:.0} writes/s before it",
        during_rate, before_rate
    );
    let sharing = store.sharing(&snapshot);
    println!(
        "  tree bytes shared by snapshot and live map: {}; copied by the writes: {} ({:.1}% of the tree)",
        mib(sharing.shared as f64),
        mib(sharing.only_self as f64),
        100.0 * sharing.only_self as f64 / store.heap_size() as f64
    );
    println!(
        "  heap growth of the writing thread during the save: {} (copied nodes, the strings \
         cloned with them, new values; counted by the allocator)",
        mib(heap_growth as f64)
    );

    // The alternative without persistence: a full copy of a std HashMap holding the same data.
    let copying = spinner("building a std HashMap of the same data and cloning it");
    let std_map: StdHashMap<String, String> = snapshot
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let bytes_at = thread_bytes();
    let start = Instant::now();
    let full_copy = std_map.clone();
    let (copy_time, copy_bytes) = (start.elapsed(), thread_bytes() - bytes_at);
    copying.finish_and_clear();
    println!(
        "  full copy instead (std HashMap::clone, writes paused meanwhile): {copy_time:.2?}, {} \
         (counted by the allocator; strings included)",
        mib(copy_bytes as f64)
    );
    drop((full_copy, std_map));

    // 4. Load the file back and check it holds the snapshot, not the live map.
    let reading = spinner("reading the file back");
    let start = Instant::now();
    let bytes = fs::read(&opts.out).expect("read the snapshot file");
    let loaded: StdHashMap<String, String> = postcard::from_bytes(&bytes).expect("decode");
    let same =
        loaded.len() == snapshot.len() && snapshot.iter().all(|(k, v)| loaded.get(k) == Some(v));
    let same_as_live =
        loaded.len() == store.len() && store.iter().all(|(k, v)| loaded.get(k) == Some(v));
    reading.finish_and_clear();
    println!(
        "\nload back: {} entries in {:.2?}",
        loaded.len(),
        start.elapsed()
    );
    println!("  file equals the snapshot: {same}; equals the live map: {same_as_live}");
    assert!(same, "the saved file does not match the snapshot");

    let start = Instant::now();
    let (mut added, mut removed, mut changed) = (0, 0, 0);
    for item in snapshot.diff(&store) {
        match item {
            DiffItem::Added(..) => added += 1,
            DiffItem::Removed(..) => removed += 1,
            DiffItem::Changed { .. } => changed += 1,
        }
    }
    println!(
        "  diff snapshot -> live: {added} added, {removed} removed, {changed} changed ({:.2?})",
        start.elapsed()
    );
}
