//! The process entry of component executables: the `main` the compiler
//! emits calls [`wasm2native_component_main`] with the component's
//! descriptor, which instantiates its core modules in the plan's order,
//! each import bound to an earlier instance's export or to a host call,
//! and calls the core function `wasi:cli/run` lifts.
//!
//! A host call is a trampoline of the compiler's, bound to the import as a
//! host function whose `vmctx` is the component's [`State`]; it calls
//! [`wasm2native_component_call`], which lifts the arguments (the
//! canonical ABI, over the lowering's memory and realloc and the
//! component's handle table), runs the WASI 0.2 or 0.3 host function
//! (`wasm2native_wasi::p2`, `p3`) and lowers its result, or runs a
//! built-in of the async ABI (`tasks`). A canonical ABI error ends the
//! program with its message. An `async` `run` is driven by `tasks`.
//!
//! Exit statuses: 0 when `run` returns `ok`, 1 when it returns `err` (as
//! wasmtime), 134 on a trap (reported on stderr; a misused built-in of the
//! async ABI and a task that cannot go on are traps too), 1 on an error of
//! the canonical ABI in a host call (a bad handle, bad UTF-8: wasmtime
//! reports these as errors) and when the component cannot be set up.

use std::ffi::c_char;

use wasm2native_abi::canonical::handles::{Entry, Handle, HandleTable, Waitable, WaitableKind};
use wasm2native_abi::canonical::tasks::{subtask_state, Pipe};
use wasm2native_abi::canonical::values::{self, Guest, Trap as CanonTrap, Val};
use wasm2native_abi::canonical::{ResourceId, ValType};
use wasm2native_abi::meta::{Binding, CanonOptions, ComponentMeta, CoreExport, HostCallKind, ResourceMeta, ResourceOp};
use wasm2native_abi::wasi_p2::{interface_of, Version};
use wasm2native_abi::{ComponentDescriptor, ModuleDescriptor, VMContext, ABI_VERSION, TRAP_EXIT_STATUS};
use wasm2native_wasi::p2::Host;
use wasm2native_wasi::p3::{Call, Pipes};

mod adapter;
mod serve;
mod tasks;

use crate::instance::decode_meta;
use crate::entry::{call_uncaught, fail, guarded};
use crate::trap;
use crate::{signals, wasi_config, Extern, Func, Instance, InstantiationError, Memory};

/// A running component: its instances, its handle tables and its host.
struct State {
    meta: &'static ComponentMeta,
    instances: Vec<Instance>,
    /// The handle table of the component instance that runs now
    /// (`current`): the one its lowerings and built-ins use.
    handles: HandleTable,
    /// The other component instances' tables, by instance (the entry of
    /// `current` is empty while it runs).
    parked: Vec<HandleTable>,
    current: u32,
    /// The component instances on the call stack, which cannot be entered
    /// again.
    entered: Vec<bool>,
    /// Borrow handles lowered into the running callee of a call between
    /// components, not dropped yet: none may remain when it returns.
    borrows: u32,
    /// Calls between components by host call, once made.
    adapters: Vec<Option<std::rc::Rc<adapter::Prepared>>>,
    host: Host,
    tasks: tasks::Tasks,
}

impl State {
    fn new(meta: &'static ComponentMeta, host: Host) -> State {
        State {
            meta,
            instances: Vec::new(),
            handles: HandleTable::new(),
            parked: Vec::new(),
            current: 0,
            entered: Vec::new(),
            borrows: 0,
            adapters: Vec::new(),
            host,
            tasks: Default::default(),
        }
    }

    /// Forgets the instances and everything they hold (handles, tasks,
    /// pipes, host objects), to instantiate the component afresh.
    fn reset(&mut self) {
        self.instances.clear();
        self.handles = HandleTable::new();
        self.parked.clear();
        self.current = 0;
        self.entered.clear();
        self.borrows = 0;
        self.adapters.clear();
        self.tasks = Default::default();
        self.host.clear_objects();
    }

    /// Makes component instance `to` the running one (its table
    /// `handles`); returns the one that ran.
    fn switch(&mut self, to: u32) -> u32 {
        let from = self.current;
        if to != from {
            let needed = (from.max(to) + 1) as usize;
            if self.parked.len() < needed {
                self.parked.resize_with(needed, HandleTable::new);
            }
            // Swapped, not taken: a new empty table would allocate.
            std::mem::swap(&mut self.handles, &mut self.parked[to as usize]);
            self.parked.swap(to as usize, from as usize);
            self.current = to;
        }
        from
    }

    /// Marks component instance `scope` as on the call stack (or off);
    /// returns whether it was.
    fn enter(&mut self, scope: u32, on: bool) -> bool {
        if self.entered.len() <= scope as usize {
            self.entered.resize(scope as usize + 1, false);
        }
        std::mem::replace(&mut self.entered[scope as usize], on)
    }

    /// The component instance core instance `instance` belongs to.
    fn scope_of(&self, instance: u32) -> u32 {
        self.meta.instances.get(instance as usize).map_or(0, |i| i.scope)
    }

    /// Export `e` of its instance, a function.
    fn func(&self, e: &CoreExport) -> Option<Func> {
        self.instances.get(e.instance as usize).and_then(|i| i.get_func(&e.name))
    }
}

/// Runs the component of `descriptor` as a command with the process
/// arguments `argc`/`argv`.
///
/// # Safety
/// `argv` must hold `argc` valid C strings; `descriptor` must be null or
/// the descriptor the compiler emitted for the code linked into this
/// process.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm2native_component_main(
    argc: i32,
    argv: *const *const c_char,
    descriptor: *const ComponentDescriptor,
) -> i32 {
    // SAFETY: forwarded from the caller.
    guarded(|| unsafe { run(argc, argv, descriptor) })
}

/// The component's metadata and module descriptors.
///
/// # Safety
/// As for [`wasm2native_component_main`].
unsafe fn parts(d: &ComponentDescriptor) -> Result<(ComponentMeta, Vec<&'static ModuleDescriptor>, Vec<*const u8>), String> {
    if d.abi_version != ABI_VERSION {
        return Err(format!("component descriptor of ABI version {} (expected {ABI_VERSION})", d.abi_version));
    }
    if d.meta.is_null() || d.modules.is_null() || d.host_calls.is_null() {
        return Err("corrupt component descriptor".into());
    }
    // SAFETY: the compiler emits `meta_len` bytes at `meta` and
    // `num_modules` descriptor pointers at `modules`, all static.
    let (meta, modules) = unsafe {
        (
            std::slice::from_raw_parts(d.meta, d.meta_len as usize),
            std::slice::from_raw_parts(d.modules, d.num_modules as usize),
        )
    };
    let meta = ComponentMeta::decode(meta).map_err(|_| "corrupt component metadata".to_string())?;
    // SAFETY: each entry is the address of a static module descriptor.
    let modules = modules.iter().map(|&m| unsafe { m.as_ref() }.ok_or("null module descriptor")).collect::<Result<Vec<_>, _>>()?;
    // SAFETY: the compiler emits `num_host_calls` trampoline pointers.
    let calls = unsafe { std::slice::from_raw_parts(d.host_calls, d.num_host_calls as usize) }.to_vec();
    if calls.len() != meta.host_calls.len() || calls.iter().any(|c| c.is_null()) {
        return Err("corrupt component descriptor".into());
    }
    Ok((meta, modules, calls))
}

/// The body of [`wasm2native_component_main`].
///
/// # Safety
/// As for [`wasm2native_component_main`].
unsafe fn run(argc: i32, argv: *const *const c_char, descriptor: *const ComponentDescriptor) -> i32 {
    signals::prepare_thread();
    // SAFETY: the compiler passes its static descriptor.
    let Some(d) = (unsafe { descriptor.as_ref() }) else { return fail("no component descriptor") };
    // SAFETY: forwarded from the caller.
    let (meta, modules, calls) = match unsafe { parts(d) } {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    if !d.tls.is_null() {
        // SAFETY: the compiler points `tls` at the runtime's TLS connector
        // (`TLS_CONNECTOR_SYMBOL`), a static of this program.
        wasm2native_wasi::p3::tls::install(unsafe { &*d.tls.cast::<wasm2native_wasi::p3::tls::Connector>() });
    }
    let mut config = None;
    for m in &modules {
        match decode_meta(m) {
            Ok(module_meta) => {
                if let Err(e) = crate::cpu::check(&module_meta.config.cpu_features, "program") {
                    return fail(&e);
                }
                config.get_or_insert(module_meta.config);
            }
            Err(e) => return fail(&e.to_string()),
        }
    }
    // The guest's environment and directories, as for a preview-1
    // program (every module was compiled with the same grants).
    let guest = config.map(|c| wasi_config::guest_config(&c, &wasi_config::host_env())).unwrap_or_default();
    // SAFETY: forwarded from the caller.
    let args: Vec<String> = unsafe { crate::entry::args(argc, argv) }.into_iter().map(|a| String::from_utf8_lossy(&a).into_owned()).collect();
    // A service's arguments are its own (`--addr`); the guest gets only
    // the program's name.
    let (service_args, args) = if meta.run.service { (args.clone(), args.into_iter().take(1).collect()) } else { (Vec::new(), args) };
    // Both live until the process ends. Host calls reach the state through
    // their `vmctx`; this function holds no borrow of it across a call
    // into wasm (start functions, `run`), and the metadata, which both
    // read, is apart.
    let meta: &'static ComponentMeta = Box::leak(Box::new(meta));
    let mut host = match Host::new(args, guest.env, &guest.preopens) {
        Ok(h) => h,
        Err(e) => return fail(&e),
    };
    if guest.network {
        host.allow_network();
    }
    let state = Box::into_raw(Box::new(State::new(meta, host)));
    // SAFETY: each trampoline implements its call's core signature with
    // the wasm convention; its `vmctx` is the state, which it passes on.
    let host_funcs: Vec<Func> = calls
        .iter()
        .zip(&meta.host_calls)
        .map(|(&code, call)| unsafe { Func::new_host(code, state.cast::<VMContext>(), &call.core, None) })
        .collect();
    // SAFETY: forwarded: the state is live, no wasm code runs yet.
    match unsafe { instantiate(state, &modules, &host_funcs) } {
        Ok(()) => {}
        Err(Setup::Trap(trap)) => {
            trap.report();
            return TRAP_EXIT_STATUS;
        }
        Err(Setup::Error(e)) => return fail(&e),
    }
    if meta.run.service {
        // A fresh instance for each request (the first is the one just
        // made), as `wasmtime serve` does.
        let mut made = true;
        let mut fresh = || -> Result<(Func, Func), String> {
            if !std::mem::take(&mut made) {
                // SAFETY: no wasm code runs between requests; the old
                // instances, handles and pipes go with the request.
                unsafe {
                    (*state).reset();
                    instantiate(state, &modules, &host_funcs).map_err(|e| match e {
                        Setup::Trap(t) => format!("wasm trap at instantiation: {t}"),
                        Setup::Error(e) => e,
                    })?;
                }
            }
            // SAFETY: the borrow ends once the handles are cloned out.
            let func = |e: &CoreExport| unsafe { (*state).func(e) };
            let handle = func(&meta.run.core).ok_or("the component's `handle` function is missing")?;
            let callback = meta.run.callback.as_ref().and_then(func).ok_or("the component's `handle` callback is missing")?;
            Ok((handle, callback))
        };
        return match serve::serve(state, &service_args, &mut fresh) {
            Ok(()) => 0,
            Err(e) => fail(&e),
        };
    }
    // SAFETY: each borrow ends once the handle is cloned out, before the calls.
    let func = |e: &CoreExport| unsafe { (*state).func(e) };
    let Some(run) = func(&meta.run.core) else { return fail("the component's `run` function is missing") };
    // `run: func() -> result`: its core function returns the case, 0 for
    // `ok`. Nothing to tear down after: the process ends.
    let results = call_uncaught(&run, &[]);
    let ok = match &meta.run.callback {
        None => results.first().is_none_or(|&case| case as u32 == 0),
        Some(callback) => {
            // `async func() -> result`, lifted with a callback: the task
            // runs until it exits, its result given by `task.return`.
            let Some(callback) = func(callback) else { return fail("the component's `run` callback is missing") };
            let code = results.first().copied().unwrap_or(0) as u32;
            match tasks::drive(state, code, &callback, &mut |f, args| Ok(call_uncaught(f, args))) {
                Ok(result) => !matches!(result, Some(Val::Variant(case, _)) if case != 0),
                // A task that cannot go on is a trap, as under wasmtime.
                Err(e) => {
                    crate::report::write_line(&format!("wasm trap: {}", e.0));
                    return TRAP_EXIT_STATUS;
                }
            }
        }
    };
    if ok { 0 } else { 1 }
}

/// Why the component's instances could not be made.
enum Setup {
    /// A start function trapped.
    Trap(crate::Trap),
    /// An import had nothing to bind to, or a module was refused.
    Error(String),
}

/// Instantiates the plan's core instances in order into `state` (which
/// must have none yet), binding imports to earlier instances' exports and
/// to `host_funcs`.
///
/// # Safety
/// `state` is the live state the host functions were bound to; no other
/// borrow of it is held.
unsafe fn instantiate(state: *mut State, modules: &[&'static ModuleDescriptor], host_funcs: &[Func]) -> Result<(), Setup> {
    // SAFETY: the metadata is static.
    let meta = unsafe { (*state).meta };
    for (n, inst) in meta.instances.iter().enumerate() {
        let Some(&module) = modules.get(inst.module as usize) else { return Err(Setup::Error("corrupt component metadata".into())) };
        let mut imports: Vec<Extern> = Vec::with_capacity(inst.imports.len());
        for binding in &inst.imports {
            // SAFETY: the borrow ends before any wasm code runs.
            let instances = unsafe { &(*state).instances };
            let import = match binding {
                Binding::Export(e) => instances.get(e.instance as usize).and_then(|i| i.export(&e.name)),
                Binding::Host(k) => host_funcs.get(*k as usize).cloned().map(Extern::Func),
            };
            match import {
                Some(x) => imports.push(x),
                None => return Err(Setup::Error(format!("core instance {n}: an import has nothing to bind to"))),
            }
        }
        // A start function's calls are its component instance's.
        // SAFETY: no other borrow of the state is held.
        unsafe { (*state).switch(inst.scope) };
        // SAFETY: the compiler's descriptor of code linked with us; the
        // modules import no preview-1 functions, so there is no host state.
        match unsafe { Instance::new(module, imports, std::ptr::null_mut()) } {
            // SAFETY: no wasm code runs during the push.
            Ok(i) => unsafe { (*state).instances.push(i) },
            Err(InstantiationError::Trap(kind)) => return Err(Setup::Trap(crate::Trap::new(kind))),
            Err(e) => return Err(Setup::Error(format!("core instance {n}: {e}"))),
        }
    }
    // `run` (or `handle`) runs in its component instance.
    // SAFETY: no other borrow of the state is held.
    unsafe {
        let scope = (*state).scope_of(meta.run.core.instance);
        (*state).switch(scope);
        (*state).enter(scope, true);
    }
    Ok(())
}

/// How a failed host call ends, as wasmtime ends it.
#[derive(Clone, Copy)]
enum Failure {
    /// A host function's error of the canonical ABI (a bad handle, bad
    /// UTF-8): `error: MESSAGE`, status 1.
    Error,
    /// A built-in of the async ABI misused (`task.return` twice, a bad
    /// waitable): a wasm trap, status 134.
    Trap,
}

/// Ends the call with `message`: to the catch point if there is one, else
/// reported as `failure` says.
fn host_trap(message: String, failure: Failure) -> ! {
    // SAFETY: called from `wasm2native_component_call`, a host function
    // wasm code called, which owns nothing by now (`message` moves on).
    unsafe {
        match failure {
            Failure::Error => trap::end_host_call(message, |m| format!("error: {m}"), 1),
            Failure::Trap => trap::end_host_call(message, |m| format!("wasm trap: {m}"), TRAP_EXIT_STATUS),
        }
    }
}

/// The guest side of a host call: the lowering's memory and realloc, the
/// component's handle table and pipes, and the borrows lent for the call.
struct CallGuest<'s> {
    memory: Option<Memory>,
    realloc: Option<Func>,
    handles: &'s mut HandleTable,
    pipes: &'s mut Pipes,
    lent: Vec<u32>,
    /// For the callee of a call between components: its component
    /// instance (a `borrow` of a resource it defines is lowered as the
    /// representation), the resource types, and the borrow handles
    /// lowered into its table.
    callee: Option<(u32, &'static [ResourceMeta])>,
    borrowed: u32,
}

impl<'s> CallGuest<'s> {
    /// The guest side of a call with `options`.
    fn new(instances: &[Instance], options: &CanonOptions, handles: &'s mut HandleTable, pipes: &'s mut Pipes) -> Self {
        CallGuest {
            memory: export_of(instances, &options.memory, Instance::get_memory),
            realloc: export_of(instances, &options.realloc, Instance::get_func),
            handles,
            pipes,
            lent: Vec::new(),
            callee: None,
            borrowed: 0,
        }
    }

    /// The guest side of a call into component instance `scope`.
    fn into_callee(mut self, scope: u32, resources: &'static [ResourceMeta]) -> Self {
        self.callee = Some((scope, resources));
        self
    }

    /// Ends the borrows lent for the call.
    fn end_lends(&mut self) {
        for index in std::mem::take(&mut self.lent) {
            self.handles.end_lend(index);
        }
    }
}

fn export_of<T>(instances: &[Instance], e: &Option<CoreExport>, get: impl Fn(&Instance, &str) -> Option<T>) -> Option<T> {
    let e = e.as_ref()?;
    instances.get(e.instance as usize).and_then(|i| get(i, &e.name))
}

impl Guest for CallGuest<'_> {
    fn memory(&mut self) -> &mut [u8] {
        match &self.memory {
            // SAFETY: the memory's bytes are mapped while the handle
            // lives; the guest is suspended in this host call, so nothing
            // else accesses them on this thread.
            Some(m) => unsafe { std::slice::from_raw_parts_mut(m.data_ptr(), m.data_size()) },
            None => &mut [],
        }
    }

    fn realloc(&mut self, old_ptr: u32, old_size: u32, align: u32, new_size: u32) -> values::Result<u32> {
        let Some(f) = &self.realloc else { return Err(CanonTrap("the lowering has no realloc".into())) };
        let args = [old_ptr, old_size, align, new_size].map(u128::from);
        match f.call(&args) {
            Ok(r) => Ok(r.first().copied().unwrap_or(0) as u32),
            Err(e) => Err(CanonTrap(format!("realloc failed: {e}"))),
        }
    }

    fn lift_own(&mut self, resource: ResourceId, index: u32) -> values::Result<u32> {
        self.handles.take_own(index, resource)
    }

    fn lift_borrow(&mut self, resource: ResourceId, index: u32) -> values::Result<u32> {
        let rep = self.handles.lend(index, resource)?;
        self.lent.push(index);
        Ok(rep)
    }

    fn lower_own(&mut self, resource: ResourceId, rep: u32) -> values::Result<u32> {
        self.handles.add(Handle { resource, rep, own: true, lends: 0 })
    }

    fn lower_borrow(&mut self, resource: ResourceId, rep: u32) -> values::Result<u32> {
        if let Some((scope, resources)) = self.callee {
            if resources.get(resource.0 as usize).and_then(|r| r.owner) == Some(scope) {
                return Ok(rep);
            }
            self.borrowed += 1;
        }
        self.handles.add(Handle { resource, rep, own: false, lends: 0 })
    }

    fn lift_pipe(&mut self, pipe: Pipe, elem: Option<&ValType>, index: u32) -> values::Result<u32> {
        let w = self.handles.waitable(index)?;
        let WaitableKind::Readable(p, id) = w.kind else {
            return Err(CanonTrap(format!("handle index {index} is not a readable end")));
        };
        if p != pipe || w.busy || w.done {
            return Err(CanonTrap(format!("handle index {index} cannot be passed: it is busy, done or of another kind")));
        }
        self.handles.remove_if(index, "a readable end", |e| matches!(e, Entry::Waitable(_)))?;
        if pipe == Pipe::Future {
            self.pipes.set_future_type(id, elem.cloned())?;
            self.pipes.host_takes_future(id)?;
        } else {
            self.pipes.set_stream_type(id, elem.cloned())?;
        }
        Ok(id)
    }

    fn lower_pipe(&mut self, pipe: Pipe, elem: Option<&ValType>, id: u32) -> values::Result<u32> {
        match pipe {
            Pipe::Future => self.pipes.set_future_type(id, elem.cloned())?,
            Pipe::Stream => self.pipes.set_stream_type(id, elem.cloned())?,
        }
        self.handles.add_entry(Entry::Waitable(Waitable::new(WaitableKind::Readable(pipe, id))))
    }
}

/// What a lowered host call comes to.
enum Lowered {
    /// These flat results, now.
    Flat(Vec<u64>),
    /// An `async` lowering's call that waits for this monotonic deadline.
    Wait(u64),
    /// An `async` lowering's call that waits for a host descriptor or a
    /// stream, then is made again with the same (lifted) arguments.
    Pending { wake: tasks::Wake, args: Vec<Val> },
}

/// Calls host function `name` of `interface` (WASI 0.2 or 0.3).
fn call_host(state: &mut State, interface: &str, name: &str, args: &[Val]) -> values::Result<Call> {
    match interface_of(interface) {
        Some((_, Version::P3)) => state.host.call_p3(interface, name, args, &mut state.tasks.pipes),
        _ => Ok(Call::Done(state.host.call(interface, name, args)?)),
    }
}

/// A call of lowered host function `name` of `interface` with the flat
/// arguments `flat`; returns the flat results.
fn lower(
    state: &mut State,
    interface: &str,
    name: &str,
    ty: &wasm2native_abi::canonical::FuncType,
    options: &CanonOptions,
    asynchronous: bool,
    flat: &[u64],
) -> values::Result<Vec<u64>> {
    let enc = options.encoding;
    let mut guest = CallGuest::new(&state.instances, options, &mut state.handles, &mut state.tasks.pipes);
    let args = values::lift_args(&mut guest, enc, ty, flat, asynchronous);
    let lent = std::mem::take(&mut guest.lent);
    let result = args.and_then(|args| {
        let mut call = call_host(state, interface, name, &args)?;
        // A synchronous call waits here for what it needs.
        while let (Call::WaitFd { fd, write }, false) = (&call, asynchronous) {
            wasm2native_wasi::p3::pipes::wait_fd(*fd, *write, -1);
            call = call_host(state, interface, name, &args)?;
        }
        let mut guest = CallGuest::new(&state.instances, options, &mut state.handles, &mut state.tasks.pipes);
        let returned = if asynchronous { vec![u64::from(subtask_state::RETURNED)] } else { Vec::new() };
        Ok(match call {
            Call::Done(result) => {
                let out = values::lower_result(&mut guest, enc, ty, result.as_ref(), flat, asynchronous)?;
                Lowered::Flat(if asynchronous { returned } else { out })
            }
            // A deadline already passed returns at once.
            Call::Until(deadline) if !asynchronous || deadline <= wasm2native_wasi::p3::monotonic_now() => {
                tasks::sleep_until(deadline);
                let out = values::lower_result(&mut guest, enc, ty, None, flat, asynchronous)?;
                Lowered::Flat(if asynchronous { returned } else { out })
            }
            Call::Until(_) if ty.result.is_some() => return Err(CanonTrap("a waiting host call with a result".into())),
            Call::Until(deadline) => Lowered::Wait(deadline),
            Call::WaitFd { fd, write } => Lowered::Pending { wake: tasks::Wake::Fd { fd, write }, args },
            Call::WaitStream(_) | Call::WaitFuture(_) if !asynchronous => {
                return Err(CanonTrap(format!("{interface}: `{name}` waits for the component, so it must be lowered `async`")));
            }
            Call::WaitStream(id) => Lowered::Pending { wake: tasks::Wake::Stream(id), args },
            Call::WaitFuture(id) => Lowered::Pending { wake: tasks::Wake::Future(id), args },
        })
    });
    for index in lent {
        state.handles.end_lend(index);
    }
    match result? {
        Lowered::Flat(out) => Ok(out),
        // The wait becomes a subtask, started (its arguments are read).
        Lowered::Wait(deadline) => {
            let index = tasks::Tasks::start_timer(state, deadline)?;
            Ok(vec![u64::from(subtask_state::STARTED | (index << 4))])
        }
        Lowered::Pending { wake, args } => {
            let call = tasks::PendingCall {
                wake,
                interface: interface.to_string(),
                name: name.to_string(),
                args,
                ty: ty.clone(),
                options: options.clone(),
                flat: flat.to_vec(),
            };
            let index = tasks::Tasks::start_io(state, call)?;
            Ok(vec![u64::from(subtask_state::STARTED | (index << 4))])
        }
    }
}

/// Finishes an `async` host call that waited: stores its result where
/// its return pointer (the last of `flat`) points.
fn finish_async(
    state: &mut State,
    ty: &wasm2native_abi::canonical::FuncType,
    options: &CanonOptions,
    flat: &[u64],
    result: Option<Val>,
) -> values::Result<()> {
    let mut guest = CallGuest::new(&state.instances, options, &mut state.handles, &mut state.tasks.pipes);
    values::lower_result(&mut guest, options.encoding, ty, result.as_ref(), flat, true)?;
    Ok(())
}

/// `resource.new`, `resource.rep` or `resource.drop` (`op`) of
/// `resource` with argument `arg` (the representation, or a handle
/// index), in the running component instance's table.
fn resource_builtin(state: &mut State, op: ResourceOp, resource: ResourceId, arg: u32) -> values::Result<Vec<u64>> {
    let index = match op {
        ResourceOp::New => state.handles.add(Handle { resource, rep: arg, own: true, lends: 0 })?,
        ResourceOp::Rep => state.handles.get(arg, resource)?.rep,
        ResourceOp::Drop => {
            let h = state.handles.drop_handle(arg, resource)?;
            if !h.own {
                state.borrows = state.borrows.saturating_sub(1);
                return Ok(Vec::new());
            }
            let Some(r) = state.meta.resources.get(resource.0 as usize) else { return Ok(Vec::new()) };
            match (r.owner, &r.dtor) {
                (None, _) => state.host.drop_object(h.rep),
                (Some(owner), Some(dtor)) => adapter::destroy(state, owner, dtor, h.rep)?,
                (Some(_), None) => {}
            }
            return Ok(Vec::new());
        }
    };
    Ok(vec![u64::from(index)])
}

/// The runtime entry of host calls (see [`wasm2native_abi::COMPONENT_CALL_SYMBOL`]).
///
/// # Safety
/// Called by a trampoline the compiler emitted: `vmctx` is the component's
/// state (bound by [`run`]), `slots` holds the call's parameters and room
/// for its results.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm2native_component_call(vmctx: *mut VMContext, index: u32, slots: *mut u64) {
    // SAFETY: the state was leaked by `run`; host calls do not nest (a
    // realloc the host calls makes no host call of its own in practice;
    // if one did, it would find the state here too, used by one thread).
    let state = unsafe { &mut *vmctx.cast::<State>() };
    let Some(call) = state.meta.host_calls.get(index as usize) else { host_trap(format!("unknown host call {index}"), Failure::Trap) };
    let nslots = call.core.params.len().max(call.core.results.len()).max(1);
    // SAFETY: the trampoline's slot area has `nslots` 64-bit slots.
    let slots = unsafe { std::slice::from_raw_parts_mut(slots, nslots) };
    let outcome = match &call.kind {
        HostCallKind::Resource { op, resource } => {
            resource_builtin(state, *op, *resource, slots[0] as u32).map_err(|e| (format!("{}: {}", op.name(), e.0), Failure::Error))
        }
        // An error of the canonical ABI between components is an error,
        // as a host call's is (and as under wasmtime).
        HostCallKind::Adapter { .. } => match adapter::call(state, index, &call.kind, slots) {
            Ok(()) => return,
            Err(e) => Err((e.0, Failure::Error)),
        },
        HostCallKind::Linked { symbol } => Err((format!("host call {index} is `{symbol}` of the linked code"), Failure::Trap)),
        HostCallKind::Lower { interface, name, ty, options, asynchronous } => {
            let flat = slots[..call.core.params.len()].to_vec();
            lower(state, interface, name, ty, options, *asynchronous, &flat)
                .map_err(|e| (format!("{interface} `{name}`: {}", e.0), Failure::Error))
        }
        HostCallKind::Builtin { builtin, options } => {
            let args = slots[..call.core.params.len()].to_vec();
            tasks::builtin(state, *builtin, options, &args).map_err(|e| (format!("{}: {}", builtin.name(), e.0), Failure::Trap))
        }
    };
    match outcome {
        Ok(results) => {
            for (slot, r) in slots.iter_mut().zip(results) {
                *slot = r;
            }
        }
        Err((message, failure)) => host_trap(message, failure),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_descriptors_fail_cleanly() {
        // SAFETY: a null descriptor is allowed.
        assert_eq!(unsafe { wasm2native_component_main(0, std::ptr::null(), std::ptr::null()) }, 1);
        let meta = ComponentMeta {
            instances: vec![],
            host_calls: vec![],
            resources: vec![],
            run: wasm2native_abi::meta::Run {
                core: CoreExport { instance: 0, name: "run".into() },
                callback: None,
                ty: wasm2native_abi::canonical::FuncType { params: vec![], result: None },
                service: false,
            },
        }
        .encode();
        let calls: [*const u8; 0] = [];
        let modules: [*const ModuleDescriptor; 0] = [];
        let mut d = ComponentDescriptor {
            abi_version: ABI_VERSION + 1,
            num_modules: 0,
            meta_len: meta.len() as u32,
            modules: modules.as_ptr(),
            meta: meta.as_ptr(),
            num_host_calls: 0,
            host_calls: calls.as_ptr(),
            tls: std::ptr::null(),
        };
        // SAFETY: the descriptor's pointers are valid for their lengths.
        assert!(unsafe { parts(&d) }.err().unwrap().contains("ABI version"));
        d.abi_version = ABI_VERSION;
        d.meta_len = 1;
        // SAFETY: as above (a shorter meta).
        assert!(unsafe { parts(&d) }.err().unwrap().contains("corrupt component metadata"));
        d.meta_len = meta.len() as u32;
        // SAFETY: as above. No instance: `run` is missing.
        assert_eq!(unsafe { run(0, std::ptr::null(), &d) }, 1);
    }
}
