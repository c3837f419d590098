//! Compile time: `wasm2native compile --emit obj` with one thread and with
//! all cores, against `wasmtime compile` with one thread (`-C
//! parallel-compilation=n`) and with all cores, interleaved, on the
//! sightglass modules (the largest of each folder) and the largest real
//! programs of corpora/real-wasi (esbuild, clang; unpacked with `xz -dc`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{classify_compile_error, file_size, progress, sightglass, Context};
use crate::measure::{interleave, Cmd, Contender};
use crate::results::{Cell, CompileRow};

const QUICK_SIGHTGLASS: &[&str] = &["bz2", "regex"];

/// clang's 75 MB module takes minutes per compile.
const TIMEOUT: Duration = Duration::from_secs(3600);

/// A module to compile, and how many timed runs it gets.
struct Job {
    name: String,
    wasm: PathBuf,
    runs: usize,
    warmup: bool,
}

/// Measures every module; `runs` timed compiles per configuration (the
/// 75 MB clang module gets at most two).
pub fn run(ctx: &Context, runs: usize, notes: &mut Vec<String>) -> Vec<CompileRow> {
    let mut jobs = Vec::new();
    match sightglass_jobs(ctx, runs) {
        Ok(j) => jobs.extend(j),
        Err(e) => notes.push(format!("compile time: sightglass modules skipped: {e}")),
    }
    if ctx.quick {
        notes.push("compile time: --quick leaves out esbuild and clang (real-wasi)".into());
    } else {
        // clang's 75 MB module takes about a minute per compile on 2 cores.
        let real = [("esbuild", "real-wasi/esbuild/esbuild.wasm.xz", runs), ("clang (llvm.core)", "real-wasi/clang/llvm.core.wasm.xz", runs.min(2))];
        for (name, rel, runs) in real {
            if !ctx.wanted(name) {
                continue;
            }
            match unpack(ctx, &ctx.corpora.join(rel)) {
                Ok(wasm) => jobs.push(Job { name: name.into(), wasm, runs, warmup: false }),
                Err(e) => notes.push(format!("compile time: {name} skipped: {e}")),
            }
        }
    }
    let total = jobs.len();
    let mut rows = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        match measure(ctx, job) {
            Ok(row) => {
                let ms = |c: &Cell| c.time().map_or_else(|| "-".to_string(), |s| format!("{:.0} ms", s.median * 1e3));
                progress(format!(
                    "[{}/{total}] compile {} ({} functions, {:.1} MB code): -j1 {} | -j{} {} | wasmtime 1 thread {} | wasmtime {}",
                    i + 1,
                    row.name,
                    row.functions,
                    row.code_bytes as f64 / 1e6,
                    ms(&row.ours_1),
                    super::cores(),
                    ms(&row.ours_n),
                    ms(&row.wasmtime_1),
                    ms(&row.wasmtime_n)
                ));
                rows.push(row);
            }
            Err(e) => notes.push(format!("compile time: {} skipped: {e}", job.name)),
        }
    }
    rows
}

/// The largest core module of each sightglass folder.
fn sightglass_jobs(ctx: &Context, runs: usize) -> Result<Vec<Job>, String> {
    let corpus = ctx.corpora.join("sightglass");
    if !corpus.is_dir() {
        return Err(format!("corpus not found at {} (set WASM2NATIVE_CORPORA)", corpus.display()));
    }
    let mut best: Vec<(PathBuf, String, PathBuf, u64)> = Vec::new();
    for m in sightglass::modules(&corpus)? {
        // Components compile to executables only (no `--emit obj`), with
        // their own glue: not comparable with `wasmtime compile`'s modules.
        if m.skip.is_some() || m.component {
            continue;
        }
        let size = file_size(&m.wasm).unwrap_or(0);
        match best.iter_mut().find(|b| b.0 == m.dir) {
            Some(b) if b.3 >= size => {}
            Some(b) => *b = (m.dir.clone(), m.name.clone(), m.wasm.clone(), size),
            None => best.push((m.dir.clone(), m.name.clone(), m.wasm.clone(), size)),
        }
    }
    Ok(best
        .into_iter()
        .filter(|(_, name, ..)| (!ctx.quick || QUICK_SIGHTGLASS.contains(&name.as_str())) && ctx.wanted(name))
        .map(|(_, name, wasm, _)| Job { name: format!("sightglass {name}"), wasm, runs, warmup: true })
        .collect())
}

/// `xz -dc FILE.wasm.xz` into the scratch folder.
fn unpack(ctx: &Context, xz: &Path) -> Result<PathBuf, String> {
    if !xz.is_file() {
        return Err(format!("{} not found (set WASM2NATIVE_CORPORA)", xz.display()));
    }
    let name = xz.file_stem().unwrap_or_default().to_owned();
    let out = ctx.dir(&["compile", "inputs"])?.join(name);
    let file = std::fs::File::create(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let status = std::process::Command::new("xz")
        .arg("-dc")
        .arg(xz)
        .stdout(file)
        .status()
        .map_err(|e| format!("cannot run xz to unpack {}: {e}", xz.display()))?;
    if !status.success() {
        return Err(format!("xz -dc {} failed ({status})", xz.display()));
    }
    Ok(out)
}

fn measure(ctx: &Context, job: &Job) -> Result<CompileRow, String> {
    let bytes = std::fs::read(&job.wasm).map_err(|e| format!("cannot read {}: {e}", job.wasm.display()))?;
    let info = sightglass::wasm_info(&bytes)?;
    drop(bytes);
    let slug: String = job.name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let dir = ctx.dir(&["compile", &slug])?;
    let obj = dir.join("out.o");
    let cwasm = dir.join("out.cwasm");
    let cores = super::cores().to_string();

    let ours = |jobs: &str| -> Vec<OsString> {
        vec!["compile".into(), "--emit".into(), "obj".into(), "-j".into(), jobs.into(), job.wasm.clone().into(), "-o".into(), obj.clone().into()]
    };
    let mut configs: Vec<(&str, Cmd)> = vec![
        ("wasm2native -j 1", Cmd::new(&ctx.tools.wasm2native.path, ours("1"), &dir, TIMEOUT)),
        ("wasm2native -j N", Cmd::new(&ctx.tools.wasm2native.path, ours(&cores), &dir, TIMEOUT)),
    ];
    if let Some(wt) = &ctx.tools.wasmtime {
        let wt_args = |parallel: bool| -> Vec<OsString> {
            let mut a: Vec<OsString> = vec!["compile".into()];
            if !parallel {
                a.extend(["-C".into(), "parallel-compilation=n".into()]);
            }
            a.extend([job.wasm.clone().into(), "-o".into(), cwasm.clone().into()]);
            a
        };
        configs.push(("wasmtime compile", Cmd::new(&wt.path, wt_args(true), &dir, TIMEOUT)));
        configs.push(("wasmtime compile, 1 thread", Cmd::new(&wt.path, wt_args(false), &dir, TIMEOUT)));
    }
    let contenders: Vec<Contender> = configs
        .into_iter()
        .map(|(label, cmd)| Contender {
            label: label.into(),
            cmd,
            check: Box::new(|o| {
                if o.status.success() {
                    Ok(None)
                } else {
                    Err(format!("failed ({}): {}", o.status, crate::artifacts::last_lines(&o.stderr, 3)))
                }
            }),
        })
        .collect();
    let measured = interleave(&contenders, job.runs, job.warmup, &dir);
    let ours_cell = |i: usize| measured[i].wall.clone().map_or_else(classify_compile_error, Cell::Time);
    let wt_cell = |i: usize| match measured.get(i) {
        Some(m) => Cell::from_result(m.wall.clone()),
        None => Cell::Skipped("wasmtime not found".into()),
    };
    let row = CompileRow {
        name: job.name.clone(),
        wasm_bytes: file_size(&job.wasm).unwrap_or(0),
        code_bytes: info.code_bytes,
        functions: info.functions,
        ours_1: ours_cell(0),
        ours_n: ours_cell(1),
        wasmtime_n: wt_cell(2),
        wasmtime_1: wt_cell(3),
        obj_bytes: file_size(&obj),
        cwasm_bytes: file_size(&cwasm),
    };
    // The outputs of clang's module are hundreds of MB: do not keep them.
    let _ = std::fs::remove_file(&obj);
    let _ = std::fs::remove_file(&cwasm);
    Ok(row)
}
