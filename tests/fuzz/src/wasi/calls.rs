//! The shim's entry points, as a table to pick from and a typed call for
//! each: what generated code does when a guest calls a WASI import.
//! (`proc_exit` is left out: it always ends the process.)

use wasm2native_abi::VMContext;

/// A wasm parameter type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `i32`.
    I32,
    /// `i64`.
    I64,
}

/// One entry point: its WASI name and its parameters (name, type).
pub struct Func {
    /// The import field name (`fd_write`).
    pub name: &'static str,
    /// Parameter names, as the shim's implementation calls them, and types.
    pub params: &'static [(&'static str, Ty)],
}

macro_rules! entry_points {
    ($($name:ident => $sym:ident($($arg:ident: $ty:ident),*);)*) => {
        /// Every entry point but `proc_exit`.
        pub const FUNCS: &[Func] = &[$(
            Func { name: stringify!($name), params: &[$((stringify!($arg), entry_points!(@ty $ty))),*] },
        )*];

        /// Calls entry point `name` with `args` (one per parameter, each
        /// truncated to its type; missing ones are 0); returns its result.
        ///
        /// # Safety
        /// `vmctx` must be a live guest context (see
        /// [`super::guest::Guest::vmctx`]).
        pub unsafe fn call(name: &str, vmctx: *mut VMContext, args: &[i64]) -> i32 {
            match name {
                $(stringify!($name) => {
                    #[allow(unused_mut, unused_variables)]
                    let mut args = args.iter().copied();
                    $(let $arg = args.next().unwrap_or(0) as $ty;)*
                    // SAFETY: the caller passes a live context; the
                    // arguments have the entry point's parameter types.
                    unsafe { wasm2native_wasi::$sym(vmctx, $($arg),*) }
                })*
                _ => panic!("no WASI entry point `{name}`"),
            }
        }
    };
    (@ty i32) => { Ty::I32 };
    (@ty i64) => { Ty::I64 };
}

entry_points! {
    args_get => wasm2native_wasi_args_get(argv: i32, argv_buf: i32);
    args_sizes_get => wasm2native_wasi_args_sizes_get(argc: i32, argv_buf_size: i32);
    environ_get => wasm2native_wasi_environ_get(environ: i32, environ_buf: i32);
    environ_sizes_get => wasm2native_wasi_environ_sizes_get(count: i32, buf_size: i32);
    clock_res_get => wasm2native_wasi_clock_res_get(id: i32, resolution: i32);
    clock_time_get => wasm2native_wasi_clock_time_get(id: i32, precision: i64, time: i32);
    fd_advise => wasm2native_wasi_fd_advise(fd: i32, offset: i64, len: i64, advice: i32);
    fd_allocate => wasm2native_wasi_fd_allocate(fd: i32, offset: i64, len: i64);
    fd_close => wasm2native_wasi_fd_close(fd: i32);
    fd_datasync => wasm2native_wasi_fd_datasync(fd: i32);
    fd_fdstat_get => wasm2native_wasi_fd_fdstat_get(fd: i32, stat: i32);
    fd_fdstat_set_flags => wasm2native_wasi_fd_fdstat_set_flags(fd: i32, flags: i32);
    fd_fdstat_set_rights => wasm2native_wasi_fd_fdstat_set_rights(fd: i32, base: i64, inheriting: i64);
    fd_filestat_get => wasm2native_wasi_fd_filestat_get(fd: i32, stat: i32);
    fd_filestat_set_size => wasm2native_wasi_fd_filestat_set_size(fd: i32, size: i64);
    fd_filestat_set_times => wasm2native_wasi_fd_filestat_set_times(fd: i32, atim: i64, mtim: i64, fst_flags: i32);
    fd_pread => wasm2native_wasi_fd_pread(fd: i32, iovs: i32, iovs_len: i32, offset: i64, nread: i32);
    fd_prestat_get => wasm2native_wasi_fd_prestat_get(fd: i32, prestat: i32);
    fd_prestat_dir_name => wasm2native_wasi_fd_prestat_dir_name(fd: i32, path: i32, path_len: i32);
    fd_pwrite => wasm2native_wasi_fd_pwrite(fd: i32, iovs: i32, iovs_len: i32, offset: i64, nwritten: i32);
    fd_read => wasm2native_wasi_fd_read(fd: i32, iovs: i32, iovs_len: i32, nread: i32);
    fd_readdir => wasm2native_wasi_fd_readdir(fd: i32, buf: i32, buf_len: i32, cookie: i64, bufused: i32);
    fd_renumber => wasm2native_wasi_fd_renumber(fd: i32, to: i32);
    fd_seek => wasm2native_wasi_fd_seek(fd: i32, offset: i64, whence: i32, newoffset: i32);
    fd_sync => wasm2native_wasi_fd_sync(fd: i32);
    fd_tell => wasm2native_wasi_fd_tell(fd: i32, offset: i32);
    fd_write => wasm2native_wasi_fd_write(fd: i32, iovs: i32, iovs_len: i32, nwritten: i32);
    path_create_directory => wasm2native_wasi_path_create_directory(fd: i32, path: i32, path_len: i32);
    path_filestat_get => wasm2native_wasi_path_filestat_get(fd: i32, flags: i32, path: i32, path_len: i32, stat: i32);
    path_filestat_set_times => wasm2native_wasi_path_filestat_set_times(fd: i32, flags: i32, path: i32, path_len: i32, atim: i64, mtim: i64, fst_flags: i32);
    path_link => wasm2native_wasi_path_link(old_fd: i32, old_flags: i32, old_path: i32, old_path_len: i32, new_fd: i32, new_path: i32, new_path_len: i32);
    path_open => wasm2native_wasi_path_open(fd: i32, dirflags: i32, path: i32, path_len: i32, oflags: i32, base: i64, inheriting: i64, fdflags: i32, opened_fd: i32);
    path_readlink => wasm2native_wasi_path_readlink(fd: i32, path: i32, path_len: i32, buf: i32, buf_len: i32, bufused: i32);
    path_remove_directory => wasm2native_wasi_path_remove_directory(fd: i32, path: i32, path_len: i32);
    path_rename => wasm2native_wasi_path_rename(fd: i32, old_path: i32, old_path_len: i32, new_fd: i32, new_path: i32, new_path_len: i32);
    path_symlink => wasm2native_wasi_path_symlink(old_path: i32, old_path_len: i32, fd: i32, new_path: i32, new_path_len: i32);
    path_unlink_file => wasm2native_wasi_path_unlink_file(fd: i32, path: i32, path_len: i32);
    poll_oneoff => wasm2native_wasi_poll_oneoff(subs: i32, events: i32, nsubscriptions: i32, nevents: i32);
    proc_raise => wasm2native_wasi_proc_raise(sig: i32);
    sched_yield => wasm2native_wasi_sched_yield();
    random_get => wasm2native_wasi_random_get(buf: i32, buf_len: i32);
    sock_accept => wasm2native_wasi_sock_accept(fd: i32, flags: i32, fd_out: i32);
    sock_recv => wasm2native_wasi_sock_recv(fd: i32, ri_data: i32, ri_data_len: i32, ri_flags: i32, ro_datalen: i32, ro_flags: i32);
    sock_send => wasm2native_wasi_sock_send(fd: i32, si_data: i32, si_data_len: i32, si_flags: i32, so_datalen: i32);
    sock_shutdown => wasm2native_wasi_sock_shutdown(fd: i32, how: i32);
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm2native_abi::meta::ValType;

    /// The table matches the ABI's list of WASI functions.
    #[test]
    fn every_function_but_proc_exit_is_listed_with_its_types() {
        let abi: Vec<_> = wasm2native_abi::wasi::FUNCTIONS
            .iter()
            .filter(|f| f.name != "proc_exit")
            .collect();
        assert_eq!(abi.len(), FUNCS.len());
        for f in abi {
            let ours = FUNCS
                .iter()
                .find(|g| g.name == f.name)
                .unwrap_or_else(|| panic!("{} missing", f.name));
            let types: Vec<ValType> = ours
                .params
                .iter()
                .map(|(_, t)| {
                    if *t == Ty::I32 {
                        ValType::I32
                    } else {
                        ValType::I64
                    }
                })
                .collect();
            assert_eq!(types.as_slice(), f.params, "{}", f.name);
        }
    }
}
