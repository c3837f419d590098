//! The `wasi:http/service` world as an executable, as `wasmtime serve`
//! runs it: listens on the address given with `--addr` (default
//! `0.0.0.0:8080`), says where on stderr (`Serving HTTP on
//! http://ADDR/`), and calls the component's `handle` once per request,
//! one request at a time, each on a connection of its own
//! (`connection: close`). SIGINT and SIGTERM end it with status 0;
//! SIGPIPE is ignored.
//!
//! Each request gets a fresh instance of the component, as under wasmtime:
//! nothing one request leaves in memory reaches the next. A trap (or a
//! canonical ABI error) while handling one is reported on stderr and
//! answered with a 500; the server goes on.

use wasm2native_abi::canonical::ValType;
use wasm2native_abi::meta::CanonOptions;
use wasm2native_abi::canonical::values::Guest;

use super::{tasks, CallGuest, State};
use crate::Func;

/// How the message of an error [`call_caught`] reported begins.
const REPORTED: &str = "(reported) ";

/// Calls `f`, a trap being an error (reported on stderr) rather than the
/// end of the process.
fn call_caught(f: &Func, args: &[u128]) -> Result<Vec<u128>, wasm2native_abi::canonical::values::Trap> {
    f.call(args).map_err(|e| {
        match e.trap() {
            Some(t) => t.report(),
            None => crate::report::write_line(&format!("error: {e}")),
        }
        wasm2native_abi::canonical::values::Trap(format!("{REPORTED}{e}"))
    })
}

/// The address to listen on, from the executable's arguments.
fn address(args: &[String]) -> Result<String, String> {
    let mut addr = "0.0.0.0:8080".to_string();
    let mut rest = args.iter().skip(1);
    while let Some(a) = rest.next() {
        if let Some(v) = a.strip_prefix("--addr=") {
            addr = v.to_string();
        } else if a == "--addr" {
            addr = rest.next().ok_or("`--addr` needs an address (HOST:PORT)")?.clone();
        } else {
            return Err(format!("unknown argument `{a}`: a service takes only `--addr HOST:PORT`"));
        }
    }
    Ok(addr)
}

extern "C" fn on_signal(_: libc::c_int) {
    // SAFETY: `_exit` is async-signal-safe; nothing needs flushing (the
    // standard streams are unbuffered).
    unsafe { libc::_exit(0) }
}

/// Serves requests until a signal ends the process, each with the
/// `handle` and `callback` (an `async` lift's) of a fresh instance from
/// `fresh`; returns only when it cannot go on.
pub(super) fn serve(state: *mut State, args: &[String], fresh: &mut dyn FnMut() -> Result<(Func, Func), String>) -> Result<(), String> {
    let addr = address(args)?;
    let listener = std::net::TcpListener::bind(&addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    // SAFETY: the handler only calls `_exit`.
    unsafe {
        libc::signal(libc::SIGINT, on_signal as *const () as libc::sighandler_t);
        libc::signal(libc::SIGTERM, on_signal as *const () as libc::sighandler_t);
        // A client or a reader of stderr that goes away is an error to
        // the write, not the end of the server.
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    crate::report::write_line(&format!("Serving HTTP on http://{local}/"));
    // SAFETY: no wasm code runs while the state is borrowed here (the
    // metadata is static).
    let meta = unsafe { (*state).meta };
    let resource = match &meta.run.ty.params[..] {
        [(_, ValType::Own(r))] => *r,
        _ => return Err("the handler does not take one owned request".into()),
    };
    for conn in listener.incoming() {
        let Ok(conn) = conn else { continue };
        let (handle, callback) = fresh()?;
        // SAFETY: as above.
        let (rep, responder) = match unsafe { (*state).host.receive_request(conn) } {
            Ok(r) => r,
            Err(e) => {
                crate::report::write_line(&format!("wasm2native: {e}"));
                continue;
            }
        };
        // SAFETY: as above.
        let index = {
            let s = unsafe { &mut *state };
            let options = CanonOptions::default();
            let mut guest = CallGuest::new(&s.instances, &options, &mut s.handles, &mut s.tasks.pipes);
            guest.lower_own(resource, rep).map_err(|e| e.0)?
        };
        let result = call_caught(&handle, &[u128::from(index)])
            .and_then(|code| tasks::drive(state, code.first().copied().unwrap_or(0) as u32, &callback, &mut call_caught));
        // SAFETY: as above.
        let s = unsafe { &mut *state };
        let result = match result {
            Ok(r) => r,
            Err(e) => {
                // A task that could not go on (not a trap of the guest's
                // own, which was reported): said once.
                if !e.0.starts_with(REPORTED) {
                    crate::report::write_line(&format!("wasm2native: the handler failed: {}", e.0));
                }
                // Answered as an error: a 500.
                None
            }
        };
        if let Err(e) = s.host.respond(&mut s.tasks.pipes, responder, result) {
            crate::report::write_line(&format!("wasm2native: cannot respond: {e}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_comes_from_addr() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(address(&args(&["svc"])).unwrap(), "0.0.0.0:8080");
        assert_eq!(address(&args(&["svc", "--addr=127.0.0.1:0"])).unwrap(), "127.0.0.1:0");
        assert_eq!(address(&args(&["svc", "--addr", "[::1]:80"])).unwrap(), "[::1]:80");
        assert!(address(&args(&["svc", "--addr"])).is_err());
        assert!(address(&args(&["svc", "x"])).unwrap_err().contains("unknown argument"));
    }
}
