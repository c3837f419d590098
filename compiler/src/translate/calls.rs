//! `call`, `call_indirect` and `call_ref`.

use core::mem::offset_of;

use cranelift_codegen::ir::{self, types, InstBuilder, MemFlagsData, Value};
use wasm2native_abi::{TrapKind, VMFuncRef};
use wasmparser::Operator;

use super::{Callee, FuncTranslator};
use crate::error::Result;

impl FuncTranslator<'_, '_> {
    pub(super) fn translate_call(&mut self, op: &Operator<'_>) -> Result<()> {
        match *op {
            Operator::Call { function_index } => {
                let ty = self.env.info.func_type(function_index);
                let args = self.popn(ty.params.len());
                let results = self.call_function(function_index, &args);
                self.values.extend(results);
            }
            Operator::CallIndirect { type_index, table_index } => {
                let index = self.pop();
                let n = self.env.info.sig(type_index).params.len();
                let args = self.popn(n);
                let funcref = self.checked_table_funcref(table_index, index, type_index);
                let results = self.call_funcref(funcref, type_index, &args);
                self.values.extend(results);
            }
            Operator::CallRef { type_index } => {
                let funcref = self.pop();
                let n = self.env.info.sig(type_index).params.len();
                let args = self.popn(n);
                self.trap_if_null(funcref, TrapKind::NullFunctionReference);
                let results = self.call_funcref(funcref, type_index, &args);
                self.values.extend(results);
            }
            _ => unreachable!("not a call operator: {op:?}"),
        }
        Ok(())
    }

    /// Calls function `index` with `args`, returning its results.
    pub(crate) fn call_function(&mut self, index: u32, args: &[Value]) -> Vec<Value> {
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(self.vmctx);
        all.extend_from_slice(args);
        match self.env.callees[index as usize] {
            Callee::Defined(id) => {
                let f = self.direct_callee(index, id, false);
                self.direct_call(f, &all)
            }
            Callee::Host(id) => {
                let f = self.direct_callee(index, id, true);
                let ty = self.env.info.func_type(index);
                if !crate::host_imports::uses_results_struct(ty) {
                    let call = self.ins().call(f, &all);
                    return self.builder.inst_results(call).to_vec();
                }
                // Several results: the C function fills a struct on our stack.
                let results = ty.results.clone();
                let offsets = crate::host_imports::results_layout(&results);
                let size = offsets.last().copied().unwrap_or(0) + 16;
                let slot = self.builder.create_sized_stack_slot(ir::StackSlotData::new(
                    ir::StackSlotKind::ExplicitSlot,
                    size,
                    4,
                ));
                let ptr = self.env.pointer_type;
                let addr = self.ins().stack_addr(ptr, slot, 0);
                all.push(addr);
                self.ins().call(f, &all);
                results
                    .iter()
                    .zip(offsets)
                    .map(|(t, off)| {
                        let ty = self.env.ir_type(*t);
                        self.ins().load(ty, MemFlagsData::trusted(), addr, off as i32)
                    })
                    .collect()
            }
            Callee::Import => {
                let funcref = self.import_funcref(index);
                let type_index = self.env.info.func_types[index as usize];
                let (fn_ptr, all) = self.funcref_call_args(funcref, args, true);
                let sig = self.wasm_sig_ref(type_index);
                self.indirect_call(sig, fn_ptr, &all)
            }
        }
    }

    /// Calls through a (non-null) funcref pointer.
    pub(crate) fn call_funcref(&mut self, funcref: Value, type_index: u32, args: &[Value]) -> Vec<Value> {
        let (fn_ptr, all) = self.funcref_call_args(funcref, args, false);
        let sig = self.wasm_sig_ref(type_index);
        self.indirect_call(sig, fn_ptr, &all)
    }

    /// The code pointer of a (non-null) funcref, and `args` preceded by its
    /// vmctx. `fixed`: the funcref never changes (an import's), so the loads
    /// may be hoisted and merged.
    pub(crate) fn funcref_call_args(&mut self, funcref: Value, args: &[Value], fixed: bool) -> (Value, Vec<Value>) {
        let ptr = self.env.pointer_type;
        let (fn_ptr, callee_vmctx) = if fixed {
            let f = self.load_fixed(ptr, funcref, offset_of!(VMFuncRef, fn_ptr));
            (f, self.load_fixed(ptr, funcref, offset_of!(VMFuncRef, vmctx)))
        } else {
            let flags = MemFlagsData::trusted();
            let f = self.ins().load(ptr, flags, funcref, offset_of!(VMFuncRef, fn_ptr) as i32);
            (f, self.ins().load(ptr, flags, funcref, offset_of!(VMFuncRef, vmctx) as i32))
        };
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(callee_vmctx);
        all.extend_from_slice(args);
        (fn_ptr, all)
    }

    /// The funcref of imported function `index` (fixed after
    /// instantiation; a host import's is its wasm-convention adapter).
    pub(crate) fn import_funcref(&mut self, index: u32) -> Value {
        self.vmctx_pointer(self.env.vmctx.func_ref_ptr(index))
    }

    /// Loads element `index` of funcref table `table` for `call_indirect`,
    /// trapping when it is out of range, null, or of another signature.
    pub(crate) fn checked_table_funcref(&mut self, table: u32, index: Value, type_index: u32) -> Value {
        let ptr = self.env.pointer_type;
        let addr = self.table_element_addr(table, index, TrapKind::UndefinedElement);
        let funcref = self.ins().load(ptr, MemFlagsData::trusted(), addr, 0);
        let code = Self::trap_code(TrapKind::UninitializedElement);
        self.ins().trapz(funcref, code);
        let actual = self.ins().load(types::I32, MemFlagsData::trusted(), funcref, offset_of!(VMFuncRef, type_id) as i32);
        let matches = self.func_type_matches(actual, type_index);
        self.ins().trapz(matches, Self::trap_code(TrapKind::IndirectCallTypeMismatch));
        funcref
    }
}
