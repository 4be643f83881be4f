//! The peer: the same live card as a mainstream H5 stack builds it (Vue 3 + Vite + npm
//! `qrcode`), kept in `tests/e2e/bench/peer-vue-card/` with its npm lock, so `cargo xtask
//! bench` measures the app beside it in the same run on the same machine.

use crate::cmd::{self, command, root, Result};
use std::path::PathBuf;

/// Builds the peer into `target/peer-dist/`, every file at the top level and compressed as
/// `dist/` is, so the mock serves both the same way (brotli, same headers).
pub fn build() -> Result<PathBuf> {
    let dir = root().join("tests/e2e/bench/peer-vue-card");
    if !dir.join("node_modules/vite/package.json").exists() {
        println!("xtask: installing the peer's npm packages (Vue, Vite, qrcode; pinned by its lock)");
        let mut c = command("npm");
        c.args(["ci", "--no-audit", "--no-fund"]).current_dir(&dir);
        cmd::run(c)?;
    }
    let out = root().join("target/peer-dist");
    let mut c = command("npx");
    c.args(["vite", "build", "--logLevel", "warn", "--emptyOutDir", "--assetsDir", ".", "--outDir"])
        .arg(&out)
        .current_dir(&dir);
    cmd::run(c)?;
    crate::dist::precompress(&out)?;
    Ok(out)
}
