//! Instances: a compiled module's descriptor plus its runtime state, wired
//! into a `VMContext` for generated code.
//!
//! Instantiation follows the spec's order: check imports, allocate
//! memories/tables/globals, evaluate global initializers and table
//! initializers, evaluate element segments, apply active element segments
//! one by one (bounds check → trap, copy, drop) and drop declared ones,
//! apply active data segments likewise, then run the start function. A trap
//! leaves the effects of earlier steps in place (imported memories and
//! tables keep what was written).

use std::cell::{Cell, RefCell};
use std::ffi::c_void;
use std::fmt;
use std::ptr::NonNull;
use std::rc::Rc;

use wasm2native_abi::meta::{ElemItems, ExportKind, GlobalType, ImportKind, ModuleMeta, SegmentMode, TableType, ValType};
use wasm2native_abi::{
    ArrayCallFn, ModuleDescriptor, TrapKind, VMContext, VMFuncRef, VMGlobal, VMMemory, VMTable, VMTag, ABI_VERSION,
};

use crate::constexpr::{self, ConstEnv};
use crate::func::CallError;
use crate::trap::Unwind;
use crate::registry::{self, Registration};
use crate::tag::Tag;
use crate::vmctx::VmctxAlloc;
use crate::image;
use crate::{builtins, checked_range, linking, signals, stack, types, Func, Global, Memory, Table};

/// Something an instance exports or imports.
#[derive(Clone, Debug)]
pub enum Extern {
    /// A function.
    Func(Func),
    /// A linear memory.
    Memory(Memory),
    /// A table.
    Table(Table),
    /// A global.
    Global(Global),
    /// An exception tag.
    Tag(Tag),
}

/// Why instantiation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstantiationError {
    /// An import is missing or has an incompatible type; the message
    /// contains "unknown import" or "incompatible import type".
    Unlinkable(String),
    /// A segment was out of bounds or the start function trapped. Effects of
    /// earlier segments stay.
    Trap(TrapKind),
    /// Memory or a table could not be allocated.
    Resource(String),
    /// The descriptor or its metadata is inconsistent (ABI mismatch, corrupt
    /// metadata, malformed constant expression).
    BadModule(String),
}

impl fmt::Display for InstantiationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InstantiationError::Unlinkable(m) | InstantiationError::Resource(m) => f.write_str(m),
            InstantiationError::Trap(k) => write!(f, "wasm trap: {}", k.message()),
            InstantiationError::BadModule(m) => write!(f, "invalid module: {m}"),
        }
    }
}

impl std::error::Error for InstantiationError {}

/// An instance, shared by handle (cloning is cheap). Function handles it
/// exports keep it alive.
///
/// Keep instances alive as long as anything may call into them: a funcref
/// an instance stored into an imported table or global does not keep the
/// instance alive by itself. An instance whose instantiation trapped after
/// it may have written into imports is kept alive by the runtime until
/// [`release_failed_instances`] or the end of its thread.
#[derive(Clone)]
pub struct Instance(Rc<InstanceInner>);

/// The instance state reachable from `vmctx.instance`.
pub(crate) struct InstanceInner {
    vmctx: Rc<VmctxAlloc>,
    pub(crate) meta: ModuleMeta<'static>,
    /// Memory index space (imports first).
    pub(crate) memories: Box<[Memory]>,
    /// Table index space.
    pub(crate) tables: Box<[Table]>,
    /// Global index space.
    pub(crate) globals: Box<[Global]>,
    /// Tag index space.
    pub(crate) tags: Box<[Tag]>,
    /// Whether each data segment was dropped.
    pub(crate) data_dropped: Box<[Cell<bool>]>,
    /// Each element segment's evaluated items (empty once dropped).
    pub(crate) elems: Box<[RefCell<Box<[usize]>>]>,
    /// Initial-memory images: memory, where the image goes, its bytes.
    memory_images: Vec<(u32, u64, &'static [u8])>,
    _type_ids: Box<[u32]>,
    /// What `VMContext::gc_types` points to.
    _gc_types: Box<[*const wasm2native_abi::gc::VMGcType]>,
    /// Funcrefs this instance owns (defined functions, bound host adapters),
    /// by function index.
    _own_funcs: Box<[VMFuncRef]>,
    /// Imported functions, kept alive.
    _imported_funcs: Vec<Func>,
    _registration: Registration,
    /// The embedder's data for host functions (`w2n_caller_host_data`).
    host_data: Cell<*mut c_void>,
    /// What the instance was made from.
    descriptor: &'static ModuleDescriptor,
}

/// Where function imports come from.
enum ImportSource {
    /// One value per import, in order.
    Externs(Vec<Extern>),
    /// The descriptor's host adapters, bound to the new instance, and the
    /// memories for the memory imports, in order (shared memories the
    /// embedder created: wasi-threads' `env.memory`).
    HostAdapters(Vec<Memory>),
}

enum FuncImport {
    Extern(Func),
    Adapter(*const u8),
}

thread_local! {
    /// Instances whose instantiation trapped but which may be referenced from
    /// imported tables or globals.
    static GRAVEYARD: RefCell<Vec<Instance>> = const { RefCell::new(Vec::new()) };
}

/// Drops the instances this thread kept alive because their instantiation
/// trapped after they may have stored their functions into imported tables
/// or globals. Call it when nothing can reach those anymore, and always
/// before unloading their code (e.g. `dlclose`).
pub fn release_failed_instances() {
    let failed = GRAVEYARD.with(|g| std::mem::take(&mut *g.borrow_mut()));
    drop(failed);
}

fn bad(msg: impl Into<String>) -> InstantiationError {
    InstantiationError::BadModule(msg.into())
}

/// `len` entries at `ptr` (empty when `len` is 0, whatever `ptr`).
///
/// # Safety
/// When `len > 0`, `ptr` must point to `len` valid entries living forever.
unsafe fn raw_slice<T>(ptr: *const T, len: usize) -> Result<&'static [T], InstantiationError> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(bad("null descriptor array"));
    }
    // SAFETY: guaranteed by the caller.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Decodes and checks the metadata of `descriptor`.
pub(crate) fn decode_meta(descriptor: &'static ModuleDescriptor) -> Result<ModuleMeta<'static>, InstantiationError> {
    if descriptor.abi_version != ABI_VERSION {
        return Err(bad(format!(
            "compiled for runtime ABI version {}, this runtime has version {ABI_VERSION}",
            descriptor.abi_version
        )));
    }
    // SAFETY: the compiler emits `meta_len` bytes at `meta`.
    let bytes = unsafe { raw_slice(descriptor.meta, descriptor.meta_len as usize)? };
    let meta = ModuleMeta::decode(bytes).map_err(|e| bad(e.to_string()))?;
    let imported = meta.num_imported_funcs();
    let defined = meta.code_table().map_err(|e| bad(e.to_string()))?.len();
    if descriptor.num_imported_funcs as usize != imported
        || descriptor.num_defined_funcs as usize != defined
        || meta.func_types.len() != imported + defined
        || meta.func_types.iter().any(|&t| meta.func_type(t).is_none())
    {
        return Err(bad("function counts of descriptor and metadata disagree"));
    }
    Ok(meta)
}

impl InstanceInner {
    /// The canonical id of each module type index.
    pub(crate) fn type_ids(&self) -> &[u32] {
        &self._type_ids
    }
}

impl Instance {
    /// Instantiates the module of `descriptor` with `imports` (one per
    /// import of the module, in import order) and `host_state` (stored in
    /// `vmctx.host_state`), then runs its start function, catching traps.
    ///
    /// # Safety
    /// `descriptor` must be one the compiler emitted for code loaded into
    /// this process (its arrays hold that code's addresses, which the
    /// instance calls); `host_state` must be what that code's host
    /// functions expect (for WASI: null or a `*mut WasiCtx` outliving the
    /// instance).
    pub unsafe fn new(
        descriptor: &'static ModuleDescriptor,
        imports: Vec<Extern>,
        host_state: *mut c_void,
    ) -> Result<Instance, InstantiationError> {
        instantiate(descriptor, ImportSource::Externs(imports), host_state, true)
    }

    /// Instantiates the module of `descriptor` with every function import
    /// bound to the host adapter the compiler resolved it to (the adapter is
    /// called with this instance's `vmctx`), then runs its start function.
    /// Other imports, and functions without adapter, are "unknown import"s.
    ///
    /// # Safety
    /// `descriptor` must be one the compiler emitted for code loaded into
    /// this process (its arrays hold that code's addresses, which the
    /// instance calls); `host_state` must be what that code's host
    /// functions expect (for WASI: null or a `*mut WasiCtx` outliving the
    /// instance).
    pub unsafe fn new_with_host_adapters(
        descriptor: &'static ModuleDescriptor,
        host_state: *mut c_void,
    ) -> Result<Instance, InstantiationError> {
        instantiate(descriptor, ImportSource::HostAdapters(Vec::new()), host_state, true)
    }

    /// As [`Instance::new_with_host_adapters`], but without running the start
    /// function (see [`Instance::start_func`]).
    ///
    /// # Safety
    /// `descriptor` must be one the compiler emitted for code loaded into
    /// this process (its arrays hold that code's addresses, which the
    /// instance calls); `host_state` must be what that code's host
    /// functions expect (for WASI: null or a `*mut WasiCtx` outliving the
    /// instance).
    pub unsafe fn new_with_host_adapters_no_start(
        descriptor: &'static ModuleDescriptor,
        host_state: *mut c_void,
    ) -> Result<Instance, InstantiationError> {
        // SAFETY: forwarded.
        unsafe { Instance::new_with_host_adapters_and_memories_no_start(descriptor, host_state, Vec::new()) }
    }

    /// As [`Instance::new_with_host_adapters_no_start`], with `memories`
    /// for the module's memory imports, in order.
    ///
    /// # Safety
    /// As for [`Instance::new`].
    pub unsafe fn new_with_host_adapters_and_memories_no_start(
        descriptor: &'static ModuleDescriptor,
        host_state: *mut c_void,
        memories: Vec<Memory>,
    ) -> Result<Instance, InstantiationError> {
        instantiate(descriptor, ImportSource::HostAdapters(memories), host_state, false)
    }

    /// A handle to the instance of a live context.
    ///
    /// # Safety
    /// `vmctx` is null or the context of a live instance.
    pub(crate) unsafe fn from_vmctx_clone(vmctx: *mut VMContext) -> Option<Instance> {
        if vmctx.is_null() {
            return None;
        }
        // SAFETY: `instance` is the payload of the instance's `Rc`, alive
        // as long as the context; we take one more count on it.
        unsafe {
            let ptr = (*vmctx).instance as *const InstanceInner;
            if ptr.is_null() {
                return None;
            }
            Rc::increment_strong_count(ptr);
            Some(Instance(Rc::from_raw(ptr)))
        }
    }

    /// The descriptor the instance was made from.
    pub fn descriptor(&self) -> &'static ModuleDescriptor {
        self.0.descriptor
    }

    /// The memories the instance imports, in import order.
    pub fn imported_memories(&self) -> &[Memory] {
        let n = self.0.meta.imports.iter().filter(|i| matches!(i.kind, ImportKind::Memory(_))).count();
        &self.0.memories[..n]
    }

    /// The instance's context, as generated code receives it.
    pub fn vmctx(&self) -> *mut VMContext {
        self.0.vmctx.vmctx()
    }

    /// The embedder data given at instantiation.
    pub fn host_state(&self) -> *mut c_void {
        // SAFETY: reading a field of our own context.
        unsafe { (*self.vmctx()).host_state }
    }

    /// The data host functions get from `w2n_caller_host_data` (null
    /// unless set).
    pub fn host_data(&self) -> *mut c_void {
        self.0.host_data.get()
    }

    /// Sets what [`Instance::host_data`] returns.
    pub fn set_host_data(&self, data: *mut c_void) {
        self.0.host_data.set(data)
    }

    /// The module name from the `name` section.
    pub fn name(&self) -> Option<&'static str> {
        self.0.meta.name
    }

    /// The funcref of function `index` (imports included), kept alive by
    /// this instance.
    pub(crate) fn func_ref(&self, index: u32) -> Option<*const VMFuncRef> {
        self.0.vmctx.func_ref(index).filter(|p| !p.is_null())
    }

    /// Function `index` (imports included).
    pub fn func(&self, index: u32) -> Option<Func> {
        let p = self.0.vmctx.func_ref(index)?;
        Some(Func::owned_by(NonNull::new(p.cast_mut())?, self.clone()))
    }

    /// Memory `index` (imports included).
    pub fn memory(&self, index: u32) -> Option<Memory> {
        self.0.memories.get(index as usize).cloned()
    }

    /// Table `index` (imports included).
    pub fn table(&self, index: u32) -> Option<Table> {
        self.0.tables.get(index as usize).cloned()
    }

    /// Global `index` (imports included).
    pub fn global(&self, index: u32) -> Option<Global> {
        self.0.globals.get(index as usize).cloned()
    }

    /// Tag `index` (imports included).
    pub fn tag(&self, index: u32) -> Option<Tag> {
        self.0.tags.get(index as usize).cloned()
    }

    /// The start function, if the module has one.
    pub fn start_func(&self) -> Option<Func> {
        self.func(self.0.meta.start?)
    }

    /// The export called `name`.
    pub fn export(&self, name: &str) -> Option<Extern> {
        let e = self.0.meta.exports.iter().find(|e| e.name == name)?;
        Some(match e.kind {
            ExportKind::Func => Extern::Func(self.func(e.index)?),
            ExportKind::Memory => Extern::Memory(self.memory(e.index)?),
            ExportKind::Table => Extern::Table(self.table(e.index)?),
            ExportKind::Global => Extern::Global(self.global(e.index)?),
            ExportKind::Tag => Extern::Tag(self.tag(e.index)?),
        })
    }

    /// The names of all exports, in order.
    pub fn export_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.meta.exports.iter().map(|e| e.name)
    }

    /// The exported function `name`.
    pub fn get_func(&self, name: &str) -> Option<Func> {
        match self.export(name)? {
            Extern::Func(f) => Some(f),
            _ => None,
        }
    }

    /// The exported memory `name`.
    pub fn get_memory(&self, name: &str) -> Option<Memory> {
        match self.export(name)? {
            Extern::Memory(m) => Some(m),
            _ => None,
        }
    }

    /// The exported table `name`.
    pub fn get_table(&self, name: &str) -> Option<Table> {
        match self.export(name)? {
            Extern::Table(t) => Some(t),
            _ => None,
        }
    }

    /// The exported global `name`.
    pub fn get_global(&self, name: &str) -> Option<Global> {
        match self.export(name)? {
            Extern::Global(g) => Some(g),
            _ => None,
        }
    }
}

impl fmt::Debug for Instance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Instance").field("name", &self.name()).field("vmctx", &self.vmctx()).finish()
    }
}

impl InstanceInner {
    /// The address of tag `index` (imports included).
    pub(crate) fn tag_ptr(&self, index: u32) -> Option<*const VMTag> {
        self.vmctx.tag(index)
    }

    /// The embedder's data (see [`Instance::host_data`]).
    pub(crate) fn host_data(&self) -> *mut c_void {
        self.host_data.get()
    }

    /// The exported memory `name`.
    pub(crate) fn exported_memory(&self, name: &str) -> Option<&Memory> {
        let e = self.meta.exports.iter().find(|e| e.name == name && e.kind == ExportKind::Memory)?;
        self.memories.get(e.index as usize)
    }

    /// The instance behind a context.
    ///
    /// # Safety
    /// `vmctx` must be the context of a live instance.
    pub(crate) unsafe fn from_vmctx<'a>(vmctx: *mut VMContext) -> &'a InstanceInner {
        // SAFETY: `instance` was set to the `Rc` payload at instantiation.
        unsafe { &*((*vmctx).instance as *const InstanceInner) }
    }
}

fn instantiate(
    descriptor: &'static ModuleDescriptor,
    imports: ImportSource,
    host_state: *mut c_void,
    run_start: bool,
) -> Result<Instance, InstantiationError> {
    signals::prepare_thread();
    let meta = decode_meta(descriptor)?;
    let num_imported = meta.num_imported_funcs();
    let num_funcs = meta.func_types.len();
    // SAFETY: the compiler emits these arrays with the lengths it declares.
    let (defined_code, array_calls, adapters) = unsafe {
        (
            raw_slice(descriptor.funcs, descriptor.num_defined_funcs as usize)?,
            if descriptor.array_calls.is_null() { &[] } else { raw_slice(descriptor.array_calls, num_funcs)? },
            if descriptor.host_adapters.is_null() { &[] } else { raw_slice(descriptor.host_adapters, num_imported)? },
        )
    };
    let type_ids: Box<[u32]> =
        types::intern_module_types(&meta.types, &meta.rec_groups).map_err(|e| bad(e.to_string()))?;
    let layout = meta.vmctx_layout();
    // The images' bytes, all in one block the compiler emitted.
    let image_len = meta.memory_images.iter().map(|i| i.at.saturating_add(i.len)).max().unwrap_or(0);
    let image_bytes: &'static [u8] = match image_len {
        0 => &[],
        _ if descriptor.memory_image.is_null() => return Err(bad("memory image without its bytes")),
        // SAFETY: the compiler emits the images' bytes one after the other.
        len => unsafe { raw_slice(descriptor.memory_image, usize::try_from(len).map_err(|_| bad("memory image size"))?)? },
    };
    let mut memory_images = Vec::with_capacity(meta.memory_images.len());
    for img in &meta.memory_images {
        if layout.defined_memory(img.memory).is_none() {
            return Err(bad("memory image for a memory the module does not define"));
        }
        let start = img.at as usize;
        memory_images.push((img.memory, img.offset, &image_bytes[start..start + img.len as usize]));
    }

    let mode = meta.config.bounds_checks;

    // Imports.
    let mut memories = Vec::new();
    let mut tables = Vec::new();
    let mut globals = Vec::new();
    let mut tags = Vec::new();
    let mut func_imports = Vec::with_capacity(num_imported);
    match imports {
        ImportSource::Externs(values) => {
            if values.len() != meta.imports.len() {
                return Err(InstantiationError::Unlinkable(format!(
                    "unknown import: expected {} imports, got {}",
                    meta.imports.len(),
                    values.len()
                )));
            }
            for (import, value) in meta.imports.iter().zip(values) {
                linking::check_import(import, &value, |t| type_ids.get(t as usize).copied(), mode)
                    .map_err(InstantiationError::Unlinkable)?;
                match value {
                    Extern::Func(f) => func_imports.push(FuncImport::Extern(f)),
                    Extern::Memory(m) => memories.push(m),
                    Extern::Table(t) => tables.push(t),
                    Extern::Global(g) => globals.push(g),
                    Extern::Tag(t) => tags.push(t),
                }
            }
        }
        ImportSource::HostAdapters(given) => {
            let mut given = given.into_iter();
            for import in &meta.imports {
                if let ImportKind::Memory(_) = import.kind {
                    let Some(m) = given.next() else {
                        return Err(InstantiationError::Unlinkable(format!(
                            "unknown import {}::{}",
                            import.module, import.name
                        )));
                    };
                    linking::check_import(import, &Extern::Memory(m.clone()), |t| type_ids.get(t as usize).copied(), mode)
                        .map_err(InstantiationError::Unlinkable)?;
                    memories.push(m);
                    continue;
                }
                let adapter = match import.kind {
                    ImportKind::Func(_) => adapters.get(func_imports.len()).copied().unwrap_or(std::ptr::null()),
                    _ => std::ptr::null(),
                };
                if adapter.is_null() {
                    return Err(InstantiationError::Unlinkable(format!(
                        "unknown import {}::{}",
                        import.module, import.name
                    )));
                }
                func_imports.push(FuncImport::Adapter(adapter));
            }
        }
    }

    let gc_types: Box<[*const wasm2native_abi::gc::VMGcType]> = type_ids
        .iter()
        .map(|&id| types::gc_type(id).map_or(std::ptr::null(), |t| t as *const _))
        .collect();
    let vmctx = VmctxAlloc::new(layout, VMContext {
        memories: std::ptr::null(),
        globals: std::ptr::null(),
        tables: std::ptr::null(),
        func_refs: std::ptr::null(),
        type_ids: type_ids.as_ptr(),
        builtins: &builtins::BUILTINS,
        stack_limit: stack::stack_limit(),
        instance: std::ptr::null_mut(),
        host_state,
        wasi_memory: std::ptr::null_mut(),
        gc_heap: crate::gc::heap_for_vmctx(match meta.config.gc_heap_max {
            0 => crate::gc::DEFAULT_MAX,
            max => usize::try_from(max).unwrap_or(usize::MAX),
        }),
        gc_types: gc_types.as_ptr(),
    });
    let vp = vmctx.vmctx();

    // Functions.
    let own_funcs: Box<[VMFuncRef]> = (0..num_funcs)
        .map(|i| {
            let type_id = type_ids[meta.func_types[i] as usize];
            let array_call: Option<ArrayCallFn> = array_calls.get(i).copied().flatten();
            let fn_ptr = match func_imports.get(i) {
                Some(FuncImport::Adapter(p)) => *p,
                Some(FuncImport::Extern(_)) => std::ptr::null(),
                None => defined_code[i - num_imported],
            };
            VMFuncRef { fn_ptr, vmctx: vp, type_id, array_call }
        })
        .collect();
    let func_refs: Vec<*const VMFuncRef> = (0..num_funcs)
        .map(|i| match func_imports.get(i) {
            Some(FuncImport::Extern(f)) => f.as_funcref(),
            _ => &own_funcs[i] as *const VMFuncRef,
        })
        .collect();
    let imported_funcs = func_imports
        .into_iter()
        .filter_map(|f| match f {
            FuncImport::Extern(f) => Some(f),
            FuncImport::Adapter(_) => None,
        })
        .collect();

    // Definitions (initialized below, once the instance exists).
    for ty in &meta.memories {
        // A shared memory's `VMMemory` is its own allocation, reached
        // through the pointer array as an import's is: other instances, on
        // other threads, import it and may outlive this one.
        let memory = match ty.shared {
            true => Memory::new(*ty, mode),
            false => Memory::new_in(*ty, mode, vmctx.memory_slot(memories.len() as u32).expect("a defined memory")),
        };
        memories.push(memory.map_err(|e| InstantiationError::Resource(e.to_string()))?);
    }
    for t in &meta.tables {
        let ty = TableType { element: types::canonical(t.ty.element, &type_ids), ..t.ty };
        tables.push(Table::new(ty, 0).map_err(|e| InstantiationError::Resource(e.to_string()))?);
    }
    for g in &meta.globals {
        let slot = vmctx.global_slot(globals.len() as u32).expect("a defined global");
        let ty = GlobalType { ty: types::canonical(g.ty.ty, &type_ids), ..g.ty };
        globals.push(Global::new_in(ty, 0, slot));
    }
    for &t in &meta.tags {
        let arity = meta.func_type(t).map_or(0, |ty| ty.params.len() as u32);
        tags.push(Tag::new(type_ids.get(t as usize).copied().ok_or_else(|| bad("tag type out of range"))?, arity));
    }
    let memory_ptrs: Vec<*mut VMMemory> = memories.iter().map(Memory::vm).collect();
    let table_ptrs: Vec<*mut VMTable> = tables.iter().map(Table::vm).collect();
    let global_ptrs: Vec<*mut VMGlobal> = globals.iter().map(Global::vm).collect();
    let registration = registry::register(descriptor as *const ModuleDescriptor as usize, || {
        registry::code_of(descriptor, &meta, meta.code_table().expect("checked when decoding"))
    });
    let tag_ptrs: Vec<*const VMTag> = tags.iter().map(Tag::vm).collect();
    vmctx.set_pointers(&memory_ptrs, &global_ptrs, &table_ptrs, &func_refs, &tag_ptrs);
    vmctx.set_wasi_memory(wasi_memory_index(&meta));
    let inner = Rc::new(InstanceInner {
        vmctx,
        data_dropped: meta.data.iter().map(|_| Cell::new(false)).collect(),
        elems: meta.elems.iter().map(|_| RefCell::new(Box::default())).collect(),
        memory_images,
        meta,
        memories: memories.into_boxed_slice(),
        tables: tables.into_boxed_slice(),
        globals: globals.into_boxed_slice(),
        tags: tags.into_boxed_slice(),
        _type_ids: type_ids,
        _gc_types: gc_types,
        _own_funcs: own_funcs,
        _imported_funcs: imported_funcs,
        _registration: registration,
        host_data: Cell::new(std::ptr::null_mut()),
        descriptor,
    });
    // SAFETY: as above; the `Rc` payload's address is stable.
    unsafe { (*vp).instance = Rc::as_ptr(&inner) as *mut c_void };
    let holds_exnrefs = inner.globals.iter().any(|g| g.ty().ty == ValType::ExnRef)
        || inner.tables.iter().any(|t| t.ty().element == ValType::ExnRef);
    if holds_exnrefs {
        crate::exceptions::add_root(Rc::downgrade(&inner));
    }
    // Globals and tables have canonical types already; segments not.
    let traced = |v: ValType| wasm2native_abi::gc::is_traced(v, types::kind);
    let holds_gc_refs = inner.globals.iter().any(|g| traced(g.ty().ty))
        || inner.tables.iter().any(|t| traced(t.ty().element))
        || inner.meta.elems.iter().any(|e| traced(types::canonical(e.element, &inner._type_ids)));
    if holds_gc_refs {
        crate::gc::add_root(Rc::downgrade(&inner));
    }
    let instance = Instance(inner);
    match initialize(&instance, run_start) {
        Ok(()) => Ok(instance),
        Err(e) => {
            if matches!(e, InstantiationError::Trap(_)) && !instance.0.meta.imports.is_empty() {
                // Its funcrefs may already sit in imported tables/globals.
                GRAVEYARD.with(|g| g.borrow_mut().push(instance));
            }
            Err(e)
        }
    }
}

/// Evaluates a constant expression in the context of `inner`.
fn eval(inner: &InstanceInner, expr: &wasm2native_abi::meta::ConstExpr) -> Result<u128, InstantiationError> {
    let env = ConstEnv {
        global: &|i| inner.globals.get(i as usize).map(Global::get),
        func_ref: &|i| inner.vmctx.func_ref(i).map(|p| p as usize),
        types: &inner.meta.types,
        gc_type: &|t| inner._type_ids.get(t as usize).and_then(|&id| types::gc_type(id)),
    };
    constexpr::eval(expr, &env).map_err(|e| bad(e.to_string()))
}

/// Global and table initializers, segments, start function.
fn initialize(instance: &Instance, run_start: bool) -> Result<(), InstantiationError> {
    let inner = &*instance.0;
    let meta = &inner.meta;
    let first_global = inner.globals.len() - meta.globals.len();
    for (i, g) in meta.globals.iter().enumerate() {
        let value = eval(inner, &g.init)?;
        inner.globals[first_global + i].set(value);
    }
    let first_table = inner.tables.len() - meta.tables.len();
    for (i, t) in meta.tables.iter().enumerate() {
        if let Some(init) = &t.init {
            let value = eval(inner, init)? as usize;
            let table = &inner.tables[first_table + i];
            table.fill(0, value, table.size()).map_err(|_| bad("table initializer"))?;
        }
    }
    for (segment, slot) in meta.elems.iter().zip(inner.elems.iter()) {
        let items: Box<[usize]> = match &segment.items {
            ElemItems::Funcs(indices) => indices
                .iter()
                .map(|&f| inner.vmctx.func_ref(f).map(|p| p as usize).ok_or_else(|| bad("elem function")))
                .collect::<Result<_, _>>()?,
            ElemItems::Exprs(exprs) => {
                exprs.iter().map(|e| eval(inner, e).map(|v| v as usize)).collect::<Result<_, _>>()?
            }
        };
        *slot.borrow_mut() = items;
    }
    for (segment, slot) in meta.elems.iter().zip(inner.elems.iter()) {
        match &segment.mode {
            SegmentMode::Passive => continue,
            SegmentMode::Declared => {}
            SegmentMode::Active { index, offset } => {
                let offset = eval(inner, offset)? as u64;
                let table = inner.tables.get(*index as usize).ok_or_else(|| bad("elem table"))?;
                let items = slot.borrow();
                let fits = checked_range(offset, items.len() as u64, table.size() as usize);
                let Some(range) = fits else { return Err(InstantiationError::Trap(TrapKind::TableOutOfBounds)) };
                // SAFETY: no other access to the table happens meanwhile.
                unsafe { table.with_elements(|e| e[range].copy_from_slice(&items)) };
            }
        }
        *slot.borrow_mut() = Box::default();
    }
    for &(index, offset, bytes) in &inner.memory_images {
        // The images hold the active segments' bytes (which the compiler
        // emptied): they are all in bounds of their memories' initial sizes.
        let memory = inner.memories.get(index as usize).ok_or_else(|| bad("image memory"))?;
        image::place(memory, offset, bytes).map_err(|_| bad("memory image out of bounds"))?;
    }
    for (segment, dropped) in meta.data.iter().zip(inner.data_dropped.iter()) {
        if let SegmentMode::Active { index, offset } = &segment.mode {
            let offset = eval(inner, offset)? as u64;
            let memory = inner.memories.get(*index as usize).ok_or_else(|| bad("data memory"))?;
            memory.write(offset, segment.bytes).map_err(|_| InstantiationError::Trap(TrapKind::MemoryOutOfBounds))?;
            dropped.set(true);
        }
    }
    if run_start {
        if let Some(start) = instance.start_func() {
            match start.call(&[]) {
                Ok(_) => {}
                Err(CallError::Unwind(Unwind::Trap(t))) => return Err(InstantiationError::Trap(t.kind)),
                Err(e) => return Err(bad(format!("start function: {e}"))),
            }
        }
    }
    Ok(())
}

/// The memory WASI functions use: the one exported as `memory` (as WASI
/// specifies), else memory 0 (wasmtime refuses such modules at the first
/// WASI call that needs memory; using memory 0 keeps older modules working).
fn wasi_memory_index(meta: &ModuleMeta<'_>) -> Option<u32> {
    let exported = meta.exports.iter().find(|e| e.kind == ExportKind::Memory && e.name == "memory");
    match exported {
        Some(e) => Some(e.index),
        None => (!meta.memories.is_empty() || meta.imports.iter().any(|i| matches!(i.kind, ImportKind::Memory(_))))
            .then_some(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::ModuleBuilder;
    use crate::trap::tests::{code, find_trap, register_test_code};
    use wasm2native_abi::meta::{
        ConstExpr, ConstOp, DataSegment, ElemSegment, Export, FuncType, Global as GlobalDef, GlobalType, Limits,
        MemoryType, TableType, TrapSite, ValType,
    };

    fn i32_ty() -> GlobalType {
        GlobalType { ty: ValType::I32, mutable: false }
    }

    fn binop() -> FuncType {
        FuncType { params: vec![ValType::I32, ValType::I32], results: vec![ValType::I32] }
    }

    fn nullary() -> FuncType {
        FuncType { params: vec![], results: vec![] }
    }

    fn export(name: &'static str, kind: ExportKind, index: u32) -> Export<'static> {
        Export { name, kind, index }
    }

    fn active(index: u32, offset: i32) -> SegmentMode {
        SegmentMode::Active { index, offset: ConstExpr(vec![ConstOp::I32(offset)]) }
    }

    unsafe extern "C" fn add(_vmctx: *mut VMContext, values: *mut u128) {
        // SAFETY: two slots, per the signature.
        unsafe { *values = (*values as u32).wrapping_add(*values.add(1) as u32) as u128 };
    }

    unsafe extern "C" fn start_writes_42(vmctx: *mut VMContext, _values: *mut u128) {
        // SAFETY: the module has memory 0 with at least one page.
        unsafe { *(**(*vmctx).memories).base = 42 };
    }

    unsafe extern "C" fn call_import0(vmctx: *mut VMContext, values: *mut u128) {
        // SAFETY: function 0 is an import with an array-call entry.
        unsafe {
            let f = &**(*vmctx).func_refs;
            (f.array_call.unwrap())(f.vmctx, values)
        }
    }

    unsafe extern "C" fn start_traps(_vmctx: *mut VMContext, _values: *mut u128) {
        code::call_through(code::trap_at_4 as *const () as usize, 0);
    }

    unsafe extern "C" fn recurse_array(vmctx: *mut VMContext, _values: *mut u128) {
        code::recurse(vmctx);
    }

    #[test]
    fn globals_initializers_and_exports() {
        let mut b = ModuleBuilder::new();
        b.import("env", "g", ImportKind::Global(i32_ty()));
        let f = b.func(binop(), add as *const u8, 0, vec![], Some(add));
        b.meta.globals = vec![
            GlobalDef {
                ty: GlobalType { ty: ValType::I32, mutable: true },
                init: ConstExpr(vec![ConstOp::GlobalGet(0), ConstOp::I32(5), ConstOp::I32Add]),
            },
            GlobalDef {
                ty: GlobalType { ty: ValType::I64, mutable: false },
                init: ConstExpr(vec![ConstOp::I64(-2)]),
            },
            GlobalDef {
                ty: GlobalType { ty: ValType::FuncRef, mutable: false },
                init: ConstExpr(vec![ConstOp::RefFunc(f)]),
            },
        ];
        b.meta.exports = vec![
            export("g1", ExportKind::Global, 1),
            export("g2", ExportKind::Global, 2),
            export("fr", ExportKind::Global, 3),
            export("add", ExportKind::Func, f),
        ];
        let imported = Global::new(i32_ty(), 37);
        let inst = b.instantiate(vec![Extern::Global(imported.clone())]).unwrap();
        assert_eq!(inst.get_global("g1").unwrap().get(), 42);
        assert_eq!(inst.get_global("g2").unwrap().get(), u64::MAX as u128 - 1);
        let add_fn = inst.get_func("add").unwrap();
        assert_eq!(inst.get_global("fr").unwrap().get(), add_fn.as_funcref() as u128);
        assert_eq!(add_fn.call(&[40, 2]).unwrap(), vec![42]);
        assert!(inst.global(0).unwrap().same(&imported));
        assert!(inst.get_memory("add").is_none());
        assert!(inst.export("nope").is_none());
        assert_eq!(inst.export_names().collect::<Vec<_>>(), ["g1", "g2", "fr", "add"]);
        // The context's arrays point at the runtime objects.
        // SAFETY: reading the live context.
        unsafe {
            let vmctx = &*inst.vmctx();
            assert_eq!(*vmctx.globals.add(1), inst.global(1).unwrap().vm());
            assert_eq!(*vmctx.func_refs, add_fn.as_funcref());
            let fr = &**vmctx.func_refs;
            assert_eq!(fr.vmctx, inst.vmctx());
            assert_eq!(fr.type_id, crate::intern_func_type(&binop()));
            assert_eq!(*vmctx.type_ids, fr.type_id);
            assert_eq!(vmctx.instance, Rc::as_ptr(&inst.0) as *mut c_void);
            assert!(vmctx.stack_limit != 0);
        }
    }

    #[test]
    fn data_segments_and_start() {
        let mut b = ModuleBuilder::new();
        b.memory(1, None);
        let s = b.func(nullary(), start_writes_42 as *const u8, 0, vec![], Some(start_writes_42));
        b.meta.start = Some(s);
        b.meta.data = vec![
            DataSegment { mode: active(0, 10), bytes: b"hello" },
            DataSegment { mode: SegmentMode::Passive, bytes: b"xyz" },
            DataSegment { mode: active(0, 65533), bytes: b"end" },
        ];
        b.meta.exports = vec![export("mem", ExportKind::Memory, 0)];
        let inst = b.instantiate(vec![]).unwrap();
        let mem = inst.get_memory("mem").unwrap();
        let mut buf = [0u8; 16];
        mem.read(0, &mut buf).unwrap();
        assert_eq!(&buf, b"*\0\0\0\0\0\0\0\0\0hello\0");
        let mut end = [0u8; 3];
        mem.read(65533, &mut end).unwrap();
        assert_eq!(&end, b"end");
        let dropped: Vec<bool> = inst.0.data_dropped.iter().map(Cell::get).collect();
        assert_eq!(dropped, [true, false, true]);
    }

    #[test]
    fn element_segments() {
        let mut b = ModuleBuilder::new();
        b.table(ValType::FuncRef, 5, None);
        b.funcs(3);
        b.meta.elems = vec![
            ElemSegment { mode: active(0, 1), element: ValType::FuncRef, items: ElemItems::Funcs(vec![2, 0]) },
            ElemSegment { mode: SegmentMode::Declared, element: ValType::FuncRef, items: ElemItems::Funcs(vec![1]) },
            ElemSegment { mode: SegmentMode::Passive, element: ValType::FuncRef, items: ElemItems::Funcs(vec![1]) },
            ElemSegment {
                mode: active(0, 4),
                element: ValType::FuncRef,
                items: ElemItems::Exprs(vec![ConstExpr(vec![ConstOp::RefFunc(1)])]),
            },
        ];
        let inst = b.instantiate(vec![]).unwrap();
        let t = inst.table(0).unwrap();
        let fr = |i| inst.func(i).unwrap().as_funcref() as usize;
        assert_eq!((0..5).map(|i| t.get(i).unwrap()).collect::<Vec<_>>(), [0, fr(2), fr(0), 0, fr(1)]);
        let lens: Vec<usize> = inst.0.elems.iter().map(|e| e.borrow().len()).collect();
        assert_eq!(lens, [0, 0, 1, 0]);
    }

    #[test]
    fn table_initializer_expression() {
        let mut b = ModuleBuilder::new();
        b.funcs(1);
        b.meta.tables.push(wasm2native_abi::meta::Table {
            ty: TableType { element: ValType::FuncRef, limits: Limits { min: 3, max: None }, table64: false },
            init: Some(ConstExpr(vec![ConstOp::RefFunc(0)])),
        });
        let inst = b.instantiate(vec![]).unwrap();
        let f = inst.func(0).unwrap().as_funcref() as usize;
        assert_eq!(inst.table(0).unwrap().get(2), Some(f));
    }

    /// An exporter of a memory and a 10-element funcref table.
    fn exporter() -> Instance {
        let mut b = ModuleBuilder::new();
        b.memory(1, None);
        b.table(ValType::FuncRef, 10, None);
        b.meta.exports = vec![export("mem", ExportKind::Memory, 0), export("tab", ExportKind::Table, 0)];
        b.instantiate(vec![]).unwrap()
    }

    fn mem_import() -> ImportKind {
        ImportKind::Memory(MemoryType::new(Limits { min: 1, max: None }, false))
    }

    fn tab_import() -> ImportKind {
        ImportKind::Table(TableType { element: ValType::FuncRef, limits: Limits { min: 10, max: None }, table64: false })
    }

    #[test]
    fn segment_traps_keep_earlier_effects() {
        let a = exporter();
        let mem = a.get_memory("mem").unwrap();
        let tab = a.get_table("tab").unwrap();

        let mut b = ModuleBuilder::new();
        b.import("Mt", "tab", tab_import());
        b.import("Mm", "mem", mem_import());
        let f = b.func(binop(), add as *const u8, 0, vec![], Some(add));
        b.meta.elems = vec![
            ElemSegment { mode: active(0, 7), element: ValType::FuncRef, items: ElemItems::Funcs(vec![f]) },
            ElemSegment { mode: active(0, 9), element: ValType::FuncRef, items: ElemItems::Funcs(vec![f, f]) },
        ];
        b.meta.data = vec![DataSegment { mode: active(0, 0), bytes: b"never" }];
        let err = b.instantiate(vec![Extern::Table(tab.clone()), Extern::Memory(mem.clone())]);
        assert_eq!(err.err(), Some(InstantiationError::Trap(TrapKind::TableOutOfBounds)));
        assert_eq!(tab.get(8), Some(0));
        assert_eq!(tab.get(9), Some(0));
        // The failed instance's function stays callable through the table.
        // SAFETY: the failed instance is kept alive by the graveyard.
        let f7 = unsafe { Func::from_funcref(tab.get(7).unwrap() as *const VMFuncRef) }.unwrap();
        assert_eq!(f7.call(&[1, 2]).unwrap(), vec![3]);
        let mut buf = [0u8; 5];
        mem.read(0, &mut buf).unwrap();
        assert_eq!(buf, [0; 5], "data segments after a trapping element segment are not applied");

        let mut c = ModuleBuilder::new();
        c.import("Mm", "mem", mem_import());
        c.meta.data = vec![
            DataSegment { mode: active(0, 0), bytes: b"ab" },
            DataSegment { mode: active(0, 65535), bytes: b"cd" },
        ];
        let err = c.instantiate(vec![Extern::Memory(mem.clone())]).err();
        assert_eq!(err, Some(InstantiationError::Trap(TrapKind::MemoryOutOfBounds)));
        let mut ab = [0u8; 2];
        mem.read(0, &mut ab).unwrap();
        assert_eq!(&ab, b"ab");
        assert_eq!(GRAVEYARD.with(|g| g.borrow().len()), 2);
        release_failed_instances();
        assert_eq!(GRAVEYARD.with(|g| g.borrow().len()), 0);

        // An empty segment out of bounds still traps.
        let mut d = ModuleBuilder::new();
        d.import("Mt", "tab", tab_import());
        d.meta.elems =
            vec![ElemSegment { mode: active(0, 11), element: ValType::FuncRef, items: ElemItems::Funcs(vec![]) }];
        let err = d.instantiate(vec![Extern::Table(tab)]).err();
        assert_eq!(err, Some(InstantiationError::Trap(TrapKind::TableOutOfBounds)));
    }

    #[test]
    fn start_function_traps() {
        let _code = register_test_code();
        let mut b = ModuleBuilder::new();
        b.memory(1, None);
        let s = b.func(nullary(), start_traps as *const u8, 0, vec![], Some(start_traps));
        b.meta.start = Some(s);
        b.meta.data = vec![DataSegment { mode: active(0, 0), bytes: b"kept" }];
        let err = b.instantiate(vec![]).err();
        assert_eq!(err, Some(InstantiationError::Trap(TrapKind::Unreachable)));
        assert_eq!(err.unwrap().to_string(), "wasm trap: unreachable");
    }

    #[test]
    fn cross_instance_function_imports() {
        let mut a = ModuleBuilder::new();
        let f = a.func(binop(), add as *const u8, 0, vec![], Some(add));
        a.meta.exports = vec![export("add", ExportKind::Func, f)];
        let a = a.instantiate(vec![]).unwrap();
        let add_a = a.get_func("add").unwrap();

        let mut b = ModuleBuilder::new();
        let t = b.type_index(binop());
        b.import("a", "add", ImportKind::Func(t));
        let c = b.func(binop(), call_import0 as *const u8, 0, vec![], Some(call_import0));
        b.meta.exports = vec![export("add", ExportKind::Func, 0), export("call", ExportKind::Func, c)];
        let b = b.instantiate(vec![Extern::Func(add_a.clone())]).unwrap();
        drop(a);
        let re_exported = b.get_func("add").unwrap();
        assert!(re_exported.same(&add_a));
        assert_eq!(re_exported.call(&[2, 3]).unwrap(), vec![5]);
        assert_eq!(b.get_func("call").unwrap().call(&[u32::MAX as u128, 3]).unwrap(), vec![2]);
    }

    #[test]
    fn unlinkable_imports() {
        let build = || {
            let mut b = ModuleBuilder::new();
            let t = b.type_index(binop());
            b.import("a", "f", ImportKind::Func(t));
            b.import("a", "m", mem_import());
            b
        };
        let err = build().instantiate(vec![]).err().unwrap();
        assert!(matches!(&err, InstantiationError::Unlinkable(m) if m.contains("unknown import")), "{err}");

        let mem = exporter().get_memory("mem").unwrap();
        // SAFETY: never called.
        let wrong = unsafe { Func::new_host(std::ptr::null(), std::ptr::null_mut(), &nullary(), None) };
        let err = build().instantiate(vec![Extern::Func(wrong), Extern::Memory(mem.clone())]).err().unwrap();
        assert_eq!(err, InstantiationError::Unlinkable("incompatible import type for a::f".into()));

        // SAFETY: never called.
        let right = unsafe { Func::new_host(std::ptr::null(), std::ptr::null_mut(), &binop(), None) };
        let g = Global::new(i32_ty(), 0);
        let err = build().instantiate(vec![Extern::Func(right.clone()), Extern::Global(g)]).err().unwrap();
        assert_eq!(err, InstantiationError::Unlinkable("incompatible import type for a::m".into()));
        assert!(build().instantiate(vec![Extern::Func(right), Extern::Memory(mem)]).is_ok());
    }

    #[test]
    fn host_adapters_bind_to_the_instance() {
        let build = |adapter: *const u8| {
            let mut b = ModuleBuilder::new();
            let t = b.type_index(binop());
            b.import("wasi", "x", ImportKind::Func(t));
            b.adapters[0] = adapter;
            b.descriptor()
        };
        // SAFETY: test descriptors of this process's code.
        let err = unsafe { Instance::new_with_host_adapters(build(std::ptr::null()), std::ptr::null_mut()) }.err().unwrap();
        assert_eq!(err, InstantiationError::Unlinkable("unknown import wasi::x".into()));
        let state = 7usize as *mut c_void;
        // SAFETY: as above.
        let inst = unsafe { Instance::new_with_host_adapters(build(add as *const u8), state) }.unwrap();
        assert_eq!(inst.host_state(), state);
        // SAFETY: reading the live funcref.
        let fr = unsafe { &*inst.func(0).unwrap().as_funcref() };
        assert_eq!(fr.vmctx, inst.vmctx());
        assert_eq!(fr.fn_ptr, add as *const u8);
    }

    #[test]
    fn bad_descriptors() {
        let mut b = ModuleBuilder::new();
        b.funcs(1);
        let d = b.descriptor();
        let wrong_abi = Box::leak(Box::new(ModuleDescriptor { abi_version: ABI_VERSION + 1, ..*d }));
        // SAFETY: a descriptor the runtime must refuse before using its code.
        assert!(matches!(unsafe { Instance::new(wrong_abi, vec![], std::ptr::null_mut()) }, Err(InstantiationError::BadModule(_))));
        let wrong_count = Box::leak(Box::new(ModuleDescriptor { num_defined_funcs: 2, ..*d }));
        // SAFETY: a descriptor the runtime must refuse before using its code.
        assert!(matches!(unsafe { Instance::new(wrong_count, vec![], std::ptr::null_mut()) }, Err(InstantiationError::BadModule(_))));
        let corrupt = Box::leak(Box::new(ModuleDescriptor { meta_len: 3, ..*d }));
        // SAFETY: a descriptor the runtime must refuse before using its code.
        assert!(matches!(unsafe { Instance::new(corrupt, vec![], std::ptr::null_mut()) }, Err(InstantiationError::BadModule(_))));
    }

    #[test]
    fn deep_recursion_is_stack_exhaustion() {
        let code = code::recurse as *const () as *const u8;
        let mut b = ModuleBuilder::new();
        let trap = TrapSite { offset: find_trap(code, code::RECURSE_LEN), kind: TrapKind::StackOverflow };
        let f = b.func(nullary(), code, code::RECURSE_LEN as u32, vec![trap], Some(recurse_array));
        b.meta.func_names = vec![(f, "recurse")];
        b.meta.exports = vec![export("run", ExportKind::Func, f)];
        let inst = b.instantiate(vec![]).unwrap();
        let run = inst.get_func("run").unwrap();
        for _ in 0..3 {
            match run.call(&[]) {
                Err(CallError::Unwind(Unwind::Trap(t))) => {
                    assert_eq!(t.kind, TrapKind::StackOverflow);
                    assert_eq!(t.to_string(), "call stack exhausted");
                    // The trapping prologue, then one frame repeated.
                    let frames = &t.frames;
                    assert_eq!(frames.len(), 2, "{t:?}");
                    assert!(frames.iter().all(|fr| fr.func_index == 0 && fr.name == Some("recurse")));
                    assert!(frames[1].repeated > 1000, "{t:?}");
                }
                other => panic!("expected stack exhaustion, got {other:?}"),
            }
        }
    }

    #[test]
    fn thousands_of_instances() {
        for i in 0..3000 {
            let mut b = ModuleBuilder::new();
            b.memory(1, None);
            b.table(ValType::FuncRef, 4, None);
            b.funcs(1);
            b.meta.data = vec![DataSegment { mode: active(0, 0), bytes: b"x" }];
            let inst = b.instantiate(vec![]).unwrap();
            assert_eq!(inst.memory(0).unwrap().size_pages(), 1, "instance {i}");
        }
    }
}
