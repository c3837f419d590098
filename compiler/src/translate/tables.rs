//! Tables and references: `table.*`, `elem.drop`, `ref.null/is_null/func`.

use core::mem::offset_of;

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, InstBuilder, MemFlagsData, Value};
use wasm2native_abi::{TrapKind, VMBuiltins, VMTable};
use wasmparser::Operator;

use super::FuncTranslator;
use crate::error::Result;

impl FuncTranslator<'_, '_> {
    pub(super) fn translate_table(&mut self, op: &Operator<'_>) -> Result<()> {
        use types::{I32, I64};
        use Operator as O;
        let ptr = self.env.pointer_type;
        match *op {
            O::TableGet { table } => {
                let index = self.pop();
                let addr = self.table_element_addr(table, index, TrapKind::TableOutOfBounds);
                let v = self.ins().load(ptr, MemFlagsData::trusted(), addr, 0);
                self.push(v);
            }
            O::TableSet { table } => {
                let (index, value) = self.pop2();
                let addr = self.table_element_addr(table, index, TrapKind::TableOutOfBounds);
                self.ins().store(MemFlagsData::trusted(), value, addr, 0);
            }
            O::TableSize { table } => {
                let vmtable = self.vmctx_pointer(self.env.vmctx.table_ptr(table));
                let len = self.load_mutable(ptr, vmtable, offset_of!(VMTable, length));
                let v = self.narrow_to_table_index(table, len);
                self.push(v);
            }
            O::TableGrow { table } => {
                let (init, delta) = self.pop2();
                let delta = self.widen_u64(delta);
                let t = self.const_u32(table);
                let old = self.call_builtin(
                    "table_grow",
                    offset_of!(VMBuiltins, table_grow),
                    &[I32, ptr, I64],
                    &[I64],
                    &[t, init, delta],
                )[0];
                let v = self.narrow_to_table_index(table, old);
                self.push(v);
            }
            O::TableFill { table } => {
                let (dst, value, len) = self.pop3();
                let (dst, len) = (self.widen_u64(dst), self.widen_u64(len));
                let t = self.const_u32(table);
                self.call_checked_builtin(
                    "table_fill",
                    offset_of!(VMBuiltins, table_fill),
                    &[I32, I64, ptr, I64],
                    &[t, dst, value, len],
                    TrapKind::TableOutOfBounds,
                );
            }
            O::TableCopy { dst_table, src_table } => {
                let (dst, src, len) = self.pop3();
                let (dst, src, len) = (self.widen_u64(dst), self.widen_u64(src), self.widen_u64(len));
                let (d, s) = (self.const_u32(dst_table), self.const_u32(src_table));
                self.call_checked_builtin(
                    "table_copy",
                    offset_of!(VMBuiltins, table_copy),
                    &[I32, I32, I64, I64, I64],
                    &[d, s, dst, src, len],
                    TrapKind::TableOutOfBounds,
                );
            }
            O::TableInit { elem_index, table } => {
                let (dst, src, len) = self.pop3();
                let dst = self.widen_u64(dst);
                let (t, e) = (self.const_u32(table), self.const_u32(elem_index));
                self.call_checked_builtin(
                    "table_init",
                    offset_of!(VMBuiltins, table_init),
                    &[I32, I32, I64, I32, I32],
                    &[t, e, dst, src, len],
                    TrapKind::TableOutOfBounds,
                );
            }
            O::ElemDrop { elem_index } => {
                let e = self.const_u32(elem_index);
                self.call_builtin("elem_drop", offset_of!(VMBuiltins, elem_drop), &[I32], &[], &[e]);
            }
            O::RefNull { .. } => {
                let v = self.ins().iconst(ptr, 0);
                self.push(v);
            }
            O::RefIsNull => {
                let r = self.pop();
                let b = self.ins().icmp_imm_u(IntCC::Equal, r, 0);
                let v = self.bool_to_i32(b);
                self.push(v);
            }
            O::RefAsNonNull => {
                let r = *self.values.last().expect("validated: a reference");
                self.trap_if_null(r, TrapKind::NullReference);
            }
            O::RefFunc { function_index } => {
                let v = self.vmctx_pointer(self.env.vmctx.func_ref_ptr(function_index));
                self.push(v);
            }
            _ => unreachable!("not a table operator: {op:?}"),
        }
        Ok(())
    }

    /// Narrows a 64-bit size or `table.grow` result to the table's index
    /// type (`i64` for table64).
    fn narrow_to_table_index(&mut self, table: u32, v: Value) -> Value {
        if self.env.info.tables[table as usize].table64 {
            v
        } else {
            self.ins().ireduce(types::I32, v)
        }
    }

    /// Address of element `index` of `table`, trapping with `kind` when it
    /// is out of bounds.
    pub(crate) fn table_element_addr(&mut self, table: u32, index: Value, kind: TrapKind) -> Value {
        let ptr = self.env.pointer_type;
        let vmtable = self.vmctx_pointer(self.env.vmctx.table_ptr(table));
        let len = self.load_mutable(ptr, vmtable, offset_of!(VMTable, length));
        let index = self.index_to_pointer(index);
        let oob = self.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, index, len);
        self.trap_if(oob, kind);
        let elements = self.load_mutable(ptr, vmtable, offset_of!(VMTable, elements));
        let size = self.env.pointer_bytes() as u64;
        let scaled = self.ins().imul_imm_u(index, size as i64);
        self.ins().iadd(elements, scaled)
    }
}
