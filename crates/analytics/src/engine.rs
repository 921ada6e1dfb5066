//! The engine behind the worker: it owns the loaded tables and answers
//! [`WorkerRequest`]s with small [`WorkerResponse`]s. It knows nothing of the
//! browser, so the CLI and native tests drive the very same code.

use crate::anticipation::Anticipation;
use crate::dashboard::{dashboard, DashboardResult};
use crate::dataset::{BuildOptions, Dataset, SourceTable};
use crate::drill::{customer_detail, customer_list, customers_csv, order_detail};
use crate::ingest::{ingest, IngestError, Ingested, ReadFile};
use crate::inspect::{report, report_read};
use crate::protocol::{MappingChoice, WorkerRequest, WorkerResponse};
use crate::query::Query;
use crate::roles::{detect_columns, header_signature, Mapping};
use crate::segment::export::{segments_csv, ExportColumns};
use crate::segment::report::segment_report;
use crate::segment::{attach_bands, SegmentModel, SegmentSettings, Segmentation, CLUSTER_DIM};

/// A file the engine holds.
#[derive(Debug)]
pub struct LoadedFile {
    /// The page's id.
    pub id: u32,
    /// File name.
    pub name: String,
    /// The typed table and how it was read.
    pub ingested: Ingested,
    /// Current role and column fields.
    pub mapping: Mapping,
}

/// A file reported but not yet added: its columns of text are still to be
/// encoded.
#[derive(Debug)]
struct ReadingFile {
    id: u32,
    name: String,
    read: ReadFile,
    mapping: Mapping,
}

/// The loaded files and the operations on them.
#[derive(Debug)]
pub struct Engine {
    files: Vec<LoadedFile>,
    /// The file last reported, while its text is encoded.
    reading: Option<ReadingFile>,
    /// The analysis model of the current files and mappings, built on the
    /// first query after a change.
    dataset: Option<Dataset>,
    options: BuildOptions,
    /// Segments of the current dataset, built with it; their dimensions
    /// are attached to it.
    segments: Option<SegmentModel>,
    segment_settings: SegmentSettings,
    /// Overviews of the current dataset, asked for or worked out ahead.
    anticipation: Anticipation,
    /// Whether overviews are kept and worked out ahead at all.
    anticipating: bool,
}

impl Default for Engine {
    fn default() -> Self {
        Engine {
            files: Vec::new(),
            reading: None,
            dataset: None,
            options: BuildOptions::default(),
            segments: None,
            segment_settings: SegmentSettings::default(),
            anticipation: Anticipation::default(),
            anticipating: true,
        }
    }
}

impl Engine {
    /// An engine with no files.
    pub fn new() -> Self {
        Self::default()
    }

    /// Turns keeping and working out overviews ahead on or off (off, every
    /// overview is computed when asked: for measuring the engine itself).
    pub fn set_anticipation(&mut self, on: bool) {
        self.anticipating = on;
        self.anticipation.forget();
    }

    /// The files loaded so far (a file just reported by
    /// [`Engine::add_read_file`] once [`Engine::finish_reading`] ran).
    pub fn files(&self) -> &[LoadedFile] {
        &self.files
    }

    /// Sets how lines are read (return prefix); rebuilds on the next query.
    pub fn set_build_options(&mut self, options: BuildOptions) {
        self.options = options;
        self.drop_dataset();
    }

    /// Drops the dataset (files or mappings changed), and every answer
    /// computed from it; the next query rebuilds it.
    fn drop_dataset(&mut self) {
        self.dataset = None;
        self.anticipation.forget();
    }

    /// Builds what is missing: the dataset (with banded attributes and the
    /// RFM segments as dimensions), and the clusters when `clusters`.
    /// Any change here changes answers (the segments are dimensions of the
    /// dataset), so the anticipated ones are forgotten.
    fn prepare(&mut self, clusters: bool) {
        self.finish_reading();
        if self.dataset.is_none() {
            let mut ds = Dataset::build(&sources(&self.files), &self.options);
            attach_bands(&mut ds);
            let model = SegmentModel::new(&ds, self.segment_settings.clone());
            model.attach(&mut ds);
            self.dataset = Some(ds);
            self.segments = Some(model);
            self.anticipation.forget();
        }
        if let (Some(ds), Some(model)) = (self.dataset.as_mut(), self.segments.as_mut()) {
            if model.settings != self.segment_settings {
                *model = SegmentModel::new(ds, self.segment_settings.clone());
                model.attach(ds);
                self.anticipation.forget();
            }
            if clusters && model.clustering.is_none() {
                model.ensure_clusters(ds);
                model.attach(ds);
                self.anticipation.forget();
            }
        }
    }

    /// The dataset of the loaded files, built when missing, with the
    /// sources it was built from (same order as its source indices).
    pub fn dataset(&mut self) -> (&Dataset, Vec<SourceTable<'_>>) {
        self.prepare(false);
        let ds = self.dataset.get_or_insert_with(Dataset::default);
        (ds, sources(&self.files))
    }

    /// The dataset and its segments under `settings`, with clusters when
    /// `clusters`.
    pub fn segments(&mut self, settings: &SegmentSettings, clusters: bool) -> (&Dataset, &SegmentModel) {
        self.segment_settings = settings.clone();
        self.prepare(clusters);
        let ds = self.dataset.get_or_insert_with(Dataset::default);
        let model = self.segments.get_or_insert_with(SegmentModel::default);
        (ds, model)
    }

    /// Builds the dataset of the files loaded so far now, rather than on the
    /// next query: the worker calls it after answering a file while no
    /// request waits, so that the build overlaps the page taking in the
    /// file's card and asking for the dashboard.
    pub fn prepare_dataset(&mut self) {
        self.prepare(false);
    }

    /// Works out one overview the user is likely to ask for next (see
    /// [`crate::anticipation`]); false when none is left. The worker calls
    /// it while no request waits, one overview at a time.
    pub fn anticipate_one(&mut self) -> bool {
        if self.anticipation.is_idle() {
            return false;
        }
        self.prepare(false);
        let Some(query) = self.anticipation.next_planned() else {
            return false;
        };
        self.prepare_for(&query.filters);
        let (ds, _) = self.dataset();
        let result = Box::new(dashboard(ds, &query));
        self.anticipation.keep(query, result);
        true
    }

    /// The overview for `query`, kept or computed, and whether it had been
    /// worked out ahead; plans what to work out next.
    fn overview(&mut self, query: Query) -> (Box<DashboardResult>, bool) {
        self.prepare_for(&query.filters);
        if !self.anticipating {
            let (ds, _) = self.dataset();
            return (Box::new(dashboard(ds, &query)), false);
        }
        let (result, anticipated) = match self.anticipation.answer(&query) {
            Some(kept) => (kept, true),
            None => {
                let (ds, _) = self.dataset();
                let result = Box::new(dashboard(ds, &query));
                self.anticipation.keep(query.clone(), result.clone());
                (result, false)
            }
        };
        self.anticipation.plan_after(&query, &result.dims);
        (result, anticipated)
    }

    /// Prepares clusters when filters name them (a link to a cluster).
    fn prepare_for(&mut self, filters: &[crate::query::FilterChip]) {
        self.prepare(filters.iter().any(|f| f.dim == CLUSTER_DIM));
    }

    /// Takes a file read by [`ingest`] (or streamed,
    /// [`crate::ingest::streamed`]): detects its role and fields, applies the
    /// mapping remembered for its header, and reports it (the caller, which
    /// knows when reading began, sets the times).
    pub fn add_file(
        &mut self,
        id: u32,
        name: String,
        remembered: &[(String, MappingChoice)],
        ingested: Result<Ingested, IngestError>,
    ) -> WorkerResponse {
        let response = self.add_read_file(id, name, remembered, ingested.map(ReadFile::whole));
        self.finish_reading();
        response
    }

    /// The same for a file whose columns of text are not encoded yet
    /// ([`ReadFile`]): it is reported now, from what is known already, and
    /// encoded by [`Engine::finish_reading`], which the worker calls once
    /// the report is on its way and every request calls first.
    pub fn add_read_file(
        &mut self,
        id: u32,
        name: String,
        remembered: &[(String, MappingChoice)],
        read: Result<ReadFile, IngestError>,
    ) -> WorkerResponse {
        self.finish_reading();
        let read = match read {
            Ok(read) => read,
            Err(error) => {
                let message = error.to_string();
                return WorkerResponse::Failed { id, error, message };
            }
        };
        let table = read.table();
        let columns = table.summaries();
        let mut mapping = detect_columns(columns.iter().map(|c| (c.name, c.column_type)));
        let names: Vec<String> = columns.iter().map(|c| c.name.to_string()).collect();
        let signature = header_signature(&names);
        if let Some((_, choice)) = remembered.iter().find(|(sig, _)| *sig == signature) {
            apply_choice(&mut mapping, choice);
        }
        let report = report_read(&name, table.rows(), table.ragged(), &columns, read.source(), &mapping);
        self.drop_dataset();
        self.files.retain(|f| f.id != id);
        self.reading = Some(ReadingFile {
            id,
            name,
            read,
            mapping,
        });
        WorkerResponse::Loaded {
            id,
            report,
            parse_ms: 0.0,
            read_ms: 0.0,
        }
    }

    /// Encodes the columns of text of the file last reported, if any, and
    /// adds it to the loaded files; returns its id.
    pub fn finish_reading(&mut self) -> Option<u32> {
        let ReadingFile {
            id,
            name,
            read,
            mapping,
        } = self.reading.take()?;
        self.files.push(LoadedFile {
            id,
            name,
            ingested: read.encode(),
            mapping,
        });
        Some(id)
    }

    /// Answers one request. `bytes` carries the file of a `Load`; `progress`
    /// receives the parsed share (0–1) while it runs.
    pub fn handle(
        &mut self,
        request: WorkerRequest,
        bytes: Option<&[u8]>,
        progress: &mut dyn FnMut(f32),
    ) -> WorkerResponse {
        self.finish_reading();
        match request {
            WorkerRequest::Load {
                id,
                name,
                options,
                remembered,
            } => {
                let Some(bytes) = bytes else {
                    return WorkerResponse::Error {
                        message: format!("{name}: no file content arrived"),
                    };
                };
                let started = now_ms();
                let ingested = ingest(&name, bytes, &options, progress);
                let mut response = self.add_file(id, name, &remembered, ingested);
                if let WorkerResponse::Loaded { parse_ms, .. } = &mut response {
                    *parse_ms = now_ms() - started;
                }
                response
            }
            WorkerRequest::SetMapping { id, choice } => match self.files.iter_mut().find(|f| f.id == id) {
                Some(file) => {
                    apply_choice(&mut file.mapping, &choice);
                    let report = report(&file.name, &file.ingested, &file.mapping);
                    self.drop_dataset();
                    WorkerResponse::Loaded {
                        id,
                        report,
                        parse_ms: 0.0,
                        read_ms: 0.0,
                    }
                }
                None => WorkerResponse::Error {
                    message: format!("no file with id {id} is loaded"),
                },
            },
            WorkerRequest::Remove { id } => {
                self.files.retain(|f| f.id != id);
                self.drop_dataset();
                WorkerResponse::Removed { id }
            }
            WorkerRequest::Dashboard { seq, query } => {
                let started = now_ms();
                let (result, anticipated) = self.overview(query);
                WorkerResponse::Dashboard {
                    seq,
                    result,
                    compute_ms: now_ms() - started,
                    anticipated,
                }
            }
            WorkerRequest::Customers { seq, request } => {
                self.prepare_for(&request.query.filters);
                let (ds, _) = self.dataset();
                WorkerResponse::Customers {
                    seq,
                    page: customer_list(ds, &request),
                }
            }
            WorkerRequest::Customer { id } => {
                let (ds, sources) = self.dataset();
                let detail = customer_detail(ds, &sources, &id).map(Box::new);
                WorkerResponse::Customer { id, detail }
            }
            WorkerRequest::Order { customer, order_id } => {
                let (ds, sources) = self.dataset();
                let detail = order_detail(ds, &sources, &customer, &order_id);
                WorkerResponse::Order { order_id, detail }
            }
            WorkerRequest::ExportCustomers { request } => {
                self.prepare_for(&request.query.filters);
                let (ds, _) = self.dataset();
                WorkerResponse::Csv {
                    name: format!("customers-{}.csv", request.scope.key()),
                    text: customers_csv(ds, &request),
                }
            }
            WorkerRequest::Segments { seq, settings, request } => {
                let started = now_ms();
                let clusters = matches!(request.segmentation, Segmentation::Clusters)
                    || request.query.filters.iter().any(|f| f.dim == CLUSTER_DIM);
                let (ds, model) = self.segments(&settings, clusters);
                let report = Box::new(segment_report(ds, model, &request));
                WorkerResponse::Segments {
                    seq,
                    report,
                    compute_ms: now_ms() - started,
                }
            }
            WorkerRequest::ExportSegments { settings } => {
                let (ds, model) = self.segments(&settings, false);
                let columns = ExportColumns {
                    cluster: model.clustering.is_some(),
                    attributes: true,
                };
                WorkerResponse::Csv {
                    name: "segments.csv".into(),
                    text: segments_csv(ds, model, columns),
                }
            }
        }
    }
}

/// The loaded files as the dataset reads them.
fn sources(files: &[LoadedFile]) -> Vec<SourceTable<'_>> {
    files
        .iter()
        .map(|f| SourceTable {
            name: &f.name,
            table: &f.ingested.table,
            mapping: &f.mapping,
        })
        .collect()
}

/// Applies a user's choice: the role, and the field of each named column.
/// A field the user gave one column is taken away from any other column.
pub fn apply_choice(mapping: &mut Mapping, choice: &MappingChoice) {
    if mapping.role != choice.role {
        mapping.role = choice.role;
    }
    mapping.role_confidence = 1.0;
    for (column, field) in &choice.fields {
        if let Some(f) = field {
            for other in mapping
                .columns
                .iter_mut()
                .filter(|c| c.column != *column && c.field == Some(*f))
            {
                other.field = None;
                other.confidence = 0.0;
            }
        }
        if let Some(target) = mapping.columns.iter_mut().find(|c| c.column == *column) {
            target.field = *field;
            target.confidence = 1.0;
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn now_ms() -> f64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// `SystemTime` panics on wasm32-unknown-unknown; the worker measures time
/// itself with `performance.now()`, so the engine reports 0 there.
#[cfg(target_arch = "wasm32")]
fn now_ms() -> f64 {
    0.0
}
