//! Wide arithmetic (WebAssembly 3.0): 128-bit addition and subtraction on
//! pairs of `i64`, and the full 128-bit product of two `i64`.
//!
//! A 128-bit operand is two `i64` on the value stack, low half first
//! (deeper), high half on top; the results are pushed the same way.
//! Cranelift's `i128` is used only inside one operator: `iconcat` builds it
//! from the halves and `isplit` takes it apart again, both free in the
//! backends, so `add128` becomes `add`/`adc` on x86-64 and `adds`/`adc` on
//! AArch64. For the products the operands are extended to `i128` first;
//! both backends recognise a multiplication of two extended `i64` and emit
//! one widening multiply (`mul`/`imul` on x86-64, `mul` + `umulh`/`smulh`
//! on AArch64) instead of a general 128-bit product.

use cranelift_codegen::ir::types::I128;
use cranelift_codegen::ir::{InstBuilder, Value};
use wasmparser::Operator;

use super::FuncTranslator;

impl FuncTranslator<'_, '_> {
    /// Translates `op` if it is a wide-arithmetic operator.
    pub(super) fn translate_wide(&mut self, op: &Operator<'_>) -> bool {
        use Operator as O;
        match op {
            O::I64Add128 | O::I64Sub128 => {
                let (b_lo, b_hi) = self.pop2();
                let (a_lo, a_hi) = self.pop2();
                let a = self.ins().iconcat(a_lo, a_hi);
                let b = self.ins().iconcat(b_lo, b_hi);
                let r = if matches!(op, O::I64Add128) { self.ins().iadd(a, b) } else { self.ins().isub(a, b) };
                self.push_i128(r);
            }
            O::I64MulWideS | O::I64MulWideU => {
                let (a, b) = self.pop2();
                let signed = matches!(op, O::I64MulWideS);
                let extend = |t: &mut Self, v: Value| {
                    if signed {
                        t.ins().sextend(I128, v)
                    } else {
                        t.ins().uextend(I128, v)
                    }
                };
                let (a, b) = (extend(self, a), extend(self, b));
                let r = self.ins().imul(a, b);
                self.push_i128(r);
            }
            _ => return false,
        }
        true
    }

    /// Pushes an `i128` as its low then its high `i64`.
    fn push_i128(&mut self, v: Value) {
        let (lo, hi) = self.ins().isplit(v);
        self.push(lo);
        self.push(hi);
    }
}

#[cfg(test)]
mod tests {
    //! The four operators compile for x86-64 and AArch64, with and without
    //! optimization, to inline code (no `__multi3`-style libcall), and a
    //! 128-bit value survives locals, blocks and calls as two `i64`.
    //! Results are checked by the spec tests
    //! (`proposals/wide-arithmetic/wide-arithmetic.wast`) and
    //! `spec-tests/tests/wast/relaxed-deterministic.wast`.

    use object::{Object, ObjectSymbol};
    use target_lexicon::Triple;

    use crate::options::{CompileOptions, OptLevel};

    const WAT: &str = r#"(module
      (func (export "add128") (param i64 i64 i64 i64) (result i64 i64)
        (i64.add128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
      (func (export "sub128") (param i64 i64 i64 i64) (result i64 i64)
        (i64.sub128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
      (func $s (export "mul_wide_s") (param i64 i64) (result i64 i64)
        (i64.mul_wide_s (local.get 0) (local.get 1)))
      (func (export "mul_wide_u") (param i64 i64) (result i64 i64)
        (i64.mul_wide_u (local.get 0) (local.get 1)))
      (func (export "mix") (param i64 i64 i32) (result i64 i64) (local i64 i64)
        (i64.mul_wide_u (local.get 0) (local.get 1))
        (local.set 4) (local.set 3)
        (block (result i64 i64)
          (call $s (local.get 3) (local.get 4)))
        (if (param i64 i64) (result i64 i64) (local.get 2)
          (then (i64.add128 (local.get 3) (local.get 4)))
          (else (i64.sub128 (local.get 4) (local.get 3))))))"#;

    #[test]
    fn wide_arithmetic_compiles_to_inline_code() {
        let wasm = wat::parse_str(WAT).unwrap();
        for target in ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"] {
            for opt_level in [OptLevel::None, OptLevel::SpeedAndSize] {
                let opts = CompileOptions {
                    executable: false,
                    target: target.parse::<Triple>().unwrap(),
                    opt_level,
                    ..Default::default()
                };
                let obj = crate::compile_to_object(&wasm, &opts)
                    .unwrap_or_else(|e| panic!("{target} {opt_level:?}: {e}"));
                let file = object::File::parse(&*obj).unwrap();
                let undefined: Vec<_> = file
                    .symbols()
                    .filter(|s| s.is_undefined())
                    .filter_map(|s| s.name().ok().filter(|n| !n.is_empty()).map(str::to_string))
                    .collect();
                assert!(undefined.is_empty(), "{target} {opt_level:?}: undefined symbols {undefined:?}");
            }
        }
    }
}
