//! Serves the built app, as `deploy/nginx.conf` does. Unknown paths get `index.html` so
//! client-side routes survive a reload. Every HTML response carries a strict
//! Content-Security-Policy. `cargo xtask dist` leaves no inline script in the page; should
//! one be there (a bare `trunk build`), it is allowed by its SHA-256 hash, computed from the
//! file served, and nothing else inline is.

use axum::{
    body::Body,
    http::{header, HeaderValue, Request, StatusCode},
    response::{IntoResponse, Response},
};
use base64::{engine::general_purpose::STANDARD, Engine};
use sha2::{Digest, Sha256};
use std::{convert::Infallible, path::{Path, PathBuf}};
use tower::{service_fn, util::BoxCloneSyncService};
use tower_http::services::ServeDir;

/// Longest path and longest path segment served; anything longer is no file of the app.
const MAX_PATH_BYTES: usize = 1024;
const MAX_SEGMENT_BYTES: usize = 255;

pub fn service(dist: &Path) -> BoxCloneSyncService<Request<Body>, Response, Infallible> {
    let index = dist.join("index.html");
    let spa_index = {
        let index = index.clone();
        service_fn(move |req: Request<Body>| {
            let index = index.clone();
            async move {
                // A missing hashed file is a 404, never the shell: HTML run as a script or
                // read as wasm would fail in a way no one could trace.
                if is_content_hashed(req.uri().path()) {
                    return Ok::<_, Infallible>(StatusCode::NOT_FOUND.into_response());
                }
                Ok::<_, Infallible>(index_response(&index, req.headers()).await)
            }
        })
    };
    let files = ServeDir::new(dist)
        .append_index_html_on_directories(false)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(spa_index);
    let routed = service_fn(move |req: Request<Body>| {
        let mut files = files.clone();
        let index = index.clone();
        async move {
            let res = match req.uri().path() {
                "/" | "/index.html" => index_response(&index, req.headers()).await,
                // No file of the app has a name this long; the file system would refuse it
                // with an error that ServeDir turns into a 500.
                path if path.len() > MAX_PATH_BYTES => StatusCode::URI_TOO_LONG.into_response(),
                path if path.split('/').any(|segment| segment.len() > MAX_SEGMENT_BYTES) => StatusCode::NOT_FOUND.into_response(),
                path => {
                    use tower::Service;
                    let cache = cache_control(path);
                    let mut res = match files.call(req).await {
                        Ok(res) => res.map(Body::new),
                        Err(e) => match e {},
                    };
                    if res.status().is_success() && !res.headers().contains_key(header::CACHE_CONTROL) {
                        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
                        // The precompressed copies make the body depend on Accept-Encoding.
                        res.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-encoding"));
                    }
                    res
                }
            };
            Ok::<_, Infallible>(res)
        }
    });
    BoxCloneSyncService::new(routed)
}

/// The page, compressed as nginx's `brotli_static` / `gzip_static` serve it (`cargo xtask dist`
/// writes `index.html.br` and `.gz`): it is the first thing on the wire for every visit, and
/// on slow 4G its 1.9 KiB saved start everything after it sooner. The policy's hashes are of
/// the plain page, as the browser hashes the scripts it decodes.
async fn index_response(index: &PathBuf, request: &header::HeaderMap) -> Response {
    match tokio::fs::read_to_string(index).await {
        Ok(html) => {
            let csp = content_security_policy(&html);
            let mut body = Body::from(html);
            let mut encoding = None;
            for (name, extension) in [("br", "br"), ("gzip", "gz")] {
                if accepts_encoding(request, name) {
                    if let Ok(compressed) = tokio::fs::read(index.with_extension(format!("html.{extension}"))).await {
                        body = Body::from(compressed);
                        encoding = Some(name);
                        break;
                    }
                }
            }
            let mut res = (
                [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")],
                body,
            )
                .into_response();
            let headers = res.headers_mut();
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            if let Some(name) = encoding {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
            }
            if let Ok(v) = HeaderValue::from_str(&csp) {
                headers.insert(header::CONTENT_SECURITY_POLICY, v);
            }
            res
        }
        Err(_) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "The app is not built yet. Run `cargo xtask run`, which builds it first.",
        )
            .into_response(),
    }
}

/// The policy for one HTML document: scripts only from this origin, WebAssembly compilation,
/// and the document's own inline scripts by hash; no plugins, no framing, no foreign hosts.
pub fn content_security_policy(html: &str) -> String {
    let hashes: String = inline_scripts(html)
        .map(|body| format!(" 'sha256-{}'", STANDARD.encode(Sha256::digest(body.as_bytes()))))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'none'; frame-ancestors 'none'; form-action 'self'; manifest-src 'self'; \
         worker-src 'self'"
    )
}

/// The same caching as `deploy/nginx.conf`: a content-hashed file never changes, so it is
/// kept for a year; anything else (the SPA fallback, `sw.js`, the manifest, icons) is
/// revalidated on every use.
fn cache_control(path: &str) -> &'static str {
    if is_content_hashed(path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// `name-<16 hex>.js`, `name-<16 hex>_bg.wasm`, `name-<16 hex>.wasm` (a route's piece of
/// the app) or `name-<16 hex>.css`, as Trunk and `cargo xtask dist` name them.
fn is_content_hashed(path: &str) -> bool {
    let stem = [".js", "_bg.wasm", ".wasm", ".css"].iter().find_map(|ext| path.strip_suffix(ext));
    // `get`, not indexing: a path is any UTF-8, and byte 17 from the end may fall inside a
    // character (a raw `/ééééééééé.js` once panicked here).
    stem.and_then(|s| s.len().checked_sub(17).and_then(|i| s.get(i..)))
        .and_then(|tail| tail.strip_prefix('-'))
        .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

/// Whether `Accept-Encoding` names `coding` with a weight above zero (RFC 9110 §12.5.3).
fn accepts_encoding(request: &header::HeaderMap, coding: &str) -> bool {
    request.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let named = parts.next().is_some_and(|name| name.eq_ignore_ascii_case(coding));
        let weight = parts
            .find_map(|p| p.strip_prefix("q=").or_else(|| p.strip_prefix("Q=")))
            .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok());
        named && weight.is_some_and(|q| q > 0.0)
    })
}

/// The bodies of `<script>` elements without a `src`, exactly as the browser hashes them.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.match_indices("<script").filter_map(move |(start, _)| {
        let open_end = start + html[start..].find('>')?;
        let tag = &html[start..open_end];
        if tag.contains(" src=") {
            return None;
        }
        let body_start = open_end + 1;
        let body_end = body_start + html[body_start..].find("</script>")?;
        Some(&html[body_start..body_end])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_content_hashed_files_are_kept_for_a_year() {
        for hashed in [
            "/permit-app-2edfcff40f8c6689_bg.wasm",
            "/loader-0123456789abcdef.js",
            "/main-97df473c98fbba6a.css",
            "/chunk_13-0123456789abcdef.wasm",
            "/wasm-split-0123456789abcdef.js",
        ] {
            assert_eq!(cache_control(hashed), "public, max-age=31536000, immutable", "{hashed}");
        }
        for fixed in ["/sw.js", "/manifest.webmanifest", "/icon-192.png", "/scanner-worker.js", "/card", "/permit-app-2edfcff40f8c66_bg.wasm", "/chunk_13.wasm"] {
            assert_eq!(cache_control(fixed), "no-cache", "{fixed}");
        }
    }

    #[test]
    fn an_encoding_is_accepted_only_when_named_with_a_weight_above_zero() {
        let headers = |v: &str| {
            let mut h = header::HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
            h
        };
        assert!(accepts_encoding(&headers("gzip, deflate, br, zstd"), "br"));
        assert!(accepts_encoding(&headers("BR;q=0.5"), "br"));
        assert!(!accepts_encoding(&headers("br;q=0, gzip"), "br"));
        assert!(!accepts_encoding(&headers("br;q=0.0"), "br"));
        assert!(!accepts_encoding(&headers("br;q=nonsense"), "br"));
        assert!(!accepts_encoding(&headers("brotli, gzip"), "br"));
        assert!(accepts_encoding(&headers("br;q=0, gzip"), "gzip"));
        assert!(!accepts_encoding(&header::HeaderMap::new(), "gzip"));
    }

    #[test]
    fn hashes_only_inline_scripts() {
        let html = r#"<script src="/a.js"></script><script type="module">x()</script>"#;
        let csp = content_security_policy(html);
        let expected = STANDARD.encode(Sha256::digest(b"x()"));
        assert!(csp.contains(&format!("'sha256-{expected}'")));
        assert_eq!(csp.matches("sha256-").count(), 1);
    }
}
