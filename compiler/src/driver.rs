//! The whole job behind `compile` and `run`: wasm → object → executable,
//! and the cache `run` keeps.

use std::path::{Path, PathBuf};

use crate::error::{CompileError, Result};
use crate::hash::Hash128;
use crate::host_imports;
use crate::link::{self, LibraryKind, LinkOptions};
use crate::options::CompileOptions;
use crate::runtime_lib;

/// What `compile` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Emit {
    /// A linked executable.
    Exe,
    /// The object file alone.
    Obj,
    /// A static library (`--emit staticlib`).
    StaticLib,
    /// A shared library (`--emit sharedlib`).
    SharedLib,
}

impl Emit {
    /// The library kind, for the library products.
    fn library(self) -> Option<LibraryKind> {
        match self {
            Emit::StaticLib => Some(LibraryKind::Static),
            Emit::SharedLib => Some(LibraryKind::Shared),
            Emit::Exe | Emit::Obj => None,
        }
    }
}

/// Compiles `wasm` and writes `output` (an executable, object or library;
/// a library needs `opts.library`, its C name prefix).
pub fn build(wasm: &[u8], output: &Path, opts: &CompileOptions, emit: Emit, link: &LinkOptions) -> Result<()> {
    // Fail on a bad target or a missing runtime before spending time on
    // code generation.
    crate::isa::check_target(&opts.target)?;
    if emit != Emit::Obj {
        runtime_lib::extract(&opts.target)?;
    }
    let library_name = match (emit.library(), &opts.library) {
        (Some(_), Some(name)) => Some(name.clone()),
        (Some(_), None) => return Err(CompileError::Options("a library needs a name (--name)".into())),
        (None, _) => None,
    };
    let scratch = tempfile::Builder::new()
        .prefix("wasm2native-")
        .tempdir()
        .map_err(|e| CompileError::io("cannot create a temporary directory", e))?;
    let host_code = host_imports::prepare_inputs(&link.inputs, &opts.target, scratch.path())?;
    let opts = CompileOptions {
        host_symbols: host_imports::defined_symbols(&host_code)?,
        allow_unresolved: opts.allow_unresolved || emit == Emit::Obj,
        executable: opts.executable && emit.library().is_none(),
        library: library_name.clone(),
        ..opts.clone()
    };
    // Debug info is kept at link time exactly when the code has it.
    let link = &LinkOptions { debug_info: opts.debug_info, ..link.clone() };
    let write = |path: &Path, bytes: &[u8]| {
        std::fs::write(path, bytes).map_err(|e| CompileError::io(format!("cannot write {}", path.display()), e))
    };
    if crate::component::is_component(wasm) {
        if emit != Emit::Exe {
            return Err(crate::component::refuse(wasm, opts.wasm));
        }
        let mut objects = Vec::new();
        for (n, object) in crate::component::executable::objects(wasm, &opts)?.into_iter().enumerate() {
            let path = scratch.path().join(format!("component{n}.o"));
            write(&path, &object)?;
            objects.push(path);
        }
        objects.extend(host_code);
        return link::link_executable(&opts.target, &objects, output, link);
    }
    let object = crate::compile_to_object(wasm, &opts)?;
    if emit == Emit::Obj {
        return write(output, &object);
    }
    let obj_path = scratch.path().join("module.o");
    write(&obj_path, &object)?;
    let mut objects = vec![obj_path];
    objects.extend(host_code);
    match (emit.library(), library_name) {
        (Some(kind), Some(name)) => link::link_library(&opts.target, kind, &name, &objects, output, link),
        _ => link::link_executable(&opts.target, &objects, output, link),
    }
}

/// The cache key of a `run`: the compiler, the module and every option
/// that changes the executable.
pub fn cache_key(wasm: &[u8], opts: &CompileOptions, link: &LinkOptions) -> Result<String> {
    let mut h = Hash128::default();
    h.update(env!("CARGO_PKG_VERSION").as_bytes())
        .update(runtime_lib::embedded(&opts.target).unwrap_or_default())
        .update(wasm)
        .update(format!("{:?}", CompileOptions { progress: false, ..opts.clone() }).as_bytes())
        .update(format!("{:?} strip={}", link.linker, link.strip).as_bytes());
    for input in &link.inputs {
        let bytes = std::fs::read(input).map_err(|e| CompileError::io(format!("cannot read {}", input.display()), e))?;
        h.update(&bytes);
    }
    Ok(h.hex())
}

/// Returns the cached executable for `wasm` with `opts`, building it on the
/// first call.
pub fn cached_executable(wasm: &[u8], opts: &CompileOptions, link: &LinkOptions) -> Result<PathBuf> {
    let key = cache_key(wasm, opts, link)?;
    let dir = runtime_lib::cache_dir().join("run");
    let exe = dir.join(&key);
    if exe.exists() {
        return Ok(exe);
    }
    std::fs::create_dir_all(&dir).map_err(|e| CompileError::io(format!("cannot create {}", dir.display()), e))?;
    let tmp = dir.join(format!(".tmp-{}-{key}", std::process::id()));
    build(wasm, &tmp, opts, Emit::Exe, link)?;
    std::fs::rename(&tmp, &exe).map_err(|e| CompileError::io(format!("cannot write {}", exe.display()), e))?;
    Ok(exe)
}

/// The C header of library `name` of `wasm` (`source` names the module in
/// its comments), for `wasm2native header`: the C API, the library's
/// functions and the host functions it imports.
pub fn header(wasm: &[u8], name: &str, source: &str) -> Result<String> {
    let info = crate::module_info::parse(wasm, Default::default())?;
    let iface = crate::library::Interface::of(&info, name)?;
    crate::library::header::header(&info, &iface, source)
}
