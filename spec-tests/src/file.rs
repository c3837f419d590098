//! One `.wast` file, in this process: parse, compile every module, link
//! and load, run every command. Each command's outcome is streamed to a
//! sink as soon as it is known (so a crash loses nothing already run).

use std::path::Path;

use crate::objects::{self, Loaded};
use crate::script::{self, Command, Located};
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
    sink(Event::Total(script::count(&script.commands)));
    let loaded = objects::build(&script.modules, objects::version_for(path));
    match Runner::new(&loaded) {
        Ok(mut runner) => {
            run_commands(&mut runner, &script.commands, &loaded, sink);
            // Instances go before the code they run.
            runner.finish();
        }
        Err(e) => fail_all(&script.commands, &e, sink),
    }
    drop(loaded);
}

/// Runs `commands` in order on `runner`, reporting each. A `thread` runs its
/// commands on a new OS thread with a runner of its own; their outcomes are
/// reported when it is waited for (or, if never, when the commands end).
fn run_commands<'a>(runner: &mut Runner<'_>, commands: &'a [Located<'a>], loaded: &Loaded, sink: &mut dyn FnMut(Event)) {
    std::thread::scope(|scope| {
        let mut threads: Vec<Running<'_, '_>> = Vec::new();
        for c in commands {
            let outcome = match &c.command {
                Command::Thread { name, shared, commands } => runner.thread_start(*shared).and_then(|start| {
                    let thread = std::thread::Builder::new()
                        .name(format!("wast thread {name}"))
                        .stack_size(crate::RUN_STACK_SIZE)
                        .spawn_scoped(scope, move || {
                            let mut events = Vec::new();
                            match Runner::for_thread(loaded, start) {
                                Ok(mut r) => {
                                    run_commands(&mut r, commands, loaded, &mut |e| events.push(e));
                                    r.finish();
                                }
                                Err(e) => fail_all(commands, &e, &mut |e| events.push(e)),
                            }
                            events
                        })
                        .map_err(|e| format!("cannot start a thread: {e}"));
                    match thread {
                        Ok(handle) => {
                            threads.push(Running { name, handle, commands });
                            Ok(())
                        }
                        Err(e) => {
                            fail_all(commands, &e, sink);
                            Err(e)
                        }
                    }
                }),
                Command::Wait { thread } => match threads.iter().position(|t| t.name == *thread) {
                    Some(i) => threads.remove(i).join(sink),
                    None => Err(format!("no running thread named {thread}")),
                },
                command => std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| runner.run(command)))
                    .unwrap_or_else(|p| Err(format!("harness panicked: {}", panic_message(&*p)))),
            };
            sink(Event::Command {
                line: c.line,
                outcome: outcome.map_err(|e| format!("{}: {e}", describe(&c.command))),
            });
        }
        // Threads no one waited for still report what they ran.
        for thread in threads {
            let _ = thread.join(sink);
        }
    });
}

/// A thread started by a `thread` command.
struct Running<'scope, 'a> {
    name: &'a str,
    handle: std::thread::ScopedJoinHandle<'scope, Vec<Event>>,
    commands: &'a [Located<'a>],
}

impl Running<'_, '_> {
    /// Waits for the thread and reports its commands; a thread that
    /// panicked outside its commands fails them all.
    fn join(self, sink: &mut dyn FnMut(Event)) -> Result<(), String> {
        match self.handle.join() {
            Ok(events) => {
                events.into_iter().for_each(sink);
                Ok(())
            }
            Err(p) => {
                let message = format!("thread panicked: {}", panic_message(&*p));
                fail_all(self.commands, &message, sink);
                Err(message)
            }
        }
    }
}

/// Reports every command of `commands` (those of threads included) as
/// failed with `message`.
fn fail_all(commands: &[Located<'_>], message: &str, sink: &mut dyn FnMut(Event)) {
    for c in commands {
        sink(Event::Command {
            line: c.line,
            outcome: Err(message.to_string()),
        });
        if let Command::Thread { commands, .. } = &c.command {
            fail_all(commands, message, sink);
        }
    }
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
        Command::Thread { .. } => "thread",
        Command::Wait { .. } => "wait",
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
