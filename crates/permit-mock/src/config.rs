//! Command-line flags; each also reads an environment variable so scripts can set them.

use clap::Parser;
use permit_core::api::testing::{Fault, RequestClass};
use std::{net::IpAddr, path::PathBuf};

#[derive(Debug, Clone, Parser)]
#[command(name = "permit-mock", about = "Mock backend of the Guangdong electronic residence permit")]
pub struct Config {
    /// Address to listen on. Loopback by default; `--tls` runs use 0.0.0.0 to reach a phone.
    #[arg(long, env = "PERMIT_MOCK_HOST", default_value = "127.0.0.1")]
    pub host: IpAddr,
    #[arg(long, env = "PERMIT_MOCK_PORT", default_value_t = 8080)]
    pub port: u16,
    /// Folder of the embedded database; it survives restarts.
    #[arg(long, env = "PERMIT_MOCK_DATA_DIR", default_value = ".data/mock")]
    pub data_dir: PathBuf,
    /// Folder of the built app (Trunk's output) served at `/`.
    #[arg(long, env = "PERMIT_MOCK_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Demo mode: list personas and show one-time codes on the login screen. Off in a deployment.
    #[arg(long, env = "PERMIT_MOCK_DEMO")]
    pub demo: bool,
    /// Test mode: enable the test-only endpoints (read a one-time code, admin), on any address.
    #[arg(long, env = "PERMIT_MOCK_TEST_MODE")]
    pub test_mode: bool,
    /// Wipe the database and seed the demo personas again.
    #[arg(long)]
    pub reset: bool,
    /// Serve HTTPS with a self-signed certificate, for trying the app on a phone over the LAN.
    #[arg(long)]
    pub tls: bool,
    /// Inject a fault: `class:latency_ms:error_rate:drop_rate`, e.g. `write:300:0.1:0.05`.
    /// Classes: auth, read, write, upload, verify, events. Repeat for several classes.
    #[arg(long = "fault", value_parser = crate::faults::parse_flag)]
    pub faults: Vec<(RequestClass, Fault)>,
    /// Switch the abuse limits off (the load benchmark measures verification itself).
    #[arg(long)]
    pub no_limits: bool,
    /// Behind a reverse proxy on this machine (`deploy/nginx.conf`): take the client address
    /// for the per-client limits from the proxy's `X-Real-IP` when the connection comes from
    /// loopback. Off by default, so a client cannot pick its own address.
    #[arg(long)]
    pub behind_proxy: bool,
    /// The font the residence certificates are set in: a collection whose face 2 is Simplified
    /// Chinese (Debian's `fonts-noto-cjk`). Read on the first certificate; without it,
    /// `POST /api/v1/certificates` answers 503 `certificate_unavailable`.
    #[arg(long, env = "PERMIT_MOCK_CERTIFICATE_FONT", default_value = crate::certificate_pdf::DEFAULT_FONT)]
    pub certificate_font: PathBuf,
}

impl Config {
    /// Settings for tests: loopback, an ephemeral port, test mode on.
    pub fn for_tests(data_dir: PathBuf) -> Self {
        Self {
            host: [127, 0, 0, 1].into(),
            port: 0,
            data_dir,
            dist: PathBuf::from("dist"),
            demo: false,
            test_mode: true,
            reset: false,
            tls: false,
            faults: Vec::new(),
            no_limits: false,
            behind_proxy: false,
            certificate_font: PathBuf::from(crate::certificate_pdf::DEFAULT_FONT),
        }
    }

    /// The test-only endpoints exist only when this is true: with `--test-mode`, or in demo
    /// mode on a loopback address. A demo reachable over the LAN (`--tls` listens on 0.0.0.0)
    /// does not let anyone on the network move the clock or wipe the data unless
    /// `--test-mode` asks for it explicitly.
    pub fn test_endpoints(&self) -> bool {
        self.test_mode || (self.demo && self.host.is_loopback())
    }
}
