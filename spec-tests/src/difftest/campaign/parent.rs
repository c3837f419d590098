//! The parent: a campaign's batches in child processes, several at a time,
//! with crashes and hangs blamed on the case that had begun.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex, PoisonError};

use super::keep::keep_crashed;
use super::{bounds_checks_of_batch, Settings};

/// Counts of a finished campaign.
#[derive(Debug, Default, Clone)]
pub struct Totals {
    /// Cases that agreed, by reference.
    pub passed_wasmi: u64,
    /// …checked by wasmtime.
    pub passed_wasmtime: u64,
    /// …where wasmi was wrong and wasmtime agreed with us.
    pub wasmi_wrong: u64,
    /// Cases not compared.
    pub skipped: u64,
    /// Failure lines, in case order.
    pub failures: Vec<(u64, String)>,
}

impl Totals {
    /// Cases that agreed.
    pub fn passed(&self) -> u64 {
        self.passed_wasmi + self.passed_wasmtime + self.wasmi_wrong
    }
}

/// What the threads watching children share: the counts, and where lines
/// for the user go.
struct Shared<'a> {
    totals: Mutex<Totals>,
    progress: Mutex<&'a mut (dyn FnMut(&str) + Send)>,
}

impl Shared<'_> {
    fn totals(&self) -> std::sync::MutexGuard<'_, Totals> {
        self.totals.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn say(&self, line: &str) {
        (self.progress.lock().unwrap_or_else(PoisonError::into_inner))(line);
    }

    fn fail(&self, index: u64, line: String) {
        self.totals().failures.push((index, line.clone()));
        self.say(&line);
    }
}

/// Runs cases `0..count` in child processes of `exe`; `progress` is called
/// with each failure line as it comes.
pub fn run(exe: &Path, settings: &Settings, count: u64, progress: &mut (dyn FnMut(&str) + Send)) -> Totals {
    let batch = settings.batch.max(1);
    let batches: Vec<(u64, u64)> = (0..count).step_by(batch as usize).map(|s| (s, (s + batch).min(count))).collect();
    let next = AtomicUsize::new(0);
    let shared = Shared { totals: Mutex::new(Totals::default()), progress: Mutex::new(progress) };
    std::thread::scope(|s| {
        for _ in 0..settings.jobs.max(1) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&(start, end)) = batches.get(i) else { break };
                run_child_batch(exe, settings, start, end, &shared);
            });
        }
    });
    let mut t = shared.totals.into_inner().unwrap_or_else(PoisonError::into_inner);
    t.failures.sort();
    t
}

/// How a child's run ended.
struct Ended {
    /// The case it had begun and not decided.
    begun: Option<u64>,
    /// Every case below this has its verdict.
    decided: u64,
    /// It printed `done`.
    finished: bool,
    /// It was killed for printing nothing for the timeout.
    hung: bool,
    /// Its exit status, as text.
    status: String,
}

/// Starts the child for cases `start..end`, through `$SPEC_TESTS_WRAPPER`
/// too, as the spec harness's children.
fn spawn(exe: &Path, settings: &Settings, start: u64, end: u64) -> std::io::Result<Child> {
    let mut cmd = crate::driver::child_command(exe);
    cmd.arg("--child")
        .args(["--seed", &settings.seed.to_string()])
        .args(["--start", &start.to_string(), "--end", &end.to_string()])
        .args(["--features", &settings.features.spec()])
        .args(["--bounds-checks", bounds_checks_of_batch(settings, start)]);
    if let Some(k) = &settings.keep {
        cmd.arg("--keep").arg(k);
    }
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn()
}

/// Reads the child's lines (see the module docs) until it ends or hangs,
/// counting its verdicts.
fn watch(mut child: Child, settings: &Settings, start: u64, shared: &Shared<'_>) -> Ended {
    let stdout = child.stdout.take().expect("piped");
    let (tx, rx) = mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut ended = Ended { begun: None, decided: start, finished: false, hung: false, status: String::new() };
    loop {
        let line = match rx.recv_timeout(settings.timeout) {
            Ok(line) => line,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                ended.hung = true;
                let _ = child.kill();
                break;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let mut parts = line.splitn(3, ' ');
        let word = parts.next().unwrap_or("");
        let index: Option<u64> = parts.next().and_then(|i| i.parse().ok());
        let rest = parts.next().unwrap_or("");
        match (word, index) {
            ("begin", Some(i)) => ended.begun = Some(i),
            ("pass", Some(i)) => {
                let mut t = shared.totals();
                match rest {
                    "Wasmtime" => t.passed_wasmtime += 1,
                    "WasmiWrong" => {
                        t.wasmi_wrong += 1;
                        eprintln!("case {i}: wasmi disagrees with us, wasmtime agrees with us (a wasmi bug)");
                    }
                    _ => t.passed_wasmi += 1,
                }
            }
            ("skip", Some(_)) => shared.totals().skipped += 1,
            ("fail", Some(i)) => shared.fail(i, format!("case {i}: {rest}")),
            ("kept", Some(i)) => shared.say(&format!("case {i}: kept {rest}")),
            ("done", _) => ended.finished = true,
            _ => {}
        }
        if let (Some(i), "pass" | "skip" | "fail") = (index, word) {
            ended.decided = ended.decided.max(i + 1);
            if ended.begun == Some(i) {
                ended.begun = None;
            }
        }
    }
    ended.status = child.wait().map_or_else(|e| e.to_string(), |s| s.to_string());
    let _ = reader.join();
    ended
}

/// Runs one batch in children until every case of it has a verdict.
fn run_child_batch(exe: &Path, settings: &Settings, mut start: u64, end: u64, shared: &Shared<'_>) {
    while start < end {
        let child = match spawn(exe, settings, start, end) {
            Ok(c) => c,
            Err(e) => {
                for i in start..end {
                    shared.fail(i, format!("case {i}: cannot start the child process: {e}"));
                }
                return;
            }
        };
        let ended = watch(child, settings, start, shared);
        if ended.finished {
            return;
        }
        if ended.decided >= end {
            // Every case had its verdict: the child died minimizing one.
            let how = if ended.hung { "hung" } else { "crashed" };
            shared.say(&format!("cases {start}..{end}: the child {how} while minimizing a failing case (not kept)"));
            return;
        }
        // The child died (or hung) in case `begun`; or while compiling the
        // batch, before any case began: then each case runs alone to find
        // the one that did it.
        let culprit = match ended.begun {
            Some(i) => i,
            None if end - ended.decided > 1 => {
                for i in ended.decided..end {
                    run_child_batch(exe, settings, i, i + 1, shared);
                }
                return;
            }
            None => ended.decided,
        };
        let how = if ended.hung {
            format!("hang (no progress for {} s)", settings.timeout.as_secs())
        } else {
            format!("crash ({})", ended.status)
        };
        let mut line = format!("case {culprit}: {how}");
        if let Some(p) = settings.keep.as_deref().and_then(|dir| keep_crashed(settings, dir, culprit, &how)) {
            line.push_str(&format!(" (kept {})", p.display()));
        }
        shared.fail(culprit, line);
        start = culprit + 1;
    }
}
