//! Float `v128` operators: arithmetic, rounding and comparisons.
//!
//! Cranelift's vector `fmin`/`fmax` have wasm's semantics (NaN in, NaN out;
//! -0 orders below +0). The pseudo-min/max `pmin`/`pmax` are defined as a
//! plain `b < a ? b : a` / `a < b ? b : a` and are built from `fcmp` and
//! `bitselect` in exactly that operand order (which x86 lowers to
//! `minps`/`maxps`).

use cranelift_codegen::ir::condcodes::FloatCC;
use cranelift_codegen::ir::types::{F32X4, F64X2};
use cranelift_codegen::ir::{InstBuilder, Type, Value};
use cranelift_frontend::FunctionBuilder;
use wasmparser::Operator;

use super::{lane_order, Binary, Unary};
use crate::translate::FuncTranslator;

impl FuncTranslator<'_, '_> {
    /// Translates `op` if it is a float SIMD operator.
    pub(super) fn simd_float(&mut self, op: &Operator<'_>) -> bool {
        if let Some((ty, f)) = unary(op) {
            self.vector_unary(ty, f);
        } else if let Some((ty, f)) = binary(op) {
            self.vector_binary(ty, f);
        } else if let Some((ty, cc)) = compare(op) {
            self.vector_binary(ty, |b, x, y| b.ins().fcmp(cc, x, y));
        } else {
            return false;
        }
        true
    }
}

/// `v128` → `v128` float operators.
fn unary(op: &Operator<'_>) -> Option<(Type, Unary)> {
    use Operator as O;
    let abs: Unary = |b, a| b.ins().fabs(a);
    let neg: Unary = |b, a| b.ins().fneg(a);
    let sqrt: Unary = |b, a| b.ins().sqrt(a);
    let ceil: Unary = |b, a| b.ins().ceil(a);
    let floor: Unary = |b, a| b.ins().floor(a);
    let trunc: Unary = |b, a| b.ins().trunc(a);
    let nearest: Unary = |b, a| b.ins().nearest(a);
    Some(match op {
        O::F32x4Abs => (F32X4, abs),
        O::F64x2Abs => (F64X2, abs),
        O::F32x4Neg => (F32X4, neg),
        O::F64x2Neg => (F64X2, neg),
        O::F32x4Sqrt => (F32X4, sqrt),
        O::F64x2Sqrt => (F64X2, sqrt),
        O::F32x4Ceil => (F32X4, ceil),
        O::F64x2Ceil => (F64X2, ceil),
        O::F32x4Floor => (F32X4, floor),
        O::F64x2Floor => (F64X2, floor),
        O::F32x4Trunc => (F32X4, trunc),
        O::F64x2Trunc => (F64X2, trunc),
        O::F32x4Nearest => (F32X4, nearest),
        O::F64x2Nearest => (F64X2, nearest),
        _ => return None,
    })
}

/// `v128`, `v128` → `v128` float operators.
fn binary(op: &Operator<'_>) -> Option<(Type, Binary)> {
    use Operator as O;
    let add: Binary = |b, x, y| b.ins().fadd(x, y);
    let sub: Binary = |b, x, y| b.ins().fsub(x, y);
    let mul: Binary = |b, x, y| b.ins().fmul(x, y);
    let div: Binary = |b, x, y| b.ins().fdiv(x, y);
    let min: Binary = |b, x, y| b.ins().fmin(x, y);
    let max: Binary = |b, x, y| b.ins().fmax(x, y);
    // pmin: y < x ? y : x.
    let pmin: Binary = |b, x, y| select_lt(b, y, x, y, x);
    // pmax: x < y ? y : x.
    let pmax: Binary = |b, x, y| select_lt(b, x, y, y, x);
    Some(match op {
        O::F32x4Add => (F32X4, add),
        O::F64x2Add => (F64X2, add),
        O::F32x4Sub => (F32X4, sub),
        O::F64x2Sub => (F64X2, sub),
        O::F32x4Mul => (F32X4, mul),
        O::F64x2Mul => (F64X2, mul),
        O::F32x4Div => (F32X4, div),
        O::F64x2Div => (F64X2, div),
        O::F32x4Min => (F32X4, min),
        O::F64x2Min => (F64X2, min),
        O::F32x4Max => (F32X4, max),
        O::F64x2Max => (F64X2, max),
        O::F32x4PMin => (F32X4, pmin),
        O::F64x2PMin => (F64X2, pmin),
        O::F32x4PMax => (F32X4, pmax),
        O::F64x2PMax => (F64X2, pmax),
        _ => return None,
    })
}

/// Lane-wise `l < r ? t : f`.
fn select_lt(b: &mut FunctionBuilder<'_>, l: Value, r: Value, t: Value, f: Value) -> Value {
    let ty = b.func.dfg.value_type(t);
    let mask = b.ins().fcmp(FloatCC::LessThan, l, r);
    let mask = b.ins().bitcast(ty, lane_order(), mask);
    b.ins().bitselect(mask, t, f)
}

/// Lane-wise float comparisons (all-ones lanes where true).
fn compare(op: &Operator<'_>) -> Option<(Type, FloatCC)> {
    use FloatCC::*;
    use Operator as O;
    Some(match op {
        O::F32x4Eq => (F32X4, Equal),
        O::F32x4Ne => (F32X4, NotEqual),
        O::F32x4Lt => (F32X4, LessThan),
        O::F32x4Gt => (F32X4, GreaterThan),
        O::F32x4Le => (F32X4, LessThanOrEqual),
        O::F32x4Ge => (F32X4, GreaterThanOrEqual),
        O::F64x2Eq => (F64X2, Equal),
        O::F64x2Ne => (F64X2, NotEqual),
        O::F64x2Lt => (F64X2, LessThan),
        O::F64x2Gt => (F64X2, GreaterThan),
        O::F64x2Le => (F64X2, LessThanOrEqual),
        O::F64x2Ge => (F64X2, GreaterThanOrEqual),
        _ => return None,
    })
}
