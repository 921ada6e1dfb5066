//! The vocabulary of the data model: the [`Role`] a file plays, the
//! [`Field`] a column holds, and a file's [`Mapping`] between the two.

use serde::{Deserialize, Serialize};

use crate::table::ColumnType;

use super::synonyms::SYNONYMS;

/// The tables of the data model (see DESIGN.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Role {
    Orders,
    Customers,
    Surveys,
    Tickets,
    Spend,
    Invoices,
    Sessions,
    Mentions,
    Engagement,
    Opportunities,
    /// Nothing matched well enough; the user picks.
    Unknown,
}

impl Role {
    /// Every role a user can pick, in menu order.
    pub const ALL: [Role; 11] = [
        Role::Orders,
        Role::Customers,
        Role::Surveys,
        Role::Tickets,
        Role::Spend,
        Role::Invoices,
        Role::Sessions,
        Role::Mentions,
        Role::Engagement,
        Role::Opportunities,
        Role::Unknown,
    ];

    /// The snake_case name used in JSON and in the page's test hooks.
    pub fn key(self) -> &'static str {
        match self {
            Role::Orders => "orders",
            Role::Customers => "customers",
            Role::Surveys => "surveys",
            Role::Tickets => "tickets",
            Role::Spend => "spend",
            Role::Invoices => "invoices",
            Role::Sessions => "sessions",
            Role::Mentions => "mentions",
            Role::Engagement => "engagement",
            Role::Opportunities => "opportunities",
            Role::Unknown => "unknown",
        }
    }

    /// Parses [`Role::key`].
    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The fields that identify this role, with how much each one says.
    pub fn signature(self) -> &'static [(Field, f32)] {
        use Field::*;
        match self {
            Role::Orders => &[
                (OrderId, 2.0),
                (OrderDate, 2.0),
                (Amount, 2.0),
                (Quantity, 1.5),
                (UnitPrice, 1.5),
                (Product, 1.0),
                (Sku, 1.0),
                (Category, 1.0),
                (CustomerId, 1.0),
                (Cost, 0.5),
                (Profit, 0.5),
                (ReturnFlag, 0.5),
                (Channel, 0.5),
                (Store, 0.5),
                (Region, 0.3),
                (Country, 0.3),
                (City, 0.2),
                (CustomerName, 0.2),
            ],
            Role::Customers => &[
                (CustomerId, 2.0),
                (CustomerName, 1.5),
                (SignupDate, 2.0),
                (Email, 1.5),
                (Industry, 1.5),
                (CompanySize, 1.5),
                (Age, 1.5),
                (Gender, 1.0),
                (AcquisitionChannel, 1.5),
                (ChurnDate, 1.5),
                (Status, 0.5),
                (Region, 0.5),
                (Country, 0.5),
                (City, 0.5),
            ],
            Role::Surveys => &[
                (Nps, 3.0),
                (Csat, 3.0),
                (Ces, 3.0),
                (Comment, 1.0),
                (ResponseId, 1.0),
                (CustomerId, 0.5),
                (Date, 0.5),
                (Store, 0.3),
            ],
            Role::Tickets => &[
                (TicketId, 3.0),
                (CreatedAt, 2.0),
                (FirstResponseAt, 3.0),
                (ResolvedAt, 3.0),
                (FirstContactResolved, 3.0),
                (Category, 0.5),
                (Channel, 0.3),
                (CustomerId, 0.5),
            ],
            Role::Spend => &[(Spend, 3.0), (Month, 1.5), (Date, 1.0), (Channel, 1.0)],
            Role::Invoices => &[
                (InvoiceId, 3.0),
                (IssueDate, 2.5),
                (DueDate, 3.0),
                (PaidDate, 3.0),
                (Amount, 1.0),
                (CustomerId, 0.5),
            ],
            Role::Sessions => &[(Sessions, 3.0), (Conversions, 2.5), (Date, 1.0), (Channel, 0.5)],
            Role::Mentions => &[(Rating, 2.5), (Text, 2.0), (Source, 1.5), (Store, 0.5), (Date, 0.5)],
            Role::Engagement => &[
                (Campaign, 2.5),
                (Sent, 2.0),
                (Opened, 2.5),
                (Clicked, 2.5),
                (CustomerId, 0.5),
            ],
            Role::Opportunities => &[
                (Stage, 3.0),
                (Probability, 3.0),
                (CloseDate, 2.5),
                (Amount, 0.5),
                (CustomerId, 0.5),
            ],
            Role::Unknown => &[],
        }
    }
}

/// What a column means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Field {
    CustomerId,
    CustomerName,
    OrderId,
    OrderDate,
    Amount,
    Quantity,
    UnitPrice,
    Cost,
    Profit,
    Product,
    Sku,
    Category,
    Channel,
    Store,
    Region,
    Country,
    City,
    ReturnFlag,
    Email,
    SignupDate,
    ChurnDate,
    Status,
    Industry,
    CompanySize,
    Age,
    Gender,
    AcquisitionChannel,
    Nps,
    Csat,
    Ces,
    Comment,
    ResponseId,
    TicketId,
    CreatedAt,
    FirstResponseAt,
    ResolvedAt,
    FirstContactResolved,
    Spend,
    Month,
    Date,
    InvoiceId,
    IssueDate,
    DueDate,
    PaidDate,
    Sessions,
    Conversions,
    Source,
    Rating,
    Text,
    Campaign,
    Sent,
    Opened,
    Clicked,
    Stage,
    Probability,
    CloseDate,
}

/// What kind of values a field expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expect {
    Id,
    Temporal,
    Numeric,
    Label,
    Flag,
}

impl Field {
    /// The snake_case name used in JSON.
    pub fn key(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// Parses [`Field::key`].
    pub fn from_key(key: &str) -> Option<Field> {
        serde_json::from_value(serde_json::Value::String(key.to_string())).ok()
    }

    /// Every field, in declaration order (for the mapping screen's menu).
    pub fn all() -> Vec<Field> {
        SYNONYMS.iter().map(|(f, _)| *f).collect()
    }

    pub(crate) fn expect(self) -> Expect {
        use Field::*;
        match self {
            CustomerId | OrderId | Sku | ResponseId | TicketId | InvoiceId | Email => Expect::Id,
            OrderDate | SignupDate | ChurnDate | CreatedAt | FirstResponseAt | ResolvedAt | Month | Date
            | IssueDate | DueDate | PaidDate | Sent | CloseDate => Expect::Temporal,
            Amount | Quantity | UnitPrice | Cost | Profit | Age | Nps | Csat | Ces | Spend | Sessions | Conversions
            | Rating | Probability => Expect::Numeric,
            ReturnFlag | FirstContactResolved | Opened | Clicked => Expect::Flag,
            _ => Expect::Label,
        }
    }

    pub(crate) fn fits(self, ty: ColumnType) -> bool {
        match self.expect() {
            Expect::Id => matches!(ty, ColumnType::Text | ColumnType::Integer),
            Expect::Temporal => matches!(ty, ColumnType::Date | ColumnType::Datetime),
            Expect::Numeric => matches!(ty, ColumnType::Integer | ColumnType::Decimal),
            Expect::Label => matches!(ty, ColumnType::Text | ColumnType::Integer),
            Expect::Flag => matches!(ty, ColumnType::Boolean | ColumnType::Text | ColumnType::Integer),
        }
    }
}

/// One column's meaning, with how sure we are (0–1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// Column name.
    pub column: String,
    /// The field it maps to, or `None` when it is not used.
    pub field: Option<Field>,
    /// Confidence of the guess (1 when the user chose it).
    pub confidence: f32,
}

/// A file's role and the meaning of each of its columns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mapping {
    /// The file's role.
    pub role: Role,
    /// Confidence in the role (0–1).
    pub role_confidence: f32,
    /// One entry per column, in file order.
    pub columns: Vec<ColumnMapping>,
}

impl Mapping {
    /// The column mapped to `field`, if any.
    pub fn column_for(&self, field: Field) -> Option<&str> {
        self.columns
            .iter()
            .find(|c| c.field == Some(field))
            .map(|c| c.column.as_str())
    }
}
