//! Native debug info: gdb, in batch mode, on executables compiled from
//! `tests/debug/fib.wasm` (C with DWARF, from `fib.c`). With `-g` a
//! breakpoint by C function name and one by file:line are hit, the
//! backtrace names source files and lines through every wasm frame, and
//! `next` steps to the next source line. Without `-g` the name section's
//! function symbols still let gdb break on `fib` and name the frames.
//! And the trap report of `tests/debug/divide.wasm` gives each frame's
//! file and line with `-g`.

use std::path::{Path, PathBuf};
use std::process::Command;

use wasm2native_tests::process::{self, RUN_TIMEOUT, COMPILE_TIMEOUT};
use wasm2native_tests::tools::require;
use wasm2native_tests::{package_dir, wasm2native_bin};

fn debug_dir() -> PathBuf {
    package_dir().join("debug")
}

fn compile(exe: &Path, extra: &[&str]) {
    compile_program("fib", exe, extra)
}

fn compile_program(name: &str, exe: &Path, extra: &[&str]) {
    let mut cmd = Command::new(wasm2native_bin());
    cmd.arg("compile").arg(debug_dir().join(format!("{name}.wasm"))).arg("-o").arg(exe).args(extra);
    process::run_ok("compile", &mut cmd, COMPILE_TIMEOUT);
}

/// gdb's output for `commands` on `exe 5`, run from the source directory
/// (the module's DWARF records `.` as its compilation directory).
fn gdb(exe: &Path, commands: &[&str]) -> String {
    let mut cmd = Command::new("gdb");
    cmd.args(["-nx", "-batch"]).current_dir(debug_dir());
    for c in commands {
        cmd.args(["-ex", c]);
    }
    cmd.arg("--args").arg(exe).arg("5");
    let out = process::run_ok("gdb", &mut cmd, RUN_TIMEOUT);
    out.stdout_text() + &out.stderr_text()
}

fn assert_has(output: &str, want: &str) {
    assert!(output.contains(want), "gdb output lacks {want:?}:\n{output}");
}

#[test]
fn gdb_breaks_by_name_and_line_and_shows_source_lines() {
    if !require("gdb", "apt-get install gdb") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("fib");
    compile(&exe, &["-g"]);
    let out = gdb(&exe, &["break fib", "run", "bt", "next", "info source"]);
    assert_has(&out, "Breakpoint 1, fib () at fib.c:10");
    assert_has(&out, "calls++;");
    let frame = |n: usize, func: &str, line: u32| {
        let want = format!("in {func} () at fib.c:{line}");
        let found = out.lines().any(|l| l.starts_with(&format!("#{n} ")) && l.ends_with(&want));
        assert!(found, "backtrace frame #{n} is not `{want}`:\n{out}");
    };
    frame(1, "sum_fibs", 19);
    frame(2, "__main_argc_argv", 25);
    // `next` leaves line 10 for the next statement of `fib`.
    assert_has(&out, "\n11\t    if (n < 2)");
    assert_has(&out, "Source language is c.");

    let out = gdb(&exe, &["break fib.c:26", "run", "bt 1"]);
    assert_has(&out, "Breakpoint 1, __main_argc_argv () at fib.c:26");
    assert!(!out.contains("exited"), "the program ended before the breakpoint:\n{out}");
}

#[test]
fn without_g_gdb_still_knows_the_function_names() {
    if !require("gdb", "apt-get install gdb") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("fib");
    compile(&exe, &[]);
    let out = gdb(&exe, &["break fib", "run", "bt"]);
    assert_has(&out, "Breakpoint 1, 0x");
    assert_has(&out, " in fib ()");
    assert_has(&out, " in sum_fibs ()");
    assert!(!out.contains("fib.c:"), "source lines without -g:\n{out}");
}

#[test]
fn trap_reports_give_source_lines_with_g() {
    let dir = tempfile::tempdir().unwrap();
    for (flags, lines) in [(&["-g"][..], true), (&[][..], false)] {
        let exe = dir.path().join("divide");
        compile_program("divide", &exe, flags);
        let out = process::run(&mut Command::new(&exe), RUN_TIMEOUT).unwrap();
        assert_eq!(out.status, process::Status::Exited(134), "{}", out.stderr_text());
        let report = out.stderr_text();
        let frame = |name: &str| report.lines().find(|l| l.contains(&format!("<{name}>+"))).unwrap_or_default().to_string();
        if lines {
            assert!(frame("divide").ends_with(" at divide.c:8:14"), "{report}");
            assert!(frame("main").ends_with(" at divide.c:13:20"), "{report}");
        } else {
            assert!(!report.contains(" at "), "source lines without -g:\n{report}");
        }
    }
}
