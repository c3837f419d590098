//! The seed modules the mutating targets start from: the hand-written
//! operator tests (`tests/wat`), a few hand-written modules (and a
//! component) of our own, and
//! the smaller C and Rust programs (`tests/programs/wasm`, under 32 KB: the
//! historical source of Cranelift panics when mutated byte by byte).

use std::sync::OnceLock;

/// One seed module.
pub struct Seed {
    /// Where it comes from (relative to `tests/`, or `fuzz:NAME`).
    pub name: &'static str,
    /// Binary wasm.
    pub wasm: Vec<u8>,
}

/// How a seed is embedded.
enum Source {
    /// WebAssembly text.
    Text(&'static str, &'static str),
    /// Binary wasm.
    Binary(&'static str, &'static [u8]),
}

/// Small modules for constructs the fixtures cover thinly.
const OWN: &[(&str, &str)] = &[
    (
        "fuzz:loops",
        r#"(module
  (memory 1)
  (func (export "f") (param i32 i64) (result i32)
    (local f32 f64 v128)
    block (result i32)
      loop (result i32)
        local.get 0
        i32.const 1
        i32.sub
        local.tee 0
        br_if 0
        local.get 0
        local.get 0
        br_table 1 1
      end
    end
    local.get 1
    i32.wrap_i64
    i32.add
    i32.load offset=4
    if (result i32)
      i32.const 1
    else
      unreachable
    end))"#,
    ),
    (
        "fuzz:calls",
        r#"(module
  (type $t (func (param i32) (result i32)))
  (table 4 funcref)
  (elem (i32.const 0) $a $b)
  (func $a (type $t) local.get 0)
  (func $b (type $t) (return_call $a (local.get 0)))
  (func (export "c") (param i32) (result i32)
    (call_indirect (type $t) (local.get 0) (local.get 0))
    (return_call_indirect (type $t) (i32.const 1))))"#,
    ),
    (
        "fuzz:memories",
        r#"(module
  (memory $m0 1)
  (memory $m1 i64 1 2)
  (memory $m2 1 (pagesize 1))
  (data (memory $m1) (i64.const 8) "abc")
  (func (export "f") (param i64) (result i32)
    (i32.store8 $m2 (i32.const 0) (i32.load8_u $m1 (local.get 0)))
    (memory.copy $m0 $m1 (i32.const 0) (i64.const 0) (i32.const 3))
    (drop (memory.grow $m1 (i64.const 1)))
    (i32.load $m0 (i32.const 0))))"#,
    ),
    (
        "fuzz:exceptions",
        r#"(module
  (tag $e (param i32))
  (func $t (param i32) (throw $e (local.get 0)))
  (func (export "f") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h)
        (call $t (local.get 0)))
      (i32.const 0))))"#,
    ),
    (
        "fuzz:simd",
        r#"(module
  (func (export "f") (param v128 v128) (result v128)
    local.get 0
    local.get 1
    v128.const i32x4 1 2 3 4
    i32x4.relaxed_laneselect
    local.get 1
    i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31
    local.get 0
    local.get 1
    f32x4.relaxed_madd
    local.get 1
    i64x2.extmul_low_i32x4_s))"#,
    ),
    (
        "fuzz:wide",
        r#"(module
  (global $g (mut i64) (i64.add (i64.const 1) (i64.const 2)))
  (func (export "f") (param i64 i64 i64 i64) (result i64 i64)
    (i64.add128 (local.get 0) (local.get 1) (local.get 2) (local.get 3))
    (drop)
    (drop)
    (i64.mul_wide_s (global.get $g) (local.get 2))))"#,
    ),
    (
        "fuzz:funcref",
        r#"(module
  (type $t (func (param i32) (result i32)))
  (func $id (type $t) local.get 0)
  (elem declare func $id)
  (func (export "f") (param i32) (result i32)
    (call_ref $t (local.get 0) (ref.func $id))
    (br_on_null 0 (ref.null $t))
    (call_ref $t)))"#,
    ),
    (
        "fuzz:component",
        r#"(component
  (import "wasi:io/streams@0.2.6" (instance $streams
    (export "output-stream" (type (sub resource)))
    (type $b (borrow 0))
    (export "write" (func (param "s" $b) (param "bytes" (list u8)) (result (result u64 (error string)))))))
  (alias export $streams "output-stream" (type $os))
  (core module $main
    (import "s" "write" (func $write (param i32 i32 i32 i32)))
    (import "s" "drop" (func $drop (param i32)))
    (memory (export "memory") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 16))
    (func (export "run") (result i32) (i32.const 0)))
  (core module $shim
    (table (export "t") 1 1 funcref)
    (type $w (func (param i32 i32 i32 i32)))
    (func (export "write") (param i32 i32 i32 i32)
      (call_indirect (type $w) (local.get 0) (local.get 1) (local.get 2) (local.get 3) (i32.const 0))))
  (core module $fixup (import "" "t" (table 1 1 funcref)) (import "" "w" (func $w (param i32 i32 i32 i32))) (elem (i32.const 0) func $w))
  (core instance $shim (instantiate $shim))
  (core func $drop (canon resource.drop $os))
  (alias core export $shim "write" (core func $write-indirect))
  (core instance $args (export "write" (func $write-indirect)) (export "drop" (func $drop)))
  (core instance $main (instantiate $main (with "s" (instance $args))))
  (alias core export $main "memory" (core memory $m))
  (alias core export $main "realloc" (core func $r))
  (alias export $streams "write" (func $write))
  (core func $lowered (canon lower (func $write) (memory $m) (realloc $r)))
  (core instance $fix (export "t" (table $shim "t")) (export "w" (func $lowered)))
  (core instance (instantiate $fixup (with "" (instance $fix))))
  (alias core export $main "run" (core func $run))
  (func $run-lifted (result (result)) (canon lift (core func $run)))
  (component $wrap (import "f" (func $f (result (result)))) (export "run" (func $f)))
  (instance $i (instantiate $wrap (with "f" (func $run-lifted))))
  (export "wasi:cli/run@0.2.0" (instance $i)))"#,
    ),
    // A WASI 0.3 command on the async ABI: the built-ins, an `async`
    // lowering and an `async` lift with a callback.
    ("fuzz:async-component", include_str!("../../components/async.wat")),
];

/// Every seed module, parsed once.
pub fn seeds() -> &'static [Seed] {
    static SEEDS: OnceLock<Vec<Seed>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let own = OWN.iter().map(|&(name, text)| Source::Text(name, text));
        own.chain(FIXTURES)
            .filter_map(|source| match source {
                Source::Binary(name, wasm) => Some(Seed {
                    name,
                    wasm: wasm.to_vec(),
                }),
                // A fixture the text parser refuses would be a fixture bug;
                // the test below names it.
                Source::Text(name, text) => {
                    wat::parse_str(text).ok().map(|wasm| Seed { name, wasm })
                }
            })
            .collect()
    })
}

/// The text of every seed written in the text format (for the `wat`
/// campaign's mutants).
pub fn texts() -> Vec<&'static str> {
    let own = OWN.iter().map(|&(_, text)| text);
    own.chain(FIXTURES.into_iter().filter_map(|s| match s {
        Source::Text(_, text) => Some(text),
        Source::Binary(..) => None,
    }))
    .collect()
}

/// The fixtures, embedded at build time.
const FIXTURES: [Source; 45] = [
    Source::Text("wat/control.wat", include_str!("../../wat/control.wat")),
    Source::Text(
        "wat/custom_page_sizes.wat",
        include_str!("../../wat/custom_page_sizes.wat"),
    ),
    Source::Text(
        "wat/exceptions.wat",
        include_str!("../../wat/exceptions.wat"),
    ),
    Source::Text("wat/floats.wat", include_str!("../../wat/floats.wat")),
    Source::Text("wat/globals.wat", include_str!("../../wat/globals.wat")),
    Source::Text("wat/i32.wat", include_str!("../../wat/i32.wat")),
    Source::Text("wat/i64.wat", include_str!("../../wat/i64.wat")),
    Source::Text("wat/memory.wat", include_str!("../../wat/memory.wat")),
    Source::Text("wat/memory64.wat", include_str!("../../wat/memory64.wat")),
    Source::Text(
        "wat/multi_memory.wat",
        include_str!("../../wat/multi_memory.wat"),
    ),
    Source::Text(
        "wat/multivalue.wat",
        include_str!("../../wat/multivalue.wat"),
    ),
    Source::Text(
        "wat/relaxed_simd.wat",
        include_str!("../../wat/relaxed_simd.wat"),
    ),
    Source::Text("wat/tables.wat", include_str!("../../wat/tables.wat")),
    Source::Text(
        "wat/tail_calls.wat",
        include_str!("../../wat/tail_calls.wat"),
    ),
    Source::Text(
        "wat/trap_call_null.wat",
        include_str!("../../wat/trap_call_null.wat"),
    ),
    Source::Text(
        "wat/trap_call_type.wat",
        include_str!("../../wat/trap_call_type.wat"),
    ),
    Source::Text(
        "wat/trap_call_undefined.wat",
        include_str!("../../wat/trap_call_undefined.wat"),
    ),
    Source::Text(
        "wat/trap_div_overflow.wat",
        include_str!("../../wat/trap_div_overflow.wat"),
    ),
    Source::Text(
        "wat/trap_div_zero.wat",
        include_str!("../../wat/trap_div_zero.wat"),
    ),
    Source::Text(
        "wat/trap_grown_oob.wat",
        include_str!("../../wat/trap_grown_oob.wat"),
    ),
    Source::Text(
        "wat/trap_load_oob.wat",
        include_str!("../../wat/trap_load_oob.wat"),
    ),
    Source::Text(
        "wat/trap_memory_fill.wat",
        include_str!("../../wat/trap_memory_fill.wat"),
    ),
    Source::Text(
        "wat/trap_memory_init.wat",
        include_str!("../../wat/trap_memory_init.wat"),
    ),
    Source::Text(
        "wat/trap_offset_oob.wat",
        include_str!("../../wat/trap_offset_oob.wat"),
    ),
    Source::Text(
        "wat/trap_stack_overflow.wat",
        include_str!("../../wat/trap_stack_overflow.wat"),
    ),
    Source::Text(
        "wat/trap_table_copy.wat",
        include_str!("../../wat/trap_table_copy.wat"),
    ),
    Source::Text(
        "wat/trap_table_get.wat",
        include_str!("../../wat/trap_table_get.wat"),
    ),
    Source::Text(
        "wat/trap_trunc_nan.wat",
        include_str!("../../wat/trap_trunc_nan.wat"),
    ),
    Source::Text(
        "wat/trap_trunc_range.wat",
        include_str!("../../wat/trap_trunc_range.wat"),
    ),
    Source::Text(
        "wat/trap_unreachable.wat",
        include_str!("../../wat/trap_unreachable.wat"),
    ),
    Source::Text(
        "wat/typed_refs.wat",
        include_str!("../../wat/typed_refs.wat"),
    ),
    Source::Text(
        "wat/wide_atomics.wat",
        include_str!("../../wat/wide_atomics.wat"),
    ),
    Source::Text(
        "exceptions/throw_loop.wat",
        include_str!("../../exceptions/throw_loop.wat"),
    ),
    Source::Binary(
        "programs/wasm/checksums.wasm",
        include_bytes!("../../programs/wasm/checksums.wasm"),
    ),
    Source::Binary(
        "programs/wasm/control.wasm",
        include_bytes!("../../programs/wasm/control.wasm"),
    ),
    Source::Binary(
        "programs/wasm/dispatch.wasm",
        include_bytes!("../../programs/wasm/dispatch.wasm"),
    ),
    Source::Binary(
        "programs/wasm/exit3.wasm",
        include_bytes!("../../programs/wasm/exit3.wasm"),
    ),
    Source::Binary(
        "programs/wasm/features.wasm",
        include_bytes!("../../programs/wasm/features.wasm"),
    ),
    Source::Binary(
        "programs/wasm/int64.wasm",
        include_bytes!("../../programs/wasm/int64.wasm"),
    ),
    Source::Binary(
        "programs/wasm/return7.wasm",
        include_bytes!("../../programs/wasm/return7.wasm"),
    ),
    Source::Binary(
        "programs/wasm/simd.wasm",
        include_bytes!("../../programs/wasm/simd.wasm"),
    ),
    Source::Binary(
        "programs/wasm/sjlj.wasm",
        include_bytes!("../../programs/wasm/sjlj.wasm"),
    ),
    Source::Binary(
        "programs/wasm/sorting.wasm",
        include_bytes!("../../programs/wasm/sorting.wasm"),
    ),
    Source::Binary(
        "programs/wasm/tailcall.wasm",
        include_bytes!("../../programs/wasm/tailcall.wasm"),
    ),
    Source::Binary(
        "programs/wasm/traps.wasm",
        include_bytes!("../../programs/wasm/traps.wasm"),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_parses_and_is_valid() {
        assert_eq!(
            seeds().len(),
            OWN.len() + FIXTURES.len(),
            "a text seed does not parse"
        );
        for seed in seeds() {
            // Components seed the component path: valid and resolved.
            if wasm2native::component::is_component(&seed.wasm) {
                if let Err(e) = wasm2native::component::plan(&seed.wasm, wasm2native::WasmVersion::V3) {
                    panic!("{}: {e}", seed.name);
                }
            } else if let Err(e) = crate::compile::validate(&seed.wasm) {
                panic!("{}: {e}", seed.name);
            }
        }
    }
}
