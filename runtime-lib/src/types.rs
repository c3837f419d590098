//! Canonical signature ids: function types are interned process-wide, so
//! that structurally equal signatures in different modules get the same id
//! and `call_indirect` can compare ids across modules.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use wasm2native_abi::meta::FuncType;

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

/// The signature with canonical id `id`.
pub fn func_type(id: u32) -> Option<FuncType> {
    let guard = INTERNER.lock().unwrap_or_else(PoisonError::into_inner);
    let index = id.checked_sub(FIRST_ID)? as usize;
    guard.as_ref()?.types.get(index).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm2native_abi::meta::ValType;

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
