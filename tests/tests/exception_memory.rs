//! Exception objects do not pile up: `exceptions/throw_loop.wat` throws ten
//! million exceptions caught with `catch` and ten million caught with
//! `catch_ref` (its reference dropped), then waits on stdin; while it waits,
//! its peak resident memory (`VmHWM`) must still be small. Each leaked
//! object would cost at least 32 bytes, so a leak shows as hundreds of MB.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use wasm2native_tests::process::{run, Status};
use wasm2native_tests::wasm2native_bin;

/// Peak memory allowed, in KiB.
const LIMIT_KIB: u64 = 64 * 1024;

fn peak_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("read /proc/PID/status");
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM line");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn twenty_million_throws_keep_memory_flat() {
    let tmp = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("exceptions/throw_loop.wat");
    let exe = tmp.path().join("throw_loop");
    let mut compile = Command::new(wasm2native_bin());
    compile.arg("compile").arg(&src).arg("-o").arg(&exe);
    let out = run(&mut compile, Duration::from_secs(120)).unwrap();
    assert_eq!(out.status, Status::Exited(0), "compile: {}", out.stderr_text());

    let mut child = Command::new(&exe).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    assert_eq!(line, "done\n", "the loops did not finish");
    let peak = peak_kib(child.id());
    drop(child.stdin.take());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
    assert!(peak < LIMIT_KIB, "peak resident memory {peak} KiB after 20M throws (limit {LIMIT_KIB} KiB)");
}
