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
