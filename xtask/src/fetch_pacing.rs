//! Paces the split loader's requests. wasm-split's loader starts every file a piece needs in
//! one go: the signed-in shell and the live card need 130 files, and 130 `fetch` calls in one
//! task blocked the page for 440 ms at 4x CPU (Chromium's `ResourceFetcher::requestResource`,
//! about 3.4 ms a request; Lighthouse's total blocking time on a returning holder's card went
//! from 350 to 1,335 ms). Here every `fetch` of the loader goes through a queue that starts
//! [`PER_TASK`] requests, then yields to the page: a tap during the app's takeover is answered
//! between two batches. The files and their order do not change.

use crate::cmd::Result;

/// Requests started per task. Lighthouse on a returning holder's card (its service worker
/// answering each request) measured total blocking time 2,261 ms unpaced, about 790 ms at 8
/// per task and about 550 ms at 3: the batches of 8 still made tasks over 50 ms.
const PER_TASK: usize = 3;

/// How the loader starts each file's request, one per line (wasm_split_cli_support 0.2.4).
const FETCH: &str = "const src = fetch(";
const PACED: &str = "const src = paced(() => fetch(";

/// The queue, put first in the loader. A `MessageChannel` yields at once (a nested
/// `setTimeout` would wait 4 ms each time); a rejected request rejects its promise, so the
/// loader's retry after a network failure works as before.
fn pacer() -> String {
    [
        "// Added by `cargo xtask dist` (xtask/src/fetch_pacing.rs): at most PER_TASK requests per task.",
        "const pacedQueue = [];",
        "const pacedChannel = new MessageChannel();",
        "pacedChannel.port1.onmessage = () => {",
        "    for (const start of pacedQueue.splice(0, PER_TASK)) start();",
        "    if (pacedQueue.length) pacedChannel.port2.postMessage(0);",
        "};",
        "function paced(start) {",
        "    return new Promise((resolve) => {",
        "        pacedQueue.push(() => resolve(start()));",
        "        if (pacedQueue.length === 1) pacedChannel.port2.postMessage(0);",
        "    });",
        "}",
        "",
    ]
    .join("\n")
    .replace("PER_TASK", &PER_TASK.to_string())
}

/// The loader with every request paced. An error when the loader does not have the expected
/// shape (a new wasm-split version), so the build stops instead of shipping it unpaced.
pub fn pace_fetches(loader: &str) -> Result<String> {
    let mut paced = 0;
    let mut out = String::with_capacity(loader.len() + 2048);
    for line in loader.split_inclusive('\n') {
        let (body, end) = line.strip_suffix('\n').map_or((line, ""), |b| (b, "\n"));
        match (body.contains(FETCH), body.strip_suffix(");")) {
            (true, Some(call)) => {
                out.push_str(&call.replacen(FETCH, PACED, 1));
                out.push_str("));");
                out.push_str(end);
                paced += 1;
            }
            (true, None) => return Err(format!("split loader: unexpected request line `{body}`")),
            (false, _) => out.push_str(line),
        }
    }
    if paced == 0 {
        return Err("split loader: no `const src = fetch(` line to pace (a new wasm-split version?)".into());
    }
    // After the imports: a module's `import` declarations may come anywhere, but keep them first.
    let at = out.lines().take_while(|l| l.starts_with("import ")).map(|l| l.len() + 1).sum::<usize>();
    out.insert_str(at, &pacer());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOADER: &str = "import { initSync } from \"./permit-app.js\";\n\
\n\
const __chunk_15 = makeLoad(() => {\n\
    const src = fetch(new URL(\"./chunk_15.wasm\", import.meta.url));\n\
    src.catch(() => {});\n\
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));\n\
}\n\
, []);\n\
const __chunk_16 = makeLoad(() => {\n\
    const src = fetch(new URL(\"./chunk_16.wasm\", import.meta.url));\n\
    src.catch(() => {});\n\
}\n\
, [__chunk_15]);\n";

    #[test]
    fn every_request_goes_through_the_queue_and_nothing_else_changes() {
        let paced = pace_fetches(LOADER).unwrap();
        assert!(!paced.contains("const src = fetch("), "{paced}");
        assert_eq!(paced.matches("const src = paced(() => fetch(new URL(\"./chunk_1").count(), 2);
        assert!(paced.contains("paced(() => fetch(new URL(\"./chunk_16.wasm\", import.meta.url)));\n"));
        assert_eq!(paced.matches("function paced(").count(), 1);
        // The import stays the module's first line; the queue comes right after it.
        assert!(paced.starts_with("import { initSync } from \"./permit-app.js\";\n// Added by `cargo xtask dist`"));
        // Taking the queue out again gives back the loader as wasm-split wrote it.
        let restored = paced.replace(&pacer(), "").replace("paced(() => fetch(", "fetch(").replace(")));\n", "));\n");
        assert_eq!(restored, LOADER);
    }

    #[test]
    fn a_loader_of_another_shape_stops_the_build() {
        assert!(pace_fetches("const x = 1;\n").is_err());
        assert!(pace_fetches("    const src = fetch(url)\n        .then(check);\n").is_err());
    }
}
