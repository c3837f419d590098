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
    gc_alloc: crate::arch::gc_alloc_entry,
    array_init_data,
    array_init_elem,
    data_in_bounds,
    elem_in_bounds,
    array_copy,
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

/// The status of a bulk array operation whose array range is fine but
/// whose source (data or element segment) is out of bounds.
const SOURCE_OUT_OF_BOUNDS: u32 = 2;

/// Data segment `data` of `inst`, empty once dropped.
fn data_bytes(inst: &InstanceInner, data: u32) -> &[u8] {
    match (inst.meta.data.get(data as usize), inst.data_dropped.get(data as usize)) {
        (Some(segment), Some(dropped)) if !dropped.get() => segment.bytes,
        _ => &[],
    }
}

/// The elements `at .. at + len` of the array at `array` (its element
/// size, and the byte range from the object's start), or `None` when out
/// of bounds.
///
/// # Safety
/// `array` must be a live array object.
unsafe fn array_range(array: *mut u8, at: u32, len: u32) -> Option<(usize, std::ops::Range<usize>)> {
    use wasm2native_abi::gc;
    // SAFETY: a live array: its header points to its type, its length
    // follows.
    let (elem, array_len) = unsafe {
        ((*(*(array as *const *const gc::VMGcType))).size as usize, *(array.add(gc::ARRAY_LEN_OFFSET as usize) as *const u32))
    };
    let elems = checked_range(u64::from(at), u64::from(len), array_len as usize)?;
    let start = gc::ARRAY_ELEMS_OFFSET as usize + elems.start * elem;
    Some((elem, start..start + elems.len() * elem))
}

unsafe extern "C" fn array_init_data(vmctx: *mut VMContext, array: *mut u8, data: u32, dst: u32, src: u32, len: u32) -> u32 {
    // SAFETY: generated code passes its own live context and a live array.
    let (inst, range) = unsafe { (instance(vmctx), array_range(array, dst, len)) };
    let Some((_, dr)) = range else { return OUT_OF_BOUNDS };
    let bytes = data_bytes(inst, data);
    let Some(sr) = checked_range(u64::from(src), dr.len() as u64, bytes.len()) else { return SOURCE_OUT_OF_BOUNDS };
    // SAFETY: `dr` lies inside the array object; segment bytes never alias
    // the GC heap.
    unsafe { ptr::copy_nonoverlapping(bytes[sr].as_ptr(), array.add(dr.start), dr.len()) };
    OK
}

unsafe extern "C" fn array_init_elem(vmctx: *mut VMContext, array: *mut u8, elem: u32, dst: u32, src: u32, len: u32) -> u32 {
    // SAFETY: generated code passes its own live context and a live array
    // of references.
    let (inst, range) = unsafe { (instance(vmctx), array_range(array, dst, len)) };
    let Some((_, dr)) = range else { return OUT_OF_BOUNDS };
    let Some(Ok(items)) = inst.elems.get(elem as usize).map(|s| s.try_borrow()) else { return SOURCE_OUT_OF_BOUNDS };
    let Some(sr) = checked_range(u64::from(src), u64::from(len), items.len()) else { return SOURCE_OUT_OF_BOUNDS };
    // SAFETY: `dr` holds `len` pointer-sized elements of the array.
    unsafe { ptr::copy_nonoverlapping(items[sr].as_ptr(), array.add(dr.start).cast::<usize>(), len as usize) };
    OK
}

unsafe extern "C" fn data_in_bounds(vmctx: *mut VMContext, data: u32, src: u32, bytes: u64) -> u32 {
    // SAFETY: generated code passes its own live context.
    let inst = unsafe { instance(vmctx) };
    status(checked_range(u64::from(src), bytes, data_bytes(inst, data).len()).is_some())
}

unsafe extern "C" fn elem_in_bounds(vmctx: *mut VMContext, elem: u32, src: u32, len: u64) -> u32 {
    // SAFETY: generated code passes its own live context.
    let inst = unsafe { instance(vmctx) };
    let n = inst.elems.get(elem as usize).and_then(|s| s.try_borrow().ok().map(|i| i.len())).unwrap_or(0);
    status(checked_range(u64::from(src), len, n).is_some())
}

unsafe extern "C" fn array_copy(_vmctx: *mut VMContext, dst: *mut u8, dst_at: u32, src: *mut u8, src_at: u32, len: u32) -> u32 {
    // SAFETY: generated code passes two live arrays of one element size.
    let (d, s) = unsafe { (array_range(dst, dst_at, len), array_range(src, src_at, len)) };
    let (Some((_, dr)), Some((_, sr))) = (d, s) else { return OUT_OF_BOUNDS };
    // SAFETY: both ranges lie inside their arrays (which may be the same).
    unsafe { ptr::copy(src.add(sr.start), dst.add(dr.start), dr.len()) };
    OK
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
