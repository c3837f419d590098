//! The whole WebAssembly 2.0 spec test suite through the AOT path.
//!
//! The suite is found at `$WASM_TESTSUITE_2_0`, else at
//! `<repo>/../shared/corpora/wasm-testsuite-2.0`. When it is missing the
//! test says so loudly and passes, except under `CI=true`, where a missing
//! suite is a failure.

use std::path::PathBuf;

use spec_tests::driver::{self, Options};
use spec_tests::report::Summary;

fn suite_dir() -> PathBuf {
    match std::env::var_os("WASM_TESTSUITE_2_0") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/corpora/wasm-testsuite-2.0"),
    }
}

#[test]
fn wasm_2_0_suite() {
    let dir = suite_dir();
    if !dir.is_dir() {
        let what = format!(
            "WebAssembly 2.0 spec test suite not found at {}",
            dir.display()
        );
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
        return;
    }
    let files = driver::collect(std::slice::from_ref(&dir)).expect("list the suite");
    assert!(!files.is_empty(), "no .wast files in {}", dir.display());
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
