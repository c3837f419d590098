//! The C functions of a library, generated into its object: for library
//! `app`, `app_instantiate`, `app_free` and one function per export (see
//! [`super::header`] for their prototypes). Each packs its arguments for,
//! and unpacks the results of, one generic entry of the runtime
//! ([`wasm2native_abi::library`]).

use cranelift_codegen::ir::{self, AbiParam, InstBuilder, MemFlagsData, Type};
use cranelift_codegen::Context;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_module::{DataId, FuncId, Linkage, Module};
use cranelift_object::ObjectModule;
use wasm2native_abi::library;
use wasm2native_abi::meta::{FuncType, ValType};

use super::{Interface, ItemKind};
use crate::error::{CompileError, Result};

/// Size of one value slot of [`library::CALL`].
const SLOT: u32 = 16;

/// The runtime entries, declared once.
struct Runtime {
    instantiate: FuncId,
    free: FuncId,
    call: FuncId,
    memory: FuncId,
    global: FuncId,
}

/// The platform C signature `params -> results`.
fn c_signature(module: &ObjectModule, params: &[Type], results: &[Type]) -> ir::Signature {
    let mut s = ir::Signature::new(module.isa().default_call_conv());
    s.params.extend(params.iter().map(|t| AbiParam::new(*t)));
    s.returns.extend(results.iter().map(|t| AbiParam::new(*t)));
    s
}

/// A builder positioned in the entry block of `func`, and the function's
/// parameters.
fn start<'a>(func: &'a mut ir::Function, fctx: &'a mut FunctionBuilderContext) -> (FunctionBuilder<'a>, Vec<ir::Value>) {
    let mut b = FunctionBuilder::new(func, fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    let params = b.block_params(entry).to_vec();
    (b, params)
}

/// Where the C functions are built.
struct CFunction<'m> {
    module: &'m mut ObjectModule,
    ctx: &'m mut Context,
    fctx: &'m mut FunctionBuilderContext,
}

fn obj_err(e: cranelift_module::ModuleError) -> CompileError {
    CompileError::Object(e.to_string())
}

/// Emits the C functions of `iface` into `module`; `descriptor` is the
/// module's descriptor.
pub fn emit(module: &mut ObjectModule, iface: &Interface<'_>, descriptor: DataId) -> Result<()> {
    let ptr = module.isa().pointer_type();
    let sig = c_signature;
    let declare = |module: &mut ObjectModule, name: &str, s: &ir::Signature| {
        module.declare_function(name, Linkage::Import, s).map_err(obj_err)
    };
    let rt = Runtime {
        instantiate: declare(module, library::INSTANTIATE, &sig(module, &[ptr, ptr, ptr, ptr], &[ptr]))?,
        free: declare(module, library::FREE, &sig(module, &[ptr], &[]))?,
        call: declare(module, library::CALL, &sig(module, &[ptr, ir::types::I32, ptr], &[ptr]))?,
        memory: declare(module, library::MEMORY, &sig(module, &[ptr, ir::types::I32, ptr], &[ptr]))?,
        global: declare(module, library::GLOBAL, &sig(module, &[ptr, ir::types::I32], &[ptr]))?,
    };
    let mut ctx = Context::new();
    let mut fctx = FunctionBuilderContext::new();
    let mut f = CFunction { module, ctx: &mut ctx, fctx: &mut fctx };
    let name = &iface.name;
    f.instantiate(&format!("{name}_instantiate"), &rt, descriptor)?;
    f.forward(&format!("{name}_instance_free"), rt.free, &[ptr], &[], &[])?;
    for item in &iface.items {
        match &item.kind {
            ItemKind::Func(index, ty) => f.call(&item.c_name, &rt, *index, ty)?,
            ItemKind::Memory(index, _) => {
                f.forward(&item.c_name, rt.memory, &[ptr, ptr], &[ptr], &[Some(*index), None])?
            }
            ItemKind::Global(index, g) => {
                f.global_get(&format!("{}_get", item.c_name), &rt, *index, g.ty)?;
                if g.mutable {
                    f.global_set(&format!("{}_set", item.c_name), &rt, *index, g.ty)?;
                }
            }
            ItemKind::Unreachable(_) => {}
        }
    }
    Ok(())
}

impl CFunction<'_> {
    fn ptr(&self) -> Type {
        self.module.isa().pointer_type()
    }

    /// Declares C function `name` with `params` and `results` and makes it
    /// the function `self.ctx` builds.
    fn begin(&mut self, name: &str, params: &[Type], results: &[Type]) -> Result<FuncId> {
        let sig = c_signature(self.module, params, results);
        let id = self.module.declare_function(name, Linkage::Export, &sig).map_err(obj_err)?;
        self.ctx.func = ir::Function::with_name_signature(ir::UserFuncName::user(4, id.as_u32()), sig);
        Ok(id)
    }

    /// Compiles and defines the function built in `self.ctx`.
    fn finish(&mut self, id: FuncId) -> Result<()> {
        self.module
            .define_function(id, self.ctx)
            .map_err(|e| CompileError::Codegen { func: u32::MAX, message: format!("library entry point: {e:?}") })?;
        self.ctx.clear();
        Ok(())
    }

    /// `name(args...) { return target(args with `consts` spliced in); }`:
    /// the target's arguments after the instance are `consts`, where
    /// `Some(c)` is an `i32` constant and `None` the next parameter.
    fn forward(&mut self, name: &str, target: FuncId, params: &[Type], results: &[Type], consts: &[Option<u32>]) -> Result<()> {
        let id = self.begin(name, params, results)?;
        let (mut b, incoming) = start(&mut self.ctx.func, self.fctx);
        let callee = self.module.declare_func_in_func(target, b.func);
        let mut incoming = incoming.into_iter();
        let mut args = vec![incoming.next().expect("the instance parameter")];
        for c in consts {
            match c {
                Some(c) => args.push(b.ins().iconst(ir::types::I32, i64::from(*c))),
                None => args.push(incoming.next().expect("a forwarded parameter")),
            }
        }
        args.extend(incoming);
        let call = b.ins().call(callee, &args);
        let rets = b.inst_results(call).to_vec();
        b.ins().return_(&rets);
        b.finalize(self.module.isa().frontend_config());
        self.finish(id)
    }

    /// `name(wasi, host_data, out) { return INSTANTIATE(&descriptor, wasi, host_data, out); }`
    fn instantiate(&mut self, name: &str, rt: &Runtime, descriptor: DataId) -> Result<()> {
        let ptr = self.ptr();
        let id = self.begin(name, &[ptr, ptr, ptr], &[ptr])?;
        let (mut b, params) = start(&mut self.ctx.func, self.fctx);
        let callee = self.module.declare_func_in_func(rt.instantiate, b.func);
        let desc = self.module.declare_data_in_func(descriptor, b.func);
        let d = b.ins().symbol_value(ptr, desc);
        let call = b.ins().call(callee, &[d, params[0], params[1], params[2]]);
        let err = b.inst_results(call)[0];
        b.ins().return_(&[err]);
        b.finalize(self.module.isa().frontend_config());
        self.finish(id)
    }

    /// The C type of a wasm value passed by value (v128: by pointer).
    fn c_value_type(&self, t: ValType) -> Type {
        match t {
            ValType::I32 => ir::types::I32,
            ValType::I64 => ir::types::I64,
            ValType::F32 => ir::types::F32,
            ValType::F64 => ir::types::F64,
            _ => self.ptr(),
        }
    }

    /// The IR type of a wasm value in memory.
    fn memory_type(&self, t: ValType) -> Type {
        match t {
            ValType::V128 => ir::types::I8X16,
            other => self.c_value_type(other),
        }
    }

    /// `name(instance, params..., result pointers...)`: the parameters go
    /// to 16-byte slots, [`library::CALL`] runs function `index`, and on
    /// success each result is stored through its pointer (unless null).
    fn call(&mut self, name: &str, rt: &Runtime, index: u32, ty: &FuncType) -> Result<()> {
        let ptr = self.ptr();
        let mut params = vec![ptr];
        params.extend(ty.params.iter().map(|t| self.c_value_type(*t)));
        params.extend(ty.results.iter().map(|_| ptr));
        let param_mem: Vec<Type> = ty.params.iter().map(|t| self.memory_type(*t)).collect();
        let result_mem: Vec<Type> = ty.results.iter().map(|t| self.memory_type(*t)).collect();
        let v128_params: Vec<bool> = ty.params.iter().map(|t| *t == ValType::V128).collect();
        let id = self.begin(name, &params, &[ptr])?;
        let (mut b, incoming) = start(&mut self.ctx.func, self.fctx);
        let callee = self.module.declare_func_in_func(rt.call, b.func);
        let slots = ty.params.len().max(ty.results.len()).max(1) as u32;
        let slot = b.create_sized_stack_slot(ir::StackSlotData::new(ir::StackSlotKind::ExplicitSlot, slots * SLOT, 4));
        let values = b.ins().stack_addr(ptr, slot, 0);
        let flags = MemFlagsData::trusted().with_endianness(ir::Endianness::Little);
        for (i, (&mem_ty, &by_pointer)) in param_mem.iter().zip(&v128_params).enumerate() {
            let mut v = incoming[1 + i];
            if by_pointer {
                v = b.ins().load(mem_ty, MemFlagsData::new().with_endianness(ir::Endianness::Little), v, 0);
            }
            b.ins().store(flags, v, values, (i as u32 * SLOT) as i32);
        }
        let func = b.ins().iconst(ir::types::I32, i64::from(index));
        let call = b.ins().call(callee, &[incoming[0], func, values]);
        let err = b.inst_results(call)[0];
        let failed = b.create_block();
        let mut next = b.create_block();
        b.ins().brif(err, failed, &[], next, &[]);
        b.seal_block(failed);
        b.switch_to_block(failed);
        b.ins().return_(&[err]);
        let out = &incoming[1 + ty.params.len()..];
        for (i, (&mem_ty, &out_ptr)) in result_mem.iter().zip(out).enumerate() {
            b.seal_block(next);
            b.switch_to_block(next);
            let store = b.create_block();
            let after = b.create_block();
            b.ins().brif(out_ptr, store, &[], after, &[]);
            b.seal_block(store);
            b.switch_to_block(store);
            let v = b.ins().load(mem_ty, flags, values, (i as u32 * SLOT) as i32);
            b.ins().store(MemFlagsData::new().with_endianness(ir::Endianness::Little), v, out_ptr, 0);
            b.ins().jump(after, &[]);
            next = after;
        }
        b.seal_block(next);
        b.switch_to_block(next);
        let null = b.ins().iconst(ptr, 0);
        b.ins().return_(&[null]);
        b.finalize(self.module.isa().frontend_config());
        self.finish(id)
    }

    /// Emits the global's storage lookup, branching to a block returning
    /// `on_null` results when there is none; returns the storage address.
    fn global_storage(b: &mut FunctionBuilder<'_>, callee: ir::FuncRef, instance: ir::Value, index: u32, on_null: &[Type]) -> ir::Value {
        let g = b.ins().iconst(ir::types::I32, i64::from(index));
        let call = b.ins().call(callee, &[instance, g]);
        let storage = b.inst_results(call)[0];
        let missing = b.create_block();
        let found = b.create_block();
        b.ins().brif(storage, found, &[], missing, &[]);
        b.seal_block(missing);
        b.switch_to_block(missing);
        let zeros: Vec<ir::Value> = on_null
            .iter()
            .map(|t| match *t {
                ir::types::F32 => b.ins().f32const(0.0),
                ir::types::F64 => b.ins().f64const(0.0),
                t => b.ins().iconst(t, 0),
            })
            .collect();
        b.ins().return_(&zeros);
        b.seal_block(found);
        b.switch_to_block(found);
        storage
    }

    /// `T name(instance)` (v128: `void name(instance, w2n_v128 *out)`).
    fn global_get(&mut self, name: &str, rt: &Runtime, index: u32, t: ValType) -> Result<()> {
        let ptr = self.ptr();
        let (params, results) =
            if t == ValType::V128 { (vec![ptr, ptr], vec![]) } else { (vec![ptr], vec![self.c_value_type(t)]) };
        let mem_ty = self.memory_type(t);
        let id = self.begin(name, &params, &results)?;
        let (mut b, incoming) = start(&mut self.ctx.func, self.fctx);
        let callee = self.module.declare_func_in_func(rt.global, b.func);
        let storage = Self::global_storage(&mut b, callee, incoming[0], index, &results);
        let flags = MemFlagsData::trusted().with_endianness(ir::Endianness::Little);
        let v = b.ins().load(mem_ty, flags, storage, 0);
        if t == ValType::V128 {
            b.ins().store(MemFlagsData::new().with_endianness(ir::Endianness::Little), v, incoming[1], 0);
            b.ins().return_(&[]);
        } else {
            b.ins().return_(&[v]);
        }
        b.finalize(self.module.isa().frontend_config());
        self.finish(id)
    }

    /// `void name(instance, T value)` (v128: `const w2n_v128 *value`).
    fn global_set(&mut self, name: &str, rt: &Runtime, index: u32, t: ValType) -> Result<()> {
        let ptr = self.ptr();
        let mem_ty = self.memory_type(t);
        let value_type = self.c_value_type(t);
        let id = self.begin(name, &[ptr, value_type], &[])?;
        let (mut b, incoming) = start(&mut self.ctx.func, self.fctx);
        let callee = self.module.declare_func_in_func(rt.global, b.func);
        let storage = Self::global_storage(&mut b, callee, incoming[0], index, &[]);
        let mut v = incoming[1];
        if t == ValType::V128 {
            v = b.ins().load(mem_ty, MemFlagsData::new().with_endianness(ir::Endianness::Little), v, 0);
        }
        b.ins().store(MemFlagsData::trusted().with_endianness(ir::Endianness::Little), v, storage, 0);
        b.ins().return_(&[]);
        b.finalize(self.module.isa().frontend_config());
        self.finish(id)
    }
}
