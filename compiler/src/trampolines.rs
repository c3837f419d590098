//! Generated stubs around wasm functions:
//!
//! * array-call trampolines (`extern "C" fn(vmctx, *mut u128)`) through
//!   which the runtime and embedders call exports and the start function;
//! * host adapters: wasm-convention entries for imports resolved to host C
//!   functions, so those can live in tables like any funcref.

use cranelift_codegen::ir::{self, AbiParam, InstBuilder, MemFlagsData};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

use crate::translate::{FuncTranslator, ModuleEnv};

/// Size of one slot of the array-call value array.
const SLOT: i32 = 16;

/// Builds the array-call trampoline of function `index` into `func`.
pub fn array_call(env: &ModuleEnv<'_>, index: u32, func: &mut ir::Function, fctx: &mut FunctionBuilderContext) {
    let ptr = env.pointer_type;
    let mut sig = ir::Signature::new(env.host_call_conv);
    sig.params.push(AbiParam::new(ptr));
    sig.params.push(AbiParam::new(ptr));
    *func = ir::Function::with_name_signature(ir::UserFuncName::user(1, index), sig);
    let mut b = FunctionBuilder::new(func, fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    let (vmctx, values) = (b.block_params(entry)[0], b.block_params(entry)[1]);
    let ty = env.info.func_type(index);
    let flags = MemFlagsData::trusted().with_endianness(ir::Endianness::Little);
    let args: Vec<_> =
        ty.params.iter().enumerate().map(|(i, t)| b.ins().load(env.ir_type(*t), flags, values, i as i32 * SLOT)).collect();
    let mut t = FuncTranslator::for_stub(env, b, vmctx);
    let results = t.call_function(index, &args);
    for (i, r) in results.iter().enumerate() {
        t.builder.ins().store(flags, *r, values, i as i32 * SLOT);
    }
    t.builder.ins().return_(&[]);
    t.builder.finalize(env.frontend_config);
}

/// Builds the wasm-convention adapter of imported function `index`, which
/// the environment resolves to a host function.
pub fn host_adapter(env: &ModuleEnv<'_>, index: u32, func: &mut ir::Function, fctx: &mut FunctionBuilderContext) {
    let ty = env.info.func_type(index);
    *func = ir::Function::with_name_signature(ir::UserFuncName::user(2, index), env.wasm_signature(ty));
    let mut b = FunctionBuilder::new(func, fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    let vmctx = b.block_params(entry)[0];
    let args = b.block_params(entry)[1..].to_vec();
    let mut t = FuncTranslator::for_stub(env, b, vmctx);
    let results = t.call_function(index, &args);
    t.builder.ins().return_(&results);
    t.builder.finalize(env.frontend_config);
}
