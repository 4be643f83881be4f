//! Issue 15: every request to the static files gets an answer, however malformed its path
//! (a raw UTF-8 path once panicked the handler, which with `panic = "abort"` kills the mock).

use permit_mock::{app, config::Config};
use std::{
    io::{Read, Write},
    net::TcpStream,
    time::Duration,
};

/// Sends raw bytes as one HTTP/1.1 request and returns the status code of the answer.
fn raw_status(addr: std::net::SocketAddr, target: &[u8]) -> Option<u16> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut req = b"GET ".to_vec();
    req.extend_from_slice(target);
    req.extend_from_slice(b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    s.write_all(&req).ok()?;
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let line = String::from_utf8_lossy(&out);
    line.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_and_overlong_paths_get_an_answer_and_the_server_lives() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>t</title>").unwrap();
    std::fs::write(dist.join("app-0123456789abcdef.js"), "x").unwrap();
    let mut config = Config::for_tests(dir.path().join("data"));
    config.dist = dist;
    let state = permit_mock::state(config).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app(state).into_make_service_with_connect_info::<std::net::SocketAddr>()).await.unwrap();
    });

    let e9 = "é".repeat(9);
    let long = "a".repeat(60_000);
    let mut targets: Vec<Vec<u8>> = Vec::new();
    for suffix in [".js", "_bg.wasm", ".css", "", "/", ".html"] {
        targets.push(format!("/{e9}{suffix}").into_bytes());
        targets.push(format!("/x-{e9}{suffix}").into_bytes());
        targets.push(format!("/{}{suffix}", "中".repeat(6)).into_bytes());
        targets.push(format!("/{long}{suffix}").into_bytes());
        targets.push(format!("/card/{e9}/../{suffix}").into_bytes());
    }
    targets.push(b"/\xff\xfe.js".to_vec());
    targets.push(b"/%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9.js".to_vec());
    targets.push(b"/%ff%fe%fd-0123456789abcdef.js".to_vec());
    targets.push(b"/../../../../etc/passwd".to_vec());
    targets.push(format!("/api/v1/{e9}").into_bytes());
    for target in &targets {
        let addr2 = addr;
        let t = target.clone();
        let status = tokio::task::spawn_blocking(move || raw_status(addr2, &t)).await.unwrap();
        let shown = String::from_utf8_lossy(&target[..target.len().min(40)]).into_owned();
        let status = status.unwrap_or_else(|| panic!("no answer for {shown}"));
        assert!((200..600).contains(&status), "{shown}: {status}");
        assert_ne!(status, 500, "{shown}");
        let alive = tokio::task::spawn_blocking(move || raw_status(addr2, b"/api/v1/health")).await.unwrap();
        assert_eq!(alive, Some(200), "alive after {shown}");
    }
}
