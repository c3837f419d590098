//! Differential testing: random modules from wasm-smith, compiled by our
//! real AOT path and run, compared with a reference implementation.
//!
//! * [`generate`]: a case (module and plan of calls) from `(seed, index)`;
//! * [`aot`]: the plan on our compiled code; [`wasmi_ref`]: on the wasmi
//!   interpreter, in process (results, traps, final memories and globals),
//!   with relaxed SIMD rewritten to our deterministic choice
//!   ([`deterministic`]); [`wasmtime_ref`]: on `wasmtime wast`, for what
//!   wasmi does not implement (exceptions), and as a second opinion when
//!   wasmi disagrees with us;
//! * [`observed`]: outcomes and the comparison (NaNs by the spec's rules);
//! * [`typed_calls`]: typed function references in wasm-smith's modules;
//! * [`wast`]: a case as a `.wast` reproducer; [`shrink`]: minimizing one;
//! * [`campaign`]: batches of cases, each batch in a child process.

pub mod aot;
pub mod campaign;
pub mod deterministic;
pub mod generate;
pub mod observed;
pub mod shrink;
pub mod typed_calls;
pub mod wasmi_ref;
pub mod wasmtime_ref;
pub mod wast;

/// The proposals generated modules may use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Features {
    /// 128-bit SIMD.
    pub simd: bool,
    /// Relaxed SIMD (needs `simd`).
    pub relaxed_simd: bool,
    /// Exception handling (`try_table`, `throw`, `throw_ref`, tags).
    pub exceptions: bool,
    /// `return_call*`.
    pub tail_call: bool,
    /// 64-bit memories and tables.
    pub memory64: bool,
    /// Several memories.
    pub multi_memory: bool,
    /// Page sizes other than 64 KiB.
    pub custom_page_sizes: bool,
    /// 128-bit integer arithmetic on `i64` pairs.
    pub wide_arithmetic: bool,
    /// Arithmetic in constant expressions.
    pub extended_const: bool,
    /// `memory.copy/fill/init`, passive segments.
    pub bulk_memory: bool,
    /// `funcref`/`externref` values, several tables.
    pub reference_types: bool,
    /// Several results.
    pub multi_value: bool,
    /// Typed function references: direct calls rewritten as `call_ref`
    /// (see `typed_calls`).
    pub function_references: bool,
}

/// A feature's flag in [`Features`].
type Field = fn(&mut Features) -> &mut bool;

/// The names `--features` takes, each with its field.
const NAMES: [(&str, Field); 13] = [
    ("simd", |f| &mut f.simd),
    ("relaxed-simd", |f| &mut f.relaxed_simd),
    ("exceptions", |f| &mut f.exceptions),
    ("tail-call", |f| &mut f.tail_call),
    ("memory64", |f| &mut f.memory64),
    ("multi-memory", |f| &mut f.multi_memory),
    ("custom-page-sizes", |f| &mut f.custom_page_sizes),
    ("wide-arithmetic", |f| &mut f.wide_arithmetic),
    ("extended-const", |f| &mut f.extended_const),
    ("bulk-memory", |f| &mut f.bulk_memory),
    ("reference-types", |f| &mut f.reference_types),
    ("multi-value", |f| &mut f.multi_value),
    ("function-references", |f| &mut f.function_references),
];

impl Features {
    /// Every proposal the compiler implements.
    pub fn all() -> Features {
        let mut f = Features::none();
        for (_, field) in NAMES {
            *field(&mut f) = true;
        }
        f
    }

    /// WebAssembly 1.0 without its later additions.
    pub fn none() -> Features {
        Features {
            simd: false,
            relaxed_simd: false,
            exceptions: false,
            tail_call: false,
            memory64: false,
            multi_memory: false,
            custom_page_sizes: false,
            wide_arithmetic: false,
            extended_const: false,
            bulk_memory: false,
            reference_types: false,
            multi_value: false,
            function_references: false,
        }
    }

    /// Parses `--features`: a comma-separated list applied in order to
    /// `all`: `all`, `none`, a name (enable) or `-name` (disable).
    pub fn parse(spec: &str) -> Result<Features, String> {
        let mut f = Features::all();
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (name, on) = match item.strip_prefix('-') {
                Some(n) => (n, false),
                None => (item.strip_prefix('+').unwrap_or(item), true),
            };
            match name {
                "all" if on => f = Features::all(),
                "none" if on => f = Features::none(),
                _ => {
                    let (_, field) = NAMES.iter().find(|(n, _)| *n == name).ok_or_else(|| {
                        let names: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
                        format!("--features: unknown feature `{name}` (known: all, none, {})", names.join(", "))
                    })?;
                    *field(&mut f) = on;
                }
            }
        }
        Ok(f)
    }

    /// The canonical spelling, which `parse` reads back.
    pub fn spec(&self) -> String {
        let mut s = String::from("none");
        for (name, field) in NAMES {
            if *field(&mut self.clone()) {
                s.push(',');
                s.push_str(name);
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::Features;

    #[test]
    fn features_parse_and_round_trip() {
        assert_eq!(Features::parse("").unwrap(), Features::all());
        let f = Features::parse("-simd,-exceptions").unwrap();
        assert!(!f.simd && !f.exceptions && f.tail_call);
        assert_eq!(Features::parse(&f.spec()).unwrap(), f);
        assert_eq!(Features::parse("none,simd").unwrap().spec(), "none,simd");
        assert!(Features::parse("gc").unwrap_err().contains("unknown feature `gc`"));
    }
}
