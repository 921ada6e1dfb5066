//! Workbooks (XLSX, XLS, ODS), JSON and NDJSON, and files that cannot be
//! read at all: each fails with a message naming the file and the reason.

mod common;

use analytics::ingest::{FileFormat, IngestErrorKind, IngestOptions};
use analytics::roles::{detect, Field, Role};
use analytics::table::{BadValue, ColumnType};
use common::*;

#[test]
fn the_same_customer_list_from_xlsx_xls_and_ods() {
    for (file, format) in [
        ("kunden.xlsx", FileFormat::Xlsx),
        ("kunden.xls", FileFormat::Xls),
        ("kunden.ods", FileFormat::Ods),
    ] {
        let out = load(file);
        assert_eq!(out.source.format, Some(format), "{file}");
        assert_eq!(out.source.sheet.as_deref(), Some("Kunden"), "{file}");
        let t = &out.table;
        assert_eq!(t.rows, 5, "{file}");
        assert_eq!(texts(col(t, "Kundennummer"))[0], s("K-100"), "{file}");
        assert_eq!(texts(col(t, "Name"))[0], s("Müller GmbH"), "{file}");
        let signup = col(t, "Registrierungsdatum");
        assert_eq!(signup.data.column_type(), ColumnType::Date, "{file}");
        assert_eq!(
            dates(signup),
            vec![s("2023-01-15"), s("2023-06-01"), s("2024-02-29"), None, s("2024-12-31")],
            "{file}"
        );
        // "unbekannt" in a date column: bad value on spreadsheet row 5.
        assert_eq!(
            signup.issues.samples,
            vec![BadValue {
                row: 5,
                raw: "unbekannt".into()
            }],
            "{file}"
        );
        assert_eq!(
            numbers(col(t, "Umsatz")),
            vec![Some(1234.5), Some(99.99), Some(0.0), Some(15000.0), Some(250.25)],
            "{file}"
        );
        let m = detect(t);
        assert_eq!(m.role, Role::Customers, "{file}");
        assert_eq!(m.column_for(Field::CustomerId), Some("Kundennummer"), "{file}");
        assert_eq!(m.column_for(Field::SignupDate), Some("Registrierungsdatum"), "{file}");
    }
}

#[test]
fn another_sheet_and_excel_serial_dates() {
    let out = try_load("kunden.xlsx", &IngestOptions::new().sheet("Serials")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.source.sheets, vec!["Kunden".to_string(), "Serials".to_string()]);
    let c = col(&out.table, "signup date");
    assert!(c.format.excel_serial);
    // 45366 and 45292 in Excel's 1900 system.
    assert_eq!(dates(c), vec![s("2024-03-15"), s("2024-01-01")]);
    let err = try_load("kunden.xlsx", &IngestOptions::new().sheet("Nope"))
        .err()
        .map(|e| e.kind);
    assert_eq!(
        err,
        Some(IngestErrorKind::SheetNotFound {
            wanted: "Nope".into(),
            available: vec!["Kunden".into(), "Serials".into()]
        })
    );
}

#[test]
fn json_array_wrapped_object_and_ndjson() {
    for file in ["orders.json", "wrapped.json", "orders.ndjson"] {
        let out = load(file);
        let t = &out.table;
        assert_eq!(t.rows, 3, "{file}");
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["order_id", "date", "customer", "amount", "paid", "note"],
            "{file}"
        );
        assert_eq!(numbers(col(t, "amount")), vec![Some(10.5), Some(20.0), None], "{file}");
        assert_eq!(
            bools(col(t, "paid")),
            vec![Some(true), Some(false), Some(true)],
            "{file}"
        );
        assert_eq!(texts(col(t, "note")), vec![None, s("late"), None], "{file}");
        assert_eq!(dates(col(t, "date"))[0], s("2024-01-05"), "{file}");
        assert_eq!(detect(t).role, Role::Orders, "{file}");
    }
    let nd = load("orders.ndjson");
    assert_eq!(nd.source.format, Some(FileFormat::Ndjson));
    // Line 3 is not JSON: counted, the other lines kept.
    assert_eq!(nd.table.ragged.count, 1);
    assert_eq!(nd.table.ragged.samples[0].row, 3);
}

#[test]
fn unreadable_files_say_which_and_why() {
    let kind = |file: &str| try_load(file, &IngestOptions::new()).err().map(|e| e.kind);
    assert_eq!(kind("empty.csv"), Some(IngestErrorKind::Empty));
    assert_eq!(kind("junk.csv"), Some(IngestErrorKind::Binary));
    assert_eq!(
        kind("report.pdf"),
        Some(IngestErrorKind::Unsupported("PDF document".into()))
    );
    assert!(matches!(kind("truncated.xlsx"), Some(IngestErrorKind::Spreadsheet(_))));
    let message = try_load("truncated.xlsx", &IngestOptions::new())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        message.starts_with("truncated.xlsx: the workbook could not be opened"),
        "{message}"
    );
}
