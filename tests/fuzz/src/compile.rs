//! The compiler oracle: compiles a module to an object and checks the
//! answer against wasmparser's verdict on the same bytes.
//!
//! | wasmparser (the compiler's features) | acceptable answers            |
//! |--------------------------------------|-------------------------------|
//! | valid                                | `Ok`, `Unsupported`           |
//! | invalid                              | `Invalid`, `Malformed`, `UnsupportedProposal`, `Unsupported` |
//!
//! Anything else panics: `Codegen` (Cranelift failed: an internal compiler
//! error), `Object`, an invalid module compiled, a valid one refused.

use wasm2native::{CompileError, CompileOptions, WasmVersion};

use crate::Outcome;

/// The options every target compiles with: an object for embedding (no
/// linking), one thread, everything else the CLI's defaults.
pub fn options() -> CompileOptions {
    CompileOptions {
        executable: false,
        jobs: Some(1),
        ..Default::default()
    }
}

/// wasmparser's verdict with the features the compiler validates with.
pub fn validate(wasm: &[u8]) -> Result<(), wasmparser::BinaryReaderError> {
    let features = wasm2native::module_info::features(WasmVersion::V3);
    wasmparser::Validator::new_with_features(features)
        .validate_all(wasm)
        .map(drop)
}

/// Compiles `wasm` and checks the answer (see the module docs); panics on a
/// wrong one.
pub fn check(wasm: &[u8]) -> Outcome {
    let verdict = validate(wasm);
    let result = wasm2native::compile_to_object(wasm, &options());
    classify(verdict, result)
}

/// Like [`check`], for generators that promise valid modules: an invalid
/// one panics too (the generator's configuration is wrong).
pub fn check_valid(wasm: &[u8]) -> Outcome {
    if let Err(e) = validate(wasm) {
        panic!("generated module is invalid for the compiler's features: {e}");
    }
    check(wasm)
}

/// The outcome of `result` for a module wasmparser judged `verdict`.
fn classify(
    verdict: Result<(), wasmparser::BinaryReaderError>,
    result: wasm2native::Result<Vec<u8>>,
) -> Outcome {
    use CompileError as E;
    match (verdict, result) {
        (_, Err(e @ (E::Codegen { .. } | E::Object(_)))) => panic!("internal compiler error: {e}"),
        (Ok(()), Ok(object)) => {
            assert!(!object.is_empty(), "empty object for a valid module");
            Outcome::Compiled
        }
        // A valid component: resolved, but not compiled yet.
        (_, Err(E::Unsupported(_) | E::Component(_))) => Outcome::Unsupported,
        (Ok(()), Err(e)) => panic!("valid module refused: {e}"),
        (Err(v), Ok(_)) => panic!("invalid module compiled (wasmparser: {v})"),
        (Err(_), Err(E::Invalid { .. } | E::Malformed(_) | E::UnsupportedProposal { .. })) => {
            Outcome::Rejected
        }
        (Err(v), Err(e)) => {
            panic!("invalid module (wasmparser: {v}) refused with the wrong error: {e}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_classified() {
        let valid =
            wat::parse_str("(module (func (export \"f\") (result i32) i32.const 1))").unwrap();
        assert_eq!(check(&valid), Outcome::Compiled);
        assert_eq!(check(b"\0asm\x01\0\0\0\x01"), Outcome::Rejected);
        assert_eq!(check(b"garbage"), Outcome::Rejected);
        let gc = wat::parse_str("(module (type (struct (field i32))) (func (drop (struct.new 0 (i32.const 1)))))").unwrap();
        assert_eq!(check(&gc), Outcome::Compiled);
    }
}
