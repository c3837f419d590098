//! Integer and bitwise `v128` operators: arithmetic, comparisons, shifts
//! and reductions to a scalar.
//!
//! Cranelift's vector instructions have the wasm semantics directly:
//! `ishl`/`ushr`/`sshr` take the scalar amount modulo the lane width, the
//! `*_sat` forms saturate, `avg_round` is unsigned rounding average and
//! `sqmul_round_sat` is Q15 rounding multiplication with saturation.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::types::{I16X8, I32, I32X4, I64X2, I8, I8X16};
use cranelift_codegen::ir::{InstBuilder, Type};
use wasmparser::Operator;

use super::{Binary, Unary, V128};
use crate::translate::FuncTranslator;

impl FuncTranslator<'_, '_> {
    /// Translates `op` if it is an integer or bitwise SIMD operator.
    pub(super) fn simd_int(&mut self, op: &Operator<'_>) -> bool {
        if let Some((ty, f)) = unary(op) {
            self.vector_unary(ty, f);
        } else if let Some((ty, f)) = binary(op) {
            self.vector_binary(ty, f);
        } else if let Some((ty, cc)) = compare(op) {
            self.vector_binary(ty, |b, x, y| b.ins().icmp(cc, x, y));
        } else if let Some((ty, f)) = shift(op) {
            let amount = self.pop();
            let a = self.pop_vector(ty);
            let v = f(&mut self.builder, a, amount);
            self.push_vector(v);
        } else if let Some((ty, f)) = reduce(op) {
            let a = self.pop_vector(ty);
            let mut v = f(&mut self.builder, a);
            if self.builder.func.dfg.value_type(v) == I8 {
                v = self.bool_to_i32(v);
            }
            self.push(v);
        } else if let Operator::V128Bitselect = op {
            let c = self.pop_vector(V128);
            let (a, b) = self.pop2_vectors(V128);
            let v = self.ins().bitselect(c, a, b);
            self.push_vector(v);
        } else {
            return false;
        }
        true
    }
}

/// `v128` → `v128` operators: the shape they read and their instruction.
fn unary(op: &Operator<'_>) -> Option<(Type, Unary)> {
    use Operator as O;
    let abs: Unary = |b, a| b.ins().iabs(a);
    let neg: Unary = |b, a| b.ins().ineg(a);
    Some(match op {
        O::V128Not => (V128, |b, a| b.ins().bnot(a)),
        O::I8x16Popcnt => (I8X16, |b, a| b.ins().popcnt(a)),
        O::I8x16Abs => (I8X16, abs),
        O::I16x8Abs => (I16X8, abs),
        O::I32x4Abs => (I32X4, abs),
        O::I64x2Abs => (I64X2, abs),
        O::I8x16Neg => (I8X16, neg),
        O::I16x8Neg => (I16X8, neg),
        O::I32x4Neg => (I32X4, neg),
        O::I64x2Neg => (I64X2, neg),
        _ => return None,
    })
}

/// `v128`, `v128` → `v128` operators.
fn binary(op: &Operator<'_>) -> Option<(Type, Binary)> {
    use Operator as O;
    let add: Binary = |b, x, y| b.ins().iadd(x, y);
    let sub: Binary = |b, x, y| b.ins().isub(x, y);
    let mul: Binary = |b, x, y| b.ins().imul(x, y);
    let add_sat_s: Binary = |b, x, y| b.ins().sadd_sat(x, y);
    let add_sat_u: Binary = |b, x, y| b.ins().uadd_sat(x, y);
    let sub_sat_s: Binary = |b, x, y| b.ins().ssub_sat(x, y);
    let sub_sat_u: Binary = |b, x, y| b.ins().usub_sat(x, y);
    let min_s: Binary = |b, x, y| b.ins().smin(x, y);
    let min_u: Binary = |b, x, y| b.ins().umin(x, y);
    let max_s: Binary = |b, x, y| b.ins().smax(x, y);
    let max_u: Binary = |b, x, y| b.ins().umax(x, y);
    let avgr_u: Binary = |b, x, y| b.ins().avg_round(x, y);
    Some(match op {
        O::V128And => (V128, |b, x, y| b.ins().band(x, y)),
        O::V128AndNot => (V128, |b, x, y| b.ins().band_not(x, y)),
        O::V128Or => (V128, |b, x, y| b.ins().bor(x, y)),
        O::V128Xor => (V128, |b, x, y| b.ins().bxor(x, y)),
        O::I8x16Add => (I8X16, add),
        O::I16x8Add => (I16X8, add),
        O::I32x4Add => (I32X4, add),
        O::I64x2Add => (I64X2, add),
        O::I8x16Sub => (I8X16, sub),
        O::I16x8Sub => (I16X8, sub),
        O::I32x4Sub => (I32X4, sub),
        O::I64x2Sub => (I64X2, sub),
        O::I16x8Mul => (I16X8, mul),
        O::I32x4Mul => (I32X4, mul),
        O::I64x2Mul => (I64X2, mul),
        O::I8x16AddSatS => (I8X16, add_sat_s),
        O::I16x8AddSatS => (I16X8, add_sat_s),
        O::I8x16AddSatU => (I8X16, add_sat_u),
        O::I16x8AddSatU => (I16X8, add_sat_u),
        O::I8x16SubSatS => (I8X16, sub_sat_s),
        O::I16x8SubSatS => (I16X8, sub_sat_s),
        O::I8x16SubSatU => (I8X16, sub_sat_u),
        O::I16x8SubSatU => (I16X8, sub_sat_u),
        O::I8x16MinS => (I8X16, min_s),
        O::I16x8MinS => (I16X8, min_s),
        O::I32x4MinS => (I32X4, min_s),
        O::I8x16MinU => (I8X16, min_u),
        O::I16x8MinU => (I16X8, min_u),
        O::I32x4MinU => (I32X4, min_u),
        O::I8x16MaxS => (I8X16, max_s),
        O::I16x8MaxS => (I16X8, max_s),
        O::I32x4MaxS => (I32X4, max_s),
        O::I8x16MaxU => (I8X16, max_u),
        O::I16x8MaxU => (I16X8, max_u),
        O::I32x4MaxU => (I32X4, max_u),
        O::I8x16AvgrU => (I8X16, avgr_u),
        O::I16x8AvgrU => (I16X8, avgr_u),
        O::I16x8Q15MulrSatS => (I16X8, |b, x, y| b.ins().sqmul_round_sat(x, y)),
        _ => return None,
    })
}

/// Lane-wise integer comparisons (all-ones lanes where true).
fn compare(op: &Operator<'_>) -> Option<(Type, IntCC)> {
    use IntCC::*;
    use Operator as O;
    Some(match op {
        O::I8x16Eq => (I8X16, Equal),
        O::I8x16Ne => (I8X16, NotEqual),
        O::I8x16LtS => (I8X16, SignedLessThan),
        O::I8x16LtU => (I8X16, UnsignedLessThan),
        O::I8x16GtS => (I8X16, SignedGreaterThan),
        O::I8x16GtU => (I8X16, UnsignedGreaterThan),
        O::I8x16LeS => (I8X16, SignedLessThanOrEqual),
        O::I8x16LeU => (I8X16, UnsignedLessThanOrEqual),
        O::I8x16GeS => (I8X16, SignedGreaterThanOrEqual),
        O::I8x16GeU => (I8X16, UnsignedGreaterThanOrEqual),
        O::I16x8Eq => (I16X8, Equal),
        O::I16x8Ne => (I16X8, NotEqual),
        O::I16x8LtS => (I16X8, SignedLessThan),
        O::I16x8LtU => (I16X8, UnsignedLessThan),
        O::I16x8GtS => (I16X8, SignedGreaterThan),
        O::I16x8GtU => (I16X8, UnsignedGreaterThan),
        O::I16x8LeS => (I16X8, SignedLessThanOrEqual),
        O::I16x8LeU => (I16X8, UnsignedLessThanOrEqual),
        O::I16x8GeS => (I16X8, SignedGreaterThanOrEqual),
        O::I16x8GeU => (I16X8, UnsignedGreaterThanOrEqual),
        O::I32x4Eq => (I32X4, Equal),
        O::I32x4Ne => (I32X4, NotEqual),
        O::I32x4LtS => (I32X4, SignedLessThan),
        O::I32x4LtU => (I32X4, UnsignedLessThan),
        O::I32x4GtS => (I32X4, SignedGreaterThan),
        O::I32x4GtU => (I32X4, UnsignedGreaterThan),
        O::I32x4LeS => (I32X4, SignedLessThanOrEqual),
        O::I32x4LeU => (I32X4, UnsignedLessThanOrEqual),
        O::I32x4GeS => (I32X4, SignedGreaterThanOrEqual),
        O::I32x4GeU => (I32X4, UnsignedGreaterThanOrEqual),
        O::I64x2Eq => (I64X2, Equal),
        O::I64x2Ne => (I64X2, NotEqual),
        O::I64x2LtS => (I64X2, SignedLessThan),
        O::I64x2GtS => (I64X2, SignedGreaterThan),
        O::I64x2LeS => (I64X2, SignedLessThanOrEqual),
        O::I64x2GeS => (I64X2, SignedGreaterThanOrEqual),
        _ => return None,
    })
}

/// Shifts of every lane by a scalar `i32` amount.
fn shift(op: &Operator<'_>) -> Option<(Type, Binary)> {
    use Operator as O;
    let shl: Binary = |b, x, n| b.ins().ishl(x, n);
    let shr_s: Binary = |b, x, n| b.ins().sshr(x, n);
    let shr_u: Binary = |b, x, n| b.ins().ushr(x, n);
    Some(match op {
        O::I8x16Shl => (I8X16, shl),
        O::I16x8Shl => (I16X8, shl),
        O::I32x4Shl => (I32X4, shl),
        O::I64x2Shl => (I64X2, shl),
        O::I8x16ShrS => (I8X16, shr_s),
        O::I16x8ShrS => (I16X8, shr_s),
        O::I32x4ShrS => (I32X4, shr_s),
        O::I64x2ShrS => (I64X2, shr_s),
        O::I8x16ShrU => (I8X16, shr_u),
        O::I16x8ShrU => (I16X8, shr_u),
        O::I32x4ShrU => (I32X4, shr_u),
        O::I64x2ShrU => (I64X2, shr_u),
        _ => return None,
    })
}

/// `v128` → `i32` reductions (an `i8` boolean result is widened).
fn reduce(op: &Operator<'_>) -> Option<(Type, Unary)> {
    use Operator as O;
    let all_true: Unary = |b, a| b.ins().vall_true(a);
    let bitmask: Unary = |b, a| b.ins().vhigh_bits(I32, a);
    Some(match op {
        O::V128AnyTrue => (V128, |b, a| b.ins().vany_true(a)),
        O::I8x16AllTrue => (I8X16, all_true),
        O::I16x8AllTrue => (I16X8, all_true),
        O::I32x4AllTrue => (I32X4, all_true),
        O::I64x2AllTrue => (I64X2, all_true),
        O::I8x16Bitmask => (I8X16, bitmask),
        O::I16x8Bitmask => (I16X8, bitmask),
        O::I32x4Bitmask => (I32X4, bitmask),
        O::I64x2Bitmask => (I64X2, bitmask),
        _ => return None,
    })
}
