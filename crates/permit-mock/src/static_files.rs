//! Serves the built app. Unknown paths get `index.html` so client-side routes survive a
//! reload. Every HTML response carries a strict Content-Security-Policy: the only inline
//! script allowed is Trunk's loader, by its SHA-256 hash, computed from the file served.

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

pub fn service(dist: &Path) -> BoxCloneSyncService<Request<Body>, Response, Infallible> {
    let index = dist.join("index.html");
    let spa_index = {
        let index = index.clone();
        service_fn(move |_req: Request<Body>| {
            let index = index.clone();
            async move { Ok::<_, Infallible>(index_response(&index).await) }
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
                "/" | "/index.html" => index_response(&index).await,
                _ => {
                    use tower::Service;
                    match files.call(req).await {
                        Ok(res) => res.map(Body::new),
                        Err(e) => match e {},
                    }
                }
            };
            Ok::<_, Infallible>(res)
        }
    });
    BoxCloneSyncService::new(routed)
}

async fn index_response(index: &PathBuf) -> Response {
    match tokio::fs::read_to_string(index).await {
        Ok(html) => {
            let csp = content_security_policy(&html);
            let mut res = (
                [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")],
                html,
            )
                .into_response();
            if let Ok(v) = HeaderValue::from_str(&csp) {
                res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
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
    fn hashes_only_inline_scripts() {
        let html = r#"<script src="/a.js"></script><script type="module">x()</script>"#;
        let csp = content_security_policy(html);
        let expected = STANDARD.encode(Sha256::digest(b"x()"));
        assert!(csp.contains(&format!("'sha256-{expected}'")));
        assert_eq!(csp.matches("sha256-").count(), 1);
    }
}
