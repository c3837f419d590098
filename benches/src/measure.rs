//! Timing: running one command under a time limit with its output captured,
//! summarising samples (median, min, max), and measuring several contenders
//! interleaved (A, B, A, B, ...) so that a change in machine load during the
//! run hits all of them alike.

use std::ffi::OsString;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Median, minimum and maximum of a set of samples (seconds).
#[derive(Clone, Copy, Debug, serde::Serialize, serde::Deserialize)]
pub struct Stats {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    /// How many samples.
    pub runs: usize,
}

impl Stats {
    /// The statistics of `samples`, or `None` when there are none.
    pub fn of(samples: &[f64]) -> Option<Stats> {
        if samples.is_empty() {
            return None;
        }
        let mut s = samples.to_vec();
        s.sort_by(f64::total_cmp);
        let n = s.len();
        let median = if n % 2 == 1 { s[n / 2] } else { (s[n / 2 - 1] + s[n / 2]) / 2.0 };
        Some(Stats { median, min: s[0], max: s[n - 1], runs: n })
    }
}

/// Geometric mean of positive values, or `None` for an empty set.
pub fn geomean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (mut sum, mut n) = (0.0, 0usize);
    for v in values {
        sum += v.ln();
        n += 1;
    }
    (n > 0).then(|| (sum / n as f64).exp())
}

/// A command to run: program, arguments, working directory.
#[derive(Clone, Debug)]
pub struct Cmd {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    pub cwd: PathBuf,
    /// Killed (and reported as an error) after this long.
    pub timeout: Duration,
}

impl Cmd {
    /// `program args...` in `cwd`, with a time limit of `timeout`.
    pub fn new<I, S>(program: impl Into<PathBuf>, args: I, cwd: &Path, timeout: Duration) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        Cmd {
            program: program.into(),
            args: args.into_iter().map(Into::into).collect(),
            cwd: cwd.to_path_buf(),
            timeout,
        }
    }

    /// The command line, for messages.
    pub fn display(&self) -> String {
        let mut s = self.program.display().to_string();
        for a in &self.args {
            s.push(' ');
            s.push_str(&a.to_string_lossy());
        }
        s
    }
}

/// What one run of a command did.
pub struct Outcome {
    /// Wall-clock time from spawn to exit, in seconds.
    pub wall: f64,
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// Runs `cmd` with stdin empty and stdout/stderr written to files in
/// `scratch` (cheaper and steadier than pipes), killing it after its time
/// limit. An error says which command could not be started or timed out.
pub fn run(cmd: &Cmd, scratch: &Path) -> Result<Outcome, String> {
    let out_path = scratch.join("stdout");
    let err_path = scratch.join("stderr");
    let create = |p: &Path| File::create(p).map_err(|e| format!("cannot create {}: {e}", p.display()));
    let (out, err) = (create(&out_path)?, create(&err_path)?);

    // The watchdog thread is started before the clock so that its cost is
    // not timed; it gets the pid, then waits for "done" or the time limit.
    let (pid_tx, pid_rx) = mpsc::channel::<u32>();
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let timeout = cmd.timeout;
    let watchdog = std::thread::spawn(move || {
        let Ok(pid) = pid_rx.recv() else { return false };
        if let Err(mpsc::RecvTimeoutError::Timeout) = done_rx.recv_timeout(timeout) {
            // SAFETY: kill(2) on a child we spawned and have not reaped yet.
            unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
            return true;
        }
        false
    });

    let start = Instant::now();
    let child = Command::new(&cmd.program)
        .args(&cmd.args)
        .current_dir(&cmd.cwd)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            drop(pid_tx);
            let _ = watchdog.join();
            return Err(format!("cannot run `{}`: {e}", cmd.display()));
        }
    };
    let _ = pid_tx.send(child.id());
    let status = child.wait();
    let wall = start.elapsed().as_secs_f64();
    let _ = done_tx.send(());
    let killed = watchdog.join().unwrap_or(false);
    let status = status.map_err(|e| format!("waiting for `{}`: {e}", cmd.display()))?;
    if killed {
        return Err(format!("timed out after {} s: `{}`", timeout.as_secs(), cmd.display()));
    }
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    Ok(Outcome { wall, status, stdout: read(&out_path)?, stderr: read(&err_path)? })
}

/// Checks an outcome: `Ok(Some(seconds))` with a time measured inside the
/// program (between `bench.start` and `bench.end`), `Ok(None)` when it is
/// right but reports no inner time, `Err(what is wrong)` otherwise.
pub type Check<'a> = Box<dyn Fn(&Outcome) -> Result<Option<f64>, String> + 'a>;

/// One of the programs being compared.
pub struct Contender<'a> {
    pub label: String,
    pub cmd: Cmd,
    pub check: Check<'a>,
}

/// The measurements of one contender.
pub struct Measured {
    /// Whole-process wall time, or why there is none (the first failure).
    pub wall: Result<Stats, String>,
    /// Time between `bench.start` and `bench.end`, when every run reported it.
    pub inner: Option<Stats>,
}

/// Runs every contender `runs` times, interleaved (A, B, A, B, ...), after
/// one untimed warm-up round (if `warmup`) that fills the page cache and
/// checks the output. Every run is checked; a contender whose run fails or
/// prints the wrong output is dropped with that error: a wrong output is
/// never a timing.
pub fn interleave(contenders: &[Contender], runs: usize, warmup: bool, scratch: &Path) -> Vec<Measured> {
    let n = contenders.len();
    let mut wall: Vec<Vec<f64>> = vec![Vec::new(); n];
    let mut inner: Vec<Vec<f64>> = vec![Vec::new(); n];
    let mut failed: Vec<Option<String>> = vec![None; n];
    let first_timed = usize::from(warmup);
    for round in 0..runs + first_timed {
        for (i, c) in contenders.iter().enumerate() {
            if failed[i].is_some() {
                continue;
            }
            let result = run(&c.cmd, scratch).and_then(|o| (c.check)(&o).map(|t| (o.wall, t)));
            match result {
                Ok((w, t)) if round >= first_timed => {
                    wall[i].push(w);
                    inner[i].extend(t);
                }
                Ok(_) => {}
                Err(e) => failed[i] = Some(format!("{}: {e}", c.label)),
            }
        }
    }
    (0..n)
        .map(|i| match failed[i].take() {
            Some(e) => Measured { wall: Err(e), inner: None },
            None => Measured {
                wall: Stats::of(&wall[i]).ok_or_else(|| "no runs".to_string()),
                inner: (inner[i].len() == wall[i].len()).then(|| Stats::of(&inner[i])).flatten(),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        let s = Stats::of(&[3.0, 1.0, 2.0]).unwrap();
        assert_eq!((s.median, s.min, s.max, s.runs), (2.0, 1.0, 3.0, 3));
        assert_eq!(Stats::of(&[4.0, 1.0, 2.0, 3.0]).unwrap().median, 2.5);
        assert!(Stats::of(&[]).is_none());
    }

    #[test]
    fn geometric_mean() {
        assert!((geomean([2.0, 8.0]).unwrap() - 4.0).abs() < 1e-12);
        assert!(geomean([]).is_none());
    }
}
