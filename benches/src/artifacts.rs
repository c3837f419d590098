//! Building what the peers run: our executables, wasmtime's `.cwasm` files
//! and gcc -O2 executables. Each build returns the size of what it wrote, or
//! an error quoting the tool's own message.

use std::ffi::OsString;
use std::path::Path;
use std::time::Duration;

use crate::measure::{self, Cmd};
use crate::peers::Tools;

/// Builds artifacts with the tools found.
pub struct Builder<'a> {
    pub tools: &'a Tools,
    /// `--cpu` for our executables.
    pub cpu: &'a str,
    /// Where tools write their stdout/stderr.
    pub scratch: &'a Path,
}

/// Longest a single build may take (clang's 75 MB module is compiled by the
/// compile-time suite, not here).
const BUILD_TIMEOUT: Duration = Duration::from_secs(600);

impl Builder<'_> {
    /// `wasm2native compile WASM -o OUT --cpu CPU EXTRA...`.
    pub fn ours(&self, wasm: &Path, out: &Path, extra: &[OsString]) -> Result<u64, String> {
        let mut args: Vec<OsString> = vec!["compile".into(), wasm.into(), "-o".into(), out.into()];
        args.extend(["--cpu".into(), self.cpu.into()]);
        args.extend(extra.iter().cloned());
        self.tool(&self.tools.wasm2native.path, args, out)
    }

    /// `wasmtime compile WASM -o OUT`.
    pub fn cwasm(&self, wasm: &Path, out: &Path) -> Result<u64, String> {
        let wt = self.tools.wasmtime.as_ref().ok_or("wasmtime not found")?;
        self.tool(&wt.path, ["compile".into(), wasm.into(), "-o".into(), out.into()].to_vec(), out)
    }

    /// `gcc -O2 -o OUT SOURCE -lm`; an error is gcc's first error line
    /// (sources written for wasm often use wasm-only headers or builtins).
    pub fn gcc(&self, source: &Path, out: &Path) -> Result<u64, String> {
        let gcc = self.tools.gcc.as_ref().ok_or("gcc not found")?;
        let args: Vec<OsString> = vec!["-O2".into(), "-o".into(), out.into(), source.into(), "-lm".into()];
        let cmd = Cmd::new(&gcc.path, args, self.scratch, BUILD_TIMEOUT);
        let o = measure::run(&cmd, self.scratch)?;
        if !o.status.success() {
            let text = String::from_utf8_lossy(&o.stderr);
            let line = text
                .lines()
                .find(|l| l.contains("error:") || l.contains("undefined reference"))
                .unwrap_or("failed")
                .trim();
            let line = line.rsplit_once(": error: ").map_or(line, |(_, m)| m);
            return Err(line.chars().take(120).collect());
        }
        file_size(out)
    }

    fn tool(&self, program: &Path, args: Vec<OsString>, out: &Path) -> Result<u64, String> {
        let cmd = Cmd::new(program, args, self.scratch, BUILD_TIMEOUT);
        let o = measure::run(&cmd, self.scratch)?;
        if !o.status.success() {
            return Err(format!("`{}` failed ({}): {}", cmd.display(), o.status, last_lines(&o.stderr, 4)));
        }
        file_size(out)
    }
}

fn file_size(p: &Path) -> Result<u64, String> {
    std::fs::metadata(p).map(|m| m.len()).map_err(|e| format!("the tool wrote no {}: {e}", p.display()))
}

/// The last `n` non-empty lines of a tool's output, joined with " | ".
pub fn last_lines(bytes: &[u8], n: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    lines[lines.len().saturating_sub(n)..].join(" | ")
}
