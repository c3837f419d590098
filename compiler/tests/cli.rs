//! The command line: every kind of bad input ends with status 1 and a clear
//! `error:` message (never a panic), and the object does not depend on the
//! number of compile threads.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn wasm2native() -> Command {
    Command::new(env!("CARGO_BIN_EXE_wasm2native"))
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Runs `args`, expects status 1 and an `error:` line containing `needle`.
fn expect_error(args: &[&str], needle: &str) -> Output {
    let out = wasm2native().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "args {args:?}: status {:?}, stderr:\n{stderr}", out.status);
    assert!(stderr.starts_with("error:"), "args {args:?}: stderr does not start with `error:`:\n{stderr}");
    assert!(stderr.contains(needle), "args {args:?}: stderr lacks `{needle}`:\n{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "a panic:\n{stderr}");
    out
}

const HELLO: &str = r#"(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")))"#;

#[test]
fn bad_inputs_fail_with_status_1_and_a_message() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let out = d.join("out").to_string_lossy().into_owned();
    let s = |p: PathBuf| p.to_string_lossy().into_owned();

    expect_error(&["compile", &s(d.join("missing.wasm")), "-o", &out], "cannot read");
    // The OS error is the source, printed after the context.
    expect_error(&["compile", &s(d.join("missing.wasm")), "-o", &out], "missing.wasm: No such file or directory");
    let garbage = s(write(d, "garbage.wasm", b"\x00asm\x01\x00\x00\x00\x01\xff"));
    expect_error(&["compile", &garbage, "-o", &out], "invalid module at byte offset");
    let text = s(write(d, "bad.wat", "(module (func (export \"_start\") (result i32) (i64.const 1)))"));
    expect_error(&["compile", &text, "-o", &out], "type mismatch");
    let not_wat = s(write(d, "x.wat", "this is not wasm"));
    expect_error(&["compile", &not_wat, "-o", &out], "neither binary WebAssembly nor valid text");
    let gc = s(write(d, "gc.wat", "(module (type (struct)) (func (export \"_start\")))"));
    expect_error(&["compile", &gc, "-o", &out, "--gc-heap-max", "12Q"], "unknown unit `Q`");
    expect_error(&["compile", &gc, "-o", &out, "--gc-heap-max", "0"], "must be above 0");
    let invalid = s(write(d, "invalid.wat", "(module (func (export \"_start\") (result i32) i64.const 0))"));
    expect_error(&["compile", &invalid, "-o", &out], "invalid module");
    let unresolved = s(write(
        d,
        "imports.wat",
        r#"(module (import "env" "foo" (func (param i32) (result i32)))
                   (import "env" "mem" (memory 1))
                   (func (export "_start")))"#,
    ));
    let o = expect_error(&["compile", &unresolved, "-o", &out], "unresolved imports");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("env::foo (function (i32) -> (i32))") && stderr.contains("env::mem (memory)"), "{stderr}");
    let badsig = s(write(
        d,
        "badsig.wat",
        r#"(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32) (result i32)))
                   (func (export "_start")))"#,
    ));
    expect_error(&["compile", &badsig, "-o", &out], "WASI defines it as (i32, i32, i32, i32) -> (i32)");
    let lib = s(write(d, "lib.wat", "(module (func (export \"f\")))"));
    expect_error(&["compile", &lib, "-o", &out], "no `_start`");

    let hello = s(write(d, "hello.wat", HELLO));
    expect_error(&["compile", &hello, "-o", &out, "--target", "nonsense-triple-x"], "invalid target triple");
    expect_error(&["compile", &hello, "-o", &out, "--target", "riscv64gc-unknown-linux-gnu"], "unsupported target");
    expect_error(&["compile", &hello, "-o", &out, "--dir", &s(d.join("nope"))], "is not a directory");
    expect_error(&["compile", &hello, "-o", &out, "--env", "NOEQUALS"], "expected NAME=VALUE");
    expect_error(&["compile", &hello, "-o", &out, "-O", "7"], "error:");
    expect_error(&["compile", &hello, "-o", &out, "--linker", "/nonexistent/cc"], "no C linker found");
    expect_error(&["compile", &hello, "-o", &s(d.join("no/such/dir/out")), "--emit", "obj"], "cannot write");
    expect_error(&["frobnicate"], "error:");
}

#[test]
fn help_and_version_succeed() {
    let out = wasm2native().arg("--help").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Examples:"));
    let out = wasm2native().arg("--version").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(env!("CARGO_PKG_VERSION")));
}

/// A module with many functions, so that several threads really share the
/// work.
fn many_functions() -> String {
    let mut m = String::from("(module (memory 1) (table 200 funcref)\n");
    for i in 0..200 {
        m += &format!(
            "(func $f{i} (param i32) (result i32) (local i32)
               (local.set 1 (i32.mul (local.get 0) (i32.const {i})))
               (block (loop (br_if 1 (i32.eqz (local.get 0)))
                 (local.set 1 (i32.add (local.get 1) (i32.load (local.get 0))))
                 (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br 0)))
               (local.get 1))
             (elem (i32.const {i}) $f{i})\n"
        );
    }
    m + "(func (export \"_start\") (drop (call $f7 (i32.const 3)))))"
}

#[test]
fn objects_do_not_depend_on_the_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(tmp.path(), "many.wat", many_functions());
    let mut objects = Vec::new();
    for jobs in ["1", "2", "4"] {
        let out = tmp.path().join(format!("j{jobs}.o"));
        let status = wasm2native()
            .args(["compile", "--emit", "obj", "-j", jobs, "-o"])
            .arg(&out)
            .arg(&input)
            .status()
            .unwrap();
        assert!(status.success());
        objects.push(std::fs::read(&out).unwrap());
    }
    assert!(objects[0].len() > 10_000);
    assert!(objects[0] == objects[1] && objects[1] == objects[2], "objects differ between -j 1, 2 and 4");
}

/// What `cargo install` gives a user: the binary alone, somewhere else, run
/// from an unrelated directory. The runtime library travels inside it.
#[test]
fn a_relocated_compiler_builds_working_executables() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let compiler = bin.join("wasm2native");
    std::fs::copy(env!("CARGO_BIN_EXE_wasm2native"), &compiler).unwrap();
    let work = tmp.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/hello.wasm");
    std::fs::copy(example, work.join("app.wasm")).unwrap();
    let status = Command::new(&compiler)
        .args(["compile", "app.wasm", "-o", "app", "--env", "USER=tester"])
        .current_dir(&work)
        .env("HOME", tmp.path())
        .env_remove("WASM2NATIVE_CACHE_DIR")
        .env_remove("XDG_CACHE_HOME")
        .status()
        .unwrap();
    assert!(status.success());
    let out = Command::new(work.join("app")).arg("zebra").arg("ant").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "hello from wasm2native!\n  arg 1: ant\n  arg 2: zebra\nUSER is tester\nfib(90) = 2880067194370816120\n"
    );
    assert!(tmp.path().join(".cache/wasm2native/runtime").is_dir(), "runtime not cached under $HOME/.cache");

    // Cross-compiling from there: a static AArch64 executable, run under
    // qemu when it is installed.
    let status = Command::new(&compiler)
        .args(["compile", "app.wasm", "-o", "app-arm", "--target", "aarch64-unknown-linux-musl"])
        .current_dir(&work)
        .env("HOME", tmp.path())
        .status()
        .unwrap();
    assert!(status.success());
    let elf = std::fs::read(work.join("app-arm")).unwrap();
    assert_eq!(u16::from_le_bytes([elf[18], elf[19]]), 183, "not an AArch64 ELF");
    if let Ok(out) = Command::new("qemu-aarch64").arg(work.join("app-arm")).arg("arm").output() {
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "hello from wasm2native!\n  arg 1: arm\nUSER is not granted\nfib(90) = 2880067194370816120\n"
        );
    }
}

const HOST_IMPORTS: &str = r#"(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "divmod" (func $divmod (param i32 i32) (result i32 i32)))
  (import "env" "scale.f" (func $scale (param f64) (result f64)))
  (import "my host" "log_i64" (func $log (param i64)))
  (table 1 funcref) (elem (i32.const 0) $divmod)
  (type $dm (func (param i32 i32) (result i32 i32)))
  (memory (export "memory") 1)
  (func (export "_start") (local i32 i32)
    (call $divmod (i32.const 47) (i32.const 5))
    local.set 1 local.set 0
    (call $log (i64.extend_i32_u (local.get 0)))
    (call $log (i64.extend_i32_u (local.get 1)))
    (call $log (i64.trunc_f64_s (call $scale (f64.const 2.5))))
    ;; through a table too: the host adapter returns both results
    (call_indirect (type $dm) (i32.const 100) (i32.const 7) (i32.const 0))
    i32.add
    (call $exit (i32.add (i32.add (local.get 0) (local.get 1))))))"#;

const HOST_C: &str = r#"#include <stdio.h>
#include <stdint.h>
struct wasm2native_import_env__divmod_results { int32_t r0; int32_t r1; };
void wasm2native_import_env__divmod(void *vmctx, int32_t a, int32_t b,
                                    struct wasm2native_import_env__divmod_results *r) {
    r->r0 = a / b; r->r1 = a % b;
}
double wasm2native_import_env__scale_2ef(void *vmctx, double x) { return x * 4.0; }
void wasm2native_import_my_20host__log_5fi64(void *vmctx, int64_t v) { printf("log %lld\n", (long long)v); fflush(stdout); }
"#;

#[test]
fn host_imports_link_from_c_sources_and_objects() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let wat = write(d, "app.wat", HOST_IMPORTS);
    let host = write(d, "host.c", HOST_C);
    let header = wasm2native().arg("header").arg(&wat).output().unwrap();
    assert!(header.status.success());
    let header = String::from_utf8_lossy(&header.stdout);
    assert!(header.contains("void wasm2native_import_env__divmod(void *vmctx, int32_t p0, int32_t p1, struct wasm2native_import_env__divmod_results *results);"), "{header}");
    assert!(header.contains("double wasm2native_import_env__scale_2ef(void *vmctx, double p0);"));
    assert!(!header.contains("wasm2native_import_wasi"), "WASI imports are not for the host to define");

    // A C source, and the same code as an object file.
    let obj = d.join("host.o");
    assert!(Command::new("cc").arg("-c").arg(&host).arg("-o").arg(&obj).status().unwrap().success());
    for input in [&host, &obj] {
        let exe = d.join("app");
        let out = wasm2native().arg("compile").arg(&wat).arg("--link").arg(input).arg("-o").arg(&exe).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let run = Command::new(&exe).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&run.stdout), "log 9\nlog 2\nlog 10\n");
        // 9 + 2 + (100/7 + 100%7 = 14 + 2)
        assert_eq!(run.status.code(), Some(27));
    }

    // What the linked code does not define stays an error, listed.
    let partial = write(d, "partial.c", "double wasm2native_import_env__scale_2ef(void *v, double x) { return x; }\n");
    let o = expect_error(
        &["compile", &wat.to_string_lossy(), "--link", &partial.to_string_lossy(), "-o", &d.join("x").to_string_lossy()],
        "unresolved imports",
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("env::divmod") && stderr.contains("my host::log_i64") && !stderr.contains("scale.f"), "{stderr}");
    expect_error(&["compile", &wat.to_string_lossy(), "--link", "nope.c", "-o", "x"], "no such file");
}

#[test]
fn compare_times_our_executable_and_draws_a_chart() {
    let tmp = tempfile::tempdir().unwrap();
    let plot = tmp.path().join("cmp.svg");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/hello.wasm");
    // No wasmtime on this PATH: only our own row, with a note saying so.
    let out = wasm2native()
        .arg("compare")
        .arg(&example)
        .args(["--runs", "3", "--plot"])
        .arg(&plot)
        .args(["--", "x"])
        .env("PATH", "/usr/bin:/bin")
        .env("WASM2NATIVE_CACHE_DIR", tmp.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("wasmtime not found"));
    assert!(stdout.contains("wasm2native (AOT executable)") && stdout.contains("median ms"), "{stdout}");
    let svg = std::fs::read_to_string(&plot).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("wasm2native (AOT executable)"));
    expect_error(&["compare", &example.to_string_lossy(), "--wasmtime", "/nonexistent/wasmtime"], "cannot run");
}

#[test]
fn library_options_are_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let wat = write(d, "app.wat", HELLO).to_string_lossy().into_owned();
    let lib = d.join("libapp.a").to_string_lossy().into_owned();
    expect_error(&["compile", &wat, "--emit", "staticlib", "--name", "1app", "-o", &lib], "not a C identifier");
    expect_error(&["compile", &wat, "--name", "app", "-o", &lib], "--name names a library");
    expect_error(&["header", &wat, "--name", "a-b"], "not a C identifier");
    let clash = write(d, "clash.wat", r#"(module (func (export "instance_free")))"#).to_string_lossy().into_owned();
    expect_error(&["compile", &clash, "--emit", "sharedlib", "-o", &lib], "`clash_instance_free`");
    let memory_import = write(d, "mem.wat", r#"(module (import "env" "mem" (memory 1)))"#).to_string_lossy().into_owned();
    expect_error(&["compile", &memory_import, "--emit", "staticlib", "-o", &lib], "env::mem (memory)");
    let musl = ["compile", &wat, "--emit", "sharedlib", "--target", "x86_64-unknown-linux-musl", "-o", &lib];
    expect_error(&musl, "shared libraries for `x86_64-unknown-linux-musl` are not supported");
    // The default name is the input's stem, made an identifier.
    let odd = write(d, "my-app.v2.wat", HELLO);
    let out = wasm2native().arg("header").arg(&odd).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("w2n_error *my_app_v2_instantiate("));
}
