//! The component model's value types and how the canonical ABI lays them
//! out: alignment, size in memory, and the flat core values they are
//! passed as (`CanonicalABI.md`: despecialization, alignment, element
//! size, flattening). The compiler derives every lowered and lifted core
//! signature from here; the runtime's lifting and lowering use the same
//! layouts.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use crate::meta::ValType as CoreType;

pub mod handles;
pub mod tasks;
pub mod values;
pub use values::StringEncoding;

/// At most this many flat parameters are passed as core parameters;
/// beyond, they go through memory.
pub const MAX_FLAT_PARAMS: usize = 16;
/// The same for an `async` lowering's parameters.
pub const MAX_FLAT_ASYNC_PARAMS: usize = 4;
/// At most this many flat results are returned as core results.
pub const MAX_FLAT_RESULTS: usize = 1;

/// A resource type, numbered by the component's plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ResourceId(pub u32);

/// A component-model value type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ValType {
    /// `bool`.
    Bool,
    /// `s8`.
    S8,
    /// `u8`.
    U8,
    /// `s16`.
    S16,
    /// `u16`.
    U16,
    /// `s32`.
    S32,
    /// `u32`.
    U32,
    /// `s64`.
    S64,
    /// `u64`.
    U64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `char`: a Unicode scalar value.
    Char,
    /// `string`.
    String,
    /// `error-context`.
    ErrorContext,
    /// `list<T>`.
    List(Box<ValType>),
    /// `record { name: T, ... }`.
    Record(Vec<(String, ValType)>),
    /// `tuple<T, ...>`.
    Tuple(Vec<ValType>),
    /// `variant { name(T?), ... }`.
    Variant(Vec<(String, Option<ValType>)>),
    /// `enum { name, ... }`.
    Enum(Vec<String>),
    /// `option<T>`.
    Option(Box<ValType>),
    /// `result<T?, E?>`.
    Result {
        /// The `ok` payload, if any.
        ok: Option<Box<ValType>>,
        /// The `error` payload, if any.
        err: Option<Box<ValType>>,
    },
    /// `flags { name, ... }`.
    Flags(Vec<String>),
    /// `own<R>`.
    Own(ResourceId),
    /// `borrow<R>`.
    Borrow(ResourceId),
    /// `stream<T?>`.
    Stream(Option<Box<ValType>>),
    /// `future<T?>`.
    Future(Option<Box<ValType>>),
}

/// A component function type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FuncType {
    /// The named parameters.
    pub params: Vec<(String, ValType)>,
    /// The result, if any.
    pub result: Option<ValType>,
}

/// Which way a function crosses the boundary: the flattening of results
/// differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// `canon lift`: a core function becomes a component function.
    Lift,
    /// `canon lower`: a component function becomes a core function.
    Lower,
}

/// The core signature of a lifted or lowered function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoreSignature {
    /// Core parameters.
    pub params: Vec<CoreType>,
    /// Core results.
    pub results: Vec<CoreType>,
}

/// The cases of a variant-like type, despecialized: `enum`, `option` and
/// `result` are variants with the payloads they have.
fn cases(t: &ValType) -> Option<Vec<Option<&ValType>>> {
    Some(match t {
        ValType::Variant(cases) => cases.iter().map(|(_, p)| p.as_ref()).collect(),
        ValType::Enum(names) => names.iter().map(|_| None).collect(),
        ValType::Option(t) => alloc::vec![None, Some(&**t)],
        ValType::Result { ok, err } => alloc::vec![ok.as_deref(), err.as_deref()],
        _ => return None,
    })
}

/// The fields of a record-like type, despecialized (`tuple` is a record).
fn fields(t: &ValType) -> Option<Vec<&ValType>> {
    Some(match t {
        ValType::Record(fields) => fields.iter().map(|(_, t)| t).collect(),
        ValType::Tuple(types) => types.iter().collect(),
        _ => return None,
    })
}

/// The integer type holding the discriminant of a variant of `n` cases.
pub fn discriminant(n: usize) -> ValType {
    match n {
        0..=0x100 => ValType::U8,
        0x101..=0x1_0000 => ValType::U16,
        _ => ValType::U32,
    }
}

/// The number of 32-bit words `n` flags are passed as.
pub fn flag_words(n: usize) -> usize {
    n.div_ceil(32)
}

/// Rounds `offset` up to a multiple of `align` (a power of two).
pub fn align_to(offset: u32, align: u32) -> u32 {
    offset.div_ceil(align) * align
}

/// The alignment of `t` in memory.
pub fn alignment(t: &ValType) -> u32 {
    use ValType as V;
    if let Some(fields) = fields(t) {
        return fields.into_iter().map(alignment).max().unwrap_or(1);
    }
    if let Some(cases) = cases(t) {
        return alignment_variant(&cases);
    }
    match t {
        V::Bool | V::S8 | V::U8 => 1,
        V::S16 | V::U16 => 2,
        V::S32 | V::U32 | V::F32 | V::Char => 4,
        V::S64 | V::U64 | V::F64 => 8,
        V::String | V::List(_) => 4,
        V::Flags(names) => match names.len() {
            0..=8 => 1,
            9..=16 => 2,
            _ => 4,
        },
        V::Own(_) | V::Borrow(_) | V::Stream(_) | V::Future(_) | V::ErrorContext => 4,
        V::Record(_) | V::Tuple(_) | V::Variant(_) | V::Enum(_) | V::Option(_) | V::Result { .. } => {
            unreachable!("handled above")
        }
    }
}

fn max_case_alignment(cases: &[Option<&ValType>]) -> u32 {
    cases.iter().flatten().map(|t| alignment(t)).max().unwrap_or(1)
}

fn alignment_variant(cases: &[Option<&ValType>]) -> u32 {
    alignment(&discriminant(cases.len())).max(max_case_alignment(cases))
}

/// The size of `t` in memory (its element size in a list).
pub fn size(t: &ValType) -> u32 {
    use ValType as V;
    if let Some(fields) = fields(t) {
        let mut s = 0;
        for f in &fields {
            s = align_to(s, alignment(f)) + size(f);
        }
        return align_to(s, alignment(t));
    }
    if let Some(cases) = cases(t) {
        let mut s = size(&discriminant(cases.len()));
        s = align_to(s, max_case_alignment(&cases));
        s += cases.iter().flatten().map(|t| size(t)).max().unwrap_or(0);
        return align_to(s, alignment_variant(&cases));
    }
    match t {
        V::Bool | V::S8 | V::U8 => 1,
        V::S16 | V::U16 => 2,
        V::S32 | V::U32 | V::F32 | V::Char => 4,
        V::S64 | V::U64 | V::F64 => 8,
        V::String | V::List(_) => 8,
        V::Flags(names) => match names.len() {
            0..=8 => 1,
            9..=16 => 2,
            n => 4 * flag_words(n) as u32,
        },
        V::Own(_) | V::Borrow(_) | V::Stream(_) | V::Future(_) | V::ErrorContext => 4,
        V::Record(_) | V::Tuple(_) | V::Variant(_) | V::Enum(_) | V::Option(_) | V::Result { .. } => {
            unreachable!("handled above")
        }
    }
}

/// The flat core values `t` is passed as, appended to `out`.
pub fn flatten(t: &ValType, out: &mut Vec<CoreType>) {
    use ValType as V;
    if let Some(fields) = fields(t) {
        for f in fields {
            flatten(f, out);
        }
        return;
    }
    if let Some(cases) = cases(t) {
        // The discriminant, then per position the join of every case's
        // flat payload at that position.
        let mut payload: Vec<CoreType> = Vec::new();
        for case in cases.iter().flatten() {
            let mut flat = Vec::new();
            flatten(case, &mut flat);
            for (i, ft) in flat.into_iter().enumerate() {
                match payload.get_mut(i) {
                    Some(have) => *have = join(*have, ft),
                    None => payload.push(ft),
                }
            }
        }
        flatten(&discriminant(cases.len()), out);
        out.extend(payload);
        return;
    }
    match t {
        V::Bool | V::S8 | V::U8 | V::S16 | V::U16 | V::S32 | V::U32 | V::Char => out.push(CoreType::I32),
        V::S64 | V::U64 => out.push(CoreType::I64),
        V::F32 => out.push(CoreType::F32),
        V::F64 => out.push(CoreType::F64),
        V::String | V::List(_) => out.extend([CoreType::I32, CoreType::I32]),
        V::Flags(names) => out.extend(core::iter::repeat_n(CoreType::I32, flag_words(names.len()))),
        V::Own(_) | V::Borrow(_) | V::Stream(_) | V::Future(_) | V::ErrorContext => out.push(CoreType::I32),
        V::Record(_) | V::Tuple(_) | V::Variant(_) | V::Enum(_) | V::Option(_) | V::Result { .. } => {
            unreachable!("handled above")
        }
    }
}

/// The core type two variant cases' flat values share at one position.
fn join(a: CoreType, b: CoreType) -> CoreType {
    match (a, b) {
        (a, b) if a == b => a,
        (CoreType::I32, CoreType::F32) | (CoreType::F32, CoreType::I32) => CoreType::I32,
        _ => CoreType::I64,
    }
}

/// The flat core values of a list of types.
pub fn flatten_all<'t>(types: impl IntoIterator<Item = &'t ValType>) -> Vec<CoreType> {
    let mut out = Vec::new();
    for t in types {
        flatten(t, &mut out);
    }
    out
}

impl ValType {
    /// An integer of 32 or 64 bits or a float: its one flat value is the
    /// same bits lifted and lowered, with no check or conversion.
    pub fn passes_flat(&self) -> bool {
        matches!(self, ValType::S32 | ValType::U32 | ValType::S64 | ValType::U64 | ValType::F32 | ValType::F64)
    }
}

impl FuncType {
    /// The core signature of this function lifted or lowered, synchronously
    /// or (`asynchronous`) with the async ABI, where a lift with a
    /// `callback` returns the callback code.
    pub fn core_signature(&self, context: Context, asynchronous: bool, callback: bool) -> CoreSignature {
        let mut params = flatten_all(self.params.iter().map(|(_, t)| t));
        let mut results = flatten_all(self.result.iter());
        let pointer = CoreType::I32;
        if !asynchronous {
            if params.len() > MAX_FLAT_PARAMS {
                params = alloc::vec![pointer];
            }
            if results.len() > MAX_FLAT_RESULTS {
                match context {
                    Context::Lift => results = alloc::vec![pointer],
                    Context::Lower => {
                        params.push(pointer);
                        results.clear();
                    }
                }
            }
        } else {
            match context {
                Context::Lift => {
                    if params.len() > MAX_FLAT_PARAMS {
                        params = alloc::vec![pointer];
                    }
                    results = if callback { alloc::vec![CoreType::I32] } else { Vec::new() };
                }
                Context::Lower => {
                    if params.len() > MAX_FLAT_ASYNC_PARAMS {
                        params = alloc::vec![pointer];
                    }
                    if !results.is_empty() {
                        params.push(pointer);
                    }
                    results = alloc::vec![CoreType::I32];
                }
            }
        }
        CoreSignature { params, results }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;
    use CoreType::{F32, F64, I32, I64};

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| i.to_string()).collect()
    }

    #[test]
    fn primitives_strings_and_lists() {
        for (t, align, bytes, flat) in [
            (ValType::Bool, 1, 1, vec![I32]),
            (ValType::U16, 2, 2, vec![I32]),
            (ValType::Char, 4, 4, vec![I32]),
            (ValType::S64, 8, 8, vec![I64]),
            (ValType::F32, 4, 4, vec![F32]),
            (ValType::F64, 8, 8, vec![F64]),
            (ValType::String, 4, 8, vec![I32, I32]),
            (ValType::List(Box::new(ValType::U64)), 4, 8, vec![I32, I32]),
            (ValType::Own(ResourceId(0)), 4, 4, vec![I32]),
        ] {
            assert_eq!((alignment(&t), size(&t), flatten_all([&t])), (align, bytes, flat), "{t:?}");
        }
    }

    #[test]
    fn records_pad_fields_to_their_alignment() {
        // { a: u8, b: u64, c: u16 }: a at 0, b at 8, c at 16; size 24.
        let t = ValType::Record(vec![("a".into(), ValType::U8), ("b".into(), ValType::U64), ("c".into(), ValType::U16)]);
        assert_eq!((alignment(&t), size(&t)), (8, 24));
        assert_eq!(flatten_all([&t]), vec![I32, I64, I32]);
        let tuple = ValType::Tuple(vec![ValType::U8, ValType::U64, ValType::U16]);
        assert_eq!((alignment(&tuple), size(&tuple), flatten_all([&tuple])), (8, 24, vec![I32, I64, I32]));
    }

    #[test]
    fn variants_join_their_payloads() {
        // result<u64, string>: discriminant u8, payload at 8: size 16;
        // flat [i32 disc, i64 (u64 joined with i32 ptr), i32 len].
        let r = ValType::Result { ok: Some(Box::new(ValType::U64)), err: Some(Box::new(ValType::String)) };
        assert_eq!((alignment(&r), size(&r)), (8, 16));
        assert_eq!(flatten_all([&r]), vec![I32, I64, I32]);
        // option<f32>: f32 stays f32; variant { a(f32), b(u32) }: joined i32.
        let o = ValType::Option(Box::new(ValType::F32));
        assert_eq!((size(&o), flatten_all([&o])), (8, vec![I32, F32]));
        let v = ValType::Variant(vec![("a".into(), Some(ValType::F32)), ("b".into(), Some(ValType::U32))]);
        assert_eq!(flatten_all([&v]), vec![I32, I32]);
        // result (no payloads) and enums are their discriminant.
        let unit = ValType::Result { ok: None, err: None };
        assert_eq!((size(&unit), flatten_all([&unit])), (1, vec![I32]));
        let e = ValType::Enum(names(300));
        assert_eq!((alignment(&e), size(&e)), (2, 2));
        assert_eq!(discriminant(256), ValType::U8);
        assert_eq!(discriminant(257), ValType::U16);
    }

    #[test]
    fn flags_take_bytes_then_words() {
        for (n, size_, flat) in [(1, 1, 1), (8, 1, 1), (9, 2, 1), (16, 2, 1), (17, 4, 1), (33, 8, 2)] {
            let f = ValType::Flags(names(n));
            assert_eq!((size(&f), flatten_all([&f]).len()), (size_, flat), "{n} flags");
        }
    }

    #[test]
    fn signatures_spill_to_memory_beyond_the_limits() {
        let f = FuncType { params: vec![("s".into(), ValType::String)], result: Some(ValType::List(Box::new(ValType::String))) };
        // Lowered: the result goes through a return pointer.
        assert_eq!(f.core_signature(Context::Lower, false, false), CoreSignature { params: vec![I32, I32, I32], results: vec![] });
        // Lifted: the core function returns a pointer to the result.
        assert_eq!(f.core_signature(Context::Lift, false, false), CoreSignature { params: vec![I32, I32], results: vec![I32] });
        let many = FuncType { params: (0..17).map(|i| (i.to_string(), ValType::U32)).collect(), result: Some(ValType::U32) };
        assert_eq!(many.core_signature(Context::Lower, false, false), CoreSignature { params: vec![I32], results: vec![I32] });
        // Async: at most 4 flat parameters, results through a pointer, a
        // status returned; an async lift returns its callback code.
        let two = FuncType { params: vec![("a".into(), ValType::U64)], result: Some(ValType::U8) };
        assert_eq!(two.core_signature(Context::Lower, true, false), CoreSignature { params: vec![I64, I32], results: vec![I32] });
        assert_eq!(two.core_signature(Context::Lift, true, true), CoreSignature { params: vec![I64], results: vec![I32] });
        assert_eq!(two.core_signature(Context::Lift, true, false), CoreSignature { params: vec![I64], results: vec![] });
    }
}
