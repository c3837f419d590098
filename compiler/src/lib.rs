//! wasm2native: an ahead-of-time compiler from WebAssembly to native
//! executables.
//!
//! The data flow (DESIGN.md), one module per arrow:
//!
//! ```text
//! bytes ──module_info::parse──▶ ModuleInfo ──translate (per function)──▶ Cranelift IR
//!       ──codegen (parallel)──▶ CompiledFunction ──emit──▶ object file ──link──▶ executable
//! ```
//!
//! In library mode ([`library`]) the object also carries the module's C
//! functions, and linking makes a static or shared library instead.

#![deny(missing_docs)]

pub mod codegen;
pub mod compare;
pub mod debug_info;
pub mod component;
pub mod driver;
pub mod emit;
pub mod error;
pub mod host_imports;
pub mod inlining;
mod hash;
pub mod isa;
pub mod library;
pub mod link;
pub mod memory_image;
pub mod module_info;
pub mod names;
pub mod options;
pub mod progress;
pub mod runtime_lib;
pub mod targets;
pub mod translate;
mod trampolines;
mod trap_codes;

pub use error::{CompileError, Result};
pub use options::{CompileOptions, WasmVersion};

use std::path::Path;

/// Reads a `.wasm` or `.wat` file into binary wasm.
pub fn read_input(path: &Path) -> Result<Vec<u8>> {
    let bytes = std::fs::read(path).map_err(|err| CompileError::Read { path: path.to_path_buf(), err })?;
    wasm_from_bytes(&bytes, path)
}

/// Binary wasm is passed through; anything else is parsed as text.
pub fn wasm_from_bytes(bytes: &[u8], path: &Path) -> Result<Vec<u8>> {
    if bytes.starts_with(b"\0asm") {
        return Ok(bytes.to_vec());
    }
    wat::parse_bytes(bytes).map(|c| c.into_owned()).map_err(|mut e| {
        e.set_path(path);
        CompileError::Malformed(format!("{path} is neither binary WebAssembly nor valid text format:\n{e}", path = path.display()))
    })
}

/// Compiles binary wasm to an object file.
pub fn compile_to_object(wasm: &[u8], opts: &CompileOptions) -> Result<Vec<u8>> {
    let compile = || {
        let info = module_info::parse(wasm, opts.wasm)?;
        let isa = isa::build(opts)?;
        emit::emit_object(&info, opts, isa)
    };
    compile().map_err(|e| module_info::explain_invalid(wasm, e))
}

#[cfg(test)]
mod tests {
    use rayon::prelude::*;

    /// Embedders (the spec harness) compile many modules in parallel; each
    /// compilation must then run on the caller's pool, not nest another.
    #[test]
    fn compiles_inside_a_rayon_pool() {
        let opts = crate::CompileOptions { executable: false, ..Default::default() };
        let objects: Vec<usize> = (0..300)
            .into_par_iter()
            .map(|i| {
                let wat = format!("(module (func (export \"f\") (result i32) i32.const {i}) (func) (func) (func))");
                let wasm = wat::parse_str(wat).unwrap();
                crate::compile_to_object(&wasm, &opts).unwrap().len()
            })
            .collect();
        assert!(objects.iter().all(|n| *n > 0));
    }
}
