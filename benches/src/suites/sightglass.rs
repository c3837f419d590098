//! The sightglass corpus (`corpora/sightglass`): which modules can run, their
//! expected output, and facts about a module (kind, imports, code size)
//! read with wasmparser.
//!
//! Upstream runs each `<name>.wasm` with its folder as the working directory,
//! pre-opened in WASI as ".", no arguments; inputs are read by relative path;
//! stdout/stderr must equal `<name>.stdout.expected` / `<name>.stderr.expected`
//! (libsodium and gcc-loops share `default.*.expected`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use wasmparser::{Encoding, Parser, Payload};

use crate::expect::Expected;

/// One `.wasm` of the corpus.
#[derive(Clone, Debug)]
pub struct Module {
    /// The benchmark folder (inputs and expected files).
    pub dir: PathBuf,
    /// Short name: the folder for `benchmark.wasm`, else the file stem.
    pub name: String,
    pub wasm: PathBuf,
    /// A component (its `bench` comes from [`bench_component`] for wasmtime).
    pub component: bool,
    /// Why it cannot be run here, if so.
    pub skip: Option<String>,
}

/// Facts about a module.
#[derive(Clone, Debug, Default)]
pub struct WasmInfo {
    pub component: bool,
    /// Import module names.
    pub import_modules: BTreeSet<String>,
    pub functions: u32,
    pub code_bytes: u64,
}

/// Reads the facts the runner needs from a module's sections.
pub fn wasm_info(bytes: &[u8]) -> Result<WasmInfo, String> {
    let mut info = WasmInfo::default();
    for payload in Parser::new(0).parse_all(bytes) {
        match payload.map_err(|e| format!("unreadable module: {e}"))? {
            Payload::Version { encoding: Encoding::Component, .. } => {
                info.component = true;
                return Ok(info);
            }
            Payload::ImportSection(s) => {
                for imp in s.into_imports() {
                    let imp = imp.map_err(|e| format!("unreadable import section: {e}"))?;
                    info.import_modules.insert(imp.module.to_string());
                }
            }
            Payload::CodeSectionStart { count, size, .. } => {
                info.functions = count;
                info.code_bytes = u64::from(size);
            }
            _ => {}
        }
    }
    Ok(info)
}

/// Every `.wasm` in the corpus folders, sorted, with a skip reason for
/// those that cannot run here: neither WASI preview 1 command modules nor
/// components.
pub fn modules(corpus: &Path) -> Result<Vec<Module>, String> {
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = read_dir(corpus)?.into_iter().filter(|p| p.is_dir()).collect();
    dirs.sort();
    for dir in dirs {
        let mut files: Vec<PathBuf> =
            read_dir(&dir)?.into_iter().filter(|p| p.extension().is_some_and(|e| e == "wasm")).collect();
        files.sort();
        for wasm in files {
            let stem = wasm.file_stem().unwrap_or_default().to_string_lossy().into_owned();
            let name = if stem == "benchmark" { dir.file_name().unwrap_or_default().to_string_lossy().into_owned() } else { stem };
            let bytes = std::fs::read(&wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
            let info = wasm_info(&bytes);
            let component = info.as_ref().is_ok_and(|i| i.component);
            let skip = match info {
                Err(e) => Some(e),
                Ok(i) if i.component => None,
                Ok(i) => {
                    let foreign: Vec<&str> = i
                        .import_modules
                        .iter()
                        .map(String::as_str)
                        .filter(|m| *m != "bench" && *m != "wasi_snapshot_preview1")
                        .collect();
                    (!foreign.is_empty()).then(|| format!("imports {} (not WASI preview 1)", foreign.join(", ")))
                }
            };
            out.push(Module { dir: dir.clone(), name, wasm, component, skip });
        }
    }
    Ok(out)
}

/// Component `wasm` as wasmtime can run it, written to `out` as text: its
/// root `bench` import replaced by `bench` (host/bench-component.wat, a
/// component defining the instance), placed after the last import.
pub fn bench_component(wasm: &Path, bench: &Path, out: &Path) -> Result<(), String> {
    let bytes = std::fs::read(wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
    let text = wasmprinter::print_bytes(&bytes).map_err(|e| format!("cannot print {}: {e}", wasm.display()))?;
    let bench = std::fs::read_to_string(bench).map_err(|e| format!("cannot read {}: {e}", bench.display()))?;
    // Root-level items are indented by two spaces in wasmprinter's output.
    let mut lines: Vec<&str> = text.lines().collect();
    let import = lines
        .iter()
        .position(|l| l.starts_with("  (import \"bench\" (instance $bench "))
        .ok_or("the component has no root `bench` instance import")?;
    lines.remove(import);
    let last = lines.iter().rposition(|l| l.starts_with("  (import ")).unwrap_or(import.saturating_sub(1));
    lines.insert(last + 1, bench.trim_end());
    std::fs::write(out, lines.join("\n")).map_err(|e| format!("cannot write {}: {e}", out.display()))
}

/// The expected output of a module from its files (`<stem>.*.expected`, else
/// `default.*.expected`), or `None` when the corpus has none.
pub fn expected(m: &Module) -> Result<Option<Expected>, String> {
    let stem = m.wasm.file_stem().unwrap_or_default().to_string_lossy().into_owned();
    let pick = |stream: &str| {
        [format!("{stem}.{stream}.expected"), format!("default.{stream}.expected")]
            .into_iter()
            .map(|f| m.dir.join(f))
            .find(|p| p.exists())
    };
    let Some(stdout) = pick("stdout") else { return Ok(None) };
    let stderr = pick("stderr");
    Expected::from_files(&stdout, stderr.as_deref(), 0, true).map(Some)
}

/// Copies the inputs of a benchmark folder (everything but `.wasm` files)
/// into `to`: the corpus is read-only and runs should not touch it.
pub fn copy_inputs(dir: &Path, to: &Path) -> Result<(), String> {
    for p in read_dir(dir)? {
        if p.is_file() && p.extension().is_none_or(|e| e != "wasm") {
            let dest = to.join(p.file_name().unwrap_or_default());
            std::fs::copy(&p, &dest).map_err(|e| format!("cannot copy {} to {}: {e}", p.display(), dest.display()))?;
            let mut perm = std::fs::metadata(&dest).map_err(|e| e.to_string())?.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perm.set_readonly(false);
            let _ = std::fs::set_permissions(&dest, perm);
        }
    }
    Ok(())
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>, String> {
    std::fs::read_dir(dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .map(|e| e.map(|e| e.path()).map_err(|e| format!("cannot list {}: {e}", dir.display())))
        .collect()
}
