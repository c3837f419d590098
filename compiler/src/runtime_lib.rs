//! The runtime library (`runtime-lib` built as a staticlib) travels inside
//! the compiler binary; linking writes it once into a cache directory.

use std::path::PathBuf;

use target_lexicon::Triple;

use crate::error::{CompileError, Result};
use crate::hash::Hash128;

// `RUNTIMES`: the runtime libraries `build.rs` built, per target.
include!(concat!(env!("OUT_DIR"), "/runtimes.rs"));

/// The triple the compiler itself was built for.
pub const HOST_TRIPLE: &str = env!("WASM2NATIVE_HOST_TRIPLE");

/// The embedded runtime for `target`, if this compiler carries one.
pub fn embedded(target: &Triple) -> Option<&'static [u8]> {
    let name = target.to_string();
    RUNTIMES.iter().find(|(t, _)| *t == name).map(|(_, bytes)| *bytes)
}

/// Where wasm2native keeps its caches: `$WASM2NATIVE_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/wasm2native`, else `~/.cache/wasm2native`, else the
/// temporary directory.
pub fn cache_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("WASM2NATIVE_CACHE_DIR") {
        return PathBuf::from(d);
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME") {
        return PathBuf::from(d).join("wasm2native");
    }
    if let Some(h) = std::env::var_os("HOME") {
        return PathBuf::from(h).join(".cache").join("wasm2native");
    }
    std::env::temp_dir().join("wasm2native")
}

/// Writes the runtime for `target` to the cache (once per content) and
/// returns its path.
pub fn extract(target: &Triple) -> Result<PathBuf> {
    let bytes = embedded(target).ok_or_else(|| {
        let have: Vec<&str> = RUNTIMES.iter().map(|(t, _)| *t).collect();
        let fix = if crate::targets::lookup(target).is_ok_and(|t| t.linker != crate::targets::Linker::ObjectOnly) {
            format!("run `rustup target add {target}` and reinstall wasm2native (`cargo install --path compiler`)")
        } else {
            "only object files can be produced for it: use `--emit obj`".to_string()
        };
        CompileError::Target(format!(
            "this wasm2native carries no runtime library for target `{target}` (it has: {}); {fix}",
            have.join(", ")
        ))
    })?;
    let key = Hash128::default().update(bytes).hex();
    let dir = cache_dir().join("runtime");
    let path = dir.join(format!("libwasm2native_runtime-{target}-{key}.a"));
    if path.exists() {
        return Ok(path);
    }
    std::fs::create_dir_all(&dir).map_err(|e| CompileError::io(format!("cannot create {}", dir.display()), e))?;
    // Write under a unique name, then rename: concurrent compilers never
    // see a half-written library.
    let tmp = dir.join(format!(".tmp-{}-{key}.a", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| CompileError::io(format!("cannot write {}", tmp.display()), e))?;
    std::fs::rename(&tmp, &path).map_err(|e| CompileError::io(format!("cannot write {}", path.display()), e))?;
    Ok(path)
}
