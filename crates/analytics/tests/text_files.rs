//! Delimited text: encodings, delimiters, quoting, headers, and the Polish
//! order file from the issue, each on a fixture in tests/data with values
//! worked out by hand from tests/data/make_fixtures.py.

mod common;

use analytics::ingest::value::{Currency, DateOrder, DecimalMark};
use analytics::roles::{detect, Field, Role};
use analytics::table::{BadValue, ColumnType};
use common::*;

#[test]
fn polish_orders_in_windows_1250_with_decimal_commas_and_dotted_dates() {
    let out = load("orders_pl_cp1250.csv");
    let (t, src) = (&out.table, &out.source);
    assert_eq!(src.encoding.as_deref(), Some("windows-1250"));
    assert_eq!(src.delimiter.as_deref(), Some(";"));
    assert!(src.has_header);
    assert_eq!(t.rows, 10);
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Numer zamówienia",
            "Data zamówienia",
            "Klient",
            "Produkt",
            "Ilość",
            "Cena jednostkowa",
            "Wartość",
            "Miasto"
        ]
    );
    let date = col(t, "Data zamówienia");
    assert_eq!(date.format.date_order, Some(DateOrder::Dmy));
    let d = dates(date);
    assert_eq!(
        (d[0].clone(), d[3].clone(), d[4].clone()),
        (s("2024-01-05"), None, s("2024-02-29"))
    );
    // 31.02.2024 does not exist: counted on spreadsheet row 5, the row kept.
    assert_eq!(date.issues.bad_values, 1);
    assert_eq!(
        date.issues.samples,
        vec![BadValue {
            row: 5,
            raw: "31.02.2024".into()
        }]
    );
    let amount = col(t, "Wartość");
    assert_eq!(amount.format.decimal_mark, Some(DecimalMark::Comma));
    assert_eq!(
        amount.issues.samples,
        vec![BadValue {
            row: 8,
            raw: "brak".into()
        }]
    );
    let a = numbers(amount);
    assert_eq!((a[1], a[5], a[6]), (Some(1234.56), Some(-1234.56), None));
    // 25 + 1234.56 + 23.97 + 45 + 32 − 1234.56 + 90 + 59.9 + 75 = 350.87
    let total: f64 = a.iter().flatten().sum();
    assert!((total - 350.87).abs() < 1e-9, "{total}");
    let qty = col(t, "Ilość");
    assert_eq!(qty.data.column_type(), ColumnType::Integer);
    assert_eq!(numbers(qty).iter().flatten().sum::<f64>(), 29.0);
    assert_eq!(texts(col(t, "Produkt"))[0], s("Łyżka żółta"));
    assert_eq!(t.bad_values(), 2);

    let m = detect(t);
    assert_eq!(m.role, Role::Orders);
    for (column, field) in [
        ("Numer zamówienia", Field::OrderId),
        ("Data zamówienia", Field::OrderDate),
        ("Klient", Field::CustomerId),
        ("Ilość", Field::Quantity),
        ("Cena jednostkowa", Field::UnitPrice),
        ("Wartość", Field::Amount),
    ] {
        assert_eq!(m.column_for(field), Some(column), "{field:?}");
    }
}

#[test]
fn latin2_and_windows_1252_are_decoded() {
    let out = load("klienci_latin2.csv");
    assert_eq!(out.source.encoding.as_deref(), Some("ISO-8859-2"));
    let t = &out.table;
    assert_eq!(texts(col(t, "Klient"))[0], s("Łukasz Żółkiewski"));
    assert_eq!(texts(col(t, "Miejscowość"))[2], s("Częstochowa"));
    assert_eq!(detect(t).role, Role::Customers);

    let out = load("kunden_cp1252.csv");
    assert_eq!(out.source.encoding.as_deref(), Some("windows-1252"));
    let t = &out.table;
    assert_eq!(texts(col(t, "Straße"))[2], s("Schloßplatz 1"));
    // Kundennummer is an identifier: kept as text, not the number 1001.
    assert_eq!(texts(col(t, "Kundennummer")), vec![s("1001"), s("1002"), s("1003")]);
    assert_eq!(
        numbers(col(t, "Umsatz")),
        vec![Some(1234.5), Some(987.0), Some(12000.0)]
    );
}

#[test]
fn utf8_bom_and_utf16_with_bom() {
    let out = load("utf8_bom.csv");
    assert_eq!(out.source.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(out.table.columns[0].name, "client");
    assert_eq!(numbers(col(&out.table, "valoare")), vec![Some(12.5), Some(7.0)]);
    assert_eq!(texts(col(&out.table, "oraș"))[0], s("București"));
    for (file, enc) in [("utf16le_bom.txt", "UTF-16LE"), ("utf16be_bom.txt", "UTF-16BE")] {
        let out = load(file);
        assert_eq!(out.source.encoding.as_deref(), Some(enc));
        assert_eq!(out.source.delimiter.as_deref(), Some("\t"));
        assert_eq!(texts(col(&out.table, "customer"))[1], s("Արամ Հակոբյան"));
        assert_eq!(numbers(col(&out.table, "amount")), vec![Some(10.5), Some(20.0)]);
    }
}

#[test]
fn pipe_tab_and_whitespace_delimiters() {
    let out = load("pipe.txt");
    assert_eq!(out.source.delimiter.as_deref(), Some("|"));
    assert_eq!(
        numbers(col(&out.table, "total")),
        vec![Some(10.0), Some(20.0), Some(30.0)]
    );
    let out = load("tabs.tsv");
    assert_eq!(out.source.delimiter.as_deref(), Some("\t"));
    assert_eq!(numbers(col(&out.table, "total")), vec![Some(10.5), Some(20.25)]);
    let out = load("whitespace.txt");
    assert_eq!(out.source.delimiter.as_deref(), Some("whitespace"));
    assert_eq!(texts(col(&out.table, "name")), vec![s("Ann"), s("Bob"), s("Cyd")]);
    assert_eq!(
        numbers(col(&out.table, "total")),
        vec![Some(10.0), Some(200.0), Some(3000.0)]
    );
}

#[test]
fn quoted_fields_with_delimiters_quotes_and_newlines() {
    let out = load("quoted.csv");
    assert_eq!(out.table.rows, 3);
    assert_eq!(
        texts(col(&out.table, "comment")),
        vec![s("Hello, world"), s("He said \"hi\""), s("two\nlines")]
    );
    assert_eq!(
        numbers(col(&out.table, "amount")),
        vec![Some(1.5), Some(2.5), Some(3.5)]
    );
}

#[test]
fn a_file_without_header_gets_generated_names() {
    let out = load("no_header.csv");
    assert!(!out.source.has_header);
    let names: Vec<&str> = out.table.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["column_1", "column_2", "column_3"]);
    assert_eq!(out.table.rows, 3);
    assert_eq!(dates(col(&out.table, "column_1"))[2], s("2024-01-07"));
    assert_eq!(
        numbers(col(&out.table, "column_3")),
        vec![Some(10.5), Some(20.0), Some(5.25)]
    );
}

#[test]
fn every_number_form() {
    let t = load("numbers_eu.csv").table;
    let expect: [(&str, [f64; 3], Option<Currency>); 10] = [
        ("comma_dot", [1234.56, 2000.0, -3.5], None),
        ("space_comma", [1234.56, 2000.0, 3.5], None),
        ("dot_comma", [1234.56, 2000.0, -3.5], None),
        ("apostrophe", [1234.56, 2000.0, 3.5], None),
        ("zloty", [1234.56, 12.0, 0.99], Some(Currency::Pln)),
        ("euro", [1234.56, 12.0, 0.99], Some(Currency::Eur)),
        ("lei", [1234.56, 12.0, 0.99], Some(Currency::Ron)),
        ("dollar", [1234.56, 12.0, -0.99], Some(Currency::Usd)),
        ("codes", [1234.56, 12.0, 0.99], Some(Currency::Pln)),
        ("dram", [1234.0, 12000.0, 99.0], Some(Currency::Amd)),
    ];
    for (name, values, currency) in expect {
        let c = col(&t, name);
        assert_eq!(c.data.column_type(), ColumnType::Decimal, "{name}");
        assert_eq!(numbers(c), values.map(Some).to_vec(), "{name}");
        assert_eq!(c.format.currency, currency, "{name}");
        assert_eq!(c.issues.bad_values, 0, "{name}");
    }
    let pct = col(&t, "percent");
    assert!(pct.format.percent);
    assert_eq!(numbers(pct), vec![Some(12.5), Some(100.0), Some(0.5)]);
    let ints = col(&t, "ints");
    assert_eq!(ints.data.column_type(), ColumnType::Integer);
    assert_eq!(numbers(ints), vec![Some(1.0), Some(-22.0), Some(333.0)]);
}

#[test]
fn every_date_form() {
    let t = load("dates.csv").table;
    let day = [s("2024-03-15"), s("2024-12-31"), s("2025-01-01")];
    for (name, order) in [
        ("iso", DateOrder::Ymd),
        ("dotted", DateOrder::Dmy),
        ("slash_dmy", DateOrder::Dmy),
        ("slash_mdy", DateOrder::Mdy),
        ("compact", DateOrder::Compact),
    ] {
        let c = col(&t, name);
        assert_eq!(
            (c.data.column_type(), c.format.date_order),
            (ColumnType::Date, Some(order)),
            "{name}"
        );
        assert_eq!(dates(c), day.to_vec(), "{name}");
    }
    let c = col(&t, "with_time");
    assert_eq!(c.data.column_type(), ColumnType::Datetime);
    assert_eq!(
        dates(c),
        vec![
            s("2024-03-15 14:30:00"),
            s("2024-12-31 23:59:59"),
            s("2025-01-01 00:00:00")
        ]
    );
    let c = col(&t, "dotted_time");
    assert_eq!(
        dates(c),
        vec![
            s("2024-03-15 14:30:00"),
            s("2024-12-31 08:05:00"),
            s("2025-01-01 00:00:00")
        ]
    );
}

#[test]
fn booleans_in_every_language() {
    let t = load("booleans.csv").table;
    for name in ["en", "pl", "de", "ro", "tf", "is_returned"] {
        assert_eq!(
            bools(col(&t, name)),
            vec![Some(true), Some(false), Some(true)],
            "{name}"
        );
    }
}
