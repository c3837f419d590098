//! Parse and validate: bytes → [`ModuleInfo`].
//!
//! One pass over the module with wasmparser's `Validator`. Everything later
//! stages need is collected here, so nothing downstream re-parses the bytes;
//! function bodies are kept as byte ranges (with their pending validators)
//! so they can be validated and translated in parallel.

use wasm2native_abi::meta::{
    self, CompositeType, ConstExpr, ConstOp, DataSegment, ElemItems, ElemSegment, Export, ExportKind, FieldType,
    FuncType, GlobalType, HeapType, ImportKind, Limits, MemoryType, SegmentMode, StorageType, SubType, TableType,
    TypeKind, ValType,
};
use wasmparser::{
    FuncToValidate, FunctionBody, KnownCustom, Name, Parser, Payload, Validator, ValidatorResources,
    WasmFeatures,
};

use crate::error::{CompileError, Result};

/// One import, with its position in its index space.
#[derive(Clone, Debug)]
pub struct ImportInfo<'a> {
    /// Module name.
    pub module: &'a str,
    /// Field name.
    pub name: &'a str,
    /// What is imported.
    pub kind: ImportKind,
}

/// A function body waiting for validation and translation.
pub struct FunctionBodyInfo<'a> {
    /// The body.
    pub body: FunctionBody<'a>,
    /// Its validator, to be run during translation.
    pub validator: FuncToValidate<ValidatorResources>,
}

/// Everything about a module that code generation and the runtime need.
pub struct ModuleInfo<'a> {
    /// The features it was validated with.
    pub features: WasmFeatures,
    /// Module name from the `name` section.
    pub name: Option<&'a str>,
    /// The type section: every defined type in index order.
    pub types: Vec<SubType>,
    /// How many types each recursion group of the type section holds.
    pub rec_groups: Vec<u32>,
    /// Imports in order.
    pub imports: Vec<ImportInfo<'a>>,
    /// Type index per function index.
    pub func_types: Vec<u32>,
    /// Imported functions come first in the function index space.
    pub num_imported_funcs: u32,
    /// Every table type (imports first).
    pub tables: Vec<TableType>,
    /// Initializers of defined tables.
    pub table_inits: Vec<Option<ConstExpr>>,
    /// Number of imported tables.
    pub num_imported_tables: u32,
    /// Every memory type (imports first).
    pub memories: Vec<MemoryType>,
    /// Number of imported memories.
    pub num_imported_memories: u32,
    /// Every global type (imports first).
    pub globals: Vec<GlobalType>,
    /// Initializers of defined globals.
    pub global_inits: Vec<ConstExpr>,
    /// Number of imported globals.
    pub num_imported_globals: u32,
    /// The type index of every tag (imports first).
    pub tags: Vec<u32>,
    /// Number of imported tags.
    pub num_imported_tags: u32,
    /// Exports.
    pub exports: Vec<Export<'a>>,
    /// Start function.
    pub start: Option<u32>,
    /// Element segments.
    pub elems: Vec<ElemSegment>,
    /// Data segments.
    pub data: Vec<DataSegment<'a>>,
    /// Function names, sorted by index.
    pub func_names: Vec<(u32, &'a str)>,
    /// Defined function bodies, in order.
    pub bodies: Vec<FunctionBodyInfo<'a>>,
    /// Branch hints (`metadata.code.branch_hint`): function index, the
    /// hinted instruction's offset in the body, and the section's offset.
    pub branch_hints: Vec<(u32, u32, usize)>,
    /// Where the code section's contents start in the module: the origin
    /// of the code addresses in the module's DWARF.
    pub code_section_start: u64,
    /// The DWARF custom sections (`.debug_info`, `.debug_line`, ...) as
    /// clang and rustc emit them, by name.
    pub debug_sections: Vec<(&'a str, &'a [u8])>,
}

impl<'a> ModuleInfo<'a> {
    /// Total number of functions.
    pub fn num_funcs(&self) -> u32 {
        self.func_types.len() as u32
    }

    /// Signature of function `index`.
    pub fn func_type(&self, index: u32) -> &FuncType {
        self.sig(self.func_types[index as usize])
    }

    /// Function type `type_index` (validated: the places that name a
    /// signature name a function type).
    pub fn sig(&self, type_index: u32) -> &FuncType {
        static NONE: FuncType = FuncType { params: Vec::new(), results: Vec::new() };
        self.types[type_index as usize].as_func().unwrap_or(&NONE)
    }

    /// What defined type `type_index` is.
    pub fn type_kind(&self, type_index: u32) -> TypeKind {
        self.types[type_index as usize].kind()
    }

    /// How many declared supertypes type `type_index` has above it: its
    /// index in its own supertype display (see the runtime's `types`).
    pub fn type_depth(&self, type_index: u32) -> u32 {
        let mut depth = 0;
        let mut t = type_index;
        while let Some(s) = self.types[t as usize].supertype {
            depth += 1;
            t = s;
        }
        depth
    }

    /// Whether defined type `a` is `b` or declares it as a (transitive)
    /// supertype.
    pub fn is_subtype(&self, a: u32, b: u32) -> bool {
        let mut t = Some(a);
        while let Some(x) = t {
            if x == b {
                return true;
            }
            t = self.types[x as usize].supertype;
        }
        false
    }

    /// Whether values of type `v` may point into the GC heap (what stack
    /// maps must record): references of the `any` hierarchy that can be
    /// objects and `externref`s (which can hold them). Function
    /// references, exceptions, i31s and the bottom types cannot.
    pub fn is_gc_ref(&self, v: ValType) -> bool {
        wasm2native_abi::gc::is_traced(v, |t| self.type_kind(t))
    }

    /// Whether any type the module declares (its defined types, globals,
    /// tables and imports) can hold a GC heap reference: only then do its
    /// functions need stack maps (locals are checked per function).
    pub fn uses_gc_refs(&self) -> bool {
        let in_type = |t: &SubType| match &t.composite {
            CompositeType::Func(f) => f.params.iter().chain(&f.results).any(|v| self.is_gc_ref(*v)),
            _ => true,
        };
        self.types.iter().any(in_type)
            || self.globals.iter().any(|g| self.is_gc_ref(g.ty))
            || self.tables.iter().any(|t| self.is_gc_ref(t.element))
    }

    /// Whether a value of `a` is always one of `b`, from the types alone.
    pub fn val_matches(&self, a: ValType, b: ValType) -> bool {
        a.matches_in(b, |t| self.type_kind(t), |x, y| self.is_subtype(x, y))
    }

    /// Whether function `index` is imported.
    pub fn is_imported_func(&self, index: u32) -> bool {
        index < self.num_imported_funcs
    }

    /// Imported functions, with their function index.
    pub fn imported_funcs(&self) -> impl Iterator<Item = (u32, &ImportInfo<'a>)> {
        self.imports
            .iter()
            .filter(|i| matches!(i.kind, ImportKind::Func(_)))
            .enumerate()
            .map(|(i, imp)| (i as u32, imp))
    }

    /// Functions that need an array-call trampoline: exported ones and the
    /// start function.
    pub fn needs_array_call(&self) -> Vec<bool> {
        let mut v = vec![false; self.func_types.len()];
        for e in &self.exports {
            if e.kind == ExportKind::Func {
                v[e.index as usize] = true;
            }
        }
        if let Some(s) = self.start {
            v[s as usize] = true;
        }
        v
    }

    /// The name of function `index` for diagnostics.
    pub fn func_name(&self, index: u32) -> Option<&'a str> {
        self.func_names.binary_search_by_key(&index, |(i, _)| *i).ok().map(|i| self.func_names[i].1)
    }
}

/// The WebAssembly features this compiler accepts for `version`: all of
/// 2.0, or 2.0 plus the 3.0 proposals implemented so far (or 1.0 with
/// threads, for that proposal's own tests). A module using a
/// 3.0 proposal outside this set is reported by [`explain_invalid`].
pub fn features(version: crate::options::WasmVersion) -> WasmFeatures {
    match version {
        crate::options::WasmVersion::V2 => WasmFeatures::WASM2,
        crate::options::WasmVersion::V1Threads => WasmFeatures::WASM1 | WasmFeatures::THREADS,
        crate::options::WasmVersion::V3 => WasmFeatures::WASM2
            | WasmFeatures::EXTENDED_CONST
            | WasmFeatures::TAIL_CALL
            | WasmFeatures::MULTI_MEMORY
            | WasmFeatures::MEMORY64
            | WasmFeatures::CUSTOM_PAGE_SIZES
            | WasmFeatures::FUNCTION_REFERENCES
            | WasmFeatures::RELAXED_SIMD
            | WasmFeatures::WIDE_ARITHMETIC
            | WasmFeatures::EXCEPTIONS
            | WasmFeatures::LEGACY_EXCEPTIONS
            // Shared memories and atomic instructions (wasi-threads' thread
            // spawning is not implemented yet).
            | WasmFeatures::THREADS
            // Validated so that 3.0's constant expressions and type forms are
            // accepted; GC types, heap types and operators are refused by
            // `read_section` and the translator as unsupported.
            | WasmFeatures::GC,
    }
}

/// Turns an [`CompileError::Invalid`] into
/// [`CompileError::UnsupportedProposal`] when the whole module (function
/// bodies included) is valid with wasmparser's WebAssembly 3.0 feature set
/// (which includes threads): the user then needs another build of the
/// module, not a fixed one. Runs only on the error path.
pub fn explain_invalid(bytes: &[u8], e: CompileError) -> CompileError {
    match e {
        CompileError::Invalid { offset, message }
            if Validator::new_with_features(WasmFeatures::WASM3).validate_all(bytes).is_ok() =>
        {
            CompileError::UnsupportedProposal { offset, message }
        }
        other => other,
    }
}

/// Parses and validates `bytes` (a binary module) against `version`.
pub fn parse(bytes: &[u8], version: crate::options::WasmVersion) -> Result<ModuleInfo<'_>> {
    if crate::component::is_component(bytes) {
        return Err(crate::component::refuse(bytes, version));
    }
    let features = features(version);
    let mut validator = Validator::new_with_features(features);
    let mut info = ModuleInfo {
        features,
        name: None,
        types: Vec::new(),
        rec_groups: Vec::new(),
        imports: Vec::new(),
        func_types: Vec::new(),
        num_imported_funcs: 0,
        tables: Vec::new(),
        table_inits: Vec::new(),
        num_imported_tables: 0,
        memories: Vec::new(),
        num_imported_memories: 0,
        globals: Vec::new(),
        global_inits: Vec::new(),
        num_imported_globals: 0,
        tags: Vec::new(),
        num_imported_tags: 0,
        exports: Vec::new(),
        start: None,
        elems: Vec::new(),
        data: Vec::new(),
        func_names: Vec::new(),
        bodies: Vec::new(),
        branch_hints: Vec::new(),
        code_section_start: 0,
        debug_sections: Vec::new(),
    };
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(CompileError::invalid)?;
        if let Payload::MemorySection(r) = &payload {
            if !features.memory64() {
                let range = r.range();
                check_memory_limits_encoding(&bytes[range.start as usize..range.end as usize], range.start)
                    .map_err(CompileError::invalid)?;
            }
        }
        match validator.payload(&payload).map_err(CompileError::invalid)? {
            wasmparser::ValidPayload::Func(validator, body) => {
                info.bodies.push(FunctionBodyInfo { body, validator });
                continue;
            }
            wasmparser::ValidPayload::End(_) => {
                check_branch_hints(&info)?;
                break;
            }
            _ => {}
        }
        read_section(&mut info, payload)?;
    }
    Ok(info)
}

fn read_section<'a>(info: &mut ModuleInfo<'a>, payload: Payload<'a>) -> Result<()> {
    let inv = CompileError::invalid;
    match payload {
        Payload::TypeSection(r) => {
            for group in r {
                let group = group.map_err(inv)?;
                let start = info.types.len() as u32;
                let mut len = 0;
                for sub in group.into_types() {
                    info.types.push(sub_type(&sub)?);
                    len += 1;
                }
                debug_assert!(start + len == info.types.len() as u32);
                info.rec_groups.push(len);
            }
        }
        Payload::ImportSection(r) => {
            for imp in r.into_imports() {
                let imp = imp.map_err(inv)?;
                let kind = match imp.ty {
                    wasmparser::TypeRef::Func(t) | wasmparser::TypeRef::FuncExact(t) => {
                        info.func_types.push(t);
                        info.num_imported_funcs += 1;
                        ImportKind::Func(t)
                    }
                    wasmparser::TypeRef::Table(t) => {
                        let t = table_type(t)?;
                        info.tables.push(t);
                        info.num_imported_tables += 1;
                        ImportKind::Table(t)
                    }
                    wasmparser::TypeRef::Memory(m) => {
                        let m = memory_type(m)?;
                        info.memories.push(m);
                        info.num_imported_memories += 1;
                        ImportKind::Memory(m)
                    }
                    wasmparser::TypeRef::Global(g) => {
                        let g = global_type(g)?;
                        info.globals.push(g);
                        info.num_imported_globals += 1;
                        ImportKind::Global(g)
                    }
                    wasmparser::TypeRef::Tag(t) => {
                        info.tags.push(t.func_type_idx);
                        info.num_imported_tags += 1;
                        ImportKind::Tag(t.func_type_idx)
                    }
                };
                info.imports.push(ImportInfo { module: imp.module, name: imp.name, kind });
            }
        }
        Payload::FunctionSection(r) => {
            for t in r {
                info.func_types.push(t.map_err(inv)?);
            }
        }
        Payload::TableSection(r) => {
            for t in r {
                let t = t.map_err(inv)?;
                info.tables.push(table_type(t.ty)?);
                info.table_inits.push(match t.init {
                    wasmparser::TableInit::RefNull => None,
                    wasmparser::TableInit::Expr(e) => Some(const_expr(&e)?),
                });
            }
        }
        Payload::TagSection(r) => {
            for t in r {
                info.tags.push(t.map_err(inv)?.func_type_idx);
            }
        }
        Payload::MemorySection(r) => {
            for m in r {
                info.memories.push(memory_type(m.map_err(inv)?)?);
            }
        }
        Payload::GlobalSection(r) => {
            for g in r {
                let g = g.map_err(inv)?;
                info.globals.push(global_type(g.ty)?);
                info.global_inits.push(const_expr(&g.init_expr)?);
            }
        }
        Payload::ExportSection(r) => {
            for e in r {
                let e = e.map_err(inv)?;
                let kind = match e.kind {
                    wasmparser::ExternalKind::Func | wasmparser::ExternalKind::FuncExact => ExportKind::Func,
                    wasmparser::ExternalKind::Table => ExportKind::Table,
                    wasmparser::ExternalKind::Memory => ExportKind::Memory,
                    wasmparser::ExternalKind::Global => ExportKind::Global,
                    wasmparser::ExternalKind::Tag => ExportKind::Tag,
                };
                info.exports.push(Export { name: e.name, kind, index: e.index });
            }
        }
        Payload::StartSection { func, .. } => info.start = Some(func),
        Payload::ElementSection(r) => {
            for e in r {
                let e = e.map_err(inv)?;
                let mode = match e.kind {
                    wasmparser::ElementKind::Passive => SegmentMode::Passive,
                    wasmparser::ElementKind::Declared => SegmentMode::Declared,
                    wasmparser::ElementKind::Active { table_index, offset_expr } => SegmentMode::Active {
                        index: table_index.unwrap_or(0),
                        offset: const_expr(&offset_expr)?,
                    },
                };
                let (element, items) = match e.items {
                    wasmparser::ElementItems::Functions(r) => (
                        ValType::FuncRef,
                        ElemItems::Funcs(r.into_iter().collect::<Result<_, _>>().map_err(inv)?),
                    ),
                    wasmparser::ElementItems::Expressions(ty, r) => {
                        let mut exprs = Vec::new();
                        for x in r {
                            exprs.push(const_expr(&x.map_err(inv)?)?);
                        }
                        (ValType::from_ref(ref_type(ty)?), ElemItems::Exprs(exprs))
                    }
                };
                info.elems.push(ElemSegment { mode, element, items });
            }
        }
        Payload::DataSection(r) => {
            for d in r {
                let d = d.map_err(inv)?;
                let mode = match d.kind {
                    wasmparser::DataKind::Passive => SegmentMode::Passive,
                    wasmparser::DataKind::Active { memory_index, offset_expr } => {
                        SegmentMode::Active { index: memory_index, offset: const_expr(&offset_expr)? }
                    }
                };
                info.data.push(DataSegment { mode, bytes: d.data });
            }
        }
        Payload::CustomSection(c) => {
            // A malformed name section is ignored, as other engines do: names
            // only decorate backtraces.
            match c.as_known() {
                KnownCustom::Name(names) => {
                    let _ = read_names(info, names);
                }
                KnownCustom::BranchHints(hints) => {
                    let at = c.data_offset() as usize;
                    for f in hints.into_iter().flatten() {
                        for h in f.hints.into_iter().flatten() {
                            info.branch_hints.push((f.func, h.func_offset, at));
                        }
                    }
                }
                _ if c.name().starts_with(".debug_") => info.debug_sections.push((c.name(), c.data())),
                _ => {}
            }
        }
        Payload::CodeSectionStart { unchecked_range, .. } => info.code_section_start = unchecked_range.start,
        _ => {}
    }
    Ok(())
}

/// A branch hint must name an `if` or `br_if` of a defined function (the
/// branch hinting proposal, part of 3.0's annotations).
fn check_branch_hints(info: &ModuleInfo<'_>) -> Result<()> {
    for &(func, offset, at) in &info.branch_hints {
        let invalid = || CompileError::Invalid { offset: at, message: "invalid branch hint target".into() };
        let body = func
            .checked_sub(info.num_imported_funcs)
            .and_then(|i| info.bodies.get(i as usize))
            .ok_or_else(invalid)?;
        let target = body.body.range().start + u64::from(offset);
        let mut ops = body.body.get_operators_reader().map_err(|_| invalid())?;
        let hinted = loop {
            if ops.eof() || ops.original_position() > target {
                break false;
            }
            let here = ops.original_position();
            let op = ops.read().map_err(|_| invalid())?;
            if here == target {
                break matches!(op, wasmparser::Operator::If { .. } | wasmparser::Operator::BrIf { .. });
            }
        };
        if !hinted {
            return Err(invalid());
        }
    }
    Ok(())
}

/// Without memory64, memory limits are `u32`s whose LEB128 encoding may not
/// be longer than five bytes; wasmparser reads them as `u64`s whatever the
/// features, so the 2.0 rule is checked here on the section's bytes.
fn check_memory_limits_encoding(section: &[u8], offset: u64) -> wasmparser::Result<()> {
    let mut r = wasmparser::BinaryReader::new(section, offset);
    for _ in 0..r.read_var_u32()? {
        let flags = r.read_u8()?;
        if flags & 0x04 != 0 {
            return Ok(()); // memory64: validation rejects it with a clearer message
        }
        r.read_var_u32()?;
        if flags & 0x01 != 0 {
            r.read_var_u32()?;
        }
    }
    Ok(())
}

fn read_names<'a>(
    info: &mut ModuleInfo<'a>,
    names: wasmparser::NameSectionReader<'a>,
) -> wasmparser::Result<()> {
    for n in names {
        match n? {
            Name::Module { name, .. } => info.name = Some(name),
            Name::Function(map) => {
                for naming in map {
                    let naming = naming?;
                    info.func_names.push((naming.index, naming.name));
                }
            }
            _ => {}
        }
    }
    info.func_names.sort_by_key(|(i, _)| *i);
    info.func_names.dedup_by_key(|(i, _)| *i);
    Ok(())
}

/// Converts a wasmparser value type.
pub fn val_type(t: wasmparser::ValType) -> Result<ValType> {
    Ok(match t {
        wasmparser::ValType::I32 => ValType::I32,
        wasmparser::ValType::I64 => ValType::I64,
        wasmparser::ValType::F32 => ValType::F32,
        wasmparser::ValType::F64 => ValType::F64,
        wasmparser::ValType::V128 => ValType::V128,
        wasmparser::ValType::Ref(r) => ValType::from_ref(ref_type(r)?),
    })
}

/// A defined type (validated: its indices are in range, its supertype is
/// declared before it and not final).
fn sub_type(sub: &wasmparser::SubType) -> Result<SubType> {
    use wasmparser::CompositeInnerType as C;
    if sub.composite_type.shared || sub.composite_type.descriptor_idx.is_some() || sub.composite_type.describes_idx.is_some() {
        return Err(CompileError::Unsupported("shared or described (custom-descriptors) types".into()));
    }
    // Validated: at most one supertype, a module type index.
    let supertype = sub.supertype_idxs.first().and_then(|i| i.as_module_index());
    let field = |f: &wasmparser::FieldType| -> Result<FieldType> {
        Ok(FieldType {
            storage: match f.element_type {
                wasmparser::StorageType::I8 => StorageType::I8,
                wasmparser::StorageType::I16 => StorageType::I16,
                wasmparser::StorageType::Val(v) => StorageType::Val(val_type(v)?),
            },
            mutable: f.mutable,
        })
    };
    let composite = match &sub.composite_type.inner {
        C::Func(f) => CompositeType::Func(FuncType {
            params: f.params().iter().map(|t| val_type(*t)).collect::<Result<_>>()?,
            results: f.results().iter().map(|t| val_type(*t)).collect::<Result<_>>()?,
        }),
        C::Struct(s) => CompositeType::Struct(s.fields.iter().map(field).collect::<Result<_>>()?),
        C::Array(a) => CompositeType::Array(field(&a.0)?),
        C::Cont(_) => return Err(CompileError::Unsupported("stack switching (continuation types)".into())),
    };
    Ok(SubType { is_final: sub.is_final, supertype, composite })
}

/// A reference type, exactly (import matching, signatures and casts need
/// its nullability and heap type).
pub fn ref_type(r: wasmparser::RefType) -> Result<wasm2native_abi::meta::RefType> {
    Ok(wasm2native_abi::meta::RefType { nullable: r.is_nullable(), heap: heap_type(r.heap_type())? })
}

/// A heap type; shared ones (the shared-everything proposal) are refused.
pub fn heap_type(h: wasmparser::HeapType) -> Result<HeapType> {
    use wasmparser::{AbstractHeapType as A, HeapType as H};
    let unsupported = || CompileError::Unsupported(format!("heap type {h:?}"));
    Ok(match h {
        H::Abstract { shared: false, ty } => match ty {
            A::Func => HeapType::Func,
            A::NoFunc => HeapType::NoFunc,
            A::Extern => HeapType::Extern,
            A::NoExtern => HeapType::NoExtern,
            A::Exn => HeapType::Exn,
            A::NoExn => HeapType::NoExn,
            A::Any => HeapType::Any,
            A::Eq => HeapType::Eq,
            A::I31 => HeapType::I31,
            A::Struct => HeapType::Struct,
            A::Array => HeapType::Array,
            A::None => HeapType::None,
            A::Cont | A::NoCont => return Err(unsupported()),
        },
        H::Concrete(index) => HeapType::Concrete(index.as_module_index().ok_or_else(unsupported)?),
        _ => return Err(unsupported()),
    })
}

fn table_type(t: wasmparser::TableType) -> Result<TableType> {
    Ok(TableType {
        element: ValType::from_ref(ref_type(t.element_type)?),
        limits: Limits { min: t.initial, max: t.maximum },
        table64: t.table64,
    })
}

fn memory_type(m: wasmparser::MemoryType) -> Result<MemoryType> {
    Ok(MemoryType {
        limits: Limits { min: m.initial, max: m.maximum },
        memory64: m.memory64,
        shared: m.shared,
        page_size_log2: m.page_size_log2.map_or(16, |l| l as u8),
    })
}

fn global_type(g: wasmparser::GlobalType) -> Result<GlobalType> {
    Ok(GlobalType { ty: val_type(g.content_type)?, mutable: g.mutable })
}

/// Converts a (validated) constant expression.
fn const_expr(e: &wasmparser::ConstExpr<'_>) -> Result<ConstExpr> {
    use wasmparser::Operator as O;
    let mut ops = Vec::new();
    let mut reader = e.get_operators_reader();
    while !reader.eof() {
        let op = reader.read().map_err(CompileError::invalid)?;
        ops.push(match op {
            O::I32Const { value } => ConstOp::I32(value),
            O::I64Const { value } => ConstOp::I64(value),
            O::F32Const { value } => ConstOp::F32(value.bits()),
            O::F64Const { value } => ConstOp::F64(value.bits()),
            O::V128Const { value } => ConstOp::V128(u128::from_le_bytes(*value.bytes())),
            O::GlobalGet { global_index } => ConstOp::GlobalGet(global_index),
            O::RefNull { .. } => ConstOp::RefNull,
            O::RefFunc { function_index } => ConstOp::RefFunc(function_index),
            O::RefI31 => ConstOp::RefI31,
            O::StructNew { struct_type_index } => ConstOp::StructNew(struct_type_index),
            O::StructNewDefault { struct_type_index } => ConstOp::StructNewDefault(struct_type_index),
            O::ArrayNew { array_type_index } => ConstOp::ArrayNew(array_type_index),
            O::ArrayNewDefault { array_type_index } => ConstOp::ArrayNewDefault(array_type_index),
            O::ArrayNewFixed { array_type_index, array_size } => ConstOp::ArrayNewFixed(array_type_index, array_size),
            // The two hierarchies share one representation (abi `gc`).
            O::AnyConvertExtern | O::ExternConvertAny => continue,
            O::I32Add => ConstOp::I32Add,
            O::I32Sub => ConstOp::I32Sub,
            O::I32Mul => ConstOp::I32Mul,
            O::I64Add => ConstOp::I64Add,
            O::I64Sub => ConstOp::I64Sub,
            O::I64Mul => ConstOp::I64Mul,
            O::End => break,
            other => {
                return Err(CompileError::Unsupported(format!("constant expression operator {other:?}")))
            }
        });
    }
    Ok(ConstExpr(ops))
}

/// Builds the serialized metadata's module part (code facts and settings
/// are filled in by the emitter).
pub fn to_meta<'a>(info: &ModuleInfo<'a>, config: meta::RuntimeConfig<'a>) -> meta::ModuleMeta<'a> {
    meta::ModuleMeta {
        name: info.name,
        types: info.types.clone(),
        rec_groups: info.rec_groups.clone(),
        imports: info
            .imports
            .iter()
            .map(|i| meta::Import { module: i.module, name: i.name, kind: i.kind })
            .collect(),
        func_types: info.func_types.clone(),
        tables: info.tables[info.num_imported_tables as usize..]
            .iter()
            .zip(&info.table_inits)
            .map(|(ty, init)| meta::Table { ty: *ty, init: init.clone() })
            .collect(),
        memories: info.memories[info.num_imported_memories as usize..].to_vec(),
        globals: info.globals[info.num_imported_globals as usize..]
            .iter()
            .zip(&info.global_inits)
            .map(|(ty, init)| meta::Global { ty: *ty, init: init.clone() })
            .collect(),
        tags: info.tags[info.num_imported_tags as usize..].to_vec(),
        exports: info.exports.clone(),
        start: info.start,
        elems: info.elems.clone(),
        data: info.data.clone(),
        func_names: info.func_names.clone(),
        code: &[],
        config,
        memory_images: Vec::new(),
        source_lines: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_module_facts() {
        let wasm = wat::parse_str(
            r#"(module $m
                (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
                (memory 1 2)
                (global $g (mut i32) (i32.const 5))
                (table 3 funcref)
                (elem (i32.const 1) $f)
                (data (i32.const 8) "hi")
                (func $f (export "f") (result i32) global.get $g)
                (start $f2)
                (func $f2))"#,
        )
        .unwrap();
        let info = parse(&wasm, Default::default()).unwrap();
        assert_eq!(info.name, Some("m"));
        assert_eq!(info.num_imported_funcs, 1);
        assert_eq!(info.num_funcs(), 3);
        assert_eq!(info.bodies.len(), 2);
        assert_eq!(info.memories[0].limits, Limits { min: 1, max: Some(2) });
        assert_eq!(info.global_inits[0], ConstExpr(vec![ConstOp::I32(5)]));
        assert_eq!(info.data[0].bytes, b"hi");
        assert_eq!(info.func_name(1), Some("f"));
        assert_eq!(info.needs_array_call(), vec![false, true, true]);
    }

    #[test]
    fn modules_valid_in_webassembly_3_are_unsupported_not_invalid() {
        // Validating as 2.0: a 3.0 module is named as such.
        let v2 = crate::CompileOptions { executable: false, wasm: crate::WasmVersion::V2, ..Default::default() };
        for wat in ["(module (func $f (return_call $f)))", "(module (memory i64 1))", "(module (memory 1) (memory 1))"] {
            let wasm = wat::parse_str(wat).unwrap();
            match crate::compile_to_object(&wasm, &v2) {
                Err(CompileError::UnsupportedProposal { message, .. }) => assert!(!message.is_empty()),
                Err(e) => panic!("{wat}: {e}"),
                Ok(_) => panic!("{wat}: compiled"),
            }
        }
        // As 3.0, GC compiles.
        let opts = crate::CompileOptions { executable: false, ..Default::default() };
        let shared = wat::parse_str("(module (memory 1 1 shared))").unwrap();
        assert!(crate::compile_to_object(&shared, &opts).is_ok());
        let gc = wat::parse_str("(module (type (struct)) (func (drop (struct.new 0))))").unwrap();
        assert!(crate::compile_to_object(&gc, &opts).is_ok());
        // Invalid under every version stays invalid.
        let wasm = wat::parse_str("(module (func (result i32) i64.const 0))").unwrap();
        assert!(matches!(crate::compile_to_object(&wasm, &opts), Err(CompileError::Invalid { .. })));
    }

    #[test]
    fn reports_invalid_modules_with_offset() {
        // Function bodies are validated later, during translation; this is a
        // module-level error.
        let wasm = wat::parse_str("(module (func (export \"a\")) (func (export \"a\")))").unwrap();
        match parse(&wasm, Default::default()) {
            Err(CompileError::Invalid { message, offset }) => {
                assert!(message.contains("duplicate export"), "{message}");
                assert!(offset > 8);
            }
            Err(e) => panic!("unexpected error {e}"),
            Ok(_) => panic!("accepted an invalid module"),
        }
    }
}
