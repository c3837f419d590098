//! Control flow: blocks, loops, ifs, branches (`br_on_null` and
//! `br_on_non_null` included), return, drop, select.

use cranelift_codegen::ir::{Block, BlockArg, BlockCall, InstBuilder, JumpTableData, Type};
use wasm2native_abi::TrapKind;
use wasmparser::{BlockType, Operator};

use super::{Frame, FrameKind, FuncTranslator};
use crate::error::Result;

fn block_args(values: &[cranelift_codegen::ir::Value]) -> Vec<BlockArg> {
    values.iter().map(|v| BlockArg::Value(*v)).collect()
}

impl FuncTranslator<'_, '_> {
    pub(super) fn translate_control(&mut self, op: &Operator<'_>) -> Result<()> {
        use Operator as O;
        match op {
            O::Unreachable => {
                let code = Self::trap_code(TrapKind::Unreachable);
                self.ins().trap(code);
                self.reachable = false;
            }
            O::Nop => {}
            O::Drop => {
                self.pop();
            }
            O::Select | O::TypedSelect { .. } | O::TypedSelectMulti { .. } => {
                let (a, b, cond) = self.pop3();
                let v = self.ins().select(cond, a, b);
                self.push(v);
            }
            O::Block { blockty } => {
                let (params, results) = self.block_type(*blockty)?;
                let next = self.new_block_with(&results);
                self.push_frame(FrameKind::Block, next, next, params.len(), results.len());
            }
            O::Loop { blockty } => {
                let (params, results) = self.block_type(*blockty)?;
                let header = self.new_block_with(&params);
                let next = self.new_block_with(&results);
                let args = block_args(&self.popn(params.len()));
                self.ins().jump(header, &args);
                self.builder.switch_to_block(header);
                let header_params = self.builder.block_params(header).to_vec();
                self.values.extend(header_params);
                self.push_frame(FrameKind::Loop, header, next, params.len(), results.len());
            }
            O::If { blockty } => {
                let (params, results) = self.block_type(*blockty)?;
                let cond = self.pop();
                let then_block = self.builder.create_block();
                let else_block = self.builder.create_block();
                let next = self.new_block_with(&results);
                self.ins().brif(cond, then_block, &[], else_block, &[]);
                self.builder.seal_block(then_block);
                self.builder.seal_block(else_block);
                self.builder.switch_to_block(then_block);
                // The parameters dominate both arms, so they are reused as
                // they are on the `else` side.
                let saved = self.peekn(params.len()).to_vec();
                self.push_frame(
                    FrameKind::If { else_block, params: saved, has_else: false },
                    next,
                    next,
                    params.len(),
                    results.len(),
                );
            }
            O::Else => self.translate_else(),
            O::End => self.translate_end(),
            O::Br { relative_depth } => {
                self.branch(*relative_depth);
                self.reachable = false;
            }
            O::BrIf { relative_depth } => {
                let cond = self.pop();
                let (dest, arity) = self.branch_target(*relative_depth);
                let args = block_args(self.peekn(arity));
                let cont = self.builder.create_block();
                self.ins().brif(cond, dest, &args, cont, &[]);
                self.builder.seal_block(cont);
                self.builder.switch_to_block(cont);
            }
            O::BrTable { targets } => {
                let index = self.pop();
                let default = targets.default();
                let (_, arity) = self.branch_target(default);
                let args = block_args(self.peekn(arity));
                let mut calls = Vec::with_capacity(targets.len() as usize);
                for depth in targets.targets() {
                    let depth = depth.map_err(crate::error::CompileError::invalid)?;
                    let (dest, _) = self.branch_target(depth);
                    calls.push(BlockCall::new(dest, args.iter().copied(), &mut self.builder.func.dfg.value_lists));
                }
                let (dest, _) = self.branch_target(default);
                let def = BlockCall::new(dest, args.iter().copied(), &mut self.builder.func.dfg.value_lists);
                let jt = self.builder.create_jump_table(JumpTableData::new(def, &calls));
                self.ins().br_table(index, jt);
                self.reachable = false;
            }
            // The reference stays on the stack on the side that keeps it.
            O::BrOnNull { relative_depth } => {
                let r = self.pop();
                let (dest, arity) = self.branch_target(*relative_depth);
                let args = block_args(self.peekn(arity));
                let cont = self.builder.create_block();
                self.ins().brif(r, cont, &[], dest, &args);
                self.builder.seal_block(cont);
                self.builder.switch_to_block(cont);
                self.push(r);
            }
            O::BrOnNonNull { relative_depth } => {
                let (dest, arity) = self.branch_target(*relative_depth);
                let args = block_args(self.peekn(arity));
                let r = self.pop();
                let cont = self.builder.create_block();
                self.ins().brif(r, dest, &args, cont, &[]);
                self.builder.seal_block(cont);
                self.builder.switch_to_block(cont);
            }
            O::Return => {
                self.branch(self.frames.len() as u32 - 1);
                self.reachable = false;
            }
            _ => unreachable!("not a control operator: {op:?}"),
        }
        Ok(())
    }

    /// Handles an operator in unreachable code: only the nesting matters.
    pub(super) fn translate_unreachable(&mut self, op: &Operator<'_>) -> Result<()> {
        match op {
            Operator::Block { .. }
            | Operator::Loop { .. }
            | Operator::If { .. }
            | Operator::TryTable { .. }
            | Operator::Try { .. } => self.dead_depth += 1,
            Operator::Else if self.dead_depth == 0 => self.translate_else(),
            Operator::Catch { .. } | Operator::CatchAll if self.dead_depth == 0 => self.translate_exception(op)?,
            Operator::End if self.dead_depth == 0 => self.translate_end(),
            Operator::Delegate { .. } if self.dead_depth == 0 => self.translate_exception(op)?,
            Operator::End | Operator::Delegate { .. } => self.dead_depth -= 1,
            _ => {}
        }
        Ok(())
    }

    fn translate_else(&mut self) {
        let reachable = self.reachable;
        let frame = self.frames.last_mut().expect("validated: else inside if");
        let FrameKind::If { else_block, params, has_else } = &mut frame.kind else {
            unreachable!("validated: else inside if")
        };
        *has_else = true;
        let (else_block, params, next, height, n) =
            (*else_block, params.clone(), frame.next, frame.height, frame.num_results);
        if reachable {
            frame.exit_reachable = true;
            let args = block_args(self.peekn(n));
            self.ins().jump(next, &args);
        }
        self.values.truncate(height);
        self.values.extend(params);
        self.builder.switch_to_block(else_block);
        self.reachable = true;
    }

    fn translate_end(&mut self) {
        let frame = self.frames.pop().expect("validated: end inside a frame");
        if self.reachable {
            let args = block_args(self.peekn(frame.num_results));
            self.ins().jump(frame.next, &args);
        }
        let mut exit_reachable = frame.exit_reachable || self.reachable;
        if let FrameKind::Try { pad, catches, .. } = &frame.kind {
            self.finish_legacy_try(*pad, catches);
        }
        if let FrameKind::If { else_block, params, has_else: false } = &frame.kind {
            // An `if` without `else`: the false edge passes the parameters
            // straight through (validation makes them the results).
            self.builder.switch_to_block(*else_block);
            let args = block_args(params);
            self.ins().jump(frame.next, &args);
            exit_reachable = true;
        }
        if let FrameKind::Loop = frame.kind {
            self.builder.seal_block(frame.dest);
        }
        self.finish_frame(frame.next, frame.height, exit_reachable);
        if let FrameKind::Function = frame.kind {
            if exit_reachable {
                let results = self.popn(frame.num_results);
                self.ins().return_(&results);
            }
            self.reachable = false;
        }
    }

    /// Continues after a frame's end at `next`, with the frame's results
    /// when anything reaches it.
    pub(super) fn finish_frame(&mut self, next: Block, height: usize, exit_reachable: bool) {
        self.values.truncate(height);
        self.builder.switch_to_block(next);
        self.builder.seal_block(next);
        if exit_reachable {
            let results = self.builder.block_params(next).to_vec();
            self.values.extend(results);
            self.reachable = true;
        } else {
            // Nothing reaches the continuation: leave it empty but well
            // formed.
            let code = Self::trap_code(TrapKind::Unreachable);
            self.ins().trap(code);
            self.reachable = false;
        }
    }

    /// Unconditional branch to the frame `depth` levels up.
    fn branch(&mut self, depth: u32) {
        let (dest, arity) = self.branch_target(depth);
        let args = block_args(self.peekn(arity));
        self.ins().jump(dest, &args);
    }

    /// The block and arity of a branch to `depth`; marks the frame's exit
    /// reachable.
    pub(super) fn branch_target(&mut self, depth: u32) -> (cranelift_codegen::ir::Block, usize) {
        let i = self.frames.len() - 1 - depth as usize;
        let frame = &mut self.frames[i];
        if !matches!(frame.kind, FrameKind::Loop) {
            frame.exit_reachable = true;
        }
        (frame.dest, frame.branch_arity())
    }

    pub(super) fn push_frame(
        &mut self,
        kind: FrameKind,
        dest: cranelift_codegen::ir::Block,
        next: cranelift_codegen::ir::Block,
        num_params: usize,
        num_results: usize,
    ) {
        let height = self.values.len() - num_params;
        self.frames.push(Frame { kind, dest, next, num_params, num_results, height, exit_reachable: false });
    }

    pub(super) fn new_block_with(&mut self, types: &[Type]) -> cranelift_codegen::ir::Block {
        let b = self.builder.create_block();
        for t in types {
            self.builder.append_block_param(b, *t);
        }
        b
    }

    /// Parameter and result IR types of a block type.
    pub(super) fn block_type(&self, bt: BlockType) -> Result<(Vec<Type>, Vec<Type>)> {
        Ok(match bt {
            BlockType::Empty => (vec![], vec![]),
            BlockType::Type(t) => (vec![], vec![self.env.ir_type(crate::module_info::val_type(t)?)]),
            BlockType::FuncType(i) => {
                let ft = self.env.info.sig(i);
                (
                    ft.params.iter().map(|t| self.env.ir_type(*t)).collect(),
                    ft.results.iter().map(|t| self.env.ir_type(*t)).collect(),
                )
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::CompileOptions;

    /// A block typed with a GC reference type compiles, for every
    /// construct with a block type. The translator used to panic
    /// ("validated value type"); the `compile_bytes` fuzz target found it
    /// in a byte-level mutant of a C program.
    #[test]
    fn a_block_of_gc_type_compiles() {
        let bodies = [
            "block (result arrayref) ref.null array end drop",
            "loop (result structref) ref.null struct end drop",
            "local.get 0 if (result arrayref) ref.null array else ref.null array end drop",
            "try_table (result arrayref) ref.null array end drop",
            "try (result i31ref) ref.null i31 end drop",
        ];
        for body in bodies {
            let wat = format!("(module (func (param i32) {body}))");
            let wasm = wat::parse_str(&wat).unwrap();
            for jobs in [Some(1), None] {
                let opts = CompileOptions { executable: false, jobs, ..Default::default() };
                if let Err(e) = crate::compile_to_object(&wasm, &opts) {
                    panic!("{body}: {e}");
                }
            }
        }
    }
}
