//! Errors: WASI errno values, translated from host errors, and the guest
//! errors that end the program.
//!
//! The errno mapping follows wasmtime's: a host `errno` maps to the WASI
//! errno of the same name; an `io::Error` without an OS code (cap-std's
//! sandbox refusals, Rust's own argument checks) maps by its kind, so that
//! an escape attempt reads as `EPERM`. A host `ENOSYS` becomes `ENOTSUP`:
//! the guest never sees "function not implemented".
//!
//! Where wasmtime does not return an errno but ends the program (a guest
//! pointer out of bounds or misaligned, an argument that is not a valid
//! enum or flag value, a request over one of its limits), the shim does the
//! same: see [`Trap`].

use crate::types::Errno;
use std::fmt;
use std::io;

/// A guest error that ends the program, as wasmtime ends it: the call does
/// not return; the process prints the message and exits with status 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trap(pub String);

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a WASI call failed: an errno for the guest, or a [`Trap`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// Returned to the guest.
    Errno(Errno),
    /// Ends the program.
    Trap(Trap),
}

impl Error {
    /// A [`Trap`] with this message.
    pub fn trap(msg: impl Into<String>) -> Error {
        Error::Trap(Trap(msg.into()))
    }
}

impl From<Errno> for Error {
    fn from(e: Errno) -> Error {
        Error::Errno(e)
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Error {
        Error::Errno(Errno::from(e))
    }
}

/// The result type of every WASI implementation function.
pub type WasiResult<T> = Result<T, Error>;

/// The result of a host system call: an errno, never a trap.
pub type HostResult<T> = Result<T, Errno>;

impl Errno {
    /// The WASI errno of a host (Linux/POSIX) `errno` value.
    pub fn from_host(code: i32) -> Errno {
        match code {
            libc::E2BIG => Errno::TOOBIG,
            libc::EACCES => Errno::ACCES,
            libc::EADDRINUSE => Errno::ADDRINUSE,
            libc::EADDRNOTAVAIL => Errno::ADDRNOTAVAIL,
            libc::EAFNOSUPPORT => Errno::AFNOSUPPORT,
            libc::EAGAIN => Errno::AGAIN,
            libc::EALREADY => Errno::ALREADY,
            libc::EBADF => Errno::BADF,
            libc::EBADMSG => Errno::BADMSG,
            libc::EBUSY => Errno::BUSY,
            libc::ECANCELED => Errno::CANCELED,
            libc::ECHILD => Errno::CHILD,
            libc::ECONNABORTED => Errno::CONNABORTED,
            libc::ECONNREFUSED => Errno::CONNREFUSED,
            libc::ECONNRESET => Errno::CONNRESET,
            libc::EDEADLK => Errno::DEADLK,
            libc::EDESTADDRREQ => Errno::DESTADDRREQ,
            libc::EDOM => Errno::DOM,
            libc::EDQUOT => Errno::DQUOT,
            libc::EEXIST => Errno::EXIST,
            libc::EFAULT => Errno::FAULT,
            libc::EFBIG => Errno::FBIG,
            libc::EHOSTUNREACH => Errno::HOSTUNREACH,
            libc::EIDRM => Errno::IDRM,
            libc::EILSEQ => Errno::ILSEQ,
            libc::EINPROGRESS => Errno::INPROGRESS,
            libc::EINTR => Errno::INTR,
            libc::EINVAL => Errno::INVAL,
            libc::EIO => Errno::IO,
            libc::EISCONN => Errno::ISCONN,
            libc::EISDIR => Errno::ISDIR,
            libc::ELOOP => Errno::LOOP,
            libc::EMFILE => Errno::MFILE,
            libc::EMLINK => Errno::MLINK,
            libc::EMSGSIZE => Errno::MSGSIZE,
            libc::EMULTIHOP => Errno::MULTIHOP,
            libc::ENAMETOOLONG => Errno::NAMETOOLONG,
            libc::ENETDOWN => Errno::NETDOWN,
            libc::ENETRESET => Errno::NETRESET,
            libc::ENETUNREACH => Errno::NETUNREACH,
            libc::ENFILE => Errno::NFILE,
            libc::ENOBUFS => Errno::NOBUFS,
            libc::ENODEV => Errno::NODEV,
            libc::ENOENT => Errno::NOENT,
            libc::ENOEXEC => Errno::NOEXEC,
            libc::ENOLCK => Errno::NOLCK,
            libc::ENOLINK => Errno::NOLINK,
            libc::ENOMEM => Errno::NOMEM,
            libc::ENOMSG => Errno::NOMSG,
            libc::ENOPROTOOPT => Errno::NOPROTOOPT,
            libc::ENOSPC => Errno::NOSPC,
            // "Not implemented" by the host kernel is "not supported" to the
            // guest: this shim never answers ENOSYS.
            libc::ENOSYS => Errno::NOTSUP,
            libc::ENOTCONN => Errno::NOTCONN,
            libc::ENOTDIR => Errno::NOTDIR,
            libc::ENOTEMPTY => Errno::NOTEMPTY,
            libc::ENOTRECOVERABLE => Errno::NOTRECOVERABLE,
            libc::ENOTSOCK => Errno::NOTSOCK,
            libc::ENOTSUP => Errno::NOTSUP,
            libc::ENOTTY => Errno::NOTTY,
            libc::ENXIO => Errno::NXIO,
            libc::EOVERFLOW => Errno::OVERFLOW,
            libc::EOWNERDEAD => Errno::OWNERDEAD,
            libc::EPERM => Errno::PERM,
            libc::EPIPE => Errno::PIPE,
            libc::EPROTO => Errno::PROTO,
            libc::EPROTONOSUPPORT => Errno::PROTONOSUPPORT,
            libc::EPROTOTYPE => Errno::PROTOTYPE,
            libc::ERANGE => Errno::RANGE,
            libc::EROFS => Errno::ROFS,
            libc::ESPIPE => Errno::SPIPE,
            libc::ESRCH => Errno::SRCH,
            libc::ESTALE => Errno::STALE,
            libc::ETIMEDOUT => Errno::TIMEDOUT,
            libc::ETXTBSY => Errno::TXTBSY,
            libc::EXDEV => Errno::XDEV,
            _ => Errno::IO,
        }
    }

    /// The errno of the last failed libc call on this thread.
    pub fn last_os_error() -> Errno {
        Errno::from(io::Error::last_os_error())
    }
}

impl From<io::Error> for Errno {
    fn from(err: io::Error) -> Errno {
        match err.raw_os_error() {
            Some(code) => Errno::from_host(code),
            // No OS code: cap-std's sandbox checks (`..` or an absolute path
            // or symlink leading outside) report `PermissionDenied`, which
            // wasmtime surfaces as EPERM.
            None => match err.kind() {
                io::ErrorKind::NotFound => Errno::NOENT,
                io::ErrorKind::PermissionDenied => Errno::PERM,
                io::ErrorKind::AlreadyExists => Errno::EXIST,
                io::ErrorKind::InvalidInput => Errno::INVAL,
                _ => Errno::IO,
            },
        }
    }
}

/// Turns the `-1`-means-error convention of a libc call into a result.
pub(crate) fn cvt<T: Default + PartialOrd>(ret: T) -> HostResult<T> {
    if ret < T::default() {
        Err(Errno::last_os_error())
    } else {
        Ok(ret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_errors_map_by_name() {
        assert_eq!(Errno::from_host(libc::ENOENT), Errno::NOENT);
        assert_eq!(Errno::from_host(libc::ENOSYS), Errno::NOTSUP);
        assert_eq!(Errno::from(io::Error::from_raw_os_error(libc::ELOOP)), Errno::LOOP);
        let escape = io::Error::new(io::ErrorKind::PermissionDenied, "outside");
        assert_eq!(Errno::from(escape), Errno::PERM);
    }
}
