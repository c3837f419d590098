//! `sock_accept`, `sock_recv`, `sock_send`, `sock_shutdown`.
//!
//! No sockets are ever preopened, so no descriptor is a socket: as in
//! wasmtime, an open descriptor answers `ENOTSOCK` and anything else
//! `EBADF`. Flag arguments are validated first (`EINVAL`).

use crate::ctx::WasiCtx;
use crate::errno::WasiResult;
use crate::memory::GuestMemory;
use crate::types::{fdflags, sockflags, Errno};

fn not_a_socket(cx: &WasiCtx, fd: u32, flags_ok: bool) -> WasiResult<()> {
    if !flags_ok {
        return Err(Errno::INVAL);
    }
    cx.fds.get(fd)?;
    Err(Errno::NOTSOCK)
}

/// `sock_accept(fd, flags, fd_out)`.
pub fn sock_accept(cx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32, flags: u32, _fd_out: u32) -> WasiResult<()> {
    not_a_socket(cx, fd, flags & !u32::from(fdflags::ALL) == 0)
}

/// `sock_recv(fd, ri_data, ri_data_len, ri_flags, ro_datalen, ro_flags)`.
pub fn sock_recv(
    cx: &mut WasiCtx,
    _mem: &mut GuestMemory,
    fd: u32,
    _ri_data: u32,
    _ri_data_len: u32,
    ri_flags: u32,
    _ro_datalen: u32,
    _ro_flags: u32,
) -> WasiResult<()> {
    not_a_socket(cx, fd, ri_flags & !u32::from(sockflags::RIFLAGS_ALL) == 0)
}

/// `sock_send(fd, si_data, si_data_len, si_flags, so_datalen)`.
pub fn sock_send(
    cx: &mut WasiCtx,
    _mem: &mut GuestMemory,
    fd: u32,
    _si_data: u32,
    _si_data_len: u32,
    si_flags: u32,
    _so_datalen: u32,
) -> WasiResult<()> {
    // `siflags` defines no bits.
    not_a_socket(cx, fd, si_flags == 0)
}

/// `sock_shutdown(fd, how)`.
pub fn sock_shutdown(cx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32, how: u32) -> WasiResult<()> {
    not_a_socket(cx, fd, how & !u32::from(sockflags::SDFLAGS_ALL) == 0)
}
