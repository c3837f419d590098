//! The sightglass SIMD programs (blake3-simd, hex-simd, intgemm-simd) are
//! real SIMD code. Their non-WASI `bench.start`/`bench.end` imports are
//! implemented in C and linked with `--link`; each program runs in its own
//! directory with `.` granted, as sightglass runs it, and must print exactly
//! the expected stdout and stderr: on x86-64 natively and, as a static
//! AArch64 executable (NEON), under qemu-aarch64.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use wasm2native_tests::corpora::corpus;
use wasm2native_tests::process::{run, Status};
use wasm2native_tests::wasm2native_bin;

const BENCHES: [&str; 3] = ["blake3-simd", "hex-simd", "intgemm-simd"];

const BENCH_C: &str = "void wasm2native_import_bench__start(void *vmctx) { (void)vmctx; }\n\
                       void wasm2native_import_bench__end(void *vmctx) { (void)vmctx; }\n";

fn qemu_available() -> bool {
    let found = Command::new("qemu-aarch64").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        assert!(std::env::var("CI").map_or(true, |v| v != "true"), "qemu-aarch64 missing under CI=true");
        eprintln!("\n********** SKIPPED: AArch64 runs need qemu-aarch64 (apt-get install qemu-user) **********\n");
    }
    found
}

fn compile(bench_dir: &Path, host_c: &Path, target: &str, exe: &Path) {
    let out = run(
        Command::new(wasm2native_bin())
            .args(["compile", "--dir", ".", "--target", target, "--link"])
            .arg(host_c)
            .arg("-o")
            .arg(exe)
            .arg(bench_dir.join("benchmark.wasm")),
        Duration::from_secs(600),
    )
    .unwrap();
    assert_eq!(out.status, Status::Exited(0), "{}: {}", bench_dir.display(), out.stderr_text());
}

#[test]
fn simd_programs_give_their_expected_output() {
    let Some(dir) = corpus("sightglass") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let host_c = tmp.path().join("bench.c");
    std::fs::write(&host_c, BENCH_C).unwrap();
    let mut targets = vec![("x86_64-unknown-linux-gnu", None, host_c.clone())];
    if qemu_available() {
        // No musl cross C compiler is needed: the host code uses no libc,
        // so the glibc cross compiler's object links into the static binary.
        let obj = tmp.path().join("bench-aarch64.o");
        let status = Command::new("aarch64-linux-gnu-gcc")
            .args(["-O2", "-ffreestanding", "-c"])
            .arg(&host_c)
            .arg("-o")
            .arg(&obj)
            .status()
            .expect("aarch64-linux-gnu-gcc (apt-get install gcc-aarch64-linux-gnu)");
        assert!(status.success());
        targets.push(("aarch64-unknown-linux-musl", Some("qemu-aarch64"), obj));
    }
    let mut problems = Vec::new();
    for bench in BENCHES {
        let bench_dir = dir.join(bench);
        for (target, wrapper, host_code) in &targets {
            let exe = tmp.path().join(format!("{bench}-{target}"));
            compile(&bench_dir, host_code, target, &exe);
            let mut cmd = match wrapper {
                Some(w) => {
                    let mut c = Command::new(w);
                    c.arg(&exe);
                    c
                }
                None => Command::new(&exe),
            };
            // Run where the program lives: it reads ./default.input.
            let out = run(cmd.current_dir(&bench_dir), Duration::from_secs(600)).unwrap();
            let expect = |f: &str| std::fs::read_to_string(bench_dir.join(f)).unwrap();
            if out.status != Status::Exited(0) {
                problems.push(format!("{bench} [{target}]: {}\n{}", out.status, out.stderr_text()));
            }
            if out.stdout_text() != expect("benchmark.stdout.expected") {
                problems.push(format!("{bench} [{target}]: stdout differs:\n{}", out.stdout_text()));
            }
            if out.stderr_text() != expect("benchmark.stderr.expected") {
                problems.push(format!("{bench} [{target}]: stderr differs:\n{}", out.stderr_text()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn simd_programs_compile_to_objects_for_other_systems() {
    let Some(dir) = corpus("sightglass") else { return };
    let tmp = tempfile::tempdir().unwrap();
    for bench in BENCHES {
        for target in ["aarch64-apple-darwin", "x86_64-pc-windows-msvc"] {
            let obj = tmp.path().join(format!("{bench}-{target}.o"));
            let out = run(
                Command::new(wasm2native_bin())
                    .args(["compile", "--emit", "obj", "--target", target, "-o"])
                    .arg(&obj)
                    .arg(dir.join(bench).join("benchmark.wasm")),
                Duration::from_secs(600),
            )
            .unwrap();
            assert_eq!(out.status, Status::Exited(0), "{bench} for {target}: {}", out.stderr_text());
            assert!(std::fs::metadata(&obj).unwrap().len() > 4096);
        }
    }
}
