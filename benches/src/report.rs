//! The Markdown report (`results.md`): the machine, the goals and where the
//! run stands against each, then one table per section. Times are medians
//! with (min–max) over the timed runs.

use std::fmt::Write;

use crate::goals::{self, Goal};
use crate::measure::geomean;
use crate::results::{Cell, CompileRow, ExecRow, Group, Results, StartupRow};

/// The whole report.
pub fn markdown(r: &Results, charts: &[(&str, &str)]) -> String {
    let mut s = String::new();
    let m = &r.machine;
    let _ = writeln!(s, "# wasm2native benchmarks ({} run, {})\n", r.mode, m.date);
    let _ = writeln!(
        s,
        "Machine: {}, {} cores, {:.1} GiB memory, {}. Checkout at commit {}. The run took {:.1} minutes; \
         1-minute load average {:.2} at the start and {:.2} at the end.\n",
        m.cpu, m.cores, m.memory_gib, m.kernel, m.commit, r.minutes, r.load.0, r.load.1
    );
    for t in &r.tools {
        let _ = writeln!(s, "- {t}");
    }
    let _ = writeln!(
        s,
        "\nOur executables are built with `--cpu {}`; wasmtime compiles for this machine's CPU; gcc gets `-O2` \
         (no `-march`). Each figure is the median of the timed runs with (min–max); the peers of a row run \
         interleaved (A, B, C, A, B, C, ...) after one untimed warm-up round, and every run's output is checked.\n",
        r.cpu
    );

    let _ = writeln!(s, "## Goals\n");
    goal_table(&mut s, &goals::evaluate(r));

    if !r.notes.is_empty() {
        let _ = writeln!(s, "\n## Notes\n");
        for n in &r.notes {
            let _ = writeln!(s, "- {n}");
        }
    }
    let errors = r.errors();
    if !errors.is_empty() {
        let _ = writeln!(s, "\n## Errors\n");
        for e in &errors {
            let _ = writeln!(s, "- {e}");
        }
    }
    for (file, title) in charts {
        let _ = writeln!(s, "\n![{title}]({file})");
    }

    if !r.exec.is_empty() {
        let _ = writeln!(s, "\n## Execution\n");
        for g in [Group::Sightglass, Group::Programs, Group::Kernels, Group::Gc, Group::FileSystem] {
            let rows: Vec<&ExecRow> = r.exec.iter().filter(|x| x.group == g).collect();
            if !rows.is_empty() {
                exec_table(&mut s, g, &rows);
            }
        }
    }
    if !r.startup.is_empty() {
        let _ = writeln!(s, "\n## Start-up (hello-world, whole process)\n");
        startup_table(&mut s, &r.startup);
    }
    if !r.compile.is_empty() {
        let _ = writeln!(s, "\n## Compile time\n");
        compile_table(&mut s, &r.compile, m.cores);
    }
    if !r.threads.is_empty() {
        let _ = writeln!(s, "\n## Threads (wasi-threads, CPU-bound)\n");
        threads_table(&mut s, &r.threads);
    }
    if r.exec.iter().any(|x| x.sizes.ours.is_some()) || r.startup.iter().any(|x| x.size.is_some()) {
        let _ = writeln!(s, "\n## Size of what runs\n");
        size_table(&mut s, r);
    }
    s
}

fn goal_table(s: &mut String, goals: &[Goal]) {
    let _ = writeln!(s, "| goal | target | measured | met |\n|---|---|---|---|");
    for g in goals {
        let met = match g.met {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "-",
        };
        let _ = writeln!(s, "| {} | {} | {} | {met} |", g.what, g.target, g.measured);
    }
}

/// "12.3 ms (12.1–12.9)", or what stands instead of a time.
pub fn time(c: &Cell) -> String {
    match c {
        Cell::Time(t) => format!("{} ({}–{}) ms", ms(t.median), ms(t.min), ms(t.max)),
        Cell::Skipped(why) => format!("skipped: {}", escape(why)),
        Cell::Error(e) => format!("**error**: {}", escape(e)),
    }
}

/// Milliseconds with three significant digits (no unit).
fn ms(seconds: f64) -> String {
    let v = seconds * 1e3;
    if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

fn ratio(a: &Cell, b: &Cell) -> String {
    goals::ratio(a, b).map_or_else(|| "-".into(), |x| format!("{x:.2}x"))
}

/// Makes a message safe inside a table cell.
fn escape(text: &str) -> String {
    let t: String = text.chars().take(300).collect();
    t.replace('|', "\\|").replace('\n', " ")
}

fn exec_table(s: &mut String, g: Group, rows: &[&ExecRow]) {
    let _ = writeln!(s, "### {}\n", g.title());
    let sightglass = g == Group::Sightglass;
    if sightglass {
        let _ = writeln!(
            s,
            "Time between `bench.start` and `bench.end` (host/bench.c for us, host/bench.wat preloaded into wasmtime); \
             the whole-process medians follow. Rows under {:.0} ms, and rows marked *varies* (the workload itself \
             spreads by more than {}x (max/min) between runs under a peer: some libsodium tests draw sizes from random_get), \
             are left out of the geometric mean.\n",
            goals::MIN_SECONDS * 1e3,
            crate::results::VARYING_SPREAD
        );
        let _ = writeln!(s, "| benchmark | wasm2native | wasmtime .cwasm | ours / wasmtime | process: ours | process: wasmtime |");
        let _ = writeln!(s, "|---|---|---|---|---|---|");
    } else {
        let _ = writeln!(s, "Whole-process time.\n");
        let _ = writeln!(s, "| program | wasm2native | wasmtime .cwasm | gcc -O2 | ours / wasmtime | ours / gcc |");
        let _ = writeln!(s, "|---|---|---|---|---|---|");
    }
    for r in rows {
        let mut name = r.name.clone();
        if sightglass && !r.inner {
            name.push_str(" (whole process: no bench.end)");
        }
        if r.varies() {
            name.push_str(" *varies*");
        }
        if sightglass {
            let p = |x: Option<crate::measure::Stats>| x.map_or_else(|| "-".into(), |t| format!("{} ms", ms(t.median)));
            let _ = writeln!(
                s,
                "| {name} | {} | {} | {} | {} | {} |",
                time(&r.ours),
                time(&r.wasmtime),
                ratio(&r.ours, &r.wasmtime),
                p(r.ours_process),
                p(r.wasmtime_process)
            );
        } else {
            let _ = writeln!(
                s,
                "| {name} | {} | {} | {} | {} | {} |",
                time(&r.ours),
                time(&r.wasmtime),
                time(&r.native),
                ratio(&r.ours, &r.wasmtime),
                ratio(&r.ours, &r.native)
            );
        }
    }
    let gm = |f: &dyn Fn(&ExecRow) -> Option<f64>| {
        geomean(rows.iter().filter(|r| !r.varies()).filter_map(|r| f(r))).map_or_else(|| "-".into(), |g| format!("{g:.3}x"))
    };
    let vs_wt = gm(&|r| goals::ratio(&r.ours, &r.wasmtime));
    if sightglass {
        let _ = writeln!(s, "| **geometric mean** | | | **{vs_wt}** | | |\n");
    } else {
        let vs_gcc = gm(&|r| goals::ratio(&r.ours, &r.native));
        let _ = writeln!(s, "| **geometric mean** | | | | **{vs_wt}** | **{vs_gcc}** |\n");
    }
}

fn startup_table(s: &mut String, rows: &[StartupRow]) {
    let native = rows.iter().find(|r| r.peer == crate::suites::startup::NATIVE).and_then(|r| r.cell.time());
    let _ = writeln!(s, "| how | time | / native C |\n|---|---|---|");
    for r in rows {
        let vs = match (r.cell.time(), native) {
            (Some(t), Some(n)) => format!("{:.2}x", t.median / n.median),
            _ => "-".into(),
        };
        let _ = writeln!(s, "| {} | {} | {vs} |", r.peer, time(&r.cell));
    }
}

fn threads_table(s: &mut String, rows: &[crate::results::ThreadsRow]) {
    let speedup = |one: &Cell, n: &Cell| match (one.time(), n.time()) {
        (Some(a), Some(b)) => format!("{:.2}x", a.median / b.median),
        _ => "-".into(),
    };
    let _ = writeln!(s, "| program | threads | ours, 1 thread | ours | speed-up | native, 1 thread | native | speed-up |\n|---|---|---|---|---|---|---|---|");
    for r in rows {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            r.name,
            r.threads,
            time(&r.ours_1),
            time(&r.ours_n),
            speedup(&r.ours_1, &r.ours_n),
            time(&r.native_1),
            time(&r.native_n),
            speedup(&r.native_1, &r.native_n)
        );
    }
}

fn compile_table(s: &mut String, rows: &[CompileRow], cores: usize) {
    let _ = writeln!(
        s,
        "`--emit obj` for us, `wasmtime compile` to a `.cwasm` for wasmtime. Throughput is MB of code section \
         per second. Speed-up is the `-j 1` time over the `-j {cores}` time.\n"
    );
    let _ = writeln!(
        s,
        "| module | functions | code MB | runs | wasm2native -j 1 | -j {cores} | speed-up | wasmtime 1 thread | wasmtime | ours -j 1 MB/s | wasmtime 1 thread MB/s | ours / wasmtime (1 thread) |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|---|---|---|---|---|---|");
    for r in rows {
        let mb = r.code_bytes as f64 / 1e6;
        let tput = |c: &Cell| c.time().map_or_else(|| "-".into(), |t| format!("{:.2}", mb / t.median));
        let _ = writeln!(
            s,
            "| {} | {} | {mb:.2} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.name,
            r.functions,
            r.ours_1.time().map_or_else(|| "-".into(), |t| t.runs.to_string()),
            time(&r.ours_1),
            time(&r.ours_n),
            ratio(&r.ours_1, &r.ours_n),
            time(&r.wasmtime_1),
            time(&r.wasmtime_n),
            tput(&r.ours_1),
            tput(&r.wasmtime_1),
            ratio(&r.ours_1, &r.wasmtime_1)
        );
    }
    let _ = writeln!(s, "\nOutput sizes (object file vs `.cwasm`):\n");
    let _ = writeln!(s, "| module | wasm | object | .cwasm |\n|---|---|---|---|");
    for r in rows {
        let _ = writeln!(s, "| {} | {} | {} | {} |", r.name, bytes(Some(r.wasm_bytes)), bytes(r.obj_bytes), bytes(r.cwasm_bytes));
    }
}

fn bytes(b: Option<u64>) -> String {
    match b {
        None => "-".into(),
        Some(b) if b >= 10 << 20 => format!("{:.1} MB", b as f64 / 1e6),
        Some(b) => format!("{:.0} KB", b as f64 / 1e3),
    }
}

fn size_table(s: &mut String, r: &Results) {
    let _ = writeln!(s, "Our executables include the runtime (WASI, traps, memory) and are linked with `--strip-debug`.\n");
    let _ = writeln!(s, "| program | wasm2native executable | gcc -O2 executable | wasmtime .cwasm |\n|---|---|---|---|");
    let hello = |label: &str| r.startup.iter().find(|x| x.peer == label).and_then(|x| x.size);
    use crate::suites::startup::{NATIVE, OURS, OURS_STATIC, PRECOMPILED};
    if !r.startup.is_empty() {
        let _ = writeln!(s, "| hello-world | {} | {} | {} |", bytes(hello(OURS)), bytes(hello(NATIVE)), bytes(hello(PRECOMPILED)));
        if let Some(size) = hello(OURS_STATIC) {
            let _ = writeln!(s, "| hello-world, static musl | {} | | |", bytes(Some(size)));
        }
    }
    for x in &r.exec {
        let _ = writeln!(
            s,
            "| {} {} | {} | {} | {} |",
            x.group.title(),
            x.name,
            bytes(x.sizes.ours),
            bytes(x.sizes.native),
            bytes(x.sizes.cwasm)
        );
    }
    let ours_vs_cwasm = geomean(r.exec.iter().filter_map(|x| Some(x.sizes.ours? as f64 / x.sizes.cwasm? as f64)));
    if let Some(g) = ours_vs_cwasm {
        let _ = writeln!(s, "\nGeometric mean of our executable's size over the `.cwasm`'s: {g:.2}x.");
    }
}
