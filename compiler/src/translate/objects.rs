//! GC objects: `struct.*` and `array.*`.
//!
//! An object is allocated by bumping this thread's heap pointer
//! (`VMContext::gc_heap`) inline; only when the chunk is full does the code
//! call the `gc_alloc` builtin, which may collect (a safepoint: the
//! references live across it are in its stack map, see `stack_maps`).
//! Fresh memory is zeroed, so a default object needs only its header, the
//! pointer to its type's `VMGcType`. Fields lie where the abi's
//! `gc::struct_layout` puts them, array elements from
//! `gc::ARRAY_ELEMS_OFFSET` after a `u32` length; packed `i8`/`i16` fields
//! are stored truncated and read with sign or zero extension.

use core::mem::offset_of;

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, InstBuilder, MemFlagsData, Type, Value};
use wasm2native_abi::gc::{self, VMGcHeap};
use wasm2native_abi::meta::{CompositeType, FieldType, StorageType};
use wasm2native_abi::{TrapKind, VMBuiltins, VMContext};
use wasmparser::Operator;

use super::FuncTranslator;
use crate::error::Result;

/// Where `array.new_data`/`new_elem`/`init_data`/`init_elem` copy from.
#[derive(Clone, Copy)]
enum Segment {
    Data(u32),
    Elem(u32),
}

impl Segment {
    fn index(self) -> u32 {
        match self {
            Segment::Data(i) | Segment::Elem(i) => i,
        }
    }

    /// The builtin checking a range of the segment.
    fn in_bounds(self) -> (&'static str, usize) {
        match self {
            Segment::Data(_) => ("data_in_bounds", offset_of!(VMBuiltins, data_in_bounds)),
            Segment::Elem(_) => ("elem_in_bounds", offset_of!(VMBuiltins, elem_in_bounds)),
        }
    }

    /// The builtin copying from the segment into an array.
    fn init(self) -> (&'static str, usize) {
        match self {
            Segment::Data(_) => ("array_init_data", offset_of!(VMBuiltins, array_init_data)),
            Segment::Elem(_) => ("array_init_elem", offset_of!(VMBuiltins, array_init_elem)),
        }
    }

    /// What reading past the segment traps with.
    fn trap(self) -> TrapKind {
        match self {
            Segment::Data(_) => TrapKind::MemoryOutOfBounds,
            Segment::Elem(_) => TrapKind::TableOutOfBounds,
        }
    }
}

/// How a packed field is read.
#[derive(Clone, Copy)]
enum Extend {
    Signed,
    Unsigned,
}

impl FuncTranslator<'_, '_> {
    pub(super) fn translate_object(&mut self, op: &Operator<'_>) -> Result<()> {
        use types::{I32, I64};
        use Operator as O;
        let ptr = self.env.pointer_type;
        match *op {
            O::StructNew { struct_type_index: t } => {
                let fields = self.struct_fields(t);
                let layout = gc::struct_layout(&fields);
                let values = self.popn(fields.len());
                let size = self.ins().iconst(I64, i64::from(layout.size));
                let obj = self.gc_new(t, size);
                for ((f, at), v) in fields.iter().zip(&layout.offsets).zip(values) {
                    self.store_storage(f.storage, obj, *at as i32, v);
                }
                self.push(obj);
            }
            O::StructNewDefault { struct_type_index: t } => {
                let size = gc::struct_layout(&self.struct_fields(t)).size;
                let size = self.ins().iconst(I64, i64::from(size));
                let obj = self.gc_new(t, size);
                self.push(obj);
            }
            O::StructGet { struct_type_index: t, field_index: f }
            | O::StructGetS { struct_type_index: t, field_index: f }
            | O::StructGetU { struct_type_index: t, field_index: f } => {
                let fields = self.struct_fields(t);
                let at = gc::struct_layout(&fields).offsets[f as usize];
                let r = self.pop();
                self.trap_if_null(r, TrapKind::NullStructReference);
                let extend = if matches!(op, O::StructGetS { .. }) { Extend::Signed } else { Extend::Unsigned };
                let v = self.load_storage(fields[f as usize].storage, r, at as i32, extend);
                self.push(v);
            }
            O::StructSet { struct_type_index: t, field_index: f } => {
                let fields = self.struct_fields(t);
                let at = gc::struct_layout(&fields).offsets[f as usize];
                let (r, v) = self.pop2();
                self.trap_if_null(r, TrapKind::NullStructReference);
                self.store_storage(fields[f as usize].storage, r, at as i32, v);
            }
            O::ArrayNew { array_type_index: t } => {
                let (init, len) = self.pop2();
                let obj = self.array_new(t, len);
                let zero = self.ins().iconst(I32, 0);
                self.fill(t, obj, zero, len, init);
                self.push(obj);
            }
            O::ArrayNewDefault { array_type_index: t } => {
                let len = self.pop();
                let obj = self.array_new(t, len);
                self.push(obj);
            }
            O::ArrayNewFixed { array_type_index: t, array_size: n } => {
                let elem = self.array_elem(t);
                let values = self.popn(n as usize);
                let len = self.const_u32(n);
                let obj = self.array_new(t, len);
                for (i, v) in values.into_iter().enumerate() {
                    let at = gc::ARRAY_ELEMS_OFFSET as usize + i * elem.storage.size() as usize;
                    self.store_storage(elem.storage, obj, at as i32, v);
                }
                self.push(obj);
            }
            O::ArrayNewData { array_type_index: t, array_data_index: data } => {
                self.array_new_from(t, Segment::Data(data));
            }
            O::ArrayNewElem { array_type_index: t, array_elem_index: elem } => {
                self.array_new_from(t, Segment::Elem(elem));
            }
            O::ArrayGet { array_type_index: t } | O::ArrayGetS { array_type_index: t } | O::ArrayGetU { array_type_index: t } => {
                let storage = self.array_elem(t).storage;
                let (r, i) = self.pop2();
                let addr = self.element_addr(r, i, storage.size());
                let extend = if matches!(op, O::ArrayGetS { .. }) { Extend::Signed } else { Extend::Unsigned };
                let v = self.load_storage(storage, addr, 0, extend);
                self.push(v);
            }
            O::ArraySet { array_type_index: t } => {
                let storage = self.array_elem(t).storage;
                let (r, i, v) = self.pop3();
                let addr = self.element_addr(r, i, storage.size());
                self.store_storage(storage, addr, 0, v);
            }
            O::ArrayLen => {
                let r = self.pop();
                self.trap_if_null(r, TrapKind::NullArrayReference);
                let len = self.ins().load(I32, MemFlagsData::trusted(), r, gc::ARRAY_LEN_OFFSET);
                self.push(len);
            }
            O::ArrayFill { array_type_index: t } => {
                let n = self.pop();
                let (r, at, v) = self.pop3();
                self.trap_if_null(r, TrapKind::NullArrayReference);
                self.check_array_range(r, at, n);
                self.fill(t, r, at, n, v);
            }
            O::ArrayCopy { array_type_index_dst: _, array_type_index_src: _ } => {
                let (src, src_at, n) = self.pop3();
                let (dst, dst_at) = self.pop2();
                self.trap_if_null(dst, TrapKind::NullArrayReference);
                self.trap_if_null(src, TrapKind::NullArrayReference);
                self.call_checked_builtin(
                    "array_copy",
                    offset_of!(VMBuiltins, array_copy),
                    &[ptr, I32, ptr, I32, I32],
                    &[dst, dst_at, src, src_at, n],
                    TrapKind::ArrayOutOfBounds,
                );
            }
            O::ArrayInitData { array_type_index: _, array_data_index: data } => self.array_init(Segment::Data(data)),
            O::ArrayInitElem { array_type_index: _, array_elem_index: elem } => self.array_init(Segment::Elem(elem)),
            _ => unreachable!("not an object operator: {op:?}"),
        }
        Ok(())
    }

    /// `array.new_data`/`array.new_elem`: the segment's range is checked
    /// before the array is allocated, so that a length the segment does not
    /// have traps as out of bounds, not as too large an allocation.
    fn array_new_from(&mut self, t: u32, segment: Segment) {
        use types::{I32, I64};
        let (src, len) = self.pop2();
        // A data segment counts bytes, an element segment items.
        let unit = match segment {
            Segment::Data(_) => self.array_elem(t).storage.size(),
            Segment::Elem(_) => 1,
        };
        let len64 = self.ins().uextend(I64, len);
        let count = self.ins().imul_imm_s(len64, i64::from(unit));
        let index = self.const_u32(segment.index());
        let (check, check_field) = segment.in_bounds();
        self.call_checked_builtin(check, check_field, &[I32, I32, I64], &[index, src, count], segment.trap());
        let obj = self.array_new(t, len);
        let zero = self.ins().iconst(I32, 0);
        let (init, init_field) = segment.init();
        let ptr = self.env.pointer_type;
        self.call_builtin(init, init_field, &[ptr, I32, I32, I32, I32], &[I32], &[obj, index, zero, src, len]);
        self.push(obj);
    }

    /// `array.init_data`/`array.init_elem`.
    fn array_init(&mut self, segment: Segment) {
        use types::I32;
        let (at, src, n) = self.pop3();
        let r = self.pop();
        self.trap_if_null(r, TrapKind::NullArrayReference);
        let index = self.const_u32(segment.index());
        let (init, init_field) = segment.init();
        let ptr = self.env.pointer_type;
        let status = self.call_builtin(init, init_field, &[ptr, I32, I32, I32, I32], &[I32], &[r, index, at, src, n])[0];
        self.trap_on_status(status, segment.trap());
    }

    /// Traps for a bulk array builtin's status: 1 is an array access out
    /// of bounds, 2 the source's (`source` says which trap that is).
    fn trap_on_status(&mut self, status: Value, source: TrapKind) {
        let array = self.ins().icmp_imm_u(IntCC::Equal, status, 1);
        self.trap_if(array, TrapKind::ArrayOutOfBounds);
        let other = self.ins().icmp_imm_u(IntCC::Equal, status, 2);
        self.trap_if(other, source);
    }

    /// The fields of struct type `t` (validated: it is one).
    fn struct_fields(&self, t: u32) -> Vec<FieldType> {
        match &self.env.info.types[t as usize].composite {
            CompositeType::Struct(fields) => fields.clone(),
            _ => Vec::new(),
        }
    }

    /// The element of array type `t` (validated: it is one).
    fn array_elem(&self, t: u32) -> FieldType {
        match &self.env.info.types[t as usize].composite {
            CompositeType::Array(elem) => *elem,
            _ => FieldType { storage: StorageType::I8, mutable: false },
        }
    }

    /// A new zeroed object of type `t` and `size` bytes (an `i64`, a
    /// multiple of 8), its header written.
    fn gc_new(&mut self, t: u32, size: Value) -> Value {
        let ptr = self.env.pointer_type;
        let flags = MemFlagsData::trusted();
        let heap = self.load_fixed(ptr, self.vmctx, offset_of!(VMContext, gc_heap));
        let top = self.ins().load(ptr, flags, heap, offset_of!(VMGcHeap, top) as i32);
        let limit = self.ins().load(ptr, flags, heap, offset_of!(VMGcHeap, limit) as i32);
        let new_top = self.ins().iadd(top, size);
        let fits = self.ins().icmp(IntCC::UnsignedLessThanOrEqual, new_top, limit);
        let fast = self.builder.create_block();
        let slow = self.builder.create_block();
        let done = self.builder.create_block();
        let obj = self.builder.append_block_param(done, ptr);
        self.ins().brif(fits, fast, &[], slow, &[]);
        self.builder.set_cold_block(slow);
        self.builder.seal_block(fast);
        self.builder.seal_block(slow);
        self.builder.switch_to_block(fast);
        self.ins().store(flags, new_top, heap, offset_of!(VMGcHeap, top) as i32);
        self.ins().jump(done, &[top.into()]);
        self.builder.switch_to_block(slow);
        let p = self.call_builtin("gc_alloc", offset_of!(VMBuiltins, gc_alloc), &[types::I64], &[ptr], &[size])[0];
        self.ins().jump(done, &[p.into()]);
        self.builder.seal_block(done);
        self.builder.switch_to_block(done);
        let gc_types = self.load_fixed(ptr, self.vmctx, offset_of!(VMContext, gc_types));
        let ty = self.load_fixed(ptr, gc_types, t as usize * self.env.pointer_bytes());
        self.ins().store(flags, ty, obj, gc::HEADER_TYPE_OFFSET);
        obj
    }

    /// A new zeroed array of type `t` with `len` (an `i32`) elements.
    fn array_new(&mut self, t: u32, len: Value) -> Value {
        let elem = i64::from(self.array_elem(t).storage.size());
        let len64 = self.ins().uextend(types::I64, len);
        let bytes = self.ins().imul_imm_s(len64, elem);
        let padded = self.ins().iadd_imm_s(bytes, i64::from(gc::ARRAY_ELEMS_OFFSET) + 7);
        let size = self.ins().band_imm_s(padded, !7);
        let obj = self.gc_new(t, size);
        self.ins().store(MemFlagsData::trusted(), len, obj, gc::ARRAY_LEN_OFFSET);
        obj
    }

    /// The address of element `i` of array `r` (trapping on null and out
    /// of bounds).
    fn element_addr(&mut self, r: Value, i: Value, size: u32) -> Value {
        self.trap_if_null(r, TrapKind::NullArrayReference);
        let len = self.ins().load(types::I32, MemFlagsData::trusted(), r, gc::ARRAY_LEN_OFFSET);
        let out = self.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, i, len);
        self.trap_if(out, TrapKind::ArrayOutOfBounds);
        self.element_base(r, i, size)
    }

    /// The address of element `i` of array `r`, unchecked.
    fn element_base(&mut self, r: Value, i: Value, size: u32) -> Value {
        let ptr = self.env.pointer_type;
        let i64_ = self.ins().uextend(ptr, i);
        let offset = self.ins().imul_imm_s(i64_, i64::from(size));
        let at = self.ins().iadd(r, offset);
        self.ins().iadd_imm_s(at, i64::from(gc::ARRAY_ELEMS_OFFSET))
    }

    /// Traps unless elements `at .. at + n` of array `r` exist.
    fn check_array_range(&mut self, r: Value, at: Value, n: Value) {
        let len = self.ins().load(types::I32, MemFlagsData::trusted(), r, gc::ARRAY_LEN_OFFSET);
        let (at, n, len) = (self.ins().uextend(types::I64, at), self.ins().uextend(types::I64, n), self.ins().uextend(types::I64, len));
        let end = self.ins().iadd(at, n);
        let out = self.ins().icmp(IntCC::UnsignedGreaterThan, end, len);
        self.trap_if(out, TrapKind::ArrayOutOfBounds);
    }

    /// Stores `v` in elements `at .. at + n` of array `r` (in bounds).
    fn fill(&mut self, t: u32, r: Value, at: Value, n: Value, v: Value) {
        let storage = self.array_elem(t).storage;
        let size = storage.size();
        let start = self.element_base(r, at, size);
        let ptr = self.env.pointer_type;
        let n64 = self.ins().uextend(ptr, n);
        let bytes = self.ins().imul_imm_s(n64, i64::from(size));
        let end = self.ins().iadd(start, bytes);
        let body = self.builder.create_block();
        let p = self.builder.append_block_param(body, self.env.pointer_type);
        let exit = self.builder.create_block();
        let any = self.ins().icmp(IntCC::UnsignedLessThan, start, end);
        self.ins().brif(any, body, &[start.into()], exit, &[]);
        self.builder.switch_to_block(body);
        self.store_storage(storage, p, 0, v);
        let next = self.ins().iadd_imm_s(p, i64::from(size));
        let more = self.ins().icmp(IntCC::UnsignedLessThan, next, end);
        self.ins().brif(more, body, &[next.into()], exit, &[]);
        self.builder.seal_block(body);
        self.builder.seal_block(exit);
        self.builder.switch_to_block(exit);
    }

    /// Memory flags for a value of `storage` in an object (objects are
    /// 8-byte aligned, so a `v128` may not be 16-byte aligned).
    fn object_flags(storage: StorageType) -> MemFlagsData {
        match storage.size() {
            16 => MemFlagsData::new().with_notrap(),
            _ => MemFlagsData::trusted(),
        }
    }

    fn store_storage(&mut self, storage: StorageType, base: Value, at: i32, v: Value) {
        let flags = Self::object_flags(storage);
        match storage {
            StorageType::I8 => self.ins().istore8(flags, v, base, at),
            StorageType::I16 => self.ins().istore16(flags, v, base, at),
            StorageType::Val(_) => self.ins().store(flags, v, base, at),
        };
    }

    fn load_storage(&mut self, storage: StorageType, base: Value, at: i32, extend: Extend) -> Value {
        let flags = Self::object_flags(storage);
        match (storage, extend) {
            (StorageType::I8, Extend::Signed) => self.ins().sload8(types::I32, flags, base, at),
            (StorageType::I8, Extend::Unsigned) => self.ins().uload8(types::I32, flags, base, at),
            (StorageType::I16, Extend::Signed) => self.ins().sload16(types::I32, flags, base, at),
            (StorageType::I16, Extend::Unsigned) => self.ins().uload16(types::I32, flags, base, at),
            (StorageType::Val(t), _) => {
                let ty: Type = self.env.ir_type(t);
                self.ins().load(ty, flags, base, at)
            }
        }
    }
}
