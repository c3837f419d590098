//! `v128` loads and stores: whole vectors, extending loads, splatting and
//! zero-filling loads, and single-lane loads and stores.
//!
//! Every access goes through [`FuncTranslator::heap_access`] with the
//! number of bytes it touches, so bounds checks and trap codes are those of
//! scalar accesses. The flags it returns are little-endian: memory holds
//! lanes in wasm's order.

use cranelift_codegen::ir::types::{I16X8, I32X4, I64X2, I8X16};
use cranelift_codegen::ir::{InstBuilder, Type, Value};
use wasmparser::{MemArg, Operator};

use super::V128;
use crate::translate::FuncTranslator;

/// What a SIMD memory operator does; types are vector shapes.
#[derive(Clone, Copy)]
enum Access {
    /// `v128.load`.
    Load,
    /// `v128.load{8x8,16x4,32x2}_{s,u}`: 8 bytes of lanes of `shape`,
    /// each widened.
    LoadExtend { shape: Type, signed: bool },
    /// `v128.load*_splat`: one lane, in every lane.
    LoadSplat(Type),
    /// `v128.load{32,64}_zero`: one lane, the others zero.
    LoadZero(Type),
    /// `v128.load*_lane`.
    LoadLane(Type, u8),
    /// `v128.store`.
    Store,
    /// `v128.store*_lane`.
    StoreLane(Type, u8),
}

impl FuncTranslator<'_, '_> {
    /// Translates `op` if it is a SIMD load or store.
    pub(super) fn simd_memory(&mut self, op: &Operator<'_>) -> bool {
        let Some((memarg, access)) = classify(op) else { return false };
        match access {
            Access::Load => {
                let v = self.load_scalar(memarg, V128);
                self.push(v);
            }
            Access::LoadExtend { shape, signed } => self.load_extend(memarg, shape, signed),
            Access::LoadSplat(ty) => {
                let x = self.load_scalar(memarg, ty.lane_type());
                let v = self.splat(ty, x);
                self.push_vector(v);
            }
            Access::LoadZero(ty) => {
                let x = self.load_scalar(memarg, ty.lane_type());
                let v = self.ins().scalar_to_vector(ty, x);
                self.push_vector(v);
            }
            Access::LoadLane(ty, lane) => {
                let a = self.pop_vector(ty);
                let x = self.load_scalar(memarg, ty.lane_type());
                let v = self.ins().insertlane(a, x, lane);
                self.push_vector(v);
            }
            Access::Store => {
                let v = self.pop();
                self.store_scalar(memarg, v);
            }
            Access::StoreLane(ty, lane) => {
                let a = self.pop_vector(ty);
                let x = self.ins().extractlane(a, lane);
                self.store_scalar(memarg, x);
            }
        }
        true
    }

    /// Pops an address and loads a `ty` from it.
    fn load_scalar(&mut self, memarg: &MemArg, ty: Type) -> Value {
        let index = self.pop();
        let (addr, offset, flags) = self.heap_access(memarg, index, ty.bytes());
        self.ins().load(ty, flags, addr, offset)
    }

    /// Pops an address and stores `value` (a whole vector or one lane).
    fn store_scalar(&mut self, memarg: &MemArg, value: Value) {
        let index = self.pop();
        let size = self.builder.func.dfg.value_type(value).bytes();
        let (addr, offset, flags) = self.heap_access(memarg, index, size);
        self.ins().store(flags, value, addr, offset);
    }

    /// `v128.load{8x8,16x4,32x2}_{s,u}`.
    fn load_extend(&mut self, memarg: &MemArg, shape: Type, signed: bool) {
        let index = self.pop();
        let (addr, offset, flags) = self.heap_access(memarg, index, 8);
        let ins = self.ins();
        let v = match (shape.lane_bits(), signed) {
            (8, true) => ins.sload8x8(flags, addr, offset),
            (8, false) => ins.uload8x8(flags, addr, offset),
            (16, true) => ins.sload16x4(flags, addr, offset),
            (16, false) => ins.uload16x4(flags, addr, offset),
            (32, true) => ins.sload32x2(flags, addr, offset),
            (32, false) => ins.uload32x2(flags, addr, offset),
            _ => unreachable!("no extending load of {shape}"),
        };
        self.push_vector(v);
    }
}

/// The memory argument and access of a SIMD memory operator.
fn classify<'o>(op: &'o Operator<'_>) -> Option<(&'o MemArg, Access)> {
    use Access::*;
    use Operator as O;
    let extend = |shape, signed| LoadExtend { shape, signed };
    Some(match op {
        O::V128Load { memarg } => (memarg, Load),
        O::V128Load8x8S { memarg } => (memarg, extend(I8X16, true)),
        O::V128Load8x8U { memarg } => (memarg, extend(I8X16, false)),
        O::V128Load16x4S { memarg } => (memarg, extend(I16X8, true)),
        O::V128Load16x4U { memarg } => (memarg, extend(I16X8, false)),
        O::V128Load32x2S { memarg } => (memarg, extend(I32X4, true)),
        O::V128Load32x2U { memarg } => (memarg, extend(I32X4, false)),
        O::V128Load8Splat { memarg } => (memarg, LoadSplat(I8X16)),
        O::V128Load16Splat { memarg } => (memarg, LoadSplat(I16X8)),
        O::V128Load32Splat { memarg } => (memarg, LoadSplat(I32X4)),
        O::V128Load64Splat { memarg } => (memarg, LoadSplat(I64X2)),
        O::V128Load32Zero { memarg } => (memarg, LoadZero(I32X4)),
        O::V128Load64Zero { memarg } => (memarg, LoadZero(I64X2)),
        O::V128Load8Lane { memarg, lane } => (memarg, LoadLane(I8X16, *lane)),
        O::V128Load16Lane { memarg, lane } => (memarg, LoadLane(I16X8, *lane)),
        O::V128Load32Lane { memarg, lane } => (memarg, LoadLane(I32X4, *lane)),
        O::V128Load64Lane { memarg, lane } => (memarg, LoadLane(I64X2, *lane)),
        O::V128Store { memarg } => (memarg, Store),
        O::V128Store8Lane { memarg, lane } => (memarg, StoreLane(I8X16, *lane)),
        O::V128Store16Lane { memarg, lane } => (memarg, StoreLane(I16X8, *lane)),
        O::V128Store32Lane { memarg, lane } => (memarg, StoreLane(I32X4, *lane)),
        O::V128Store64Lane { memarg, lane } => (memarg, StoreLane(I64X2, *lane)),
        _ => return None,
    })
}
