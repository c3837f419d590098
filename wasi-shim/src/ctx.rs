//! The WASI context: arguments, environment and the table of file
//! descriptors the guest can use.

use crate::errno::WasiResult;
use crate::types::{rights, Errno};
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
            let base = if stdio == Stdio::In { rights::FD_READ } else { rights::FD_WRITE };
            fds.insert_new(FdEntry::new(Handle::Stdio(stdio, stdio.host_fd()), base, base));
        }
        for (host, guest) in preopens {
            // The one place ambient authority is used: the capabilities the
            // user granted are turned into directory handles.
            let dir = match Dir::open_ambient_dir(&host, cap_std::ambient_authority()) {
                Ok(dir) => dir,
                Err(source) => return Err(WasiError::Preopen { host, guest, source }),
            };
            let mut entry =
                FdEntry::new(Handle::Dir(dir), rights::PREOPEN_BASE, rights::PREOPEN_INHERITING);
            entry.preopen = Some(guest);
            fds.insert_new(entry);
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

#[cfg(test)]
impl WasiCtx {
    /// Makes the standard stream at guest `fd` use host descriptor `host`
    /// (tests use pipes instead of the test process's own stdio).
    pub(crate) fn redirect_stdio(&mut self, fd: u32, host: RawFd) {
        if let Ok(FdEntry { handle: Handle::Stdio(_, h), .. }) = self.fds.get_mut(fd) {
            *h = host;
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
    File(File),
    /// A directory: a capability to everything beneath it.
    Dir(Dir),
}

/// One open descriptor.
pub(crate) struct FdEntry {
    pub(crate) handle: Handle,
    /// Rights this descriptor has; operations check them.
    pub(crate) base: u64,
    /// Rights reported as inheritable by descriptors opened through it.
    pub(crate) inheriting: u64,
    /// Rights the guest explicitly dropped from `inheriting`: withheld from
    /// every descriptor later opened through this one.
    pub(crate) inherit_mask: u64,
    /// The guest name of a preopened directory.
    pub(crate) preopen: Option<String>,
    /// The guest asked for non-blocking mode. Recorded and reported, but
    /// I/O stays blocking, as in wasmtime (files ignore the flag anyway).
    pub(crate) nonblock: bool,
}

impl FdEntry {
    pub(crate) fn new(handle: Handle, base: u64, inheriting: u64) -> FdEntry {
        FdEntry { handle, base, inheriting, inherit_mask: rights::ALL, preopen: None, nonblock: false }
    }

    /// The host descriptor.
    pub(crate) fn raw_fd(&self) -> RawFd {
        match &self.handle {
            Handle::Stdio(_, fd) => *fd,
            Handle::File(f) => f.as_raw_fd(),
            Handle::Dir(d) => d.as_raw_fd(),
        }
    }

    /// `ENOTCAPABLE` unless the descriptor holds `right`.
    pub(crate) fn require(&self, right: u64) -> WasiResult<()> {
        if self.base & right == right {
            Ok(())
        } else {
            Err(Errno::NOTCAPABLE)
        }
    }

    /// Like [`FdEntry::require`], for reading and writing, which answer
    /// `EBADF` as the OS (and wasmtime) do for a file not open that way.
    pub(crate) fn require_rw(&self, right: u64) -> WasiResult<()> {
        self.require(right).map_err(|_| Errno::BADF)
    }

    /// The file, or `EBADF` for directories and stdio (wasmtime's answer
    /// for file-only operations).
    pub(crate) fn file(&self) -> WasiResult<&File> {
        match &self.handle {
            Handle::File(f) => Ok(f),
            _ => Err(Errno::BADF),
        }
    }

    /// The directory, or `EBADF`.
    pub(crate) fn dir(&self) -> WasiResult<&Dir> {
        match &self.handle {
            Handle::Dir(d) => Ok(d),
            _ => Err(Errno::BADF),
        }
    }

    /// The file of a seekable descriptor: stdio is a stream (`ESPIPE`), a
    /// directory is not seekable (`EBADF`).
    pub(crate) fn seekable(&self) -> WasiResult<&File> {
        match &self.handle {
            Handle::File(f) => Ok(f),
            Handle::Stdio(..) => Err(Errno::SPIPE),
            Handle::Dir(_) => Err(Errno::BADF),
        }
    }
}

/// The descriptor table. Numbers are allocated as wasmtime does: a freed
/// number is reused (the highest freed first), otherwise one past the
/// highest in use; so programs see the same fd numbers as under wasmtime.
#[derive(Default)]
pub(crate) struct FdTable {
    used: BTreeMap<u32, FdEntry>,
    free: BTreeSet<u32>,
}

impl FdTable {
    fn insert_new(&mut self, entry: FdEntry) {
        // Only used while building the table, when numbers are sequential.
        let _ = self.push(entry);
    }

    /// The entry of `fd`, or `EBADF`.
    pub(crate) fn get(&self, fd: u32) -> WasiResult<&FdEntry> {
        self.used.get(&fd).ok_or(Errno::BADF)
    }

    /// The entry of `fd`, writable, or `EBADF`.
    pub(crate) fn get_mut(&mut self, fd: u32) -> WasiResult<&mut FdEntry> {
        self.used.get_mut(&fd).ok_or(Errno::BADF)
    }

    /// Adds an entry under a fresh number.
    pub(crate) fn push(&mut self, entry: FdEntry) -> WasiResult<u32> {
        let fd = match self.free.pop_last() {
            Some(fd) => fd,
            None => match self.used.last_key_value() {
                None => 0,
                Some((&last, _)) => match last.checked_add(1) {
                    Some(fd) => fd,
                    // The top number is taken: search downwards for a hole.
                    None => (0..u32::MAX).rev().find(|fd| !self.used.contains_key(fd)).ok_or(Errno::MFILE)?,
                },
            },
        };
        self.used.insert(fd, entry);
        Ok(fd)
    }

    /// Removes `fd` (its host handle closes when the entry drops).
    pub(crate) fn remove(&mut self, fd: u32) -> WasiResult<FdEntry> {
        let entry = self.used.remove(&fd).ok_or(Errno::BADF)?;
        self.free.insert(fd);
        Ok(entry)
    }

    /// Moves `from` to number `to`, closing what `to` was; both must be
    /// open (`EBADF` otherwise, as wasmtime 49).
    pub(crate) fn renumber(&mut self, from: u32, to: u32) -> WasiResult<()> {
        if !self.used.contains_key(&from) || !self.used.contains_key(&to) {
            return Err(Errno::BADF);
        }
        if from != to {
            let entry = self.remove(from)?;
            self.free.remove(&to);
            self.used.insert(to, entry);
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
        let entry = || FdEntry::new(Handle::Stdio(Stdio::In, 0), 0, 0);
        assert_eq!(t.push(entry()), Ok(3));
        assert_eq!(t.push(entry()), Ok(4));
        t.remove(3).map(drop).unwrap();
        t.remove(4).map(drop).unwrap();
        assert_eq!(t.push(entry()), Ok(4));
        assert_eq!(t.push(entry()), Ok(3));
        assert_eq!(t.push(entry()), Ok(5));
        assert_eq!(t.renumber(5, 9), Err(Errno::BADF));
        assert_eq!(t.renumber(5, 3), Ok(()));
        assert!(t.get(5).is_err());
        assert_eq!(t.push(entry()), Ok(5));
    }

    #[test]
    fn missing_preopen_is_named() {
        let err = WasiCtx::new(vec![], vec![], vec![("/no/such/dir".into(), "/d".into())])
            .err()
            .expect("must fail");
        assert!(err.to_string().contains("/no/such/dir"), "{err}");
    }
}
