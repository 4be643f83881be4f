//! The app's wasm, split per route with wasm-split (Trunk cannot split, trunk-rs/trunk#1022),
//! as cargo-leptos does it: built with relocations kept, cut at each `#[lazy]` function by
//! `wasm_split_cli_support`, bound by wasm-bindgen with lld's exports kept (the pieces share
//! the first module's memory and function table), each piece shrunk by wasm-opt, then
//! installed into the dist directory under one build id.

use crate::cmd::{self, command, read, read_text, root, write, Result};
use std::path::{Path, PathBuf};

/// wasm-opt's settings for the app and its pieces.
pub const WASM_OPT_FLAGS: [&str; 9] = [
    "-Oz",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--strip-debug",
    "--strip-producers",
];

/// The loader of the pieces, as the first module imports it (its name is inside the wasm);
/// [`install`] puts the build id in place of the underscores, which keeps the length.
const LOADER_PLACEHOLDER: &str = "wasm-split-________________.js";
const MAIN_JS: &str = "permit-app.js";
const MAIN_WASM: &str = "permit-app_bg.wasm";

/// Builds the app's release wasm with `features` and splits it into `target/wasm-split/out`.
pub fn build(features: &[&str]) -> Result<PathBuf> {
    let mut c = command("cargo");
    c.args(["rustc", "--package", "permit-app", "--bin", "permit-app", "--target", "wasm32-unknown-unknown", "--release"]);
    if !features.is_empty() {
        c.arg("--features").arg(features.join(","));
    }
    c.args(["--", "-Clink-arg=--emit-relocs"]);
    cmd::run(c)?;
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from);
    let bytes = read(&target.join("wasm32-unknown-unknown/release/permit-app.wasm"))?;

    // Splitting and wasm-opt take minutes; the same wasm splits the same way, so a build whose
    // wasm did not change (`cargo xtask test` builds the app once per suite) reuses the last.
    let work = root().join("target/wasm-split");
    let out = work.join("out");
    let stamp = work.join("input.sha256");
    // The glue is minified below: a stamp from before that must not reuse unminified glue.
    let input_hash = format!("{}+terser", crate::dist::content_hash(&[&bytes]));
    if out.is_dir() && std::fs::read_to_string(&stamp).is_ok_and(|s| s == input_hash) {
        println!("xtask: the app's wasm is unchanged; its split pieces are reused");
        return Ok(out);
    }
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let main = work.join("permit-app.wasm");
    let link_name = format!("./{LOADER_PLACEHOLDER}");
    let split = wasm_split_cli_support::transform({
        let mut o = wasm_split_cli_support::Options::new(&bytes);
        o.output_dir = &out;
        o.main_out_path = &main;
        o.link_name = &link_name;
        o.main_module = "./permit-app.js";
        o
    })
    .map_err(|e| format!("wasm split: {e:?}"))?;

    let mut c = command("wasm-bindgen");
    c.args(["--target", "web", "--keep-lld-exports", "--no-demangle", "--no-typescript", "--out-name", "permit-app", "--out-dir"])
        .arg(&out)
        .arg(&main);
    cmd::run(c)?;
    minify_glue(&out.join(MAIN_JS))?;

    let mut pieces = vec![out.join(MAIN_WASM)];
    pieces.extend(split.split_modules.iter().map(|m| if m.is_absolute() { m.clone() } else { out.join(m) }));
    optimise(&pieces)?;
    write(&stamp, input_hash)?;
    Ok(out)
}

/// terser on a wasm-bindgen glue file, in place (wasm-bindgen writes it readable). Property
/// and export names stay: the wasm and the split loader import them by name. The app's first
/// module's glue (88 KB readable, 41 minified) is parsed and compiled on the main thread before
/// the wasm starts, in a task of its own that Lighthouse counts as blocking (about 100 ms with
/// 4x CPU); the card entry's is on the holder's critical path (entry.rs).
pub fn minify_glue(js: &Path) -> Result {
    let mut c = command("terser");
    c.arg(js).args(["--module", "--compress", "--mangle", "--output"]).arg(js);
    cmd::run(c)
}

/// wasm-opt on every piece in place, as many at a time as there are cores (each run is
/// single-threaded and most pieces are small).
fn optimise(pieces: &[PathBuf]) -> Result {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let Some(piece) = pieces.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) else { break };
                let out = command("wasm-opt").args(WASM_OPT_FLAGS).arg(piece).arg("-o").arg(piece).output();
                match out {
                    Ok(o) if o.status.success() => {}
                    Ok(o) => failures.lock().unwrap().push(format!("wasm-opt {}: {}", piece.display(), String::from_utf8_lossy(&o.stderr))),
                    Err(e) => failures.lock().unwrap().push(format!("wasm-opt: {e}")),
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    if failures.is_empty() {
        println!("xtask: wasm-opt on {} pieces of the app", pieces.len());
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

/// Copies the split app from `out` into `dist` with the build id in every name, points each
/// file at the others' new names, and has `index.html` load it. One id for all the files,
/// computed from all of them: the first module and the loader name each other, so no one
/// file's content hash could name them.
pub fn install(out: &Path, dist: &Path, entry: &crate::entry::EntryFiles) -> Result<String> {
    let mut names: Vec<String> = std::fs::read_dir(out)
        .map_err(|e| format!("{}: {e}", out.display()))?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".js") || n.ends_with(".wasm"))
        .collect();
    names.sort();
    let mut contents: Vec<Vec<u8>> = names.iter().map(|n| read(&out.join(n))).collect::<Result<_>>()?;
    // Paced before the id is computed: a loader paced differently is another file.
    if let Some(i) = names.iter().position(|n| n == LOADER_PLACEHOLDER) {
        let loader = String::from_utf8(std::mem::take(&mut contents[i])).map_err(|_| "the split loader is not UTF-8")?;
        contents[i] = crate::fetch_pacing::pace_fetches(&loader)?.into_bytes();
    }
    let parts: Vec<&[u8]> = names.iter().zip(&contents).flat_map(|(n, c)| [n.as_bytes(), c.as_slice()]).collect();
    let id = crate::dist::content_hash(&parts);

    let renamed: Vec<(String, String)> = names.iter().map(|n| (n.clone(), new_name(n, &id))).collect();
    for ((old, new), bytes) in renamed.iter().zip(contents) {
        let bytes = if old.ends_with(".js") {
            let mut text = String::from_utf8(bytes).map_err(|_| format!("{old} is not UTF-8"))?;
            for (from, to) in &renamed {
                for q in ['"', '\''] {
                    text = text.replace(&format!("{q}./{from}{q}"), &format!("{q}./{to}{q}"));
                }
            }
            for q in ['"', '\''] {
                text = text.replace(&format!("{q}{MAIN_WASM}{q}"), &format!("{q}{}{q}", new_name(MAIN_WASM, &id)));
            }
            text.into_bytes()
        } else {
            replace_bytes(&bytes, LOADER_PLACEHOLDER.as_bytes(), new_name(LOADER_PLACEHOLDER, &id).as_bytes())
        };
        write(&dist.join(new), bytes)?;
    }

    let (js, wasm) = (new_name(MAIN_JS, &id), new_name(MAIN_WASM, &id));
    let index = dist.join("index.html");
    let html = read_text(&index)?;
    // First in the page, before the style sheet: the boot runs as the page is parsed, not
    // after a request for a file of its own and the style sheet (on slow 4G with 4x CPU the
    // card's requests left at 650 ms from a file, and leave at the page's arrival inline).
    let tags = format!("{}\n    <script type=\"module\" async>{BOOT_SCRIPT}</script>\n    ", modules_meta(&js, &wasm, entry));
    let stylesheet = "<link rel=\"stylesheet\"";
    match html.matches(stylesheet).count() {
        1 => write(&index, html.replacen(stylesheet, &format!("{tags}{stylesheet}"), 1))?,
        n => return Err(format!("index.html: expected one style sheet link, found {n}")),
    }
    Ok(id)
}

/// The files the boot script starts, named in the page (the service worker finds them there
/// too), so that the script's own text is the same in every build.
fn modules_meta(js: &str, wasm: &str, entry: &crate::entry::EntryFiles) -> String {
    format!(
        "<meta name=\"permit-modules\" data-card-js=\"/{}\" data-card-wasm=\"/{}\" data-app-js=\"/{js}\" data-app-wasm=\"/{wasm}\" />",
        entry.js, entry.wasm
    )
}

/// What starts the page (docs/card-entry.md), inline in `index.html`: the card entry first
/// when it may show the card (a resident's session acting for themself, on `/` or `/card`,
/// online), then the app in any case; each module's wasm is fetched while its JS is imported.
/// When this phone last showed this holder's card with a code (`permit.card_holder`, which the
/// app keeps), the entry's four requests are sent here, with the session's token, before its
/// wasm has arrived, so they are answered while it downloads (for anyone else they might find
/// no permit or device, and the entry asks itself once it has found a key). The photo is not
/// among them: the largest answer, it is drawn after the code, and on a slow network every
/// byte sharing the line delays the code (the entry asks for it once the code shows). The
/// entry's failure of any kind leaves the page to the app. With no session, the
/// sign-in page's request (the demo personas) is sent here too, for the app to take
/// (`platform::early`).
///
/// Its text is the same in every build (the files come from `<meta name="permit-modules">`),
/// so the Content-Security-Policy allows it by one fixed hash (`deploy/nginx.conf`,
/// [`boot_script_hash`]); change a byte and that hash changes with it, as a test checks.
pub const BOOT_SCRIPT: &str = "
const files = document.querySelector('meta[name=permit-modules]').dataset;
const session = (() => {
  try {
    return JSON.parse(localStorage.getItem('permit.session.v1'));
  } catch {
    return null;
  }
})();
// No one signed in: the sign-in page's one request leaves now, answered while the app loads.
if (typeof session?.token !== 'string' && !location.pathname.startsWith('/demo/')) {
  const personas = fetch('/api/v1/personas');
  personas.catch(() => {});
  window.permitEarly = { '/api/v1/personas': personas };
}
const cardFirst = ['/', '/card'].includes(location.pathname) && navigator.onLine
  && session?.user?.role === 'resident' && !session.acting && typeof session.token === 'string';
if (cardFirst) {
  try {
    const get = (path) => {
      const answer = fetch(path, { headers: { Authorization: `Bearer ${session.token}` }, priority: 'high' });
      // Handled here too: should the entry itself fail to load, a failed request is no error.
      answer.catch(() => {});
      return answer;
    };
    const answers = localStorage.getItem('permit.card_holder') === session.user.label ? {
      permit: get('/api/v1/permit'),
      policy: get('/api/v1/code-policy'),
      device: get('/api/v1/devices/current'),
    } : undefined;
    const wasm = fetch(files.cardWasm, { priority: 'high' });
    const card = await import(files.cardJs);
    await card.default({ module_or_path: wasm });
    await card.show(answers);
  } catch {
    // The app shows the card.
  }
}
const wasm = fetch(files.appWasm);
const { default: init } = await import(files.appJs);
await init({ module_or_path: wasm });
";

/// `'sha256-…'` of [`BOOT_SCRIPT`], as the Content-Security-Policy names it (the test that
/// holds nginx's policy to it).
#[cfg(test)]
pub fn boot_script_hash() -> String {
    use base64::Engine;
    use sha2::Digest;
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(BOOT_SCRIPT.as_bytes())))
}

/// The pieces of the app in `dist` that only routes other than the card load, sorted. (The
/// pieces' loader, `wasm-split-<id>.js`, is not one: the first module imports it.)
pub fn lazy_pieces(dist: &Path) -> Result<Vec<String>> {
    let mut out: Vec<String> = std::fs::read_dir(dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".wasm") && !n.ends_with("_bg.wasm"))
        .collect();
    out.sort();
    Ok(out)
}

/// Whether `name` is a file of the app's first module: its JS and wasm, its start, and the
/// loader of the other pieces that it imports.
pub fn is_first_module(name: &str) -> bool {
    let compressed = name.ends_with(".br") || name.ends_with(".gz");
    !compressed && (name.starts_with("permit-app-") || name.starts_with("wasm-split-"))
}

/// `permit-app.js` → `permit-app-<id>.js`, `permit-app_bg.wasm` → `permit-app-<id>_bg.wasm`,
/// the loader's underscores → the id, any other piece `x.wasm` → `x-<id>.wasm`.
fn new_name(name: &str, id: &str) -> String {
    if name == LOADER_PLACEHOLDER {
        return name.replace("________________", id);
    }
    if let Some(stem) = name.strip_suffix("_bg.wasm") {
        return format!("{stem}-{id}_bg.wasm");
    }
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}-{id}.{ext}"),
        None => format!("{name}-{id}"),
    }
}

fn replace_bytes(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len(), "a name inside a wasm keeps its length");
    let mut out = haystack.to_vec();
    let mut i = 0;
    while let Some(pos) = out[i..].windows(from.len()).position(|w| w == from) {
        out[i + pos..i + pos + from.len()].copy_from_slice(to);
        i += pos + from.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_names_both_modules_where_the_service_worker_finds_them() {
        let entry = crate::entry::EntryFiles {
            js: "permit-card-0123456789abcdef.js".into(),
            wasm: "permit-card-0123456789abcdef_bg.wasm".into(),
        };
        let meta = modules_meta("permit-app-fedcba9876543210.js", "permit-app-fedcba9876543210_bg.wasm", &entry);
        assert_eq!(
            crate::dist::quoted_urls(&meta),
            [
                "/permit-card-0123456789abcdef.js",
                "/permit-card-0123456789abcdef_bg.wasm",
                "/permit-app-fedcba9876543210.js",
                "/permit-app-fedcba9876543210_bg.wasm",
            ]
        );
        // No file name in the script itself: its hash stays the same from build to build.
        assert!(crate::dist::quoted_urls(BOOT_SCRIPT).is_empty());
    }

    #[test]
    fn the_boot_tries_the_entry_first_with_its_requests_already_sent() {
        let (entry_part, app_part) = BOOT_SCRIPT.split_once("const wasm = fetch(files.appWasm);").unwrap();
        assert!(entry_part.contains("await card.show(answers);") && entry_part.contains("} catch {"));
        assert!(app_part.contains("await init({ module_or_path: wasm });"));
        // The entry's requests leave before its wasm is asked for, with the session's token.
        assert!(entry_part.find("get('/api/v1/permit')").unwrap() < entry_part.find("fetch(files.cardWasm").unwrap());
        // Not the photo: on a slow network its bytes would delay the code's.
        assert!(!entry_part.contains("/api/v1/permit/photo"));
        // Only for the holder whose card this phone showed last; anyone else's entry asks itself.
        assert!(entry_part.contains("localStorage.getItem('permit.card_holder') === session.user.label ? {"));
        assert!(entry_part.contains("Authorization: `Bearer ${session.token}`"));
    }

    #[test]
    fn the_deploy_policy_allows_the_boot_script_by_its_hash() {
        let deploy = std::fs::read_to_string(crate::cmd::root().join("deploy/nginx.conf")).unwrap();
        let policies: Vec<&str> = deploy.lines().filter(|l| l.contains("Content-Security-Policy") && l.contains("script-src")).collect();
        assert!(!policies.is_empty());
        for policy in policies {
            assert!(policy.contains(&format!("script-src 'self' 'wasm-unsafe-eval' {};", boot_script_hash())), "{policy}");
        }
    }

    #[test]
    fn every_name_carries_the_id_and_the_loaders_keeps_its_length() {
        let id = "0123456789abcdef";
        assert_eq!(new_name("permit-app.js", id), "permit-app-0123456789abcdef.js");
        assert_eq!(new_name("permit-app_bg.wasm", id), "permit-app-0123456789abcdef_bg.wasm");
        assert_eq!(new_name("chunk_13.wasm", id), "chunk_13-0123456789abcdef.wasm");
        assert_eq!(new_name(LOADER_PLACEHOLDER, id), "wasm-split-0123456789abcdef.js");
        assert_eq!(new_name(LOADER_PLACEHOLDER, id).len(), LOADER_PLACEHOLDER.len());
    }

    #[test]
    fn a_name_inside_a_wasm_is_replaced_everywhere() {
        let wasm = [b"\0\x01".as_slice(), LOADER_PLACEHOLDER.as_bytes(), b"\x02", LOADER_PLACEHOLDER.as_bytes()].concat();
        let to = new_name(LOADER_PLACEHOLDER, "0123456789abcdef");
        let got = replace_bytes(&wasm, LOADER_PLACEHOLDER.as_bytes(), to.as_bytes());
        assert_eq!(got, [b"\0\x01".as_slice(), to.as_bytes(), b"\x02", to.as_bytes()].concat());
    }
}
