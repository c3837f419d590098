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

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_what_the_predicate_needs_and_drops_the_rest() {
        let wasm = wat::parse_str(
            r#"(module
                 (func (export "a") (result i32) i32.const 1 i32.const 2 i32.add)
                 (func (export "x") (param i32) (result i32) local.get 0 i32.const 0 i32.div_s)
                 (func (export "b") (result i64) i64.const 7 i64.const 9 i64.mul)
                 (memory (export "m") 1) (data (i32.const 0) "0123456789"))"#,
        )
        .unwrap();
        let has_div = |w: &[u8]| wasmprinter::print_bytes(w).is_ok_and(|t| t.contains("i32.div_s"));
        let small = super::minimize(&wasm, 1, has_div);
        assert!(has_div(&small));
        assert!(small.len() < wasm.len(), "{} bytes, was {}", small.len(), wasm.len());
        wasmparser::validate(&small).unwrap();
    }
}
