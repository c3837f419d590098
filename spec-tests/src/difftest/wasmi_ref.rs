//! The in-process reference: the `wasmi` interpreter, for every module
//! whose features it implements (all of ours but exceptions and typed
//! function references).

use wasmi::{TrapCode, V128};
use wasmi::{Config, Engine, Linker, Module, Store};

use super::generate::{Plan, Ty, Val};
use super::observed::{Observed, Outcome, Trap};

/// Deep enough that fuel, not wasmi's call depth, ends deep recursion in
/// almost every case (an exhaustion on either side ends the comparison).
const MAX_RECURSION_DEPTH: usize = 100_000;

fn engine() -> Engine {
    let mut c = Config::default();
    c.wasm_simd(true)
        .wasm_relaxed_simd(true)
        .wasm_tail_call(true)
        .wasm_memory64(true)
        .wasm_multi_memory(true)
        .wasm_custom_page_sizes(true)
        .wasm_wide_arithmetic(true)
        .wasm_extended_const(true)
        .set_max_recursion_depth(MAX_RECURSION_DEPTH);
    Engine::new(&c)
}

/// Whether wasmi accepts `wasm` (it validates with its own features).
pub fn supports(wasm: &[u8]) -> bool {
    accepts(wasm).is_ok()
}

/// wasmi's verdict on `wasm`: why it rejects it.
pub fn accepts(wasm: &[u8]) -> Result<(), String> {
    Module::new(&engine(), wasm).map(drop).map_err(|e| e.to_string())
}

/// Runs `plan` on `wasm` in wasmi.
pub fn run(wasm: &[u8], plan: &Plan) -> Result<Observed, String> {
    let engine = engine();
    let module = Module::new(&engine, wasm).map_err(|e| format!("wasmi rejects the module: {e}"))?;
    let mut store = Store::new(&engine, ());
    let linker = Linker::<()>::new(&engine);
    let mut seen = Observed::default();
    let instance = match linker.instantiate_and_start(&mut store, &module) {
        Ok(i) => i,
        Err(e) => {
            seen.instantiation = Some(trap_of(&e).ok_or_else(|| format!("wasmi cannot instantiate: {e}"))?);
            return Ok(seen);
        }
    };
    for call in &plan.calls {
        let f = instance
            .get_func(&store, &call.export)
            .ok_or_else(|| format!("wasmi: no export `{}`", call.export))?;
        let args: Vec<wasmi::Val> = call.args.iter().map(to_wasmi).collect();
        let mut results: Vec<wasmi::Val> = call.results.iter().map(|t| wasmi::Val::default_for_ty(wasmi_ty(*t))).collect();
        match f.call(&mut store, &args, &mut results) {
            Ok(()) => seen.calls.push(Outcome::Returned(
                results.iter().zip(&call.results).map(|(v, t)| from_wasmi(v, *t)).collect(),
            )),
            Err(e) => {
                let t = trap_of(&e).ok_or_else(|| format!("wasmi call failed: {e}"))?;
                seen.calls.push(Outcome::Trapped(t));
                if t == Trap::Exhaustion {
                    return Ok(seen);
                }
            }
        }
    }
    for name in plan.memories.iter().map(|m| &m.name) {
        let m = instance.get_memory(&store, name).ok_or_else(|| format!("wasmi: no memory `{name}`"))?;
        seen.memories.push(m.data(&store).to_vec());
    }
    for (name, ty) in &plan.globals {
        let g = instance.get_global(&store, name).ok_or_else(|| format!("wasmi: no global `{name}`"))?;
        seen.globals.push(from_wasmi(&g.get(&store), *ty));
    }
    Ok(seen)
}

fn trap_of(e: &wasmi::Error) -> Option<Trap> {
    if let Some(code) = e.as_trap_code() {
        return Some(match code {
            TrapCode::UnreachableCodeReached => Trap::Unreachable,
            TrapCode::MemoryOutOfBounds => Trap::MemoryOutOfBounds,
            TrapCode::TableOutOfBounds => Trap::TableOutOfBounds,
            TrapCode::IndirectCallToNull => Trap::UninitializedElement,
            TrapCode::IntegerDivisionByZero => Trap::IntegerDivisionByZero,
            TrapCode::IntegerOverflow => Trap::IntegerOverflow,
            TrapCode::BadConversionToInteger => Trap::BadConversionToInteger,
            TrapCode::StackOverflow => Trap::Exhaustion,
            TrapCode::BadSignature => Trap::IndirectCallTypeMismatch,
            _ => Trap::Other("wasmi trap"),
        });
    }
    // Instantiation errors that are traps in the spec's terms.
    let text = e.to_string();
    if text.contains("out of bounds") && text.contains("memory") || text.contains("data segment") {
        Some(Trap::MemoryOutOfBounds)
    } else if text.contains("out of bounds") && text.contains("table") || text.contains("element segment") {
        Some(Trap::TableOutOfBounds)
    } else {
        None
    }
}

fn wasmi_ty(t: Ty) -> wasmi::ValType {
    match t {
        Ty::I32 => wasmi::ValType::I32,
        Ty::I64 => wasmi::ValType::I64,
        Ty::F32 => wasmi::ValType::F32,
        Ty::F64 => wasmi::ValType::F64,
        Ty::V128 => wasmi::ValType::V128,
        Ty::FuncRef => wasmi::ValType::FuncRef,
        // wasmi has no exnref; modules with exceptions never reach it.
        Ty::ExternRef | Ty::ExnRef => wasmi::ValType::ExternRef,
    }
}

fn to_wasmi(v: &Val) -> wasmi::Val {
    match v.ty {
        Ty::I32 => wasmi::Val::I32(v.bits as u32 as i32),
        Ty::I64 => wasmi::Val::I64(v.bits as u64 as i64),
        Ty::F32 => wasmi::Val::F32(wasmi::F32::from_bits(v.bits as u32)),
        Ty::F64 => wasmi::Val::F64(wasmi::F64::from_bits(v.bits as u64)),
        Ty::V128 => wasmi::Val::V128(V128::from(v.bits)),
        // Arguments of reference type are always null (see `generate`).
        Ty::FuncRef => wasmi::Val::default_for_ty(wasmi::ValType::FuncRef),
        Ty::ExternRef | Ty::ExnRef => wasmi::Val::default_for_ty(wasmi::ValType::ExternRef),
    }
}

fn from_wasmi(v: &wasmi::Val, ty: Ty) -> Val {
    let bits = match v {
        wasmi::Val::I32(x) => *x as u32 as u128,
        wasmi::Val::I64(x) => *x as u64 as u128,
        wasmi::Val::F32(x) => x.to_bits() as u128,
        wasmi::Val::F64(x) => x.to_bits() as u128,
        wasmi::Val::V128(x) => x.as_u128(),
        wasmi::Val::FuncRef(r) => u128::from(!r.is_null()),
        wasmi::Val::ExternRef(r) => u128::from(!r.is_null()),
    };
    Val { ty, bits }
}
