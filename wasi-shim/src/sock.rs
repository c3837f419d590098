//! `sock_accept`, `sock_recv`, `sock_send`, `sock_shutdown`.
//!
//! No sockets are ever preopened, so no descriptor is a socket: as in
//! wasmtime, an open descriptor answers `ENOTSOCK` and anything else
//! `EBADF`; no pointer argument is looked at. (Flag arguments were checked
//! when the arguments were decoded.)

use crate::ctx::WasiCtx;
use crate::errno::WasiResult;
use crate::memory::GuestMemory;
use crate::types::Errno;

fn not_a_socket(cx: &WasiCtx, fd: u32) -> WasiResult<()> {
    cx.fds.get(fd)?;
    Err(Errno::NOTSOCK.into())
}

/// `sock_accept(fd, flags, fd_out)`.
pub fn sock_accept(cx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32, _flags: u16, _fd_out: u32) -> WasiResult<()> {
    not_a_socket(cx, fd)
}

/// `sock_recv(fd, ri_data, ri_data_len, ri_flags, ro_datalen, ro_flags)`.
pub fn sock_recv(
    cx: &mut WasiCtx,
    _mem: &mut GuestMemory,
    fd: u32,
    _ri_data: u32,
    _ri_data_len: u32,
    _ri_flags: u16,
    _ro_datalen: u32,
    _ro_flags: u32,
) -> WasiResult<()> {
    not_a_socket(cx, fd)
}

/// `sock_send(fd, si_data, si_data_len, si_flags, so_datalen)`.
pub fn sock_send(
    cx: &mut WasiCtx,
    _mem: &mut GuestMemory,
    fd: u32,
    _si_data: u32,
    _si_data_len: u32,
    _si_flags: u16,
    _so_datalen: u32,
) -> WasiResult<()> {
    not_a_socket(cx, fd)
}

/// `sock_shutdown(fd, how)`.
pub fn sock_shutdown(cx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32, _how: u8) -> WasiResult<()> {
    not_a_socket(cx, fd)
}
