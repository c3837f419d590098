//! Test cases from a seed: a wasm-smith module and the calls to make on it.
//!
//! Everything is derived from `(seed, index)` through one [`Rng`] stream,
//! so a case is reproduced from its two numbers alone, on any machine.

use arbitrary::Unstructured;
use wasm_smith::Config;
use wasmparser::{ExternalKind, Parser, Payload, ValType as WpValType};

use super::Features;

/// The random stream of a case: the fuzz targets' SplitMix64, one stream
/// per `(seed, index)`.
pub use wasm2native_fuzz::runner::rng::Rng;
use wasm2native_fuzz::mutate::Choices;

/// The wasm-smith configuration for a campaign with `features`: every
/// function, memory, global and table exported; no imports; NaNs
/// canonicalized after every float operation (so that results and memory
/// are deterministic); small memories and tables with a maximum, so that
/// growing them fails the same way everywhere and final contents are cheap
/// to compare.
pub fn config(features: &Features) -> Config {
    Config {
        export_everything: true,
        max_imports: 0,
        min_types: 1,
        min_funcs: 1,
        max_funcs: 16,
        max_instructions: 200,
        max_exports: 64,
        max_memories: if features.multi_memory { 3 } else { 1 },
        max_tables: if features.reference_types { 3 } else { 1 },
        max_memory32_bytes: 4 << 16,
        max_memory64_bytes: 4 << 16,
        // How far a memory or table without a maximum may grow is each
        // implementation's choice: every one has a small maximum.
        memory_max_size_required: true,
        table_max_size_required: true,
        max_table_elements: 1000,
        max_data_segments: 16,
        max_element_segments: 16,
        max_tags: 8,
        canonicalize_nans: true,
        simd_enabled: features.simd,
        relaxed_simd_enabled: features.simd && features.relaxed_simd,
        exceptions_enabled: features.exceptions,
        tail_call_enabled: features.tail_call,
        memory64_enabled: features.memory64,
        custom_page_sizes_enabled: features.custom_page_sizes,
        wide_arithmetic_enabled: features.wide_arithmetic,
        extended_const_enabled: features.extended_const,
        bulk_memory_enabled: features.bulk_memory,
        reference_types_enabled: features.reference_types,
        multi_value_enabled: features.multi_value,
        // Not implemented by the compiler yet (issues 13 and 15).
        gc_enabled: false,
        threads_enabled: false,
        shared_everything_threads_enabled: false,
        custom_descriptors_enabled: false,
        ..Config::default()
    }
}

/// Fuel of each module: every loop iteration and call costs one, and an
/// empty tank traps (`unreachable`), so every call ends.
pub const FUEL: u32 = 1000;

/// The module of case `index`, or `None` when wasm-smith could not make one
/// from the random bytes.
/// Exceptions are on in a quarter of the cases only: wasmi does not run
/// them, so wasmtime checks them, which costs a process. Relaxed SIMD is
/// on in a third of the others (not with exceptions: wasmtime's relaxed
/// choices are not ours).
pub fn module(features: &Features, rng: &mut Rng) -> Option<Vec<u8>> {
    let mut features = features.clone();
    features.exceptions &= rng.below(4) == 0;
    features.relaxed_simd &= !features.exceptions && rng.below(3) == 0;
    let mut config = config(&features);
    // Half the modules cannot trap (wasm-smith guards their accesses and
    // divisions), so that their calls run further and return results.
    config.disallow_traps = rng.below(2) == 0;
    let len = 512 + rng.below(8192);
    let data = rng.bytes(len);
    let mut u = Unstructured::new(&data);
    let mut m = wasm_smith::Module::new(config, &mut u).ok()?;
    m.ensure_termination(FUEL).ok()?;
    let wasm = m.to_bytes();
    // A quarter of the modules call through typed function references;
    // not those with relaxed SIMD: wasmi does not run typed references, and
    // wasmtime's relaxed choices are not ours.
    if features.function_references && rng.below(4) == 0 && !features.relaxed_simd {
        return super::typed_calls::rewrite(&wasm).ok();
    }
    Some(wasm)
}

/// A value type the tester can make arguments of and compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `v128`
    V128,
    /// A nullable `funcref`.
    FuncRef,
    /// A nullable `externref`.
    ExternRef,
    /// A nullable `exnref`.
    ExnRef,
}

impl Ty {
    fn from_wasmparser(t: WpValType) -> Option<Ty> {
        Some(match t {
            WpValType::I32 => Ty::I32,
            WpValType::I64 => Ty::I64,
            WpValType::F32 => Ty::F32,
            WpValType::F64 => Ty::F64,
            WpValType::V128 => Ty::V128,
            WpValType::Ref(r) if r.is_func_ref() && r.is_nullable() => Ty::FuncRef,
            WpValType::Ref(r) if r.is_extern_ref() && r.is_nullable() => Ty::ExternRef,
            WpValType::Ref(r) if r == wasmparser::RefType::EXNREF => Ty::ExnRef,
            WpValType::Ref(_) => return None,
        })
    }

    /// Whether this is a reference (compared by nullness only).
    pub fn is_ref(self) -> bool {
        matches!(self, Ty::FuncRef | Ty::ExternRef | Ty::ExnRef)
    }
}

/// A value: its type and raw bits (the runtime's 16-byte form; references
/// are 0 for null, 1 for any non-null reference).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Val {
    /// Its type.
    pub ty: Ty,
    /// Its bits.
    pub bits: u128,
}

/// One call of the plan.
#[derive(Clone, Debug)]
pub struct Call {
    /// The exported function.
    pub export: String,
    /// Its arguments.
    pub args: Vec<Val>,
    /// Its result types.
    pub results: Vec<Ty>,
}

/// An exported memory: its name and what a module importing it must say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemoryExport {
    /// The export name.
    pub name: String,
    /// Whether its addresses are `i64`.
    pub memory64: bool,
    /// log2 of its page size.
    pub page_size_log2: u32,
}

/// What to do with a module: the calls, in order, on one instance, and the
/// exported memories and globals to compare at the end.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// The calls.
    pub calls: Vec<Call>,
    /// Exported memories.
    pub memories: Vec<MemoryExport>,
    /// Exported globals, by name, with their types.
    pub globals: Vec<(String, Ty)>,
}

/// The plan for `wasm`: each exported function called once, in export order,
/// with arguments from `rng`. Exports whose types the tester cannot make or
/// compare (typed references) or pass (exnref) are left out.
pub fn plan(wasm: &[u8], rng: &mut Rng) -> Result<Plan, String> {
    let signatures = signatures(wasm)?;
    let mut global_types: Vec<WpValType> = Vec::new();
    let mut memory_types: Vec<wasmparser::MemoryType> = Vec::new();
    let mut plan = Plan::default();
    let mut exports = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(|e| e.to_string())? {
            Payload::ImportSection(r) if r.count() > 0 => return Err("the module has imports".into()),
            Payload::MemorySection(r) => {
                for m in r {
                    memory_types.push(m.map_err(|e| e.to_string())?);
                }
            }
            Payload::GlobalSection(r) => {
                for g in r {
                    global_types.push(g.map_err(|e| e.to_string())?.ty.content_type);
                }
            }
            Payload::ExportSection(r) => {
                for e in r {
                    let e = e.map_err(|e| e.to_string())?;
                    exports.push((e.name.to_string(), e.kind, e.index));
                }
            }
            _ => {}
        }
    }
    for (name, kind, index) in exports {
        match kind {
            ExternalKind::Func => {
                let Some(Some((params, results))) = signatures.get(index as usize) else { continue };
                let params: Option<Vec<Ty>> = params.iter().map(|t| Ty::from_wasmparser(*t)).collect();
                let results: Option<Vec<Ty>> = results.iter().map(|t| Ty::from_wasmparser(*t)).collect();
                let (Some(params), Some(results)) = (params, results) else { continue };
                // `wasmtime wast` cannot pass an exnref argument, even null.
                if params.contains(&Ty::ExnRef) {
                    continue;
                }
                let args = params.iter().map(|t| arg(*t, rng)).collect();
                plan.calls.push(Call { export: name, args, results });
            }
            ExternalKind::Memory => {
                let Some(m) = memory_types.get(index as usize) else { continue };
                plan.memories.push(MemoryExport {
                    name,
                    memory64: m.memory64,
                    page_size_log2: m.page_size_log2.unwrap_or(16),
                });
            }
            ExternalKind::Global => {
                if let Some(ty) = global_types.get(index as usize).and_then(|t| Ty::from_wasmparser(*t)) {
                    plan.globals.push((name, ty));
                }
            }
            _ => {}
        }
    }
    Ok(plan)
}

/// A function's parameter and result types.
pub type Signature = (Vec<WpValType>, Vec<WpValType>);

/// The signature of each defined function, in order (`None` for a type
/// that is not a function type).
pub fn signatures(wasm: &[u8]) -> Result<Vec<Option<Signature>>, String> {
    let mut types = Vec::new();
    let mut functions = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(|e| e.to_string())? {
            Payload::TypeSection(r) => {
                for group in r {
                    for sub in group.map_err(|e| e.to_string())?.into_types() {
                        types.push(match &sub.composite_type.inner {
                            wasmparser::CompositeInnerType::Func(f) => Some((f.params().to_vec(), f.results().to_vec())),
                            _ => None,
                        });
                    }
                }
            }
            Payload::FunctionSection(r) => {
                for t in r {
                    let t = t.map_err(|e| e.to_string())?;
                    functions.push(types.get(t as usize).cloned().flatten());
                }
            }
            _ => {}
        }
    }
    Ok(functions)
}

/// Integers worth trying: the edges of each width and small numbers.
const INTERESTING: [u64; 12] = [
    0,
    1,
    2,
    0xff,
    0xffff,
    0x7fff_ffff,
    0x8000_0000,
    0xffff_ffff,
    0x7fff_ffff_ffff_ffff,
    0x8000_0000_0000_0000,
    u64::MAX,
    0x1_0000,
];

/// Floats worth trying (bits): zeros, ones, infinities, NaNs (quiet,
/// signalling, negative), extremes.
const F32_INTERESTING: [u32; 10] =
    [0, 0x8000_0000, 0x3f80_0000, 0xbf80_0000, 0x7f80_0000, 0xff80_0000, 0x7fc0_0000, 0x7fa0_0001, 0x0000_0001, 0x7f7f_ffff];
const F64_INTERESTING: [u64; 10] = [
    0,
    0x8000_0000_0000_0000,
    0x3ff0_0000_0000_0000,
    0xbff0_0000_0000_0000,
    0x7ff0_0000_0000_0000,
    0xfff0_0000_0000_0000,
    0x7ff8_0000_0000_0000,
    0x7ff4_0000_0000_0001,
    1,
    0x7fef_ffff_ffff_ffff,
];

/// An argument of type `ty`: half the time an interesting value, else
/// random bits. References are always null (the module has no imports to
/// make others from).
fn arg(ty: Ty, rng: &mut Rng) -> Val {
    let pick = rng.below(2) == 0;
    let bits = match ty {
        Ty::I32 if pick => INTERESTING[rng.below(12)] as u32 as u128,
        Ty::I32 => rng.next_u64() as u32 as u128,
        Ty::I64 if pick => INTERESTING[rng.below(12)] as u128,
        Ty::I64 => rng.next_u64() as u128,
        Ty::F32 if pick => F32_INTERESTING[rng.below(10)] as u128,
        Ty::F32 => rng.next_u64() as u32 as u128,
        Ty::F64 if pick => F64_INTERESTING[rng.below(10)] as u128,
        Ty::F64 => rng.next_u64() as u128,
        Ty::V128 => (rng.next_u64() as u128) << 64 | rng.next_u64() as u128,
        Ty::FuncRef | Ty::ExternRef | Ty::ExnRef => 0,
    };
    Val { ty, bits }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_are_deterministic() {
        let f = Features::all();
        let a = module(&f, &mut Rng::for_input(7, 3));
        let b = module(&f, &mut Rng::for_input(7, 3));
        assert!(a.is_some());
        assert_eq!(a, b);
        assert_ne!(a, module(&f, &mut Rng::for_input(7, 4)));
    }

    #[test]
    fn every_export_is_planned() {
        let wasm = wat::parse_str(
            r#"(module (func (export "f") (param i32 f64) (result i64) i64.const 0)
                       (memory (export "m") 1) (global (export "g") (mut i32) (i32.const 0)))"#,
        )
        .unwrap();
        let p = plan(&wasm, &mut Rng::for_input(1, 1)).unwrap();
        assert_eq!(p.calls.len(), 1);
        assert_eq!(p.calls[0].args.iter().map(|a| a.ty).collect::<Vec<_>>(), [Ty::I32, Ty::F64]);
        assert_eq!(p.calls[0].results, [Ty::I64]);
        assert_eq!(p.memories, [MemoryExport { name: "m".into(), memory64: false, page_size_log2: 16 }]);
        assert_eq!(p.globals, [("g".to_string(), Ty::I32)]);
    }
}
