//! `w2n_wasi`: the WASI configuration an instance is created with.
//!
//! A configuration is a recipe, not a context: each `<name>_instantiate`
//! builds a fresh WASI context from it (opening the granted directories
//! then), so one configuration serves any number of instances, and the
//! host frees it whenever it likes. Directory grants follow the same
//! capability rules as executables: the guest reaches files only beneath
//! them. Standard streams are closed to the guest unless inherited or set:
//! reads see end-of-file and writes are discarded (`/dev/null`).

use std::ffi::c_char;
use std::os::fd::RawFd;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::sync::OnceLock;

use wasm2native_wasi::{WasiCtx, WasiError};

use super::c_bytes;
use crate::wasi_config::set_var;

/// A WASI configuration (`w2n_wasi` in C).
#[derive(Clone, Debug, Default)]
pub struct WasiConfig {
    args: Vec<Vec<u8>>,
    env: Vec<(String, String)>,
    dirs: Vec<(PathBuf, String)>,
    /// Host descriptors of the guest's fds 0, 1, 2; `None`: `/dev/null`.
    stdio: [Option<RawFd>; 3],
}

impl WasiConfig {
    /// Builds the WASI context of a new instance.
    pub fn build(&self) -> Result<WasiCtx, WasiError> {
        let mut ctx = WasiCtx::new(self.args.clone(), self.env.clone(), self.dirs.clone())?;
        for (fd, host) in self.stdio.iter().enumerate() {
            ctx.set_stdio(fd as u32, host.unwrap_or_else(dev_null));
        }
        Ok(ctx)
    }
}

/// A descriptor of `/dev/null`, opened once and kept for the process
/// (`-1`, a bad descriptor the guest gets `EBADF` for, if it cannot be
/// opened).
fn dev_null() -> RawFd {
    static NULL: OnceLock<RawFd> = OnceLock::new();
    *NULL.get_or_init(|| {
        // SAFETY: opening a path given as a NUL-terminated literal.
        unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR | libc::O_CLOEXEC) }
    })
}

/// Calls `f` on the configuration `wasi` points to (nothing for null).
///
/// # Safety
/// `wasi` is null or a live configuration from [`w2n_wasi_new`].
unsafe fn with(wasi: *mut WasiConfig, f: impl FnOnce(&mut WasiConfig)) {
    // SAFETY: as the caller guarantees.
    if let Some(w) = unsafe { wasi.as_mut() } {
        f(w)
    }
}

/// A new, empty configuration: no arguments, no environment, no
/// directories, standard streams closed to the guest.
#[unsafe(no_mangle)]
pub extern "C" fn w2n_wasi_new() -> *mut WasiConfig {
    Box::into_raw(Box::default())
}

/// Frees a configuration (instances made from it are not affected).
///
/// # Safety
/// `wasi` is null or a configuration from [`w2n_wasi_new`], not used
/// afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn w2n_wasi_free(wasi: *mut WasiConfig) {
    if !wasi.is_null() {
        // SAFETY: as the caller guarantees, we own it.
        drop(unsafe { Box::from_raw(wasi) });
    }
}

/// Appends `arg` to the guest's `argv` (the first is the program name).
///
/// # Safety
/// `wasi` is null or live; `arg` is null (an empty argument) or a C string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn w2n_wasi_arg(wasi: *mut WasiConfig, arg: *const c_char) {
    // SAFETY: as the caller guarantees.
    unsafe { with(wasi, |w| w.args.push(c_bytes(arg).to_vec())) }
}

/// Gives the guest the environment variable `name=value` (replacing an
/// earlier value of `name`). Bytes that are not UTF-8 become U+FFFD.
///
/// # Safety
/// `wasi` is null or live; `name` and `value` are null or C strings.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn w2n_wasi_env(wasi: *mut WasiConfig, name: *const c_char, value: *const c_char) {
    // SAFETY: as the caller guarantees.
    let (name, value) = unsafe { (lossy(c_bytes(name)), lossy(c_bytes(value))) };
    // SAFETY: as the caller guarantees.
    unsafe { with(wasi, |w| set_var(&mut w.env, &name, &value)) }
}

/// Passes the host process's whole environment to the guest (later
/// [`w2n_wasi_env`] calls override single variables).
///
/// # Safety
/// `wasi` is null or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn w2n_wasi_inherit_env(wasi: *mut WasiConfig) {
    let vars: Vec<(String, String)> = std::env::vars_os()
        .map(|(k, v)| (k.to_string_lossy().into_owned(), v.to_string_lossy().into_owned()))
        .collect();
    // SAFETY: as the caller guarantees.
    unsafe {
        with(wasi, |w| {
            for (name, value) in &vars {
                set_var(&mut w.env, name, value);
            }
        })
    }
}

/// Grants the guest the host directory `host_path` under the name
/// `guest_path` (null: the same as the host path). The directory is opened
/// when an instance is created; one that cannot be opened makes the
/// instantiation fail with a message naming it.
///
/// # Safety
/// `wasi` is null or live; the paths are null or C strings.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn w2n_wasi_dir(wasi: *mut WasiConfig, host_path: *const c_char, guest_path: *const c_char) {
    // SAFETY: as the caller guarantees.
    let host = unsafe { c_bytes(host_path) };
    // SAFETY: as the caller guarantees.
    let guest = if guest_path.is_null() { lossy(host) } else { lossy(unsafe { c_bytes(guest_path) }) };
    let host = PathBuf::from(std::ffi::OsStr::from_bytes(host));
    // SAFETY: as the caller guarantees.
    unsafe { with(wasi, |w| w.dirs.push((host, guest))) }
}

/// The guest's stdin, stdout and stderr are the host process's own.
///
/// # Safety
/// `wasi` is null or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn w2n_wasi_inherit_stdio(wasi: *mut WasiConfig) {
    // SAFETY: as the caller guarantees.
    unsafe { with(wasi, |w| w.stdio = [Some(0), Some(1), Some(2)]) }
}

macro_rules! stdio_setter {
    ($name:ident, $index:expr, $what:literal) => {
        #[doc = concat!("The guest's ", $what, " is host descriptor `fd` (negative: closed to the guest again).")]
        /// The host keeps `fd` open as long as instances made with this
        /// configuration live; they do not close it.
        ///
        /// # Safety
        /// `wasi` is null or live.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $name(wasi: *mut WasiConfig, fd: i32) {
            // SAFETY: as the caller guarantees.
            unsafe { with(wasi, |w| w.stdio[$index] = (fd >= 0).then_some(fd)) }
        }
    };
}

stdio_setter!(w2n_wasi_stdin, 0, "stdin");
stdio_setter!(w2n_wasi_stdout, 1, "stdout");
stdio_setter!(w2n_wasi_stderr, 2, "stderr");

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configuration_builds_contexts() {
        let w = w2n_wasi_new();
        // SAFETY: a live configuration and literal C strings.
        unsafe {
            w2n_wasi_arg(w, c"app".as_ptr());
            w2n_wasi_env(w, c"K".as_ptr(), c"1".as_ptr());
            w2n_wasi_env(w, c"K".as_ptr(), c"2".as_ptr());
            w2n_wasi_dir(w, c"/".as_ptr(), std::ptr::null());
            w2n_wasi_stdout(w, 1);
            let config = (*w).clone();
            assert_eq!(config.args, vec![b"app".to_vec()]);
            assert_eq!(config.env, vec![("K".to_string(), "2".to_string())]);
            assert_eq!(config.dirs, vec![(PathBuf::from("/"), "/".to_string())]);
            assert_eq!(config.stdio, [None, Some(1), None]);
            assert!(config.build().is_ok());
            w2n_wasi_dir(w, c"/no/such/dir".as_ptr(), c"/x".as_ptr());
            let err = (*w).build().err().expect("a missing directory fails").to_string();
            assert!(err.contains("/no/such/dir"), "{err}");
            w2n_wasi_free(w);
            // Null is harmless everywhere.
            w2n_wasi_arg(std::ptr::null_mut(), c"x".as_ptr());
            w2n_wasi_free(std::ptr::null_mut());
        }
    }
}
