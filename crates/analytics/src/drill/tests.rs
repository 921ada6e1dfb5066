use super::*;
use crate::dataset::{BuildOptions, Dataset, SourceTable};
use crate::ingest::{ingest, IngestOptions, Ingested};
use crate::query::{FilterChip, Query};
use crate::roles::{detect, Mapping};

fn load(name: &str) -> (Ingested, Mapping) {
    let path = format!("{}/../../tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(path).unwrap();
    let ingested = ingest(name, &bytes, &IngestOptions::new(), &mut |_| {}).unwrap();
    let mapping = detect(&ingested.table);
    (ingested, mapping)
}

fn with_fixture(check: impl FnOnce(&Dataset, &[SourceTable<'_>])) {
    let files = [load("kpi_orders.csv"), load("kpi_customers.csv")];
    let sources: Vec<SourceTable<'_>> = files
        .iter()
        .zip(["kpi_orders.csv", "kpi_customers.csv"])
        .map(|((i, m), name)| SourceTable {
            name,
            table: &i.table,
            mapping: m,
        })
        .collect();
    let ds = Dataset::build(&sources, &BuildOptions::default());
    check(&ds, &sources);
}

fn request(scope: Scope) -> ListRequest {
    ListRequest {
        query: Query::default(),
        scope,
        search: String::new(),
        sort: SortKey::NetRevenue,
        descending: true,
        offset: 0,
        limit: 50,
    }
}

fn ids(page: &CustomerPage) -> Vec<&str> {
    page.rows.iter().map(|r| r.id.as_str()).collect()
}

#[test]
fn lists_match_the_kpis_of_march() {
    with_fixture(|ds, _| {
        // Active in March by net revenue: A 300+100−100 = 300, F 100, E 80, B 50.
        let page = customer_list(ds, &request(Scope::Active));
        assert_eq!((page.total, ids(&page)), (4, vec!["A", "F", "E", "B"]));
        let a = &page.rows[0];
        assert_eq!(
            (a.orders, a.net_revenue, a.average_order_value),
            (2, 300.0, Some(200.0))
        );
        assert_eq!(a.first_order.as_deref(), Some("2023-12-10"));
        assert_eq!(a.name.as_deref(), Some("Anna Nowak"));
        assert_eq!(ids(&customer_list(ds, &request(Scope::New))), ["F", "E"]);
        assert_eq!(ids(&customer_list(ds, &request(Scope::Returning))), ["A", "B"]);
        // Active in February but not in March: D.
        let lost = customer_list(ds, &request(Scope::Lost));
        assert_eq!(ids(&lost), ["D"]);
        assert_eq!(lost.rows[0].status, Some(Status::Active));
        // G last ordered 2023-09-15: 198 days before 31 March, churned.
        let mut all = request(Scope::All);
        all.sort = SortKey::Id;
        all.descending = false;
        let everyone = customer_list(ds, &all);
        assert_eq!(ids(&everyone), ["A", "B", "C", "D", "E", "F", "G"]);
        assert_eq!(everyone.rows[6].status, Some(Status::Churned));
        assert_eq!(everyone.rows[2].status, Some(Status::Active));
    });
}

#[test]
fn search_sort_page_and_filters() {
    with_fixture(|ds, _| {
        let mut req = request(Scope::All);
        req.search = "ski".into();
        assert_eq!(ids(&customer_list(ds, &req)), ["B", "F"]);
        req.search.clear();
        req.sort = SortKey::Orders;
        req.offset = 1;
        req.limit = 2;
        // All orders to 31 March: A 6 (O1 O3 O5 O8 O9; R2 is a return → 5), B 3, C 1, …
        let page = customer_list(ds, &req);
        assert_eq!((page.total, page.offset), (7, 1));
        assert_eq!(page.rows[0].id, "B");
        let mut north = request(Scope::Active);
        north.query.filters = vec![FilterChip {
            dim: "customers.region".into(),
            values: vec!["North".into()],
        }];
        assert_eq!(ids(&customer_list(ds, &north)), ["A", "E"]);
    });
}

#[test]
fn a_customer_and_an_order() {
    with_fixture(|ds, sources| {
        let d = customer_detail(ds, sources, " a").unwrap();
        assert_eq!((d.id.as_str(), d.orders, d.net_revenue), ("A", 5, 720.0));
        assert_eq!(d.order_list.len(), 6);
        assert_eq!(d.order_list[0].order_id, "R2");
        assert!(d.order_list[0].is_return);
        assert_eq!(d.attributes[2], ("region".to_string(), "North".to_string()));
        assert_eq!(d.monthly.months.first().map(String::as_str), Some("2023-12"));
        assert_eq!(d.monthly.series[0].values.last(), Some(&Some(300.0)));
        let c = customer_detail(ds, sources, "C").unwrap();
        let o4 = order_detail(ds, sources, "C", &c.order_list[0].order_id).unwrap();
        assert_eq!((o4.order_id.as_str(), o4.net, o4.lines.len()), ("O4", 100.0, 2));
        assert_eq!(o4.lines[0].0, 6);
        assert_eq!(o4.lines[1].1[7], "Shoes");
        // O4's two lines (c, 2024-01-15, Store) differ in quantity, price,
        // amount and category: 3 × 10 Socks and 1 × 70 Shoes.
        let (shared, varying) = o4.shared_and_varying();
        let names: Vec<&str> = shared.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["order_id", "customer_id", "order_date", "channel"]);
        assert_eq!(shared[2].1, "2024-01-15");
        assert_eq!(varying, [3, 4, 5, 7]);
        // One line: every column stays in the table.
        let one = order_detail(ds, sources, "E", "O10").unwrap();
        assert_eq!(one.shared_and_varying(), (vec![], (0..8).collect::<Vec<_>>()));
        // A line written twice: all alike, so all in the table again (not
        // row numbers under one quantity); a column empty on both lines goes.
        let mut twice = one.clone();
        twice.lines.push(twice.lines[0].clone());
        assert_eq!(twice.shared_and_varying(), (vec![], (0..8).collect::<Vec<_>>()));
        let mut blank = o4.clone();
        for (_, cells) in &mut blank.lines {
            cells[6] = String::new();
        }
        let (shared, _) = blank.shared_and_varying();
        assert_eq!(
            shared.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
            ["order_id", "customer_id", "order_date"]
        );
        let f = customer_detail(ds, sources, "F").unwrap();
        assert_eq!(f.order_list[0].order_id, "F · 2024-03-05");
        assert!(customer_detail(ds, sources, "nobody").is_none());
    });
}

#[test]
fn csv_export_escapes_formulas() {
    assert_eq!(escape_csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    assert_eq!(escape_csv_cell("+48 600"), "'+48 600");
    assert_eq!(escape_csv_cell("-5"), "'-5");
    assert_eq!(escape_csv_cell("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(escape_csv_cell("Cezary, Sp. z o.o."), "\"Cezary, Sp. z o.o.\"");
    with_fixture(|ds, _| {
        let csv = customers_csv(ds, &request(Scope::Active));
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[1], "A,Anna Nowak,2023-12-10,2024-03-20,2,300,200,active");
        assert_eq!(
            lines[3],
            "E,<img src=x onerror=alert(1)>,2024-03-10,2024-03-10,1,80,80,active"
        );
    });
}
