//! `v128` operators between lane shapes: widening (extend, extended
//! multiply, pairwise add, dot product), saturating narrowing and the
//! float/integer conversions.
//!
//! The `_zero` conversions produce two lanes and zero the upper two:
//! `fcvt_to_*int_sat` to `i64x2` then a saturating narrow with a zero
//! vector, or `fvdemote`, whose upper lanes are zero.

use cranelift_codegen::ir::types::{F32X4, F64X2, I16X8, I32X4, I64X2, I8X16};
use cranelift_codegen::ir::{InstBuilder, Type, Value};
use cranelift_frontend::FunctionBuilder;
use wasmparser::Operator;

use crate::translate::FuncTranslator;

/// Which half of the lanes is widened, and how.
#[derive(Clone, Copy)]
struct Widen {
    signed: bool,
    high: bool,
}

const LOW_S: Widen = Widen { signed: true, high: false };
const HIGH_S: Widen = Widen { signed: true, high: true };
const LOW_U: Widen = Widen { signed: false, high: false };
const HIGH_U: Widen = Widen { signed: false, high: true };

impl Widen {
    /// Half of the lanes of `v`, extended to twice the width.
    fn apply(self, b: &mut FunctionBuilder<'_>, v: Value) -> Value {
        let ins = b.ins();
        match (self.signed, self.high) {
            (true, false) => ins.swiden_low(v),
            (true, true) => ins.swiden_high(v),
            (false, false) => ins.uwiden_low(v),
            (false, true) => ins.uwiden_high(v),
        }
    }
}

/// A conversion between shapes.
#[derive(Clone, Copy)]
enum Conv {
    /// `extend_low/high`.
    Extend(Widen),
    /// `extadd_pairwise`: widen, then add adjacent lanes (signed or not).
    ExtAddPairwise(bool),
    /// `extmul_low/high`.
    ExtMul(Widen),
    /// `narrow` (signed or unsigned saturation) of two vectors.
    Narrow(bool),
    /// `i32x4.dot_i16x8_s`.
    Dot,
    /// `trunc_sat` (signed or not); `zero`: from `f64x2`, upper lanes 0.
    TruncSat { signed: bool, zero: bool },
    /// `convert` (signed or not); `low`: the low two `i32` lanes to `f64x2`.
    Convert { signed: bool, low: bool },
    /// `f32x4.demote_f64x2_zero`.
    Demote,
    /// `f64x2.promote_low_f32x4`.
    Promote,
}

impl FuncTranslator<'_, '_> {
    /// Translates `op` if it converts between lane shapes.
    pub(super) fn simd_convert(&mut self, op: &Operator<'_>) -> bool {
        let Some((ty, conv)) = classify(op) else { return false };
        match conv {
            Conv::Extend(w) => self.vector_unary(ty, |b, a| w.apply(b, a)),
            Conv::ExtAddPairwise(signed) => self.vector_unary(ty, |b, a| ext_add_pairwise(b, signed, a)),
            Conv::ExtMul(w) => self.vector_binary(ty, |b, x, y| {
                let (x, y) = (w.apply(b, x), w.apply(b, y));
                b.ins().imul(x, y)
            }),
            Conv::Narrow(true) => self.vector_binary(ty, |b, x, y| b.ins().snarrow(x, y)),
            Conv::Narrow(false) => self.vector_binary(ty, |b, x, y| b.ins().unarrow(x, y)),
            Conv::Dot => self.vector_binary(ty, dot),
            Conv::TruncSat { signed, zero } => self.vector_unary(ty, |b, a| trunc_sat(b, signed, zero, a)),
            Conv::Convert { signed, low } => self.vector_unary(ty, |b, a| convert(b, signed, low, a)),
            Conv::Demote => self.vector_unary(ty, |b, a| b.ins().fvdemote(a)),
            Conv::Promote => self.vector_unary(ty, |b, a| b.ins().fvpromote_low(a)),
        }
        true
    }
}

/// The operand shape and conversion of `op`.
fn classify(op: &Operator<'_>) -> Option<(Type, Conv)> {
    use Conv::*;
    use Operator as O;
    Some(match op {
        O::I16x8ExtendLowI8x16S => (I8X16, Extend(LOW_S)),
        O::I16x8ExtendHighI8x16S => (I8X16, Extend(HIGH_S)),
        O::I16x8ExtendLowI8x16U => (I8X16, Extend(LOW_U)),
        O::I16x8ExtendHighI8x16U => (I8X16, Extend(HIGH_U)),
        O::I32x4ExtendLowI16x8S => (I16X8, Extend(LOW_S)),
        O::I32x4ExtendHighI16x8S => (I16X8, Extend(HIGH_S)),
        O::I32x4ExtendLowI16x8U => (I16X8, Extend(LOW_U)),
        O::I32x4ExtendHighI16x8U => (I16X8, Extend(HIGH_U)),
        O::I64x2ExtendLowI32x4S => (I32X4, Extend(LOW_S)),
        O::I64x2ExtendHighI32x4S => (I32X4, Extend(HIGH_S)),
        O::I64x2ExtendLowI32x4U => (I32X4, Extend(LOW_U)),
        O::I64x2ExtendHighI32x4U => (I32X4, Extend(HIGH_U)),
        O::I16x8ExtAddPairwiseI8x16S => (I8X16, ExtAddPairwise(true)),
        O::I16x8ExtAddPairwiseI8x16U => (I8X16, ExtAddPairwise(false)),
        O::I32x4ExtAddPairwiseI16x8S => (I16X8, ExtAddPairwise(true)),
        O::I32x4ExtAddPairwiseI16x8U => (I16X8, ExtAddPairwise(false)),
        O::I16x8ExtMulLowI8x16S => (I8X16, ExtMul(LOW_S)),
        O::I16x8ExtMulHighI8x16S => (I8X16, ExtMul(HIGH_S)),
        O::I16x8ExtMulLowI8x16U => (I8X16, ExtMul(LOW_U)),
        O::I16x8ExtMulHighI8x16U => (I8X16, ExtMul(HIGH_U)),
        O::I32x4ExtMulLowI16x8S => (I16X8, ExtMul(LOW_S)),
        O::I32x4ExtMulHighI16x8S => (I16X8, ExtMul(HIGH_S)),
        O::I32x4ExtMulLowI16x8U => (I16X8, ExtMul(LOW_U)),
        O::I32x4ExtMulHighI16x8U => (I16X8, ExtMul(HIGH_U)),
        O::I64x2ExtMulLowI32x4S => (I32X4, ExtMul(LOW_S)),
        O::I64x2ExtMulHighI32x4S => (I32X4, ExtMul(HIGH_S)),
        O::I64x2ExtMulLowI32x4U => (I32X4, ExtMul(LOW_U)),
        O::I64x2ExtMulHighI32x4U => (I32X4, ExtMul(HIGH_U)),
        O::I8x16NarrowI16x8S => (I16X8, Narrow(true)),
        O::I8x16NarrowI16x8U => (I16X8, Narrow(false)),
        O::I16x8NarrowI32x4S => (I32X4, Narrow(true)),
        O::I16x8NarrowI32x4U => (I32X4, Narrow(false)),
        O::I32x4DotI16x8S => (I16X8, Dot),
        O::I32x4TruncSatF32x4S => (F32X4, TruncSat { signed: true, zero: false }),
        O::I32x4TruncSatF32x4U => (F32X4, TruncSat { signed: false, zero: false }),
        O::I32x4TruncSatF64x2SZero => (F64X2, TruncSat { signed: true, zero: true }),
        O::I32x4TruncSatF64x2UZero => (F64X2, TruncSat { signed: false, zero: true }),
        O::F32x4ConvertI32x4S => (I32X4, Convert { signed: true, low: false }),
        O::F32x4ConvertI32x4U => (I32X4, Convert { signed: false, low: false }),
        O::F64x2ConvertLowI32x4S => (I32X4, Convert { signed: true, low: true }),
        O::F64x2ConvertLowI32x4U => (I32X4, Convert { signed: false, low: true }),
        O::F32x4DemoteF64x2Zero => (F64X2, Demote),
        O::F64x2PromoteLowF32x4 => (F32X4, Promote),
        _ => return None,
    })
}

/// Widens both halves of `a` and adds adjacent lanes.
pub(super) fn ext_add_pairwise(b: &mut FunctionBuilder<'_>, signed: bool, a: Value) -> Value {
    let low = Widen { signed, high: false }.apply(b, a);
    let high = Widen { signed, high: true }.apply(b, a);
    b.ins().iadd_pairwise(low, high)
}

/// `i32x4.dot_i16x8_s`: signed products of the `i16` lanes, adjacent
/// pairs added (also the relaxed `i8x16` dot products, on widened lanes).
pub(super) fn dot(b: &mut FunctionBuilder<'_>, x: Value, y: Value) -> Value {
    let product = |b: &mut FunctionBuilder<'_>, w: Widen| {
        let (x, y) = (w.apply(b, x), w.apply(b, y));
        b.ins().imul(x, y)
    };
    let low = product(b, LOW_S);
    let high = product(b, HIGH_S);
    b.ins().iadd_pairwise(low, high)
}

/// Float lanes to saturated `i32` lanes (also the relaxed truncations).
pub(super) fn trunc_sat(b: &mut FunctionBuilder<'_>, signed: bool, zero: bool, a: Value) -> Value {
    let to = if zero { I64X2 } else { I32X4 };
    let v = if signed { b.ins().fcvt_to_sint_sat(to, a) } else { b.ins().fcvt_to_uint_sat(to, a) };
    if !zero {
        return v;
    }
    let zeros = b.func.dfg.constants.insert(vec![0u8; 16].into());
    let zeros = b.ins().vconst(I64X2, zeros);
    if signed {
        b.ins().snarrow(v, zeros)
    } else {
        b.ins().uunarrow(v, zeros)
    }
}

/// `i32` lanes (all four, or the low two widened) to float lanes.
fn convert(b: &mut FunctionBuilder<'_>, signed: bool, low: bool, a: Value) -> Value {
    let (to, a) = if low { (F64X2, Widen { signed, high: false }.apply(b, a)) } else { (F32X4, a) };
    if signed {
        b.ins().fcvt_from_sint(to, a)
    } else {
        b.ins().fcvt_from_uint(to, a)
    }
}
