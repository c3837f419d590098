//! Static evaluation of a component's definitions into a [`Plan`].
//!
//! A component's instantiation graph is fixed by its binary: which modules
//! are instantiated, with which arguments, in which order, and what every
//! alias refers to. The resolver walks the root component's items once,
//! keeping the index spaces of the component model (core functions,
//! memories, tables, globals, tags, instances and modules; component
//! functions, instances, types, components and values), and evaluates a
//! nested component each time it is instantiated, with its imports bound
//! to the arguments. Core instantiations become [`CoreInstance`]s with each
//! import resolved to another instance's export, a lowered function or a
//! built-in, so that nothing is left to look up at run time.

use std::collections::HashMap;
use std::rc::Rc;

use wasmparser::{
    CanonicalFunction, CanonicalOption, ComponentAlias, ComponentValType, ComponentExternalKind, ComponentInstance, ComponentOuterAliasKind,
    ComponentType, ComponentTypeRef, ExternalKind, Instance, InstantiationArgKind, Parser, Payload, TypeBounds,
    TypeRef,
};

use super::parse::{Item, Tree};
use super::plan::*;
use crate::error::{CompileError, Result};

/// A core instance of the index space: instantiated (an entry of the
/// plan) or a bag of items.
#[derive(Clone)]
enum CoreInst<'a> {
    Module(usize),
    Items(Rc<Vec<(&'a str, CoreItem<'a>)>>),
}

impl<'a> CoreInst<'a> {
    fn export(&self, name: &'a str) -> Result<CoreItem<'a>> {
        match self {
            CoreInst::Module(instance) => Ok(CoreItem::Export { instance: *instance, name }),
            CoreInst::Items(items) => items
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, i)| i.clone())
                .ok_or_else(|| unsupported(format!("core instance has no export `{name}`"))),
        }
    }
}

/// The index spaces of one component instantiation.
#[derive(Default)]
struct Scope<'a> {
    id: usize,
    core_funcs: Vec<CoreItem<'a>>,
    core_memories: Vec<CoreItem<'a>>,
    core_tables: Vec<CoreItem<'a>>,
    core_globals: Vec<CoreItem<'a>>,
    core_tags: Vec<CoreItem<'a>>,
    core_instances: Vec<CoreInst<'a>>,
    modules: Vec<usize>,
    funcs: Vec<CompFunc<'a>>,
    instances: Vec<CompInstance<'a>>,
    types: Vec<TypeDef<'a>>,
    components: Vec<ComponentRef<'a>>,
    values: usize,
    outer: Option<Rc<Outer<'a>>>,
}

/// The most core instances a component may make: each is a compiled
/// instantiation, and nested components instantiated twice at each of
/// 20 levels would otherwise ask for a million.
pub const MAX_CORE_INSTANCES: usize = 10_000;

fn unsupported(what: String) -> CompileError {
    CompileError::Unsupported(format!("component: {what}"))
}

fn get<T: Clone>(space: &[T], index: u32, what: &str) -> Result<T> {
    space.get(index as usize).cloned().ok_or_else(|| unsupported(format!("{what} index {index} out of range")))
}

/// The resolver's state across scopes.
struct Resolver<'t, 'a> {
    tree: &'t Tree<'a>,
    plan: Plan<'a>,
    scopes: usize,
    /// Instantiations in progress, to refuse recursion (validation forbids
    /// it; this keeps a malformed tree from looping).
    depth: usize,
}

/// Resolves the component `tree`.
pub fn resolve<'a>(tree: &Tree<'a>) -> Result<Plan<'a>> {
    let mut r = Resolver {
        tree,
        plan: Plan {
            modules: tree.modules.clone(),
            instances: Vec::new(),
            lowerings: Vec::new(),
            imports: Vec::new(),
            exports: Vec::new(),
            resources: Vec::new(),
        },
        scopes: 0,
        depth: 0,
    };
    let exports = r.instantiate(&ComponentRef { def: tree.root, outer: None }, None)?;
    r.plan.exports = exports;
    Ok(r.plan)
}

impl<'a> Resolver<'_, 'a> {
    /// Evaluates component `c` with `args` (`None` for the root, whose
    /// imports are the host's); returns its exports.
    fn instantiate(
        &mut self,
        c: &ComponentRef<'a>,
        args: Option<&HashMap<&'a str, CompItem<'a>>>,
    ) -> Result<Vec<(&'a str, CompItem<'a>)>> {
        self.depth += 1;
        if self.depth > 100 {
            return Err(unsupported("components nested more than 100 deep".into()));
        }
        if self.scopes >= MAX_CORE_INSTANCES {
            return Err(unsupported(format!("more than {MAX_CORE_INSTANCES} component instantiations")));
        }
        let mut s = Scope { id: self.scopes, outer: c.outer.clone(), ..Scope::default() };
        self.scopes += 1;
        let mut exports = Vec::new();
        let tree = self.tree;
        for item in &tree.components[c.def] {
            match item {
                Item::Import(import) => {
                    let name = import.name.name;
                    let bound = match args {
                        Some(args) => match (args.get(name), import.ty) {
                            (Some(item), _) => item.clone(),
                            (None, ComponentTypeRef::Type(TypeBounds::Eq(t))) => CompItem::Type(get(&s.types, t, "type")?),
                            (None, _) => return Err(unsupported(format!("no argument for import `{name}`"))),
                        },
                        None => {
                            self.plan.imports.push(name);
                            host_import(name, import.ty, &s)?
                        }
                    };
                    s.push(bound);
                }
                Item::Module(m) => s.modules.push(*m),
                Item::Component(def) => {
                    let outer = Outer {
                        modules: s.modules.clone(),
                        types: s.types.clone(),
                        components: s.components.clone(),
                        outer: s.outer.clone(),
                    };
                    s.components.push(ComponentRef { def: *def, outer: Some(Rc::new(outer)) });
                }
                Item::CoreInstance(Instance::Instantiate { module_index, args }) => {
                    let module = get(&s.modules, *module_index, "module")?;
                    let mut named = HashMap::new();
                    for arg in args.iter() {
                        let InstantiationArgKind::Instance = arg.kind;
                        named.insert(arg.name, get(&s.core_instances, arg.index, "core instance")?);
                    }
                    let mut imports = Vec::new();
                    for (module_name, field) in module_imports(self.plan.modules[module])? {
                        let from = named
                            .get(module_name)
                            .ok_or_else(|| unsupported(format!("no instance given for import module `{module_name}`")))?;
                        imports.push(from.export(field)?);
                    }
                    if self.plan.instances.len() >= MAX_CORE_INSTANCES {
                        return Err(unsupported(format!(
                            "more than {MAX_CORE_INSTANCES} core instances (nested components instantiated many times over)"
                        )));
                    }
                    self.plan.instances.push(CoreInstance { module, scope: s.id, imports });
                    s.core_instances.push(CoreInst::Module(self.plan.instances.len() - 1));
                }
                Item::CoreInstance(Instance::FromExports(list)) => {
                    let items = list
                        .iter()
                        .map(|e| Ok((e.name, s.core_item(e.kind, e.index)?)))
                        .collect::<Result<Vec<_>>>()?;
                    s.core_instances.push(CoreInst::Items(Rc::new(items)));
                }
                Item::Instance(ComponentInstance::Instantiate { component_index, args }) => {
                    let component = get(&s.components, *component_index, "component")?;
                    let mut named = HashMap::new();
                    for arg in args.iter() {
                        named.insert(arg.name, s.item(arg.kind, arg.index)?);
                    }
                    let exports = self.instantiate(&component, Some(&named))?;
                    s.instances.push(CompInstance::Items(Rc::new(exports)));
                }
                Item::Instance(ComponentInstance::FromExports(list)) => {
                    let items = list
                        .iter()
                        .map(|e| Ok((e.name.name, s.item(e.kind, e.index)?)))
                        .collect::<Result<Vec<_>>>()?;
                    s.instances.push(CompInstance::Items(Rc::new(items)));
                }
                Item::Alias(alias) => s.alias(alias)?,
                Item::Canon(canon) => self.canon(&mut s, canon)?,
                Item::Type(ty) => {
                    let def = match ty {
                        ComponentType::Resource { dtor, .. } => TypeDef::Resource(Resource::Guest {
                            scope: s.id,
                            index: s.types.len() as u32,
                            dtor: dtor.map(|d| get(&s.core_funcs, d, "core function").map(Box::new)).transpose()?,
                        }),
                        ComponentType::Defined(d) => match s.defined(d, &mut self.plan.resources) {
                            Ok(t) => TypeDef::Val(Rc::new(t)),
                            Err(why) => TypeDef::Unknown(why.into()),
                        },
                        ComponentType::Func(f) => match s.func_type(f) {
                            Ok(t) => TypeDef::Func(Rc::new(t)),
                            Err(why) => TypeDef::Unknown(why.into()),
                        },
                        _ => TypeDef::Other,
                    };
                    s.types.push(def);
                }
                Item::CoreType => {}
                Item::Export(e) => {
                    let item = s.item(e.kind, e.index)?;
                    // An export is also a new definition of its kind.
                    s.push(item.clone());
                    exports.push((e.name.name, item));
                }
                Item::Start => return Err(unsupported("start functions (component values)".into())),
            }
        }
        self.depth -= 1;
        Ok(exports)
    }

    fn canon(&mut self, s: &mut Scope<'a>, canon: &CanonicalFunction) -> Result<()> {
        let builtin = |name: &'static str| CoreItem::Builtin(Builtin::Other(name));
        let tasks = |builtin: AsyncBuiltin, options: &[CanonicalOption]| -> Result<CoreItem<'a>> {
            Ok(CoreItem::Builtin(Builtin::Async { builtin, options: Box::new(s.options(options)?) }))
        };
        use AsyncBuiltin as B;
        use wasm2native_abi::canonical::tasks::Pipe;
        let item = match canon {
            CanonicalFunction::Lift { core_func_index, options, type_index } => {
                let core = get(&s.core_funcs, *core_func_index, "core function")?;
                let options = s.options(options)?;
                let ty = match get(&s.types, *type_index, "type")? {
                    TypeDef::Func(f) => Ok(f),
                    TypeDef::Unknown(why) => Err(why),
                    _ => Err(format!("type {type_index}, not a function type").into()),
                };
                s.funcs.push(CompFunc::Lifted { core, options, ty });
                return Ok(());
            }
            CanonicalFunction::Lower { func_index, options } => {
                let func = get(&s.funcs, *func_index, "function")?;
                let options = s.options(options)?;
                self.plan.lowerings.push(Lowering { func, options });
                CoreItem::Lowered(self.plan.lowerings.len() - 1)
            }
            CanonicalFunction::ResourceNew { resource } => s.resource_op(ResourceOp::New, *resource)?,
            CanonicalFunction::ResourceDrop { resource } => s.resource_op(ResourceOp::Drop, *resource)?,
            CanonicalFunction::ResourceRep { resource } => s.resource_op(ResourceOp::Rep, *resource)?,
            CanonicalFunction::ThreadSpawnRef { .. } => builtin("thread.spawn-ref"),
            CanonicalFunction::ThreadSpawnIndirect { .. } => builtin("thread.spawn-indirect"),
            CanonicalFunction::ThreadAvailableParallelism => builtin("thread.available-parallelism"),
            CanonicalFunction::BackpressureInc => tasks(B::BackpressureInc, &[])?,
            CanonicalFunction::BackpressureDec => tasks(B::BackpressureDec, &[])?,
            CanonicalFunction::TaskReturn { options, .. } => tasks(B::TaskReturn, options)?,
            CanonicalFunction::TaskCancel => tasks(B::TaskCancel, &[])?,
            CanonicalFunction::ContextGet { slot, .. } => tasks(B::ContextGet(*slot), &[])?,
            CanonicalFunction::ContextSet { slot, .. } => tasks(B::ContextSet(*slot), &[])?,
            CanonicalFunction::ThreadYield => tasks(B::Yield, &[])?,
            CanonicalFunction::SubtaskDrop => tasks(B::SubtaskDrop, &[])?,
            CanonicalFunction::SubtaskCancel { async_ } => tasks(B::SubtaskCancel(*async_), &[])?,
            CanonicalFunction::StreamNew { .. } => tasks(B::New(Pipe::Stream), &[])?,
            CanonicalFunction::StreamRead { options, .. } => tasks(B::Read(Pipe::Stream), options)?,
            CanonicalFunction::StreamWrite { options, .. } => tasks(B::Write(Pipe::Stream), options)?,
            CanonicalFunction::StreamForward { .. } => builtin("stream.forward"),
            CanonicalFunction::StreamCancelRead { async_, .. } => tasks(B::CancelRead(Pipe::Stream, *async_), &[])?,
            CanonicalFunction::StreamCancelWrite { async_, .. } => tasks(B::CancelWrite(Pipe::Stream, *async_), &[])?,
            CanonicalFunction::StreamDropReadable { .. } => tasks(B::DropReadable(Pipe::Stream), &[])?,
            CanonicalFunction::StreamDropWritable { .. } => tasks(B::DropWritable(Pipe::Stream), &[])?,
            CanonicalFunction::FutureNew { .. } => tasks(B::New(Pipe::Future), &[])?,
            CanonicalFunction::FutureRead { options, .. } => tasks(B::Read(Pipe::Future), options)?,
            CanonicalFunction::FutureWrite { options, .. } => tasks(B::Write(Pipe::Future), options)?,
            CanonicalFunction::FutureForward { .. } => builtin("future.forward"),
            CanonicalFunction::FutureCancelRead { async_, .. } => tasks(B::CancelRead(Pipe::Future, *async_), &[])?,
            CanonicalFunction::FutureCancelWrite { async_, .. } => tasks(B::CancelWrite(Pipe::Future, *async_), &[])?,
            CanonicalFunction::FutureDropReadable { .. } => tasks(B::DropReadable(Pipe::Future), &[])?,
            CanonicalFunction::FutureDropWritable { .. } => tasks(B::DropWritable(Pipe::Future), &[])?,
            CanonicalFunction::ErrorContextNew { .. } => builtin("error-context.new"),
            CanonicalFunction::ErrorContextDebugMessage { .. } => builtin("error-context.debug-message"),
            CanonicalFunction::ErrorContextDrop => builtin("error-context.drop"),
            CanonicalFunction::WaitableSetNew => tasks(B::WaitableSetNew, &[])?,
            CanonicalFunction::WaitableSetWait { memory, .. } => tasks(B::WaitableSetWait, &[CanonicalOption::Memory(*memory)])?,
            CanonicalFunction::WaitableSetPoll { memory, .. } => tasks(B::WaitableSetPoll, &[CanonicalOption::Memory(*memory)])?,
            CanonicalFunction::WaitableSetDrop => tasks(B::WaitableSetDrop, &[])?,
            CanonicalFunction::WaitableJoin => tasks(B::WaitableJoin, &[])?,
            CanonicalFunction::ThreadIndex => builtin("thread.index"),
            CanonicalFunction::ThreadNewIndirect { .. } => builtin("thread.new-indirect"),
            CanonicalFunction::ThreadResumeLater => builtin("thread.resume-later"),
            CanonicalFunction::ThreadSuspend => builtin("thread.suspend"),
            CanonicalFunction::ThreadSuspendThenResume => builtin("thread.suspend-then-resume"),
            CanonicalFunction::ThreadYieldThenResume => builtin("thread.yield-then-resume"),
            CanonicalFunction::ThreadSuspendThenPromote => builtin("thread.suspend-then-promote"),
            CanonicalFunction::ThreadYieldThenPromote => builtin("thread.yield-then-promote"),
        };
        if let CoreItem::Builtin(Builtin::Resource { resource, .. }) = &item {
            resource_id(&mut self.plan.resources, resource);
        }
        s.core_funcs.push(item);
        Ok(())
    }
}

/// The id of resource type `r` in `list` (the plan's), added if new.
fn resource_id<'a>(list: &mut Vec<Resource<'a>>, r: &Resource<'a>) -> ResourceId {
    let n = list.iter().position(|x| x.same(r)).unwrap_or_else(|| {
        list.push(r.clone());
        list.len() - 1
    });
    ResourceId(n as u32)
}

/// An import of the root component: a host interface, function or type.
fn host_import<'a>(name: &'a str, ty: ComponentTypeRef, s: &Scope<'a>) -> Result<CompItem<'a>> {
    Ok(match ty {
        ComponentTypeRef::Instance(_) => CompItem::Instance(CompInstance::Host(name)),
        ComponentTypeRef::Func(_) => CompItem::Func(CompFunc::Host { interface: name, name: "" }),
        ComponentTypeRef::Type(TypeBounds::SubResource) => {
            CompItem::Type(TypeDef::Resource(Resource::Host { interface: "", name }))
        }
        ComponentTypeRef::Type(TypeBounds::Eq(t)) => CompItem::Type(get(&s.types, t, "type")?),
        ComponentTypeRef::Module(_) => return Err(unsupported(format!("imports a core module (`{name}`)"))),
        ComponentTypeRef::Component(_) => return Err(unsupported(format!("imports a component (`{name}`)"))),
        ComponentTypeRef::Value(_) => return Err(unsupported(format!("imports a value (`{name}`)"))),
    })
}

/// The `(module, field)` of every import of a core module, in order.
fn module_imports(bytes: &[u8]) -> Result<Vec<(&str, &str)>> {
    let mut out = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(CompileError::invalid)?;
        if let Payload::ImportSection(section) = payload {
            for import in section.into_imports() {
                let import = import.map_err(CompileError::invalid)?;
                // Tags and the like resolve the same way; only the names matter.
                let _: TypeRef = import.ty;
                out.push((import.module, import.name));
            }
        }
    }
    Ok(out)
}

impl<'a> Scope<'a> {
    /// Appends `item` to the index space of its kind.
    fn push(&mut self, item: CompItem<'a>) {
        match item {
            CompItem::Func(f) => self.funcs.push(f),
            CompItem::Instance(i) => self.instances.push(i),
            CompItem::Type(t) => self.types.push(t),
            CompItem::Component(c) => self.components.push(c),
            CompItem::Module(m) => self.modules.push(m),
            CompItem::Value => self.values += 1,
        }
    }

    /// Item `index` of component-level kind `kind`.
    fn item(&self, kind: ComponentExternalKind, index: u32) -> Result<CompItem<'a>> {
        Ok(match kind {
            ComponentExternalKind::Func => CompItem::Func(get(&self.funcs, index, "function")?),
            ComponentExternalKind::Instance => CompItem::Instance(get(&self.instances, index, "instance")?),
            ComponentExternalKind::Type => CompItem::Type(get(&self.types, index, "type")?),
            ComponentExternalKind::Module => CompItem::Module(get(&self.modules, index, "module")?),
            // Passed on by reference: evaluated where it is instantiated.
            ComponentExternalKind::Component => CompItem::Component(get(&self.components, index, "component")?),
            ComponentExternalKind::Value => CompItem::Value,
        })
    }

    /// Core item `index` of kind `kind`.
    fn core_item(&self, kind: ExternalKind, index: u32) -> Result<CoreItem<'a>> {
        match kind {
            ExternalKind::Func | ExternalKind::FuncExact => get(&self.core_funcs, index, "core function"),
            ExternalKind::Memory => get(&self.core_memories, index, "core memory"),
            ExternalKind::Table => get(&self.core_tables, index, "core table"),
            ExternalKind::Global => get(&self.core_globals, index, "core global"),
            ExternalKind::Tag => get(&self.core_tags, index, "core tag"),
        }
    }

    fn alias(&mut self, alias: &ComponentAlias<'a>) -> Result<()> {
        match *alias {
            ComponentAlias::InstanceExport { kind, instance_index, name } => {
                let item = match get(&self.instances, instance_index, "instance")? {
                    CompInstance::Host(interface) => match kind {
                        ComponentExternalKind::Func => CompItem::Func(CompFunc::Host { interface, name }),
                        ComponentExternalKind::Type => CompItem::Type(TypeDef::Host { interface, name }),
                        _ => return Err(unsupported(format!("alias of `{name}` of host interface `{interface}`"))),
                    },
                    CompInstance::Items(items) => items
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, i)| i.clone())
                        .ok_or_else(|| unsupported(format!("instance has no export `{name}`")))?,
                };
                self.push(item);
            }
            ComponentAlias::CoreInstanceExport { kind, instance_index, name } => {
                let item = get(&self.core_instances, instance_index, "core instance")?.export(name)?;
                match kind {
                    ExternalKind::Func | ExternalKind::FuncExact => self.core_funcs.push(item),
                    ExternalKind::Memory => self.core_memories.push(item),
                    ExternalKind::Table => self.core_tables.push(item),
                    ExternalKind::Global => self.core_globals.push(item),
                    ExternalKind::Tag => self.core_tags.push(item),
                }
            }
            ComponentAlias::Outer { kind, count, index } => {
                let mut outer = self.outer.clone();
                for _ in 1..count {
                    outer = outer.and_then(|o| o.outer.clone());
                }
                let (modules, types, components) = match (count, &outer) {
                    (0, _) => (self.modules.clone(), self.types.clone(), self.components.clone()),
                    (_, Some(o)) => (o.modules.clone(), o.types.clone(), o.components.clone()),
                    (_, None) => return Err(unsupported("outer alias past the root component".into())),
                };
                match kind {
                    ComponentOuterAliasKind::CoreModule => self.modules.push(get(&modules, index, "module")?),
                    ComponentOuterAliasKind::Type => self.types.push(get(&types, index, "type")?),
                    ComponentOuterAliasKind::Component => self.components.push(get(&components, index, "component")?),
                    ComponentOuterAliasKind::CoreType => {}
                }
            }
        }
        Ok(())
    }

    fn options(&self, options: &[CanonicalOption]) -> Result<Options<'a>> {
        let mut o = Options::default();
        for option in options {
            match *option {
                CanonicalOption::UTF8 => o.encoding = StringEncoding::Utf8,
                CanonicalOption::UTF16 => o.encoding = StringEncoding::Utf16,
                CanonicalOption::CompactUTF16 => o.encoding = StringEncoding::CompactUtf16,
                CanonicalOption::Memory(m) => o.memory = Some(get(&self.core_memories, m, "core memory")?),
                CanonicalOption::Realloc(f) => o.realloc = Some(get(&self.core_funcs, f, "core function")?),
                CanonicalOption::PostReturn(f) => o.post_return = Some(get(&self.core_funcs, f, "core function")?),
                CanonicalOption::Callback(f) => o.callback = Some(get(&self.core_funcs, f, "core function")?),
                CanonicalOption::Async => o.asynchronous = true,
                CanonicalOption::CoreType(_) => {}
                CanonicalOption::Gc => return Err(unsupported("the GC canonical ABI".into())),
            }
        }
        Ok(o)
    }

    fn resource_op(&self, op: ResourceOp, index: u32) -> Result<CoreItem<'a>> {
        let resource = self.resource_type(index).map_err(|why| unsupported(format!("resource built-in on {why}")))?;
        Ok(CoreItem::Builtin(Builtin::Resource { op, resource }))
    }

    /// The resource type `index` names.
    fn resource_type(&self, index: u32) -> std::result::Result<Resource<'a>, String> {
        match self.types.get(index as usize) {
            Some(TypeDef::Resource(r)) => Ok(r.clone()),
            Some(TypeDef::Host { interface, name }) => Ok(Resource::Host { interface, name }),
            _ => Err(format!("type {index}, not a resource")),
        }
    }

    /// The canonical type of value type `t` (defined before), or why it
    /// has none here.
    fn val(&self, t: &ComponentValType) -> std::result::Result<ValType, String> {
        let index = match *t {
            ComponentValType::Primitive(p) => return Ok(super::types::primitive(p)),
            ComponentValType::Type(index) => index,
        };
        match self.types.get(index as usize) {
            Some(TypeDef::Val(v)) => Ok((**v).clone()),
            Some(TypeDef::Unknown(why)) => Err(why.to_string()),
            Some(TypeDef::Host { interface, name }) => Err(format!("`{name}` of `{interface}`, a host type")),
            _ => Err(format!("type {index}, not a value type")),
        }
    }

    /// The resource type `index` names, numbered in `resources`.
    fn resource(&self, index: u32, resources: &mut Vec<Resource<'a>>) -> std::result::Result<ResourceId, String> {
        Ok(resource_id(resources, &self.resource_type(index)?))
    }

    /// The canonical type of the value type `d` the component defines.
    fn defined(
        &self,
        d: &wasmparser::ComponentDefinedType<'a>,
        resources: &mut Vec<Resource<'a>>,
    ) -> std::result::Result<ValType, String> {
        use wasmparser::ComponentDefinedType as D;
        let boxed = |t: &ComponentValType| self.val(t).map(Box::new);
        let opt = |t: &Option<ComponentValType>| t.as_ref().map(boxed).transpose();
        Ok(match d {
            D::Primitive(p) => super::types::primitive(*p),
            D::Record(fields) => {
                ValType::Record(fields.iter().map(|(n, t)| Ok((n.to_string(), self.val(t)?))).collect::<std::result::Result<_, String>>()?)
            }
            D::Variant(cases) => ValType::Variant(
                cases
                    .iter()
                    .map(|c| Ok((c.name.to_string(), c.ty.as_ref().map(|t| self.val(t)).transpose()?)))
                    .collect::<std::result::Result<_, String>>()?,
            ),
            D::List(t) => ValType::List(boxed(t)?),
            D::Tuple(ts) => ValType::Tuple(ts.iter().map(|t| self.val(t)).collect::<std::result::Result<_, String>>()?),
            D::Flags(names) => ValType::Flags(names.iter().map(|n| n.to_string()).collect()),
            D::Enum(names) => ValType::Enum(names.iter().map(|n| n.to_string()).collect()),
            D::Option(t) => ValType::Option(boxed(t)?),
            D::Result { ok, err } => ValType::Result { ok: opt(ok)?, err: opt(err)? },
            D::Own(r) => ValType::Own(self.resource(*r, resources)?),
            D::Borrow(r) => ValType::Borrow(self.resource(*r, resources)?),
            D::Future(t) => ValType::Future(opt(t)?),
            D::Stream(t) => ValType::Stream(opt(t)?),
            D::Map(..) => return Err("a map type".into()),
            D::FixedLengthList(..) => return Err("a fixed-length list type".into()),
        })
    }

    /// The canonical type of the function type `f` the component defines.
    fn func_type(&self, f: &wasmparser::ComponentFuncType<'a>) -> std::result::Result<FuncType, String> {
        Ok(FuncType {
            params: f.params.iter().map(|(n, t)| Ok((n.to_string(), self.val(t)?))).collect::<std::result::Result<_, String>>()?,
            result: f.result.as_ref().map(|t| self.val(t)).transpose()?,
        })
    }
}
