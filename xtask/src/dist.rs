//! `cargo xtask dist`: the deployable build. Trunk's release build into `dist/`, then the
//! steps that make it safe to drop onto any static host behind a long cache:
//!
//! 1. Every script and wasm gets a content-hashed name. The app, split per route, is named
//!    by its build id ([`split::install`]). Trunk hashes the styles but not the counter
//!    scanner's worker (the app must know its URL), so the three worker files are renamed
//!    here and the app reads the worker's URL from a `<meta>` in `index.html`.
//! 2. One inline script, the boot (`split::BOOT_SCRIPT`), the same text in every build (the
//!    files it starts are named in a `<meta>`), so the Content-Security-Policy allows it by
//!    one fixed hash and one static policy fits every build (`deploy/nginx.conf`). Any inline
//!    loader Trunk writes moves into a hashed file.
//! 3. The service worker is stamped with this build's id and the files it precaches, so a
//!    new deploy is a new service worker that the app can offer as an update.
//! 4. Every compressible file gets a brotli (`.br`) and gzip (`.gz`) copy beside it, for
//!    `brotli_static` / `gzip_static` (and the mock's `ServeDir`).
//!
//! `index.html`, `sw.js`, the manifest and the icons keep their names: they are what a
//! browser asks for by a fixed URL, and are served `no-cache`.

use crate::{
    entry, split,
    cmd::{self, command, read, read_text, root, write, Result},
    tools,
};
use sha2::{Digest, Sha256};
use std::{
    io::Write,
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

/// Meta tag in `index.html` whose `content` is the scanner worker's URL.
const WORKER_META: &str = r#"<meta name="permit-scanner-worker" content="/scanner-worker.js" />"#;
/// Placeholders in `assets/sw.js` that [`stamp_service_worker`] fills in.
const SW_BUILD: &str = "const BUILD = 'unbuilt';";
const SW_PRECACHE: &str = "const PRECACHE = ['/'];";
/// Shell files precached beside the hashed assets the page loads.
const SHELL_FILES: [&str; 4] = ["/", "/manifest.webmanifest", "/icon.svg", "/icon-192.png"];
const COMPRESSIBLE: [&str; 7] = ["html", "js", "wasm", "css", "svg", "webmanifest", "json"];

pub fn run(args: &[String]) -> Result {
    match args.first().map(String::as_str) {
        None => {
            tools::ensure_build_tools()?;
            build_app_release()?;
            println!("xtask: dist/ is ready to deploy (see deploy/nginx.conf)");
        }
        // For probing one measure of the bench without running all of it.
        Some("--bench-hook") => {
            tools::ensure_build_tools()?;
            let dir = build_app_for_bench()?;
            println!("xtask: the bench build (window.__permitBench) is in {}", dir.display());
        }
        Some(a) => return Err(format!("dist: unknown option `{a}`")),
    }
    Ok(())
}

/// The release build into `dist/`: Trunk for the styles, assets and the scanner worker, the
/// app split per route ([`split`]), then [`finish`]ed for deployment (hashed names, stamped
/// service worker, precompressed copies); returns how long it took. Every command that serves
/// or measures the app (`run`, `test`, `bench`) builds it through here.
pub fn build_app_release() -> Result<Duration> {
    build(&root().join("dist"), &[])
}

/// The same release build with the `bench` feature (`window.__permitBench`) into
/// `target/bench-dist/`, so that `dist/` never carries the hook. Returns that directory.
pub fn build_app_for_bench() -> Result<PathBuf> {
    let dir = root().join("target/bench-dist");
    build(&dir, &["bench"])?;
    Ok(dir)
}

fn build(dir: &Path, features: &[&str]) -> Result<Duration> {
    let started = Instant::now();
    let mut c = command("trunk");
    c.args(["build", "--release"]).arg("--dist").arg(dir);
    cmd::run(c)?;
    let app = split::build(features)?;
    let entry = entry::build()?;
    let entry = entry::install(&entry, dir)?;
    split::install(&app, dir, &entry)?;
    finish(dir)?;
    Ok(started.elapsed())
}

/// Everything after Trunk, in order. Idempotent on a finished directory is not needed: Trunk
/// rewrites `dist/` from scratch on every build.
pub fn finish(dist: &Path) -> Result {
    pad_trunk_hashes(dist)?;
    hash_worker(dist)?;
    extract_loader(dist)?;
    stamp_service_worker(dist)?;
    precompress(dist)
}

/// Trunk writes its 64-bit hashes without leading zeros, so about one build in sixteen names a
/// file `main-f17cf9a32b0bb9d.css` (15 digits), which the cache rules (`deploy/nginx.conf`,
/// the mock's `static_files`) would not treat as content-hashed: no year-long cache, and a
/// missing one answered with the shell. Pads every such name to 16 digits, in `index.html` too.
fn pad_trunk_hashes(dist: &Path) -> Result {
    let index = dist.join("index.html");
    let mut html = read_text(&index)?;
    for path in files(dist)? {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let Some(padded) = padded_name(&name) else { continue };
        if html.contains(&name) {
            html = html.replace(&name, &padded);
        }
        rename(&path, &dist.join(padded))?;
    }
    write(&index, html)
}

/// `name-<1 to 15 hex digits>.js` (or `_bg.wasm`, `.css`) with the digits padded to 16.
fn padded_name(name: &str) -> Option<String> {
    let (stem, ext) = ["_bg.wasm", ".js", ".css"].iter().find_map(|ext| name.strip_suffix(ext).map(|s| (s, *ext)))?;
    let (base, hash) = stem.rsplit_once('-')?;
    let is_hex = hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    (is_hex && (1..16).contains(&hash.len())).then(|| format!("{base}-{hash:0>16}{ext}"))
}

/// The first 16 hex digits of SHA-256 over the parts, Trunk's hash length.
pub fn content_hash(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn hash_worker(dist: &Path) -> Result {
    let glue = dist.join("permit-scanner.js");
    let wasm = dist.join("permit-scanner_bg.wasm");
    let starter = dist.join("scanner-worker.js");
    let (glue_bytes, wasm_bytes, starter_text) = (read(&glue)?, read(&wasm)?, read_text(&starter)?);
    let hash = content_hash(&[&glue_bytes, &wasm_bytes, starter_text.as_bytes()]);
    let (glue_name, wasm_name, starter_name) =
        (format!("permit-scanner-{hash}.js"), format!("permit-scanner-{hash}_bg.wasm"), format!("scanner-worker-{hash}.js"));
    let starter_text = replace_once(&starter_text, "./permit-scanner.js", &format!("./{glue_name}"))?;
    let starter_text = replace_once(&starter_text, "./permit-scanner_bg.wasm", &format!("./{wasm_name}"))?;
    write(&dist.join(&starter_name), starter_text)?;
    rename(&glue, &dist.join(glue_name))?;
    rename(&wasm, &dist.join(wasm_name))?;
    std::fs::remove_file(&starter).map_err(|e| format!("{}: {e}", starter.display()))?;
    let index = dist.join("index.html");
    let html = read_text(&index)?;
    let meta = WORKER_META.replace("/scanner-worker.js", &format!("/{starter_name}"));
    write(&index, replace_once(&html, WORKER_META, &meta)?)
}

fn rename(from: &Path, to: &Path) -> Result {
    std::fs::rename(from, to).map_err(|e| format!("{} -> {}: {e}", from.display(), to.display()))
}

fn replace_once(text: &str, from: &str, to: &str) -> Result<String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => Err(format!("expected `{from}` once in the built file, found it {n} times")),
    }
}

/// Moves each inline `<script type="module">` into `loader-<hash>.js`.
fn extract_loader(dist: &Path) -> Result {
    const OPEN: &str = r#"<script type="module">"#;
    let index = dist.join("index.html");
    let mut html = read_text(&index)?;
    while let Some(start) = html.find(OPEN) {
        let body_start = start + OPEN.len();
        let end = body_start + html[body_start..].find("</script>").ok_or("an inline script is not closed")?;
        let body = html[body_start..end].trim().to_owned();
        let name = format!("loader-{}.js", content_hash(&[body.as_bytes()]));
        write(&dist.join(&name), format!("{body}\n"))?;
        html.replace_range(start..end + "</script>".len(), &format!(r#"<script type="module" src="/{name}"></script>"#));
    }
    if html.contains("<script>") {
        return Err("index.html has a classic inline script; the CSP allows none".into());
    }
    write(&index, html)
}

/// Root-relative script, wasm and style URLs the page names, in order, once each.
fn page_assets(dist: &Path) -> Result<Vec<String>> {
    let html = read_text(&dist.join("index.html"))?;
    let mut texts = vec![html];
    let mut out: Vec<String> = Vec::new();
    while let Some(text) = texts.pop() {
        for url in quoted_urls(&text) {
            if !out.contains(&url) {
                if url.ends_with(".js") {
                    // The loader names the app's JS and wasm in its own text.
                    texts.push(read_text(&dist.join(url.trim_start_matches('/')))?);
                }
                out.push(url);
            }
        }
    }
    Ok(out)
}

/// `"/name.ext"` and `'/name.ext'` for the asset kinds a page loads; not the scanner
/// worker's files, which only counter staff fetch (they are cached when first used).
pub(crate) fn quoted_urls(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for quote in ['"', '\''] {
        for piece in text.split(quote).skip(1).step_by(2) {
            let is_asset = [".js", ".wasm", ".css"].iter().any(|e| piece.ends_with(e));
            if piece.starts_with('/') && !piece.contains(['<', ' ']) && is_asset && !piece.starts_with("/scanner-worker") {
                out.push(piece.to_owned());
            }
        }
    }
    out
}

fn stamp_service_worker(dist: &Path) -> Result {
    let sw = dist.join("sw.js");
    let text = read_text(&sw)?;
    let build = content_hash(&[read(&dist.join("index.html"))?.as_slice()]);
    let mut precache: Vec<String> = SHELL_FILES.iter().map(|s| s.to_string()).collect();
    precache.extend(page_assets(dist)?);
    // The pieces' loader (named only relatively, inside the first module's JS), and the
    // routes the first page does not load: cached now, so they work offline later.
    let loader = files(dist)?
        .into_iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| n.starts_with("wasm-split-") && split::is_first_module(n));
    for name in loader.chain(split::lazy_pieces(dist)?) {
        precache.push(format!("/{name}"));
    }
    let list = serde_json::to_string(&precache).expect("strings serialize");
    let text = replace_once(&text, SW_BUILD, &format!("const BUILD = '{build}';"))?;
    let text = replace_once(&text, SW_PRECACHE, &format!("const PRECACHE = {list};"))?;
    write(&sw, text)
}

pub fn precompress(dist: &Path) -> Result {
    for path in files(dist)? {
        let compressible = path.extension().and_then(|e| e.to_str()).is_some_and(|e| COMPRESSIBLE.contains(&e));
        if !compressible {
            continue;
        }
        let data = read(&path)?;
        for (suffix, packed) in [("br", brotli(&data)), ("gz", gzip(&data))] {
            if packed.len() < data.len() {
                let mut name = path.clone().into_os_string();
                name.push(format!(".{suffix}"));
                write(&PathBuf::from(name), packed)?;
            }
        }
    }
    Ok(())
}

fn files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_file() {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// gzip at level 9, what `gzip_static` serves.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).expect("in-memory write");
    e.finish().expect("in-memory write")
}

/// brotli at quality 11, window 22, what `brotli_static` serves.
pub fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).expect("in-memory write");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A miniature of what Trunk leaves in `dist/`.
    fn trunk_output() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-dist-{}-{:?}", std::process::id(), std::thread::current().id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let html = format!(
            "<html><head>{WORKER_META}\n<script type=\"module\">\nimport init from '/permit-app-0123456789abcdef.js';\n\
             await init({{ module_or_path: '/permit-app-0123456789abcdef_bg.wasm' }});\n</script>\n\
             <link rel=\"stylesheet\" href=\"/main-fedcba9876543210.css\"/></head><body></body></html>"
        );
        for (name, body) in [
            ("index.html", html.as_str()),
            ("permit-app-0123456789abcdef.js", "export default function init() {} // app glue, long enough to compress well: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
            ("permit-app-0123456789abcdef_bg.wasm", "\0asm"),
            ("main-fedcba9876543210.css", "body { margin: 0 }"),
            ("permit-scanner.js", "let wasm_bindgen;"),
            ("permit-scanner_bg.wasm", "\0asm scanner"),
            ("scanner-worker.js", "importScripts('./permit-scanner.js');\nwasm_bindgen({ module_or_path: './permit-scanner_bg.wasm' });"),
            ("sw.js", "const BUILD = 'unbuilt';\nconst PRECACHE = ['/'];\n"),
        ] {
            std::fs::write(dir.join(name), body).unwrap();
        }
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        files(dir).unwrap().iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect()
    }

    #[test]
    fn short_trunk_hashes_are_padded_to_sixteen_digits() {
        assert_eq!(padded_name("main-f17cf9a32b0bb9d.css").as_deref(), Some("main-0f17cf9a32b0bb9d.css"));
        assert_eq!(padded_name("permit-app-abc_bg.wasm").as_deref(), Some("permit-app-0000000000000abc_bg.wasm"));
        for kept in ["main-fedcba9876543210.css", "permit-scanner.js", "scanner-worker.js", "sw.js", "icon-192.png", "index.html"] {
            assert_eq!(padded_name(kept), None, "{kept}");
        }
        let dir = trunk_output();
        rename(&dir.join("main-fedcba9876543210.css"), &dir.join("main-edcba9876543210.css")).unwrap();
        let html = std::fs::read_to_string(dir.join("index.html")).unwrap().replace("main-fedcba9876543210.css", "main-edcba9876543210.css");
        std::fs::write(dir.join("index.html"), html).unwrap();
        finish(&dir).unwrap();
        let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
        assert!(html.contains("href=\"/main-0edcba9876543210.css\""), "{html}");
        assert!(names(&dir).contains(&"main-0edcba9876543210.css".to_owned()));
    }

    #[test]
    fn finishing_hashes_the_worker_and_the_loader_and_stamps_the_service_worker() {
        let dir = trunk_output();
        finish(&dir).unwrap();
        let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
        assert!(!html.contains("import init"), "no inline script is left: {html}");

        let all = names(&dir);
        let starter = all.iter().find(|n| n.starts_with("scanner-worker-") && n.ends_with(".js")).expect("hashed worker");
        assert!(html.contains(&format!("content=\"/{starter}\"")), "the app finds the hashed worker: {html}");
        assert!(!all.iter().any(|n| n == "permit-scanner.js" || n == "scanner-worker.js"), "unhashed worker files are gone: {all:?}");
        let starter_text = std::fs::read_to_string(dir.join(starter)).unwrap();
        for named in starter_text.split('\'').filter(|s| s.starts_with("./")) {
            assert!(dir.join(&named[2..]).exists(), "the worker loads {named}, which exists");
        }

        let loader = all.iter().find(|n| n.starts_with("loader-") && n.ends_with(".js")).expect("hashed loader");
        assert!(html.contains(&format!("<script type=\"module\" src=\"/{loader}\"></script>")));

        let sw = std::fs::read_to_string(dir.join("sw.js")).unwrap();
        assert!(!sw.contains("'unbuilt'"), "{sw}");
        for url in ["/", "/icon.svg", &format!("/{loader}"), "/permit-app-0123456789abcdef.js", "/permit-app-0123456789abcdef_bg.wasm", "/main-fedcba9876543210.css"] {
            assert!(sw.contains(&format!("\"{url}\"")), "the service worker precaches {url}: {sw}");
        }
        assert!(!sw.contains("scanner"), "staff-only files are not precached for everyone: {sw}");
    }

    #[test]
    fn two_builds_with_different_pages_are_two_service_workers() {
        let (a, b) = (trunk_output(), std::env::temp_dir().join(format!("xtask-dist-b-{}", std::process::id())));
        let _ = std::fs::remove_dir_all(&b);
        std::fs::create_dir_all(&b).unwrap();
        for name in names(&a) {
            std::fs::copy(a.join(&name), b.join(&name)).unwrap();
        }
        let html = std::fs::read_to_string(b.join("index.html")).unwrap().replace("main-fedcba9876543210", "main-1111111111111111");
        std::fs::write(b.join("index.html"), html).unwrap();
        std::fs::rename(b.join("main-fedcba9876543210.css"), b.join("main-1111111111111111.css")).unwrap();
        finish(&a).unwrap();
        finish(&b).unwrap();
        let build = |d: &Path| std::fs::read_to_string(d.join("sw.js")).unwrap().lines().next().unwrap().to_owned();
        assert_ne!(build(&a), build(&b));
    }

    #[test]
    fn compressed_copies_decompress_to_the_file() {
        let dir = trunk_output();
        finish(&dir).unwrap();
        let js = dir.join("permit-app-0123456789abcdef.js");
        let original = std::fs::read(&js).unwrap();
        let mut from_br = Vec::new();
        brotli::BrotliDecompress(&mut std::fs::File::open(dir.join("permit-app-0123456789abcdef.js.br")).unwrap(), &mut from_br).unwrap();
        assert_eq!(from_br, original);
        let mut from_gz = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(std::fs::File::open(dir.join("permit-app-0123456789abcdef.js.gz")).unwrap()), &mut from_gz).unwrap();
        assert_eq!(from_gz, original);
        assert!(!dir.join("permit-app-0123456789abcdef_bg.wasm.br").exists(), "no copy when compressing does not pay");
    }
}
