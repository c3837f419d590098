//! Library mode (`--emit staticlib|sharedlib`): a module as a C library.
//!
//! A library's C interface is computed once from the module
//! ([`Interface::of`]) and used twice: [`entry_points`] generates its C
//! functions into the object, [`header`] declares them for the host. The
//! functions are thin: each calls a generic entry of the runtime's C API
//! (`runtime-lib/src/capi/`), which catches traps, `proc_exit` and WASI
//! guest errors so that nothing a guest does ends the host process.
//! [`archive`] writes static libraries; shared ones are linked in
//! [`crate::link`].

pub mod archive;
pub mod entry_points;
pub mod header;
pub mod names;

use std::collections::HashMap;

use wasm2native_abi::meta::{ExportKind, FuncType, GlobalType, MemoryType};

use crate::error::{CompileError, Result};
use crate::module_info::ModuleInfo;

/// One export as the C interface offers it.
#[derive(Clone, Debug)]
pub struct Item<'a> {
    /// The wasm export name.
    pub export: &'a str,
    /// The C name: `<name>_<export>`, the export escaped when it is not a C
    /// identifier (globals add `_get`/`_set`).
    pub c_name: String,
    /// What it is.
    pub kind: ItemKind,
}

/// What an [`Item`] is.
#[derive(Clone, Debug)]
pub enum ItemKind {
    /// A function: its index and type.
    Func(u32, FuncType),
    /// A memory: its index and type.
    Memory(u32, MemoryType),
    /// A global: its index and type.
    Global(u32, GlobalType),
    /// A table or tag: not reachable from C (the header says so).
    Unreachable(&'static str),
}

/// A library's C interface.
#[derive(Clone, Debug)]
pub struct Interface<'a> {
    /// The prefix of every C name (`--name`), a C identifier.
    pub name: String,
    /// The exports, in export order.
    pub items: Vec<Item<'a>>,
}

impl<'a> Interface<'a> {
    /// The C interface of `info` under prefix `name`. Fails when `name` is
    /// not a C identifier or when two C names collide (an escaped export
    /// name meeting another export's, or one of the fixed names
    /// `<name>_instance`, `<name>_instantiate`, `<name>_instance_free`).
    ///
    /// The instance is freed by `<name>_instance_free`, not `<name>_free`:
    /// C reactors export `malloc` and `free`, whose functions are then
    /// `<name>_malloc` and `<name>_free`.
    pub fn of(info: &ModuleInfo<'a>, name: &str) -> Result<Interface<'a>> {
        if !names::is_c_identifier(name) {
            return Err(CompileError::Options(format!(
                "--name {name:?} is not a C identifier (letters, digits and `_`, not starting with a digit)"
            )));
        }
        let mut taken: HashMap<String, String> = HashMap::new();
        for fixed in ["instance", "instantiate", "instance_free"] {
            taken.insert(format!("{name}_{fixed}"), format!("the library's own `{name}_{fixed}`"));
        }
        let mut items = Vec::new();
        for e in &info.exports {
            let c_name = format!("{name}_{}", names::export_c_name(e.name));
            let kind = match e.kind {
                ExportKind::Func => ItemKind::Func(e.index, info.func_type(e.index).clone()),
                ExportKind::Memory => ItemKind::Memory(e.index, info.memories[e.index as usize]),
                ExportKind::Global => ItemKind::Global(e.index, info.globals[e.index as usize]),
                ExportKind::Table => ItemKind::Unreachable("table"),
                ExportKind::Tag => ItemKind::Unreachable("tag"),
            };
            let symbols = match kind {
                ItemKind::Global(..) => vec![format!("{c_name}_get"), format!("{c_name}_set")],
                ItemKind::Unreachable(_) => vec![],
                _ => vec![c_name.clone()],
            };
            for s in symbols {
                let what = format!("export {:?}", e.name);
                if let Some(other) = taken.insert(s.clone(), what.clone()) {
                    return Err(CompileError::Options(format!(
                        "the C name `{s}` of {what} is also the C name of {other}; rename one of the exports or \
                         choose another --name"
                    )));
                }
            }
            items.push(Item { export: e.name, c_name, kind });
        }
        Ok(Interface { name: name.to_string(), items })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(wat: &str) -> Vec<u8> {
        wat::parse_str(wat).unwrap()
    }

    #[test]
    fn names_follow_exports_and_collisions_are_errors() {
        let wasm = info(
            r#"(module (memory (export "memory") 1) (global (export "g") (mut i32) (i32.const 0))
                (func (export "greet") (param i32) (result i32) local.get 0) (func (export "my-func"))
                (table (export "t") 1 funcref))"#,
        );
        let m = crate::module_info::parse(&wasm, Default::default()).unwrap();
        let i = Interface::of(&m, "app").unwrap();
        let names: Vec<&str> = i.items.iter().map(|i| i.c_name.as_str()).collect();
        assert_eq!(names, ["app_memory", "app_g", "app_greet", "app_my_2dfunc", "app_t"]);
        assert!(Interface::of(&m, "1app").is_err());

        let clash = info(r#"(module (global (export "g") i32 (i32.const 0)) (func (export "g_get")))"#);
        let m = crate::module_info::parse(&clash, Default::default()).unwrap();
        let e = Interface::of(&m, "app").unwrap_err().to_string();
        assert!(e.contains("`app_g_get`"), "{e}");
        let fixed = info(r#"(module (func (export "instance_free")) (func (export "free")))"#);
        let m = crate::module_info::parse(&fixed, Default::default()).unwrap();
        assert!(Interface::of(&m, "app").unwrap_err().to_string().contains("app_instance_free"));
        let escaped = info(r#"(module (func (export "a-b")) (func (export "a_2db")))"#);
        let m = crate::module_info::parse(&escaped, Default::default()).unwrap();
        assert!(Interface::of(&m, "app").is_err());
    }
}
