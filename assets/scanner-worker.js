// Starts the counter scanner's QR decoder (crates/permit-scanner) in this worker. Trunk
// builds the decoder without content hashes because a worker's URL is fixed in the app.
importScripts('./permit-scanner.js');
wasm_bindgen({ module_or_path: './permit-scanner_bg.wasm' });
