//! Translate: one wasm function body → Cranelift IR.
//!
//! The body is validated (wasmparser `FuncValidator`) and translated in one
//! walk over its operators. [`FuncTranslator`] keeps the explicit control
//! stack and value stack; each operator family lives in its own module:
//! [`control`], [`numeric`], [`memory`], [`calls`], [`tables`],
//! [`variables`] (locals and globals), [`tail_calls`], [`exceptions`],
//! [`atomics`], [`simd`] and
//! [`wide`] (128-bit integer arithmetic on `i64` pairs).

mod atomics;
mod calls;
mod casts;
mod control;
pub(crate) mod env;
mod exceptions;
mod memory;
mod numeric;
mod objects;
mod simd;
mod stack_maps;
mod tables;
mod tail_calls;
mod variables;
mod wide;

use cranelift_codegen::ir::{self, types, Block, InstBuilder, MemFlagsData, TrapCode, Type, Value};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use wasm2native_abi::meta::ValType;
use wasm2native_abi::{TrapKind, VMContext};
use wasmparser::{FuncValidatorAllocations, Operator};

use crate::error::{CompileError, Result};
use crate::module_info::FunctionBodyInfo;
pub use env::{Callee, ModuleEnv};

/// What kind of construct a control frame is.
pub(crate) enum FrameKind {
    /// The function body itself.
    Function,
    /// `block`.
    Block,
    /// `loop`: branches go back to the header.
    Loop,
    /// `if`: the else block and the parameters to restore for it.
    If { else_block: Block, params: Vec<Value>, has_else: bool },
    /// `try_table`: calls in its body are covered by `pad`.
    TryTable { pad: Block },
    /// Legacy `try`: `pad` covers the body's calls and is filled at `end`
    /// from `catches` (tag, or `None` for `catch_all`, and the clause's
    /// block); `caught` is the exception inside the current clause.
    Try { pad: Block, catches: Vec<(Option<u32>, Block)>, caught: Option<Value> },
}

/// One entry of the control stack.
pub(crate) struct Frame {
    pub kind: FrameKind,
    /// Where `br` to this frame goes (the loop header, or `next`).
    pub dest: Block,
    /// The block after `end`; its parameters are the frame's results.
    pub next: Block,
    pub num_params: usize,
    pub num_results: usize,
    /// Value-stack height below this frame's parameters.
    pub height: usize,
    /// Whether anything branches to `next`.
    pub exit_reachable: bool,
}

impl Frame {
    /// Number of values a branch to this frame carries.
    pub fn branch_arity(&self) -> usize {
        match self.kind {
            FrameKind::Loop => self.num_params,
            _ => self.num_results,
        }
    }
}

/// Translates one function.
pub struct FuncTranslator<'a, 'f> {
    pub(crate) builder: FunctionBuilder<'f>,
    pub(crate) env: &'a ModuleEnv<'a>,
    pub(crate) values: Vec<Value>,
    pub(crate) frames: Vec<Frame>,
    /// False after an unconditional branch until the enclosing `else`/`end`.
    pub(crate) reachable: bool,
    /// Depth of frames opened while unreachable (not materialized).
    pub(crate) dead_depth: usize,
    pub(crate) locals: Vec<(Variable, Type)>,
    pub(crate) vmctx: Value,
    pub(crate) imported: env::ImportedEntities,
    /// Values declared for stack maps, when the function may hold GC
    /// references.
    pub(crate) gc_refs: Option<stack_maps::GcRefs>,
}

/// Translates defined function `index` into `func`.
pub fn translate_function(
    env: &ModuleEnv<'_>,
    index: u32,
    body: &FunctionBodyInfo<'_>,
    func: &mut ir::Function,
    fctx: &mut FunctionBuilderContext,
    allocs: FuncValidatorAllocations,
) -> Result<FuncValidatorAllocations> {
    let v = &body.validator;
    let pending = wasmparser::FuncToValidate {
        resources: v.resources.clone(),
        index: v.index,
        ty: v.ty,
        features: v.features,
    };
    let mut validator = pending.into_validator(allocs);
    let ty = env.info.func_type(index).clone();
    *func = ir::Function::with_name_signature(
        ir::UserFuncName::user(0, index),
        env.wasm_signature(&ty),
    );
    // The prologue compares the stack pointer with vmctx.stack_limit.
    let vmctx_gv = func.create_global_value(ir::GlobalValueData::VMContext);
    let limit_flags = func.dfg.mem_flags.insert(MemFlagsData::trusted().with_readonly()).unwrap();
    let limit = func.create_global_value(ir::GlobalValueData::Load {
        base: vmctx_gv,
        offset: (core::mem::offset_of!(VMContext, stack_limit) as i32).into(),
        global_type: env.pointer_type,
        flags: limit_flags,
    });
    func.stack_limit = Some(limit);

    let mut builder = FunctionBuilder::new(func, fctx);
    let entry = builder.create_block();
    builder.append_block_params_for_function_params(entry);
    builder.switch_to_block(entry);
    builder.seal_block(entry);
    let vmctx = builder.block_params(entry)[0];
    let params: Vec<Value> = builder.block_params(entry)[1..].to_vec();

    let ret = builder.create_block();
    for r in &ty.results {
        builder.append_block_param(ret, env.ir_type(*r));
    }
    let mut t = FuncTranslator {
        builder,
        env,
        values: Vec::new(),
        frames: vec![Frame {
            kind: FrameKind::Function,
            dest: ret,
            next: ret,
            num_params: 0,
            num_results: ty.results.len(),
            height: 0,
            exit_reachable: false,
        }],
        reachable: true,
        dead_depth: 0,
        locals: Vec::new(),
        vmctx,
        imported: env::ImportedEntities::default(),
        gc_refs: None,
    };

    let invalid = CompileError::invalid;
    let mut local_types: Vec<(u32, ValType)> = Vec::new();
    let mut locals = body.body.get_locals_reader().map_err(invalid)?;
    for _ in 0..locals.get_count() {
        let offset = locals.original_position();
        let (count, vt) = locals.read().map_err(invalid)?;
        validator.define_locals(offset, count, vt).map_err(invalid)?;
        local_types.push((count, crate::module_info::val_type(vt)?));
    }
    if env.gc_refs || local_types.iter().any(|(_, v)| env.info.is_gc_ref(*v)) {
        t.gc_refs = Some(stack_maps::GcRefs::default());
    }
    for (p, vt) in params.iter().zip(&ty.params) {
        t.declare_local(*vt, Some(*p));
    }
    for (count, vt) in local_types {
        for _ in 0..count {
            t.declare_local(vt, None);
        }
    }
    let mut ops = body.body.get_operators_reader().map_err(invalid)?;
    while !ops.eof() {
        let offset = ops.original_position();
        if env.source_locations {
            let code_offset = offset as u64 - env.info.code_section_start;
            t.builder.set_srcloc(ir::SourceLoc::new(code_offset as u32));
        }
        let op = ops.read().map_err(invalid)?;
        validator.op(offset, &op).map_err(invalid)?;
        check_reserved_memory_byte(env.info.features, &op, offset, ops.original_position())?;
        t.translate(&op)?;
        t.declare_gc_operands(&validator)?;
    }
    let end = ops.original_position();
    ops.get_binary_reader().finish_expression(&validator.visitor(end)).map_err(invalid)?;
    t.builder.seal_all_blocks();
    t.builder.finalize(env.frontend_config);
    Ok(validator.into_allocations())
}

/// Without multi-memory, the memory index of `memory.size`/`memory.grow` is
/// a reserved single zero byte; wasmparser accepts any LEB128 zero there
/// whatever the features, so the 2.0 rule is checked here.
fn check_reserved_memory_byte(features: wasmparser::WasmFeatures, op: &Operator<'_>, start: u64, end: u64) -> Result<()> {
    let reserved = matches!(op, Operator::MemorySize { .. } | Operator::MemoryGrow { .. });
    if reserved && !features.multi_memory() && end - start != 2 {
        return Err(CompileError::Invalid { offset: start as usize + 1, message: "zero byte expected".into() });
    }
    Ok(())
}

impl<'a, 'f> FuncTranslator<'a, 'f> {
    /// Dispatches one operator to its family.
    fn translate(&mut self, op: &Operator<'_>) -> Result<()> {
        use Operator as O;
        if !self.reachable {
            return self.translate_unreachable(op);
        }
        match op {
            O::Unreachable
            | O::Nop
            | O::Block { .. }
            | O::Loop { .. }
            | O::If { .. }
            | O::Else
            | O::End
            | O::Br { .. }
            | O::BrIf { .. }
            | O::BrTable { .. }
            | O::Return
            | O::Drop
            | O::Select
            | O::TypedSelect { .. }
            | O::TypedSelectMulti { .. }
            | O::BrOnNull { .. }
            | O::BrOnNonNull { .. } => self.translate_control(op),
            O::Call { .. } | O::CallIndirect { .. } | O::CallRef { .. } => self.translate_call(op),
            O::ReturnCall { .. } | O::ReturnCallIndirect { .. } | O::ReturnCallRef { .. } => {
                self.translate_tail_call(op)
            }
            O::LocalGet { .. }
            | O::LocalSet { .. }
            | O::LocalTee { .. }
            | O::GlobalGet { .. }
            | O::GlobalSet { .. } => self.translate_variable(op),
            O::TryTable { .. }
            | O::Throw { .. }
            | O::ThrowRef
            | O::Try { .. }
            | O::Catch { .. }
            | O::CatchAll
            | O::Rethrow { .. }
            | O::Delegate { .. } => self.translate_exception(op),
            O::TableGet { .. }
            | O::TableSet { .. }
            | O::TableSize { .. }
            | O::TableGrow { .. }
            | O::TableFill { .. }
            | O::TableCopy { .. }
            | O::TableInit { .. }
            | O::ElemDrop { .. }
            | O::RefNull { .. }
            | O::RefIsNull
            | O::RefAsNonNull
            | O::RefFunc { .. } => self.translate_table(op),
            O::RefI31
            | O::I31GetS
            | O::I31GetU
            | O::RefEq
            | O::AnyConvertExtern
            | O::ExternConvertAny
            | O::RefTestNonNull { .. }
            | O::RefTestNullable { .. }
            | O::RefCastNonNull { .. }
            | O::RefCastNullable { .. }
            | O::BrOnCast { .. }
            | O::BrOnCastFail { .. } => self.translate_cast(op),
            O::StructNew { .. }
            | O::StructNewDefault { .. }
            | O::StructGet { .. }
            | O::StructGetS { .. }
            | O::StructGetU { .. }
            | O::StructSet { .. }
            | O::ArrayNew { .. }
            | O::ArrayNewDefault { .. }
            | O::ArrayNewFixed { .. }
            | O::ArrayNewData { .. }
            | O::ArrayNewElem { .. }
            | O::ArrayGet { .. }
            | O::ArrayGetS { .. }
            | O::ArrayGetU { .. }
            | O::ArraySet { .. }
            | O::ArrayLen
            | O::ArrayFill { .. }
            | O::ArrayCopy { .. }
            | O::ArrayInitData { .. }
            | O::ArrayInitElem { .. } => self.translate_object(op),
            _ => {
                if self.translate_memory(op)?
                    || self.translate_atomic(op)?
                    || self.translate_numeric(op)?
                    || self.translate_simd(op)?
                    || self.translate_wide(op)
                {
                    Ok(())
                } else {
                    // Only GC operators are left (validated, not implemented).
                    Err(CompileError::Unsupported(format!("GC (operator {op:?})")))
                }
            }
        }
    }

    // ---- value stack ----

    pub(crate) fn push(&mut self, v: Value) {
        self.values.push(v);
    }

    pub(crate) fn pop(&mut self) -> Value {
        self.values.pop().expect("validated: value stack underflow")
    }

    pub(crate) fn pop2(&mut self) -> (Value, Value) {
        let b = self.pop();
        let a = self.pop();
        (a, b)
    }

    pub(crate) fn pop3(&mut self) -> (Value, Value, Value) {
        let c = self.pop();
        let (a, b) = self.pop2();
        (a, b, c)
    }

    /// Removes and returns the top `n` values, bottom first.
    pub(crate) fn popn(&mut self, n: usize) -> Vec<Value> {
        let at = self.values.len() - n;
        self.values.split_off(at)
    }

    /// The top `n` values, bottom first.
    pub(crate) fn peekn(&self, n: usize) -> &[Value] {
        &self.values[self.values.len() - n..]
    }

    // ---- helpers shared by the families ----

    /// The builder's instruction inserter.
    pub(crate) fn ins(&mut self) -> cranelift_frontend::FuncInstBuilder<'_, 'f> {
        self.builder.ins()
    }

    /// Cranelift's code for a trap kind.
    pub(crate) fn trap_code(kind: TrapKind) -> TrapCode {
        crate::trap_codes::trap_code(kind)
    }

    /// Traps with `kind` when reference `r` is null (zero).
    pub(crate) fn trap_if_null(&mut self, r: Value, kind: TrapKind) {
        self.ins().trapz(r, Self::trap_code(kind));
    }

    /// Traps with `kind` when `cond` is non-zero.
    pub(crate) fn trap_if(&mut self, cond: Value, kind: TrapKind) {
        self.ins().trapnz(cond, Self::trap_code(kind));
    }

    /// A load from runtime structures that never changes while the function
    /// runs: GVN and LICM may merge and hoist it.
    pub(crate) fn load_fixed(&mut self, ty: Type, base: Value, offset: usize) -> Value {
        let flags = MemFlagsData::trusted().with_readonly().with_can_move();
        self.ins().load(ty, flags, base, offset as i32)
    }

    /// A load from runtime structures that may change (e.g. a memory's
    /// length).
    pub(crate) fn load_mutable(&mut self, ty: Type, base: Value, offset: usize) -> Value {
        self.ins().load(ty, MemFlagsData::trusted(), base, offset as i32)
    }

    /// The pointer at `vmctx + offset` (one of the pointer arrays of
    /// [`wasm2native_abi::layout`], fixed after instantiation).
    pub(crate) fn vmctx_pointer(&mut self, offset: usize) -> Value {
        self.load_fixed(self.env.pointer_type, self.vmctx, offset)
    }

    /// Base and offset of a memory's or global's storage: inline in the
    /// vmctx when the module defines it, else behind its pointer entry.
    pub(crate) fn vmctx_item(&mut self, inline: Option<usize>, pointer: usize) -> (Value, usize) {
        match inline {
            Some(offset) => (self.vmctx, offset),
            None => (self.vmctx_pointer(pointer), 0),
        }
    }

    /// Converts a Cranelift boolean (`i8`) to a wasm `i32`.
    pub(crate) fn bool_to_i32(&mut self, b: Value) -> Value {
        self.ins().uextend(types::I32, b)
    }

    /// Zero-extends a wasm `i32` index to the pointer width.
    pub(crate) fn index_to_pointer(&mut self, index: Value) -> Value {
        let ptr = self.env.pointer_type;
        if self.builder.func.dfg.value_type(index) == ptr {
            index
        } else {
            self.ins().uextend(ptr, index)
        }
    }
}

impl FuncTranslator<'_, '_> {
    /// Calls the runtime builtin stored at `field` of `VMBuiltins` with the
    /// platform convention; `vmctx` is passed first automatically.
    pub(crate) fn call_builtin(
        &mut self,
        name: &'static str,
        field: usize,
        params: &[Type],
        results: &[Type],
        args: &[Value],
    ) -> Vec<Value> {
        let mut sig_params = vec![self.env.pointer_type];
        sig_params.extend_from_slice(params);
        let mut all = vec![self.vmctx];
        all.extend_from_slice(args);
        self.call_builtins_entry(name, field, &sig_params, results, &all)
    }

    /// Calls the C library function stored at `field` of `VMBuiltins`
    /// (`memmove`, `memset`) with exactly `args`.
    pub(crate) fn call_libc(&mut self, name: &'static str, field: usize, params: &[Type], args: &[Value]) {
        let ptr = self.env.pointer_type;
        self.call_builtins_entry(name, field, params, &[ptr], args);
    }

    fn call_builtins_entry(
        &mut self,
        name: &'static str,
        field: usize,
        params: &[Type],
        results: &[Type],
        args: &[Value],
    ) -> Vec<Value> {
        let callee = self.builtin_entry(field);
        let sig = self.builtin_sig_ref(name, params, results);
        let call = self.ins().call_indirect(sig, callee, args);
        self.builder.inst_results(call).to_vec()
    }

    /// The entry point stored at `field` of `VMBuiltins` (fixed: loads
    /// hoisted and merged).
    pub(crate) fn builtin_entry(&mut self, field: usize) -> Value {
        let ptr = self.env.pointer_type;
        let builtins = self.load_fixed(ptr, self.vmctx, core::mem::offset_of!(VMContext, builtins));
        self.load_fixed(ptr, builtins, field)
    }

    /// Calls a builtin that returns a status and traps with `kind` when it
    /// is non-zero.
    pub(crate) fn call_checked_builtin(
        &mut self,
        name: &'static str,
        field: usize,
        params: &[Type],
        args: &[Value],
        kind: TrapKind,
    ) {
        let status = self.call_builtin(name, field, params, &[types::I32], args)[0];
        self.trap_if(status, kind);
    }

    /// A `u32` immediate as an IR constant.
    pub(crate) fn const_u32(&mut self, v: u32) -> Value {
        self.ins().iconst(types::I32, i64::from(v))
    }
}

impl<'a, 'f> FuncTranslator<'a, 'f> {
    /// A translator for a generated stub (trampoline, adapter): no wasm
    /// body, just access to the call machinery with `vmctx`.
    pub(crate) fn for_stub(env: &'a ModuleEnv<'a>, builder: FunctionBuilder<'f>, vmctx: Value) -> Self {
        FuncTranslator {
            builder,
            env,
            values: Vec::new(),
            frames: Vec::new(),
            reachable: true,
            dead_depth: 0,
            locals: Vec::new(),
            vmctx,
            imported: env::ImportedEntities::default(),
            gc_refs: None,
        }
    }
}
