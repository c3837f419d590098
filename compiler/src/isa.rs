//! Target triple + options → a Cranelift `TargetIsa`.

use cranelift_codegen::isa::{self, OwnedTargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use target_lexicon::{Architecture, BinaryFormat, OperatingSystem, Triple};

use crate::error::{CompileError, Result};
use crate::options::{CompileOptions, Cpu, OptLevel};

/// Whether code can be generated for `triple`.
pub fn check_target(triple: &Triple) -> Result<()> {
    crate::targets::lookup(triple)?;
    match triple.architecture {
        Architecture::X86_64 | Architecture::Aarch64(_) => {}
        other => {
            return Err(CompileError::Target(format!(
                "unsupported target `{triple}`: architecture {other} is not supported (supported: x86_64, aarch64)"
            )))
        }
    }
    match (triple.operating_system, triple.binary_format) {
        (OperatingSystem::Linux, _)
        | (OperatingSystem::Darwin(_), _)
        | (OperatingSystem::MacOSX(_), _)
        | (OperatingSystem::Windows, _) => Ok(()),
        (os, _) => Err(CompileError::Target(format!(
            "unsupported target `{triple}`: operating system {os} is not supported (supported: linux, darwin, windows)"
        ))),
    }
}

/// Builds the ISA for `opts.target`.
pub fn build(opts: &CompileOptions) -> Result<OwnedTargetIsa> {
    check_target(&opts.target)?;
    let mut flags = settings::builder();
    let set = |f: &mut settings::Builder, k: &str, v: &str| {
        f.set(k, v).map_err(|e| CompileError::Target(format!("cranelift setting {k}={v}: {e}")))
    };
    set(&mut flags, "opt_level", match opts.opt_level {
        OptLevel::None => "none",
        OptLevel::Speed => "speed",
        OptLevel::SpeedAndSize => "speed_and_size",
    })?;
    // ELF and Mach-O code is position independent (PIE executables, shared
    // libraries for the spec harness); Windows code is not compiled PIC:
    // it is relocated by base relocations, and COFF has no GOT relocations.
    let pic = opts.target.operating_system != OperatingSystem::Windows;
    set(&mut flags, "is_pic", if pic { "true" } else { "false" })?;
    // Backtraces walk the frame-pointer chain.
    set(&mut flags, "preserve_frame_pointers", "true")?;
    // Multi-value functions may return more values than fit in registers;
    // only code we generate calls wasm functions, so Cranelift's implicit
    // return area is safe on every target.
    set(&mut flags, "enable_multi_ret_implicit_sret", "true")?;
    // Stack overflow is detected by the prologue's stack-limit check.
    set(&mut flags, "enable_probestack", "false")?;
    set(&mut flags, "enable_verifier", if cfg!(debug_assertions) { "true" } else { "false" })?;
    set(&mut flags, "unwind_info", "false")?;
    let shared = settings::Flags::new(flags);

    let mut builder = if opts.cpu == Cpu::Native && opts.target == Triple::host() {
        cranelift_native::builder_with_options(true).map_err(|e| CompileError::Target(e.to_string()))?
    } else {
        if opts.cpu == Cpu::Native {
            return Err(CompileError::Options(format!(
                "--cpu native needs the target to be this machine ({}), not {}",
                Triple::host(),
                opts.target
            )));
        }
        isa::lookup(opts.target.clone()).map_err(|e| {
            CompileError::Target(format!("unsupported target `{}`: {e}", opts.target))
        })?
    };
    if opts.cpu == Cpu::Baseline && opts.target.architecture == Architecture::X86_64 {
        // x86-64-v2: every x86-64 CPU of the last fifteen years has it, and
        // it gives native float rounding (SSE4.1) and popcnt.
        for feature in ["sse42", "has_popcnt", "has_cmpxchg16b"] {
            builder
                .enable(feature)
                .map_err(|e| CompileError::Target(format!("cpu feature {feature}: {e}")))?;
        }
    }
    builder.finish(shared).map_err(|e| CompileError::Target(format!("cannot configure {}: {e}", opts.target)))
}

/// Whether the object format puts a leading underscore on C symbols.
pub fn symbol_underscore(triple: &Triple) -> bool {
    matches!(triple.binary_format, BinaryFormat::Macho)
        || matches!(triple.operating_system, OperatingSystem::Darwin(_) | OperatingSystem::MacOSX(_))
}

/// The CPU features `isa` lets generated code use, named as `std::arch`'s
/// feature detection names them, for the runtime's start-up check.
pub fn cpu_features(isa: &dyn cranelift_codegen::isa::TargetIsa) -> Vec<&'static str> {
    const NAMES: &[(&str, &str)] = &[
        ("has_sse3", "sse3"),
        ("has_ssse3", "ssse3"),
        ("has_sse41", "sse4.1"),
        ("has_sse42", "sse4.2"),
        ("has_popcnt", "popcnt"),
        ("has_cmpxchg16b", "cmpxchg16b"),
        ("has_avx", "avx"),
        ("has_avx2", "avx2"),
        ("has_fma", "fma"),
        ("has_bmi1", "bmi1"),
        ("has_bmi2", "bmi2"),
        ("has_lzcnt", "lzcnt"),
        ("has_avx512f", "avx512f"),
        ("has_avx512vl", "avx512vl"),
        ("has_avx512dq", "avx512dq"),
        ("has_avx512bitalg", "avx512bitalg"),
        ("has_avx512vbmi", "avx512vbmi"),
        ("has_avx512vnni", "avx512vnni"),
        ("has_avx_vnni", "avxvnni"),
        ("has_lse", "lse"),
        ("has_pauth", "paca"),
        ("has_fp16", "fp16"),
        ("has_dotprod", "dotprod"),
        ("has_i8mm", "i8mm"),
    ];
    isa.isa_flags()
        .iter()
        .filter(|v| v.as_bool() == Some(true))
        .filter_map(|v| NAMES.iter().find(|(flag, _)| *flag == v.name).map(|(_, name)| *name))
        .collect()
}
