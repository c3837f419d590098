//! `fuzz-replay TARGET DIR...`: runs TARGET on every file in the
//! directories (or on the files named), reports each panic with the file's
//! name and exits with status 1 if there was any.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use wasm2native_fuzz::runner::replay::replay;
use wasm2native_fuzz::Target;

/// Replays saved fuzz inputs.
#[derive(Parser)]
struct Args {
    /// compile_bytes, compile_smith, compile_mutated, wat or wasi_shim.
    target: String,
    /// Directories (or files) of inputs.
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let Some(target) = Target::from_name(&args.target) else {
        eprintln!("unknown target `{}`", args.target);
        return ExitCode::from(2);
    };
    match replay(target, &args.dirs) {
        Ok(r) => {
            println!("{target}: {} files, {} failures", r.files, r.failures.len());
            if r.failures.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
