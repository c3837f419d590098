//! How a threaded program ends: `exit` N from a spawned thread ends the
//! whole process with N; a panic in a spawned thread (panic=abort on wasm,
//! so a trap) ends it with status 134 and that thread's backtrace; without
//! an argument, the main thread returns while others still run, which ends
//! the process like native `exit`.
use std::thread;
use std::time::Duration;

fn main() {
    let what = std::env::args().nth(1).unwrap_or_default();
    println!("main starts");
    let h = thread::spawn(move || match what.as_str() {
        "exit" => {
            println!("thread exits with 3");
            std::process::exit(3)
        }
        "panic" => panic!("thread panics"),
        _ => loop {
            thread::sleep(Duration::from_millis(1));
        },
    });
    if std::env::args().nth(1).is_some() {
        let _ = h.join();
        thread::sleep(Duration::from_secs(5));
        println!("not reached");
    }
    println!("main returns");
}
