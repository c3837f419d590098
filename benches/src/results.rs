//! What a benchmark run found: one row per measured program, kept apart from
//! how it is measured (suites) and how it is shown (report, chart).

use serde::{Deserialize, Serialize};

use crate::machine::Machine;
use crate::measure::Stats;

/// One measurement in a table: a time, or why there is none.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Cell {
    Time(Stats),
    /// Not measured, by design or because a peer is missing (not a failure).
    Skipped(String),
    /// Something is wrong: a build failed, a run crashed or printed the
    /// wrong output.
    Error(String),
}

impl Cell {
    /// The time, when there is one.
    pub fn time(&self) -> Option<&Stats> {
        match self {
            Cell::Time(s) => Some(s),
            _ => None,
        }
    }

    /// `Ok(t)` as a time, `Err(e)` as an error.
    pub fn from_result(r: Result<Stats, String>) -> Cell {
        r.map_or_else(Cell::Error, Cell::Time)
    }
}

/// Which execution suite a row belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Group {
    Sightglass,
    Programs,
    Kernels,
    /// GC programs of our own (benches/gc), against wasmtime only.
    Gc,
    /// File-system-heavy C programs (benches/fs) on a generated tree.
    FileSystem,
}

impl Group {
    pub fn title(self) -> &'static str {
        match self {
            Group::Sightglass => "sightglass",
            Group::Programs => "our C programs (tests/programs/c)",
            Group::Kernels => "kernels (benches/kernels)",
            Group::Gc => "GC programs (benches/gc)",
            Group::FileSystem => "file-system workloads (benches/fs)",
        }
    }
}

/// Sizes in bytes of what each peer runs.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct Sizes {
    /// Our executable.
    pub ours: Option<u64>,
    /// wasmtime's precompiled `.cwasm`.
    pub cwasm: Option<u64>,
    /// The gcc -O2 executable.
    pub native: Option<u64>,
}

/// One program run by every peer.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ExecRow {
    pub group: Group,
    pub name: String,
    /// The times are in-benchmark (between `bench.start` and `bench.end`)
    /// rather than whole-process.
    pub inner: bool,
    pub ours: Cell,
    pub wasmtime: Cell,
    pub native: Cell,
    /// Whole-process times when `inner` is set.
    pub ours_process: Option<Stats>,
    pub wasmtime_process: Option<Stats>,
    pub sizes: Sizes,
}

/// A sightglass workload whose own time spreads by more than this
/// (max/min) under either wasm peer varies from run to run (some libsodium
/// tests draw their message sizes from random_get): its medians are not
/// comparable. On a quiet machine the deterministic programs stay within
/// 1.25x; on a busy one this flags noise too (the report says so).
pub const VARYING_SPREAD: f64 = 1.35;

impl ExecRow {
    /// The workload itself varies between runs (see [`VARYING_SPREAD`];
    /// only the sightglass programs read random_get).
    pub fn varies(&self) -> bool {
        // Sub-millisecond times are left out of every comparison anyway.
        let wide = |c: &Cell| c.time().is_some_and(|t| t.min >= crate::goals::MIN_SECONDS && t.max / t.min > VARYING_SPREAD);
        self.group == Group::Sightglass && (wide(&self.ours) || wide(&self.wasmtime))
    }
}

/// One way of running the hello-world.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StartupRow {
    pub peer: String,
    pub cell: Cell,
    /// Size of what is run (executable or .cwasm), when it is a file of its own.
    pub size: Option<u64>,
}

/// A threaded program on one thread and on every core, ours and native.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ThreadsRow {
    pub name: String,
    /// The thread count of the `_n` cells.
    pub threads: usize,
    pub ours_1: Cell,
    pub ours_n: Cell,
    pub native_1: Cell,
    pub native_n: Cell,
}

/// One module compiled by every compiler configuration.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CompileRow {
    pub name: String,
    pub wasm_bytes: u64,
    /// Bytes of the code section (the function bodies).
    pub code_bytes: u64,
    pub functions: u32,
    /// wasm2native --emit obj -j 1.
    pub ours_1: Cell,
    /// wasm2native --emit obj -j <cores>.
    pub ours_n: Cell,
    /// wasmtime compile -C parallel-compilation=n.
    pub wasmtime_1: Cell,
    /// wasmtime compile (all cores).
    pub wasmtime_n: Cell,
    pub obj_bytes: Option<u64>,
    pub cwasm_bytes: Option<u64>,
}

/// Everything one run of the runner measured.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Results {
    pub machine: Machine,
    /// "full" or "quick".
    pub mode: String,
    /// Tool versions, one line each.
    pub tools: Vec<String>,
    /// The `--cpu` our executables were built with.
    pub cpu: String,
    /// Lines about what was skipped and why, and about noise.
    pub notes: Vec<String>,
    pub exec: Vec<ExecRow>,
    pub startup: Vec<StartupRow>,
    pub compile: Vec<CompileRow>,
    /// Threaded programs (absent from results written before they were
    /// measured).
    #[serde(default)]
    pub threads: Vec<ThreadsRow>,
    /// Load average when the run started and ended.
    pub load: (f64, f64),
    /// Wall-clock minutes the whole run took.
    pub minutes: f64,
}

impl Results {
    /// Every error in the tables, as "where: what".
    pub fn errors(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut add = |place: String, c: &Cell| {
            if let Cell::Error(e) = c {
                out.push(format!("{place}: {e}"));
            }
        };
        for r in &self.exec {
            add(format!("{} {} (wasm2native)", r.group.title(), r.name), &r.ours);
            add(format!("{} {} (wasmtime)", r.group.title(), r.name), &r.wasmtime);
            add(format!("{} {} (native)", r.group.title(), r.name), &r.native);
        }
        for r in &self.startup {
            add(format!("start-up {}", r.peer), &r.cell);
        }
        for r in &self.compile {
            for (what, c) in [("-j 1", &r.ours_1), ("-j N", &r.ours_n), ("wasmtime 1", &r.wasmtime_1), ("wasmtime N", &r.wasmtime_n)] {
                add(format!("compile {} ({what})", r.name), c);
            }
        }
        out
    }
}
