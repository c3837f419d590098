//! Fixed-width SIMD (`v128`).
//!
//! A `v128` always travels on the value stack (and through locals, block
//! parameters and calls) as Cranelift's `I8X16`. An operator that works on
//! another lane shape reinterprets its operands with a lane-order
//! (`little`-endian) `bitcast` and its vector result is cast back, as
//! wasmtime's translator does.
//!
//! Each family lives in its own module: [`memory`] (loads and stores),
//! [`lanes`] (constants, splats, lane access, shuffles), [`int`] (integer
//! and bitwise arithmetic, comparisons, shifts, reductions), [`float`]
//! (float arithmetic and comparisons), [`convert`] (widening, narrowing
//! and conversions between shapes) and [`relaxed`] (the relaxed SIMD
//! proposal of WebAssembly 3.0, with one deterministic choice per
//! operator).

mod convert;
mod float;
mod int;
mod lanes;
mod memory;
mod relaxed;
#[cfg(test)]
mod tests;

use cranelift_codegen::ir::{types, Endianness, InstBuilder, MemFlagsData, Type, Value};
use cranelift_frontend::FunctionBuilder;
use wasmparser::Operator;

use super::FuncTranslator;
use crate::error::Result;

/// The IR type of a `v128` on the value stack.
const V128: Type = types::I8X16;

/// Flags of a bitcast that reinterprets lanes (wasm's lane order is
/// little-endian whatever the target).
fn lane_order() -> MemFlagsData {
    MemFlagsData::new().with_endianness(Endianness::Little)
}

/// Emits the instructions of a one-operand vector operator.
type Unary = fn(&mut FunctionBuilder<'_>, Value) -> Value;
/// Emits the instructions of a two-operand vector operator.
type Binary = fn(&mut FunctionBuilder<'_>, Value, Value) -> Value;

impl FuncTranslator<'_, '_> {
    /// Translates `op` if it is a SIMD operator.
    pub(super) fn translate_simd(&mut self, op: &Operator<'_>) -> Result<bool> {
        Ok(self.simd_memory(op)
            || self.simd_lanes(op)
            || self.simd_int(op)
            || self.simd_float(op)
            || self.simd_convert(op)
            || self.simd_relaxed(op))
    }

    /// Reinterprets vector `v` as `ty`.
    fn as_vector(&mut self, ty: Type, v: Value) -> Value {
        if self.builder.func.dfg.value_type(v) == ty {
            v
        } else {
            self.ins().bitcast(ty, lane_order(), v)
        }
    }

    /// Pops a `v128` viewed as `ty`.
    fn pop_vector(&mut self, ty: Type) -> Value {
        let v = self.pop();
        self.as_vector(ty, v)
    }

    /// Pops two `v128`s viewed as `ty`, bottom first.
    fn pop2_vectors(&mut self, ty: Type) -> (Value, Value) {
        let b = self.pop_vector(ty);
        let a = self.pop_vector(ty);
        (a, b)
    }

    /// Pushes vector `v` in its canonical `I8X16` form.
    fn push_vector(&mut self, v: Value) {
        let v = self.as_vector(V128, v);
        self.push(v);
    }

    /// `v128` (as `ty`) → `v128`.
    fn vector_unary(&mut self, ty: Type, f: impl FnOnce(&mut FunctionBuilder<'_>, Value) -> Value) {
        let a = self.pop_vector(ty);
        let v = f(&mut self.builder, a);
        self.push_vector(v);
    }

    /// `v128`, `v128` (both as `ty`) → `v128`.
    fn vector_binary(&mut self, ty: Type, f: impl FnOnce(&mut FunctionBuilder<'_>, Value, Value) -> Value) {
        let (a, b) = self.pop2_vectors(ty);
        let v = f(&mut self.builder, a, b);
        self.push_vector(v);
    }
}
