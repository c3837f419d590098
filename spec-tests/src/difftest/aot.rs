//! Our side: a module compiled by the real AOT path (object, shared
//! library, `dlopen`, runtime instance), the plan run on it.

use wasm2native_runtime::abi::{ModuleDescriptor, TrapKind};
use wasm2native_runtime::{CallError, InstantiationError, Unwind};

use super::generate::{Plan, Val};
use super::observed::{Observed, Outcome, Trap};

/// Runs `plan` on a fresh instance of `d`.
pub fn run(d: &'static ModuleDescriptor, plan: &Plan) -> Result<Observed, String> {
    let mut seen = Observed::default();
    let instance = match crate::loader::instantiate(d, Vec::new()) {
        Ok(i) => i,
        Err(InstantiationError::Trap(kind)) => {
            seen.instantiation = Some(trap_of(kind));
            return Ok(seen);
        }
        Err(e) => return Err(format!("cannot instantiate: {e}")),
    };
    for call in &plan.calls {
        let f = instance.get_func(&call.export).ok_or_else(|| format!("no export `{}`", call.export))?;
        let args: Vec<u128> = call.args.iter().map(|a| a.bits).collect();
        match f.call(&args) {
            Ok(vals) => seen.calls.push(Outcome::Returned(
                vals.iter().zip(&call.results).map(|(b, t)| Val { ty: *t, bits: raw(*t, *b) }).collect(),
            )),
            Err(CallError::Unwind(Unwind::Trap(t))) => {
                let t = trap_of(t.kind);
                seen.calls.push(Outcome::Trapped(t));
                if t == Trap::Exhaustion {
                    return Ok(seen);
                }
            }
            Err(e) => return Err(format!("call of `{}` failed: {e}", call.export)),
        }
    }
    for name in plan.memories.iter().map(|m| &m.name) {
        let m = instance.get_memory(name).ok_or_else(|| format!("no memory `{name}`"))?;
        let mut bytes = vec![0; m.data_size()];
        m.read(0, &mut bytes).map_err(|_| format!("cannot read memory `{name}`"))?;
        seen.memories.push(bytes);
    }
    for (name, ty) in &plan.globals {
        let g = instance.get_global(name).ok_or_else(|| format!("no global `{name}`"))?;
        seen.globals.push(Val { ty: *ty, bits: raw(*ty, g.get()) });
    }
    Ok(seen)
}

/// References become 0 (null) or 1 (any other), as the reference's are.
fn raw(ty: super::generate::Ty, bits: u128) -> u128 {
    if ty.is_ref() {
        (bits != 0) as u128
    } else {
        bits
    }
}

/// Our trap kinds in the shared terms.
pub fn trap_of(kind: TrapKind) -> Trap {
    match kind {
        TrapKind::StackOverflow => Trap::Exhaustion,
        TrapKind::MemoryOutOfBounds => Trap::MemoryOutOfBounds,
        TrapKind::TableOutOfBounds => Trap::TableOutOfBounds,
        TrapKind::UndefinedElement => Trap::UndefinedElement,
        TrapKind::UninitializedElement => Trap::UninitializedElement,
        TrapKind::IndirectCallTypeMismatch => Trap::IndirectCallTypeMismatch,
        TrapKind::IntegerOverflow => Trap::IntegerOverflow,
        TrapKind::IntegerDivisionByZero => Trap::IntegerDivisionByZero,
        TrapKind::BadConversionToInteger => Trap::BadConversionToInteger,
        TrapKind::Unreachable => Trap::Unreachable,
        TrapKind::NullReference
        | TrapKind::NullFunctionReference
        | TrapKind::NullExceptionReference
        | TrapKind::AtomicWaitNonShared
        | TrapKind::CastFailure
        | TrapKind::NullI31Reference
        | TrapKind::NullStructReference
        | TrapKind::NullArrayReference
        | TrapKind::ArrayOutOfBounds
        | TrapKind::AllocationTooLarge
        | TrapKind::GcHeapExhausted => {
            Trap::Other(kind.message())
        }
        TrapKind::UnalignedAtomic => Trap::UnalignedAtomic,
        TrapKind::UncaughtException => Trap::UncaughtException,
    }
}
