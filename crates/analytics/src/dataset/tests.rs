use super::*;
use crate::ingest::{ingest, IngestOptions};
use crate::roles::detect;
use crate::table::NULL_CODE;

fn build(csv: &str, options: &BuildOptions) -> Dataset {
    build_files(&[("t.csv", csv)], options)
}

/// The dataset of CSV texts, each read and mapped as the page would.
pub(crate) fn build_files(files: &[(&str, &str)], options: &BuildOptions) -> Dataset {
    let read: Vec<_> = files
        .iter()
        .map(|(name, csv)| {
            let ingested = ingest(name, csv.as_bytes(), &IngestOptions::new(), &mut |_| {}).unwrap();
            let mapping = detect(&ingested.table);
            (*name, ingested, mapping)
        })
        .collect();
    let sources: Vec<SourceTable<'_>> = read
        .iter()
        .map(|(name, ingested, mapping)| SourceTable {
            name,
            table: &ingested.table,
            mapping,
        })
        .collect();
    Dataset::build(&sources, options)
}

const CSV: &str = "order_id,customer_id,order_date,amount,channel\n\
    A1,K1,2024-01-02,10,Web\n\
    C7,k1 ,2024-01-03,10,Web\n\
    ,K2,2024-01-03,5,Shop\n\
    ,K2,2024-01-03,6,Shop\n\
    A2,K2,,7,Shop\n";

#[test]
fn customers_fold_and_orders_without_ids_are_customer_days() {
    let ds = build(CSV, &BuildOptions::default());
    assert_eq!(ds.customers.ids, ["K1", "K2"]);
    // The undated line is left out and counted.
    assert_eq!((ds.lines.len(), ds.undated_lines), (4, 1));
    assert_eq!(ds.lines.customer, [0, 0, 1, 1]);
    // Order ids keep the file's dictionary (A1, C7, A2: A2 is on the undated
    // line), then one derived order for K2 on 3 January.
    assert_eq!(ds.lines.order, [0, 1, 3, 3]);
    assert_eq!(ds.order_label(3), "K2 · 2024-01-03");
    assert_eq!(ds.lines.is_return, [false; 4]);
    let channel = ds.dim("orders.channel").unwrap();
    assert_eq!(channel.values, ["Web", "Shop"]);
    assert_eq!(channel.codes, [0, 0, 1, 1]);
    assert_ne!(ds.lines.customer[0], NULL_CODE);
}

#[test]
fn lines_are_stored_in_day_order_with_their_rows_and_codes() {
    // Rows 2–6 of the file, out of day order; row 4 has the same day as row 2.
    let csv = "order_id,customer_id,order_date,amount,channel\n\
        O1,K1,2024-03-05,1,Web\n\
        O2,K2,2024-01-10,2,Shop\n\
        O3,K3,2024-03-05,3,Mail\n\
        O4,K1,2024-02-01,4,Shop\n\
        O5,K2,2023-12-31,5,Web\n";
    let ds = build(csv, &BuildOptions::default());
    // Day order, file order within a day (rows 2 and 4 on 5 March).
    assert_eq!(ds.lines.row, [6, 3, 5, 2, 4]);
    assert_eq!(ds.lines.amount, [5.0, 2.0, 4.0, 1.0, 3.0]);
    assert!(ds.lines.day.windows(2).all(|w| w[0] <= w[1]));
    // Every column moved with its line: customers K2 K2 K1 K1 K3, orders
    // O5 O2 O4 O1 O3, channels Web Shop Shop Web Mail.
    let ids = |i: usize| ds.customers.ids[ds.lines.customer[i] as usize].as_str();
    assert_eq!((0..5).map(ids).collect::<Vec<_>>(), ["K2", "K2", "K1", "K1", "K3"]);
    let orders: Vec<String> = (0..5).map(|i| ds.order_label(ds.lines.order[i])).collect();
    assert_eq!(orders, ["O5", "O2", "O4", "O1", "O3"]);
    let channel = ds.dim("orders.channel").unwrap();
    let names: Vec<&str> = channel
        .codes
        .iter()
        .map(|&c| channel.values[c as usize].as_str())
        .collect();
    assert_eq!(names, ["Web", "Shop", "Shop", "Web", "Mail"]);
    // A period is one run of lines: February and March 2024.
    let day = |m, d| crate::ingest::value::days_from_ymd(2024, m, d).unwrap();
    assert_eq!(ds.lines.within(DayRange::new(day(2, 1), day(3, 31))), 2..5);
    assert_eq!(ds.lines.within(DayRange::new(day(1, 11), day(1, 31))), 2..2);
    assert_eq!(ds.lines.within(DayRange::new(day(4, 1), day(4, 30))), 5..5);
}

#[test]
fn amounts_margins_and_returns_come_from_whichever_columns_a_file_has() {
    // No amount column: price × quantity (0 when either is missing), margin
    // amount − cost (NaN without a cost), a return when the flag says so or
    // a quantity is negative. Rows are in day order: stored as read.
    let priced = "order_id,customer_id,order_date,quantity,unit_price,cost,returned\n\
        P1,K1,2024-01-02,2,5,3,no\n\
        P2,K1,2024-01-03,,5,1,no\n\
        P3,K2,2024-01-04,-1,5,,no\n\
        P4,K2,2024-01-05,3,,2,yes\n";
    let ds = build(priced, &BuildOptions::default());
    assert_eq!(ds.lines.amount, [10.0, 0.0, -5.0, 0.0]);
    assert_eq!(ds.lines.quantity[0], 2.0);
    assert!(ds.lines.quantity[1].is_nan());
    assert_eq!(ds.lines.is_return, [false, false, true, true]);
    assert_eq!(&ds.lines.margin[..2], &[7.0, -1.0]);
    assert!(ds.lines.margin[2].is_nan());
    assert_eq!(ds.lines.margin[3], -2.0);
    assert_eq!(ds.lines.row, [2, 3, 4, 5]);
    // An amount column wins over price × quantity, a profit column over cost.
    let amounts = "order_id,customer_id,order_date,amount,quantity,unit_price,profit,cost\n\
        A1,K1,2024-01-02,12,2,5,4,1\n\
        A2,K1,2024-01-03,,2,5,,1\n\
        A3,K1,2024-01-04,-3,1,3,-1,1\n";
    let ds = build(amounts, &BuildOptions::default());
    assert_eq!(ds.lines.amount, [12.0, 0.0, -3.0]);
    assert_eq!(ds.lines.is_return, [false, false, true]);
    assert_eq!(ds.lines.margin[0], 4.0);
    assert!(ds.lines.margin[1].is_nan());
    assert_eq!(ds.lines.margin[2], -1.0);
}

#[test]
fn a_return_prefix_marks_credit_notes() {
    let options = BuildOptions {
        return_prefix: Some("c".into()),
    };
    let ds = build(CSV, &options);
    assert_eq!(ds.lines.is_return, [false, true, false, false]);
    // K1's first non-return order is A1.
    assert_eq!(
        ds.customers.first_day[0],
        crate::ingest::value::days_from_ymd(2024, 1, 2).unwrap()
    );
}

#[test]
fn won_and_lost_stages_close_an_opportunity() {
    use super::build::is_closed_stage;
    for closed in [
        "Closed Won",
        "closed lost",
        "Gewonnen",
        "Verloren",
        "Wygrana",
        "Przegrana",
        "Câștigat",
        "Pierdut",
        "Ganado",
        "perdu",
    ] {
        assert!(is_closed_stage(closed), "{closed}");
    }
    for open in [
        "Proposal",
        "Negotiation",
        "Qualification",
        "Angebot",
        "Oferta",
        "Propunere",
    ] {
        assert!(!is_closed_stage(open), "{open}");
    }
}

#[test]
fn two_order_files_share_codes_and_an_undated_customer_is_left_out() {
    // The first file has no channel column; the second has one, an undated
    // line of a customer seen nowhere else (Z9), and K1 written differently.
    let first = "order_id,customer_id,order_date,amount\n\
        A1,K1,2024-01-05,10\n\
        A2,K2,2024-01-02,20\n";
    let second = "order_id,customer_id,order_date,amount,channel\n\
        B1, k1 ,2024-01-03,30,Web\n\
        B2,Z9,,40,Shop\n\
        B3,K3,2024-01-01,50,Shop\n";
    let ds = build_files(&[("a.csv", first), ("b.csv", second)], &BuildOptions::default());
    assert_eq!(ds.undated_lines, 1);
    // Customers in order of first (dated) appearance; Z9 only has an undated line.
    assert_eq!(ds.customers.ids, ["K1", "K2", "K3"]);
    // Day order: B3 (1 Jan), A2, B1, A1.
    assert_eq!(ds.lines.amount, [50.0, 20.0, 30.0, 10.0]);
    assert_eq!(ds.lines.source, [1, 0, 1, 0]);
    assert_eq!(ds.lines.customer, [2, 1, 0, 0]);
    let orders: Vec<String> = ds.lines.order.iter().map(|&o| ds.order_label(o)).collect();
    assert_eq!(orders, ["B3", "A2", "B1", "A1"]);
    // The first file's lines have no channel.
    let channel = ds.dim("orders.channel").unwrap();
    let names: Vec<Option<&str>> = channel
        .codes
        .iter()
        .map(|&c| channel.values.get(c as usize).map(String::as_str))
        .collect();
    assert_eq!(names, [Some("Shop"), None, Some("Web"), None]);
    assert_eq!(
        channel.counts[channel.values.iter().position(|v| v == "Shop").unwrap()],
        1
    );
}
