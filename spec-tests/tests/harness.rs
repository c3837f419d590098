//! The harness checks itself: every command of `tests/wast/pass.wast` must
//! pass, and every command of `tests/wast/fail.wast` after its first module
//! must fail.

use std::path::PathBuf;

use spec_tests::driver::{self, Options};
use spec_tests::report::FileReport;

fn run(name: &str) -> FileReport {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/wast")
        .join(name);
    let files = driver::collect(&[path]).unwrap();
    let mut opts = Options::new(PathBuf::from(env!("CARGO_BIN_EXE_spec-tests")));
    opts.show = usize::MAX;
    let mut out = Vec::new();
    driver::run_files(&files, &opts, &mut |r| out.push(r.clone()));
    assert_eq!(out.len(), 1);
    let r = out.pop().unwrap();
    eprint!("{}", r.render());
    r
}

/// Number of top-level commands of a script (lines starting with `(`).
fn commands(name: &str) -> usize {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/wast")
        .join(name);
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with('('))
        .count()
}

#[test]
fn supported_commands_pass() {
    let r = run("pass.wast");
    assert_eq!((r.passed, r.failed), (commands("pass.wast"), 0));
}

#[test]
fn wrong_outcomes_fail() {
    let r = run("fail.wast");
    assert_eq!((r.passed, r.failed), (1, commands("fail.wast") - 1));
}
