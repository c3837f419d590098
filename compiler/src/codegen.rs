//! Compile: every defined function, in parallel, to machine code +
//! relocations + trap sites.
//!
//! Each rayon worker keeps its own Cranelift context, builder context and
//! validator allocations. Results come back in index order, so the object
//! the emitter writes is identical whatever the thread count.

use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::TrapCode;
use cranelift_codegen::isa::TargetIsa;
use cranelift_codegen::Context;
use cranelift_frontend::FunctionBuilderContext;
use cranelift_module::{FuncId, ModuleReloc};
use rayon::prelude::*;
use wasm2native_abi::meta::TrapSite;
use wasm2native_abi::TrapKind;
use wasmparser::FuncValidatorAllocations;

use crate::error::{CompileError, Result};
use crate::translate::{self, ModuleEnv};

/// Machine code of one function, ready to be defined in the object.
pub struct CompiledFunction {
    /// The code.
    pub bytes: Vec<u8>,
    /// Required alignment.
    pub alignment: u64,
    /// Relocations against other functions and data.
    pub relocs: Vec<ModuleReloc>,
    /// Trapping instructions, sorted by offset.
    pub traps: Vec<TrapSite>,
}

/// Maps a Cranelift trap code to the runtime's trap kind.
pub fn trap_kind(code: TrapCode) -> TrapKind {
    match code {
        TrapCode::STACK_OVERFLOW => TrapKind::StackOverflow,
        TrapCode::HEAP_OUT_OF_BOUNDS => TrapKind::MemoryOutOfBounds,
        TrapCode::INTEGER_OVERFLOW => TrapKind::IntegerOverflow,
        TrapCode::INTEGER_DIVISION_BY_ZERO => TrapKind::IntegerDivisionByZero,
        TrapCode::BAD_CONVERSION_TO_INTEGER => TrapKind::BadConversionToInteger,
        other => TrapKind::from_u8(other.as_raw().get()).unwrap_or(TrapKind::Unreachable),
    }
}

/// Turns a finished Cranelift compilation into a [`CompiledFunction`].
pub fn finish(ctx: &Context, id: FuncId) -> CompiledFunction {
    let code = ctx.compiled_code().expect("compiled");
    let relocs = code
        .buffer
        .relocs()
        .iter()
        .map(|r| ModuleReloc::from_mach_reloc(r, &ctx.func, id))
        .collect();
    let mut traps: Vec<TrapSite> = code
        .buffer
        .traps()
        .iter()
        .map(|t| TrapSite { offset: t.offset, kind: trap_kind(t.code) })
        .collect();
    traps.sort_by_key(|t| t.offset);
    CompiledFunction {
        bytes: code.code_buffer().to_vec(),
        alignment: u64::from(code.buffer.alignment),
        relocs,
        traps,
    }
}

/// Validates, translates and compiles every defined function.
pub fn compile_functions(
    env: &ModuleEnv<'_>,
    isa: &dyn TargetIsa,
    ids: &[FuncId],
    jobs: Option<usize>,
) -> Result<Vec<CompiledFunction>> {
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = jobs {
        pool = pool.num_threads(n);
    }
    let pool = pool
        .build()
        .map_err(|e| CompileError::Options(format!("cannot start {jobs:?} compile threads: {e}")))?;
    let first = env.info.num_imported_funcs;
    pool.install(|| {
        env.info
            .bodies
            .par_iter()
            .enumerate()
            .map_init(
                || (Context::new(), FunctionBuilderContext::new(), Some(FuncValidatorAllocations::default())),
                |(ctx, fctx, allocs), (i, body)| {
                    let index = first + i as u32;
                    ctx.clear();
                    let a = allocs.take().unwrap_or_default();
                    *allocs = Some(translate::translate_function(env, index, body, &mut ctx.func, fctx, a)?);
                    ctx.compile(isa, &mut ControlPlane::default()).map_err(|e| CompileError::Codegen {
                        func: index,
                        message: format!("{:?}", e.inner),
                    })?;
                    Ok(finish(ctx, ids[i]))
                },
            )
            .collect()
    })
}
