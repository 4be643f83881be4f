//! `cargo xtask test`: every suite, then one summary line `N passed, N failed, N skipped`.
//!
//! A skipped test proves nothing, so under CI (the `CI` environment variable set, as `.ci/run`
//! and every CI service do) any skip fails the run. A test Playwright calls `flaky` (failed,
//! then passed on a retry) counts as failed: it failed once.
//!
//! Suites: native (`cargo test` of the core, the mock, the scanner and xtask), wasm (the app's
//! wasm-bindgen-test tests in headless Chromium), api (schemathesis against the mock's OpenAPI
//! document), fuzz (each cargo-fuzz target of the permit code for a short time), e2e
//! (Playwright against a fresh mock).

use crate::{
    build,
    cmd::{self, command, root, Result},
    dist,
    mock::Mock,
    nginx::Nginx,
    tools,
};

#[derive(Default, Clone, Copy, Debug, PartialEq, Eq)]
struct Tally {
    passed: u64,
    failed: u64,
    skipped: u64,
}

impl Tally {
    fn passed(n: u64) -> Self {
        Self { passed: n, ..Self::default() }
    }

    fn failed(n: u64) -> Self {
        Self { failed: n, ..Self::default() }
    }

    fn line(&self) -> String {
        format!("{} passed, {} failed, {} skipped", self.passed, self.failed, self.skipped)
    }
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, o: Self) {
        self.passed += o.passed;
        self.failed += o.failed;
        self.skipped += o.skipped;
    }
}

/// Whether this run is CI's: `CI` set to anything but empty, `0` or `false`.
fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

const SUITES: [&str; 5] = ["native", "wasm", "api", "fuzz", "e2e"];

pub fn run(args: &[String]) -> Result {
    let mut chosen: Vec<&str> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--suite" => {
                let s = it.next().ok_or("--suite needs a name")?;
                let s = SUITES.iter().find(|k| *k == s).ok_or(format!("unknown suite `{s}`"))?;
                chosen.push(s);
            }
            other => return Err(format!("test: unknown option `{other}`")),
        }
    }
    if chosen.is_empty() {
        chosen = SUITES.to_vec();
    }
    tools::ensure_test_tools()?;
    let mut total = Tally::default();
    let mut lines = Vec::new();
    for suite in chosen {
        println!("\n=== suite: {suite} ===");
        let tally = match suite {
            "native" => native(),
            "wasm" => wasm(),
            "api" => api(),
            "fuzz" => fuzz(),
            _ => e2e(),
        }
        .unwrap_or_else(|e| {
            eprintln!("xtask: suite {suite} could not run: {e}");
            Tally::failed(1)
        });
        lines.push(format!("{suite}: {}", tally.line()));
        total += tally;
    }
    println!();
    for l in &lines {
        println!("{l}");
    }
    println!("{}", total.line());
    if total.failed > 0 || total.passed == 0 {
        return Err("tests failed".into());
    }
    if total.skipped > 0 && under_ci() {
        return Err(format!("{} tests skipped: under CI every test must run", total.skipped));
    }
    Ok(())
}

fn native() -> Result<Tally> {
    let mut c = command("cargo");
    c.args(["test", "--package", "permit-core", "--package", "permit-card", "--package", "permit-mock", "--package", "permit-scanner", "--package", "xtask"]);
    cargo_tally(c)
}

fn wasm() -> Result<Tally> {
    let mut c = command("cargo");
    c.args(["test", "--package", "permit-app", "--target", "wasm32-unknown-unknown"]);
    cargo_tally(c)
}

/// Runs a `cargo test` and adds up its `test result:` lines. A build failure, or a run that
/// fails without a failing test (a crash, a timeout), counts as one failure.
fn cargo_tally(c: std::process::Command) -> Result<Tally> {
    let out = cmd::run_capture(c)?;
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let mut tally = parse_cargo_results(&text);
    if !out.status.success() && tally.failed == 0 {
        tally.failed = 1;
    }
    Ok(tally)
}

fn parse_cargo_results(text: &str) -> Tally {
    let mut tally = Tally::default();
    for line in text.lines().filter_map(|l| l.trim().strip_prefix("test result: ")) {
        let count = |word: &str| -> u64 {
            line.split(';')
                .find_map(|part| part.trim().strip_suffix(word).map(|n| n.trim().rsplit(' ').next().unwrap_or("0").parse().unwrap_or(0)))
                .unwrap_or(0)
        };
        tally.passed += count(" passed");
        tally.failed += count(" failed");
        tally.skipped += count(" ignored");
    }
    tally
}

/// schemathesis from PyPI against a fresh mock (limits off: it sends many sign-ins at once).
/// Each API operation it tested counts as one test; a failing run counts its failures.
fn api() -> Result<Tally> {
    let python = tools::ensure_schemathesis()?;
    dist::build_app_release()?;
    let binary = build::build_mock()?;
    let mock = Mock::start(&binary, &root().join("dist"), &["--no-limits"])?;
    let mut c = command(&python.to_string_lossy());
    c.arg(root().join("tests/api/schemathesis_run.py")).arg(&mock.base_url);
    let out = cmd::run_capture(c)?;
    drop(mock);
    let text = String::from_utf8_lossy(&out.stdout);
    print!("{text}");
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    let number_after = |label: &str| -> u64 {
        text.lines().find_map(|l| l.trim().strip_prefix(label)).and_then(|n| n.trim().parse().ok()).unwrap_or(0)
    };
    let tested = number_after("Tested:");
    Ok(if out.status.success() && tested > 0 {
        Tally::passed(tested)
    } else {
        Tally::failed(number_after("Failures:").max(1))
    })
}

/// The fuzz targets under `fuzz/` (libFuzzer through cargo-fuzz, no sanitizer so that stable
/// Rust builds them), each for [`FUZZ_SECONDS`]. A target passes when libFuzzer finds nothing
/// in that time; a finding is saved under `fuzz/artifacts/` to replay.
fn fuzz() -> Result<Tally> {
    tools::ensure_cargo_fuzz()?;
    let dir = root().join("fuzz");
    let mut tally = Tally::default();
    for target in FUZZ_TARGETS {
        let corpus = dir.join("corpus").join(target);
        std::fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
        let mut c = command("cargo");
        c.args(["fuzz", "run", target, "--sanitizer", "none"])
            .arg(&corpus)
            .arg(dir.join("seeds"))
            .args(["--", &format!("-max_total_time={FUZZ_SECONDS}")])
            .current_dir(&dir);
        let ok = c.status().map_err(|e| format!("cargo fuzz: {e}"))?.success();
        println!("fuzz {target}: {}", if ok { "nothing found" } else { "FAILED" });
        if ok {
            tally.passed += 1;
        } else {
            tally.failed += 1;
        }
    }
    Ok(tally)
}

const FUZZ_TARGETS: [&str; 3] = ["decode", "verify", "low_s"];
const FUZZ_SECONDS: u32 = 20;

/// The whole Playwright suite through nginx with `deploy/nginx.conf` in front of the mock,
/// as deployed; then the header, shell and card specs straight against the mock, which serves the
/// app itself under `cargo xtask run`. Both serve a copy of `dist/` that the update spec may
/// turn into a next build (`SERVED_DIST`).
fn e2e() -> Result<Tally> {
    dist::build_app_release()?;
    let binary = build::build_mock()?;
    let served = root().join("target/e2e-dist");
    copy_dir(&root().join("dist"), &served)?;
    let mock = Mock::start(&binary, &served, &["--behind-proxy"])?;
    let nginx = Nginx::start(&served, &mock)?;
    let mut tally = playwright(&nginx.base_url, &binary, &served, &[], "through-nginx")?;
    drop(nginx);
    copy_dir(&root().join("dist"), &served)?;
    tally += playwright(&mock.base_url, &binary, &served, &["specs/headers.spec.js", "specs/shell.spec.js", "specs/card.spec.js"], "mock-direct")?;
    Ok(tally)
}

/// `binary` is the mock, for the spec that starts and kills its own (`restart.spec.js`).
fn playwright(base_url: &str, binary: &std::path::Path, served: &std::path::Path, specs: &[&str], name: &str) -> Result<Tally> {
    println!("\n--- e2e {name}: {base_url} ---");
    let report = root().join(format!("target/playwright-report-{name}.json"));
    let _ = std::fs::remove_file(&report);
    let mut c = command("npx");
    c.args(["playwright", "test", "--reporter=list,json"])
        .args(specs)
        .current_dir(root().join("tests/e2e"))
        .env("BASE_URL", base_url)
        .env("SERVED_DIST", served)
        .env("MOCK_BINARY", binary)
        .env("PLAYWRIGHT_JSON_OUTPUT_NAME", &report);
    let status = c.status().map_err(|e| format!("npx playwright: {e}"))?;
    let json = std::fs::read_to_string(&report).map_err(|e| format!("no Playwright report: {e}"))?;
    let mut tally = parse_playwright_report(&json)?;
    if !status.success() && tally.failed == 0 {
        tally.failed = 1;
    }
    Ok(tally)
}

/// Replaces `to` with a copy of the files in `from` (one level: `dist/` has no folders).
fn copy_dir(from: &std::path::Path, to: &std::path::Path) -> Result {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().expect("a file name"))).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

fn parse_playwright_report(json: &str) -> Result<Tally> {
    let v: serde_json::Value = serde_json::from_str(json).map_err(|e| format!("Playwright report: {e}"))?;
    let stat = |k: &str| v["stats"][k].as_u64().unwrap_or(0);
    Ok(Tally { passed: stat("expected"), failed: stat("unexpected") + stat("flaky"), skipped: stat("skipped") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_up_cargo_result_lines() {
        let text = "running 3 tests\ntest result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s\n\
                    test result: FAILED. 5 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out";
        let t = parse_cargo_results(text);
        assert_eq!(t, Tally { passed: 8, failed: 2, skipped: 1 });
    }

    #[test]
    fn reads_playwright_stats() {
        let t = parse_playwright_report(r#"{"stats":{"expected":4,"unexpected":1,"flaky":1,"skipped":2}}"#).unwrap();
        assert_eq!(t, Tally { passed: 4, failed: 2, skipped: 2 }, "a flaky test failed once");
        assert_eq!(t.line(), "4 passed, 2 failed, 2 skipped");
        assert!(parse_playwright_report("not json").is_err());
    }
}
