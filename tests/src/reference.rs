//! Running a case under the reference runtime, wasmtime.

use crate::case::Case;
use crate::process::{self, Output};
use std::process::Command;
use std::time::Duration;

/// wasmtime is slower to start on big modules than our executables; be generous.
const WASMTIME_TIMEOUT: Duration = Duration::from_secs(120);

/// Runs `case` under wasmtime in a fresh scratch directory. Returns the
/// output and the failures of the case's after-run checks.
pub fn run_wasmtime(case: &Case) -> Result<(Output, Vec<String>), String> {
    let scratch = tempfile::tempdir().map_err(|e| format!("tempdir: {e}"))?;
    let root = scratch.path();
    case.prepare(root)?;
    let mut cmd = Command::new(crate::wasmtime_bin());
    cmd.arg("run")
        .args(&case.spec.wasmtime_flags)
        .arg("--argv0")
        .arg(&case.name)
        .args(case.dir_args(root))
        .args(case.env_args())
        .arg(&case.module)
        .args(&case.spec.args)
        .current_dir(case.base_dir())
        .env_clear()
        .envs(case.spec.host_env.iter().map(|(k, v)| (k, v)));
    let out = process::run_with_input(&mut cmd, case.spec.stdin.as_ref().map(|s| s.as_bytes()), WASMTIME_TIMEOUT)?;
    let failures = case.check_scratch(root);
    Ok((out, failures))
}
