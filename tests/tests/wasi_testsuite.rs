//! The official WASI test suite (corpus `wasi-testsuite`), every test
//! compiled by `wasm2native` with the grants and environment its JSON
//! specification asks for, run, and checked: exit status, and stdout and
//! stderr where the specification gives them (see
//! `wasm2native_tests::wasi_testsuite`). Every test must pass; a failure
//! lists every mismatch with a diff.
//!
//! `W2N_WASI_TESTS=name,name` runs only tests whose `language/name`
//! contains one of the filters; `W2N_JOBS` sets how many run at once.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use wasm2native_tests::corpora::corpus;
use wasm2native_tests::wasi_testsuite::{discover, run_case, Outcome, TestCase};

/// Runs every case on a few threads (each compile is single-threaded).
fn run_all(cases: &[TestCase]) -> Vec<Outcome> {
    let compiler = wasm2native_tests::wasm2native_bin();
    let jobs = std::env::var("W2N_JOBS")
        .ok()
        .and_then(|j| j.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..jobs.max(1) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(case) = cases.get(i) else { break };
                let outcome = run_case(&compiler, case);
                results.lock().unwrap().push((i, outcome));
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, o)| o).collect()
}

#[test]
fn official_wasi_testsuite_passes() {
    let Some(root) = corpus("wasi-testsuite") else { return };
    let mut cases = discover(&root).expect("read the test suite");
    assert!(!cases.is_empty(), "no tests found in {}", root.display());
    if let Ok(filter) = std::env::var("W2N_WASI_TESTS") {
        let filters: Vec<&str> = filter.split(',').filter(|f| !f.is_empty()).collect();
        cases.retain(|c| filters.iter().any(|f| c.label().contains(f)));
    }

    let outcomes = run_all(&cases);

    // Pass counts per language folder, then every failure in full.
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for o in &outcomes {
        let c = counts.entry(&o.language).or_default();
        c.1 += 1;
        if o.problems.is_empty() {
            c.0 += 1;
        }
    }
    let summary: Vec<String> = counts.iter().map(|(lang, (pass, all))| format!("{lang} {pass}/{all}")).collect();
    let passed: usize = counts.values().map(|c| c.0).sum();
    eprintln!("wasi-testsuite: {passed}/{} passed ({})", outcomes.len(), summary.join(", "));

    let failures: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.problems.is_empty())
        .map(|o| format!("{}:\n  {}", o.label, o.problems.join("\n  ")))
        .collect();
    assert!(failures.is_empty(), "{} of {} tests failed:\n\n{}", failures.len(), outcomes.len(), failures.join("\n\n"));
}
