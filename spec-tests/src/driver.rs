//! Runs many `.wast` files, each in a child process of this same binary
//! (`spec-tests --one FILE`), several at a time. A child that crashes or
//! hangs costs only its own file: the commands it had not reported count as
//! failed.
//!
//! The child writes one line per event on stdout: `total N`, then `pass` or
//! `fail LINE MESSAGE` per command (newlines in MESSAGE escaped as `\n`).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::file::Event;
use crate::report::FileReport;

/// How to run the files.
#[derive(Clone, Debug)]
pub struct Options {
    /// The `spec-tests` executable to run children with.
    pub exe: PathBuf,
    /// Files run at the same time.
    pub jobs: usize,
    /// Failures kept per file for the report.
    pub show: usize,
    /// Time limit per file.
    pub timeout: Duration,
    /// The WebAssembly edition the files are validated against (`--wasm`).
    pub wasm: wasm2native::WasmVersion,
}

impl Options {
    /// Defaults: as many jobs as cores, 5 failures shown, 10 minutes per file.
    pub fn new(exe: PathBuf) -> Options {
        let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
        Options {
            exe,
            jobs,
            show: 5,
            timeout: Duration::from_secs(600),
            wasm: wasm2native::WasmVersion::V3,
        }
    }
}

/// A file to run and the name it is reported under.
#[derive(Clone, Debug)]
pub struct WastFile {
    /// Where it is.
    pub path: PathBuf,
    /// Its name in the report (relative to the directory given).
    pub name: String,
}

/// The `.wast` files of `paths` (files, or directories searched
/// recursively), each directory's sorted by name.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<WastFile>, String> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            found.sort();
            for f in found {
                let name = f.strip_prefix(p).unwrap_or(&f).display().to_string();
                files.push(WastFile { path: f, name });
            }
        } else if p.is_file() {
            let name = p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            files.push(WastFile {
                path: p.clone(),
                name,
            });
        } else {
            return Err(format!("{}: no such file or directory", p.display()));
        }
    }
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "wast") {
            out.push(path);
        }
    }
    Ok(())
}

/// Runs `files`, calling `report` for each in order as soon as it and
/// every file before it are done.
pub fn run_files(files: &[WastFile], opts: &Options, report: &mut dyn FnMut(&FileReport)) {
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, FileReport)>();
    std::thread::scope(|s| {
        for _ in 0..opts.jobs.max(1).min(files.len().max(1)) {
            let tx = tx.clone();
            let next = &next;
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(f) = files.get(i) else { break };
                if tx.send((i, run_child(f, opts))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut done: Vec<Option<FileReport>> = (0..files.len()).map(|_| None).collect();
        let mut printed = 0;
        for (i, r) in rx {
            done[i] = Some(r);
            while let Some(r) = done.get_mut(printed).and_then(Option::take) {
                report(&r);
                printed += 1;
            }
        }
    });
}

/// Writes one event in the child protocol.
pub fn write_event(out: &mut dyn Write, event: &Event) -> std::io::Result<()> {
    match event {
        Event::Total(n) => writeln!(out, "total {n}")?,
        Event::Command {
            outcome: Ok(()), ..
        } => writeln!(out, "pass")?,
        Event::Command {
            line,
            outcome: Err(m),
        } => writeln!(
            out,
            "fail {line} {}",
            m.replace('\\', "\\\\").replace('\n', "\\n")
        )?,
    }
    out.flush()
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n') => out.push('\n'),
                Some(o) => out.push(o),
                None => out.push('\\'),
            },
            (c, false) => out.push(c),
        }
    }
    out
}

/// Applies one protocol line to `r`; returns the total when it is one.
fn apply_line(line: &str, r: &mut FileReport, show: usize) -> Option<usize> {
    if let Some(n) = line.strip_prefix("total ") {
        return n.trim().parse().ok();
    }
    if line == "pass" {
        r.passed += 1;
    } else if let Some(rest) = line.strip_prefix("fail ") {
        let (l, m) = rest.split_once(' ').unwrap_or((rest, ""));
        r.add_failure(l.parse().unwrap_or(0), unescape(m), show);
    }
    None
}

/// The command that runs this harness again for one file: directly, or
/// through `$SPEC_TESTS_WRAPPER` (e.g. `qemu-aarch64 -L /usr/aarch64-linux-gnu`
/// when the harness itself is an AArch64 binary run under emulation).
pub fn child_command(exe: &std::path::Path) -> Command {
    let wrapper = std::env::var("SPEC_TESTS_WRAPPER").unwrap_or_default();
    let mut words = wrapper.split_whitespace();
    match words.next() {
        None => Command::new(exe),
        Some(program) => {
            let mut cmd = Command::new(program);
            cmd.args(words).arg(exe);
            cmd
        }
    }
}

fn run_child(f: &WastFile, opts: &Options) -> FileReport {
    let mut r = FileReport::new(&f.name);
    let started = Instant::now();
    let child = child_command(&opts.exe)
        .arg("--one")
        .arg(&f.path)
        .arg("--wasm")
        .arg(crate::objects::version_name(opts.wasm))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            r.add_failure(
                0,
                format!("cannot run {}: {e}", opts.exe.display()),
                opts.show,
            );
            return r;
        }
    };
    let stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let (tx, rx) = mpsc::channel::<String>();
    let out_thread = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let err_thread = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let mut total = None;
    let mut timed_out = false;
    loop {
        let left = opts.timeout.saturating_sub(started.elapsed());
        match rx.recv_timeout(left) {
            Ok(line) => {
                if let Some(t) = apply_line(&line, &mut r, opts.show) {
                    total = Some(t);
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                timed_out = true;
                let _ = child.kill();
                break;
            }
        }
    }
    let status = child.wait();
    let _ = out_thread.join();
    let stderr = err_thread.join().unwrap_or_default();
    let seen = r.passed + r.failed;
    let ended_well = matches!(&status, Ok(s) if s.success()) && !timed_out;
    if !ended_well || total != Some(seen) {
        let why = if timed_out {
            format!("timed out after {:?}", opts.timeout)
        } else {
            match status {
                Ok(s) => format!("child {s}"),
                Err(e) => format!("cannot wait for the child: {e}"),
            }
        };
        let tail: String = {
            let lines: Vec<&str> = stderr.lines().collect();
            lines[lines.len().saturating_sub(8)..].join("\n")
        };
        let missing = total.map_or(1, |t| t.saturating_sub(seen)).max(1);
        let msg =
            format!(
            "harness stopped ({why}) after {seen} of {} commands; {missing} counted as failed{}",
            total.map_or("?".to_string(), |t| t.to_string()),
            if tail.is_empty() { String::new() } else { format!("; stderr:\n{tail}") }
        );
        r.add_failure(0, msg, opts.show);
        r.failed += missing - 1;
    }
    r.elapsed = started.elapsed();
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_round_trips() {
        let mut buf = Vec::new();
        write_event(&mut buf, &Event::Total(3)).unwrap();
        write_event(
            &mut buf,
            &Event::Command {
                line: 4,
                outcome: Ok(()),
            },
        )
        .unwrap();
        write_event(
            &mut buf,
            &Event::Command {
                line: 7,
                outcome: Err("a\nb\\n c".into()),
            },
        )
        .unwrap();
        let text = String::from_utf8(buf).unwrap();
        let mut r = FileReport::new("x.wast");
        let totals: Vec<_> = text
            .lines()
            .filter_map(|l| apply_line(l, &mut r, 5))
            .collect();
        assert_eq!(totals, vec![3]);
        assert_eq!((r.passed, r.failed), (1, 1));
        assert_eq!(r.failures, vec![(7, "a\nb\\n c".to_string())]);
    }

    /// A child that dies after two of five commands: the other three count
    /// as failed, with the reason and its stderr.
    #[test]
    fn crashed_children_count_the_rest_as_failed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let exe = dir.path().join("fake-child");
        std::fs::write(&exe, "#!/bin/sh\necho 'total 5'\necho pass\necho 'fail 9 wrong'\necho boom >&2\nkill -SEGV $$\n")
            .unwrap();
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        let file = WastFile {
            path: exe.clone(),
            name: "x.wast".into(),
        };
        let r = run_child(&file, &Options::new(exe));
        assert_eq!((r.passed, r.failed), (1, 4));
        assert_eq!(r.failures[0], (9, "wrong".to_string()));
        assert!(
            r.failures[1].1.contains("after 2 of 5 commands"),
            "{:?}",
            r.failures
        );
        assert!(r.failures[1].1.contains("boom"), "{:?}", r.failures);
    }

    #[test]
    fn hanging_children_time_out() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let exe = dir.path().join("fake-child");
        std::fs::write(
            &exe,
            "#!/bin/sh\necho 'total 2'\necho pass\nexec sleep 60\n",
        )
        .unwrap();
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        let file = WastFile {
            path: exe.clone(),
            name: "x.wast".into(),
        };
        let mut opts = Options::new(exe);
        opts.timeout = Duration::from_millis(500);
        let r = run_child(&file, &opts);
        assert_eq!((r.passed, r.failed), (1, 1));
        assert!(r.failures[0].1.contains("timed out"), "{:?}", r.failures);
    }
}
