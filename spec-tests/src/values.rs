//! Wasm values in the runtime's raw 16-byte form: script arguments to raw
//! values, raw results against expected patterns, and raw values as text.
//!
//! i32/i64/f32/f64 are their bits (little-endian at offset 0), v128 all 16
//! bytes, funcref the `*const VMFuncRef` word (0 = null), and `ref.extern N`
//! and `ref.host N` the host word of `N` (abi `gc::host_word`, the same in
//! both hierarchies), for arguments and results alike; i31s and GC objects
//! are their words too (abi `gc`).

use wasm2native_abi::gc;
use wasm2native_abi::meta::ValType;
use wast::core::{AbstractHeapType, HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore};

/// The raw form of an argument.
pub fn arg(a: &WastArgCore<'_>) -> Result<u128, String> {
    Ok(match a {
        WastArgCore::I32(v) => *v as u32 as u128,
        WastArgCore::I64(v) => *v as u64 as u128,
        WastArgCore::F32(v) => v.bits as u128,
        WastArgCore::F64(v) => v.bits as u128,
        WastArgCore::V128(v) => u128::from_le_bytes(v.to_le_bytes()),
        WastArgCore::RefNull(_) => 0,
        WastArgCore::RefExtern(n) => extern_word(*n),
        WastArgCore::RefHost(n) => extern_word(*n),
    })
}

/// The host word of `ref.extern n` and `ref.host n`.
fn extern_word(n: u32) -> u128 {
    gc::host_word(u64::from(n)) as u128
}

/// What GC object word `w` is (`KIND_STRUCT` or `KIND_ARRAY`), 0 for other
/// words.
fn object_kind(w: u128) -> u32 {
    if !gc::is_object(w as u64) {
        return 0;
    }
    // SAFETY: a non-null, untagged word of the internal hierarchy that the
    // module just returned is a live GC object, whose header points to its
    // `VMGcType`; nothing collects between the call and this check.
    unsafe { (*(*(w as usize as *const *const gc::VMGcType))).kind }
}

/// A word of the `any` or `extern` hierarchy as text.
fn show_gc_word(w: u128) -> String {
    let w64 = w as u64;
    if gc::is_i31(w64) {
        format!("ref.i31 {}", (w64 as u32 as i32) >> 1)
    } else if gc::is_host(w64) {
        format!("ref.host {}", gc::host_value(w64))
    } else {
        match object_kind(w) {
            gc::KIND_STRUCT => format!("ref.struct {w:#x}"),
            gc::KIND_ARRAY => format!("ref.array {w:#x}"),
            _ => format!("ref {w:#x}"),
        }
    }
}

/// `value` (of type `ty`) as text, e.g. `i32:5 (0x5)`.
pub fn show(ty: ValType, value: u128) -> String {
    match ty {
        ValType::I32 => format!("i32:{} ({:#x})", value as u32 as i32, value as u32),
        ValType::I64 => format!("i64:{} ({:#x})", value as u64 as i64, value as u64),
        ValType::F32 => format!(
            "f32:{} ({:#010x})",
            f32::from_bits(value as u32),
            value as u32
        ),
        ValType::F64 => format!(
            "f64:{} ({:#018x})",
            f64::from_bits(value as u64),
            value as u64
        ),
        ValType::V128 => {
            let lanes: Vec<String> = (0..4)
                .map(|i| format!("{:#010x}", (value >> (32 * i)) as u32))
                .collect();
            format!("v128:i32x4 {}", lanes.join(" "))
        }
        ValType::FuncRef if value == 0 => "ref.null func".into(),
        ValType::FuncRef => format!("ref.func {value:#x}"),
        ValType::ExternRef if value == 0 => "ref.null extern".into(),
        ValType::ExternRef => show_gc_word(value),
        ValType::ExnRef if value == 0 => "ref.null exn".into(),
        ValType::ExnRef => format!("ref.exn {value:#x}"),
        ValType::Ref(r) if value == 0 => format!("ref.null ({r:?})"),
        ValType::Ref(_) if matches!(family(ty), Some(Family::Any | Family::Extern)) => show_gc_word(value),
        ValType::Ref(r) => format!("ref {value:#x} ({r:?})"),
    }
}

/// A float pattern as text, with `value` for a plain value.
fn show_nan<T>(p: &NanPattern<T>, value: impl Fn(&T) -> String) -> String {
    match p {
        NanPattern::CanonicalNan => "nan:canonical".into(),
        NanPattern::ArithmeticNan => "nan:arithmetic".into(),
        NanPattern::Value(v) => value(v),
    }
}

/// An expected result as text.
pub fn show_expected(r: &WastRetCore<'_>) -> String {
    match r {
        WastRetCore::I32(v) => format!("i32:{v} ({:#x})", *v as u32),
        WastRetCore::I64(v) => format!("i64:{v} ({:#x})", *v as u64),
        WastRetCore::F32(p) => show_nan(p, |v| {
            format!("f32:{} ({:#010x})", f32::from_bits(v.bits), v.bits)
        }),
        WastRetCore::F64(p) => show_nan(p, |v| {
            format!("f64:{} ({:#018x})", f64::from_bits(v.bits), v.bits)
        }),
        WastRetCore::V128(p) => format!("v128:{}", show_v128_pattern(p)),
        WastRetCore::RefNull(_) => "ref.null".into(),
        WastRetCore::RefExtern(Some(n)) => format!("ref.extern {n}"),
        WastRetCore::RefExtern(None) => "ref.extern".into(),
        WastRetCore::RefFunc(_) => "ref.func".into(),
        WastRetCore::Either(alts) => {
            format!(
                "either({})",
                alts.iter()
                    .map(show_expected)
                    .collect::<Vec<_>>()
                    .join(" | ")
            )
        }
        other => format!("{other:?}"),
    }
}

/// The shape name and lane width of a v128 pattern.
fn shape(p: &V128Pattern) -> (&'static str, usize) {
    match p {
        V128Pattern::I8x16(_) => ("i8x16", 8),
        V128Pattern::I16x8(_) => ("i16x8", 16),
        V128Pattern::I32x4(_) => ("i32x4", 32),
        V128Pattern::I64x2(_) => ("i64x2", 64),
        V128Pattern::F32x4(_) => ("f32x4", 32),
        V128Pattern::F64x2(_) => ("f64x2", 64),
    }
}

fn show_v128_pattern(p: &V128Pattern) -> String {
    let ints = |l: &[i64]| l.iter().map(|v| v.to_string()).collect::<Vec<_>>();
    let lanes: Vec<String> = match p {
        V128Pattern::I8x16(l) => ints(&l.map(i64::from)),
        V128Pattern::I16x8(l) => ints(&l.map(i64::from)),
        V128Pattern::I32x4(l) => ints(&l.map(i64::from)),
        V128Pattern::I64x2(l) => ints(l),
        V128Pattern::F32x4(l) => l
            .iter()
            .map(|v| show_nan(v, |x| format!("{:#010x}", x.bits)))
            .collect(),
        V128Pattern::F64x2(l) => l
            .iter()
            .map(|v| show_nan(v, |x| format!("{:#018x}", x.bits)))
            .collect(),
    };
    format!("{} {}", shape(p).0, lanes.join(" "))
}

/// A v128 value in the lane shape of a pattern: integer lanes signed,
/// float lanes as bits.
fn show_v128_like(p: &V128Pattern, v: u128) -> String {
    let (name, bits) = shape(p);
    let float = matches!(p, V128Pattern::F32x4(_) | V128Pattern::F64x2(_));
    let lanes: Vec<String> = (0..128 / bits)
        .map(|i| {
            let lane = (v >> (bits * i)) & ((1u128 << bits) - 1);
            if float {
                format!("{lane:#0w$x}", w = bits / 4 + 2)
            } else {
                // Sign-extend the lane.
                (((lane << (128 - bits)) as i128) >> (128 - bits)).to_string()
            }
        })
        .collect();
    format!("{name} {}", lanes.join(" "))
}

fn f32_matches(p: &NanPattern<wast::token::F32>, bits: u32) -> bool {
    match p {
        NanPattern::CanonicalNan => bits & 0x7fff_ffff == 0x7fc0_0000,
        NanPattern::ArithmeticNan => bits & 0x7fc0_0000 == 0x7fc0_0000,
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn f64_matches(p: &NanPattern<wast::token::F64>, bits: u64) -> bool {
    match p {
        NanPattern::CanonicalNan => bits & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000,
        NanPattern::ArithmeticNan => bits & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000,
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn v128_matches(p: &V128Pattern, v: u128) -> bool {
    let lane = |bits: u32, i: usize| (v >> (bits as usize * i)) & ((1u128 << bits) - 1);
    match p {
        V128Pattern::I8x16(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| lane(8, i) == *e as u8 as u128),
        V128Pattern::I16x8(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| lane(16, i) == *e as u16 as u128),
        V128Pattern::I32x4(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| lane(32, i) == *e as u32 as u128),
        V128Pattern::I64x2(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| lane(64, i) == *e as u64 as u128),
        V128Pattern::F32x4(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| f32_matches(e, lane(32, i) as u32)),
        V128Pattern::F64x2(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| f64_matches(e, lane(64, i) as u64)),
    }
}

/// Which kind of reference a value type holds, if any.
#[derive(PartialEq)]
enum Family {
    Func,
    Extern,
    Exn,
    Any,
}

fn family(ty: ValType) -> Option<Family> {
    use wasm2native_runtime::abi::meta::{HeapType as H, TypeKind};
    Some(match ty.as_ref()?.heap {
        H::Func | H::NoFunc => Family::Func,
        H::Concrete(id) => match wasm2native_runtime::type_kind(id) {
            TypeKind::Func => Family::Func,
            TypeKind::Struct | TypeKind::Array => Family::Any,
        },
        H::Extern | H::NoExtern => Family::Extern,
        H::Exn | H::NoExn => Family::Exn,
        H::Any | H::Eq | H::I31 | H::Struct | H::Array | H::None => Family::Any,
    })
}

/// Whether the null reference's heap type fits a value of type `ty`.
fn null_type_matches(h: &Option<HeapType<'_>>, ty: ValType) -> bool {
    let expected = match h {
        None => return true,
        Some(HeapType::Abstract { ty: a, .. }) => match a {
            AbstractHeapType::Func | AbstractHeapType::NoFunc => Family::Func,
            AbstractHeapType::Extern | AbstractHeapType::NoExtern => Family::Extern,
            AbstractHeapType::Exn | AbstractHeapType::NoExn => Family::Exn,
            AbstractHeapType::Any
            | AbstractHeapType::Eq
            | AbstractHeapType::I31
            | AbstractHeapType::Struct
            | AbstractHeapType::Array
            | AbstractHeapType::None => Family::Any,
            _ => return false,
        },
        // A defined type: only its family is checked.
        Some(_) => return family(ty).is_some(),
    };
    family(ty) == Some(expected)
}

/// Whether `value` of type `ty` matches the expectation. `Err` for
/// expectations this harness cannot check.
pub fn matches(expected: &WastRetCore<'_>, ty: ValType, value: u128) -> Result<bool, String> {
    Ok(match (expected, ty) {
        (WastRetCore::I32(e), ValType::I32) => value == *e as u32 as u128,
        (WastRetCore::I64(e), ValType::I64) => value == *e as u64 as u128,
        (WastRetCore::F32(p), ValType::F32) => f32_matches(p, value as u32),
        (WastRetCore::F64(p), ValType::F64) => f64_matches(p, value as u64),
        (WastRetCore::V128(p), ValType::V128) => v128_matches(p, value),
        (WastRetCore::RefNull(h), _) if family(ty).is_some() => value == 0 && null_type_matches(h, ty),
        (WastRetCore::RefExtern(Some(n)), _) if family(ty) == Some(Family::Extern) => value == extern_word(*n),
        (WastRetCore::RefExtern(None), _) if family(ty) == Some(Family::Extern) => value != 0,
        (WastRetCore::RefFunc(_), _) if family(ty) == Some(Family::Func) => value != 0,
        (WastRetCore::RefHost(n), _) if family(ty) == Some(Family::Any) => value == extern_word(*n),
        (WastRetCore::RefAny, _) if family(ty) == Some(Family::Any) => value != 0,
        (WastRetCore::RefEq, _) if family(ty) == Some(Family::Any) => value != 0 && !gc::is_host(value as u64),
        (WastRetCore::RefI31, _) if family(ty) == Some(Family::Any) => gc::is_i31(value as u64),
        (WastRetCore::RefStruct, _) if family(ty) == Some(Family::Any) => object_kind(value) == gc::KIND_STRUCT,
        (WastRetCore::RefArray, _) if family(ty) == Some(Family::Any) => object_kind(value) == gc::KIND_ARRAY,
        (WastRetCore::Either(alts), _) => {
            for alt in alts {
                if matches(alt, ty, value)? {
                    return Ok(true);
                }
            }
            false
        }
        (
            WastRetCore::I32(_)
            | WastRetCore::I64(_)
            | WastRetCore::F32(_)
            | WastRetCore::F64(_)
            | WastRetCore::V128(_)
            | WastRetCore::RefNull(_)
            | WastRetCore::RefExtern(_)
            | WastRetCore::RefFunc(_)
            | WastRetCore::RefHost(_)
            | WastRetCore::RefAny
            | WastRetCore::RefEq
            | WastRetCore::RefI31
            | WastRetCore::RefStruct
            | WastRetCore::RefArray,
            _,
        ) => false,
        (other, _) => return Err(format!("cannot check results of the form {other:?}")),
    })
}

/// Checks all results; the error says what differed.
pub fn check_results(
    expected: &[WastRetCore<'_>],
    types: &[ValType],
    values: &[u128],
) -> Result<(), String> {
    if expected.len() != values.len() {
        let got: Vec<String> = types
            .iter()
            .zip(values)
            .map(|(t, v)| show(*t, *v))
            .collect();
        return Err(format!(
            "expected {} results, got {}: [{}]",
            expected.len(),
            values.len(),
            got.join(", ")
        ));
    }
    for (i, ((e, t), v)) in expected.iter().zip(types).zip(values).enumerate() {
        if !matches(e, *t, *v)? {
            let got = match (e, t) {
                (WastRetCore::V128(p), ValType::V128) => format!("v128:{}", show_v128_like(p, *v)),
                _ => show(*t, *v),
            };
            return Err(format!(
                "result {i}: expected {}, got {got}",
                show_expected(e)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wast::token::{F32, F64};

    #[test]
    fn nan_patterns() {
        let canon = NanPattern::<F32>::CanonicalNan;
        let arith = NanPattern::<F32>::ArithmeticNan;
        assert!(f32_matches(&canon, 0x7fc0_0000));
        assert!(f32_matches(&canon, 0xffc0_0000));
        assert!(!f32_matches(&canon, 0x7fc0_0001));
        assert!(f32_matches(&arith, 0x7fc0_0001));
        assert!(!f32_matches(&arith, 0x7f80_0001));
        assert!(f64_matches(
            &NanPattern::<F64>::CanonicalNan,
            0xfff8_0000_0000_0000
        ));
        assert!(!f64_matches(
            &NanPattern::<F64>::ArithmeticNan,
            0x7ff0_0000_0000_0001
        ));
    }

    #[test]
    fn v128_lanes() {
        let v = u128::from_le_bytes([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
        assert!(v128_matches(&V128Pattern::I32x4([1, 2, 3, -1]), v));
        assert!(!v128_matches(&V128Pattern::I32x4([1, 2, 3, 4]), v));
        assert!(v128_matches(
            &V128Pattern::I16x8([1, 0, 2, 0, 3, 0, -1, -1]),
            v
        ));
    }

    #[test]
    fn externrefs_round_trip() {
        assert_eq!(arg(&WastArgCore::RefExtern(0)).unwrap(), 2);
        assert!(matches(&WastRetCore::RefExtern(Some(0)), ValType::ExternRef, 2).unwrap());
        assert!(!matches(&WastRetCore::RefNull(None), ValType::ExternRef, 1).unwrap());
        assert!(matches(&WastRetCore::RefNull(None), ValType::FuncRef, 0).unwrap());
    }
}
