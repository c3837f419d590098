//! Stress: 1,000 thread spawns, many threads hammering atomics, and
//! wait/notify ping-pong through Mutex + Condvar (futex waits and wakes).
//! Deterministic output, equal to the native build's.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

fn main() {
    // 1,000 spawns, 8 alive at a time.
    let spawned = Arc::new(AtomicU64::new(0));
    for _ in 0..125 {
        let hs: Vec<_> = (0..8)
            .map(|_| {
                let s = Arc::clone(&spawned);
                thread::spawn(move || {
                    s.fetch_add(1, Ordering::SeqCst);
                })
            })
            .collect();
        hs.into_iter().for_each(|h| h.join().unwrap());
    }
    println!("spawned and joined {} threads", spawned.load(Ordering::SeqCst));

    // 16 threads, 20,000 atomic adds and xors each.
    let sum = Arc::new(AtomicU64::new(0));
    let x = Arc::new(AtomicU64::new(0));
    let hs: Vec<_> = (0..16u64)
        .map(|t| {
            let (s, x) = (Arc::clone(&sum), Arc::clone(&x));
            thread::spawn(move || {
                for i in 0..20_000u64 {
                    s.fetch_add(i ^ t, Ordering::SeqCst);
                    x.fetch_xor(i.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ t, Ordering::SeqCst);
                }
            })
        })
        .collect();
    hs.into_iter().for_each(|h| h.join().unwrap());
    println!("atomic sum {} xor {:#x}", sum.load(Ordering::SeqCst), x.load(Ordering::SeqCst));

    // Ping-pong: 4 pairs of threads pass a token back and forth 2,000 times.
    let pairs: Vec<_> = (0..4)
        .map(|_| {
            let state = Arc::new((Mutex::new(0u32), Condvar::new()));
            let other = Arc::clone(&state);
            let ping = thread::spawn(move || {
                let (m, cv) = &*other;
                for i in 0..2000 {
                    let mut turn = m.lock().unwrap();
                    while *turn != 2 * i {
                        turn = cv.wait(turn).unwrap();
                    }
                    *turn += 1;
                    cv.notify_one();
                }
            });
            let (m, cv) = &*state;
            for i in 0..2000 {
                let mut turn = m.lock().unwrap();
                while *turn != 2 * i + 1 {
                    turn = cv.wait(turn).unwrap();
                }
                *turn += 1;
                cv.notify_one();
            }
            ping.join().unwrap();
            let v = *m.lock().unwrap();
            v
        })
        .collect();
    println!("ping-pong turns: {pairs:?}");
}
