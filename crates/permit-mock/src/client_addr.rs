//! The client's address for the per-client limits, believing a proxy's `X-Real-IP` only from
//! a loopback peer and only with `--behind-proxy`.

use std::net::IpAddr;

/// The client's address, when the server was started with connection info (tests that call
/// the router directly have none, and are not limited by address).
pub struct ClientAddr(pub Option<IpAddr>);

impl axum::extract::FromRequestParts<crate::state::AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &crate::state::AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
        let from_proxy = || {
            let header = parts.headers.get("x-real-ip")?.to_str().ok()?;
            header.trim().parse::<IpAddr>().ok()
        };
        Ok(Self(match peer {
            Some(ip) if state.config.behind_proxy && ip.is_loopback() => from_proxy().or(Some(ip)),
            other => other,
        }))
    }
}
