//! Calls between the components of a composition (fused adapters), run
//! by the runtime rather than compiled: the arguments are lifted out of
//! the caller (its memory, its string encoding, its handle table) into
//! component values, lowered into the callee, and the callee's result
//! comes back the same way, so that strings are transcoded, lists copied
//! and handles moved between the two instances' tables as the canonical
//! ABI says.
//!
//! Each component instance has its own handle table (`State::switch`
//! makes the callee's the running one for the call) and may not be
//! entered while it is on the call stack ("cannot enter component
//! instance"). Borrow handles lowered into the callee must be dropped
//! before it returns; a `borrow` of a resource the callee defines is its
//! representation, with no handle.
//!
//! A call whose values are all numbers and handles (no strings, lists or
//! other memory) takes a fast path without component values or
//! allocation: what it needs is found once per call site ([`Prepared`]).

use std::rc::Rc;

use wasm2native_abi::canonical::handles::Handle;
use wasm2native_abi::canonical::values::{self, Trap, Val};
use wasm2native_abi::canonical::{Context, ResourceId, ValType, MAX_FLAT_PARAMS};
use wasm2native_abi::meta::{CoreExport, HostCallKind};

use super::{CallGuest, State};
use crate::entry::{call_in_slots, call_uncaught};
use crate::Func;

/// Runs `body` in component instance `scope`, which must not be on the
/// call stack, with its table the running one.
fn enter<T>(state: &mut State, scope: u32, body: impl FnOnce(&mut State) -> values::Result<T>) -> values::Result<T> {
    if state.enter(scope, true) {
        return Err(Trap("cannot enter component instance".into()));
    }
    let from = state.switch(scope);
    let outer = std::mem::take(&mut state.borrows);
    let result = body(state);
    state.borrows = outer;
    state.switch(from);
    state.enter(scope, false);
    result
}

/// What a call between components needs at each call, found at its
/// first: the functions, and the fast path when there is one.
pub(super) struct Prepared {
    callee: Func,
    post_return: Option<Func>,
    /// Slots the callee's array call needs (its parameters or results).
    slots: usize,
    /// The caller's flat parameters (the lowered signature's).
    caller_params: usize,
    fast: Option<Fast>,
}

/// A call whose values need no memory: each flat value passes as it is,
/// or is a handle moved or lent between the two tables.
struct Fast {
    params: Vec<Step>,
    result: Option<Step>,
}

/// The most slots a call on the fast path has (its buffer is on the stack).
const FAST_SLOTS: usize = 6;

/// How one flat value crosses.
#[derive(Clone, Copy)]
enum Step {
    /// Integers of 32 and 64 bits and floats: the same bits.
    Pass,
    /// A `borrow` of a resource the callee defines: the callee is given
    /// the representation. The caller's handle is not marked as lent: the
    /// caller cannot run (re-entering it traps), so nothing can drop or
    /// move the handle before the call returns.
    Rep(ResourceId),
    /// An `own` handle, moved to the other table.
    Own(ResourceId),
}

impl Prepared {
    /// The functions of `adapter` and its fast path, if its types allow.
    fn new(state: &State, adapter: &HostCallKind) -> values::Result<Prepared> {
        let HostCallKind::Adapter { ty, callee, post_return, scope, .. } = adapter else {
            return Err(Trap("not a call between components".into()));
        };
        let lifted = ty.core_signature(Context::Lift, false, false);
        let step = |t: &ValType, result: bool| match t {
            t if t.passes_flat() => Some(Step::Pass),
            ValType::Own(r) => Some(Step::Own(*r)),
            ValType::Borrow(r) if !result && state.meta.resources.get(r.0 as usize).and_then(|m| m.owner) == Some(*scope) => {
                Some(Step::Rep(*r))
            }
            _ => None,
        };
        let params: Option<Vec<Step>> = ty.params.iter().map(|(_, t)| step(t, false)).collect();
        let result = ty.result.as_ref().map(|t| step(t, true));
        let fast = match (params, result) {
            (Some(params), None) => Some(Fast { params, result: None }),
            (Some(params), Some(Some(r))) => Some(Fast { params, result: Some(r) }),
            _ => None,
        };
        let slots = lifted.params.len().max(lifted.results.len()).max(1);
        // Each step is one flat value: more than the flat limit would be
        // passed in memory.
        let fast = fast.filter(|_| slots <= FAST_SLOTS && ty.params.len() <= MAX_FLAT_PARAMS);
        Ok(Prepared {
            callee: function(state, callee)?,
            post_return: post_return.as_ref().map(|p| function(state, p)).transpose()?,
            slots,
            caller_params: ty.core_signature(Context::Lower, false, false).params.len(),
            fast,
        })
    }
}

/// Calls the lifted function of `adapter` (host call `index`, a
/// [`HostCallKind::Adapter`]) with the caller's flat arguments in
/// `slots`, where it leaves the caller's flat results.
pub(super) fn call(state: &mut State, index: u32, adapter: &HostCallKind, slots: &mut [u64]) -> values::Result<()> {
    let HostCallKind::Adapter { ty, caller, options, scope, .. } = adapter else {
        return Err(Trap("not a call between components".into()));
    };
    let prepared = match state.adapters.get(index as usize).and_then(Option::as_ref) {
        Some(p) => Rc::clone(p),
        None => {
            let p = Rc::new(Prepared::new(state, adapter)?);
            if state.adapters.len() <= index as usize {
                state.adapters.resize(index as usize + 1, None);
            }
            state.adapters[index as usize] = Some(Rc::clone(&p));
            p
        }
    };
    if let Some(fast) = &prepared.fast {
        return fast_call(state, &prepared, fast, *scope, slots);
    }
    let flat = slots[..prepared.caller_params].to_vec();
    let mut guest = CallGuest::new(&state.instances, caller, &mut state.handles, &mut state.tasks.pipes);
    let args = values::lift_args(&mut guest, caller.encoding, ty, &flat, false);
    let lent = std::mem::take(&mut guest.lent);
    let result = args.and_then(|args| {
        enter(state, *scope, |state| {
            let resources = &state.meta.resources[..];
            let mut guest =
                CallGuest::new(&state.instances, options, &mut state.handles, &mut state.tasks.pipes).into_callee(*scope, resources);
            let core_args = values::lower_args(&mut guest, options.encoding, ty, &args)?;
            state.borrows = guest.borrowed;
            let mut core = vec![0u128; prepared.slots.max(core_args.len())];
            for (slot, a) in core.iter_mut().zip(core_args) {
                *slot = u128::from(a);
            }
            // SAFETY: `core` has the slots the lifted function's signature needs.
            unsafe { call_in_slots(&prepared.callee, &mut core) };
            let flat_results: Vec<u64> = core.iter().map(|&r| r as u64).collect();
            let mut guest =
                CallGuest::new(&state.instances, options, &mut state.handles, &mut state.tasks.pipes).into_callee(*scope, resources);
            let result: Option<Val> = values::lift_results(&mut guest, options.encoding, ty, &flat_results)?;
            if state.borrows != 0 {
                return Err(Trap("borrow handles still remain at the end of the call".into()));
            }
            if let Some(post_return) = &prepared.post_return {
                // SAFETY: `core` has a slot per result, the post-return's parameters.
                unsafe { call_in_slots(post_return, &mut core) };
            }
            Ok(result)
        })
    });
    for index in lent {
        state.handles.end_lend(index);
    }
    let result = result?;
    let mut guest = CallGuest::new(&state.instances, caller, &mut state.handles, &mut state.tasks.pipes);
    let out = values::lower_result(&mut guest, caller.encoding, ty, result.as_ref(), &flat, false)?;
    slots[..out.len()].copy_from_slice(&out);
    Ok(())
}

/// [`call`] on the fast path: no memory, no allocation.
fn fast_call(state: &mut State, prepared: &Prepared, fast: &Fast, scope: u32, slots: &mut [u64]) -> values::Result<()> {
    let mut core = [0u128; FAST_SLOTS];
    let core = &mut core[..prepared.slots];
    // Out of the caller's table: the handles read or moved.
    let mut out = Ok(());
    for (i, step) in fast.params.iter().enumerate() {
        let v = slots[i];
        core[i] = match *step {
            Step::Pass => u128::from(v),
            Step::Rep(r) => match state.handles.get(v as u32, r) {
                Ok(h) => u128::from(h.rep),
                Err(e) => {
                    out = Err(e);
                    break;
                }
            },
            Step::Own(r) => match state.handles.take_own(v as u32, r) {
                Ok(rep) => u128::from(rep),
                Err(e) => {
                    out = Err(e);
                    break;
                }
            },
        };
    }
    let result = out.and_then(|()| {
        enter(state, scope, |state| {
            for (i, step) in fast.params.iter().enumerate() {
                if let Step::Own(r) = *step {
                    core[i] = u128::from(state.handles.add(Handle { resource: r, rep: core[i] as u32, own: true, lends: 0 })?);
                }
            }
            // SAFETY: `core` has the slots the lifted function's signature needs.
            unsafe { call_in_slots(&prepared.callee, core) };
            let result = match fast.result {
                Some(Step::Own(r)) => Some(u64::from(state.handles.take_own(core[0] as u32, r)?)),
                Some(_) => Some(core[0] as u64),
                None => None,
            };
            if let Some(post_return) = &prepared.post_return {
                // SAFETY: `core` has a slot per result, the post-return's parameters.
                unsafe { call_in_slots(post_return, core) };
            }
            Ok(result)
        })
    });
    match (result?, fast.result) {
        (Some(rep), Some(Step::Own(r))) => slots[0] = u64::from(state.handles.add(Handle { resource: r, rep: rep as u32, own: true, lends: 0 })?),
        (Some(v), _) => slots[0] = v,
        (None, _) => {}
    }
    Ok(())
}

/// Runs destructor `dtor` of a resource component instance `owner`
/// defines on representation `rep`.
pub(super) fn destroy(state: &mut State, owner: u32, dtor: &CoreExport, rep: u32) -> values::Result<()> {
    let f = function(state, dtor)?;
    if owner == state.current {
        call_uncaught(&f, &[u128::from(rep)]);
        return Ok(());
    }
    enter(state, owner, |_| {
        call_uncaught(&f, &[u128::from(rep)]);
        Ok(())
    })
}

fn function(state: &State, e: &CoreExport) -> values::Result<Func> {
    state.func(e).ok_or_else(|| Trap(format!("core function `{}` of instance {} is missing", e.name, e.instance)))
}
