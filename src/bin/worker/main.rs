//! The Web Worker that runs the analytics engine off the main thread, so the
//! page stays responsive while a 100 MB file is read and parsed.
//!
//! Messages in are `[json WorkerRequest, File | Blob | null]`; messages out
//! are JSON `WorkerResponse`s. Requests are answered one at a time, in the
//! order they came. A file is read here from the Blob's stream and parsed
//! part by part as it arrives (`analytics::ingest::streamed`): the browser
//! fetches the next part in its own process while this one parses. Its
//! card (`Loaded`) is sent before its columns of text are encoded
//! (`analytics::ingest::unencoded`); the encoding follows at once, before
//! any other request is answered, and is reported by `Encoded`.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

mod parts;
mod prefault;

use analytics::engine::Engine;
use analytics::ingest::streamed::Streamed;
use analytics::ingest::IngestOptions;
use analytics::progress::ProgressPace;
use analytics::protocol::{MappingChoice, Stage, WorkerRequest, WorkerResponse};
use prefault::Prefault;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

/// The engine and the requests waiting for it.
struct Worker {
    scope: DedicatedWorkerGlobalScope,
    engine: RefCell<Engine>,
    queue: RefCell<VecDeque<JsValue>>,
    /// A request is being answered (a file read awaits its parts).
    busy: Cell<bool>,
    /// Memory being made ready for the first file.
    prefault: Rc<Prefault>,
    /// Overviews are being worked out ahead (`think_ahead`).
    thinking: Cell<bool>,
    /// When working them out may start (`performance.now()` milliseconds).
    think_from: Cell<f64>,
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    // `?ahead=off` on the page's address: every overview computed when
    // asked, for measuring the engine's own time on every filter.
    let mut engine = Engine::new();
    engine.set_anticipation(!scope.location().search().contains("ahead=off"));
    let worker = Rc::new(Worker {
        scope: scope.clone(),
        engine: RefCell::new(engine),
        queue: RefCell::new(VecDeque::new()),
        busy: Cell::new(false),
        prefault: Rc::default(),
        thinking: Cell::new(false),
        think_from: Cell::new(0.0),
    });
    let prefault = worker.prefault.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        // The request needs the worker, and perhaps the memory, now.
        worker.prefault.release();
        worker.queue.borrow_mut().push_back(event.data());
        if !worker.busy.replace(true) {
            wasm_bindgen_futures::spawn_local(answer_queue(worker.clone()));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // While the page starts and the user picks a file: makes the parser and
    // the queries fast code before the first real file (see
    // analytics::warm_up). The page holds its requests until `Ready`.
    let warm_up = analytics::warm_up::run();
    if let Some(result) = warm_up.overview {
        let filtered = warm_up.filtered;
        post(&scope, &WorkerResponse::WarmUpOverview { result, filtered });
    }
    post(&scope, &WorkerResponse::Ready);
    prefault::start(prefault, scope);
}

/// Answers the queued requests in order; a file being read awaits its parts
/// while later requests wait their turn.
async fn answer_queue(worker: Rc<Worker>) {
    loop {
        let next = worker.queue.borrow_mut().pop_front();
        let Some(data) = next else { break };
        let response = answer(&worker, &data).await;
        after_answer(&worker, &response);
    }
    worker.busy.set(false);
    if !worker.thinking.replace(true) {
        wasm_bindgen_futures::spawn_local(think_ahead(worker));
    }
}

/// Posts an answer and does what follows it: a file just reported has its
/// columns of text encoded now, before any question about its data; the
/// dataset is built ahead of the page's request for the dashboard.
///
/// This and the other steps of a request are functions of their own, not
/// inlined into `answer_queue`'s future: the browser compiles that future
/// to fast code while the first file is being read (it runs from the
/// file's start), and with the whole engine's messages inlined into it that
/// compilation took 156 ms of a core beside the read.
#[inline(never)]
fn after_answer(worker: &Worker, response: &WorkerResponse) {
    post(&worker.scope, response);
    let started = now(&worker.scope);
    if let Some(id) = worker.engine.borrow_mut().finish_reading() {
        let encode_ms = now(&worker.scope) - started;
        post(&worker.scope, &WorkerResponse::Encoded { id, encode_ms });
    }
    worker.think_from.set(now(&worker.scope) + THINK_AFTER_MS);
    // The page asks for the dashboard once it has a file's card; with
    // nothing else queued (more files on their way would make a build
    // now wasted), the dataset is built while it does.
    if matches!(response, WorkerResponse::Loaded { .. }) && worker.queue.borrow().is_empty() {
        worker.engine.borrow_mut().prepare_dataset();
    }
}

/// How long after an answer the worker waits before working out overviews
/// ahead: the page is drawing that answer meanwhile, and on a machine with
/// two cores the work would take the CPU from the browser's drawing.
const THINK_AFTER_MS: f64 = 250.0;

/// While no request waits: works out the overviews the user is likely to
/// ask for next, one at a time (`analytics::anticipation`). Between two, it
/// lets the worker take its messages; a request that arrives meanwhile waits
/// for at most one overview, and once it is answered (`answer_queue`), the
/// work goes on from the plan that answer made, `THINK_AFTER_MS` later.
async fn think_ahead(worker: Rc<Worker>) {
    loop {
        let wait = worker.think_from.get() - now(&worker.scope);
        let _ = wasm_bindgen_futures::JsFuture::from(later(&worker.scope, wait)).await;
        if worker.busy.get() {
            break;
        }
        if now(&worker.scope) < worker.think_from.get() {
            continue;
        }
        if !worker.engine.borrow_mut().anticipate_one() {
            break;
        }
    }
    worker.thinking.set(false);
}

/// A promise resolved in a later task, `ms` milliseconds from now at the
/// earliest (a timer), after the messages that arrived before it.
fn later(scope: &DedicatedWorkerGlobalScope, ms: f64) -> js_sys::Promise {
    let ms = ms.clamp(0.0, THINK_AFTER_MS).ceil() as i32;
    js_sys::Promise::new(&mut |resolve, _| {
        let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    })
}

/// The worker's clock in milliseconds.
fn now(scope: &DedicatedWorkerGlobalScope) -> f64 {
    scope.performance().map_or_else(js_sys::Date::now, |p| p.now())
}

async fn answer(worker: &Worker, data: &JsValue) -> WorkerResponse {
    let message = js_sys::Array::from(data);
    let request = match decode(&message) {
        Ok(request) => request,
        Err(message) => return WorkerResponse::Error { message },
    };
    let file = match request {
        WorkerRequest::Load {
            id,
            name,
            options,
            remembered,
        } => FileRequest {
            id,
            name,
            options,
            remembered,
        },
        request => return handle(worker, request),
    };
    match load(worker, &file, &message.get(1)).await {
        Ok(response) => response,
        Err(why) => WorkerResponse::Error {
            message: format!("{}: the file could not be read ({why})", file.name),
        },
    }
}

/// The request in a message from the page, or why there is none.
#[inline(never)]
fn decode(message: &js_sys::Array) -> Result<WorkerRequest, String> {
    let Some(json) = message.get(0).as_string() else {
        return Err("the page sent a message the engine does not understand".into());
    };
    serde_json::from_str(&json).map_err(|e| format!("bad request: {e}"))
}

/// Answers a request other than a file to load.
#[inline(never)]
fn handle(worker: &Worker, request: WorkerRequest) -> WorkerResponse {
    let started = js_sys::Date::now();
    let mut response = worker.engine.borrow_mut().handle(request, None, &mut |_| {});
    // The engine cannot read a clock on wasm32; the worker times it.
    if let WorkerResponse::Dashboard { compute_ms, .. } | WorkerResponse::Segments { compute_ms, .. } = &mut response {
        *compute_ms = js_sys::Date::now() - started;
    }
    response
}

/// What the page asked to load.
struct FileRequest {
    id: u32,
    name: String,
    options: IngestOptions,
    remembered: Vec<(String, MappingChoice)>,
}

/// Reads a File or Blob part by part, parsing each part as it arrives, and
/// hands the table to the engine. The answer's `parse_ms` is the time spent
/// parsing and mapping, `read_ms` the rest (waiting for and copying parts).
async fn load(worker: &Worker, file: &FileRequest, value: &JsValue) -> Result<WorkerResponse, String> {
    let blob: Blob = value
        .clone()
        .dyn_into()
        .map_err(|_| "no file was attached".to_string())?;
    let started = js_sys::Date::now();
    let size = blob.size() as usize;
    let mut parsing = 0.0;
    let mut streamed = Streamed::new(&file.name, &file.options, size);
    // The first part is asked for before anything else: the browser
    // fetches it while the memory for the file is reserved.
    let mut parts = parts::Parts::new(&blob);
    let mut asked = parts.ask();
    // Reserved, not filled: each part is zeroed just before it is copied
    // in, while that stretch is in the cache, instead of the whole file's
    // memory written once more before the first part.
    let mut bytes: Vec<u8> = Vec::new();
    if bytes.try_reserve_exact(size).is_err() {
        return Err(format!(
            "the file is too large for this browser's memory ({} MB)",
            size >> 20
        ));
    }
    let mut received = 0;
    let mut progress = Progress::new(&worker.scope, file.id);
    loop {
        let answer = asked.await.map_err(describe)?;
        let Some(part) = parts.part(answer).map_err(describe)? else {
            break;
        };
        let end = received + part.length() as usize;
        if end > size {
            return Err("the file changed while it was being read".into());
        }
        bytes.resize(end, 0);
        part.copy_to(&mut bytes[received..end]);
        received = end;
        // The next part is fetched while this one is parsed.
        asked = parts.ask();
        parsing += feed(&mut streamed, &bytes[..received]);
        progress.post(Stage::Reading, received as f32 / size.max(1) as f32);
    }
    if received != size {
        return Err("the file changed while it was being read".into());
    }
    let parse_started = js_sys::Date::now();
    let mut response = report(worker, file, streamed, bytes, &mut progress);
    let now = js_sys::Date::now();
    parsing += now - parse_started;
    if let WorkerResponse::Loaded { parse_ms, read_ms, .. } = &mut response {
        *parse_ms = parsing;
        *read_ms = now - started - parsing;
    }
    Ok(response)
}

/// Reads the records of the text so far; returns the milliseconds taken.
#[inline(never)]
fn feed(streamed: &mut Streamed, so_far: &[u8]) -> f64 {
    let started = js_sys::Date::now();
    streamed.feed(so_far, &mut |_| {});
    js_sys::Date::now() - started
}

/// Finishes reading a file but for its columns of text, which are encoded
/// once the card is on its way (`after_answer`): nothing on it depends on
/// them. Gives the file's card.
#[inline(never)]
fn report(
    worker: &Worker,
    file: &FileRequest,
    streamed: Streamed,
    bytes: Vec<u8>,
    progress: &mut Progress,
) -> WorkerResponse {
    let read = streamed.finish_but_text(bytes, &mut |done| progress.post(Stage::Parsing, done));
    worker
        .engine
        .borrow_mut()
        .add_read_file(file.id, file.name.clone(), &file.remembered, read)
}

/// Progress messages for one file, as often as [`ProgressPace`] allows.
struct Progress<'s> {
    scope: &'s DedicatedWorkerGlobalScope,
    id: u32,
    pace: ProgressPace,
}

impl<'s> Progress<'s> {
    fn new(scope: &'s DedicatedWorkerGlobalScope, id: u32) -> Self {
        Progress {
            scope,
            id,
            pace: ProgressPace::new(now(scope)),
        }
    }

    #[inline(never)]
    fn post(&mut self, stage: Stage, done: f32) {
        if self.pace.report(stage, done, now(self.scope)) {
            post(
                self.scope,
                &WorkerResponse::Progress {
                    id: self.id,
                    stage,
                    done,
                },
            );
        }
    }
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

#[inline(never)]
fn post(scope: &DedicatedWorkerGlobalScope, response: &WorkerResponse) {
    let json =
        serde_json::to_string(response).unwrap_or_else(|e| format!("{{\"type\":\"error\",\"message\":\"{e}\"}}"));
    // Posting a string cannot fail on a live worker; if it does, the page's
    // error handler reports the dead worker.
    let _ = scope.post_message(&JsValue::from_str(&json));
}
