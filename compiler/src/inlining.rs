//! Inlining small functions into their callers (`--inline`): the first
//! step of whole-module optimisation, off by default until it pays on
//! every benchmark. Measured by instruction counts (callgrind, sightglass,
//! whole process): rust-html-rewriter -4.0%, hashset -3.9%,
//! rust-compression -2.5%, regex -1.9%, rust-protobuf and pulldown-cmark
//! -1.7%, rust-json -1.0%, meshoptimizer +0.6%, bz2, quicksort and richards
//! unchanged (geometric mean -1.5%). Larger budgets regressed (twice
//! these: regex +5%, rust-json +4%), and so did inlining loops
//! (meshoptimizer +4.5%).
//!
//! Before code generation, the module's small function bodies (at most
//! [`MAX_BODY_BYTES`] of wasm) are translated once more and kept when they
//! qualify: at most [`MAX_INSTS`] IR instructions, no loops, no tail calls
//! and no calls under an exception handler, in a module without GC references (no
//! stack maps to carry over). Each caller's direct calls to them are then
//! replaced by their bodies with Cranelift's inliner before the caller is
//! optimised; the calls inside an inlined body stay calls (one level, so
//! recursion ends). What is kept depends on the module alone, so the
//! output is the same for any `-j`.
//!
//! A trap inside inlined code is reported in the caller's frame: the
//! callee's frame is not in the backtrace (as with any optimising
//! compiler's inlining).

use std::borrow::Cow;
use std::collections::HashMap;

use cranelift_codegen::inline::{Inline, InlineCommand};
use cranelift_codegen::ir::{self, ExternalName};
use cranelift_frontend::FunctionBuilderContext;
use cranelift_module::FuncId;
use rayon::prelude::*;

use crate::translate::{self, ModuleEnv};

/// Bodies larger than this (in wasm bytes) are not considered.
pub const MAX_BODY_BYTES: usize = 160;

/// Bodies with more IR instructions than this are not inlined.
pub const MAX_INSTS: usize = 100;

/// The functions callers may inline, by the `FuncId` their calls name.
#[derive(Default)]
pub struct Inlinable {
    bodies: HashMap<u32, ir::Function>,
}

impl Inlinable {
    /// Nothing to inline.
    pub fn none() -> Self {
        Inlinable::default()
    }

    /// How many functions may be inlined.
    pub fn len(&self) -> usize {
        self.bodies.len()
    }

    /// Whether there is nothing to inline.
    pub fn is_empty(&self) -> bool {
        self.bodies.is_empty()
    }

    /// Translates the module's small functions (defined function `n` is
    /// `ids[n]`) and keeps those that qualify. A body that fails to
    /// translate is left out: compiling it reports the error.
    pub fn collect(env: &ModuleEnv<'_>, ids: &[FuncId]) -> Self {
        if env.gc_refs {
            return Inlinable::none();
        }
        let first = env.info.num_imported_funcs;
        let bodies = env
            .info
            .bodies
            .par_iter()
            .enumerate()
            .filter(|(_, b)| (b.body.range().end - b.body.range().start) as usize <= MAX_BODY_BYTES)
            .filter_map(|(i, b)| {
                let mut func = ir::Function::new();
                let mut fctx = FunctionBuilderContext::new();
                translate::translate_function(env, first + i as u32, b, &mut func, &mut fctx, Default::default()).ok()?;
                qualifies(&func).then(|| (ids[i].as_u32(), func))
            })
            .collect();
        Inlinable { bodies }
    }
}

/// Small, with no calls that an exception handler covers or that are tail
/// calls (plain calls stay calls in the caller).
fn qualifies(func: &ir::Function) -> bool {
    use ir::Opcode as O;
    let mut insts = 0;
    let mut seen = std::collections::HashSet::new();
    for block in func.layout.blocks() {
        seen.insert(block);
        for inst in func.layout.block_insts(block) {
            insts += 1;
            let data = &func.dfg.insts[inst];
            let op = data.opcode();
            if insts > MAX_INSTS || (op.is_call() && !matches!(op, O::Call | O::CallIndirect)) {
                return false;
            }
            // A branch back to a block already laid out: a loop, which
            // is better left in a frame of its own than spread into the
            // caller's registers (meshoptimizer ran 4.5% more
            // instructions with loops inlined).
            let dfg = &func.dfg;
            let targets = data.branch_destination(&dfg.jump_tables, &dfg.exception_tables);
            if targets.iter().any(|t| seen.contains(&t.block(&dfg.value_lists))) {
                return false;
            }
        }
    }
    true
}

impl Inline for &Inlinable {
    fn inline(
        &mut self,
        caller: &ir::Function,
        _inst: ir::Inst,
        opcode: ir::Opcode,
        callee: ir::FuncRef,
        _args: &[ir::Value],
    ) -> InlineCommand<'_> {
        // A call covered by an exception handler stays a call: the handler
        // tables describe calls, not inlined bodies.
        if opcode != ir::Opcode::Call {
            return InlineCommand::KeepCall;
        }
        let ExternalName::User(name) = &caller.dfg.ext_funcs[callee].name else { return InlineCommand::KeepCall };
        let name = &caller.params.user_named_funcs()[*name];
        match self.bodies.get(&name.index) {
            Some(body) if name.namespace == 0 => InlineCommand::Inline { callee: Cow::Borrowed(body), visit_callee: false },
            _ => InlineCommand::KeepCall,
        }
    }
}

#[cfg(test)]
mod tests {
    use object::{Object, ObjectSection, ObjectSymbol};

    use crate::CompileOptions;

    /// The names of the symbols the code's relocations point at.
    fn call_targets(wasm: &[u8], inline: bool) -> Vec<String> {
        let opts = CompileOptions { inline, allow_unresolved: true, executable: false, ..CompileOptions::default() };
        let bytes = crate::compile_to_object(wasm, &opts).unwrap();
        let file = object::File::parse(&*bytes).unwrap();
        let text = file.section_by_name(".text").unwrap();
        text.relocations()
            .filter_map(|(_, r)| match r.target() {
                object::RelocationTarget::Symbol(s) => file.symbol_by_index(s).ok()?.name().ok().map(String::from),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn small_callees_are_inlined_one_level() {
        let wasm = wat::parse_str(
            r#"(module
                 (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
                 (func $twice (param i32) (result i32) (call $inc (call $inc (local.get 0))))
                 (func $rec (param i32) (result i32)
                   (if (result i32) (local.get 0)
                     (then (call $rec (i32.sub (local.get 0) (i32.const 1))))
                     (else (i32.const 0))))
                 (func $tail (param i32) (result i32) (return_call $inc (local.get 0)))
                 (func (export "f") (param i32) (result i32)
                   (i32.add (call $twice (local.get 0))
                     (i32.add (call $rec (local.get 0)) (call $tail (local.get 0))))))"#,
        )
        .unwrap();
        let plain = call_targets(&wasm, false);
        assert!(plain.iter().any(|s| s == "inc") && plain.iter().any(|s| s == "twice"), "{plain:?}");
        let inlined = call_targets(&wasm, true);
        assert!(!inlined.iter().any(|s| s == "twice"), "twice stays called: {inlined:?}");
        // `rec` calls itself: inlined once into `f`, its own call remains;
        // `tail` tail-calls, so it is not inlined.
        assert!(inlined.iter().any(|s| s == "rec"), "{inlined:?}");
        assert!(inlined.iter().any(|s| s == "tail"), "{inlined:?}");
    }
}
