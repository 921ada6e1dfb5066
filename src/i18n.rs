//! The one message catalogue: every piece of UI text goes through [`t`], so
//! adding a language means adding one match arm per message, not hunting
//! through views. English only for now.

/// Every message the UI shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    AppName,
    Tagline,
    PrivacyNote,
    WelcomeTitle,
    WelcomeBody,
    DropHere,
    DropHint,
    ChooseFiles,
    LoadDemo,
    LoadingDemo,
    AddMoreFiles,
    FilesHeading,
    Rows,
    Columns,
    BadValues,
    BadValue,
    NoIssues,
    RemoveFile,
    Reading,
    Parsing,
    Failed,
    EditMapping,
    MappingTitle,
    MappingHelp,
    RoleLabel,
    ColumnHeader,
    TypeHeader,
    FieldHeader,
    ConfidenceHeader,
    IssuesHeader,
    NotUsed,
    Close,
    Row,
    RaggedRows,
    Encoding,
    Delimiter,
    Sheet,
    CrashBody,
    EngineDown,
    DemoFailed,
    IssueDetails,
    DamagedFile,
    Tab,
    ExportPng,
    NoDataInView,
    Needs,
    NotAvailable,
    Was,
    ShowCustomers,
    Period,
    Month,
    Quarter,
    Year,
    CustomRange,
    AllData,
    From,
    To,
    CompareWith,
    PreviousPeriod,
    SamePeriodLastYear,
    ComparedWith,
    NoComparison,
    Filters,
    NoFilters,
    RemoveFilter,
    AddFilter,
    ChooseValue,
    Computing,
    Updating,
    NoOrdersTitle,
    NoOrdersBody,
    UndatedLines,
    ChartRevenue,
    ChartNewReturning,
    ChartAovFrequency,
    ChartChannel,
    ChartRegion,
    ChartCategory,
    ChartCohorts,
    ChartClv,
    HintMonth,
    HintFilter,
    Back,
    ExportCsv,
    Of,
    FiguresFor,
    SearchCustomers,
    CustomerId,
    Name,
    FirstOrder,
    LastOrder,
    OrdersCol,
    NetRevenueCol,
    AovCol,
    Status,
    NoCustomers,
    Pages,
    Previous,
    Next,
    UnknownCustomer,
    UnknownOrder,
    OrdersHeading,
    OrderId,
    Date,
    Lines,
    ReturnTag,
    ChartCustomerMonths,
}

/// The English text of a message.
pub fn t(msg: Msg) -> &'static str {
    use Msg::*;
    match msg {
        AppName => "Customer Dashboard",
        Tagline => "Customer KPIs and segments from your own exports",
        PrivacyNote => "Your files are read in this browser tab and never uploaded.",
        WelcomeTitle => "Start with your data",
        WelcomeBody => "Drop order lines, customer lists, surveys, tickets, marketing spend or invoices: CSV in any delimiter or encoding, Excel (XLSX, XLS), OpenDocument (ODS) or JSON. Each file is recognised and its columns mapped; you can correct both.",
        DropHere => "Drop files here",
        DropHint => "or choose them from your computer. Several at once is fine.",
        ChooseFiles => "Choose files",
        LoadDemo => "Load demo data",
        LoadingDemo => "Loading demo data…",
        AddMoreFiles => "Add files",
        FilesHeading => "Loaded files",
        Rows => "rows",
        Columns => "columns",
        BadValues => "bad values",
        BadValue => "bad value",
        NoIssues => "No issues",
        RemoveFile => "Remove",
        Reading => "Reading",
        Parsing => "Parsing",
        Failed => "Could not read this file",
        EditMapping => "Review columns",
        MappingTitle => "Columns and roles",
        MappingHelp => "Check what each column means. Your changes apply at once and are remembered for files with the same header.",
        RoleLabel => "This file contains",
        ColumnHeader => "Column",
        TypeHeader => "Read as",
        FieldHeader => "Means",
        ConfidenceHeader => "Confidence",
        IssuesHeader => "Bad values",
        NotUsed => "— not used —",
        Close => "Close",
        Row => "row",
        RaggedRows => "rows with a wrong number of fields (kept)",
        Encoding => "Encoding",
        Delimiter => "Separator",
        Sheet => "Sheet",
        CrashBody => "The dashboard hit an internal error. Reload the page to start again; your files were not sent anywhere. Details:",
        EngineDown => "The data engine stopped unexpectedly. Reload the page and load the files again.",
        DemoFailed => "The demo data could not be loaded. Check that the demo files were deployed next to index.html.",
        IssueDetails => "Show bad values",
        Tab => "tab",
        ExportPng => "PNG",
        NoDataInView => "No data for this view. Choose another period or remove a filter.",
        Needs => "needs:",
        NotAvailable => "n/a",
        Was => "was",
        ShowCustomers => "Show the customers behind this number",
        Period => "Period",
        Month => "Month",
        Quarter => "Quarter",
        Year => "Year",
        CustomRange => "Custom range",
        AllData => "All data",
        From => "From",
        To => "To",
        CompareWith => "Compare with",
        PreviousPeriod => "Previous period",
        SamePeriodLastYear => "Same period last year",
        ComparedWith => "compared with",
        NoComparison => "no comparison",
        Filters => "Filters",
        NoFilters => "None: click a bar to filter by it.",
        RemoveFilter => "Remove filter",
        AddFilter => "+ Add filter",
        ChooseValue => "Choose a value",
        Computing => "Computing…",
        Updating => "Updating…",
        NoOrdersTitle => "Load an orders file to see the dashboard",
        NoOrdersBody => "The KPIs and charts need order lines (customer, date, amount or quantity × price). Add a file, or mark one as “Orders” in Review columns.",
        UndatedLines => "order lines have no readable date and are left out of every figure.",
        ChartRevenue => "Net revenue by month, against the year before",
        ChartNewReturning => "New and returning customers",
        ChartAovFrequency => "Average order value and purchase frequency",
        ChartChannel => "Net revenue by channel",
        ChartRegion => "Net revenue by region",
        ChartCategory => "Net revenue by category",
        ChartCohorts => "Cohort retention (% of each first-order month ordering again)",
        ChartClv => "Historical CLV: customers per band",
        HintMonth => "Click a month to open it.",
        HintFilter => "Click a bar to filter the dashboard.",
        Back => "Back",
        ExportCsv => "Export CSV",
        Of => "of",
        FiguresFor => "Orders and revenue for",
        SearchCustomers => "Search id or name",
        CustomerId => "Customer",
        Name => "Name",
        FirstOrder => "First order",
        LastOrder => "Last order",
        OrdersCol => "Orders",
        NetRevenueCol => "Net revenue",
        AovCol => "AOV",
        Status => "Status",
        NoCustomers => "No customers match.",
        Pages => "Pages",
        Previous => "Previous",
        Next => "Next",
        UnknownCustomer => "No such customer",
        UnknownOrder => "No such order",
        OrdersHeading => "Orders",
        OrderId => "Order",
        Date => "Date",
        Lines => "Lines",
        ReturnTag => "return",
        ChartCustomerMonths => "Net revenue by month",
        DamagedFile => "the file looks damaged: the reader stopped on it. Save it again from Excel or LibreOffice, or export it as CSV.",
    }
}

/// Human name of a role key.
pub fn role_name(key: &str) -> &'static str {
    match key {
        "orders" => "Orders / order lines",
        "customers" => "Customers",
        "surveys" => "Survey responses",
        "tickets" => "Support tickets",
        "spend" => "Marketing spend",
        "invoices" => "Invoices",
        "sessions" => "Web sessions",
        "mentions" => "Reviews and mentions",
        "engagement" => "Email engagement",
        "opportunities" => "Sales opportunities",
        _ => "Not recognised",
    }
}

/// Human name of a column type key.
pub fn type_name(key: &str) -> &'static str {
    match key {
        "integer" => "Whole number",
        "decimal" => "Number",
        "date" => "Date",
        "datetime" => "Date and time",
        "boolean" => "Yes / no",
        _ => "Text",
    }
}

/// Human name of a field key: `customer_id` → `Customer id`.
pub fn field_name(key: &str) -> String {
    let mut words = key.replace('_', " ");
    if let Some(first) = words.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    words
}

/// "1 bad value", "3 bad values".
pub fn bad_values(n: usize) -> &'static str {
    if n == 1 {
        t(Msg::BadValue)
    } else {
        t(Msg::BadValues)
    }
}

/// The card title of a KPI.
pub fn kpi_name(kpi: analytics::kpi::Kpi) -> &'static str {
    use analytics::kpi::Kpi::*;
    match kpi {
        NetRevenue => "Net revenue",
        GrossSales => "Gross sales",
        Orders => "Orders",
        AverageOrderValue => "Average order value",
        SalesGrowthRate => "Sales growth",
        ActiveCustomers => "Active customers",
        NewCustomers => "New customers",
        ReturningCustomers => "Returning customers",
        RepeatCustomerRate => "Repeat customer rate",
        PurchaseFrequency => "Purchase frequency",
        ProductReturnRate => "Product return rate",
        LoyaltyRate => "Loyalty rate",
        ChurnRate => "Churn rate",
        CustomerRetentionRate => "Customer retention rate",
        HistoricalClvMean => "Historical CLV (mean)",
    }
}

/// The legend name of a chart series.
pub fn series_name(key: &str) -> String {
    match key {
        "net_revenue" => "Net revenue".into(),
        "previous_year" => "Year before".into(),
        "new_customers" => "New".into(),
        "returning_customers" => "Returning".into(),
        "average_order_value" => "AOV".into(),
        "purchase_frequency" => "Orders per customer".into(),
        "customers" => "Customers".into(),
        other => field_name(other),
    }
}

/// A filter dimension's name: the column header, with the table it is from.
pub fn dim_name(key: &str, label: &str) -> String {
    let table = if key.starts_with("customers.") {
        "customers"
    } else {
        "orders"
    };
    format!("{label} ({table})")
}

/// The title of a customer list.
pub fn scope_name(scope: analytics::drill::Scope) -> &'static str {
    use analytics::drill::Scope::*;
    match scope {
        Active => "Active customers in the period",
        New => "New customers in the period",
        Returning => "Returning customers in the period",
        Lost => "Customers active in the comparison period who did not order in this one",
        All => "All customers up to the end of the period",
    }
}

/// A customer status.
pub fn status_name(status: analytics::drill::Status) -> &'static str {
    use analytics::drill::Status::*;
    match status {
        Active => "Active",
        AtRisk => "At risk",
        Churned => "Churned",
    }
}
