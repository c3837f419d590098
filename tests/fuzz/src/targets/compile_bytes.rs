//! `compile_bytes`: arbitrary bytes straight into the compiler.

use crate::Outcome;

/// Compiles `data` as a binary module: an invalid one must be refused
/// cleanly, a valid one compile (or be unsupported); see
/// [`crate::compile`].
pub fn compile_bytes(data: &[u8]) -> Outcome {
    crate::compile::check(data)
}
