//! Test support: modules described by hand (a `ModuleMeta` plus function
//! pointers), leaked into `'static` descriptors like the compiler's.

use wasm2native_abi::meta::{
    FuncInfo, FuncType, SubType, Import, ImportKind, Limits, MemoryType, ModuleMeta, RuntimeConfig, Table,
    TableType, TrapSite, ValType,
};
use wasm2native_abi::{ArrayCallFn, ModuleDescriptor, ABI_VERSION};

use crate::{Extern, Instance, InstantiationError};

/// A module under construction.
pub(crate) struct ModuleBuilder {
    pub meta: ModuleMeta<'static>,
    /// Entry of each defined function.
    pub code: Vec<*const u8>,
    /// Array-call entry per function index.
    pub array_calls: Vec<Option<ArrayCallFn>>,
    /// Host adapter per imported function.
    pub adapters: Vec<*const u8>,
    /// Code facts per defined function, encoded into `meta.code` at the end.
    pub infos: Vec<FuncInfo>,
    /// The initial-memory images' bytes (with `meta.memory_images`).
    pub image: *const u8,
}

extern "C" fn dummy() {}

impl ModuleBuilder {
    pub fn new() -> Self {
        ModuleBuilder {
            meta: ModuleMeta {
                name: Some("test"),
                types: vec![],
                rec_groups: vec![],
                imports: vec![],
                func_types: vec![],
                tables: vec![],
                memories: vec![],
                globals: vec![],
                tags: vec![],
                exports: vec![],
                start: None,
                elems: vec![],
                data: vec![],
                func_names: vec![],
                code: &[],
                config: RuntimeConfig::default(),
                memory_images: Vec::new(),
                source_lines: Default::default(),
            },
            code: vec![],
            infos: vec![],
            array_calls: vec![],
            adapters: vec![],
            image: std::ptr::null(),
        }
    }

    /// The index of `ty` in the type section (added if missing).
    pub fn type_index(&mut self, ty: FuncType) -> u32 {
        let ty = SubType::func(ty);
        match self.meta.types.iter().position(|t| *t == ty) {
            Some(i) => i as u32,
            None => {
                self.meta.types.push(ty);
                self.meta.rec_groups.push(1);
                self.meta.types.len() as u32 - 1
            }
        }
    }

    pub fn memory(&mut self, min: u64, max: Option<u64>) {
        self.meta.memories.push(MemoryType::new(Limits { min, max }, false));
    }

    pub fn table(&mut self, element: ValType, min: u64, max: Option<u64>) {
        self.meta.tables.push(Table { ty: TableType { element, limits: Limits { min, max }, table64: false }, init: None });
    }

    /// Defines `n` functions of type `[] -> []` with no real code.
    pub fn funcs(&mut self, n: usize) {
        let ty = FuncType { params: vec![], results: vec![] };
        for _ in 0..n {
            self.func(ty.clone(), dummy as *const u8, 0, vec![], None);
        }
    }

    /// Defines a function; returns its index.
    pub fn func(
        &mut self,
        ty: FuncType,
        code: *const u8,
        code_len: u32,
        traps: Vec<TrapSite>,
        array_call: Option<ArrayCallFn>,
    ) -> u32 {
        let t = self.type_index(ty);
        self.meta.func_types.push(t);
        self.infos.push(FuncInfo { code_len, traps, handlers: vec![], stack_maps: vec![] });
        self.code.push(code);
        self.array_calls.push(array_call);
        self.meta.func_types.len() as u32 - 1
    }

    /// Adds an import (function imports must come before definitions).
    pub fn import(&mut self, module: &'static str, name: &'static str, kind: ImportKind) {
        if let ImportKind::Func(t) = kind {
            assert!(self.infos.is_empty(), "function imports first");
            self.meta.func_types.push(t);
            self.array_calls.push(None);
            self.adapters.push(std::ptr::null());
        }
        self.meta.imports.push(Import { module, name, kind });
    }

    /// Leaks everything into a descriptor.
    pub fn descriptor(mut self) -> &'static ModuleDescriptor {
        self.meta.code = Box::leak(wasm2native_abi::code_table::CodeTable::encode(&self.infos).into_boxed_slice());
        let meta: &'static [u8] = Box::leak(self.meta.encode().into_boxed_slice());
        let funcs: &'static [*const u8] = Box::leak(self.code.into_boxed_slice());
        let array_calls: &'static [Option<ArrayCallFn>] = Box::leak(self.array_calls.into_boxed_slice());
        let adapters: &'static [*const u8] = Box::leak(self.adapters.into_boxed_slice());
        Box::leak(Box::new(ModuleDescriptor {
            abi_version: ABI_VERSION,
            num_defined_funcs: funcs.len() as u32,
            num_imported_funcs: adapters.len() as u32,
            meta_len: meta.len() as u32,
            meta: meta.as_ptr(),
            funcs: funcs.as_ptr(),
            array_calls: array_calls.as_ptr(),
            host_adapters: adapters.as_ptr(),
            memory_image: self.image,
        }))
    }

    pub fn instantiate(self, imports: Vec<Extern>) -> Result<Instance, InstantiationError> {
        // SAFETY: the descriptor of this test's own code.
        unsafe { Instance::new(self.descriptor(), imports, std::ptr::null_mut()) }
    }
}

/// Whether this process is the child started by [`run_child`] for `test`.
pub(crate) fn is_child(test: &str) -> bool {
    std::env::var("W2N_CHILD").is_ok_and(|v| v == test)
}

/// Runs the test `test` (full path) of this test binary in a child process
/// in which [`is_child`] holds, and returns what it did. Under an emulator,
/// set `W2N_CHILD_RUNNER` (e.g. `qemu-aarch64`) to run the child with it.
pub(crate) fn run_child(test: &str) -> std::process::Output {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = match std::env::var_os("W2N_CHILD_RUNNER") {
        Some(runner) => {
            let mut c = std::process::Command::new(runner);
            c.arg(exe);
            c
        }
        None => std::process::Command::new(exe),
    };
    cmd.args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env("W2N_CHILD", test)
        .output()
        .unwrap()
}
