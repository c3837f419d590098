//! Failing cases written as reproducers: minimized when they diverge, as
//! generated when they crashed or hung their child.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::case::{compare, load_one, still_diverges};
use super::{Case, Settings};
use crate::difftest::observed::Observed;
use crate::difftest::{deterministic, generate, shrink, wasmi_ref, wast};

/// Writes `case-SEED-INDEX.wasm` and `.wast` into `dir`.
fn keep(dir: &Path, seed: u64, index: u64, wasm: &[u8], script: &str) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let base = dir.join(format!("case-{seed}-{index}"));
    let wasm_path = base.with_extension("wasm");
    std::fs::write(&wasm_path, wasm).map_err(|e| format!("cannot write {}: {e}", wasm_path.display()))?;
    let wast_path = base.with_extension("wast");
    std::fs::write(&wast_path, script).map_err(|e| format!("cannot write {}: {e}", wast_path.display()))?;
    Ok(wast_path)
}

/// Minimizes a diverging case and keeps it; the path of its script. Each
/// attempt prints `shrinking I` on `out`, which tells the parent the child
/// is not hung.
pub(super) fn keep_minimized(settings: &Settings, case: &Case, dir: &Path, out: &mut dyn Write) -> Result<PathBuf, String> {
    let small = shrink::minimize(&case.wasm, settings.seed ^ case.index, |w| {
        let _ = writeln!(out, "shrinking {}", case.index).and_then(|()| out.flush());
        still_diverges(case, w)
    });
    let plan = generate::plan(&small, &mut case.rng.clone())?;
    let (loaded, d) = load_one(&small);
    let script = match d {
        Err(e) => format!(";; compile error: {e}\n(module binary \"\")\n"),
        Ok(d) => match compare(d, &small, &plan, case.reference) {
            Err((_, script)) => script,
            // Shrinking kept nothing smaller: the original case.
            Ok(_) => compare_original(case),
        },
    };
    wasm2native_runtime::release_failed_instances();
    drop(loaded);
    keep(dir, settings.seed, case.index, &small, &script)
}

fn compare_original(case: &Case) -> String {
    let (loaded, d) = load_one(&case.wasm);
    let s = match d {
        Ok(d) => compare(d, &case.wasm, &case.plan, case.reference).err().map(|(_, s)| s).unwrap_or_default(),
        Err(e) => format!(";; compile error: {e}\n"),
    };
    wasm2native_runtime::release_failed_instances();
    drop(loaded);
    s
}


/// Keeps case `index`, which crashed or hung (`how`) in its child: the
/// module as generated, and as assertions what wasmi shows, if it runs it.
pub(super) fn keep_crashed(settings: &Settings, dir: &Path, index: u64, how: &str) -> Option<PathBuf> {
    let c = super::case(settings, index).ok()?;
    let note = format!("{how} while running this case");
    let theirs = deterministic::reference_module(&c.wasm).and_then(|r| wasmi_ref::run(&r, &c.plan));
    let script = match theirs {
        Ok(theirs) => wast::script(&c.wasm, &c.plan, &theirs, &format!("reference: wasmi\n{note}")),
        Err(_) => wast::script(&c.wasm, &c.plan, &Observed::default(), &note),
    };
    keep(dir, settings.seed, index, &c.wasm, &script).ok()
}
