//! Canonical signature ids: function types are interned process-wide, so
//! that structurally equal signatures in different modules get the same id
//! and `call_indirect` can compare ids across modules.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use wasm2native_abi::meta::{FuncType, HeapType, ValType};

#[derive(Default)]
struct Interner {
    ids: HashMap<FuncType, u32>,
    types: Vec<FuncType>,
}

static INTERNER: Mutex<Option<Interner>> = Mutex::new(None);

/// Ids start here, so that 0 never names a signature.
const FIRST_ID: u32 = 1;

/// The canonical id of `ty`.
pub fn intern_func_type(ty: &FuncType) -> u32 {
    let mut guard = INTERNER.lock().unwrap_or_else(PoisonError::into_inner);
    let interner = guard.get_or_insert_with(Interner::default);
    if let Some(&id) = interner.ids.get(ty) {
        return id;
    }
    let id = FIRST_ID + interner.types.len() as u32;
    interner.types.push(ty.clone());
    interner.ids.insert(ty.clone(), id);
    id
}

/// The canonical ids of a module's types, in order. A typed reference to
/// an earlier type of the module names that type's canonical id, one to the
/// type itself [`HeapType::SELF`], so that equal types of different modules
/// (with equal referenced types) get equal ids. (Recursive type groups of
/// several types, the GC proposal's, are refused by the compiler.)
pub fn intern_module_types(types: &[FuncType]) -> Box<[u32]> {
    let mut ids: Vec<u32> = Vec::with_capacity(types.len());
    for (i, ty) in types.iter().enumerate() {
        let canonical = {
            let map = |t: u32| if (t as usize) < i { ids[t as usize] } else { canonical_self() };
            FuncType {
                params: ty.params.iter().map(|v| v.map_concrete(map)).collect(),
                results: ty.results.iter().map(|v| v.map_concrete(map)).collect(),
            }
        };
        ids.push(intern_func_type(&canonical));
    }
    ids.into_boxed_slice()
}

/// What a type's reference to itself becomes.
fn canonical_self() -> u32 {
    match HeapType::SELF {
        HeapType::Concrete(i) => i,
        _ => unreachable!("SELF is concrete"),
    }
}

/// `ty` with its concrete type index, an index of the module whose
/// canonical ids are `type_ids`, replaced by its canonical id.
pub(crate) fn canonical(ty: ValType, type_ids: &[u32]) -> ValType {
    ty.map_concrete(|t| type_ids.get(t as usize).copied().unwrap_or(0))
}

/// The signature with canonical id `id`.
pub fn func_type(id: u32) -> Option<FuncType> {
    let guard = INTERNER.lock().unwrap_or_else(PoisonError::into_inner);
    let index = id.checked_sub(FIRST_ID)? as usize;
    guard.as_ref()?.types.get(index).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm2native_abi::meta::RefType;

    #[test]
    fn typed_references_are_canonical_across_modules() {
        let r = |t| ValType::Ref(RefType { nullable: false, heap: HeapType::Concrete(t) });
        let unit = FuncType { params: vec![], results: vec![] };
        let takes = |t| FuncType { params: vec![r(t)], results: vec![] };
        // Module A: 0 = () -> (), 1 = (ref 0) -> (). Module B declares them
        // the other way round: 0 = something else, 1 = () -> (), 2 = (ref 1) -> ().
        let a = intern_module_types(&[unit.clone(), takes(0)]);
        let other = FuncType { params: vec![ValType::F32], results: vec![] };
        let b = intern_module_types(&[other, unit.clone(), takes(1)]);
        assert_eq!(a[0], b[1]);
        assert_eq!(a[1], b[2]);
        // A reference to a different type is a different signature.
        assert_ne!(intern_module_types(&[other_unit(), takes(0)])[1], a[1]);
        // Self references are structural, and not references to another
        // type.
        let me = intern_module_types(&[takes(0)]);
        assert_eq!(me[0], intern_module_types(&[takes(0)])[0]);
        assert_ne!(me[0], a[1]);
        let _ = unit;
    }

    fn other_unit() -> FuncType {
        FuncType { params: vec![ValType::I64], results: vec![] }
    }

    #[test]
    fn equal_types_share_ids() {
        let a = FuncType { params: vec![ValType::I32, ValType::F64], results: vec![ValType::I64] };
        let b = FuncType { params: vec![ValType::I32], results: vec![ValType::I64, ValType::F64] };
        let ia = intern_func_type(&a);
        let ib = intern_func_type(&b);
        assert_ne!(ia, ib);
        assert_eq!(intern_func_type(&a.clone()), ia);
        assert_eq!(func_type(ia), Some(a));
        assert_eq!(func_type(ib), Some(b));
        assert_eq!(func_type(0), None);
        assert_ne!(ia, 0);
    }
}
