//! The DOM-free core of the customer dashboard.
//!
//! Everything the page computes lives here so that it can be tested and
//! benchmarked natively, run unchanged in a Web Worker, and scripted through
//! the `custdash` command-line twin: reading files ([`ingest`]) into typed
//! columns ([`table`]), recognising what each file is ([`roles`]), and the
//! messages the page and the worker exchange ([`protocol`]).
#![deny(missing_docs)]

pub mod anticipation;
pub mod charts;
pub mod dashboard;
pub mod dataset;
pub mod drill;
pub mod engine;
pub mod ingest;
pub mod inspect;
pub mod kpi;
pub mod period;
pub mod progress;
pub mod protocol;
pub mod query;
pub mod roles;
pub mod segment;
pub mod table;
pub mod warm_up;
