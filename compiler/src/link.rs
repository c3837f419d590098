//! Link: object files + runtime library → executable.
//!
//! Two ways, chosen by the target (see [`crate::targets`]):
//! * glibc targets: the system C compiler driver for the target, found by
//!   the `cc` crate (`cc`, `aarch64-linux-gnu-gcc`, ...), or `--linker`,
//!   linking a static PIE against glibc's `libc.a`;
//! * musl targets: rustup's `rust-lld` with the musl start files, `libc.a`
//!   and `libunwind.a` that `rustup target add` installs, giving a fully
//!   static executable with no system cross toolchain (or `--linker` naming
//!   another ld.lld-compatible linker).

use std::path::{Path, PathBuf};
use std::process::Command;

use target_lexicon::{OperatingSystem, Triple};

use crate::error::{CompileError, Result};
use crate::runtime_lib;
use crate::targets::{self, Linker};

/// How to link.
#[derive(Clone, Debug, Default)]
pub struct LinkOptions {
    /// Explicit linker (`--linker`): a C compiler driver for glibc targets,
    /// an ld.lld-compatible linker for musl targets.
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
    let install = match target.architecture {
        target_lexicon::Architecture::Aarch64(_) if Triple::host().architecture != target.architecture => {
            "`apt-get install gcc-aarch64-linux-gnu`"
        }
        _ => "`apt-get install gcc`",
    };
    CompileError::Link(format!(
        "no C linker found for target `{target}` ({why}); install a C compiler for it (on Debian: {install}), \
         name one with --linker PATH, or use the static musl target, which needs only rustup"
    ))
}

/// Links `objects` (the module's, then the user's prepared host code) with
/// the runtime into the executable `output`.
pub fn link_executable(target: &Triple, objects: &[PathBuf], output: &Path, opts: &LinkOptions) -> Result<()> {
    let runtime = runtime_lib::extract(target)?;
    let cmd = match targets::lookup(target)?.linker {
        Linker::CcDriver => cc_command(target, objects, &runtime, output, opts)?,
        Linker::RustLldMusl => musl_command(target, objects, &runtime, output, opts)?,
        Linker::ObjectOnly => {
            return Err(CompileError::Target(format!(
                "executables for `{target}` cannot be linked here; use `--emit obj` and link the object on that system"
            )))
        }
    };
    run(cmd, target)
}

fn cc_command(target: &Triple, objects: &[PathBuf], runtime: &Path, output: &Path, opts: &LinkOptions) -> Result<Command> {
    let (linker, base_args) = find_linker(target, opts)?;
    let mut cmd = Command::new(&linker);
    cmd.args(&base_args).args(objects).arg(runtime).arg("-o").arg(output);
    if target.operating_system == OperatingSystem::Linux {
        // The runtime's debug info (from the standard library) is most of
        // the file and nothing uses it: backtraces come from our own tables.
        cmd.args(["-Wl,--gc-sections", "-Wl,--strip-debug"]);
        // A static position-independent executable: no dynamic loader work
        // at start (relocating against shared libraries, loading
        // libgcc_s) — it halves a hello-world's start-up — and nothing to
        // install beside the executable. The driver adds the static
        // unwinder (libgcc_eh) Rust's standard library needs.
        cmd.arg("-static-pie");
        cmd.args(["-lutil", "-lrt", "-lpthread", "-lm", "-ldl", "-lc"]);
    }
    Ok(cmd)
}

fn musl_command(target: &Triple, objects: &[PathBuf], runtime: &Path, output: &Path, opts: &LinkOptions) -> Result<Command> {
    let name = target.to_string();
    let musl = targets::musl_toolchain(&name)?;
    let lld = opts.linker.clone().unwrap_or(musl.lld);
    let crt = |f: &str| musl.self_contained.join(f);
    let mut cmd = Command::new(lld);
    cmd.args(["-flavor", "gnu", "-static", "--gc-sections", "--strip-debug", "--no-undefined"])
        .arg("-o")
        .arg(output)
        .args([crt("crt1.o"), crt("crti.o"), crt("crtbegin.o")])
        .args(objects)
        .arg(runtime)
        .args([crt("libc.a"), crt("libunwind.a"), crt("crtend.o"), crt("crtn.o")]);
    Ok(cmd)
}

fn run(mut cmd: Command, target: &Triple) -> Result<()> {
    let program = PathBuf::from(cmd.get_program());
    let out = cmd.output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            no_linker(target, &format!("`{}` was not found", program.display()))
        } else {
            CompileError::io(format!("cannot run the linker `{}`", program.display()), e)
        }
    })?;
    if !out.status.success() {
        return Err(CompileError::Link(format!(
            "linking failed: `{}` exited with {}:\n{}{}",
            program.display(),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    Ok(())
}
