//! `fd_read`, `fd_write`, `fd_pread`, `fd_pwrite`, `fd_seek`, `fd_tell`.
//!
//! As in wasmtime:
//!
//! * one call transfers one buffer, the first non-empty one of the
//!   `iovec` array (a short transfer, which the WASI contract allows and
//!   libc handles); the other entries are not even read;
//! * a file's offset is kept by the shim, not the OS: reads and writes are
//!   positional (`pread`/`pwrite`) at it, and `fd_seek` can move it to any
//!   `u64`; in append mode writes go to the end and leave the offset there;
//! * a standard stream is written completely before the call returns;
//! * nothing is buffered, so nothing is lost when the guest exits.
//!
//! A transfer on a standard stream may block as long as the other end
//! likes (a terminal waiting for a line, a full pipe), so it is done after
//! the WASI lock is released ([`Transfer`]): in a threaded program, one
//! thread reading stdin does not stop the others' calls.

use crate::ctx::{Handle, Stdio, WasiCtx};
use crate::errno::{cvt, Error, HostResult, WasiResult};
use crate::exports::Unlocked;
use crate::fd::file_size;
use crate::memory::GuestMemory;
use crate::types::{whence, Errno};
use std::os::fd::{AsRawFd, RawFd};

/// Retries `call` on `EINTR`; on `EAGAIN` (a standard stream the host left
/// in non-blocking mode) waits until `fd` is ready and retries, so the
/// guest always sees blocking streams.
fn retry(fd: RawFd, read: bool, mut call: impl FnMut() -> isize) -> HostResult<usize> {
    loop {
        match cvt(call()) {
            Ok(n) => return Ok(n as usize),
            Err(Errno::INTR) => continue,
            Err(Errno::AGAIN) => wait_ready(fd, read)?,
            Err(e) => return Err(e),
        }
    }
}

/// Blocks until `fd` is readable (or writable).
pub(crate) fn wait_ready(fd: RawFd, read: bool) -> HostResult<()> {
    let mut pfd = libc::pollfd { fd, events: if read { libc::POLLIN } else { libc::POLLOUT }, revents: 0 };
    loop {
        // SAFETY: one valid pollfd.
        match cvt(unsafe { libc::poll(&mut pfd, 1, -1) }) {
            Err(Errno::INTR) => continue,
            other => return other.map(drop),
        }
    }
}

/// Reads with `read(dst, len)` into the guest buffer `buf..buf+len`, and
/// checks only the bytes actually read (as wasmtime, which reads into a
/// host buffer and copies): straight into guest memory when the whole
/// buffer is inside, through a bounce buffer otherwise (at most the call's
/// budget, 128 MiB).
fn read_into(mem: &mut GuestMemory, buf: u32, len: u32, read: impl FnOnce(*mut u8, usize) -> HostResult<usize>) -> WasiResult<u32> {
    if mem.region(buf, u64::from(len)).is_ok() {
        let dst = mem.host_ptr(buf, len)?;
        let n = read(dst, len as usize)?.min(len as usize);
        // `n <= len`, a u32.
        return Ok(n as u32);
    }
    let mut tmp = vec![0u8; len as usize];
    let n = read(tmp.as_mut_ptr(), tmp.len())?.min(tmp.len());
    mem.write_bytes(buf, &tmp[..n])?;
    Ok(n as u32)
}

/// What a read or write leaves for after the WASI lock.
pub(crate) enum Transfer {
    /// Done (files: their offset is context state, and they do not block
    /// for long).
    Done,
    /// Read from standard stream `raw` into `buf..buf+len`; the count goes
    /// to `result`. The host descriptor stays open whatever the guest does
    /// meanwhile: closing a standard stream only drops it from the table.
    Read { raw: RawFd, buf: u32, len: u32, result: u32 },
    /// Write `buf..buf+len` to standard stream `raw`, completely.
    Write { raw: RawFd, buf: u32, len: u32, result: u32 },
}

impl Unlocked for Transfer {
    fn finish(self, mem: &mut GuestMemory) -> WasiResult<()> {
        match self {
            Transfer::Done => Ok(()),
            Transfer::Read { raw, buf, len, result } => {
                // SAFETY: `read_into` passes a buffer valid for `len` bytes.
                let n = read_into(mem, buf, len, |dst, len| retry(raw, true, || unsafe { libc::read(raw, dst.cast(), len) }))?;
                mem.write_u32(result, n)
            }
            Transfer::Write { raw, buf, len, result } => {
                write_all(raw, mem.slice(buf, len)?)?;
                mem.write_u32(result, len)
            }
        }
    }
}

/// `fd_read(fd, iovs, iovs_len, nread)`.
pub(crate) fn fd_read(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, iovs: u32, iovs_len: u32, nread: u32) -> WasiResult<Transfer> {
    let (buf, len) = mem.first_buffer(iovs, iovs_len)?;
    let n = match cx.fds.get_mut(fd)? {
        Handle::File(f) => {
            let dst = mem.host_ptr(buf, len)?;
            let raw = f.file.as_raw_fd();
            let pos = f.position;
            // SAFETY: `dst..dst+len` was checked to lie inside guest memory.
            let n = retry(raw, true, || unsafe { libc::pread(raw, dst.cast(), len as usize, pos as i64) })?;
            f.position = pos.checked_add(n as u64).ok_or(Errno::OVERFLOW)?;
            n as u32
        }
        Handle::Stdio(Stdio::In, raw) => return Ok(Transfer::Read { raw: *raw, buf, len, result: nread }),
        _ => return Err(Errno::BADF.into()),
    };
    mem.write_u32(nread, n)?;
    Ok(Transfer::Done)
}

/// `fd_pread(fd, iovs, iovs_len, offset, nread)`: files only (`ESPIPE` on
/// stdin).
pub fn fd_pread(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    offset: u64,
    nread: u32,
) -> WasiResult<()> {
    let (buf, len) = mem.first_buffer(iovs, iovs_len)?;
    let n = match cx.fds.get(fd)? {
        Handle::File(f) => {
            let raw = f.file.as_raw_fd();
            // SAFETY: `read_into` passes a buffer valid for `len` bytes; an
            // offset above `i64::MAX` is refused by the OS (EINVAL).
            read_into(mem, buf, len, |dst, len| retry(raw, true, || unsafe { libc::pread(raw, dst.cast(), len, offset as i64) }))?
        }
        Handle::Stdio(Stdio::In, _) => return Err(Errno::SPIPE.into()),
        _ => return Err(Errno::BADF.into()),
    };
    mem.write_u32(nread, n)
}

/// Where a write goes.
#[derive(Clone, Copy)]
enum WriteAt {
    /// The descriptor's offset, which then moves.
    Current,
    /// This offset; the descriptor's offset stays.
    Offset(u64),
}

/// The shared body of `fd_write` and `fd_pwrite`.
fn write(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, iovs: u32, iovs_len: u32, at: WriteAt, result: u32) -> WasiResult<Transfer> {
    let (buf, len) = mem.first_buffer(iovs, iovs_len)?;
    let n = match cx.fds.get_mut(fd)? {
        Handle::File(f) => {
            let src = mem.host_ptr(buf, len)?;
            let raw = f.file.as_raw_fd();
            let off = match at {
                WriteAt::Current => f.position,
                WriteAt::Offset(off) => off,
            };
            // SAFETY: `src..src+len` was checked to lie inside guest memory.
            // In append mode the descriptor has O_APPEND and the OS appends
            // whatever the offset (Linux `pwrite` semantics, kept by
            // wasmtime); an offset above `i64::MAX` is EINVAL.
            let n = retry(raw, false, || unsafe { libc::pwrite(raw, src.cast(), len as usize, off as i64) })?;
            if let WriteAt::Current = at {
                f.position = if f.append {
                    file_size(raw)?
                } else {
                    off.checked_add(n as u64).ok_or(Errno::OVERFLOW)?
                };
            }
            n as u32
        }
        Handle::Stdio(Stdio::Out | Stdio::Err, raw) => {
            if let WriteAt::Offset(_) = at {
                return Err(Errno::SPIPE.into());
            }
            // The buffer is checked now, so that a bad one fails before
            // anything is written.
            mem.region(buf, u64::from(len))?;
            return Ok(Transfer::Write { raw: *raw, buf, len, result });
        }
        _ => return Err(Errno::BADF.into()),
    };
    mem.write_u32(result, n)?;
    Ok(Transfer::Done)
}

/// Writes all of `bytes` to a standard stream. A reader that went away is
/// `EIO`, as in wasmtime (the stream is closed), not `EPIPE`.
fn write_all(raw: RawFd, mut bytes: &[u8]) -> WasiResult<()> {
    while !bytes.is_empty() {
        // SAFETY: `bytes` is a valid buffer of its length.
        match retry(raw, false, || unsafe { libc::write(raw, bytes.as_ptr().cast(), bytes.len()) }) {
            Ok(n) => bytes = &bytes[n.min(bytes.len())..],
            Err(Errno::PIPE) => return Err(Errno::IO.into()),
            Err(e) => return Err(Error::from(e)),
        }
    }
    Ok(())
}

/// `fd_write(fd, iovs, iovs_len, nwritten)`.
pub(crate) fn fd_write(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, iovs: u32, iovs_len: u32, nwritten: u32) -> WasiResult<Transfer> {
    write(cx, mem, fd, iovs, iovs_len, WriteAt::Current, nwritten)
}

/// `fd_pwrite(fd, iovs, iovs_len, offset, nwritten)`.
pub(crate) fn fd_pwrite(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    offset: u64,
    nwritten: u32,
) -> WasiResult<Transfer> {
    write(cx, mem, fd, iovs, iovs_len, WriteAt::Offset(offset), nwritten)
}

/// `fd_seek(fd, offset, whence, newoffset)`: the new offset may be any
/// `u64` (as in wasmtime); one below 0 or above `u64::MAX` is `EINVAL`.
pub fn fd_seek(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, offset: i64, how: u8, newoffset: u32) -> WasiResult<()> {
    let f = cx.fds.seekable(fd)?;
    let pos = match how {
        whence::SET => u64::try_from(offset).map_err(|_| Errno::INVAL)?,
        whence::CUR => f.position.checked_add_signed(offset).ok_or(Errno::INVAL)?,
        _ => file_size(f.file.as_raw_fd())?.checked_add_signed(offset).ok_or(Errno::INVAL)?,
    };
    f.position = pos;
    mem.write_u64(newoffset, pos)
}

/// `fd_tell(fd, offset)`.
pub fn fd_tell(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, offset: u32) -> WasiResult<()> {
    let pos = cx.fds.seekable(fd)?.position;
    mem.write_u64(offset, pos)
}
