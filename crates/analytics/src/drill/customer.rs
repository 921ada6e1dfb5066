//! One customer's page (profile, lifetime figures, orders by month, the
//! order list) and one order's lines as they were in the file. Both show the
//! whole history, whatever the dashboard's filters.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::Status;
use crate::charts::{MonthlyChart, Series};
use crate::dataset::keys::cell_text;
use crate::dataset::{Dataset, SourceTable};
use crate::ingest::sheet::iso_date;
use crate::kpi::INACTIVITY_WINDOW;
use crate::period::{month_index, month_label};
use crate::table::NULL_CODE;

/// One order of a customer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderSummary {
    /// Order id as written (or "customer · day" without ids).
    pub order_id: String,
    /// Day of its first line.
    pub date: String,
    /// Lines.
    pub lines: u32,
    /// Net amount of its lines.
    pub net: f64,
    /// Whether every line is a return.
    pub is_return: bool,
}

/// A customer's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerDetail {
    /// Id as written.
    pub id: String,
    /// Name, when mapped.
    pub name: Option<String>,
    /// Every column of the customer's row in the customers file.
    pub attributes: Vec<(String, String)>,
    /// First order.
    pub first_order: Option<String>,
    /// Last order.
    pub last_order: Option<String>,
    /// Status as of the last day in the data.
    pub status: Option<Status>,
    /// Orders (non-return).
    pub orders: u32,
    /// Net revenue over all the data (historical CLV).
    pub net_revenue: f64,
    /// Gross sales / orders.
    pub average_order_value: Option<f64>,
    /// Net revenue per month from the first order to the last.
    pub monthly: MonthlyChart,
    /// Orders, newest first.
    pub order_list: Vec<OrderSummary>,
}

/// The page of customer `id`, `None` when there is no such customer.
pub fn customer_detail(ds: &Dataset, sources: &[SourceTable<'_>], id: &str) -> Option<CustomerDetail> {
    let c = ds.find_customer(id)?;
    let ci = c as usize;
    let end = ds.day_span().map_or(0, |s| s.to);
    let l = &ds.lines;
    let mut orders: Vec<(u32, OrderSummary)> = Vec::new();
    let mut at: HashMap<u32, usize> = HashMap::new();
    let (mut gross, mut net, mut first, mut last) = (0.0, 0.0, i32::MAX, i32::MIN);
    let mut by_month: HashMap<i32, f64> = HashMap::new();
    for i in 0..l.len() {
        if l.customer[i] != c {
            continue;
        }
        let a = l.amount[i];
        let line_net = l.net(i);
        gross += a.max(0.0);
        net += line_net;
        *by_month.entry(month_index(l.day[i])).or_default() += line_net;
        if !l.is_return[i] {
            first = first.min(l.day[i]);
            last = last.max(l.day[i]);
        }
        let slot = *at.entry(l.order[i]).or_insert_with(|| {
            orders.push((
                l.day[i] as u32,
                OrderSummary {
                    order_id: ds.order_label(l.order[i]),
                    date: iso_date(l.day[i]),
                    lines: 0,
                    net: 0.0,
                    is_return: true,
                },
            ));
            orders.len() - 1
        });
        let o = &mut orders[slot].1;
        o.lines += 1;
        o.net += line_net;
        o.is_return &= l.is_return[i];
    }
    let order_count = orders.iter().filter(|(_, o)| !o.is_return).count() as u32;
    orders.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.order_id.cmp(&a.1.order_id)));
    let has_orders = first != i32::MAX;
    let monthly = if by_month.is_empty() {
        MonthlyChart::default()
    } else {
        let lo = by_month.keys().copied().min().unwrap_or(0);
        let hi = by_month.keys().copied().max().unwrap_or(0);
        MonthlyChart {
            months: (lo..=hi).map(month_label).collect(),
            series: vec![Series {
                name: "net_revenue".into(),
                values: (lo..=hi)
                    .map(|m| Some(by_month.get(&m).copied().unwrap_or(0.0)))
                    .collect(),
            }],
        }
    };
    let attributes = ds.customers.profile_row[ci]
        .and_then(|(s, row)| {
            let table = sources.get(s as usize)?.table;
            let r = row as usize - 2;
            Some(
                table
                    .columns
                    .iter()
                    .map(|col| (col.name.clone(), cell_text(&col.data, r).unwrap_or_default()))
                    .collect(),
            )
        })
        .unwrap_or_default();
    Some(CustomerDetail {
        id: ds.customers.ids[ci].clone(),
        name: ds.customers.names[ci].clone(),
        attributes,
        first_order: has_orders.then(|| iso_date(first)),
        last_order: has_orders.then(|| iso_date(last)),
        status: has_orders.then(|| Status::from_days(end - last, INACTIVITY_WINDOW)),
        orders: order_count,
        net_revenue: net,
        average_order_value: (order_count > 0).then(|| gross / f64::from(order_count)),
        monthly,
        order_list: orders.into_iter().map(|(_, o)| o).collect(),
    })
}

/// One order's lines with every column of the file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderDetail {
    /// Order id as written.
    pub order_id: String,
    /// Customer id.
    pub customer_id: Option<String>,
    /// The file's column names.
    pub columns: Vec<String>,
    /// Each line: its spreadsheet row and its cells as text.
    pub lines: Vec<(u32, Vec<String>)>,
    /// Net amount.
    pub net: f64,
}

impl OrderDetail {
    /// The columns every line holds alike (order id, date, customer, store,
    /// …), once each as (column, value), and the indices of the columns that
    /// differ between lines: what the order screen shows above its table
    /// and in it, so that a wide file's quantities and amounts stay in view.
    /// An order of one line, or of lines alike in every column (a line
    /// written twice), keeps every column in the table; a column empty on
    /// every line is left out of both.
    pub fn shared_and_varying(&self) -> (Vec<(String, String)>, Vec<usize>) {
        let mut shared = Vec::new();
        let mut varying = Vec::new();
        for (i, name) in self.columns.iter().enumerate() {
            let first = self.lines.first().and_then(|(_, cells)| cells.get(i));
            let alike = self.lines.len() > 1 && self.lines.iter().all(|(_, cells)| cells.get(i) == first);
            match first {
                Some(value) if alike && value.trim().is_empty() => {}
                Some(value) if alike => shared.push((name.clone(), value.clone())),
                _ => varying.push(i),
            }
        }
        if varying.is_empty() {
            return (Vec::new(), (0..self.columns.len()).collect());
        }
        (shared, varying)
    }
}

/// The lines of the order `order_id` of customer `customer` (ids as written).
pub fn order_detail(ds: &Dataset, sources: &[SourceTable<'_>], customer: &str, order_id: &str) -> Option<OrderDetail> {
    let c = ds.find_customer(customer)?;
    let l = &ds.lines;
    let mut detail: Option<OrderDetail> = None;
    for i in 0..l.len() {
        if l.customer[i] != c || l.order[i] == NULL_CODE || ds.order_label(l.order[i]) != order_id {
            continue;
        }
        let table = sources.get(l.source[i] as usize)?.table;
        let d = detail.get_or_insert_with(|| OrderDetail {
            order_id: order_id.to_string(),
            customer_id: Some(ds.customers.ids[c as usize].clone()),
            columns: table.columns.iter().map(|col| col.name.clone()).collect(),
            lines: Vec::new(),
            net: 0.0,
        });
        let r = l.row[i] as usize - 2;
        d.lines.push((
            l.row[i],
            table
                .columns
                .iter()
                .map(|col| cell_text(&col.data, r).unwrap_or_default())
                .collect(),
        ));
        d.net += l.net(i);
    }
    detail
}
