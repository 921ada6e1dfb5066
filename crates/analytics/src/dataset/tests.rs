use super::*;
use crate::ingest::{ingest, IngestOptions};
use crate::roles::detect;
use crate::table::NULL_CODE;

fn build(csv: &str, options: &BuildOptions) -> Dataset {
    let ingested = ingest("t.csv", csv.as_bytes(), &IngestOptions::new(), &mut |_| {}).unwrap();
    let mapping = detect(&ingested.table);
    let src = SourceTable {
        name: "t.csv",
        table: &ingested.table,
        mapping: &mapping,
    };
    Dataset::build(&[src], options)
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
    assert_eq!(ds.lines.by_day, [0, 1, 2, 3]);
    assert_ne!(ds.lines.customer[0], NULL_CODE);
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
