//! Relaxed SIMD (WebAssembly 3.0): the twenty operators whose result the
//! proposal lets an implementation choose from a small set.
//!
//! We make **one** choice per operator, the same for every target and
//! every `--cpu` setting, so a program prints the same on x86-64 baseline
//! (x86-64-v2, no FMA), x86-64 `native` and AArch64, and the object is
//! byte-identical for any `-j`. The choice is always the one the 3.0
//! specification prescribes for its *deterministic profile* (every
//! implementation-defined parameter at its first alternative), which is
//! also the semantics of the corresponding non-relaxed operator:
//!
//! | operator | result |
//! |---|---|
//! | `i8x16.relaxed_swizzle` | `i8x16.swizzle`: an index of 16 or more gives 0 |
//! | `i32x4.relaxed_trunc_f32x4_s/u`, `i32x4.relaxed_trunc_f64x2_s/u_zero` | the `trunc_sat` operators: NaN gives 0, out of range saturates |
//! | `f32x4/f64x2.relaxed_madd` | `a * b + c` **unfused**: two roundings |
//! | `f32x4/f64x2.relaxed_nmadd` | `(-a) * b + c` unfused |
//! | `i8x16/i16x8/i32x4/i64x2.relaxed_laneselect` | `v128.bitselect`: every bit from `a` where the mask bit is 1 |
//! | `f32x4/f64x2.relaxed_min/max` | `f32x4/f64x2.min/max`: NaN in, NaN out; -0 below +0 |
//! | `i16x8.relaxed_q15mulr_s` | `i16x8.q15mulr_sat_s`: `-32768 * -32768` saturates to 32767 |
//! | `i16x8.relaxed_dot_i8x16_i7x16_s` | both operands signed, pair sums saturate to 16 bits |
//! | `i32x4.relaxed_dot_i8x16_i7x16_add_s` | the `i16x8` dot above, `extadd_pairwise_i16x8_s`, plus `c` (wrapping) |
//!
//! Why not the fast alternatives: a fused multiply-add would be a libcall
//! per lane on x86-64 without FMA (Cranelift lowers `fma` to `fmaf`/`fma`
//! calls there) and one instruction elsewhere, so fused everywhere is slow
//! on the baseline and fused-where-available is not deterministic.
//! Cranelift never contracts `fmul` + `fadd` by itself, so the unfused
//! form stays unfused on every target. The machine-specific instructions
//! Cranelift offers (`x86_pshufb`, `x86_cvtt2dq`, `x86_pmulhrsw`,
//! `x86_pmaddubsw`, `x86_blendv`) exist only on x86-64, so using them
//! would make x86-64 and AArch64 disagree.
//!
//! For the dot products, signed × signed (the `i7` operand's top bit read
//! as a sign) with saturating pair sums is the specification's `ivdotsat`
//! with `R_idot = 0`. x86's `pmaddubsw` (signed × unsigned) differs only
//! when the top bit of a `b` lane is set, which the operator's contract
//! excludes. The saturation matters for one input only: `-128 * -128`
//! twice gives 32767, not a wrapped -32768. The `add` form is defined
//! through the `i16x8` form, as the specification does.
//!
//! Every operator lowers to inline vector code on x86-64-v2 and on
//! AArch64; none needs a libcall.

use cranelift_codegen::ir::types::{F32X4, F64X2, I16X8, I32X4, I8X16};
use cranelift_codegen::ir::{InstBuilder, Type, Value};
use cranelift_frontend::FunctionBuilder;
use wasmparser::Operator;

use super::convert::{dot, ext_add_pairwise, trunc_sat};
use super::V128;
use crate::translate::FuncTranslator;

/// Emits the instructions of a three-operand vector operator.
type Ternary = fn(&mut FunctionBuilder<'_>, Value, Value, Value) -> Value;

impl FuncTranslator<'_, '_> {
    /// Translates `op` if it is a relaxed SIMD operator.
    pub(super) fn simd_relaxed(&mut self, op: &Operator<'_>) -> bool {
        use Operator as O;
        let madd: Ternary = |b, x, y, z| {
            let p = b.ins().fmul(x, y);
            b.ins().fadd(p, z)
        };
        // The specification defines nmadd as madd(-a, b, c).
        let nmadd: Ternary = |b, x, y, z| {
            let x = b.ins().fneg(x);
            let p = b.ins().fmul(x, y);
            b.ins().fadd(p, z)
        };
        // The mask is the third operand; bitselect takes it first.
        let laneselect: Ternary = |b, x, y, m| b.ins().bitselect(m, x, y);
        match op {
            O::I8x16RelaxedSwizzle => self.vector_binary(V128, |b, x, s| b.ins().swizzle(x, s)),
            O::I32x4RelaxedTruncF32x4S => self.vector_unary(F32X4, |b, a| trunc_sat(b, true, false, a)),
            O::I32x4RelaxedTruncF32x4U => self.vector_unary(F32X4, |b, a| trunc_sat(b, false, false, a)),
            O::I32x4RelaxedTruncF64x2SZero => self.vector_unary(F64X2, |b, a| trunc_sat(b, true, true, a)),
            O::I32x4RelaxedTruncF64x2UZero => self.vector_unary(F64X2, |b, a| trunc_sat(b, false, true, a)),
            O::F32x4RelaxedMadd => self.vector_ternary(F32X4, madd),
            O::F64x2RelaxedMadd => self.vector_ternary(F64X2, madd),
            O::F32x4RelaxedNmadd => self.vector_ternary(F32X4, nmadd),
            O::F64x2RelaxedNmadd => self.vector_ternary(F64X2, nmadd),
            // Bitwise: the lane width does not matter.
            O::I8x16RelaxedLaneselect
            | O::I16x8RelaxedLaneselect
            | O::I32x4RelaxedLaneselect
            | O::I64x2RelaxedLaneselect => self.vector_ternary(V128, laneselect),
            O::F32x4RelaxedMin => self.vector_binary(F32X4, |b, x, y| b.ins().fmin(x, y)),
            O::F64x2RelaxedMin => self.vector_binary(F64X2, |b, x, y| b.ins().fmin(x, y)),
            O::F32x4RelaxedMax => self.vector_binary(F32X4, |b, x, y| b.ins().fmax(x, y)),
            O::F64x2RelaxedMax => self.vector_binary(F64X2, |b, x, y| b.ins().fmax(x, y)),
            O::I16x8RelaxedQ15mulrS => self.vector_binary(I16X8, |b, x, y| b.ins().sqmul_round_sat(x, y)),
            O::I16x8RelaxedDotI8x16I7x16S => self.vector_binary(I8X16, dot_i8x16_i7x16),
            O::I32x4RelaxedDotI8x16I7x16AddS => {
                let c = self.pop_vector(I32X4);
                let (x, y) = self.pop2_vectors(I8X16);
                let dot = dot_i8x16_i7x16(&mut self.builder, x, y);
                let sums = ext_add_pairwise(&mut self.builder, true, dot);
                let v = self.ins().iadd(sums, c);
                self.push_vector(v);
            }
            _ => return false,
        }
        true
    }

    /// `v128`, `v128`, `v128` (all as `ty`) → `v128`.
    fn vector_ternary(&mut self, ty: Type, f: Ternary) {
        let c = self.pop_vector(ty);
        let (a, b) = self.pop2_vectors(ty);
        let v = f(&mut self.builder, a, b, c);
        self.push_vector(v);
    }
}

/// `i16x8.relaxed_dot_i8x16_i7x16_s`: signed products of the byte lanes,
/// adjacent pairs added with signed saturation to 16 bits (the
/// specification's `ivdotsat`). The pair sums are computed exactly in 32
/// bits by `i32x4.dot_i16x8_s` on the sign-extended halves (`pmaddwd` on
/// x86-64), then narrowed with saturation (`packssdw`, `sqxtn`).
fn dot_i8x16_i7x16(b: &mut FunctionBuilder<'_>, x: Value, y: Value) -> Value {
    let (xl, yl) = (b.ins().swiden_low(x), b.ins().swiden_low(y));
    let low = dot(b, xl, yl);
    let (xh, yh) = (b.ins().swiden_high(x), b.ins().swiden_high(y));
    let high = dot(b, xh, yh);
    b.ins().snarrow(low, high)
}

#[cfg(test)]
mod tests {
    //! Every relaxed operator compiles for x86-64 (baseline x86-64-v2, and
    //! this machine's CPU when it is one) and AArch64, with and without
    //! optimization, to inline code: the objects reference no symbol
    //! (no `fma`/`fmaf` libcall in particular). Results are pinned by
    //! `spec-tests/tests/wast/relaxed-deterministic.wast`.

    use object::{Object, ObjectSymbol};
    use target_lexicon::Triple;

    use crate::options::{CompileOptions, Cpu, OptLevel};

    /// The relaxed SIMD operators by signature.
    const GROUPS: &[(&str, &[&str])] = &[
        ("v128", &[
            "i32x4.relaxed_trunc_f32x4_s", "i32x4.relaxed_trunc_f32x4_u",
            "i32x4.relaxed_trunc_f64x2_s_zero", "i32x4.relaxed_trunc_f64x2_u_zero",
        ]),
        ("v128 v128", &[
            "i8x16.relaxed_swizzle", "f32x4.relaxed_min", "f32x4.relaxed_max", "f64x2.relaxed_min",
            "f64x2.relaxed_max", "i16x8.relaxed_q15mulr_s", "i16x8.relaxed_dot_i8x16_i7x16_s",
        ]),
        ("v128 v128 v128", &[
            "f32x4.relaxed_madd", "f32x4.relaxed_nmadd", "f64x2.relaxed_madd", "f64x2.relaxed_nmadd",
            "i8x16.relaxed_laneselect", "i16x8.relaxed_laneselect", "i32x4.relaxed_laneselect",
            "i64x2.relaxed_laneselect", "i32x4.relaxed_dot_i8x16_i7x16_add_s",
        ]),
    ];

    fn module() -> Vec<u8> {
        let mut wat = String::from("(module\n");
        for (params, ops) in GROUPS {
            let gets: String = (0..params.split_whitespace().count()).map(|i| format!("local.get {i} ")).collect();
            for op in *ops {
                wat.push_str(&format!("  (func (export \"{op}\") (param {params}) (result v128) {gets}{op})\n"));
            }
        }
        wat.push(')');
        wat::parse_str(wat).unwrap()
    }

    #[test]
    fn all_twenty_operators_are_listed() {
        let n: usize = GROUPS.iter().map(|(_, ops)| ops.len()).sum();
        assert_eq!(n, 20);
    }

    #[test]
    fn every_relaxed_operator_compiles_to_inline_code() {
        let wasm = module();
        let mut configs = vec![
            ("x86_64-unknown-linux-gnu".parse::<Triple>().unwrap(), Cpu::Baseline),
            ("aarch64-unknown-linux-gnu".parse::<Triple>().unwrap(), Cpu::Baseline),
        ];
        if matches!(Triple::host().architecture, target_lexicon::Architecture::X86_64) {
            configs.push((Triple::host(), Cpu::Native));
        }
        for (target, cpu) in configs {
            for opt_level in [OptLevel::None, OptLevel::SpeedAndSize] {
                let opts = CompileOptions {
                    executable: false,
                    target: target.clone(),
                    cpu: cpu.clone(),
                    opt_level,
                    ..Default::default()
                };
                let obj = crate::compile_to_object(&wasm, &opts)
                    .unwrap_or_else(|e| panic!("{target} {cpu:?} {opt_level:?}: {e}"));
                let file = object::File::parse(&*obj).unwrap();
                let undefined: Vec<_> =
                    file.symbols().filter(|s| s.is_undefined() && !s.name().unwrap_or("").is_empty()).collect();
                let names: Vec<_> = undefined.iter().map(|s| s.name().unwrap().to_string()).collect();
                assert!(names.is_empty(), "{target} {cpu:?} {opt_level:?}: undefined symbols {names:?}");
            }
        }
    }
}
