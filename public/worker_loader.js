// Starts the engine's worker. Trunk's own loader (`data-loader-shim`)
// passes the wasm file's address in the form wasm-bindgen has deprecated,
// which printed a warning in the console every time the page started.
importScripts('./worker.js');
wasm_bindgen({ module_or_path: './worker_bg.wasm' });
