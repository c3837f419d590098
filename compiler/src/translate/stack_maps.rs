//! Which values the GC must find: every SSA value and local that may hold a
//! GC heap reference is declared to the Cranelift frontend, which spills it
//! to a stack slot before each call (a safepoint), reloads it after (so a
//! moving collector may update the slot), and records the slots in the
//! call's stack map (see `codegen` and the abi's `code_table`).
//!
//! Types come from the validator, which runs one operator ahead of the
//! translator and knows the type of every operand: after each operator,
//! the operands that changed since the last one are looked up and those of
//! a GC reference type ([`ModuleInfo::is_gc_ref`]) declared. Modules whose
//! types hold no such reference skip all of this.
//!
//! [`ModuleInfo::is_gc_ref`]: crate::module_info::ModuleInfo::is_gc_ref

use std::collections::HashSet;

use cranelift_codegen::ir::Value;
use wasmparser::{AbstractHeapType, CompositeInnerType, FuncValidator, HeapType, UnpackedIndex, ValidatorResources, WasmModuleResources};

use super::FuncTranslator;
use crate::error::{CompileError, Result};

/// What has been declared so far in one function.
#[derive(Default)]
pub(crate) struct GcRefs {
    /// The value stack as of the last check.
    seen: Vec<Value>,
    /// The values declared.
    declared: HashSet<Value>,
}

impl FuncTranslator<'_, '_> {
    /// Declares the operands pushed by the operator just translated that
    /// hold GC references (`validator` has validated the operator).
    pub(super) fn declare_gc_operands(&mut self, validator: &FuncValidator<ValidatorResources>) -> Result<()> {
        let Some(refs) = self.gc_refs.as_mut() else { return Ok(()) };
        if !self.reachable {
            return Ok(());
        }
        let n = self.values.len();
        if validator.operand_stack_height() as usize != n {
            return Err(CompileError::Unsupported(format!(
                "internal: {} operands translated where the validator has {}",
                n,
                validator.operand_stack_height()
            )));
        }
        let same = refs.seen.iter().zip(&self.values).take_while(|(a, b)| a == b).count();
        for k in same..n {
            let Some(Some(ty)) = validator.get_operand_type(n - 1 - k) else { continue };
            let v = self.values[k];
            if is_gc_ref(validator, ty) && refs.declared.insert(v) {
                self.builder.declare_value_needs_stack_map(v);
            }
        }
        refs.seen.truncate(same);
        refs.seen.extend_from_slice(&self.values[same..]);
        Ok(())
    }
}

/// [`crate::module_info::ModuleInfo::is_gc_ref`] for an operand type of
/// the validator, whose concrete types may be canonical ids.
fn is_gc_ref(validator: &FuncValidator<ValidatorResources>, ty: wasmparser::ValType) -> bool {
    use AbstractHeapType as A;
    let wasmparser::ValType::Ref(r) = ty else { return false };
    match r.heap_type() {
        HeapType::Abstract { ty, .. } => matches!(ty, A::Any | A::Eq | A::Struct | A::Array | A::Extern),
        HeapType::Concrete(i) | HeapType::Exact(i) => {
            let resources = validator.resources();
            let sub = match i {
                UnpackedIndex::Module(m) => resources.sub_type_at(m),
                UnpackedIndex::Id(id) => Some(resources.sub_type_at_id(id)),
                _ => None,
            };
            // An unknown index cannot be a function type of this module:
            // record it rather than lose an object.
            sub.is_none_or(|s| !matches!(s.composite_type.inner, CompositeInnerType::Func(_)))
        }
    }
}

#[cfg(test)]
mod tests {
    use cranelift_codegen::isa::CallConv;
    use cranelift_module::FuncId;
    use wasm2native_abi::meta::{BoundsChecks, RuntimeConfig, StackMapSite};

    use crate::translate::ModuleEnv;
    use crate::{codegen, isa, module_info, CompileOptions};

    /// The stack maps of each defined function of `wat` (compiled for the
    /// host; no imports).
    fn stack_maps(wat: &str) -> Vec<Vec<StackMapSite>> {
        let wasm = wat::parse_str(wat).unwrap();
        let info = module_info::parse(&wasm, Default::default()).unwrap();
        let opts = CompileOptions { executable: false, ..Default::default() };
        let isa = isa::build(&opts).unwrap();
        let env = ModuleEnv {
            info: &info,
            callees: Vec::new(),
            pointer_type: isa.pointer_type(),
            wasm_call_conv: CallConv::Tail,
            host_call_conv: isa.default_call_conv(),
            bounds_checks: BoundsChecks::Guard,
            frontend_config: isa.frontend_config(),
            source_locations: false,
            vmctx: module_info::to_meta(&info, RuntimeConfig::default()).vmctx_layout(),
            gc_refs: info.uses_gc_refs(),
        };
        let ids: Vec<FuncId> = (0..info.bodies.len() as u32).map(FuncId::from_u32).collect();
        let funcs = codegen::compile_functions(
            &env,
            &*isa,
            &ids,
            Some(1),
            &crate::inlining::Inlinable::none(),
            &crate::progress::Progress::new(false, "", 0),
        ).unwrap();
        funcs.into_iter().map(|f| f.stack_maps).collect()
    }

    /// References live across a call are in its stack map: an `anyref`
    /// local, an `externref` operand and a struct reference in a block
    /// result; a function reference and an i32 are not.
    #[test]
    fn gc_references_live_across_calls_are_recorded() {
        let maps = stack_maps(
            r#"(module
  (type $s (struct))
  (type $f (func))
  (func (param $a anyref) (param $e externref) (param $r (ref null $s)) (param $g (ref null $f)) (result externref (ref null $s) anyref i32)
    (local $n i32)
    (local.get $e)
    (block (result (ref null $s)) (local.get $r))
    (call_ref $f (local.get $g))
    (local.get $a)
    (i32.add (local.get $n) (i32.const 1)))
  (func (param $g (ref null $f)) (call_ref $f (local.get $g))))"#,
        );
        assert_eq!(maps.len(), 2);
        // One call, three references across it: the local, the operand
        // and the block's result.
        assert_eq!(maps[0].len(), 1, "{maps:?}");
        assert_eq!(maps[0][0].slots.len(), 3, "{maps:?}");
        // No GC reference, no stack map.
        assert!(maps[1].is_empty(), "{maps:?}");
    }

    /// A module without GC reference types records nothing.
    #[test]
    fn modules_without_gc_references_have_no_stack_maps() {
        let maps = stack_maps("(module (type $f (func)) (func (param $g (ref null $f)) (local funcref) (call_ref $f (local.get $g))))");
        assert!(maps.iter().all(Vec::is_empty), "{maps:?}");
    }
}
