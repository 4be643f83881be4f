//! `cargo xtask <command>`: the project's tasks, so a fresh machine needs only cargo.
//!
//! - `run`   installs missing tools, builds the app in release, serves it with the mock in demo mode
//! - `test`  installs test tools, runs native, browser (wasm-bindgen-test) and end-to-end suites
//! - `dist`  the deployable build in `dist/`: hashed names, precompressed copies (see `deploy/`)
//! - `bench` builds in release and measures sizes and first render; writes `target/bench.json`

mod bench;
mod build;
mod cmd;
mod dist;
mod entry;
mod fetch_pacing;
mod mock;
mod nginx;
mod peer;
mod split;
mod test;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <run|test|dist|bench> [options]
  run   [--port N] [--tls] [--reset]   build the app and serve it with the mock (demo mode)
  test  [--suite native|wasm|api|fuzz|e2e]...  run every test suite (or the named ones)
  dist                                 the deployable build in dist/ (see deploy/nginx.conf)
    --bench-hook                       the same build with window.__permitBench, in target/bench-dist/
  bench                                measure sizes and first render; writes target/bench.json";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "run" => build::run(rest),
        "test" => test::run(rest),
        "dist" => dist::run(rest),
        "bench" => bench::run(rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
