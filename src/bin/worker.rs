//! The Web Worker that runs the analytics engine off the main thread, so the
//! page stays responsive while a 100 MB file is read and parsed.
//!
//! Messages in are `[json WorkerRequest, File | Blob | null]`; messages out
//! are JSON `WorkerResponse`s. The file is read here in chunks with
//! `FileReaderSync`, which reports progress and avoids a copy on the page.

use std::cell::RefCell;
use std::rc::Rc;

use analytics::engine::Engine;
use analytics::protocol::{Stage, WorkerRequest, WorkerResponse};
use wasm_bindgen::prelude::*;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

/// Bytes read per `FileReaderSync` call; also how often progress is posted.
const CHUNK: f64 = 32.0 * 1024.0 * 1024.0;

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let engine = Rc::new(RefCell::new(Engine::new()));
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let response = handle(&reply_scope, &engine, &event.data());
        post(&reply_scope, &response);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // While the page starts and the user picks a file: makes the parser and
    // the queries fast code before the first real file (see
    // analytics::warm_up). The page holds its requests until `Ready`.
    if let Some(result) = analytics::warm_up::run().overview {
        post(&scope, &WorkerResponse::WarmUpOverview { result });
    }
    post(&scope, &WorkerResponse::Ready);
}

fn handle(scope: &DedicatedWorkerGlobalScope, engine: &RefCell<Engine>, data: &JsValue) -> WorkerResponse {
    let message = js_sys::Array::from(data);
    let Some(json) = message.get(0).as_string() else {
        return WorkerResponse::Error {
            message: "the page sent a message the engine does not understand".into(),
        };
    };
    let request: WorkerRequest = match serde_json::from_str(&json) {
        Ok(r) => r,
        Err(e) => {
            return WorkerResponse::Error {
                message: format!("bad request: {e}"),
            }
        }
    };
    let read_started = js_sys::Date::now();
    let bytes = match &request {
        WorkerRequest::Load { id, name, .. } => match read_blob(scope, *id, &message.get(1)) {
            Ok(b) => Some(b),
            Err(why) => {
                return WorkerResponse::Error {
                    message: format!("{name}: the file could not be read ({why})"),
                }
            }
        },
        _ => None,
    };
    let id = match &request {
        WorkerRequest::Load { id, .. } => *id,
        _ => 0,
    };
    let started = js_sys::Date::now();
    let read_time = started - read_started;
    let mut last = 0.0f32;
    let mut progress = |done: f32| {
        if done - last >= 0.05 {
            last = done;
            post(
                scope,
                &WorkerResponse::Progress {
                    id,
                    stage: Stage::Parsing,
                    done,
                },
            );
        }
    };
    let mut response = engine.borrow_mut().handle(request, bytes.as_deref(), &mut progress);
    match &mut response {
        WorkerResponse::Loaded { parse_ms, read_ms, .. } if bytes.is_some() => {
            *parse_ms = js_sys::Date::now() - started;
            *read_ms = read_time;
        }
        // The engine cannot read a clock on wasm32; the worker times it.
        WorkerResponse::Dashboard { compute_ms, .. } | WorkerResponse::Segments { compute_ms, .. } => {
            *compute_ms = js_sys::Date::now() - started
        }
        _ => {}
    }
    response
}

/// Reads a File or Blob into memory: in one call up to [`CHUNK`] × 4 (one
/// copy, no zero-filling), in chunks with progress messages beyond that.
fn read_blob(scope: &DedicatedWorkerGlobalScope, id: u32, value: &JsValue) -> Result<Vec<u8>, String> {
    let blob: Blob = value
        .clone()
        .dyn_into()
        .map_err(|_| "no file was attached".to_string())?;
    let size = blob.size();
    let reader = FileReaderSync::new().map_err(describe)?;
    if size <= CHUNK * 4.0 {
        let buffer = reader.read_as_array_buffer(&blob).map_err(describe)?;
        post(
            scope,
            &WorkerResponse::Progress {
                id,
                stage: Stage::Reading,
                done: 1.0,
            },
        );
        return Ok(js_sys::Uint8Array::new(&buffer).to_vec());
    }
    let mut bytes = Vec::with_capacity(size as usize);
    let mut start = 0.0;
    while start < size {
        let end = (start + CHUNK).min(size);
        let part = blob.slice_with_f64_and_f64(start, end).map_err(describe)?;
        let buffer = reader.read_as_array_buffer(&part).map_err(describe)?;
        let view = js_sys::Uint8Array::new(&buffer);
        if f64::from(view.length()) != end - start {
            return Err("the file changed while it was being read".into());
        }
        let at = bytes.len();
        bytes.resize(at + view.length() as usize, 0);
        view.copy_to(&mut bytes[at..]);
        start = end;
        post(
            scope,
            &WorkerResponse::Progress {
                id,
                stage: Stage::Reading,
                done: (start / size.max(1.0)) as f32,
            },
        );
    }
    Ok(bytes)
}

fn describe(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "unknown error".into())
}

fn post(scope: &DedicatedWorkerGlobalScope, response: &WorkerResponse) {
    let json =
        serde_json::to_string(response).unwrap_or_else(|e| format!("{{\"type\":\"error\",\"message\":\"{e}\"}}"));
    // Posting a string cannot fail on a live worker; if it does, the page's
    // error handler reports the dead worker.
    let _ = scope.post_message(&JsValue::from_str(&json));
}
