//! A component binary as a tree of definitions, in order: each component
//! (the root and every nested one) is a list of [`Item`]s that the
//! resolver evaluates once per instantiation. Core modules are kept as
//! byte ranges of the input; nothing is copied.

use wasmparser::{
    CanonicalFunction, ComponentAlias, ComponentExport, ComponentImport, ComponentInstance, ComponentType, Instance,
    Parser, Payload,
};

use crate::error::{CompileError, Result};

/// One definition of a component, in the order of its sections.
pub enum Item<'a> {
    /// `(import ...)`.
    Import(ComponentImport<'a>),
    /// `(core module ...)`: index into [`Tree::modules`].
    Module(usize),
    /// `(component ...)`: index into [`Tree::components`].
    Component(usize),
    /// `(core instance ...)`.
    CoreInstance(Instance<'a>),
    /// `(instance ...)`.
    Instance(ComponentInstance<'a>),
    /// `(alias ...)`.
    Alias(ComponentAlias<'a>),
    /// `(canon ...)`.
    Canon(CanonicalFunction),
    /// `(type ...)`: a component type definition.
    Type(ComponentType<'a>),
    /// `(core type ...)`: adds a core type (not needed by the resolver).
    CoreType,
    /// `(export ...)`.
    Export(ComponentExport<'a>),
    /// `(start ...)`: a value-level start function.
    Start,
}

/// Every component and core module of a binary.
pub struct Tree<'a> {
    /// The components' items; the root is the last one closed, index
    /// [`Tree::root`].
    pub components: Vec<Vec<Item<'a>>>,
    /// The root component.
    pub root: usize,
    /// The core modules' bytes, in order of appearance.
    pub modules: Vec<&'a [u8]>,
}

/// Reads a component binary (already validated) into its tree.
pub fn parse(bytes: &[u8]) -> Result<Tree<'_>> {
    let mut tree = Tree { components: Vec::new(), root: 0, modules: Vec::new() };
    // The components being read, innermost last; payloads of a nested core
    // module are skipped until its end.
    let mut open: Vec<Vec<Item<'_>>> = Vec::new();
    let mut in_module = false;
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(CompileError::invalid)?;
        if in_module {
            if let Payload::End(_) = payload {
                in_module = false;
            }
            continue;
        }
        let items = open.last_mut();
        match payload {
            Payload::Version { encoding: wasmparser::Encoding::Component, .. } => open.push(Vec::new()),
            Payload::Version { .. } => {
                return Err(CompileError::Malformed("a core module where a component was expected".into()))
            }
            Payload::End(_) => {
                let done = open.pop().expect("an open component");
                tree.components.push(done);
                let index = tree.components.len() - 1;
                match open.last_mut() {
                    Some(parent) => parent.push(Item::Component(index)),
                    None => tree.root = index,
                }
            }
            Payload::ModuleSection { unchecked_range, .. } => {
                tree.modules.push(&bytes[unchecked_range.start as usize..unchecked_range.end as usize]);
                let index = tree.modules.len() - 1;
                items.expect("inside a component").push(Item::Module(index));
                in_module = true;
            }
            Payload::ComponentSection { .. } => {}
            Payload::ComponentImportSection(s) => push_all(items, s, Item::Import)?,
            Payload::ComponentExportSection(s) => push_all(items, s, Item::Export)?,
            Payload::InstanceSection(s) => push_all(items, s, Item::CoreInstance)?,
            Payload::ComponentInstanceSection(s) => push_all(items, s, Item::Instance)?,
            Payload::ComponentAliasSection(s) => push_all(items, s, Item::Alias)?,
            Payload::ComponentCanonicalSection(s) => push_all(items, s, Item::Canon)?,
            Payload::ComponentTypeSection(s) => push_all(items, s, Item::Type)?,
            Payload::CoreTypeSection(s) => {
                let items = items.expect("inside a component");
                for _ in 0..s.count() {
                    items.push(Item::CoreType);
                }
            }
            Payload::ComponentStartSection { .. } => items.expect("inside a component").push(Item::Start),
            // Custom sections (names, producers) and anything else that
            // defines nothing.
            _ => {}
        }
    }
    if !open.is_empty() {
        return Err(CompileError::Malformed("component ends early".into()));
    }
    Ok(tree)
}

fn push_all<'a, T: wasmparser::FromReader<'a>>(
    items: Option<&mut Vec<Item<'a>>>,
    section: wasmparser::SectionLimited<'a, T>,
    wrap: impl Fn(T) -> Item<'a>,
) -> Result<()> {
    let items = items.expect("inside a component");
    for entry in section {
        items.push(wrap(entry.map_err(CompileError::invalid)?));
    }
    Ok(())
}
