//! `compile_mutated`: structure-aware (wasm-mutate) and byte-level
//! mutants of valid modules.

use arbitrary::Unstructured;
use wasm_mutate::WasmMutate;

use crate::mutate::{mutate_bytes, Choices};
use crate::seeds::seeds;
use crate::Outcome;

/// Most wasm-mutate rounds applied to one seed.
const MAX_ROUNDS: usize = 3;

/// Builds a mutant from `data` and compiles it: invalid mutants must be
/// refused cleanly, valid ones compile (see [`crate::compile`]).
///
/// `data` decides, in order: the seed (one of [`seeds`], or a wasm-smith
/// module built from the rest of `data`), the kind of mutation (wasm-mutate
/// rounds, byte-level mutations, or both) and then every choice each makes.
pub fn compile_mutated(data: &[u8]) -> Outcome {
    let mut u = Unstructured::new(data);
    let seeds = seeds();
    let pick = u.below(seeds.len() + 1);
    let seed = match seeds.get(pick) {
        Some(seed) => seed.wasm.clone(),
        None => match super::smith_module(&mut u) {
            Some((wasm, _)) => wasm,
            None => return Outcome::Skipped,
        },
    };
    let mode = u.below(3);
    let mut wasm = seed;
    if mode != 1 {
        wasm = structural(&wasm, &mut u);
    }
    if mode != 0 {
        let other = &seeds[u.below(seeds.len())].wasm;
        let rounds = 1 + u.below(8);
        wasm = mutate_bytes(&wasm, other, rounds, &mut u);
    }
    crate::compile::check(&wasm)
}

/// Up to [`MAX_ROUNDS`] wasm-mutate rounds, each seeded from `u`; a round
/// that finds nothing to do leaves the module as it is.
fn structural(wasm: &[u8], u: &mut Unstructured<'_>) -> Vec<u8> {
    let mut current = wasm.to_vec();
    for _ in 0..1 + u.below(MAX_ROUNDS) {
        let seed: u64 = u.arbitrary().unwrap_or(0);
        let preserve = u.arbitrary().unwrap_or(false);
        // wasm-mutate 0.263 panics on a module that exports a tag
        // (`remove_export.rs`: "Unknown export"); such modules get only
        // byte-level mutations. A panic of the mutator is its bug, not the
        // compiler's: the round then does nothing. (Under libFuzzer, whose
        // panic hook aborts, the first check is what keeps it quiet.)
        if exports_a_tag(&current) {
            break;
        }
        let next = std::panic::catch_unwind(|| {
            let mut mutator = WasmMutate::default();
            mutator.seed(seed).fuel(1000).preserve_semantics(preserve);
            let next = match mutator.run(&current) {
                Ok(mut mutants) => mutants.next().and_then(Result::ok),
                Err(_) => None,
            };
            next
        })
        .ok()
        .flatten();
        if let Some(next) = next {
            current = next;
        }
    }
    current
}

/// Whether `wasm` exports a tag.
fn exports_a_tag(wasm: &[u8]) -> bool {
    wasmparser::Parser::new(0).parse_all(wasm).any(|p| match p {
        Ok(wasmparser::Payload::ExportSection(r)) => {
            r.into_iter().any(|e| e.is_ok_and(|e| e.kind == wasmparser::ExternalKind::Tag))
        }
        _ => false,
    })
}
