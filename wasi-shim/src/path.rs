//! The `path_*` functions. Every path is resolved by cap-std relative to a
//! directory descriptor, so `..`, absolute paths and symlinks (dangling,
//! looping, or pointing outside) can never reach anything outside the
//! preopened directories: such attempts fail with `EPERM` (cap-std's
//! "escape attempt"), `ELOOP` or `ENOENT`, as under wasmtime, which
//! resolves paths with cap-std too.
//!
//! The order of the checks is wasmtime's: the directory descriptor first
//! (`EBADF` unless it is a directory), then the path strings (charged to
//! the call's budget, then checked against memory, then UTF-8), then the
//! operation; `path_open` reads its path before looking at the descriptor.

use crate::ctx::{DirDesc, FileDesc, Handle, WasiCtx};
use crate::errno::WasiResult;
use crate::fd::set_append;
use crate::filestat::{new_times, Filestat};
use crate::memory::GuestMemory;
use crate::types::{fdflags, lookupflags, oflags, rights, Errno};
use cap_fs_ext::{DirExt, FollowSymlinks, OpenOptionsFollowExt, OpenOptionsMaybeDirExt};
use cap_std::fs::{Dir, OpenOptions};
use std::os::fd::AsRawFd;

/// The directory behind `fd` (`EBADF` unless it is one).
fn dir(cx: &WasiCtx, fd: u32) -> WasiResult<&Dir> {
    Ok(&cx.fds.dir(fd)?.dir)
}

/// Whether `lookupflags` ask to follow a symlink in the last component.
fn follows(flags: u32) -> bool {
    flags & lookupflags::SYMLINK_FOLLOW != 0
}

/// `path_create_directory(fd, path, path_len)`.
pub fn path_create_directory(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, path: u32, path_len: u32) -> WasiResult<()> {
    let dir = dir(cx, fd)?;
    let path = mem.path(path, path_len)?;
    Ok(dir.create_dir(path)?)
}

/// `path_remove_directory(fd, path, path_len)`.
pub fn path_remove_directory(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, path: u32, path_len: u32) -> WasiResult<()> {
    let dir = dir(cx, fd)?;
    let path = mem.path(path, path_len)?;
    Ok(dir.remove_dir(path)?)
}

/// `path_unlink_file(fd, path, path_len)`: files and symlinks (a directory
/// is `EISDIR`). As in wasmtime, this path is not charged to the budget.
pub fn path_unlink_file(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, path: u32, path_len: u32) -> WasiResult<()> {
    let dir = dir(cx, fd)?;
    let path = mem.str(path, path_len)?;
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
    let dir = dir(cx, fd)?;
    let path = mem.path(path, path_len)?;
    let meta = if follows(flags) { dir.metadata(&path)? } else { dir.symlink_metadata(&path)? };
    Filestat::of_metadata(&meta)?.write(mem, stat)
}

/// `path_filestat_set_times(fd, flags, path, path_len, atim, mtim,
/// fst_flags)`: the time flags are checked first.
pub fn path_filestat_set_times(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    flags: u32,
    path: u32,
    path_len: u32,
    atim: u64,
    mtim: u64,
    fst_flags: u16,
) -> WasiResult<()> {
    let (atim, mtim) = new_times(atim, mtim, fst_flags)?;
    let dir = dir(cx, fd)?;
    let path = mem.path(path, path_len)?;
    if follows(flags) {
        dir.set_times(path, atim.spec(), mtim.spec())?;
    } else {
        dir.set_symlink_times(path, atim.spec(), mtim.spec())?;
    }
    Ok(())
}

/// `path_readlink(fd, path, path_len, buf, buf_len, bufused)`: the target,
/// truncated to `buf_len`, unterminated.
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
    let dir = dir(cx, fd)?;
    let path = mem.path(path, path_len)?;
    let target = dir.read_link(path)?;
    let target = target.into_os_string().into_string().map_err(|_| Errno::ILSEQ)?;
    let bytes = target.as_bytes();
    let bytes = bytes.get(..buf_len as usize).unwrap_or(bytes);
    mem.write_bytes(buf, bytes)?;
    // `bytes.len() <= buf_len`, a u32.
    mem.write_u32(bufused, bytes.len() as u32)
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
    let (old_dir, new_dir) = (dir(cx, old_fd)?, dir(cx, new_fd)?);
    let old_path = mem.path(old_path, old_path_len)?;
    let new_path = mem.path(new_path, new_path_len)?;
    if follows(old_flags) {
        return Err(Errno::INVAL.into());
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
    let (old_dir, new_dir) = (dir(cx, old_fd)?, dir(cx, new_fd)?);
    let old_path = mem.path(old_path, old_path_len)?;
    let new_path = mem.path(new_path, new_path_len)?;
    refuse_file_to_dir_name(old_dir, &old_path, new_dir, &new_path)?;
    Ok(old_dir.rename(old_path, new_dir, new_path)?)
}

/// cap-std's `rename` drops a trailing slash of the new path, which the OS
/// (and so wasmtime) keep: renaming a non-directory to `name/` is
/// `ENOTDIR`, once the new path's parent directories resolved (their
/// errors come first, as in the OS).
pub(crate) fn refuse_file_to_dir_name(old_dir: &Dir, old_path: &str, new_dir: &Dir, new_path: &str) -> WasiResult<()> {
    if !new_path.ends_with('/') || new_path.starts_with('/') {
        return Ok(());
    }
    let trimmed = new_path.trim_end_matches('/');
    let (parent, base) = trimmed.rsplit_once('/').unwrap_or(("", trimmed));
    if matches!(base, "" | "." | "..") {
        return Ok(());
    }
    match old_dir.symlink_metadata(old_path) {
        Ok(meta) if !meta.is_dir() => {
            new_dir.open_dir(if parent.is_empty() { "." } else { parent })?;
            Err(Errno::NOTDIR.into())
        }
        // Let the rename report whatever is wrong with the old path.
        _ => Ok(()),
    }
}

/// `path_symlink(old_path, old_path_len, fd, new_path, new_path_len)`:
/// creates `new_path` pointing to `old_path`. The target is only text:
/// following the link later is checked like any other path.
pub fn path_symlink(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    old_path: u32,
    old_path_len: u32,
    fd: u32,
    new_path: u32,
    new_path_len: u32,
) -> WasiResult<()> {
    let dir = dir(cx, fd)?;
    let old_path = mem.path(old_path, old_path_len)?;
    let new_path = mem.path(new_path, new_path_len)?;
    Ok(dir.symlink(old_path, new_path)?)
}

/// What to open, as preview 1's `path_open` and WASI 0.2's `open-at` both
/// ask.
pub(crate) struct OpenRequest {
    /// Follow a symbolic link in the last component.
    pub(crate) follow: bool,
    /// Create the file if it does not exist.
    pub(crate) create: bool,
    /// ... and fail if it does.
    pub(crate) exclusive: bool,
    /// Truncate it to 0 bytes.
    pub(crate) truncate: bool,
    /// It must be a directory.
    pub(crate) directory: bool,
    /// Open for reading.
    pub(crate) read: bool,
    /// Open for writing.
    pub(crate) write: bool,
    /// Writes go to the end.
    pub(crate) append: bool,
    /// Recorded only.
    pub(crate) nonblock: bool,
    /// `mutate-directory` was asked for (WASI 0.2/0.3; preview 1's rights
    /// say what may be done elsewhere).
    pub(crate) mutate: bool,
}

/// Opens `path` beneath `dir`, never outside it (cap-std resolves every
/// component inside the directory), as a descriptor-table handle.
pub(crate) fn open_at(dir: &Dir, path: &str, r: &OpenRequest) -> WasiResult<Handle> {
    let mut opts = OpenOptions::new();
    opts.read(r.read).write(r.write).truncate(r.truncate);
    if r.create {
        if r.exclusive {
            opts.create_new(true);
        } else {
            opts.create(true);
        }
    }
    opts.maybe_dir(true);
    opts.follow(if r.follow { FollowSymlinks::Yes } else { FollowSymlinks::No });
    let file = dir.open_with(path, &opts)?;

    let is_dir = file.metadata()?.is_dir();
    if r.directory && !is_dir {
        return Err(Errno::NOTDIR.into());
    }
    Ok(if is_dir {
        Handle::Dir(DirDesc::new(Dir::from_std_file(file.into_std()), None, r.mutate))
    } else {
        if r.append {
            set_append(file.as_raw_fd(), true)?;
        }
        Handle::File(FileDesc { file, position: 0, append: r.append, nonblock: r.nonblock, read: r.read, write: r.write })
    })
}

/// `path_open(fd, dirflags, path, path_len, oflags, fs_rights_base,
/// fs_rights_inheriting, fdflags, opened_fd)`.
///
/// As in wasmtime: the rights asked for decide only the access mode (read
/// if `FD_READ` is asked for or `FD_WRITE` is not; write if `FD_WRITE` is
/// asked for or the file may be created or truncated); directories open
/// whatever the flags, and writing one is `EISDIR`; `DIRECTORY` with
/// `CREAT`/`EXCL`/`TRUNC` is `EINVAL`; the `*SYNC` flags are `ENOTSUP`.
pub fn path_open(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    dirflags: u32,
    path: u32,
    path_len: u32,
    oflags: u16,
    base: u64,
    _inheriting: u64,
    fdflags: u16,
    opened_fd: u32,
) -> WasiResult<()> {
    let path = mem.path(path, path_len)?;
    let dir = match cx.fds.get(fd)? {
        Handle::Dir(d) => &d.dir,
        Handle::File(_) => return Err(Errno::NOTDIR.into()),
        Handle::Stdio(..) => return Err(Errno::BADF.into()),
    };
    if fdflags & (fdflags::DSYNC | fdflags::RSYNC | fdflags::SYNC) != 0 {
        return Err(Errno::NOTSUP.into());
    }
    let directory = oflags & oflags::DIRECTORY != 0;
    if directory && oflags & (oflags::CREAT | oflags::EXCL | oflags::TRUNC) != 0 {
        return Err(Errno::INVAL.into());
    }

    let creat = oflags & oflags::CREAT != 0;
    let trunc = oflags & oflags::TRUNC != 0;
    let want_write = base & rights::FD_WRITE != 0;
    let request = OpenRequest {
        follow: follows(dirflags),
        create: creat,
        exclusive: oflags & oflags::EXCL != 0,
        truncate: trunc,
        directory,
        read: base & rights::FD_READ != 0 || !want_write,
        write: want_write || creat || trunc,
        append: fdflags & fdflags::APPEND != 0,
        nonblock: fdflags & fdflags::NONBLOCK != 0,
        mutate: true,
    };
    let handle = open_at(dir, &path, &request)?;
    let new_fd = cx.fds.push(handle);
    mem.write_u32(opened_fd, new_fd)
}
