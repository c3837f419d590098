//! The `.run` file of a case: how to run a module.
//!
//! One directive per line, `KEY VALUE`, where VALUE is the rest of the line
//! after one space, with the escapes `\n`, `\t`, `\\` and `\xHH`. Blank lines
//! and lines starting with `#` are ignored. Paths on the host side are
//! relative to the case's scratch directory, a fresh temporary directory.
//!
//! ```text
//! module NAME            run programs/wasm/NAME.wasm (default: the case name)
//! arg VALUE              one command-line argument (may be empty)
//! env NAME=VALUE         an environment variable granted to the program
//! hostenv NAME=VALUE     set in the host environment only; must stay invisible
//! stdin TEXT             append TEXT to the program's stdin (default: empty, /dev/null)
//! dir HOST::GUEST        grant scratch/HOST (created if missing) as GUEST
//! mkdir PATH             create scratch/PATH (and parents) before the run
//! file PATH TEXT         create scratch/PATH containing TEXT before the run
//! symlink PATH TARGET    create the symlink scratch/PATH -> TARGET before the run
//! absent PATH            after the run, scratch/PATH must not exist
//! contains PATH TEXT     after the run, scratch/PATH must contain exactly TEXT
//! trap MESSAGE           the run traps with MESSAGE; needed only where
//!                        wasmtime's wording fits several of ours
//! wasmtime FLAG          an option wasmtime (the reference) needs for the
//!                        module, e.g. `-W custom-page-sizes=y`
//! ```
//!
//! A `.wat` case carries its directives in comment lines `;; run: KEY VALUE`.

use std::path::Path;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunSpec {
    /// Module name, for program cases: `programs/wasm/<module>.wasm`.
    pub module: Option<String>,
    pub args: Vec<String>,
    /// Granted environment variables, `(name, value)`.
    pub env: Vec<(String, String)>,
    /// What the program reads on stdin; `None`: /dev/null.
    pub stdin: Option<String>,
    /// Variables set only in the host process environment.
    pub host_env: Vec<(String, String)>,
    /// Granted directories: (host path relative to the scratch dir, guest path).
    pub dirs: Vec<(String, String)>,
    pub setup: Vec<Setup>,
    pub checks: Vec<Check>,
    /// The expected trap message, when wasmtime's wording is ambiguous.
    pub trap: Option<String>,
    /// Options wasmtime needs to run the module (proposals it does not
    /// enable by default).
    pub wasmtime_flags: Vec<String>,
}

/// Something to prepare in the scratch directory before the run.
#[derive(Debug, Clone, PartialEq)]
pub enum Setup {
    Mkdir(String),
    File(String, String),
    Symlink(String, String),
}

/// Something to verify in the scratch directory after the run.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    Absent(String),
    Contains(String, String),
}

impl RunSpec {
    pub fn load(path: &Path) -> Result<RunSpec, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        RunSpec::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn parse(text: &str) -> Result<RunSpec, String> {
        let mut spec = RunSpec::default();
        for (index, line) in text.lines().enumerate() {
            spec.directive(line).map_err(|e| format!("line {}: {e}", index + 1))?;
        }
        Ok(spec)
    }

    fn directive(&mut self, line: &str) -> Result<(), String> {
        if line.trim().is_empty() || line.starts_with('#') {
            return Ok(());
        }
        let (key, raw) = line.split_once(' ').unwrap_or((line, ""));
        let value = unescape(raw)?;
        match key {
            "module" => self.module = Some(value),
            "arg" => self.args.push(value),
            "env" => self.env.push(split_pair(&value, "=")?),
            "hostenv" => self.host_env.push(split_pair(&value, "=")?),
            "stdin" => self.stdin.get_or_insert_with(String::new).push_str(&value),
            "dir" => self.dirs.push(split_pair(&value, "::")?),
            "mkdir" => self.setup.push(Setup::Mkdir(value)),
            // PATH and TARGET are split before unescaping, so TEXT may contain spaces.
            "file" => {
                let (path, text) = split_raw(raw)?;
                self.setup.push(Setup::File(path, text));
            }
            "symlink" => {
                let (path, target) = split_raw(raw)?;
                self.setup.push(Setup::Symlink(path, target));
            }
            "absent" => self.checks.push(Check::Absent(value)),
            "trap" => self.trap = Some(value),
            "wasmtime" => self.wasmtime_flags.extend(value.split_whitespace().map(str::to_string)),
            "contains" => {
                let (path, text) = split_raw(raw)?;
                self.checks.push(Check::Contains(path, text));
            }
            _ => return Err(format!("unknown directive {key:?}")),
        }
        Ok(())
    }
}

fn split_pair(value: &str, sep: &str) -> Result<(String, String), String> {
    value
        .split_once(sep)
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .ok_or_else(|| format!("expected A{sep}B, got {value:?}"))
}

/// `PATH REST`: the first word and the rest, both unescaped.
fn split_raw(raw: &str) -> Result<(String, String), String> {
    let (path, rest) = raw.split_once(' ').unwrap_or((raw, ""));
    if path.is_empty() {
        return Err("missing path".into());
    }
    Ok((unescape(path)?, unescape(rest)?))
}

/// Resolves `\n`, `\t`, `\\` and `\xHH` (a byte below 0x80).
pub fn unescape(s: &str) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                let byte = u8::from_str_radix(&hex, 16)
                    .ok()
                    .filter(|b| b.is_ascii())
                    .ok_or_else(|| format!("bad escape \\x{hex}"))?;
                out.push(byte as char);
            }
            other => return Err(format!("bad escape \\{}", other.map(String::from).unwrap_or_default())),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_directive() {
        let spec = RunSpec::parse(
            "# comment\n\nmodule traps\ntrap unreachable\nstdin a b\\n\nstdin c\narg div zero\narg\nenv A=b=c\nhostenv S=1\n\
             dir sb::/sandbox\nmkdir sb/sub\nfile sb/f.txt two words\\n\n\
             symlink sb/up ../x\nabsent x\ncontains sb/r.txt done\\n\n",
        )
        .unwrap();
        assert_eq!(spec.module.as_deref(), Some("traps"));
        assert_eq!(spec.trap.as_deref(), Some("unreachable"));
        assert_eq!(spec.stdin.as_deref(), Some("a b\nc"));
        assert_eq!(spec.args, ["div zero", ""]);
        assert_eq!(spec.env, [("A".into(), "b=c".into())]);
        assert_eq!(spec.host_env, [("S".into(), "1".into())]);
        assert_eq!(spec.dirs, [("sb".into(), "/sandbox".into())]);
        assert_eq!(
            spec.setup,
            [
                Setup::Mkdir("sb/sub".into()),
                Setup::File("sb/f.txt".into(), "two words\n".into()),
                Setup::Symlink("sb/up".into(), "../x".into()),
            ]
        );
        assert_eq!(
            spec.checks,
            [Check::Absent("x".into()), Check::Contains("sb/r.txt".into(), "done\n".into())]
        );
    }

    #[test]
    fn rejects_unknown_directives_and_bad_escapes() {
        assert!(RunSpec::parse("frobnicate x").unwrap_err().contains("line 1"));
        assert!(RunSpec::parse("arg \\q").is_err());
        assert!(RunSpec::parse("env NOEQUALS").is_err());
        assert_eq!(unescape("a\\x20b\\tc\\\\").unwrap(), "a b\tc\\");
    }
}
