//! End to end: every case (C and Rust programs in `programs/`, operator
//! tests in `wat/`) is compiled with `wasm2native` under both bounds-check
//! strategies, the executable is run, and its stdout, stderr, exit status
//! and effects on the scratch directory are compared with the results
//! recorded from wasmtime. Every mismatch of every case is reported.
//!
//! `W2N_CASES=alloc,wat/trap_` runs only the cases whose label
//! (`programs/NAME`, `wat/NAME`) contains one of the comma-separated filters; `W2N_JOBS=N` sets how many cases run at once.
//! The compiler is found by `wasm2native_tests::wasm2native_bin`.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;
use wasm2native_tests::case::{self, Case, Suite};
use wasm2native_tests::expected::Expected;
use wasm2native_tests::process::{self, Status, COMPILE_TIMEOUT, RUN_TIMEOUT};

#[test]
fn programs_guard() {
    run_suite(Suite::Programs, &Variant::host("guard"));
}

#[test]
fn programs_explicit() {
    run_suite(Suite::Programs, &Variant::host("explicit"));
}

#[test]
fn wat_guard() {
    run_suite(Suite::Wat, &Variant::host("guard"));
}

#[test]
fn wat_explicit() {
    run_suite(Suite::Wat, &Variant::host("explicit"));
}

// Cross targets: the same cases and expectations, as static musl
// executables (x86-64 natively, AArch64 under qemu-aarch64) and as
// static-pie glibc AArch64 executables (under qemu, without a sysroot).

#[test]
fn programs_x86_64_musl() {
    run_suite(Suite::Programs, &Variant::target("guard", "x86_64-unknown-linux-musl", None));
}

#[test]
fn programs_aarch64_musl() {
    if require("qemu-aarch64") {
        run_suite(Suite::Programs, &Variant::target("guard", "aarch64-unknown-linux-musl", Some("qemu-aarch64 -0 {argv0}")));
    }
}

#[test]
fn wat_aarch64_musl() {
    if require("qemu-aarch64") {
        run_suite(Suite::Wat, &Variant::target("explicit", "aarch64-unknown-linux-musl", Some("qemu-aarch64 -0 {argv0}")));
    }
}

#[test]
fn programs_aarch64_gnu() {
    if require("qemu-aarch64") && require("aarch64-linux-gnu-gcc") {
        // No `-L`: the executables are static PIEs and need no sysroot.
        let qemu = "qemu-aarch64 -0 {argv0}";
        run_suite(Suite::Programs, &Variant::target("explicit", "aarch64-unknown-linux-gnu", Some(qemu)));
    }
}

/// Whether `tool` is installed (see [`wasm2native_tests::tools::require`]).
fn require(tool: &str) -> bool {
    wasm2native_tests::tools::require(tool, "apt-get install qemu-user gcc-aarch64-linux-gnu")
}

/// How a suite is compiled and run.
struct Variant {
    bounds_checks: &'static str,
    compile_flags: Vec<String>,
    /// Runs the executable through this command (`{argv0}` is replaced).
    wrapper: Option<String>,
}

impl Variant {
    /// For this machine, with `W2N_COMPILE_FLAGS` and `W2N_RUN_WRAPPER`.
    fn host(bounds_checks: &'static str) -> Self {
        Variant {
            bounds_checks,
            compile_flags: extra_compile_flags(),
            wrapper: std::env::var("W2N_RUN_WRAPPER").ok().filter(|w| !w.trim().is_empty()),
        }
    }

    fn target(bounds_checks: &'static str, triple: &str, wrapper: Option<&str>) -> Self {
        Variant {
            bounds_checks,
            compile_flags: vec!["--target".into(), triple.into()],
            wrapper: wrapper.map(String::from),
        }
    }

    fn label(&self) -> String {
        let mut l = format!("--bounds-checks {}", self.bounds_checks);
        if !self.compile_flags.is_empty() {
            l += &format!(" {}", self.compile_flags.join(" "));
        }
        l
    }
}

/// The fixtures are consistent: every program source has a built module
/// and a case, and every case has a module and recorded results.
#[test]
fn every_case_has_a_module_and_expectations() {
    let cases = case::discover_all().unwrap();
    let mut problems = Vec::new();
    for name in case::program_sources().unwrap() {
        if !cases.iter().any(|c| c.suite == Suite::Programs && c.module.file_stem().unwrap() == name.as_str()) {
            problems.push(format!("program {name} is not run by any case in programs/cases/"));
        }
    }
    for c in &cases {
        if !c.module_path().is_file() {
            problems.push(format!("{}: module {} is missing (programs/build.sh)", c.name, c.module_path().display()));
        }
        if let Err(e) = Expected::load(&c.expected_dir()) {
            problems.push(format!("{}: no recorded results (programs/expect.sh): {e}", c.name));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(cases.iter().filter(|c| c.suite == Suite::Programs).count() >= 16);
}

fn run_suite(suite: Suite, variant: &Variant) {
    let bounds_checks = variant.label();
    let filters: Vec<String> = std::env::var("W2N_CASES")
        .map(|v| v.split(',').filter(|s| !s.is_empty()).map(String::from).collect())
        .unwrap_or_default();
    let cases = case::filter(case::discover(suite).unwrap(), &filters);
    let compiler = wasm2native_tests::wasm2native_bin();
    let failures = Mutex::new(Vec::new());
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..jobs() {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(case) = cases.get(i) else { break };
                let start = Instant::now();
                let result = run_case(&compiler, case, variant);
                let took = start.elapsed().as_secs_f32();
                match result {
                    Ok(()) => eprintln!("ok      {} [{bounds_checks}] {took:.1}s", case.label()),
                    Err(problems) => {
                        eprintln!("FAILED  {} [{bounds_checks}] {took:.1}s", case.label());
                        failures.lock().unwrap().push((case.label(), problems));
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    if !failures.is_empty() {
        let mut report = format!(
            "{} of {} cases failed with {bounds_checks}: {}\n",
            failures.len(),
            cases.len(),
            failures.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ")
        );
        for (name, problems) in &failures {
            report.push_str(&format!("\n=== {name} [{bounds_checks}]\n"));
            for p in problems {
                report.push_str(&format!("  * {}\n", p.trim_end().replace('\n', "\n    ")));
            }
        }
        panic!("{report}");
    }
}

fn jobs() -> usize {
    std::env::var("W2N_JOBS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .max(1)
}

/// The command that runs `exe` with argv[0] set to `argv0`, through
/// `wrapper` if any.
fn command_for(exe: &Path, argv0: &str, wrapper: Option<&str>) -> Command {
    let mut words = wrapper.unwrap_or_default().split_whitespace().map(|w| w.replace("{argv0}", argv0));
    match words.next() {
        None => {
            let mut cmd = Command::new(exe);
            cmd.arg0(argv0);
            cmd
        }
        Some(program) => {
            let mut cmd = Command::new(program);
            cmd.args(words).arg(exe);
            cmd
        }
    }
}

fn extra_compile_flags() -> Vec<String> {
    std::env::var("W2N_COMPILE_FLAGS").map(|v| v.split_whitespace().map(String::from).collect()).unwrap_or_default()
}

/// Compiles and runs one case; returns every problem found.
fn run_case(compiler: &Path, case: &Case, variant: &Variant) -> Result<(), Vec<String>> {
    let expected = Expected::load(&case.expected_dir()).map_err(|e| vec![e])?;
    let scratch = tempfile::tempdir().map_err(|e| vec![format!("tempdir: {e}")])?;
    let root = scratch.path().join("root");
    std::fs::create_dir(&root).map_err(|e| vec![format!("mkdir: {e}")])?;
    case.prepare(&root).map_err(|e| vec![e])?;
    let exe = scratch.path().join(&case.name);

    let mut compile = Command::new(compiler);
    compile
        .arg("compile")
        .arg(case.module_path())
        .arg("-o")
        .arg(&exe)
        .args(["--bounds-checks", variant.bounds_checks])
        .args(case.dir_args(&root))
        .args(case.env_args())
        .args(&variant.compile_flags);
    let out = process::run(&mut compile, COMPILE_TIMEOUT).map_err(|e| vec![e])?;
    if out.status != Status::Exited(0) || !exe.is_file() {
        return Err(vec![format!(
            "compilation failed ({}): {:?}\n{}",
            out.status,
            compile,
            out.stderr_text().trim_end()
        )]);
    }

    let mut run = command_for(&exe, &case.name, variant.wrapper.as_deref());
    run.args(&case.spec.args)
        .current_dir(&root)
        .env_clear()
        .envs(case.spec.host_env.iter().map(|(k, v)| (k, v)));
    let stdin = case.spec.stdin.as_ref().map(|s| s.as_bytes());
    let out = process::run_with_input(&mut run, stdin, RUN_TIMEOUT).map_err(|e| vec![e])?;
    let mut problems = expected.compare(&out);
    problems.extend(case.check_scratch(&root));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}
