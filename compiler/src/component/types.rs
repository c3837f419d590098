//! Component function types, from the validator's type information into
//! the ABI crate's [`wasm2native_abi::canonical`] types (what the canonical ABI lays out),
//! and the check that the core signatures it derives are the ones the core
//! modules declare.

use wasm2native_abi::canonical::{Context, CoreSignature, FuncType, ResourceId, ValType};
use wasm2native_abi::meta::ValType as CoreType;
use wasmparser::component_types::{
    ComponentAnyTypeId, ComponentDefinedType, ComponentEntityType, ComponentFuncTypeId, ComponentValType,
};
use wasmparser::types::Types;
use wasmparser::PrimitiveValType;

use super::plan::{CompFunc, CompInstance, CompItem, CoreItem, Plan, Resource};
use crate::error::{CompileError, Result};

fn unsupported(what: String) -> CompileError {
    CompileError::Unsupported(format!("component: {what}"))
}

/// A resource type as the type map numbers it.
struct ResourceEntry {
    /// The validator's id, for the resources the validator's types name.
    id: Option<wasmparser::component_types::ResourceId>,
    /// The host interface (empty for a component's own).
    interface: String,
    name: String,
}

/// Converts validator types, numbering the resource types as they are
/// met, after those the resolver numbered ([`Plan::resources`]).
pub struct TypeMap<'t> {
    types: &'t Types,
    /// [`ResourceId`] `n` is entry `n`.
    resources: Vec<ResourceEntry>,
}

impl<'t> TypeMap<'t> {
    /// A map over the root component's `types`, knowing the resource types
    /// `plan` numbered and those its imported interfaces export.
    pub fn new(types: &'t Types, plan: &Plan<'_>) -> TypeMap<'t> {
        let root = types.as_ref();
        // The validator's id of each host resource type.
        let mut host = Vec::new();
        for interface in &plan.imports {
            let Some(item) = root.component_item_for_import(interface) else { continue };
            if let ComponentEntityType::Instance(id) = item.ty {
                for (name, export) in &types[id].exports {
                    if let ComponentEntityType::Type { referenced: ComponentAnyTypeId::Resource(r), .. } = export.ty {
                        host.push(ResourceEntry { id: Some(r.resource()), interface: interface.to_string(), name: name.clone() });
                    }
                }
            }
        }
        let mut resources: Vec<ResourceEntry> = plan
            .resources
            .iter()
            .enumerate()
            .map(|(n, r)| match r {
                Resource::Host { interface, name } => ResourceEntry {
                    id: host.iter().find(|h| h.interface == *interface && h.name == *name).and_then(|h| h.id),
                    interface: interface.to_string(),
                    name: name.to_string(),
                },
                Resource::Guest { .. } => ResourceEntry { id: None, interface: String::new(), name: format!("resource {n}") },
            })
            .collect();
        for h in host {
            if !resources.iter().any(|r| r.id == h.id) {
                resources.push(h);
            }
        }
        TypeMap { types, resources }
    }

    /// The id of host resource `name` of `interface`.
    pub fn host_resource(&self, interface: &str, name: &str) -> Option<ResourceId> {
        let n = self.resources.iter().position(|r| r.interface == interface && r.name == name)?;
        Some(self.canonical(ResourceId(n as u32)))
    }

    /// The one id of the resource type `r` is: an interface that uses
    /// another's resource type exports it too (`wasi:http/handler`'s
    /// `request` is `wasi:http/types`' `request`), and both names may have
    /// been numbered; the first stands for both.
    pub fn canonical(&self, r: ResourceId) -> ResourceId {
        match self.resources.get(r.0 as usize).and_then(|e| e.id) {
            Some(id) => ResourceId(self.resources.iter().position(|e| e.id == Some(id)).expect("r is one") as u32),
            None => r,
        }
    }

    /// `ty` with every resource type given its [`TypeMap::canonical`] id.
    pub fn canonical_func(&self, ty: &FuncType) -> FuncType {
        let mut ty = ty.clone();
        for (_, t) in &mut ty.params {
            self.canonical_val(t);
        }
        if let Some(t) = &mut ty.result {
            self.canonical_val(t);
        }
        ty
    }

    fn canonical_val(&self, t: &mut ValType) {
        use ValType as V;
        match t {
            V::Own(r) | V::Borrow(r) => *r = self.canonical(*r),
            V::List(t) | V::Option(t) => self.canonical_val(t),
            V::Record(fields) => fields.iter_mut().for_each(|(_, t)| self.canonical_val(t)),
            V::Variant(cases) => cases.iter_mut().filter_map(|(_, t)| t.as_mut()).for_each(|t| self.canonical_val(t)),
            V::Tuple(ts) => ts.iter_mut().for_each(|t| self.canonical_val(t)),
            V::Result { ok, err } => ok.iter_mut().chain(err.iter_mut()).for_each(|t| self.canonical_val(t)),
            V::Future(t) | V::Stream(t) => t.iter_mut().for_each(|t| self.canonical_val(t)),
            _ => {}
        }
    }

    /// The resources, `(interface, name)` by [`ResourceId`] (the
    /// interface is empty for a component's own).
    pub fn resources(&self) -> Vec<(String, String)> {
        self.resources.iter().map(|r| (r.interface.clone(), r.name.clone())).collect()
    }

    fn resource(&mut self, r: wasmparser::component_types::ResourceId) -> ResourceId {
        let n = match self.resources.iter().position(|e| e.id == Some(r)) {
            Some(n) => n,
            None => {
                // A resource the component defines itself.
                let name = format!("resource {}", self.resources.len());
                self.resources.push(ResourceEntry { id: Some(r), interface: String::new(), name });
                self.resources.len() - 1
            }
        };
        ResourceId(n as u32)
    }

    /// The canonical type of `t`.
    pub fn val(&mut self, t: &ComponentValType) -> Result<ValType> {
        let id = match *t {
            ComponentValType::Primitive(p) => return Ok(primitive(p)),
            ComponentValType::Type(id) => id,
        };
        let opt = |m: &mut Self, t: &Option<ComponentValType>| -> Result<Option<Box<ValType>>> {
            t.as_ref().map(|t| m.val(t).map(Box::new)).transpose()
        };
        Ok(match &self.types[id] {
            ComponentDefinedType::Primitive(p) => primitive(*p),
            ComponentDefinedType::Record(r) => ValType::Record(
                r.fields.iter().map(|(n, t)| Ok((n.to_string(), self.val(t)?))).collect::<Result<_>>()?,
            ),
            ComponentDefinedType::Variant(v) => ValType::Variant(
                v.cases
                    .iter()
                    .map(|(n, c)| Ok((n.to_string(), c.ty.as_ref().map(|t| self.val(t)).transpose()?)))
                    .collect::<Result<_>>()?,
            ),
            ComponentDefinedType::List { element, .. } => ValType::List(Box::new(self.val(element)?)),
            ComponentDefinedType::Tuple(t) => ValType::Tuple(t.types.iter().map(|t| self.val(t)).collect::<Result<_>>()?),
            ComponentDefinedType::Flags(names) => ValType::Flags(names.iter().map(|n| n.to_string()).collect()),
            ComponentDefinedType::Enum(names) => ValType::Enum(names.iter().map(|n| n.to_string()).collect()),
            ComponentDefinedType::Option { ty, .. } => ValType::Option(Box::new(self.val(ty)?)),
            ComponentDefinedType::Result { ok, err, .. } => ValType::Result { ok: opt(self, ok)?, err: opt(self, err)? },
            ComponentDefinedType::Own(r) => ValType::Own(self.resource(r.resource())),
            ComponentDefinedType::Borrow(r) => ValType::Borrow(self.resource(r.resource())),
            ComponentDefinedType::Future { ty, .. } => ValType::Future(opt(self, ty)?),
            ComponentDefinedType::Stream { ty, .. } => ValType::Stream(opt(self, ty)?),
            ComponentDefinedType::Map { .. } => return Err(unsupported("map types".into())),
            ComponentDefinedType::FixedLengthList { .. } => return Err(unsupported("fixed-length lists".into())),
        })
    }

    /// The canonical type of function type `id`.
    pub fn func(&mut self, id: ComponentFuncTypeId) -> Result<FuncType> {
        let f = &self.types[id];
        Ok(FuncType {
            params: f.params.iter().map(|(n, t)| Ok((n.to_string(), self.val(t)?))).collect::<Result<_>>()?,
            result: f.result.as_ref().map(|t| self.val(t)).transpose()?,
        })
    }

    /// The type of function `name` of the imported host interface
    /// `interface` (or of the function imported as `interface`).
    pub fn host_func(&mut self, interface: &str, name: &str) -> Result<FuncType> {
        let item = self.types.as_ref().component_item_for_import(interface);
        self.func_of(item, "import", interface, name)
    }

    /// The type of function `name` of root export `export` (an instance,
    /// or the function itself when `name` is empty).
    pub fn export_func(&mut self, export: &str, name: &str) -> Result<FuncType> {
        let item = self.types.as_ref().component_item_for_export(export);
        self.func_of(item, "export", export, name)
    }

    /// The type of function `name` of `item` (the import or export
    /// `outer`), or of `item` itself when `name` is empty.
    fn func_of(
        &mut self,
        item: Option<&wasmparser::component_types::ComponentItem>,
        what: &str,
        outer: &str,
        name: &str,
    ) -> Result<FuncType> {
        let item = item.ok_or_else(|| unsupported(format!("no {what} `{outer}`")))?;
        let id = match (&item.ty, name) {
            (ComponentEntityType::Func(id), "") => *id,
            (ComponentEntityType::Instance(i), name) => match self.types[*i].exports.get(name).map(|e| &e.ty) {
                Some(ComponentEntityType::Func(id)) => *id,
                _ => return Err(unsupported(format!("`{outer}` has no function `{name}`"))),
            },
            _ => return Err(unsupported(format!("{what} `{outer}` is not a function or an instance"))),
        };
        self.func(id)
    }
}

/// The canonical type of primitive `p`.
pub(super) fn primitive(p: PrimitiveValType) -> ValType {
    use PrimitiveValType as P;
    match p {
        P::Bool => ValType::Bool,
        P::S8 => ValType::S8,
        P::U8 => ValType::U8,
        P::S16 => ValType::S16,
        P::U16 => ValType::U16,
        P::S32 => ValType::S32,
        P::U32 => ValType::U32,
        P::S64 => ValType::S64,
        P::U64 => ValType::U64,
        P::F32 => ValType::F32,
        P::F64 => ValType::F64,
        P::Char => ValType::Char,
        P::String => ValType::String,
        P::ErrorContext => ValType::ErrorContext,
    }
}

/// The function types of a core module's imports (in order; `None` for
/// other kinds) and of its exported functions, by name.
struct CoreFuncTypes<'a> {
    imports: Vec<Option<CoreSignature>>,
    exports: Vec<(&'a str, CoreSignature)>,
}

fn core_type(t: wasmparser::ValType) -> Option<CoreType> {
    Some(match t {
        wasmparser::ValType::I32 => CoreType::I32,
        wasmparser::ValType::I64 => CoreType::I64,
        wasmparser::ValType::F32 => CoreType::F32,
        wasmparser::ValType::F64 => CoreType::F64,
        _ => return None,
    })
}

fn core_func_types(bytes: &[u8]) -> Result<CoreFuncTypes<'_>> {
    use wasmparser::{ExternalKind, Payload, TypeRef};
    let mut sigs: Vec<Option<CoreSignature>> = Vec::new();
    let mut funcs: Vec<Option<CoreSignature>> = Vec::new();
    let mut out = CoreFuncTypes { imports: Vec::new(), exports: Vec::new() };
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        match payload.map_err(CompileError::invalid)? {
            Payload::TypeSection(s) => {
                for group in s {
                    for ty in group.map_err(CompileError::invalid)?.into_types() {
                        // GC types (structs, arrays) take type indices too.
                        let wasmparser::CompositeInnerType::Func(f) = ty.composite_type.inner else {
                            sigs.push(None);
                            continue;
                        };
                        let all = |ts: &[wasmparser::ValType]| ts.iter().map(|t| core_type(*t)).collect::<Option<Vec<_>>>();
                        sigs.push(all(f.params()).zip(all(f.results())).map(|(params, results)| CoreSignature { params, results }));
                    }
                }
            }
            Payload::ImportSection(s) => {
                for import in s.into_imports() {
                    let import = import.map_err(CompileError::invalid)?;
                    let sig = match import.ty {
                        TypeRef::Func(t) | TypeRef::FuncExact(t) => sigs.get(t as usize).cloned().flatten(),
                        _ => None,
                    };
                    if matches!(import.ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) {
                        funcs.push(sig.clone());
                    }
                    out.imports.push(sig);
                }
            }
            Payload::FunctionSection(s) => {
                for t in s {
                    funcs.push(sigs.get(t.map_err(CompileError::invalid)? as usize).cloned().flatten());
                }
            }
            Payload::ExportSection(s) => {
                for e in s {
                    let e = e.map_err(CompileError::invalid)?;
                    if let (ExternalKind::Func, Some(Some(sig))) = (e.kind, funcs.get(e.index as usize)) {
                        out.exports.push((e.name, sig.clone()));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The declared core signature of each import of each of the plan's
/// instances (`None` for what is not a function of numeric types).
pub fn declared_imports(plan: &Plan<'_>) -> Result<Vec<Vec<Option<CoreSignature>>>> {
    let modules = plan.modules.iter().map(|m| core_func_types(m)).collect::<Result<Vec<_>>>()?;
    Ok(plan.instances.iter().map(|i| modules[i.module].imports.clone()).collect())
}

/// Checks that the canonical ABI signature of every host function the
/// component lowers, and of every function its root exports lift, is the
/// core type the core modules declare for it. The validator has already
/// checked that the component is consistent; this checks our own
/// flattening against it, before anything is generated from it.
pub fn check_signatures(plan: &Plan<'_>, map: &mut TypeMap<'_>) -> Result<()> {
    let modules = plan.modules.iter().map(|m| core_func_types(m)).collect::<Result<Vec<_>>>()?;
    let mismatch = |what: String, ours: &CoreSignature, theirs: &CoreSignature| {
        CompileError::Unsupported(format!(
            "component: the canonical ABI signature of {what} would be {ours:?}, but the core module declares {theirs:?} (a bug in wasm2native's canonical ABI)"
        ))
    };
    for instance in &plan.instances {
        let m = &modules[instance.module];
        for (item, declared) in instance.imports.iter().zip(&m.imports) {
            let (CoreItem::Lowered(k), Some(declared)) = (item, declared) else { continue };
            let lowering = &plan.lowerings[*k];
            let (what, ours) = match &lowering.func {
                CompFunc::Host { interface, name } => (
                    format!("lowered `{interface}` `{name}`"),
                    map.host_func(interface, name)?.core_signature(Context::Lower, lowering.options.asynchronous, false),
                ),
                // A call between the components: both ends are checked.
                CompFunc::Lifted { core, options, ty: Ok(ty) } => {
                    if let CoreItem::Export { instance, name } = core {
                        let lifted = ty.core_signature(Context::Lift, options.asynchronous, options.callback.is_some());
                        let exports = &modules[plan.instances[*instance].module].exports;
                        if let Some((_, theirs)) = exports.iter().find(|(n, _)| n == name) {
                            if &lifted != theirs {
                                return Err(mismatch(format!("the lifted core function `{name}`"), &lifted, theirs));
                            }
                        }
                    }
                    ("a lowered function of another component".into(), ty.core_signature(Context::Lower, lowering.options.asynchronous, false))
                }
                CompFunc::Lifted { .. } => continue,
            };
            if &ours != declared {
                return Err(mismatch(what, &ours, declared));
            }
        }
    }
    for (export, item) in &plan.exports {
        let funcs: Vec<(&str, &CompFunc<'_>)> = match item {
            CompItem::Func(f) => vec![("", f)],
            CompItem::Instance(CompInstance::Items(items)) => items
                .iter()
                .filter_map(|(n, i)| match i {
                    CompItem::Func(f) => Some((*n, f)),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for (name, f) in funcs {
            let CompFunc::Lifted { core: CoreItem::Export { instance, name: core_name }, options, .. } = f else { continue };
            let Some((_, declared)) =
                modules[plan.instances[*instance].module].exports.iter().find(|(n, _)| n == core_name)
            else {
                continue;
            };
            let ours = map.export_func(export, name)?.core_signature(
                Context::Lift,
                options.asynchronous,
                options.callback.is_some(),
            );
            if &ours != declared {
                return Err(mismatch(format!("lifted `{export}` `{name}`"), &ours, declared));
            }
        }
    }
    Ok(())
}
