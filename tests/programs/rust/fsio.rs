//! File I/O with std::fs inside the granted directory /data: write, read,
//! append, seek, metadata, read_dir (sorted), copy, rename, remove, nested
//! directories, and the io::ErrorKind of operations that must fail
//! (including attempts to leave the granted directory). Leaves
//! /data/summary.txt behind for the harness to check.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

fn show<T: std::fmt::Debug>(what: &str, r: io::Result<T>) {
    match r {
        Ok(v) => println!("{what}: ok {v:?}"),
        Err(e) => println!("{what}: error {:?} (os error {:?})", e.kind(), e.raw_os_error()),
    }
}

fn listing(dir: &str) -> io::Result<()> {
    let mut entries: Vec<(String, bool, u64)> = fs::read_dir(dir)?
        .map(|e| {
            let e = e?;
            let md = e.metadata()?;
            Ok((e.file_name().to_string_lossy().into_owned(), md.is_dir(), if md.is_dir() { 0 } else { md.len() }))
        })
        .collect::<io::Result<_>>()?;
    entries.sort();
    println!("{dir}:");
    for (name, is_dir, len) in entries {
        if is_dir {
            println!("  {name}/");
        } else {
            println!("  {name} ({len} bytes)");
        }
    }
    Ok(())
}

fn main() -> io::Result<()> {
    let config = fs::read_to_string("/data/config.ini")?;
    let settings: Vec<(&str, &str)> = config.lines().filter_map(|l| l.split_once('=')).collect();
    println!("config has {} settings: {settings:?}", settings.len());

    fs::write("/data/squares.txt", (1..=50).map(|i| format!("{}\n", i * i)).collect::<String>())?;
    let reader = BufReader::new(File::open("/data/squares.txt")?);
    let total: u64 = reader.lines().map(|l| l.unwrap().parse::<u64>().unwrap()).sum();
    println!("sum of squares read back: {total}");

    let mut f = OpenOptions::new().read(true).write(true).create(true).truncate(true).open("/data/blob.bin")?;
    let data: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
    f.write_all(&data)?;
    println!("stream position after write: {}", f.stream_position()?);
    f.seek(SeekFrom::Start(250))?;
    let mut buf = [0u8; 8];
    f.read_exact(&mut buf)?;
    println!("bytes at 250: {buf:?}");
    f.seek(SeekFrom::End(-3))?;
    let mut rest = Vec::new();
    f.read_to_end(&mut rest)?;
    println!("last bytes: {rest:?}");
    f.seek(SeekFrom::Current(-500))?;
    f.write_all(b"PATCH")?;
    f.set_len(600)?;
    drop(f);
    let blob = fs::read("/data/blob.bin")?;
    println!("blob len {} patched at 500: {:?}", blob.len(), std::str::from_utf8(&blob[500..505]));

    let mut log = OpenOptions::new().append(true).create(true).open("/data/log.txt")?;
    for i in 0..3 {
        writeln!(log, "entry {i}")?;
    }
    drop(log);
    let mut log = OpenOptions::new().append(true).open("/data/log.txt")?;
    writeln!(log, "appended later")?;
    drop(log);
    print!("log:\n{}", fs::read_to_string("/data/log.txt")?);

    fs::create_dir_all("/data/a/b/c")?;
    fs::write("/data/a/b/c/deep.txt", "deep")?;
    fs::write("/data/a/top.txt", "top level file")?;
    println!("copied {} bytes", fs::copy("/data/a/top.txt", "/data/a/b/copy.txt")?);
    fs::rename("/data/a/b/copy.txt", "/data/a/moved.txt")?;
    listing("/data")?;
    listing("/data/a")?;
    let md = fs::metadata("/data/a/moved.txt")?;
    println!("moved.txt: len={} is_file={} is_dir={}", md.len(), md.is_file(), md.is_dir());
    println!("exists: {} {}", Path::new("/data/a/b/c/deep.txt").exists(), Path::new("/data/a/b/copy.txt").exists());

    show("read missing file", fs::read("/data/missing.txt"));
    show("create_dir existing", fs::create_dir("/data/a"));
    show("remove_dir non-empty", fs::remove_dir("/data/a"));
    show("read a directory", fs::read_to_string("/data/a"));
    show("open outside via ..", File::open("/data/../secret.txt"));
    show("open absolute outside", File::open("/etc/hostname"));
    show("write outside via ..", fs::write("/data/a/../../escape.txt", "x"));
    show("read_dir of /", fs::read_dir("/").map(|_| ()));

    fs::remove_dir_all("/data/a")?;
    fs::remove_file("/data/blob.bin")?;
    show("remove_file twice", fs::remove_file("/data/blob.bin"));
    fs::write("/data/summary.txt", format!("total={total}\n"))?;
    listing("/data")?;
    Ok(())
}
