//! `fuzz-campaign --target T --seed S --count N [--jobs J] [--save DIR]
//! [--timeout SECS]`: runs N inputs generated from seed S in-process on J
//! threads, reports and saves every failure, treats an input running
//! longer than the timeout as a hang (reported, saved, exit status 2), and
//! ends with a summary line; exit status 1 if anything failed.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use wasm2native_fuzz::runner::campaign::{self, Config};
use wasm2native_fuzz::Target;

/// Runs a fuzz campaign in-process.
#[derive(Parser)]
struct Args {
    /// compile_bytes, compile_smith, compile_mutated, wat or wasi_shim.
    #[arg(long)]
    target: String,
    /// Seed of the input stream (the same seed gives the same inputs).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Number of inputs.
    #[arg(long, default_value_t = 10_000)]
    count: u64,
    /// Worker threads (default: all cores).
    #[arg(long)]
    jobs: Option<usize>,
    /// Directory failing and hanging inputs are saved to.
    #[arg(long)]
    save: Option<PathBuf>,
    /// Seconds one input may run before it counts as a hang.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Write input INDEX of the stream to --save DIR and run nothing.
    #[arg(long, value_name = "INDEX")]
    dump: Option<u64>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let Some(target) = Target::from_name(&args.target) else {
        eprintln!("unknown target `{}`", args.target);
        return ExitCode::from(2);
    };
    if let Some(index) = args.dump {
        let dir = args.save.unwrap_or_else(|| PathBuf::from("."));
        let data = campaign::input(target, args.seed, index);
        return match wasm2native_fuzz::runner::save::save(
            &dir, target, args.seed, index, "input", &data,
        ) {
            Ok(p) => {
                println!("{}", p.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        };
    }
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let cfg = Config {
        target,
        seed: args.seed,
        count: args.count,
        jobs,
        save: args.save,
        timeout: Duration::from_secs(args.timeout),
        progress: Some(Duration::from_secs(10)),
    };
    let summary = campaign::run(&cfg);
    println!("{}", summary.line(target));
    if summary.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
