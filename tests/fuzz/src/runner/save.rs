//! Saving an input (a failure, a hang, a corpus seed) under a name that
//! says where it came from.

use std::path::{Path, PathBuf};

use crate::Target;

/// Writes `data` to `dir/<target>-<seed>-<index>.<kind>` (creating `dir`);
/// returns the path, or the error as text.
pub fn save(
    dir: &Path,
    target: Target,
    seed: u64,
    index: u64,
    kind: &str,
    data: &[u8],
) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = dir.join(format!("{target}-{seed}-{index}.{kind}"));
    std::fs::write(&path, data).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}
