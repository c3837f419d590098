//! Building and taking apart vectors: `v128.const`, splats, lane
//! extraction and replacement, `i8x16.shuffle` and `i8x16.swizzle`.
//!
//! Lane `i` is bytes `i*w..(i+1)*w` of the little-endian `v128`, which is
//! Cranelift's lane `i` of the reinterpreted vector. `i8` and `i16` lanes
//! travel as wasm `i32`s: they are truncated on the way in and sign- or
//! zero-extended on the way out.

use cranelift_codegen::ir::types::{F32X4, F64X2, I16X8, I32, I32X4, I64X2, I8X16};
use cranelift_codegen::ir::{ConstantData, InstBuilder, Type, Value};
use wasmparser::Operator;

use super::V128;
use crate::translate::FuncTranslator;

/// How an extracted lane becomes a wasm value.
#[derive(Clone, Copy)]
enum Extract {
    /// `i32`, `i64`, `f32` and `f64` lanes are wasm values already.
    Plain,
    /// `extract_lane_s` of an `i8`/`i16` lane.
    Signed,
    /// `extract_lane_u` of an `i8`/`i16` lane.
    Unsigned,
}

impl FuncTranslator<'_, '_> {
    /// Translates `op` if it builds or takes apart vectors.
    pub(super) fn simd_lanes(&mut self, op: &Operator<'_>) -> bool {
        use Operator as O;
        match op {
            O::V128Const { value } => {
                let v = self.vector_const(value.bytes());
                self.push(v);
            }
            O::I8x16Shuffle { lanes } => {
                let (a, b) = self.pop2_vectors(V128);
                let mask = self.builder.func.dfg.immediates.push(ConstantData::from(&lanes[..]));
                let v = self.ins().shuffle(a, b, mask);
                self.push(v);
            }
            O::I8x16Swizzle => self.vector_binary(V128, |b, x, y| b.ins().swizzle(x, y)),
            _ => {
                if let Some(ty) = splat(op) {
                    let x = self.pop();
                    let v = self.splat(ty, x);
                    self.push_vector(v);
                } else if let Some((ty, lane, ext)) = extract(op) {
                    self.extract_lane(ty, lane, ext);
                } else if let Some((ty, lane)) = replace(op) {
                    self.replace_lane(ty, lane);
                } else {
                    return false;
                }
            }
        }
        true
    }

    /// A `v128` constant from its little-endian bytes.
    fn vector_const(&mut self, bytes: &[u8; 16]) -> Value {
        let c = self.builder.func.dfg.constants.insert(bytes.to_vec().into());
        self.ins().vconst(V128, c)
    }

    /// Scalar `x` (a wasm value) in every lane of a `ty` vector.
    pub(super) fn splat(&mut self, ty: Type, x: Value) -> Value {
        let x = self.narrow_to_lane(ty, x);
        self.ins().splat(ty, x)
    }

    /// Truncates an `i32` to an `i8`/`i16` lane; other values are lanes as
    /// they are.
    fn narrow_to_lane(&mut self, ty: Type, x: Value) -> Value {
        let lane = ty.lane_type();
        if self.builder.func.dfg.value_type(x) == lane {
            x
        } else {
            self.ins().ireduce(lane, x)
        }
    }

    fn extract_lane(&mut self, ty: Type, lane: u8, ext: Extract) {
        let a = self.pop_vector(ty);
        let x = self.ins().extractlane(a, lane);
        let v = match ext {
            Extract::Plain => x,
            Extract::Signed => self.ins().sextend(I32, x),
            Extract::Unsigned => self.ins().uextend(I32, x),
        };
        self.push(v);
    }

    fn replace_lane(&mut self, ty: Type, lane: u8) {
        let x = self.pop();
        let a = self.pop_vector(ty);
        let x = self.narrow_to_lane(ty, x);
        let v = self.ins().insertlane(a, x, lane);
        self.push_vector(v);
    }
}

/// `*.splat`: the vector shape.
fn splat(op: &Operator<'_>) -> Option<Type> {
    use Operator as O;
    Some(match op {
        O::I8x16Splat => I8X16,
        O::I16x8Splat => I16X8,
        O::I32x4Splat => I32X4,
        O::I64x2Splat => I64X2,
        O::F32x4Splat => F32X4,
        O::F64x2Splat => F64X2,
        _ => return None,
    })
}

/// `*.extract_lane*`: shape, lane and extension.
fn extract(op: &Operator<'_>) -> Option<(Type, u8, Extract)> {
    use Operator as O;
    Some(match *op {
        O::I8x16ExtractLaneS { lane } => (I8X16, lane, Extract::Signed),
        O::I8x16ExtractLaneU { lane } => (I8X16, lane, Extract::Unsigned),
        O::I16x8ExtractLaneS { lane } => (I16X8, lane, Extract::Signed),
        O::I16x8ExtractLaneU { lane } => (I16X8, lane, Extract::Unsigned),
        O::I32x4ExtractLane { lane } => (I32X4, lane, Extract::Plain),
        O::I64x2ExtractLane { lane } => (I64X2, lane, Extract::Plain),
        O::F32x4ExtractLane { lane } => (F32X4, lane, Extract::Plain),
        O::F64x2ExtractLane { lane } => (F64X2, lane, Extract::Plain),
        _ => return None,
    })
}

/// `*.replace_lane`: shape and lane.
fn replace(op: &Operator<'_>) -> Option<(Type, u8)> {
    use Operator as O;
    Some(match *op {
        O::I8x16ReplaceLane { lane } => (I8X16, lane),
        O::I16x8ReplaceLane { lane } => (I16X8, lane),
        O::I32x4ReplaceLane { lane } => (I32X4, lane),
        O::I64x2ReplaceLane { lane } => (I64X2, lane),
        O::F32x4ReplaceLane { lane } => (F32X4, lane),
        O::F64x2ReplaceLane { lane } => (F64X2, lane),
        _ => return None,
    })
}
