//! `wasi_shim`: arbitrary WASI calls, arguments and guest memory, with a
//! preopened temporary directory as the only capability.

use arbitrary::Unstructured;
use wasm2native_wasi::{returning_traps, take_ended, WasiCtx, ENDED};

use crate::mutate::Choices;
use crate::wasi::{args, calls, guest::Guest, sandbox::Sandbox};
use crate::Outcome;

/// Most calls made for one input.
const MAX_CALLS: usize = 16;

/// The largest errno value WASI defines (`ENOTCAPABLE`).
const MAX_ERRNO: i32 = 76;

/// Makes up to [`MAX_CALLS`] WASI calls chosen by `data` against a guest
/// whose only capability is a fresh preopened directory (fd 3), its stdio
/// descriptors closed first (the guest must not read the host's stdin or
/// write to its terminal). Guest errors that would end the program are
/// returned instead ([`returning_traps`]) and counted.
///
/// Panics when a call returns something that is neither an errno nor the
/// end of the program, when the shim panicked inside a call (it answers
/// `EIO` then; the runners' panic hook counts it), or when anything outside
/// the preopened directory changed.
pub fn wasi_shim(data: &[u8]) -> Outcome {
    let sandbox = Sandbox::new().expect("cannot create the sandbox");
    let sentinel = sandbox.sentinel().to_string_lossy().into_owned();
    let cx = WasiCtx::new(
        vec![b"fuzz".to_vec()],
        vec![("K".into(), "V".into())],
        vec![(sandbox.inside(), "/sandbox".into())],
    )
    .expect("cannot preopen the sandbox");
    let mut guest = Guest::new(cx);
    let mut u = Unstructured::new(data);
    let paths = args::fill_memory(guest.memory(), &sentinel, &mut u);
    let panics_before = crate::runner::panic::panics_on_thread();
    let outcome = returning_traps(|| {
        for fd in 0..3 {
            // SAFETY: `guest` is live and not otherwise borrowed.
            let r = unsafe { calls::call("fd_close", guest.vmctx(), &[fd]) };
            assert_eq!(r, 0, "closing stdio fd {fd}");
        }
        let mut stats = (0u32, 0u32, 0u32);
        for _ in 0..1 + u.below(MAX_CALLS) {
            if u.is_empty() {
                break;
            }
            let f = &calls::FUNCS[u.below(calls::FUNCS.len())];
            let a = args::arguments(f, &paths, &mut u);
            if f.name == "poll_oneoff" {
                args::clamp_clocks(guest.memory(), a[0] as u32, a[2] as u32);
            }
            // SAFETY: as above.
            let r = unsafe { calls::call(f.name, guest.vmctx(), &a) };
            stats.0 += 1;
            match r {
                0 => {}
                1..=MAX_ERRNO => stats.1 += 1,
                ENDED => {
                    stats.2 += 1;
                    assert!(
                        take_ended().is_some(),
                        "{} ended the program without a message",
                        f.name
                    );
                }
                other => panic!("{}{a:?} returned {other}, not an errno", f.name),
            }
        }
        stats
    });
    drop(guest);
    let panics = crate::runner::panic::panics_on_thread() - panics_before;
    assert!(
        panics == 0,
        "the shim panicked inside a call ({panics} times; the guest saw EIO)"
    );
    sandbox.check_untouched();
    let (calls, errno, ended) = outcome;
    Outcome::Wasi {
        calls,
        errno,
        ended,
    }
}
