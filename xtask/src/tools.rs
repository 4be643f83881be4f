//! Installs the tools the build and the tests need, skipping what is already there. Exact
//! versions matter: Trunk uses a tool on PATH only when its version is the one it wants, and
//! its own download does not work on our machines (see README.md, "What the commands install").

use crate::cmd::{self, command, root, version_of, Result};
use std::{path::Path, time::Instant};

pub const TRUNK_VERSION: &str = "0.21.14";
pub const BINARYEN_VERSION: &str = "132";
/// terser, which minifies the card entry's wasm-bindgen glue (wasm-bindgen writes it readable).
pub const TERSER_VERSION: &str = "5.51.4";

/// Everything a release build of the app needs.
pub fn ensure_build_tools() -> Result {
    ensure_wasm_target()?;
    let wasm_bindgen = wasm_bindgen_version()?;
    let trunk_missing = !version_of("trunk").is_some_and(|v| v.ends_with(TRUNK_VERSION));
    let bindgen_missing = !version_of("wasm-bindgen").is_some_and(|v| v.ends_with(&wasm_bindgen));
    // The two cargo installs are the slow part of a fresh machine; run them side by side.
    let mut jobs = Vec::new();
    if trunk_missing {
        println!("xtask: installing trunk {TRUNK_VERSION} (about 14 min on 2 cores, once)");
        let mut c = command("cargo");
        c.args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]);
        jobs.push(("trunk", c));
    }
    if bindgen_missing {
        println!("xtask: installing wasm-bindgen-cli {wasm_bindgen} (about 7 min on 2 cores, once)");
        let mut c = command("cargo");
        // Not --locked: its lock file names a crate version the registry lacks.
        c.args(["install", "wasm-bindgen-cli", "--version", &wasm_bindgen]);
        jobs.push(("wasm-bindgen-cli", c));
    }
    let started = Instant::now();
    let children: Vec<_> = jobs
        .into_iter()
        .map(|(name, mut c)| c.spawn().map(|child| (name, child)).map_err(|e| format!("cargo install {name}: {e}")))
        .collect::<Result<_>>()?;
    for (name, mut child) in children {
        let status = child.wait().map_err(|e| format!("cargo install {name}: {e}"))?;
        if !status.success() {
            return Err(format!("cargo install {name} failed ({status})"));
        }
        println!("xtask: {name} installed after {:.0?}", started.elapsed());
    }
    ensure_binaryen()?;
    ensure_terser()
}

fn ensure_wasm_target() -> Result {
    let out = command("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("rustup: {e}"))?;
    if String::from_utf8_lossy(&out.stdout).lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    let mut c = command("rustup");
    c.args(["target", "add", "wasm32-unknown-unknown"]);
    cmd::run(c)
}

/// The wasm-bindgen version pinned in Cargo.lock; the CLI must match it exactly.
pub fn wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("Cargo.lock names no wasm-bindgen".into())
}

/// wasm-opt from npm's binaryen into `.tools/` (Debian's 108 and crates.io's 116 are too old
/// for what rustc emits and break the wasm at start).
fn ensure_binaryen() -> Result {
    if version_of("wasm-opt").is_some_and(|v| v.contains(&format!("version {BINARYEN_VERSION}"))) {
        return Ok(());
    }
    println!("xtask: installing binaryen {BINARYEN_VERSION} from npm into .tools/ (under a minute)");
    let dir = cmd::tools_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut c = command("npm");
    c.args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir)
        .arg(format!("binaryen@{BINARYEN_VERSION}"));
    cmd::run(c)
}

/// terser from npm into `.tools/`, beside binaryen.
fn ensure_terser() -> Result {
    if version_of("terser").is_some_and(|v| v.trim() == format!("terser {TERSER_VERSION}")) {
        return Ok(());
    }
    println!("xtask: installing terser {TERSER_VERSION} from npm into .tools/ (seconds)");
    let mut c = command("npm");
    c.args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(cmd::tools_dir())
        .arg(format!("terser@{TERSER_VERSION}"));
    cmd::run(c)
}

/// The CJK font the mock sets residence certificates in (and screenshots show Chinese with).
const CJK_FONT: (&str, &str) = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "fonts-noto-cjk");

/// What the mock needs at run time beyond its binary: the certificates' font.
pub fn ensure_mock_runtime() -> Result {
    ensure_debian(&[CJK_FONT])
}

/// Debian's Chromium and ChromeDriver (never a browser download), and Playwright from npm.
pub fn ensure_test_tools() -> Result {
    ensure_build_tools()?;
    ensure_debian(&[
        ("/usr/bin/chromium", "chromium"),
        ("/usr/bin/chromedriver", "chromium-driver"),
        CJK_FONT,
        // The load generator of `cargo xtask bench`.
        ("/usr/bin/wrk", "wrk"),
        // The end-to-end suite runs through deploy/nginx.conf.
        ("/usr/sbin/nginx", "nginx"),
        ("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so", "libnginx-mod-http-brotli-static"),
    ])?;
    let e2e = root().join("tests/e2e");
    if !npm_packages_present(&e2e) {
        println!("xtask: installing Playwright and the test packages from npm (uses the system Chromium; no browser download)");
        let mut c = command("npm");
        c.args(["ci", "--no-audit", "--no-fund"]).current_dir(&e2e);
        cmd::run(c)?;
    }
    Ok(())
}

/// Installs the Debian packages of `needed` (a file each provides, and the package) whose file
/// is missing.
fn ensure_debian(needed: &[(&str, &str)]) -> Result {
    let missing: Vec<&str> = needed.iter().filter(|(p, _)| !Path::new(p).exists()).map(|(_, pkg)| *pkg).collect();
    if !missing.is_empty() {
        println!("xtask: installing Debian {} (a few minutes)", missing.join(", "));
        let sudo = !is_root();
        let apt = |args: &[&str]| {
            let mut c = if sudo { command("sudo") } else { command("apt-get") };
            if sudo {
                c.args(["-n", "apt-get"]);
            }
            c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
            c
        };
        cmd::run(apt(&["update"]))?;
        let mut args = vec!["install", "-y", "--no-install-recommends"];
        args.extend(&missing);
        cmd::run(apt(&args))?;
    }
    Ok(())
}

/// schemathesis (pinned) from PyPI in its own virtual environment under `.tools/`; returns
/// that environment's Python.
pub fn ensure_schemathesis() -> Result<std::path::PathBuf> {
    let venv = root().join(".tools/venv");
    let python = venv.join("bin/python");
    if !venv.join("bin/schemathesis").exists() {
        println!("xtask: installing schemathesis {SCHEMATHESIS_VERSION} from PyPI into .tools/venv");
        let mut c = command("python3");
        c.args(["-m", "venv"]).arg(&venv);
        cmd::run(c)?;
        let mut c = command(&python.to_string_lossy());
        c.args(["-m", "pip", "install", "--quiet", &format!("schemathesis=={SCHEMATHESIS_VERSION}")]);
        cmd::run(c)?;
    }
    Ok(python)
}

const SCHEMATHESIS_VERSION: &str = "4.32.5";

/// cargo-fuzz (pinned) from crates.io; it builds libFuzzer from the `libfuzzer-sys` crate.
pub fn ensure_cargo_fuzz() -> Result {
    if version_of("cargo-fuzz").is_some_and(|v| v.ends_with(CARGO_FUZZ_VERSION)) {
        return Ok(());
    }
    println!("xtask: installing cargo-fuzz {CARGO_FUZZ_VERSION} (about a minute, once)");
    let mut c = command("cargo");
    c.args(["install", "cargo-fuzz", "--version", CARGO_FUZZ_VERSION, "--locked"]);
    cmd::run(c)
}

const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Whether every dev dependency named in `package.json` is in `node_modules` (a checkout
/// that gained a test package since the last install installs again).
fn npm_packages_present(dir: &std::path::Path) -> bool {
    let Ok(text) = std::fs::read_to_string(dir.join("package.json")) else { return false };
    let Ok(manifest) = serde_json::from_str::<serde_json::Value>(&text) else { return false };
    manifest["devDependencies"]
        .as_object()
        .is_some_and(|deps| deps.keys().all(|name| dir.join("node_modules").join(name).join("package.json").exists()))
}

fn is_root() -> bool {
    command("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}
