//! The KPIs of KPIS.md's Sales, Retention and Historical CLV sections: their
//! names, units, formulas (shown in the page's "i" note) and the inputs each
//! one needs.

use serde::{Deserialize, Serialize};

use crate::dataset::Coverage;

/// A KPI the overview shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Kpi {
    NetRevenue,
    GrossSales,
    Orders,
    AverageOrderValue,
    SalesGrowthRate,
    ActiveCustomers,
    NewCustomers,
    ReturningCustomers,
    RepeatCustomerRate,
    PurchaseFrequency,
    ProductReturnRate,
    LoyaltyRate,
    ChurnRate,
    CustomerRetentionRate,
    HistoricalClvMean,
}

/// How a KPI's number reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// An amount of money.
    Money,
    /// A count.
    Count,
    /// A percentage (0–100).
    Percent,
    /// A plain ratio.
    Ratio,
}

impl Kpi {
    /// Every KPI, in the order of the cards.
    pub const ALL: [Kpi; 15] = [
        Kpi::NetRevenue,
        Kpi::GrossSales,
        Kpi::Orders,
        Kpi::AverageOrderValue,
        Kpi::SalesGrowthRate,
        Kpi::ActiveCustomers,
        Kpi::NewCustomers,
        Kpi::ReturningCustomers,
        Kpi::RepeatCustomerRate,
        Kpi::PurchaseFrequency,
        Kpi::ProductReturnRate,
        Kpi::LoyaltyRate,
        Kpi::ChurnRate,
        Kpi::CustomerRetentionRate,
        Kpi::HistoricalClvMean,
    ];

    /// The snake_case name (JSON keys, test hooks).
    pub fn key(self) -> &'static str {
        match self {
            Kpi::NetRevenue => "net_revenue",
            Kpi::GrossSales => "gross_sales",
            Kpi::Orders => "orders",
            Kpi::AverageOrderValue => "average_order_value",
            Kpi::SalesGrowthRate => "sales_growth_rate",
            Kpi::ActiveCustomers => "active_customers",
            Kpi::NewCustomers => "new_customers",
            Kpi::ReturningCustomers => "returning_customers",
            Kpi::RepeatCustomerRate => "repeat_customer_rate",
            Kpi::PurchaseFrequency => "purchase_frequency",
            Kpi::ProductReturnRate => "product_return_rate",
            Kpi::LoyaltyRate => "loyalty_rate",
            Kpi::ChurnRate => "churn_rate",
            Kpi::CustomerRetentionRate => "customer_retention_rate",
            Kpi::HistoricalClvMean => "historical_clv_mean",
        }
    }

    /// How the number reads.
    pub fn unit(self) -> Unit {
        match self {
            Kpi::NetRevenue | Kpi::GrossSales | Kpi::AverageOrderValue | Kpi::HistoricalClvMean => Unit::Money,
            Kpi::Orders | Kpi::ActiveCustomers | Kpi::NewCustomers | Kpi::ReturningCustomers => Unit::Count,
            Kpi::PurchaseFrequency => Unit::Ratio,
            _ => Unit::Percent,
        }
    }

    /// Whether a rise is bad news (the card colours the change accordingly).
    pub fn lower_is_better(self) -> bool {
        matches!(self, Kpi::ProductReturnRate | Kpi::ChurnRate)
    }

    /// The definition from KPIS.md, as the card's "i" note shows it.
    pub fn formula(self) -> &'static str {
        match self {
            Kpi::NetRevenue => "Gross sales minus the absolute value of returns in the period.",
            Kpi::GrossSales => "Sum of positive line amounts in the period (amount, or quantity × unit price).",
            Kpi::Orders => "Distinct order ids of non-return lines in the period (without an order id: distinct customer-days).",
            Kpi::AverageOrderValue => "Gross sales / orders.",
            Kpi::SalesGrowthRate => "(Net revenue in the period − net revenue in the comparison period) / net revenue in the comparison period × 100; n/a when the comparison period has no revenue.",
            Kpi::ActiveCustomers => "Distinct customers with at least one non-return order in the period.",
            Kpi::NewCustomers => "Customers whose first non-return order in the whole data set falls in the period.",
            Kpi::ReturningCustomers => "Active customers in the period who are not new in it.",
            Kpi::RepeatCustomerRate => "Customers with two or more orders in the period / active customers × 100.",
            Kpi::PurchaseFrequency => "Orders in the period / active customers.",
            Kpi::ProductReturnRate => "Units returned / units sold in the period × 100 (by value when there is no quantity).",
            Kpi::LoyaltyRate => "Customers active in the comparison period who are also active in the period / customers active in the comparison period × 100.",
            Kpi::ChurnRate => "100 − loyalty rate (non-contractual churn).",
            Kpi::CustomerRetentionRate => "(Customers at the end of the period − new customers in it) / customers at its start × 100; a customer counts at a day when they ordered within the 180 days before it.",
            Kpi::HistoricalClvMean => "Mean net revenue per customer over all the data up to the end of the period.",
        }
    }

    /// The table and column a KPI lacks, as "needs: table.column".
    pub fn needs(self, c: &Coverage) -> Option<&'static str> {
        if !c.orders {
            return Some("orders.order_date");
        }
        let customers = matches!(
            self,
            Kpi::ActiveCustomers
                | Kpi::NewCustomers
                | Kpi::ReturningCustomers
                | Kpi::RepeatCustomerRate
                | Kpi::PurchaseFrequency
                | Kpi::LoyaltyRate
                | Kpi::ChurnRate
                | Kpi::CustomerRetentionRate
                | Kpi::HistoricalClvMean
        );
        let money = matches!(
            self,
            Kpi::NetRevenue | Kpi::GrossSales | Kpi::AverageOrderValue | Kpi::SalesGrowthRate | Kpi::HistoricalClvMean
        );
        if customers && !c.customer {
            Some("orders.customer_id")
        } else if money && !c.amount {
            Some("orders.amount")
        } else if self == Kpi::ProductReturnRate && !c.amount && !c.quantity {
            Some("orders.quantity")
        } else {
            None
        }
    }
}
