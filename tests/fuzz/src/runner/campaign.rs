//! A campaign: `count` inputs generated from a seed, run in-process on
//! several threads, each under `catch_unwind`, failures reported and saved.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::panic::{install_quiet_hook, run_caught};
use super::rng::Rng;
use super::watchdog::Watchdog;
use crate::{Outcome, Target};

/// What to run.
#[derive(Clone, Debug)]
pub struct Config {
    /// The target.
    pub target: Target,
    /// Seed of the input stream.
    pub seed: u64,
    /// Number of inputs.
    pub count: u64,
    /// Worker threads.
    pub jobs: usize,
    /// Where failing (and hanging) inputs are saved.
    pub save: Option<PathBuf>,
    /// How long one input may run before it counts as a hang.
    pub timeout: Duration,
    /// How often to print progress (never: `None`).
    pub progress: Option<Duration>,
}

/// One failing input.
#[derive(Clone, Debug)]
pub struct Failure {
    /// Index in the campaign.
    pub index: u64,
    /// Panic message and location.
    pub message: String,
    /// Where it was saved, if it was.
    pub saved: Option<PathBuf>,
}

/// What a campaign found.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Inputs run.
    pub inputs: u64,
    /// Valid modules compiled.
    pub compiled: u64,
    /// Invalid inputs rejected cleanly.
    pub rejected: u64,
    /// Valid modules refused as unsupported.
    pub unsupported: u64,
    /// Inputs that could not be turned into a test.
    pub skipped: u64,
    /// WASI calls made, calls answered with an errno, calls that would
    /// have ended the program.
    pub wasi: (u64, u64, u64),
    /// The failures, in input order.
    pub failures: Vec<Failure>,
    /// Wall time.
    pub elapsed: Duration,
}

impl Summary {
    fn add(&mut self, outcome: Outcome) {
        self.inputs += 1;
        match outcome {
            Outcome::Compiled => self.compiled += 1,
            Outcome::Rejected => self.rejected += 1,
            Outcome::Unsupported => self.unsupported += 1,
            Outcome::Skipped => self.skipped += 1,
            Outcome::Wasi {
                calls,
                errno,
                ended,
            } => {
                self.wasi.0 += u64::from(calls);
                self.wasi.1 += u64::from(errno);
                self.wasi.2 += u64::from(ended);
            }
        }
    }

    /// The closing line: `N inputs: V valid compiled, I invalid rejected,
    /// U unsupported, F failures` (for `wasi_shim`: calls, errnos, ends).
    pub fn line(&self, target: Target) -> String {
        let rate = self.inputs as f64 / self.elapsed.as_secs_f64().max(1e-9);
        let body = if target == Target::WasiShim {
            let (calls, errno, ended) = self.wasi;
            format!(
                "{calls} WASI calls ({} succeeded, {errno} errno, {ended} ended the program)",
                calls - errno - ended
            )
        } else {
            let skipped = if self.skipped > 0 {
                format!(", {} skipped", self.skipped)
            } else {
                String::new()
            };
            format!(
                "{} valid compiled, {} invalid rejected, {} unsupported{skipped}",
                self.compiled, self.rejected, self.unsupported
            )
        };
        format!(
            "{} inputs: {body}, {} failures ({:.1}s, {rate:.0} inputs/s)",
            self.inputs,
            self.failures.len(),
            self.elapsed.as_secs_f64()
        )
    }
}

/// Runs the campaign; failures are printed as they happen.
pub fn run(cfg: &Config) -> Summary {
    install_quiet_hook();
    let started = Instant::now();
    let jobs = cfg.jobs.max(1);
    let dog = Watchdog::new(jobs, cfg.target, cfg.seed, cfg.timeout, cfg.save.clone());
    let next = AtomicU64::new(0);
    let summary = Mutex::new(Summary::default());
    std::thread::scope(|s| {
        let watcher = {
            let dog = dog.clone();
            s.spawn(move || dog.watch(cfg.count, cfg.progress))
        };
        let workers: Vec<_> = (0..jobs)
            .map(|w| {
                let (dog, next, summary) = (&dog, &next, &summary);
                std::thread::Builder::new()
                    .name(format!("fuzz-{w}"))
                    // Deeply nested generated modules need more than the
                    // default 2 MiB.
                    .stack_size(64 << 20)
                    .spawn_scoped(s, move || worker(cfg, w, dog, next, summary))
                    .expect("cannot start a worker thread")
            })
            .collect();
        for w in workers {
            w.join().expect("worker thread");
        }
        dog.stop();
        watcher.join().expect("watchdog thread");
    });
    let mut summary = summary.into_inner().unwrap_or_else(|p| p.into_inner());
    summary.failures.sort_by_key(|f| f.index);
    summary.elapsed = started.elapsed();
    summary
}

/// One worker: takes the next index until there are none left.
fn worker(cfg: &Config, w: usize, dog: &Watchdog, next: &AtomicU64, summary: &Mutex<Summary>) {
    loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        if index >= cfg.count {
            return;
        }
        let data = Arc::new(super::generate::input(
            cfg.target,
            &mut Rng::for_input(cfg.seed, index),
        ));
        dog.start(w, index, data.clone());
        let result = run_caught(cfg.target, &data);
        dog.finish(w);
        let mut summary = summary.lock().unwrap_or_else(|p| p.into_inner());
        match result {
            Ok(outcome) => summary.add(outcome),
            Err(message) => {
                summary.inputs += 1;
                dog.failures.fetch_add(1, Ordering::Relaxed);
                let saved = cfg
                    .save
                    .as_ref()
                    .map(|dir| super::save::save(dir, cfg.target, cfg.seed, index, "fail", &data));
                let note = match &saved {
                    Some(Ok(p)) => format!(" (saved to {})", p.display()),
                    Some(Err(e)) => format!(" ({e})"),
                    None => String::new(),
                };
                eprintln!(
                    "FAIL {} seed {} input {index}: {message}{note}",
                    cfg.target, cfg.seed
                );
                summary.failures.push(Failure {
                    index,
                    message,
                    saved: saved.and_then(Result::ok),
                });
            }
        }
    }
}

/// The input `index` of the campaign for `target` with `seed` (to
/// reproduce one without saving it).
pub fn input(target: Target, seed: u64, index: u64) -> Vec<u8> {
    super::generate::input(target, &mut Rng::for_input(seed, index))
}
