//! Link: object file + runtime library → executable, with the system C
//! compiler driver for the target (found by the `cc` crate) or `--linker`.

use std::path::{Path, PathBuf};
use std::process::Command;

use target_lexicon::{Environment, OperatingSystem, Triple};

use crate::error::{CompileError, Result};
use crate::runtime_lib;

/// How to link.
#[derive(Clone, Debug, Default)]
pub struct LinkOptions {
    /// Explicit linker driver (`--linker`).
    pub linker: Option<PathBuf>,
    /// The user's host code (`--link`): C sources, objects, archives.
    pub inputs: Vec<PathBuf>,
}

/// The C compiler driver that links for `target`.
pub fn find_linker(target: &Triple, opts: &LinkOptions) -> Result<(PathBuf, Vec<String>)> {
    if let Some(l) = &opts.linker {
        return Ok((l.clone(), Vec::new()));
    }
    let host = Triple::host().to_string();
    let tool = cc::Build::new()
        .target(&target.to_string())
        .host(&host)
        .opt_level(0)
        .cargo_metadata(false)
        .warnings(false)
        .try_get_compiler()
        .map_err(|e| no_linker(target, &e.to_string()))?;
    let args = tool.args().iter().map(|a| a.to_string_lossy().into_owned()).collect();
    Ok((tool.path().to_path_buf(), args))
}

fn no_linker(target: &Triple, why: &str) -> CompileError {
    CompileError::Link(format!(
        "no C linker found for target `{target}` ({why}); install a C compiler for it (on Debian: `apt-get install gcc`) \
         or name one with --linker PATH"
    ))
}

/// The system libraries Rust's standard library (inside the runtime) needs.
fn system_libs(target: &Triple) -> &'static [&'static str] {
    match (target.operating_system, target.environment) {
        (OperatingSystem::Linux, Environment::Musl) => &["-static"],
        (OperatingSystem::Linux, _) => &["-lgcc_s", "-lutil", "-lrt", "-lpthread", "-lm", "-ldl", "-lc"],
        _ => &[],
    }
}

/// Links `objects` (the module's, then the user's prepared host code) with
/// the runtime into the executable `output`.
pub fn link_executable(target: &Triple, objects: &[PathBuf], output: &Path, opts: &LinkOptions) -> Result<()> {
    let runtime = runtime_lib::extract(target)?;
    let (linker, base_args) = find_linker(target, opts)?;
    let mut cmd = Command::new(&linker);
    cmd.args(&base_args).args(objects).arg(&runtime).arg("-o").arg(output);
    if target.operating_system == OperatingSystem::Linux {
        // The runtime's debug info (from the standard library) is most of
        // the file and nothing uses it: backtraces come from our own tables.
        cmd.args(["-Wl,--gc-sections", "-Wl,--strip-debug"]);
    }
    cmd.args(system_libs(target));
    let out = cmd.output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            no_linker(target, &format!("`{}` was not found", linker.display()))
        } else {
            CompileError::io(format!("cannot run the linker `{}`", linker.display()), e)
        }
    })?;
    if !out.status.success() {
        return Err(CompileError::Link(format!(
            "linking failed: `{}` exited with {}:\n{}{}",
            linker.display(),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    Ok(())
}
