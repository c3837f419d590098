//! Module-level facts shared by all translation threads, and the per-function
//! cache of imported Cranelift entities.

use std::collections::HashMap;

use cranelift_codegen::ir::{
    self, types, AbiParam, ExtFuncData, ExternalName, FuncRef, SigRef, Signature, Type,
    UserExternalName,
};
use cranelift_codegen::isa::CallConv;
use cranelift_module::FuncId;
use wasm2native_abi::layout::VMContextLayout;
use wasm2native_abi::meta::{BoundsChecks, FuncType, ValType};

use super::FuncTranslator;
use crate::module_info::ModuleInfo;

/// How a function index is reached by `call`.
#[derive(Clone, Copy, Debug)]
pub enum Callee {
    /// A function defined in this module: a direct call.
    Defined(FuncId),
    /// An import resolved at compile time to a host C function (WASI, user
    /// code): a direct call with the platform convention.
    Host(FuncId),
    /// An import supplied at instantiation: through `vmctx.func_refs`.
    Import,
}

/// Facts every function's translation needs.
pub struct ModuleEnv<'a> {
    /// The module.
    pub info: &'a ModuleInfo<'a>,
    /// How each function index is called.
    pub callees: Vec<Callee>,
    /// The target's pointer type.
    pub pointer_type: Type,
    /// Convention of wasm functions.
    pub wasm_call_conv: CallConv,
    /// The platform C convention (host functions, builtins, trampolines).
    pub host_call_conv: CallConv,
    /// Bounds-check strategy.
    pub bounds_checks: BoundsChecks,
    /// What the frontend needs to know about the target.
    pub frontend_config: cranelift_codegen::isa::TargetFrontendConfig,
    /// Where memories, globals, tables and funcrefs sit in the vmctx.
    pub vmctx: VMContextLayout,
    /// Whether the module's functions may hold GC heap references
    /// ([`ModuleInfo::uses_gc_refs`]): then they declare them for stack
    /// maps.
    pub gc_refs: bool,
    /// Tag each instruction with its wasm code offset (relative to the
    /// code section, as the module's DWARF counts) for native debug info
    /// (`-g`).
    pub source_locations: bool,
}

impl<'a> ModuleEnv<'a> {
    /// Size of a pointer in bytes.
    pub fn pointer_bytes(&self) -> usize {
        self.pointer_type.bytes() as usize
    }

    /// The IR type of a wasm value type.
    pub fn ir_type(&self, t: ValType) -> Type {
        match t {
            ValType::I32 => types::I32,
            ValType::I64 => types::I64,
            ValType::F32 => types::F32,
            ValType::F64 => types::F64,
            ValType::V128 => types::I8X16,
            ValType::FuncRef | ValType::ExternRef | ValType::ExnRef | ValType::Ref(_) => self.pointer_type,
        }
    }

    fn signature(&self, conv: CallConv, ty: &FuncType) -> Signature {
        let mut sig = Signature::new(conv);
        sig.params.push(AbiParam::special(self.pointer_type, ir::ArgumentPurpose::VMContext));
        sig.params.extend(ty.params.iter().map(|t| AbiParam::new(self.ir_type(*t))));
        sig.returns.extend(ty.results.iter().map(|t| AbiParam::new(self.ir_type(*t))));
        sig
    }

    /// `(vmctx, params) -> results` with the wasm convention.
    pub fn wasm_signature(&self, ty: &FuncType) -> Signature {
        self.signature(self.wasm_call_conv, ty)
    }

    /// `(vmctx, params) -> results` with the platform C convention.
    pub fn host_signature(&self, ty: &FuncType) -> Signature {
        self.signature(self.host_call_conv, ty)
    }

    /// The C signature of a host function implementing an import: like
    /// [`Self::host_signature`], except that several results come back
    /// through a trailing pointer to a struct (see `host_imports`).
    pub fn host_import_signature(&self, ty: &FuncType) -> Signature {
        if !crate::host_imports::uses_results_struct(ty) {
            return self.host_signature(ty);
        }
        let mut sig = self.host_signature(&FuncType { params: ty.params.clone(), results: vec![] });
        sig.params.push(AbiParam::new(self.pointer_type));
        sig
    }

    /// A platform-convention signature from IR types (runtime builtins).
    pub fn builtin_signature(&self, params: &[Type], results: &[Type]) -> Signature {
        let mut sig = Signature::new(self.host_call_conv);
        sig.params.extend(params.iter().map(|t| AbiParam::new(*t)));
        sig.returns.extend(results.iter().map(|t| AbiParam::new(*t)));
        sig
    }
}

/// Cranelift entities already imported into the function being built.
#[derive(Default)]
pub struct ImportedEntities {
    funcs: HashMap<u32, FuncRef>,
    wasm_sigs: HashMap<u32, SigRef>,
    builtin_sigs: HashMap<&'static str, SigRef>,
}

impl FuncTranslator<'_, '_> {
    /// The `FuncRef` for a direct call to function `index`.
    pub(crate) fn direct_callee(&mut self, index: u32, id: FuncId, host: bool) -> FuncRef {
        if let Some(f) = self.imported.funcs.get(&index) {
            return *f;
        }
        let ty = self.env.info.func_type(index);
        let sig = if host { self.env.host_import_signature(ty) } else { self.env.wasm_signature(ty) };
        let signature = self.builder.import_signature(sig);
        let name = self
            .builder
            .func
            .declare_imported_user_function(UserExternalName::new(0, id.as_u32()));
        let f = self.builder.import_function(ExtFuncData {
            name: ExternalName::user(name),
            signature,
            colocated: !host,
            patchable: false,
        });
        self.imported.funcs.insert(index, f);
        f
    }

    /// The signature of module type `type_index` with the wasm convention.
    pub(crate) fn wasm_sig_ref(&mut self, type_index: u32) -> SigRef {
        if let Some(s) = self.imported.wasm_sigs.get(&type_index) {
            return *s;
        }
        let sig = self.env.wasm_signature(self.env.info.sig(type_index));
        let s = self.builder.import_signature(sig);
        self.imported.wasm_sigs.insert(type_index, s);
        s
    }

    /// The signature of a runtime builtin, imported once per function.
    pub(crate) fn builtin_sig_ref(&mut self, name: &'static str, params: &[Type], results: &[Type]) -> SigRef {
        self.builtin_sig_ref_in(name, self.env.host_call_conv, params, results)
    }

    /// [`Self::builtin_sig_ref`] with calling convention `conv` (the throw
    /// builtins are called with the wasm one); `name` identifies the
    /// builtin, so one builtin always has one convention.
    pub(crate) fn builtin_sig_ref_in(
        &mut self,
        name: &'static str,
        conv: CallConv,
        params: &[Type],
        results: &[Type],
    ) -> SigRef {
        if let Some(s) = self.imported.builtin_sigs.get(name) {
            return *s;
        }
        let mut sig = self.env.builtin_signature(params, results);
        sig.call_conv = conv;
        let s = self.builder.import_signature(sig);
        self.imported.builtin_sigs.insert(name, s);
        s
    }
}
