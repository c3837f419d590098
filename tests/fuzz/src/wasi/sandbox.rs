//! The one capability the fuzzed guest gets, a preopened directory, and
//! the check that nothing outside it was touched.
//!
//! ```text
//! <tmp>/            only `box` and `outside`, afterwards too
//!   box/            preopened as `/sandbox` (fd 3)
//!     file, dir/inner, link -> ../outside/sentinel,
//!     abs -> <tmp>/outside/sentinel, up -> .., loop -> loop
//!   outside/        the sibling: unchanged afterwards
//!     sentinel
//! ```

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// What the sentinel holds.
const SENTINEL: &[u8] = b"outside the sandbox: must stay as it is\n";

/// A fresh sandbox and its surroundings, removed on drop.
pub struct Sandbox {
    root: tempfile::TempDir,
    before: Snapshot,
}

/// What is compared afterwards.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    root_entries: BTreeSet<String>,
    outside_entries: BTreeSet<String>,
    outside_dir: (u32, i64, i64),
    sentinel: Vec<u8>,
    sentinel_meta: (u64, u32, i64, i64, u64),
}

impl Sandbox {
    /// Creates the tree above in a new temporary directory.
    pub fn new() -> std::io::Result<Sandbox> {
        let root = tempfile::Builder::new().prefix("w2n-fuzz-wasi").tempdir()?;
        let inside = root.path().join("box");
        let outside = root.path().join("outside");
        fs::create_dir(&inside)?;
        fs::create_dir(&outside)?;
        fs::write(outside.join("sentinel"), SENTINEL)?;
        fs::write(inside.join("file"), b"hello, sandbox\n")?;
        fs::create_dir(inside.join("dir"))?;
        fs::write(inside.join("dir/inner"), b"inner\n")?;
        std::os::unix::fs::symlink("../outside/sentinel", inside.join("link"))?;
        std::os::unix::fs::symlink(outside.join("sentinel"), inside.join("abs"))?;
        std::os::unix::fs::symlink("..", inside.join("up"))?;
        std::os::unix::fs::symlink("loop", inside.join("loop"))?;
        let before = snapshot(root.path())?;
        Ok(Sandbox { root, before })
    }

    /// The directory to preopen.
    pub fn inside(&self) -> PathBuf {
        self.root.path().join("box")
    }

    /// The host path of the sentinel (a string for guests to try).
    pub fn sentinel(&self) -> PathBuf {
        self.root.path().join("outside/sentinel")
    }

    /// Panics if anything outside `box` changed: an entry added to or
    /// removed from the root or `outside`, the sentinel's contents, size,
    /// mode, times or inode.
    pub fn check_untouched(&self) {
        match snapshot(self.root.path()) {
            Ok(after) if after == self.before => {}
            Ok(after) => panic!(
                "sandbox escape: outside the preopen changed: {:?} -> {after:?}",
                self.before
            ),
            Err(e) => panic!("sandbox escape: cannot inspect outside the preopen any more: {e}"),
        }
    }
}

/// The state of everything outside `box`.
fn snapshot(root: &Path) -> std::io::Result<Snapshot> {
    let entries = |dir: &Path| -> std::io::Result<BTreeSet<String>> {
        fs::read_dir(dir)?
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect()
    };
    let outside = root.join("outside");
    let dir = fs::symlink_metadata(&outside)?;
    let sentinel = outside.join("sentinel");
    let meta = fs::symlink_metadata(&sentinel)?;
    Ok(Snapshot {
        root_entries: entries(root)?,
        outside_entries: entries(&outside)?,
        outside_dir: (dir.mode(), dir.mtime(), dir.mtime_nsec()),
        sentinel: fs::read(&sentinel)?,
        sentinel_meta: (
            meta.len(),
            meta.mode(),
            meta.mtime(),
            meta.mtime_nsec(),
            meta.ino(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_outside_is_noticed() {
        let s = Sandbox::new().unwrap();
        s.check_untouched();
        fs::write(s.inside().join("new"), b"inside is fine").unwrap();
        s.check_untouched();
        fs::write(s.sentinel(), b"changed").unwrap();
        let caught = std::panic::catch_unwind(|| s.check_untouched());
        assert!(caught.is_err());
    }
}
