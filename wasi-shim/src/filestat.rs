//! File attributes (`filestat`) and timestamp updates, shared by the `fd_*`
//! and `path_*` functions.
//!
//! As in wasmtime, `dev` is always 1 and `ino` is a 64-bit hash of the host
//! device and inode numbers ([`metadata_hash`]), the same hash wasmtime
//! computes: programs see the same numbers under both, and host inode
//! numbers are not revealed.

use crate::errno::{cvt, Error, HostResult, WasiResult};
use crate::memory::{GuestMemory, Record};
use crate::types::{filetype, fstflags, layout, Errno};
use cap_fs_ext::SystemTimeSpec;
use std::os::fd::RawFd;
use std::time::{Duration, SystemTime};

/// The WASI `filestat` of a file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Filestat {
    pub dev: u64,
    pub ino: u64,
    pub filetype: u8,
    pub nlink: u64,
    pub size: u64,
    pub atim: u64,
    pub mtim: u64,
    pub ctim: u64,
}

/// The WASI file type of a host `st_mode`. A socket ends the program, as
/// under wasmtime ("sockets are not currently supported": preview 1 cannot
/// tell stream from datagram sockets).
pub(crate) fn filetype_of_mode(mode: u32) -> WasiResult<u8> {
    Ok(match mode & libc::S_IFMT {
        libc::S_IFREG => filetype::REGULAR_FILE,
        libc::S_IFDIR => filetype::DIRECTORY,
        libc::S_IFLNK => filetype::SYMBOLIC_LINK,
        libc::S_IFCHR => filetype::CHARACTER_DEVICE,
        libc::S_IFBLK => filetype::BLOCK_DEVICE,
        libc::S_IFSOCK => return Err(sockets_unsupported()),
        // FIFOs included: preview 1 has no code for them (wasmtime agrees).
        _ => filetype::UNKNOWN,
    })
}

/// The trap for a socket met in the file system.
pub(crate) fn sockets_unsupported() -> Error {
    Error::trap("sockets are not currently supported")
}

/// The `ino` the guest sees for host file `(dev, ino)`: wasmtime's
/// "metadata hash", std's `DefaultHasher` (SipHash-1-3 with zero keys)
/// over the two numbers.
pub(crate) fn metadata_hash(dev: u64, ino: u64) -> u64 {
    use std::hash::Hasher;
    // `DefaultHasher::new()` is SipHash-1-3 with fixed (zero) keys.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    h.write_u64(dev);
    h.write_u64(ino);
    h.finish()
}

/// The host `stat` of an open descriptor.
pub(crate) fn fstat(fd: RawFd) -> HostResult<libc::stat> {
    // SAFETY: `stat` is plain old data; all-zero is a valid value.
    let mut st: libc::stat = unsafe { core::mem::zeroed() };
    // SAFETY: `st` is a valid out-pointer; a bad `fd` is reported as EBADF.
    cvt(unsafe { libc::fstat(fd, &mut st) })?;
    Ok(st)
}

/// Nanoseconds since the epoch; times before it (or absurdly far after)
/// read as 0, as in wasmtime.
fn timestamp(sec: i64, nsec: i64) -> u64 {
    u64::try_from(sec)
        .ok()
        .and_then(|s| s.checked_mul(1_000_000_000))
        .and_then(|ns| ns.checked_add(u64::try_from(nsec).ok()?))
        .unwrap_or(0)
}

impl Filestat {
    /// From the host's `stat` of an open descriptor.
    pub(crate) fn of_fd(fd: RawFd) -> WasiResult<Filestat> {
        let st = fstat(fd)?;
        Ok(Filestat {
            dev: 1,
            ino: metadata_hash(st.st_dev as u64, st.st_ino as u64),
            filetype: filetype_of_mode(st.st_mode as u32)?,
            nlink: st.st_nlink as u64,
            size: st.st_size as u64,
            atim: timestamp(st.st_atime as i64, st.st_atime_nsec as i64),
            mtim: timestamp(st.st_mtime as i64, st.st_mtime_nsec as i64),
            ctim: timestamp(st.st_ctime as i64, st.st_ctime_nsec as i64),
        })
    }

    /// From cap-std metadata (a path looked up inside a preopen).
    pub(crate) fn of_metadata(m: &cap_std::fs::Metadata) -> WasiResult<Filestat> {
        use cap_std::fs::MetadataExt;
        Ok(Filestat {
            dev: 1,
            ino: metadata_hash(m.dev(), m.ino()),
            filetype: filetype_of_mode(m.mode())?,
            nlink: m.nlink(),
            size: m.size(),
            atim: timestamp(m.atime(), m.atime_nsec()),
            mtim: timestamp(m.mtime(), m.mtime_nsec()),
            ctim: timestamp(m.ctime(), m.ctime_nsec()),
        })
    }

    /// Writes the 64-byte, 8-aligned `filestat` to `ptr`.
    pub(crate) fn write(&self, mem: &mut GuestMemory, ptr: u32) -> WasiResult<()> {
        use layout::filestat as f;
        let mut rec = Record::<{ f::SIZE as usize }>::default();
        rec.u64(f::DEV, self.dev)
            .u64(f::INO, self.ino)
            .u8(f::FILETYPE, self.filetype)
            .u64(f::NLINK, self.nlink)
            .u64(f::SIZE_FIELD, self.size)
            .u64(f::ATIM, self.atim)
            .u64(f::MTIM, self.mtim)
            .u64(f::CTIM, self.ctim);
        mem.write_typed(ptr, 8, &rec.0)
    }
}

/// One timestamp of a `*_set_times` call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NewTime {
    /// Leave unchanged.
    Omit,
    /// The current time.
    Now,
    /// Nanoseconds since the epoch.
    At(u64),
}

/// Decodes the `fstflags` of a `*_set_times` call: unknown bits, or both
/// "set" and "set to now" for the same time, are `EINVAL`.
pub(crate) fn new_times(atim: u64, mtim: u64, flags: u16) -> HostResult<(NewTime, NewTime)> {
    if flags & !fstflags::ALL != 0 {
        return Err(Errno::INVAL);
    }
    let one = |ts: u64, set: u16, now: u16| match (flags & set != 0, flags & now != 0) {
        (true, true) => Err(Errno::INVAL),
        (true, false) => Ok(NewTime::At(ts)),
        (false, true) => Ok(NewTime::Now),
        (false, false) => Ok(NewTime::Omit),
    };
    Ok((
        one(atim, fstflags::ATIM, fstflags::ATIM_NOW)?,
        one(mtim, fstflags::MTIM, fstflags::MTIM_NOW)?,
    ))
}

impl NewTime {
    fn timespec(self) -> libc::timespec {
        let (sec, nsec) = match self {
            NewTime::Omit => (0, libc::UTIME_OMIT),
            NewTime::Now => (0, libc::UTIME_NOW),
            NewTime::At(ns) => ((ns / 1_000_000_000) as libc::time_t, (ns % 1_000_000_000) as _),
        };
        libc::timespec { tv_sec: sec, tv_nsec: nsec }
    }

    /// The form cap-std's path-based `set_times` takes.
    pub(crate) fn spec(self) -> Option<SystemTimeSpec> {
        match self {
            NewTime::Omit => None,
            NewTime::Now => Some(SystemTimeSpec::SymbolicNow),
            NewTime::At(ns) => Some(SystemTimeSpec::Absolute(cap_std::time::SystemTime::from_std(
                SystemTime::UNIX_EPOCH + Duration::from_nanos(ns),
            ))),
        }
    }
}

/// Sets the times of an open descriptor.
pub(crate) fn set_fd_times(fd: RawFd, atim: NewTime, mtim: NewTime) -> HostResult<()> {
    let times = [atim.timespec(), mtim.timespec()];
    // SAFETY: `times` is an array of two valid timespecs, as futimens wants.
    cvt(unsafe { libc::futimens(fd, times.as_ptr()) }).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_times_flags() {
        assert_eq!(new_times(1, 2, 0), Ok((NewTime::Omit, NewTime::Omit)));
        assert_eq!(
            new_times(1, 2, fstflags::ATIM | fstflags::MTIM_NOW),
            Ok((NewTime::At(1), NewTime::Now))
        );
        assert_eq!(new_times(1, 2, fstflags::ATIM | fstflags::ATIM_NOW), Err(Errno::INVAL));
        assert_eq!(new_times(1, 2, 0x10), Err(Errno::INVAL));
    }

    #[test]
    fn metadata_hash_is_wasmtimes() {
        // Both sides hash with std's DefaultHasher: stable for fixed input.
        assert_eq!(metadata_hash(1, 2), metadata_hash(1, 2));
        assert_ne!(metadata_hash(1, 2), metadata_hash(2, 1));
    }

    #[test]
    fn timestamps_saturate_to_zero() {
        assert_eq!(timestamp(-1, 0), 0);
        assert_eq!(timestamp(2, 5), 2_000_000_005);
        assert_eq!(timestamp(i64::MAX, 0), 0);
    }
}
