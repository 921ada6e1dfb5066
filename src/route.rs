//! Where the user is (overview → customers → customer → order) and the
//! query, both kept in the URL so a copied link reopens the same view.

use analytics::drill::Scope;
use analytics::ingest::sheet::iso_date;
use analytics::ingest::value::days_from_ymd;
use analytics::period::{Comparison, PeriodSpec};
use analytics::query::{FilterChip, Query};
use analytics::segment::{SegmentSettings, Segmentation};

/// How the segment page segments, and with what settings (in the URL too).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SegmentView {
    /// RFM, clusters or an attribute.
    pub segmentation: Segmentation,
    /// Analysis date, k, clustering attributes.
    pub settings: SegmentSettings,
}

/// A screen of the drill-down.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Route {
    /// KPI cards and charts.
    #[default]
    Overview,
    /// The customers behind a KPI.
    Customers {
        /// Which customers.
        scope: Scope,
    },
    /// One customer.
    Customer {
        /// Id as written.
        id: String,
    },
    /// Segments, with one segment's panels open.
    Segments {
        /// The open segment, by name.
        selected: Option<String>,
    },
    /// One order of a customer.
    Order {
        /// Customer id.
        customer: String,
        /// Order id.
        order_id: String,
    },
}

/// A `yyyy-mm-dd` date (URL parameters, date inputs) as a day number.
pub fn parse_day(text: &str) -> Option<i32> {
    let mut parts = text.split('-').map(str::parse::<u32>);
    let (y, m, d) = (parts.next()?.ok()?, parts.next()?.ok()?, parts.next()?.ok()?);
    days_from_ymd(y as i32, m, d)
}

fn period_text(p: &PeriodSpec) -> String {
    match p {
        PeriodSpec::LatestMonth => "latest".into(),
        PeriodSpec::Month { day } => format!("month:{}", iso_date(*day)),
        PeriodSpec::Quarter { day } => format!("quarter:{}", iso_date(*day)),
        PeriodSpec::Year { day } => format!("year:{}", iso_date(*day)),
        PeriodSpec::Custom { from, to } => format!("custom:{}..{}", iso_date(*from), iso_date(*to)),
        PeriodSpec::All => "all".into(),
    }
}

fn parse_period(text: &str) -> Option<PeriodSpec> {
    let (kind, rest) = text.split_once(':').unwrap_or((text, ""));
    Some(match kind {
        "latest" => PeriodSpec::LatestMonth,
        "all" => PeriodSpec::All,
        "month" => PeriodSpec::Month { day: parse_day(rest)? },
        "quarter" => PeriodSpec::Quarter { day: parse_day(rest)? },
        "year" => PeriodSpec::Year { day: parse_day(rest)? },
        "custom" => {
            let (a, b) = rest.split_once("..")?;
            PeriodSpec::Custom {
                from: parse_day(a)?,
                to: parse_day(b)?,
            }
        }
        _ => return None,
    })
}

fn scope_of(text: &str) -> Scope {
    match text {
        "new" => Scope::New,
        "returning" => Scope::Returning,
        "lost" => Scope::Lost,
        "all" => Scope::All,
        _ => Scope::Active,
    }
}

fn segmentation_text(s: &Segmentation) -> String {
    match s {
        Segmentation::Rfm => "rfm".into(),
        Segmentation::Clusters => "clusters".into(),
        Segmentation::Attribute { key, cross_rfm } => format!("{}:{key}", if *cross_rfm { "cross" } else { "attr" }),
    }
}

fn parse_segmentation(text: &str) -> Segmentation {
    match text.split_once(':') {
        Some(("attr", key)) => Segmentation::Attribute {
            key: key.into(),
            cross_rfm: false,
        },
        Some(("cross", key)) => Segmentation::Attribute {
            key: key.into(),
            cross_rfm: true,
        },
        _ if text == "clusters" => Segmentation::Clusters,
        _ => Segmentation::Rfm,
    }
}

/// The URL query string (without `?`) of a view.
pub fn encode(query: &Query, route: &Route, segments: &SegmentView) -> String {
    let Ok(params) = web_sys::UrlSearchParams::new() else {
        return String::new();
    };
    params.append("period", &period_text(&query.period));
    if query.comparison == Comparison::Yoy {
        params.append("compare", "yoy");
    }
    for chip in &query.filters {
        for v in &chip.values {
            params.append("f", &format!("{}={v}", chip.dim));
        }
    }
    match route {
        Route::Overview => {}
        Route::Customers { scope } => {
            params.append("view", "customers");
            params.append("scope", scope.key());
        }
        Route::Customer { id } => {
            params.append("view", "customer");
            params.append("customer", id);
        }
        Route::Segments { selected } => {
            params.append("view", "segments");
            params.append("seg", &segmentation_text(&segments.segmentation));
            if let Some(name) = selected {
                params.append("segment", name);
            }
            let st = &segments.settings;
            if let Some(day) = st.as_of {
                params.append("asof", &iso_date(day));
            }
            if let Some(k) = st.k {
                params.append("k", &k.to_string());
            }
            if !st.attributes.is_empty() {
                params.append("attrs", &st.attributes.join(","));
            }
        }
        Route::Order { customer, order_id } => {
            params.append("view", "order");
            params.append("customer", customer);
            params.append("order", order_id);
        }
    }
    params.to_string().as_string().unwrap_or_default()
}

/// Reads a view back from a URL query string; anything unreadable falls
/// back to the default.
pub fn decode(search: &str) -> (Query, Route, SegmentView) {
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(search) else {
        return (Query::default(), Route::Overview, SegmentView::default());
    };
    let mut query = Query::default();
    if let Some(p) = params.get("period").and_then(|p| parse_period(&p)) {
        query.period = p;
    }
    if params.get("compare").as_deref() == Some("yoy") {
        query.comparison = Comparison::Yoy;
    }
    let all = params.get_all("f");
    for value in all.iter().filter_map(|v| v.as_string()) {
        let Some((dim, v)) = value.split_once('=') else {
            continue;
        };
        match query.filters.iter_mut().find(|c| c.dim == dim) {
            Some(chip) => chip.values.push(v.to_string()),
            None => query.filters.push(FilterChip {
                dim: dim.to_string(),
                values: vec![v.to_string()],
            }),
        }
    }
    let get = |k: &str| params.get(k).unwrap_or_default();
    let route = match get("view").as_str() {
        "customers" => Route::Customers {
            scope: scope_of(&get("scope")),
        },
        "customer" if !get("customer").is_empty() => Route::Customer { id: get("customer") },
        "segments" => Route::Segments {
            selected: params.get("segment").filter(|s| !s.is_empty()),
        },
        "order" if !get("order").is_empty() => Route::Order {
            customer: get("customer"),
            order_id: get("order"),
        },
        _ => Route::Overview,
    };
    let segments = SegmentView {
        segmentation: parse_segmentation(&get("seg")),
        settings: SegmentSettings {
            as_of: params.get("asof").and_then(|d| parse_day(&d)),
            k: params
                .get("k")
                .and_then(|k| k.parse().ok())
                .filter(|k| (2..=8).contains(k)),
            attributes: get("attrs")
                .split(',')
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect(),
        },
    };
    (query, route, segments)
}
