// Starts the counter scanner's QR decoder (crates/permit-scanner) in this worker. Trunk
// builds it without content hashes; `cargo xtask dist` hashes this file and the two it
// loads, rewrites the names below, and names the worker in index.html for the app.
// Frames posted while the wasm is still loading are kept and handed over once it has
// installed its own `onmessage`; a message with no handler would otherwise be lost.
const early = [];
self.onmessage = (event) => early.push(event);
importScripts('./permit-scanner.js');
wasm_bindgen({ module_or_path: './permit-scanner_bg.wasm' }).then(() => {
  for (const event of early.splice(0)) self.onmessage(event);
});
