//! `args_get`, `args_sizes_get`, `environ_get`, `environ_sizes_get`.

use crate::ctx::WasiCtx;
use crate::errno::WasiResult;
use crate::memory::{advance, GuestMemory};
use crate::types::Errno;

/// Count and total size (each string plus its NUL) of a string list.
fn sizes(list: &[Vec<u8>]) -> WasiResult<(u32, u32)> {
    let count = u32::try_from(list.len()).map_err(|_| Errno::OVERFLOW)?;
    let bytes = list.iter().try_fold(0u32, |acc, s| {
        u32::try_from(s.len()).ok().and_then(|n| acc.checked_add(n)?.checked_add(1))
    });
    Ok((count, bytes.ok_or(Errno::OVERFLOW)?))
}

/// Writes the two results in order, each a 4-aligned `u32`.
fn write_sizes(list: &[Vec<u8>], mem: &mut GuestMemory, count_ptr: u32, size_ptr: u32) -> WasiResult<()> {
    let (count, bytes) = sizes(list)?;
    mem.write_u32(count_ptr, count)?;
    mem.write_u32(size_ptr, bytes)
}

/// Writes a pointer to each string into the array at `ptrs`, and the
/// strings, NUL-terminated, one after the other at `buf`: string by string,
/// as wasmtime does, so a bad pointer traps at the first write that misses.
fn write_list(list: &[Vec<u8>], mem: &mut GuestMemory, mut ptrs: u32, mut buf: u32) -> WasiResult<()> {
    for s in list {
        mem.write_u32(ptrs, buf)?;
        ptrs = advance(ptrs, 4)?;
        mem.write_bytes(buf, s)?;
        buf = advance(buf, u32::try_from(s.len()).map_err(|_| Errno::OVERFLOW)?)?;
        mem.write_bytes(buf, &[0])?;
        buf = advance(buf, 1)?;
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
