//! Finding the shared corpora (`../shared/corpora` beside the checkout, or
//! `$WASM2NATIVE_CORPORA`). When they are absent a test skips with a loud
//! message, except under `CI=true`, where absence is a failure.

use std::path::PathBuf;

/// The corpora folder `name` (e.g. `real-wasi`), or `None` after printing
/// why the calling test skips. Panics under `CI=true` when it is missing.
pub fn corpus(name: &str) -> Option<PathBuf> {
    let root = std::env::var_os("WASM2NATIVE_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::package_dir().join("../../shared/corpora"));
    let dir = root.join(name);
    if dir.is_dir() {
        return Some(dir);
    }
    let msg = format!(
        "corpus `{name}` not found at {} (set WASM2NATIVE_CORPORA to the corpora folder)",
        dir.display()
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{msg}; under CI=true a missing corpus is a failure");
    }
    eprintln!("\n********** SKIPPED: {msg} **********\n");
    None
}
