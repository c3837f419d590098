//! Descriptor management and attributes: `fd_close`, `fd_renumber`,
//! `fd_fdstat_*`, `fd_filestat_*`, `fd_prestat_*`, `fd_advise`,
//! `fd_allocate`, `fd_datasync`, `fd_sync`.
//!
//! Rights, as in wasmtime: they are reported, not tracked. A file or
//! directory reports every right its kind and access mode allow (reading
//! and writing are enforced by the host descriptor's access mode), a
//! preopened directory the fixed set wasmtime reports, a standard stream
//! `FD_READ` or `FD_WRITE`. Rights cannot be changed:
//! `fd_fdstat_set_rights` is `ENOTSUP` (as in wasmtime 49; dropping rights
//! would only restrict the guest, so nothing is lost for the sandbox).

use crate::ctx::{FileDesc, Handle, WasiCtx};
use crate::errno::{cvt, HostResult, WasiResult};
use crate::filestat::{fstat, new_times, set_fd_times, Filestat};
use crate::memory::{GuestMemory, Record};
use crate::types::{advice, fdflags, filetype, layout, rights, Errno, PREOPENTYPE_DIR};
use std::os::fd::{AsRawFd, RawFd};

/// What wasmtime reports as the file type of a standard stream: a character
/// device when it is a terminal, otherwise unknown (pipes, files, sockets).
pub(crate) fn stdio_filetype(fd: RawFd) -> u8 {
    // SAFETY: isatty only inspects the descriptor number.
    if unsafe { libc::isatty(fd) } == 1 {
        filetype::CHARACTER_DEVICE
    } else {
        filetype::UNKNOWN
    }
}

/// Turns the host's `O_APPEND` on or off: appending is done by the OS, so a
/// write can never land before the end of a file in append mode.
pub(crate) fn set_append(fd: RawFd, append: bool) -> HostResult<()> {
    // SAFETY: F_GETFL takes no pointer argument.
    let flags = cvt(unsafe { libc::fcntl(fd, libc::F_GETFL) })?;
    let flags = if append { flags | libc::O_APPEND } else { flags & !libc::O_APPEND };
    // SAFETY: F_SETFL takes an int argument.
    cvt(unsafe { libc::fcntl(fd, libc::F_SETFL, flags) }).map(drop)
}

/// The rights a file or non-preopened directory reports.
pub(crate) fn opened_rights(is_dir: bool, read: bool, write: bool) -> u64 {
    let mut base = rights::ALL;
    if is_dir {
        base &= !(rights::FD_SEEK | rights::FD_FILESTAT_SET_SIZE | rights::PATH_FILESTAT_SET_SIZE);
    }
    if !read {
        base &= !(rights::FD_READ | rights::FD_READDIR);
    }
    if !write {
        base &= !rights::FD_WRITE;
    }
    base
}

/// `fd_close(fd)`. Closing a standard stream only removes it from the
/// guest's table: the host descriptor stays open for the runtime.
pub fn fd_close(cx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32) -> WasiResult<()> {
    cx.fds.remove(fd)?;
    Ok(())
}

/// `fd_renumber(from, to)`: both must be open; `to` is closed first.
pub fn fd_renumber(cx: &mut WasiCtx, _mem: &mut GuestMemory, from: u32, to: u32) -> WasiResult<()> {
    Ok(cx.fds.renumber(from, to)?)
}

/// `fd_fdstat_get(fd, stat)`.
pub fn fd_fdstat_get(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, stat: u32) -> WasiResult<()> {
    let (ty, flags, base, inheriting) = match cx.fds.get(fd)? {
        Handle::Stdio(s, host) => {
            let r = if *s == crate::ctx::Stdio::In { rights::FD_READ } else { rights::FD_WRITE };
            (stdio_filetype(*host), 0, r, r)
        }
        Handle::Dir(d) if d.preopen.is_some() => {
            (filetype::DIRECTORY, 0, rights::PREOPEN_BASE, rights::PREOPEN_INHERITING)
        }
        Handle::Dir(d) => {
            let ty = Filestat::of_fd(d.dir.as_raw_fd())?.filetype;
            let r = opened_rights(true, true, false);
            (ty, 0, r, r)
        }
        Handle::File(f) => {
            let ty = Filestat::of_fd(f.file.as_raw_fd())?.filetype;
            let mut flags = 0;
            if f.append {
                flags |= fdflags::APPEND;
            }
            if f.nonblock {
                flags |= fdflags::NONBLOCK;
            }
            let r = opened_rights(ty == filetype::DIRECTORY, f.read, f.write);
            (ty, flags, r, r)
        }
    };
    use layout::fdstat as f;
    let mut rec = Record::<{ f::SIZE as usize }>::default();
    rec.u8(f::FILETYPE, ty).u16(f::FLAGS, flags).u64(f::RIGHTS_BASE, base).u64(f::RIGHTS_INHERITING, inheriting);
    mem.write_typed(stat, 8, &rec.0)
}

/// `fd_fdstat_set_flags(fd, flags)`: files only; `APPEND` and `NONBLOCK`
/// can be changed, the `*SYNC` flags cannot (`EINVAL`, as wasmtime).
pub fn fd_fdstat_set_flags(cx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32, flags: u16) -> WasiResult<()> {
    let file = cx.fds.file_mut(fd)?;
    if flags & (fdflags::DSYNC | fdflags::RSYNC | fdflags::SYNC) != 0 {
        return Err(Errno::INVAL.into());
    }
    let append = flags & fdflags::APPEND != 0;
    if append != file.append {
        set_append(file.file.as_raw_fd(), append)?;
    }
    file.append = append;
    file.nonblock = flags & fdflags::NONBLOCK != 0;
    Ok(())
}

/// `fd_fdstat_set_rights(fd, base, inheriting)`: `ENOTSUP` for files and
/// directories, `EBADF` otherwise, as wasmtime 49.
pub fn fd_fdstat_set_rights(cx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32, _base: u64, _inh: u64) -> WasiResult<()> {
    cx.fds.file_or_dir(fd)?;
    Err(Errno::NOTSUP.into())
}

/// `fd_filestat_get(fd, stat)`. Standard streams report zeros and their
/// file type, as wasmtime's.
pub fn fd_filestat_get(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, stat: u32) -> WasiResult<()> {
    let st = match cx.fds.get(fd)? {
        Handle::Stdio(_, host) => Filestat { filetype: stdio_filetype(*host), ..Filestat::default() },
        h => Filestat::of_fd(h.raw_fd())?,
    };
    st.write(mem, stat)
}

/// `fd_filestat_set_size(fd, size)`: files only.
pub fn fd_filestat_set_size(cx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32, size: u64) -> WasiResult<()> {
    let file = cx.fds.file(fd)?;
    let size = i64::try_from(size).map_err(|_| Errno::INVAL)?;
    // SAFETY: ftruncate on a descriptor this table owns.
    cvt(unsafe { libc::ftruncate(file.file.as_raw_fd(), size) })?;
    Ok(())
}

/// `fd_filestat_set_times(fd, atim, mtim, fst_flags)`: files and
/// directories; the flags are checked before the descriptor.
pub fn fd_filestat_set_times(
    cx: &mut WasiCtx,
    _mem: &mut GuestMemory,
    fd: u32,
    atim: u64,
    mtim: u64,
    flags: u16,
) -> WasiResult<()> {
    let (atim, mtim) = new_times(atim, mtim, flags)?;
    let handle = cx.fds.file_or_dir(fd)?;
    Ok(set_fd_times(handle.raw_fd(), atim, mtim)?)
}

/// The guest name of `fd` if it is a preopened directory (`EBADF` if `fd`
/// is not open).
fn preopen_name(cx: &WasiCtx, fd: u32) -> HostResult<Option<&str>> {
    Ok(match cx.fds.get(fd)? {
        Handle::Dir(d) => d.preopen.as_deref(),
        _ => None,
    })
}

/// `fd_prestat_get(fd, prestat)`: `EBADF` for anything but a preopen.
pub fn fd_prestat_get(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, prestat: u32) -> WasiResult<()> {
    let name = preopen_name(cx, fd)?.ok_or(Errno::BADF)?;
    let len = u32::try_from(name.len()).map_err(|_| Errno::OVERFLOW)?;
    use layout::prestat as p;
    let mut rec = Record::<{ p::SIZE as usize }>::default();
    rec.u8(p::TAG, PREOPENTYPE_DIR).u32(p::NAME_LEN, len);
    mem.write_typed(prestat, 4, &rec.0)
}

/// `fd_prestat_dir_name(fd, path, path_len)`: the name, unterminated.
/// A descriptor that is not a preopen is `ENOTDIR` (wasmtime's choice).
pub fn fd_prestat_dir_name(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, path: u32, path_len: u32) -> WasiResult<()> {
    let name = preopen_name(cx, fd)?.ok_or(Errno::NOTDIR)?;
    if name.len() > path_len as usize {
        return Err(Errno::NAMETOOLONG.into());
    }
    mem.write_bytes(path, name.as_bytes())
}

/// `fd_advise(fd, offset, len, advice)`: files only; the offset and length
/// reach the host as they are (a length above `i64::MAX` is `EINVAL`).
pub fn fd_advise(cx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32, offset: u64, len: u64, adv: u8) -> WasiResult<()> {
    let file = cx.fds.file(fd)?;
    Ok(advise(file.file.as_raw_fd(), offset, len, adv)?)
}

/// `posix_fadvise` with a preview-1 (or WASI 0.2/0.3, the same order)
/// advice.
pub(crate) fn advise(fd: std::os::fd::RawFd, offset: u64, len: u64, adv: u8) -> HostResult<()> {
    let host_advice = match adv {
        advice::NORMAL => libc::POSIX_FADV_NORMAL,
        advice::SEQUENTIAL => libc::POSIX_FADV_SEQUENTIAL,
        advice::RANDOM => libc::POSIX_FADV_RANDOM,
        advice::WILLNEED => libc::POSIX_FADV_WILLNEED,
        advice::DONTNEED => libc::POSIX_FADV_DONTNEED,
        _ => libc::POSIX_FADV_NOREUSE,
    };
    // SAFETY: posix_fadvise on an open descriptor; it returns the error
    // number instead of setting errno.
    match unsafe { libc::posix_fadvise(fd, offset as i64, len as i64, host_advice) } {
        0 => Ok(()),
        code => Err(Errno::from_host(code)),
    }
}

/// `fd_allocate(fd, offset, len)`: `ENOTSUP` on files, as in wasmtime
/// (`EBADF` on anything else).
pub fn fd_allocate(cx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32, _offset: u64, _len: u64) -> WasiResult<()> {
    cx.fds.file(fd)?;
    Err(Errno::NOTSUP.into())
}

/// `fsync`/`fdatasync` of a file (directories and stdio: `EBADF`, as
/// wasmtime).
fn sync(cx: &mut WasiCtx, fd: u32, call: unsafe extern "C" fn(RawFd) -> libc::c_int) -> WasiResult<()> {
    let file: &FileDesc = cx.fds.file(fd)?;
    // SAFETY: `call` is fsync or fdatasync, given a descriptor we own.
    cvt(unsafe { call(file.file.as_raw_fd()) })?;
    Ok(())
}

/// `fd_datasync(fd)`.
pub fn fd_datasync(cx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32) -> WasiResult<()> {
    sync(cx, fd, libc::fdatasync)
}

/// `fd_sync(fd)`.
pub fn fd_sync(cx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32) -> WasiResult<()> {
    sync(cx, fd, libc::fsync)
}

/// The size of the file behind a host descriptor.
pub(crate) fn file_size(fd: RawFd) -> HostResult<u64> {
    Ok(fstat(fd)?.st_size as u64)
}
