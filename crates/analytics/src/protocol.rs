//! The messages between the page and the engine in its Web Worker. They are
//! plain serde enums so they can be tested natively and carried as JSON; a
//! file's bytes travel beside a `Load` request (as a `File` object), never
//! inside it.

use serde::{Deserialize, Serialize};

use crate::dashboard::DashboardResult;
use crate::drill::{CustomerDetail, CustomerPage, ListRequest, OrderDetail};
use crate::ingest::{IngestError, IngestOptions};
use crate::inspect::FileReport;
use crate::query::Query;
use crate::roles::{Field, Role};
use crate::segment::report::{SegmentReport, SegmentRequest};
use crate::segment::SegmentSettings;

/// A user's correction of a file's role and column fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MappingChoice {
    /// The role to use.
    pub role: Role,
    /// Column name → field (`None`: ignore the column).
    pub fields: Vec<(String, Option<Field>)>,
}

/// What the page asks of the engine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum WorkerRequest {
    /// Read the file sent beside this message.
    Load {
        /// The page's id for the file.
        id: u32,
        /// File name (for format detection and messages).
        name: String,
        /// Reading options.
        options: IngestOptions,
        /// A mapping remembered for this header, applied when it matches.
        remembered: Vec<(String, MappingChoice)>,
    },
    /// Change a loaded file's role or column fields.
    SetMapping {
        /// Which file.
        id: u32,
        /// The new mapping.
        choice: MappingChoice,
    },
    /// Forget a loaded file.
    Remove {
        /// Which file.
        id: u32,
    },
    /// Compute the overview.
    Dashboard {
        /// Echoed in the answer, so the page can drop stale ones.
        seq: u32,
        /// Period, comparison, filters.
        query: Query,
    },
    /// A page of a customer list.
    Customers {
        /// Echoed in the answer.
        seq: u32,
        /// Which list and page.
        request: ListRequest,
    },
    /// One customer's page.
    Customer {
        /// Customer id as written.
        id: String,
    },
    /// One order's lines.
    Order {
        /// Customer id as written.
        customer: String,
        /// Order id as written.
        order_id: String,
    },
    /// A customer list as CSV.
    ExportCustomers {
        /// Which list (all pages).
        request: ListRequest,
    },
    /// Compute the segment page.
    Segments {
        /// Echoed in the answer.
        seq: u32,
        /// Analysis date, k, clustering attributes.
        settings: SegmentSettings,
        /// Segmentation, period, selected segment.
        request: SegmentRequest,
    },
    /// Segment membership as CSV (RFM, clusters when computed, attributes).
    ExportSegments {
        /// Analysis date, k, clustering attributes.
        settings: SegmentSettings,
    },
}

/// Stages of loading a file, for the progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Reading bytes from disk.
    Reading,
    /// Parsing and typing columns.
    Parsing,
}

/// What the engine answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum WorkerResponse {
    /// The worker has started, run its warm-up (`crate::warm_up`) and can
    /// take requests.
    Ready,
    /// The warm-up's overview of made-up data, sent just before `Ready`: the
    /// page draws its charts once off screen, so that the browser has
    /// compiled the charts' code before the user's data arrives.
    WarmUpOverview {
        /// Cards and charts of the made-up order lines.
        result: Box<DashboardResult>,
        /// The same, filtered by one channel: drawn in turns with `result`,
        /// it runs the charts' code for bars and points that come and go,
        /// as a filter's answer makes them.
        #[serde(default)]
        filtered: Option<Box<DashboardResult>>,
    },
    /// Loading is under way.
    Progress {
        /// Which file.
        id: u32,
        /// What is happening.
        stage: Stage,
        /// Share done, 0–1.
        done: f32,
    },
    /// A file was read (or re-mapped).
    Loaded {
        /// Which file.
        id: u32,
        /// What was found.
        report: FileReport,
        /// Milliseconds spent parsing (not reading).
        parse_ms: f64,
        /// Milliseconds spent reading the file into memory (0 natively).
        #[serde(default)]
        read_ms: f64,
    },
    /// The columns of text of a file reported by `Loaded` are encoded: the
    /// file's data can be asked about (requests wait for this anyway).
    Encoded {
        /// Which file.
        id: u32,
        /// Milliseconds the encoding took, after the report.
        encode_ms: f64,
    },
    /// A file could not be read.
    Failed {
        /// Which file.
        id: u32,
        /// Why.
        error: IngestError,
        /// The message to show.
        message: String,
    },
    /// A file was forgotten.
    Removed {
        /// Which file.
        id: u32,
    },
    /// The overview.
    Dashboard {
        /// The request's `seq`.
        seq: u32,
        /// Cards, charts, dimensions.
        result: Box<DashboardResult>,
        /// Milliseconds the engine took.
        compute_ms: f64,
        /// Whether the answer was worked out before it was asked for
        /// (`crate::anticipation`).
        #[serde(default)]
        anticipated: bool,
    },
    /// A page of customers.
    Customers {
        /// The request's `seq`.
        seq: u32,
        /// The page.
        page: CustomerPage,
    },
    /// A customer's page (`None`: no such customer).
    Customer {
        /// The id asked for.
        id: String,
        /// The page.
        detail: Option<Box<CustomerDetail>>,
    },
    /// An order's lines (`None`: no such order).
    Order {
        /// The order asked for.
        order_id: String,
        /// The lines.
        detail: Option<OrderDetail>,
    },
    /// The segment page.
    Segments {
        /// The request's `seq`.
        seq: u32,
        /// Everything it shows.
        report: Box<SegmentReport>,
        /// Milliseconds the engine took (0 in the worker, which times it itself).
        compute_ms: f64,
    },
    /// A CSV file to save.
    Csv {
        /// Suggested file name.
        name: String,
        /// Its text.
        text: String,
    },
    /// A request that could not be understood or answered.
    Error {
        /// Why.
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_round_trip_as_json() {
        let req = WorkerRequest::SetMapping {
            id: 3,
            choice: MappingChoice {
                role: Role::Customers,
                fields: vec![("Kunde".into(), Some(Field::CustomerId))],
            },
        };
        let json = serde_json::to_string(&req).unwrap_or_default();
        assert!(json.contains("\"type\":\"set_mapping\""), "{json}");
        assert_eq!(serde_json::from_str::<WorkerRequest>(&json).ok(), Some(req));
    }
}
