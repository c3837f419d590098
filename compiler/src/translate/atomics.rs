//! Atomic memory instructions (threads proposal), on shared and ordinary memories:
//! loads, stores, read-modify-write, compare-exchange and `atomic.fence`,
//! all sequentially consistent, in every width.
//!
//! The address goes through the memory's plan like any access (bounds
//! check or guard fault); an effective address that is not a multiple of
//! the access size traps first, with `unaligned atomic`. Cranelift's atomic
//! instructions give the orderings: on x86-64 loads are plain moves, stores
//! and read-modify-writes are `xchg`/`lock`-prefixed; on AArch64 baseline
//! (ARMv8.0) they are load-acquire/store-release exclusive loops, and with
//! `--cpu native` on a machine with LSE, single LSE instructions.
//! `memory.atomic.wait32/64` and `memory.atomic.notify` check the address
//! the same way, but explicitly in both bounds modes (the runtime reads
//! it, where a guard-page fault would be no wasm trap), then call the runtime's parking table (`VMBuiltins`) on a
//! shared memory; on an unshared one, `notify` wakes nobody (0) and `wait`
//! traps, as the proposal specifies.

use std::mem::offset_of;

use cranelift_codegen::ir::{types, AtomicRmwOp, InstBuilder, MemFlagsData, Type, Value};
use wasm2native_abi::{TrapKind, VMBuiltins};
use wasmparser::{MemArg, Operator};

use super::FuncTranslator;
use crate::error::Result;

/// What an atomic operator does.
#[derive(Clone, Copy)]
enum Access {
    Load,
    Store,
    Rmw(AtomicRmwOp),
    Cmpxchg,
}

/// The access, the width in memory and the wasm value type of an atomic
/// operator.
fn classify(op: &Operator<'_>) -> Option<(Access, Type, Type, MemArg)> {
    use types::{I16, I32, I64, I8};
    use AtomicRmwOp as R;
    use Operator as O;
    let rmw = |op: R| Access::Rmw(op);
    Some(match *op {
        O::I32AtomicLoad { memarg } => (Access::Load, I32, I32, memarg),
        O::I64AtomicLoad { memarg } => (Access::Load, I64, I64, memarg),
        O::I32AtomicLoad8U { memarg } => (Access::Load, I8, I32, memarg),
        O::I32AtomicLoad16U { memarg } => (Access::Load, I16, I32, memarg),
        O::I64AtomicLoad8U { memarg } => (Access::Load, I8, I64, memarg),
        O::I64AtomicLoad16U { memarg } => (Access::Load, I16, I64, memarg),
        O::I64AtomicLoad32U { memarg } => (Access::Load, I32, I64, memarg),
        O::I32AtomicStore { memarg } => (Access::Store, I32, I32, memarg),
        O::I64AtomicStore { memarg } => (Access::Store, I64, I64, memarg),
        O::I32AtomicStore8 { memarg } => (Access::Store, I8, I32, memarg),
        O::I32AtomicStore16 { memarg } => (Access::Store, I16, I32, memarg),
        O::I64AtomicStore8 { memarg } => (Access::Store, I8, I64, memarg),
        O::I64AtomicStore16 { memarg } => (Access::Store, I16, I64, memarg),
        O::I64AtomicStore32 { memarg } => (Access::Store, I32, I64, memarg),
        O::I32AtomicRmwAdd { memarg } => (rmw(R::Add), I32, I32, memarg),
        O::I64AtomicRmwAdd { memarg } => (rmw(R::Add), I64, I64, memarg),
        O::I32AtomicRmw8AddU { memarg } => (rmw(R::Add), I8, I32, memarg),
        O::I32AtomicRmw16AddU { memarg } => (rmw(R::Add), I16, I32, memarg),
        O::I64AtomicRmw8AddU { memarg } => (rmw(R::Add), I8, I64, memarg),
        O::I64AtomicRmw16AddU { memarg } => (rmw(R::Add), I16, I64, memarg),
        O::I64AtomicRmw32AddU { memarg } => (rmw(R::Add), I32, I64, memarg),
        O::I32AtomicRmwSub { memarg } => (rmw(R::Sub), I32, I32, memarg),
        O::I64AtomicRmwSub { memarg } => (rmw(R::Sub), I64, I64, memarg),
        O::I32AtomicRmw8SubU { memarg } => (rmw(R::Sub), I8, I32, memarg),
        O::I32AtomicRmw16SubU { memarg } => (rmw(R::Sub), I16, I32, memarg),
        O::I64AtomicRmw8SubU { memarg } => (rmw(R::Sub), I8, I64, memarg),
        O::I64AtomicRmw16SubU { memarg } => (rmw(R::Sub), I16, I64, memarg),
        O::I64AtomicRmw32SubU { memarg } => (rmw(R::Sub), I32, I64, memarg),
        O::I32AtomicRmwAnd { memarg } => (rmw(R::And), I32, I32, memarg),
        O::I64AtomicRmwAnd { memarg } => (rmw(R::And), I64, I64, memarg),
        O::I32AtomicRmw8AndU { memarg } => (rmw(R::And), I8, I32, memarg),
        O::I32AtomicRmw16AndU { memarg } => (rmw(R::And), I16, I32, memarg),
        O::I64AtomicRmw8AndU { memarg } => (rmw(R::And), I8, I64, memarg),
        O::I64AtomicRmw16AndU { memarg } => (rmw(R::And), I16, I64, memarg),
        O::I64AtomicRmw32AndU { memarg } => (rmw(R::And), I32, I64, memarg),
        O::I32AtomicRmwOr { memarg } => (rmw(R::Or), I32, I32, memarg),
        O::I64AtomicRmwOr { memarg } => (rmw(R::Or), I64, I64, memarg),
        O::I32AtomicRmw8OrU { memarg } => (rmw(R::Or), I8, I32, memarg),
        O::I32AtomicRmw16OrU { memarg } => (rmw(R::Or), I16, I32, memarg),
        O::I64AtomicRmw8OrU { memarg } => (rmw(R::Or), I8, I64, memarg),
        O::I64AtomicRmw16OrU { memarg } => (rmw(R::Or), I16, I64, memarg),
        O::I64AtomicRmw32OrU { memarg } => (rmw(R::Or), I32, I64, memarg),
        O::I32AtomicRmwXor { memarg } => (rmw(R::Xor), I32, I32, memarg),
        O::I64AtomicRmwXor { memarg } => (rmw(R::Xor), I64, I64, memarg),
        O::I32AtomicRmw8XorU { memarg } => (rmw(R::Xor), I8, I32, memarg),
        O::I32AtomicRmw16XorU { memarg } => (rmw(R::Xor), I16, I32, memarg),
        O::I64AtomicRmw8XorU { memarg } => (rmw(R::Xor), I8, I64, memarg),
        O::I64AtomicRmw16XorU { memarg } => (rmw(R::Xor), I16, I64, memarg),
        O::I64AtomicRmw32XorU { memarg } => (rmw(R::Xor), I32, I64, memarg),
        O::I32AtomicRmwXchg { memarg } => (rmw(R::Xchg), I32, I32, memarg),
        O::I64AtomicRmwXchg { memarg } => (rmw(R::Xchg), I64, I64, memarg),
        O::I32AtomicRmw8XchgU { memarg } => (rmw(R::Xchg), I8, I32, memarg),
        O::I32AtomicRmw16XchgU { memarg } => (rmw(R::Xchg), I16, I32, memarg),
        O::I64AtomicRmw8XchgU { memarg } => (rmw(R::Xchg), I8, I64, memarg),
        O::I64AtomicRmw16XchgU { memarg } => (rmw(R::Xchg), I16, I64, memarg),
        O::I64AtomicRmw32XchgU { memarg } => (rmw(R::Xchg), I32, I64, memarg),
        O::I32AtomicRmwCmpxchg { memarg } => (Access::Cmpxchg, I32, I32, memarg),
        O::I64AtomicRmwCmpxchg { memarg } => (Access::Cmpxchg, I64, I64, memarg),
        O::I32AtomicRmw8CmpxchgU { memarg } => (Access::Cmpxchg, I8, I32, memarg),
        O::I32AtomicRmw16CmpxchgU { memarg } => (Access::Cmpxchg, I16, I32, memarg),
        O::I64AtomicRmw8CmpxchgU { memarg } => (Access::Cmpxchg, I8, I64, memarg),
        O::I64AtomicRmw16CmpxchgU { memarg } => (Access::Cmpxchg, I16, I64, memarg),
        O::I64AtomicRmw32CmpxchgU { memarg } => (Access::Cmpxchg, I32, I64, memarg),
        _ => return None,
    })
}

impl FuncTranslator<'_, '_> {
    /// Translates `op` if it is an atomic operator.
    pub(super) fn translate_atomic(&mut self, op: &Operator<'_>) -> Result<bool> {
        match op {
            Operator::AtomicFence { .. } => {
                self.ins().fence();
                return Ok(true);
            }
            Operator::MemoryAtomicNotify { memarg } => {
                let (index, count) = self.pop2();
                let (addr, _) = self.atomic_address(memarg, index, types::I32, true);
                // Nobody can wait on an unshared memory: nobody to wake.
                let woken = if self.is_shared(memarg) {
                    let field = offset_of!(VMBuiltins, atomic_notify);
                    let ptr = self.env.pointer_type;
                    self.call_builtin("atomic_notify", field, &[ptr, types::I32], &[types::I32], &[addr, count])[0]
                } else {
                    self.ins().iconst(types::I32, 0)
                };
                self.push(woken);
                return Ok(true);
            }
            Operator::MemoryAtomicWait32 { memarg } | Operator::MemoryAtomicWait64 { memarg } => {
                let wide = matches!(op, Operator::MemoryAtomicWait64 { .. });
                let (index, expected, timeout) = self.pop3();
                let ty = if wide { types::I64 } else { types::I32 };
                let (addr, _) = self.atomic_address(memarg, index, ty, true);
                let result = if self.is_shared(memarg) {
                    let (name, field) = if wide {
                        ("atomic_wait64", offset_of!(VMBuiltins, atomic_wait64))
                    } else {
                        ("atomic_wait32", offset_of!(VMBuiltins, atomic_wait32))
                    };
                    let ptr = self.env.pointer_type;
                    self.call_builtin(name, field, &[ptr, ty, types::I64], &[types::I32], &[addr, expected, timeout])[0]
                } else {
                    let always = self.ins().iconst(types::I32, 1);
                    self.trap_if(always, TrapKind::AtomicWaitNonShared);
                    self.ins().iconst(types::I32, 0)
                };
                self.push(result);
                return Ok(true);
            }
            _ => {}
        }
        let Some((access, mem_ty, val_ty, memarg)) = classify(op) else { return Ok(false) };
        match access {
            Access::Load => {
                let index = self.pop();
                let (addr, flags) = self.atomic_address(&memarg, index, mem_ty, false);
                let v = self.ins().atomic_load(mem_ty, flags, addr);
                let v = self.widen(v, val_ty);
                self.push(v);
            }
            Access::Store => {
                let (index, value) = self.pop2();
                let (addr, flags) = self.atomic_address(&memarg, index, mem_ty, false);
                let value = self.narrow(value, mem_ty);
                self.ins().atomic_store(flags, value, addr);
            }
            Access::Rmw(rmw) => {
                let (index, value) = self.pop2();
                let (addr, flags) = self.atomic_address(&memarg, index, mem_ty, false);
                let value = self.narrow(value, mem_ty);
                let old = self.ins().atomic_rmw(mem_ty, flags, rmw, addr, value);
                let old = self.widen(old, val_ty);
                self.push(old);
            }
            Access::Cmpxchg => {
                let (index, expected, replacement) = self.pop3();
                let (addr, flags) = self.atomic_address(&memarg, index, mem_ty, false);
                let expected = self.narrow(expected, mem_ty);
                let replacement = self.narrow(replacement, mem_ty);
                let old = self.ins().atomic_cas(flags, addr, expected, replacement);
                let old = self.widen(old, val_ty);
                self.push(old);
            }
        }
        Ok(true)
    }

    /// Whether the memory of `memarg` is shared.
    fn is_shared(&self, memarg: &MemArg) -> bool {
        let wasmparser::MemArgTarget::Memory(memory) = memarg.target else { return false };
        self.env.info.memories.get(memory as usize).is_some_and(|m| m.shared)
    }

    /// The native address of an atomic access of `ty`, after the alignment
    /// trap and the memory plan's bounds handling (an explicit check when
    /// `runtime_reads`).
    fn atomic_address(&mut self, memarg: &MemArg, index: Value, ty: Type, runtime_reads: bool) -> (Value, MemFlagsData) {
        let size = ty.bytes();
        let wide = self.index_to_pointer(index);
        if size > 1 {
            let ea = self.ins().iadd_imm_u(wide, memarg.offset as i64);
            let misaligned = self.ins().band_imm_u(ea, i64::from(size - 1));
            self.trap_if(misaligned, TrapKind::UnalignedAtomic);
        }
        let (addr, offset, flags) = self.heap_access_checked(memarg, index, size, runtime_reads);
        let addr = if offset == 0 { addr } else { self.ins().iadd_imm_u(addr, i64::from(offset)) };
        (addr, flags)
    }

    /// Wraps a wasm value to the width of a narrow access.
    fn narrow(&mut self, v: Value, ty: Type) -> Value {
        if self.builder.func.dfg.value_type(v) == ty {
            v
        } else {
            self.ins().ireduce(ty, v)
        }
    }

    /// Zero-extends a narrow access's result to its wasm type.
    fn widen(&mut self, v: Value, ty: Type) -> Value {
        if self.builder.func.dfg.value_type(v) == ty {
            v
        } else {
            self.ins().uextend(ty, v)
        }
    }
}
