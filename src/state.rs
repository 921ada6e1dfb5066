//! The page's state: which files are loaded and what the engine said about
//! them. One small store (`DatasetState`) with `Copy` handles, provided as a
//! context; the rows themselves stay in the worker.

use analytics::ingest::IngestOptions;
use analytics::inspect::FileReport;
use analytics::protocol::{MappingChoice, Stage, WorkerRequest, WorkerResponse};
use leptos::prelude::*;
use web_sys::Blob;

use crate::bridge::Bridge;
use crate::i18n::{t, Msg};
use crate::view_state::ViewState;

/// Where a file is on its way in.
#[derive(Clone, Debug, PartialEq)]
pub enum FileStatus {
    /// Being read or parsed; `done` is 0–1 within the stage.
    Loading {
        /// Reading or parsing.
        stage: Stage,
        /// Share done.
        done: f32,
    },
    /// Read and mapped.
    Loaded(Box<FileReport>),
    /// Could not be read; the message says why.
    Failed(String),
}

/// One file the user gave us.
#[derive(Clone, Debug)]
pub struct FileEntry {
    /// Page-wide id, also used in worker messages.
    pub id: u32,
    /// File name.
    pub name: String,
    /// Size in bytes.
    pub size: f64,
    /// Current status. Reference-counted rather than owned by the view that
    /// was current when the file was added (that view goes away once the
    /// first file arrives).
    pub status: ArcRwSignal<FileStatus>,
    /// Milliseconds the worker spent on the file (0 until known).
    pub timing: ArcRwSignal<FileTiming>,
    /// Whether the browser keeps the file for the next visit (see
    /// [`DatasetState::keep_files`]).
    pub kept: ArcRwSignal<bool>,
}

/// Where the worker's time on a file went, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FileTiming {
    /// Waiting for and copying the file's parts.
    pub read_ms: f64,
    /// Parsing and mapping, up to the file's card.
    pub parse_ms: f64,
    /// Encoding the columns of text, after the card (`None` until done).
    pub encode_ms: Option<f64>,
}

/// Prefix of local-storage keys that hold remembered mappings.
const MAPPING_KEY: &str = "custdash.mapping.";

/// The loaded files and the engine that holds their data.
#[derive(Clone, Copy)]
pub struct DatasetState {
    /// Files in the order they were added.
    pub files: RwSignal<Vec<FileEntry>>,
    /// The file whose mapping is open, if any.
    pub selected: RwSignal<Option<u32>>,
    /// A problem with the engine itself (not with one file).
    pub engine_error: RwSignal<Option<String>>,
    /// Whether the engine has started and warmed up (requests sent before
    /// wait in the bridge).
    pub engine_ready: RwSignal<bool>,
    /// Whether the demo files are being fetched.
    pub demo_loading: RwSignal<bool>,
    /// Bumped whenever the engine's data changes (a file loaded, re-mapped or removed).
    pub data_version: RwSignal<u32>,
    /// The dashboard built on the files.
    pub view: ViewState,
    next_id: StoredValue<u32>,
    bridge: StoredValue<Option<Bridge>, LocalStorage>,
    /// The files' contents, kept so a restarted worker can read them again.
    blobs: StoredValue<Vec<(u32, Blob)>, LocalStorage>,
    /// Worker restarts so far; past a few the page stops trying.
    restarts: StoredValue<u32>,
    /// The pending call to `keep_files`, if any.
    keep_timer: StoredValue<Option<TimeoutHandle>>,
}

/// How long after a file's data is complete it is kept for the next visit:
/// the dashboard is built and drawn meanwhile (see `DatasetState::keep_files`).
const KEEP_AFTER: std::time::Duration = std::time::Duration::from_secs(1);

/// How many times a crashed worker is restarted before the page gives up.
const MAX_RESTARTS: u32 = 3;

impl DatasetState {
    /// Creates the state and starts the worker.
    pub fn new() -> Self {
        let state = DatasetState {
            files: RwSignal::new(Vec::new()),
            selected: RwSignal::new(None),
            engine_error: RwSignal::new(None),
            engine_ready: RwSignal::new(false),
            demo_loading: RwSignal::new(false),
            data_version: RwSignal::new(0),
            view: ViewState::from_url(),
            next_id: StoredValue::new(1),
            bridge: StoredValue::new_local(None),
            blobs: StoredValue::new_local(Vec::new()),
            restarts: StoredValue::new(0),
            keep_timer: StoredValue::new(None),
        };
        state.start_worker();
        state
    }

    fn start_worker(self) {
        match Bridge::spawn(move |r| self.apply(r), move |e| self.worker_died(e.to_string())) {
            Ok(bridge) => self.bridge.set_value(Some(bridge)),
            Err(e) => self.fail_engine(e.to_string()),
        }
    }

    /// The worker crashed (in the browser a panic aborts it). The file it was
    /// reading is the likely cause: mark it failed, start a new worker and
    /// send it every other file again, so the page keeps working.
    fn worker_died(self, why: String) {
        let restarts = self.restarts.get_value() + 1;
        self.restarts.set_value(restarts);
        if restarts > MAX_RESTARTS {
            self.fail_engine(why);
            return;
        }
        let files = self.files.get_untracked();
        let culprit = files
            .iter()
            .find(|e| matches!(e.status.get_untracked(), FileStatus::Loading { .. }))
            .map(|e| e.id);
        self.bridge.set_value(None);
        self.engine_ready.set(false);
        self.start_worker();
        for entry in files {
            if Some(entry.id) == culprit {
                entry
                    .status
                    .set(FileStatus::Failed(format!("{}: {}", entry.name, t(Msg::DamagedFile))));
                continue;
            }
            if matches!(entry.status.get_untracked(), FileStatus::Failed(_)) {
                continue;
            }
            let blob = self
                .blobs
                .with_value(|b| b.iter().find(|(id, _)| *id == entry.id).map(|(_, b)| b.clone()));
            if let Some(blob) = blob {
                entry.status.set(FileStatus::Loading {
                    stage: Stage::Reading,
                    done: 0.0,
                });
                self.send_load(entry.id, entry.name.clone(), &blob);
            }
        }
    }

    fn send_load(&self, id: u32, name: String, blob: &Blob) {
        self.send_load_with(id, name, blob, IngestOptions::default());
    }

    fn send_load_with(&self, id: u32, name: String, blob: &Blob, options: IngestOptions) {
        let request = WorkerRequest::Load {
            id,
            name,
            options,
            remembered: remembered(),
        };
        self.bridge.with_value(|b| {
            if let Some(b) = b {
                b.send(&request, Some(blob));
            }
        });
    }

    /// Adds files (or blobs with a name) and sends them to the engine.
    pub fn add(&self, items: Vec<(String, Blob)>) {
        self.add_marked(items, false);
    }

    /// Adds the files the browser kept from the last visit: read again,
    /// not stored again.
    pub fn add_kept(&self, items: Vec<(String, Blob)>) {
        self.add_marked(items, true);
    }

    fn add_marked(&self, items: Vec<(String, Blob)>, kept: bool) {
        for (name, blob) in items {
            let id = self.next_id.get_value();
            self.next_id.set_value(id + 1);
            let entry = FileEntry {
                id,
                name: name.clone(),
                size: blob.size(),
                status: ArcRwSignal::new(FileStatus::Loading {
                    stage: Stage::Reading,
                    done: 0.0,
                }),
                timing: ArcRwSignal::new(FileTiming::default()),
                kept: ArcRwSignal::new(kept),
            };
            // Sent before the card is drawn, so that the worker starts
            // reading it first (change → worker start 7–11 → 5–12 ms,
            // instrumented). It is kept for the next visit once it is read.
            self.send_load(id, name, &blob);
            self.files.update(|f| f.push(entry));
            self.blobs.update_value(|b| b.push((id, blob)));
        }
    }

    /// Reads a workbook again from another sheet.
    pub fn choose_sheet(&self, id: u32, sheet: String) {
        let Some(entry) = self.entry(id) else { return };
        if let Some(blob) = self.blob(id) {
            entry.status.set(FileStatus::Loading {
                stage: Stage::Reading,
                done: 0.0,
            });
            self.send_load_with(id, entry.name, &blob, IngestOptions::new().sheet(sheet));
        }
    }

    /// Removes a file from the page and the engine.
    pub fn remove(&self, id: u32) {
        if let Some(e) = self.entry(id) {
            crate::session::forget(&e.name);
        }
        self.files.update(|f| f.retain(|e| e.id != id));
        self.blobs.update_value(|b| b.retain(|(i, _)| *i != id));
        if self.selected.get_untracked() == Some(id) {
            self.selected.set(None);
        }
        self.send(&WorkerRequest::Remove { id });
    }

    /// Applies a user's mapping and remembers it for this header.
    pub fn set_mapping(&self, id: u32, signature: &str, choice: MappingChoice) {
        if let (Some(storage), Ok(json)) = (local_storage(), serde_json::to_string(&choice)) {
            let _ = storage.set_item(&format!("{MAPPING_KEY}{signature}"), &json);
        }
        self.send(&WorkerRequest::SetMapping { id, choice });
    }

    /// Sends a request without a file.
    pub fn send(&self, request: &WorkerRequest) {
        self.bridge.with_value(|b| {
            if let Some(b) = b {
                b.send(request, None);
            }
        });
    }

    /// The contents of a file still held.
    fn blob(&self, id: u32) -> Option<Blob> {
        self.blobs
            .with_value(|b| b.iter().find(|(i, _)| *i == id).map(|(_, b)| b.clone()))
    }

    fn entry(&self, id: u32) -> Option<FileEntry> {
        self.files.with_untracked(|f| f.iter().find(|e| e.id == id).cloned())
    }

    /// Folds an engine answer into the state.
    pub fn apply(&self, response: WorkerResponse) {
        if self.view.apply(&response) {
            return;
        }
        match response {
            WorkerResponse::Progress { id, stage, done } => {
                if let Some(e) = self.entry(id) {
                    e.status.set(FileStatus::Loading { stage, done });
                }
            }
            WorkerResponse::Loaded {
                id,
                report,
                parse_ms,
                read_ms,
            } => {
                if let Some(e) = self.entry(id) {
                    if parse_ms > 0.0 {
                        e.timing.update(|t| {
                            t.read_ms = read_ms;
                            t.parse_ms = parse_ms;
                        });
                    }
                    e.status.set(FileStatus::Loaded(Box::new(report)));
                    self.data_version.update(|v| *v += 1);
                }
            }
            WorkerResponse::Encoded { id, encode_ms } => {
                if let Some(e) = self.entry(id) {
                    e.timing.update(|t| t.encode_ms = Some(encode_ms));
                }
                self.keep_files_later();
            }
            WorkerResponse::Failed { id, message, .. } => {
                if let Some(e) = self.entry(id) {
                    crate::session::forget(&e.name);
                    e.status.set(FileStatus::Failed(message));
                }
                // A failed file is never read again.
                self.blobs.update_value(|b| b.retain(|(i, _)| *i != id));
                // It may have been the last file being read.
                self.keep_files_later();
            }
            WorkerResponse::Error { message } => self.engine_error.set(Some(message)),
            WorkerResponse::Removed { .. } => self.data_version.update(|v| *v += 1),
            WorkerResponse::Ready => self.engine_ready.set(true),
            WorkerResponse::WarmUpOverview { result, filtered } => {
                let state = *self;
                crate::charts::draw_off_screen(*result, filtered.map(|f| *f), move || state.reading_now())
            }
            _ => {}
        }
    }

    /// Calls [`DatasetState::keep_files`] `KEEP_AFTER` from now, instead
    /// of a call already waiting: files that finish together are stored
    /// once, not once per file.
    fn keep_files_later(&self) {
        let state = *self;
        let pending = set_timeout_with_handle(move || state.keep_files(), KEEP_AFTER).ok();
        if let Some(earlier) = self.keep_timer.get_value() {
            earlier.clear();
        }
        self.keep_timer.set_value(pending);
    }

    /// Keeps the files read so far in the browser for the next visit
    /// (`crate::session`), once no file is being read. The browser copies
    /// each file into its storage in its own process: for an 80 MB file
    /// about 60 ms of a core and the disk writes, which, begun as the file
    /// was chosen, slowed its reading on two cores (file → card paired
    /// −22 ms without it, 14 interleaved rounds). A file that could not be
    /// read is not kept.
    fn keep_files(&self) {
        if self.reading_now() {
            // The last file's `Encoded` (or `Failed`) calls this again.
            return;
        }
        for e in self.files.get_untracked() {
            if e.kept.get_untracked() || !matches!(e.status.get_untracked(), FileStatus::Loaded(_)) {
                continue;
            }
            if let Some(blob) = self.blob(e.id) {
                let kept = e.kept.clone();
                crate::session::save(&e.name, &blob, move || kept.set(true));
            }
        }
    }

    fn fail_engine(&self, message: String) {
        self.engine_error.set(Some(message.clone()));
        // Files still loading will never finish: say so on their cards.
        for e in self.files.get_untracked() {
            if matches!(e.status.get_untracked(), FileStatus::Loading { .. }) {
                e.status.set(FileStatus::Failed(message.clone()));
            }
        }
    }
}

impl Default for DatasetState {
    fn default() -> Self {
        Self::new()
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Mappings the user corrected earlier, keyed by header signature.
fn remembered() -> Vec<(String, MappingChoice)> {
    let Some(storage) = local_storage() else {
        return Vec::new();
    };
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter_map(|key| {
            let signature = key.strip_prefix(MAPPING_KEY)?.to_string();
            let json = storage.get_item(&key).ok().flatten()?;
            Some((signature, serde_json::from_str(&json).ok()?))
        })
        .collect()
}

impl DatasetState {
    /// Whether a file is still being read.
    pub fn any_loading(&self) -> bool {
        self.any_file(|s| matches!(s, FileStatus::Loading { .. }))
    }

    /// [`Self::any_loading`] read outside any reactive tracking (for timers).
    pub fn reading_now(&self) -> bool {
        untrack(|| self.any_loading())
    }

    /// Whether at least one file has been read.
    pub fn any_loaded(&self) -> bool {
        self.any_file(|s| matches!(s, FileStatus::Loaded(_)))
    }

    /// Whether some file's status is `wanted` (tracked: callers re-run when
    /// a status changes).
    fn any_file(&self, wanted: impl Fn(&FileStatus) -> bool) -> bool {
        self.files.with(|f| f.iter().any(|e| e.status.with(&wanted)))
    }
}
