//! The one mapping between the runtime's [`TrapKind`]s and Cranelift's
//! [`TrapCode`]s, used by the translator (kind → code, when it emits a trap)
//! and by code generation (code → kind, when it writes the trap table).
//!
//! Kinds Cranelift raises by itself (stack overflow, the memory accesses it
//! marks, integer division, float-to-int conversion) use Cranelift's own
//! codes; every other kind is a user code equal to the kind's byte.

use cranelift_codegen::ir::TrapCode;
use wasm2native_abi::TrapKind;

/// Kinds with a Cranelift code of their own.
const CRANELIFT_CODES: [(TrapKind, TrapCode); 5] = [
    (TrapKind::StackOverflow, TrapCode::STACK_OVERFLOW),
    (TrapKind::MemoryOutOfBounds, TrapCode::HEAP_OUT_OF_BOUNDS),
    (TrapKind::IntegerOverflow, TrapCode::INTEGER_OVERFLOW),
    (TrapKind::IntegerDivisionByZero, TrapCode::INTEGER_DIVISION_BY_ZERO),
    (TrapKind::BadConversionToInteger, TrapCode::BAD_CONVERSION_TO_INTEGER),
];

/// The Cranelift code generated code traps with for `kind`.
pub fn trap_code(kind: TrapKind) -> TrapCode {
    match CRANELIFT_CODES.iter().find(|(k, _)| *k == kind) {
        Some((_, code)) => *code,
        None => TrapCode::unwrap_user(kind as u8),
    }
}

/// The kind a trap with Cranelift code `code` reports.
pub fn trap_kind(code: TrapCode) -> TrapKind {
    match CRANELIFT_CODES.iter().find(|(_, c)| *c == code) {
        Some((kind, _)) => *kind,
        None => TrapKind::from_u8(code.as_raw().get()).unwrap_or(TrapKind::Unreachable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips() {
        for b in 0..=255u8 {
            if let Some(kind) = TrapKind::from_u8(b) {
                assert_eq!(trap_kind(trap_code(kind)), kind, "{kind:?}");
            }
        }
    }
}
