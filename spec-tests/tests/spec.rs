//! The official WebAssembly spec test suites through the AOT path: the
//! whole 2.0 suite, validated as 2.0, and the 3.0 suite with its proposals,
//! validated as 3.0, where only what `spec_tests::not_implemented` lists may
//! fail (and must).
//!
//! The suites are found at `$WASM_TESTSUITE_2_0` / `$WASM_TESTSUITE`, else
//! at `<repo>/../shared/corpora/wasm-testsuite-2.0` / `wasm-testsuite`. When
//! one is missing the test says so loudly and passes, except under
//! `CI=true`, where a missing suite is a failure.

use std::path::PathBuf;

use spec_tests::driver::{self, Options};
use spec_tests::not_implemented;
use spec_tests::report::Summary;

fn suite_dir(var: &str, folder: &str) -> PathBuf {
    match std::env::var_os(var) {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/corpora")
            .join(folder),
    }
}

/// The suite's files, or `None` after a loud message when the suite is
/// missing (a failure under `CI=true`).
fn suite_files(var: &str, folder: &str, what: &str) -> Option<Vec<driver::WastFile>> {
    let dir = suite_dir(var, folder);
    if !dir.is_dir() {
        let what = format!("{what} not found at {}", dir.display());
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{what} (it is required under CI=true)"
        );
        let msg = format!("SKIPPED: {what}");
        eprintln!(
            "\n{}\n{msg}\n{}\n",
            "=".repeat(msg.len()),
            "=".repeat(msg.len())
        );
        return None;
    }
    let files = driver::collect(std::slice::from_ref(&dir)).expect("list the suite");
    assert!(!files.is_empty(), "no .wast files in {}", dir.display());
    Some(files)
}

#[test]
fn wasm_2_0_suite() {
    let Some(files) = suite_files("WASM_TESTSUITE_2_0", "wasm-testsuite-2.0", "WebAssembly 2.0 spec test suite") else {
        return;
    };
    let mut opts = Options::new(PathBuf::from(env!("CARGO_BIN_EXE_spec-tests")));
    opts.wasm = wasm2native::WasmVersion::V2;
    let mut summary = Summary::default();
    driver::run_files(&files, &opts, &mut |r| {
        eprint!("{}", r.render());
        summary.add(r);
    });
    eprintln!("{}", summary.render_total());
    assert_eq!(
        summary.failed,
        0,
        "{} of {} spec commands failed",
        summary.failed,
        summary.passed + summary.failed
    );
}

#[test]
fn wasm_3_0_suite() {
    let Some(files) = suite_files("WASM_TESTSUITE", "wasm-testsuite", "WebAssembly 3.0 spec test suite") else {
        return;
    };
    let mut opts = Options::new(PathBuf::from(env!("CARGO_BIN_EXE_spec-tests")));
    opts.show = usize::MAX;
    let mut summary = Summary::default();
    let mut unexpected = Vec::new();
    let mut excused = 0;
    let mut failing: std::collections::HashSet<&str> = std::collections::HashSet::new();
    driver::run_files(&files, &opts, &mut |r| {
        summary.add(r);
        for (line, message) in &r.failures {
            match not_implemented::excluded(&r.name, *line) {
                Some(e) => {
                    excused += 1;
                    failing.insert(e.path);
                }
                None => unexpected.push(format!("{}:{line}: {message}", r.name)),
            }
        }
        if r.failures.iter().any(|(l, _)| not_implemented::excluded(&r.name, *l).is_none()) {
            eprint!("{}", r.render());
        }
    });
    eprintln!("{} ({excused} of the failures are listed as not implemented)", summary.render_total());
    assert!(unexpected.is_empty(), "{} unexpected failures:\n{}", unexpected.len(), unexpected.join("\n"));
    // Every listed part still fails: a feature that landed must leave the list.
    let stale: Vec<&str> =
        not_implemented::EXCLUDED.iter().map(|e| e.path).filter(|p| !failing.contains(p)).collect();
    assert!(stale.is_empty(), "listed as not implemented but passing now: {stale:?}");
}
