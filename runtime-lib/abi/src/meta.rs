//! The module metadata the compiler serializes into every object (postcard)
//! and the runtime reads at instantiation: everything about the module that
//! is not machine code.

use alloc::vec::Vec;
use alloc::string::String;
use serde::{Deserialize, Serialize};

use crate::TrapKind;

/// A value type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ValType {
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `v128`
    V128,
    /// `funcref`
    FuncRef,
    /// `externref`
    ExternRef,
    /// `exnref`: a `*mut VMExn`, null or a thrown exception.
    ExnRef,
    /// Any other reference type (typed function references, non-nullable
    /// references, the bottom types): represented like the abstract type
    /// of its family, typed for import matching and signatures.
    Ref(RefType),
}

/// A reference type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RefType {
    /// Whether null is a value of it.
    pub nullable: bool,
    /// What it refers to.
    pub heap: HeapType,
}

/// The heap type of a reference type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HeapType {
    /// `func`.
    Func,
    /// `nofunc`, the bottom of the function references.
    NoFunc,
    /// `extern`.
    Extern,
    /// `noextern`.
    NoExtern,
    /// `exn`.
    Exn,
    /// `noexn`.
    NoExn,
    /// `any`, the top of the internal references (GC).
    Any,
    /// `eq`: references that `ref.eq` compares (i31s, structs, arrays).
    Eq,
    /// `i31`.
    I31,
    /// `struct`.
    Struct,
    /// `array`.
    Array,
    /// `none`, the bottom of the internal references.
    None,
    /// A defined type: a module type index in the compiler's metadata, a
    /// canonical type id (see the runtime's `types`) once instantiated.
    Concrete(u32),
}

/// What a defined type is, for subtyping against the abstract heap types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TypeKind {
    /// A function type.
    Func,
    /// A struct type.
    Struct,
    /// An array type.
    Array,
}

impl HeapType {
    /// The top of `self`'s hierarchy (`func`, `extern`, `exn` or `any`);
    /// `kind` tells what a defined type is.
    pub fn top(self, kind: impl Fn(u32) -> TypeKind) -> HeapType {
        use HeapType as H;
        match self {
            H::Func | H::NoFunc => H::Func,
            H::Extern | H::NoExtern => H::Extern,
            H::Exn | H::NoExn => H::Exn,
            H::Any | H::Eq | H::I31 | H::Struct | H::Array | H::None => H::Any,
            H::Concrete(t) => match kind(t) {
                TypeKind::Func => H::Func,
                TypeKind::Struct | TypeKind::Array => H::Any,
            },
        }
    }

    /// Whether a reference to `self` is a reference to `expected`. `kind`
    /// tells what a defined type is, `sub(a, b)` whether defined type `a` is
    /// a (declared, transitive) subtype of `b`.
    pub fn matches_in(self, expected: HeapType, kind: impl Fn(u32) -> TypeKind, sub: impl Fn(u32, u32) -> bool) -> bool {
        use HeapType as H;
        match (self, expected) {
            (a, b) if a == b => true,
            (H::Concrete(a), H::Concrete(b)) => sub(a, b),
            // The bottoms are below every type of their hierarchy.
            (H::None | H::NoFunc | H::NoExtern | H::NoExn, b) => b.top(&kind) == self.top(&kind),
            (H::Concrete(a), b) => match kind(a) {
                TypeKind::Func => b == H::Func,
                TypeKind::Struct => matches!(b, H::Struct | H::Eq | H::Any),
                TypeKind::Array => matches!(b, H::Array | H::Eq | H::Any),
            },
            (H::I31 | H::Struct | H::Array, b) => matches!(b, H::Eq | H::Any),
            (H::Eq, b) => b == H::Any,
            _ => false,
        }
    }

    /// [`Self::matches_in`] for types without GC subtyping: a defined type
    /// is a function type, equal only to itself.
    pub fn matches(self, expected: HeapType) -> bool {
        self.matches_in(expected, |_| TypeKind::Func, |a, b| a == b)
    }
}

impl RefType {
    /// Whether `self` is a subtype of `expected` (see
    /// [`HeapType::matches_in`]).
    pub fn matches_in(self, expected: RefType, kind: impl Fn(u32) -> TypeKind, sub: impl Fn(u32, u32) -> bool) -> bool {
        (expected.nullable || !self.nullable) && self.heap.matches_in(expected.heap, kind, sub)
    }

    /// Whether `self` is a subtype of `expected` (without GC subtyping).
    pub fn matches(self, expected: RefType) -> bool {
        self.matches_in(expected, |_| TypeKind::Func, |a, b| a == b)
    }
}

impl ValType {
    /// The value type of reference type `r`, in its one representation
    /// (the nullable abstract ones have variants of their own).
    pub fn from_ref(r: RefType) -> ValType {
        match (r.nullable, r.heap) {
            (true, HeapType::Func) => ValType::FuncRef,
            (true, HeapType::Extern) => ValType::ExternRef,
            (true, HeapType::Exn) => ValType::ExnRef,
            _ => ValType::Ref(r),
        }
    }

    /// The reference type this is, if it is one.
    pub fn as_ref(self) -> Option<RefType> {
        let abstract_ref = |heap| Some(RefType { nullable: true, heap });
        match self {
            ValType::FuncRef => abstract_ref(HeapType::Func),
            ValType::ExternRef => abstract_ref(HeapType::Extern),
            ValType::ExnRef => abstract_ref(HeapType::Exn),
            ValType::Ref(r) => Some(r),
            _ => None,
        }
    }

    /// Whether a value of type `self` is one of type `expected` (see
    /// [`HeapType::matches_in`]).
    pub fn matches_in(self, expected: ValType, kind: impl Fn(u32) -> TypeKind, sub: impl Fn(u32, u32) -> bool) -> bool {
        match (self.as_ref(), expected.as_ref()) {
            (Some(a), Some(b)) => a.matches_in(b, kind, sub),
            _ => self == expected,
        }
    }

    /// Whether a value of type `self` is one of type `expected` (without GC
    /// subtyping).
    pub fn matches(self, expected: ValType) -> bool {
        self.matches_in(expected, |_| TypeKind::Func, |a, b| a == b)
    }

    /// `self` with its concrete type index (if any) mapped by `f`.
    pub fn map_concrete(self, f: impl Fn(u32) -> u32) -> ValType {
        match self {
            ValType::Ref(RefType { nullable, heap: HeapType::Concrete(i) }) => {
                ValType::Ref(RefType { nullable, heap: HeapType::Concrete(f(i)) })
            }
            other => other,
        }
    }
}

/// A function signature.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FuncType {
    /// Parameter types.
    pub params: Vec<ValType>,
    /// Result types.
    pub results: Vec<ValType>,
}

/// How a struct field or array element is stored: the packed `i8` and
/// `i16`, or a value type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StorageType {
    /// `i8`, read with sign or zero extension to i32.
    I8,
    /// `i16`, likewise.
    I16,
    /// A value type.
    Val(ValType),
}

impl StorageType {
    /// Bytes one value takes in an object.
    pub fn size(self) -> u32 {
        match self {
            StorageType::I8 => 1,
            StorageType::I16 => 2,
            StorageType::Val(ValType::I32 | ValType::F32) => 4,
            StorageType::Val(ValType::V128) => 16,
            StorageType::Val(_) => 8,
        }
    }
}

/// A struct field or an array's element type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FieldType {
    /// How it is stored.
    pub storage: StorageType,
    /// Whether `struct.set`/`array.set` may change it.
    pub mutable: bool,
}

/// The structure of a defined type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CompositeType {
    /// A function type.
    Func(FuncType),
    /// A struct type: its fields in order.
    Struct(Vec<FieldType>),
    /// An array type: its element.
    Array(FieldType),
}

/// A defined type: its structure and declared place in the subtype
/// hierarchy (GC's `sub`; 2.0's `func` is a final type without supertype).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SubType {
    /// No type may declare it as its supertype.
    pub is_final: bool,
    /// The declared supertype, a type index of the same module.
    pub supertype: Option<u32>,
    /// What the type is.
    pub composite: CompositeType,
}

impl SubType {
    /// A final function type without supertype (2.0's `(type (func ...))`).
    pub fn func(ty: FuncType) -> SubType {
        SubType { is_final: true, supertype: None, composite: CompositeType::Func(ty) }
    }

    /// The function type, if it is one.
    pub fn as_func(&self) -> Option<&FuncType> {
        match &self.composite {
            CompositeType::Func(f) => Some(f),
            _ => None,
        }
    }

    /// What kind of type it is.
    pub fn kind(&self) -> TypeKind {
        match self.composite {
            CompositeType::Func(_) => TypeKind::Func,
            CompositeType::Struct(_) => TypeKind::Struct,
            CompositeType::Array(_) => TypeKind::Array,
        }
    }

    /// `self` with every type index it holds (its supertype, the concrete
    /// heap types of its parameters, results and fields) mapped by `f`.
    pub fn map_concrete(&self, f: impl Fn(u32) -> u32) -> SubType {
        let val = |v: &ValType| v.map_concrete(&f);
        let field = |t: &FieldType| FieldType {
            storage: match t.storage {
                StorageType::Val(v) => StorageType::Val(val(&v)),
                packed => packed,
            },
            mutable: t.mutable,
        };
        SubType {
            is_final: self.is_final,
            supertype: self.supertype.map(&f),
            composite: match &self.composite {
                CompositeType::Func(ty) => CompositeType::Func(FuncType {
                    params: ty.params.iter().map(val).collect(),
                    results: ty.results.iter().map(val).collect(),
                }),
                CompositeType::Struct(fields) => CompositeType::Struct(fields.iter().map(field).collect()),
                CompositeType::Array(elem) => CompositeType::Array(field(elem)),
            },
        }
    }
}

/// One operation of a constant expression, evaluated on a small stack.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum ConstOp {
    /// Push an i32.
    I32(i32),
    /// Push an i64.
    I64(i64),
    /// Push an f32 (bits).
    F32(u32),
    /// Push an f64 (bits).
    F64(u64),
    /// Push a v128.
    V128(u128),
    /// Push the value of global N.
    GlobalGet(u32),
    /// Push a null reference.
    RefNull,
    /// Push a reference to function N.
    RefFunc(u32),
    /// `ref.i31`: the i32 on top becomes an `i31ref` (see
    /// [`crate::gc::i31_word`]).
    RefI31,
    /// `struct.new` of type N: its fields' values are on the stack.
    StructNew(u32),
    /// `struct.new_default` of type N.
    StructNewDefault(u32),
    /// `array.new` of type N: the initial value and the length.
    ArrayNew(u32),
    /// `array.new_default` of type N: the length.
    ArrayNewDefault(u32),
    /// `array.new_fixed` of type N with M elements (on the stack).
    ArrayNewFixed(u32, u32),
    /// Extended constant expressions.
    I32Add,
    /// `i32.sub`
    I32Sub,
    /// `i32.mul`
    I32Mul,
    /// `i64.add`
    I64Add,
    /// `i64.sub`
    I64Sub,
    /// `i64.mul`
    I64Mul,
}

/// A constant expression (global initializers, segment offsets, element
/// items).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConstExpr(pub Vec<ConstOp>);

/// Size limits of a memory (in pages) or table (in elements).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Initial size.
    pub min: u64,
    /// Maximum size, if any.
    pub max: Option<u64>,
}

/// A memory type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryType {
    /// Limits in pages.
    pub limits: Limits,
    /// 64-bit index type.
    pub memory64: bool,
    /// Shared (threads).
    pub shared: bool,
    /// log2 of the page size: 16 (64 KiB) unless the custom-page-sizes
    /// proposal chose 0 (one byte).
    pub page_size_log2: u8,
}

impl MemoryType {
    /// A memory of 64 KiB pages.
    pub const fn new(limits: Limits, memory64: bool) -> MemoryType {
        MemoryType { limits, memory64, shared: false, page_size_log2: 16 }
    }

    /// Bytes per page.
    pub const fn page_size(&self) -> u64 {
        1 << self.page_size_log2
    }

    /// The memory's plan: how code compiled for `requested` checks its
    /// accesses, and so how the runtime allocates it. The guard region only
    /// covers 32-bit indices, and only catches accesses past the end when
    /// the end is a multiple of the host page, so 64-bit memories and
    /// memories of one-byte pages are always checked explicitly. Compiler
    /// and runtime both ask this one function.
    pub const fn bounds_checks(&self, requested: BoundsChecks) -> BoundsChecks {
        if self.memory64 || self.page_size_log2 < 16 || usize::BITS < 64 {
            BoundsChecks::Explicit
        } else {
            requested
        }
    }

    /// The largest size in pages any memory of this index type and page
    /// size may reach here: 4 GiB for 32-bit indices, 2^48 bytes (the usual
    /// user address space) for 64-bit ones.
    pub const fn max_pages_supported(&self) -> u64 {
        let bytes_log2 = if self.memory64 { 48 } else { 32 };
        1 << (bytes_log2 - self.page_size_log2 as u32)
    }
}

/// A table type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableType {
    /// `FuncRef` or `ExternRef`.
    pub element: ValType,
    /// Limits in elements.
    pub limits: Limits,
    /// 64-bit index type (memory64 proposal).
    pub table64: bool,
}

/// A global type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlobalType {
    /// Value type.
    pub ty: ValType,
    /// Whether `global.set` is allowed.
    pub mutable: bool,
}

/// What an import provides.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum ImportKind {
    /// A function of the given module type index.
    Func(u32),
    /// A table.
    Table(TableType),
    /// A memory.
    Memory(MemoryType),
    /// A global.
    Global(GlobalType),
    /// An exception tag of the given module type index (its parameters are
    /// the payload).
    Tag(u32),
}

/// One import.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Import<'a> {
    /// Module name.
    pub module: &'a str,
    /// Field name.
    pub name: &'a str,
    /// What is imported.
    pub kind: ImportKind,
}

/// Which index space an export refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportKind {
    /// Function index.
    Func,
    /// Table index.
    Table,
    /// Memory index.
    Memory,
    /// Global index.
    Global,
    /// Tag index.
    Tag,
}

/// One export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Export<'a> {
    /// Export name.
    pub name: &'a str,
    /// Index space.
    pub kind: ExportKind,
    /// Index in that space.
    pub index: u32,
}

/// A defined table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Its type.
    pub ty: TableType,
    /// Initial value of every element (null when absent).
    pub init: Option<ConstExpr>,
}

/// A defined global.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Global {
    /// Its type.
    pub ty: GlobalType,
    /// Initial value.
    pub init: ConstExpr,
}

/// How a segment is applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SegmentMode {
    /// Only used by `memory.init` / `table.init`.
    Passive,
    /// Copied into memory/table `index` at `offset` during instantiation,
    /// then dropped.
    Active {
        /// Memory or table index.
        index: u32,
        /// Where it starts.
        offset: ConstExpr,
    },
    /// Declarative element segment: dropped at instantiation.
    Declared,
}

/// The items of an element segment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ElemItems {
    /// Function indices (the compact form clang and rustc emit).
    Funcs(Vec<u32>),
    /// Arbitrary constant expressions.
    Exprs(Vec<ConstExpr>),
}

/// An element segment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ElemSegment {
    /// How it is applied.
    pub mode: SegmentMode,
    /// `FuncRef` or `ExternRef`.
    pub element: ValType,
    /// Its items.
    pub items: ElemItems,
}

/// A data segment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DataSegment<'a> {
    /// How it is applied.
    pub mode: SegmentMode,
    /// Its bytes.
    pub bytes: &'a [u8],
}

/// A trapping instruction in a defined function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrapSite {
    /// Offset of the instruction from the function's entry.
    pub offset: u32,
    /// What it means.
    pub kind: TrapKind,
}

/// Code facts about one defined function.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FuncInfo {
    /// Length of its machine code in bytes.
    pub code_len: u32,
    /// Its trap sites, sorted by offset.
    pub traps: Vec<TrapSite>,
    /// Its calls that an exception handler covers, sorted by return offset.
    pub handlers: Vec<HandlerSite>,
    /// Its calls with GC references live across them, sorted by return
    /// offset.
    pub stack_maps: Vec<StackMapSite>,
}

/// A call (a GC safepoint) with GC references live across it: where they
/// lie in the calling frame, so that a collection finds and updates them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StackMapSite {
    /// Offset of the call's return address from the function's entry.
    pub ret_offset: u32,
    /// The frame pointer minus the stack pointer at the call.
    pub frame_size: u32,
    /// Byte offsets, from the stack pointer at the call, of the
    /// pointer-sized slots holding the live references.
    pub slots: Vec<u32>,
}

/// A call inside a `try_table` or `try`: when an exception unwinds to its
/// return address, execution resumes at the handler with the exception in
/// the first payload register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandlerSite {
    /// Offset of the call's return address from the function's entry.
    pub ret_offset: u32,
    /// Offset of the handler (landing pad) from the function's entry.
    pub handler_offset: u32,
    /// The stack pointer at the call is the frame pointer minus this.
    pub sp_offset: u32,
}

/// Bounds-check strategy the code was compiled with (the runtime must
/// allocate memories to match).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BoundsChecks {
    /// Reserve [`crate::GUARD_RESERVATION`] per memory; no checks in code;
    /// the base never moves.
    Guard,
    /// Explicit compare before each access; the base may move on grow.
    Explicit,
}

/// A directory granted to the guest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirGrant<'a> {
    /// Path on the host.
    pub host: &'a str,
    /// Path the guest sees.
    pub guest: &'a str,
}

impl<'a> DirGrant<'a> {
    /// Parses the `HOST[::GUEST]` syntax of `--dir` and `WASM2NATIVE_DIR`;
    /// the guest path defaults to the host's.
    pub fn parse(grant: &'a str) -> Self {
        match grant.split_once("::") {
            Some((host, guest)) => DirGrant { host, guest },
            None => DirGrant { host: grant, guest: grant },
        }
    }
}

/// Settings baked into an executable at compile time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuntimeConfig<'a> {
    /// The bounds-check strategy of the code.
    pub bounds_checks: BoundsChecks,
    /// Directories granted at compile time (`--dir`).
    #[serde(borrow)]
    pub dirs: Vec<DirGrant<'a>>,
    /// Environment variables granted at compile time (`--env`).
    #[serde(borrow)]
    pub env: Vec<(&'a str, &'a str)>,
    /// Pass the host environment through (`--inherit-env`).
    pub inherit_env: bool,
    /// Whether the person running the executable may add grants through
    /// `WASM2NATIVE_*` environment variables.
    pub runtime_grants: bool,
    /// Let the program use the host's network (`--inherit-network`:
    /// `wasi:sockets`, name lookup and `wasi:http` requests), as wasmtime's
    /// `-S inherit-network,allow-ip-name-lookup`.
    pub inherit_network: bool,
    /// CPU features the code uses, in `std::arch` detection names (`sse4.2`,
    /// `avx2`, `lse`, ...): the executable refuses to start without them.
    #[serde(borrow)]
    pub cpu_features: Vec<&'a str>,
    /// The most bytes the live GC objects may take (`--gc-heap-max`); 0:
    /// the runtime's default.
    pub gc_heap_max: u64,
}

impl Default for RuntimeConfig<'_> {
    /// Guard-page bounds checks, no grants, no CPU features required.
    fn default() -> Self {
        RuntimeConfig {
            bounds_checks: BoundsChecks::Guard,
            dirs: Vec::new(),
            env: Vec::new(),
            inherit_env: false,
            runtime_grants: false,
            inherit_network: false,
            cpu_features: Vec::new(),
            gc_heap_max: 0,
        }
    }
}

/// Everything about a module except its machine code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModuleMeta<'a> {
    /// Module name from the `name` section.
    pub name: Option<&'a str>,
    /// The type section: every defined type, in index order.
    pub types: Vec<SubType>,
    /// The type section's recursion groups: how many types each holds, in
    /// order (a type outside an explicit `rec` is a group of one).
    pub rec_groups: Vec<u32>,
    /// All imports, in order.
    #[serde(borrow)]
    pub imports: Vec<Import<'a>>,
    /// Type index of every function (imports first).
    pub func_types: Vec<u32>,
    /// Defined tables.
    pub tables: Vec<Table>,
    /// Defined memories.
    pub memories: Vec<MemoryType>,
    /// Defined globals.
    pub globals: Vec<Global>,
    /// Defined tags: the module type index of each (imports first in the
    /// tag index space, as `ImportKind::Tag`).
    pub tags: Vec<u32>,
    /// Exports.
    #[serde(borrow)]
    pub exports: Vec<Export<'a>>,
    /// The start function.
    pub start: Option<u32>,
    /// Element segments.
    pub elems: Vec<ElemSegment>,
    /// Data segments.
    #[serde(borrow)]
    pub data: Vec<DataSegment<'a>>,
    /// Function names from the `name` section, sorted by index.
    #[serde(borrow)]
    pub func_names: Vec<(u32, &'a str)>,
    /// Code lengths and trap sites of the defined functions: a
    /// [`crate::code_table::CodeTable`], read in place.
    #[serde(borrow)]
    pub code: &'a [u8],
    /// Settings baked in at compile time.
    #[serde(borrow)]
    pub config: RuntimeConfig<'a>,
    /// The initial-memory images the compiler made, at most one per defined
    /// memory, in memory order (their bytes are
    /// [`crate::ModuleDescriptor::memory_image`]).
    pub memory_images: Vec<MemoryImage>,
    /// Source files and lines of the defined functions' code (`-g`), for
    /// trap backtraces; empty without.
    #[serde(borrow)]
    pub source_lines: SourceLines<'a>,
}

/// Where the defined functions' code comes from in the module's sources
/// (compiled with `-g` from the module's DWARF): which file and line an
/// instruction of the native code belongs to, as trap backtraces show it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceLines<'a> {
    /// The source files, as the rows number them.
    #[serde(borrow)]
    pub files: Vec<&'a str>,
    /// Per defined function (none: no lines for any), rows of
    /// [`SourceLines::ROW`] bytes, read in place: native offset, file,
    /// line, column, each a little-endian `u32`, sorted by offset; a row
    /// covers the code up to the next. A function without lines has none.
    #[serde(borrow)]
    pub funcs: Vec<&'a [u8]>,
}

impl<'a> SourceLines<'a> {
    /// Bytes per row.
    pub const ROW: usize = 16;

    /// The rows `[offset, file, line, column]` (sorted by offset) as
    /// stored.
    pub fn encode(rows: &[[u32; 4]]) -> Vec<u8> {
        rows.iter().flatten().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// The file, line and column of the code at `offset` of defined
    /// function `defined`. Allocation-free (trap reports call it).
    pub fn at(&self, defined: u32, offset: u32) -> Option<(&'a str, u32, u32)> {
        let rows = *self.funcs.get(defined as usize)?;
        let field = |row: usize, i: usize| {
            let at = row * Self::ROW + i * 4;
            u32::from_le_bytes([rows[at], rows[at + 1], rows[at + 2], rows[at + 3]])
        };
        let n = rows.len() / Self::ROW;
        // The last row starting at or before `offset`.
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if field(mid, 0) <= offset {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let row = lo.checked_sub(1)?;
        let file = *self.files.get(field(row, 1) as usize)?;
        Some((file, field(row, 2), field(row, 3))).filter(|&(_, line, _)| line > 0)
    }
}

/// One memory's initial-memory image: the compiler merged the memory's
/// active data segments (when none can trap: all at constant offsets inside
/// their memories' initial sizes) into one block of `len` bytes, a multiple
/// of [`crate::MEMORY_IMAGE_ALIGN`], to be placed at `offset` (also a
/// multiple) before the (now empty) segments are applied. Its bytes start
/// `at` bytes into [`crate::ModuleDescriptor::memory_image`], where all the
/// module's images lie one after the other. The runtime maps it
/// copy-on-write from the executable where it can, or copies it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryImage {
    /// The memory (a defined memory's index in the memory index space).
    pub memory: u32,
    /// Byte offset in linear memory.
    pub offset: u64,
    /// Length in bytes.
    pub len: u64,
    /// Where its bytes start in the module's image data.
    pub at: u64,
}

/// Why metadata could not be read.
#[derive(Debug)]
pub struct DecodeError;

impl core::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("corrupt wasm2native module metadata")
    }
}

impl<'a> ModuleMeta<'a> {
    /// Serializes the metadata.
    pub fn encode(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("serializing to a Vec cannot fail")
    }

    /// Reads metadata written by [`ModuleMeta::encode`], borrowing strings
    /// and data bytes from `bytes`.
    pub fn decode(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        postcard::from_bytes(bytes).map_err(|_| DecodeError)
    }

    /// Function type `t`, if type `t` is one.
    pub fn func_type(&self, t: u32) -> Option<&FuncType> {
        self.types.get(t as usize)?.as_func()
    }

    /// Number of imported functions.
    pub fn num_imported_funcs(&self) -> usize {
        self.imports.iter().filter(|i| matches!(i.kind, ImportKind::Func(_))).count()
    }

    /// The layout of this module's `VMContext` (see [`crate::layout`]).
    pub fn vmctx_layout(&self) -> crate::layout::VMContextLayout {
        let imported = |f: fn(&ImportKind) -> bool| self.imports.iter().filter(|i| f(&i.kind)).count() as u32;
        let imported_memories = imported(|k| matches!(k, ImportKind::Memory(_)));
        let imported_globals = imported(|k| matches!(k, ImportKind::Global(_)));
        let imported_tables = imported(|k| matches!(k, ImportKind::Table(_)));
        let imported_tags = imported(|k| matches!(k, ImportKind::Tag(_)));
        crate::layout::VMContextLayout::new(crate::layout::VMContextShape {
            memories: imported_memories + self.memories.len() as u32,
            imported_memories,
            globals: imported_globals + self.globals.len() as u32,
            imported_globals,
            tables: imported_tables + self.tables.len() as u32,
            funcs: self.func_types.len() as u32,
            tags: imported_tags + self.tags.len() as u32,
        })
    }

    /// The code table of the defined functions.
    pub fn code_table(&self) -> Result<crate::code_table::CodeTable<'a>, DecodeError> {
        crate::code_table::CodeTable::parse(self.code)
    }

    /// The name of function `index`, if the `name` section gave one.
    pub fn func_name(&self, index: u32) -> Option<&'a str> {
        self.func_names
            .binary_search_by_key(&index, |(i, _)| *i)
            .ok()
            .map(|i| self.func_names[i].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn round_trip() {
        let data = [1u8, 2, 3];
        let code = crate::code_table::CodeTable::encode(&[FuncInfo {
            code_len: 10,
            traps: vec![TrapSite { offset: 3, kind: TrapKind::Unreachable }],
            handlers: vec![],
            stack_maps: vec![],
        }]);
        let lines = SourceLines::encode(&[[4, 0, 7, 2], [12, 0, 0, 0], [20, 0, 9, 0]]);
        let m = ModuleMeta {
            name: Some("m"),
            types: vec![SubType::func(FuncType { params: vec![ValType::I32], results: vec![] })],
            rec_groups: vec![1],
            imports: vec![Import { module: "a", name: "b", kind: ImportKind::Func(0) }],
            func_types: vec![0, 0],
            tables: vec![],
            memories: vec![MemoryType::new(Limits { min: 1, max: None }, false)],
            globals: vec![Global {
                ty: GlobalType { ty: ValType::I32, mutable: true },
                init: ConstExpr(vec![ConstOp::I32(7)]),
            }],
            tags: vec![],
            exports: vec![],
            start: None,
            elems: vec![],
            data: vec![DataSegment { mode: SegmentMode::Passive, bytes: &data }],
            func_names: vec![(1, "f")],
            code: &code,
            config: RuntimeConfig {
                bounds_checks: BoundsChecks::Guard,
                dirs: vec![],
                env: vec![],
                inherit_env: false,
                runtime_grants: true,
                inherit_network: false,
                cpu_features: vec!["sse4.2"],
                gc_heap_max: 1 << 30,
            },
            memory_images: vec![MemoryImage { memory: 0, offset: 65536, len: 131072, at: 0 }],
            source_lines: SourceLines { files: vec!["m.c"], funcs: vec![&lines] },
        };
        let bytes = m.encode();
        assert_eq!(ModuleMeta::decode(&bytes).unwrap(), m);
        assert_eq!(m.func_name(1), Some("f"));
        assert_eq!(m.num_imported_funcs(), 1);
        assert_eq!(m.code_table().unwrap().trap_at(0, 3), Some(TrapKind::Unreachable));
        let decoded = ModuleMeta::decode(&bytes).unwrap();
        assert_eq!(decoded.source_lines.at(0, 0), None, "before the first row");
        assert_eq!(decoded.source_lines.at(0, 4), Some(("m.c", 7, 2)));
        assert_eq!(decoded.source_lines.at(0, 11), Some(("m.c", 7, 2)));
        assert_eq!(decoded.source_lines.at(0, 12), None, "line 0: compiler-made code");
        assert_eq!(decoded.source_lines.at(0, 40), Some(("m.c", 9, 0)));
        assert_eq!(decoded.source_lines.at(1, 4), None, "a function without rows");
    }
}

/// How a component executable instantiates its core modules (see
/// [`crate::ComponentDescriptor`]): each instance's module and what each of
/// its imports is, the host calls, and the core function `wasi:cli/run`
/// lifts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComponentMeta {
    /// The core instances, in instantiation order.
    pub instances: Vec<ComponentInstanceMeta>,
    /// The calls into the host, by index (the descriptor's trampolines).
    pub host_calls: Vec<HostCall>,
    /// The resource types, by [`crate::canonical::ResourceId`].
    pub resources: Vec<ResourceMeta>,
    /// The function the component's `wasi:cli/run` lifts.
    pub run: Run,
}

/// How the component's `run` is called.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// The core function `run` lifts.
    pub core: CoreExport,
    /// For an `async` lift, the callback (`None` for a synchronous one).
    pub callback: Option<CoreExport>,
    /// The component type of `run` (WASI 0.2: `func() -> result`; 0.3:
    /// `async func() -> result`), by which `task.return` is lifted.
    pub ty: crate::canonical::FuncType,
    /// The function is a `wasi:http/handler`'s `handle` (`async
    /// func(request) -> result<response, error-code>`), called once per
    /// request the executable serves.
    pub service: bool,
}

/// The canonical options a lowering or built-in reads and writes guest
/// memory with.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CanonOptions {
    /// `(memory ...)`, if any.
    pub memory: Option<CoreExport>,
    /// `(realloc ...)`, if any.
    pub realloc: Option<CoreExport>,
    /// The string encoding.
    pub encoding: crate::canonical::StringEncoding,
}

/// A resource type of a component: the host's, or one a component of it
/// defines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceMeta {
    /// The host interface (empty for a component's own resource).
    pub interface: String,
    /// The type's name.
    pub name: String,
    /// For a component's own resource, the component instance that
    /// defines it: a `borrow` lowered into it is the representation, and
    /// its destructor runs there.
    pub owner: Option<u32>,
    /// The destructor, called with the representation when the last own
    /// handle is dropped.
    pub dtor: Option<CoreExport>,
}

/// One core instance of a component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentInstanceMeta {
    /// Index into the descriptor's modules.
    pub module: u32,
    /// The component instance it belongs to (whose handle table its
    /// canonical built-ins and lowerings use).
    pub scope: u32,
    /// Per import of the module, in order: what it is bound to.
    pub imports: Vec<Binding>,
}

/// What a core import of a component is bound to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Binding {
    /// An earlier instance's export.
    Export(CoreExport),
    /// Host call `n` (index into [`ComponentMeta::host_calls`]).
    Host(u32),
}

/// A call from a component into its host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HostCall {
    /// The core signature the trampoline has.
    pub core: FuncType,
    /// What the call does.
    pub kind: HostCallKind,
}

/// What a host call does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum HostCallKind {
    /// Function `name` of interface `interface`, lowered.
    Lower {
        /// The interface (`wasi:cli/stdout@0.2.6`).
        interface: String,
        /// The function (`get-stdout`).
        name: String,
        /// Its component type.
        ty: crate::canonical::FuncType,
        /// The lowering's options.
        options: CanonOptions,
        /// Whether the lowering is `async` (the call returns a subtask
        /// state, its results go to a pointer).
        asynchronous: bool,
    },
    /// A built-in of the async ABI, with its options.
    Builtin {
        /// Which one.
        builtin: crate::canonical::tasks::Builtin,
        /// Its options (the memory of `stream.read`, ...).
        options: CanonOptions,
    },
    /// `resource.new`, `resource.rep` or `resource.drop` of `resource`.
    Resource {
        /// Which one.
        op: ResourceOp,
        /// The resource type.
        resource: crate::canonical::ResourceId,
    },
    /// A call into a function another component of the composition
    /// lifts (a fused adapter, run by the runtime): the arguments lifted
    /// out of the caller and lowered into the callee, the result back.
    Adapter {
        /// The function's component type.
        ty: crate::canonical::FuncType,
        /// The caller's lowering options.
        caller: CanonOptions,
        /// The lifted core function.
        callee: CoreExport,
        /// The lift's options.
        options: CanonOptions,
        /// The lift's `post-return`.
        post_return: Option<CoreExport>,
        /// The component instance the callee belongs to.
        scope: u32,
    },
    /// A function of a host interface the user's `--link` code implements
    /// as C symbol `symbol`: the glue's trampoline calls it directly, so
    /// the runtime never sees the call.
    Linked {
        /// The C symbol.
        symbol: String,
    },
}

/// The resource built-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResourceOp {
    /// `resource.new`.
    New,
    /// `resource.drop`.
    Drop,
    /// `resource.rep`.
    Rep,
}

impl ResourceOp {
    /// The built-in's name (`resource.new`).
    pub fn name(self) -> &'static str {
        match self {
            ResourceOp::New => "resource.new",
            ResourceOp::Drop => "resource.drop",
            ResourceOp::Rep => "resource.rep",
        }
    }
}

/// Export `name` of core instance `instance`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoreExport {
    /// The instance (an earlier one).
    pub instance: u32,
    /// The export.
    pub name: String,
}

impl ComponentMeta {
    /// Serializes with postcard.
    pub fn encode(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("serializing to a Vec cannot fail")
    }

    /// Deserializes what [`ComponentMeta::encode`] wrote.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        postcard::from_bytes(bytes).map_err(|_| DecodeError)
    }
}
