//! The GC heap stays bounded and its limit holds: `gc/churn.wat` keeps a
//! 4.8 MB list live while allocating a hundred times that, then waits on
//! stdin; its peak resident memory (`VmHWM`) must stay small and the list
//! intact. Under `--gc-heap-max` smaller than its live data it traps with
//! the heap's message, and an array larger than the heap may ever be traps
//! as too large.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use wasm2native_tests::process::{run, Status};
use wasm2native_tests::wasm2native_bin;

/// Peak memory allowed, in KiB: a tenth of what the program allocates.
const LIMIT_KIB: u64 = 48 * 1024;

fn peak_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("read /proc/PID/status");
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM line");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Compiles `src` (a path under tests/, or WAT text) with `args`.
fn compile(dir: &Path, name: &str, src: &Path, args: &[&str]) -> PathBuf {
    let exe = dir.join(name);
    let mut compile = Command::new(wasm2native_bin());
    compile.arg("compile").arg(src).args(args).arg("-o").arg(&exe);
    let out = run(&mut compile, Duration::from_secs(120)).unwrap();
    assert_eq!(out.status, Status::Exited(0), "compile: {}", out.stderr_text());
    exe
}

#[test]
fn a_hundred_times_the_live_heap_runs_in_bounded_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("gc/churn.wat");
    let exe = compile(tmp.path(), "churn", &src, &[]);
    let mut child = Command::new(&exe).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert_eq!(line, "done\n", "the allocation loop did not finish");
    let peak = peak_kib(child.id());
    drop(child.stdin.take());
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    assert!(child.wait().unwrap().success());
    // The sum of 0 .. 200,000, mod 2^32: the live list survived.
    assert_eq!(rest, "a8164160\n");
    eprintln!("gc/churn.wat: peak resident memory {peak} KiB after allocating 480 MB (4.8 MB live)");
    assert!(peak < LIMIT_KIB, "peak resident memory {peak} KiB, limit {LIMIT_KIB} KiB");
}

#[test]
fn the_heap_limit_and_oversized_allocations_trap() {
    let tmp = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("gc/churn.wat");
    let exe = compile(tmp.path(), "small", &src, &["--gc-heap-max", "2M"]);
    let out = run(Command::new(&exe).stdin(Stdio::null()), Duration::from_secs(60)).unwrap();
    assert_eq!(out.status, Status::Exited(134), "{}", out.stderr_text());
    assert!(out.stderr_text().starts_with("wasm trap: GC heap out of memory"), "{}", out.stderr_text());

    let big = tmp.path().join("big.wat");
    std::fs::write(
        &big,
        r#"(module (type $a (array i64))
             (func (export "_start") (drop (array.new_default $a (i32.const -1)))))"#,
    )
    .unwrap();
    let exe = compile(tmp.path(), "big", &big, &[]);
    let out = run(&mut Command::new(&exe), Duration::from_secs(60)).unwrap();
    assert_eq!(out.status, Status::Exited(134), "{}", out.stderr_text());
    assert!(out.stderr_text().starts_with("wasm trap: allocation size too large"), "{}", out.stderr_text());
}
