//! Starting and stopping `bantin serve`.

use super::harness::*;
use std::io::{Read as _, Write as _};
use std::time::Duration;

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_even_while_a_page_follows_live_updates() {
    let station = Station::example();
    let id = station.make_bulletin();
    let mut server = Server::start(&station);
    let mut stream = std::net::TcpStream::connect(&server.addr).unwrap();
    write!(
        stream,
        "GET /events?b={id} HTTP/1.1\r\nHost: {}\r\nConnection: keep-alive\r\n\r\n",
        server.addr
    )
    .unwrap();
    let mut head = [0u8; 64];
    let n = stream.read(&mut head).unwrap();
    assert!(String::from_utf8_lossy(&head[..n]).starts_with("HTTP/1.1 200"));
    let status = server
        .interrupt(Duration::from_secs(5))
        .expect("the server stopped within 5 s");
    assert!(status.success(), "{status}");
}

#[test]
fn a_port_in_use_is_named_with_what_to_do() {
    let station = Station::example();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = station
        .bantin()
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("cannot listen on 127.0.0.1:{port}"))
            && err.contains("--listen 127.0.0.1:8081"),
        "{err}"
    );
}
