//! The runtime entry points generated code calls (`VMBuiltins`), with the
//! spec's semantics. Bounds are checked with checked arithmetic; out of
//! bounds returns status 1 (generated code then traps itself). Nothing here
//! unwinds or panics.

use std::ptr;

use wasm2native_abi::{VMBuiltins, VMContext};

use crate::checked_range;
use crate::instance::InstanceInner;

/// The table every `VMContext` points to.
pub(crate) static BUILTINS: VMBuiltins = VMBuiltins {
    memory_grow,
    memmove: libc::memmove,
    memset: libc::memset,
    memory_init,
    data_drop,
    table_grow,
    table_fill,
    table_copy,
    table_init,
    elem_drop,
    func_subtype,
    throw: crate::arch::throw_entry,
    throw_ref: crate::arch::throw_ref_entry,
    atomic_wait32,
    atomic_wait64,
    atomic_notify,
};

unsafe extern "C" fn atomic_wait32(_vmctx: *mut VMContext, addr: *const u32, expected: u32, timeout: i64) -> u32 {
    // SAFETY: generated code passes a checked, aligned address of a shared
    // memory, which never moves.
    unsafe { crate::parking::wait32(addr, expected, timeout) }
}

unsafe extern "C" fn atomic_wait64(_vmctx: *mut VMContext, addr: *const u64, expected: u64, timeout: i64) -> u32 {
    // SAFETY: as for `atomic_wait32`.
    unsafe { crate::parking::wait64(addr, expected, timeout) }
}

unsafe extern "C" fn atomic_notify(_vmctx: *mut VMContext, addr: *const u8, count: u32) -> u32 {
    crate::parking::notify(addr as usize, count)
}

const OK: u32 = 0;
const OUT_OF_BOUNDS: u32 = 1;

fn status(ok: bool) -> u32 {
    if ok {
        OK
    } else {
        OUT_OF_BOUNDS
    }
}

/// The instance of a context passed by generated code.
///
/// # Safety
/// `vmctx` must be a live instance's context.
unsafe fn instance<'a>(vmctx: *mut VMContext) -> &'a InstanceInner {
    // SAFETY: forwarded from the caller.
    unsafe { InstanceInner::from_vmctx(vmctx) }
}

unsafe extern "C" fn memory_grow(vmctx: *mut VMContext, memory: u32, delta: u64) -> u64 {
    // SAFETY: generated code passes its own live context.
    let inst = unsafe { instance(vmctx) };
    inst.memories.get(memory as usize).and_then(|m| m.grow(delta)).unwrap_or(u64::MAX)
}

unsafe extern "C" fn memory_init(vmctx: *mut VMContext, memory: u32, data: u32, dst: u64, src: u32, len: u32) -> u32 {
    // SAFETY: generated code passes its own live context.
    let inst = unsafe { instance(vmctx) };
    let (Some(m), Some(segment), Some(dropped)) = (
        inst.memories.get(memory as usize),
        inst.meta.data.get(data as usize),
        inst.data_dropped.get(data as usize),
    ) else {
        return OUT_OF_BOUNDS;
    };
    let bytes: &[u8] = if dropped.get() { &[] } else { segment.bytes };
    let Some(sr) = checked_range(src as u64, len as u64, bytes.len()) else { return OUT_OF_BOUNDS };
    let Some(dr) = checked_range(dst, len as u64, m.data_size()) else { return OUT_OF_BOUNDS };
    // SAFETY: the destination range is inside the memory; the segment bytes
    // never alias linear memory.
    unsafe { ptr::copy_nonoverlapping(bytes[sr].as_ptr(), m.data_ptr().add(dr.start), dr.len()) };
    OK
}

unsafe extern "C" fn data_drop(vmctx: *mut VMContext, data: u32) {
    // SAFETY: generated code passes its own live context.
    let inst = unsafe { instance(vmctx) };
    if let Some(d) = inst.data_dropped.get(data as usize) {
        d.set(true);
    }
}

unsafe extern "C" fn table_grow(vmctx: *mut VMContext, table: u32, init: usize, delta: u64) -> u64 {
    // SAFETY: generated code passes its own live context.
    let inst = unsafe { instance(vmctx) };
    inst.tables.get(table as usize).and_then(|t| t.grow(delta, init)).unwrap_or(u64::MAX)
}

unsafe extern "C" fn table_fill(vmctx: *mut VMContext, table: u32, dst: u64, value: usize, len: u64) -> u32 {
    // SAFETY: generated code passes its own live context.
    let inst = unsafe { instance(vmctx) };
    status(inst.tables.get(table as usize).is_some_and(|t| t.fill(dst, value, len).is_ok()))
}

unsafe extern "C" fn table_copy(
    vmctx: *mut VMContext,
    dst_table: u32,
    src_table: u32,
    dst: u64,
    src: u64,
    len: u64,
) -> u32 {
    // SAFETY: generated code passes its own live context.
    let inst = unsafe { instance(vmctx) };
    let (Some(d), Some(s)) = (inst.tables.get(dst_table as usize), inst.tables.get(src_table as usize)) else {
        return OUT_OF_BOUNDS;
    };
    let (Some(dr), Some(sr)) =
        (checked_range(dst, len, d.size() as usize), checked_range(src, len, s.size() as usize))
    else {
        return OUT_OF_BOUNDS;
    };
    if d.same(s) {
        // SAFETY: only this closure touches the table meanwhile.
        unsafe { d.with_elements(|e| e.copy_within(sr, dr.start)) };
    } else {
        // SAFETY: two distinct tables, each accessed only by its closure.
        unsafe { s.with_elements(|se| d.with_elements(|de| de[dr].copy_from_slice(&se[sr]))) };
    }
    OK
}

unsafe extern "C" fn table_init(vmctx: *mut VMContext, table: u32, elem: u32, dst: u64, src: u32, len: u32) -> u32 {
    // SAFETY: generated code passes its own live context.
    let inst = unsafe { instance(vmctx) };
    let (Some(t), Some(segment)) = (inst.tables.get(table as usize), inst.elems.get(elem as usize)) else {
        return OUT_OF_BOUNDS;
    };
    let Ok(items) = segment.try_borrow() else { return OUT_OF_BOUNDS };
    let Some(sr) = checked_range(src as u64, len as u64, items.len()) else { return OUT_OF_BOUNDS };
    let Some(dr) = checked_range(dst, len as u64, t.size() as usize) else { return OUT_OF_BOUNDS };
    // SAFETY: only this closure touches the table meanwhile.
    unsafe { t.with_elements(|e| e[dr].copy_from_slice(&items[sr])) };
    OK
}

unsafe extern "C" fn elem_drop(vmctx: *mut VMContext, elem: u32) {
    // SAFETY: generated code passes its own live context.
    let inst = unsafe { instance(vmctx) };
    if let Some(Ok(mut items)) = inst.elems.get(elem as usize).map(|s| s.try_borrow_mut()) {
        *items = Box::default();
    }
}

extern "C" fn func_subtype(_vmctx: *mut VMContext, actual: u32, expected: u32) -> u32 {
    crate::types::is_subtype(actual, expected) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::ModuleBuilder;
    use wasm2native_abi::meta::{ConstExpr, ConstOp, DataSegment, ElemItems, ElemSegment, SegmentMode, ValType};

    #[test]
    fn bulk_memory() {
        let mut b = ModuleBuilder::new();
        b.memory(1, Some(3));
        b.meta.data.push(DataSegment { mode: SegmentMode::Passive, bytes: b"abcdef" });
        let inst = b.instantiate(vec![]).unwrap();
        let vmctx = inst.vmctx();
        let mem = inst.memory(0).unwrap();
        let page = 65536u64;
        // SAFETY: `vmctx` is the live instance's context; indices are valid.
        unsafe {
            let bi = &BUILTINS;
            assert_eq!((bi.memory_init)(vmctx, 0, 0, 10, 1, 4), OK);
            assert_eq!((bi.memory_init)(vmctx, 0, 0, 10, 3, 4), OUT_OF_BOUNDS);
            assert_eq!((bi.memory_init)(vmctx, 0, 0, page - 2, 0, 4), OUT_OF_BOUNDS);
            assert_eq!((bi.memory_init)(vmctx, 0, 0, page, 6, 0), OK);
            assert_eq!((bi.memory_init)(vmctx, 0, 0, page + 1, 0, 0), OUT_OF_BOUNDS);
            let mut buf = [0u8; 6];
            mem.read(9, &mut buf).unwrap();
            assert_eq!(&buf, b"\0bcde\0");
            (bi.data_drop)(vmctx, 0);
            assert_eq!((bi.memory_init)(vmctx, 0, 0, 0, 0, 1), OUT_OF_BOUNDS);
            assert_eq!((bi.memory_init)(vmctx, 0, 0, 0, 0, 0), OK);
            assert_eq!((bi.memory_grow)(vmctx, 0, 2), 1);
            assert_eq!((bi.memory_grow)(vmctx, 0, 1), u64::MAX);
            assert_eq!((bi.memory_grow)(vmctx, 0, 0), 3);
        }
    }

    #[test]
    fn bulk_tables() {
        let mut b = ModuleBuilder::new();
        b.table(ValType::FuncRef, 4, Some(6));
        b.table(ValType::FuncRef, 2, None);
        b.funcs(2);
        b.meta.elems.push(ElemSegment {
            mode: SegmentMode::Passive,
            element: ValType::FuncRef,
            items: ElemItems::Exprs(vec![
                ConstExpr(vec![ConstOp::RefFunc(1)]),
                ConstExpr(vec![ConstOp::RefNull]),
                ConstExpr(vec![ConstOp::RefFunc(0)]),
            ]),
        });
        let inst = b.instantiate(vec![]).unwrap();
        let vmctx = inst.vmctx();
        let t = inst.table(0).unwrap();
        let f0 = inst.func(0).unwrap().as_funcref() as usize;
        let f1 = inst.func(1).unwrap().as_funcref() as usize;
        // SAFETY: `vmctx` is the live instance's context.
        unsafe {
            let bi = &BUILTINS;
            assert_eq!((bi.table_init)(vmctx, 0, 0, 1, 0, 3), OK);
            assert_eq!((0..4).map(|i| t.get(i).unwrap()).collect::<Vec<_>>(), [0, f1, 0, f0]);
            assert_eq!((bi.table_init)(vmctx, 0, 0, 2, 0, 3), OUT_OF_BOUNDS);
            assert_eq!((bi.table_init)(vmctx, 0, 0, 0, 1, 3), OUT_OF_BOUNDS);
            assert_eq!((bi.table_copy)(vmctx, 0, 0, 0, 1, 3), OK);
            assert_eq!((0..4).map(|i| t.get(i).unwrap()).collect::<Vec<_>>(), [f1, 0, f0, f0]);
            assert_eq!((bi.table_copy)(vmctx, 1, 0, 0, 2, 2), OK);
            assert_eq!(inst.table(1).unwrap().get(1), Some(f0));
            assert_eq!((bi.table_copy)(vmctx, 1, 0, 1, 2, 2), OUT_OF_BOUNDS);
            assert_eq!((bi.table_fill)(vmctx, 0, 1, f1, 3), OK);
            assert_eq!(t.get(3), Some(f1));
            assert_eq!((bi.table_fill)(vmctx, 0, 4, f1, 1), OUT_OF_BOUNDS);
            assert_eq!((bi.table_grow)(vmctx, 0, f0, 2), 4);
            assert_eq!(t.get(5), Some(f0));
            // SAFETY: the header is live.
            assert_eq!((*t.vm()).length, 6);
            assert_eq!((bi.table_grow)(vmctx, 0, 0, 1), u64::MAX);
            (bi.elem_drop)(vmctx, 0);
            assert_eq!((bi.table_init)(vmctx, 0, 0, 0, 0, 1), OUT_OF_BOUNDS);
            assert_eq!((bi.table_init)(vmctx, 0, 0, 6, 0, 0), OK);
            assert_eq!((bi.table_init)(vmctx, 9, 0, 0, 0, 0), OUT_OF_BOUNDS);
        }
    }
}
