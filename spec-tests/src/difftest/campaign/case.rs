//! A case from its seed and index, and its verdict: our run against its
//! reference.

use super::{Reference, Settings};
use crate::difftest::generate::{self, Plan, Rng};
use crate::difftest::observed::{differ, Observed};
use crate::difftest::{aot, deterministic, wasmi_ref, wasmtime_ref, wast};
use crate::objects::{self, Compiled};
use crate::script::ModuleSource;

/// A generated case.
pub struct Case {
    /// Its index in the campaign.
    pub index: u64,
    /// The module.
    pub wasm: Vec<u8>,
    /// The calls.
    pub plan: Plan,
    /// The random stream after the module was made, for the plans of its
    /// shrunk variants.
    pub rng: Rng,
    /// Who checks it.
    pub reference: Reference,
}

/// Case `index`, or why there is none.
pub fn case(settings: &Settings, index: u64) -> Result<Case, String> {
    let mut rng = Rng::for_input(settings.seed, index);
    let wasm = generate::module(&settings.features, &mut rng).ok_or("wasm-smith made no module")?;
    let after_module = rng.clone();
    let plan = generate::plan(&wasm, &mut rng)?;
    let reference = match deterministic::reference_module(&wasm) {
        Ok(r) if wasmi_ref::supports(&r) => Reference::Wasmi,
        _ => Reference::Wasmtime,
    };
    Ok(Case { index, wasm, plan, rng: after_module, reference })
}

/// Runs `plan` on a loaded module and on `reference`; `Err` describes the
/// divergence, with the script that reproduces it.
pub(super) fn compare(
    d: &'static wasm2native_abi::ModuleDescriptor,
    wasm: &[u8],
    plan: &Plan,
    reference: Reference,
) -> Result<Reference, (String, String)> {
    let ours = aot::run(d, plan).map_err(|e| (format!("our run failed: {e}"), String::new()))?;
    match reference {
        Reference::Wasmi => {
            let reference = deterministic::reference_module(wasm).map_err(|e| (e, String::new()))?;
            let theirs = wasmi_ref::run(&reference, plan).map_err(|e| (e, String::new()))?;
            match differ(plan, &theirs, &ours) {
                None => Ok(Reference::Wasmi),
                // wasmi has bugs too: where wasmtime agrees with everything
                // we showed, the case passes.
                Some(_) if wasmi_is_wrong(wasm, plan, &ours) => Ok(Reference::WasmiWrong),
                Some(d) => Err((d.clone(), wast::script(wasm, plan, &theirs, &format!("reference: wasmi\n{d}")))),
            }
        }
        Reference::Wasmtime | Reference::WasmiWrong => {
            let script = wast::script(wasm, plan, &ours, "");
            let checked = if ours.instantiation == Some(crate::difftest::observed::Trap::UncaughtException) {
                wasmtime_ref::check_throws(&script)
            } else {
                wasmtime_ref::check(&script)
            };
            checked.map(|()| Reference::Wasmtime).map_err(|e| {
                let note = format!("reference: wasmtime; the assertions are OUR outcomes, which it rejects\n{e}");
                (e, wast::script(wasm, plan, &ours, &note))
            })
        }
    }
}

/// Whether wasmtime, given our outcomes as assertions, accepts them all:
/// then a divergence from wasmi is wasmi's.
fn wasmi_is_wrong(wasm: &[u8], plan: &Plan, ours: &Observed) -> bool {
    wasmtime_ref::available() && wasmtime_ref::check(&wast::script(wasm, plan, ours, "")).is_ok()
}

/// Compiles, links and loads one module on its own.
pub(super) fn load_one(wasm: &[u8]) -> (objects::Loaded, Result<&'static wasm2native_abi::ModuleDescriptor, String>) {
    let loaded = objects::build(&[ModuleSource { bytes: Ok(wasm.to_vec()), link: true }], wasm2native::WasmVersion::V3);
    let d = match &loaded.modules[0] {
        Compiled::Loaded(d) => Ok(*d),
        Compiled::Failed(e) => Err(e.to_string()),
        Compiled::Unlinked => Err("not linked".into()),
    };
    (loaded, d)
}

/// Whether `wasm` (a shrunk variant of `case`) still diverges.
pub(super) fn still_diverges(case: &Case, wasm: &[u8]) -> bool {
    let Ok(plan) = generate::plan(wasm, &mut case.rng.clone()) else { return false };
    let supported = deterministic::reference_module(wasm).is_ok_and(|r| wasmi_ref::supports(&r));
    if case.reference == Reference::Wasmi && !supported {
        return false;
    }
    let (loaded, d) = load_one(wasm);
    let diverges = match d {
        // A compile error of a valid module is a divergence too.
        Err(_) => wasmparser::validate(wasm).is_ok(),
        Ok(d) => compare(d, wasm, &plan, case.reference).is_err(),
    };
    wasm2native_runtime::release_failed_instances();
    drop(loaded);
    diverges
}

