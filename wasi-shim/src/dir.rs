//! `fd_readdir`.
//!
//! Entry `i` of a listing is `.` (i = 0), `..` (i = 1), then the
//! directory's entries in the host's order; its `d_next` cookie is `i + 1`,
//! so a call with cookie `c` resumes at entry `c`. Each call lists the
//! directory afresh (as wasmtime does), from a new handle, so the
//! descriptor's own state does not matter.

use crate::ctx::WasiCtx;
use crate::errno::WasiResult;
use crate::filestat::Filestat;
use crate::memory::{GuestMemory, Record};
use crate::types::{filetype, layout, rights, Errno};
use cap_std::fs::{DirEntry, FileType, FileTypeExt};
use rustix::fs::DirEntryExt;
use std::os::unix::ffi::OsStrExt;

/// The WASI file type of a directory entry.
fn filetype_of(ft: FileType) -> u8 {
    if ft.is_dir() {
        filetype::DIRECTORY
    } else if ft.is_file() {
        filetype::REGULAR_FILE
    } else if ft.is_symlink() {
        filetype::SYMBOLIC_LINK
    } else if ft.is_char_device() {
        filetype::CHARACTER_DEVICE
    } else if ft.is_block_device() {
        filetype::BLOCK_DEVICE
    } else if ft.is_socket() {
        filetype::SOCKET_STREAM
    } else {
        filetype::UNKNOWN
    }
}

/// Appends the `dirent` of entry `index` and its name to `out`, cutting it
/// off at `cap` bytes: the spec says a full buffer means "there may be
/// more", and the guest retries with a bigger one or from the last cookie.
/// Returns whether the buffer is full.
fn push_dirent(out: &mut Vec<u8>, cap: usize, index: u64, ino: u64, ty: u8, name: &[u8]) -> WasiResult<bool> {
    let namlen = u32::try_from(name.len()).map_err(|_| Errno::OVERFLOW)?;
    let mut header = Record::<{ layout::dirent::SIZE as usize }>::default();
    header.u64(0, index + 1).u64(8, ino).u32(16, namlen).u8(20, ty);
    for part in [&header.0[..], name] {
        let room = cap - out.len();
        out.extend_from_slice(&part[..part.len().min(room)]);
        if out.len() == cap {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `fd_readdir(fd, buf, buf_len, cookie, bufused)`.
pub fn fd_readdir(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    buf: u32,
    buf_len: u32,
    cookie: u64,
    bufused: u32,
) -> WasiResult<()> {
    let entry = cx.fds.get(fd)?;
    let dir = entry.dir()?;
    entry.require(rights::FD_READDIR)?;
    mem.check(buf, buf_len)?;
    mem.check(bufused, 4)?;

    let cap = buf_len as usize;
    let mut out = Vec::with_capacity(cap.min(64 * 1024));
    // `.` and `..` both carry the directory's own inode, as in wasmtime
    // (the parent of a preopen is outside the sandbox).
    let own_ino = Filestat::of_fd(entry.raw_fd())?.ino;
    let mut full = false;
    for (index, name) in [(0u64, &b"."[..]), (1, &b".."[..])] {
        if index >= cookie && !full {
            full = push_dirent(&mut out, cap, index, own_ino, filetype::DIRECTORY, name)?;
        }
    }
    if !full {
        for (index, item) in (2u64..).zip(dir.entries()?) {
            if index < cookie {
                continue;
            }
            let item: DirEntry = item?;
            // An entry removed since the listing was read still gets listed;
            // its type is then unknown.
            let ty = item.file_type().map(filetype_of).unwrap_or(filetype::UNKNOWN);
            if push_dirent(&mut out, cap, index, item.ino(), ty, item.file_name().as_bytes())? {
                break;
            }
        }
    }
    mem.write_bytes(buf, &out)?;
    // `out.len() <= buf_len`, a u32.
    mem.write_u32(bufused, out.len() as u32)
}
