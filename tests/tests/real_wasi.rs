//! Large real WASI programs nobody here wrote (`../shared/corpora/real-wasi`),
//! compiled by wasm2native and run; their output must be what wasmtime 49
//! recorded in the corpus (`expected-output.txt`).
//!
//! * esbuild (Go, 20 MB of wasm, 100k data segments): `--version`, then a
//!   TypeScript transpile from stdin.
//! * clang/LLD (C++, 75 MB, 133k functions): compiles and links C and C++
//!   to WASI in granted directories; the produced objects and modules must
//!   be byte-identical to wasmtime's, and they in turn are compiled by
//!   wasm2native and run.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use wasm2native_tests::corpora::corpus;
use wasm2native_tests::process::{run, run_with_input, Output, Status};
use wasm2native_tests::wasm2native_bin;

const TIMEOUT: Duration = Duration::from_secs(600);

/// The corpus folder, or `None` (with a loud message) when absent or when
/// this is a debug build: a debug compiler takes far too long on these
/// modules; the README's test command builds with `--release`.
fn real_wasi(program: &str) -> Option<PathBuf> {
    if cfg!(debug_assertions) {
        eprintln!("\n********** SKIPPED: real WASI programs are compiled only by release builds (cargo test --release) **********\n");
        return None;
    }
    corpus("real-wasi").map(|d| d.join(program))
}

fn unxz(src: &Path, dest: &Path) {
    let out = Command::new("xz").arg("-dc").arg(src).output().expect("run xz (install xz-utils)");
    assert!(out.status.success(), "xz -dc {} failed", src.display());
    std::fs::write(dest, out.stdout).unwrap();
}

fn compile(wasm: &Path, exe: &Path) {
    let out = run(Command::new(wasm2native_bin()).arg("compile").arg(wasm).arg("-o").arg(exe), TIMEOUT).unwrap();
    assert_eq!(out.status, Status::Exited(0), "compiling {}: {}", wasm.display(), out.stderr_text());
}

/// Runs `exe` under the name `argv0` (multi-call programs look at it).
fn run_as(exe: &Path, argv0: &str, args: &[&str], env: &[(String, String)], stdin: Option<&[u8]>) -> Output {
    let link = exe.with_file_name(argv0);
    if !link.exists() {
        std::os::unix::fs::symlink(exe.file_name().unwrap(), &link).unwrap();
    }
    let mut cmd = Command::new(&link);
    cmd.args(args).envs(env.iter().cloned());
    let out = run_with_input(&mut cmd, stdin, TIMEOUT).unwrap();
    assert_eq!(out.status, Status::Exited(0), "{argv0} {args:?} failed:\n{}", out.stderr_text());
    out
}

fn expected_lines(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("expected-output.txt")).unwrap().lines().map(str::to_string).collect()
}

#[test]
fn esbuild_transpiles_typescript() {
    let Some(dir) = real_wasi("esbuild") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let wasm = tmp.path().join("esbuild.wasm");
    unxz(&dir.join("esbuild.wasm.xz"), &wasm);
    let exe = tmp.path().join("esbuild-aot");
    compile(&wasm, &exe);
    let mut actual = run_as(&exe, "esbuild", &["--version"], &[], None).stdout_text();
    let input = std::fs::read(dir.join("input.ts")).unwrap();
    let args = ["--loader=ts", "--minify", "--format=cjs"];
    actual += &run_as(&exe, "esbuild", &args, &[], Some(&input)).stdout_text();
    let actual: Vec<String> = actual.lines().map(str::to_string).collect();
    assert_eq!(actual, expected_lines(&dir));
}

#[test]
fn clang_compiles_and_links_c_and_cpp() {
    let Some(dir) = real_wasi("clang") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path();
    for sub in ["usr", "src", "tmp"] {
        std::fs::create_dir_all(work.join(sub)).unwrap();
    }
    let tar = Command::new("tar")
        .arg("xJf")
        .arg(dir.join("llvm-resources.tar.xz"))
        .arg("-C")
        .arg(work.join("usr"))
        .status()
        .unwrap();
    assert!(tar.success());
    for f in ["hello.c", "hello.cc"] {
        std::fs::copy(dir.join(f), work.join("src").join(f)).unwrap();
    }
    let wasm = work.join("llvm.core.wasm");
    unxz(&dir.join("llvm.core.wasm.xz"), &wasm);
    let exe = work.join("llvm-aot");
    compile(&wasm, &exe);

    // Grants at run time, as a user of the produced executable gives them.
    let grant = |host: PathBuf, guest: &str| format!("{}::{guest}", host.display());
    let env = vec![
        ("WASM2NATIVE_DIR".to_string(), grant(work.join("usr"), "/usr")),
        ("WASM2NATIVE_DIR_1".to_string(), grant(work.join("src"), "/work")),
        ("WASM2NATIVE_DIR_2".to_string(), grant(work.join("tmp"), "/tmp")),
    ];
    let mut actual = run_as(&exe, "clang", &["--version"], &env, None).stdout_text();
    run_as(&exe, "clang", &["-O2", "-c", "/work/hello.c", "-o", "/work/hello_c.o"], &env, None);
    run_as(&exe, "clang++", &["-O2", "-fno-exceptions", "-c", "/work/hello.cc", "-o", "/work/hello_cc.o"], &env, None);
    let link = ["-m", "wasm32", "-L/usr/lib/wasm32-wasip1", "/usr/lib/wasm32-wasip1/crt1-command.o"];
    let rt = "/usr/lib/wasm32-unknown-wasip1/libclang_rt.builtins.a";
    let c_args: Vec<&str> = link.iter().copied().chain(["/work/hello_c.o", "-lc", rt, "-o", "/work/hello_c.wasm"]).collect();
    run_as(&exe, "wasm-ld", &c_args, &env, None);
    let cc_args: Vec<&str> = link
        .iter()
        .copied()
        .chain(["/work/hello_cc.o", "-lc++", "-lc++abi", "-lc", rt, "-o", "/work/hello_cc.wasm"])
        .collect();
    run_as(&exe, "wasm-ld", &cc_args, &env, None);
    let names = ["hello_c.o", "hello_cc.o", "hello_c.wasm", "hello_cc.wasm"];
    let sums = Command::new("sha256sum").args(names).current_dir(work.join("src")).output().unwrap();
    assert!(sums.status.success());
    for line in String::from_utf8_lossy(&sums.stdout).lines() {
        // The corpus recorded paths relative to its work folder.
        let (sum, name) = line.split_once("  ").unwrap();
        actual += &format!("{sum}  src/{name}\n");
    }
    // What clang produced runs too, compiled by wasm2native.
    for prog in ["hello_c", "hello_cc"] {
        let exe = work.join(format!("{prog}-aot"));
        compile(&work.join("src").join(format!("{prog}.wasm")), &exe);
        actual += &run_as(&exe, prog, &[], &[], None).stdout_text();
    }
    let actual: Vec<String> = actual.lines().map(str::to_string).collect();
    assert_eq!(actual, expected_lines(&dir));
}
