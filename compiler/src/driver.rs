//! The whole job behind `compile` and `run`: wasm → object → executable,
//! and the cache `run` keeps.

use std::path::{Path, PathBuf};

use crate::error::{CompileError, Result};
use crate::hash::Hash128;
use crate::link::{self, LinkOptions};
use crate::options::CompileOptions;
use crate::runtime_lib;

/// What `compile` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Emit {
    /// A linked executable.
    Exe,
    /// The object file alone.
    Obj,
}

/// Compiles `wasm` and writes `output` (an executable or object).
pub fn build(wasm: &[u8], output: &Path, opts: &CompileOptions, emit: Emit, linker: Option<PathBuf>) -> Result<()> {
    if emit == Emit::Exe && !opts.executable {
        return Err(CompileError::Options("an executable needs executable mode".into()));
    }
    // Fail on a bad target or a missing runtime before spending time on
    // code generation.
    crate::isa::check_target(&opts.target)?;
    if emit == Emit::Exe {
        runtime_lib::extract(&opts.target)?;
    }
    let object = if emit == Emit::Obj {
        crate::compile_to_object(wasm, &CompileOptions { allow_unresolved: true, ..opts.clone() })?
    } else {
        crate::compile_to_object(wasm, opts)?
    };
    match emit {
        Emit::Obj => std::fs::write(output, &object)
            .map_err(|e| CompileError::io(format!("cannot write {}", output.display()), e)),
        Emit::Exe => {
            let tmp = tempfile::Builder::new()
                .prefix("wasm2native-")
                .tempdir()
                .map_err(|e| CompileError::io("cannot create a temporary directory", e))?;
            let obj_path = tmp.path().join("module.o");
            std::fs::write(&obj_path, &object)
                .map_err(|e| CompileError::io(format!("cannot write {}", obj_path.display()), e))?;
            link::link_executable(&obj_path, output, &LinkOptions { target: opts.target.clone(), linker })
        }
    }
}

/// The cache key of a `run`: the compiler, the module and every option
/// that changes the executable.
pub fn cache_key(wasm: &[u8], opts: &CompileOptions, linker: Option<&Path>) -> String {
    let mut h = Hash128::default();
    h.update(env!("CARGO_PKG_VERSION").as_bytes())
        .update(runtime_lib::embedded(&opts.target).unwrap_or_default())
        .update(wasm)
        .update(format!("{opts:?}").as_bytes())
        .update(format!("{linker:?}").as_bytes());
    h.hex()
}

/// Returns the cached executable for `wasm` with `opts`, building it on the
/// first call.
pub fn cached_executable(wasm: &[u8], opts: &CompileOptions, linker: Option<PathBuf>) -> Result<PathBuf> {
    let key = cache_key(wasm, opts, linker.as_deref());
    let dir = runtime_lib::cache_dir().join("run");
    let exe = dir.join(&key);
    if exe.exists() {
        return Ok(exe);
    }
    std::fs::create_dir_all(&dir).map_err(|e| CompileError::io(format!("cannot create {}", dir.display()), e))?;
    let tmp = dir.join(format!(".tmp-{}-{key}", std::process::id()));
    build(wasm, &tmp, opts, Emit::Exe, linker)?;
    std::fs::rename(&tmp, &exe).map_err(|e| CompileError::io(format!("cannot write {}", exe.display()), e))?;
    Ok(exe)
}
