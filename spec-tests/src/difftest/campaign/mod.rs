//! A campaign: cases `0..count` of a seed, in batches, each batch in a
//! child process of this binary (`difftest --child`), several at a time.
//!
//! In the child, a batch's modules are compiled in parallel and linked into
//! one library; then each case runs on our code and on its reference. The
//! child prints a line per case on stdout (`begin I` before running it,
//! then `pass I REFERENCE`, `skip I REASON` or `fail I MESSAGE`), so a
//! child that crashes or hangs costs one case: the parent reports the case
//! it had begun as failed, keeps it, and starts a new child after it.
//!
//! * `case`: a case from its seed and index, and its verdict;
//! * `keep`: a failing case minimized and written as a reproducer;
//! * `child`: a batch of cases in this process (and `--case`);
//! * `parent`: the batches of a campaign in child processes.

mod case;
mod child;
mod keep;
mod parent;

use std::path::PathBuf;
use std::time::Duration;

use super::Features;

pub use case::{case, Case};
pub use child::{run_batch, show_case};
pub use parent::{run, Totals};

/// What a campaign runs.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The campaign's seed.
    pub seed: u64,
    /// Proposals the modules may use.
    pub features: Features,
    /// Where diverging cases are written, minimized.
    pub keep: Option<PathBuf>,
    /// Cases per child process.
    pub batch: u64,
    /// Children at a time.
    pub jobs: usize,
    /// A child that prints nothing for this long is killed.
    pub timeout: Duration,
}

/// Which reference checked a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reference {
    /// The wasmi interpreter, in process.
    Wasmi,
    /// `wasmtime wast`.
    Wasmtime,
    /// wasmi disagreed with us, and `wasmtime wast` agreed with us: a
    /// wasmi bug (the campaign counts them).
    WasmiWrong,
}

/// The verdict on one case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Both sides agree.
    Pass(Reference),
    /// Not compared, and why (wasm-smith could not make a module from the
    /// random bytes; the reference is not installed).
    Skip(String),
    /// A divergence, a compile error, a crash or a hang.
    Fail(String),
}

/// The bounds-check strategy of the batch starting at case `start`: the
/// target's default (guard pages on 64-bit hosts) and explicit checks in
/// turn, batch by batch, so that both code paths are tested.
pub fn bounds_checks_of_batch(settings: &Settings, start: u64) -> &'static str {
    if (start / settings.batch.max(1)).is_multiple_of(2) {
        "default"
    } else {
        "explicit"
    }
}

