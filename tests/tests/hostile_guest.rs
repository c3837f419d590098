//! Hostile guests: `tests/hostile/hostile.wasm` (from `hostile.c`) calls
//! WASI functions with out-of-bounds, wrapping and misaligned pointers,
//! huge lengths, invalid, closed and renumbered descriptors, bad enum and
//! flag values, and paths that try to leave the granted directory (`..`,
//! absolute paths, symlinks dangling, looping and pointing outside,
//! trailing slashes). Each case runs in its own process with a fresh
//! fixture granted at run time (`WASM2NATIVE_DIR`), and must
//!
//! * print what wasmtime 49 prints (errnos and data, recorded in
//!   `tests/hostile/expected.txt` by `tests/hostile/expect.sh`), exit with
//!   the same status, and end the same way when wasmtime ends the program
//!   (a bad pointer: exit status 1 and a message);
//! * leave everything outside the granted directory untouched;
//! * never crash (no signal, no host panic).
//!
//! `HOSTILE_REGEN=1` runs the cases under wasmtime instead and rewrites the
//! expectations; `HOSTILE_CASES=a,b` runs only cases whose name contains
//! one of the filters.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{symlink, MetadataExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;
use wasm2native_tests::process::{self, Output, Status};
use wasm2native_tests::{diff, package_dir, wasm2native_bin, wasmtime_bin};

/// How long one case may run (the huge-buffer cases write 128 MiB).
const CASE_TIMEOUT: Duration = Duration::from_secs(120);

fn hostile_dir() -> PathBuf {
    package_dir().join("hostile")
}

fn expected_file() -> PathBuf {
    hostile_dir().join("expected.txt")
}

// ---------------------------------------------------------------------------
// The fixture and the check that nothing outside the grant changed.

/// Creates the fixture under `root`: `sandbox/` (granted as `/sandbox`) and
/// `outside/` (never to be reached).
fn make_fixture(root: &Path) -> std::io::Result<()> {
    let sandbox = root.join("sandbox");
    let outside = root.join("outside");
    fs::create_dir_all(sandbox.join("dir"))?;
    fs::create_dir_all(sandbox.join("empty_dir"))?;
    fs::create_dir_all(&outside)?;
    fs::write(sandbox.join("file.txt"), "hello world\n")?;
    fs::write(sandbox.join("dir/inner.txt"), "inner")?;
    fs::write(outside.join("secret.txt"), "secret")?;
    let links: &[(&str, PathBuf)] = &[
        ("link_out", "../outside".into()),
        ("link_out_file", "../outside/secret.txt".into()),
        ("link_abs", outside.join("secret.txt")),
        ("link_etc", "/etc/passwd".into()),
        ("link_loop_a", "link_loop_b".into()),
        ("link_loop_b", "link_loop_a".into()),
        ("link_self", "link_self".into()),
        ("link_dangling", "nonexistent".into()),
        ("link_dir", "dir".into()),
        ("link_file", "file.txt".into()),
        ("link_dotdot", "dir/../..".into()),
    ];
    for (name, target) in links {
        symlink(target, sandbox.join(name))?;
    }
    Ok(())
}

/// Everything observable about the tree at `path`, except below `skip`:
/// each entry's relative path, type, size, link count, mode, modification
/// time, symlink target and content.
fn snapshot(path: &Path, skip: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let p = entry.path();
            if p == skip {
                continue;
            }
            let rel = p.strip_prefix(path).unwrap_or(&p).to_path_buf();
            let Ok(meta) = fs::symlink_metadata(&p) else { continue };
            let mut desc = format!(
                "type {:?} size {} nlink {} mode {:o} mtime {}.{}",
                meta.file_type(),
                meta.len(),
                meta.nlink(),
                meta.mode(),
                meta.mtime(),
                meta.mtime_nsec()
            );
            if meta.file_type().is_symlink() {
                desc += &format!(" -> {:?}", fs::read_link(&p).ok());
            } else if meta.is_file() {
                desc += &format!(" content {:?}", fs::read(&p).ok());
            } else if meta.is_dir() {
                stack.push(p.clone());
            }
            out.insert(rel, desc);
        }
    }
    out
}

/// What changed outside `root/sandbox` between two snapshots.
fn escapes(before: &BTreeMap<PathBuf, String>, after: &BTreeMap<PathBuf, String>) -> Vec<String> {
    let mut found = Vec::new();
    for (p, d) in before {
        match after.get(p) {
            None => found.push(format!("removed outside the sandbox: {}", p.display())),
            Some(a) if a != d => found.push(format!("changed outside the sandbox: {}: {d} => {a}", p.display())),
            _ => {}
        }
    }
    for p in after.keys().filter(|p| !before.contains_key(*p)) {
        found.push(format!("created outside the sandbox: {}", p.display()));
    }
    found
}

// ---------------------------------------------------------------------------
// Running one case and describing its outcome.

/// How a program was run.
#[derive(Clone)]
enum Runner {
    /// A wasm2native executable, with the fixture granted at run time.
    Native(PathBuf),
    /// The reference: wasmtime on the module.
    Wasmtime(PathBuf),
}

impl Runner {
    fn command(&self, sandbox: &Path, args: &[&str]) -> Command {
        let grant = format!("{}::/sandbox", sandbox.display());
        let mut cmd = match self {
            Runner::Native(exe) => {
                let mut cmd = Command::new(exe);
                cmd.env_clear().env("WASM2NATIVE_DIR", &grant);
                cmd
            }
            Runner::Wasmtime(module) => {
                let mut cmd = Command::new(wasmtime_bin());
                cmd.env_clear().args(["run", "--argv0", "hostile", "--dir", &grant]).arg(module);
                cmd
            }
        };
        cmd.args(args);
        cmd
    }
}

/// The normalized outcome of a run: exit status, the guest's stdout and
/// stderr, and how the runtime ended the program if it did (`fault: ...`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Outcome {
    status: String,
    lines: Vec<String>,
}

impl Outcome {
    fn render(&self) -> String {
        let mut s = self.status.clone();
        s.push('\n');
        for l in &self.lines {
            s.push_str(l);
            s.push('\n');
        }
        s
    }
}

/// The kind of error a runtime reports when it ends the program because of
/// a WASI call: the same for wasmtime's and our wording.
fn fault_class(report: &str) -> String {
    let lower = report.to_lowercase();
    for (needle, class) in [
        ("out of bounds", "guest pointer out of bounds"),
        ("not aligned", "guest pointer misaligned"),
        ("missing required memory export", "no memory"),
        ("invalid exit status", "invalid exit status"),
        ("invalid enum value", "invalid enum value"),
        ("invalid flag value", "invalid flag value"),
        ("exceeds limit", "length over limit"),
        ("int conversion error", "integer argument out of range"),
    ] {
        if lower.contains(needle) {
            return class.to_string();
        }
    }
    format!("unrecognized runtime error: {}", report.lines().next().unwrap_or(""))
}

/// Normalizes a run's output: the fixture's absolute path becomes
/// `<root>`; the runtime's error report (from the first line starting with
/// `Error:`/`error:` on stderr) becomes one `fault:` line.
fn outcome(out: &Output, root: &Path) -> Outcome {
    let root_str = root.display().to_string();
    let norm = |b: &[u8]| String::from_utf8_lossy(b).replace(&root_str, "<root>");
    let status = match out.status {
        Status::Exited(c) => format!("exit {c}"),
        Status::Signaled(s) => format!("CRASHED: signal {s}"),
        Status::TimedOut => "TIMED OUT".to_string(),
    };
    let mut lines: Vec<String> = norm(&out.stdout).lines().map(|l| format!("1| {l}")).collect();
    let stderr = norm(&out.stderr);
    let (guest, report) = match stderr.find("Error: ").or_else(|| stderr.find("error: ")) {
        Some(at) if at == 0 || stderr.as_bytes()[at - 1] == b'\n' => stderr.split_at(at),
        _ => (stderr.as_str(), ""),
    };
    lines.extend(guest.lines().map(|l| format!("2| {l}")));
    if !report.is_empty() {
        lines.push(format!("fault: {}", fault_class(report)));
    }
    Outcome { status, lines }
}

/// Runs `args` of `module` with `runner` on a fresh fixture; returns the
/// outcome and any escape found afterwards.
fn run_case(runner: &Runner, args: &[&str]) -> Result<(Outcome, Vec<String>), String> {
    let tmp = tempfile::tempdir().map_err(|e| format!("tempdir: {e}"))?;
    let root = tmp.path().canonicalize().map_err(|e| format!("canonicalize: {e}"))?;
    make_fixture(&root).map_err(|e| format!("fixture: {e}"))?;
    let sandbox = root.join("sandbox");
    let before = snapshot(&root, &sandbox);
    let out = process::run(&mut runner.command(&sandbox, args), CASE_TIMEOUT)?;
    let after = snapshot(&root, &sandbox);
    Ok((outcome(&out, &root), escapes(&before, &after)))
}

// ---------------------------------------------------------------------------
// Expectations: `== CASE` blocks of the rendered outcome.

fn parse_expected(text: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("== ") {
            if let Some((n, body)) = current.take() {
                map.insert(n, body);
            }
            current = Some((name.to_string(), String::new()));
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    if let Some((n, body)) = current {
        map.insert(n, body);
    }
    map
}

fn render_expected(map: &BTreeMap<String, String>) -> String {
    let mut s = String::from(
        "# Expected outcomes of tests/hostile/hostile.wasm under wasmtime 49.\n\
         # Generated by tests/hostile/expect.sh: do not edit.\n",
    );
    for (name, body) in map {
        s.push_str(&format!("== {name}\n{body}"));
    }
    s
}

// ---------------------------------------------------------------------------

/// Runs `f` on every item with a few threads; results in input order.
fn parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let jobs = std::env::var("W2N_JOBS")
        .ok()
        .and_then(|j| j.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()) * 2);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..jobs.max(1) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(item) = items.get(i) else { break };
                let r = f(item);
                results.lock().unwrap()[i] = Some(r);
            });
        }
    });
    results.into_inner().unwrap().into_iter().map(|r| r.expect("every item ran")).collect()
}

/// Compiles `module` with `extra` options into `dir`.
fn compile(module: &Path, dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let exe = dir.join(name);
    let out = process::run(
        Command::new(wasm2native_bin()).arg("compile").arg(module).arg("-o").arg(&exe).args(extra),
        process::COMPILE_TIMEOUT,
    )
    .expect("run the compiler");
    assert_eq!(out.status, Status::Exited(0), "compiling {}: {}", module.display(), out.stderr_text());
    exe
}

fn filters() -> Vec<String> {
    std::env::var("HOSTILE_CASES")
        .map(|v| v.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect())
        .unwrap_or_default()
}

fn selected(name: &str, filters: &[String]) -> bool {
    filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str()))
}

/// The case names the module lists.
fn list_cases(runner: &Runner) -> Vec<String> {
    let (out, _) = run_case(runner, &["list"]).expect("list the cases");
    assert_eq!(out.status, "exit 0", "listing cases: {out:?}");
    out.lines.iter().filter_map(|l| l.strip_prefix("1| ")).map(str::to_string).collect()
}

/// The `nomem` module has no memory: a WASI call that needs one ends it.
const NOMEM_CASE: &str = "nomem";

#[test]
fn hostile_guest_matches_wasmtime_and_escapes_nothing() {
    let module = hostile_dir().join("hostile.wasm");
    let nomem = hostile_dir().join("nomem.wasm");
    let regen = std::env::var("HOSTILE_REGEN").is_ok_and(|v| v == "1");
    let bin_dir = tempfile::tempdir().expect("tempdir");
    let (runner, nomem_runner) = if regen {
        (Runner::Wasmtime(module.clone()), Runner::Wasmtime(nomem.clone()))
    } else {
        (
            Runner::Native(compile(&module, bin_dir.path(), "hostile", &[])),
            Runner::Native(compile(&nomem, bin_dir.path(), "nomem", &[])),
        )
    };
    let filters = filters();
    let mut names: Vec<String> = list_cases(&runner).into_iter().filter(|n| selected(n, &filters)).collect();
    if selected(NOMEM_CASE, &filters) {
        names.push(NOMEM_CASE.to_string());
    }
    assert!(!names.is_empty(), "no case selected");

    let results = parallel(&names, |name| {
        let r = if name == NOMEM_CASE { &nomem_runner } else { &runner };
        let args: Vec<&str> = if name == NOMEM_CASE { vec![] } else { vec![name.as_str()] };
        run_case(r, &args)
    });

    let mut failures = Vec::new();
    let mut escapes_found = 0;
    let mut outcomes = BTreeMap::new();
    for (name, result) in names.iter().zip(results) {
        match result {
            Err(e) => failures.push(format!("{name}: could not run: {e}")),
            Ok((out, escaped)) => {
                if !escaped.is_empty() {
                    escapes_found += 1;
                    failures.push(format!("{name}: ESCAPED THE SANDBOX:\n    {}", escaped.join("\n    ")));
                }
                if out.status.starts_with("CRASHED") || out.status.starts_with("TIMED") {
                    failures.push(format!("{name}: {}\n{}", out.status, out.render()));
                }
                outcomes.insert(name.clone(), out.render());
            }
        }
    }

    if regen {
        let path = expected_file();
        let mut all = fs::read_to_string(&path).map(|t| parse_expected(&t)).unwrap_or_default();
        if filters.is_empty() {
            all.clear();
        }
        all.extend(outcomes);
        fs::write(&path, render_expected(&all)).expect("write expectations");
        eprintln!("wrote {} expectations to {}", all.len(), path.display());
        assert!(failures.is_empty(), "under wasmtime:\n{}", failures.join("\n"));
        return;
    }

    let expected = parse_expected(&fs::read_to_string(expected_file()).expect("read tests/hostile/expected.txt"));
    if filters.is_empty() {
        for name in expected.keys().filter(|n| !outcomes.contains_key(*n)) {
            failures.push(format!("{name}: expected but not listed by the module (rebuild and regenerate?)"));
        }
    }
    let mut matched = 0;
    for (name, actual) in &outcomes {
        match expected.get(name) {
            None => failures.push(format!("{name}: no expectation (run tests/hostile/expect.sh)")),
            Some(want) if want == actual => matched += 1,
            Some(want) => failures.push(format!(
                "{name}: differs from wasmtime (- wasmtime, + ours):\n{}",
                diff::diff(want.as_bytes(), actual.as_bytes())
            )),
        }
    }
    eprintln!(
        "hostile guest: {matched}/{} cases match wasmtime, {escapes_found} escapes",
        outcomes.len()
    );
    assert!(failures.is_empty(), "{} problems:\n\n{}", failures.len(), failures.join("\n\n"));
}

/// A grant baked in at compile time works like a run-time one, and
/// `--no-runtime-grants` makes the executable ignore `WASM2NATIVE_DIR`.
#[test]
fn compile_time_grants_and_no_runtime_grants() {
    if std::env::var("HOSTILE_REGEN").is_ok_and(|v| v == "1") {
        return;
    }
    let module = hostile_dir().join("hostile.wasm");
    let bin_dir = tempfile::tempdir().expect("tempdir");
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().canonicalize().expect("canonicalize");
    make_fixture(&root).expect("fixture");
    let sandbox = root.join("sandbox");
    let grant = format!("{}::/sandbox", sandbox.display());

    let baked = compile(&module, bin_dir.path(), "baked", &["--dir", &grant]);
    let out = process::run(Command::new(&baked).env_clear().arg("esc.open.dot_file"), CASE_TIMEOUT).unwrap();
    assert_eq!(out.status, Status::Exited(0), "{}", out.stderr_text());
    assert!(out.stdout_text().contains("read 0: hello world|"), "baked grant: {}", out.stdout_text());

    let closed = compile(&module, bin_dir.path(), "closed", &["--no-runtime-grants"]);
    let out = process::run(
        Command::new(&closed).env_clear().env("WASM2NATIVE_DIR", &grant).arg("esc.open.dot_file"),
        CASE_TIMEOUT,
    )
    .unwrap();
    assert_eq!(out.status, Status::Exited(0), "{}", out.stderr_text());
    assert_eq!(out.stdout_text(), "open: errno 8\n", "--no-runtime-grants must ignore WASM2NATIVE_DIR");
}
