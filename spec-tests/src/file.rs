//! One `.wast` file, in this process: parse, compile every module, link
//! and load, run every command. Each command's outcome is streamed to a
//! sink as soon as it is known (so a crash loses nothing already run).

use std::path::Path;

use crate::objects;
use crate::script::{self, Command};
use crate::wast_runner::Runner;

/// What happens while a file runs.
pub enum Event {
    /// The number of commands, known once the file is parsed.
    Total(usize),
    /// A command (1-based line) passed or failed.
    Command {
        /// Line of the command.
        line: usize,
        /// `Err` says what differed.
        outcome: Result<(), String>,
    },
}

/// Runs the file at `path`, reporting to `sink`.
pub fn run_file(path: &Path, sink: &mut dyn FnMut(Event)) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return fail_whole(sink, format!("cannot read {}: {e}", path.display()), 1),
    };
    let text = crate::legacy_syntax::flatten_legacy_try(&text);
    // The suite's `names.wast` has bidirectional-override characters in
    // export names on purpose.
    let mut lexer = wast::lexer::Lexer::new(&text);
    lexer.allow_confusing_unicode(true);
    let buf = match wast::parser::ParseBuffer::new_with_lexer(lexer) {
        Ok(b) => b,
        Err(e) => return fail_whole(sink, format!("cannot parse: {e}"), count_forms(&text)),
    };
    let wast = match wast::parser::parse::<wast::Wast>(&buf) {
        Ok(w) => w,
        Err(mut e) => {
            e.set_path(path);
            e.set_text(&text);
            return fail_whole(sink, format!("cannot parse: {e}"), count_forms(&text));
        }
    };
    let script = script::flatten(wast, &text);
    sink(Event::Total(script.commands.len()));
    let loaded = objects::build(&script.modules, objects::version_for(path));
    let mut runner = match Runner::new(&loaded) {
        Ok(r) => Some(r),
        Err(e) => {
            for c in &script.commands {
                sink(Event::Command {
                    line: c.line,
                    outcome: Err(e.clone()),
                });
            }
            None
        }
    };
    if let Some(r) = runner.as_mut() {
        for c in &script.commands {
            let outcome =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| r.run(&c.command)))
                    .unwrap_or_else(|p| Err(format!("harness panicked: {}", panic_message(&*p))))
                    .map_err(|e| format!("{}: {e}", describe(&c.command)));
            sink(Event::Command {
                line: c.line,
                outcome,
            });
        }
    }
    // Instances go before the code they run.
    if let Some(r) = runner {
        r.finish();
    }
    drop(loaded);
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// A file that cannot be run: all its `commands` fail, the first with
/// `message`.
fn fail_whole(sink: &mut dyn FnMut(Event), message: String, commands: usize) {
    let commands = commands.max(1);
    sink(Event::Total(commands));
    sink(Event::Command {
        line: 0,
        outcome: Err(message),
    });
    for _ in 1..commands {
        sink(Event::Command {
            line: 0,
            outcome: Err("file not parsed".into()),
        });
    }
}

/// The number of top-level s-expressions of a script (its commands), for
/// scripts the parser rejects. Skips strings and both kinds of comments.
pub fn count_forms(text: &str) -> usize {
    let b = text.as_bytes();
    let (mut i, mut depth, mut forms) = (0, 0usize, 0);
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b';' if b.get(i + 1) == Some(&b';') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'(' if b.get(i + 1) == Some(&b';') => {
                let mut nest = 0;
                while i < b.len() {
                    if b[i] == b'(' && b.get(i + 1) == Some(&b';') {
                        nest += 1;
                        i += 1;
                    } else if b[i] == b';' && b.get(i + 1) == Some(&b')') {
                        nest -= 1;
                        i += 1;
                        if nest == 0 {
                            break;
                        }
                    }
                    i += 1;
                }
            }
            b'(' => {
                if depth == 0 {
                    forms += 1;
                }
                depth += 1;
            }
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    forms
}

/// The kind of a command, for messages.
pub fn describe(command: &Command<'_>) -> &'static str {
    match command {
        Command::Module { .. } => "module",
        Command::Definition { .. } => "module definition",
        Command::Instance { .. } => "module instance",
        Command::Register { .. } => "register",
        Command::Action(_) => "action",
        Command::AssertReturn { .. } => "assert_return",
        Command::AssertTrap { .. } => "assert_trap",
        Command::AssertExhaustion { .. } => "assert_exhaustion",
        Command::AssertUninstantiable { .. } => "assert_uninstantiable",
        Command::AssertUnlinkable { .. } => "assert_unlinkable",
        Command::AssertRejected { .. } => "assert_malformed/invalid",
        Command::Unsupported(_) => "unsupported",
        Command::AssertException { .. } => "assert_exception",
    }
}

#[cfg(test)]
mod tests {
    use super::count_forms;

    #[test]
    fn counts_top_level_forms() {
        let text = "(module (func)) ;; (x)\n(; (a) (; (b) ;) ;)\n(assert_return (invoke \"a)\\\"(\") (i32.const 1))\n(register \"m\")";
        assert_eq!(count_forms(text), 3);
    }
}
