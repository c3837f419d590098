//! The hang watchdog: each worker says which input it is running; a
//! thread checks every 100 ms, and an input running longer than the
//! timeout is reported (and saved) as a hang, and the process exits with
//! status 2 (a stuck thread cannot be stopped any other way). It also
//! prints the campaign's progress.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::Target;

/// What one worker is running: input index, start, bytes.
type Running = Option<(u64, Instant, Arc<Vec<u8>>)>;

/// The workers' slots and what to do on a hang.
pub struct Watchdog {
    slots: Vec<Mutex<Running>>,
    stop: AtomicBool,
    /// Inputs finished (for progress).
    pub done: AtomicU64,
    /// Failures so far (for progress).
    pub failures: AtomicU64,
    target: Target,
    seed: u64,
    timeout: Duration,
    save: Option<PathBuf>,
}

impl Watchdog {
    /// A watchdog for `workers` workers.
    pub fn new(
        workers: usize,
        target: Target,
        seed: u64,
        timeout: Duration,
        save: Option<PathBuf>,
    ) -> Arc<Watchdog> {
        Arc::new(Watchdog {
            slots: (0..workers).map(|_| Mutex::new(None)).collect(),
            stop: AtomicBool::new(false),
            done: AtomicU64::new(0),
            failures: AtomicU64::new(0),
            target,
            seed,
            timeout,
            save,
        })
    }

    /// Worker `w` starts input `index`.
    pub fn start(&self, w: usize, index: u64, data: Arc<Vec<u8>>) {
        *self.slots[w].lock().unwrap_or_else(|p| p.into_inner()) =
            Some((index, Instant::now(), data));
    }

    /// Worker `w` finished its input.
    pub fn finish(&self, w: usize) {
        *self.slots[w].lock().unwrap_or_else(|p| p.into_inner()) = None;
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// Ends [`Watchdog::watch`].
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// Watches until stopped; prints progress every `progress` (if any)
    /// out of `count` inputs.
    pub fn watch(&self, count: u64, progress: Option<Duration>) {
        let started = Instant::now();
        let mut last_report = Instant::now();
        while !self.stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(100));
            for slot in &self.slots {
                let hung = slot
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .as_ref()
                    .and_then(|(i, t, d)| (t.elapsed() > self.timeout).then(|| (*i, d.clone())));
                if let Some((index, data)) = hung {
                    self.report_hang(index, &data);
                }
            }
            if let Some(every) = progress {
                if last_report.elapsed() >= every {
                    last_report = Instant::now();
                    let done = self.done.load(Ordering::Relaxed);
                    let secs = started.elapsed().as_secs_f64();
                    eprintln!(
                        "[{secs:.0}s] {}: {done}/{count} inputs, {:.0}/s, {} failures",
                        self.target,
                        done as f64 / secs,
                        self.failures.load(Ordering::Relaxed)
                    );
                }
            }
        }
    }

    fn report_hang(&self, index: u64, data: &[u8]) -> ! {
        let saved = match &self.save {
            Some(dir) => {
                match super::save::save(dir, self.target, self.seed, index, "hang", data) {
                    Ok(p) => format!(" (saved to {})", p.display()),
                    Err(e) => format!(" ({e})"),
                }
            }
            None => String::new(),
        };
        eprintln!(
            "HANG {} seed {} input {index}: still running after {:?}{saved}",
            self.target, self.seed, self.timeout
        );
        std::process::exit(2)
    }
}
