//! `wat`: text into the compiler, through the CLI's own input path.

use std::path::Path;

use wasm2native::CompileError;

use crate::Outcome;

/// Reads `data` the way the CLI reads an input file
/// ([`wasm2native::wasm_from_bytes`]: binary passes through, anything else
/// is parsed as text) and compiles what parses. Text that does not parse
/// must be refused as malformed.
pub fn wat(data: &[u8]) -> Outcome {
    match wasm2native::wasm_from_bytes(data, Path::new("fuzz.wat")) {
        Ok(wasm) => crate::compile::check(&wasm),
        Err(CompileError::Malformed(_)) => Outcome::Rejected,
        Err(e) => panic!("text refused with the wrong error: {e}"),
    }
}
