//! The official WASI 0.3 test suite (`wasi-testsuite-0.3` of the corpora:
//! 55 components), run by its own Python runner with our adapter
//! (`tests/wasi-testsuite/wasm2native.py`, launched by `runner.py`), which
//! compiles each component
//! to a native executable and runs that. Every test listed in
//! `tests/wasi-testsuite/passing.txt` must pass; those of `ungranted.txt`
//! fail for want of a network grant their specification does not give (as
//! under wasmtime) and pass with it. Nothing else may happen: every test
//! is in one of the two lists, and none is skipped (the `wasi:http/service`
//! tests run as services, their outgoing requests to the runner's
//! servers).

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

/// The test names listed in `tests/wasi-testsuite/NAME`.
fn list(name: &str) -> Vec<String> {
    std::fs::read_to_string(package_dir().join("wasi-testsuite").join(name))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(String::from)
        .collect()
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
    let passing = list("passing.txt");
    let ungranted = list("ungranted.txt");
    let suite_results = &results["results"][0];
    let tests = suite_results["tests"].as_array().unwrap();
    assert!(tests.len() >= 50, "only {} tests:\n{log}", tests.len());
    let mut problems = Vec::new();
    let mut passed = 0;
    for t in tests {
        let name = t["name"].as_str().unwrap();
        let outcome = t["outcome"].as_str().unwrap_or("skipped");
        let failures = t["failures"].to_string();
        if outcome == "pass" {
            passed += 1;
        }
        if passing.iter().any(|p| p == name) {
            if outcome != "pass" {
                problems.push(format!("{name} should pass, but: {outcome} {failures}"));
            }
        } else if outcome == "pass" {
            problems.push(format!("{name} passes now: add it to passing.txt"));
        } else if ungranted.iter().any(|p| p == name) {
            if !failures.contains("AccessDenied") {
                problems.push(format!("{name} should fail for want of the network grant, but: {failures}"));
            }
            // With the grant, it passes.
            let exe = tmp.path().join("exes").join(format!("{name}-granted"));
            let wasm = suite_dir.join(format!("{name}.wasm"));
            let built = Command::new(wasm2native_bin()).arg("compile").arg(&wasm).arg("-o").arg(&exe).output().unwrap();
            assert!(built.status.success(), "{name}: {}", String::from_utf8_lossy(&built.stderr));
            let ran = Command::new(&exe).env("WASM2NATIVE_INHERIT_NETWORK", "1").output().unwrap();
            if !ran.status.success() {
                problems.push(format!("{name} fails with the network granted: {}", String::from_utf8_lossy(&ran.stderr)));
            }
        } else {
            problems.push(format!("{name} is in neither list: {outcome} {failures}"));
        }
    }
    eprintln!(
        "WASI 0.3 suite: {passed} of {} passed ({} failed: {} for want of a grant, which pass with it; {} skipped)",
        tests.len(),
        suite_results["failed"],
        ungranted.len(),
        suite_results["skipped"]
    );
    if suite_results["skipped"].as_u64() != Some(0) {
        problems.push(format!("{} tests were skipped", suite_results["skipped"]));
    }
    assert!(problems.is_empty(), "{}\n\nrunner log:\n{log}", problems.join("\n"));
}
