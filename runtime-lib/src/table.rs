//! Tables: growable arrays of reference words.
//!
//! An element is one pointer-sized word: a `*const VMFuncRef` for `funcref`
//! tables, an opaque word for `externref`, `0` for null. Generated code
//! reads them through the [`VMTable`] header, whose address is stable and
//! which is updated whenever the element array moves.

use std::cell::UnsafeCell;
use std::fmt;
use std::rc::Rc;

use wasm2native_abi::meta::{Limits, TableType};
use wasm2native_abi::VMTable;

use crate::{checked_range, OutOfBounds};

/// The most elements a table may have here, whatever its declared maximum
/// (keeps a runaway `table.grow` from exhausting host memory).
pub const MAX_TABLE_ELEMENTS: u64 = 1 << 24;

/// Why a table could not be created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError {
    /// Requested minimum.
    pub min: u64,
    /// The effective maximum.
    pub max: u64,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "table size {} exceeds the maximum of {} elements", self.min, self.max)
    }
}

impl std::error::Error for TableError {}

/// A table, shared by handle: cloning gives another handle to the same
/// table.
#[derive(Clone)]
pub struct Table(Rc<TableInner>);

struct TableInner {
    /// What generated code reads; kept equal to `elements`' pointer/length.
    vm: UnsafeCell<VMTable>,
    elements: UnsafeCell<Vec<usize>>,
    ty: TableType,
    max: u64,
}

impl Table {
    /// Creates a table of type `ty` with `ty.limits.min` elements set to
    /// `init`.
    pub fn new(ty: TableType, init: usize) -> Result<Table, TableError> {
        let max = ty.limits.max.map_or(MAX_TABLE_ELEMENTS, |m| m.min(MAX_TABLE_ELEMENTS));
        if ty.limits.min > max {
            return Err(TableError { min: ty.limits.min, max });
        }
        let mut elements = Vec::new();
        if elements.try_reserve_exact(ty.limits.min as usize).is_err() {
            return Err(TableError { min: ty.limits.min, max });
        }
        elements.resize(ty.limits.min as usize, init);
        let table = Table(Rc::new(TableInner {
            vm: UnsafeCell::new(VMTable { elements: std::ptr::null_mut(), length: 0 }),
            elements: UnsafeCell::new(elements),
            ty,
            max,
        }));
        table.sync();
        Ok(table)
    }

    /// The declared type.
    pub fn ty(&self) -> TableType {
        self.0.ty
    }

    /// The type for import matching: the minimum is the current size.
    pub fn current_type(&self) -> TableType {
        TableType { limits: Limits { min: self.size(), max: self.0.ty.limits.max }, ..self.0.ty }
    }

    /// The `VMTable` generated code reads (stable address).
    pub fn vm(&self) -> *mut VMTable {
        self.0.vm.get()
    }

    /// Whether both handles refer to the same table.
    pub fn same(&self, other: &Table) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    /// Current number of elements.
    pub fn size(&self) -> u64 {
        // SAFETY: no mutable borrow of the elements is live outside this
        // module's short-lived methods.
        unsafe { (*self.0.elements.get()).len() as u64 }
    }

    /// Element `index`, if in bounds.
    pub fn get(&self, index: u64) -> Option<usize> {
        // SAFETY: as in `size`.
        let elements = unsafe { &*self.0.elements.get() };
        elements.get(usize::try_from(index).ok()?).copied()
    }

    /// Sets element `index`.
    pub fn set(&self, index: u64, value: usize) -> Result<(), OutOfBounds> {
        self.fill(index, value, 1)
    }

    /// `table.fill`: sets `len` elements from `dst` to `value`.
    pub fn fill(&self, dst: u64, value: usize, len: u64) -> Result<(), OutOfBounds> {
        // SAFETY: the borrow ends before we return; nothing else accesses
        // the elements meanwhile.
        let elements = unsafe { &mut *self.0.elements.get() };
        let range = checked_range(dst, len, elements.len()).ok_or(OutOfBounds)?;
        elements[range].fill(value);
        Ok(())
    }

    /// `table.grow`: appends `delta` elements set to `init`. Returns the old
    /// size, or `None` when the maximum would be exceeded or memory is short.
    pub fn grow(&self, delta: u64, init: usize) -> Option<u64> {
        let old = self.size();
        let new = old.checked_add(delta)?;
        if new > self.0.max {
            return None;
        }
        // SAFETY: the borrow ends before `sync`; generated code is not
        // running inside this call.
        let elements = unsafe { &mut *self.0.elements.get() };
        elements.try_reserve_exact(delta as usize).ok()?;
        elements.resize(new as usize, init);
        self.sync();
        Some(old)
    }

    /// Runs `f` on the element array (for bulk operations).
    ///
    /// # Safety
    /// `f` must not access this table through any other path.
    pub(crate) unsafe fn with_elements<R>(&self, f: impl FnOnce(&mut [usize]) -> R) -> R {
        // SAFETY: the caller promises exclusive access for the call.
        f(unsafe { &mut *self.0.elements.get() })
    }

    /// Points the `VMTable` header at the current element array.
    fn sync(&self) {
        // SAFETY: both cells are only touched from the owning thread, and no
        // other borrow is live.
        unsafe {
            let elements = &mut *self.0.elements.get();
            *self.0.vm.get() = VMTable { elements: elements.as_mut_ptr(), length: elements.len() };
        }
    }
}

impl fmt::Debug for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Table").field("size", &self.size()).field("ty", &self.0.ty).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm2native_abi::meta::ValType;

    fn ty(min: u64, max: Option<u64>) -> TableType {
        TableType { element: ValType::FuncRef, limits: Limits { min, max }, table64: false }
    }

    #[test]
    fn grow_fill_get_set() {
        let t = Table::new(ty(2, Some(5)), 7).unwrap();
        assert_eq!(t.size(), 2);
        assert_eq!(t.get(1), Some(7));
        assert_eq!(t.get(2), None);
        assert_eq!(t.grow(2, 9), Some(2));
        assert_eq!(t.get(3), Some(9));
        assert_eq!(t.grow(2, 0), None);
        assert_eq!(t.grow(u64::MAX, 0), None);
        assert_eq!(t.grow(0, 0), Some(4));
        t.set(0, 1).unwrap();
        assert_eq!(t.set(4, 1), Err(OutOfBounds));
        t.fill(1, 3, 3).unwrap();
        assert_eq!(t.fill(1, 3, 4), Err(OutOfBounds));
        assert_eq!(t.fill(4, 3, 0), Ok(()));
        assert_eq!(t.fill(5, 3, 0), Err(OutOfBounds));
        // SAFETY: the header points at the live element array.
        let vm = unsafe { &*t.vm() };
        assert_eq!(vm.length, 4);
        // SAFETY: as above, index 0..4 is in bounds.
        let got: Vec<usize> = (0..4).map(|i| unsafe { *vm.elements.add(i) }).collect();
        assert_eq!(got, [1, 3, 3, 3]);
        assert_eq!(t.current_type().limits.min, 4);
    }

    #[test]
    fn limits_are_checked() {
        assert!(Table::new(ty(3, Some(2)), 0).is_err());
        assert!(Table::new(ty(MAX_TABLE_ELEMENTS + 1, None), 0).is_err());
        let t = Table::new(ty(0, None), 0).unwrap();
        assert_eq!(t.grow(MAX_TABLE_ELEMENTS + 1, 0), None);
        assert_eq!(t.grow(0xffff_fff0, 0), None);
    }

    #[test]
    fn handles_share() {
        let a = Table::new(ty(1, None), 0).unwrap();
        let b = a.clone();
        assert!(a.same(&b));
        b.grow(3, 0).unwrap();
        assert_eq!(a.size(), 4);
        // SAFETY: live header.
        assert_eq!(unsafe { (*a.vm()).length }, 4);
    }
}
