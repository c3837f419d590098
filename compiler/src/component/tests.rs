//! The resolver on components written to exercise each kind of
//! definition; real components (Rust's `wasm32-wasip2`, the WASI 0.3
//! suite) are resolved by `tests/tests/components.rs`.

use super::plan::*;
use super::*;
use crate::options::WasmVersion;

/// A command shaped as `wit-component` makes them: a host interface with a
/// resource, a main module importing a lowered function that needs its own
/// memory (through a shim's table, filled after the main module exists),
/// and `run` lifted and exported through a nested component.
const COMMAND: &str = r#"
(component
  (import "wasi:io/streams@0.2.6" (instance $streams
    (export "output-stream" (type (sub resource)))
    (type $os (own 0))
    (type $b (borrow 0))
    (export "write" (func (param "s" $b) (param "bytes" (list u8))))
    (export "get" (func (result $os)))))
  (alias export $streams "output-stream" (type $output-stream))
  (core module $shim
    (table (export "$imports") 1 1 funcref)
    (type $t (func (param i32 i32 i32)))
    (func (export "0") (param i32 i32 i32) (call_indirect (type $t) (local.get 0) (local.get 1) (local.get 2) (i32.const 0))))
  (core module $main
    (import "streams" "write" (func $write (param i32 i32 i32)))
    (import "streams" "get" (func $get (result i32)))
    (import "streams" "[resource-drop]output-stream" (func $drop (param i32)))
    (memory (export "memory") 1)
    (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 16))
    (func (export "run") (result i32)
      (call $write (call $get) (i32.const 0) (i32.const 0))
      (i32.const 0)))
  (core module $fixup
    (import "" "$imports" (table 1 1 funcref))
    (import "" "0" (func $f (param i32 i32 i32)))
    (elem (i32.const 0) func $f))
  (core instance $shim (instantiate $shim))
  (alias core export $shim "0" (core func $write-indirect))
  (alias export $streams "get" (func $get))
  (core func $get-lowered (canon lower (func $get)))
  (core func $drop (canon resource.drop $output-stream))
  (core instance $streams-core
    (export "write" (func $write-indirect))
    (export "get" (func $get-lowered))
    (export "[resource-drop]output-stream" (func $drop)))
  (core instance $main (instantiate $main (with "streams" (instance $streams-core))))
  (alias core export $main "memory" (core memory $memory))
  (alias core export $main "cabi_realloc" (core func $realloc))
  (alias export $streams "write" (func $write))
  (core func $write-lowered (canon lower (func $write) (memory $memory) (realloc $realloc)))
  (core instance $fixup-args
    (export "$imports" (table $shim "$imports"))
    (export "0" (func $write-lowered)))
  (core instance (instantiate $fixup (with "" (instance $fixup-args))))
  (alias core export $main "run" (core func $run-core))
  (func $run (result (result)) (canon lift (core func $run-core)))
  (component $wrap
    (import "import-func-run" (func $f (result (result))))
    (export "run" (func $f)))
  (instance $run-instance (instantiate $wrap (with "import-func-run" (func $run))))
  (export "wasi:cli/run@0.2.0" (instance $run-instance)))
"#;

/// Resolves a component's bytes (or panics).
type Planner = fn(&[u8]) -> Plan<'_>;

fn plan_of(wat: &str) -> (Vec<u8>, Planner) {
    let bytes = wat::parse_str(wat).expect("valid component text");
    (bytes, |b| plan(b, WasmVersion::V3).expect("resolves"))
}

#[test]
fn components_are_told_apart_from_modules() {
    let (bytes, _) = plan_of(COMMAND);
    assert!(is_component(&bytes));
    assert!(!is_component(&wat::parse_str("(module)").unwrap()));
    assert!(!is_component(b"\0asm"));
}

#[test]
fn a_command_resolves_to_instances_in_order_with_every_import_bound() {
    let (bytes, plan_of) = plan_of(COMMAND);
    let plan = plan_of(&bytes);
    assert_eq!(plan.modules.len(), 3);
    // shim, main, fixup: in definition order.
    assert_eq!(plan.instances.iter().map(|i| i.module).collect::<Vec<_>>(), [0, 1, 2]);
    assert!(plan.instances[0].imports.is_empty());
    // main: the shim's trampoline, the lowered `get`, the resource drop.
    match &plan.instances[1].imports[..] {
        [CoreItem::Export { instance: 0, name: "0" }, CoreItem::Lowered(0), CoreItem::Builtin(Builtin::Resource {
            op: ResourceOp::Drop,
            resource: Resource::Host { interface: "wasi:io/streams@0.2.6", name: "output-stream" },
        })] => {}
        other => panic!("main's imports: {other:?}"),
    }
    // fixup: the shim's table and the lowering that needs main's memory.
    match &plan.instances[2].imports[..] {
        [CoreItem::Export { instance: 0, name: "$imports" }, CoreItem::Lowered(1)] => {}
        other => panic!("fixup's imports: {other:?}"),
    }
    assert!(plan.lowerings[0].options.memory.is_none());
    let write = &plan.lowerings[1];
    assert!(matches!(write.func, CompFunc::Host { interface: "wasi:io/streams@0.2.6", name: "write" }));
    assert!(matches!(write.options.memory, Some(CoreItem::Export { instance: 1, name: "memory" })));
    assert!(matches!(write.options.realloc, Some(CoreItem::Export { instance: 1, name: "cabi_realloc" })));
    assert_eq!(write.options.encoding, StringEncoding::Utf8);
    // `run`, through the nested component, is main's export lifted.
    let [(name, CompItem::Instance(CompInstance::Items(items)))] = &plan.exports[..] else {
        panic!("exports: {:?}", plan.exports)
    };
    assert_eq!(*name, "wasi:cli/run@0.2.0");
    match &items[..] {
        [("run", CompItem::Func(CompFunc::Lifted { core: CoreItem::Export { instance: 1, name: "run" }, .. }))] => {}
        other => panic!("run: {other:?}"),
    }
}

#[test]
fn needs_list_what_the_host_must_provide_by_wit_name() {
    let (bytes, plan_of) = plan_of(COMMAND);
    let needs = plan_of(&bytes).needs();
    assert_eq!(needs.len(), 1);
    assert_eq!(needs["wasi:io/streams@0.2.6"], ["get", "[resource-drop]output-stream", "write"]);
    let CompileError::Component(msg) = refuse(&bytes, WasmVersion::V3) else { panic!("not a component error") };
    assert!(msg.contains("3 core modules, 3 core instances"), "{msg}");
    assert!(msg.contains("wasi:io/streams@0.2.6: get, [resource-drop]output-stream, write"), "{msg}");
    assert!(msg.contains("It exports:\n  wasi:cli/run@0.2.0: run"), "{msg}");
}

#[test]
fn a_component_instantiated_twice_gets_two_core_instances_and_outer_aliases_resolve() {
    let wat = r#"
      (component
        (core module $m (func (export "f")))
        (component $c
          (alias outer 1 $m (core module $inner))
          (core instance $i (instantiate $inner))
          (alias core export $i "f" (core func $f))
          (func $g (canon lift (core func $f)))
          (export "g" (func $g)))
        (instance $a (instantiate $c))
        (instance $b (instantiate $c))
        (export "a" (instance $a))
        (export "b" (instance $b)))"#;
    let (bytes, plan_of) = plan_of(wat);
    let plan = plan_of(&bytes);
    assert_eq!(plan.instances.iter().map(|i| i.module).collect::<Vec<_>>(), [0, 0]);
    let lifted = |i: usize| match &plan.exports[i].1 {
        CompItem::Instance(CompInstance::Items(items)) => match &items[0].1 {
            CompItem::Func(CompFunc::Lifted { core: CoreItem::Export { instance, .. }, .. }) => *instance,
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    assert_eq!((lifted(0), lifted(1)), (0, 1));
    assert!(plan.needs().is_empty());
}

#[test]
fn async_built_ins_are_listed_as_needed() {
    let wat = r#"
      (component
        (core func $new (canon waitable-set.new))
        (core module $m (import "" "new" (func (result i32))))
        (core instance $args (export "new" (func $new)))
        (core instance (instantiate $m (with "" (instance $args)))))"#;
    let (bytes, plan_of) = plan_of(wat);
    assert_eq!(plan_of(&bytes).needs()[""], ["waitable-set.new"]);
}

#[test]
fn invalid_components_are_invalid() {
    // The module's import has no instance to come from.
    let bytes = wat::parse_str(r#"(component (core module $m (import "a" "b" (func))) (core instance (instantiate $m)))"#)
        .unwrap();
    assert!(matches!(refuse(&bytes, WasmVersion::V3), CompileError::Invalid { .. }));
}

#[test]
fn components_passed_as_arguments_are_instantiated_where_they_go() {
    let wat = r#"
      (component
        (component $inner (core module $m) (core instance (instantiate $m)))
        (component $outer
          (import "c" (component $c))
          (instance (instantiate $c))
          (instance (instantiate $c))
          (export "c" (component $c)))
        (instance $o (instantiate $outer (with "c" (component $inner))))
        (alias export $o "c" (component $again))
        (instance (instantiate $again)))"#;
    let (bytes, plan_of) = plan_of(wat);
    assert_eq!(plan_of(&bytes).instances.len(), 3);
}

#[test]
fn host_function_types_come_from_the_imported_interfaces() {
    use wasm2native_abi::canonical::{Context, FuncType, ResourceId, ValType};
    let bytes = wat::parse_str(COMMAND).unwrap();
    let validated = Validator::new_with_features(features(WasmVersion::V3)).validate_all(&bytes).unwrap();
    let plan = plan(&bytes, WasmVersion::V3).unwrap();
    let mut map = types::TypeMap::new(&validated, &plan);
    let write = map.host_func("wasi:io/streams@0.2.6", "write").unwrap();
    assert_eq!(
        write,
        FuncType {
            params: vec![("s".into(), ValType::Borrow(ResourceId(0))), ("bytes".into(), ValType::List(Box::new(ValType::U8)))],
            result: None,
        }
    );
    assert_eq!(map.host_func("wasi:io/streams@0.2.6", "get").unwrap().result, Some(ValType::Own(ResourceId(0))));
    assert_eq!(map.resources(), [("wasi:io/streams@0.2.6".to_string(), "output-stream".to_string())]);
    let run = map.export_func("wasi:cli/run@0.2.0", "run").unwrap();
    assert_eq!(run.result, Some(ValType::Result { ok: None, err: None }));
    assert_eq!(run.core_signature(Context::Lift, false, false).results.len(), 1);
    assert!(map.host_func("wasi:io/streams@0.2.6", "nope").is_err());
}

#[test]
fn instantiation_blowups_are_refused_not_attempted() {
    // Each level instantiates the one inside it twice: 2^20 core instances.
    let mut body = String::from("(core module $m) (core instance (instantiate $m))");
    for _ in 0..20 {
        body = format!("(component $c {body}) (instance (instantiate $c)) (instance (instantiate $c))");
    }
    let bytes = wat::parse_str(format!("(component {body})")).unwrap();
    let started = std::time::Instant::now();
    match plan(&bytes, WasmVersion::V3) {
        Err(CompileError::Unsupported(m)) => assert!(m.contains("more than"), "{m}"),
        other => panic!("{:?}", other.map(|p| p.instances.len())),
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}


#[test]
fn calls_between_components_are_typed_by_the_resolver() {
    use wasm2native_abi::canonical::ValType;
    let bytes = wat::parse_str(include_str!("../../../tests/components/composed.wat")).unwrap();
    let plan = plan(&bytes, WasmVersion::V3).unwrap();
    assert!(plan.needs().is_empty(), "{:?}", plan.needs());
    // `$lib`'s and `$runner`'s core instances are in two component instances.
    let scopes: std::collections::BTreeSet<usize> = plan.instances.iter().map(|i| i.scope).collect();
    assert_eq!(scopes.len(), 2, "{scopes:?}");
    let lifted: Vec<&FuncType> = plan
        .lowerings
        .iter()
        .filter_map(|l| match &l.func {
            CompFunc::Lifted { ty, .. } => Some(&**ty.as_ref().unwrap()),
            CompFunc::Host { .. } => None,
        })
        .collect();
    assert_eq!(lifted.len(), 8);
    // `make`'s own and `bump`'s borrow are of the one resource `$lib` defines.
    let own = lifted.iter().find_map(|f| match &f.result {
        Some(ValType::Own(r)) => Some(*r),
        _ => None,
    });
    let borrow = lifted.iter().find_map(|f| match f.params.first() {
        Some((_, ValType::Borrow(r))) => Some(*r),
        _ => None,
    });
    assert_eq!(own, borrow);
    assert!(matches!(plan.resources[own.unwrap().0 as usize], Resource::Guest { dtor: Some(_), .. }));
    assert!(lifted.iter().any(|f| f.params.len() == 17));
    assert!(lifted.iter().any(|f| f.params.first().is_some_and(|(_, t)| *t == ValType::String) && f.result == Some(ValType::String)));
}
