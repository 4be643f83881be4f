//! Running commands with the project's tool paths and printing what runs.

use std::{
    path::{Path, PathBuf},
    process::{Command, Output},
};

pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// Where project-local npm tools (binaryen's wasm-opt) are installed; git-ignored.
pub fn tools_dir() -> PathBuf {
    root().join(".tools")
}

/// PATH with the project's tools first: local npm binaries, then cargo's bin folder.
pub fn path_env() -> String {
    let mut parts = vec![tools_dir().join("node_modules/.bin")];
    if let Some(home) = std::env::var_os("CARGO_HOME").map(PathBuf::from).or_else(|| {
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo"))
    }) {
        parts.push(home.join("bin"));
    }
    let existing = std::env::var_os("PATH").unwrap_or_default();
    parts.extend(std::env::split_paths(&existing));
    std::env::join_paths(parts).expect("paths join").to_string_lossy().into_owned()
}

/// A command rooted at the workspace with the tool PATH and the environment our tools need.
pub fn command(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root())
        .env("PATH", path_env())
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .env("CHROMEDRIVER", "/usr/bin/chromedriver");
    c
}

fn describe(c: &Command) -> String {
    let args: Vec<String> = c.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
    format!("{} {}", c.get_program().to_string_lossy(), args.join(" "))
}

/// Runs a command with inherited output; an unsuccessful exit is an error.
pub fn run(mut c: Command) -> Result {
    let what = describe(&c);
    println!("$ {what}");
    let status = c.status().map_err(|e| format!("could not start `{what}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{what}` failed ({status})"))
    }
}

/// Runs a command and returns its output, echoing both streams so logs stay complete.
pub fn run_capture(mut c: Command) -> Result<Output> {
    let what = describe(&c);
    println!("$ {what}");
    let out = c.output().map_err(|e| format!("could not start `{what}`: {e}"))?;
    print!("{}", String::from_utf8_lossy(&out.stdout));
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    Ok(out)
}

/// The first line a tool prints for `--version`, or None when it is not installed.
pub fn version_of(program: &str) -> Option<String> {
    let out = command(program).arg("--version").output().ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout).lines().next().map(str::to_owned)
}

/// File reads and writes whose errors name the file.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

pub fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

pub fn write(path: &Path, bytes: impl AsRef<[u8]>) -> Result {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}
