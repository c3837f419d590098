//! Link: object files + runtime library → executable, or a library
//! ([`link_library`]).
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
    /// Keep the module's debug info: set by [`crate::driver::build`] from
    /// the compile options (`-g`). The runtime's own (from the standard
    /// library) is left out either way.
    pub debug_info: bool,
    /// Leave out the symbol table (`--strip`).
    pub strip: bool,
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
    let linker = targets::lookup(target)?.linker;
    // With debug info kept, the runtime comes as one object stripped of
    // its own beforehand, since the link can no longer strip everything.
    let runtime = if opts.debug_info && linker != Linker::ObjectOnly {
        runtime_object(target, linker, opts)?
    } else {
        runtime_lib::extract(target)?
    };
    let cmd = match linker {
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

/// What a library links into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LibraryKind {
    /// `lib<name>.a`: the module, the `--link` objects and the runtime as one
    /// object, which the host's linker takes from the first library that
    /// has it: any number of libraries link into one program.
    Static,
    /// `lib<name>.so`: exports only `<name>_*` and `w2n_*`, the runtime
    /// inside bound to itself.
    Shared,
}

/// Links `objects` (the module's, then the user's prepared host code) with
/// the runtime into library `output` exporting `<name>_*`.
pub fn link_library(
    target: &Triple,
    kind: LibraryKind,
    name: &str,
    objects: &[PathBuf],
    output: &Path,
    opts: &LinkOptions,
) -> Result<()> {
    let linker = targets::lookup(target)?.linker;
    if linker == Linker::ObjectOnly {
        return Err(CompileError::Target(format!(
            "libraries for `{target}` cannot be made here; use `--emit obj` and link the object on that system"
        )));
    }
    match kind {
        LibraryKind::Static => {
            let runtime = runtime_object(target, linker, opts)?;
            let mut members = Vec::new();
            for (i, path) in objects.iter().enumerate() {
                let bytes = std::fs::read(path).map_err(|e| CompileError::io(format!("cannot read {}", path.display()), e))?;
                members.push(crate::library::archive::Member { name: format!("{i}.o"), bytes });
            }
            let bytes = std::fs::read(&runtime)
                .map_err(|e| CompileError::io(format!("cannot read {}", runtime.display()), e))?;
            members.push(crate::library::archive::Member { name: "w2n_runtime.o".into(), bytes });
            let archive = crate::library::archive::write(&members)?;
            std::fs::write(output, archive).map_err(|e| CompileError::io(format!("cannot write {}", output.display()), e))
        }
        LibraryKind::Shared => {
            if linker != Linker::CcDriver {
                return Err(CompileError::Target(format!(
                    "shared libraries for `{target}` are not supported: its runtime is built for static linking \
                     only (crt-static musl); use `--emit staticlib`, or a glibc target"
                )));
            }
            let runtime = if opts.debug_info { runtime_object(target, linker, opts)? } else { runtime_lib::extract(target)? };
            // Exported: the module's C functions (what the module object
            // defines), by name, and the runtime's C API; everything else
            // (the runtime's internals, `--link` code) stays inside.
            let module_symbols = crate::host_imports::defined_symbols(&objects[..1])?;
            let mut script = String::from("{ global: w2n_*;");
            for s in module_symbols.iter().filter(|s| s.starts_with(&format!("{name}_"))) {
                script += &format!(" {s};");
            }
            script += " local: *; };\n";
            let scratch = output.with_extension("w2n-version-script");
            std::fs::write(&scratch, script)
                .map_err(|e| CompileError::io(format!("cannot write {}", scratch.display()), e))?;
            let (cc, base_args) = find_linker(target, opts)?;
            let mut cmd = Command::new(&cc);
            let soname = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            cmd.args(&base_args).arg("-shared").args(objects).arg(&runtime).arg("-o").arg(output);
            cmd.arg(format!("-Wl,--version-script={}", scratch.display()));
            cmd.arg(format!("-Wl,-soname,{soname}"));
            cmd.args(["-Wl,-Bsymbolic", "-Wl,--gc-sections"]);
            if opts.strip {
                cmd.arg("-Wl,--strip-all");
            } else if !opts.debug_info {
                cmd.arg("-Wl,--strip-debug");
            }
            cmd.args(["-lpthread", "-lm", "-ldl", "-lc"]);
            let result = run(cmd, target);
            let _ = std::fs::remove_file(&scratch);
            result
        }
    }
}

/// The runtime of `target` as one relocatable object (cached beside the
/// runtime archive), for static libraries.
fn runtime_object(target: &Triple, linker: Linker, opts: &LinkOptions) -> Result<PathBuf> {
    let archive = runtime_lib::extract(target)?;
    let object = archive.with_extension("nodebug.o");
    if object.exists() {
        return Ok(object);
    }
    let tmp = archive.with_extension(format!("tmp-{}.o", std::process::id()));
    let cmd = match linker {
        Linker::RustLldMusl => {
            let lld = opts.linker.clone().map(Ok).unwrap_or_else(|| targets::musl_toolchain(&target.to_string()).map(|m| m.lld))?;
            let mut cmd = Command::new(lld);
            cmd.args(["-flavor", "gnu", "-r", "--strip-debug", "--whole-archive"]).arg(&archive).arg("-o").arg(&tmp);
            cmd
        }
        _ => {
            let (cc, base_args) = find_linker(target, opts)?;
            let mut cmd = Command::new(cc);
            cmd.args(&base_args).args(["-r", "-nostdlib", "-Wl,--strip-debug", "-Wl,--whole-archive"]);
            cmd.arg(&archive).arg("-Wl,--no-whole-archive").arg("-o").arg(&tmp);
            cmd
        }
    };
    run(cmd, target)?;
    // rust-lld keeps debug sections in `-r` output whatever `--strip-debug`
    // says: leave them out here, for every linker alike.
    let read = |path: &Path| std::fs::read(path).map_err(|e| CompileError::io(format!("cannot read {}", path.display()), e));
    let stripped = exclude_debug_sections(read(&tmp)?)?;
    std::fs::write(&tmp, stripped).map_err(|e| CompileError::io(format!("cannot write {}", tmp.display()), e))?;
    std::fs::rename(&tmp, &object).map_err(|e| CompileError::io(format!("cannot write {}", object.display()), e))?;
    Ok(object)
}

/// Marks the debug sections of a relocatable ELF object (and their
/// relocations) `SHF_EXCLUDE`, so that the link it is an input of leaves
/// them out. (Removing sections would mean rewriting the object: its COMDAT
/// groups, symbol and relocation tables all number sections.)
fn exclude_debug_sections(mut object: Vec<u8>) -> Result<Vec<u8>> {
    use object::read::elf::{FileHeader, SectionHeader};
    use object::Endian;
    let err = |e: object::read::Error| CompileError::Object(format!("cannot read the runtime object: {e}"));
    let header = object::elf::FileHeader64::<object::Endianness>::parse(&*object).map_err(err)?;
    let endian = header.endian().map_err(err)?;
    let table = header.sections(endian, &*object).map_err(err)?;
    let shoff = header.e_shoff(endian) as usize;
    let entsize = header.e_shentsize(endian) as usize;
    let mut patches = Vec::new();
    for (index, section) in table.iter().enumerate() {
        let name = table.section_name(endian, section).map_err(err)?;
        if name.starts_with(b".debug_") || name.starts_with(b".rela.debug_") {
            patches.push((index, section.sh_flags(endian) | u64::from(object::elf::SHF_EXCLUDE)));
        }
    }
    let flags_at = std::mem::offset_of!(object::elf::SectionHeader64<object::Endianness>, sh_flags);
    for (index, flags) in patches {
        let at = shoff + index * entsize + flags_at;
        object[at..at + 8].copy_from_slice(&endian.write_u64(flags));
    }
    Ok(object)
}

fn cc_command(target: &Triple, objects: &[PathBuf], runtime: &Path, output: &Path, opts: &LinkOptions) -> Result<Command> {
    let (linker, base_args) = find_linker(target, opts)?;
    let mut cmd = Command::new(&linker);
    cmd.args(&base_args).args(objects).arg(runtime).arg("-o").arg(output);
    if target.operating_system == OperatingSystem::Linux {
        // The runtime's debug info (from the standard library) is most of
        // the file and nothing uses it: backtraces come from our own tables.
        cmd.arg("-Wl,--gc-sections");
        if opts.strip {
            cmd.arg("-Wl,--strip-all");
        } else if !opts.debug_info {
            cmd.arg("-Wl,--strip-debug");
        }
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
    cmd.args(["-flavor", "gnu", "-static", "--gc-sections", "--no-undefined"]);
    if opts.strip {
        cmd.arg("--strip-all");
    } else if !opts.debug_info {
        cmd.arg("--strip-debug");
    }
    cmd.arg("-o")
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
