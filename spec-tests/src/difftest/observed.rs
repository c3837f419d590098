//! What running a plan showed, and whether two runs agree.
//!
//! Floats compare by the spec's rules for NaN results: where the reference
//! gives a canonical NaN, any canonical NaN matches; an arithmetic NaN,
//! any arithmetic NaN; any other NaN (one passed through untouched, or made
//! by a bit operation) only itself. Everything else compares bit for bit.
//! wasm-smith canonicalizes NaNs after each float operation, so memory and
//! vectors are deterministic and compare exactly.

use std::fmt;

use super::generate::{Ty, Val};

/// Why a call did not return, in the terms both sides share.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trap {
    /// `unreachable` (also: fuel ran out).
    Unreachable,
    /// A memory access out of bounds.
    MemoryOutOfBounds,
    /// A table access out of bounds.
    TableOutOfBounds,
    /// `call_indirect` past the table's end.
    UndefinedElement,
    /// `call_indirect` on a null entry.
    UninitializedElement,
    /// `call_indirect` with the wrong signature.
    IndirectCallTypeMismatch,
    /// Integer division by zero.
    IntegerDivisionByZero,
    /// Integer overflow (`i32.div_s` of MIN by -1, or a float conversion).
    IntegerOverflow,
    /// A float-to-integer conversion of NaN.
    BadConversionToInteger,
    /// A misaligned atomic access.
    UnalignedAtomic,
    /// An exception nobody caught.
    UncaughtException,
    /// The call stack ran out: the depth is each implementation's own, so
    /// the run stops comparing here.
    Exhaustion,
    /// Anything else, with its text.
    Other(&'static str),
}

impl Trap {
    /// Whether the two are the same trap. wasmi reports `call_indirect`
    /// past the table's end as a table access out of bounds, the spec as an
    /// undefined element: the two are one here.
    pub fn agrees(self, other: Trap) -> bool {
        use Trap::{TableOutOfBounds as T, UndefinedElement as U};
        self == other || matches!((self, other), (T, U) | (U, T))
    }

    /// The spec's message for this trap (what `assert_trap` expects).
    pub fn message(self) -> &'static str {
        match self {
            Trap::Unreachable => "unreachable",
            Trap::MemoryOutOfBounds => "out of bounds memory access",
            Trap::TableOutOfBounds => "out of bounds table access",
            Trap::UndefinedElement => "undefined element",
            Trap::UninitializedElement => "uninitialized element",
            Trap::IndirectCallTypeMismatch => "indirect call type mismatch",
            Trap::IntegerDivisionByZero => "integer divide by zero",
            Trap::IntegerOverflow => "integer overflow",
            Trap::BadConversionToInteger => "invalid conversion to integer",
            Trap::UnalignedAtomic => "unaligned atomic",
            Trap::UncaughtException => "uncaught exception",
            Trap::Exhaustion => "call stack exhausted",
            Trap::Other(s) => s,
        }
    }
}

/// The outcome of one call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It returned these values.
    Returned(Vec<Val>),
    /// It trapped.
    Trapped(Trap),
}

/// Everything one side showed.
#[derive(Clone, Debug, Default)]
pub struct Observed {
    /// Instantiation trapped (the start function, or a segment out of
    /// bounds): nothing else ran.
    pub instantiation: Option<Trap>,
    /// The outcome of each call of the plan, in order; shorter than the
    /// plan after an exhaustion.
    pub calls: Vec<Outcome>,
    /// Each exported memory's final contents (none after an exhaustion).
    pub memories: Vec<Vec<u8>>,
    /// Each exported global's final value (none after an exhaustion).
    pub globals: Vec<Val>,
}

impl Observed {
    /// Whether the run stopped at a stack exhaustion.
    pub fn exhausted(&self) -> bool {
        matches!(self.calls.last(), Some(Outcome::Trapped(Trap::Exhaustion)))
    }
}

/// How `ours` differs from `reference`, or `None` when they agree. Only
/// what both ran is compared: after either side's stack exhaustion, the
/// calls up to it.
pub fn differ(plan: &super::generate::Plan, reference: &Observed, ours: &Observed) -> Option<String> {
    let same_instantiation = match (reference.instantiation, ours.instantiation) {
        (Some(a), Some(b)) => a.agrees(b),
        (a, b) => a == b,
    };
    if !same_instantiation {
        return Some(format!(
            "instantiation: reference {}, ours {}",
            show_trap(reference.instantiation),
            show_trap(ours.instantiation)
        ));
    }
    for (i, (r, o)) in reference.calls.iter().zip(&ours.calls).enumerate() {
        if matches!(r, Outcome::Trapped(Trap::Exhaustion)) || matches!(o, Outcome::Trapped(Trap::Exhaustion)) {
            return None;
        }
        if !outcome_matches(r, o) {
            let call = &plan.calls[i];
            return Some(format!(
                "call {i} `{}`({}): reference {}, ours {}",
                call.export,
                call.args.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(", "),
                OutcomeText(r),
                OutcomeText(o)
            ));
        }
    }
    if reference.calls.len() != ours.calls.len() {
        return Some(format!("{} calls ran in the reference, {} in ours", reference.calls.len(), ours.calls.len()));
    }
    for (i, (r, o)) in reference.memories.iter().zip(&ours.memories).enumerate() {
        if r.len() != o.len() {
            return Some(format!("memory `{}`: {} bytes in the reference, {} in ours", plan.memories[i].name, r.len(), o.len()));
        }
        if let Some(at) = r.iter().zip(o).position(|(a, b)| a != b) {
            return Some(format!(
                "memory `{}` at {at:#x}: reference {:#04x}, ours {:#04x}",
                plan.memories[i].name, r[at], o[at]
            ));
        }
    }
    for (i, (r, o)) in reference.globals.iter().zip(&ours.globals).enumerate() {
        if !value_matches(r, o) {
            return Some(format!("global `{}`: reference {r}, ours {o}", plan.globals[i].0));
        }
    }
    None
}

fn show_trap(t: Option<Trap>) -> String {
    match t {
        None => "succeeded".into(),
        Some(t) => format!("trapped ({})", t.message()),
    }
}

fn outcome_matches(r: &Outcome, o: &Outcome) -> bool {
    match (r, o) {
        (Outcome::Returned(a), Outcome::Returned(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| value_matches(a, b))
        }
        (Outcome::Trapped(a), Outcome::Trapped(b)) => a.agrees(*b),
        _ => false,
    }
}

/// Whether `ours` matches the reference's value `r` (NaN rules above).
pub fn value_matches(r: &Val, ours: &Val) -> bool {
    if r.ty != ours.ty {
        return false;
    }
    match r.ty {
        Ty::F32 => f32_matches(r.bits as u32, ours.bits as u32),
        Ty::F64 => f64_matches(r.bits as u64, ours.bits as u64),
        Ty::FuncRef | Ty::ExternRef | Ty::ExnRef => (r.bits == 0) == (ours.bits == 0),
        _ => r.bits == ours.bits,
    }
}

/// How a NaN of the reference constrains ours.
#[derive(Debug, PartialEq, Eq)]
pub enum NanKind {
    /// Not a NaN.
    NotNan,
    /// Quiet bit only.
    Canonical,
    /// Quiet bit and more.
    Arithmetic,
    /// Quiet bit clear.
    Signalling,
}

/// The kind of NaN `bits` (of `exp_bits` exponent and `frac_bits` fraction) is.
pub fn nan_kind(bits: u64, frac_bits: u32) -> NanKind {
    let frac_mask = (1u64 << frac_bits) - 1;
    let exp_mask = !frac_mask & ((1u64 << (frac_bits + if frac_bits == 23 { 8 } else { 11 })) - 1);
    let quiet = 1u64 << (frac_bits - 1);
    let frac = bits & frac_mask;
    if bits & exp_mask != exp_mask || frac == 0 {
        NanKind::NotNan
    } else if frac == quiet {
        NanKind::Canonical
    } else if frac & quiet != 0 {
        NanKind::Arithmetic
    } else {
        NanKind::Signalling
    }
}

fn float_matches(r: u64, o: u64, frac_bits: u32) -> bool {
    match nan_kind(r, frac_bits) {
        NanKind::NotNan | NanKind::Signalling => r == o,
        NanKind::Canonical => nan_kind(o, frac_bits) == NanKind::Canonical,
        NanKind::Arithmetic => matches!(nan_kind(o, frac_bits), NanKind::Canonical | NanKind::Arithmetic),
    }
}

fn f32_matches(r: u32, o: u32) -> bool {
    float_matches(r as u64, o as u64, 23)
}

fn f64_matches(r: u64, o: u64) -> bool {
    float_matches(r, o, 52)
}

impl fmt::Display for Val {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ty {
            Ty::I32 => write!(f, "i32:{:#x}", self.bits as u32),
            Ty::I64 => write!(f, "i64:{:#x}", self.bits as u64),
            Ty::F32 => write!(f, "f32:{} ({:#010x})", f32::from_bits(self.bits as u32), self.bits as u32),
            Ty::F64 => write!(f, "f64:{} ({:#018x})", f64::from_bits(self.bits as u64), self.bits as u64),
            Ty::V128 => write!(f, "v128:{:#034x}", self.bits),
            Ty::FuncRef | Ty::ExternRef | Ty::ExnRef if self.bits == 0 => write!(f, "null {:?}", self.ty),
            _ => write!(f, "non-null {:?}", self.ty),
        }
    }
}

struct OutcomeText<'a>(&'a Outcome);

impl fmt::Display for OutcomeText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Outcome::Returned(v) => {
                write!(f, "returned [{}]", v.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", "))
            }
            Outcome::Trapped(t) => write!(f, "trapped ({})", t.message()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f32v(bits: u32) -> Val {
        Val { ty: Ty::F32, bits: bits as u128 }
    }

    #[test]
    fn nans_compare_by_the_spec_rules() {
        // Canonical: either sign, only the quiet bit.
        assert!(value_matches(&f32v(0x7fc0_0000), &f32v(0xffc0_0000)));
        assert!(!value_matches(&f32v(0x7fc0_0000), &f32v(0x7fc0_0001)));
        // Arithmetic: any quiet NaN.
        assert!(value_matches(&f32v(0x7fc0_0001), &f32v(0x7fc0_0000)));
        assert!(!value_matches(&f32v(0x7fc0_0001), &f32v(0x7f80_0001)));
        // Signalling (passed through): exactly.
        assert!(!value_matches(&f32v(0x7fa0_0000), &f32v(0x7fc0_0000)));
        assert!(value_matches(&f32v(0x7fa0_0000), &f32v(0x7fa0_0000)));
        // Not NaN: exactly (zeros differ by sign).
        assert!(!value_matches(&f32v(0), &f32v(0x8000_0000)));
        let d = |b: u64| Val { ty: Ty::F64, bits: b as u128 };
        assert!(value_matches(&d(0x7ff8_0000_0000_0000), &d(0xfff8_0000_0000_0000)));
        assert!(!value_matches(&d(0x7ff8_0000_0000_0000), &d(0x7ff8_0000_0000_0001)));
        assert_eq!(nan_kind(0x7ff0_0000_0000_0000, 52), NanKind::NotNan);
    }

    #[test]
    fn different_traps_and_results_are_divergences() {
        let plan = super::super::generate::Plan {
            calls: vec![super::super::generate::Call { export: "f".into(), args: vec![], results: vec![Ty::I32] }],
            ..Default::default()
        };
        let r = Observed { calls: vec![Outcome::Trapped(Trap::IntegerOverflow)], ..Default::default() };
        let o = Observed { calls: vec![Outcome::Trapped(Trap::IntegerDivisionByZero)], ..Default::default() };
        assert!(differ(&plan, &r, &o).unwrap().contains("integer overflow"));
        let ex = Observed { calls: vec![Outcome::Trapped(Trap::Exhaustion)], ..Default::default() };
        assert_eq!(differ(&plan, &r, &ex), None);
        assert_eq!(differ(&plan, &r, &r.clone()), None);
    }
}
