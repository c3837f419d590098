//! Function names in what people and tools see: trap backtraces demangle
//! Rust (legacy and v0) and C++ (Itanium) names unless `--no-demangle`,
//! and the executable's symbol table names each function after the
//! module's name section, so `perf`, `gdb` and `nm` show wasm functions.

use std::path::{Path, PathBuf};
use std::process::Command;

use wasm2native_tests::process::{self, Status, COMPILE_TIMEOUT, RUN_TIMEOUT};
use wasm2native_tests::{programs_dir, wasm2native_bin};

/// The Rust program that panics (`tests/programs/rust/panic.rs`): its
/// standard library is v0-mangled, its own functions legacy-mangled.
fn rust_panic() -> PathBuf {
    programs_dir().join("wasm/panic.wasm")
}

/// A module whose trapping functions carry C++ names.
const CPP_TRAP: &str = r#"(module
  (func $_ZN4geom4areaERKNS_5ShapeE (param i32) (result i32)
    unreachable)
  (func $_Z7measurev (result i32)
    (call $_ZN4geom4areaERKNS_5ShapeE (i32.const 7)))
  (func (export "_start")
    (drop (call $_Z7measurev))))"#;

fn compile(input: &Path, exe: &Path, extra: &[&str]) {
    let mut cmd = Command::new(wasm2native_bin());
    cmd.arg("compile").arg(input).arg("-o").arg(exe).args(extra);
    process::run_ok("compile", &mut cmd, COMPILE_TIMEOUT);
}

fn run_trapping(exe: &Path) -> String {
    let out = process::run(&mut Command::new(exe), RUN_TIMEOUT).unwrap();
    assert_eq!(out.status, Status::Exited(134), "expected a trap:\n{}", out.stderr_text());
    out.stderr_text()
}

/// The backtrace part of a trap report: the lines after `wasm trap:`.
fn backtrace(stderr: &str) -> &str {
    let at = stderr.find("wasm trap: ").unwrap_or_else(|| panic!("no trap report in:\n{stderr}"));
    &stderr[at..]
}

#[test]
fn rust_trap_backtrace_is_demangled() {
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("panic");
    compile(&rust_panic(), &exe, &[]);
    let stderr = run_trapping(&exe);
    let trace = backtrace(&stderr);
    for want in [
        "<panic::parse_record::{{closure}}>",
        "<panic::main>",
        "<std::rt::lang_start::{{closure}}>",
        "<std::panicking::panic_with_hook>",
        "<core::panicking::panic_fmt>",
        "<__main_void>",
    ] {
        assert!(trace.contains(want), "{want} missing from the backtrace:\n{trace}");
    }
    for mangled in ["_ZN", "_RN", "std["] {
        assert!(!trace.contains(mangled), "a mangled name (`{mangled}`) in the backtrace:\n{trace}");
    }
    assert!(!has_legacy_hash(trace), "a legacy symbol hash in the backtrace:\n{trace}");
}

/// Whether `s` holds a legacy Rust symbol hash, `::h` and 16 hex digits.
fn has_legacy_hash(s: &str) -> bool {
    s.match_indices("::h").any(|(at, _)| {
        let hash = s[at + 3..].as_bytes();
        hash.len() >= 16 && hash[..16].iter().all(u8::is_ascii_hexdigit)
    })
}

#[test]
fn no_demangle_keeps_the_raw_names() {
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("panic");
    compile(&rust_panic(), &exe, &["--no-demangle"]);
    let stderr = run_trapping(&exe);
    let trace = backtrace(&stderr);
    assert!(trace.contains("<_ZN5panic4main17h"), "raw legacy name missing:\n{trace}");
    assert!(trace.contains("<_RNv"), "raw v0 name missing:\n{trace}");
}

#[test]
fn cpp_trap_backtrace_is_demangled() {
    let dir = tempfile::tempdir().unwrap();
    let wat = dir.path().join("cpp.wat");
    std::fs::write(&wat, CPP_TRAP).unwrap();
    let exe = dir.path().join("cpp");
    compile(&wat, &exe, &[]);
    let stderr = run_trapping(&exe);
    let trace = backtrace(&stderr);
    assert!(trace.starts_with("wasm trap: unreachable"), "{trace}");
    let lines: Vec<&str> = trace.lines().collect();
    assert!(lines[1].contains("<geom::area(geom::Shape const&)>"), "{trace}");
    assert!(lines[2].contains("<measure()>"), "{trace}");
}

/// The names of the local code symbols `nm` lists for `exe`.
fn local_text_symbols(exe: &Path) -> Vec<String> {
    process::run_ok("nm", Command::new("nm").arg(exe), RUN_TIMEOUT)
        .stdout_text()
        .lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let (_addr, kind, name) = (parts.next()?, parts.next()?, parts.next()?);
            (kind == "t").then(|| name.to_string())
        })
        .collect()
}

#[test]
fn function_symbols_come_from_the_name_section() {
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("panic");
    compile(&rust_panic(), &exe, &["--no-demangle"]);
    let symbols = local_text_symbols(&exe);
    let has = |prefix: &str| symbols.iter().any(|s| s.starts_with(prefix));
    // Mangled as in the module: nm, perf and gdb demangle them themselves.
    assert!(has("_ZN5panic4main17h"), "no symbol for panic::main in {symbols:?}");
    assert!(has("_ZN5panic12parse_record"), "no symbol for parse_record");
    assert!(has("__main_void"), "no symbol for __main_void");
    // The demangled report names do not change the symbols.
    let demangled = dir.path().join("panic2");
    compile(&rust_panic(), &demangled, &[]);
    assert!(local_text_symbols(&demangled).iter().any(|s| s.starts_with("_ZN5panic4main17h")));

    // A wasm function named `main` does not capture the C entry point, and
    // an unnamed function keeps a generated symbol.
    let wat = dir.path().join("m.wat");
    std::fs::write(
        &wat,
        r#"(module
             (func $main (result i32) (i32.const 3))
             (func (result i32) (i32.const 4))
             (func (export "_start") (drop (call $main)) (drop (call 1))))"#,
    )
    .unwrap();
    let exe = dir.path().join("m");
    compile(&wat, &exe, &[]);
    let symbols = local_text_symbols(&exe);
    assert!(symbols.iter().any(|s| s == "main"), "{symbols:?}");
    assert!(symbols.iter().any(|s| s == "wasm_func_1"), "{symbols:?}");
    process::run_ok("run", &mut Command::new(&exe), RUN_TIMEOUT);
}

#[test]
fn strip_leaves_out_the_symbol_table() {
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("panic");
    compile(&rust_panic(), &exe, &["--strip"]);
    assert!(local_text_symbols(&exe).is_empty(), "symbols after --strip");
    // Trap reports do not need it: their names are the module's own tables.
    let trace = run_trapping(&exe);
    assert!(backtrace(&trace).contains("<panic::main>"), "{trace}");
}
