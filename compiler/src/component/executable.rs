//! A component as an executable: each core module it instantiates is
//! compiled by the normal path (with a symbol prefix of its own, its
//! imports left to instantiation), and a glue object carries the
//! [`ComponentMeta`] (which instance imports what from which) and a
//! `main` that hands both to the runtime, which instantiates the plan in
//! order and calls the function `wasi:cli/run` lifts.
//!
//! So far only components that need nothing from their host: a component
//! that lowers host functions or uses canonical built-ins is refused with
//! the list of what it needs ([`super::refuse`]).

use std::collections::BTreeMap;

use wasm2native_abi::meta::{ComponentInstanceMeta, ComponentMeta, CoreExport};

use super::plan::{CompFunc, CompInstance, CompItem, CoreItem, Plan};
use crate::error::{CompileError, Result};
use crate::options::CompileOptions;

/// The export a command's `run` is under, without its version.
const RUN_INTERFACE: &str = "wasi:cli/run@0.2";

/// The core export `run` lifts, if the component exports `wasi:cli/run`.
fn run_export<'a>(plan: &Plan<'a>) -> Option<(usize, &'a str, bool)> {
    plan.exports.iter().find_map(|(name, item)| match item {
        CompItem::Instance(CompInstance::Items(items)) if name.starts_with(RUN_INTERFACE) => {
            items.iter().find_map(|(n, i)| match i {
                CompItem::Func(CompFunc::Lifted { core: CoreItem::Export { instance, name }, options }) if *n == "run" => {
                    Some((*instance, *name, options.asynchronous || options.post_return.is_some()))
                }
                _ => None,
            })
        }
        _ => None,
    })
}

/// The objects of the executable of component `wasm`: one per core module
/// it instantiates, then the glue.
pub fn objects(wasm: &[u8], opts: &CompileOptions) -> Result<Vec<Vec<u8>>> {
    let plan = super::plan(wasm, opts.wasm)?;
    if !plan.needs().is_empty() {
        return Err(super::refuse(wasm, opts.wasm));
    }
    let Some((run_instance, run_name, unusual)) = run_export(&plan) else {
        return Err(CompileError::Component(format!(
            "the component exports no `{RUN_INTERFACE}.x` with a `run` function, so it is not a command; it exports:\n  {}",
            plan.describe_exports().join("\n  ")
        )));
    };
    if unusual {
        return Err(CompileError::Unsupported("component: an async or post-return `run`".into()));
    }
    // Each module the plan instantiates, in index order, as the
    // descriptor's module `n`.
    let mut position = BTreeMap::new();
    for i in &plan.instances {
        let n = position.len();
        position.entry(i.module).or_insert(n);
    }
    let mut objects = Vec::new();
    let mut symbols = Vec::new();
    let mut order: Vec<(usize, usize)> = position.iter().map(|(&m, &n)| (n, m)).collect();
    order.sort();
    for (_, m) in order {
        let prefix = format!("c{m}_");
        let module_opts = CompileOptions {
            symbol_prefix: prefix.clone(),
            executable: false,
            library: None,
            allow_unresolved: true,
            ..opts.clone()
        };
        objects.push(crate::compile_to_object(plan.modules[m], &module_opts)?);
        symbols.push(format!("{prefix}module"));
    }
    let instances = plan
        .instances
        .iter()
        .map(|i| {
            let imports = i
                .imports
                .iter()
                .map(|item| match item {
                    CoreItem::Export { instance, name } => Ok(CoreExport { instance: *instance as u32, name: name.to_string() }),
                    // `needs()` is empty: nothing is lowered or built in.
                    other => Err(CompileError::Unsupported(format!("component: import bound to {other:?}"))),
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(ComponentInstanceMeta { module: position[&i.module] as u32, imports })
        })
        .collect::<Result<Vec<_>>>()?;
    let meta = ComponentMeta { instances, run: CoreExport { instance: run_instance as u32, name: run_name.to_string() } };
    objects.push(crate::emit::emit_component_glue(opts, &symbols, meta.encode())?);
    Ok(objects)
}
