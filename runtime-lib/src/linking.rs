//! Import matching, as the spec defines it: function types must be equal,
//! memory and table limits must be subtypes (imported min >= declared min;
//! when a maximum is declared, the import must have one that is not larger),
//! global types and mutability must be equal, table element types equal.

use wasm2native_abi::meta::{BoundsChecks, Import, ImportKind, Limits, ValType};

use crate::instance::Extern;
use crate::types;

/// Whether `actual` limits satisfy `expected` ones.
pub(crate) fn limits_match(actual: Limits, expected: Limits) -> bool {
    actual.min >= expected.min
        && match expected.max {
            None => true,
            Some(expected_max) => actual.max.is_some_and(|m| m <= expected_max),
        }
}

/// Checks that `value` may satisfy `import`. `type_id` gives the canonical
/// id of a module type index; `mode` is the importing code's bounds-check
/// mode. The error is the spec tests' "incompatible import type" message.
pub(crate) fn check_import(
    import: &Import<'_>,
    value: &Extern,
    type_id: impl Fn(u32) -> Option<u32>,
    mode: BoundsChecks,
) -> Result<(), String> {
    let canonical = |ty: ValType| ty.map_concrete(|t| type_id(t).unwrap_or(0));
    let ok = match (&import.kind, value) {
        (ImportKind::Func(ty), Extern::Func(f)) => type_id(*ty).is_some_and(|t| types::is_subtype(f.type_id(), t)),
        (ImportKind::Memory(expected), Extern::Memory(m)) => {
            let actual = m.current_type();
            // Guard-mode code has no bounds checks: its memories must have
            // the guard reservation.
            let allocation_ok =
                expected.bounds_checks(mode) == BoundsChecks::Explicit || m.bounds_checks() == BoundsChecks::Guard;
            limits_match(actual.limits, expected.limits)
                && actual.memory64 == expected.memory64
                && actual.page_size_log2 == expected.page_size_log2
                && actual.shared == expected.shared
                && allocation_ok
        }
        // Reference types of the importer are made canonical (its concrete
        // type indices become signature ids) to compare with the exporter's.
        (ImportKind::Table(expected), Extern::Table(t)) => {
            let actual = t.current_type();
            actual.element == canonical(expected.element)
                && actual.table64 == expected.table64
                && limits_match(actual.limits, expected.limits)
        }
        // A mutable global's type must be equal, an immutable one's a subtype.
        (ImportKind::Global(expected), Extern::Global(g)) => {
            let (actual, wanted) = (g.ty(), canonical(expected.ty));
            actual.mutable == expected.mutable
                && if actual.mutable { actual.ty == wanted } else { types::val_matches(actual.ty, wanted) }
        }
        (ImportKind::Tag(ty), Extern::Tag(t)) => type_id(*ty) == Some(t.type_id()),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("incompatible import type for {}::{}", import.module, import.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Func, Global, Memory, Table};
    use wasm2native_abi::meta::{FuncType, GlobalType, MemoryType, TableType, ValType};

    fn lim(min: u64, max: Option<u64>) -> Limits {
        Limits { min, max }
    }

    #[test]
    fn limits_subtyping() {
        assert!(limits_match(lim(1, None), lim(1, None)));
        assert!(limits_match(lim(2, Some(3)), lim(1, None)));
        assert!(!limits_match(lim(0, None), lim(1, None)));
        assert!(!limits_match(lim(1, None), lim(1, Some(2))));
        assert!(limits_match(lim(1, Some(2)), lim(1, Some(2))));
        assert!(!limits_match(lim(1, Some(3)), lim(1, Some(2))));
    }

    fn imp(kind: ImportKind) -> Import<'static> {
        Import { module: "m", name: "n", kind }
    }

    #[test]
    fn kinds_and_types() {
        let mty = |min, max| MemoryType::new(lim(min, max), false);
        let mem = Extern::Memory(Memory::new(mty(1, Some(2)), BoundsChecks::Guard).unwrap());
        let no_types = |_| None;
        let check = |kind, value: &Extern| check_import(&imp(kind), value, no_types, BoundsChecks::Guard);
        assert!(check(ImportKind::Memory(mty(1, None)), &mem).is_ok());
        assert!(check(ImportKind::Memory(mty(1, Some(2))), &mem).is_ok());
        assert!(check(ImportKind::Memory(mty(2, None)), &mem).is_err());
        assert!(check(ImportKind::Memory(mty(0, Some(1))), &mem).is_err());
        let err = check(ImportKind::Global(GlobalType { ty: ValType::I32, mutable: false }), &mem).unwrap_err();
        assert_eq!(err, "incompatible import type for m::n");

        let explicit = Extern::Memory(Memory::new(mty(1, None), BoundsChecks::Explicit).unwrap());
        assert!(check(ImportKind::Memory(mty(1, None)), &explicit).is_err());
        assert!(check_import(&imp(ImportKind::Memory(mty(1, None))), &explicit, no_types, BoundsChecks::Explicit)
            .is_ok());

        let g = Extern::Global(Global::new(GlobalType { ty: ValType::I64, mutable: true }, 0));
        assert!(check(ImportKind::Global(GlobalType { ty: ValType::I64, mutable: true }), &g).is_ok());
        assert!(check(ImportKind::Global(GlobalType { ty: ValType::I64, mutable: false }), &g).is_err());
        assert!(check(ImportKind::Global(GlobalType { ty: ValType::I32, mutable: true }), &g).is_err());

        let tty = |element, min, max| TableType { element, limits: lim(min, max), table64: false };
        let t = Extern::Table(Table::new(tty(ValType::FuncRef, 10, Some(20)), 0).unwrap());
        assert!(check(ImportKind::Table(tty(ValType::FuncRef, 10, Some(20))), &t).is_ok());
        assert!(check(ImportKind::Table(tty(ValType::ExternRef, 10, Some(20))), &t).is_err());
        assert!(check(ImportKind::Table(tty(ValType::FuncRef, 11, None)), &t).is_err());

        let ty = FuncType { params: vec![ValType::I32], results: vec![] };
        // SAFETY: never called.
        let f = Extern::Func(unsafe { Func::new_host(std::ptr::null(), std::ptr::null_mut(), &ty, None) });
        let id = crate::intern_func_type(&ty);
        let other = crate::intern_func_type(&FuncType { params: vec![], results: vec![] });
        let check_f = |want: u32| {
            check_import(&imp(ImportKind::Func(0)), &f, move |_| Some(want), BoundsChecks::Guard)
        };
        assert!(check_f(id).is_ok());
        assert!(check_f(other).is_err());
    }
}
