// A WASI 0.2 command that uses the network on loopback through Rust's
// std::net (wasi-libc's sockets on wasi:sockets): a TCP listener and a
// client in one thread, a message each way, half-closes, a read timeout, non-blocking reads,
// a refused connection, UDP datagrams and a name lookup. Run with the
// network granted; without it every socket operation is denied.
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs, UdpSocket};
use std::time::Duration;

fn tcp() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    println!("listening on 127.0.0.1: {}", addr.ip() == std::net::Ipv4Addr::LOCALHOST);

    let mut client = TcpStream::connect(addr)?;
    let (mut server, peer) = listener.accept()?;
    println!("accepted the client's address: {}", peer == client.local_addr()?);
    println!("client's peer is the listener: {}", client.peer_addr()? == addr);

    client.write_all(b"ping from the client")?;
    let mut buf = [0u8; 64];
    let n = server.read(&mut buf)?;
    println!("server read {n} bytes: {}", String::from_utf8_lossy(&buf[..n]));

    // A large message: many writes, partial reads.
    let big: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    server.write_all(&big)?;
    server.shutdown(Shutdown::Write)?;
    let mut got = Vec::new();
    client.read_to_end(&mut got)?;
    println!("client read {} bytes to the end, equal: {}", got.len(), got == big);

    // Nothing more arrives: a read with a timeout times out.
    server.set_read_timeout(Some(Duration::from_millis(50)))?;
    match server.read(&mut buf) {
        Ok(n) => println!("unexpected read of {n}"),
        Err(e) => println!("read with a timeout: {:?}", e.kind()),
    }
    client.shutdown(Shutdown::Write)?;
    server.set_read_timeout(None)?;
    println!("server reads the end: {}", server.read(&mut buf)?);

    // Hop limit (TTL) round trip.
    client.set_ttl(42)?;
    println!("ttl: {}", client.ttl()?);
    drop(client);
    drop(server);

    // A port nobody listens on refuses.
    let closed = TcpListener::bind("127.0.0.1:0")?;
    let port = closed.local_addr()?.port();
    drop(closed);
    match TcpStream::connect(("127.0.0.1", port)) {
        Ok(_) => println!("unexpected connection"),
        Err(e) => println!("connect to a closed port: {:?}", e.kind()),
    }
    // A second listener on a bound address.
    match TcpListener::bind(addr) {
        Ok(_) => println!("unexpected second bind"),
        Err(e) => println!("bind a bound address: {:?}", e.kind()),
    }
    Ok(())
}

fn udp() -> std::io::Result<()> {
    let a = UdpSocket::bind("127.0.0.1:0")?;
    let b = UdpSocket::bind("127.0.0.1:0")?;
    a.send_to(b"first datagram", b.local_addr()?)?;
    a.send_to(b"second", b.local_addr()?)?;
    let mut buf = [0u8; 64];
    for _ in 0..2 {
        let (n, from) = b.recv_from(&mut buf)?;
        println!("udp {} bytes from a: {}: {}", n, from == a.local_addr()?, String::from_utf8_lossy(&buf[..n]));
    }
    b.connect(a.local_addr()?)?;
    b.send(b"reply")?;
    let (n, from) = a.recv_from(&mut buf)?;
    println!("udp reply {} bytes from b: {}", n, from == b.local_addr()?);
    a.set_nonblocking(true)?;
    match a.recv_from(&mut buf) {
        Ok(_) => println!("unexpected datagram"),
        Err(e) => println!("non-blocking udp receive: {:?}", e.kind()),
    }
    Ok(())
}

fn lookup() -> std::io::Result<()> {
    let addrs: Vec<SocketAddr> = ("127.0.0.1", 80).to_socket_addrs()?.collect();
    println!("lookup of a literal: {addrs:?}");
    let local: Vec<SocketAddr> = ("localhost", 8080).to_socket_addrs()?.collect();
    println!("localhost has 127.0.0.1: {}", local.iter().any(|a| a.ip() == std::net::Ipv4Addr::LOCALHOST));
    match ("no-such-host.invalid", 80).to_socket_addrs() {
        Ok(a) => println!("unexpected addresses {:?}", a.collect::<Vec<_>>()),
        Err(_) => println!("an unknown name does not resolve"),
    }
    Ok(())
}

fn main() {
    let mut failed = false;
    for (name, f) in [("tcp", tcp as fn() -> std::io::Result<()>), ("udp", udp), ("lookup", lookup)] {
        if let Err(e) = f() {
            println!("{name} failed: {:?}", e.kind());
            eprintln!("{name}: {e}");
            failed = true;
        }
    }
    if failed {
        std::process::exit(3);
    }
    let _ = ErrorKind::Other;
}
