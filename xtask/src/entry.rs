//! The card entry's module (`crates/permit-card-entry`, docs/card-entry.md): a second, small
//! wasm that shows a returning holder's card before the app has loaded. Built on its own
//! (wasm-bindgen for the web, wasm-opt like the app's pieces), named by its content hash, and
//! held to a budget: it is what a returning holder downloads before the code shows.

use crate::cmd::{self, command, read, root, write, Result};
use std::path::{Path, PathBuf};

/// Brotli bytes of the entry's JS and wasm together that the build refuses to exceed
/// (issue 18: at most 150 KB before the code is visible, all of it counted).
pub const BUDGET_BYTES: usize = 60 * 1024;

pub struct EntryFiles {
    pub js: String,
    pub wasm: String,
}

/// Builds the entry into `target/card-entry/out` (`permit-card.js`, `permit-card_bg.wasm`).
pub fn build() -> Result<PathBuf> {
    let mut c = command("cargo");
    // The default 1 MiB stack: fast_qr builds its module matrix on the stack, and a 128 KiB
    // stack overflowed on a permit code ("memory access out of bounds").
    c.args(["build", "--package", "permit-card-entry", "--lib", "--target", "wasm32-unknown-unknown", "--release"]);
    cmd::run(c)?;
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from);
    let wasm = target.join("wasm32-unknown-unknown/release/permit_card_entry.wasm");
    let out = root().join("target/card-entry/out");
    let _ = std::fs::remove_dir_all(&out);
    let mut c = command("wasm-bindgen");
    c.args(["--target", "web", "--no-typescript", "--out-name", "permit-card", "--out-dir"]).arg(&out).arg(&wasm);
    cmd::run(c)?;
    // The glue is on the holder's critical path beside the wasm: minified it is 1.8 KiB
    // brotli smaller (6.1 to 4.3), about 9 ms on slow 4G.
    crate::split::minify_glue(&out.join("permit-card.js"))?;
    let bg = out.join("permit-card_bg.wasm");
    let mut c = command("wasm-opt");
    c.args(crate::split::WASM_OPT_FLAGS).arg(&bg).arg("-o").arg(&bg);
    cmd::run(c)?;
    Ok(out)
}

/// Copies the entry into `dist` under its content hash and checks its budget.
pub fn install(out: &Path, dist: &Path) -> Result<EntryFiles> {
    let (js, wasm) = (read(&out.join("permit-card.js"))?, read(&out.join("permit-card_bg.wasm"))?);
    let hash = crate::dist::content_hash(&[&js, &wasm]);
    let files = EntryFiles { js: format!("permit-card-{hash}.js"), wasm: format!("permit-card-{hash}_bg.wasm") };
    let packed = crate::dist::brotli(&js).len() + crate::dist::brotli(&wasm).len();
    println!("xtask: the card entry is {:.1} KiB brotli (JS and wasm)", packed as f64 / 1024.0);
    if packed > BUDGET_BYTES {
        return Err(format!("the card entry is {packed} bytes brotli, over its budget of {BUDGET_BYTES}"));
    }
    write(&dist.join(&files.js), js)?;
    write(&dist.join(&files.wasm), wasm)?;
    Ok(files)
}

/// Whether `name` is one of the entry's files.
pub fn is_entry(name: &str) -> bool {
    let compressed = name.ends_with(".br") || name.ends_with(".gz");
    !compressed && name.starts_with("permit-card-")
}
