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

/// The page is the first thing on the wire for every visit: it goes compressed, as nginx's
/// `brotli_static` sends it, to a browser that takes brotli or gzip, and the policy names the
/// inline script of the page the browser decodes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_is_sent_compressed_to_a_browser_that_takes_it() {
    use axum::body::Body;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    let page = "<!doctype html><title>t</title><script type=\"module\">boot()</script>";
    std::fs::write(dist.join("index.html"), page).unwrap();
    // The server sends the precompressed copies as they are; their bytes only need telling apart.
    std::fs::write(dist.join("index.html.br"), b"brotli bytes").unwrap();
    std::fs::write(dist.join("index.html.gz"), b"gzip bytes").unwrap();
    let mut config = Config::for_tests(dir.path().join("data"));
    config.dist = dist;
    let router = app(permit_mock::state(config).unwrap());
    let policy = permit_mock::static_files::content_security_policy(page);

    for (path, accept, encoding, body) in [
        ("/card", Some("gzip, deflate, br, zstd"), Some("br"), "brotli bytes"),
        ("/", Some("gzip, deflate, br"), Some("br"), "brotli bytes"),
        ("/index.html", Some("br;q=0, gzip"), Some("gzip"), "gzip bytes"),
        ("/me/history", Some("identity"), None, page),
        ("/card", None, None, page),
    ] {
        let mut request = axum::http::Request::get(path);
        if let Some(accept) = accept {
            request = request.header("accept-encoding", accept);
        }
        let reply = router.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(reply.status(), 200, "{path} {accept:?}");
        let headers = reply.headers().clone();
        assert_eq!(headers.get("content-encoding").map(|v| v.to_str().unwrap()), encoding, "{path} {accept:?}");
        assert_eq!(headers["vary"], "accept-encoding");
        assert_eq!(headers["content-type"], "text/html; charset=utf-8");
        assert_eq!(headers["content-security-policy"], policy.as_str());
        let sent = reply.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(sent, body.as_bytes(), "{path} {accept:?}");
    }
}
