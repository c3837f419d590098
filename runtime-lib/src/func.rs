//! Function handles: a `VMFuncRef` plus whatever keeps it alive, callable
//! from the host through its array-call trampoline.

use std::fmt;
use std::ptr::NonNull;
use std::rc::Rc;

use wasm2native_abi::meta::FuncType;
use wasm2native_abi::{ArrayCallFn, VMContext, VMFuncRef};

use crate::global::mask_value;
use crate::instance::Instance;
use crate::trap::{catch_traps, Trap, Unwind};
use crate::{stack, types};

/// A function: a pointer to its `VMFuncRef` (what tables and import arrays
/// hold) and a handle keeping it valid.
#[derive(Clone)]
pub struct Func {
    funcref: NonNull<VMFuncRef>,
    _owner: Owner,
}

#[derive(Clone)]
enum Owner {
    /// Defined in (or bound to) an instance, which owns the `VMFuncRef`.
    Instance(#[allow(dead_code)] Instance),
    /// Created by the embedder.
    Host(#[allow(dead_code)] Rc<VMFuncRef>),
    /// Kept alive by someone else (see [`Func::from_funcref`]).
    Borrowed,
}

/// Why [`Func::call`] failed.
#[derive(Debug, Clone)]
pub enum CallError {
    /// The call ended without returning: a trap, `proc_exit`, a WASI guest
    /// error or a host function's trap.
    Unwind(Unwind),
    /// The number of arguments does not match the signature.
    ArgumentCount {
        /// Parameters of the signature.
        expected: usize,
        /// Arguments given.
        given: usize,
    },
    /// The function has no array-call trampoline or an unknown signature.
    NotCallable,
}

impl CallError {
    /// The wasm trap, if the call ended with one.
    pub fn trap(&self) -> Option<&Trap> {
        match self {
            CallError::Unwind(u) => u.trap(),
            _ => None,
        }
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Unwind(u) => u.fmt(f),
            CallError::ArgumentCount { expected, given } => {
                write!(f, "expected {expected} arguments, got {given}")
            }
            CallError::NotCallable => f.write_str("function has no array-call entry"),
        }
    }
}

impl std::error::Error for CallError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CallError::Unwind(u) => Some(u),
            _ => None,
        }
    }
}

impl From<Trap> for CallError {
    fn from(t: Trap) -> Self {
        CallError::Unwind(Unwind::Trap(t))
    }
}

impl From<Unwind> for CallError {
    fn from(u: Unwind) -> Self {
        CallError::Unwind(u)
    }
}

impl Func {
    /// A function owned by `instance` (its `VMFuncRef` lives there).
    pub(crate) fn owned_by(funcref: NonNull<VMFuncRef>, instance: Instance) -> Func {
        Func { funcref, _owner: Owner::Instance(instance) }
    }

    /// Wraps a raw funcref (e.g. a table element or a `funcref` global's
    /// value); `None` for null.
    ///
    /// # Safety
    /// `funcref` must stay valid while the returned handle (and any import
    /// made from it) is in use: keep the instance that owns it alive.
    pub unsafe fn from_funcref(funcref: *const VMFuncRef) -> Option<Func> {
        Some(Func { funcref: NonNull::new(funcref.cast_mut())?, _owner: Owner::Borrowed })
    }

    /// A host function with the wasm calling convention at `fn_ptr`, called
    /// with `vmctx` as first argument, and optionally an array-call entry
    /// (needed for [`Func::call`]).
    ///
    /// # Safety
    /// `fn_ptr` and `array_call` must implement signature `ty` in their
    /// conventions; `vmctx` must be null or a live `VMContext` for as long
    /// as the function can be called.
    pub unsafe fn new_host(
        fn_ptr: *const u8,
        vmctx: *mut VMContext,
        ty: &FuncType,
        array_call: Option<ArrayCallFn>,
    ) -> Func {
        let rc = Rc::new(VMFuncRef { fn_ptr, vmctx, type_id: types::intern_func_type(ty), array_call });
        Func { funcref: NonNull::from(&*rc), _owner: Owner::Host(rc) }
    }

    /// The funcref word stored in tables and globals for this function.
    pub fn as_funcref(&self) -> *const VMFuncRef {
        self.funcref.as_ptr()
    }

    fn raw(&self) -> &VMFuncRef {
        // SAFETY: the owner keeps the funcref alive (or the creator of a
        // borrowed handle promised to).
        unsafe { self.funcref.as_ref() }
    }

    /// Canonical signature id (see [`crate::intern_func_type`]).
    pub fn type_id(&self) -> u32 {
        self.raw().type_id
    }

    /// The signature.
    pub fn ty(&self) -> Option<FuncType> {
        types::func_type(self.type_id())
    }

    /// Whether both handles refer to the same function reference.
    pub fn same(&self, other: &Func) -> bool {
        self.funcref == other.funcref
    }

    /// Calls the function through its array-call entry, catching traps.
    /// Arguments and results are raw 16-byte values (i32/f32 bits in the low
    /// 32 bits, i64/f64 in the low 64, references as words). Refreshes the
    /// callee instance's stack limit for the current thread first.
    pub fn call(&self, args: &[u128]) -> Result<Vec<u128>, CallError> {
        let raw = self.raw();
        let ty = self.ty().ok_or(CallError::NotCallable)?;
        let array_call = raw.array_call.ok_or(CallError::NotCallable)?;
        if args.len() != ty.params.len() {
            return Err(CallError::ArgumentCount { expected: ty.params.len(), given: args.len() });
        }
        let mut values = vec![0u128; ty.params.len().max(ty.results.len()).max(1)];
        for ((slot, &arg), &t) in values.iter_mut().zip(args).zip(&ty.params) {
            *slot = mask_value(t, arg);
        }
        // SAFETY: our owner keeps the funcref alive; the trampoline reads
        // and writes `max(params, results)` slots, which `values` holds.
        unsafe { call_array(raw.vmctx, array_call, values.as_mut_ptr(), true) }?;
        values.truncate(ty.results.len());
        for (v, &t) in values.iter_mut().zip(&ty.results) {
            *v = mask_value(t, *v);
        }
        Ok(values)
    }
}

/// Calls `array_call` with `vmctx` and `values` after refreshing the
/// callee's stack limit for this thread: inside a catch point when
/// `catch` (a trap, `proc_exit` or a host trap come back as the
/// [`Unwind`]), else uncaught (a trap is reported and ends the process, as
/// in an executable's entry).
///
/// # Safety
/// `vmctx` is null or a live context `array_call` belongs to; `values`
/// holds the slots its signature reads and writes.
pub(crate) unsafe fn call_array(
    vmctx: *mut VMContext,
    array_call: ArrayCallFn,
    values: *mut u128,
    catch: bool,
) -> Result<(), Unwind> {
    // SAFETY: as the caller guarantees. The closure owns nothing with a
    // destructor, so abandoning it on a trap is fine.
    unsafe {
        if !vmctx.is_null() {
            (*vmctx).stack_limit = stack::stack_limit();
        }
        if catch {
            catch_traps(|| array_call(vmctx, values))
        } else {
            array_call(vmctx, values);
            Ok(())
        }
    }
}

impl fmt::Debug for Func {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Func").field("funcref", &self.funcref).field("type_id", &self.type_id()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm2native_abi::meta::ValType;

    unsafe extern "C" fn add_array(_vmctx: *mut VMContext, values: *mut u128) {
        // SAFETY: two slots, per the signature.
        unsafe {
            let a = *values as u32;
            let b = *values.add(1) as u32;
            // Only write 4 bytes, as generated code may: the rest must be masked.
            *(values as *mut u32) = a.wrapping_add(b);
        }
    }

    #[test]
    fn host_funcs_are_callable() {
        let ty = FuncType { params: vec![ValType::I32, ValType::I32], results: vec![ValType::I32] };
        // SAFETY: `add_array` implements `ty` in the array convention; it
        // has no wasm-convention entry, which this test never uses.
        let f = unsafe { Func::new_host(std::ptr::null(), std::ptr::null_mut(), &ty, Some(add_array)) };
        assert_eq!(f.call(&[0xffff_ffff, 0x1_0000_0002]).unwrap(), vec![1]);
        assert!(matches!(f.call(&[1]), Err(CallError::ArgumentCount { expected: 2, given: 1 })));
        assert_eq!(f.ty(), Some(ty.clone()));
        let g = f.clone();
        assert!(f.same(&g));
        // SAFETY: `f` keeps the funcref alive for `h`'s lifetime.
        let h = unsafe { Func::from_funcref(f.as_funcref()) }.unwrap();
        assert!(h.same(&f));
        // SAFETY: null gives no function.
        assert!(unsafe { Func::from_funcref(std::ptr::null()) }.is_none());
        // SAFETY: never called through `fn_ptr`.
        let no_entry = unsafe { Func::new_host(std::ptr::null(), std::ptr::null_mut(), &ty, None) };
        assert!(matches!(no_entry.call(&[1, 2]), Err(CallError::NotCallable)));
    }
}
