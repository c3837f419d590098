//! The constants and struct layouts of `wasi_snapshot_preview1`, as defined
//! by its witx description (the same numbers wasi-libc's `wasi/api.h` uses).
//!
//! Everything the guest can observe numerically lives here, in one place:
//! errno values, file types, rights, flag bits, enum values and the byte
//! offsets of the structures the host writes into guest memory.

/// A WASI error number (`errno`), the value every WASI function returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Errno(pub u16);

#[allow(missing_docs)] // the names are the documentation: POSIX errno names
impl Errno {
    pub const SUCCESS: Errno = Errno(0);
    pub const TOOBIG: Errno = Errno(1);
    pub const ACCES: Errno = Errno(2);
    pub const ADDRINUSE: Errno = Errno(3);
    pub const ADDRNOTAVAIL: Errno = Errno(4);
    pub const AFNOSUPPORT: Errno = Errno(5);
    pub const AGAIN: Errno = Errno(6);
    pub const ALREADY: Errno = Errno(7);
    pub const BADF: Errno = Errno(8);
    pub const BADMSG: Errno = Errno(9);
    pub const BUSY: Errno = Errno(10);
    pub const CANCELED: Errno = Errno(11);
    pub const CHILD: Errno = Errno(12);
    pub const CONNABORTED: Errno = Errno(13);
    pub const CONNREFUSED: Errno = Errno(14);
    pub const CONNRESET: Errno = Errno(15);
    pub const DEADLK: Errno = Errno(16);
    pub const DESTADDRREQ: Errno = Errno(17);
    pub const DOM: Errno = Errno(18);
    pub const DQUOT: Errno = Errno(19);
    pub const EXIST: Errno = Errno(20);
    pub const FAULT: Errno = Errno(21);
    pub const FBIG: Errno = Errno(22);
    pub const HOSTUNREACH: Errno = Errno(23);
    pub const IDRM: Errno = Errno(24);
    pub const ILSEQ: Errno = Errno(25);
    pub const INPROGRESS: Errno = Errno(26);
    pub const INTR: Errno = Errno(27);
    pub const INVAL: Errno = Errno(28);
    pub const IO: Errno = Errno(29);
    pub const ISCONN: Errno = Errno(30);
    pub const ISDIR: Errno = Errno(31);
    pub const LOOP: Errno = Errno(32);
    pub const MFILE: Errno = Errno(33);
    pub const MLINK: Errno = Errno(34);
    pub const MSGSIZE: Errno = Errno(35);
    pub const MULTIHOP: Errno = Errno(36);
    pub const NAMETOOLONG: Errno = Errno(37);
    pub const NETDOWN: Errno = Errno(38);
    pub const NETRESET: Errno = Errno(39);
    pub const NETUNREACH: Errno = Errno(40);
    pub const NFILE: Errno = Errno(41);
    pub const NOBUFS: Errno = Errno(42);
    pub const NODEV: Errno = Errno(43);
    pub const NOENT: Errno = Errno(44);
    pub const NOEXEC: Errno = Errno(45);
    pub const NOLCK: Errno = Errno(46);
    pub const NOLINK: Errno = Errno(47);
    pub const NOMEM: Errno = Errno(48);
    pub const NOMSG: Errno = Errno(49);
    pub const NOPROTOOPT: Errno = Errno(50);
    pub const NOSPC: Errno = Errno(51);
    /// Never returned by this shim (every function is implemented); kept for
    /// completeness of the table.
    pub const NOSYS: Errno = Errno(52);
    pub const NOTCONN: Errno = Errno(53);
    pub const NOTDIR: Errno = Errno(54);
    pub const NOTEMPTY: Errno = Errno(55);
    pub const NOTRECOVERABLE: Errno = Errno(56);
    pub const NOTSOCK: Errno = Errno(57);
    pub const NOTSUP: Errno = Errno(58);
    pub const NOTTY: Errno = Errno(59);
    pub const NXIO: Errno = Errno(60);
    pub const OVERFLOW: Errno = Errno(61);
    pub const OWNERDEAD: Errno = Errno(62);
    pub const PERM: Errno = Errno(63);
    pub const PIPE: Errno = Errno(64);
    pub const PROTO: Errno = Errno(65);
    pub const PROTONOSUPPORT: Errno = Errno(66);
    pub const PROTOTYPE: Errno = Errno(67);
    pub const RANGE: Errno = Errno(68);
    pub const ROFS: Errno = Errno(69);
    pub const SPIPE: Errno = Errno(70);
    pub const SRCH: Errno = Errno(71);
    pub const STALE: Errno = Errno(72);
    pub const TIMEDOUT: Errno = Errno(73);
    pub const TXTBSY: Errno = Errno(74);
    pub const XDEV: Errno = Errno(75);
    pub const NOTCAPABLE: Errno = Errno(76);
}

/// `filetype` values (u8).
pub mod filetype {
    /// Unknown, or a FIFO (preview 1 has no FIFO code).
    pub const UNKNOWN: u8 = 0;
    /// Block device.
    pub const BLOCK_DEVICE: u8 = 1;
    /// Character device (also terminals on stdio).
    pub const CHARACTER_DEVICE: u8 = 2;
    /// Directory.
    pub const DIRECTORY: u8 = 3;
    /// Regular file.
    pub const REGULAR_FILE: u8 = 4;
    /// Datagram socket.
    pub const SOCKET_DGRAM: u8 = 5;
    /// Stream socket.
    pub const SOCKET_STREAM: u8 = 6;
    /// Symbolic link.
    pub const SYMBOLIC_LINK: u8 = 7;
}

/// `rights` bits (u64).
#[allow(missing_docs)] // one bit per WASI operation, named after it
pub mod rights {
    pub const FD_DATASYNC: u64 = 1 << 0;
    pub const FD_READ: u64 = 1 << 1;
    pub const FD_SEEK: u64 = 1 << 2;
    pub const FD_FDSTAT_SET_FLAGS: u64 = 1 << 3;
    pub const FD_SYNC: u64 = 1 << 4;
    pub const FD_TELL: u64 = 1 << 5;
    pub const FD_WRITE: u64 = 1 << 6;
    pub const FD_ADVISE: u64 = 1 << 7;
    pub const FD_ALLOCATE: u64 = 1 << 8;
    pub const PATH_CREATE_DIRECTORY: u64 = 1 << 9;
    pub const PATH_CREATE_FILE: u64 = 1 << 10;
    pub const PATH_LINK_SOURCE: u64 = 1 << 11;
    pub const PATH_LINK_TARGET: u64 = 1 << 12;
    pub const PATH_OPEN: u64 = 1 << 13;
    pub const FD_READDIR: u64 = 1 << 14;
    pub const PATH_READLINK: u64 = 1 << 15;
    pub const PATH_RENAME_SOURCE: u64 = 1 << 16;
    pub const PATH_RENAME_TARGET: u64 = 1 << 17;
    pub const PATH_FILESTAT_GET: u64 = 1 << 18;
    pub const PATH_FILESTAT_SET_SIZE: u64 = 1 << 19;
    pub const PATH_FILESTAT_SET_TIMES: u64 = 1 << 20;
    pub const FD_FILESTAT_GET: u64 = 1 << 21;
    pub const FD_FILESTAT_SET_SIZE: u64 = 1 << 22;
    pub const FD_FILESTAT_SET_TIMES: u64 = 1 << 23;
    pub const PATH_SYMLINK: u64 = 1 << 24;
    pub const PATH_REMOVE_DIRECTORY: u64 = 1 << 25;
    pub const PATH_UNLINK_FILE: u64 = 1 << 26;
    pub const POLL_FD_READWRITE: u64 = 1 << 27;
    pub const SOCK_SHUTDOWN: u64 = 1 << 28;
    pub const SOCK_ACCEPT: u64 = 1 << 29;

    /// Every defined right.
    pub const ALL: u64 = (1 << 30) - 1;

    /// What a preopened directory reports as its base rights (the set
    /// wasmtime hard-codes "because many userlands expect it").
    pub const PREOPEN_BASE: u64 = PATH_CREATE_DIRECTORY
        | PATH_CREATE_FILE
        | PATH_LINK_SOURCE
        | PATH_LINK_TARGET
        | PATH_OPEN
        | FD_READDIR
        | PATH_READLINK
        | PATH_RENAME_SOURCE
        | PATH_RENAME_TARGET
        | PATH_SYMLINK
        | PATH_REMOVE_DIRECTORY
        | PATH_UNLINK_FILE
        | PATH_FILESTAT_GET
        | PATH_FILESTAT_SET_TIMES
        | FD_FILESTAT_GET
        | FD_FILESTAT_SET_TIMES;

    /// What a preopened directory reports as its inheriting rights
    /// (wasi-libc masks the rights it asks for in `path_open` with these).
    pub const PREOPEN_INHERITING: u64 = PREOPEN_BASE
        | FD_DATASYNC
        | FD_READ
        | FD_SEEK
        | FD_FDSTAT_SET_FLAGS
        | FD_SYNC
        | FD_TELL
        | FD_WRITE
        | FD_ADVISE
        | FD_ALLOCATE
        | FD_FILESTAT_GET
        | FD_FILESTAT_SET_SIZE
        | FD_FILESTAT_SET_TIMES
        | POLL_FD_READWRITE;
}

/// `fdflags` bits (u16).
pub mod fdflags {
    /// Writes append to the end of the file.
    pub const APPEND: u16 = 1 << 0;
    /// Synchronized data writes.
    pub const DSYNC: u16 = 1 << 1;
    /// Non-blocking mode.
    pub const NONBLOCK: u16 = 1 << 2;
    /// Synchronized reads.
    pub const RSYNC: u16 = 1 << 3;
    /// Synchronized writes.
    pub const SYNC: u16 = 1 << 4;
    /// Every defined bit.
    pub const ALL: u16 = (1 << 5) - 1;
}

/// `oflags` bits (u16) of `path_open`.
pub mod oflags {
    /// Create the file if it does not exist.
    pub const CREAT: u16 = 1 << 0;
    /// Fail unless the path is a directory.
    pub const DIRECTORY: u16 = 1 << 1;
    /// With `CREAT`: fail if the file exists.
    pub const EXCL: u16 = 1 << 2;
    /// Truncate to size 0.
    pub const TRUNC: u16 = 1 << 3;
    /// Every defined bit.
    pub const ALL: u16 = (1 << 4) - 1;
}

/// `lookupflags` bits (u32).
pub mod lookupflags {
    /// Follow a symbolic link in the last path component.
    pub const SYMLINK_FOLLOW: u32 = 1 << 0;
}

/// `fstflags` bits (u16) of the `*_set_times` functions.
pub mod fstflags {
    /// Set the access time to the given value.
    pub const ATIM: u16 = 1 << 0;
    /// Set the access time to now.
    pub const ATIM_NOW: u16 = 1 << 1;
    /// Set the modification time to the given value.
    pub const MTIM: u16 = 1 << 2;
    /// Set the modification time to now.
    pub const MTIM_NOW: u16 = 1 << 3;
    /// Every defined bit.
    pub const ALL: u16 = (1 << 4) - 1;
}

/// `whence` values (u8) of `fd_seek`.
pub mod whence {
    /// From the start.
    pub const SET: u8 = 0;
    /// From the current offset.
    pub const CUR: u8 = 1;
    /// From the end.
    pub const END: u8 = 2;
}

/// `advice` values (u8) of `fd_advise`; `NORMAL..=NOREUSE` are valid.
pub mod advice {
    /// No advice.
    pub const NORMAL: u8 = 0;
    /// Sequential access.
    pub const SEQUENTIAL: u8 = 1;
    /// Random access.
    pub const RANDOM: u8 = 2;
    /// Will be needed soon.
    pub const WILLNEED: u8 = 3;
    /// Will not be needed soon.
    pub const DONTNEED: u8 = 4;
    /// Accessed once.
    pub const NOREUSE: u8 = 5;
}

/// `clockid` values (u32).
pub mod clockid {
    /// Wall-clock time.
    pub const REALTIME: u32 = 0;
    /// A clock that never goes backwards.
    pub const MONOTONIC: u32 = 1;
    /// CPU time of the process.
    pub const PROCESS_CPUTIME_ID: u32 = 2;
    /// CPU time of the calling thread.
    pub const THREAD_CPUTIME_ID: u32 = 3;
}

/// `eventtype` values (u8), also the subscription union tags.
pub mod eventtype {
    /// A clock subscription.
    pub const CLOCK: u8 = 0;
    /// Readiness for reading.
    pub const FD_READ: u8 = 1;
    /// Readiness for writing.
    pub const FD_WRITE: u8 = 2;
}

/// `subclockflags` bits (u16).
pub mod subclockflags {
    /// The timeout is an absolute time of the clock, not a duration.
    pub const ABSTIME: u16 = 1 << 0;
}

/// `eventrwflags` bits (u16).
pub mod eventrwflags {
    /// The peer hung up (or, for a file, the offset is at the end).
    pub const HANGUP: u16 = 1 << 0;
}

/// Bits of the socket functions' flag arguments, used only to validate them.
pub mod sockflags {
    /// `riflags`: RECV_PEEK | RECV_WAITALL.
    pub const RIFLAGS_ALL: u16 = 0b11;
    /// `sdflags`: RD | WR.
    pub const SDFLAGS_ALL: u8 = 0b11;
}

/// The largest valid `signal` value (`SIGSYS`).
pub const SIGNAL_MAX: u8 = 30;

/// `preopentype` tag of a directory in `prestat`.
pub const PREOPENTYPE_DIR: u8 = 0;

/// Byte layouts of the structures exchanged through guest memory.
pub mod layout {
    /// `iovec` / `ciovec`: `buf: u32`, `buf_len: u32`.
    pub const IOVEC_SIZE: u32 = 8;

    /// `fdstat`.
    pub mod fdstat {
        /// Size in bytes.
        pub const SIZE: u32 = 24;
        /// `fs_filetype: u8`.
        pub const FILETYPE: u32 = 0;
        /// `fs_flags: u16`.
        pub const FLAGS: u32 = 2;
        /// `fs_rights_base: u64`.
        pub const RIGHTS_BASE: u32 = 8;
        /// `fs_rights_inheriting: u64`.
        pub const RIGHTS_INHERITING: u32 = 16;
    }

    /// `filestat`.
    pub mod filestat {
        /// Size in bytes.
        pub const SIZE: u32 = 64;
        /// `dev: u64`.
        pub const DEV: u32 = 0;
        /// `ino: u64`.
        pub const INO: u32 = 8;
        /// `filetype: u8`.
        pub const FILETYPE: u32 = 16;
        /// `nlink: u64`.
        pub const NLINK: u32 = 24;
        /// `size: u64`.
        pub const SIZE_FIELD: u32 = 32;
        /// `atim: u64`.
        pub const ATIM: u32 = 40;
        /// `mtim: u64`.
        pub const MTIM: u32 = 48;
        /// `ctim: u64`.
        pub const CTIM: u32 = 56;
    }

    /// `prestat`: tag `u8` at 0, `pr_name_len: u32` at 4.
    pub mod prestat {
        /// Size in bytes.
        pub const SIZE: u32 = 8;
        /// The `preopentype` tag.
        pub const TAG: u32 = 0;
        /// `pr_name_len: u32`.
        pub const NAME_LEN: u32 = 4;
    }

    /// `dirent` header (the name follows it, unterminated).
    pub mod dirent {
        /// Size of the header in bytes.
        pub const SIZE: u32 = 24;
    }

    /// `subscription`.
    pub mod subscription {
        /// Size in bytes.
        pub const SIZE: u32 = 48;
        /// `userdata: u64`.
        pub const USERDATA: u32 = 0;
        /// Union tag `u8` (an `eventtype`).
        pub const TAG: u32 = 8;
        /// `clock.id: u32`.
        pub const CLOCK_ID: u32 = 16;
        /// `clock.timeout: u64`.
        pub const CLOCK_TIMEOUT: u32 = 24;
        /// `clock.flags: u16`.
        pub const CLOCK_FLAGS: u32 = 40;
        /// `fd_readwrite.file_descriptor: u32`.
        pub const FD: u32 = 16;
    }

    /// `event`.
    pub mod event {
        /// Size in bytes.
        pub const SIZE: u32 = 32;
        /// `userdata: u64`.
        pub const USERDATA: u32 = 0;
        /// `error: u16`.
        pub const ERROR: u32 = 8;
        /// `type: u8`.
        pub const TYPE: u32 = 10;
        /// `fd_readwrite.nbytes: u64`.
        pub const NBYTES: u32 = 16;
        /// `fd_readwrite.flags: u16`.
        pub const FLAGS: u32 = 24;
    }
}
