//! The customer list as CSV, safe to open in a spreadsheet.

use super::list::{all_rows, ListRequest};
use crate::dataset::Dataset;

/// A text cell made safe for spreadsheets: a leading `=`, `+`, `-`, `@`,
/// tab or carriage return would start a formula, so such cells get a
/// leading `'`; then the cell is quoted when it holds a comma, quote or
/// line break.
pub fn escape_csv_cell(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// Every row of the list (all pages), with a header row. Numbers are
/// written with a `.` decimal mark and no grouping, so any tool reads them.
pub fn customers_csv(ds: &Dataset, req: &ListRequest) -> String {
    let mut out =
        String::from("customer_id,name,first_order,last_order,orders,net_revenue,average_order_value,status\n");
    for r in all_rows(ds, req) {
        let fields = [
            escape_csv_cell(&r.id),
            escape_csv_cell(r.name.as_deref().unwrap_or("")),
            r.first_order.unwrap_or_default(),
            r.last_order.unwrap_or_default(),
            r.orders.to_string(),
            number(r.net_revenue),
            r.average_order_value.map(number).unwrap_or_default(),
            r.status.map(|s| s.key().to_string()).unwrap_or_default(),
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// Up to two decimals, without trailing zeros.
pub(crate) fn number(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}
