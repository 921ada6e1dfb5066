use std::collections::HashSet;
use std::path::PathBuf;

use crate::demo::{write, Scale};

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("demogen-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

const SMALL: Scale = Scale {
    customers: 400,
    rate_factor: 1.0,
};

#[test]
fn same_seed_same_bytes() {
    let (a, b) = (temp("a"), temp("b"));
    write(&a, 7, &SMALL).unwrap();
    write(&b, 7, &SMALL).unwrap();
    for name in [
        "orders.csv",
        "customers.csv",
        "surveys.csv",
        "reviews.csv",
        "invoices.csv",
    ] {
        assert_eq!(
            std::fs::read(a.join(name)).unwrap(),
            std::fs::read(b.join(name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn orders_reference_known_customers_and_returns_are_about_two_percent() {
    let dir = temp("refs");
    write(&dir, 11, &SMALL).unwrap();
    let customers = std::fs::read_to_string(dir.join("customers.csv")).unwrap();
    let ids: HashSet<&str> = customers.lines().skip(1).map(|l| &l[..6]).collect();
    let orders = std::fs::read_to_string(dir.join("orders.csv")).unwrap();
    let lines: Vec<&str> = orders.lines().skip(1).collect();
    assert!(lines.len() > 5_000, "{} lines", lines.len());
    for l in &lines {
        let customer = l.split(',').nth(2).unwrap();
        assert!(ids.contains(customer), "{customer}");
    }
    let returns = lines.iter().filter(|l| l.starts_with("R-")).count() as f64 / lines.len() as f64;
    assert!((0.015..0.025).contains(&returns), "returns {returns}");
}

#[test]
fn benchmark_files_have_exact_rows_and_eu_format() {
    let dir = temp("bench");
    std::fs::create_dir_all(&dir).unwrap();
    crate::bench::write(&dir.join("us.csv"), 1000, 7, false, None).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.join("us.csv")).unwrap().lines().count(),
        1001
    );
    crate::bench::write(&dir.join("eu.csv"), 1000, 7, true, None).unwrap();
    let eu = std::fs::read_to_string(dir.join("eu.csv")).unwrap();
    let second = eu.lines().nth(1).unwrap();
    let fields: Vec<&str> = second.split(';').collect();
    assert_eq!(fields.len(), crate::bench::BENCH_COLUMNS.len());
    assert_eq!(eu.lines().next().map(|h| h.split(';').count()), Some(fields.len()));
    assert_eq!(&fields[1][2..3], ".");
    assert!(fields[8].contains(','), "{second}");
}
