//! What the guest of an executable gets: its environment and preopened
//! directories, from the settings baked in at compile time, the host
//! environment (with `--inherit-env`) and, when allowed, run-time grants:
//!
//! * `WASM2NATIVE_DIR=HOST[::GUEST]` grants a directory; more with
//!   `WASM2NATIVE_DIR_1`, `WASM2NATIVE_DIR_2`, ... (in numeric order);
//! * `WASM2NATIVE_ENV_<NAME>=value` gives the guest `NAME=value`;
//! * `WASM2NATIVE_INHERIT_NETWORK=1` lets a component use the host's
//!   network (`wasi:sockets`), as `--inherit-network` does.
//!
//! Later sources override earlier ones for the same variable: inherited
//! host environment, then compile-time `--env`, then run-time grants.

use std::path::PathBuf;

use wasm2native_abi::meta::RuntimeConfig;

/// Prefix of run-time directory grants.
pub const DIR_VAR: &str = "WASM2NATIVE_DIR";
/// Prefix of run-time environment grants.
pub const ENV_VAR_PREFIX: &str = "WASM2NATIVE_ENV_";
/// The run-time network grant.
pub const NETWORK_VAR: &str = "WASM2NATIVE_INHERIT_NETWORK";

/// The guest's environment and preopens.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct GuestConfig {
    /// `(name, value)` in order, names unique.
    pub env: Vec<(String, String)>,
    /// `(host directory, guest path)` in order.
    pub preopens: Vec<(PathBuf, String)>,
    /// The host's network may be used.
    pub network: bool,
}

/// Splits a `HOST[::GUEST]` grant; the guest path defaults to the host's.
pub fn parse_dir_grant(grant: &str) -> (PathBuf, String) {
    let g = wasm2native_abi::meta::DirGrant::parse(grant);
    (PathBuf::from(g.host), g.guest.to_string())
}

/// Sets `name` to `value`, replacing an earlier value in place.
pub(crate) fn set_var(env: &mut Vec<(String, String)>, name: &str, value: &str) {
    match env.iter_mut().find(|(n, _)| n == name) {
        Some(slot) => slot.1 = value.to_string(),
        None => env.push((name.to_string(), value.to_string())),
    }
}

/// Builds the guest configuration from the compile-time `config` and the
/// host environment `host_env`.
pub fn guest_config(config: &RuntimeConfig<'_>, host_env: &[(String, String)]) -> GuestConfig {
    let mut out = GuestConfig::default();
    if config.inherit_env {
        for (name, value) in host_env {
            set_var(&mut out.env, name, value);
        }
    }
    for (name, value) in &config.env {
        set_var(&mut out.env, name, value);
    }
    out.preopens = config.dirs.iter().map(|d| (PathBuf::from(d.host), d.guest.to_string())).collect();
    out.network = config.inherit_network;
    if config.runtime_grants {
        out.network |= host_env.iter().any(|(n, v)| n == NETWORK_VAR && v == "1");
        let mut dirs: Vec<(u64, &str)> = host_env
            .iter()
            .filter_map(|(name, value)| {
                let rest = name.strip_prefix(DIR_VAR)?;
                let n = match rest {
                    "" => 0,
                    _ => rest.strip_prefix('_')?.parse::<u64>().ok()?.checked_add(1)?,
                };
                Some((n, value.as_str()))
            })
            .collect();
        dirs.sort_by_key(|&(n, _)| n);
        out.preopens.extend(dirs.into_iter().map(|(_, grant)| parse_dir_grant(grant)));
        for (name, value) in host_env {
            if let Some(guest_name) = name.strip_prefix(ENV_VAR_PREFIX).filter(|n| !n.is_empty()) {
                set_var(&mut out.env, guest_name, value);
            }
        }
    }
    out
}

/// The host environment as strings (non-UTF-8 parts replaced).
pub fn host_env() -> Vec<(String, String)> {
    std::env::vars_os()
        .map(|(k, v)| (k.to_string_lossy().into_owned(), v.to_string_lossy().into_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm2native_abi::meta::{BoundsChecks, DirGrant};

    fn config(inherit_env: bool, runtime_grants: bool) -> RuntimeConfig<'static> {
        RuntimeConfig {
            bounds_checks: BoundsChecks::Guard,
            dirs: vec![DirGrant { host: "/data", guest: "/d" }],
            env: vec![("MODE", "fast"), ("HOME", "/guest")],
            inherit_env,
            runtime_grants,
            inherit_network: false,
            cpu_features: vec![],
            gc_heap_max: 0,
        }
    }

    fn host() -> Vec<(String, String)> {
        [
            ("HOME", "/root"),
            ("PATH", "/bin"),
            ("WASM2NATIVE_DIR_2", "/c::/cc"),
            ("WASM2NATIVE_DIR", "/a"),
            ("WASM2NATIVE_DIR_1", "/b::/bb"),
            ("WASM2NATIVE_DIRX", "/ignored"),
            ("WASM2NATIVE_ENV_MODE", "slow"),
            ("WASM2NATIVE_ENV_", "ignored"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn compile_time_only() {
        let c = guest_config(&config(false, false), &host());
        assert_eq!(c.env, pairs(&[("MODE", "fast"), ("HOME", "/guest")]));
        assert_eq!(c.preopens, vec![(PathBuf::from("/data"), "/d".to_string())]);
    }

    #[test]
    fn inherited_and_runtime_grants() {
        let c = guest_config(&config(true, true), &host());
        let env: Vec<_> = c.env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(&env[..2], &[("HOME", "/guest"), ("PATH", "/bin")]);
        assert!(env.contains(&("MODE", "slow")));
        assert!(env.contains(&("WASM2NATIVE_DIR", "/a")));
        let dirs: Vec<_> = c.preopens.iter().map(|(h, g)| (h.to_str().unwrap(), g.as_str())).collect();
        assert_eq!(dirs, [("/data", "/d"), ("/a", "/a"), ("/b", "/bb"), ("/c", "/cc")]);
    }

    #[test]
    fn dir_grants() {
        assert_eq!(parse_dir_grant("/x::y"), (PathBuf::from("/x"), "y".to_string()));
        assert_eq!(parse_dir_grant("."), (PathBuf::from("."), ".".to_string()));
    }
}
