//! `wasi:filesystem` (types, preopens) for components, on the same
//! capability core as preview 1: the same granted directories, opened the
//! same way, and paths resolved by cap-std beneath them (never outside);
//! opening shares preview 1's `open_at`, renaming its trailing-slash rule,
//! metadata its `Filestat`. Errors are preview 1's errnos, mapped to the
//! `error-code` enum.

use std::os::fd::AsRawFd;

use cap_fs_ext::DirExt;
use cap_std::fs::Dir;
use wasm2native_abi::canonical::values::Val;

use super::{Host, Object, Outcome, Version};
use crate::filestat::{set_fd_times, NewTime};
use crate::ctx::{DirDesc, Handle};
use crate::errno::Error;
use crate::filestat::{metadata_hash, Filestat};
use crate::path::{open_at, refuse_file_to_dir_name, OpenRequest};
use crate::types::Errno;

/// `error-code` of a preview-1 errno (the enum's case index).
pub(super) fn error_code(e: Errno) -> u32 {
    let table: &[(Errno, u32)] = &[
        (Errno::ACCES, 0),
        (Errno::AGAIN, 1),
        (Errno::ALREADY, 2),
        (Errno::BADF, 3),
        (Errno::BUSY, 4),
        (Errno::DEADLK, 5),
        (Errno::DQUOT, 6),
        (Errno::EXIST, 7),
        (Errno::FBIG, 8),
        (Errno::ILSEQ, 9),
        (Errno::INPROGRESS, 10),
        (Errno::INTR, 11),
        (Errno::INVAL, 12),
        (Errno::IO, 13),
        (Errno::ISDIR, 14),
        (Errno::LOOP, 15),
        (Errno::MLINK, 16),
        (Errno::MSGSIZE, 17),
        (Errno::NAMETOOLONG, 18),
        (Errno::NODEV, 19),
        (Errno::NOENT, 20),
        (Errno::NOLCK, 21),
        (Errno::NOMEM, 22),
        (Errno::NOSPC, 23),
        (Errno::NOTDIR, 24),
        (Errno::NOTEMPTY, 25),
        (Errno::NOTRECOVERABLE, 26),
        (Errno::NOTSUP, 27),
        (Errno::NOTTY, 28),
        (Errno::NXIO, 29),
        (Errno::OVERFLOW, 30),
        (Errno::PERM, 31),
        (Errno::PIPE, 32),
        (Errno::ROFS, 33),
        (Errno::SPIPE, 34),
        (Errno::TXTBSY, 35),
        (Errno::XDEV, 36),
        (Errno::NOTCAPABLE, 0),
    ];
    table.iter().find(|(n, _)| *n == e).map_or(13, |(_, c)| *c)
}

fn errno_of(e: Error) -> Errno {
    match e {
        Error::Errno(n) => n,
        Error::Trap(_) => Errno::IO,
    }
}

/// `other(none)`, the last case of WASI 0.3's `error-code` and
/// `descriptor-type`, which have no `unknown`.
fn other_p3(case: u32) -> Val {
    Val::Variant(case, Some(Box::new(Val::Variant(0, None))))
}

/// The `error-code` value of a preview-1 errno: WASI 0.2's enum, or 0.3's
/// variant, which has no `would-block` and ends with `other`.
pub(crate) fn error_code_val(e: Errno, v: Version) -> Val {
    match (v, error_code(e)) {
        (Version::P2, c) => Val::Variant(c, None),
        (Version::P3, 0) => Val::Variant(0, None),
        (Version::P3, 1) => other_p3(36),
        (Version::P3, c) => Val::Variant(c - 1, None),
    }
}

/// `result<T, error-code>` of a preview-1 result.
pub(crate) fn result(r: Result<Option<Val>, Error>, v: Version) -> Val {
    match r {
        Ok(x) => Val::Variant(0, x.map(Box::new)),
        Err(e) => Val::Variant(1, Some(Box::new(error_code_val(errno_of(e), v)))),
    }
}

/// `descriptor-type` of a preview-1 filetype.
fn descriptor_type(filetype: u8, v: Version) -> Val {
    // unknown, block, character, directory, regular, dgram, stream, symlink
    const P2: [u32; 8] = [0, 1, 2, 3, 6, 7, 7, 5];
    p2_type(P2.get(filetype as usize).copied().unwrap_or(0), v)
}

/// A WASI 0.2 `descriptor-type` case in version `v`.
fn p2_type(case: u32, v: Version) -> Val {
    match (v, case) {
        (Version::P2, c) => Val::Variant(c, None),
        (Version::P3, 0) => other_p3(7),
        (Version::P3, c) => Val::Variant(c - 1, None),
    }
}

/// `some(datetime)` (0.2) or `some(instant)` (0.3) of nanoseconds since
/// the epoch.
fn datetime(ns: u64, v: Version) -> Val {
    let seconds = match v {
        Version::P2 => Val::U64(ns / 1_000_000_000),
        Version::P3 => Val::S64((ns / 1_000_000_000) as i64),
    };
    Val::Variant(1, Some(Box::new(Val::Record(vec![seconds, Val::U32((ns % 1_000_000_000) as u32)]))))
}

/// `descriptor-stat` of a preview-1 filestat.
fn stat(s: &Filestat, v: Version) -> Val {
    Val::Record(vec![
        descriptor_type(s.filetype, v),
        Val::U64(s.nlink),
        Val::U64(s.size),
        datetime(s.atim, v),
        datetime(s.mtim, v),
        datetime(s.ctim, v),
    ])
}

/// A `new-timestamp` (`no-change`, `now`, `timestamp(t)`).
fn new_time(t: &Val) -> Result<NewTime, Error> {
    Ok(match t {
        Val::Variant(0, _) => NewTime::Omit,
        Val::Variant(1, _) => NewTime::Now,
        Val::Variant(2, Some(at)) => match &**at {
            Val::Record(f) => match f[..] {
                [Val::U64(s), Val::U32(ns)] => NewTime::At(s.saturating_mul(1_000_000_000).saturating_add(u64::from(ns))),
                [Val::S64(s), Val::U32(ns)] if s >= 0 => NewTime::At((s as u64).saturating_mul(1_000_000_000).saturating_add(u64::from(ns))),
                _ => return Err(Errno::INVAL.into()),
            },
            _ => return Err(Errno::INVAL.into()),
        },
        _ => return Err(Errno::INVAL.into()),
    })
}

fn hash(dev: u64, ino: u64) -> Val {
    Val::Record(vec![Val::U64(metadata_hash(dev, ino)), Val::U64(metadata_hash(ino, dev))])
}

fn flags(v: &Val) -> u32 {
    match v {
        Val::Flags(words) => words.first().copied().unwrap_or(0),
        _ => 0,
    }
}

fn text(v: &Val) -> Result<&str, Error> {
    match v {
        Val::String(s) => Ok(s),
        _ => Err(Errno::INVAL.into()),
    }
}

impl Host {
    pub(crate) fn descriptor(&self, v: &Val) -> Result<&Handle, Error> {
        match self.get(v) {
            Ok(Object::Descriptor(h)) => Ok(h),
            _ => Err(Errno::BADF.into()),
        }
    }

    pub(crate) fn dir_of(&self, v: &Val) -> Result<&Dir, Error> {
        match self.descriptor(v)? {
            Handle::Dir(d) => Ok(&d.dir),
            _ => Err(Errno::NOTDIR.into()),
        }
    }

    pub(crate) fn file_of(&self, v: &Val) -> Result<std::fs::File, Error> {
        match self.descriptor(v)? {
            Handle::File(f) => Ok(f.file.try_clone()?.into_std()),
            Handle::Dir(_) => Err(Errno::ISDIR.into()),
            Handle::Stdio(..) => Err(Errno::BADF.into()),
        }
    }

    fn raw_fd(&self, v: &Val) -> Result<i32, Error> {
        Ok(match self.descriptor(v)? {
            Handle::Dir(d) => d.dir.as_raw_fd(),
            Handle::File(f) => f.file.as_raw_fd(),
            Handle::Stdio(_, fd) => *fd,
        })
    }

    /// The entries of directory `d`, sorted by name, as `directory-entry`
    /// records of version `v`.
    pub(crate) fn directory_entries(&self, d: &Val, v: Version) -> Result<Vec<Val>, Error> {
        let dir = self.dir_of(d)?;
        let mut entries: Vec<(u32, String)> = Vec::new();
        for e in dir.entries()? {
            let e = e?;
            let ft = e.file_type()?;
            // WASI 0.2's cases: directory 3, symbolic-link 5, regular-file 6.
            let ty = if ft.is_dir() {
                3
            } else if ft.is_symlink() {
                5
            } else if ft.is_file() {
                6
            } else {
                0
            };
            entries.push((ty, e.file_name().to_string_lossy().into_owned()));
        }
        entries.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(entries.into_iter().map(|(ty, name)| Val::Record(vec![p2_type(ty, v), Val::String(name)])).collect())
    }

    /// The preopens, as new descriptors.
    fn directories(&mut self) -> Result<Val, Error> {
        let mut out = Vec::new();
        for i in 0..self.preopens.len() {
            let (dir, name) = &self.preopens[i];
            let handle = Handle::Dir(DirDesc::new(dir.try_clone()?, Some(name.clone()), true));
            let name = name.clone();
            let own = self.add(Object::Descriptor(handle));
            out.push(Val::Record(vec![own, Val::String(name)]));
        }
        Ok(Val::List(out))
    }

    /// A `wasi:filesystem` function of WASI version `v`, if `name` is one.
    pub(crate) fn filesystem(&mut self, v: Version, iface: &str, name: &str, args: &[Val]) -> Option<Outcome> {
        let r = match (iface, name, args) {
            ("wasi:filesystem/preopens", "get-directories", []) => return Some(self.directories().map(Some).map_err(|_| super::io_trap())),
            ("wasi:filesystem/types", "[method]descriptor.get-type", [d]) => {
                self.raw_fd(d).and_then(|fd| Ok(Some(descriptor_type(Filestat::of_fd(fd)?.filetype, v))))
            }
            ("wasi:filesystem/types", "[method]descriptor.get-flags", [d]) => self.descriptor(d).map(|h| {
                // read = 1, write = 2, mutate-directory = 32
                let bits = match h {
                    Handle::Dir(d) => 1 | if d.mutate { 32 } else { 0 },
                    Handle::File(f) => u32::from(f.read) | (u32::from(f.write) << 1),
                    Handle::Stdio(..) => 0,
                };
                Some(Val::Flags(vec![bits]))
            }),
            ("wasi:filesystem/types", "[method]descriptor.stat", [d]) => {
                self.raw_fd(d).and_then(|fd| Ok(Some(stat(&Filestat::of_fd(fd)?, v))))
            }
            ("wasi:filesystem/types", "[method]descriptor.stat-at", [d, pf, path]) => self.dir_of(d).and_then(|dir| {
                let path = text(path)?;
                let meta = if flags(pf) & 1 != 0 { dir.metadata(path)? } else { dir.symlink_metadata(path)? };
                Ok(Some(stat(&Filestat::of_metadata(&meta)?, v)))
            }),
            ("wasi:filesystem/types", "[method]descriptor.metadata-hash", [d]) => self.raw_fd(d).and_then(|fd| {
                let st = crate::filestat::fstat(fd)?;
                Ok(Some(hash(st.st_dev as u64, st.st_ino as u64)))
            }),
            ("wasi:filesystem/types", "[method]descriptor.metadata-hash-at", [d, pf, path]) => self.dir_of(d).and_then(|dir| {
                use cap_std::fs::MetadataExt;
                let path = text(path)?;
                let meta = if flags(pf) & 1 != 0 { dir.metadata(path)? } else { dir.symlink_metadata(path)? };
                Ok(Some(hash(meta.dev(), meta.ino())))
            }),
            ("wasi:filesystem/types", "[method]descriptor.open-at", [d, pf, path, of, df]) => {
                let (of, df) = (flags(of), flags(df));
                // open-flags: create 1, directory 2, exclusive 4, truncate 8;
                // descriptor-flags: read 1, write 2.
                let request = OpenRequest {
                    follow: flags(pf) & 1 != 0,
                    create: of & 1 != 0,
                    directory: of & 2 != 0,
                    exclusive: of & 4 != 0,
                    truncate: of & 8 != 0,
                    // No access asked for is read; creating or
                    // truncating implies write (as wasmtime).
                    read: df & 1 != 0 || df & 2 == 0,
                    write: df & 2 != 0 || of & (1 | 8) != 0,
                    append: false,
                    nonblock: false,
                    mutate: df & 32 != 0,
                };
                self.dir_of(d).and_then(|dir| {
                    if request.directory && (request.create || request.exclusive || request.truncate) {
                        return Err(Errno::INVAL.into());
                    }
                    open_at(dir, text(path)?, &request)
                })
                .map(|h| Some(self.add(Object::Descriptor(h))))
            }
            ("wasi:filesystem/types", "[method]descriptor.read-via-stream", [d, Val::U64(offset)]) => {
                let offset = *offset;
                self.file_of(d).map(|file| Some(self.add(Object::FileIn { file, offset })))
            }
            ("wasi:filesystem/types", "[method]descriptor.write-via-stream", [d, Val::U64(offset)]) => {
                let offset = *offset;
                self.file_of(d).map(|file| Some(self.add(Object::FileOut { file, offset: Some(offset) })))
            }
            ("wasi:filesystem/types", "[method]descriptor.append-via-stream", [d]) => {
                self.file_of(d).map(|file| Some(self.add(Object::FileOut { file, offset: None })))
            }
            ("wasi:filesystem/types", "[method]descriptor.read", [d, Val::U64(len), Val::U64(offset)]) => {
                let (len, offset) = (*len, *offset);
                self.file_of(d).and_then(|file| {
                    let mut buf = vec![0u8; len.min(super::CHUNK) as usize];
                    let n = std::os::unix::fs::FileExt::read_at(&file, &mut buf, offset)?;
                    let end = n == 0 && !buf.is_empty();
                    Ok(Some(Val::Record(vec![Val::List(buf[..n].iter().map(|&b| Val::U8(b)).collect()), Val::Bool(end)])))
                })
            }
            ("wasi:filesystem/types", "[method]descriptor.write", [d, Val::List(bytes), Val::U64(offset)]) => {
                let offset = *offset;
                let bytes: Vec<u8> = bytes.iter().map(|b| if let Val::U8(b) = b { *b } else { 0 }).collect();
                self.file_of(d).and_then(|file| {
                    std::os::unix::fs::FileExt::write_all_at(&file, &bytes, offset)?;
                    Ok(Some(Val::U64(bytes.len() as u64)))
                })
            }
            ("wasi:filesystem/types", "[method]descriptor.set-size", [d, Val::U64(size)]) => {
                let size = *size;
                self.file_of(d).and_then(|file| Ok(file.set_len(size).map(|()| None)?))
            }
            ("wasi:filesystem/types", "[method]descriptor.sync" | "[method]descriptor.sync-data", [d]) => {
                self.file_of(d).and_then(|file| Ok(file.sync_all().map(|()| None)?))
            }
            ("wasi:filesystem/types", "[method]descriptor.create-directory-at", [d, path]) => {
                self.dir_of(d).and_then(|dir| Ok(dir.create_dir(text(path)?).map(|()| None)?))
            }
            ("wasi:filesystem/types", "[method]descriptor.remove-directory-at", [d, path]) => {
                self.dir_of(d).and_then(|dir| Ok(dir.remove_dir(text(path)?).map(|()| None)?))
            }
            ("wasi:filesystem/types", "[method]descriptor.unlink-file-at", [d, path]) => {
                self.dir_of(d).and_then(|dir| Ok(dir.remove_file_or_symlink(text(path)?).map(|()| None)?))
            }
            ("wasi:filesystem/types", "[method]descriptor.link-at", [d, pf, old, to, new]) => self.dir_of(d).and_then(|old_dir| {
                let new_dir = self.dir_of(to)?;
                // Following a symbolic link is refused, as preview 1's `path_link`.
                if flags(pf) & 1 != 0 {
                    return Err(Errno::INVAL.into());
                }
                Ok(old_dir.hard_link(text(old)?, new_dir, text(new)?).map(|()| None)?)
            }),
            ("wasi:filesystem/types", "[method]descriptor.symlink-at", [d, old, new]) => {
                self.dir_of(d).and_then(|dir| Ok(dir.symlink(text(old)?, text(new)?).map(|()| None)?))
            }
            ("wasi:filesystem/types", "[method]descriptor.readlink-at", [d, path]) => self.dir_of(d).and_then(|dir| {
                let target = dir.read_link(text(path)?)?;
                Ok(Some(Val::String(target.into_os_string().into_string().map_err(|_| Errno::ILSEQ)?)))
            }),
            ("wasi:filesystem/types", "[method]descriptor.set-times", [d, atim, mtim]) => self.raw_fd(d).and_then(|fd| {
                set_fd_times(fd, new_time(atim)?, new_time(mtim)?)?;
                Ok(None)
            }),
            ("wasi:filesystem/types", "[method]descriptor.set-times-at", [d, pf, path, atim, mtim]) => {
                self.dir_of(d).and_then(|dir| {
                    let (atim, mtim, path) = (new_time(atim)?, new_time(mtim)?, text(path)?);
                    if flags(pf) & 1 != 0 {
                        dir.set_times(path, atim.spec(), mtim.spec())?;
                    } else {
                        dir.set_symlink_times(path, atim.spec(), mtim.spec())?;
                    }
                    Ok(None)
                })
            }
            ("wasi:filesystem/types", "[method]descriptor.advise", [d, Val::U64(offset), Val::U64(len), Val::Variant(advice, _)]) => {
                let (offset, len, advice) = (*offset, *len, *advice);
                // Only files take advice; anything else is a bad descriptor.
                match self.descriptor(d) {
                    Ok(Handle::File(f)) => crate::fd::advise(f.file.as_raw_fd(), offset, len, advice as u8).map(|()| None).map_err(Error::from),
                    Ok(_) => Err(Errno::BADF.into()),
                    Err(e) => Err(e),
                }
            }
            ("wasi:filesystem/types", "[method]descriptor.is-same-object", [a, b]) => {
                let same = match (self.raw_fd(a), self.raw_fd(b)) {
                    (Ok(a), Ok(b)) => match (crate::filestat::fstat(a), crate::filestat::fstat(b)) {
                        (Ok(x), Ok(y)) => x.st_dev == y.st_dev && x.st_ino == y.st_ino,
                        _ => false,
                    },
                    _ => false,
                };
                return Some(Ok(Some(Val::Bool(same))));
            }
            ("wasi:filesystem/types", "[method]descriptor.rename-at", [d, old, to, new]) => self.dir_of(d).and_then(|old_dir| {
                let new_dir = self.dir_of(to)?;
                let (old, new) = (text(old)?, text(new)?);
                refuse_file_to_dir_name(old_dir, old, new_dir, new)?;
                Ok(old_dir.rename(old, new_dir, new).map(|()| None)?)
            }),
            ("wasi:filesystem/types", "[method]descriptor.read-directory", [d]) => self
                .directory_entries(d, v)
                .map(|entries| Some(self.add(Object::DirEntries { entries, next: 0 }))),
            ("wasi:filesystem/types", "[method]directory-entry-stream.read-directory-entry", [s]) => match self.get_mut(s) {
                Some(Object::DirEntries { entries, next }) => {
                    let entry = entries.get(*next).cloned().map(Box::new);
                    *next += 1;
                    Ok(Some(Val::Variant(u32::from(entry.is_some()), entry)))
                }
                _ => Err(Errno::BADF.into()),
            },
            ("wasi:filesystem/types", "filesystem-error-code", [e]) => {
                let code = match self.get(e) {
                    Ok(Object::Error { errno: Some(n), .. }) => Some(Box::new(error_code_val(*n, v))),
                    _ => None,
                };
                return Some(Ok(Some(Val::Variant(u32::from(code.is_some()), code))));
            }
            _ => return None,
        };
        Some(Ok(Some(result(r, v))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errnos_map_to_error_codes() {
        assert_eq!(error_code(Errno::NOENT), 20);
        assert_eq!(error_code(Errno::EXIST), 7);
        assert_eq!(error_code(Errno::XDEV), 36);
        assert_eq!(error_code(Errno::NOTCAPABLE), 0);
        assert_eq!(error_code(Errno::CHILD), 13, "anything else is io");
    }

    #[test]
    fn a_granted_directory_is_a_descriptor_and_nothing_leaves_it() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("f"), "x").unwrap();
        let mut h = Host::new(vec![], vec![], &[(tmp.path().to_path_buf(), "/g".into())]).unwrap();
        let Some(Ok(Some(Val::List(dirs)))) = h.filesystem(Version::P2, "wasi:filesystem/preopens", "get-directories", &[]) else { panic!() };
        let [Val::Record(pair)] = &dirs[..] else { panic!("{dirs:?}") };
        assert_eq!(pair[1], Val::String("/g".into()));
        let Val::Own(d) = pair[0] else { panic!() };
        let stat_at = |h: &mut Host, path: &str| {
            h.filesystem(Version::P2, "wasi:filesystem/types", "[method]descriptor.stat-at", &[Val::Borrow(d), Val::Flags(vec![1]), Val::String(path.into())])
        };
        assert!(matches!(stat_at(&mut h, "f"), Some(Ok(Some(Val::Variant(0, _))))));
        // `..` is refused (not-permitted), a missing file is no-entry.
        assert_eq!(stat_at(&mut h, "../x"), Some(Ok(Some(Val::Variant(1, Some(Box::new(Val::Variant(31, None))))))));
        assert_eq!(stat_at(&mut h, "nope"), Some(Ok(Some(Val::Variant(1, Some(Box::new(Val::Variant(20, None))))))));
        assert!(h.filesystem(Version::P2, "wasi:io/streams", "x", &[]).is_none());
    }
}
