//! Threads that sleep do not hold up the others' WASI calls: while one
//! thread sleeps for 300 ms, another prints 20 lines and finishes first.
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let (tx, rx) = mpsc::channel();
    let sleeper = {
        let tx = tx.clone();
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(300));
            tx.send("sleeper").unwrap();
        })
    };
    let printer = thread::spawn(move || {
        for i in 0..20 {
            println!("printer line {i}");
        }
        tx.send("printer").unwrap();
    });
    let order: Vec<&str> = rx.iter().take(2).collect();
    printer.join().unwrap();
    sleeper.join().unwrap();
    println!("finished first: {}", order[0]);
}
