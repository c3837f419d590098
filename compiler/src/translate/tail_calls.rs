//! Tail calls: `return_call`, `return_call_indirect`, `return_call_ref`.
//!
//! Every wasm function uses Cranelift's `tail` convention, so a tail call is
//! Cranelift's `return_call`/`return_call_indirect`: the callee replaces the
//! caller's frame and the stack stays constant however long the chain.
//! Imports are reached through their funcref, whose code is a wasm-convention
//! function in every case (another module's function, or the adapter the
//! compiler generates for a host import), so a tail call to a WASI or
//! `--link`ed function also costs one frame: the adapter's.

use cranelift_codegen::ir::InstBuilder;
use wasm2native_abi::TrapKind;
use wasmparser::Operator;

use super::{Callee, FuncTranslator};
use crate::error::Result;

impl FuncTranslator<'_, '_> {
    pub(super) fn translate_tail_call(&mut self, op: &Operator<'_>) -> Result<()> {
        match *op {
            Operator::ReturnCall { function_index } => {
                let n = self.env.info.func_type(function_index).params.len();
                let args = self.popn(n);
                let mut all = Vec::with_capacity(n + 1);
                all.push(self.vmctx);
                all.extend_from_slice(&args);
                match self.env.callees[function_index as usize] {
                    Callee::Defined(id) => {
                        let f = self.direct_callee(function_index, id, false);
                        self.ins().return_call(f, &all);
                    }
                    Callee::Host(_) | Callee::Import => {
                        let funcref = self.import_funcref(function_index);
                        let type_index = self.env.info.func_types[function_index as usize];
                        self.return_call_funcref(funcref, type_index, &args, true);
                    }
                }
            }
            Operator::ReturnCallIndirect { type_index, table_index } => {
                let index = self.pop();
                let n = self.env.info.sig(type_index).params.len();
                let args = self.popn(n);
                let funcref = self.checked_table_funcref(table_index, index, type_index);
                self.return_call_funcref(funcref, type_index, &args, false);
            }
            Operator::ReturnCallRef { type_index } => {
                let funcref = self.pop();
                let n = self.env.info.sig(type_index).params.len();
                let args = self.popn(n);
                self.trap_if_null(funcref, TrapKind::NullFunctionReference);
                self.return_call_funcref(funcref, type_index, &args, false);
            }
            _ => unreachable!("not a tail call: {op:?}"),
        }
        self.reachable = false;
        Ok(())
    }

    fn return_call_funcref(&mut self, funcref: cranelift_codegen::ir::Value, type_index: u32, args: &[cranelift_codegen::ir::Value], fixed: bool) {
        let (fn_ptr, all) = self.funcref_call_args(funcref, args, fixed);
        let sig = self.wasm_sig_ref(type_index);
        self.ins().return_call_indirect(sig, fn_ptr, &all);
    }
}
