//! A component as an executable: each core module it instantiates is
//! compiled by the normal path (with a symbol prefix of its own, its
//! imports left to instantiation), and a glue object carries the
//! [`ComponentMeta`] (which instance imports what from which) and a
//! `main` that hands both to the runtime, which instantiates the plan in
//! order and calls the function `wasi:cli/run` lifts.
//!
//! Imports bound to the host (lowered WASI 0.2 functions, `resource.drop`
//! of host resources) become *host calls*: the glue has a trampoline per
//! call, which the runtime binds to the import. A component needing
//! anything the host does not provide
//! ([`wasm2native_abi::wasi_p2::PROVIDED`]) is refused with the list of
//! what is missing, by WIT name.

use std::collections::BTreeMap;

use wasm2native_abi::canonical::Context;
use wasm2native_abi::canonical::ResourceId;
use wasm2native_abi::meta::{
    self, Binding, CanonOptions, ComponentInstanceMeta, ComponentMeta, CoreExport, HostCall, HostCallKind, ResourceMeta,
};
use wasm2native_abi::wasi_p2::provides;

use super::plan::{Builtin, CompFunc, CompInstance, CompItem, CoreItem, Plan, Resource, ResourceOp};
use super::types::TypeMap;
use crate::error::{CompileError, Result};
use crate::options::CompileOptions;

/// The entry points the executable can call, in order of preference:
/// `(interface without version, function, a service)`. A `wasi:http`
/// handler makes a service (as `wasmtime serve` runs it; components built
/// for it also export a `run` stub); then a command's `run`, WASI 0.3's
/// when there are both (as wasmtime).
const ENTRY_POINTS: [(&str, &str, bool); 3] =
    [("wasi:http/handler@0.3", "handle", true), ("wasi:cli/run@0.3", "run", false), ("wasi:cli/run@0.2", "run", false)];

/// What the executable calls: the export it is under, the function's name,
/// the core function it lifts with the lift's options, and whether it is a
/// service.
type EntryPoint<'p, 'a> = (&'a str, &'static str, &'p CoreItem<'a>, &'p super::plan::Options<'a>, bool);

/// The entry point of the component, if it exports one.
fn entry_point<'p, 'a>(plan: &'p Plan<'a>) -> Option<EntryPoint<'p, 'a>> {
    ENTRY_POINTS.iter().find_map(|&(prefix, func, service)| {
        plan.exports.iter().find_map(|(name, item)| match item {
            CompItem::Instance(CompInstance::Items(items)) if name.starts_with(prefix) => {
                items.iter().find_map(|(n, i)| match i {
                    CompItem::Func(CompFunc::Lifted { core, options, .. }) if *n == func => Some((*name, func, core, options, service)),
                    _ => None,
                })
            }
            _ => None,
        })
    })
}

/// The canonical options of a lowering or built-in, as the runtime needs
/// them.
fn canon_options(o: &super::plan::Options<'_>) -> Result<CanonOptions> {
    Ok(CanonOptions { memory: export_of(&o.memory)?, realloc: export_of(&o.realloc)?, encoding: o.encoding })
}

/// The core export `item` (`what`) is: all a lifted function, a
/// callback, a post-return or a destructor can be.
fn core_export(item: &CoreItem<'_>, what: &str) -> Result<CoreExport> {
    match item {
        CoreItem::Export { instance, name } => Ok(CoreExport { instance: *instance as u32, name: name.to_string() }),
        other => Err(CompileError::Unsupported(format!("component: {what} bound to {other:?}, not a core export"))),
    }
}

/// Whether lifting and lowering `ty` is the identity on its flat values
/// (integers of 32 and 64 bits and floats, a result of at most one): a
/// function of this type can be implemented by C code as it is.
fn passes_through(ty: &wasm2native_abi::canonical::FuncType) -> bool {
    ty.params.len() <= wasm2native_abi::canonical::MAX_FLAT_PARAMS
        && ty.params.iter().all(|(_, t)| t.passes_flat())
        && ty.result.iter().all(|t| t.passes_flat())
}

/// A host call of core signature `sig` doing `kind`.
fn host_call(sig: wasm2native_abi::canonical::CoreSignature, kind: HostCallKind) -> HostCall {
    HostCall { core: meta::FuncType { params: sig.params, results: sig.results }, kind }
}

/// An option's core item as an export of an instance, which is all a
/// lowering's memory and realloc can be.
fn export_of(item: &Option<CoreItem<'_>>) -> Result<Option<CoreExport>> {
    match item {
        None => Ok(None),
        Some(CoreItem::Export { instance, name }) => Ok(Some(CoreExport { instance: *instance as u32, name: name.to_string() })),
        Some(other) => Err(CompileError::Unsupported(format!("component: a canonical option bound to {other:?}"))),
    }
}

/// The host calls of a plan, and each import's binding.
struct HostCalls {
    calls: Vec<HostCall>,
    /// Host call of each lowering / host resource, once made.
    by_item: BTreeMap<String, u32>,
    /// What the host does not provide, by interface.
    missing: BTreeMap<String, Vec<String>>,
}

impl HostCalls {
    fn missing(&mut self, interface: &str, what: String) {
        let list = self.missing.entry(if interface.is_empty() { "canonical built-ins".into() } else { interface.to_string() }).or_default();
        if !list.contains(&what) {
            list.push(what);
        }
    }

    /// The binding of an import bound to `item`.
    fn bind(
        &mut self,
        plan: &Plan<'_>,
        map: &mut TypeMap<'_>,
        item: &CoreItem<'_>,
        declared: Option<&wasm2native_abi::canonical::CoreSignature>,
        linked: &std::collections::BTreeSet<String>,
    ) -> Result<Binding> {
        let (key, call) = match item {
            CoreItem::Export { instance, name } => {
                return Ok(Binding::Export(CoreExport { instance: *instance as u32, name: name.to_string() }))
            }
            CoreItem::Lowered(k) => {
                let lowering = &plan.lowerings[*k];
                let (interface, name) = match &lowering.func {
                    CompFunc::Host { interface, name } => (*interface, *name),
                    CompFunc::Lifted { core, options, ty } => {
                        let ty = match ty {
                            Ok(ty) if !lowering.options.asynchronous && !options.asynchronous => ty,
                            Ok(_) => {
                                self.missing("", "`async` calls between the component's own components".into());
                                return Ok(Binding::Host(u32::MAX));
                            }
                            Err(why) => {
                                self.missing("", format!("calls between the component's own components passing {why}"));
                                return Ok(Binding::Host(u32::MAX));
                            }
                        };
                        let sig = ty.core_signature(Context::Lower, false, false);
                        let callee = core_export(core, "a lifted function")?;
                        let kind = HostCallKind::Adapter {
                            ty: map.canonical_func(ty),
                            caller: canon_options(&lowering.options)?,
                            scope: plan.instances[callee.instance as usize].scope as u32,
                            callee,
                            options: canon_options(options)?,
                            post_return: options.post_return.as_ref().map(|p| core_export(p, "a post-return")).transpose()?,
                        };
                        return Ok(self.add(format!("lowering {k}"), host_call(sig, kind)));
                    }
                };
                if !provides(interface, name) {
                    let symbol = crate::host_imports::symbol(interface, name);
                    let ty = map.host_func(interface, name).ok().filter(passes_through);
                    let Some(ty) = ty.filter(|_| linked.contains(&symbol)) else {
                        self.missing(interface, name.to_string());
                        return Ok(Binding::Host(u32::MAX));
                    };
                    // The user's `--link` code implements it, as a core
                    // import of that name would be.
                    let sig = ty.core_signature(Context::Lower, false, false);
                    return Ok(self.add(format!("lowering {k}"), host_call(sig, HostCallKind::Linked { symbol })));
                }
                let ty = map.host_func(interface, name)?;
                let asynchronous = lowering.options.asynchronous;
                let sig = ty.core_signature(Context::Lower, asynchronous, false);
                let kind = HostCallKind::Lower {
                    interface: interface.to_string(),
                    name: name.to_string(),
                    ty,
                    options: canon_options(&lowering.options)?,
                    asynchronous,
                };
                (format!("lowering {k}"), host_call(sig, kind))
            }
            CoreItem::Builtin(Builtin::Resource { op, resource }) => {
                let (resource, what) = match resource {
                    Resource::Host { interface, name } => {
                        let what = format!("[{}]{name}", op.name().replace('.', "-"));
                        // The host makes and reads its own resources; the
                        // component only drops them.
                        match map.host_resource(interface, name).filter(|_| *op == ResourceOp::Drop && provides(interface, &what)) {
                            Some(r) => (r, format!("{interface} {what}")),
                            None => {
                                self.missing(interface, what);
                                return Ok(Binding::Host(u32::MAX));
                            }
                        }
                    }
                    Resource::Guest { .. } => {
                        let n = plan.resources.iter().position(|r| r.same(resource)).ok_or_else(|| {
                            CompileError::Unsupported("component: a resource built-in of an unnumbered type (a bug in wasm2native)".into())
                        })?;
                        (ResourceId(n as u32), format!("resource {n}"))
                    }
                };
                let index = meta::ValType::I32;
                let core = match op {
                    ResourceOp::Drop => meta::FuncType { params: vec![index], results: vec![] },
                    ResourceOp::New | ResourceOp::Rep => meta::FuncType { params: vec![index], results: vec![index] },
                };
                (format!("{} {what}", op.name()), HostCall { core, kind: HostCallKind::Resource { op: *op, resource } })
            }
            CoreItem::Builtin(Builtin::Async { builtin, options }) => {
                // `task.return`'s parameters are the task's result: the
                // module's declared type, which the validator checked.
                let sig = match (builtin.core_signature(), declared) {
                    (Some(ours), Some(theirs)) if &ours != theirs => {
                        return Err(CompileError::Unsupported(format!(
                            "component: `{}` would have the core type {ours:?}, but the module declares {theirs:?} (a bug in wasm2native)",
                            builtin.name()
                        )))
                    }
                    (Some(ours), _) => ours,
                    (None, Some(theirs)) => theirs.clone(),
                    (None, None) => return Err(CompileError::Unsupported(format!("component: `{}` bound to a non-function", builtin.name()))),
                };
                let kind = HostCallKind::Builtin { builtin: *builtin, options: canon_options(options)? };
                (format!("{builtin:?} {options:?}"), host_call(sig, kind))
            }
            CoreItem::Builtin(Builtin::Other(name)) => {
                self.missing("", (*name).to_string());
                return Ok(Binding::Host(u32::MAX));
            }
        };
        Ok(self.add(key, call))
    }

    /// The binding to host call `call`, made once per `key`.
    fn add(&mut self, key: String, call: HostCall) -> Binding {
        let next = self.calls.len() as u32;
        let index = *self.by_item.entry(key).or_insert(next);
        if index == next {
            self.calls.push(call);
        }
        Binding::Host(index)
    }
}

/// The objects of the executable of component `wasm`: one per core module
/// it instantiates, then the glue.
pub fn objects(wasm: &[u8], opts: &CompileOptions) -> Result<Vec<Vec<u8>>> {
    let (plan, validated) = super::plan_and_types(wasm, opts.wasm)?;
    let mut map = TypeMap::new(&validated, &plan);
    let mut host = HostCalls { calls: Vec::new(), by_item: BTreeMap::new(), missing: BTreeMap::new() };
    // The modules the plan instantiates, in order of first use: the
    // descriptor's module `n` is `used[n]`.
    let mut used: Vec<usize> = Vec::new();
    for i in &plan.instances {
        if !used.contains(&i.module) {
            used.push(i.module);
        }
    }
    let position = |module: usize| used.iter().position(|&m| m == module).expect("listed above") as u32;
    let mut instances = Vec::new();
    let declared = super::types::declared_imports(&plan)?;
    for (i, declared) in plan.instances.iter().zip(&declared) {
        let imports = i
            .imports
            .iter()
            .zip(declared)
            .map(|(item, sig)| host.bind(&plan, &mut map, item, sig.as_ref(), &opts.host_symbols))
            .collect::<Result<Vec<_>>>()?;
        instances.push(ComponentInstanceMeta { module: position(i.module), scope: i.scope as u32, imports });
    }
    if !host.missing.is_empty() {
        let list: Vec<String> = host.missing.iter().map(|(i, items)| format!("  {i}: {}", items.join(", "))).collect();
        let hint = if host.missing.keys().any(|i| !i.starts_with("wasi:") && i != "canonical built-ins") {
            "\nFunctions of other interfaces whose parameters and result are numbers can be written in C and given with \
             `--link`, as `wasm2native_import_<interface>__<function>` (see `wasm2native header`'s naming)."
        } else {
            ""
        };
        return Err(CompileError::Component(format!(
            "this component needs what wasm2native does not provide (yet):\n{}{hint}\nIt exports:\n  {}",
            list.join("\n"),
            plan.describe_exports().join("\n  ")
        )));
    }
    let Some((run_interface, run_func, run_core, run_options, service)) = entry_point(&plan) else {
        return Err(CompileError::Component(format!(
            "the component exports no `wasi:cli/run` (0.2.x or 0.3.x) with a `run` function, so it is not a command, \
             nor a `wasi:http/handler` (0.3.x) with `handle`, so it is not a service; it exports:\n  {}",
            plan.describe_exports().join("\n  ")
        )));
    };
    let run = meta::Run {
        core: core_export(run_core, run_func)?,
        callback: match (&run_options.callback, run_options.asynchronous) {
            (Some(c), true) => Some(core_export(c, "a callback")?),
            (None, false) => None,
            _ => return Err(CompileError::Unsupported(format!("component: an `async` `{run_func}` without a callback (stackful)"))),
        },
        ty: map.export_func(run_interface, run_func)?,
        service,
    };
    if service && run.callback.is_none() {
        return Err(CompileError::Unsupported("component: a synchronous `wasi:http/handler` `handle`".into()));
    }
    if run_options.post_return.is_some() {
        return Err(CompileError::Unsupported(format!("component: a `{run_func}` with post-return")));
    }
    let mut objects = Vec::new();
    let mut symbols = Vec::new();
    for &m in &used {
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
    let resources = map
        .resources()
        .into_iter()
        .enumerate()
        .map(|(n, (interface, name))| {
            let (owner, dtor) = match plan.resources.get(n) {
                Some(Resource::Guest { scope, dtor, .. }) => {
                    (Some(*scope as u32), dtor.as_deref().map(|d| core_export(d, "a destructor")).transpose()?)
                }
                _ => (None, None),
            };
            Ok(ResourceMeta { interface, name, owner, dtor })
        })
        .collect::<Result<Vec<_>>>()?;
    let meta = ComponentMeta { instances, host_calls: host.calls, resources, run };
    // HTTPS is linked in only for a component that can send requests.
    let tls = meta.host_calls.iter().any(|c| {
        matches!(&c.kind, HostCallKind::Lower { interface, name, .. }
            if name == "send" && wasm2native_abi::wasi_p2::interface_of(interface).is_some_and(|(i, _)| i == "wasi:http/client"))
    });
    objects.push(crate::emit::emit_component_glue(opts, &symbols, meta.encode(), &meta.host_calls, tls)?);
    Ok(objects)
}
