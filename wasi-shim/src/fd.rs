//! Descriptor management and attributes: `fd_close`, `fd_renumber`,
//! `fd_fdstat_*`, `fd_filestat_*`, `fd_prestat_*`, `fd_advise`,
//! `fd_allocate`, `fd_datasync`, `fd_sync`.

use crate::ctx::{FdEntry, Handle, WasiCtx};
use crate::errno::{cvt, WasiResult};
use crate::filestat::{new_times, set_fd_times, Filestat};
use crate::memory::{GuestMemory, Record};
use crate::types::{advice, fdflags, filetype, layout, rights, Errno, PREOPENTYPE_DIR};
use std::os::fd::RawFd;

/// What wasmtime reports as the file type of a standard stream: a character
/// device when it is a terminal, otherwise unknown (pipes, files, sockets).
fn stdio_filetype(fd: RawFd) -> u8 {
    // SAFETY: isatty only inspects the descriptor number.
    if unsafe { libc::isatty(fd) } == 1 {
        filetype::CHARACTER_DEVICE
    } else {
        filetype::UNKNOWN
    }
}

/// The host `O_*` status flags of a descriptor.
fn host_status_flags(fd: RawFd) -> WasiResult<libc::c_int> {
    // SAFETY: F_GETFL takes no pointer argument.
    cvt(unsafe { libc::fcntl(fd, libc::F_GETFL) })
}

/// Turns the host's `O_APPEND` on or off: appending is done by the OS, so a
/// write can never land before the end of a file in append mode.
pub(crate) fn set_append(fd: RawFd, append: bool) -> WasiResult<()> {
    let flags = host_status_flags(fd)?;
    let flags = if append { flags | libc::O_APPEND } else { flags & !libc::O_APPEND };
    // SAFETY: F_SETFL takes an int argument.
    cvt(unsafe { libc::fcntl(fd, libc::F_SETFL, flags) }).map(drop)
}

/// `fd_close(fd)`. Closing a standard stream only removes it from the
/// guest's table: the host descriptor stays open for the runtime.
pub fn fd_close(cx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32) -> WasiResult<()> {
    cx.fds.remove(fd).map(drop)
}

/// `fd_renumber(from, to)`: both must be open; `to` is closed first.
pub fn fd_renumber(cx: &mut WasiCtx, _mem: &mut GuestMemory, from: u32, to: u32) -> WasiResult<()> {
    cx.fds.renumber(from, to)
}

/// `fd_fdstat_get(fd, stat)`.
pub fn fd_fdstat_get(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, stat: u32) -> WasiResult<()> {
    let entry = cx.fds.get(fd)?;
    let (ty, flags) = match &entry.handle {
        Handle::Stdio(_, fd) => (stdio_filetype(*fd), 0),
        Handle::Dir(_) => (filetype::DIRECTORY, 0),
        Handle::File(_) => {
            let fd = entry.raw_fd();
            let mut flags = 0;
            if host_status_flags(fd)? & libc::O_APPEND != 0 {
                flags |= fdflags::APPEND;
            }
            if entry.nonblock {
                flags |= fdflags::NONBLOCK;
            }
            (Filestat::of_fd(fd)?.filetype, flags)
        }
    };
    use layout::fdstat as f;
    let mut rec = Record::<{ f::SIZE as usize }>::default();
    rec.u8(f::FILETYPE, ty)
        .u16(f::FLAGS, flags)
        .u64(f::RIGHTS_BASE, entry.base)
        .u64(f::RIGHTS_INHERITING, entry.inheriting);
    mem.write_bytes(stat, &rec.0)
}

/// `fd_fdstat_set_flags(fd, flags)`: files only; `APPEND` and `NONBLOCK`
/// can be changed, the `*SYNC` flags cannot (`EINVAL`, as wasmtime).
pub fn fd_fdstat_set_flags(cx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32, flags: u32) -> WasiResult<()> {
    let flags = u16::try_from(flags).ok().filter(|f| f & !fdflags::ALL == 0).ok_or(Errno::INVAL)?;
    let entry = cx.fds.get_mut(fd)?;
    entry.file()?;
    entry.require(rights::FD_FDSTAT_SET_FLAGS)?;
    if flags & (fdflags::DSYNC | fdflags::RSYNC | fdflags::SYNC) != 0 {
        return Err(Errno::INVAL);
    }
    set_append(entry.raw_fd(), flags & fdflags::APPEND != 0)?;
    entry.nonblock = flags & fdflags::NONBLOCK != 0;
    Ok(())
}

/// `fd_fdstat_set_rights(fd, base, inheriting)`: rights can only be
/// dropped (asking for more is `ENOTCAPABLE`). Standard streams have fixed
/// rights (`EBADF`, wasmtime's answer for them).
pub fn fd_fdstat_set_rights(
    cx: &mut WasiCtx,
    _mem: &mut GuestMemory,
    fd: u32,
    base: u64,
    inheriting: u64,
) -> WasiResult<()> {
    if (base | inheriting) & !rights::ALL != 0 {
        return Err(Errno::INVAL);
    }
    let entry = cx.fds.get_mut(fd)?;
    if let Handle::Stdio(..) = entry.handle {
        return Err(Errno::BADF);
    }
    if base & !entry.base != 0 || inheriting & !entry.inheriting != 0 {
        return Err(Errno::NOTCAPABLE);
    }
    // Remember what was dropped from `inheriting`, so that descriptors
    // opened through this one never get those rights back.
    entry.inherit_mask &= inheriting | !entry.inheriting;
    entry.base = base;
    entry.inheriting = inheriting;
    Ok(())
}

/// `fd_filestat_get(fd, stat)`. Standard streams report zeros and their
/// file type, as wasmtime's.
pub fn fd_filestat_get(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, stat: u32) -> WasiResult<()> {
    let entry = cx.fds.get(fd)?;
    let st = match entry.handle {
        Handle::Stdio(_, fd) => Filestat { filetype: stdio_filetype(fd), ..Filestat::default() },
        _ => {
            entry.require(rights::FD_FILESTAT_GET)?;
            Filestat::of_fd(entry.raw_fd())?
        }
    };
    st.write(mem, stat)
}

/// `fd_filestat_set_size(fd, size)`: files only.
pub fn fd_filestat_set_size(cx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32, size: u64) -> WasiResult<()> {
    let entry = cx.fds.get(fd)?;
    entry.file()?;
    entry.require(rights::FD_FILESTAT_SET_SIZE)?;
    let size = i64::try_from(size).map_err(|_| Errno::INVAL)?;
    // SAFETY: ftruncate on a descriptor this table owns.
    cvt(unsafe { libc::ftruncate(entry.raw_fd(), size) }).map(drop)
}

/// `fd_filestat_set_times(fd, atim, mtim, fst_flags)`: files and
/// directories.
pub fn fd_filestat_set_times(
    cx: &mut WasiCtx,
    _mem: &mut GuestMemory,
    fd: u32,
    atim: u64,
    mtim: u64,
    flags: u32,
) -> WasiResult<()> {
    let flags = u16::try_from(flags).map_err(|_| Errno::INVAL)?;
    let (atim, mtim) = new_times(atim, mtim, flags)?;
    let entry = cx.fds.get(fd)?;
    if let Handle::Stdio(..) = entry.handle {
        return Err(Errno::BADF);
    }
    entry.require(rights::FD_FILESTAT_SET_TIMES)?;
    set_fd_times(entry.raw_fd(), atim, mtim)
}

/// The preopen name of `fd`: `EBADF` if it is not open, `other` if it is
/// open but not a preopened directory.
fn preopen_name(entry: &FdEntry, other: Errno) -> WasiResult<&str> {
    entry.preopen.as_deref().ok_or(other)
}

/// `fd_prestat_get(fd, prestat)`.
pub fn fd_prestat_get(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, prestat: u32) -> WasiResult<()> {
    let name = preopen_name(cx.fds.get(fd)?, Errno::BADF)?;
    let len = u32::try_from(name.len()).map_err(|_| Errno::OVERFLOW)?;
    use layout::prestat as p;
    let mut rec = Record::<{ p::SIZE as usize }>::default();
    rec.u8(p::TAG, PREOPENTYPE_DIR).u32(p::NAME_LEN, len);
    mem.write_bytes(prestat, &rec.0)
}

/// `fd_prestat_dir_name(fd, path, path_len)`: the name, unterminated.
/// A descriptor that is not a preopen is `ENOTDIR` (wasmtime's choice).
pub fn fd_prestat_dir_name(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, path: u32, path_len: u32) -> WasiResult<()> {
    let name = preopen_name(cx.fds.get(fd)?, Errno::NOTDIR)?;
    if name.len() > path_len as usize {
        return Err(Errno::NAMETOOLONG);
    }
    mem.write_bytes(path, name.as_bytes())
}

/// `fd_advise(fd, offset, len, advice)`: files only.
pub fn fd_advise(cx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32, offset: u64, len: u64, adv: u32) -> WasiResult<()> {
    let host_advice = match u8::try_from(adv).map_err(|_| Errno::INVAL)? {
        advice::NORMAL => libc::POSIX_FADV_NORMAL,
        advice::SEQUENTIAL => libc::POSIX_FADV_SEQUENTIAL,
        advice::RANDOM => libc::POSIX_FADV_RANDOM,
        advice::WILLNEED => libc::POSIX_FADV_WILLNEED,
        advice::DONTNEED => libc::POSIX_FADV_DONTNEED,
        advice::NOREUSE => libc::POSIX_FADV_NOREUSE,
        _ => return Err(Errno::INVAL),
    };
    let entry = cx.fds.get(fd)?;
    entry.file()?;
    entry.require(rights::FD_ADVISE)?;
    let offset = i64::try_from(offset).map_err(|_| Errno::INVAL)?;
    let len = i64::try_from(len).map_err(|_| Errno::INVAL)?;
    // SAFETY: posix_fadvise on a descriptor this table owns; it returns the
    // error number instead of setting errno.
    match unsafe { libc::posix_fadvise(entry.raw_fd(), offset, len, host_advice) } {
        0 => Ok(()),
        code => Err(Errno::from_host(code)),
    }
}

/// `fd_allocate(fd, offset, len)`: `ENOTSUP` on files, as in wasmtime
/// (`EBADF` on anything else).
pub fn fd_allocate(cx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32, _offset: u64, _len: u64) -> WasiResult<()> {
    cx.fds.get(fd)?.file()?;
    Err(Errno::NOTSUP)
}

/// `fsync`/`fdatasync` of a file (directories and stdio: `EBADF`, as
/// wasmtime).
fn sync(cx: &mut WasiCtx, fd: u32, right: u64, call: unsafe extern "C" fn(RawFd) -> libc::c_int) -> WasiResult<()> {
    let entry = cx.fds.get(fd)?;
    entry.file()?;
    entry.require(right)?;
    // SAFETY: `call` is fsync or fdatasync, given a descriptor we own.
    cvt(unsafe { call(entry.raw_fd()) }).map(drop)
}

/// `fd_datasync(fd)`.
pub fn fd_datasync(cx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32) -> WasiResult<()> {
    sync(cx, fd, rights::FD_DATASYNC, libc::fdatasync)
}

/// `fd_sync(fd)`.
pub fn fd_sync(cx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32) -> WasiResult<()> {
    sync(cx, fd, rights::FD_SYNC, libc::fsync)
}
