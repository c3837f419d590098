//! Execution time: each program as our executable, as wasmtime's
//! precompiled `.cwasm`, and (where we have the C source) as a gcc -O2
//! executable, interleaved, every run checked against the expected output.
//!
//! The groups: the sightglass corpus (timed between `bench.start` and
//! `bench.end`, which host/bench.c and host/bench.wat provide), our C test
//! programs (tests/programs/c, those that need no arguments, files or
//! stdin), the PolyBench-style kernels in benches/kernels, our GC programs
//! (benches/gc) and the file-system workloads (benches/fs).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{classify_compile_error, file_size, progress, sightglass, Context};
use crate::artifacts::Builder;
use crate::expect::Expected;
use crate::measure::{self, interleave, Cmd, Contender, Measured, Stats};
use crate::results::{Cell, ExecRow, Group, Sizes};

/// The `--quick` subsets.
const QUICK_SIGHTGLASS: &[&str] = &["bz2", "pulldown-cmark", "regex", "quicksort", "shootout-keccak", "shootout-matrix"];
const QUICK_PROGRAMS: &[&str] = &["checksums", "control", "sorting"];
const QUICK_KERNELS: &[&str] = &["gemm", "floyd-warshall", "nbody"];

/// Longest one run may take before it is killed and reported.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

/// A program to run on every peer.
struct Bench {
    group: Group,
    name: String,
    wasm: PathBuf,
    /// C source for the gcc build, when we have one.
    source: Option<PathBuf>,
    /// Input files to copy into the working directory (sightglass).
    inputs: Option<PathBuf>,
    /// A component: wasmtime runs it with host/bench-component.wat as its
    /// `bench` (no in-benchmark times).
    component: bool,
    /// `None`: take wasmtime's output as the reference.
    expected: Option<Expected>,
    /// Arguments for every peer.
    args: Vec<String>,
    /// Directories of the working directory granted to the wasm peers
    /// (`--dir NAME`).
    dirs: Vec<String>,
    /// Prepares the working directory (the file-system workloads' trees).
    setup: Option<fn(&Path) -> Result<(), String>>,
}

/// Measures every group; skipped programs are explained in `notes`.
pub fn run(ctx: &Context, notes: &mut Vec<String>) -> Vec<ExecRow> {
    let mut benches = Vec::new();
    let collected =
        [sightglass_benches(ctx, notes), program_benches(ctx), kernel_benches(ctx), gc_benches(ctx), fs_benches(ctx)];
    for group in collected {
        match group {
            Ok(b) => benches.extend(b),
            Err(e) => notes.push(format!("execution: {e}")),
        }
    }
    let bench_cwasm = prepare_bench_wat(ctx, notes);
    let total = benches.len();
    let mut rows = Vec::new();
    for (i, b) in benches.iter().enumerate() {
        let row = measure(ctx, b, bench_cwasm.as_deref()).unwrap_or_else(|e| ExecRow {
            group: b.group,
            name: b.name.clone(),
            inner: false,
            ours: Cell::Error(e.clone()),
            wasmtime: Cell::Error(e.clone()),
            native: Cell::Error(e),
            ours_process: None,
            wasmtime_process: None,
            sizes: Sizes::default(),
        });
        progress(format!(
            "[{}/{total}] {} {}: ours {} | wasmtime {} | native {}",
            i + 1,
            b.group.title(),
            b.name,
            brief(&row.ours),
            brief(&row.wasmtime),
            brief(&row.native)
        ));
        rows.push(row);
    }
    rows
}

/// A cell in a progress line.
fn brief(c: &Cell) -> String {
    match c {
        Cell::Time(s) => format!("{:.2} ms", s.median * 1e3),
        Cell::Skipped(_) => "skipped".into(),
        Cell::Error(e) => format!("ERROR ({})", e.chars().take(160).collect::<String>()),
    }
}

fn sightglass_benches(ctx: &Context, notes: &mut Vec<String>) -> Result<Vec<Bench>, String> {
    let corpus = ctx.corpora.join("sightglass");
    if !ctx.tools.has_link {
        notes.push(
            "sightglass execution skipped: `wasm2native compile --link` does not exist yet, and every sightglass \
             program imports bench.start/bench.end"
                .into(),
        );
        return Ok(Vec::new());
    }
    if !corpus.is_dir() {
        notes.push(format!(
            "sightglass execution skipped: corpus not found at {} (set WASM2NATIVE_CORPORA)",
            corpus.display()
        ));
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for m in sightglass::modules(&corpus)? {
        if (ctx.quick && !QUICK_SIGHTGLASS.contains(&m.name.as_str())) || !ctx.wanted(&m.name) {
            continue;
        }
        if let Some(why) = &m.skip {
            notes.push(format!("sightglass {} skipped: {why}", m.name));
            continue;
        }
        out.push(Bench {
            group: Group::Sightglass,
            name: m.name.clone(),
            expected: sightglass::expected(&m)?,
            wasm: m.wasm,
            source: None,
            inputs: Some(m.dir),
            component: m.component,
            args: Vec::new(),
            dirs: Vec::new(),
            setup: None,
        });
    }
    Ok(out)
}

/// The C programs of tests/programs that run with no arguments, files,
/// environment or stdin, and exit with 0.
fn program_benches(ctx: &Context) -> Result<Vec<Bench>, String> {
    let root = ctx.workspace.join("tests/programs");
    let mut out = Vec::new();
    for name in selected_c_sources(ctx, &root.join("c"), QUICK_PROGRAMS)? {
        let case = std::fs::read_to_string(root.join(format!("cases/{name}.run"))).unwrap_or_else(|_| "missing".into());
        let plain = case.lines().all(|l| l.trim().is_empty() || l.starts_with('#'));
        let exp = root.join("expected").join(&name);
        let status = std::fs::read_to_string(exp.join("status")).ok().and_then(|s| s.trim().parse::<i32>().ok());
        if !plain || status != Some(0) {
            continue;
        }
        out.push(Bench {
            group: Group::Programs,
            expected: Some(Expected::from_files(&exp.join("stdout"), Some(&exp.join("stderr")), 0, false)?),
            wasm: root.join(format!("wasm/{name}.wasm")),
            source: Some(root.join(format!("c/{name}.c"))),
            inputs: None,
            component: false,
            args: Vec::new(),
            dirs: Vec::new(),
            setup: None,
            name,
        });
    }
    Ok(out)
}

/// benches/kernels/NAME.c with the committed wasm/NAME.wasm and expected/NAME.stdout.
fn kernel_benches(ctx: &Context) -> Result<Vec<Bench>, String> {
    let root = ctx.benches.join("kernels");
    let empty = ctx.dir(&["expected-empty"])?.join("stderr");
    std::fs::write(&empty, b"").map_err(|e| format!("cannot write {}: {e}", empty.display()))?;
    let mut out = Vec::new();
    for name in selected_c_sources(ctx, &root, QUICK_KERNELS)? {
        out.push(Bench {
            group: Group::Kernels,
            expected: Some(Expected::from_files(&root.join(format!("expected/{name}.stdout")), Some(&empty), 0, false)?),
            wasm: root.join(format!("wasm/{name}.wasm")),
            source: Some(root.join(format!("{name}.c"))),
            inputs: None,
            component: false,
            args: Vec::new(),
            dirs: Vec::new(),
            setup: None,
            name,
        });
    }
    Ok(out)
}

/// benches/gc/NAME.wat, with wasmtime's output as the reference.
fn gc_benches(ctx: &Context) -> Result<Vec<Bench>, String> {
    let root = ctx.benches.join("gc");
    let mut out = Vec::new();
    for name in selected_sources(ctx, &root, "wat", &["binary-trees"])? {
        out.push(Bench {
            group: Group::Gc,
            expected: None,
            wasm: root.join(format!("{name}.wat")),
            source: None,
            inputs: None,
            component: false,
            args: Vec::new(),
            dirs: Vec::new(),
            setup: None,
            name,
        });
    }
    Ok(out)
}

/// benches/fs/NAME.c with the committed wasm/NAME.wasm, run on a tree of
/// [`fs_tree`] granted as `tree`, with wasmtime's output as the reference.
fn fs_benches(ctx: &Context) -> Result<Vec<Bench>, String> {
    let root = ctx.benches.join("fs");
    let mut out = Vec::new();
    for name in selected_c_sources(ctx, &root, &["walk"])? {
        out.push(Bench {
            group: Group::FileSystem,
            expected: None,
            wasm: root.join(format!("wasm/{name}.wasm")),
            source: Some(root.join(format!("{name}.c"))),
            inputs: None,
            component: false,
            args: vec![FS_TREE.into()],
            dirs: vec![FS_TREE.into()],
            setup: Some(fs_tree),
            name,
        });
    }
    Ok(out)
}

/// The directory the file-system workloads walk, in their working directory.
const FS_TREE: &str = "tree";

/// Makes `work/tree` (once): 30 x 30 directories of 30 text files each,
/// 27,000 files of 5 to 40 lines (29 MB), the same on every machine.
fn fs_tree(work: &Path) -> Result<(), String> {
    let root = work.join(FS_TREE);
    let done = work.join(".tree-complete");
    if done.exists() {
        return Ok(());
    }
    let err = |p: &Path, e: std::io::Error| format!("cannot make {}: {e}", p.display());
    let _ = std::fs::remove_dir_all(&root);
    const WORDS: [&str; 8] = ["alpha", "beta", "gamma", "needle", "delta", "omega", "kappa", "sigma"];
    let mut seed: u64 = 7;
    let mut next = |n: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    for a in 0..30 {
        for b in 0..30 {
            let dir = root.join(format!("d{a:02}/s{b:02}"));
            std::fs::create_dir_all(&dir).map_err(|e| err(&dir, e))?;
            for c in 0..30 {
                let lines = 5 + next(36);
                let text: Vec<String> =
                    (0..lines).map(|_| (0..8).map(|_| WORDS[next(8) as usize]).collect::<Vec<_>>().join(" ")).collect();
                let file = dir.join(format!("f{c:02}.txt"));
                std::fs::write(&file, text.join("\n")).map_err(|e| err(&file, e))?;
            }
        }
    }
    std::fs::write(&done, b"").map_err(|e| err(&done, e))
}

/// The stems of the `.c` files in `dir`, sorted, that `--filter` (and, with
/// `--quick`, the quick subset) selects.
fn selected_c_sources(ctx: &Context, dir: &Path, quick: &[&str]) -> Result<Vec<String>, String> {
    selected_sources(ctx, dir, "c", quick)
}

/// The stems of the `.EXT` files in `dir`, sorted, that `--filter` (and,
/// with `--quick`, the quick subset) selects.
fn selected_sources(ctx: &Context, dir: &Path, ext: &str, quick: &[&str]) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|name| (!ctx.quick || quick.contains(&name.as_str())) && ctx.wanted(name))
        .collect();
    names.sort();
    Ok(names)
}

/// Precompiles host/bench.wat (the `bench` imports for wasmtime).
fn prepare_bench_wat(ctx: &Context, notes: &mut Vec<String>) -> Option<PathBuf> {
    ctx.tools.wasmtime.as_ref()?;
    let dir = ctx.dir(&["host"]).ok()?;
    let out = dir.join("bench.cwasm");
    let builder = Builder { tools: ctx.tools, cpu: &ctx.cpu, scratch: &dir };
    match builder.cwasm(&ctx.benches.join("host/bench.wat"), &out) {
        Ok(_) => Some(out),
        Err(e) => {
            notes.push(format!("cannot precompile host/bench.wat, sightglass under wasmtime is skipped: {e}"));
            None
        }
    }
}

/// Builds one program for every peer and measures it.
fn measure(ctx: &Context, b: &Bench, bench_cwasm: Option<&Path>) -> Result<ExecRow, String> {
    let slug = match b.group {
        Group::Sightglass => "sightglass",
        Group::Programs => "programs",
        Group::Kernels => "kernels",
        Group::Gc => "gc",
        Group::FileSystem => "fs",
    };
    let dir = ctx.dir(&["exec", slug, &b.name])?;
    let work = ctx.dir(&["exec", slug, &b.name, "work"])?;
    if let Some(inputs) = &b.inputs {
        sightglass::copy_inputs(inputs, &work)?;
    }
    if let Some(setup) = b.setup {
        setup(&work)?;
    }
    let grants: Vec<OsString> = b.dirs.iter().flat_map(|d| ["--dir".into(), d.into()]).collect();
    let builder = Builder { tools: ctx.tools, cpu: &ctx.cpu, scratch: &dir };
    let sightglass = b.group == Group::Sightglass;

    // Builds.
    let exe = dir.join("ours");
    let mut extra: Vec<OsString> = Vec::new();
    if sightglass {
        extra.extend(["--link".into(), ctx.benches.join("host/bench.c").into(), "--dir".into(), ".".into()]);
    }
    // Our grants are baked in at compile time, which checks the host path:
    // the tree's absolute path, seen by the program under its own name.
    for d in &b.dirs {
        let mut grant = work.join(d).into_os_string();
        grant.push(format!("::{d}"));
        extra.extend(["--dir".into(), grant]);
    }
    let ours = builder.ours(&b.wasm, &exe, &extra).map_err(classify_compile_error);
    let cwasm = dir.join("module.cwasm");
    let wasmtime = match (&ctx.tools.wasmtime, sightglass, bench_cwasm) {
        (None, ..) => Err(Cell::Skipped("wasmtime not found".into())),
        (Some(_), true, _) if b.component => {
            let composed = dir.join("composed.wat");
            sightglass::bench_component(&b.wasm, &ctx.benches.join("host/bench-component.wat"), &composed)
                .and_then(|()| builder.cwasm(&composed, &cwasm))
                .map_err(Cell::Error)
        }
        (Some(_), true, None) => Err(Cell::Skipped("host/bench.wat could not be precompiled".into())),
        _ => builder.cwasm(&b.wasm, &cwasm).map_err(Cell::Error),
    };
    let native_exe = dir.join("native");
    let native = match (&b.source, &ctx.tools.gcc) {
        (None, _) => Err(Cell::Skipped("no C source".into())),
        (Some(_), None) => Err(Cell::Skipped("gcc not found".into())),
        (Some(src), Some(_)) => builder.gcc(src, &native_exe).map_err(|e| Cell::Skipped(format!("gcc cannot build it ({e})"))),
    };

    // Commands.
    let args: Vec<OsString> = b.args.iter().map(OsString::from).collect();
    let ours_cmd = Cmd::new(&exe, args.clone(), &work, RUN_TIMEOUT);
    let mut wt_args: Vec<OsString> = vec!["run".into(), "--allow-precompiled".into()];
    if sightglass && b.component {
        wt_args.extend(["--dir".into(), ".".into()]);
    } else if sightglass {
        wt_args.extend(["--dir".into(), ".".into(), "--preload".into()]);
        let mut preload = OsString::from("bench=");
        preload.push(bench_cwasm.unwrap_or(Path::new("")));
        wt_args.push(preload);
    }
    wt_args.extend(grants.iter().cloned());
    wt_args.push(cwasm.clone().into());
    wt_args.extend(args.iter().cloned());
    let wt_cmd = ctx.tools.wasmtime.as_ref().map(|w| Cmd::new(&w.path, wt_args, &work, RUN_TIMEOUT));
    let native_cmd = Cmd::new(&native_exe, args, &work, RUN_TIMEOUT);

    // The expectation: the corpus's files, else wasmtime's output.
    let expected = match (&b.expected, &wt_cmd, &wasmtime) {
        (Some(e), ..) => e.clone(),
        (None, Some(cmd), Ok(_)) => {
            let reference = || -> Result<measure::Outcome, String> {
                let o = measure::run(cmd, &dir).map_err(|e| format!("reference run under wasmtime failed: {e}"))?;
                if !o.status.success() {
                    return Err(format!("reference run under wasmtime failed ({})", o.status));
                }
                Ok(o)
            };
            Expected::from_references(&reference()?, &reference()?, "wasmtime")?
        }
        (None, ..) => return Err("no expected output and no wasmtime run to take it from".into()),
    };

    let mut contenders = Vec::new();
    let mut slots = [None, None, None];
    for (slot, (label, built, cmd)) in [("wasm2native", ours.is_ok(), Some(ours_cmd)), ("wasmtime", wasmtime.is_ok(), wt_cmd), ("native", native.is_ok(), Some(native_cmd))]
        .into_iter()
        .enumerate()
    {
        if let (true, Some(cmd)) = (built, cmd) {
            slots[slot] = Some(contenders.len());
            let e = &expected;
            contenders.push(Contender { label: label.into(), cmd, check: Box::new(move |o| e.check(o)) });
        }
    }
    let measured = interleave(&contenders, ctx.runs, true, &dir);
    let get = |slot: usize| slots[slot].map(|i| &measured[i]);

    // In-benchmark times when both wasm peers reported them.
    let has_inner = |m: Option<&Measured>| m.is_none_or(|m| m.wall.is_err() || m.inner.is_some());
    let inner = sightglass && has_inner(get(0)) && has_inner(get(1)) && (get(0).is_some() || get(1).is_some());
    let cell = |built: Result<u64, Cell>, m: Option<&Measured>| -> Cell {
        match (built, m) {
            (Err(c), _) => c,
            (Ok(_), None) => Cell::Skipped("not run".into()),
            (Ok(_), Some(m)) => match (&m.wall, inner) {
                (Err(e), _) => Cell::Error(e.clone()),
                (Ok(_), true) => m.inner.map_or_else(|| Cell::Error("no in-benchmark time".into()), Cell::Time),
                (Ok(s), false) => Cell::Time(*s),
            },
        }
    };
    let process = |m: Option<&Measured>| -> Option<Stats> { m.and_then(|m| m.wall.as_ref().ok().copied()).filter(|_| inner) };
    Ok(ExecRow {
        group: b.group,
        name: b.name.clone(),
        inner,
        ours_process: process(get(0)),
        wasmtime_process: process(get(1)),
        sizes: Sizes {
            ours: ours.as_ref().ok().and(file_size(&exe)),
            cwasm: wasmtime.as_ref().ok().and(file_size(&cwasm)),
            native: native.as_ref().ok().and(file_size(&native_exe)),
        },
        ours: cell(ours, get(0)),
        wasmtime: cell(wasmtime, get(1)),
        native: cell(native, get(2)),
    })
}
