//! Compile: every defined function, in parallel, to machine code +
//! relocations + trap sites.
//!
//! Each rayon worker keeps its own Cranelift context, builder context and
//! validator allocations. Results come back in index order, so the object
//! the emitter writes is identical whatever the thread count.

use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::isa::TargetIsa;
use cranelift_codegen::{Context, FinalizedMachExceptionHandler};
use cranelift_frontend::FunctionBuilderContext;
use cranelift_module::{FuncId, ModuleReloc};
use rayon::prelude::*;
use wasm2native_abi::meta::{HandlerSite, StackMapSite, TrapSite};
use wasmparser::FuncValidatorAllocations;

use crate::error::{CompileError, Result};
use crate::inlining::Inlinable;
use crate::progress::Progress;
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
    /// Calls covered by an exception handler, sorted by return offset.
    pub handlers: Vec<HandlerSite>,
    /// Calls with GC references live across them, sorted by return offset.
    pub stack_maps: Vec<StackMapSite>,
    /// Which wasm instruction each stretch of code comes from: native
    /// `start..end` and the wasm code offset, in code order; empty unless
    /// the function was translated with source locations (`-g`).
    pub source_map: Vec<SourceRange>,
}

/// Native code `start..end` (offsets in the function) compiled from the
/// wasm instruction at code offset `wasm`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourceRange {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// The instruction's offset from the code section's start.
    pub wasm: u32,
}

pub use crate::trap_codes::trap_kind;

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
    // Every covered call has exactly one catch-all entry: its landing pad
    // (see `translate::exceptions`).
    let mut handlers: Vec<HandlerSite> = code
        .buffer
        .call_sites()
        .filter_map(|site| {
            let target = site.exception_handlers.iter().find_map(|h| match h {
                FinalizedMachExceptionHandler::Default(offset) => Some(*offset),
                _ => None,
            })?;
            Some(HandlerSite {
                ret_offset: site.ret_addr,
                handler_offset: target,
                sp_offset: site.frame_offset.expect("exception-capable conventions record frame offsets"),
            })
        })
        .collect();
    handlers.sort_by_key(|h| h.ret_offset);
    // Cranelift records them in code order, by return address.
    let stack_maps = code
        .buffer
        .user_stack_maps()
        .iter()
        .map(|(ret_offset, frame_size, map)| StackMapSite {
            ret_offset: *ret_offset,
            frame_size: *frame_size,
            slots: map.entries().map(|(_, at)| at).collect(),
        })
        .collect();
    let source_map = code
        .buffer
        .get_srclocs_sorted()
        .iter()
        .filter(|s| !s.loc.is_default())
        .map(|s| SourceRange { start: s.start, end: s.end, wasm: s.loc.bits() })
        .collect();
    CompiledFunction {
        bytes: code.code_buffer().to_vec(),
        alignment: u64::from(code.buffer.alignment),
        relocs,
        traps,
        handlers,
        stack_maps,
        source_map,
    }
}

/// Validates, translates and compiles every defined function: on `jobs`
/// threads of a pool of its own, or, with `jobs` unset, on the current
/// rayon pool (the global one, or the caller's when it is already inside a
/// pool: an embedder compiling many modules in parallel must not nest
/// pools, which makes waiting workers steal and recurse without bound).
pub fn compile_functions(
    env: &ModuleEnv<'_>,
    isa: &dyn TargetIsa,
    ids: &[FuncId],
    jobs: Option<usize>,
    inlinable: &Inlinable,
    progress: &Progress,
) -> Result<Vec<CompiledFunction>> {
    let job = Job { env, isa, ids, inlinable, progress };
    match jobs {
        None => compile_on_current_pool(&job),
        Some(1) => {
            let mut state = WorkerState::default();
            let first = env.info.num_imported_funcs;
            env.info
                .bodies
                .iter()
                .enumerate()
                .map(|(i, body)| compile_one(&job, &mut state, first + i as u32, body, ids[i]))
                .collect()
        }
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(|e| CompileError::Options(format!("cannot start {n} compile threads: {e}")))?
            .install(|| compile_on_current_pool(&job)),
    }
}

/// What each worker reuses from one function to the next.
struct WorkerState {
    ctx: Context,
    fctx: FunctionBuilderContext,
    allocs: Option<FuncValidatorAllocations>,
}

impl Default for WorkerState {
    fn default() -> Self {
        WorkerState { ctx: Context::new(), fctx: FunctionBuilderContext::new(), allocs: None }
    }
}

/// Hands the functions to the pool one at a time from a shared queue,
/// largest body first, so that a huge function met late does not leave the
/// other workers idle at the end (clang's largest bodies are 150-320 KB of
/// wasm among 133k functions); results go back to index order. (A plain
/// `par_iter` over the sorted order would split it into a few contiguous
/// runs up front and give one worker all the large functions.)
fn compile_on_current_pool(job: &Job<'_>) -> Result<Vec<CompiledFunction>> {
    let first = job.env.info.num_imported_funcs;
    let bodies = &job.env.info.bodies;
    let mut order: Vec<usize> = (0..bodies.len()).collect();
    order.sort_by_key(|&i| {
        let r = bodies[i].body.range();
        std::cmp::Reverse(r.end - r.start)
    });
    let mut compiled: Vec<(usize, Result<CompiledFunction>)> = order
        .into_iter()
        .par_bridge()
        .map_init(WorkerState::default, |state, i| {
            (i, compile_one(job, state, first + i as u32, &bodies[i], job.ids[i]))
        })
        .collect();
    compiled.sort_unstable_by_key(|(i, _)| *i);
    // The first error in index order, as a sequential compile reports it.
    compiled.into_iter().map(|(_, result)| result).collect()
}

/// What every function's compilation shares.
struct Job<'a> {
    env: &'a ModuleEnv<'a>,
    isa: &'a dyn TargetIsa,
    ids: &'a [FuncId],
    inlinable: &'a Inlinable,
    progress: &'a Progress,
}

fn compile_one(
    job: &Job<'_>,
    state: &mut WorkerState,
    index: u32,
    body: &crate::module_info::FunctionBodyInfo<'_>,
    id: FuncId,
) -> Result<CompiledFunction> {
    state.ctx.clear();
    let allocs = state.allocs.take().unwrap_or_default();
    match translate::translate_function(job.env, index, body, &mut state.ctx.func, &mut state.fctx, allocs) {
        Ok(allocs) => state.allocs = Some(allocs),
        Err(e) => {
            // The builder stopped half way: its context must not be reused
            // for the functions this worker compiles next.
            state.fctx = FunctionBuilderContext::new();
            return Err(e);
        }
    }
    if !job.inlinable.is_empty() {
        state
            .ctx
            .inline(job.inlinable)
            .map_err(|e| CompileError::Codegen { func: index, message: format!("inlining: {e:?}") })?;
    }
    state
        .ctx
        .compile(job.isa, &mut ControlPlane::default())
        .map_err(|e| CompileError::Codegen { func: index, message: format!("{:?}", e.inner) })?;
    let range = body.body.range();
    job.progress.advance((range.end - range.start) as u64);
    Ok(finish(&state.ctx, id))
}

#[cfg(test)]
mod tests {
    use crate::{CompileError, CompileOptions};

    /// An invalid body among valid ones, compiled in parallel: the workers
    /// go on with other functions after the failed one, and must report the
    /// invalid module rather than trip over the half-built function's
    /// builder state (an internal compiler error in Cranelift's egraph pass
    /// before the fix). The last function's `delegate` label makes it
    /// invalid at its end.
    #[test]
    fn an_invalid_body_does_not_spoil_the_next_function() {
        let wat = r#"(module
  (tag $e32 (param i32))
  (tag $e64 (param i64))
  (func $throw32 (param i32) (throw $e32 (local.get 0)))
  (func $throw64 (param i32) (throw $e64 (i64.extend_i32_s (local.get 0))))
  (func $legacy (export "a") (param $x i32) (result i32)
    try (result i32)
      (call $throw32 (local.get $x))
      (i32.const -18)
    catch $e64
      (i32.wrap_i64)
    catch $e32
      (i32.add (i32.const 2000))
    end)
  (func (export "b") (result i32)
    try (result i32)
      try
        (call $throw64 (i32.const 9))
      catch_all
        rethrow 0
      end
      (i32.const -19)
    catch $e64
      (i32.wrap_i64)
    end)
  (func (export "c") (result i32)
    try $outer (result i32)
      try (result i32)
        try
          (call $throw32 (i32.const 4))
        delegate $outer
        (i32.const -20)
      catch $e32
        (i32.const -21)
      end
    catch $e32
      (i32.add (i32.const 3000))
    end))"#;
        let wasm = wat::parse_str(wat).unwrap();
        for jobs in [None, Some(1), Some(2), Some(4)] {
            let opts = CompileOptions { executable: false, jobs, ..Default::default() };
            match crate::compile_to_object(&wasm, &opts) {
                Err(CompileError::Invalid { .. }) => {}
                other => panic!("-j {jobs:?}: {:?}", other.map(|o| o.len())),
            }
        }
    }
}
