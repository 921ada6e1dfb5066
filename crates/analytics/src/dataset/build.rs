//! Builds a [`Dataset`] from the loaded tables and their mappings.
//!
//! Ids and labels are coded through per-column caches (one lookup per
//! distinct value, not per row), so a million order lines cost a few hashes
//! per distinct customer, order and label rather than a `String` per cell.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use super::keys::{cell_day, cell_flag, cell_text, customer_key};
use super::{
    Coverage, Customers, Dataset, Dim, DimLevel, EngagementEvent, NumericAttr, Opportunity, OrderLines, SurveyAnswer,
};
use crate::roles::{Field, Mapping, Role};
use crate::table::{ColumnData, Table, TextColumn, NULL_CODE, NULL_DAY};

/// One loaded file as the dataset sees it.
#[derive(Clone, Copy, Debug)]
pub struct SourceTable<'a> {
    /// File name.
    pub name: &'a str,
    /// Its typed columns.
    pub table: &'a Table,
    /// Its role and fields.
    pub mapping: &'a Mapping,
}

/// Choices made at mapping time that change how lines are read.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BuildOptions {
    /// Order ids starting with this text (case-insensitive) are returns,
    /// e.g. `C` for credit notes.
    pub return_prefix: Option<String>,
}

/// Categorical order-line fields that become dimensions.
const LINE_DIMS: [Field; 7] = [
    Field::Channel,
    Field::Store,
    Field::Region,
    Field::Country,
    Field::City,
    Field::Category,
    Field::Product,
];

/// Categorical customer fields that become dimensions.
const CUSTOMER_DIMS: [Field; 8] = [
    Field::Region,
    Field::Country,
    Field::City,
    Field::Industry,
    Field::CompanySize,
    Field::AcquisitionChannel,
    Field::Gender,
    Field::Status,
];

/// Numeric customer fields kept as numbers (when their column is numeric).
const NUMERIC_CUSTOMER_FIELDS: [Field; 2] = [Field::Age, Field::CompanySize];

/// Distinct strings with dense codes. The lookup index is built only when
/// a second column joins: the first column's own dictionary is adopted as
/// is (see [`ColumnCoder::new`]), which saves hashing and allocating a
/// third of a million order ids in the common one-file case.
#[derive(Default)]
struct Interner {
    index: Option<FxHashMap<String, u32>>,
    /// Keys of `values` when they differ from the values (case-folded ids).
    fold: bool,
    values: Vec<String>,
}

impl Interner {
    fn folded() -> Self {
        Interner {
            fold: true,
            ..Interner::default()
        }
    }

    fn index(&mut self) -> &mut FxHashMap<String, u32> {
        let fold = self.fold;
        let values = &self.values;
        self.index.get_or_insert_with(|| {
            values
                .iter()
                .enumerate()
                .map(|(i, v)| (key_of(v, fold), i as u32))
                .collect()
        })
    }

    fn code(&mut self, key: String, display: &str) -> u32 {
        let next = self.values.len() as u32;
        let index = self.index();
        if let Some(&c) = index.get(&key) {
            return c;
        }
        index.insert(key, next);
        self.values.push(display.to_string());
        next
    }
}

/// Codes one column's cells through an interner, caching by the column's own
/// text codes so each distinct value is hashed once.
struct ColumnCoder<'a> {
    data: &'a ColumnData,
    cache: Vec<u32>,
    fold: bool,
}

const UNSEEN: u32 = NULL_CODE - 1;

impl<'a> ColumnCoder<'a> {
    /// A coder into `interner`; when the interner is still empty and the
    /// column is text compared as written, it takes the column's dictionary.
    fn new(data: &'a ColumnData, interner: &mut Interner) -> Self {
        let fold = interner.fold;
        let cache = match data {
            ColumnData::Text(t) if interner.values.is_empty() && !fold => {
                interner.values = t.values.iter().map(|v| v.trim().to_string()).collect();
                interner
                    .values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| if v.is_empty() { NULL_CODE } else { i as u32 })
                    .collect()
            }
            ColumnData::Text(t) => vec![UNSEEN; t.values.len()],
            _ => Vec::new(),
        };
        ColumnCoder { data, cache, fold }
    }

    fn code(&mut self, row: usize, interner: &mut Interner) -> u32 {
        if let ColumnData::Text(t) = self.data {
            let Some(&c) = t.codes.get(row) else { return NULL_CODE };
            return cached_code(t, &mut self.cache, c, self.fold, interner);
        }
        match cell_text(self.data, row) {
            Some(v) => interner.code(key_of(&v, self.fold), v.trim()),
            None => NULL_CODE,
        }
    }

    /// The codes of `rows`, in order: one tight loop per column instead of
    /// a call per cell (a third of building a million lines was those calls).
    fn code_rows(&mut self, rows: &[u32], interner: &mut Interner) -> Vec<u32> {
        if let ColumnData::Text(t) = self.data {
            let (cache, fold) = (&mut self.cache, self.fold);
            return rows
                .iter()
                .map(|&r| match t.codes.get(r as usize) {
                    Some(&c) => cached_code(t, cache, c, fold, interner),
                    None => NULL_CODE,
                })
                .collect();
        }
        rows.iter().map(|&r| self.code(r as usize, interner)).collect()
    }
}

/// The interner's code for the column's own text code `c`, looked up once
/// per distinct value.
#[inline]
fn cached_code(t: &TextColumn, cache: &mut [u32], c: u32, fold: bool, interner: &mut Interner) -> u32 {
    let Some(slot) = cache.get_mut(c as usize) else {
        return NULL_CODE;
    };
    if *slot == UNSEEN {
        *slot = match t.values.get(c as usize) {
            Some(v) if !v.trim().is_empty() => interner.code(key_of(v, fold), v.trim()),
            _ => NULL_CODE,
        };
    }
    *slot
}

fn key_of(v: &str, fold: bool) -> String {
    if fold {
        customer_key(v)
    } else {
        v.trim().to_string()
    }
}

fn column<'a>(src: &SourceTable<'a>, field: Field) -> Option<&'a ColumnData> {
    let name = src.mapping.column_for(field)?;
    src.table.column(name).map(|c| &c.data)
}

struct DimBuilder {
    key: String,
    label: String,
    level: DimLevel,
    codes: Vec<u32>,
    values: Interner,
}

/// Coders for the dimension columns a file has at `level`, creating the
/// dimensions the first time a file brings them.
fn dim_coders<'a>(dims: &mut Vec<DimBuilder>, src: &SourceTable<'a>, level: DimLevel) -> Vec<(usize, ColumnCoder<'a>)> {
    let (fields, table): (&[Field], &str) = match level {
        DimLevel::Line => (&LINE_DIMS, "orders"),
        DimLevel::Customer => (&CUSTOMER_DIMS, "customers"),
    };
    let mut coders = Vec::new();
    for &field in fields {
        let Some(data) = column(src, field) else { continue };
        let key = format!("{table}.{}", field.key());
        let at = dims.iter().position(|d| d.key == key).unwrap_or_else(|| {
            dims.push(DimBuilder {
                key,
                label: src.mapping.column_for(field).unwrap_or_default().to_string(),
                level,
                codes: Vec::new(),
                values: Interner::default(),
            });
            dims.len() - 1
        });
        coders.push((at, ColumnCoder::new(data, &mut dims[at].values)));
    }
    coders
}

impl Dataset {
    /// Builds the dataset from every loaded table with a role it uses.
    pub fn build(sources: &[SourceTable<'_>], options: &BuildOptions) -> Dataset {
        let mut customers = Interner::folded();
        let mut names: Vec<Option<String>> = Vec::new();
        let mut profile_row: Vec<Option<(u16, u32)>> = Vec::new();
        let mut dims: Vec<DimBuilder> = Vec::new();
        let mut numeric: Vec<NumericAttr> = Vec::new();
        let mut coverage = Coverage::default();
        let mut currency = None;

        for (s, src) in sources.iter().enumerate() {
            if src.mapping.role != Role::Customers {
                continue;
            }
            let Some(ids) = column(src, Field::CustomerId) else {
                continue;
            };
            coverage.customers_table = true;
            let mut id_coder = ColumnCoder::new(ids, &mut customers);
            let name_col = column(src, Field::CustomerName);
            let mut coders = dim_coders(&mut dims, src, DimLevel::Customer);
            let numeric_cols: Vec<(usize, &ColumnData)> = NUMERIC_CUSTOMER_FIELDS
                .iter()
                .filter_map(|&f| {
                    let data = column(src, f)?;
                    matches!(data, ColumnData::Integer(_) | ColumnData::Decimal(_)).then_some(())?;
                    let key = format!("customers.{}", f.key());
                    let at = numeric
                        .iter()
                        .position(|n: &NumericAttr| n.key == key)
                        .unwrap_or_else(|| {
                            numeric.push(NumericAttr {
                                key,
                                label: src.mapping.column_for(f).unwrap_or_default().to_string(),
                                values: Vec::new(),
                            });
                            numeric.len() - 1
                        });
                    Some((at, data))
                })
                .collect();
            for row in 0..src.table.rows {
                let c = id_coder.code(row, &mut customers);
                if c == NULL_CODE {
                    continue;
                }
                let ci = c as usize;
                if names.len() <= ci {
                    names.resize(ci + 1, None);
                    profile_row.resize(ci + 1, None);
                }
                profile_row[ci].get_or_insert((s as u16, row as u32 + 2));
                if names[ci].is_none() {
                    names[ci] = name_col.and_then(|n| cell_text(n, row));
                }
                for &(at, data) in &numeric_cols {
                    let attr = &mut numeric[at];
                    if attr.values.len() <= ci {
                        attr.values.resize(ci + 1, f64::NAN);
                    }
                    if attr.values[ci].is_nan() {
                        attr.values[ci] = data.number(row).unwrap_or(f64::NAN);
                    }
                }
                for (at, coder) in coders.iter_mut() {
                    let dim = &mut dims[*at];
                    let v = coder.code(row, &mut dim.values);
                    if dim.codes.len() <= ci {
                        dim.codes.resize(ci + 1, NULL_CODE);
                    }
                    if dim.codes[ci] == NULL_CODE {
                        dim.codes[ci] = v;
                    }
                }
            }
        }

        let mut lines = OrderLines::default();
        let mut orders = Interner::default();
        let mut undated = 0usize;
        let prefix = options.return_prefix.as_ref().map(|p| p.trim().to_lowercase());
        for (s, src) in sources.iter().enumerate() {
            if src.mapping.role != Role::Orders {
                continue;
            }
            coverage.orders = true;
            let Some(dates) = column(src, Field::OrderDate) else {
                undated += src.table.rows;
                continue;
            };
            let amount = column(src, Field::Amount);
            let qty = column(src, Field::Quantity);
            let price = column(src, Field::UnitPrice);
            let flag = column(src, Field::ReturnFlag);
            let cust = column(src, Field::CustomerId);
            let order_col = column(src, Field::OrderId);
            let name_col = column(src, Field::CustomerName);
            let profit_col = column(src, Field::Profit);
            let cost_col = column(src, Field::Cost);
            coverage.margin |= profit_col.is_some() || (cost_col.is_some() && amount.is_some());
            coverage.amount |= amount.is_some() || (qty.is_some() && price.is_some());
            coverage.quantity |= qty.is_some();
            coverage.customer |= cust.is_some();
            coverage.order_id |= order_col.is_some();
            if currency.is_none() {
                currency = [Field::Amount, Field::UnitPrice]
                    .into_iter()
                    .filter_map(|f| src.mapping.column_for(f).and_then(|n| src.table.column(n)))
                    .find_map(|c| c.format.currency.map(|cur| cur.code().to_string()));
            }
            // The dated rows, then each coded column over them in row order
            // (so codes come out as a row-by-row pass would give them).
            let mut dated: Vec<u32> = Vec::with_capacity(src.table.rows);
            let mut days: Vec<i32> = Vec::with_capacity(src.table.rows);
            for row in 0..src.table.rows {
                match cell_day(dates, row) {
                    Some(day) => {
                        dated.push(row as u32);
                        days.push(day);
                    }
                    None => undated += 1,
                }
            }
            let cust_codes = match cust {
                Some(c) => ColumnCoder::new(c, &mut customers).code_rows(&dated, &mut customers),
                None => vec![NULL_CODE; dated.len()],
            };
            let order_codes = match order_col {
                Some(c) => ColumnCoder::new(c, &mut orders).code_rows(&dated, &mut orders),
                None => vec![NULL_CODE; dated.len()],
            };
            let mut return_orders: Vec<u8> = Vec::new();
            // Lines of earlier files that lacked a column stay empty.
            for (at, mut coder) in dim_coders(&mut dims, src, DimLevel::Line) {
                let dim = &mut dims[at];
                dim.codes.resize(lines.len(), NULL_CODE);
                let codes = coder.code_rows(&dated, &mut dim.values);
                dim.codes.extend(codes);
            }
            // Names and profiles are sized to all customers after the loop;
            // a line file without a name column need not touch them (a
            // random access per line into a customer-sized vector).
            if let Some(n) = name_col {
                for (&row, &c) in dated.iter().zip(&cust_codes) {
                    if c == NULL_CODE {
                        continue;
                    }
                    let ci = c as usize;
                    if names.len() <= ci {
                        names.resize(ci + 1, None);
                    }
                    if names[ci].is_none() {
                        names[ci] = cell_text(n, row as usize);
                    }
                }
            }
            // Column by column rather than line by line: each loop reads one
            // typed vector, and the lines are built with no per-cell match
            // on the column's type.
            let q = qty.map_or_else(|| vec![f64::NAN; dated.len()], |c| numbers(c, &dated));
            // A missing amount (or price or quantity) counts as 0.
            let mut a = match (amount, price) {
                (Some(col), _) => numbers(col, &dated),
                (None, Some(p)) => numbers(p, &dated).iter().zip(&q).map(|(p, q)| p * q).collect(),
                (None, None) => vec![0.0; dated.len()],
            };
            for x in &mut a {
                if x.is_nan() {
                    *x = 0.0;
                }
            }
            let mut is_return: Vec<bool> = q.iter().zip(&a).map(|(&q, &a)| q < 0.0 || a < 0.0).collect();
            if let Some(f) = flag {
                for (r, &row) in is_return.iter_mut().zip(&dated) {
                    *r = *r || cell_flag(f, row as usize);
                }
            }
            if let Some(p) = &prefix {
                for (r, &order) in is_return.iter_mut().zip(&order_codes) {
                    if order == NULL_CODE {
                        continue;
                    }
                    let oi = order as usize;
                    if return_orders.len() <= oi {
                        return_orders.resize(oi + 1, 2);
                    }
                    if return_orders[oi] == 2 {
                        let id = orders.values[oi].to_lowercase();
                        return_orders[oi] = u8::from(!p.is_empty() && id.starts_with(p.as_str()));
                    }
                    *r = *r || return_orders[oi] == 1;
                }
            }
            let margin: Vec<f64> = match (profit_col, cost_col) {
                (Some(p), _) => numbers(p, &dated),
                (None, Some(c)) => numbers(c, &dated).iter().zip(&a).map(|(c, a)| a - c).collect(),
                (None, None) => vec![f64::NAN; dated.len()],
            };
            lines.source.resize(lines.source.len() + dated.len(), s as u16);
            lines.row.extend(dated.iter().map(|&row| row + 2));
            append(&mut lines.day, days);
            append(&mut lines.customer, cust_codes);
            append(&mut lines.amount, a);
            append(&mut lines.quantity, q);
            append(&mut lines.is_return, is_return);
            append(&mut lines.margin, margin);
            append(&mut lines.order, order_codes);
        }
        // Lines without an order id: one order per customer and day (KPIS.md),
        // numbered after the real ids.
        let mut order_ids = orders.values;
        let mut day_orders: HashMap<(u32, i32), u32> = HashMap::new();
        for i in 0..lines.len() {
            if lines.order[i] != NULL_CODE {
                continue;
            }
            let key = (lines.customer[i], lines.day[i]);
            lines.order[i] = *day_orders.entry(key).or_insert_with(|| {
                let who = customers.values.get(key.0 as usize).map_or("?", String::as_str);
                order_ids.push(format!("{who} · {}", crate::ingest::sheet::iso_date(key.1)));
                order_ids.len() as u32 - 1
            });
        }

        let mut surveys = Vec::new();
        for src in sources.iter().filter(|s| s.mapping.role == Role::Surveys) {
            let Some(ids) = column(src, Field::CustomerId) else {
                continue;
            };
            let (nps, csat) = (column(src, Field::Nps), column(src, Field::Csat));
            if nps.is_none() && csat.is_none() {
                continue;
            }
            coverage.surveys = true;
            let mut id_coder = ColumnCoder::new(ids, &mut customers);
            for row in 0..src.table.rows {
                let c = id_coder.code(row, &mut customers);
                if c == NULL_CODE {
                    continue;
                }
                let score = |col: Option<&ColumnData>| col.and_then(|d| d.number(row)).unwrap_or(f64::NAN);
                surveys.push(SurveyAnswer {
                    customer: c,
                    nps: score(nps),
                    csat: score(csat),
                });
            }
        }

        let mut engagement = Vec::new();
        for src in sources.iter().filter(|s| s.mapping.role == Role::Engagement) {
            let (Some(ids), opened, clicked) = (
                column(src, Field::CustomerId),
                column(src, Field::Opened),
                column(src, Field::Clicked),
            ) else {
                continue;
            };
            if opened.is_none() && clicked.is_none() {
                continue;
            }
            coverage.engagement = true;
            let mut id_coder = ColumnCoder::new(ids, &mut customers);
            for row in 0..src.table.rows {
                let c = id_coder.code(row, &mut customers);
                if c != NULL_CODE {
                    engagement.push(EngagementEvent {
                        customer: c,
                        opened: opened.is_some_and(|d| cell_flag(d, row)),
                        clicked: clicked.is_some_and(|d| cell_flag(d, row)),
                    });
                }
            }
        }
        let mut opportunities = Vec::new();
        for src in sources.iter().filter(|s| s.mapping.role == Role::Opportunities) {
            let (Some(ids), Some(amount)) = (column(src, Field::CustomerId), column(src, Field::Amount)) else {
                continue;
            };
            coverage.opportunities = true;
            let stage = column(src, Field::Stage);
            let mut id_coder = ColumnCoder::new(ids, &mut customers);
            for row in 0..src.table.rows {
                let c = id_coder.code(row, &mut customers);
                let Some(value) = amount.number(row) else { continue };
                if c != NULL_CODE {
                    opportunities.push(Opportunity {
                        customer: c,
                        amount: value,
                        open: !stage
                            .and_then(|s| cell_text(s, row))
                            .is_some_and(|s| is_closed_stage(&s)),
                    });
                }
            }
        }

        // Lines are kept in day order (file order within a day), so a query
        // over a period reads one contiguous run and a sweep through time
        // reads memory in order instead of jumping through an index.
        // Exports usually come in day order already: nothing to move then.
        if !lines.day.is_sorted() {
            let order = day_order(&lines.day);
            lines = lines.permuted(&order);
            for d in dims.iter_mut().filter(|d| d.level == DimLevel::Line) {
                d.codes.resize(lines.len(), NULL_CODE);
                d.codes = order.iter().map(|&i| d.codes[i as usize]).collect();
            }
        }
        let n_customers = customers.values.len();
        for attr in &mut numeric {
            attr.values.resize(n_customers, f64::NAN);
        }
        names.resize(n_customers, None);
        profile_row.resize(n_customers, None);
        let mut first_day = vec![NULL_DAY; n_customers];
        for i in 0..lines.len() {
            let c = lines.customer[i];
            if c != NULL_CODE && !lines.is_return[i] {
                let f = &mut first_day[c as usize];
                if *f == NULL_DAY || lines.day[i] < *f {
                    *f = lines.day[i];
                }
            }
        }
        let dims = dims
            .into_iter()
            .map(|mut d| {
                let len = match d.level {
                    DimLevel::Line => lines.len(),
                    DimLevel::Customer => n_customers,
                };
                d.codes.resize(len, NULL_CODE);
                Dim::new(d.key, d.label, d.level, d.codes, d.values.values)
            })
            .collect();
        Dataset {
            lines,
            customers: Customers {
                ids: customers.values,
                names,
                first_day,
                profile_row,
                numeric,
            },
            dims,
            order_ids,
            currency,
            coverage,
            undated_lines: undated,
            sources: sources.iter().map(|s| s.name.to_string()).collect(),
            surveys,
            engagement,
            opportunities,
        }
    }
}

/// Whether an opportunity stage is final (won or lost), in the languages
/// the headers are recognised in.
pub(super) fn is_closed_stage(stage: &str) -> bool {
    const CLOSED: [&str; 14] = [
        "closed",
        "won",
        "lost",
        "gewonnen",
        "verloren",
        "abgeschlossen",
        "wygran",
        "przegran",
        "zamkni",
        "câștigat",
        "castigat",
        "pierdut",
        "ganad",
        "perdid",
    ];
    let s = stage.to_lowercase();
    CLOSED.iter().any(|w| s.contains(w)) || s == "gagné" || s == "perdu"
}

/// Adds `more` at the end of `to`; the first file's vectors are taken as
/// they are rather than copied.
fn append<T: Copy>(to: &mut Vec<T>, more: Vec<T>) {
    if to.is_empty() {
        *to = more;
    } else {
        to.extend_from_slice(&more);
    }
}

/// The numbers of `rows` of a column, NaN where a cell is empty, bad or not
/// a number.
fn numbers(col: &ColumnData, rows: &[u32]) -> Vec<f64> {
    match col {
        ColumnData::Decimal(v) => rows
            .iter()
            .map(|&r| v.get(r as usize).copied().unwrap_or(f64::NAN))
            .collect(),
        ColumnData::Integer(v) => rows
            .iter()
            .map(|&r| match v.get(r as usize) {
                Some(&x) if x != crate::table::NULL_I64 => x as f64,
                _ => f64::NAN,
            })
            .collect(),
        other => rows
            .iter()
            .map(|&r| other.number(r as usize).unwrap_or(f64::NAN))
            .collect(),
    }
}

/// A stable counting sort of line indices by day: O(lines + days).
fn day_order(days: &[i32]) -> Vec<u32> {
    let (Some(&lo), Some(&hi)) = (days.iter().min(), days.iter().max()) else {
        return Vec::new();
    };
    let mut starts = vec![0u32; (hi - lo) as usize + 2];
    for &d in days {
        starts[(d - lo) as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut order = vec![0u32; days.len()];
    for (i, &d) in days.iter().enumerate() {
        let slot = &mut starts[(d - lo) as usize];
        order[*slot as usize] = i as u32;
        *slot += 1;
    }
    order
}
