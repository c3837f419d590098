//! Relaxed SIMD for the reference: each relaxed operator rewritten into the
//! non-relaxed code of its deterministic profile, the semantics our
//! compiler implements (see `compiler/src/translate/simd/relaxed.rs`).
//! wasmi picks other alternatives the proposal allows (fused multiply-add,
//! wrapping dot products), and so does wasmtime on an x86-64 with FMA, so
//! neither can judge our choice on the original module; on the rewritten
//! one wasmi checks that we compute exactly that choice.

use std::borrow::Cow;

use wasm_encoder::reencode::{self, Reencode, RoundtripReencoder};
use wasm_encoder::{CodeSection, Function, Instruction as I, Module, ValType};
use wasmparser::{FunctionBody, Operator, Operator as O, Parser, Payload};


/// `wasm` with its relaxed SIMD operators rewritten (itself if it has none).
pub fn reference_module(wasm: &[u8]) -> Result<Cow<'_, [u8]>, String> {
    if !implementation_defined(wasm) {
        return Ok(Cow::Borrowed(wasm));
    }
    let mut r = Rewriter { params: param_counts(wasm)?, next: 0 };
    let mut module = Module::new();
    r.parse_core_module(&mut module, Parser::new(0), wasm).map_err(|e| format!("cannot rewrite relaxed SIMD: {e}"))?;
    Ok(Cow::Owned(module.finish()))
}

/// Whether `wasm` uses an operator whose result the spec leaves to the
/// implementation (relaxed SIMD), so that another implementation's choice
/// proves nothing (see the module docs).
pub fn implementation_defined(wasm: &[u8]) -> bool {
    for payload in Parser::new(0).parse_all(wasm) {
        let Ok(Payload::CodeSectionEntry(body)) = payload else { continue };
        let Ok(mut ops) = body.get_operators_reader() else { return false };
        while !ops.eof() {
            match ops.read() {
                Ok(op) if is_relaxed(&op) => return true,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
    }
    false
}

fn is_relaxed(op: &Operator<'_>) -> bool {
    use Operator as O;
    matches!(
        op,
        O::I8x16RelaxedSwizzle
            | O::I32x4RelaxedTruncF32x4S
            | O::I32x4RelaxedTruncF32x4U
            | O::I32x4RelaxedTruncF64x2SZero
            | O::I32x4RelaxedTruncF64x2UZero
            | O::F32x4RelaxedMadd
            | O::F32x4RelaxedNmadd
            | O::F64x2RelaxedMadd
            | O::F64x2RelaxedNmadd
            | O::I8x16RelaxedLaneselect
            | O::I16x8RelaxedLaneselect
            | O::I32x4RelaxedLaneselect
            | O::I64x2RelaxedLaneselect
            | O::F32x4RelaxedMin
            | O::F32x4RelaxedMax
            | O::F64x2RelaxedMin
            | O::F64x2RelaxedMax
            | O::I16x8RelaxedQ15mulrS
            | O::I16x8RelaxedDotI8x16I7x16S
            | O::I32x4RelaxedDotI8x16I7x16AddS
    )
}

/// The number of parameters of each defined function, in order.
fn param_counts(wasm: &[u8]) -> Result<Vec<u32>, String> {
    let signatures = super::generate::signatures(wasm)?;
    Ok(signatures.iter().map(|s| s.as_ref().map_or(0, |(params, _)| params.len() as u32)).collect())
}

struct Rewriter {
    params: Vec<u32>,
    next: usize,
}

/// Deinterleaves bytes: even lanes to the low half, odd lanes to the high.
const EVENS_ODDS: [u8; 16] = [0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15];

impl Reencode for Rewriter {
    type Error = std::convert::Infallible;

    fn parse_function_body(
        &mut self,
        code: &mut CodeSection,
        func: FunctionBody<'_>,
    ) -> Result<(), reencode::Error<Self::Error>> {
        let mut locals = Vec::new();
        let mut declared = 0u32;
        for pair in func.get_locals_reader()? {
            let (n, ty) = pair?;
            declared += n;
            locals.push((n, RoundtripReencoder.val_type(ty)?));
        }
        // Three scratch v128 locals after the function's own.
        let t = self.params.get(self.next).copied().unwrap_or(0) + declared;
        self.next += 1;
        locals.push((3, ValType::V128));
        let mut f = Function::new(locals);
        let mut ops = func.get_operators_reader()?;
        while !ops.eof() {
            let op = ops.read()?;
            if !rewrite(&op, t, &mut f) {
                f.instruction(&RoundtripReencoder.instruction(op)?);
            }
        }
        code.function(&f);
        Ok(())
    }
}

/// Emits the deterministic equivalent of `op` when it is a relaxed SIMD
/// operator (scratch locals `t`, `t + 1`, `t + 2`); false otherwise.
fn rewrite(op: &O<'_>, t: u32, f: &mut Function) -> bool {
    let one = match op {
        O::I8x16RelaxedSwizzle => Some(I::I8x16Swizzle),
        O::I32x4RelaxedTruncF32x4S => Some(I::I32x4TruncSatF32x4S),
        O::I32x4RelaxedTruncF32x4U => Some(I::I32x4TruncSatF32x4U),
        O::I32x4RelaxedTruncF64x2SZero => Some(I::I32x4TruncSatF64x2SZero),
        O::I32x4RelaxedTruncF64x2UZero => Some(I::I32x4TruncSatF64x2UZero),
        O::I8x16RelaxedLaneselect | O::I16x8RelaxedLaneselect | O::I32x4RelaxedLaneselect | O::I64x2RelaxedLaneselect => {
            Some(I::V128Bitselect)
        }
        O::F32x4RelaxedMin => Some(I::F32x4Min),
        O::F32x4RelaxedMax => Some(I::F32x4Max),
        O::F64x2RelaxedMin => Some(I::F64x2Min),
        O::F64x2RelaxedMax => Some(I::F64x2Max),
        O::I16x8RelaxedQ15mulrS => Some(I::I16x8Q15MulrSatS),
        _ => None,
    };
    if let Some(i) = one {
        f.instruction(&i);
        return true;
    }
    match op {
        // a * b + c, unfused; (-a) * b + c.
        O::F32x4RelaxedMadd | O::F32x4RelaxedNmadd | O::F64x2RelaxedMadd | O::F64x2RelaxedNmadd => {
            let f32 = matches!(op, O::F32x4RelaxedMadd | O::F32x4RelaxedNmadd);
            let negate = matches!(op, O::F32x4RelaxedNmadd | O::F64x2RelaxedNmadd);
            f.instruction(&I::LocalSet(t));
            f.instruction(&if f32 { I::F32x4Mul } else { I::F64x2Mul });
            if negate {
                f.instruction(&if f32 { I::F32x4Neg } else { I::F64x2Neg });
            }
            f.instruction(&I::LocalGet(t));
            f.instruction(&if f32 { I::F32x4Add } else { I::F64x2Add });
        }
        O::I16x8RelaxedDotI8x16I7x16S => dot(t, f),
        O::I32x4RelaxedDotI8x16I7x16AddS => {
            f.instruction(&I::LocalSet(t + 2));
            dot(t, f);
            f.instruction(&I::I32x4ExtAddPairwiseI16x8S);
            f.instruction(&I::LocalGet(t + 2));
            f.instruction(&I::I32x4Add);
        }
        _ => return false,
    }
    true
}

/// `i16x8.relaxed_dot_i8x16_i7x16_s` as signed products of lane pairs with
/// a saturating sum: [a, b] → even and odd lanes of each apart, then the
/// products of the evens plus those of the odds.
fn dot(t: u32, f: &mut Function) {
    for local in [t + 1, t] {
        f.instruction(&I::LocalSet(local));
    }
    for local in [t, t + 1] {
        f.instruction(&I::LocalGet(local));
        f.instruction(&I::LocalGet(local));
        f.instruction(&I::I8x16Shuffle(EVENS_ODDS));
        f.instruction(&I::LocalSet(local));
    }
    for mul in [I::I16x8ExtMulLowI8x16S, I::I16x8ExtMulHighI8x16S] {
        f.instruction(&I::LocalGet(t));
        f.instruction(&I::LocalGet(t + 1));
        f.instruction(&mul);
    }
    f.instruction(&I::I16x8AddSatS);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `(func (export "f") (result v128) BODY)` in wasmi after the rewrite.
    fn run(body: &str) -> u128 {
        let wat = format!("(module (func (export \"f\") (param i32) (result v128) (local v128) {body}))");
        let wasm = wat::parse_str(&wat).unwrap();
        let rewritten = reference_module(&wasm).unwrap();
        assert!(!implementation_defined(&rewritten));
        let engine = wasmi::Engine::default();
        let module = wasmi::Module::new(&engine, &rewritten[..]).unwrap();
        let mut store = wasmi::Store::new(&engine, ());
        let instance = wasmi::Linker::<()>::new(&engine).instantiate_and_start(&mut store, &module).unwrap();
        let f = instance.get_typed_func::<i32, wasmi::V128>(&store, "f").unwrap();
        f.call(&mut store, 0).unwrap().as_u128()
    }

    #[test]
    fn dot_products_saturate_like_ours() {
        // -128 * -128 twice: 32768 saturates to 32767 (wrapping gives -32768).
        let v = run("v128.const i8x16 -128 -128 1 2 0 0 0 0 0 0 0 0 0 0 0 0
                     v128.const i8x16 -128 -128 3 4 0 0 0 0 0 0 0 0 0 0 0 0
                     i16x8.relaxed_dot_i8x16_i7x16_s");
        assert_eq!(v as u16, 0x7fff);
        assert_eq!((v >> 16) as u16, 3 + 2 * 4);
        let v = run("v128.const i8x16 1 2 3 4 0 0 0 0 0 0 0 0 0 0 0 0
                     v128.const i8x16 5 6 7 8 0 0 0 0 0 0 0 0 0 0 0 0
                     v128.const i32x4 100 0 0 0
                     i32x4.relaxed_dot_i8x16_i7x16_add_s");
        assert_eq!(v as u32, 100 + 5 + 12 + 21 + 32);
    }

    #[test]
    fn madd_is_unfused_and_locals_do_not_clash() {
        // 0.1 * 10 + -1 is 0 unfused, 2^-54-ish fused.
        let v = run("local.get 0 drop
                     v128.const f64x2 0.1 0.1 v128.const f64x2 10 10 v128.const f64x2 -1 -1
                     f64x2.relaxed_madd local.set 1 local.get 1");
        assert_eq!(v as u64, 0);
        let v = run("v128.const f32x4 2 0 0 0 v128.const f32x4 3 0 0 0 v128.const f32x4 1 0 0 0 f32x4.relaxed_nmadd");
        assert_eq!(f32::from_bits(v as u32), -5.0);
    }
}
