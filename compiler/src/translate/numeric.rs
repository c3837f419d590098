//! Scalar numeric operators: constants, integer and float arithmetic,
//! comparisons and conversions.
//!
//! Cranelift's instructions already have the wasm semantics we need:
//! `sdiv`/`udiv`/`srem`/`urem` trap on zero and overflow, shifts and rotates
//! take the amount modulo the width, `fmin`/`fmax` propagate NaN and order
//! -0 below +0, `fcvt_to_*int` trap on NaN and overflow, and the `_sat`
//! forms saturate.

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{types, InstBuilder, MemFlagsData, Type, Value};
use wasmparser::Operator;

use super::FuncTranslator;
use crate::error::Result;

/// Integer binary operators.
#[derive(Clone, Copy)]
enum IBin {
    Add,
    Sub,
    Mul,
    DivS,
    DivU,
    RemS,
    RemU,
    And,
    Or,
    Xor,
    Shl,
    ShrS,
    ShrU,
    Rotl,
    Rotr,
}

/// Float binary operators.
#[derive(Clone, Copy)]
enum FBin {
    Add,
    Sub,
    Mul,
    Div,
    Min,
    Max,
    Copysign,
}

/// Float unary operators.
#[derive(Clone, Copy)]
enum FUn {
    Abs,
    Neg,
    Ceil,
    Floor,
    Trunc,
    Nearest,
    Sqrt,
}

/// Float-to-int conversions.
#[derive(Clone, Copy)]
enum ToInt {
    Signed,
    Unsigned,
    SignedSat,
    UnsignedSat,
}

impl FuncTranslator<'_, '_> {
    /// Translates `op` if it is a scalar numeric operator.
    pub(super) fn translate_numeric(&mut self, op: &Operator<'_>) -> Result<bool> {
        use types::{F32, F64, I32, I64};
        use Operator as O;
        match *op {
            O::I32Const { value } => {
                let v = self.ins().iconst(I32, i64::from(value));
                self.push(v);
            }
            O::I64Const { value } => {
                let v = self.ins().iconst(I64, value);
                self.push(v);
            }
            O::F32Const { value } => {
                let v = self.ins().f32const(cranelift_codegen::ir::immediates::Ieee32::with_bits(value.bits()));
                self.push(v);
            }
            O::F64Const { value } => {
                let v = self.ins().f64const(cranelift_codegen::ir::immediates::Ieee64::with_bits(value.bits()));
                self.push(v);
            }

            O::I32Eqz | O::I64Eqz => {
                let a = self.pop();
                let b = self.ins().icmp_imm_u(IntCC::Equal, a, 0);
                let v = self.bool_to_i32(b);
                self.push(v);
            }
            O::I32Eq | O::I64Eq => self.icmp(IntCC::Equal),
            O::I32Ne | O::I64Ne => self.icmp(IntCC::NotEqual),
            O::I32LtS | O::I64LtS => self.icmp(IntCC::SignedLessThan),
            O::I32LtU | O::I64LtU => self.icmp(IntCC::UnsignedLessThan),
            O::I32GtS | O::I64GtS => self.icmp(IntCC::SignedGreaterThan),
            O::I32GtU | O::I64GtU => self.icmp(IntCC::UnsignedGreaterThan),
            O::I32LeS | O::I64LeS => self.icmp(IntCC::SignedLessThanOrEqual),
            O::I32LeU | O::I64LeU => self.icmp(IntCC::UnsignedLessThanOrEqual),
            O::I32GeS | O::I64GeS => self.icmp(IntCC::SignedGreaterThanOrEqual),
            O::I32GeU | O::I64GeU => self.icmp(IntCC::UnsignedGreaterThanOrEqual),

            O::I32Clz | O::I64Clz => self.unary(|b, a| b.ins().clz(a)),
            O::I32Ctz | O::I64Ctz => self.unary(|b, a| b.ins().ctz(a)),
            O::I32Popcnt | O::I64Popcnt => self.unary(|b, a| b.ins().popcnt(a)),

            O::I32Add | O::I64Add => self.ibin(IBin::Add),
            O::I32Sub | O::I64Sub => self.ibin(IBin::Sub),
            O::I32Mul | O::I64Mul => self.ibin(IBin::Mul),
            O::I32DivS | O::I64DivS => self.ibin(IBin::DivS),
            O::I32DivU | O::I64DivU => self.ibin(IBin::DivU),
            O::I32RemS | O::I64RemS => self.ibin(IBin::RemS),
            O::I32RemU | O::I64RemU => self.ibin(IBin::RemU),
            O::I32And | O::I64And => self.ibin(IBin::And),
            O::I32Or | O::I64Or => self.ibin(IBin::Or),
            O::I32Xor | O::I64Xor => self.ibin(IBin::Xor),
            O::I32Shl | O::I64Shl => self.ibin(IBin::Shl),
            O::I32ShrS | O::I64ShrS => self.ibin(IBin::ShrS),
            O::I32ShrU | O::I64ShrU => self.ibin(IBin::ShrU),
            O::I32Rotl | O::I64Rotl => self.ibin(IBin::Rotl),
            O::I32Rotr | O::I64Rotr => self.ibin(IBin::Rotr),

            O::F32Eq | O::F64Eq => self.fcmp(FloatCC::Equal),
            O::F32Ne | O::F64Ne => self.fcmp(FloatCC::NotEqual),
            O::F32Lt | O::F64Lt => self.fcmp(FloatCC::LessThan),
            O::F32Gt | O::F64Gt => self.fcmp(FloatCC::GreaterThan),
            O::F32Le | O::F64Le => self.fcmp(FloatCC::LessThanOrEqual),
            O::F32Ge | O::F64Ge => self.fcmp(FloatCC::GreaterThanOrEqual),

            O::F32Abs | O::F64Abs => self.fun(FUn::Abs),
            O::F32Neg | O::F64Neg => self.fun(FUn::Neg),
            O::F32Ceil | O::F64Ceil => self.fun(FUn::Ceil),
            O::F32Floor | O::F64Floor => self.fun(FUn::Floor),
            O::F32Trunc | O::F64Trunc => self.fun(FUn::Trunc),
            O::F32Nearest | O::F64Nearest => self.fun(FUn::Nearest),
            O::F32Sqrt | O::F64Sqrt => self.fun(FUn::Sqrt),
            O::F32Add | O::F64Add => self.fbin(FBin::Add),
            O::F32Sub | O::F64Sub => self.fbin(FBin::Sub),
            O::F32Mul | O::F64Mul => self.fbin(FBin::Mul),
            O::F32Div | O::F64Div => self.fbin(FBin::Div),
            O::F32Min | O::F64Min => self.fbin(FBin::Min),
            O::F32Max | O::F64Max => self.fbin(FBin::Max),
            O::F32Copysign | O::F64Copysign => self.fbin(FBin::Copysign),

            O::I32WrapI64 => self.unary(|b, a| b.ins().ireduce(I32, a)),
            O::I64ExtendI32S => self.unary(|b, a| b.ins().sextend(I64, a)),
            O::I64ExtendI32U => self.unary(|b, a| b.ins().uextend(I64, a)),
            O::I32Extend8S => self.sign_extend_from(I32, types::I8),
            O::I32Extend16S => self.sign_extend_from(I32, types::I16),
            O::I64Extend8S => self.sign_extend_from(I64, types::I8),
            O::I64Extend16S => self.sign_extend_from(I64, types::I16),
            O::I64Extend32S => self.sign_extend_from(I64, I32),

            O::I32TruncF32S | O::I32TruncF64S => self.truncate_to_int(I32, ToInt::Signed),
            O::I32TruncF32U | O::I32TruncF64U => self.truncate_to_int(I32, ToInt::Unsigned),
            O::I64TruncF32S | O::I64TruncF64S => self.truncate_to_int(I64, ToInt::Signed),
            O::I64TruncF32U | O::I64TruncF64U => self.truncate_to_int(I64, ToInt::Unsigned),
            O::I32TruncSatF32S | O::I32TruncSatF64S => self.truncate_to_int(I32, ToInt::SignedSat),
            O::I32TruncSatF32U | O::I32TruncSatF64U => self.truncate_to_int(I32, ToInt::UnsignedSat),
            O::I64TruncSatF32S | O::I64TruncSatF64S => self.truncate_to_int(I64, ToInt::SignedSat),
            O::I64TruncSatF32U | O::I64TruncSatF64U => self.truncate_to_int(I64, ToInt::UnsignedSat),

            O::F32ConvertI32S | O::F32ConvertI64S => self.unary(|b, a| b.ins().fcvt_from_sint(F32, a)),
            O::F32ConvertI32U | O::F32ConvertI64U => self.unary(|b, a| b.ins().fcvt_from_uint(F32, a)),
            O::F64ConvertI32S | O::F64ConvertI64S => self.unary(|b, a| b.ins().fcvt_from_sint(F64, a)),
            O::F64ConvertI32U | O::F64ConvertI64U => self.unary(|b, a| b.ins().fcvt_from_uint(F64, a)),
            O::F32DemoteF64 => self.unary(|b, a| b.ins().fdemote(F32, a)),
            O::F64PromoteF32 => self.unary(|b, a| b.ins().fpromote(F64, a)),

            O::I32ReinterpretF32 => self.bitcast(I32),
            O::I64ReinterpretF64 => self.bitcast(I64),
            O::F32ReinterpretI32 => self.bitcast(F32),
            O::F64ReinterpretI64 => self.bitcast(F64),
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn unary(&mut self, f: impl FnOnce(&mut Self, Value) -> Value) {
        let a = self.pop();
        let v = f(self, a);
        self.push(v);
    }

    fn icmp(&mut self, cc: IntCC) {
        let (a, b) = self.pop2();
        let c = self.ins().icmp(cc, a, b);
        let v = self.bool_to_i32(c);
        self.push(v);
    }

    fn fcmp(&mut self, cc: FloatCC) {
        let (a, b) = self.pop2();
        let c = self.ins().fcmp(cc, a, b);
        let v = self.bool_to_i32(c);
        self.push(v);
    }

    fn ibin(&mut self, op: IBin) {
        let (a, b) = self.pop2();
        let ins = self.ins();
        let v = match op {
            IBin::Add => ins.iadd(a, b),
            IBin::Sub => ins.isub(a, b),
            IBin::Mul => ins.imul(a, b),
            IBin::DivS => ins.sdiv(a, b),
            IBin::DivU => ins.udiv(a, b),
            IBin::RemS => ins.srem(a, b),
            IBin::RemU => ins.urem(a, b),
            IBin::And => ins.band(a, b),
            IBin::Or => ins.bor(a, b),
            IBin::Xor => ins.bxor(a, b),
            IBin::Shl => ins.ishl(a, b),
            IBin::ShrS => ins.sshr(a, b),
            IBin::ShrU => ins.ushr(a, b),
            IBin::Rotl => ins.rotl(a, b),
            IBin::Rotr => ins.rotr(a, b),
        };
        self.push(v);
    }

    fn fbin(&mut self, op: FBin) {
        let (a, b) = self.pop2();
        let ins = self.ins();
        let v = match op {
            FBin::Add => ins.fadd(a, b),
            FBin::Sub => ins.fsub(a, b),
            FBin::Mul => ins.fmul(a, b),
            FBin::Div => ins.fdiv(a, b),
            FBin::Min => ins.fmin(a, b),
            FBin::Max => ins.fmax(a, b),
            FBin::Copysign => ins.fcopysign(a, b),
        };
        self.push(v);
    }

    fn fun(&mut self, op: FUn) {
        let a = self.pop();
        let ins = self.ins();
        let v = match op {
            FUn::Abs => ins.fabs(a),
            FUn::Neg => ins.fneg(a),
            FUn::Ceil => ins.ceil(a),
            FUn::Floor => ins.floor(a),
            FUn::Trunc => ins.trunc(a),
            FUn::Nearest => ins.nearest(a),
            FUn::Sqrt => ins.sqrt(a),
        };
        self.push(v);
    }

    fn sign_extend_from(&mut self, to: Type, from: Type) {
        self.unary(|b, a| {
            let narrow = b.ins().ireduce(from, a);
            b.ins().sextend(to, narrow)
        });
    }

    fn truncate_to_int(&mut self, to: Type, kind: ToInt) {
        self.unary(|b, a| match kind {
            ToInt::Signed => b.ins().fcvt_to_sint(to, a),
            ToInt::Unsigned => b.ins().fcvt_to_uint(to, a),
            ToInt::SignedSat => b.ins().fcvt_to_sint_sat(to, a),
            ToInt::UnsignedSat => b.ins().fcvt_to_uint_sat(to, a),
        });
    }

    fn bitcast(&mut self, to: Type) {
        self.unary(|b, a| b.ins().bitcast(to, MemFlagsData::new(), a));
    }
}
