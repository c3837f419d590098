//! Start-up: a hello-world (benches/programs/hello.c, committed as
//! hello.wasm) as our executable, as a gcc -O2 executable, under `wasmtime
//! run` compiling it at every start (JIT, cache off), and under `wasmtime
//! run` of a precompiled `.cwasm`; and a Rust hello-world
//! (programs/hello_rust.rs) as our executable of its wasm32-wasip1 module
//! and of its wasm32-wasip2 component. The whole process is timed.

use std::ffi::OsString;
use std::time::Duration;

use super::{progress, Context};
use crate::artifacts::Builder;
use crate::expect::Expected;
use crate::measure::{interleave, Cmd, Contender};
use crate::results::{Cell, StartupRow};

const TIMEOUT: Duration = Duration::from_secs(30);

/// The row labels (the goals find the rows by them).
pub const OURS: &str = "wasm2native executable (default target: static-pie glibc)";
pub const OURS_STATIC: &str = "wasm2native executable, static musl (--target <arch>-unknown-linux-musl)";
pub const NATIVE: &str = "native C (gcc -O2)";
pub const JIT: &str = "wasmtime run hello.wasm (JIT, -C cache=n)";
pub const PRECOMPILED: &str = "wasmtime run --allow-precompiled hello.cwasm";
pub const RUST_P1: &str = "wasm2native executable, Rust hello-world for wasm32-wasip1";
pub const RUST_COMPONENT: &str = "wasm2native executable, the same Rust as a wasm32-wasip2 component";

/// One way of starting it: label, the size of what was built (or why
/// nothing was), and the command.
type Entry = (String, Result<Option<u64>, Cell>, Option<Cmd>);

/// Measures the ways of starting the hello-world.
pub fn run(ctx: &Context, runs: usize) -> Result<Vec<StartupRow>, String> {
    let dir = ctx.dir(&["startup"])?;
    let wasm = ctx.benches.join("programs/hello.wasm");
    let source = ctx.benches.join("programs/hello.c");
    let builder = Builder { tools: ctx.tools, cpu: &ctx.cpu, scratch: &dir };
    let expected = Expected {
        stdout: b"hello, world\n".to_vec(),
        stderr: Some(Vec::new()),
        status: 0,
        trim_end: false,
        source: "\"hello, world\\n\"".into(),
        volatile_lines: Vec::new(),
    };

    let mut entries: Vec<Entry> = Vec::new();
    let exe = dir.join("hello-ours");
    entries.push((
        OURS.into(),
        builder.ours(&wasm, &exe, &[]).map(Some).map_err(Cell::Error),
        Some(Cmd::new(&exe, Vec::<OsString>::new(), &dir, TIMEOUT)),
    ));
    // The same, linked statically against musl (no dynamic loader at start;
    // `--cpu native` is only for this machine's own triple, and start-up
    // does not depend on it).
    let exe_static = dir.join("hello-ours-static");
    let baseline = Builder { tools: ctx.tools, cpu: "baseline", scratch: &dir };
    let musl: Vec<OsString> = vec!["--target".into(), format!("{}-unknown-linux-musl", std::env::consts::ARCH).into()];
    entries.push((
        OURS_STATIC.into(),
        baseline
            .ours(&wasm, &exe_static, &musl)
            .map(Some)
            .map_err(|e| Cell::Skipped(format!("no static musl build here: {e}"))),
        Some(Cmd::new(&exe_static, Vec::<OsString>::new(), &dir, TIMEOUT)),
    ));
    let native = dir.join("hello-native");
    entries.push((
        NATIVE.into(),
        builder.gcc(&source, &native).map(Some).map_err(Cell::Skipped),
        Some(Cmd::new(&native, Vec::<OsString>::new(), &dir, TIMEOUT)),
    ));
    for (label, file) in [(RUST_P1, "hello_rust_p1"), (RUST_COMPONENT, "hello_rust_p2")] {
        let exe = dir.join(format!("{file}-ours"));
        let wasm = ctx.benches.join(format!("programs/{file}.wasm"));
        entries.push((
            label.into(),
            builder.ours(&wasm, &exe, &[]).map(Some).map_err(Cell::Error),
            Some(Cmd::new(&exe, Vec::<OsString>::new(), &dir, TIMEOUT)),
        ));
    }
    let cwasm = dir.join("hello.cwasm");
    match &ctx.tools.wasmtime {
        Some(wt) => {
            let jit_args: Vec<OsString> = vec!["run".into(), "-C".into(), "cache=n".into(), wasm.clone().into()];
            entries.push((JIT.into(), Ok(None), Some(Cmd::new(&wt.path, jit_args, &dir, TIMEOUT))));
            let pre_args: Vec<OsString> = vec!["run".into(), "--allow-precompiled".into(), cwasm.clone().into()];
            entries.push((
                PRECOMPILED.into(),
                builder.cwasm(&wasm, &cwasm).map(Some).map_err(Cell::Error),
                Some(Cmd::new(&wt.path, pre_args, &dir, TIMEOUT)),
            ));
        }
        None => {
            for label in [JIT, PRECOMPILED] {
                entries.push((label.into(), Err(Cell::Skipped("wasmtime not found".into())), None));
            }
        }
    }

    let mut contenders = Vec::new();
    let mut index = Vec::new();
    for (label, built, cmd) in &entries {
        index.push(None);
        if let (Ok(_), Some(cmd)) = (built, cmd) {
            *index.last_mut().unwrap() = Some(contenders.len());
            contenders.push(Contender { label: label.clone(), cmd: cmd.clone(), check: Box::new(|o| expected.check(o)) });
        }
    }
    let measured = interleave(&contenders, runs, true, &dir);
    let rows: Vec<StartupRow> = entries
        .into_iter()
        .zip(index)
        .map(|((peer, built, _), i)| {
            let (cell, size) = match (built, i) {
                (Err(c), _) => (c, None),
                (Ok(size), Some(i)) => (Cell::from_result(measured[i].wall.clone()), size),
                (Ok(size), None) => (Cell::Skipped("not run".into()), size),
            };
            StartupRow { peer, cell, size }
        })
        .collect();
    for r in &rows {
        let t = r.cell.time().map_or_else(|| format!("{:?}", r.cell), |s| format!("{:.2} ms", s.median * 1e3));
        progress(format!("start-up {}: {t}", r.peer));
    }
    Ok(rows)
}
