//! The mock's builds and the `run` command. The app's release build is `dist.rs`'s
//! ([`dist::build_app_release`]): it is the deployable build, and this module only uses it.

use crate::{
    cmd::{self, command, root, Result},
    dist, tools,
};
use std::path::PathBuf;

/// Builds the mock backend (dev profile: it is a mock, and the release profile is tuned for
/// the wasm's size) and returns the binary's path.
pub fn build_mock() -> Result<PathBuf> {
    let mut c = command("cargo");
    c.args(["build", "--quiet", "--package", "permit-mock"]);
    cmd::run(c)?;
    Ok(root().join("target/debug/permit-mock"))
}

/// The mock built for speed (profile `server`), for the benchmark's load run.
pub fn build_mock_for_load() -> Result<PathBuf> {
    let mut c = command("cargo");
    c.args(["build", "--quiet", "--profile", "server", "--package", "permit-mock"]);
    cmd::run(c)?;
    Ok(root().join("target/server/permit-mock"))
}

struct RunArgs {
    port: Option<String>,
    tls: bool,
    reset: bool,
}

fn parse(args: &[String]) -> Result<RunArgs> {
    let mut out = RunArgs { port: None, tls: false, reset: false };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--port" => out.port = Some(it.next().ok_or("--port needs a number")?.clone()),
            "--tls" => out.tls = true,
            "--reset" => out.reset = true,
            other => return Err(format!("run: unknown option `{other}`")),
        }
    }
    Ok(out)
}

/// `cargo xtask run`: install what is missing, build, then serve the app and the API in demo
/// mode until Ctrl-C (which reaches the mock too: it shares this terminal's process group).
pub fn run(args: &[String]) -> Result {
    let args = parse(args)?;
    tools::ensure_build_tools()?;
    tools::ensure_mock_runtime()?;
    dist::build_app_release()?;
    let mock = build_mock()?;
    let mut c = command(&mock.to_string_lossy());
    c.args(["--demo", "--dist", "dist"]);
    if let Some(port) = &args.port {
        c.args(["--port", port]);
    }
    if args.tls {
        // A phone on the LAN must reach it, and WebCrypto needs a secure context there.
        c.args(["--tls", "--host", "0.0.0.0"]);
    }
    if args.reset {
        c.arg("--reset");
    }
    cmd::run(c)
}
