//! Globals: 16-byte storage cells at stable addresses, shared on import.

use std::rc::Rc;

use wasm2native_abi::meta::{GlobalType, ValType};
use wasm2native_abi::VMGlobal;

use crate::vmctx::VmSlot;

/// A global, shared by handle: cloning gives another handle to the same
/// storage.
#[derive(Clone)]
pub struct Global(Rc<GlobalInner>);

struct GlobalInner {
    storage: VmSlot<VMGlobal>,
    ty: GlobalType,
}

/// The bits of a `ty` value kept in a 16-byte slot (the rest is zero).
pub(crate) fn mask_value(ty: ValType, value: u128) -> u128 {
    match ty {
        ValType::I32 | ValType::F32 => value & 0xffff_ffff,
        ValType::I64 | ValType::F64 => value & 0xffff_ffff_ffff_ffff,
        ValType::V128 => value,
        ValType::FuncRef | ValType::ExternRef | ValType::ExnRef | ValType::Ref(_) => value & usize::MAX as u128,
    }
}

impl Global {
    /// Creates a global of type `ty` holding `value` (raw bits: see
    /// [`Global::get`]).
    pub fn new(ty: GlobalType, value: u128) -> Global {
        Global::new_in(ty, value, VmSlot::own(VMGlobal::default()))
    }

    /// [`Global::new`] with its storage in `slot` (inside the defining
    /// instance's context).
    pub(crate) fn new_in(ty: GlobalType, value: u128, slot: VmSlot<VMGlobal>) -> Global {
        let g = Global(Rc::new(GlobalInner { storage: slot.init(VMGlobal::default()), ty }));
        g.set(value);
        g
    }

    /// Its type.
    pub fn ty(&self) -> GlobalType {
        self.0.ty
    }

    /// The current value: i32/f32 bits in the low 32 bits, i64/f64 in the
    /// low 64, references as the pointer-sized word (0 = null).
    pub fn get(&self) -> u128 {
        // SAFETY: the cell is only accessed from the owning thread and no
        // reference to it outlives a call.
        let bytes = unsafe { (*self.0.storage.get()).bytes };
        mask_value(self.0.ty.ty, u128::from_le_bytes(bytes))
    }

    /// Stores `value` (whether or not the global is mutable: this is the
    /// embedder's view).
    pub fn set(&self, value: u128) {
        let bytes = mask_value(self.0.ty.ty, value).to_le_bytes();
        // SAFETY: as in `get`.
        unsafe { (*self.0.storage.get()).bytes = bytes };
    }

    /// The storage generated code reads and writes (stable address).
    pub fn vm(&self) -> *mut VMGlobal {
        self.0.storage.get()
    }

    /// Whether both handles refer to the same global.
    pub fn same(&self, other: &Global) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for Global {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Global").field("ty", &self.0.ty).field("value", &self.get()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_masked_and_shared() {
        let g = Global::new(GlobalType { ty: ValType::I32, mutable: true }, 0x1_0000_0005);
        assert_eq!(g.get(), 5);
        let h = g.clone();
        h.set(u128::MAX);
        assert_eq!(g.get(), 0xffff_ffff);
        assert!(g.same(&h));
        // SAFETY: `vm` points at live storage.
        let bytes = unsafe { (*g.vm()).bytes };
        assert_eq!(&bytes[..8], &[0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
        let v = Global::new(GlobalType { ty: ValType::V128, mutable: false }, u128::MAX - 1);
        assert_eq!(v.get(), u128::MAX - 1);
        let f = Global::new(GlobalType { ty: ValType::F64, mutable: false }, 1.5f64.to_bits() as u128);
        assert_eq!(f64::from_bits(f.get() as u64), 1.5);
    }
}
