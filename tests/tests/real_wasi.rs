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
//! * Yosys (C++ with WebAssembly exceptions, 69 MB): synthesizes a counter
//!   for iCE40, as an x86-64 executable and as a static AArch64 one (under
//!   qemu).
//! * nextpnr-ice40 (exceptions, atomics on an ordinary memory) places and
//!   routes Yosys's netlist, icepack packs the bitstream, icepll computes a
//!   PLL: the bitstream's hashes and the outputs are wasmtime's; icebram and
//!   icemulti (exceptions too) give the outputs wasmtime gave for the same
//!   inputs (hashes recorded with wasmtime 49.0.3).

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
    compile_with(wasm, exe, &[]);
}

/// Compiles with extra options (grants, a target).
fn compile_with(wasm: &Path, exe: &Path, flags: &[String]) {
    let mut cmd = Command::new(wasm2native_bin());
    cmd.arg("compile").arg(wasm).arg("-o").arg(exe).args(flags);
    let out = run(&mut cmd, TIMEOUT).unwrap();
    assert_eq!(out.status, Status::Exited(0), "compiling {}: {}", wasm.display(), out.stderr_text());
}

/// `--dir HOST::GUEST` options.
fn grants(dirs: &[(&Path, &str)]) -> Vec<String> {
    dirs.iter().flat_map(|(host, guest)| ["--dir".to_string(), format!("{}::{guest}", host.display())]).collect()
}

/// Whether `qemu-aarch64` is installed (see [`wasm2native_tests::tools::require`]).
fn have_qemu() -> bool {
    wasm2native_tests::tools::require("qemu-aarch64", "apt-get install qemu-user")
}

fn sha256(path: &Path) -> String {
    let out = Command::new("sha256sum").arg(path).output().expect("run sha256sum");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).split_whitespace().next().unwrap().to_string()
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

/// Yosys's synthesis statistics (the last 12 lines of `stat.txt`, as the
/// corpus's `run.sh` prints them).
fn yosys_stat(work: &Path, exe: &Path, wrapper: Option<&str>) -> Vec<String> {
    let _ = std::fs::remove_file(work.join("stat.txt"));
    let args = ["-q", "-p", "read_verilog /work/counter.v; synth_ice40 -top top -json /work/counter.json; tee -o /work/stat.txt stat"];
    let mut cmd = match wrapper {
        Some(w) => {
            let mut c = Command::new(w);
            c.arg(exe);
            c
        }
        None => Command::new(exe),
    };
    cmd.args(args);
    let out = run_with_input(&mut cmd, None, TIMEOUT).unwrap();
    assert_eq!(out.status, Status::Exited(0), "yosys failed:\n{}", out.stderr_text());
    let stat = std::fs::read_to_string(work.join("stat.txt")).unwrap();
    let lines: Vec<String> = stat.lines().map(str::to_string).collect();
    lines[lines.len().saturating_sub(12)..].to_vec()
}

#[test]
fn yosys_synthesizes_with_exceptions_on_x86_64_and_aarch64() {
    let Some(dir) = real_wasi("yosys") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path();
    std::fs::create_dir_all(work.join("tmp")).unwrap();
    let tar = Command::new("tar").arg("xJf").arg(dir.join("share.tar.xz")).arg("-C").arg(work).status().unwrap();
    assert!(tar.success());
    std::fs::copy(dir.join("counter.v"), work.join("counter.v")).unwrap();
    let wasm = work.join("yosys.wasm");
    unxz(&dir.join("yosys.wasm.xz"), &wasm);
    let flags = grants(&[(&work.join("share"), "/share"), (work, "/work"), (&work.join("tmp"), "/tmp")]);
    // run.sh prints the statistics, then the JSON's path.
    let mut expected = expected_lines(&dir);
    assert!(expected.pop().is_some_and(|l| l.starts_with("json: ")));
    let exe = work.join("yosys");
    compile_with(&wasm, &exe, &flags);
    assert_eq!(yosys_stat(work, &exe, None), expected);
    if have_qemu() {
        let arm = work.join("yosys-aarch64");
        let mut arm_flags = flags.clone();
        arm_flags.extend(["--target".to_string(), "aarch64-unknown-linux-musl".to_string()]);
        compile_with(&wasm, &arm, &arm_flags);
        assert_eq!(yosys_stat(work, &arm, Some("qemu-aarch64")), expected);
    }
}

#[test]
fn nextpnr_and_icestorm_place_route_and_pack() {
    let Some(dir) = real_wasi("nextpnr-ice40") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path();
    std::fs::create_dir_all(work.join("share/ice40")).unwrap();
    std::fs::create_dir_all(work.join("tmp")).unwrap();
    unxz(&dir.join("chipdb-1k.bin.xz"), &work.join("share/ice40/chipdb-1k.bin"));
    unxz(&dir.join("counter.json.xz"), &work.join("counter.json"));
    let all = grants(&[(&work.join("share"), "/share"), (work, "/work"), (&work.join("tmp"), "/tmp")]);
    let only_work = grants(&[(work, "/work")]);
    let exe = |name: &str, flags: &[String]| {
        let exe = work.join(format!("{name}-aot"));
        compile_with(&dir.join(format!("{name}.wasm")), &exe, flags);
        exe
    };
    let nextpnr = exe("nextpnr-ice40", &all);
    let args = ["--hx1k", "--package", "tq144", "--seed", "1", "--json", "/work/counter.json", "--asc", "/work/counter.asc"];
    let log = run_as(&nextpnr, "nextpnr-ice40", &args, &[], None).stderr_text();
    let log: Vec<&str> = log.lines().collect();
    let mut actual: Vec<String> = log[log.len().saturating_sub(2)..].iter().map(|l| l.to_string()).collect();
    let icepack = exe("icepack", &only_work);
    run_as(&icepack, "icepack", &["/work/counter.asc", "/work/counter.bin"], &[], None);
    let icepll = exe("icepll", &[]);
    actual.extend(run_as(&icepll, "icepll", &["-i", "12", "-o", "48"], &[], None).stdout_text().lines().map(str::to_string));
    for f in ["counter.asc", "counter.bin"] {
        actual.push(format!("{}  {f}", sha256(&work.join(f))));
    }
    // run.sh prints full paths of a temporary folder: compare names only.
    let expected: Vec<String> = expected_lines(&dir)
        .into_iter()
        .map(|l| match l.split_once("  ") {
            Some((sum, path)) if sum.len() == 64 => format!("{sum}  {}", path.rsplit('/').next().unwrap()),
            _ => l,
        })
        .collect();
    assert_eq!(actual, expected);

    // icebram and icemulti, on inputs of our own; the hashes are what
    // wasmtime 49.0.3 produced from the same modules and arguments.
    let icebram = exe("icebram", &[]);
    let random = run_as(&icebram, "icebram", &["-g", "-s", "7", "16", "256"], &[], None);
    std::fs::write(work.join("random.hex"), &random.stdout).unwrap();
    assert_eq!(sha256(&work.join("random.hex")), "7ce36d6ba7e7c1a0536f32d2217149b7438e21ef14b3ba31c7bf43963c6323ce");
    let icemulti = exe("icemulti", &only_work);
    let args = ["-v", "-p0", "-o", "/work/multi.bin", "/work/counter.bin", "/work/counter.bin"];
    run_as(&icemulti, "icemulti", &args, &[], None);
    assert_eq!(sha256(&work.join("multi.bin")), "badc4292e25b4a822610c8412ca2ca1a7bd00f989b4d9d031164366746f48973");
}
