//! The official WASI 0.3 test suite (`wasi-testsuite-0.3` of the corpora:
//! 55 components), run by its own Python runner with our adapter
//! (`tests/wasi-testsuite/wasm2native.py`, launched by `runner.py`), which
//! compiles each component to a native executable and runs that. Every
//! test must pass, none be skipped (the `wasi:http/service` tests run as
//! services, their outgoing requests going to the runner's servers).

use std::path::Path;
use std::process::Command;

use wasm2native_tests::corpora::corpus;
use wasm2native_tests::tools::skip;
use wasm2native_tests::{package_dir, wasm2native_bin};

/// A Python of at least 3.11 (`runner.py` bridges to the runner's 3.12)
/// with the runner's requirements: `WASI_TEST_RUNNER_PYTHON`, else
/// `python3`.
fn python() -> Option<String> {
    let p = std::env::var("WASI_TEST_RUNNER_PYTHON").unwrap_or_else(|_| "python3".into());
    Command::new(&p)
        .args(["-c", "import sys, colorama, requests; assert sys.version_info >= (3, 11)"])
        .output()
        .is_ok_and(|o| o.status.success())
        .then_some(p)
}

/// Copies directory `from` to `to` (files, directories and symbolic links).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let (src, dst) = (e.path(), to.join(e.file_name()));
        let ty = e.file_type().unwrap();
        if ty.is_dir() {
            copy_dir(&src, &dst);
        } else if ty.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(&src).unwrap(), &dst).unwrap();
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

#[test]
fn the_official_wasi_0_3_suite() {
    let Some(suite) = corpus("wasi-testsuite-0.3") else { return };
    let Some(python) = python() else {
        skip("no Python >= 3.11 with the runner's requirements (pip install -r test-runner/requirements/common.txt)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let json = tmp.path().join("results.json");
    // The tests write into their directories: run a copy, so the corpus
    // stays as it is.
    let suite_dir = tmp.path().join("wasm32-wasip3");
    copy_dir(&suite.join("tests/rust/testsuite/wasm32-wasip3"), &suite_dir);
    let adapter = package_dir().join("wasi-testsuite/wasm2native.py");
    let out = Command::new(&python)
        .current_dir(&suite)
        .arg(package_dir().join("wasi-testsuite/runner.py"))
        .arg("test-runner/wasi_test_runner.py")
        .arg("-t")
        .arg(&suite_dir)
        .args(["--disable-colors", "-r"])
        .arg(&adapter)
        .arg("--json-output-location")
        .arg(&json)
        .env("WASM2NATIVE", wasm2native_bin())
        .env("WASM2NATIVE_CACHE", tmp.path().join("exes"))
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let results: serde_json::Value = match std::fs::read(&json) {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap(),
        Err(e) => panic!("the runner wrote no results ({e}):\n{log}"),
    };
    let suite_results = &results["results"][0];
    let tests = suite_results["tests"].as_array().unwrap();
    assert!(tests.len() >= 55, "only {} tests:\n{log}", tests.len());
    let problems: Vec<String> = tests
        .iter()
        .filter(|t| t["outcome"].as_str() != Some("pass"))
        .map(|t| format!("{}: {} {}", t["name"].as_str().unwrap_or("?"), t["outcome"].as_str().unwrap_or("skipped"), t["failures"]))
        .collect();
    eprintln!("WASI 0.3 suite: {} of {} passed", tests.len() - problems.len(), tests.len());
    assert!(problems.is_empty(), "{}\n\nrunner log:\n{log}", problems.join("\n"));
}
