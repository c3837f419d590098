//! What the resolver makes of a component: its core modules, the core
//! instances in instantiation order with every import bound, the component
//! functions lowered into core functions, and its exports. Everything is
//! static: instantiating the component is running [`Plan::instances`] in
//! order.

use std::collections::BTreeMap;
use std::rc::Rc;

/// A component resolved at compile time.
pub struct Plan<'a> {
    /// The core modules' bytes (every one the binary defines).
    pub modules: Vec<&'a [u8]>,
    /// The core instances, in instantiation order.
    pub instances: Vec<CoreInstance<'a>>,
    /// The component functions lowered into core functions.
    pub lowerings: Vec<Lowering<'a>>,
    /// The root component's imports (what its host provides), by name.
    pub imports: Vec<&'a str>,
    /// The root component's exports, in order.
    pub exports: Vec<(&'a str, CompItem<'a>)>,
    /// The resource types the component's own function types name (its
    /// own and the host's), in the order met: [`ResourceId`] `n` is entry
    /// `n`.
    pub resources: Vec<Resource<'a>>,
}

pub use wasm2native_abi::canonical::{FuncType, ResourceId, ValType};

/// One instantiation of a core module.
pub struct CoreInstance<'a> {
    /// Index into [`Plan::modules`].
    pub module: usize,
    /// The component instance it belongs to.
    pub scope: usize,
    /// What each import of the module is bound to, in import order.
    pub imports: Vec<CoreItem<'a>>,
}

/// A core function, memory, table, global or tag.
#[derive(Clone, Debug)]
pub enum CoreItem<'a> {
    /// Export `name` of core instance `instance` (index into
    /// [`Plan::instances`]).
    Export {
        /// The instance.
        instance: usize,
        /// The export's name.
        name: &'a str,
    },
    /// The lowering `n` (index into [`Plan::lowerings`]).
    Lowered(usize),
    /// A canonical built-in.
    Builtin(Builtin<'a>),
}

/// A canonical built-in function other than `lift` and `lower`.
#[derive(Clone, Debug)]
pub enum Builtin<'a> {
    /// `resource.new`, `resource.drop` or `resource.rep`.
    Resource {
        /// Which one.
        op: ResourceOp,
        /// Of which resource type.
        resource: Resource<'a>,
    },
    /// A built-in of the async ABI, with its options.
    Async {
        /// Which one.
        builtin: AsyncBuiltin,
        /// Its canonical options (`stream.read`'s memory, ...).
        options: Box<Options<'a>>,
    },
    /// Any other (threads, error contexts, forwarding): its text-format
    /// name.
    Other(&'static str),
}

pub use wasm2native_abi::meta::ResourceOp;

/// A resource type.
#[derive(Clone, Debug)]
pub enum Resource<'a> {
    /// Type `name` of host interface `interface`.
    Host {
        /// The interface (`wasi:io/streams@0.2.6`).
        interface: &'a str,
        /// The type's name (`output-stream`).
        name: &'a str,
    },
    /// Defined by the component: type `index` of component instance
    /// `scope`, with its destructor.
    Guest {
        /// Which instantiation of which component defined it.
        scope: usize,
        /// Its type index there.
        index: u32,
        /// The destructor, if any.
        dtor: Option<Box<CoreItem<'a>>>,
    },
}

/// A component function lowered into a core function.
#[derive(Clone, Debug)]
pub struct Lowering<'a> {
    /// The function.
    pub func: CompFunc<'a>,
    /// The canonical options of the lowering.
    pub options: Options<'a>,
}

pub use wasm2native_abi::canonical::tasks::Builtin as AsyncBuiltin;
pub use wasm2native_abi::canonical::StringEncoding;

/// Canonical options: where lists and strings live, and how calls end.
#[derive(Clone, Debug, Default)]
pub struct Options<'a> {
    /// `(memory ...)`.
    pub memory: Option<CoreItem<'a>>,
    /// `(realloc ...)`.
    pub realloc: Option<CoreItem<'a>>,
    /// `(post-return ...)`.
    pub post_return: Option<CoreItem<'a>>,
    /// `(callback ...)` of an async lift.
    pub callback: Option<CoreItem<'a>>,
    /// The string encoding.
    pub encoding: StringEncoding,
    /// `async`.
    pub asynchronous: bool,
}

/// A component-level function.
#[derive(Clone, Debug)]
pub enum CompFunc<'a> {
    /// Function `name` of host interface `interface` (for a function
    /// imported on its own, `interface` is its import name and `name` is
    /// empty).
    Host {
        /// The interface.
        interface: &'a str,
        /// The function.
        name: &'a str,
    },
    /// A core function lifted by the component.
    Lifted {
        /// The core function.
        core: CoreItem<'a>,
        /// The lift's options.
        options: Options<'a>,
        /// The function's type, or why the resolver cannot give it.
        ty: Result<Rc<FuncType>, Rc<str>>,
    },
}

/// A component-level item.
#[derive(Clone, Debug)]
pub enum CompItem<'a> {
    /// A function.
    Func(CompFunc<'a>),
    /// An instance.
    Instance(CompInstance<'a>),
    /// A type.
    Type(TypeDef<'a>),
    /// A component (not instantiated).
    Component(ComponentRef<'a>),
    /// A core module.
    Module(usize),
    /// A value.
    Value,
}

/// A component definition and the scope it was defined in (what its outer
/// aliases refer to).
#[derive(Clone)]
pub struct ComponentRef<'a> {
    /// Index into the tree's components.
    pub def: usize,
    pub(super) outer: Option<Rc<Outer<'a>>>,
}

impl std::fmt::Debug for ComponentRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "component {}", self.def)
    }
}

/// The items a nested component's outer aliases may name: those of the
/// enclosing components when it was defined (only items defined before it
/// are in reach).
pub(super) struct Outer<'a> {
    pub(super) modules: Vec<usize>,
    pub(super) types: Vec<TypeDef<'a>>,
    pub(super) components: Vec<ComponentRef<'a>>,
    pub(super) outer: Option<Rc<Outer<'a>>>,
}

/// A component instance.
#[derive(Clone, Debug)]
pub enum CompInstance<'a> {
    /// An imported host interface.
    Host(&'a str),
    /// Items by name (an instantiated component's exports, or a bag).
    Items(Rc<Vec<(&'a str, CompItem<'a>)>>),
}

/// A component type, as far as the resolver needs it.
#[derive(Clone, Debug)]
pub enum TypeDef<'a> {
    /// A resource type.
    Resource(Resource<'a>),
    /// Exported type `name` of host interface `interface` (a resource, or
    /// a named record, variant, ...).
    Host {
        /// The interface.
        interface: &'a str,
        /// The type's name.
        name: &'a str,
    },
    /// A value type the component defines.
    Val(Rc<ValType>),
    /// A function type the component defines.
    Func(Rc<FuncType>),
    /// A type the resolver cannot express, and why (a host interface's
    /// record, say, whose definition only the validator knows).
    Unknown(Rc<str>),
    /// Any other type (an instance or component type).
    Other,
}

impl Resource<'_> {
    /// Whether `self` and `other` are the same resource type.
    pub fn same(&self, other: &Resource<'_>) -> bool {
        match (self, other) {
            (Resource::Host { interface: a, name: n }, Resource::Host { interface: b, name: m }) => a == b && n == m,
            (Resource::Guest { scope: a, index: i, .. }, Resource::Guest { scope: b, index: j, .. }) => a == b && i == j,
            _ => false,
        }
    }
}

impl<'a> Plan<'a> {
    /// What the component needs from its host, by interface: the
    /// functions it lowers (and the host resources it drops, as
    /// `[resource-drop]NAME`); under the empty name, the canonical
    /// built-ins it uses beyond `lift`, `lower` and the resource ones.
    pub fn needs(&self) -> BTreeMap<&'a str, Vec<String>> {
        let mut needs: BTreeMap<&'a str, Vec<String>> = BTreeMap::new();
        let mut add = |interface: &'a str, what: String| {
            let list = needs.entry(interface).or_default();
            if !list.contains(&what) {
                list.push(what);
            }
        };
        let mut used: Vec<&CoreItem<'a>> = self.instances.iter().flat_map(|i| &i.imports).collect();
        for l in &self.lowerings {
            used.extend([&l.options.memory, &l.options.realloc, &l.options.post_return, &l.options.callback].into_iter().flatten());
        }
        for item in used {
            match item {
                CoreItem::Export { .. } => {}
                CoreItem::Lowered(n) => {
                    if let CompFunc::Host { interface, name } = &self.lowerings[*n].func {
                        add(interface, name.to_string());
                    }
                }
                CoreItem::Builtin(Builtin::Resource { op, resource: Resource::Host { interface, name } }) => {
                    add(interface, format!("[{}]{name}", op.name().replace('.', "-")));
                }
                CoreItem::Builtin(Builtin::Resource { resource: Resource::Guest { .. }, .. }) => {}
                CoreItem::Builtin(Builtin::Other(name)) => add("", (*name).to_string()),
                CoreItem::Builtin(Builtin::Async { builtin, .. }) => add("", builtin.name()),
            }
        }
        needs
    }

    /// The root exports as `NAME` or `NAME: f, g, ...` for an instance.
    pub fn describe_exports(&self) -> Vec<String> {
        self.exports
            .iter()
            .map(|(name, item)| match item {
                CompItem::Instance(CompInstance::Items(items)) => {
                    let funcs: Vec<&str> =
                        items.iter().filter(|(_, i)| matches!(i, CompItem::Func(_))).map(|(n, _)| *n).collect();
                    format!("{name}: {}", funcs.join(", "))
                }
                CompItem::Func(_) => format!("{name} (a function)"),
                _ => name.to_string(),
            })
            .collect()
    }
}
