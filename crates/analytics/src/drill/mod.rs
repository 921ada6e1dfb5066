//! Drill-down: the customers behind a KPI (sortable, searchable, paged),
//! one customer's page, and one order's lines.

mod customer;
pub mod export;
mod list;

use serde::{Deserialize, Serialize};

pub use customer::{customer_detail, order_detail, CustomerDetail, OrderDetail, OrderSummary};
pub use export::{customers_csv, escape_csv_cell};
pub use list::{customer_list, CustomerPage, CustomerRow, ListRequest};

/// Which customers a list shows, relative to the query's period P.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Customers with an order in P.
    #[default]
    Active,
    /// Active customers whose first order falls in P.
    New,
    /// Active customers who are not new.
    Returning,
    /// Customers active in P′ but not in P.
    Lost,
    /// Everyone with an order up to the end of P.
    All,
}

impl Scope {
    /// The snake_case name (URL, test hooks).
    pub fn key(self) -> &'static str {
        match self {
            Scope::Active => "active",
            Scope::New => "new",
            Scope::Returning => "returning",
            Scope::Lost => "lost",
            Scope::All => "all",
        }
    }
}

/// Where a customer stands at the end of P (KPIS.md: churned past the
/// inactivity window, at risk past half of it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Ordered within half the window.
    Active,
    /// Past half the window.
    AtRisk,
    /// Past the window.
    Churned,
}

impl Status {
    /// From the days since the last order.
    pub fn from_days(days: i32, window: i32) -> Status {
        if days > window {
            Status::Churned
        } else if days > window / 2 {
            Status::AtRisk
        } else {
            Status::Active
        }
    }

    /// The snake_case name.
    pub fn key(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::AtRisk => "at_risk",
            Status::Churned => "churned",
        }
    }
}

/// How a list is sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum SortKey {
    Id,
    Name,
    FirstOrder,
    LastOrder,
    Orders,
    #[default]
    NetRevenue,
    AverageOrderValue,
    Status,
}

#[cfg(test)]
mod tests;
