//! The tables of the quick report (shared by `report.rs` and `memory.rs`): runs every contender
//! at every size and lines their figures up as markdown tables.

use super::map_adapters::{CowMap, ImblMap, RpdsMap, StdMap};
use super::measure::{self, Figure, MapSession, Measured, Plan, Session, VecSession};
use super::ord_adapters::{CowOrd, ImblOrd, OrdSession, RpdsOrd, StdOrd};
use super::vector_adapters::{CowVec, ImblVec, RpdsVec, StdVec};
use super::{MapData, VecData};

/// Column order of every table.
const CONTENDERS: [&str; 4] = ["cowtree", "imbl", "rpds", "std"];

/// One row: an operation at one size, a figure per contender.
pub struct Row {
    op: &'static str,
    unit: &'static str,
    n: usize,
    cells: [Option<f64>; 4],
}

/// A table being filled, rows kept in the order operations first appear.
#[derive(Default)]
pub struct Table {
    rows: Vec<Row>,
}

impl Table {
    fn add(&mut self, n: usize, column: usize, figures: &[Figure]) {
        for f in figures {
            let row = match self.rows.iter_mut().position(|r| r.op == f.op && r.n == n) {
                Some(i) => &mut self.rows[i],
                None => {
                    self.rows.push(Row {
                        op: f.op,
                        unit: f.unit,
                        n,
                        cells: [None; 4],
                    });
                    self.rows.last_mut().unwrap()
                }
            };
            row.cells[column] = f.value;
        }
    }

    pub fn print(&mut self, title: &str) {
        if self.rows.is_empty() {
            return;
        }
        // Operation order of first appearance, then size.
        let order: Vec<&str> = self.rows.iter().fold(Vec::new(), |mut v, r| {
            if !v.contains(&r.op) {
                v.push(r.op);
            }
            v
        });
        self.rows
            .sort_by_key(|r| (order.iter().position(|&o| o == r.op), r.n));
        println!("\n### {title}\n");
        println!(
            "| operation | N | unit | cowtree | imbl | rpds | std | cowtree/imbl | cowtree/rpds | cowtree/std |"
        );
        println!("|---|--:|---|--:|--:|--:|--:|--:|--:|--:|");
        for r in &self.rows {
            let cells: Vec<String> = r.cells.iter().map(|c| number(*c)).collect();
            let ratio = |i: usize| match (r.cells[0], r.cells[i]) {
                (Some(a), Some(b)) if b > 0.0 => ratio_text(a / b),
                _ => "—".to_string(),
            };
            println!(
                "| {} | {} | {} | {} | {} | {} | {} |",
                r.op,
                thousands(r.n as u64),
                r.unit,
                cells.join(" | "),
                ratio(1),
                ratio(2),
                ratio(3),
            );
        }
    }
}

fn thousands(x: u64) -> String {
    let s = x.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A ratio with two significant digits at least (a diff can be 1e-5 of a full walk).
fn ratio_text(r: f64) -> String {
    if r >= 0.1 {
        format!("{r:.2}")
    } else if r >= 0.001 {
        format!("{r:.4}")
    } else {
        format!("{r:.1e}")
    }
}

fn number(x: Option<f64>) -> String {
    match x {
        None => "—".to_string(),
        Some(x) if x < 10.0 => format!("{x:.2}"),
        Some(x) if x < 1000.0 => format!("{x:.1}"),
        Some(x) => thousands(x.round() as u64),
    }
}

/// Panics unless every contender computed the same checksums (so all did the same work).
fn agree(n: usize, results: &[Measured]) {
    let mut reference: Option<(&str, &Vec<(&str, u64)>)> = None;
    for (name, m) in CONTENDERS.iter().zip(results) {
        match reference {
            None => reference = Some((name, &m.checks)),
            Some((first, checks)) => assert_eq!(
                checks, &m.checks,
                "N = {n}: {name} disagrees with {first} on the checksums"
            ),
        }
    }
}

/// Today's date (UTC) as YYYY-MM-DD, from the system clock (civil-from-days, H. Hinnant).
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn cpu() -> String {
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{model}, {cores} cores available")
}

/// The three tables of one pass.
#[derive(Default)]
pub struct Tables {
    pub map: Table,
    pub vector: Table,
    pub memory: Table,
    /// The sorted maps (group `ord`): times and bytes in one table.
    pub ord: Table,
}

/// Measures every contender at every size of `sizes`, for the groups named in `groups`
/// (`map`, `vector`).
pub fn run(sizes: &[usize], groups: &str, plan: Plan) -> Tables {
    let mut t = Tables::default();
    for &n in sizes {
        if groups.contains("map") {
            eprintln!("map, N = {n}");
            let data = MapData::new(n);
            let mut sessions: Vec<Box<dyn Session + '_>> = vec![
                Box::new(MapSession::<CowMap>::new(&data)),
                Box::new(MapSession::<ImblMap>::new(&data)),
                Box::new(MapSession::<RpdsMap>::new(&data)),
                Box::new(MapSession::<StdMap>::new(&data)),
            ];
            let results = measure::run(&mut sessions, plan);
            drop(sessions);
            agree(n, &results);
            for (c, m) in results.iter().enumerate() {
                t.map.add(n, c, &m.time);
                t.memory.add(n, c, &m.memory);
            }
        }
        if groups.contains("ord") {
            eprintln!("ord, N = {n}");
            let data = MapData::new(n);
            let mut sessions: Vec<Box<dyn Session + '_>> = vec![
                Box::new(OrdSession::<CowOrd>::new(&data)),
                Box::new(OrdSession::<ImblOrd>::new(&data)),
                Box::new(OrdSession::<RpdsOrd>::new(&data)),
                Box::new(OrdSession::<StdOrd>::new(&data)),
            ];
            let results = measure::run(&mut sessions, plan);
            drop(sessions);
            agree(n, &results);
            for (c, m) in results.iter().enumerate() {
                t.ord.add(n, c, &m.time);
                t.ord.add(n, c, &m.memory);
            }
        }
        if groups.contains("vector") {
            eprintln!("vector, N = {n}");
            let data = VecData::new(n);
            let mut sessions: Vec<Box<dyn Session + '_>> = vec![
                Box::new(VecSession::<CowVec>::new(&data)),
                Box::new(VecSession::<ImblVec>::new(&data)),
                Box::new(VecSession::<RpdsVec>::new(&data)),
                Box::new(VecSession::<StdVec>::new(&data)),
            ];
            let results = measure::run(&mut sessions, plan);
            drop(sessions);
            agree(n, &results);
            for (c, m) in results.iter().enumerate() {
                t.vector.add(n, c, &m.time);
                t.memory.add(n, c, &m.memory);
            }
        }
    }
    t
}

/// The report's opening paragraph: date, machine, method.
pub fn preamble(plan: Plan) -> String {
    format!(
        "{} UTC; {}; a 2-core machine shared with other work, so expect noise of 10-20 % and \
         more. u64 keys and values from a seeded RNG; every map uses foldhash's fixed-seed \
         hasher; imbl 7, rpds 1 (`Arc` flavours). Time: best of {} rounds in which the \
         contenders take turns on each operation (each turn: the best of up to {} repetitions \
         within {} ms). \
         `—`: the contender has no such operation, or its snapshot would be a full copy (std).",
        today(),
        cpu(),
        plan.rounds,
        plan.reps.max,
        plan.reps.budget.as_millis()
    )
}
