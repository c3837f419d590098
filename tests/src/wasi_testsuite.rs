//! The official WASI test suite (`wasi-testsuite`, corpus folder
//! `wasi-testsuite`): finding its cases, reading their JSON specifications,
//! compiling each module with the grants it asks for, running it and
//! comparing the outcome.
//!
//! Layout: `tests/<language>/testsuite/<target>/NAME.wasm`, each with an
//! optional `NAME.json` next to it (`manifest.json` only names the suite).
//! A specification may hold `args` (after `argv[0]`, which is the module's
//! file name), `env` (the guest's whole environment), `root` (a folder next
//! to the module, preopened as the guest's `/`), `dirs` (older form: folders
//! preopened under their own names), `exit_code` (default 0), and `stdout`
//! and `stderr`, which are compared exactly when present (the suite's rule:
//! absent means "not checked").
//!
//! Preopened folders are copied into a fresh scratch directory first (the
//! corpus is read-only, and tests that write must not see each other's
//! leftovers); `*.cleanup` artifacts are not copied.

use crate::process::{self, Output, Status};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One test: a module and its specification.
#[derive(Debug, Clone)]
pub struct TestCase {
    /// The language folder (`assemblyscript`, `c`, `rust`).
    pub language: String,
    /// The module's name without `.wasm`.
    pub name: String,
    /// The module.
    pub wasm: PathBuf,
    pub spec: Spec,
}

impl TestCase {
    /// `language/name`, for reports.
    pub fn label(&self) -> String {
        format!("{}/{}", self.language, self.name)
    }

    /// The folder holding the module (and its `root`/`dirs` folders).
    pub fn dir(&self) -> &Path {
        self.wasm.parent().unwrap_or(Path::new("."))
    }
}

/// A test's JSON specification, defaults filled in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Spec {
    pub args: Vec<String>,
    /// In the order the JSON lists them.
    pub env: Vec<(String, String)>,
    pub root: Option<String>,
    pub dirs: Vec<String>,
    pub exit_code: i32,
    pub stdout: Option<String>,
    pub stderr: Option<String>,
}

impl Spec {
    /// Parses a specification; unknown keys are ignored (as the reference
    /// runner does, with a warning).
    pub fn parse(text: &str) -> Result<Spec, String> {
        let value = json::parse(text)?;
        let json::Value::Object(fields) = value else {
            return Err("the specification is not a JSON object".into());
        };
        let mut spec = Spec::default();
        for (key, v) in fields {
            let bad = |what: &str| format!("`{key}` must be {what}");
            match key.as_str() {
                "args" => spec.args = v.strings().ok_or_else(|| bad("a list of strings"))?,
                "dirs" => spec.dirs = v.strings().ok_or_else(|| bad("a list of strings"))?,
                "env" => {
                    let json::Value::Object(vars) = v else { return Err(bad("an object")) };
                    for (name, value) in vars {
                        let json::Value::String(value) = value else { return Err(bad("an object of strings")) };
                        spec.env.push((name, value));
                    }
                }
                "root" => match v {
                    json::Value::String(s) => spec.root = Some(s),
                    json::Value::Null => spec.root = None,
                    _ => return Err(bad("a string")),
                },
                "exit_code" => {
                    let json::Value::Number(n) = v else { return Err(bad("a number")) };
                    spec.exit_code = i32::try_from(n).map_err(|_| bad("an exit status"))?;
                }
                "stdout" => spec.stdout = Some(v.string().ok_or_else(|| bad("a string"))?),
                "stderr" => spec.stderr = Some(v.string().ok_or_else(|| bad("a string"))?),
                _ => {}
            }
        }
        Ok(spec)
    }
}

/// Every test below `corpus/tests`, sorted by language and name.
pub fn discover(corpus: &Path) -> Result<Vec<TestCase>, String> {
    let tests = corpus.join("tests");
    let mut cases = Vec::new();
    let mut stack = vec![tests.clone()];
    while let Some(dir) = stack.pop() {
        let entries = fs::read_dir(&dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("reading {}: {e}", dir.display()))?.path();
            if path.is_dir() {
                // Preopened data folders are not suites.
                if !path.join("manifest.json").exists() && dir.join("manifest.json").exists() {
                    continue;
                }
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "wasm") {
                cases.push(load_case(&tests, &path)?);
            }
        }
    }
    cases.sort_by(|a, b| (&a.language, &a.name).cmp(&(&b.language, &b.name)));
    Ok(cases)
}

fn load_case(tests: &Path, wasm: &Path) -> Result<TestCase, String> {
    let language = wasm
        .strip_prefix(tests)
        .ok()
        .and_then(|rel| rel.components().next())
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = wasm.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let json = wasm.with_extension("json");
    let spec = if json.exists() {
        let text = fs::read_to_string(&json).map_err(|e| format!("reading {}: {e}", json.display()))?;
        Spec::parse(&text).map_err(|e| format!("{}: {e}", json.display()))?
    } else {
        Spec::default()
    };
    Ok(TestCase { language, name, wasm: wasm.to_path_buf(), spec })
}

/// Copies the folder `from` to `to` (which must not exist): directories,
/// files and symlinks, made writable by their owner; `*.cleanup` entries
/// (leftovers of earlier runs) are skipped.
pub fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let err = |what: &str, p: &Path, e: std::io::Error| format!("{what} {}: {e}", p.display());
    fs::create_dir(to).map_err(|e| err("creating", to, e))?;
    fs::set_permissions(to, fs::Permissions::from_mode(0o755)).map_err(|e| err("chmod", to, e))?;
    for entry in fs::read_dir(from).map_err(|e| err("reading", from, e))? {
        let entry = entry.map_err(|e| err("reading", from, e))?;
        let name = entry.file_name();
        if name.to_string_lossy().ends_with(".cleanup") {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(&name));
        let ty = entry.file_type().map_err(|e| err("stat", &src, e))?;
        if ty.is_symlink() {
            let target = fs::read_link(&src).map_err(|e| err("readlink", &src, e))?;
            std::os::unix::fs::symlink(target, &dst).map_err(|e| err("symlink", &dst, e))?;
        } else if ty.is_dir() {
            copy_tree(&src, &dst)?;
        } else {
            fs::copy(&src, &dst).map_err(|e| err("copying", &src, e))?;
            fs::set_permissions(&dst, fs::Permissions::from_mode(0o644)).map_err(|e| err("chmod", &dst, e))?;
        }
    }
    Ok(())
}

/// Copies the folders `case` preopens into `scratch` and returns the
/// `--dir HOST::GUEST` grants for them.
pub fn prepare(case: &TestCase, scratch: &Path) -> Result<Vec<String>, String> {
    let mut grants = Vec::new();
    if let Some(root) = &case.spec.root {
        let host = scratch.join("root");
        copy_tree(&case.dir().join(root), &host)?;
        grants.push(format!("{}::/", host.display()));
    }
    for (i, dir) in case.spec.dirs.iter().enumerate() {
        let host = scratch.join(format!("dir{i}"));
        copy_tree(&case.dir().join(dir), &host)?;
        grants.push(format!("{}::{dir}", host.display()));
    }
    Ok(grants)
}

/// The `wasm2native compile` command for `case`, writing `exe`, with its
/// grants and environment baked in.
pub fn compile_command(compiler: &Path, case: &TestCase, exe: &Path, grants: &[String]) -> Command {
    let mut cmd = Command::new(compiler);
    cmd.arg("compile").arg(&case.wasm).arg("-o").arg(exe).args(["-j", "1"]);
    for grant in grants {
        cmd.arg("--dir").arg(grant);
    }
    for (name, value) in &case.spec.env {
        cmd.arg("--env").arg(format!("{name}={value}"));
    }
    cmd
}

/// The command running the executable of `case`: `argv[0]` is the module's
/// file name, then the arguments; nothing of the host environment reaches
/// it (run-time grant variables included).
pub fn run_command(case: &TestCase, exe: &Path, cwd: &Path) -> Command {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new(exe);
    cmd.arg0(format!("{}.wasm", case.name)).args(&case.spec.args).env_clear().current_dir(cwd);
    cmd
}

/// How a run differs from the specification: one entry per mismatch, each
/// with a diff.
pub fn compare(spec: &Spec, out: &Output) -> Vec<String> {
    let mut problems = Vec::new();
    if out.status != Status::Exited(spec.exit_code) {
        problems.push(format!("exit status: expected {}, got {}", spec.exit_code, out.status));
    }
    for (stream, expected, actual) in [("stdout", &spec.stdout, &out.stdout), ("stderr", &spec.stderr, &out.stderr)] {
        if let Some(expected) = expected {
            if expected.as_bytes() != actual.as_slice() {
                problems.push(format!(
                    "{stream} differs (- expected, + actual):\n{}",
                    crate::diff::diff(expected.as_bytes(), actual)
                ));
            }
        }
    }
    // Unchecked output is still worth seeing when something failed.
    if !problems.is_empty() && spec.stderr.is_none() && !out.stderr.is_empty() {
        problems.push(format!("stderr (not checked):\n{}", indent(&out.stderr_text())));
    }
    problems
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}

/// The outcome of one test.
#[derive(Debug)]
pub struct Outcome {
    pub label: String,
    pub language: String,
    /// Empty when the test passed.
    pub problems: Vec<String>,
}

/// Compiles and runs `case` in a fresh scratch directory with `compiler`.
pub fn run_case(compiler: &Path, case: &TestCase) -> Outcome {
    let problems = match try_run(compiler, case) {
        Ok(problems) => problems,
        Err(e) => vec![e],
    };
    Outcome { label: case.label(), language: case.language.clone(), problems }
}

fn try_run(compiler: &Path, case: &TestCase) -> Result<Vec<String>, String> {
    let scratch = tempfile::tempdir().map_err(|e| format!("tempdir: {e}"))?;
    let grants = prepare(case, scratch.path())?;
    let exe = scratch.path().join(&case.name);
    let out = process::run(&mut compile_command(compiler, case, &exe, &grants), process::COMPILE_TIMEOUT)?;
    if out.status != Status::Exited(0) {
        return Err(format!("compiling failed ({}):\n{}", out.status, indent(&out.stderr_text())));
    }
    let out = process::run(&mut run_command(case, &exe, scratch.path()), process::RUN_TIMEOUT)?;
    Ok(compare(&case.spec, &out))
}

/// A small JSON reader: enough for the suite's specifications (objects,
/// arrays, strings with every escape, integers, booleans, null).
pub mod json {
    /// A JSON value; object members keep their order.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Value {
        Null,
        Bool(bool),
        Number(i64),
        String(String),
        Array(Vec<Value>),
        Object(Vec<(String, Value)>),
    }

    impl Value {
        /// The string, if this is one.
        pub fn string(self) -> Option<String> {
            match self {
                Value::String(s) => Some(s),
                _ => None,
            }
        }

        /// The strings, if this is an array of them.
        pub fn strings(self) -> Option<Vec<String>> {
            match self {
                Value::Array(items) => items.into_iter().map(Value::string).collect(),
                _ => None,
            }
        }
    }

    /// Parses a whole document.
    pub fn parse(text: &str) -> Result<Value, String> {
        let mut p = Parser { s: text.as_bytes(), at: 0 };
        let v = p.value()?;
        p.space();
        if p.at != p.s.len() {
            return Err(p.error("trailing characters"));
        }
        Ok(v)
    }

    struct Parser<'a> {
        s: &'a [u8],
        at: usize,
    }

    impl Parser<'_> {
        fn error(&self, what: &str) -> String {
            format!("invalid JSON at byte {}: {what}", self.at)
        }

        fn space(&mut self) {
            while self.s.get(self.at).is_some_and(|c| c.is_ascii_whitespace()) {
                self.at += 1;
            }
        }

        fn eat(&mut self, c: u8) -> bool {
            self.space();
            if self.s.get(self.at) == Some(&c) {
                self.at += 1;
                true
            } else {
                false
            }
        }

        fn expect(&mut self, c: u8) -> Result<(), String> {
            if self.eat(c) {
                Ok(())
            } else {
                Err(self.error(&format!("expected `{}`", c as char)))
            }
        }

        fn value(&mut self) -> Result<Value, String> {
            self.space();
            match self.s.get(self.at) {
                Some(b'{') => self.object(),
                Some(b'[') => self.array(),
                Some(b'"') => self.string().map(Value::String),
                Some(b'-' | b'0'..=b'9') => self.number(),
                _ => {
                    for (word, v) in [("true", Value::Bool(true)), ("false", Value::Bool(false)), ("null", Value::Null)] {
                        if self.s[self.at..].starts_with(word.as_bytes()) {
                            self.at += word.len();
                            return Ok(v);
                        }
                    }
                    Err(self.error("expected a value"))
                }
            }
        }

        fn object(&mut self) -> Result<Value, String> {
            self.expect(b'{')?;
            let mut fields = Vec::new();
            if self.eat(b'}') {
                return Ok(Value::Object(fields));
            }
            loop {
                self.space();
                let key = self.string()?;
                self.expect(b':')?;
                fields.push((key, self.value()?));
                if self.eat(b'}') {
                    return Ok(Value::Object(fields));
                }
                self.expect(b',')?;
            }
        }

        fn array(&mut self) -> Result<Value, String> {
            self.expect(b'[')?;
            let mut items = Vec::new();
            if self.eat(b']') {
                return Ok(Value::Array(items));
            }
            loop {
                items.push(self.value()?);
                if self.eat(b']') {
                    return Ok(Value::Array(items));
                }
                self.expect(b',')?;
            }
        }

        fn number(&mut self) -> Result<Value, String> {
            let start = self.at;
            if self.s.get(self.at) == Some(&b'-') {
                self.at += 1;
            }
            while self.s.get(self.at).is_some_and(u8::is_ascii_digit) {
                self.at += 1;
            }
            let text = std::str::from_utf8(&self.s[start..self.at]).map_err(|_| self.error("bad number"))?;
            text.parse().map(Value::Number).map_err(|_| self.error("expected an integer"))
        }

        fn hex4(&mut self) -> Result<u32, String> {
            let digits = self.s.get(self.at..self.at + 4).ok_or_else(|| self.error("short \\u escape"))?;
            let text = std::str::from_utf8(digits).map_err(|_| self.error("bad \\u escape"))?;
            self.at += 4;
            u32::from_str_radix(text, 16).map_err(|_| self.error("bad \\u escape"))
        }

        fn string(&mut self) -> Result<String, String> {
            if self.s.get(self.at) != Some(&b'"') {
                return Err(self.error("expected a string"));
            }
            self.at += 1;
            let mut out = Vec::new();
            loop {
                let c = *self.s.get(self.at).ok_or_else(|| self.error("unterminated string"))?;
                self.at += 1;
                match c {
                    b'"' => return String::from_utf8(out).map_err(|_| self.error("string is not UTF-8")),
                    b'\\' => {
                        let e = *self.s.get(self.at).ok_or_else(|| self.error("unterminated escape"))?;
                        self.at += 1;
                        let ch = match e {
                            b'"' => '"',
                            b'\\' => '\\',
                            b'/' => '/',
                            b'b' => '\u{8}',
                            b'f' => '\u{c}',
                            b'n' => '\n',
                            b'r' => '\r',
                            b't' => '\t',
                            b'u' => {
                                let mut code = self.hex4()?;
                                if (0xD800..0xDC00).contains(&code) && self.s[self.at..].starts_with(b"\\u") {
                                    self.at += 2;
                                    let low = self.hex4()?;
                                    code = 0x10000 + ((code - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF);
                                }
                                char::from_u32(code).ok_or_else(|| self.error("bad \\u escape"))?
                            }
                            _ => return Err(self.error("unknown escape")),
                        };
                        out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                    }
                    _ => out.push(c),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_specifications() {
        let spec = Spec::parse(
            r#"{ "args": ["first", "the \"second\" arg", "3"],
                 "env": {"a": "text", "c": "new\nline", "u": "\u00e9\ud83d\ude00"},
                 "root": "fs-tests.dir", "exit_code": 33, "stdout": "hello", "future": [1, true, null] }"#,
        )
        .unwrap();
        assert_eq!(spec.args, ["first", "the \"second\" arg", "3"]);
        assert_eq!(spec.env[1], ("c".to_string(), "new\nline".to_string()));
        assert_eq!(spec.env[2].1, "é😀");
        assert_eq!(spec.root.as_deref(), Some("fs-tests.dir"));
        assert_eq!((spec.exit_code, spec.stdout.as_deref(), spec.stderr.as_deref()), (33, Some("hello"), None));
        assert_eq!(Spec::parse("{}").unwrap(), Spec::default());
        assert!(Spec::parse(r#"{"args": "x"}"#).unwrap_err().contains("args"));
        assert!(Spec::parse(r#"{"args": [}"#).is_err());
    }

    #[test]
    fn compares_only_what_is_specified() {
        let out = Output { status: Status::Exited(0), stdout: b"anything".to_vec(), stderr: b"noise".to_vec() };
        assert!(compare(&Spec::default(), &out).is_empty());
        let spec = Spec { stdout: Some("hello".into()), exit_code: 3, ..Spec::default() };
        let problems = compare(&spec, &out);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("expected 3"));
        assert!(problems[1].contains("stdout differs"));
    }

    #[test]
    fn copies_trees_without_cleanup_leftovers() {
        let tmp = tempfile::tempdir().unwrap();
        let src = tmp.path().join("src");
        fs::create_dir_all(src.join("sub")).unwrap();
        fs::write(src.join("sub/file"), "x").unwrap();
        fs::write(src.join("old.cleanup"), "").unwrap();
        std::os::unix::fs::symlink("sub/file", src.join("link")).unwrap();
        let dst = tmp.path().join("dst");
        copy_tree(&src, &dst).unwrap();
        assert_eq!(fs::read_to_string(dst.join("link")).unwrap(), "x");
        assert!(fs::symlink_metadata(dst.join("link")).unwrap().file_type().is_symlink());
        assert!(!dst.join("old.cleanup").exists());
    }
}
