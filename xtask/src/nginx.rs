//! Debian's nginx with `deploy/nginx.conf` in front of a mock, for the end-to-end suite:
//! the deploy file itself, with only its `SET` values swapped for a loopback port, the
//! mock's port and a scratch directory. Stopped on drop.

use crate::{
    cmd::{command, read_text, root, write, Result},
    mock::{free_port, health_ok, Mock},
};
use std::{
    path::{Path, PathBuf},
    process::{Child, Stdio},
    time::{Duration, Instant},
};

pub struct Nginx {
    child: Child,
    pub base_url: String,
    dir: PathBuf,
}

impl Nginx {
    /// Serves `dist` on a free loopback port and proxies `/api/` to `mock`.
    pub fn start(dist: &Path, mock: &Mock) -> Result<Self> {
        let port = free_port()?;
        let dir = std::env::temp_dir().join(format!("permit-nginx-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let deploy = root().join("deploy");
        let conf = loopback_config(&read_text(&deploy.join("nginx.conf"))?, port, mock.port, dist, &dir)?;
        write(&dir.join("nginx.conf"), &conf)?;
        std::fs::copy(deploy.join("security-headers.conf"), dir.join("security-headers.conf")).map_err(|e| format!("security-headers.conf: {e}"))?;
        let child = command("/usr/sbin/nginx")
            .arg("-p")
            .arg(&dir)
            .arg("-e")
            .arg(dir.join("error.log"))
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("start nginx: {e}"))?;
        let mut nginx = Self { child, base_url: format!("http://127.0.0.1:{port}"), dir };
        let deadline = Instant::now() + Duration::from_secs(20);
        while !health_ok(port) {
            if Instant::now() > deadline || nginx.child.try_wait().ok().flatten().is_some() {
                let log = std::fs::read_to_string(nginx.dir.join("error.log")).unwrap_or_default();
                return Err(format!("nginx did not serve on port {port}:\n{log}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(nginx)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The deploy config for loopback: each `SET` value swapped (a missing one is an error, so
/// the deploy file and this stay in step), in the foreground, scratch paths for what nginx
/// writes.
fn loopback_config(deploy: &str, port: u16, backend_port: u16, dist: &Path, dir: &Path) -> Result<String> {
    let d = dir.display();
    let mut conf = format!("daemon off;\n{deploy}");
    for (from, to) in [
        ("pid /run/nginx-permit.pid;".to_owned(), format!("pid {d}/nginx.pid;")),
        ("error_log /var/log/nginx/permit-error.log warn;".to_owned(), format!("error_log {d}/error.log warn;")),
        ("access_log /var/log/nginx/permit-access.log;".to_owned(), format!("access_log {d}/access.log;\n    client_body_temp_path {d}/body;\n    proxy_temp_path {d}/proxy;")),
        ("server 127.0.0.1:8081;".to_owned(), format!("server 127.0.0.1:{backend_port};")),
        ("listen 8080;".to_owned(), format!("listen 127.0.0.1:{port};")),
        ("root /srv/permit/dist;".to_owned(), format!("root {};", dist.display())),
    ] {
        if conf.matches(&from).count() != 1 {
            return Err(format!("deploy/nginx.conf should contain `{from}` once"));
        }
        conf = conf.replacen(&from, &to, 1);
    }
    Ok(conf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deploy_file_has_every_value_the_tests_swap() {
        let deploy = std::fs::read_to_string(root().join("deploy/nginx.conf")).unwrap();
        let conf = loopback_config(&deploy, 9001, 9002, Path::new("/x/dist"), Path::new("/tmp/n")).unwrap();
        for expected in ["listen 127.0.0.1:9001;", "server 127.0.0.1:9002;", "root /x/dist;", "pid /tmp/n/nginx.pid;", "daemon off;"] {
            assert!(conf.contains(expected), "{expected}");
        }
        assert!(!conf.contains("/var/log/nginx") && !conf.contains("/srv/permit"));
    }
}
