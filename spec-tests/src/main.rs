//! `spec-tests [OPTIONS] PATH...`: runs `.wast` files (directories are
//! searched recursively) through the AOT path and prints one line per file,
//! the first failures of each, and `N passed, N failed` last. Exit status 1
//! when anything failed.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use spec_tests::driver::{self, Options};
use spec_tests::file::{self, Event};
use spec_tests::report::Summary;

const USAGE: &str = "usage: spec-tests [--wasm 2.0|3.0] [--filter TEXT] [--list] [--jobs N] [--show N] [--timeout SECS] [--folders] PATH...";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--one") {
        // `--one FILE [--wasm V]`: the child the driver starts per file.
        if let [_, _, flag, v] = args.as_slice() {
            match (flag.as_str(), spec_tests::objects::parse_version(v)) {
                ("--wasm", Ok(v)) => spec_tests::objects::set_wasm_version(v),
                (_, Err(e)) => return usage(&e),
                _ => return usage("--one FILE takes only --wasm"),
            }
        }
        return match args.get(1) {
            Some(path) => run_one(PathBuf::from(path)),
            None => usage("--one needs a file"),
        };
    }
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => return usage(&format!("cannot find this executable: {e}")),
    };
    let mut opts = Options::new(exe);
    let mut paths = Vec::new();
    let mut filter = None;
    let mut list = false;
    let mut folders = false;
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        let parsed: Result<(), String> = match a.as_str() {
            "--filter" => value("--filter").map(|v| filter = Some(v)),
            "--wasm" => value("--wasm").and_then(|v| spec_tests::objects::parse_version(&v).map(|v| opts.wasm = v)),
            "--list" => {
                list = true;
                Ok(())
            }
            "--folders" => {
                folders = true;
                Ok(())
            }
            "--jobs" | "-j" => value("--jobs").and_then(|v| {
                v.parse()
                    .map(|n| opts.jobs = n)
                    .map_err(|e| format!("--jobs: {e}"))
            }),
            "--show" => value("--show").and_then(|v| {
                v.parse()
                    .map(|n| opts.show = n)
                    .map_err(|e| format!("--show: {e}"))
            }),
            "--timeout" => value("--timeout").and_then(|v| {
                v.parse()
                    .map(|s| opts.timeout = Duration::from_secs(s))
                    .map_err(|e| format!("--timeout: {e}"))
            }),
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            s if s.starts_with('-') => Err(format!("unknown option {s}")),
            _ => {
                paths.push(PathBuf::from(a));
                Ok(())
            }
        };
        if let Err(e) = parsed {
            return usage(&e);
        }
    }
    if paths.is_empty() {
        return usage("no PATH given");
    }
    let mut files = match driver::collect(&paths) {
        Ok(f) => f,
        Err(e) => return usage(&e),
    };
    if let Some(f) = &filter {
        files.retain(|w| w.name.contains(f.as_str()));
    }
    if list {
        for f in &files {
            println!("{}", f.name);
        }
        return ExitCode::SUCCESS;
    }
    let mut summary = Summary::default();
    driver::run_files(&files, &opts, &mut |r| {
        print!("{}", r.render());
        let _ = std::io::stdout().flush();
        summary.add(r);
    });
    if folders {
        print!("{}", summary.render_folders());
    }
    println!("{}", summary.render_total());
    if summary.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("spec-tests: {problem}\n{USAGE}");
    ExitCode::from(2)
}

/// Child mode: one file in this process, events on stdout.
fn run_one(path: PathBuf) -> ExitCode {
    let worker = std::thread::Builder::new()
        .stack_size(spec_tests::RUN_STACK_SIZE)
        .spawn(move || {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            file::run_file(&path, &mut |e: Event| {
                // A closed pipe means the parent is gone: stop quietly.
                if driver::write_event(&mut out, &e).is_err() {
                    std::process::exit(1);
                }
            });
        });
    match worker.map(|t| t.join()) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    }
}
