//! The WASI context: arguments, environment and the table of file
//! descriptors the guest can use.

use crate::errno::HostResult;
use crate::types::Errno;
use cap_std::fs::{Dir, File};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::os::fd::{AsRawFd, RawFd};
use std::path::PathBuf;

/// Everything one WASI guest can reach: its arguments, its environment, and
/// its descriptors (fds 0, 1, 2 are the host's stdin, stdout and stderr;
/// fds 3, 4, ... are the preopened directories, in the order given).
pub struct WasiCtx {
    pub(crate) args: Vec<Vec<u8>>,
    /// `KEY=VALUE` strings.
    pub(crate) env: Vec<Vec<u8>>,
    pub(crate) fds: FdTable,
}

/// Why a [`WasiCtx`] could not be built.
#[derive(Debug)]
pub enum WasiError {
    /// A directory to preopen could not be opened.
    Preopen {
        /// The host path that was asked for.
        host: PathBuf,
        /// The name the guest would have seen.
        guest: String,
        /// What the OS said.
        source: std::io::Error,
    },
}

impl fmt::Display for WasiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WasiError::Preopen { host, guest, source } => write!(
                f,
                "cannot open directory `{}` (to be granted to the guest as `{guest}`): {source}",
                host.display()
            ),
        }
    }
}

impl std::error::Error for WasiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WasiError::Preopen { source, .. } => Some(source),
        }
    }
}

impl WasiCtx {
    /// Builds a context.
    ///
    /// * `args`: the guest's `argv`, program name first, as raw bytes.
    /// * `env`: the guest's environment, in order.
    /// * `preopens`: `(host directory, name the guest sees)`; they become
    ///   fds 3, 4, ... in this order. Each host directory is opened here,
    ///   once; the guest reaches files only beneath these directories.
    ///
    /// Fails with [`WasiError::Preopen`], naming the directory, when one
    /// cannot be opened (missing, not a directory, no permission).
    ///
    /// Also sets `SIGPIPE` to be ignored (when it has its default action),
    /// so that writing to a closed pipe is an error the guest sees.
    pub fn new(
        args: Vec<Vec<u8>>,
        env: Vec<(String, String)>,
        preopens: Vec<(PathBuf, String)>,
    ) -> Result<WasiCtx, WasiError> {
        ignore_sigpipe();
        let mut fds = FdTable::default();
        for stdio in [Stdio::In, Stdio::Out, Stdio::Err] {
            fds.push(Handle::Stdio(stdio, stdio.host_fd()));
        }
        for (host, guest) in preopens {
            // The one place ambient authority is used: the capabilities the
            // user granted are turned into directory handles.
            let dir = match Dir::open_ambient_dir(&host, cap_std::ambient_authority()) {
                Ok(dir) => dir,
                Err(source) => return Err(WasiError::Preopen { host, guest, source }),
            };
            fds.push(Handle::Dir(DirDesc::new(dir, Some(guest), true)));
        }
        let env = env
            .into_iter()
            .map(|(k, v)| {
                let mut kv = k.into_bytes();
                kv.push(b'=');
                kv.extend_from_slice(v.as_bytes());
                kv
            })
            .collect();
        Ok(WasiCtx { args, env, fds })
    }

    /// A context with stdio only: no arguments, environment or preopens.
    pub fn stdio_only() -> WasiCtx {
        match WasiCtx::new(Vec::new(), Vec::new(), Vec::new()) {
            Ok(cx) => cx,
            // Without preopens nothing can fail; an empty table is the
            // harmless answer should that ever change.
            Err(_) => WasiCtx { args: Vec::new(), env: Vec::new(), fds: FdTable::default() },
        }
    }
}

/// A guest writing to a closed pipe must get an error back (as under
/// wasmtime), not have the process killed by `SIGPIPE`: the signal is
/// ignored, unless someone installed a handler for it.
fn ignore_sigpipe() {
    // SAFETY: querying and setting a signal disposition; `old` is a valid
    // out-pointer and SIG_IGN needs no handler code.
    unsafe {
        let mut old: libc::sigaction = core::mem::zeroed();
        if libc::sigaction(libc::SIGPIPE, core::ptr::null(), &mut old) == 0 && old.sa_sigaction == libc::SIG_DFL {
            libc::signal(libc::SIGPIPE, libc::SIG_IGN);
        }
    }
}

impl WasiCtx {
    /// Makes the standard stream at guest descriptor `fd` (0, 1 or 2) use
    /// host descriptor `host` instead of the process's own. The context
    /// does not own `host`: the caller keeps it open while the context
    /// lives. Returns false when `fd` is not a standard stream (any more).
    pub fn set_stdio(&mut self, fd: u32, host: RawFd) -> bool {
        match self.fds.get_mut(fd) {
            Ok(Handle::Stdio(_, h)) => {
                *h = host;
                true
            }
            _ => false,
        }
    }
}

/// Which standard stream a descriptor is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stdio {
    In,
    Out,
    Err,
}

impl Stdio {
    /// The host descriptor of this stream in a normal process.
    pub(crate) fn host_fd(self) -> RawFd {
        match self {
            Stdio::In => 0,
            Stdio::Out => 1,
            Stdio::Err => 2,
        }
    }
}

/// What a descriptor refers to.
pub(crate) enum Handle {
    /// A standard stream and its host descriptor; behaves as a stream (no
    /// seeking), as wasmtime's. The host descriptor is shared with the
    /// runtime (which prints traps on stderr): the guest closing it only
    /// removes it from the guest's table.
    Stdio(Stdio, RawFd),
    /// A file (or any non-directory opened with `path_open`).
    File(FileDesc),
    /// A directory: a capability to everything beneath it.
    Dir(DirDesc),
}

/// An open file. As in wasmtime, the offset is kept here, not by the OS:
/// reads and writes are positional at it.
pub(crate) struct FileDesc {
    pub(crate) file: File,
    /// The offset `fd_read`/`fd_write` use and `fd_seek` moves (any `u64`).
    pub(crate) position: u64,
    /// Writes go to the end of the file (the host descriptor has
    /// `O_APPEND` then, so even positional writes append, as on Linux).
    pub(crate) append: bool,
    /// Recorded and reported only: file I/O blocks anyway (as in wasmtime).
    pub(crate) nonblock: bool,
    /// Opened for reading: reported as the `FD_READ` right.
    pub(crate) read: bool,
    /// Opened for writing: reported as the `FD_WRITE` right.
    pub(crate) write: bool,
}

/// An open directory.
pub(crate) struct DirDesc {
    pub(crate) dir: Dir,
    /// The guest name of a preopened directory.
    pub(crate) preopen: Option<String>,
    /// Whether `mutate-directory` was asked for when it was opened (WASI
    /// 0.2/0.3's `get-flags` reports it; preopens have it). What may be done
    /// through it is every grant's: all directories granted are writable.
    pub(crate) mutate: bool,
    /// The listing `fd_readdir` took at cookie 0, which the calls that
    /// continue it read from (see [`crate::dir`]).
    pub(crate) listing: Option<crate::dir::Listing>,
}

impl DirDesc {
    /// An open directory not yet listed.
    pub(crate) fn new(dir: Dir, preopen: Option<String>, mutate: bool) -> Self {
        DirDesc { dir, preopen, mutate, listing: None }
    }
}

impl Handle {
    /// The host descriptor.
    pub(crate) fn raw_fd(&self) -> RawFd {
        match self {
            Handle::Stdio(_, fd) => *fd,
            Handle::File(f) => f.file.as_raw_fd(),
            Handle::Dir(d) => d.dir.as_raw_fd(),
        }
    }
}

/// The descriptor table. Numbers are allocated as wasmtime does: a freed
/// number is reused (the highest freed first), otherwise one past the
/// highest in use; so programs see the same fd numbers as under wasmtime.
#[derive(Default)]
pub(crate) struct FdTable {
    used: BTreeMap<u32, Handle>,
    free: BTreeSet<u32>,
}

impl FdTable {
    /// The handle of `fd`, or `EBADF`.
    pub(crate) fn get(&self, fd: u32) -> HostResult<&Handle> {
        self.used.get(&fd).ok_or(Errno::BADF)
    }

    /// The handle of `fd`, writable, or `EBADF`.
    pub(crate) fn get_mut(&mut self, fd: u32) -> HostResult<&mut Handle> {
        self.used.get_mut(&fd).ok_or(Errno::BADF)
    }

    /// The file behind `fd`: `EBADF` for anything else (wasmtime's answer
    /// for file-only operations).
    pub(crate) fn file(&self, fd: u32) -> HostResult<&FileDesc> {
        match self.get(fd)? {
            Handle::File(f) => Ok(f),
            _ => Err(Errno::BADF),
        }
    }

    /// The file behind `fd`, writable.
    pub(crate) fn file_mut(&mut self, fd: u32) -> HostResult<&mut FileDesc> {
        match self.get_mut(fd)? {
            Handle::File(f) => Ok(f),
            _ => Err(Errno::BADF),
        }
    }

    /// The directory behind `fd`, or `EBADF`.
    pub(crate) fn dir(&self, fd: u32) -> HostResult<&DirDesc> {
        match self.get(fd)? {
            Handle::Dir(d) => Ok(d),
            _ => Err(Errno::BADF),
        }
    }

    /// The directory behind `fd`, writable, or `EBADF`.
    pub(crate) fn dir_mut(&mut self, fd: u32) -> HostResult<&mut DirDesc> {
        match self.get_mut(fd)? {
            Handle::Dir(d) => Ok(d),
            _ => Err(Errno::BADF),
        }
    }

    /// The host descriptor of a file or directory (`EBADF` for stdio).
    pub(crate) fn file_or_dir(&self, fd: u32) -> HostResult<&Handle> {
        match self.get(fd)? {
            Handle::Stdio(..) => Err(Errno::BADF),
            h => Ok(h),
        }
    }

    /// The file of a seekable descriptor: stdio is a stream (`ESPIPE`),
    /// anything else is `EBADF`.
    pub(crate) fn seekable(&mut self, fd: u32) -> HostResult<&mut FileDesc> {
        match self.get_mut(fd)? {
            Handle::File(f) => Ok(f),
            Handle::Stdio(..) => Err(Errno::SPIPE),
            Handle::Dir(_) => Err(Errno::BADF),
        }
    }

    /// Adds a handle under a fresh number.
    pub(crate) fn push(&mut self, handle: Handle) -> u32 {
        let fd = match self.free.pop_last() {
            Some(fd) => fd,
            None => match self.used.last_key_value() {
                None => 0,
                Some((&last, _)) => match last.checked_add(1) {
                    Some(fd) => fd,
                    // The top number is taken: search downwards for a hole
                    // (there is one: a table of 2^32 entries cannot exist).
                    None => (0..u32::MAX).rev().find(|fd| !self.used.contains_key(fd)).unwrap_or(0),
                },
            },
        };
        self.used.insert(fd, handle);
        fd
    }

    /// Removes `fd` (its host handle closes when dropped).
    pub(crate) fn remove(&mut self, fd: u32) -> HostResult<Handle> {
        let handle = self.used.remove(&fd).ok_or(Errno::BADF)?;
        self.free.insert(fd);
        Ok(handle)
    }

    /// Moves `from` to number `to`, closing what `to` was; both must be
    /// open (`EBADF` otherwise, as wasmtime 49).
    pub(crate) fn renumber(&mut self, from: u32, to: u32) -> HostResult<()> {
        if !self.used.contains_key(&to) || !self.used.contains_key(&from) {
            return Err(Errno::BADF);
        }
        if from != to {
            let handle = self.remove(from)?;
            self.free.remove(&to);
            self.used.insert(to, handle);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fd_numbers_follow_wasmtime() {
        let mut cx = WasiCtx::stdio_only();
        let t = &mut cx.fds;
        let entry = || Handle::Stdio(Stdio::In, 0);
        assert_eq!(t.push(entry()), 3);
        assert_eq!(t.push(entry()), 4);
        t.remove(3).map(drop).unwrap();
        t.remove(4).map(drop).unwrap();
        assert_eq!(t.push(entry()), 4);
        assert_eq!(t.push(entry()), 3);
        assert_eq!(t.push(entry()), 5);
        assert_eq!(t.renumber(5, 9).err(), Some(Errno::BADF));
        assert_eq!(t.renumber(5, 3).err(), None);
        assert!(t.get(5).is_err());
        assert_eq!(t.push(entry()), 5);
    }

    #[test]
    fn missing_preopen_is_named() {
        let err = WasiCtx::new(vec![], vec![], vec![("/no/such/dir".into(), "/d".into())])
            .err()
            .expect("must fail");
        assert!(err.to_string().contains("/no/such/dir"), "{err}");
    }
}
