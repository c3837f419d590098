//! The `path_*` functions. Every path is resolved by cap-std relative to a
//! directory descriptor, so `..`, absolute paths and symlinks (dangling,
//! looping, or pointing outside) can never reach anything outside the
//! preopened directories: such attempts fail with `EPERM` (cap-std's
//! "escape attempt"), `ELOOP` or `ENOENT`, as under wasmtime.

use crate::ctx::{FdEntry, Handle, WasiCtx};
use crate::errno::WasiResult;
use crate::fd::set_append;
use crate::filestat::{new_times, Filestat};
use crate::memory::GuestMemory;
use crate::types::{fdflags, lookupflags, oflags, rights, Errno};
use cap_fs_ext::{DirExt, FollowSymlinks, OpenOptionsFollowExt, OpenOptionsMaybeDirExt};
use cap_std::fs::{Dir, OpenOptions};
use std::os::fd::AsRawFd;

/// The directory behind `fd`, which must hold `right`: `EBADF` if `fd` is
/// not an open directory, `ENOTCAPABLE` without the right.
fn dir_with(cx: &WasiCtx, fd: u32, right: u64) -> WasiResult<&Dir> {
    let entry = cx.fds.get(fd)?;
    let dir = entry.dir()?;
    entry.require(right)?;
    Ok(dir)
}

/// The directory behind `fd` (holding `right`) and the guest's path
/// string, in the order wasmtime checks them.
fn dir_and_path<'a>(
    cx: &'a WasiCtx,
    mem: &'a GuestMemory,
    fd: u32,
    right: u64,
    path: u32,
    path_len: u32,
) -> WasiResult<(&'a Dir, &'a str)> {
    Ok((dir_with(cx, fd, right)?, mem.str(path, path_len)?))
}

/// Decodes `lookupflags`: whether to follow a symlink in the last component.
fn follow(flags: u32) -> WasiResult<bool> {
    if flags & !lookupflags::SYMLINK_FOLLOW != 0 {
        return Err(Errno::INVAL);
    }
    Ok(flags & lookupflags::SYMLINK_FOLLOW != 0)
}

/// `path_create_directory(fd, path, path_len)`.
pub fn path_create_directory(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, path: u32, path_len: u32) -> WasiResult<()> {
    let (dir, path) = dir_and_path(cx, mem, fd, rights::PATH_CREATE_DIRECTORY, path, path_len)?;
    Ok(dir.create_dir(path)?)
}

/// `path_remove_directory(fd, path, path_len)`.
pub fn path_remove_directory(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, path: u32, path_len: u32) -> WasiResult<()> {
    let (dir, path) = dir_and_path(cx, mem, fd, rights::PATH_REMOVE_DIRECTORY, path, path_len)?;
    Ok(dir.remove_dir(path)?)
}

/// `path_unlink_file(fd, path, path_len)`: files and symlinks (a directory
/// is `EISDIR`).
pub fn path_unlink_file(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, path: u32, path_len: u32) -> WasiResult<()> {
    let (dir, path) = dir_and_path(cx, mem, fd, rights::PATH_UNLINK_FILE, path, path_len)?;
    Ok(dir.remove_file_or_symlink(path)?)
}

/// `path_filestat_get(fd, flags, path, path_len, stat)`.
pub fn path_filestat_get(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    flags: u32,
    path: u32,
    path_len: u32,
    stat: u32,
) -> WasiResult<()> {
    let follow = follow(flags)?;
    let (dir, path) = dir_and_path(cx, mem, fd, rights::PATH_FILESTAT_GET, path, path_len)?;
    let meta = if follow { dir.metadata(path)? } else { dir.symlink_metadata(path)? };
    Filestat::of_metadata(&meta).write(mem, stat)
}

/// `path_filestat_set_times(fd, flags, path, path_len, atim, mtim,
/// fst_flags)`.
pub fn path_filestat_set_times(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    flags: u32,
    path: u32,
    path_len: u32,
    atim: u64,
    mtim: u64,
    fst_flags: u32,
) -> WasiResult<()> {
    let (atim, mtim) = new_times(atim, mtim, u16::try_from(fst_flags).map_err(|_| Errno::INVAL)?)?;
    let follow = follow(flags)?;
    let (dir, path) = dir_and_path(cx, mem, fd, rights::PATH_FILESTAT_SET_TIMES, path, path_len)?;
    if follow {
        dir.set_times(path, atim.spec(), mtim.spec())?;
    } else {
        dir.set_symlink_times(path, atim.spec(), mtim.spec())?;
    }
    Ok(())
}

/// `path_readlink(fd, path, path_len, buf, buf_len, bufused)`: the target,
/// truncated to `buf_len`, unterminated. Targets that are absolute paths
/// are refused (`EPERM`), as cap-std (and so wasmtime) does, not to leak
/// host paths.
pub fn path_readlink(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    path: u32,
    path_len: u32,
    buf: u32,
    buf_len: u32,
    bufused: u32,
) -> WasiResult<()> {
    let (dir, path) = dir_and_path(cx, mem, fd, rights::PATH_READLINK, path, path_len)?;
    let target = dir.read_link(path)?;
    let target = target.into_os_string().into_string().map_err(|_| Errno::ILSEQ)?;
    let bytes = target.as_bytes();
    let bytes = bytes.get(..buf_len as usize).unwrap_or(bytes);
    mem.check(bufused, 4)?;
    mem.write_bytes(buf, bytes)?;
    // `bytes.len() <= buf_len`, a u32.
    mem.write_u32(bufused, bytes.len() as u32)
}

/// Two directories for the two-path functions, each with its right.
fn two_dirs(cx: &WasiCtx, a: u32, right_a: u64, b: u32, right_b: u64) -> WasiResult<(&Dir, &Dir)> {
    Ok((dir_with(cx, a, right_a)?, dir_with(cx, b, right_b)?))
}

/// `path_link(old_fd, old_flags, old_path, old_path_len, new_fd, new_path,
/// new_path_len)`: a hard link. Following a symlink is refused (`EINVAL`),
/// as in wasmtime.
pub fn path_link(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    old_fd: u32,
    old_flags: u32,
    old_path: u32,
    old_path_len: u32,
    new_fd: u32,
    new_path: u32,
    new_path_len: u32,
) -> WasiResult<()> {
    let follow = follow(old_flags)?;
    let (old_dir, new_dir) = two_dirs(cx, old_fd, rights::PATH_LINK_SOURCE, new_fd, rights::PATH_LINK_TARGET)?;
    let (old_path, new_path) = (mem.str(old_path, old_path_len)?, mem.str(new_path, new_path_len)?);
    if follow {
        return Err(Errno::INVAL);
    }
    Ok(old_dir.hard_link(old_path, new_dir, new_path)?)
}

/// `path_rename(old_fd, old_path, old_path_len, new_fd, new_path,
/// new_path_len)`.
pub fn path_rename(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    old_fd: u32,
    old_path: u32,
    old_path_len: u32,
    new_fd: u32,
    new_path: u32,
    new_path_len: u32,
) -> WasiResult<()> {
    let (old_dir, new_dir) =
        two_dirs(cx, old_fd, rights::PATH_RENAME_SOURCE, new_fd, rights::PATH_RENAME_TARGET)?;
    let (old_path, new_path) = (mem.str(old_path, old_path_len)?, mem.str(new_path, new_path_len)?);
    Ok(old_dir.rename(old_path, new_dir, new_path)?)
}

/// `path_symlink(old_path, old_path_len, fd, new_path, new_path_len)`:
/// creates `new_path` pointing to `old_path`. An absolute target is refused
/// (`EPERM`); a relative one may point anywhere, since following it is
/// checked when it is used.
pub fn path_symlink(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    old_path: u32,
    old_path_len: u32,
    fd: u32,
    new_path: u32,
    new_path_len: u32,
) -> WasiResult<()> {
    let dir = dir_with(cx, fd, rights::PATH_SYMLINK)?;
    let (old_path, new_path) = (mem.str(old_path, old_path_len)?, mem.str(new_path, new_path_len)?);
    Ok(dir.symlink(old_path, new_path)?)
}

/// The rights a descriptor opened by `path_open` gets: like wasmtime, all
/// rights that make sense for its kind and access mode (so `fd_fdstat_get`
/// reports the same), minus what the parent directory withholds.
fn opened_rights(is_dir: bool, readable: bool, writable: bool, inherit_mask: u64) -> u64 {
    let mut base = rights::ALL;
    if is_dir {
        base &= !(rights::FD_SEEK | rights::FD_FILESTAT_SET_SIZE | rights::PATH_FILESTAT_SET_SIZE);
    }
    if !readable {
        base &= !(rights::FD_READ | rights::FD_READDIR);
    }
    if !writable {
        base &= !rights::FD_WRITE;
    }
    base & inherit_mask
}

/// `path_open(fd, dirflags, path, path_len, oflags, fs_rights_base,
/// fs_rights_inheriting, fdflags, opened_fd)`.
///
/// As in wasmtime: the requested rights decide only the access mode (read
/// unless only writing is asked for; write if `FD_WRITE` is asked for or the
/// file may be created); directories open whatever the flags, and `O_WRONLY`
/// on one is `EISDIR`; `DIRECTORY` with `CREAT`/`EXCL`/`TRUNC` is `EINVAL`;
/// the `*SYNC` flags are `ENOTSUP`.
pub fn path_open(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    dirflags: u32,
    path: u32,
    path_len: u32,
    oflags: u32,
    base: u64,
    inheriting: u64,
    fdflags: u32,
    opened_fd: u32,
) -> WasiResult<()> {
    let path = mem.str(path, path_len)?;
    let oflags = u16::try_from(oflags).ok().filter(|f| f & !oflags::ALL == 0).ok_or(Errno::INVAL)?;
    let fdflags = u16::try_from(fdflags).ok().filter(|f| f & !fdflags::ALL == 0).ok_or(Errno::INVAL)?;
    if (base | inheriting) & !rights::ALL != 0 {
        return Err(Errno::INVAL);
    }
    let follow = follow(dirflags)?;
    let parent = cx.fds.get(fd)?;
    let dir = match &parent.handle {
        Handle::Dir(dir) => dir,
        Handle::File(_) => return Err(Errno::NOTDIR),
        Handle::Stdio(..) => return Err(Errno::BADF),
    };
    parent.require(rights::PATH_OPEN)?;
    let creat = oflags & oflags::CREAT != 0;
    if creat {
        parent.require(rights::PATH_CREATE_FILE)?;
    }
    if fdflags & (fdflags::DSYNC | fdflags::RSYNC | fdflags::SYNC) != 0 {
        return Err(Errno::NOTSUP);
    }
    let directory = oflags & oflags::DIRECTORY != 0;
    if directory && oflags & (oflags::CREAT | oflags::EXCL | oflags::TRUNC) != 0 {
        return Err(Errno::INVAL);
    }
    // Checked before opening, so that no descriptor is created (and leaked)
    // when its number cannot be returned.
    mem.check(opened_fd, 4)?;

    let want_write = base & rights::FD_WRITE != 0;
    let readable = base & rights::FD_READ != 0 || !want_write;
    let writable = want_write || creat;
    let trunc = oflags & oflags::TRUNC != 0;
    let mut opts = OpenOptions::new();
    opts.read(readable).write(writable || trunc).truncate(trunc);
    if creat {
        if oflags & oflags::EXCL != 0 {
            opts.create_new(true);
        } else {
            opts.create(true);
        }
    }
    opts.maybe_dir(true);
    opts.follow(if follow { FollowSymlinks::Yes } else { FollowSymlinks::No });
    let file = dir.open_with(path, &opts)?;
    let inherit_mask = parent.inherit_mask;

    let is_dir = file.metadata()?.is_dir();
    if directory && !is_dir {
        return Err(Errno::NOTDIR);
    }
    let handle = if is_dir {
        Handle::Dir(Dir::from_std_file(file.into_std()))
    } else {
        if fdflags & fdflags::APPEND != 0 {
            set_append(file.as_raw_fd(), true)?;
        }
        Handle::File(file)
    };
    let base = opened_rights(is_dir, readable, writable, inherit_mask);
    let mut entry = FdEntry::new(handle, base, base);
    entry.inherit_mask = inherit_mask;
    entry.nonblock = fdflags & fdflags::NONBLOCK != 0;
    let new_fd = cx.fds.push(entry)?;
    mem.write_u32(opened_fd, new_fd)
}
