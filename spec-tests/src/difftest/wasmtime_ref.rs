//! The second reference: `wasmtime wast` on a case's script, for modules
//! wasmi does not run (exceptions), and as a second opinion where wasmi
//! disagrees with us. The script asserts our outcomes, memory hashes
//! included (see `wast`); wasmtime checks them.

use std::path::PathBuf;
use std::process::Command;


/// The flags that turn on every proposal we implement.
const FLAGS: &str = "exceptions=y,tail-call=y,memory64=y,multi-memory=y,custom-page-sizes=y,wide-arithmetic=y,\
relaxed-simd=y,extended-const=y,function-references=y";

/// The wasmtime executable, found as the end-to-end tests find it.
pub fn binary() -> PathBuf {
    wasm2native_tests::wasmtime_bin()
}

/// Whether wasmtime can be run here.
pub fn available() -> bool {
    Command::new(binary()).arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Runs `script` under `wasmtime wast`: `Err` with wasmtime's first lines
/// of complaint when an assertion fails.
pub fn check(script: &str) -> Result<(), String> {
    match run(script)? {
        None => Ok(()),
        Some(complaint) => Err(format!("wasmtime disagrees: {complaint}")),
    }
}

/// Runs `script`, whose last module's instantiation we saw throw: there is
/// no `.wast` assertion for that, so wasmtime must fail with its message
/// for a thrown exception.
pub fn check_throws(script: &str) -> Result<(), String> {
    match run(script)? {
        Some(complaint) if complaint.contains("thrown Wasm exception") => Ok(()),
        Some(complaint) => Err(format!("wasmtime disagrees (expected a thrown exception): {complaint}")),
        None => Err("wasmtime disagrees: it instantiates the module without an exception".into()),
    }
}

/// wasmtime's complaint about `script`, if any.
fn run(script: &str) -> Result<Option<String>, String> {
    let dir = tempfile::Builder::new()
        .prefix("difftest-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary directory: {e}"))?;
    let path = dir.path().join("case.wast");
    std::fs::write(&path, script).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let out = Command::new(binary())
        .args(["wast", "-W", FLAGS])
        .arg(&path)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", binary().display()))?;
    if out.status.success() {
        return Ok(None);
    }
    let text = String::from_utf8_lossy(&out.stderr);
    // Its error chain, without the Rust backtrace that follows.
    let first: Vec<&str> = text
        .lines()
        .take_while(|l| !l.starts_with("Stack backtrace"))
        .filter(|l| !l.trim().is_empty())
        .collect();
    Ok(Some(first.join(" | ")))
}
