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

/// Commands of a script, its threads' included: the lines that start one
/// (the scripts put each command, and nothing else, at a line's start
/// after indentation).
fn commands_with_threads(name: &str) -> usize {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/wast").join(name);
    let starts = ["(module", "(register", "(invoke", "(assert_", "(thread", "(wait"];
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| starts.iter().any(|s| l.trim_start().starts_with(s)))
        .count()
}

/// `thread`/`wait`: each thread's commands run on an OS thread of their
/// own, against the shared module's shared memory (`wait_notify.wast`
/// blocks a thread until the main thread wakes it: run one after the
/// other, it would hang).
#[test]
fn thread_commands_pass() {
    for name in ["message_passing.wast", "wait_notify.wast", "counters.wast", "grow_and_traps.wast"] {
        let name = format!("threads/{name}");
        let r = run(&name);
        assert_eq!((r.passed, r.failed), (commands_with_threads(&name), 0), "{name}");
    }
}

/// Failures inside a thread are reported at their own lines; waiting for
/// an unknown thread, or sharing an unknown module, fails.
#[test]
fn failures_inside_threads_are_reported() {
    let r = run("threads-fail.wast");
    assert_eq!((r.passed, r.failed), (5, 7));
    let lines: Vec<usize> = r.failures.iter().map(|f| f.0).collect();
    assert_eq!(lines, [7, 8, 9, 10, 13, 14, 15]);
}
