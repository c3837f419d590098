//! The start-up check that this machine has the CPU features the compiler
//! let the code use (`--cpu native` on a newer machine, or the x86-64-v2
//! baseline on a very old one): without it the program would die of an
//! illegal instruction somewhere in the middle.

/// The features of `required` this machine lacks (unknown names count as
/// missing: the compiler is newer than this check).
pub fn missing<'a>(required: &[&'a str]) -> Vec<&'a str> {
    #[cfg(target_arch = "x86_64")]
    if let Some(missing) = leaf1::missing(required) {
        return missing;
    }
    missing_by_std(required)
}

/// `Err` with what to tell the user when this machine lacks a feature the
/// code of this `what` ("program", "library") was compiled to use.
pub fn check(required: &[&str], what: &str) -> Result<(), String> {
    let missing = missing(required);
    if missing.is_empty() {
        return Ok(());
    }
    Err(format!(
        "this {what} was compiled for CPU features this machine lacks: {}; recompile it with `--cpu baseline`",
        missing.join(", ")
    ))
}

fn missing_by_std<'a>(required: &[&'a str]) -> Vec<&'a str> {
    required.iter().copied().filter(|f| !has(f)).collect()
}

/// The x86-64-v2 baseline's features all sit in CPUID leaf 1's ECX: one
/// `cpuid` answers for them, where the standard library's detection
/// issues a dozen (each a VM exit under a hypervisor, together a
/// noticeable part of a hello-world's start-up).
#[cfg(target_arch = "x86_64")]
mod leaf1 {
    pub(super) const ECX_BITS: [(&str, u32); 6] =
        [("sse3", 0), ("ssse3", 9), ("cmpxchg16b", 13), ("sse4.1", 19), ("sse4.2", 20), ("popcnt", 23)];

    /// `None` when some required feature is not a leaf-1 ECX bit.
    pub fn missing<'a>(required: &[&'a str]) -> Option<Vec<&'a str>> {
        let bits: Vec<(&str, u32)> =
            required.iter().map(|f| ECX_BITS.iter().find(|(n, _)| n == f).copied()).collect::<Option<_>>()?;
        if bits.is_empty() {
            return Some(Vec::new());
        }
        let ecx = std::arch::x86_64::__cpuid(1).ecx;
        Some(bits.into_iter().filter(|(_, bit)| ecx & (1 << bit) == 0).map(|(n, _)| n).collect())
    }
}

#[cfg(target_arch = "x86_64")]
fn has(feature: &str) -> bool {
    use std::arch::is_x86_feature_detected as d;
    match feature {
        "sse3" => d!("sse3"),
        "ssse3" => d!("ssse3"),
        "sse4.1" => d!("sse4.1"),
        "sse4.2" => d!("sse4.2"),
        "popcnt" => d!("popcnt"),
        "cmpxchg16b" => d!("cmpxchg16b"),
        "avx" => d!("avx"),
        "avx2" => d!("avx2"),
        "fma" => d!("fma"),
        "bmi1" => d!("bmi1"),
        "bmi2" => d!("bmi2"),
        "lzcnt" => d!("lzcnt"),
        "avx512f" => d!("avx512f"),
        "avx512vl" => d!("avx512vl"),
        "avx512dq" => d!("avx512dq"),
        "avx512bitalg" => d!("avx512bitalg"),
        "avx512vbmi" => d!("avx512vbmi"),
        "avx512vnni" => d!("avx512vnni"),
        "avxvnni" => d!("avxvnni"),
        _ => false,
    }
}

#[cfg(target_arch = "aarch64")]
fn has(feature: &str) -> bool {
    use std::arch::is_aarch64_feature_detected as d;
    match feature {
        "lse" => d!("lse"),
        "paca" => d!("paca"),
        "fp16" => d!("fp16"),
        "dotprod" => d!("dotprod"),
        "i8mm" => d!("i8mm"),
        _ => false,
    }
}

#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
fn has(_feature: &str) -> bool {
    false
}

#[cfg(test)]
mod tests {
    #[test]
    fn reports_only_what_is_missing() {
        assert_eq!(super::missing(&["no-such-feature"]), vec!["no-such-feature"]);
        assert!(super::missing(&[]).is_empty());
        #[cfg(target_arch = "x86_64")]
        assert!(super::missing(&["sse4.2", "popcnt"]).is_empty(), "the machine CI runs on has x86-64-v2");
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn one_cpuid_agrees_with_the_standard_library() {
        for (name, _) in super::leaf1::ECX_BITS {
            assert_eq!(super::leaf1::missing(&[name]), Some(super::missing_by_std(&[name])), "{name}");
        }
        assert_eq!(super::leaf1::missing(&["sse4.2", "avx2"]), None);
    }
}
