//! The page's end of the worker: spawn it, wait for its "ready" handshake
//! (requests sent earlier are queued), send typed requests with an optional
//! file beside them, and hand typed responses to the state.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use analytics::protocol::{WorkerRequest, WorkerResponse};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};

/// Why the worker bridge failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkerError {
    /// The browser refused to start the worker.
    Spawn(String),
    /// The worker died (a crash inside it, or its script failed to load).
    Died(String),
}

impl std::fmt::Display for WorkerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WorkerError::Spawn(why) => write!(f, "the data engine could not start ({why})"),
            WorkerError::Died(why) => write!(f, "the data engine stopped ({why})"),
        }
    }
}

/// The worker's script, with `?ahead=off` when the page's address has it
/// (the engine then computes every overview when asked: a benchmark switch).
fn worker_address() -> String {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    if search.contains("ahead=off") {
        "./worker_loader.js?ahead=off".into()
    } else {
        "./worker_loader.js".into()
    }
}

/// A running engine worker.
pub struct Bridge {
    worker: Worker,
    ready: Rc<Cell<bool>>,
    queue: Rc<RefCell<Vec<js_sys::Array>>>,
}

impl Bridge {
    /// Starts the worker; `on_response` gets every answer, `on_error` a dead worker.
    pub fn spawn(
        on_response: impl Fn(WorkerResponse) + 'static,
        on_error: impl Fn(WorkerError) + 'static,
    ) -> Result<Bridge, WorkerError> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Classic);
        let worker =
            Worker::new_with_options(&worker_address(), &options).map_err(|e| WorkerError::Spawn(format!("{e:?}")))?;
        let ready = Rc::new(Cell::new(false));
        let queue: Rc<RefCell<Vec<js_sys::Array>>> = Rc::new(RefCell::new(Vec::new()));

        let (ready_in, queue_in, worker_in) = (ready.clone(), queue.clone(), worker.clone());
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(json) = event.data().as_string() else {
                return;
            };
            let response = match serde_json::from_str::<WorkerResponse>(&json) {
                Ok(r) => r,
                Err(e) => WorkerResponse::Error {
                    message: format!("unreadable answer from the engine: {e}"),
                },
            };
            if response == WorkerResponse::Ready {
                ready_in.set(true);
                for message in queue_in.borrow_mut().drain(..) {
                    let _ = worker_in.post_message(&message);
                }
            }
            on_response(response);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();

        let on_fail = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            on_error(WorkerError::Died(event.message()));
        });
        worker.set_onerror(Some(on_fail.as_ref().unchecked_ref()));
        on_fail.forget();
        Ok(Bridge { worker, ready, queue })
    }

    /// Sends a request, with a file or blob beside it when given.
    pub fn send(&self, request: &WorkerRequest, file: Option<&Blob>) {
        let json = serde_json::to_string(request).unwrap_or_default();
        let message = js_sys::Array::of2(&JsValue::from_str(&json), &file.map_or(JsValue::NULL, |b| b.into()));
        if self.ready.get() {
            let _ = self.worker.post_message(&message);
        } else {
            self.queue.borrow_mut().push(message);
        }
    }
}
