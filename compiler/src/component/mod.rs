//! Components (the component model, WASI 0.2 and 0.3), recognized by their
//! header and resolved statically:
//!
//! ```text
//! bytes ──validate──▶ ──parse::parse──▶ Tree ──resolve::resolve──▶ Plan ──executable::objects──▶ objects
//!                                    (types: canonical function types, signatures checked)
//! ```
//!
//! A component's instantiation graph is fixed by its binary, so the
//! [`Plan`] says which core modules are instantiated in which order, what
//! each of their imports is bound to (another instance's export, a lowered
//! host function, a canonical built-in) and what the component exports.
//! The core modules are ordinary modules for the rest of the compiler.
//!
//! The resolver is ours rather than `wasmtime-environ`'s component
//! translator: that crate's released versions pin an older `wasmparser`
//! than the one this compiler validates with, and bring wasmtime's own
//! module environment, which duplicates `module_info`; the graph itself
//! is a small static evaluation (`resolve.rs`).
//!
//! The canonical ABI's layouts, value lifting and lowering and handle
//! tables are in `wasm2native_abi::canonical`; [`types`] derives every
//! lowered and lifted function's type and checks our core signatures
//! against the core modules'.
//!
//! A component that needs nothing from its host compiles to an executable
//! ([`executable`]): each instantiated core module compiled as usual with a
//! prefix of its own, the plan serialized beside them, and the runtime
//! (`runtime-lib/src/component.rs`) instantiating it in order and calling
//! the lifted `run`.
//!
//! Not done yet, in this order: host calls (per lowered function or
//! built-in a small wasm-convention trampoline that spills its flat
//! arguments and calls one runtime entry with the call's index; each host
//! call's function type, options and resource numbering in the serialized
//! plan; the runtime implementing `canonical::values::Guest` over the
//! options' memory and realloc and the instance's handle table), the WASI
//! 0.2 host interfaces in `wasi-shim` over the same capability core as
//! preview 1, then the async ABI and WASI 0.3. Until then a component that
//! needs anything is refused at compile time with what it needs from its
//! host, by WIT name, and what it exports ([`refuse`]).

pub mod executable;
pub mod parse;
pub mod plan;
pub mod resolve;
pub mod types;

use wasmparser::{Validator, WasmFeatures};

use crate::error::{CompileError, Result};
pub use plan::Plan;

/// Whether `bytes` start with a component's header (layer 1) rather than a
/// core module's.
pub fn is_component(bytes: &[u8]) -> bool {
    bytes.len() >= 8 && bytes.starts_with(b"\0asm") && bytes[6..8] == [1, 0]
}

/// The features components are validated with: the core features of
/// `version` plus the component model with its async ABI.
fn features(version: crate::options::WasmVersion) -> WasmFeatures {
    crate::module_info::features(version)
        | WasmFeatures::COMPONENT_MODEL
        | WasmFeatures::CM_ASYNC
        | WasmFeatures::CM_MORE_ASYNC_BUILTINS
        | WasmFeatures::CM_ERROR_CONTEXT
        | WasmFeatures::CM_NESTED_NAMES
        // Validated so that components of GC languages are recognized; the
        // resolver refuses the GC canonical ABI itself.
        | WasmFeatures::CM_GC
}

/// Validates and resolves the component `bytes`.
pub fn plan(bytes: &[u8], version: crate::options::WasmVersion) -> Result<Plan<'_>> {
    let validated = Validator::new_with_features(features(version)).validate_all(bytes).map_err(CompileError::invalid)?;
    let plan = resolve::resolve(&parse::parse(bytes)?)?;
    types::check_signatures(&plan, &mut types::TypeMap::new(&validated, &plan.imports))?;
    Ok(plan)
}

/// The compile-time error for a component: invalid, or valid and resolved
/// but needing host interfaces this compiler does not provide yet (which
/// it lists, with what the component exports).
pub fn refuse(bytes: &[u8], version: crate::options::WasmVersion) -> CompileError {
    let plan = match plan(bytes, version) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let mut msg = format!(
        "this is a WebAssembly component ({} core modules, {} core instances), not a core module: wasm2native \
         resolves components but does not provide the component-model host interfaces (WASI 0.2/0.3) yet; \
         build the program as a core module for WASI preview 1 (e.g. Rust's `wasm32-wasip1` target) instead.",
        plan.modules.len(),
        plan.instances.len()
    );
    let needs = plan.needs();
    if !needs.is_empty() {
        msg += "\nIt needs from its host:";
        for (interface, items) in &needs {
            let interface = if interface.is_empty() { "canonical built-ins" } else { interface };
            msg += &format!("\n  {interface}: {}", items.join(", "));
        }
    }
    let exports = plan.describe_exports();
    if !exports.is_empty() {
        msg += "\nIt exports:";
        for e in exports {
            msg += &format!("\n  {e}");
        }
    }
    CompileError::Component(msg)
}

#[cfg(test)]
mod tests;
