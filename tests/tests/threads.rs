//! Threads: Rust programs built for `wasm32-wasip1-threads` (sources and
//! committed `.wasm` in `tests/threads/`, rebuilt by its `build.sh`) run as
//! native executables with real OS threads (wasi-threads' `thread-spawn`
//! over a shared memory). Their output must equal a native build of the
//! same source (rustc, built here), in both bounds-check modes and as
//! AArch64 executables under qemu. wasmtime 49's CLI does not run
//! wasi-threads programs, hence the native reference.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use wasm2native_tests::process::{run, run_ok, Output, Status};
use wasm2native_tests::tools::require;
use wasm2native_tests::{package_dir, wasm2native_bin};

const TIMEOUT: Duration = Duration::from_secs(300);

fn threads_dir() -> PathBuf {
    package_dir().join("threads")
}

fn check(what: &str, cmd: &mut Command) -> Output {
    run_ok(what, cmd, TIMEOUT)
}

/// Compiles program `name`'s `.wasm` with `flags` into `dir`.
fn compile(name: &str, dir: &Path, flags: &[&str]) -> PathBuf {
    let exe = dir.join(format!("{name}{}", flags.join("").replace(['-', ' '], "_")));
    let wasm = threads_dir().join("wasm").join(format!("{name}.wasm"));
    check(
        &format!("compiling {name} {flags:?}"),
        Command::new(wasm2native_bin()).arg("compile").arg(&wasm).arg("-o").arg(&exe).args(flags),
    );
    exe
}

/// The output of the native build of program `name`.
fn native(name: &str, dir: &Path) -> String {
    let exe = dir.join(format!("{name}_native"));
    check(
        &format!("rustc {name}.rs"),
        Command::new("rustc").args(["--edition", "2021", "-O"]).arg(threads_dir().join(format!("{name}.rs"))).arg("-o").arg(&exe),
    );
    check(&format!("native {name}"), &mut Command::new(&exe)).stdout_text()
}

/// Program `name` under each way of compiling it gives the native output.
fn same_as_native(name: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let expected = native(name, d);
    for flags in [&[][..], &["--bounds-checks", "explicit"]] {
        let exe = compile(name, d, flags);
        let out = check(&format!("{name} {flags:?}"), &mut Command::new(&exe));
        assert_eq!(out.stdout_text(), expected, "{name} {flags:?}");
    }
    if require("qemu-aarch64", "apt-get install qemu-user") {
        let exe = compile(name, d, &["--target", "aarch64-unknown-linux-musl"]);
        let out = check(&format!("{name} on AArch64"), Command::new("qemu-aarch64").arg(&exe));
        assert_eq!(out.stdout_text(), expected, "{name} on AArch64");
    }
}

#[test]
fn std_threads_match_native() {
    same_as_native("std_threads");
}

#[test]
fn stress_matches_native() {
    same_as_native("stress");
}

#[test]
fn cpu_bound_work_gives_the_same_answer_on_any_number_of_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let exe = compile("compute", tmp.path(), &[]);
    for n in ["1", "2", "7"] {
        let out = check(&format!("compute {n}"), Command::new(&exe).args([n, "200000"]));
        assert_eq!(out.stdout_text(), "17984 primes below 200000\n", "{n} threads");
    }
}

#[test]
fn any_thread_ends_the_process() {
    let tmp = tempfile::tempdir().unwrap();
    let exe = compile("ending", tmp.path(), &[]);
    // The main thread returning ends the process while another thread runs.
    let out = check("ending", &mut Command::new(&exe));
    assert_eq!(out.stdout_text(), "main starts\nmain returns\n");
    // `exit(3)` on a spawned thread.
    let out = run(Command::new(&exe).arg("exit"), TIMEOUT).unwrap();
    assert_eq!(out.status, Status::Exited(3), "{}", out.stderr_text());
    assert_eq!(out.stdout_text(), "main starts\nthread exits with 3\n");
    // A trap on a spawned thread: its message and backtrace, status 134.
    let out = run(Command::new(&exe).arg("panic"), TIMEOUT).unwrap();
    assert_eq!(out.status, Status::Exited(134));
    let stderr = out.stderr_text();
    assert!(stderr.contains("thread panics\n"), "{stderr}");
    assert!(stderr.contains("wasm trap: unreachable\n  0: func["), "{stderr}");
    assert!(stderr.contains("<wasi_thread_start>"), "the spawned thread's backtrace: {stderr}");
    assert!(!out.stdout_text().contains("not reached"));
}

#[test]
fn a_sleeping_thread_does_not_hold_up_the_others() {
    same_as_native("sleepers");
}

/// `thread-spawn` fails cleanly (a negative id) for a module that imports
/// no shared memory: a new instance would share nothing with its caller.
#[test]
fn spawning_without_an_imported_shared_memory_fails_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let wat = tmp.path().join("own_memory.wat");
    std::fs::write(
        &wat,
        r#"(module
          (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory (export "memory") 1 1 shared)
          (func (export "wasi_thread_start") (param i32 i32))
          (func (export "_start")
            (if (i32.lt_s (call $spawn (i32.const 0)) (i32.const 0)) (then (call $exit (i32.const 7))))))"#,
    )
    .unwrap();
    let exe = tmp.path().join("own_memory");
    check("compiling own_memory.wat", Command::new(wasm2native_bin()).arg("compile").arg(&wat).arg("-o").arg(&exe));
    let out = run(&mut Command::new(&exe), TIMEOUT).unwrap();
    assert_eq!(out.status, Status::Exited(7), "{}", out.stderr_text());
}

/// Runs `exe`, writes `hello` to its stdin once it printed "waiting for
/// input", and returns its stdout; an error if that line does not come in
/// time (the reader thread holding up the others would do that).
fn interactive(exe: &Path) -> Result<String, String> {
    use std::io::{BufRead, BufReader, Write};
    let mut cmd = Command::new(exe);
    let mut child = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
    let mut stdin = child.stdin.take();
    let stdout = child.stdout.take().expect("piped");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut out = String::new();
    let result = loop {
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(line) => {
                out.push_str(&line);
                out.push('\n');
                if line == "waiting for input" {
                    if let Some(mut s) = stdin.take() {
                        let _ = s.write_all(b"hello\n");
                    }
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break Ok(()),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                break Err(format!("no output for 30 s; so far:\n{out}"));
            }
        }
    };
    let _ = child.kill();
    let status = child.wait().map_err(|e| e.to_string())?;
    result?;
    if !status.success() {
        return Err(format!("{}: {status}\n{out}", exe.display()));
    }
    Ok(out)
}

#[test]
fn a_thread_blocked_on_stdin_does_not_hold_up_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let native_exe = d.join("stdin_reader_native");
    check(
        "rustc stdin_reader.rs",
        Command::new("rustc").args(["--edition", "2021", "-O"]).arg(threads_dir().join("stdin_reader.rs")).arg("-o").arg(&native_exe),
    );
    let expected = interactive(&native_exe).unwrap();
    assert!(expected.ends_with("waiting for input\nread: hello\n"), "{expected}");
    for flags in [&[][..], &["--bounds-checks", "explicit"]] {
        let exe = compile("stdin_reader", d, flags);
        assert_eq!(interactive(&exe).unwrap(), expected, "{flags:?}");
    }
}
