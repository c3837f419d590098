//! `args_get`, `args_sizes_get`, `environ_get`, `environ_sizes_get`.

use crate::ctx::WasiCtx;
use crate::errno::WasiResult;
use crate::memory::GuestMemory;
use crate::types::Errno;

/// Count and total size (each string plus its NUL) of a string list.
fn sizes(list: &[Vec<u8>]) -> WasiResult<(u32, u32)> {
    let count = u32::try_from(list.len()).map_err(|_| Errno::OVERFLOW)?;
    let bytes = list.iter().try_fold(0u32, |acc, s| {
        u32::try_from(s.len()).ok().and_then(|n| acc.checked_add(n)?.checked_add(1))
    });
    Ok((count, bytes.ok_or(Errno::OVERFLOW)?))
}

fn write_sizes(list: &[Vec<u8>], mem: &mut GuestMemory, count_ptr: u32, size_ptr: u32) -> WasiResult<()> {
    let (count, bytes) = sizes(list)?;
    mem.check(size_ptr, 4)?;
    mem.write_u32(count_ptr, count)?;
    mem.write_u32(size_ptr, bytes)
}

/// Writes the strings NUL-terminated, one after the other, at `buf`, and a
/// pointer to each into the array at `ptrs`; both ranges are checked whole
/// before anything is written.
fn write_list(list: &[Vec<u8>], mem: &mut GuestMemory, ptrs: u32, buf: u32) -> WasiResult<()> {
    let (count, bytes) = sizes(list)?;
    mem.check_array(ptrs, count, 4)?;
    mem.check(buf, bytes)?;
    // Inside the checked ranges nothing overflows, except possibly the
    // cursors once past the last element (never used then): hence wrapping.
    let (mut ptr, mut at) = (ptrs, buf);
    for s in list {
        mem.write_u32(ptr, at)?;
        mem.write_bytes(at, s)?;
        let end = at.checked_add(s.len() as u32).ok_or(Errno::FAULT)?;
        mem.write_u8(end, 0)?;
        at = end.wrapping_add(1);
        ptr = ptr.wrapping_add(4);
    }
    Ok(())
}

/// `args_get(argv, argv_buf)`.
pub fn args_get(cx: &mut WasiCtx, mem: &mut GuestMemory, argv: u32, argv_buf: u32) -> WasiResult<()> {
    write_list(&cx.args, mem, argv, argv_buf)
}

/// `args_sizes_get(argc, argv_buf_size)`.
pub fn args_sizes_get(cx: &mut WasiCtx, mem: &mut GuestMemory, argc: u32, size: u32) -> WasiResult<()> {
    write_sizes(&cx.args, mem, argc, size)
}

/// `environ_get(environ, environ_buf)`: `KEY=VALUE` strings.
pub fn environ_get(cx: &mut WasiCtx, mem: &mut GuestMemory, environ: u32, environ_buf: u32) -> WasiResult<()> {
    write_list(&cx.env, mem, environ, environ_buf)
}

/// `environ_sizes_get(count, buf_size)`.
pub fn environ_sizes_get(cx: &mut WasiCtx, mem: &mut GuestMemory, count: u32, size: u32) -> WasiResult<()> {
    write_sizes(&cx.env, mem, count, size)
}
