//! `--tls`: HTTPS with a self-signed certificate, so a phone on the LAN gets a secure context
//! (WebCrypto, service workers and the camera need one; `http://192.168.x.x` is not one).
//! The phone shows a certificate warning once; that is expected for a development server.

use axum::Router;
use axum_server::tls_rustls::RustlsConfig;
use std::net::{IpAddr, SocketAddr, UdpSocket};

/// This machine's address on the LAN, found by asking the OS which interface would route to a
/// documentation address; no packet is sent.
pub fn lan_ip() -> Option<IpAddr> {
    let socket = UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    socket.local_addr().ok().map(|a| a.ip()).filter(|ip| !ip.is_unspecified())
}

pub async fn serve(addr: SocketAddr, app: Router) -> Result<(), Box<dyn std::error::Error>> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut names = vec!["localhost".to_owned(), "127.0.0.1".to_owned()];
    let lan = lan_ip();
    if let Some(ip) = lan {
        names.push(ip.to_string());
    }
    let cert = rcgen::generate_simple_self_signed(names)?;
    let config = RustlsConfig::from_pem(
        cert.cert.pem().into_bytes(),
        cert.signing_key.serialize_pem().into_bytes(),
    )
    .await?;
    let shown = lan.map_or_else(|| addr.ip().to_string(), |ip| ip.to_string());
    tracing::info!("permit-mock listening on https://{shown}:{} (self-signed certificate)", addr.port());
    let handle = axum_server::Handle::new();
    let shutdown = handle.clone();
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        shutdown.graceful_shutdown(None);
    });
    axum_server::bind_rustls(addr, config).handle(handle).serve(app.into_make_service_with_connect_info::<SocketAddr>()).await?;
    Ok(())
}
