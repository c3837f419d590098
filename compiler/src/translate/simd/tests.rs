//! Every SIMD operator compiles, for x86-64 (x86-64-v2 baseline) and
//! AArch64, with and without optimization, with both bounds-check
//! strategies. Semantics are checked by the spec tests (`simd_*.wast`).

use std::collections::BTreeSet;

use target_lexicon::Triple;
use wasm2native_abi::meta::BoundsChecks;
use wasmparser::{Parser, Payload};

use crate::options::{CompileOptions, OptLevel};

/// Operators grouped by signature: parameters, result, instructions.
/// Each instruction becomes one function applying it to its parameters.
const GROUPS: &[(&str, &str, &[&str])] = &[
    ("", "v128", &["v128.const i32x4 1 -2 0x7fffffff 0x80000000", "v128.const f64x2 nan -0"]),
    ("v128", "v128", &[
        "v128.not", "i8x16.abs", "i16x8.abs", "i32x4.abs", "i64x2.abs", "i8x16.neg", "i16x8.neg",
        "i32x4.neg", "i64x2.neg", "i8x16.popcnt",
        "f32x4.abs", "f64x2.abs", "f32x4.neg", "f64x2.neg", "f32x4.sqrt", "f64x2.sqrt", "f32x4.ceil",
        "f64x2.ceil", "f32x4.floor", "f64x2.floor", "f32x4.trunc", "f64x2.trunc", "f32x4.nearest",
        "f64x2.nearest",
        "i16x8.extend_low_i8x16_s", "i16x8.extend_high_i8x16_s", "i16x8.extend_low_i8x16_u",
        "i16x8.extend_high_i8x16_u", "i32x4.extend_low_i16x8_s", "i32x4.extend_high_i16x8_s",
        "i32x4.extend_low_i16x8_u", "i32x4.extend_high_i16x8_u", "i64x2.extend_low_i32x4_s",
        "i64x2.extend_high_i32x4_s", "i64x2.extend_low_i32x4_u", "i64x2.extend_high_i32x4_u",
        "i16x8.extadd_pairwise_i8x16_s", "i16x8.extadd_pairwise_i8x16_u",
        "i32x4.extadd_pairwise_i16x8_s", "i32x4.extadd_pairwise_i16x8_u",
        "i32x4.trunc_sat_f32x4_s", "i32x4.trunc_sat_f32x4_u", "i32x4.trunc_sat_f64x2_s_zero",
        "i32x4.trunc_sat_f64x2_u_zero", "f32x4.convert_i32x4_s", "f32x4.convert_i32x4_u",
        "f64x2.convert_low_i32x4_s", "f64x2.convert_low_i32x4_u", "f32x4.demote_f64x2_zero",
        "f64x2.promote_low_f32x4",
    ]),
    ("v128 v128", "v128", &[
        "v128.and", "v128.andnot", "v128.or", "v128.xor",
        "i8x16.add", "i16x8.add", "i32x4.add", "i64x2.add", "i8x16.sub", "i16x8.sub", "i32x4.sub",
        "i64x2.sub", "i16x8.mul", "i32x4.mul", "i64x2.mul",
        "i8x16.add_sat_s", "i8x16.add_sat_u", "i16x8.add_sat_s", "i16x8.add_sat_u",
        "i8x16.sub_sat_s", "i8x16.sub_sat_u", "i16x8.sub_sat_s", "i16x8.sub_sat_u",
        "i8x16.min_s", "i8x16.min_u", "i8x16.max_s", "i8x16.max_u", "i16x8.min_s", "i16x8.min_u",
        "i16x8.max_s", "i16x8.max_u", "i32x4.min_s", "i32x4.min_u", "i32x4.max_s", "i32x4.max_u",
        "i8x16.avgr_u", "i16x8.avgr_u", "i16x8.q15mulr_sat_s", "i32x4.dot_i16x8_s",
        "i16x8.extmul_low_i8x16_s", "i16x8.extmul_high_i8x16_s", "i16x8.extmul_low_i8x16_u",
        "i16x8.extmul_high_i8x16_u", "i32x4.extmul_low_i16x8_s", "i32x4.extmul_high_i16x8_s",
        "i32x4.extmul_low_i16x8_u", "i32x4.extmul_high_i16x8_u", "i64x2.extmul_low_i32x4_s",
        "i64x2.extmul_high_i32x4_s", "i64x2.extmul_low_i32x4_u", "i64x2.extmul_high_i32x4_u",
        "i8x16.narrow_i16x8_s", "i8x16.narrow_i16x8_u", "i16x8.narrow_i32x4_s", "i16x8.narrow_i32x4_u",
        "i8x16.eq", "i8x16.ne", "i8x16.lt_s", "i8x16.lt_u", "i8x16.gt_s", "i8x16.gt_u", "i8x16.le_s",
        "i8x16.le_u", "i8x16.ge_s", "i8x16.ge_u",
        "i16x8.eq", "i16x8.ne", "i16x8.lt_s", "i16x8.lt_u", "i16x8.gt_s", "i16x8.gt_u", "i16x8.le_s",
        "i16x8.le_u", "i16x8.ge_s", "i16x8.ge_u",
        "i32x4.eq", "i32x4.ne", "i32x4.lt_s", "i32x4.lt_u", "i32x4.gt_s", "i32x4.gt_u", "i32x4.le_s",
        "i32x4.le_u", "i32x4.ge_s", "i32x4.ge_u",
        "i64x2.eq", "i64x2.ne", "i64x2.lt_s", "i64x2.gt_s", "i64x2.le_s", "i64x2.ge_s",
        "f32x4.eq", "f32x4.ne", "f32x4.lt", "f32x4.gt", "f32x4.le", "f32x4.ge",
        "f64x2.eq", "f64x2.ne", "f64x2.lt", "f64x2.gt", "f64x2.le", "f64x2.ge",
        "f32x4.add", "f32x4.sub", "f32x4.mul", "f32x4.div", "f32x4.min", "f32x4.max", "f32x4.pmin",
        "f32x4.pmax", "f64x2.add", "f64x2.sub", "f64x2.mul", "f64x2.div", "f64x2.min", "f64x2.max",
        "f64x2.pmin", "f64x2.pmax",
        "i8x16.swizzle", "i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31",
    ]),
    ("v128 v128 v128", "v128", &["v128.bitselect"]),
    ("v128", "i32", &[
        "v128.any_true", "i8x16.all_true", "i16x8.all_true", "i32x4.all_true", "i64x2.all_true",
        "i8x16.bitmask", "i16x8.bitmask", "i32x4.bitmask", "i64x2.bitmask",
        "i8x16.extract_lane_s 15", "i8x16.extract_lane_u 1", "i16x8.extract_lane_s 7",
        "i16x8.extract_lane_u 0", "i32x4.extract_lane 3",
    ]),
    ("v128", "i64", &["i64x2.extract_lane 1"]),
    ("v128", "f32", &["f32x4.extract_lane 2"]),
    ("v128", "f64", &["f64x2.extract_lane 1"]),
    ("v128 i32", "v128", &[
        "i8x16.shl", "i8x16.shr_s", "i8x16.shr_u", "i16x8.shl", "i16x8.shr_s", "i16x8.shr_u",
        "i32x4.shl", "i32x4.shr_s", "i32x4.shr_u", "i64x2.shl", "i64x2.shr_s", "i64x2.shr_u",
        "i8x16.replace_lane 15", "i16x8.replace_lane 7", "i32x4.replace_lane 3",
    ]),
    ("v128 i64", "v128", &["i64x2.replace_lane 1"]),
    ("v128 f32", "v128", &["f32x4.replace_lane 0"]),
    ("v128 f64", "v128", &["f64x2.replace_lane 1"]),
    ("i32", "v128", &["i8x16.splat", "i16x8.splat", "i32x4.splat"]),
    ("i64", "v128", &["i64x2.splat"]),
    ("f32", "v128", &["f32x4.splat"]),
    ("f64", "v128", &["f64x2.splat"]),
    ("i32", "v128", &[
        "v128.load", "v128.load offset=7 align=1", "v128.load offset=4294967295",
        "v128.load8x8_s", "v128.load8x8_u offset=3", "v128.load16x4_s", "v128.load16x4_u align=2",
        "v128.load32x2_s", "v128.load32x2_u", "v128.load8_splat", "v128.load16_splat",
        "v128.load32_splat", "v128.load64_splat offset=65536", "v128.load32_zero", "v128.load64_zero",
    ]),
    ("i32 v128", "v128", &[
        "v128.load8_lane 15", "v128.load16_lane offset=1 7", "v128.load32_lane 3", "v128.load64_lane 1",
    ]),
    ("i32 v128", "", &[
        "v128.store", "v128.store offset=4294967295", "v128.store8_lane 15", "v128.store16_lane 7",
        "v128.store32_lane 3", "v128.store64_lane offset=9 1",
    ]),
];

/// A module with one function per entry of [`GROUPS`], plus SIMD values
/// crossing locals, blocks, `select` and calls.
fn module_text() -> String {
    let mut wat = String::from("(module (memory 1)\n");
    for (params, result, ops) in GROUPS {
        let gets: String = (0..params.split_whitespace().count()).map(|i| format!("local.get {i} ")).collect();
        let result = if result.is_empty() { String::new() } else { format!("(result {result})") };
        for op in *ops {
            wat.push_str(&format!("  (func (param {params}) {result} {gets}{op})\n"));
        }
    }
    wat.push_str(
        r#"  (func $mix (param v128 v128 i32) (result v128) (local v128)
    (local.set 3 (i32x4.add (local.get 0) (local.get 1)))
    (block (result v128)
      (select (local.get 3) (f32x4.mul (local.get 0) (local.get 1)) (local.get 2)))
    (if (param v128) (result v128) (local.get 2)
      (then (i16x8.add (call $mix (local.get 0) (local.get 1) (i32.const 0))))
      (else (f64x2.sqrt)))
    (loop (param v128) (result v128) (i8x16.sub (local.get 3))))
"#,
    );
    wat.push(')');
    wat
}

/// The distinct SIMD operators of a module's code (everything but the
/// `local.get`, `end` and control operators the test functions use).
fn simd_operators(wasm: &[u8]) -> BTreeSet<String> {
    let mut ops = BTreeSet::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let Payload::CodeSectionEntry(body) = payload.unwrap() else { continue };
        let mut reader = body.get_operators_reader().unwrap();
        while !reader.eof() {
            let op = format!("{:?}", reader.read().unwrap());
            let name: String = op.chars().take_while(|c| c.is_alphanumeric()).collect();
            ops.insert(name);
        }
    }
    let other = ["LocalGet", "LocalSet", "End", "Block", "Loop", "If", "Else", "Select", "Call", "I32Const"];
    ops.retain(|name| !other.contains(&name.as_str()));
    ops
}

#[test]
fn every_simd_operator_is_listed() {
    let wasm = wat::parse_str(module_text()).unwrap();
    // The fixed-width SIMD proposal (WebAssembly 2.0) has 236 operators.
    assert_eq!(simd_operators(&wasm).len(), 236, "{:?}", simd_operators(&wasm));
}

#[test]
fn every_simd_operator_compiles_for_x86_64_and_aarch64() {
    let wasm = wat::parse_str(module_text()).unwrap();
    for target in ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"] {
        for opt_level in [OptLevel::None, OptLevel::SpeedAndSize] {
            for bounds_checks in [BoundsChecks::Guard, BoundsChecks::Explicit] {
                let opts = CompileOptions {
                    executable: false,
                    target: target.parse::<Triple>().unwrap(),
                    opt_level,
                    bounds_checks,
                    ..Default::default()
                };
                if let Err(e) = crate::compile_to_object(&wasm, &opts) {
                    panic!("{target} {opt_level:?} {bounds_checks:?}: {e}");
                }
            }
        }
    }
}
