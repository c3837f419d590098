//! Cases: discovery, preparing the scratch directory, and the checks made
//! in it after a run.

use crate::spec::{Check, RunSpec, Setup};
use std::path::{Path, PathBuf};

/// Which collection a case belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suite {
    /// `programs/cases/*.run`, modules in `programs/wasm/`.
    Programs,
    /// `wat/*.wat`, run without arguments or grants.
    Wat,
}

#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub suite: Suite,
    /// The module, relative to [`Case::base_dir`].
    pub module: PathBuf,
    pub spec: RunSpec,
}

impl Case {
    /// `programs/` or `wat/`: the directory the module path is relative to,
    /// and the working directory wasmtime runs in (so its messages name the
    /// module by this relative path).
    pub fn base_dir(&self) -> PathBuf {
        match self.suite {
            Suite::Programs => crate::programs_dir(),
            Suite::Wat => crate::wat_dir(),
        }
    }

    /// `programs/NAME` or `wat/NAME`: unique across suites, used in reports.
    pub fn label(&self) -> String {
        let suite = match self.suite {
            Suite::Programs => "programs",
            Suite::Wat => "wat",
        };
        format!("{suite}/{}", self.name)
    }

    pub fn module_path(&self) -> PathBuf {
        self.base_dir().join(&self.module)
    }

    /// Where the expected results of this case live.
    pub fn expected_dir(&self) -> PathBuf {
        self.base_dir().join("expected").join(&self.name)
    }

    /// Prepares `root` (an empty scratch directory) for a run: granted
    /// directories and the files, directories and symlinks of the spec.
    pub fn prepare(&self, root: &Path) -> Result<(), String> {
        let err = |what: &str, p: &Path, e: std::io::Error| format!("{what} {}: {e}", p.display());
        for (host, _) in &self.spec.dirs {
            let p = root.join(host);
            std::fs::create_dir_all(&p).map_err(|e| err("mkdir", &p, e))?;
        }
        for step in &self.spec.setup {
            match step {
                Setup::Mkdir(path) => {
                    let p = root.join(path);
                    std::fs::create_dir_all(&p).map_err(|e| err("mkdir", &p, e))?;
                }
                Setup::File(path, text) => {
                    let p = root.join(path);
                    if let Some(parent) = p.parent() {
                        std::fs::create_dir_all(parent).map_err(|e| err("mkdir", parent, e))?;
                    }
                    std::fs::write(&p, text).map_err(|e| err("write", &p, e))?;
                }
                Setup::Symlink(path, target) => {
                    let p = root.join(path);
                    symlink(target, &p).map_err(|e| err("symlink", &p, e))?;
                }
            }
        }
        Ok(())
    }

    /// The `--dir` arguments (for wasmtime and wasm2native alike).
    pub fn dir_args(&self, root: &Path) -> Vec<String> {
        self.spec
            .dirs
            .iter()
            .flat_map(|(host, guest)| ["--dir".to_string(), format!("{}::{guest}", root.join(host).display())])
            .collect()
    }

    /// The `--env` arguments (for wasmtime and wasm2native alike).
    pub fn env_args(&self) -> Vec<String> {
        self.spec.env.iter().flat_map(|(k, v)| ["--env".to_string(), format!("{k}={v}")]).collect()
    }

    /// Verifies the spec's after-run checks; returns one message per failure.
    pub fn check_scratch(&self, root: &Path) -> Vec<String> {
        let mut failures = Vec::new();
        for check in &self.spec.checks {
            match check {
                Check::Absent(path) => {
                    if root.join(path).symlink_metadata().is_ok() {
                        failures.push(format!("{path} exists after the run but must not"));
                    }
                }
                Check::Contains(path, want) => match std::fs::read(root.join(path)) {
                    Ok(got) if got == want.as_bytes() => {}
                    Ok(got) => failures.push(format!(
                        "{path} contains {:?}, expected {want:?}",
                        String::from_utf8_lossy(&got)
                    )),
                    Err(e) => failures.push(format!("{path} cannot be read after the run: {e}")),
                },
            }
        }
        failures
    }
}

#[cfg(unix)]
fn symlink(target: &str, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(_target: &str, _link: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("symlinks are only prepared on unix"))
}

/// All cases of a suite, sorted by name.
pub fn discover(suite: Suite) -> Result<Vec<Case>, String> {
    let mut cases = match suite {
        Suite::Programs => program_cases()?,
        Suite::Wat => wat_cases()?,
    };
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(cases)
}

/// Every case of both suites, programs first.
pub fn discover_all() -> Result<Vec<Case>, String> {
    let mut cases = discover(Suite::Programs)?;
    cases.extend(discover(Suite::Wat)?);
    Ok(cases)
}

fn files_with_extension(dir: &Path, ext: &str) -> Result<Vec<(String, PathBuf)>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut found = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.extension().is_some_and(|e| e == ext) {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            found.push((stem, path));
        }
    }
    found.sort();
    Ok(found)
}

fn program_cases() -> Result<Vec<Case>, String> {
    let dir = crate::programs_dir().join("cases");
    files_with_extension(&dir, "run")?
        .into_iter()
        .map(|(name, path)| {
            let spec = RunSpec::load(&path)?;
            let module = spec.module.clone().unwrap_or_else(|| name.clone());
            Ok(Case {
                module: Path::new("wasm").join(format!("{module}.wasm")),
                name,
                suite: Suite::Programs,
                spec,
            })
        })
        .collect()
}

/// The prefix of the comment lines that hold a `.wat` case's directives.
const WAT_DIRECTIVE: &str = ";; run: ";

fn wat_cases() -> Result<Vec<Case>, String> {
    files_with_extension(&crate::wat_dir(), "wat")?
        .into_iter()
        .map(|(name, path)| {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let directives: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix(WAT_DIRECTIVE)).collect();
            let spec = RunSpec::parse(&directives.join("\n")).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(Case { module: PathBuf::from(path.file_name().unwrap()), name, suite: Suite::Wat, spec })
        })
        .collect()
}

/// Names of the program sources (`c/*.c`, `rust/*.rs`).
pub fn program_sources() -> Result<Vec<String>, String> {
    let dir = crate::programs_dir();
    let mut names: Vec<String> = files_with_extension(&dir.join("c"), "c")?
        .into_iter()
        .chain(files_with_extension(&dir.join("rust"), "rs")?)
        .map(|(name, _)| name)
        .collect();
    names.sort();
    Ok(names)
}

/// Keeps the cases whose label (`programs/NAME`, `wat/NAME`) contains one
/// of `filters` (all if empty).
pub fn filter(cases: Vec<Case>, filters: &[String]) -> Vec<Case> {
    if filters.is_empty() {
        return cases;
    }
    cases.into_iter().filter(|c| filters.iter().any(|f| c.label().contains(f.as_str()))).collect()
}
