//! The wasm2native benchmark runner.
//!
//! ```sh
//! cargo run --release -p benches -- [--quick] [--out DIR]
//! ```
//!
//! measures execution time (sightglass, our C programs, PolyBench-style
//! kernels) against wasmtime's precompiled code and gcc -O2, start-up of a
//! hello-world, compile time against `wasmtime compile`, and the size of
//! what runs; then writes `results.md` and SVG charts to DIR (default
//! `benches/results`). See benches/README.md.

mod artifacts;
mod chart;
mod expect;
mod goals;
mod machine;
mod measure;
mod peers;
mod report;
mod results;
mod suites;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, ValueEnum};

use machine::{load_average, Machine};
use results::Results;
use suites::Context;

/// The sections a run can measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Section {
    Execution,
    Startup,
    Compile,
    Threads,
}

/// Benchmarks wasm2native against wasmtime and gcc, and writes a Markdown
/// report with SVG charts.
#[derive(Parser, Debug)]
#[command(name = "benches")]
struct Cli {
    /// Smoke run: a subset of the programs and fewer runs (a couple of minutes).
    #[arg(long)]
    quick: bool,
    /// Where to write results.md and the charts [default: benches/results].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Timed runs per execution and compile measurement (default: 5 and 3; --quick: 3 and 2).
    #[arg(long, value_name = "N")]
    runs: Option<usize>,
    /// Only these sections (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',')]
    only: Vec<Section>,
    /// Only programs and modules whose name contains one of these texts (comma-separated).
    #[arg(long, value_name = "TEXT", value_delimiter = ',')]
    filter: Vec<String>,
    /// CPU features of our executables: native (like wasmtime's code) or baseline.
    #[arg(long, default_value = "native", value_parser = ["native", "baseline"])]
    cpu: String,
    /// A line to add to the report's notes (repeatable), e.g. which commit
    /// $WASM2NATIVE was built from.
    #[arg(long, value_name = "TEXT")]
    note: Vec<String>,
    /// Measure nothing: rewrite results.md and the charts from the
    /// results.json an earlier run left in the output folder.
    #[arg(long)]
    render: bool,
    /// Measure target/release/wasm2native (or $WASM2NATIVE) as it is, without
    /// running `cargo build --release -p wasm2native` first.
    #[arg(long)]
    no_build: bool,
}

/// A load average above this at the start means other work shares the machine.
const BUSY_LOAD: f64 = 1.0;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(errors) => {
            eprintln!("\n{errors} error(s): see the Errors section of the report");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the benchmarks (or reads an earlier run's results.json with
/// `--render`), writes the report; returns how many errors it lists.
fn run(cli: &Cli) -> Result<usize, String> {
    let benches = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = cli.out.clone().unwrap_or_else(|| benches.join("results"));
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create the output folder {}: {e}", out.display()))?;
    let json = out.join("results.json");
    let results = if cli.render {
        let text = std::fs::read_to_string(&json).map_err(|e| format!("cannot read {} (run without --render first): {e}", json.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{} is not a results file of this version: {e}", json.display()))?
    } else {
        let r = measure_all(cli, &benches)?;
        let text = serde_json::to_string_pretty(&r).map_err(|e| format!("cannot serialize the results: {e}"))?;
        std::fs::write(&json, text).map_err(|e| format!("cannot write {}: {e}", json.display()))?;
        r
    };
    write_report(&results, &out)
}

/// Writes results.md and the charts; prints the goals; returns the number of errors.
fn write_report(results: &Results, out: &Path) -> Result<usize, String> {
    let charts = chart::write_all(results, out)?;
    let md = report::markdown(results, &charts);
    let md_path = out.join("results.md");
    std::fs::write(&md_path, &md).map_err(|e| format!("cannot write {}: {e}", md_path.display()))?;

    eprintln!("\nwrote {} and {} chart(s) in {}", md_path.display(), charts.len(), out.display());
    for g in goals::evaluate(results) {
        let met = match g.met {
            Some(true) => "met",
            Some(false) => "NOT met",
            None => "-",
        };
        eprintln!("goal {} (target {}): {} [{met}]", g.what, g.target, g.measured);
    }
    Ok(results.errors().len())
}

/// Measures every section asked for.
fn measure_all(cli: &Cli, benches: &Path) -> Result<Results, String> {
    let started = Instant::now();
    let load_start = load_average();
    let workspace = benches.parent().ok_or("benches/ has no parent folder")?.to_path_buf();
    let corpora = std::env::var_os("WASM2NATIVE_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace.join("../shared/corpora"));

    let tools = peers::find(&workspace, !cli.no_build)?;
    let machine = Machine::describe(&workspace);
    let scratch = tempfile::Builder::new()
        .prefix("wasm2native-bench-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary folder: {e}"))?;
    let (exec_runs, compile_runs, startup_runs) = match (cli.quick, cli.runs) {
        (_, Some(n)) => (n.max(1), n.max(1), if cli.quick { 10 } else { 50 }),
        (true, None) => (3, 2, 10),
        (false, None) => (5, 3, 50),
    };
    let ctx = Context {
        tools: &tools,
        workspace: workspace.clone(),
        benches: benches.to_path_buf(),
        corpora,
        scratch: scratch.path().to_path_buf(),
        quick: cli.quick,
        runs: exec_runs,
        filter: cli.filter.clone(),
        cpu: cli.cpu.clone(),
    };

    let mut notes = cli.note.clone();
    notes.extend(tools.notes.iter().cloned());
    if load_start > BUSY_LOAD {
        notes.push(format!(
            "the machine was busy when the run started (load average {load_start:.2} on {} cores): timings are noisy, prefer a re-run on a quiet machine",
            machine.cores
        ));
    }
    let wanted = |s: Section| cli.only.is_empty() || cli.only.contains(&s);
    let mut section_loads = Vec::new();

    let exec = if wanted(Section::Execution) {
        section_loads.push(("execution", load_average()));
        suites::execution::run(&ctx, &mut notes)
    } else {
        Vec::new()
    };
    let startup = if wanted(Section::Startup) {
        section_loads.push(("start-up", load_average()));
        suites::startup::run(&ctx, startup_runs).unwrap_or_else(|e| {
            notes.push(format!("start-up skipped: {e}"));
            Vec::new()
        })
    } else {
        Vec::new()
    };
    let compile = if wanted(Section::Compile) {
        section_loads.push(("compile", load_average()));
        suites::compile::run(&ctx, compile_runs, &mut notes)
    } else {
        Vec::new()
    };
    let threads = if wanted(Section::Threads) {
        section_loads.push(("threads", load_average()));
        suites::threads::run(&ctx, exec_runs).unwrap_or_else(|e| {
            notes.push(format!("threads skipped: {e}"));
            Vec::new()
        })
    } else {
        Vec::new()
    };
    notes.push(format!(
        "load average when each section started: {}",
        section_loads.iter().map(|(s, l)| format!("{s} {l:.2}")).collect::<Vec<_>>().join(", ")
    ));
    notes.extend(spread_note(&exec));

    let mut tool_lines = vec![format!("wasm2native: {} ({})", tools.wasm2native.path.display(), tools.wasm2native.version)];
    for (name, t) in [("wasmtime", &tools.wasmtime), ("gcc", &tools.gcc)] {
        tool_lines.push(match t {
            Some(t) => format!("{name}: {} ({})", t.version, t.path.display()),
            None => format!("{name}: not found"),
        });
    }
    Ok(Results {
        machine,
        mode: if cli.quick { "quick" } else { "full" }.into(),
        tools: tool_lines,
        cpu: cli.cpu.clone(),
        notes,
        exec,
        startup,
        compile,
        threads,
        load: (load_start, load_average()),
        minutes: started.elapsed().as_secs_f64() / 60.0,
    })
}

/// A note when many measurements spread widely (max/min above 1.25): a
/// sign of a busy machine.
fn spread_note(rows: &[results::ExecRow]) -> Option<String> {
    let cells = rows.iter().flat_map(|r| [&r.ours, &r.wasmtime, &r.native]);
    let times: Vec<_> = cells.filter_map(|c| c.time()).filter(|t| t.median >= goals::MIN_SECONDS).collect();
    let wide = times.iter().filter(|t| t.max / t.min > 1.25).count();
    (wide * 5 > times.len()).then(|| {
        format!("{wide} of {} execution measurements spread by more than 25% (max/min): the machine was noisy", times.len())
    })
}
