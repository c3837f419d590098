//! A `.wast` file as a flat list of [`Command`]s plus the binary of every
//! module it mentions ([`ModuleSource`]), so that all modules can be
//! compiled (in parallel) and linked (once) before any command runs.

use wast::core::{WastArgCore, WastRetCore};
use wast::token::Span;
use wast::{QuoteWat, Wast, WastArg, WastDirective, WastExecute, WastInvoke, WastRet, Wat};

/// One module of the script, in order of appearance.
pub struct ModuleSource {
    /// The binary, or why the text could not be encoded.
    pub bytes: Result<Vec<u8>, String>,
    /// Whether the module is instantiated (or linked) by some command; the
    /// ones that must fail to compile are not linked.
    pub link: bool,
}

/// What the script asks to call or read.
pub enum Action<'a> {
    /// `invoke`: call an export.
    Invoke {
        /// Instance name (`None`: the current one).
        module: Option<&'a str>,
        /// Export name.
        name: &'a str,
        /// Arguments.
        args: Vec<WastArgCore<'a>>,
    },
    /// `get`: read an exported global.
    Get {
        /// Instance name (`None`: the current one).
        module: Option<&'a str>,
        /// Export name.
        name: &'a str,
    },
}

/// Why a module must not compile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// `assert_malformed`: must not decode.
    Malformed,
    /// `assert_invalid`: must not validate.
    Invalid,
}

/// One command of the script.
pub enum Command<'a> {
    /// `module`: compile, instantiate, make current (and name it).
    Module {
        /// Index into the module sources.
        module: usize,
        /// `$name`, if any.
        name: Option<&'a str>,
    },
    /// `module definition`: compile only; instantiated by [`Command::Instance`].
    Definition {
        /// Index into the module sources.
        module: usize,
        /// `$name`, if any.
        name: Option<&'a str>,
    },
    /// `module instance $i $m`.
    Instance {
        /// Name of the new instance.
        instance: Option<&'a str>,
        /// Name of the definition (`None`: the last one).
        definition: Option<&'a str>,
    },
    /// `register "name" $m`.
    Register {
        /// Name under which it is importable.
        as_name: &'a str,
        /// Instance (`None`: the current one).
        module: Option<&'a str>,
    },
    /// A bare `invoke` (or `get`): must not trap.
    Action(Action<'a>),
    /// `assert_return`.
    AssertReturn {
        /// What to run.
        action: Action<'a>,
        /// Expected results.
        results: Vec<WastRetCore<'a>>,
    },
    /// `assert_trap` of an action.
    AssertTrap {
        /// What to run.
        action: Action<'a>,
        /// Expected trap message (a prefix of the actual one).
        message: &'a str,
    },
    /// `assert_exhaustion`.
    AssertExhaustion {
        /// What to run.
        action: Action<'a>,
        /// Expected message.
        message: &'a str,
    },
    /// `assert_exception`: the call must end with an uncaught exception.
    AssertException {
        /// What to run.
        action: Action<'a>,
    },
    /// `assert_trap (module ...)` / `assert_uninstantiable`: instantiation
    /// must trap.
    AssertUninstantiable {
        /// Index into the module sources.
        module: usize,
        /// Expected trap message.
        message: &'a str,
    },
    /// `assert_unlinkable`: imports must not resolve.
    AssertUnlinkable {
        /// Index into the module sources.
        module: usize,
        /// Expected message.
        message: &'a str,
    },
    /// `assert_malformed` / `assert_invalid`: must not compile.
    AssertRejected {
        /// Index into the module sources.
        module: usize,
        /// Which kind of failure is expected.
        kind: Rejection,
        /// The reference interpreter's message.
        message: &'a str,
    },
    /// `thread $name (shared (module $m))? ...`: runs `commands` on a new
    /// OS thread, against instances of its own; the shared module's shared
    /// memories are importable there under its name.
    Thread {
        /// The thread's name.
        name: &'a str,
        /// The instance whose shared memories the thread sees.
        shared: Option<&'a str>,
        /// What the thread runs.
        commands: Vec<Located<'a>>,
    },
    /// `wait $name`: joins a thread; its commands' outcomes are reported.
    Wait {
        /// The thread's name.
        thread: &'a str,
    },
    /// Something this harness cannot run: always a failure.
    Unsupported(String),
}

impl Command<'_> {
    /// The commands this one stands for: itself and, for a thread, every
    /// command it runs.
    pub fn count(&self) -> usize {
        match self {
            Command::Thread { commands, .. } => 1 + count(commands),
            _ => 1,
        }
    }
}

/// The number of commands `commands` stand for, the threads' included.
pub fn count(commands: &[Located<'_>]) -> usize {
    commands.iter().map(|c| c.command.count()).sum()
}

/// A command and the line (1-based) it starts on.
pub struct Located<'a> {
    /// 1-based line number.
    pub line: usize,
    /// The command.
    pub command: Command<'a>,
}

/// A script ready to compile and run.
pub struct Script<'a> {
    /// The commands, in order.
    pub commands: Vec<Located<'a>>,
    /// The modules, indexed by the commands.
    pub modules: Vec<ModuleSource>,
}

/// Turns the parsed directives into commands, encoding every module.
pub fn flatten<'a>(wast: Wast<'a>, text: &str) -> Script<'a> {
    let mut script = Script {
        commands: Vec::new(),
        modules: Vec::new(),
    };
    script.commands = script.commands(wast.directives, text);
    script
}

/// 1-based line of a span.
pub fn line_of(span: Span, text: &str) -> usize {
    span.linecol_in(text).0 + 1
}

impl<'a> Script<'a> {
    fn add_module(&mut self, bytes: Result<Vec<u8>, String>, link: bool) -> usize {
        self.modules.push(ModuleSource { bytes, link });
        self.modules.len() - 1
    }

    fn add_quote(&mut self, mut module: QuoteWat<'a>, link: bool) -> usize {
        let bytes = match module {
            QuoteWat::QuoteComponent(..) | QuoteWat::Wat(Wat::Component(_)) => {
                Err("components are not supported".to_string())
            }
            _ => module.encode().map_err(|e| e.to_string()),
        };
        self.add_module(bytes, link)
    }

    fn add_wat(&mut self, mut module: Wat<'a>, link: bool) -> usize {
        let bytes = match module {
            Wat::Component(_) => Err("components are not supported".to_string()),
            Wat::Module(_) => module.encode().map_err(|e| e.to_string()),
        };
        self.add_module(bytes, link)
    }

    fn commands(&mut self, directives: Vec<WastDirective<'a>>, text: &str) -> Vec<Located<'a>> {
        directives
            .into_iter()
            .map(|directive| Located {
                line: line_of(directive.span(), text),
                command: self.command(directive, text),
            })
            .collect()
    }

    fn command(&mut self, directive: WastDirective<'a>, text: &str) -> Command<'a> {
        match directive {
            WastDirective::Module(module) => {
                let name = module.name().map(|id| id.name());
                Command::Module {
                    module: self.add_quote(module, true),
                    name,
                }
            }
            WastDirective::ModuleDefinition(module) => {
                let name = module.name().map(|id| id.name());
                Command::Definition {
                    module: self.add_quote(module, true),
                    name,
                }
            }
            WastDirective::ModuleInstance {
                instance, module, ..
            } => Command::Instance {
                instance: instance.map(|id| id.name()),
                definition: module.map(|id| id.name()),
            },
            WastDirective::Register { name, module, .. } => Command::Register {
                as_name: name,
                module: module.map(|id| id.name()),
            },
            WastDirective::Invoke(invoke) => match invoke_action(invoke) {
                Ok(action) => Command::Action(action),
                Err(e) => Command::Unsupported(e),
            },
            WastDirective::AssertReturn { exec, results, .. } => {
                let results: Result<Vec<_>, _> = results
                    .into_iter()
                    .map(|r| match r {
                        WastRet::Core(r) => Ok(r),
                        _ => Err("component-model result".to_string()),
                    })
                    .collect();
                match (exec, results) {
                    (_, Err(e)) => Command::Unsupported(e),
                    (WastExecute::Wat(module), Ok(results)) if results.is_empty() => {
                        // Instantiation that must succeed: a plain module.
                        Command::Module {
                            module: self.add_wat(module, true),
                            name: None,
                        }
                    }
                    (exec, Ok(results)) => match self.action(exec) {
                        Ok(action) => Command::AssertReturn { action, results },
                        Err(e) => Command::Unsupported(e),
                    },
                }
            }
            WastDirective::AssertTrap {
                exec: WastExecute::Wat(module),
                message,
                ..
            } => Command::AssertUninstantiable {
                module: self.add_wat(module, true),
                message,
            },
            WastDirective::AssertTrap { exec, message, .. } => match self.action(exec) {
                Ok(action) => Command::AssertTrap { action, message },
                Err(e) => Command::Unsupported(e),
            },
            WastDirective::AssertExhaustion { call, message, .. } => match invoke_action(call) {
                Ok(action) => Command::AssertExhaustion { action, message },
                Err(e) => Command::Unsupported(e),
            },
            WastDirective::AssertUnlinkable {
                module, message, ..
            } => Command::AssertUnlinkable {
                module: self.add_wat(module, true),
                message,
            },
            WastDirective::AssertMalformed {
                module, message, ..
            }
            | WastDirective::AssertMalformedCustom {
                module, message, ..
            } => Command::AssertRejected {
                module: self.add_quote(module, false),
                kind: Rejection::Malformed,
                message,
            },
            WastDirective::AssertInvalid {
                module, message, ..
            }
            | WastDirective::AssertInvalidCustom {
                module, message, ..
            } => Command::AssertRejected {
                module: self.add_quote(module, false),
                kind: Rejection::Invalid,
                message,
            },
            WastDirective::AssertException { exec, .. } => match self.action(exec) {
                Ok(action) => Command::AssertException { action },
                Err(e) => Command::Unsupported(e),
            },
            WastDirective::AssertSuspension { .. } => {
                Command::Unsupported("assert_suspension".into())
            }
            WastDirective::Thread(thread) => Command::Thread {
                name: thread.name.name(),
                shared: thread.shared_module.map(|id| id.name()),
                commands: self.commands(thread.directives, text),
            },
            WastDirective::Wait { thread, .. } => Command::Wait {
                thread: thread.name(),
            },
        }
    }

    fn action(&mut self, exec: WastExecute<'a>) -> Result<Action<'a>, String> {
        match exec {
            WastExecute::Invoke(invoke) => invoke_action(invoke),
            WastExecute::Get { module, global, .. } => Ok(Action::Get {
                module: module.map(|id| id.name()),
                name: global,
            }),
            WastExecute::Wat(_) => Err("module as an action".into()),
        }
    }
}

fn invoke_action(invoke: WastInvoke<'_>) -> Result<Action<'_>, String> {
    let args = invoke
        .args
        .into_iter()
        .map(|a| match a {
            WastArg::Core(a) => Ok(a),
            _ => Err("component-model argument".to_string()),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Action::Invoke {
        module: invoke.module.map(|id| id.name()),
        name: invoke.name,
        args,
    })
}
