//! Calls the `extern "C"` entry points the way generated code does, with a
//! fake `VMContext` whose memory 0 is a buffer owned by the test.

use crate::exports::*;
use crate::exports::{take_ended, ENDED};
use crate::types::{fdflags, filetype, lookupflags, oflags, rights, Errno};
use crate::WasiCtx;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::Path;
use wasm2native_abi::{VMContext, VMMemory};

const MEM_SIZE: usize = 64 * 1024;
const OK: i32 = 0;

fn e(errno: Errno) -> i32 {
    i32::from(errno.0)
}

/// Asserts that a call ended the program (in a real process: a message and
/// exit status 1), with a message containing `what`.
#[track_caller]
fn assert_ended(r: i32, what: &str) {
    assert_eq!(r, ENDED, "expected the program to end: {what}");
    let msg = take_ended().expect("an ending message");
    assert!(msg.contains(what), "message {msg:?} lacks {what:?}");
}

/// A guest: linear memory, the context structures pointing at it, and the
/// WASI context. Boxed so that the raw pointers between them stay valid.
struct Guest {
    mem: Box<[u8]>,
    vmmem: Box<VMMemory>,
    mem_ptrs: Box<[*mut VMMemory; 1]>,
    vmctx: Box<VMContext>,
    cx: Box<WasiCtx>,
    /// Bump allocator for test data in guest memory.
    next: u32,
}

impl Guest {
    fn new(cx: WasiCtx) -> Guest {
        let mut g = Guest {
            mem: vec![0u8; MEM_SIZE].into_boxed_slice(),
            vmmem: Box::new(VMMemory { base: std::ptr::null_mut(), length: 0 }),
            mem_ptrs: Box::new([std::ptr::null_mut()]),
            vmctx: Box::new(VMContext {
                memories: std::ptr::null(),
                globals: std::ptr::null(),
                tables: std::ptr::null(),
                func_refs: std::ptr::null(),
                type_ids: std::ptr::null(),
                builtins: std::ptr::null(),
                stack_limit: 0,
                instance: std::ptr::null_mut(),
                host_state: std::ptr::null_mut(),
                wasi_memory: std::ptr::null_mut(),
                gc_heap: std::ptr::null_mut(),
                gc_types: std::ptr::null(),
            }),
            cx: Box::new(cx),
            next: 1024,
        };
        g.vmmem.base = g.mem.as_mut_ptr();
        g.vmmem.length = MEM_SIZE;
        g.mem_ptrs[0] = &mut *g.vmmem;
        g.vmctx.memories = g.mem_ptrs.as_ptr();
        g.vmctx.wasi_memory = &mut *g.vmmem;
        g.vmctx.host_state = (&mut *g.cx as *mut WasiCtx).cast();
        g
    }

    fn with_dir(dir: &Path) -> Guest {
        let args = vec![b"prog".to_vec(), b"arg one".to_vec()];
        let env = vec![("HOME".to_string(), "/".to_string()), ("A".to_string(), "b=c".to_string())];
        Guest::new(WasiCtx::new(args, env, vec![(dir.to_path_buf(), "/sandbox".to_string())]).unwrap())
    }

    fn vm(&mut self) -> *mut VMContext {
        &mut *self.vmctx
    }

    /// Reserves `len` bytes of guest memory (8-aligned).
    fn alloc(&mut self, len: u32) -> u32 {
        let at = self.next;
        self.next = (self.next + len + 7) & !7;
        assert!(self.next as usize <= MEM_SIZE);
        at
    }

    /// Copies `bytes` into fresh guest memory; returns (ptr, len) as i32s.
    fn bytes(&mut self, bytes: &[u8]) -> (i32, i32) {
        let at = self.alloc(bytes.len() as u32);
        self.mem[at as usize..at as usize + bytes.len()].copy_from_slice(bytes);
        (at as i32, bytes.len() as i32)
    }

    fn read(&self, at: i32, len: usize) -> &[u8] {
        &self.mem[at as usize..at as usize + len]
    }

    fn u32(&self, at: i32) -> u32 {
        u32::from_le_bytes(self.read(at, 4).try_into().unwrap())
    }

    fn u64(&self, at: i32) -> u64 {
        u64::from_le_bytes(self.read(at, 8).try_into().unwrap())
    }

    /// An iovec array of one buffer at `buf` of `len` bytes.
    fn iovec(&mut self, buf: i32, len: i32) -> i32 {
        let at = self.alloc(8) as i32;
        self.mem[at as usize..at as usize + 4].copy_from_slice(&(buf as u32).to_le_bytes());
        self.mem[at as usize + 4..at as usize + 8].copy_from_slice(&(len as u32).to_le_bytes());
        at
    }

    fn out(&mut self) -> i32 {
        self.alloc(8) as i32
    }

    // Typed wrappers over the entry points, as a guest would call them.

    fn open(&mut self, dirfd: i32, follow: bool, path: &str, of: u16, base: u64, fdf: u16) -> Result<i32, i32> {
        let (p, l) = self.bytes(path.as_bytes());
        let out = self.out();
        let lf = if follow { lookupflags::SYMLINK_FOLLOW as i32 } else { 0 };
        let vm = self.vm();
        // SAFETY: `vm` is this guest's live context.
        let r = unsafe {
            wasm2native_wasi_path_open(vm, dirfd, lf, p, l, i32::from(of), base as i64, base as i64, i32::from(fdf), out)
        };
        if r == OK {
            Ok(self.u32(out) as i32)
        } else {
            Err(r)
        }
    }

    fn write(&mut self, fd: i32, data: &[u8]) -> Result<u32, i32> {
        let (p, l) = self.bytes(data);
        let iov = self.iovec(p, l);
        let out = self.out();
        // SAFETY: live context.
        match unsafe { wasm2native_wasi_fd_write(self.vm(), fd, iov, 1, out) } {
            OK => Ok(self.u32(out)),
            r => Err(r),
        }
    }

    fn read_fd(&mut self, fd: i32, len: i32) -> Result<Vec<u8>, i32> {
        let buf = self.alloc(len as u32) as i32;
        let iov = self.iovec(buf, len);
        let out = self.out();
        // SAFETY: live context.
        match unsafe { wasm2native_wasi_fd_read(self.vm(), fd, iov, 1, out) } {
            OK => Ok(self.read(buf, self.u32(out) as usize).to_vec()),
            r => Err(r),
        }
    }

    fn seek(&mut self, fd: i32, off: i64, whence: i32) -> Result<u64, i32> {
        let out = self.out();
        // SAFETY: live context.
        match unsafe { wasm2native_wasi_fd_seek(self.vm(), fd, off, whence, out) } {
            OK => Ok(self.u64(out)),
            r => Err(r),
        }
    }

    fn fdstat(&mut self, fd: i32) -> Result<(u8, u16, u64, u64), i32> {
        let out = self.alloc(24) as i32;
        // SAFETY: live context.
        match unsafe { wasm2native_wasi_fd_fdstat_get(self.vm(), fd, out) } {
            OK => Ok((self.read(out, 1)[0], self.u32(out + 2) as u16, self.u64(out + 8), self.u64(out + 16))),
            r => Err(r),
        }
    }

    /// Calls a `(fd, path, path_len)` function.
    fn path_op(&mut self, f: unsafe extern "C" fn(*mut VMContext, i32, i32, i32) -> i32, fd: i32, path: &str) -> i32 {
        let (p, l) = self.bytes(path.as_bytes());
        // SAFETY: live context.
        unsafe { f(self.vm(), fd, p, l) }
    }

    fn stat_path(&mut self, fd: i32, follow: bool, path: &str) -> Result<(u8, u64), i32> {
        let (p, l) = self.bytes(path.as_bytes());
        let out = self.alloc(64) as i32;
        // SAFETY: live context.
        match unsafe { wasm2native_wasi_path_filestat_get(self.vm(), fd, follow as i32, p, l, out) } {
            OK => Ok((self.read(out + 16, 1)[0], self.u64(out + 32))),
            r => Err(r),
        }
    }

    /// `fd_readdir` into a buffer of `len` bytes; returns the bytes used.
    fn readdir(&mut self, fd: i32, len: u32, cookie: u64) -> Result<Vec<u8>, i32> {
        let buf = self.alloc(len) as i32;
        let out = self.out();
        // SAFETY: live context.
        match unsafe { wasm2native_wasi_fd_readdir(self.vm(), fd, buf, len as i32, cookie as i64, out) } {
            OK => Ok(self.read(buf, self.u32(out) as usize).to_vec()),
            r => Err(r),
        }
    }
}

/// Parses a readdir buffer into (d_next, d_type, name) of whole entries.
fn dirents(mut buf: &[u8]) -> Vec<(u64, u8, String)> {
    let mut out = Vec::new();
    while buf.len() >= 24 {
        let next = u64::from_le_bytes(buf[0..8].try_into().unwrap());
        let namlen = u32::from_le_bytes(buf[16..20].try_into().unwrap()) as usize;
        let ty = buf[20];
        if buf.len() < 24 + namlen {
            break;
        }
        out.push((next, ty, String::from_utf8_lossy(&buf[24..24 + namlen]).into_owned()));
        buf = &buf[24 + namlen..];
    }
    out
}

fn pipe() -> (OwnedFd, OwnedFd) {
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: both descriptors were just created and are owned by nobody else.
    unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) }
}

const RW: u64 = rights::FD_READ | rights::FD_WRITE | rights::FD_SEEK | rights::FD_TELL;

#[test]
fn args_and_environ_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let mut g = Guest::with_dir(tmp.path());
    let (count, size) = (g.out(), g.out());
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_args_sizes_get(g.vm(), count, size) }, OK);
    assert_eq!((g.u32(count), g.u32(size)), (2, 5 + 8));
    let argv = g.alloc(8) as i32;
    let buf = g.alloc(13) as i32;
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_args_get(g.vm(), argv, buf) }, OK);
    assert_eq!(g.u32(argv), buf as u32);
    assert_eq!(g.u32(argv + 4), buf as u32 + 5);
    assert_eq!(g.read(buf, 13), b"prog\0arg one\0");

    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_environ_sizes_get(g.vm(), count, size) }, OK);
    assert_eq!((g.u32(count), g.u32(size)), (2, 7 + 6));
    let environ = g.alloc(8) as i32;
    let ebuf = g.alloc(13) as i32;
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_environ_get(g.vm(), environ, ebuf) }, OK);
    assert_eq!(g.read(ebuf, 13), b"HOME=/\0A=b=c\0");
    assert_eq!(g.u32(environ + 4), ebuf as u32 + 7);

    // A buffer reaching past the end ends the program at the first write
    // that misses (after "prog\0" was stored), as under wasmtime.
    // SAFETY: live context.
    assert_ended(unsafe { wasm2native_wasi_args_get(g.vm(), argv, MEM_SIZE as i32 - 6) }, "out of bounds");
    assert_eq!(&g.mem[MEM_SIZE - 6..MEM_SIZE - 1], b"prog\0");
    // SAFETY: live context.
    assert_ended(unsafe { wasm2native_wasi_args_sizes_get(g.vm(), count, -1) }, "out of bounds");
    // SAFETY: live context.
    assert_ended(unsafe { wasm2native_wasi_args_sizes_get(g.vm(), count + 1, size) }, "not aligned to 4");
}

#[test]
fn stdio_reads_and_writes_go_to_the_host_descriptors() {
    let (out_r, out_w) = pipe();
    let (in_r, in_w) = pipe();
    let mut g = Guest::new(WasiCtx::stdio_only());
    g.cx.set_stdio(1, out_w.as_raw_fd());
    g.cx.set_stdio(0, in_r.as_raw_fd());

    assert_eq!(g.write(1, b"hello, pipe"), Ok(11));
    let mut buf = [0u8; 32];
    // SAFETY: reading into a local buffer.
    let n = unsafe { libc::read(out_r.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
    assert_eq!(&buf[..n as usize], b"hello, pipe");

    // Vectored: only the first non-empty buffer is written (as wasmtime).
    let (z, _) = g.bytes(b"");
    let (a, al) = g.bytes(b"ab");
    let (b, bl) = g.bytes(b"cde");
    let iovs = g.iovec(z, 0);
    g.iovec(a, al); // allocated right after the first
    g.iovec(b, bl);
    let nw = g.out();
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_fd_write(g.vm(), 1, iovs, 3, nw) }, OK);
    assert_eq!(g.u32(nw), 2);
    // SAFETY: reading into a local buffer.
    let n = unsafe { libc::read(out_r.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
    assert_eq!(&buf[..n as usize], b"ab");

    // SAFETY: writing a local buffer.
    unsafe { libc::write(in_w.as_raw_fd(), b"input".as_ptr().cast(), 5) };
    assert_eq!(g.read_fd(0, 16), Ok(b"input".to_vec()));

    // Streams: no seeking, no positional I/O; wrong direction is EBADF.
    assert_eq!(g.seek(0, 0, 0), Err(e(Errno::SPIPE)));
    assert_eq!(g.read_fd(1, 4), Err(e(Errno::BADF)));
    assert_eq!(g.write(0, b"x"), Err(e(Errno::BADF)));
    let (p, l) = g.bytes(b"x");
    let iov = g.iovec(p, l);
    let out = g.out();
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_fd_pwrite(g.vm(), 1, iov, 1, 0, out) }, e(Errno::SPIPE));
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_fd_pread(g.vm(), 0, iov, 1, 0, out) }, e(Errno::SPIPE));
    // stdio rights as wasmtime reports them; a pipe is of unknown type.
    assert_eq!(g.fdstat(0), Ok((filetype::UNKNOWN, 0, rights::FD_READ, rights::FD_READ)));
    assert_eq!(g.fdstat(2), Ok((filetype::UNKNOWN, 0, rights::FD_WRITE, rights::FD_WRITE)));

    // A reader that went away: EIO (as wasmtime), not death by SIGPIPE.
    let (dead_r, dead_w) = pipe();
    drop(dead_r);
    g.cx.set_stdio(2, dead_w.as_raw_fd());
    assert_eq!(g.write(2, b"x"), Err(e(Errno::IO)));

    // Closing stdout removes it from the guest only.
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_fd_close(g.vm(), 1) }, OK);
    assert_eq!(g.write(1, b"x"), Err(e(Errno::BADF)));
    // SAFETY: fcntl only inspects the descriptor.
    assert!(unsafe { libc::fcntl(out_w.as_raw_fd(), libc::F_GETFD) } >= 0);
}

#[test]
fn files_create_write_seek_read_tell() {
    let tmp = tempfile::tempdir().unwrap();
    let mut g = Guest::with_dir(tmp.path());
    let fd = g.open(3, false, "f.txt", oflags::CREAT | oflags::TRUNC, RW, 0).unwrap();
    assert_eq!(fd, 4);
    assert_eq!(g.write(fd, b"hello world"), Ok(11));
    assert_eq!(std::fs::read(tmp.path().join("f.txt")).unwrap(), b"hello world");
    assert_eq!(g.seek(fd, 6, 0), Ok(6));
    assert_eq!(g.read_fd(fd, 100), Ok(b"world".to_vec()));
    let out = g.out();
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_fd_tell(g.vm(), fd, out) }, OK);
    assert_eq!(g.u64(out), 11);
    assert_eq!(g.seek(fd, -3, 2), Ok(8));
    assert_eq!(g.seek(fd, -100, 1), Err(e(Errno::INVAL)));
    assert_ended(g.seek(fd, 0, 7).unwrap_err(), "invalid enum value Whence");
    // The offset is the shim's: any u64 is fine until used.
    assert_eq!(g.seek(fd, i64::MAX, 0), Ok(i64::MAX as u64));
    assert_eq!(g.seek(fd, i64::MAX, 1), Ok(u64::MAX - 1));
    assert_eq!(g.read_fd(fd, 4), Err(e(Errno::INVAL)));
    assert_eq!(g.seek(fd, 8, 0), Ok(8));

    // pread/pwrite leave the offset alone.
    let buf = g.alloc(5) as i32;
    let iov = g.iovec(buf, 5);
    let n = g.out();
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_fd_pread(g.vm(), fd, iov, 1, 0, n) }, OK);
    assert_eq!(g.read(buf, g.u32(n) as usize), b"hello");
    assert_eq!(g.seek(fd, 0, 1), Ok(8));

    // Flags given at open are reported back.
    let a = g.open(3, false, "f.txt", 0, RW, fdflags::APPEND | fdflags::NONBLOCK).unwrap();
    assert_eq!(g.fdstat(a).map(|s| s.1), Ok(fdflags::APPEND | fdflags::NONBLOCK));

    // fdstat: a regular file with all rights (wasmtime's report).
    assert_eq!(g.fdstat(fd), Ok((filetype::REGULAR_FILE, 0, rights::ALL, rights::ALL)));
    // Append mode through set_flags, reported back, honoured by writes.
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_fd_fdstat_set_flags(g.vm(), fd, fdflags::APPEND as i32) }, OK);
    assert_eq!(g.fdstat(fd).map(|s| s.1), Ok(fdflags::APPEND));
    g.seek(fd, 0, 0).unwrap();
    g.write(fd, b"!").unwrap();
    assert_eq!(std::fs::read(tmp.path().join("f.txt")).unwrap(), b"hello world!");
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_fd_fdstat_set_flags(g.vm(), fd, fdflags::SYNC as i32) }, e(Errno::INVAL));

    // Size and times.
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_fd_filestat_set_size(g.vm(), fd, 5) }, OK);
    let st = g.alloc(64) as i32;
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_fd_filestat_get(g.vm(), fd, st) }, OK);
    assert_eq!((g.read(st + 16, 1)[0], g.u64(st + 32)), (filetype::REGULAR_FILE, 5));
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_fd_filestat_set_times(g.vm(), fd, 1_000_000_000, 2_000_000_007, 0b0101) }, OK);
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_fd_filestat_get(g.vm(), fd, st) }, OK);
    assert_eq!((g.u64(st + 40), g.u64(st + 48)), (1_000_000_000, 2_000_000_007));
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_fd_filestat_set_times(g.vm(), fd, 0, 0, 0b0011) }, e(Errno::INVAL));

    // Sync, advise, allocate (ENOTSUP, as wasmtime).
    // SAFETY: live context (all three).
    unsafe {
        assert_eq!(wasm2native_wasi_fd_sync(g.vm(), fd), OK);
        assert_eq!(wasm2native_wasi_fd_datasync(g.vm(), fd), OK);
        assert_eq!(wasm2native_wasi_fd_advise(g.vm(), fd, 0, 10, 2), OK);
        assert_ended(wasm2native_wasi_fd_advise(g.vm(), fd, 0, 10, 9), "invalid enum value Advice");
        assert_eq!(wasm2native_wasi_fd_allocate(g.vm(), fd, 0, 10), e(Errno::NOTSUP));
        assert_eq!(wasm2native_wasi_fd_sync(g.vm(), 3), e(Errno::BADF));
        assert_eq!(wasm2native_wasi_fd_close(g.vm(), fd), OK);
        assert_eq!(wasm2native_wasi_fd_close(g.vm(), fd), e(Errno::BADF));
    }
}

#[test]
fn open_modes_and_rights() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("f"), b"data").unwrap();
    let mut g = Guest::with_dir(tmp.path());

    // Preopen: wasmtime's hard-coded rights; prestat names it.
    assert_eq!(g.fdstat(3), Ok((filetype::DIRECTORY, 0, rights::PREOPEN_BASE, rights::PREOPEN_INHERITING)));
    let ps = g.out();
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_fd_prestat_get(g.vm(), 3, ps) }, OK);
    assert_eq!((g.read(ps, 1)[0], g.u32(ps + 4)), (0, 8));
    let name = g.alloc(8) as i32;
    // SAFETY: live context (all four).
    unsafe {
        assert_eq!(wasm2native_wasi_fd_prestat_dir_name(g.vm(), 3, name, 8), OK);
        assert_eq!(wasm2native_wasi_fd_prestat_dir_name(g.vm(), 3, name, 7), e(Errno::NAMETOOLONG));
        assert_eq!(wasm2native_wasi_fd_prestat_dir_name(g.vm(), 1, name, 8), e(Errno::NOTDIR));
        assert_eq!(wasm2native_wasi_fd_prestat_get(g.vm(), 1, ps), e(Errno::BADF));
    }
    assert_eq!(g.read(name, 8), b"/sandbox");

    // Read-only: writing is EBADF; fdstat lacks FD_WRITE.
    let ro = g.open(3, false, "f", 0, rights::FD_READ, 0).unwrap();
    assert_eq!(g.write(ro, b"x"), Err(e(Errno::BADF)));
    assert_eq!(g.fdstat(ro).map(|s| s.2), Ok(rights::ALL & !rights::FD_WRITE));
    assert_eq!(g.read_fd(ro, 10), Ok(b"data".to_vec()));
    // Write-only: reading is EBADF.
    let wo = g.open(3, false, "f", 0, rights::FD_WRITE, 0).unwrap();
    assert_eq!(g.read_fd(wo, 10), Err(e(Errno::BADF)));
    assert_eq!(g.fdstat(wo).map(|s| s.2), Ok(rights::ALL & !(rights::FD_READ | rights::FD_READDIR)));

    // Rights cannot be changed (ENOTSUP, as wasmtime 49; EBADF for stdio).
    // SAFETY: live context (all three).
    unsafe {
        assert_eq!(wasm2native_wasi_fd_fdstat_set_rights(g.vm(), ro, rights::FD_READ as i64, 0), e(Errno::NOTSUP));
        assert_eq!(wasm2native_wasi_fd_fdstat_set_rights(g.vm(), 3, 0, 0), e(Errno::NOTSUP));
        assert_eq!(wasm2native_wasi_fd_fdstat_set_rights(g.vm(), 1, 0, 0), e(Errno::BADF));
    }
    // Neither read nor write asked for: opened for reading.
    let none = g.open(3, false, "f", 0, 0, 0).unwrap();
    assert_eq!(g.read_fd(none, 10), Ok(b"data".to_vec()));
    // Creating implies writing.
    let c = g.open(3, false, "new", oflags::CREAT, rights::FD_READ, 0).unwrap();
    assert_eq!(g.fdstat(c).map(|s| s.2), Ok(rights::ALL));

    // Flag errors, in wasmtime's choices.
    assert_eq!(g.open(3, false, "f", oflags::CREAT | oflags::EXCL, RW, 0), Err(e(Errno::EXIST)));
    assert_eq!(g.open(3, false, "d", oflags::DIRECTORY | oflags::CREAT, RW, 0), Err(e(Errno::INVAL)));
    assert_eq!(g.open(3, false, "f", oflags::DIRECTORY, RW, 0), Err(e(Errno::NOTDIR)));
    assert_eq!(g.open(3, false, "f/", 0, RW, 0), Err(e(Errno::NOTDIR)));
    assert_eq!(g.open(3, false, "f", 0, RW, fdflags::SYNC), Err(e(Errno::NOTSUP)));
    assert_ended(g.open(3, false, "f", 0x10, RW, 0).unwrap_err(), "invalid flag value Oflags");
    assert_ended(g.open(3, false, "f", 0, u64::MAX, 0).unwrap_err(), "int conversion error");
    assert_ended(g.open(3, false, "f", 0, 1 << 30, 0).unwrap_err(), "invalid flag value Rights");
    assert_eq!(g.open(3, false, "nope", 0, RW, 0), Err(e(Errno::NOENT)));
    assert_eq!(g.open(ro, false, "f", 0, RW, 0), Err(e(Errno::NOTDIR)));
    assert_eq!(g.open(1, false, "f", 0, RW, 0), Err(e(Errno::BADF)));
    assert_eq!(g.open(3, false, ".", 0, RW, 0), Err(e(Errno::ISDIR)));
    // A directory opened for reading reports wasmtime's directory rights.
    let d = g.open(3, false, ".", 0, rights::FD_READ, 0).unwrap();
    let dir_rights = rights::ALL
        & !(rights::FD_SEEK | rights::FD_FILESTAT_SET_SIZE | rights::PATH_FILESTAT_SET_SIZE | rights::FD_WRITE);
    assert_eq!(g.fdstat(d), Ok((filetype::DIRECTORY, 0, dir_rights, dir_rights)));
    assert_eq!(g.read_fd(d, 4), Err(e(Errno::BADF)));
    assert_eq!(g.seek(d, 0, 0), Err(e(Errno::BADF)));
    // Invalid UTF-8 in a path.
    let (p, l) = g.bytes(b"\xff\xfe");
    let out = g.out();
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_path_open(g.vm(), 3, 0, p, l, 0, 0, 0, 0, out) }, e(Errno::ILSEQ));
}

/// A large directory read in small steps, as `readdir` does: every entry
/// once, from one listing (taken at cookie 0, so it costs one listing, not
/// one per call); a new listing at cookie 0 sees a file made since.
#[test]
fn readdir_continues_its_listing_and_cookie_zero_relists() {
    let tmp = tempfile::tempdir().unwrap();
    for i in 0..500 {
        std::fs::write(tmp.path().join(format!("f{i:03}")), b"").unwrap();
    }
    let mut g = Guest::with_dir(tmp.path());
    let read_all = |g: &mut Guest| {
        let (mut names, mut cookie) = (Vec::new(), 0);
        loop {
            let buf = g.readdir(3, 256, cookie).unwrap();
            let entries = dirents(&buf);
            let Some(&(next, ..)) = entries.last() else { break };
            names.extend(entries.into_iter().map(|(_, _, n)| n));
            cookie = next;
            if buf.len() < 256 {
                break;
            }
        }
        names
    };
    let mut names = read_all(&mut g);
    assert_eq!(names.len(), 502, "{names:?}");
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 502, "an entry twice");
    std::fs::write(tmp.path().join("late"), b"").unwrap();
    assert!(read_all(&mut g).contains(&"late".to_string()));
}

#[test]
fn directories_and_readdir() {
    let tmp = tempfile::tempdir().unwrap();
    let mut g = Guest::with_dir(tmp.path());
    assert_eq!(g.path_op(wasm2native_wasi_path_create_directory, 3, "d"), OK);
    assert_eq!(g.path_op(wasm2native_wasi_path_create_directory, 3, "d"), e(Errno::EXIST));
    let f = g.open(3, false, "d/file", oflags::CREAT, RW, 0).unwrap();
    g.write(f, b"12345").unwrap();
    assert_eq!(g.stat_path(3, false, "d/file"), Ok((filetype::REGULAR_FILE, 5)));
    assert_eq!(g.stat_path(3, true, "d"), Ok((filetype::DIRECTORY, g.stat_path(3, true, "d").unwrap().1)));

    let d = g.open(3, false, "d", oflags::DIRECTORY, rights::FD_READ | rights::FD_READDIR, 0).unwrap();
    let all = g.readdir(d, 1024, 0).unwrap();
    assert_eq!(
        dirents(&all),
        vec![
            (1, filetype::DIRECTORY, ".".to_string()),
            (2, filetype::DIRECTORY, "..".to_string()),
            (3, filetype::REGULAR_FILE, "file".to_string()),
        ]
    );
    assert_eq!(all.len(), 3 * 24 + 1 + 2 + 4);
    // Resuming from a cookie, and past the end.
    assert_eq!(dirents(&g.readdir(d, 1024, 2).unwrap()), vec![(3, filetype::REGULAR_FILE, "file".into())]);
    assert_eq!(g.readdir(d, 1024, 3), Ok(vec![]));
    // A small buffer is filled completely, entries cut off (a full buffer
    // tells the guest there may be more).
    let part = g.readdir(d, 30, 0).unwrap();
    assert_eq!(part.len(), 30);
    assert_eq!(part[..], all[..30]);
    assert_eq!(g.readdir(d, 0, 0), Ok(vec![]));
    // Not a directory.
    assert_eq!(g.readdir(f, 100, 0), Err(e(Errno::BADF)));
    // `d_ino` is the hash of the host's device and inode numbers, as the
    // `ino` of a stat of the same file.
    let ino = u64::from_le_bytes(all[2 * 24 + 3 + 8..2 * 24 + 3 + 16].try_into().unwrap());
    let st = g.alloc(64) as i32;
    let (fp, fl) = g.bytes(b"d/file");
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_path_filestat_get(g.vm(), 3, 0, fp, fl, st) }, OK);
    assert_eq!((g.u64(st), g.u64(st + 8)), (1, ino));

    // Removal rules.
    assert_eq!(g.path_op(wasm2native_wasi_path_unlink_file, 3, "d"), e(Errno::ISDIR));
    assert_eq!(g.path_op(wasm2native_wasi_path_remove_directory, 3, "d"), e(Errno::NOTEMPTY));
    assert_eq!(g.path_op(wasm2native_wasi_path_remove_directory, 3, "d/file"), e(Errno::NOTDIR));
    assert_eq!(g.path_op(wasm2native_wasi_path_unlink_file, 3, "d/file"), OK);
    assert_eq!(g.path_op(wasm2native_wasi_path_unlink_file, 3, "d/file"), e(Errno::NOENT));
    assert_eq!(g.path_op(wasm2native_wasi_path_remove_directory, 3, "d"), OK);
    assert!(!tmp.path().join("d").exists());
}

#[test]
fn links_renames_and_symlinks() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("f"), b"data").unwrap();
    let mut g = Guest::with_dir(tmp.path());
    let (f, fl) = g.bytes(b"f");
    let (h, hl) = g.bytes(b"hard");
    let (s, sl) = g.bytes(b"soft");
    let (r, rl) = g.bytes(b"renamed");
    // SAFETY: live context (all calls in the block).
    unsafe {
        assert_eq!(wasm2native_wasi_path_link(g.vm(), 3, 1, f, fl, 3, h, hl), e(Errno::INVAL));
        assert_eq!(wasm2native_wasi_path_link(g.vm(), 3, 0, f, fl, 3, h, hl), OK);
        assert_eq!(wasm2native_wasi_path_symlink(g.vm(), f, fl, 3, s, sl), OK);
        assert_eq!(wasm2native_wasi_path_rename(g.vm(), 3, h, hl, 3, r, rl), OK);
    }
    assert_eq!(std::fs::read(tmp.path().join("renamed")).unwrap(), b"data");
    assert_eq!(g.stat_path(3, false, "soft").map(|s| s.0), Ok(filetype::SYMBOLIC_LINK));
    assert_eq!(g.stat_path(3, true, "soft"), Ok((filetype::REGULAR_FILE, 4)));

    // readlink, whole and truncated; not a link is EINVAL.
    let buf = g.alloc(16) as i32;
    let used = g.out();
    // SAFETY: live context (all calls in the block).
    unsafe {
        assert_eq!(wasm2native_wasi_path_readlink(g.vm(), 3, s, sl, buf, 16, used), OK);
        assert_eq!((g.u32(used), g.read(buf, 1)), (1, &b"f"[..]));
        assert_eq!(wasm2native_wasi_path_readlink(g.vm(), 3, s, sl, buf, 0, used), OK);
        assert_eq!(g.u32(used), 0);
        assert_eq!(wasm2native_wasi_path_readlink(g.vm(), 3, f, fl, buf, 16, used), e(Errno::INVAL));
    }

    // Times through a path, following or not.
    let (p, l) = g.bytes(b"soft");
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_path_filestat_set_times(g.vm(), 3, 1, p, l, 5_000_000_000, 0, 0b0001) }, OK);
    use std::os::unix::fs::MetadataExt;
    assert_eq!(std::fs::metadata(tmp.path().join("f")).unwrap().atime(), 5);
}

#[test]
fn sandbox_escapes_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret"), b"secret").unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let inside = tmp.path().join("box");
    std::fs::create_dir(&inside).unwrap();
    std::fs::create_dir(inside.join("sub")).unwrap();
    // Host-made symlinks the guest could try to use.
    std::os::unix::fs::symlink(outside.path().join("secret"), inside.join("abs")).unwrap();
    std::os::unix::fs::symlink("../../x/secret", inside.join("rel")).unwrap();
    std::os::unix::fs::symlink("loop", inside.join("loop")).unwrap();
    std::os::unix::fs::symlink("nothing", inside.join("dangling")).unwrap();
    std::os::unix::fs::symlink("..", inside.join("sub/up")).unwrap();
    let mut g = Guest::with_dir(&inside);

    let secret = outside.path().join("secret");
    let secret = secret.to_str().unwrap();
    for path in ["..", "../x", "sub/../..", "/etc/passwd", secret] {
        assert_eq!(g.open(3, true, path, 0, RW, 0), Err(e(Errno::PERM)), "{path}");
    }
    assert_eq!(g.open(3, true, "abs", 0, RW, 0), Err(e(Errno::PERM)));
    assert_eq!(g.open(3, true, "rel", 0, RW, 0), Err(e(Errno::PERM)));
    assert_eq!(g.open(3, true, "sub/up/..", 0, rights::FD_READ, 0), Err(e(Errno::PERM)));
    assert_eq!(g.open(3, true, "loop", 0, RW, 0), Err(e(Errno::LOOP)));
    assert_eq!(g.open(3, false, "abs", 0, RW, 0), Err(e(Errno::LOOP)));
    // Creating through a dangling link without following: refused.
    assert_eq!(g.open(3, false, "dangling", oflags::CREAT, RW, 0), Err(e(Errno::LOOP)));
    assert_eq!(g.stat_path(3, true, "abs"), Err(e(Errno::PERM)));
    assert_eq!(g.stat_path(3, false, "abs").map(|s| s.0), Ok(filetype::SYMBOLIC_LINK));
    // Following a link inside is fine.
    assert!(g.open(3, true, "sub/up/sub", oflags::DIRECTORY, rights::FD_READ, 0).is_ok());

    // Every path function refuses to leave.
    assert_eq!(g.path_op(wasm2native_wasi_path_create_directory, 3, "../mkd"), e(Errno::PERM));
    assert_eq!(g.path_op(wasm2native_wasi_path_create_directory, 3, "/tmp/mkd"), e(Errno::PERM));
    assert_eq!(g.path_op(wasm2native_wasi_path_unlink_file, 3, secret), e(Errno::PERM));
    assert_eq!(g.path_op(wasm2native_wasi_path_remove_directory, 3, ".."), e(Errno::PERM));
    let (a, al) = g.bytes(b"/etc/passwd");
    let (l, ll) = g.bytes(b"newlink");
    let (up, upl) = g.bytes(b"../stolen");
    let (rl, rll) = g.bytes(b"rel");
    let buf = g.alloc(64) as i32;
    let used = g.out();
    // SAFETY: live context (all calls in the block).
    unsafe {
        assert_eq!(wasm2native_wasi_path_symlink(g.vm(), a, al, 3, l, ll), e(Errno::PERM));
        assert_eq!(wasm2native_wasi_path_rename(g.vm(), 3, rl, rll, 3, up, upl), e(Errno::PERM));
        assert_eq!(wasm2native_wasi_path_link(g.vm(), 3, 0, rl, rll, 3, up, upl), e(Errno::PERM));
        // Absolute link targets are not revealed.
        let (abs, absl) = g.bytes(b"abs");
        assert_eq!(wasm2native_wasi_path_readlink(g.vm(), 3, abs, absl, buf, 64, used), e(Errno::PERM));
    }
    assert!(!tmp.path().join("stolen").exists());
    assert!(!tmp.path().join("mkd").exists());
    assert_eq!(std::fs::read(outside.path().join("secret")).unwrap(), b"secret");
}

#[test]
fn guest_pointers_are_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let mut g = Guest::with_dir(tmp.path());
    let end = MEM_SIZE as i32;
    let (p, l) = g.bytes(b"data");
    let good_iov = g.iovec(p, l);
    let bad_iov = g.iovec(end - 2, 4);
    let wrap_iov = g.iovec(-1, 2);
    let out = g.out();
    let oob = "out of bounds";
    // SAFETY: live context (all calls in the block).
    unsafe {
        // iovec arrays and the buffers they point to.
        assert_ended(wasm2native_wasi_fd_write(g.vm(), 1, end - 4, 1, out), oob);
        assert_ended(wasm2native_wasi_fd_write(g.vm(), 1, good_iov + 2, 1, out), "not aligned to 4");
        assert_ended(wasm2native_wasi_fd_write(g.vm(), 1, bad_iov, 1, out), oob);
        assert_ended(wasm2native_wasi_fd_write(g.vm(), 1, wrap_iov, 1, out), oob);
        // Over the call's budget: ENOMEM before anything is read.
        assert_eq!(wasm2native_wasi_fd_write(g.vm(), 1, good_iov, i32::MAX, out), e(Errno::NOMEM));
        // A bad descriptor is found before the buffer is looked at.
        assert_eq!(wasm2native_wasi_fd_write(g.vm(), 9, bad_iov, 1, out), e(Errno::BADF));
        // Result pointers.
        assert_ended(wasm2native_wasi_fd_fdstat_get(g.vm(), 3, end - 8), oob);
        assert_ended(wasm2native_wasi_fd_filestat_get(g.vm(), 3, -1), oob);
        assert_ended(wasm2native_wasi_clock_time_get(g.vm(), 1, 0, end - 7), oob);
        assert_ended(wasm2native_wasi_clock_time_get(g.vm(), 1, 0, out + 4), "not aligned to 8");
        assert_ended(wasm2native_wasi_random_get(g.vm(), end - 10, 11), oob);
        assert_ended(wasm2native_wasi_random_get(g.vm(), 0, (64 << 20) + 1), "exceeds limit");
        assert_eq!(wasm2native_wasi_random_get(g.vm(), end + 10, 0), OK);
        assert_ended(wasm2native_wasi_args_get(g.vm(), end, 0), oob);
        assert_ended(wasm2native_wasi_fd_prestat_dir_name(g.vm(), 3, end - 2, 8), oob);
        // Strings.
        assert_ended(wasm2native_wasi_path_create_directory(g.vm(), 3, end - 2, 4), oob);
        assert_ended(wasm2native_wasi_path_create_directory(g.vm(), 3, -4, 8), oob);
        assert_ended(wasm2native_wasi_poll_oneoff(g.vm(), end - 40, out, 1, out), oob);
        // readdir checks only what it writes.
        assert_ended(wasm2native_wasi_fd_readdir(g.vm(), 3, end - 10, 100, 0, out), oob);
        assert_eq!(wasm2native_wasi_fd_readdir(g.vm(), 3, end - 100, i32::MAX, 0, out), OK);
        // A result pointer out of bounds ends the program after the call
        // had its effect, as under wasmtime.
        let (n, nl) = g.bytes(b"new");
        assert_ended(wasm2native_wasi_path_open(g.vm(), 3, 0, n, nl, 1, RW as i64, 0, 0, end), oob);
    }
    assert!(tmp.path().join("new").exists());

    // Memory grows: the new length is seen on the next call.
    g.vmmem.length = 1024;
    assert_ended(g.fdstat(3).unwrap_err(), oob);
    g.vmmem.length = MEM_SIZE;
    assert!(g.fdstat(3).is_ok());

    // A module without memory (the runtime publishes a null array): every
    // call ends the program, as in wasmtime.
    g.vmctx.wasi_memory = std::ptr::null_mut();
    // SAFETY: live context.
    assert_ended(unsafe { wasm2native_wasi_sched_yield(g.vm()) }, "missing required memory export");
}

#[test]
fn bad_descriptors() {
    let tmp = tempfile::tempdir().unwrap();
    let mut g = Guest::with_dir(tmp.path());
    let badf = e(Errno::BADF);
    let out = g.out();
    for fd in [-1, 5, 1000] {
        assert_eq!(g.write(fd, b"x"), Err(badf));
        assert_eq!(g.fdstat(fd), Err(badf));
        assert_eq!(g.open(fd, false, "x", 0, RW, 0), Err(badf));
        // SAFETY: live context (all calls in the block).
        unsafe {
            assert_eq!(wasm2native_wasi_fd_close(g.vm(), fd), badf);
            assert_eq!(wasm2native_wasi_fd_renumber(g.vm(), fd, 3), badf);
            assert_eq!(wasm2native_wasi_fd_renumber(g.vm(), 3, fd), badf);
            assert_eq!(wasm2native_wasi_sock_accept(g.vm(), fd, 0, out), badf);
            assert_eq!(wasm2native_wasi_fd_prestat_get(g.vm(), fd, out), badf);
            assert_eq!(wasm2native_wasi_fd_tell(g.vm(), fd, out), badf);
        }
    }
    // Sockets: none exist; an open descriptor is ENOTSOCK (as wasmtime).
    // SAFETY: live context (all calls in the block).
    unsafe {
        assert_eq!(wasm2native_wasi_sock_accept(g.vm(), 1, 0, out), e(Errno::NOTSOCK));
        assert_eq!(wasm2native_wasi_sock_shutdown(g.vm(), 3, 1), e(Errno::NOTSOCK));
        assert_eq!(wasm2native_wasi_sock_send(g.vm(), 1, 0, 0, 0, out), e(Errno::NOTSOCK));
        assert_eq!(wasm2native_wasi_sock_recv(g.vm(), 0, 0, 0, 0, out, out), e(Errno::NOTSOCK));
        assert_eq!(wasm2native_wasi_proc_raise(g.vm(), 2), e(Errno::NOTSUP));
        assert_eq!(wasm2native_wasi_sched_yield(g.vm()), OK);
    }
}

#[test]
fn renumber_over_a_preopen() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("f"), b"data").unwrap();
    let mut g = Guest::with_dir(tmp.path());
    let f = g.open(3, false, "f", 0, RW, 0).unwrap();
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_fd_renumber(g.vm(), f, 3) }, OK);
    // fd 3 is now the file; the preopen is gone, and so is the old number.
    assert_eq!(g.read_fd(3, 10), Ok(b"data".to_vec()));
    let ps = g.out();
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_fd_prestat_get(g.vm(), 3, ps) }, e(Errno::BADF));
    assert_eq!(g.open(3, false, "f", 0, RW, 0), Err(e(Errno::NOTDIR)));
    assert_eq!(g.fdstat(f), Err(e(Errno::BADF)));
    // The freed number is reused first, as in wasmtime.
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_fd_renumber(g.vm(), 3, 3) }, OK);
}

#[test]
fn clocks_random_and_poll() {
    let mut g = Guest::new(WasiCtx::stdio_only());
    let out = g.out();
    // SAFETY: live context (all calls in the block).
    unsafe {
        for id in 0..2 {
            assert_eq!(wasm2native_wasi_clock_time_get(g.vm(), id, 0, out), OK);
            assert_eq!(wasm2native_wasi_clock_res_get(g.vm(), id, out), OK);
            assert!(g.u64(out) > 0);
        }
        // The CPU-time clocks are EBADF, as in wasmtime 49.
        assert_eq!(wasm2native_wasi_clock_time_get(g.vm(), 2, 0, out), e(Errno::BADF));
        assert_eq!(wasm2native_wasi_clock_res_get(g.vm(), 3, out), e(Errno::BADF));
        assert_ended(wasm2native_wasi_clock_time_get(g.vm(), 4, 0, out), "invalid enum value Clockid");
        let buf = g.alloc(64) as i32;
        assert_eq!(wasm2native_wasi_random_get(g.vm(), buf, 64), OK);
        assert_ne!(g.read(buf, 64), &[0u8; 64][..]);
    }

    // poll_oneoff: subscription = userdata, tag, then the union at 16.
    fn clock_sub(g: &mut Guest, userdata: u64, id: u32, timeout: u64, abs: bool) -> i32 {
        let at = g.alloc(48) as usize;
        g.mem[at..at + 8].copy_from_slice(&userdata.to_le_bytes());
        g.mem[at + 8] = 0;
        g.mem[at + 16..at + 20].copy_from_slice(&id.to_le_bytes());
        g.mem[at + 24..at + 32].copy_from_slice(&timeout.to_le_bytes());
        g.mem[at + 40..at + 42].copy_from_slice(&(abs as u16).to_le_bytes());
        at as i32
    }
    fn fd_sub(g: &mut Guest, userdata: u64, tag: u8, fd: u32) -> i32 {
        let at = g.alloc(48) as usize;
        g.mem[at..at + 8].copy_from_slice(&userdata.to_le_bytes());
        g.mem[at + 8] = tag;
        g.mem[at + 16..at + 20].copy_from_slice(&fd.to_le_bytes());
        at as i32
    }
    let events = g.alloc(32 * 4) as i32;
    let n = g.out();

    // A lone relative clock sleeps.
    let s = clock_sub(&mut g, 7, 1, 2_000_000, false);
    let t0 = std::time::Instant::now();
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_poll_oneoff(g.vm(), s, events, 1, n) }, OK);
    assert!(t0.elapsed() >= std::time::Duration::from_millis(2));
    assert_eq!((g.u32(n), g.u64(events), g.read(events + 8, 3)), (1, 7, &[0u8, 0, 0][..]));
    assert_eq!(g.u64(events + 16), 1);

    // Stdin as a pipe: not ready, so the clock fires; with data, it is ready.
    let (in_r, in_w) = pipe();
    g.cx.set_stdio(0, in_r.as_raw_fd());
    let subs = fd_sub(&mut g, 1, 1, 0);
    clock_sub(&mut g, 2, 1, 1_000_000, false); // right after: subs[1]
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_poll_oneoff(g.vm(), subs, events, 2, n) }, OK);
    assert_eq!((g.u32(n), g.u64(events), g.read(events + 10, 1)[0]), (1, 2, 0));
    // SAFETY: writing a local buffer.
    unsafe { libc::write(in_w.as_raw_fd(), b"abc".as_ptr().cast(), 3) };
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_poll_oneoff(g.vm(), subs, events, 2, n) }, OK);
    assert_eq!((g.u32(n), g.u64(events), g.read(events + 10, 1)[0], g.u64(events + 16)), (1, 1, 1, 1));
    // Writer gone and data drained: readable (a read returns end of file).
    drop(in_w);
    assert_eq!(g.read_fd(0, 10), Ok(b"abc".to_vec()));
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_poll_oneoff(g.vm(), subs, events, 2, n) }, OK);
    assert_eq!((g.u64(events), g.u64(events + 16)), (1, 1));
    assert_eq!(g.read_fd(0, 10), Ok(vec![]));

    // An absolute realtime deadline in the past is ready at once.
    let past = clock_sub(&mut g, 9, 0, 1, true);
    fd_sub(&mut g, 10, 2, 1);
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_poll_oneoff(g.vm(), past, events, 2, n) }, OK);
    assert!(g.u32(n) >= 1);
    assert_eq!(g.u64(events), 9);

    // Errors: none, a bad descriptor, a directory-kind mismatch, bad tag.
    let bad = fd_sub(&mut g, 1, 1, 99);
    let wrong = fd_sub(&mut g, 1, 1, 1); // stdout for reading
    let badtag = fd_sub(&mut g, 1, 3, 0);
    let cpu = clock_sub(&mut g, 1, 2, 1, true);
    let bad_clock = clock_sub(&mut g, 1, 9, 1, false);
    // SAFETY: live context (all calls in the block).
    unsafe {
        assert_eq!(wasm2native_wasi_poll_oneoff(g.vm(), subs, events, 0, n), e(Errno::INVAL));
        assert_eq!(wasm2native_wasi_poll_oneoff(g.vm(), bad, events, 1, n), e(Errno::BADF));
        assert_eq!(wasm2native_wasi_poll_oneoff(g.vm(), wrong, events, 1, n), e(Errno::BADF));
        assert_eq!(wasm2native_wasi_poll_oneoff(g.vm(), badtag, events, 1, n), e(Errno::INVAL));
        assert_eq!(wasm2native_wasi_poll_oneoff(g.vm(), cpu, events, 1, n), e(Errno::INVAL));
        assert_eq!(wasm2native_wasi_poll_oneoff(g.vm(), bad_clock, events, 1, n), e(Errno::INVAL));
        assert_eq!(wasm2native_wasi_poll_oneoff(g.vm(), subs, events, 3_000_000, n), e(Errno::NOMEM));
    }
}

#[test]
fn poll_on_files_is_ready_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("f"), b"12345").unwrap();
    let mut g = Guest::with_dir(tmp.path());
    let f = g.open(3, false, "f", 0, RW, 0).unwrap();
    g.seek(f, 2, 0).unwrap();
    let at = g.alloc(96) as usize;
    for (i, tag) in [(0usize, 1u8), (1, 2)] {
        let s = at + i * 48;
        g.mem[s] = i as u8;
        g.mem[s + 8] = tag;
        g.mem[s + 16..s + 20].copy_from_slice(&(f as u32).to_le_bytes());
    }
    let events = g.alloc(64) as i32;
    let n = g.out();
    // As in wasmtime, the write is ready at once and reported alone; the
    // read is ready when asked for alone (nbytes 1, HANGUP at the end).
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_poll_oneoff(g.vm(), at as i32, events, 2, n) }, OK);
    assert_eq!(g.u32(n), 1);
    assert_eq!((g.u64(events), g.read(events + 10, 1)[0], g.u64(events + 16)), (1, 2, 1));
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_poll_oneoff(g.vm(), at as i32, events, 1, n) }, OK);
    assert_eq!((g.u32(n), g.read(events + 10, 1)[0], g.u64(events + 16), g.read(events + 24, 1)[0]), (1, 1, 1, 0));
    g.seek(f, 0, 2).unwrap();
    // SAFETY: live context.
    assert_eq!(unsafe { wasm2native_wasi_poll_oneoff(g.vm(), at as i32, events, 1, n) }, OK);
    assert_eq!(g.read(events + 24, 1)[0], 1);
}

#[test]
fn null_host_state_gets_stdio_only() {
    let mut g = Guest::new(WasiCtx::stdio_only());
    g.vmctx.host_state = std::ptr::null_mut();
    assert!(g.fdstat(1).is_ok());
    assert_eq!(g.fdstat(3), Err(e(Errno::BADF)));
}

#[test]
fn stdout_left_nonblocking_by_the_host_still_blocks_the_guest() {
    let (r, w) = pipe();
    // SAFETY: fcntl flag changes on descriptors this test owns.
    unsafe {
        let flags = libc::fcntl(w.as_raw_fd(), libc::F_GETFL);
        libc::fcntl(w.as_raw_fd(), libc::F_SETFL, flags | libc::O_NONBLOCK);
    }
    let mut g = Guest::new(WasiCtx::stdio_only());
    g.cx.set_stdio(1, w.as_raw_fd());
    const CHUNK: usize = 32 * 1024;
    const TOTAL: usize = 16 * CHUNK; // several times a pipe's capacity
    let reader = std::thread::spawn(move || {
        let mut got = 0;
        let mut buf = vec![0u8; 4096];
        while got < TOTAL {
            std::thread::sleep(std::time::Duration::from_micros(200));
            // SAFETY: reading into a local buffer.
            let n = unsafe { libc::read(r.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
            assert!(n > 0);
            got += n as usize;
        }
        got
    });
    let data = vec![b'x'; CHUNK];
    let mut sent = 0;
    while sent < TOTAL {
        // Partial writes are allowed; EAGAIN must never reach the guest.
        sent += g.write(1, &data[..(TOTAL - sent).min(CHUNK)]).expect("blocking write") as usize;
        g.next = 1024; // reuse the scratch memory
    }
    assert_eq!(reader.join().unwrap(), TOTAL);
}
