//! Exception handling, both encodings: `try_table` with its four catch
//! clauses, `throw`, `throw_ref`, and the legacy `try`, `catch`,
//! `catch_all`, `rethrow` and `delegate` that LLVM still emits.
//!
//! # How an exception travels from `throw` to its handler
//!
//! 1. **Covered calls.** Inside a `try_table` (or a legacy `try` body), every
//!    call that may throw (a wasm function, directly, through a table or a
//!    reference; the runtime's `throw` builtins) is a Cranelift `try_call`
//!    whose exception table has one entry: a catch-all edge to the frame's
//!    *landing pad*, receiving the exception pointer in the first payload
//!    register. Calls to host functions (WASI, `--link`ed code) cannot throw
//!    and stay plain calls. On the normal path a covered call is an ordinary
//!    call: nothing is checked and nothing is saved (the edge only makes the
//!    register allocator treat registers as clobbered on the exceptional
//!    path). Code generation records each covered call as a
//!    [`HandlerSite`](wasm2native_abi::meta::HandlerSite): return offset,
//!    landing-pad offset, and the distance from the frame pointer down to
//!    the stack pointer at the call, in the module's code table.
//! 2. **Throwing.** `throw $t` stores the payload in 16-byte slots on the
//!    stack and calls the runtime's `throw` builtin, which allocates the
//!    exception object ([`VMExn`](wasm2native_abi::VMExn): the tag's address
//!    and the payload) and starts unwinding; `throw_ref`, `rethrow` and a
//!    pad that matches nothing pass an existing object to `throw_ref`.
//! 3. **Unwinding** (runtime, `exceptions.rs`). The builtin's assembly
//!    entry captures the caller's frame pointer and return address; the
//!    runtime walks the frame-pointer chain (the one trap backtraces walk).
//!    For each return address into wasm code it looks the call up in the
//!    code table; the first covered call wins: the runtime sets the stack
//!    pointer to `fp - sp_offset`, the frame pointer to `fp`, the first
//!    payload register to the exception, and jumps to the landing pad. A
//!    return address outside wasm code (an entry trampoline: the host
//!    called in) ends the walk: the exception is uncaught and ends the call
//!    like a trap (`thrown Wasm exception`, exit status 1 for a program).
//! 4. **Matching** happens in the landing pad, in generated code: it
//!    compares the exception's tag with the address of each catch clause's
//!    tag (from the vmctx tag array: imported tags point at their
//!    exporter's), loads the payload and branches to the clause's label. A
//!    pad that matches nothing jumps to the next enclosing pad of the same
//!    function or, at the outermost, calls `throw_ref` again to continue
//!    with the callers. Legacy `delegate` is a pad that goes straight to
//!    the pad of the frame it names.
//!
//! Tail calls leave the frame, so they are never covered: the callee's
//! exceptions go to the caller's caller, as the spec says.

use core::mem::offset_of;

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{
    self, types, Block, BlockArg, BlockCall, ExceptionTableData, ExceptionTableItem, Inst, InstBuilder,
    MemFlagsData, SigRef, Value,
};
use wasm2native_abi::{TrapKind, VMBuiltins, VMExn, EXN_PAYLOAD_OFFSET};
use wasmparser::{Catch, Operator};

use super::{FrameKind, FuncTranslator};
use crate::error::Result;

/// Size of one payload slot (the array-call value slot).
const SLOT: u32 = 16;

impl FuncTranslator<'_, '_> {
    pub(super) fn translate_exception(&mut self, op: &Operator<'_>) -> Result<()> {
        match op {
            Operator::TryTable { try_table } => self.try_table(try_table.ty, &try_table.catches)?,
            Operator::Throw { tag_index } => self.throw(*tag_index),
            Operator::ThrowRef => {
                let exn = self.pop();
                self.call_throw_ref(exn);
            }
            Operator::Try { blockty } => {
                let (params, results) = self.block_type(*blockty)?;
                let next = self.new_block_with(&results);
                let pad = self.new_pad();
                let kind = FrameKind::Try { pad, catches: Vec::new(), caught: None };
                self.push_frame(kind, next, next, params.len(), results.len());
            }
            Operator::Catch { tag_index } => self.legacy_catch(Some(*tag_index)),
            Operator::CatchAll => self.legacy_catch(None),
            Operator::Rethrow { relative_depth } => {
                let i = self.frames.len() - 1 - *relative_depth as usize;
                let FrameKind::Try { caught: Some(exn), .. } = self.frames[i].kind else {
                    unreachable!("validated: rethrow names a catch")
                };
                self.call_throw_ref(exn);
            }
            Operator::Delegate { relative_depth } => self.translate_delegate(*relative_depth),
            _ => unreachable!("not an exception operator: {op:?}"),
        }
        Ok(())
    }

    /// The landing pad covering a call emitted now, if any.
    pub(crate) fn active_handler(&self) -> Option<Block> {
        self.frames.len().checked_sub(1).and_then(|top| self.handler_at(top))
    }

    /// The innermost landing pad active at frame `frame` or outside it.
    fn handler_at(&self, frame: usize) -> Option<Block> {
        self.frames[..=frame].iter().rev().find_map(|f| match &f.kind {
            FrameKind::TryTable { pad } => Some(*pad),
            FrameKind::Try { pad, caught: None, catches } if catches.is_empty() => Some(*pad),
            _ => None,
        })
    }

    /// A call through `emit`, covered by the active landing pad when there
    /// is one; returns the call's results.
    pub(crate) fn covered_call(
        &mut self,
        sig: SigRef,
        emit: impl FnOnce(&mut Self, Option<ir::ExceptionTable>) -> Inst,
    ) -> Vec<Value> {
        let Some(pad) = self.active_handler() else {
            let call = emit(self, None);
            return self.builder.inst_results(call).to_vec();
        };
        let returns: Vec<ir::Type> =
            self.builder.func.dfg.signatures[sig].returns.iter().map(|p| p.value_type).collect();
        let normal = self.new_block_with(&returns);
        let pool = &mut self.builder.func.dfg.value_lists;
        let normal_call = BlockCall::new(normal, (0..returns.len() as u32).map(BlockArg::TryCallRet), pool);
        let exn_call = BlockCall::new(pad, [BlockArg::TryCallExn(0)], pool);
        let table = ExceptionTableData::new(sig, normal_call, [ExceptionTableItem::Default(exn_call)]);
        let table = self.builder.func.dfg.exception_tables.push(table);
        emit(self, Some(table));
        self.builder.switch_to_block(normal);
        self.builder.seal_block(normal);
        self.builder.block_params(normal).to_vec()
    }

    /// A direct call, covered when inside a handler.
    pub(crate) fn direct_call(&mut self, f: ir::FuncRef, args: &[Value]) -> Vec<Value> {
        let sig = self.builder.func.dfg.ext_funcs[f].signature;
        self.covered_call(sig, |t, table| match table {
            Some(table) => t.ins().try_call(f, args, table),
            None => t.ins().call(f, args),
        })
    }

    /// An indirect call, covered when inside a handler.
    pub(crate) fn indirect_call(&mut self, sig: SigRef, callee: Value, args: &[Value]) -> Vec<Value> {
        self.covered_call(sig, |t, table| match table {
            Some(table) => t.ins().try_call_indirect(callee, args, table),
            None => t.ins().call_indirect(sig, callee, args),
        })
    }

    fn new_pad(&mut self) -> Block {
        let pad = self.builder.create_block();
        self.builder.append_block_param(pad, self.env.pointer_type);
        pad
    }

    /// `throw $t`: the payload to 16-byte stack slots, then the builtin.
    fn throw(&mut self, tag: u32) {
        let type_index = self.env.info.tags[tag as usize];
        let n = self.env.info.sig(type_index).params.len();
        let values = self.popn(n);
        let slot = self.builder.create_sized_stack_slot(ir::StackSlotData::new(
            ir::StackSlotKind::ExplicitSlot,
            (n as u32).max(1) * SLOT,
            4,
        ));
        let ptr = self.env.pointer_type;
        let addr = self.ins().stack_addr(ptr, slot, 0);
        for (i, v) in values.iter().enumerate() {
            self.ins().store(MemFlagsData::trusted(), *v, addr, (i as u32 * SLOT) as i32);
        }
        let t = self.const_u32(tag);
        self.call_throwing_builtin("throw", offset_of!(VMBuiltins, throw), &[types::I32, ptr], &[t, addr], true);
    }

    /// `throw_ref exn` (traps when null, in the runtime), caught by the
    /// active handler if any.
    fn call_throw_ref(&mut self, exn: Value) {
        let ptr = self.env.pointer_type;
        self.call_throwing_builtin("throw_ref", offset_of!(VMBuiltins, throw_ref), &[ptr], &[exn], true);
    }

    /// Calls a builtin that never returns normally; what follows is
    /// unreachable. The call uses the `tail` convention (its arguments sit
    /// where the C convention puts them, and the stub never returns):
    /// Cranelift then treats every register as clobbered on the exceptional
    /// edge, as the unwinder requires, where a C-convention `try_call` would
    /// assume the callee-saved registers restored.
    fn call_throwing_builtin(
        &mut self,
        name: &'static str,
        field: usize,
        params: &[ir::Type],
        args: &[Value],
        covered: bool,
    ) {
        let callee = self.builtin_entry(field);
        let mut sig_params = vec![self.env.pointer_type];
        sig_params.extend_from_slice(params);
        let sig = self.builtin_sig_ref_in(name, self.env.wasm_call_conv, &sig_params, &[]);
        let mut all = vec![self.vmctx];
        all.extend_from_slice(args);
        if covered {
            self.indirect_call(sig, callee, &all);
        } else {
            self.ins().call_indirect(sig, callee, &all);
        }
        let code = Self::trap_code(TrapKind::Unreachable);
        self.ins().trap(code);
        self.reachable = false;
    }

    /// Whether exception `exn` was thrown with tag `tag` of this module.
    fn tag_matches(&mut self, exn: Value, tag: u32) -> Value {
        let ptr = self.env.pointer_type;
        let thrown = self.ins().load(ptr, MemFlagsData::trusted(), exn, offset_of!(VMExn, tag) as i32);
        let expected = self.vmctx_pointer(self.env.vmctx.tag_ptr(tag));
        self.ins().icmp(IntCC::Equal, thrown, expected)
    }

    /// The payload of `exn`, thrown with tag `tag`.
    fn payload(&mut self, exn: Value, tag: u32) -> Vec<Value> {
        let type_index = self.env.info.tags[tag as usize];
        let params = self.env.info.sig(type_index).params.clone();
        params
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let ty = self.env.ir_type(*t);
                let offset = EXN_PAYLOAD_OFFSET + i * SLOT as usize;
                self.ins().load(ty, MemFlagsData::trusted(), exn, offset as i32)
            })
            .collect()
    }

    /// Sends `exn` on from a pad that did not handle it: to `outer`, the
    /// next pad of this function, or back to the runtime for the callers.
    fn propagate(&mut self, exn: Value, outer: Option<Block>) {
        match outer {
            Some(pad) => {
                self.ins().jump(pad, &[BlockArg::Value(exn)]);
            }
            // To the callers: no handler of this function may see it again
            // (a `delegate` may skip pads that are active here).
            None => {
                let ptr = self.env.pointer_type;
                self.call_throwing_builtin("throw_ref", offset_of!(VMBuiltins, throw_ref), &[ptr], &[exn], false);
            }
        }
    }

    /// `try_table bt (catch ...)* ... end`: the pad is filled right away
    /// (the clauses come first), its labels resolved outside the new frame.
    fn try_table(&mut self, bt: wasmparser::BlockType, catches: &[Catch]) -> Result<()> {
        let (params, results) = self.block_type(bt)?;
        let next = self.new_block_with(&results);
        let pad = self.new_pad();
        let body = self.builder.create_block();
        self.ins().jump(body, &[]);
        self.builder.seal_block(body);
        let outer = self.active_handler();
        self.builder.switch_to_block(pad);
        let exn = self.builder.block_params(pad)[0];
        let mut handled = false;
        for c in catches {
            let (tag, label, with_ref) = match *c {
                Catch::One { tag, label } => (Some(tag), label, false),
                Catch::OneRef { tag, label } => (Some(tag), label, true),
                Catch::All { label } => (None, label, false),
                Catch::AllRef { label } => (None, label, true),
            };
            let (dest, _) = self.branch_target(label);
            let mut args = Vec::new();
            if let Some(tag) = tag {
                let matched = self.builder.create_block();
                let mismatch = self.builder.create_block();
                let cond = self.tag_matches(exn, tag);
                self.ins().brif(cond, matched, &[], mismatch, &[]);
                self.builder.seal_block(matched);
                self.builder.seal_block(mismatch);
                self.builder.switch_to_block(matched);
                args = self.payload(exn, tag);
                if with_ref {
                    args.push(exn);
                }
                let args: Vec<BlockArg> = args.iter().map(|v| BlockArg::Value(*v)).collect();
                self.ins().jump(dest, &args);
                self.builder.switch_to_block(mismatch);
            } else {
                if with_ref {
                    args.push(exn);
                }
                let args: Vec<BlockArg> = args.iter().map(|v| BlockArg::Value(*v)).collect();
                self.ins().jump(dest, &args);
                handled = true;
                break;
            }
        }
        if !handled {
            self.propagate(exn, outer);
        }
        self.builder.switch_to_block(body);
        self.reachable = true;
        self.push_frame(FrameKind::TryTable { pad }, next, next, params.len(), results.len());
        Ok(())
    }

    /// Legacy `catch $t` / `catch_all`: ends the body or the previous
    /// clause (like `else`) and starts this clause's block, which the pad
    /// enters with the exception.
    fn legacy_catch(&mut self, tag: Option<u32>) {
        let reachable = self.reachable;
        let ptr = self.env.pointer_type;
        let frame = self.frames.last_mut().expect("validated: catch inside try");
        let (next, height, n) = (frame.next, frame.height, frame.num_results);
        if reachable {
            frame.exit_reachable = true;
            let args: Vec<BlockArg> = self.peekn(n).iter().map(|v| BlockArg::Value(*v)).collect();
            self.ins().jump(next, &args);
        }
        self.values.truncate(height);
        let block = self.builder.create_block();
        let exn = self.builder.append_block_param(block, ptr);
        let FrameKind::Try { catches, caught, .. } = &mut self.frames.last_mut().expect("a try").kind else {
            unreachable!("validated: catch inside try")
        };
        catches.push((tag, block));
        *caught = Some(exn);
        self.builder.switch_to_block(block);
        if let Some(tag) = tag {
            let values = self.payload(exn, tag);
            self.values.extend(values);
        }
        self.reachable = true;
    }

    /// Fills the pad of a legacy `try` that ends with `end`: the clauses in
    /// order, then on to the enclosing handler. Called with the frame
    /// already popped.
    pub(super) fn finish_legacy_try(&mut self, pad: Block, catches: &[(Option<u32>, Block)]) {
        let outer = self.active_handler();
        self.builder.switch_to_block(pad);
        let exn = self.builder.block_params(pad)[0];
        for (tag, block) in catches {
            match tag {
                Some(tag) => {
                    let mismatch = self.builder.create_block();
                    let cond = self.tag_matches(exn, *tag);
                    self.ins().brif(cond, *block, &[BlockArg::Value(exn)], mismatch, &[]);
                    self.builder.seal_block(mismatch);
                    self.builder.switch_to_block(mismatch);
                }
                None => {
                    self.ins().jump(*block, &[BlockArg::Value(exn)]);
                    return;
                }
            }
        }
        self.propagate(exn, outer);
    }

    /// `delegate l`: ends a legacy `try` body; its pad goes to the handler
    /// active at label `l` (counted outside the `try`).
    fn translate_delegate(&mut self, depth: u32) {
        let frame = self.frames.pop().expect("validated: delegate inside try");
        let FrameKind::Try { pad, .. } = frame.kind else { unreachable!("validated: delegate ends a try") };
        if self.reachable {
            let args: Vec<BlockArg> = self.peekn(frame.num_results).iter().map(|v| BlockArg::Value(*v)).collect();
            self.ins().jump(frame.next, &args);
        }
        let exit_reachable = frame.exit_reachable || self.reachable;
        let target = self.frames.len() - 1 - depth as usize;
        let outer = self.handler_at(target);
        self.builder.switch_to_block(pad);
        let exn = self.builder.block_params(pad)[0];
        self.propagate(exn, outer);
        self.finish_frame(frame.next, frame.height, exit_reachable);
    }
}
