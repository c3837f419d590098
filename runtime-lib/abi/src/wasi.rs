//! The WASI preview 1 functions the runtime provides, with their wasm
//! signatures. The compiler checks `wasi_snapshot_preview1` imports against
//! this table and calls the host function named by [`symbol_name`]; the shim
//! defines one `extern "C"` function per entry with the C signature
//! `(vmctx: *mut VMContext, params...) -> i32` (`proc_exit` returns nothing).

use crate::meta::ValType::{self, I32, I64};

/// The import module name of WASI preview 1.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// Prefix of the host symbols implementing WASI functions.
pub const SYMBOL_PREFIX: &str = "wasm2native_wasi_";

/// One WASI function.
#[derive(Debug, Clone, Copy)]
pub struct WasiFunc {
    /// Field name of the import.
    pub name: &'static str,
    /// Wasm parameter types.
    pub params: &'static [ValType],
    /// Wasm result types.
    pub results: &'static [ValType],
}

/// Every function of `wasi_snapshot_preview1`.
pub const FUNCTIONS: &[WasiFunc] = &[
    WasiFunc { name: "args_get", params: &[I32, I32], results: &[I32] },
    WasiFunc { name: "args_sizes_get", params: &[I32, I32], results: &[I32] },
    WasiFunc { name: "environ_get", params: &[I32, I32], results: &[I32] },
    WasiFunc { name: "environ_sizes_get", params: &[I32, I32], results: &[I32] },
    WasiFunc { name: "clock_res_get", params: &[I32, I32], results: &[I32] },
    WasiFunc { name: "clock_time_get", params: &[I32, I64, I32], results: &[I32] },
    WasiFunc { name: "fd_advise", params: &[I32, I64, I64, I32], results: &[I32] },
    WasiFunc { name: "fd_allocate", params: &[I32, I64, I64], results: &[I32] },
    WasiFunc { name: "fd_close", params: &[I32], results: &[I32] },
    WasiFunc { name: "fd_datasync", params: &[I32], results: &[I32] },
    WasiFunc { name: "fd_fdstat_get", params: &[I32, I32], results: &[I32] },
    WasiFunc { name: "fd_fdstat_set_flags", params: &[I32, I32], results: &[I32] },
    WasiFunc { name: "fd_fdstat_set_rights", params: &[I32, I64, I64], results: &[I32] },
    WasiFunc { name: "fd_filestat_get", params: &[I32, I32], results: &[I32] },
    WasiFunc { name: "fd_filestat_set_size", params: &[I32, I64], results: &[I32] },
    WasiFunc { name: "fd_filestat_set_times", params: &[I32, I64, I64, I32], results: &[I32] },
    WasiFunc { name: "fd_pread", params: &[I32, I32, I32, I64, I32], results: &[I32] },
    WasiFunc { name: "fd_prestat_get", params: &[I32, I32], results: &[I32] },
    WasiFunc { name: "fd_prestat_dir_name", params: &[I32, I32, I32], results: &[I32] },
    WasiFunc { name: "fd_pwrite", params: &[I32, I32, I32, I64, I32], results: &[I32] },
    WasiFunc { name: "fd_read", params: &[I32, I32, I32, I32], results: &[I32] },
    WasiFunc { name: "fd_readdir", params: &[I32, I32, I32, I64, I32], results: &[I32] },
    WasiFunc { name: "fd_renumber", params: &[I32, I32], results: &[I32] },
    WasiFunc { name: "fd_seek", params: &[I32, I64, I32, I32], results: &[I32] },
    WasiFunc { name: "fd_sync", params: &[I32], results: &[I32] },
    WasiFunc { name: "fd_tell", params: &[I32, I32], results: &[I32] },
    WasiFunc { name: "fd_write", params: &[I32, I32, I32, I32], results: &[I32] },
    WasiFunc { name: "path_create_directory", params: &[I32, I32, I32], results: &[I32] },
    WasiFunc { name: "path_filestat_get", params: &[I32, I32, I32, I32, I32], results: &[I32] },
    WasiFunc { name: "path_filestat_set_times", params: &[I32, I32, I32, I32, I64, I64, I32], results: &[I32] },
    WasiFunc { name: "path_link", params: &[I32, I32, I32, I32, I32, I32, I32], results: &[I32] },
    WasiFunc { name: "path_open", params: &[I32, I32, I32, I32, I32, I64, I64, I32, I32], results: &[I32] },
    WasiFunc { name: "path_readlink", params: &[I32, I32, I32, I32, I32, I32], results: &[I32] },
    WasiFunc { name: "path_remove_directory", params: &[I32, I32, I32], results: &[I32] },
    WasiFunc { name: "path_rename", params: &[I32, I32, I32, I32, I32, I32], results: &[I32] },
    WasiFunc { name: "path_symlink", params: &[I32, I32, I32, I32, I32], results: &[I32] },
    WasiFunc { name: "path_unlink_file", params: &[I32, I32, I32], results: &[I32] },
    WasiFunc { name: "poll_oneoff", params: &[I32, I32, I32, I32], results: &[I32] },
    WasiFunc { name: "proc_exit", params: &[I32], results: &[] },
    WasiFunc { name: "proc_raise", params: &[I32], results: &[I32] },
    WasiFunc { name: "sched_yield", params: &[], results: &[I32] },
    WasiFunc { name: "random_get", params: &[I32, I32], results: &[I32] },
    WasiFunc { name: "sock_accept", params: &[I32, I32, I32], results: &[I32] },
    WasiFunc { name: "sock_recv", params: &[I32, I32, I32, I32, I32, I32], results: &[I32] },
    WasiFunc { name: "sock_send", params: &[I32, I32, I32, I32, I32], results: &[I32] },
    WasiFunc { name: "sock_shutdown", params: &[I32, I32], results: &[I32] },
];

/// Looks a WASI function up by its import field name.
pub fn lookup(name: &str) -> Option<&'static WasiFunc> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// The host symbol implementing WASI function `name`.
pub fn symbol_name(name: &str) -> alloc::string::String {
    alloc::format!("{SYMBOL_PREFIX}{name}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn all_46_functions_are_listed_once() {
        assert_eq!(super::FUNCTIONS.len(), 46);
        for f in super::FUNCTIONS {
            assert_eq!(super::FUNCTIONS.iter().filter(|g| g.name == f.name).count(), 1);
        }
        assert!(super::lookup("fd_write").is_some());
        assert!(super::lookup("nope").is_none());
    }
}

/// wasi-threads: the import module of `thread-spawn`.
pub const THREADS_MODULE: &str = "wasi";

/// wasi-threads: `thread-spawn(start_arg: i32) -> i32`, a new thread's id
/// (positive) or a negative number when no thread could be started.
pub const THREAD_SPAWN: WasiFunc = WasiFunc { name: "thread-spawn", params: &[I32], results: &[I32] };

/// The runtime's host function implementing `wasi.thread-spawn`.
pub const THREAD_SPAWN_SYMBOL: &str = "wasm2native_wasi_thread_spawn";

/// The export each thread's new instance runs: `wasi_thread_start(tid: i32,
/// start_arg: i32)`.
pub const THREAD_START_EXPORT: &str = "wasi_thread_start";
