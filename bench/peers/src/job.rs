//! The peers harness's job over a table our reader made.
//!
//! The harness (`../shared/bench-peers/src/common.js`) gives every tool the
//! same job on an Online Retail file and compares their checksums:
//!
//! - returns are the rows whose `Invoice` starts with `C`: left out of
//!   everything but the latest date;
//! - revenue is the sum of `Quantity × Price`; orders the distinct invoices;
//!   customers the distinct `Customer ID`s; revenue per `YYYY-MM`;
//! - per customer: recency (whole days from their last purchase to the
//!   file's latest date), frequency (distinct invoices), monetary (revenue
//!   in whole cents), and 1–5 scores `1 + ⌊5 (rank − 1) / n⌋` with SQL's
//!   `RANK()` (ties share the lowest rank): recency descending, the other
//!   two ascending.
//!
//! Sums run in the file's row order, as the JavaScript tools add them, so
//! the totals agree to the last bit with theirs when the parsed numbers do.

use analytics::ingest::value::ymd_from_days;
use analytics::table::{ColumnData, ColumnType, Table, TextColumn, NULL_CODE, NULL_DAY, NULL_I64};
use rustc_hash::{FxHashMap, FxHashSet};

/// Seconds in a day.
const DAY: i64 = 86_400;

/// Why the job could not run on a table.
#[derive(Debug, PartialEq, Eq)]
pub enum JobError {
    /// The file has no column of this name.
    Missing(&'static str),
    /// The column was read as a type the job cannot use.
    Type(&'static str, ColumnType),
}

impl std::fmt::Display for JobError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JobError::Missing(name) => write!(f, "no column named {name}"),
            JobError::Type(name, ty) => write!(f, "column {name} was read as {ty:?}"),
        }
    }
}

/// The totals of the job.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Every row, returns included.
    pub rows: usize,
    pub revenue: f64,
    pub orders: usize,
    pub customers: usize,
    /// The latest `InvoiceDate` of any row, `YYYY-MM-DD HH:MM:SS`.
    pub max_date: String,
}

/// Recency, frequency and monetary value per customer, in order of first
/// purchase, with their scores.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rfm {
    /// The customer's id as a number, as the harness's checksum takes it.
    pub customer: Vec<f64>,
    pub recency_days: Vec<i32>,
    pub frequency: Vec<u32>,
    pub cents: Vec<f64>,
    pub r: Vec<u8>,
    pub f: Vec<u8>,
    pub m: Vec<u8>,
}

/// What the job finds.
#[derive(Clone, Debug, PartialEq)]
pub struct RetailJob {
    pub summary: Summary,
    /// Revenue per month, `YYYY-MM`, in calendar order.
    pub monthly: Vec<(String, f64)>,
    pub rfm: Rfm,
}

/// A date column as seconds since 1970 per row (`None` when missing).
enum Times<'a> {
    Seconds(&'a [i64]),
    Days(&'a [i32]),
}

impl Times<'_> {
    fn at(&self, i: usize) -> Option<i64> {
        match self {
            Times::Seconds(v) => v.get(i).copied().filter(|&x| x != NULL_I64),
            Times::Days(v) => v.get(i).copied().filter(|&x| x != NULL_DAY).map(|d| i64::from(d) * DAY),
        }
    }
}

/// The customer column: read as numbers, or kept as text (an identifier).
enum Customers<'a> {
    Number(&'a [i64]),
    Text(&'a TextColumn),
}

impl Customers<'_> {
    /// The row's customer as a key: the number, or the text's code.
    fn key(&self, row: usize) -> Option<i64> {
        match self {
            Customers::Number(v) => v.get(row).copied().filter(|&id| id != NULL_I64),
            Customers::Text(t) => t.codes.get(row).filter(|&&c| c != NULL_CODE).map(|&c| i64::from(c)),
        }
    }

    /// The customer of a key as a number (`NaN` when its text is not one).
    fn number(&self, key: i64) -> f64 {
        match self {
            Customers::Number(_) => key as f64,
            Customers::Text(t) => t
                .values
                .get(key as usize)
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(f64::NAN),
        }
    }
}

fn column<'t>(table: &'t Table, name: &'static str) -> Result<&'t ColumnData, JobError> {
    table
        .columns
        .iter()
        .find(|c| c.name == name)
        .map(|c| &c.data)
        .ok_or(JobError::Missing(name))
}

/// A column read as numbers ([`ColumnData::number`] gives each row).
fn numbers<'t>(table: &'t Table, name: &'static str) -> Result<&'t ColumnData, JobError> {
    match column(table, name)? {
        data @ (ColumnData::Integer(_) | ColumnData::Decimal(_)) => Ok(data),
        other => Err(JobError::Type(name, other.column_type())),
    }
}

/// Runs the job on a table with the Online Retail columns.
pub fn run(table: &Table) -> Result<RetailJob, JobError> {
    let invoices: &TextColumn = match column(table, "Invoice")? {
        ColumnData::Text(t) => t,
        other => return Err(JobError::Type("Invoice", other.column_type())),
    };
    let quantity = numbers(table, "Quantity")?;
    let price = numbers(table, "Price")?;
    let times = match column(table, "InvoiceDate")? {
        ColumnData::Datetime(v) => Times::Seconds(v),
        ColumnData::Date(v) => Times::Days(v),
        other => return Err(JobError::Type("InvoiceDate", other.column_type())),
    };
    let customers = match column(table, "Customer ID")? {
        ColumnData::Integer(v) => Customers::Number(v),
        ColumnData::Text(t) => Customers::Text(t),
        other => return Err(JobError::Type("Customer ID", other.column_type())),
    };
    // Per invoice value (a dictionary code): a return, counted as an order,
    // and the first customer who bought on it.
    let is_return: Vec<bool> = invoices.values.iter().map(|v| v.starts_with('C')).collect();
    let mut ordered = vec![false; is_return.len()];
    let mut orders = 0;
    let mut first_buyer = vec![u32::MAX; is_return.len()];
    // (customer, invoice) pairs for invoices of more than one customer.
    let mut shared: FxHashSet<(u32, u32)> = FxHashSet::default();
    let mut customer_of: FxHashMap<i64, u32> = FxHashMap::default();
    let mut rfm = Rfm::default();
    let mut last_seen: Vec<i64> = Vec::new();
    let mut money: Vec<f64> = Vec::new();
    let mut revenue = 0.0;
    // Months as `12 × year + month − 1`, with the last day's month kept:
    // an order's lines share their day.
    let mut months: FxHashMap<i32, f64> = FxHashMap::default();
    let mut last_day = (i32::MIN, 0);
    let mut max_time = i64::MIN;
    for (row, &code) in invoices.codes.iter().enumerate() {
        let time = times.at(row);
        if let Some(t) = time {
            max_time = max_time.max(t);
        }
        let invoice = code as usize;
        if code == NULL_CODE || is_return.get(invoice).copied().unwrap_or(true) {
            continue;
        }
        let number = |column: &ColumnData| column.number(row).unwrap_or(f64::NAN);
        let line = number(quantity) * number(price);
        revenue += line;
        if let Some(seen) = ordered.get_mut(invoice) {
            if !*seen {
                *seen = true;
                orders += 1;
            }
        }
        if let Some(t) = time {
            let day = t.div_euclid(DAY) as i32;
            if day != last_day.0 {
                let (y, m, _) = ymd_from_days(day);
                last_day = (day, 12 * y + m as i32 - 1);
            }
            *months.entry(last_day.1).or_insert(0.0) += line;
        }
        let Some(key) = customers.key(row) else {
            continue;
        };
        let next = rfm.customer.len() as u32;
        let c = *customer_of.entry(key).or_insert(next);
        let ci = c as usize;
        if c == next {
            rfm.customer.push(customers.number(key));
            rfm.frequency.push(0);
            last_seen.push(i64::MIN);
            money.push(0.0);
        }
        if let Some(t) = time {
            last_seen[ci] = last_seen[ci].max(t);
        }
        money[ci] += line;
        let first = &mut first_buyer[invoice];
        let new_pair = if *first == u32::MAX {
            *first = c;
            true
        } else {
            *first != c && shared.insert((c, code))
        };
        if new_pair {
            rfm.frequency[ci] += 1;
        }
    }
    rfm.recency_days = last_seen
        .iter()
        .map(|&t| {
            if t == i64::MIN {
                0
            } else {
                (max_time - t).div_euclid(DAY) as i32
            }
        })
        .collect();
    rfm.cents = money.iter().map(|m| js_round(m * 100.0)).collect();
    let recency: Vec<f64> = rfm.recency_days.iter().map(|&d| f64::from(d)).collect();
    let frequency: Vec<f64> = rfm.frequency.iter().map(|&f| f64::from(f)).collect();
    rfm.r = quintile_scores(&recency, true);
    rfm.f = quintile_scores(&frequency, false);
    rfm.m = quintile_scores(&rfm.cents, false);
    let mut monthly: Vec<(i32, f64)> = months.into_iter().collect();
    monthly.sort_by_key(|&(month, _)| month);
    Ok(RetailJob {
        summary: Summary {
            rows: table.rows,
            revenue,
            orders,
            customers: rfm.customer.len(),
            max_date: if max_time == i64::MIN {
                String::new()
            } else {
                timestamp(max_time)
            },
        },
        monthly: monthly
            .into_iter()
            .map(|(month, sum)| {
                (
                    format!("{:04}-{:02}", month.div_euclid(12), month.rem_euclid(12) + 1),
                    sum,
                )
            })
            .collect(),
        rfm,
    })
}

/// JavaScript's `Math.round`: halves go up, towards +∞.
fn js_round(x: f64) -> f64 {
    (x + 0.5).floor()
}

/// `YYYY-MM-DD HH:MM:SS` of seconds since 1970.
fn timestamp(seconds: i64) -> String {
    let (y, m, d) = ymd_from_days(seconds.div_euclid(DAY) as i32);
    let s = seconds.rem_euclid(DAY);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// Scores 1–5 from SQL's `RANK()` over the values (ties share the lowest
/// rank): `1 + ⌊5 (rank − 1) / n⌋`.
pub fn quintile_scores(values: &[f64], descending: bool) -> Vec<u8> {
    let n = values.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by(|&a, &b| {
        let (x, y) = (values[a], values[b]);
        if descending {
            y.total_cmp(&x)
        } else {
            x.total_cmp(&y)
        }
    });
    let mut scores = vec![0u8; n];
    let mut rank = 1;
    for (k, &i) in order.iter().enumerate() {
        if k > 0 && values[i] != values[order[k - 1]] {
            rank = k + 1;
        }
        scores[i] = (1 + 5 * (rank - 1) / n) as u8;
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;
    use analytics::ingest::{ingest, IngestOptions};

    fn job(csv: &str) -> RetailJob {
        let table = ingest("retail.csv", csv.as_bytes(), &IngestOptions::new(), &mut |_| {})
            .map(|i| i.table)
            .unwrap_or_else(|e| panic!("{e}"));
        run(&table).unwrap_or_else(|e| panic!("{e}"))
    }

    const HEADER: &str = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n";

    #[test]
    fn totals_months_and_rfm_of_a_small_file_by_hand() {
        // Customer 7: invoices 100 (2 × 1.50 + 1 × 4.25 = 7.25, January)
        // and 102 (3 × 2.00 = 6, February): two orders, 13.25, last on
        // 2024-02-10 08:00. Customer 9: invoice 101 (10 × 0.99 = 9.90,
        // January 20 23:59), a return C103 (not counted) after it, and
        // invoice 104 with no customer (5 × 1 = 5) on 2024-02-12 12:00.
        // The return is the latest row, 2024-02-15 09:30, so the latest date
        // comes from it.
        let csv = format!(
            "{HEADER}\
             100,A,\"Mug, blue\",2,2024-01-05 10:00:00,1.50,7,UK\n\
             100,B,Plate,1,2024-01-05 10:00:00,4.25,7,UK\n\
             101,A,\"Mug, blue\",10,2024-01-20 23:59:00,0.99,9,FR\n\
             102,C,Bowl,3,2024-02-10 08:00:00,2.00,7,UK\n\
             104,A,Mug,5,2024-02-12 12:00:00,1,,UK\n\
             C103,A,\"Mug, blue\",-10,2024-02-15 09:30:00,0.99,9,FR\n"
        );
        let out = job(&csv);
        assert_eq!(out.summary.rows, 6);
        assert!((out.summary.revenue - (7.25 + 9.9 + 6.0 + 5.0)).abs() < 1e-9);
        assert_eq!(out.summary.orders, 4);
        assert_eq!(out.summary.customers, 2);
        assert_eq!(out.summary.max_date, "2024-02-15 09:30:00");
        assert_eq!(out.monthly.len(), 2);
        assert_eq!(out.monthly[0].0, "2024-01");
        assert!((out.monthly[0].1 - 17.15).abs() < 1e-9);
        assert_eq!(out.monthly[1].0, "2024-02");
        assert!((out.monthly[1].1 - 11.0).abs() < 1e-9);
        let rfm = &out.rfm;
        assert_eq!(rfm.customer, [7.0, 9.0]);
        // 02-15 09:30 − 02-10 08:00 = 5 days 1.5 h; − 01-20 23:59 = 25 days 9.5 h.
        assert_eq!(rfm.recency_days, [5, 25]);
        assert_eq!(rfm.frequency, [2, 1]);
        assert_eq!(rfm.cents, [1325.0, 990.0]);
        // Two customers: ranks 1 and 2 give 1 + ⌊5·0/2⌋ = 1 and 1 + ⌊5·1/2⌋ = 3.
        // Recency descending: 9 (25 days) ranks first.
        assert_eq!(rfm.r, [3, 1]);
        assert_eq!(rfm.f, [3, 1]);
        assert_eq!(rfm.m, [3, 1]);
    }

    #[test]
    fn tied_values_share_the_lowest_rank() {
        // Sorted: 1 1 2 5 5 5 → ranks 1 1 3 4 4 4 of n = 6:
        // 1 + ⌊5·0/6⌋ = 1, 1 + ⌊10/6⌋ = 2, 1 + ⌊15/6⌋ = 3.
        assert_eq!(
            quintile_scores(&[5.0, 1.0, 2.0, 5.0, 1.0, 5.0], false),
            [3, 1, 2, 3, 1, 3]
        );
        // Descending: 5 5 5 2 1 1 → ranks 1 1 1 4 5 5: 1, 1 + ⌊15/6⌋ = 3,
        // 1 + ⌊20/6⌋ = 4.
        assert_eq!(
            quintile_scores(&[5.0, 1.0, 2.0, 5.0, 1.0, 5.0], true),
            [1, 4, 3, 1, 4, 1]
        );
    }

    #[test]
    fn an_invoice_shared_by_two_customers_counts_once_for_each() {
        // Invoice 200 for customers 1, 2, then 1 again: one order each.
        let csv = format!(
            "{HEADER}\
             200,A,Mug,1,2024-03-01 10:00:00,1,1,UK\n\
             200,A,Mug,1,2024-03-01 10:00:00,1,2,UK\n\
             200,A,Mug,1,2024-03-01 10:00:00,1,1,UK\n\
             201,A,Mug,1,2024-03-02 10:00:00,1,1,UK\n"
        );
        let out = job(&csv);
        assert_eq!(out.summary.orders, 2);
        assert_eq!(out.rfm.customer, [1.0, 2.0]);
        assert_eq!(out.rfm.frequency, [2, 1]);
        assert_eq!(out.rfm.cents, [300.0, 100.0]);
    }

    #[test]
    fn a_file_without_the_columns_says_which() {
        let table = ingest("x.csv", b"a,b\n1,2\n", &IngestOptions::new(), &mut |_| {})
            .map(|i| i.table)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(run(&table), Err(JobError::Missing("Invoice")));
    }
}
