//! A thread blocked reading stdin does not hold up the others' WASI
//! calls: the test writes the input only after the line "waiting for
//! input", which the main thread prints after another thread printed its
//! lines, all while the reader is (very likely) blocked in its read.
use std::io::BufRead;
use std::thread;
use std::time::Duration;

fn main() {
    let reader = thread::spawn(|| {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).unwrap();
        line
    });
    // Time for the reader to block in its read; without it the test still
    // holds, but would test less.
    thread::sleep(Duration::from_millis(100));
    let printer = thread::spawn(|| {
        for i in 0..5 {
            println!("printer line {i}");
        }
        std::time::SystemTime::now() > std::time::UNIX_EPOCH
    });
    let clock_ok = printer.join().unwrap();
    println!("clock read from a thread: {clock_ok}");
    println!("waiting for input");
    let line = reader.join().unwrap();
    println!("read: {}", line.trim_end());
}
