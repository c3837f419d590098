//! `wasi:io/poll` and the clocks' pollables: a pollable watches a
//! deadline or another host object, and is ready when that object can make
//! progress (a socket readable or writable, a connection attempt ended);
//! `poll` waits for the first ready ones with `ppoll(2)` over the watched
//! descriptors and the earliest deadline.

use wasm2native_abi::canonical::values::{Trap, Val};

use super::{clock_ns, trap, Host, Object};
use crate::net::TcpState;

/// What a pollable watches.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Watch {
    /// Nothing: always ready (files, which block instead).
    Always,
    /// A monotonic-clock instant (nanoseconds).
    Until(u64),
    /// The host object of this representation.
    Object(u32),
}

/// When a pollable is ready.
enum Readiness {
    Now,
    At(u64),
    Fd { fd: i32, write: bool },
}

impl Host {
    /// A pollable watching `w`.
    pub(crate) fn pollable(&mut self, w: Watch) -> Val {
        self.add(Object::Pollable(w))
    }

    /// A pollable watching the object `v` (a borrowed or owned handle).
    pub(crate) fn subscribe(&mut self, v: &Val) -> Result<Val, Trap> {
        self.get(v)?;
        let (Val::Borrow(rep) | Val::Own(rep)) = v else {
            return trap("expected a resource argument");
        };
        Ok(self.pollable(Watch::Object(*rep)))
    }

    fn readiness(&self, p: &Val) -> Result<Readiness, Trap> {
        let Object::Pollable(w) = self.get(p)? else {
            return trap("not a pollable");
        };
        Ok(self.watch_readiness(*w))
    }

    fn watch_readiness(&self, w: Watch) -> Readiness {
        let fd = |s: &socket2::Socket, write| Readiness::Fd { fd: std::os::fd::AsRawFd::as_raw_fd(s), write };
        match w {
            Watch::Always => Readiness::Now,
            Watch::Until(t) => Readiness::At(t),
            // A watched object that is gone has nothing left to wait for.
            Watch::Object(rep) => match self.get(&Val::Borrow(rep)) {
                Ok(Object::Stdin) => Readiness::Fd { fd: 0, write: false },
                Ok(Object::SocketIn(s)) => fd(s, false),
                Ok(Object::SocketOut(s)) => fd(s, true),
                Ok(Object::UdpIn(u)) => fd(&u.sock, false),
                Ok(Object::UdpOut(u)) => fd(&u.sock, true),
                Ok(Object::Tcp(t)) => match t.state {
                    TcpState::Connecting => fd(&t.sock, true),
                    TcpState::Listening => fd(&t.sock, false),
                    _ => Readiness::Now,
                },
                _ => Readiness::Now,
            },
        }
    }

    /// Waits until the object of handle `v` is ready (as a pollable of it
    /// would be).
    pub(crate) fn block_on(&self, v: &Val) -> Result<(), Trap> {
        let (Val::Borrow(rep) | Val::Own(rep)) = v else {
            return trap("expected a resource argument");
        };
        wait(&[self.watch_readiness(Watch::Object(*rep))]).map(|_| ())
    }

    /// `poll`: the indices of the ready pollables of `list`, waiting until
    /// there is at least one.
    pub(crate) fn poll(&self, list: &[Val]) -> Result<Vec<u32>, Trap> {
        if list.is_empty() {
            return trap("wasi:io/poll: poll of an empty list would never return");
        }
        let watched: Vec<Readiness> = list.iter().map(|p| self.readiness(p)).collect::<Result<_, _>>()?;
        wait(&watched)
    }

    /// `pollable.ready`: whether `p` is ready now.
    pub(crate) fn is_ready(&self, p: &Val) -> Result<bool, Trap> {
        Ok(match self.readiness(p)? {
            Readiness::Now => true,
            Readiness::At(t) => t <= clock_ns(libc::CLOCK_MONOTONIC),
            Readiness::Fd { fd, write } => crate::net::ready(fd, write),
        })
    }
}

/// The indices of the ready ones of `watched`, waiting until there is at
/// least one.
fn wait(watched: &[Readiness]) -> Result<Vec<u32>, Trap> {
    loop {
        let now = clock_ns(libc::CLOCK_MONOTONIC);
        let mut ready = Vec::new();
        let mut fds = Vec::new();
        let mut of_fd = Vec::new();
        let mut deadline: Option<u64> = None;
        for (i, r) in watched.iter().enumerate() {
            match *r {
                Readiness::Now => ready.push(i as u32),
                Readiness::At(t) if t <= now => ready.push(i as u32),
                Readiness::At(t) => deadline = Some(deadline.map_or(t, |d| d.min(t))),
                Readiness::Fd { fd, write } => {
                    fds.push(libc::pollfd { fd, events: if write { libc::POLLOUT } else { libc::POLLIN }, revents: 0 });
                    of_fd.push(i as u32);
                }
            }
        }
        if fds.is_empty() && !ready.is_empty() {
            return Ok(ready);
        }
        // Ready ones: only look at the descriptors; otherwise wait for
        // them or the earliest deadline.
        let wait = if ready.is_empty() { deadline.map(|d| d - now) } else { Some(0) };
        let ts = wait.map(|ns| libc::timespec { tv_sec: (ns / 1_000_000_000) as i64, tv_nsec: (ns % 1_000_000_000) as i64 });
        let tsp = ts.as_ref().map_or(std::ptr::null(), |t| t as *const libc::timespec);
        // SAFETY: `fds` is a valid array of its length; `tsp` is null or
        // points to a live timespec; no signal mask is changed.
        let n = unsafe { libc::ppoll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, tsp, std::ptr::null()) };
        if n < 0 && std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
            return trap(format!("wasi:io/poll: {}", std::io::Error::last_os_error()));
        }
        for (p, i) in fds.iter().zip(&of_fd) {
            if p.revents != 0 {
                ready.push(*i);
            }
        }
        if !ready.is_empty() {
            ready.sort_unstable();
            return Ok(ready);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_wait_and_the_earliest_wins() {
        let mut h = Host::new(vec![], vec![], &[]).unwrap();
        let now = clock_ns(libc::CLOCK_MONOTONIC);
        let late = h.pollable(Watch::Until(now + 60_000_000_000));
        let soon = h.pollable(Watch::Until(now + 20_000_000));
        assert!(!h.is_ready(&soon).unwrap());
        assert_eq!(h.poll(&[late.clone(), soon.clone()]).unwrap(), vec![1]);
        assert!(clock_ns(libc::CLOCK_MONOTONIC) >= now + 20_000_000);
        let always = h.pollable(Watch::Always);
        assert_eq!(h.poll(&[late.clone(), always]).unwrap(), vec![1]);
        assert!(h.poll(&[]).is_err());
        // A pollable of a dropped object is ready.
        let Val::Own(rep) = h.pollable(Watch::Always) else { panic!() };
        let gone = h.pollable(Watch::Object(rep));
        h.drop_object(rep);
        assert!(h.is_ready(&gone).unwrap());
    }
}
