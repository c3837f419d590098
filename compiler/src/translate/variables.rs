//! Locals (Cranelift variables) and globals (16-byte slots the runtime owns).

use cranelift_codegen::ir::{types, InstBuilder, MemFlagsData, Type, Value};
use wasm2native_abi::meta::ValType;
use wasmparser::Operator;

use super::FuncTranslator;
use crate::error::Result;

impl FuncTranslator<'_, '_> {
    /// Declares the next local, initialized from `init` or to zero.
    pub(super) fn declare_local(&mut self, vt: ValType, init: Option<Value>) {
        let ty = self.env.ir_type(vt);
        let var = self.builder.declare_var(ty);
        if self.gc_refs.is_some() && self.env.info.is_gc_ref(vt) {
            self.builder.declare_var_needs_stack_map(var);
        }
        let v = match init {
            Some(v) => v,
            None => self.zero(ty),
        };
        self.builder.def_var(var, v);
        self.locals.push((var, ty));
    }

    /// The zero value of an IR type (also the null reference).
    pub(crate) fn zero(&mut self, ty: Type) -> Value {
        if ty == types::F32 {
            self.ins().f32const(0.0)
        } else if ty == types::F64 {
            self.ins().f64const(0.0)
        } else if ty.is_vector() {
            let c = self.builder.func.dfg.constants.insert(vec![0u8; 16].into());
            self.ins().vconst(ty, c)
        } else {
            self.ins().iconst(ty, 0)
        }
    }

    pub(super) fn translate_variable(&mut self, op: &Operator<'_>) -> Result<()> {
        match op {
            Operator::LocalGet { local_index } => {
                let v = self.builder.use_var(self.locals[*local_index as usize].0);
                self.push(v);
            }
            Operator::LocalSet { local_index } => {
                let v = self.pop();
                self.builder.def_var(self.locals[*local_index as usize].0, v);
            }
            Operator::LocalTee { local_index } => {
                let v = *self.values.last().expect("validated");
                self.builder.def_var(self.locals[*local_index as usize].0, v);
            }
            Operator::GlobalGet { global_index } => {
                let gt = self.env.info.globals[*global_index as usize];
                let ty = self.env.ir_type(gt.ty);
                let (base, offset) = self.global_storage(*global_index);
                // The collector moves objects and updates the globals that
                // point to them: an immutable global of a GC reference type
                // changes too.
                let v = if gt.mutable || self.env.info.is_gc_ref(gt.ty) {
                    self.load_mutable(ty, base, offset)
                } else {
                    self.load_fixed(ty, base, offset)
                };
                self.push(v);
            }
            Operator::GlobalSet { global_index } => {
                let v = self.pop();
                let (base, offset) = self.global_storage(*global_index);
                self.ins().store(MemFlagsData::trusted(), v, base, offset as i32);
            }
            _ => unreachable!("not a variable operator: {op:?}"),
        }
        Ok(())
    }

    /// Base and offset of global `index`'s 16-byte storage.
    fn global_storage(&mut self, index: u32) -> (Value, usize) {
        let layout = self.env.vmctx;
        self.vmctx_item(layout.defined_global(index), layout.global_ptr(index))
    }
}
