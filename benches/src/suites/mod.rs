//! The measurements: execution (sightglass, our C programs, kernels),
//! start-up, compile time, and threads. Each suite builds what it needs into the
//! scratch folder, measures its contenders interleaved, and returns rows.

pub mod compile;
pub mod execution;
pub mod sightglass;
pub mod startup;
pub mod threads;

use std::path::{Path, PathBuf};

use crate::peers::Tools;
use crate::results::Cell;

/// What every suite needs to know.
pub struct Context<'a> {
    pub tools: &'a Tools,
    /// The workspace root (the checkout).
    pub workspace: PathBuf,
    /// `benches/`.
    pub benches: PathBuf,
    /// The shared corpora (`../shared/corpora` or `$WASM2NATIVE_CORPORA`).
    pub corpora: PathBuf,
    /// A temporary folder for builds and outputs, removed at the end.
    pub scratch: PathBuf,
    /// Smoke run: a subset and fewer runs.
    pub quick: bool,
    /// Timed runs per execution measurement.
    pub runs: usize,
    /// Only programs whose name contains one of these (all when empty).
    pub filter: Vec<String>,
    /// `--cpu` for our executables.
    pub cpu: String,
}

impl Context<'_> {
    /// Whether `name` passes `--filter`.
    pub fn wanted(&self, name: &str) -> bool {
        self.filter.is_empty() || self.filter.iter().any(|f| name.contains(f.as_str()))
    }

    /// A fresh folder `scratch/parts...`.
    pub fn dir(&self, parts: &[&str]) -> Result<PathBuf, String> {
        let mut d = self.scratch.clone();
        for p in parts {
            d.push(p);
        }
        std::fs::create_dir_all(&d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
        Ok(d)
    }
}

/// This machine's core count: the thread count of the parallel configurations.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Size of a file, if it exists.
pub fn file_size(p: &Path) -> Option<u64> {
    std::fs::metadata(p).ok().map(|m| m.len())
}

/// Prints one progress line on stderr.
pub fn progress(line: impl AsRef<str>) {
    eprintln!("{}", line.as_ref());
}

/// A wasm2native failure on a proposal it does not implement (GC, ...) is a
/// skip (listed in the notes); any other failure is an error.
pub fn classify_compile_error(e: String) -> Cell {
    let lower = e.to_lowercase();
    if lower.contains("not supported") || lower.contains("unsupported") || lower.contains("feature") {
        Cell::Skipped(format!("wasm2native does not support it: {e}"))
    } else {
        Cell::Error(format!("wasm2native compile failed: {e}"))
    }
}
