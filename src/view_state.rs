//! The dashboard's state: the query and the drill-down route (both in the
//! URL), and the latest small answers of the engine for them.

use std::time::Duration;

use analytics::dashboard::DashboardResult;
use analytics::drill::{CustomerDetail, CustomerPage, ListRequest, OrderDetail, SortKey};
use analytics::protocol::{WorkerRequest, WorkerResponse};
use analytics::query::{FilterChip, Query};
use leptos::prelude::*;

use analytics::segment::report::{SegmentReport, SegmentRequest};

use crate::route::{decode, encode, Route, SegmentView};

/// Search, sort and page of the customer list.
#[derive(Clone, Debug, PartialEq)]
pub struct ListParams {
    /// Text to find.
    pub search: String,
    /// Sort column.
    pub sort: SortKey,
    /// Largest first.
    pub descending: bool,
    /// First row.
    pub offset: usize,
}

impl Default for ListParams {
    fn default() -> Self {
        ListParams {
            search: String::new(),
            sort: SortKey::NetRevenue,
            descending: true,
            offset: 0,
        }
    }
}

/// The next number of a request counter (answers to older numbers are dropped).
fn bump(counter: StoredValue<u32>) -> u32 {
    let next = counter.get_value() + 1;
    counter.set_value(next);
    next
}

/// The longest a changed query waits before it replaces the URL; it is
/// written sooner, just after the frame that shows the engine's answer to
/// it. Writing the URL makes the browser process update its session
/// history, several ms of work that, on a machine with two CPUs, were taken
/// from the worker computing the answer (with the URL written at once, a
/// filter's answer arrived 5–7 ms later, measured with the overview
/// benchmark's filters) and then from the browser drawing it. Going back or
/// forward before then leaves the entry with the view it had before the
/// change.
const URL_REPLACE_DELAY: Duration = Duration::from_millis(300);

/// Writes `url` into the browser history: a new entry, or in place of the current one.
fn write_url(url: &str, new_entry: bool) {
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    let _ = if new_entry {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
    } else {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
    };
}

/// Rows per page of the customer list.
pub const PAGE: usize = 50;

/// The dashboard's signals.
#[derive(Clone, Copy)]
pub struct ViewState {
    /// Period, comparison and filters.
    pub query: RwSignal<Query>,
    /// The screen.
    pub route: RwSignal<Route>,
    /// The overview for the current query.
    pub result: RwSignal<Option<DashboardResult>>,
    /// A query is being computed.
    pub computing: RwSignal<bool>,
    /// Answer number of the overview shown (a test and benchmark hook).
    pub shown_seq: RwSignal<u32>,
    /// Engine milliseconds of the last overview.
    pub compute_ms: RwSignal<f64>,
    /// Whether the engine had worked out the last overview before it was
    /// asked for (a benchmark hook).
    pub anticipated: RwSignal<bool>,
    /// List parameters.
    pub list_params: RwSignal<ListParams>,
    /// The current list page.
    pub list: RwSignal<Option<CustomerPage>>,
    /// The open customer (`None` while loading or when unknown).
    pub customer: RwSignal<Option<Result<CustomerDetail, String>>>,
    /// The open order.
    pub order: RwSignal<Option<Result<OrderDetail, String>>>,
    /// Segmentation and its settings.
    pub segment_view: RwSignal<SegmentView>,
    /// The segment page for the current query and segment view.
    pub segments: RwSignal<Option<SegmentReport>>,
    /// A segment page is being computed.
    pub segments_computing: RwSignal<bool>,
    /// Answer number of the segment page shown (a test and benchmark hook).
    pub segments_shown: RwSignal<u32>,
    /// Worker milliseconds of the last segment page.
    pub segments_ms: RwSignal<f64>,
    seq: StoredValue<u32>,
    segments_seq: StoredValue<u32>,
    list_seq: StoredValue<u32>,
    /// The URL that will replace the current entry's.
    url_pending: StoredValue<Option<String>>,
}

impl ViewState {
    /// State read from the page's URL.
    pub fn from_url() -> Self {
        let search = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        let (query, route, segment_view) = decode(&search);
        ViewState {
            segment_view: RwSignal::new(segment_view),
            segments: RwSignal::new(None),
            segments_computing: RwSignal::new(false),
            segments_shown: RwSignal::new(0),
            segments_ms: RwSignal::new(0.0),
            segments_seq: StoredValue::new(0),
            query: RwSignal::new(query),
            route: RwSignal::new(route),
            result: RwSignal::new(None),
            computing: RwSignal::new(false),
            shown_seq: RwSignal::new(0),
            compute_ms: RwSignal::new(0.0),
            anticipated: RwSignal::new(false),
            list_params: RwSignal::new(ListParams::default()),
            list: RwSignal::new(None),
            customer: RwSignal::new(None),
            order: RwSignal::new(None),
            seq: StoredValue::new(0),
            list_seq: StoredValue::new(0),
            url_pending: StoredValue::new(None),
        }
    }

    /// The next overview request.
    pub fn dashboard_request(&self) -> WorkerRequest {
        let seq = bump(self.seq);
        self.computing.set(true);
        WorkerRequest::Dashboard {
            seq,
            query: self.query.get_untracked(),
        }
    }

    /// The next segment-page request.
    pub fn segments_request(&self) -> WorkerRequest {
        let seq = bump(self.segments_seq);
        self.segments_computing.set(true);
        let sv = self.segment_view.get_untracked();
        let selected = match self.route.get_untracked() {
            Route::Segments { selected } => selected,
            _ => None,
        };
        WorkerRequest::Segments {
            seq,
            settings: sv.settings,
            request: SegmentRequest {
                query: self.query.get_untracked(),
                segmentation: sv.segmentation,
                selected,
            },
        }
    }

    /// Changes the segmentation or its settings.
    pub fn set_segment_view(&self, view: SegmentView) {
        self.segment_view.set(view);
        self.push_url(false);
    }

    /// Applies a segment's filters to the dashboard and opens `route`.
    pub fn filter_to(&self, filters: &[FilterChip], route: Route) {
        self.query.update(|q| {
            for chip in filters {
                q.filters.retain(|c| c.dim != chip.dim);
                q.filters.push(chip.clone());
            }
        });
        if route == self.route.get_untracked() {
            self.push_url(false);
        } else {
            self.go(route);
        }
    }

    /// The next list request.
    pub fn list_request(&self, scope: analytics::drill::Scope) -> WorkerRequest {
        let seq = bump(self.list_seq);
        let p = self.list_params.get_untracked();
        WorkerRequest::Customers {
            seq,
            request: ListRequest {
                query: self.query.get_untracked(),
                scope,
                search: p.search,
                sort: p.sort,
                descending: p.descending,
                offset: p.offset,
                limit: PAGE,
            },
        }
    }

    /// Takes an engine answer meant for the dashboard; false when it is not one.
    pub fn apply(&self, response: &WorkerResponse) -> bool {
        match response {
            WorkerResponse::Dashboard {
                seq,
                result,
                compute_ms,
                anticipated,
            } => {
                // An answer to an older query is dropped: a newer one is on its way.
                if *seq == self.seq.get_value() {
                    self.result.set(Some((**result).clone()));
                    self.compute_ms.set(*compute_ms);
                    self.anticipated.set(*anticipated);
                    self.computing.set(false);
                    self.shown_seq.set(*seq);
                    self.write_url_after_frame();
                }
            }
            WorkerResponse::Segments {
                seq,
                report,
                compute_ms,
            } => {
                if *seq == self.segments_seq.get_value() {
                    self.segments.set(Some((**report).clone()));
                    self.segments_ms.set(*compute_ms);
                    self.segments_computing.set(false);
                    self.segments_shown.set(*seq);
                    self.write_url_after_frame();
                }
            }
            WorkerResponse::Customers { seq, page } => {
                if *seq == self.list_seq.get_value() {
                    self.list.set(Some(page.clone()));
                    self.write_url_after_frame();
                }
            }
            WorkerResponse::Customer { id, detail } => {
                self.customer.set(Some(match detail {
                    Some(d) => Ok((**d).clone()),
                    None => Err(id.clone()),
                }));
            }
            WorkerResponse::Order { order_id, detail } => {
                self.order.set(Some(detail.clone().ok_or_else(|| order_id.clone())));
            }
            WorkerResponse::Csv { name, text } => crate::download::save_text(text, name, "text/csv;charset=utf-8"),
            _ => return false,
        }
        true
    }

    /// Goes to another screen, as a new browser-history entry.
    pub fn go(&self, route: Route) {
        if route == self.route.get_untracked() {
            return;
        }
        let screen = match &route {
            Route::Customers { .. } => Some("[data-testid=customer-list-screen]"),
            Route::Customer { .. } => Some("[data-testid=customer-page]"),
            Route::Order { .. } => Some("[data-testid=order-page]"),
            _ => None,
        };
        self.route.set(route);
        self.list_params.set(ListParams::default());
        self.push_url(true);
        if let Some(screen) = screen {
            crate::focus::heading_when_shown(screen, None);
        }
    }

    /// Adds a value to a dimension's filter (a chip, or one more value on it).
    pub fn add_filter(&self, dim: &str, value: &str) {
        self.query.update(|q| q.add_value(dim, value));
        self.push_url(false);
    }

    /// Removes one value of a filter (the chip goes with its last value).
    pub fn remove_filter(&self, dim: &str, value: &str) {
        self.query.update(|q| {
            for chip in q.filters.iter_mut().filter(|c| c.dim == dim) {
                chip.values.retain(|v| v != value);
            }
            q.filters.retain(|c| !c.values.is_empty());
        });
        self.push_url(false);
    }

    /// Changes the query (period, comparison).
    pub fn set_query(&self, query: Query) {
        self.query.set(query);
        self.push_url(false);
    }

    /// Writes the view into the URL: a new history entry for a new screen,
    /// at once; a changed query replaces the current entry's URL when its
    /// answer is shown, or after [`URL_REPLACE_DELAY`] at the latest.
    pub fn push_url(&self, new_entry: bool) {
        let Some(url) = self.view_url() else { return };
        if new_entry {
            // The entry left behind keeps the view it showed.
            self.write_pending_url();
            write_url(&url, true);
            return;
        }
        self.url_pending.set_value(Some(url));
        // Every timer writes what is waiting then (the latest view, for
        // the current entry), so that changes in quick succession with no
        // answer yet do not keep the URL behind.
        let this = *self;
        set_timeout(move || this.write_pending_url(), URL_REPLACE_DELAY);
    }

    /// The URL of the current view.
    fn view_url(&self) -> Option<String> {
        let path = web_sys::window()?.location().pathname().ok()?;
        let search = encode(
            &self.query.get_untracked(),
            &self.route.get_untracked(),
            &self.segment_view.get_untracked(),
        );
        Some(format!("{path}?{search}"))
    }

    /// Writes the URL waiting, if any, once the next frame (showing an
    /// answer just applied) is drawn.
    fn write_url_after_frame(&self) {
        let this = *self;
        request_animation_frame(move || set_timeout(move || this.write_pending_url(), Duration::ZERO));
    }

    /// Replaces the current entry's URL with the one waiting, if any.
    fn write_pending_url(&self) {
        if let Some(url) = self.url_pending.try_update_value(Option::take).flatten() {
            write_url(&url, false);
        }
    }

    /// Follows the browser's back and forward buttons.
    pub fn listen_to_history(&self) {
        let this = *self;
        let handle = window_event_listener(leptos::ev::popstate, move |_| {
            let search = web_sys::window()
                .and_then(|w| w.location().search().ok())
                .unwrap_or_default();
            // The entry now shown has its own view: a replacement still
            // waiting belongs to the one the user left.
            this.url_pending.set_value(None);
            let (query, route, segment_view) = decode(&search);
            if query != this.query.get_untracked() {
                this.query.set(query);
            }
            if segment_view != this.segment_view.get_untracked() {
                this.segment_view.set(segment_view);
            }
            this.route.set(route);
        });
        // The listener lives as long as the page.
        std::mem::forget(handle);
        // The tab put away or closed writes what is waiting, so that a link
        // copied then, or the tab restored, shows the same view.
        for event in ["pagehide", "visibilitychange"] {
            let handle = window_event_listener_untyped(event, move |_| this.write_pending_url());
            std::mem::forget(handle);
        }
    }
}
