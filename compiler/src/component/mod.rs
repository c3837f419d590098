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
//! A component compiles to an executable ([`executable`]): each
//! instantiated core module compiled as usual with a prefix of its own,
//! a trampoline per host call, the plan serialized beside them, and the
//! runtime (`runtime-lib/src/component/`) instantiating it in order,
//! running host calls through the canonical ABI and the WASI 0.2 and 0.3
//! hosts (`wasi-shim/src/p2/`, `p3/`), calls between the components of a
//! composition (`adapter.rs`), and calling the lifted `run` (or serving
//! `handle`).
//!
//! The resolver gives every lifted function its component type from the
//! defining component's own type definitions ([`plan::TypeDef`]), so that
//! calls between components are typed without the validator's per-
//! component type information; the host's functions are typed from the
//! root's imports by the validator ([`types`]).
//!
//! Not done yet: `async` calls between components, calls between them
//! passing a host interface's records or variants by value, the GC
//! canonical ABI. A component that needs any of these, or a host
//! function we do not provide, is refused at compile time with what is
//! missing, by WIT name, and what it exports.

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
    plan_and_types(bytes, version).map(|(plan, _)| plan)
}

/// [`plan`], with the validator's type information.
pub fn plan_and_types(bytes: &[u8], version: crate::options::WasmVersion) -> Result<(Plan<'_>, wasmparser::types::Types)> {
    let validated = Validator::new_with_features(features(version)).validate_all(bytes).map_err(CompileError::invalid)?;
    let plan = resolve::resolve(&parse::parse(bytes)?)?;
    types::check_signatures(&plan, &mut types::TypeMap::new(&validated, &plan))?;
    Ok((plan, validated))
}

/// The error for a component where a core module is expected (objects,
/// libraries, headers): invalid, or valid and resolved, with what it needs
/// from its host and what it exports.
pub fn refuse(bytes: &[u8], version: crate::options::WasmVersion) -> CompileError {
    let plan = match plan(bytes, version) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let mut msg = format!(
        "this is a WebAssembly component ({} core modules, {} core instances), not a core module: it compiles \
         to an executable only (`wasm2native compile app.wasm -o app`), not to an object, a library or a header.",
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
