//! `fd_read`, `fd_write`, `fd_pread`, `fd_pwrite`, `fd_seek`, `fd_tell`.
//!
//! Data moves with `readv`/`writev` (`preadv`/`pwritev`) straight between
//! guest memory and the OS descriptor: nothing is buffered, so nothing can
//! be lost when the guest calls `proc_exit`. The file offset is the OS's.

use crate::ctx::{Handle, Stdio, WasiCtx};
use crate::errno::{cvt, WasiResult};
use crate::memory::{GuestMemory, HostIovecs};
use crate::types::{rights, whence, Errno};
use std::os::fd::RawFd;

/// Which transfer an `fd_*` call asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Read,
    Write,
    /// Read at an offset, leaving the file offset alone.
    PRead(u64),
    /// Write at an offset (appends if the file is in append mode: Linux's
    /// `pwrite` semantics, which wasmtime also keeps).
    PWrite(u64),
}

impl Op {
    fn is_read(self) -> bool {
        matches!(self, Op::Read | Op::PRead(_))
    }

    /// Whether `handle` supports this transfer; the errno is wasmtime's:
    /// positional I/O on stdio is `ESPIPE`, anything on the wrong kind of
    /// descriptor `EBADF`.
    fn check_handle(self, handle: &Handle) -> WasiResult<()> {
        match (self, handle) {
            (_, Handle::File(_)) => Ok(()),
            (Op::Read, Handle::Stdio(Stdio::In, _)) => Ok(()),
            (Op::Write, Handle::Stdio(Stdio::Out | Stdio::Err, _)) => Ok(()),
            (Op::PRead(_), Handle::Stdio(Stdio::In, _)) => Err(Errno::SPIPE),
            (Op::PWrite(_), Handle::Stdio(Stdio::Out | Stdio::Err, _)) => Err(Errno::SPIPE),
            _ => Err(Errno::BADF),
        }
    }
}

/// One `readv`/`writev`-family call, retried on `EINTR`; on `EAGAIN` (a
/// standard stream the host left in non-blocking mode) it waits for
/// readiness and retries, so the guest always sees blocking streams.
fn transfer(fd: RawFd, op: Op, iovs: &HostIovecs) -> WasiResult<usize> {
    if iovs.count() == 0 {
        return Ok(0);
    }
    let offset = |off: u64| i64::try_from(off).map_err(|_| Errno::INVAL);
    loop {
        // SAFETY: `iovs` holds `count()` iovecs whose buffers were checked to
        // lie inside guest memory, which stays borrowed while `iovs` lives.
        let ret = unsafe {
            match op {
                Op::Read => libc::readv(fd, iovs.as_ptr(), iovs.count()),
                Op::Write => libc::writev(fd, iovs.as_ptr(), iovs.count()),
                Op::PRead(off) => libc::preadv(fd, iovs.as_ptr(), iovs.count(), offset(off)?),
                Op::PWrite(off) => libc::pwritev(fd, iovs.as_ptr(), iovs.count(), offset(off)?),
            }
        };
        match cvt(ret) {
            Ok(n) => return Ok(n as usize),
            Err(Errno::INTR) => continue,
            Err(Errno::AGAIN) => wait_ready(fd, op.is_read())?,
            Err(e) => return Err(e),
        }
    }
}

/// Blocks until `fd` is readable (or writable).
pub(crate) fn wait_ready(fd: RawFd, read: bool) -> WasiResult<()> {
    let mut pfd = libc::pollfd { fd, events: if read { libc::POLLIN } else { libc::POLLOUT }, revents: 0 };
    loop {
        // SAFETY: one valid pollfd.
        match cvt(unsafe { libc::poll(&mut pfd, 1, -1) }) {
            Err(Errno::INTR) => continue,
            other => return other.map(drop),
        }
    }
}

/// The shared body of the four transfer functions.
fn rw(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, iovs: u32, iovs_len: u32, result: u32, op: Op) -> WasiResult<()> {
    let entry = cx.fds.get(fd)?;
    op.check_handle(&entry.handle)?;
    entry.require_rw(if op.is_read() { rights::FD_READ } else { rights::FD_WRITE })?;
    // Checked before the transfer so that data is not consumed (or written)
    // when the count cannot be reported.
    mem.check(result, 4)?;
    let raw = entry.raw_fd();
    let stdio = matches!(entry.handle, Handle::Stdio(..));
    let iovs = mem.iovecs(iovs, iovs_len)?;
    let n = match transfer(raw, op, &iovs) {
        // wasmtime reports a closed standard stream (the reader of a
        // pipe went away) as EIO.
        Err(Errno::PIPE) if stdio => return Err(Errno::IO),
        other => other?,
    };
    drop(iovs);
    // At most the sum of u32 lengths below IOV_MAX entries, but a u32 must
    // hold it: a transfer can be bigger than 4 GiB only in theory.
    mem.write_u32(result, u32::try_from(n).map_err(|_| Errno::OVERFLOW)?)
}

/// `fd_read(fd, iovs, iovs_len, nread)`.
pub fn fd_read(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, iovs: u32, iovs_len: u32, nread: u32) -> WasiResult<()> {
    rw(cx, mem, fd, iovs, iovs_len, nread, Op::Read)
}

/// `fd_write(fd, iovs, iovs_len, nwritten)`.
pub fn fd_write(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, iovs: u32, iovs_len: u32, nwritten: u32) -> WasiResult<()> {
    rw(cx, mem, fd, iovs, iovs_len, nwritten, Op::Write)
}

/// `fd_pread(fd, iovs, iovs_len, offset, nread)`.
pub fn fd_pread(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    offset: u64,
    nread: u32,
) -> WasiResult<()> {
    rw(cx, mem, fd, iovs, iovs_len, nread, Op::PRead(offset))
}

/// `fd_pwrite(fd, iovs, iovs_len, offset, nwritten)`.
pub fn fd_pwrite(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    offset: u64,
    nwritten: u32,
) -> WasiResult<()> {
    rw(cx, mem, fd, iovs, iovs_len, nwritten, Op::PWrite(offset))
}

/// `lseek` on the descriptor's file, after the checks `fd_seek`/`fd_tell`
/// share; `fd_tell` is a seek by 0 from the current offset.
fn seek(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, offset: i64, how: u8, result: u32) -> WasiResult<()> {
    let host_whence = match how {
        whence::SET => libc::SEEK_SET,
        whence::CUR => libc::SEEK_CUR,
        whence::END => libc::SEEK_END,
        _ => return Err(Errno::INVAL),
    };
    let entry = cx.fds.get(fd)?;
    entry.seekable()?;
    // Reading the offset needs only FD_TELL; moving it needs FD_SEEK.
    entry.require(if offset == 0 && how == whence::CUR { rights::FD_TELL } else { rights::FD_SEEK })?;
    mem.check(result, 8)?;
    // SAFETY: lseek on a descriptor this table owns; no memory involved.
    let pos = cvt(unsafe { libc::lseek(entry.raw_fd(), offset, host_whence) })?;
    mem.write_u64(result, pos as u64)
}

/// `fd_seek(fd, offset, whence, newoffset)`.
pub fn fd_seek(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, offset: u64, how: u32, newoffset: u32) -> WasiResult<()> {
    // `whence` is a u8 enum passed as i32: other bits make it invalid.
    let how = u8::try_from(how).map_err(|_| Errno::INVAL)?;
    seek(cx, mem, fd, offset as i64, how, newoffset)
}

/// `fd_tell(fd, offset)`.
pub fn fd_tell(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, offset: u32) -> WasiResult<()> {
    seek(cx, mem, fd, 0, whence::CUR, offset)
}
