//! The analysis model built from the loaded files: order lines joined to one
//! customer dictionary, with the categorical columns of orders and customers
//! as dictionary-coded dimensions. Rebuilt when files or mappings change;
//! every KPI, chart and list reads from it.

mod build;
pub mod keys;

use serde::{Deserialize, Serialize};

use crate::period::DayRange;

pub use build::{BuildOptions, SourceTable};

/// Where a dimension's codes live.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DimLevel {
    /// One code per order line.
    Line,
    /// One code per customer.
    Customer,
}

/// A categorical column usable as a filter and a breakdown.
#[derive(Clone, Debug, PartialEq)]
pub struct Dim {
    /// `orders.channel`, `customers.industry`, …: the filter key.
    pub key: String,
    /// The column's header, for labels.
    pub label: String,
    /// Line or customer codes.
    pub level: DimLevel,
    /// One code per line or customer; [`crate::table::NULL_CODE`] when empty.
    pub codes: Vec<u32>,
    /// The distinct values.
    pub values: Vec<String>,
    /// How many lines or customers have each value (same order as `values`).
    pub counts: Vec<u32>,
}

impl Dim {
    /// A dimension with its value counts, which the filter menus read on
    /// every query and so are counted once here.
    pub fn new(key: String, label: String, level: DimLevel, codes: Vec<u32>, values: Vec<String>) -> Dim {
        let mut counts = vec![0u32; values.len()];
        for &c in &codes {
            if let Some(n) = counts.get_mut(c as usize) {
                *n += 1;
            }
        }
        Dim {
            key,
            label,
            level,
            codes,
            values,
            counts,
        }
    }
}

/// The order lines, one entry per line that has a date, in day order (file
/// order within a day).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrderLines {
    /// Order day.
    pub day: Vec<i32>,
    /// Customer index, [`crate::table::NULL_CODE`] when the line has none.
    pub customer: Vec<u32>,
    /// Signed line amount (0 when missing).
    pub amount: Vec<f64>,
    /// Signed quantity (NaN when there is no quantity column or value).
    pub quantity: Vec<f64>,
    /// Whether the line is a return.
    pub is_return: Vec<bool>,
    /// Line margin: the profit column, or amount − cost (NaN when neither is mapped).
    pub margin: Vec<f64>,
    /// Order index (from the order id, or one per customer and day).
    pub order: Vec<u32>,
    /// Which source file the line came from (index into `Dataset::sources`).
    pub source: Vec<u16>,
    /// Spreadsheet row of the line in its file (header is row 1).
    pub row: Vec<u32>,
}

impl OrderLines {
    /// Number of lines.
    pub fn len(&self) -> usize {
        self.day.len()
    }

    /// Whether there are no lines.
    pub fn is_empty(&self) -> bool {
        self.day.is_empty()
    }

    /// The lines whose day falls in `range`: one contiguous run, since the
    /// lines are in day order.
    pub fn within(&self, range: DayRange) -> std::ops::Range<usize> {
        let start = self.day.partition_point(|&d| d < range.from);
        let end = start + self.day[start..].partition_point(|&d| d <= range.to);
        start..end
    }

    /// The same lines reordered: line `k` of the result is line `order[k]`.
    pub(crate) fn permuted(&self, order: &[u32]) -> OrderLines {
        fn pick<T: Copy>(v: &[T], order: &[u32]) -> Vec<T> {
            order.iter().map(|&i| v[i as usize]).collect()
        }
        OrderLines {
            day: pick(&self.day, order),
            customer: pick(&self.customer, order),
            amount: pick(&self.amount, order),
            quantity: pick(&self.quantity, order),
            is_return: pick(&self.is_return, order),
            margin: pick(&self.margin, order),
            order: pick(&self.order, order),
            source: pick(&self.source, order),
            row: pick(&self.row, order),
        }
    }

    /// What line `i` adds to net revenue (KPIS.md: gross sales minus the
    /// absolute value of returns).
    #[inline]
    pub fn net(&self, i: usize) -> f64 {
        let a = self.amount[i];
        a.max(0.0) - if self.is_return[i] { a.abs() } else { 0.0 }
    }
}

/// A numeric customer attribute (age, company size in employees), usable
/// for clustering and as binned segments.
#[derive(Clone, Debug, PartialEq)]
pub struct NumericAttr {
    /// `customers.age`.
    pub key: String,
    /// Column header.
    pub label: String,
    /// One value per customer, NaN when unknown.
    pub values: Vec<f64>,
}

/// One email (or message) sent to a customer, from an engagement table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EngagementEvent {
    /// Customer index.
    pub customer: u32,
    /// It was opened.
    pub opened: bool,
    /// It was clicked.
    pub clicked: bool,
}

/// A sales opportunity of a customer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Opportunity {
    /// Customer index.
    pub customer: u32,
    /// Its value.
    pub amount: f64,
    /// Not yet won or lost.
    pub open: bool,
}

/// One survey answer tied to a customer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SurveyAnswer {
    /// Customer index.
    pub customer: u32,
    /// NPS score 0–10 (NaN when not asked).
    pub nps: f64,
    /// CSAT score 1–5 (NaN when not asked).
    pub csat: f64,
}

/// The customers seen in any table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Customers {
    /// The id as first written.
    pub ids: Vec<String>,
    /// Display name where a name column is mapped.
    pub names: Vec<Option<String>>,
    /// First day with a non-return line, over all the data ([`crate::table::NULL_DAY`] if none).
    pub first_day: Vec<i32>,
    /// Row of the customer in the customers file, when there is one.
    pub profile_row: Vec<Option<(u16, u32)>>,
    /// Numeric attributes from the customers file.
    pub numeric: Vec<NumericAttr>,
}

impl Customers {
    /// Number of customers.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// What an orders table lacks, for the "needs: table.column" notes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    /// An orders file is loaded.
    pub orders: bool,
    /// Lines carry an amount (an amount column, or quantity × unit price).
    pub amount: bool,
    /// Lines carry a customer id.
    pub customer: bool,
    /// Lines carry a quantity.
    pub quantity: bool,
    /// Lines carry an order id (otherwise orders are customer-days).
    pub order_id: bool,
    /// A customers file is loaded.
    pub customers_table: bool,
    /// Lines carry a margin (profit, or amount and cost).
    #[serde(default)]
    pub margin: bool,
    /// A surveys file with customer ids is loaded.
    #[serde(default)]
    pub surveys: bool,
    /// An engagement file with customer ids and opens or clicks is loaded.
    #[serde(default)]
    pub engagement: bool,
    /// An opportunities file with customer ids and amounts is loaded.
    #[serde(default)]
    pub opportunities: bool,
}

/// Everything the KPIs are computed from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    /// Order lines.
    pub lines: OrderLines,
    /// Customers.
    pub customers: Customers,
    /// Filterable dimensions.
    pub dims: Vec<Dim>,
    /// Order ids as written (empty for orders made of customer-days).
    pub order_ids: Vec<String>,
    /// Currency of the amounts, when the files named one.
    pub currency: Option<String>,
    /// What the data allows.
    pub coverage: Coverage,
    /// Lines left out because they had no readable date.
    pub undated_lines: usize,
    /// Names of the files the data came from, by source index.
    pub sources: Vec<String>,
    /// Survey answers of known customers.
    pub surveys: Vec<SurveyAnswer>,
    /// Emails sent to known customers.
    pub engagement: Vec<EngagementEvent>,
    /// Sales opportunities of known customers.
    pub opportunities: Vec<Opportunity>,
}

impl Dataset {
    /// First and last order day, when there are lines.
    pub fn day_span(&self) -> Option<crate::period::DayRange> {
        let min = self.lines.day.iter().copied().min()?;
        let max = self.lines.day.iter().copied().max()?;
        Some(crate::period::DayRange::new(min, max))
    }

    /// The dimension with this key.
    pub fn dim(&self, key: &str) -> Option<&Dim> {
        self.dims.iter().find(|d| d.key == key)
    }

    /// The customer with this id (trimmed and case-folded, as KPIS.md says).
    pub fn find_customer(&self, id: &str) -> Option<u32> {
        let key = keys::customer_key(id);
        self.customers
            .ids
            .iter()
            .position(|c| keys::customer_key(c) == key)
            .map(|i| i as u32)
    }

    /// The order id of an order index, as a user would read it.
    pub fn order_label(&self, order: u32) -> String {
        self.order_ids.get(order as usize).cloned().unwrap_or_default()
    }
}

#[cfg(test)]
pub(crate) mod tests;
