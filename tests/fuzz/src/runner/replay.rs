//! Replaying saved inputs: every file in some directories, one report per
//! failing file.

use std::path::{Path, PathBuf};

use super::panic::{install_quiet_hook, run_caught};
use crate::Target;

/// What a replay found.
#[derive(Debug, Default)]
pub struct Replay {
    /// Files run.
    pub files: usize,
    /// `(file, panic message)` of each failing one.
    pub failures: Vec<(PathBuf, String)>,
}

/// The files in `dir`, sorted (not recursive; a missing directory has
/// none; a file is itself).
pub fn files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    if dir.is_file() {
        return Ok(vec![dir.to_path_buf()]);
    }
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

/// Runs `target` on every file of `dirs`, printing a line per failure.
pub fn replay(target: Target, dirs: &[PathBuf]) -> std::io::Result<Replay> {
    install_quiet_hook();
    let mut out = Replay::default();
    for dir in dirs {
        for file in files(dir)? {
            let data = std::fs::read(&file)?;
            out.files += 1;
            if let Err(message) = run_caught(target, &data) {
                eprintln!("FAIL {target} {}: {message}", file.display());
                out.failures.push((file, message));
            }
        }
    }
    Ok(out)
}

/// The committed corpus of `target`: `tests/fuzz/corpus/<target>`.
pub fn corpus_dir(target: Target) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(target.name())
}
