//! Threads: a CPU-bound `wasm32-wasip1-threads` program
//! (`tests/threads/compute.rs`, committed as `tests/threads/wasm/compute.wasm`)
//! as our executable on 1 thread and on as many threads as the machine has
//! cores, against its native build (rustc -O) the same two ways. The goal
//! is a speed-up like native code's. wasmtime 49's CLI does not run
//! wasi-threads programs, so there is no wasmtime column.

use std::ffi::OsString;
use std::time::Duration;

use super::{cores, progress, Context};
use crate::artifacts::Builder;
use crate::expect::Expected;
use crate::measure::{interleave, Cmd, Contender};
use crate::results::{Cell, ThreadsRow};

const TIMEOUT: Duration = Duration::from_secs(120);

/// The range the program counts primes in (its second argument).
const LIMIT: &str = "6000000";

/// The row's name (the goal finds it by it).
pub const COMPUTE: &str = "compute (primes below 6,000,000, std::thread)";

/// Measures the program on 1 and on all cores, ours and native.
pub fn run(ctx: &Context, runs: usize) -> Result<Vec<ThreadsRow>, String> {
    let dir = ctx.dir(&["threads"])?;
    let src = ctx.workspace.join("tests/threads/compute.rs");
    let wasm = ctx.workspace.join("tests/threads/wasm/compute.wasm");
    let builder = Builder { tools: ctx.tools, cpu: &ctx.cpu, scratch: &dir };
    let ours = dir.join("compute-ours");
    builder.ours(&wasm, &ours, &[])?;
    let native = dir.join("compute-native");
    let rustc = std::process::Command::new("rustc")
        .args(["--edition", "2021", "-O"])
        .arg(&src)
        .arg("-o")
        .arg(&native)
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    let native_built = rustc.status.success();
    let n = cores().max(2);
    let expected = Expected {
        stdout: format!("412849 primes below {LIMIT}\n").into_bytes(),
        stderr: Some(Vec::new()),
        status: 0,
        trim_end: false,
        source: "the prime count below 6,000,000".into(),
        volatile_lines: Vec::new(),
    };
    let mut contenders = Vec::new();
    let mut programs = vec![("ours", &ours)];
    if native_built {
        programs.push(("native", &native));
    }
    for (who, exe) in &programs {
        for threads in [1, n] {
            let args: Vec<OsString> = vec![threads.to_string().into(), LIMIT.into()];
            contenders.push(Contender {
                label: format!("{who} on {threads} threads"),
                cmd: Cmd::new(exe.as_path(), args, &dir, TIMEOUT),
                check: Box::new(|o| expected.check(o)),
            });
        }
    }
    let measured = interleave(&contenders, runs, true, &dir);
    let cell = |i: usize| measured.get(i).map_or(Cell::Skipped("rustc failed".into()), |m| Cell::from_result(m.wall.clone()));
    let row = ThreadsRow { name: COMPUTE.into(), threads: n, ours_1: cell(0), ours_n: cell(1), native_1: cell(2), native_n: cell(3) };
    progress(format!("threads {}: ours {:?} -> {:?}", row.name, row.ours_1.time().map(|t| t.median), row.ours_n.time().map(|t| t.median)));
    Ok(vec![row])
}
