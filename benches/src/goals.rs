//! The performance goals of wasm2native, evaluated on a run's results:
//!
//! - execution: geometric mean over sightglass at most 0.85x of wasmtime's
//!   precompiled code with no program above 1.05x; within 1.1x of gcc -O2
//!   on our C programs; file-system workloads within 1.5x of gcc -O2;
//! - size: a hello-world at most 300 KB static musl, 800 KB glibc;
//! - start-up: hello-world within 2x of native C and at least 10x faster
//!   than `wasmtime run`;
//! - compile: single-threaded throughput within 1.2x of `wasmtime compile`;
//!   at least 1.7x faster with 2 threads than 1 on modules with many
//!   functions;
//! - threads: a CPU-bound wasi-threads program at least 1.8x faster on 2
//!   threads than on 1.

use crate::measure::geomean;
use crate::results::{Cell, ExecRow, Group, Results};

/// Times below this are timer noise, not program speed: such rows are shown
/// but left out of the geometric means.
pub const MIN_SECONDS: f64 = 0.001;

/// "Many functions", for the parallel speed-up goal.
pub const MANY_FUNCTIONS: u32 = 1000;

/// One goal and where a run stands.
pub struct Goal {
    pub what: &'static str,
    pub target: &'static str,
    pub measured: String,
    /// `None`: not measured in this run.
    pub met: Option<bool>,
}

/// The ratio a/b of two cells' medians, when both have times of at least
/// [`MIN_SECONDS`].
pub fn ratio(a: &Cell, b: &Cell) -> Option<f64> {
    let (a, b) = (a.time()?, b.time()?);
    (a.median >= MIN_SECONDS && b.median >= MIN_SECONDS).then(|| a.median / b.median)
}

/// The ratio a/b of two cells' minimums (what is left when a busy machine
/// only ever adds time), under the same conditions as [`ratio`].
pub fn min_ratio(a: &Cell, b: &Cell) -> Option<f64> {
    let (a, b) = (a.time()?, b.time()?);
    (a.median >= MIN_SECONDS && b.median >= MIN_SECONDS).then(|| a.min / b.min)
}

/// Over a group: geometric mean of `ours / other` (medians), its count,
/// the worst (largest) ratio and its program, and the geometric mean of the
/// ratios of minimums.
fn summary(rows: &[ExecRow], group: Group, other: impl Fn(&ExecRow) -> &Cell) -> Option<(f64, usize, f64, String, f64)> {
    // The sightglass goal is on in-benchmark times: the components, timed
    // as whole processes (wasmtime cannot be given their `bench`), are
    // reported beside it, not in it.
    let kept: Vec<&ExecRow> =
        rows.iter().filter(|r| r.group == group && !r.varies() && (group != Group::Sightglass || r.inner)).collect();
    let ratios: Vec<(f64, &str)> = kept.iter().filter_map(|r| ratio(&r.ours, other(r)).map(|x| (x, r.name.as_str()))).collect();
    let g = geomean(ratios.iter().map(|r| r.0))?;
    let g_min = geomean(kept.iter().filter_map(|r| min_ratio(&r.ours, other(r))))?;
    let worst = ratios.iter().max_by(|a, b| a.0.total_cmp(&b.0))?;
    Some((g, ratios.len(), worst.0, worst.1.to_string(), g_min))
}

/// A group's geometric mean of ratios at most `limit`, and, with
/// `worst_limit`, no single ratio above that.
fn exec_goal(
    r: &Results,
    what: &'static str,
    target: &'static str,
    (limit, worst_limit): (f64, Option<f64>),
    group: Group,
    native: bool,
) -> Goal {
    let s = summary(&r.exec, group, |row| if native { &row.native } else { &row.wasmtime });
    match s {
        Some((g, n, worst, name, g_min)) => Goal {
            what,
            target,
            measured: format!("geomean {g:.3}x over {n} (worst {worst:.2}x, {name}); of minimums {g_min:.3}x"),
            met: Some(g <= limit && worst_limit.is_none_or(|w| worst <= w)),
        },
        None => Goal { what, target, measured: "not measured".into(), met: None },
    }
}

/// Evaluates every goal.
pub fn evaluate(r: &Results) -> Vec<Goal> {
    let mut goals = vec![
        exec_goal(
            r,
            "execution: sightglass, wasm2native / wasmtime .cwasm (in-benchmark time)",
            "<= 0.85x, none above 1.05x",
            (0.85, Some(1.05)),
            Group::Sightglass,
            false,
        ),
        exec_goal(r, "execution: our C programs, wasm2native / gcc -O2", "<= 1.10x", (1.1, None), Group::Programs, true),
        exec_goal(r, "execution (context): kernels, wasm2native / gcc -O2", "<= 1.30x", (1.3, None), Group::Kernels, true),
        exec_goal(
            r,
            "execution: GC programs (benches/gc), wasm2native / wasmtime .cwasm (whole process)",
            "<= 1.50x",
            (1.5, None),
            Group::Gc,
            false,
        ),
        exec_goal(
            r,
            "execution: file-system workloads (benches/fs), wasm2native / gcc -O2",
            "<= 1.50x",
            (1.5, None),
            Group::FileSystem,
            true,
        ),
    ];

    // Lean executables: the hello-world's size as each target links it.
    for (label, what, limit) in [
        (crate::suites::startup::OURS_STATIC, "size: hello-world executable, static musl", 300 << 10),
        (crate::suites::startup::OURS, "size: hello-world executable, static-pie glibc", 800 << 10),
    ] {
        let size = r.startup.iter().find(|s| s.peer == label).and_then(|s| s.size);
        let target = if limit == 300 << 10 { "<= 300 KB" } else { "<= 800 KB" };
        goals.push(match size {
            Some(bytes) => Goal { what, target, measured: format!("{} KB", bytes >> 10), met: Some(bytes <= limit) },
            None => Goal { what, target, measured: "not measured".into(), met: None },
        });
    }

    let startup = |label: &str| r.startup.iter().find(|s| s.peer == label).and_then(|s| s.cell.time()).map(|s| s.median);
    let (ours, native, jit) = (startup(crate::suites::startup::OURS), startup(crate::suites::startup::NATIVE), startup(crate::suites::startup::JIT));
    goals.push(match (ours, native) {
        (Some(o), Some(n)) => Goal {
            what: "start-up: hello-world, wasm2native / native C",
            target: "<= 2.0x",
            measured: format!("{:.2}x ({:.2} ms vs {:.2} ms)", o / n, o * 1e3, n * 1e3),
            met: Some(o / n <= 2.0),
        },
        _ => Goal { what: "start-up: hello-world, wasm2native / native C", target: "<= 2.0x", measured: "not measured".into(), met: None },
    });
    goals.push(match (ours, jit) {
        (Some(o), Some(j)) => Goal {
            what: "start-up: `wasmtime run` (JIT) / wasm2native",
            target: ">= 10x",
            measured: format!("{:.1}x ({:.2} ms vs {:.2} ms)", j / o, j * 1e3, o * 1e3),
            met: Some(j / o >= 10.0),
        },
        _ => Goal { what: "start-up: `wasmtime run` (JIT) / wasm2native", target: ">= 10x", measured: "not measured".into(), met: None },
    });

    let (p1, component) = (startup(crate::suites::startup::RUST_P1), startup(crate::suites::startup::RUST_COMPONENT));
    let what = "start-up: component hello-world / preview-1 hello-world (same Rust source)";
    goals.push(match (component, p1) {
        (Some(c), Some(p)) => Goal {
            what,
            target: "<= 1.5x",
            measured: format!("{:.2}x ({:.2} ms vs {:.2} ms)", c / p, c * 1e3, p * 1e3),
            met: Some(c / p <= 1.5),
        },
        _ => Goal { what, target: "<= 1.5x", measured: "not measured".into(), met: None },
    });

    let compute = r.threads.iter().find(|t| t.name == crate::suites::threads::COMPUTE);
    goals.push(match compute.and_then(|t| Some((t.ours_1.time()?.median, t.ours_n.time()?.median, t.threads))) {
        Some((one, n, threads)) => Goal {
            what: "threads: CPU-bound wasi-threads program, 1 thread / all cores",
            target: ">= 1.8x on 2 cores",
            measured: format!("{:.2}x on {threads} threads ({one:.2} s vs {n:.2} s)", one / n),
            met: Some(one / n >= 1.8),
        },
        None => Goal {
            what: "threads: CPU-bound wasi-threads program, 1 thread / all cores",
            target: ">= 1.8x on 2 cores",
            measured: "not measured".into(),
            met: None,
        },
    });

    let single: Vec<(f64, &str)> =
        r.compile.iter().filter_map(|c| ratio(&c.ours_1, &c.wasmtime_1).map(|x| (x, c.name.as_str()))).collect();
    goals.push(match geomean(single.iter().map(|s| s.0)) {
        Some(g) => {
            let worst = single.iter().max_by(|a, b| a.0.total_cmp(&b.0)).expect("non-empty");
            Goal {
                what: "compile: one thread, wasm2native time / wasmtime compile time",
                target: "<= 1.20x",
                measured: format!(
                    "geomean {g:.3}x over {} (worst {:.2}x, {}); of minimums {:.3}x",
                    single.len(),
                    worst.0,
                    worst.1,
                    geomean(r.compile.iter().filter_map(|c| min_ratio(&c.ours_1, &c.wasmtime_1))).unwrap_or(f64::NAN)
                ),
                met: Some(g <= 1.2),
            }
        }
        None => Goal { what: "compile: one thread, wasm2native time / wasmtime compile time", target: "<= 1.20x", measured: "not measured".into(), met: None },
    });

    let speedups: Vec<(f64, &str)> = r
        .compile
        .iter()
        .filter(|c| c.functions >= MANY_FUNCTIONS)
        .filter_map(|c| ratio(&c.ours_1, &c.ours_n).map(|x| (x, c.name.as_str())))
        .collect();
    let cores = r.machine.cores;
    goals.push(match speedups.iter().min_by(|a, b| a.0.total_cmp(&b.0)) {
        Some(lowest) if cores >= 2 => Goal {
            what: "compile: -j 2 speed-up over -j 1 (modules with >= 1000 functions)",
            target: ">= 1.7x",
            measured: format!(
                "{} (lowest {:.2}x, {}) with -j {cores}; of minimums: {}",
                speedups.iter().map(|s| format!("{}: {:.2}x", s.1, s.0)).collect::<Vec<_>>().join(", "),
                lowest.0,
                lowest.1,
                r.compile
                    .iter()
                    .filter(|c| c.functions >= MANY_FUNCTIONS)
                    .filter_map(|c| min_ratio(&c.ours_1, &c.ours_n).map(|x| format!("{}: {x:.2}x", c.name)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            met: Some(lowest.0 >= 1.7),
        },
        _ => Goal {
            what: "compile: -j 2 speed-up over -j 1 (modules with >= 1000 functions)",
            target: ">= 1.7x",
            measured: if cores < 2 { "one core: not measurable".into() } else { "not measured".into() },
            met: None,
        },
    });
    goals
}
