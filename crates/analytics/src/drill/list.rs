//! The customers behind a KPI: one pass gathers per-customer facts over the
//! filtered lines, then the scope, search, sort and page are applied. Only
//! the page becomes strings.

use serde::{Deserialize, Serialize};

use super::{Scope, SortKey, Status};
use crate::dataset::Dataset;
use crate::ingest::sheet::iso_date;
use crate::kpi::scan::Bitset;
use crate::kpi::INACTIVITY_WINDOW;
use crate::period::DayRange;
use crate::query::{Query, Selection};
use crate::table::{NULL_CODE, NULL_DAY};

/// What list to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListRequest {
    /// Period, comparison and filters.
    pub query: Query,
    /// Which customers.
    #[serde(default)]
    pub scope: Scope,
    /// Text to find in the id or name (case-insensitive).
    #[serde(default)]
    pub search: String,
    /// Sort column.
    #[serde(default)]
    pub sort: SortKey,
    /// Largest first.
    #[serde(default = "yes")]
    pub descending: bool,
    /// First row of the page.
    #[serde(default)]
    pub offset: usize,
    /// Rows per page.
    #[serde(default = "page_size")]
    pub limit: usize,
}

fn yes() -> bool {
    true
}

fn page_size() -> usize {
    50
}

/// One customer in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerRow {
    /// Customer id as written.
    pub id: String,
    /// Name, when mapped.
    pub name: Option<String>,
    /// First order (`yyyy-mm-dd`).
    pub first_order: Option<String>,
    /// Last order up to the end of P.
    pub last_order: Option<String>,
    /// Orders in the list's window.
    pub orders: u32,
    /// Net revenue in the list's window.
    pub net_revenue: f64,
    /// Gross sales / orders in the window.
    pub average_order_value: Option<f64>,
    /// Status at the end of P.
    pub status: Option<Status>,
}

/// A page of a customer list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerPage {
    /// Customers in the list (all pages).
    pub total: usize,
    /// Index of the first row.
    pub offset: usize,
    /// The rows.
    pub rows: Vec<CustomerRow>,
    /// The days orders and revenue are counted over.
    pub window: Option<DayRange>,
}

#[derive(Clone, Copy, Default)]
struct Facts {
    first: i32,
    last: i32,
    orders: u32,
    gross: f64,
    net: f64,
    in_current: bool,
    in_previous: bool,
}

/// The customers of a request, sorted, before paging: (index, facts).
fn matching(ds: &Dataset, req: &ListRequest) -> (Vec<(u32, Facts)>, Option<DayRange>, i32) {
    let Some(span) = ds.day_span() else {
        return (Vec::new(), None, 0);
    };
    let period = req.query.period.resolve(req.query.comparison, span);
    let p = period.current;
    let window = match req.scope {
        Scope::Active | Scope::New | Scope::Returning => p,
        Scope::Lost | Scope::All => DayRange::new(span.from.min(p.from), p.to),
    };
    let selected = Selection::of(ds, &req.query.filters);
    let mut facts = vec![
        Facts {
            first: NULL_DAY,
            last: NULL_DAY,
            ..Facts::default()
        };
        ds.customers.len()
    ];
    let mut seen_orders = Bitset::new(ds.order_ids.len());
    let l = &ds.lines;
    // Lines are in day order: those up to the end of P.
    let up_to_p = 0..l.day.partition_point(|&d| d <= p.to);
    for i in selected.lines_in(up_to_p) {
        let c = l.customer[i];
        let day = l.day[i];
        if c == NULL_CODE {
            continue;
        }
        let f = &mut facts[c as usize];
        let a = l.amount[i];
        let in_window = window.contains(day);
        if in_window {
            f.gross += a.max(0.0);
            f.net += l.net(i);
        }
        if l.is_return[i] {
            continue;
        }
        if f.first == NULL_DAY || day < f.first {
            f.first = day;
        }
        f.last = f.last.max(day);
        f.in_current |= p.contains(day);
        f.in_previous |= period.previous.is_some_and(|r| r.contains(day));
        if in_window && seen_orders.insert(l.order[i]) {
            f.orders += 1;
        }
    }
    let needle = req.search.trim().to_lowercase();
    let mut rows: Vec<(u32, Facts)> = facts
        .into_iter()
        .enumerate()
        .filter(|(c, f)| {
            let first_ever = ds.customers.first_day[*c];
            let is_new = first_ever != NULL_DAY && p.contains(first_ever);
            f.last != NULL_DAY
                && match req.scope {
                    Scope::Active => f.in_current,
                    Scope::New => f.in_current && is_new,
                    Scope::Returning => f.in_current && !is_new,
                    Scope::Lost => f.in_previous && !f.in_current,
                    Scope::All => true,
                }
        })
        .filter(|(c, _)| {
            needle.is_empty()
                || ds.customers.ids[*c].to_lowercase().contains(&needle)
                || ds.customers.names[*c]
                    .as_ref()
                    .is_some_and(|n| n.to_lowercase().contains(&needle))
        })
        .map(|(c, f)| (c as u32, f))
        .collect();
    let aov = |f: &Facts| (f.orders > 0).then(|| f.gross / f64::from(f.orders));
    let status = |f: &Facts| Status::from_days(p.to - f.last, INACTIVITY_WINDOW);
    let c = &ds.customers;
    rows.sort_by(|(a, fa), (b, fb)| {
        let (ai, bi) = (*a as usize, *b as usize);
        let order = match req.sort {
            SortKey::Id => natural(&c.ids[ai], &c.ids[bi]),
            SortKey::Name => c.names[ai].cmp(&c.names[bi]),
            SortKey::FirstOrder => fa.first.cmp(&fb.first),
            SortKey::LastOrder => fa.last.cmp(&fb.last),
            SortKey::Orders => fa.orders.cmp(&fb.orders),
            SortKey::NetRevenue => fa.net.total_cmp(&fb.net),
            SortKey::AverageOrderValue => aov(fa).unwrap_or(f64::MIN).total_cmp(&aov(fb).unwrap_or(f64::MIN)),
            SortKey::Status => status(fa).cmp(&status(fb)),
        };
        let order = if req.descending { order.reverse() } else { order };
        order.then_with(|| natural(&c.ids[ai], &c.ids[bi]))
    });
    (rows, Some(window), p.to)
}

/// Compares ids so that `C2` comes before `C10`.
fn natural(a: &str, b: &str) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn row(ds: &Dataset, c: u32, f: &Facts, end: i32) -> CustomerRow {
    let ci = c as usize;
    let day = |d: i32| (d != NULL_DAY).then(|| iso_date(d));
    CustomerRow {
        id: ds.customers.ids[ci].clone(),
        name: ds.customers.names[ci].clone(),
        first_order: day(f.first),
        last_order: day(f.last),
        orders: f.orders,
        net_revenue: f.net,
        average_order_value: (f.orders > 0).then(|| f.gross / f64::from(f.orders)),
        status: (f.last != NULL_DAY).then(|| Status::from_days(end - f.last, INACTIVITY_WINDOW)),
    }
}

/// A page of the customers a request names.
pub fn customer_list(ds: &Dataset, req: &ListRequest) -> CustomerPage {
    let (rows, window, end) = matching(ds, req);
    let limit = req.limit.clamp(1, 1000);
    CustomerPage {
        total: rows.len(),
        offset: req.offset,
        rows: rows
            .iter()
            .skip(req.offset)
            .take(limit)
            .map(|(c, f)| row(ds, *c, f, end))
            .collect(),
        window,
    }
}

/// Every row of the list a request names (for export).
pub fn all_rows(ds: &Dataset, req: &ListRequest) -> Vec<CustomerRow> {
    let (rows, _, end) = matching(ds, req);
    rows.iter().map(|(c, f)| row(ds, *c, f, end)).collect()
}
