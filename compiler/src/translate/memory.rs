//! Linear memory: loads, stores, `memory.size/grow` and bulk memory.
//!
//! Every memory index reaches its memory through one plan,
//! [`MemoryType::bounds_checks`](wasm2native_abi::meta::MemoryType::bounds_checks),
//! which the runtime also asks when it allocates the memory. Guard mode (see
//! DESIGN.md): the base never moves and every 32-bit `index + offset + size`
//! stays inside the reservation, so an access is a plain load/store whose
//! fault the runtime maps to a trap. Explicit mode (asked for, or a 64-bit
//! memory, or one of one-byte pages): compare the end of the access with the
//! current length, loaded from the `VMMemory` inline in the vmctx, first.

use core::mem::offset_of;

use cranelift_codegen::ir::{types, InstBuilder, MemFlagsData, Type, Value};
use cranelift_codegen::ir::condcodes::IntCC;
use wasm2native_abi::meta::BoundsChecks;
use wasm2native_abi::{TrapKind, VMBuiltins, VMMemory, GUARD_MAX_OFFSET};
use wasmparser::{MemArg, Operator};

use super::FuncTranslator;
use crate::error::Result;

/// How a load widens its result.
#[derive(Clone, Copy)]
enum Ext {
    None,
    Signed,
    Unsigned,
}

impl FuncTranslator<'_, '_> {
    /// Translates `op` if it is a scalar memory operator.
    pub(super) fn translate_memory(&mut self, op: &Operator<'_>) -> Result<bool> {
        use types::{F32, F64, I16, I32, I64, I8};
        use Operator as O;
        match op {
            O::I32Load { memarg } => self.load(memarg, I32, I32, Ext::None),
            O::I64Load { memarg } => self.load(memarg, I64, I64, Ext::None),
            O::F32Load { memarg } => self.load(memarg, F32, F32, Ext::None),
            O::F64Load { memarg } => self.load(memarg, F64, F64, Ext::None),
            O::I32Load8S { memarg } => self.load(memarg, I8, I32, Ext::Signed),
            O::I32Load8U { memarg } => self.load(memarg, I8, I32, Ext::Unsigned),
            O::I32Load16S { memarg } => self.load(memarg, I16, I32, Ext::Signed),
            O::I32Load16U { memarg } => self.load(memarg, I16, I32, Ext::Unsigned),
            O::I64Load8S { memarg } => self.load(memarg, I8, I64, Ext::Signed),
            O::I64Load8U { memarg } => self.load(memarg, I8, I64, Ext::Unsigned),
            O::I64Load16S { memarg } => self.load(memarg, I16, I64, Ext::Signed),
            O::I64Load16U { memarg } => self.load(memarg, I16, I64, Ext::Unsigned),
            O::I64Load32S { memarg } => self.load(memarg, I32, I64, Ext::Signed),
            O::I64Load32U { memarg } => self.load(memarg, I32, I64, Ext::Unsigned),
            O::I32Store { memarg } | O::I64Store { memarg } | O::F32Store { memarg } | O::F64Store { memarg } => {
                self.store(memarg, None)
            }
            O::I32Store8 { memarg } | O::I64Store8 { memarg } => self.store(memarg, Some(I8)),
            O::I32Store16 { memarg } | O::I64Store16 { memarg } => self.store(memarg, Some(I16)),
            O::I64Store32 { memarg } => self.store(memarg, Some(I32)),
            O::MemorySize { mem } => {
                let len = self.memory_length(*mem);
                let log2 = self.memory_type(*mem).page_size_log2;
                let pages = self.ins().ushr_imm_u(len, i64::from(log2));
                let v = self.narrow_to_index(*mem, pages);
                self.push(v);
            }
            O::MemoryGrow { mem } => {
                let delta = self.pop();
                let delta = self.widen_u64(delta);
                let m = self.const_u32(*mem);
                let old = self.call_builtin(
                    "memory_grow",
                    offset_of!(VMBuiltins, memory_grow),
                    &[I32, I64],
                    &[I64],
                    &[m, delta],
                )[0];
                let v = self.narrow_to_index(*mem, old);
                self.push(v);
            }
            // Bounds checked inline, then straight to the C library's
            // memmove/memset: these run at memcpy speed, with no runtime
            // wrapper looking the memories up again.
            O::MemoryCopy { dst_mem, src_mem } => {
                let (dst, src, len) = self.pop3();
                let len = self.widen_u64(len);
                let dst = self.bulk_address(*dst_mem, dst, len);
                let src = self.bulk_address(*src_mem, src, len);
                let ptr = self.env.pointer_type;
                self.call_libc("memmove", offset_of!(VMBuiltins, memmove), &[ptr, ptr, ptr], &[dst, src, len]);
            }
            O::MemoryFill { mem } => {
                let (dst, val, len) = self.pop3();
                let len = self.widen_u64(len);
                let dst = self.bulk_address(*mem, dst, len);
                let ptr = self.env.pointer_type;
                self.call_libc("memset", offset_of!(VMBuiltins, memset), &[ptr, I32, ptr], &[dst, val, len]);
            }
            O::MemoryInit { data_index, mem } => {
                let (dst, src, len) = self.pop3();
                let dst = self.widen_u64(dst);
                let (m, d) = (self.const_u32(*mem), self.const_u32(*data_index));
                self.call_checked_builtin(
                    "memory_init",
                    offset_of!(VMBuiltins, memory_init),
                    &[I32, I32, I64, I32, I32],
                    &[m, d, dst, src, len],
                    TrapKind::MemoryOutOfBounds,
                );
            }
            O::DataDrop { data_index } => {
                let d = self.const_u32(*data_index);
                self.call_builtin("data_drop", offset_of!(VMBuiltins, data_drop), &[I32], &[], &[d]);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn load(&mut self, memarg: &MemArg, mem_ty: Type, result_ty: Type, ext: Ext) {
        let index = self.pop();
        let (addr, offset, flags) = self.heap_access(memarg, index, mem_ty.bytes());
        let ins = self.builder.ins();
        let v = match (ext, mem_ty.bits(), result_ty == types::I64) {
            (Ext::None, _, _) => ins.load(result_ty, flags, addr, offset),
            (Ext::Signed, 8, _) => ins.sload8(result_ty, flags, addr, offset),
            (Ext::Unsigned, 8, _) => ins.uload8(result_ty, flags, addr, offset),
            (Ext::Signed, 16, _) => ins.sload16(result_ty, flags, addr, offset),
            (Ext::Unsigned, 16, _) => ins.uload16(result_ty, flags, addr, offset),
            (Ext::Signed, 32, true) => ins.sload32(flags, addr, offset),
            (Ext::Unsigned, 32, true) => ins.uload32(flags, addr, offset),
            _ => unreachable!("no such load"),
        };
        self.push(v);
    }

    fn store(&mut self, memarg: &MemArg, narrow: Option<Type>) {
        let value = self.pop();
        let index = self.pop();
        let size = narrow.unwrap_or_else(|| self.builder.func.dfg.value_type(value)).bytes();
        let (addr, offset, flags) = self.heap_access(memarg, index, size);
        let ins = self.builder.ins();
        match narrow.map(|t| t.bits()) {
            None => ins.store(flags, value, addr, offset),
            Some(8) => ins.istore8(flags, value, addr, offset),
            Some(16) => ins.istore16(flags, value, addr, offset),
            Some(32) => ins.istore32(flags, value, addr, offset),
            _ => unreachable!("no such store"),
        };
    }

    /// The native address, immediate offset and flags of a `size`-byte
    /// access at `index + memarg.offset`, with the bounds check explicit
    /// mode needs.
    pub(crate) fn heap_access(&mut self, memarg: &MemArg, index: Value, size: u32) -> (Value, i32, MemFlagsData) {
        self.heap_access_checked(memarg, index, size, false)
    }

    /// [`Self::heap_access`], with the bounds check explicit in every mode
    /// when `always` (for addresses the runtime, not generated code, reads:
    /// a guard-page fault there would not be a wasm trap).
    pub(crate) fn heap_access_checked(
        &mut self,
        memarg: &MemArg,
        index: Value,
        size: u32,
        always: bool,
    ) -> (Value, i32, MemFlagsData) {
        let ptr = self.env.pointer_type;
        let wasmparser::MemArgTarget::Memory(memory) = memarg.target else {
            unreachable!("validated: GC array accesses are rejected")
        };
        let index = self.index_to_pointer(index);
        let end = memarg.offset.checked_add(u64::from(size));
        let needs_check = always
            || self.bounds_checks(memory) == BoundsChecks::Explicit
            || end.is_none_or(|e| e > GUARD_MAX_OFFSET);
        if needs_check {
            let len = self.memory_length(memory);
            let oob = match end {
                // index + end, checked for overflow of the pointer width.
                Some(end) if end <= i64::MAX as u64 => {
                    let end = self.ins().iconst(ptr, end as i64);
                    let (sum, overflow) = self.ins().uadd_overflow(index, end);
                    let past = self.ins().icmp(IntCC::UnsignedGreaterThan, sum, len);
                    self.ins().bor(past, overflow)
                }
                _ => self.ins().iconst(types::I8, 1),
            };
            self.trap_if(oob, TrapKind::MemoryOutOfBounds);
        }
        let base = self.memory_base(memory);
        let mut addr = self.ins().iadd(base, index);
        let offset = match i32::try_from(memarg.offset) {
            Ok(o) => o,
            Err(_) => {
                addr = self.ins().iadd_imm_u(addr, memarg.offset as i64);
                0
            }
        };
        let flags = MemFlagsData::new()
            .with_endianness(cranelift_codegen::ir::Endianness::Little)
            .with_trap_code(Some(Self::trap_code(TrapKind::MemoryOutOfBounds)));
        (addr, offset, flags)
    }

    /// The native address of `start .. start + len` (`len` widened to
    /// 64 bits) in memory `index`, trapping when the range is out of bounds.
    fn bulk_address(&mut self, index: u32, start: Value, len: Value) -> Value {
        let start = self.widen_u64(start);
        let end = if self.memory_type(index).memory64 {
            let (end, overflow) = self.ins().uadd_overflow(start, len);
            self.trap_if(overflow, TrapKind::MemoryOutOfBounds);
            end
        } else {
            // Two zero-extended 32-bit values: no overflow in 64 bits.
            self.ins().iadd(start, len)
        };
        let length = self.memory_length(index);
        let past = self.ins().icmp(IntCC::UnsignedGreaterThan, end, length);
        self.trap_if(past, TrapKind::MemoryOutOfBounds);
        let base = self.memory_base(index);
        self.ins().iadd(base, start)
    }

    /// The declared type of memory `index`.
    fn memory_type(&self, index: u32) -> wasm2native_abi::meta::MemoryType {
        self.env.info.memories[index as usize]
    }

    /// Memory `index`'s plan: how its accesses are checked.
    fn bounds_checks(&self, index: u32) -> BoundsChecks {
        self.memory_type(index).bounds_checks(self.env.bounds_checks)
    }

    /// Base and offset of memory `index`'s `VMMemory`: inline in the
    /// context for an unshared memory the module defines; through the
    /// pointer array for imports and for shared memories, whose `VMMemory`
    /// the runtime allocates apart (other threads' instances share it).
    fn vm_memory(&mut self, index: u32) -> (Value, usize) {
        let layout = self.env.vmctx;
        let inline = layout.defined_memory(index).filter(|_| !self.memory_type(index).shared);
        self.vmctx_item(inline, layout.memory_ptr(index))
    }

    /// The base address of memory `index`: loaded once per function in
    /// guard mode, where it never moves.
    fn memory_base(&mut self, index: u32) -> Value {
        let (mem, offset) = self.vm_memory(index);
        let ptr = self.env.pointer_type;
        let offset = offset + offset_of!(VMMemory, base);
        match self.bounds_checks(index) {
            BoundsChecks::Guard => self.load_fixed(ptr, mem, offset),
            BoundsChecks::Explicit => self.load_mutable(ptr, mem, offset),
        }
    }

    /// The current byte length of memory `index`.
    fn memory_length(&mut self, index: u32) -> Value {
        let (mem, offset) = self.vm_memory(index);
        self.load_mutable(self.env.pointer_type, mem, offset + offset_of!(VMMemory, length))
    }

    /// Narrows a 64-bit page count or result to the memory's index type.
    fn narrow_to_index(&mut self, memory: u32, v: Value) -> Value {
        let ty = if self.memory_type(memory).memory64 { types::I64 } else { types::I32 };
        if self.builder.func.dfg.value_type(v) == ty {
            v
        } else {
            self.ins().ireduce(ty, v)
        }
    }

    /// Zero-extends an `i32` to `i64` (memory64 values are already `i64`).
    pub(crate) fn widen_u64(&mut self, v: Value) -> Value {
        if self.builder.func.dfg.value_type(v) == types::I64 {
            v
        } else {
            self.ins().uextend(types::I64, v)
        }
    }
}
