//! The standard library's threading on wasm32-wasip1-threads: spawn and
//! join, scoped threads, Mutex, Condvar, RwLock, Barrier, channels, atomics
//! and thread-locals. The output is deterministic and must equal the
//! native build's.
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Barrier, Condvar, Mutex, RwLock};
use std::thread;

thread_local! {
    static LOCAL: Cell<u64> = const { Cell::new(0) };
}

fn main() {
    // spawn/join with results, and thread-locals per thread.
    let handles: Vec<_> = (0..4u64)
        .map(|t| {
            thread::spawn(move || {
                for i in 0..=t * 100 {
                    LOCAL.with(|l| l.set(l.get() + i));
                }
                LOCAL.with(Cell::get)
            })
        })
        .collect();
    let sums: Vec<u64> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    println!("thread-local sums: {sums:?}; main's stays {}", LOCAL.with(Cell::get));

    // Scoped threads borrowing the stack.
    let data: Vec<u64> = (1..=1000).collect();
    let (a, b) = data.split_at(500);
    let (sa, sb) = thread::scope(|s| {
        let ha = s.spawn(|| a.iter().sum::<u64>());
        let hb = s.spawn(|| b.iter().sum::<u64>());
        (ha.join().unwrap(), hb.join().unwrap())
    });
    println!("scoped sums: {sa} + {sb} = {}", sa + sb);

    // Mutex: many increments from many threads.
    let counter = Arc::new(Mutex::new(0u64));
    let hs: Vec<_> = (0..8)
        .map(|_| {
            let c = Arc::clone(&counter);
            thread::spawn(move || {
                for _ in 0..10_000 {
                    *c.lock().unwrap() += 1;
                }
            })
        })
        .collect();
    hs.into_iter().for_each(|h| h.join().unwrap());
    println!("mutex counter: {}", *counter.lock().unwrap());

    // Condvar: a producer hands items to a consumer one at a time.
    let slot = Arc::new((Mutex::new(None::<u32>), Condvar::new()));
    let consumer = {
        let slot = Arc::clone(&slot);
        thread::spawn(move || {
            let (lock, cv) = &*slot;
            let mut got = Vec::new();
            while got.len() < 50 {
                let mut item = lock.lock().unwrap();
                while item.is_none() {
                    item = cv.wait(item).unwrap();
                }
                got.push(item.take().unwrap());
                cv.notify_all();
            }
            got.iter().sum::<u32>()
        })
    };
    for i in 1..=50 {
        let (lock, cv) = &*slot;
        let mut item = lock.lock().unwrap();
        while item.is_some() {
            item = cv.wait(item).unwrap();
        }
        *item = Some(i);
        cv.notify_all();
    }
    println!("condvar hand-over total: {}", consumer.join().unwrap());

    // RwLock: readers see complete updates only.
    let table = Arc::new(RwLock::new(vec![0u32; 16]));
    let writer = {
        let t = Arc::clone(&table);
        thread::spawn(move || {
            for round in 1..=200u32 {
                let mut w = t.write().unwrap();
                w.iter_mut().for_each(|v| *v = round);
            }
        })
    };
    let readers: Vec<_> = (0..3)
        .map(|_| {
            let t = Arc::clone(&table);
            thread::spawn(move || {
                let mut torn = 0;
                for _ in 0..500 {
                    let r = t.read().unwrap();
                    if r.iter().any(|v| *v != r[0]) {
                        torn += 1;
                    }
                }
                torn
            })
        })
        .collect();
    writer.join().unwrap();
    let torn: u32 = readers.into_iter().map(|h| h.join().unwrap()).sum();
    println!("rwlock: torn reads {torn}, final {:?}", &table.read().unwrap()[..4]);

    // Barrier: every thread reaches phase 2 only after all finished phase 1.
    let barrier = Arc::new(Barrier::new(5));
    let phase1 = Arc::new(AtomicUsize::new(0));
    let hs: Vec<_> = (0..5)
        .map(|_| {
            let (b, p) = (Arc::clone(&barrier), Arc::clone(&phase1));
            thread::spawn(move || {
                p.fetch_add(1, Ordering::SeqCst);
                let leader = b.wait().is_leader();
                (p.load(Ordering::SeqCst), leader)
            })
        })
        .collect();
    let seen: Vec<(usize, bool)> = hs.into_iter().map(|h| h.join().unwrap()).collect();
    println!(
        "barrier: all saw {}, leaders {}",
        seen.iter().all(|(n, _)| *n == 5),
        seen.iter().filter(|(_, l)| *l).count()
    );

    // Channels: many producers, one consumer.
    let (tx, rx) = mpsc::channel::<u64>();
    for t in 0..4u64 {
        let tx = tx.clone();
        thread::spawn(move || {
            for i in 0..250 {
                tx.send(t * 1000 + i).unwrap();
            }
        });
    }
    drop(tx);
    let received: Vec<u64> = rx.iter().collect();
    println!("channel: {} messages, sum {}", received.len(), received.iter().sum::<u64>());
    let (stx, srx) = mpsc::sync_channel::<u32>(1);
    let h = thread::spawn(move || (0..100).map(|_| srx.recv().unwrap()).sum::<u32>());
    (0..100).for_each(|i| stx.send(i).unwrap());
    println!("sync channel sum: {}", h.join().unwrap());

    // Atomics: compare-exchange loops and fetch operations.
    let max = Arc::new(AtomicU64::new(0));
    let bits = Arc::new(AtomicU64::new(0));
    let hs: Vec<_> = (0..8u64)
        .map(|t| {
            let (m, b) = (Arc::clone(&max), Arc::clone(&bits));
            thread::spawn(move || {
                for i in 0..1000 {
                    let v = (t * 7919 + i * 104_729) % 100_003;
                    let mut cur = m.load(Ordering::Relaxed);
                    while v > cur {
                        match m.compare_exchange_weak(cur, v, Ordering::SeqCst, Ordering::Relaxed) {
                            Ok(_) => break,
                            Err(now) => cur = now,
                        }
                    }
                }
                b.fetch_or(1 << t, Ordering::SeqCst);
            })
        })
        .collect();
    hs.into_iter().for_each(|h| h.join().unwrap());
    println!("atomics: max {}, bits {:#x}", max.load(Ordering::SeqCst), bits.load(Ordering::SeqCst));
    println!("thread names: {:?}", thread::Builder::new().name("named".into()).spawn(|| thread::current().name().map(str::to_string)).unwrap().join().unwrap());
}
