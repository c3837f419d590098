//! The WebAssembly 3.0 proposals whose choices are ours: every command of
//! `tests/wast/relaxed-deterministic.wast` must pass. It pins the one
//! result the compiler gives for each relaxed SIMD operator where the
//! proposal allows several (so a change of lowering that changes a result
//! shows up here, not in a user's program), plus wide-arithmetic corner
//! cases. The official `relaxed_*.wast` scripts accept any allowed result.

use std::path::PathBuf;

use spec_tests::driver::{self, Options};

#[test]
fn relaxed_simd_results_are_the_deterministic_ones() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/wast/relaxed-deterministic.wast");
    let files = driver::collect(&[path]).unwrap();
    let mut opts = Options::new(PathBuf::from(env!("CARGO_BIN_EXE_spec-tests")));
    opts.show = usize::MAX;
    let mut reports = Vec::new();
    driver::run_files(&files, &opts, &mut |r| reports.push(r.clone()));
    assert_eq!(reports.len(), 1);
    let r = &reports[0];
    eprint!("{}", r.render());
    assert!(r.passed > 30, "too few commands ran: {}", r.passed);
    assert_eq!(r.failed, 0);
}
