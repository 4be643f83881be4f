//! `cargo xtask bench`: measures, prints a table, and writes `target/bench.json` (one object
//! per measure: name, value, unit, how it was measured). Figures, not assertions.

use crate::{
    build, dist, peer,
    cmd::{command, root, Result},
    mock::Mock,
    tools,
};
use serde_json::{json, Value};
use std::path::Path;

/// Which files of `dist/` a size group counts, by name.
type FileFilter<'a> = &'a dyn Fn(&str) -> bool;

struct Measure {
    name: String,
    value: f64,
    unit: &'static str,
    how: String,
}

pub fn run(args: &[String]) -> Result {
    if let Some(a) = args.first() {
        return Err(format!("bench: unknown option `{a}`"));
    }
    tools::ensure_test_tools()?;
    let mut measures = Vec::new();

    let build_time = dist::build_app_release()?;
    measures.push(Measure {
        name: "release build time".into(),
        value: build_time.as_secs_f64(),
        unit: "s",
        how: "wall time of `trunk build --release` in this run (incremental when target/ is warm)".into(),
    });
    measures.extend(asset_sizes(&root().join("dist"))?);

    // The mock as a deployment would build it (optimized), so the verify load figures mean
    // something; the browser figures are taken against the same server.
    let binary = build::build_mock_for_load()?;
    // The bench signs the same personas in many times within a minute, and measures the
    // client and the verify path, not the abuse limits: they are off here.
    let mock = Mock::start(&binary, &root().join("dist"), &["--no-limits"])?;
    // Signing and drawing one code is timed through `window.__permitBench`, which only the
    // bench build has; everything else is measured on the build residents get.
    let with_hook = Mock::start(&binary, &dist::build_app_for_bench()?, &["--no-limits"])?;
    // The peer card, served by a mock too so it gets the same compression and headers.
    let peer = Mock::start(&binary, &peer::build()?, &[])?;
    measures.extend(browser_measures(&mock.base_url, &with_hook.base_url, &peer.base_url)?);
    drop((mock, with_hook, peer));
    measures.extend(signature_cost()?);

    print_table(&measures);
    let json: Vec<Value> = measures
        .iter()
        .map(|m| json!({"name": m.name, "value": m.value, "unit": m.unit, "how": m.how}))
        .collect();
    let path = root().join("target/bench.json");
    std::fs::write(&path, serde_json::to_string_pretty(&json).expect("json")).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

/// Raw, gzip (level 9) and brotli (quality 11) sizes of each kind of asset in `dist/`.
fn asset_sizes(dist: &Path) -> Result<Vec<Measure>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // The precompressed copies are measured below by compressing each file here.
        if name.ends_with(".br") || name.ends_with(".gz") {
            continue;
        }
        files.push((name, std::fs::read(&path).map_err(|e| e.to_string())?));
    }
    // What every resident downloads first (the app's first module, its JS, the CSS); the
    // pieces of the routes that load on demand; and the counter scanner's worker, which only
    // staff fetch.
    let lazy = crate::split::lazy_pieces(dist)?;
    let first = |name: &str, ext: &str| crate::split::is_first_module(name) && name.ends_with(ext);
    let groups: [(&str, FileFilter); 6] = [
        ("card entry (wasm + JS)", &|n| crate::entry::is_entry(n)),
        ("first module wasm", &|n| first(n, ".wasm")),
        ("first module JS", &|n| first(n, ".js")),
        ("CSS", &|n| n.ends_with(".css")),
        ("routes on demand (wasm + JS)", &|n| lazy.iter().any(|l| l == n)),
        ("counter scanner worker", &|n| n.starts_with("permit-scanner") || n.starts_with("scanner-worker")),
    ];
    let mut out = Vec::new();
    let mut transfer = 0;
    // The page itself carries the boot script.
    let mut entry_transfer = files.iter().filter(|(n, _)| n == "index.html").map(|(_, b)| dist::brotli(b).len()).sum::<usize>();
    for (kind, matches) in groups {
        let chosen: Vec<&Vec<u8>> = files.iter().filter(|(n, _)| matches(n)).map(|(_, b)| b).collect();
        let raw: usize = chosen.iter().map(|b| b.len()).sum();
        // Each file is compressed on its own, as a server sends it.
        let gz: usize = chosen.iter().map(|b| dist::gzip(b).len()).sum();
        let br: usize = chosen.iter().map(|b| dist::brotli(b).len()).sum();
        if kind.starts_with("first module") || kind == "CSS" {
            transfer += br;
        }
        if kind.starts_with("card entry") || kind == "CSS" {
            entry_transfer += br;
        }
        for (variant, bytes, how) in [
            ("raw", raw, "bytes on disk in dist/"),
            ("gzip", gz, "flate2 gzip level 9, per file"),
            ("brotli", br, "brotli quality 11, window 22, per file"),
        ] {
            out.push(Measure {
                name: format!("{kind} size ({variant})"),
                value: bytes as f64 / 1024.0,
                unit: "KiB",
                how: format!("{kind} files in dist/ after a release build; {how}"),
            });
        }
    }
    out.push(Measure {
        name: "first load (first module wasm + JS + CSS, brotli)".into(),
        value: transfer as f64 / 1024.0,
        unit: "KiB",
        how: "sum of the brotli sizes of what index.html loads for a first visit or any page but a returning holder's card".into(),
    });
    out.push(Measure {
        name: "returning holder's first load (page with its boot + card entry + CSS, brotli)".into(),
        value: entry_transfer as f64 / 1024.0,
        unit: "KiB",
        how: "sum of the brotli sizes of what a returning holder's phone loads before the card entry shows the code; target at most 150 KB".into(),
    });
    Ok(out)
}

/// The P-256 signature check alone, timed natively with each backend permit-core offers: `ring`
/// (what the mock verifies with) and the pure-Rust `p256`. It bounds the verify endpoint's
/// throughput per core whatever the server does around it.
fn signature_cost() -> Result<Vec<Measure>> {
    let mut out = Vec::new();
    for (feature, label) in [("verify-ring", "ring, the mock's"), ("verify", "p256, pure Rust")] {
        let run = command("cargo")
            .args(["run", "--quiet", "--profile", "server", "--package", "permit-core", "--features", feature, "--example", "verify_cost"])
            .output()
            .map_err(|e| format!("cargo run verify_cost: {e}"))?;
        let text = String::from_utf8_lossy(&run.stdout);
        let micros: f64 = text
            .lines()
            .find_map(|l| l.strip_prefix("VERIFY_US "))
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| format!("verify_cost printed no figure: {text}{}", String::from_utf8_lossy(&run.stderr)))?;
        let how = format!(
            "crates/permit-core/examples/verify_cost.rs with --features {feature}, profile server (opt-level 3), mean of 2,000 checks of a genuine code on one core"
        );
        out.push(Measure { name: format!("P-256 signature check alone ({label})"), value: micros, unit: "µs", how: how.clone() });
        out.push(Measure {
            name: format!("verify ceiling per core from the signature alone ({label})"),
            value: 1e6 / micros,
            unit: "req/s",
            how: format!("1 s divided by the check above; {how}"),
        });
    }
    Ok(out)
}

/// Runs the Playwright bench script, which prints one JSON array of measures.
fn browser_measures(base_url: &str, hook_url: &str, peer_url: &str) -> Result<Vec<Measure>> {
    let out = command("node")
        .arg("bench/browser.mjs")
        .current_dir(root().join("tests/e2e"))
        .env("BASE_URL", base_url)
        .env("BENCH_HOOK_URL", hook_url)
        .env("PEER_URL", peer_url)
        .env("WRK", "1")
        .output()
        .map_err(|e| format!("node: {e}"))?;
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    if !out.status.success() {
        return Err("the browser bench failed".into());
    }
    let v: Vec<Value> = serde_json::from_slice(&out.stdout).map_err(|e| format!("browser bench output: {e}"))?;
    Ok(v.into_iter()
        .map(|m| Measure {
            name: m["name"].as_str().unwrap_or("?").to_owned(),
            value: m["value"].as_f64().unwrap_or(f64::NAN),
            unit: match m["unit"].as_str() {
                Some("ms") => "ms",
                Some("KiB") => "KiB",
                Some("req/s") => "req/s",
                _ => "",
            },
            how: m["how"].as_str().unwrap_or("").to_owned(),
        })
        .collect())
}

fn print_table(measures: &[Measure]) {
    let width = measures.iter().map(|m| m.name.chars().count()).max().unwrap_or(0);
    println!("\n{:<width$}  {:>10}  unit", "measure", "value");
    for m in measures {
        println!("{:<width$}  {:>10.1}  {}", m.name, m.value, m.unit);
    }
}
