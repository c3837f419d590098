//! Fixed-width SIMD (`v128`). Its translation is issue 3's work; until then
//! every SIMD operator is reported as unsupported, by name.

use wasmparser::Operator;

use super::FuncTranslator;
use crate::error::Result;

impl FuncTranslator<'_, '_> {
    /// Translates `op` if it is a SIMD operator this compiler supports.
    pub(super) fn translate_simd(&mut self, _op: &Operator<'_>) -> Result<bool> {
        Ok(false)
    }
}
