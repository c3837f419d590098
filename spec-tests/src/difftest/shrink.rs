//! Minimizing a diverging module: wasm-shrink's reductions (removing
//! functions, exports and instructions) kept while the divergence stays.

/// Attempts at a smaller module before the smallest found is kept.
const ATTEMPTS: u32 = 300;

/// The smallest variant of `wasm` for which `still_diverges` holds
/// (`wasm` itself when none is smaller).
pub fn minimize(wasm: &[u8], seed: u64, mut still_diverges: impl FnMut(&[u8]) -> bool) -> Vec<u8> {
    let run = wasm_shrink::WasmShrink::default()
        .attempts(ATTEMPTS)
        .seed(seed)
        .run(wasm.to_vec(), |candidate| Ok::<bool, anyhow::Error>(still_diverges(candidate)));
    match run {
        Ok(info) => info.output,
        Err(_) => wasm.to_vec(),
    }
}
