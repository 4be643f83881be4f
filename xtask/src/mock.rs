//! A mock backend started for tests or the bench: fresh data dir, free port, stopped on drop.

use crate::cmd::{command, Result};
use std::{
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    path::{Path, PathBuf},
    process::{Child, Stdio},
    time::{Duration, Instant},
};

pub struct Mock {
    child: Child,
    pub base_url: String,
    pub port: u16,
    data_dir: PathBuf,
}

impl Mock {
    /// Starts `binary` in demo mode with test endpoints on a free loopback port and a new,
    /// empty data dir, and waits until it answers its health check. `extra` adds flags.
    pub fn start(binary: &Path, dist: &Path, extra: &[&str]) -> Result<Self> {
        let port = free_port()?;
        let data_dir = std::env::temp_dir().join(format!("permit-mock-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data_dir);
        let child = command(&binary.to_string_lossy())
            .args(["--demo", "--test-mode", "--port", &port.to_string()])
            .args(extra)
            .arg("--dist")
            .arg(dist)
            .arg("--data-dir")
            .arg(&data_dir)
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("start mock: {e}"))?;
        let mock = Self { child, base_url: format!("http://127.0.0.1:{port}"), port, data_dir };
        mock.wait_healthy(port)?;
        Ok(mock)
    }

    fn wait_healthy(&self, port: u16) -> Result {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if health_ok(port) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!("the mock did not answer on port {port} within 60 s"))
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

pub fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

pub fn health_ok(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    let req = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if s.write_all(req.as_bytes()).is_err() {
        return false;
    }
    let mut buf = [0u8; 16];
    s.read(&mut buf).is_ok_and(|n| buf[..n].starts_with(b"HTTP/1.1 200"))
}
