//! The engine's request/response flow (what the worker runs) and the
//! `custdash inspect` command line, on the same fixtures.

mod common;

use analytics::engine::Engine;
use analytics::ingest::streamed::Streamed;
use analytics::ingest::{ingest, IngestError, IngestOptions, ReadFile};
use analytics::protocol::{MappingChoice, WorkerRequest, WorkerResponse};
use analytics::roles::{Field, Role};
use analytics::warm_up::{sample_orders, SampleForm};

fn load(engine: &mut Engine, id: u32, file: &str, remembered: Vec<(String, MappingChoice)>) -> WorkerResponse {
    let bytes = common::fixture(file);
    let request = WorkerRequest::Load {
        id,
        name: file.into(),
        options: IngestOptions::new(),
        remembered,
    };
    engine.handle(request, Some(&bytes), &mut |_| {})
}

#[test]
fn load_remap_remember_and_remove() {
    let mut engine = Engine::new();
    let WorkerResponse::Loaded { report, .. } = load(&mut engine, 1, "orders_pl_cp1250.csv", vec![]) else {
        panic!("not loaded")
    };
    assert_eq!((report.role, report.rows, report.bad_values), (Role::Orders, 10, 2));
    let signature = report.header_signature.clone();

    // The user says "Miasto" is the store, and the file is really invoices.
    let mut fields: Vec<(String, Option<Field>)> = report.columns.iter().map(|c| (c.name.clone(), c.field)).collect();
    for (name, field) in &mut fields {
        if name == "Miasto" {
            *field = Some(Field::Store);
        }
    }
    let choice = MappingChoice {
        role: Role::Invoices,
        fields,
    };
    let WorkerResponse::Loaded { report, .. } = engine.handle(
        WorkerRequest::SetMapping {
            id: 1,
            choice: choice.clone(),
        },
        None,
        &mut |_| {},
    ) else {
        panic!("not remapped")
    };
    assert_eq!(report.role, Role::Invoices);
    assert_eq!(
        report.columns.iter().find(|c| c.name == "Miasto").and_then(|c| c.field),
        Some(Field::Store)
    );

    // A second export with the same header picks the remembered mapping up.
    let WorkerResponse::Loaded { report, .. } = load(&mut engine, 2, "orders_pl_cp1250.csv", vec![(signature, choice)])
    else {
        panic!("not loaded")
    };
    assert_eq!(report.role, Role::Invoices);
    assert_eq!(engine.files().len(), 2);

    assert_eq!(
        engine.handle(WorkerRequest::Remove { id: 1 }, None, &mut |_| {}),
        WorkerResponse::Removed { id: 1 }
    );
    assert_eq!(engine.files().len(), 1);
}

#[test]
fn a_broken_file_fails_alone() {
    let mut engine = Engine::new();
    let failed = load(&mut engine, 1, "truncated.xlsx", vec![]);
    let WorkerResponse::Failed { message, .. } = failed else {
        panic!("{failed:?}")
    };
    assert!(message.starts_with("truncated.xlsx: "), "{message}");
    assert!(matches!(
        load(&mut engine, 2, "kunden.xlsx", vec![]),
        WorkerResponse::Loaded { .. }
    ));
    assert_eq!(engine.files().len(), 1);
}

#[test]
fn cli_inspect_prints_the_documented_json() {
    let data = format!("{}/../../tests/data", env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_custdash"))
        .args([
            "inspect",
            &format!("{data}/orders_pl_cp1250.csv"),
            &format!("{data}/kunden.xlsx"),
        ])
        .output()
        .expect("custdash runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let pl = &json[0];
    assert_eq!(pl["file"], "orders_pl_cp1250.csv");
    assert_eq!(pl["role"], "orders");
    assert_eq!(pl["rows"], 10);
    assert_eq!(pl["encoding"], "windows-1250");
    assert_eq!(pl["delimiter"], ";");
    let date = &pl["columns"][1];
    assert_eq!(
        (&date["name"], &date["field"], &date["type"], &date["bad_values"]),
        (
            &serde_json::json!("Data zamówienia"),
            &serde_json::json!("order_date"),
            &serde_json::json!("date"),
            &serde_json::json!(1)
        )
    );
    let xlsx = &json[1];
    assert_eq!(
        (&xlsx["role"], &xlsx["rows"], &xlsx["delimiter"]),
        (
            &serde_json::json!("customers"),
            &serde_json::json!(5),
            &serde_json::Value::Null
        )
    );

    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_custdash"))
        .args(["inspect", &format!("{data}/empty.csv")])
        .output()
        .expect("custdash runs");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("empty.csv: the file is empty"));
}

/// A large file as the worker reads it: parts as they arrive, reported
/// before its text is encoded.
fn read_as_the_worker_does(name: &str, bytes: &[u8]) -> Result<ReadFile, IngestError> {
    let mut streamed = Streamed::new(name, &IngestOptions::new(), bytes.len());
    for end in (262_144..bytes.len()).step_by(262_144) {
        streamed.feed(&bytes[..end], &mut |_| {});
    }
    streamed.finish_but_text(bytes.to_vec(), &mut |_| {})
}

#[test]
fn a_file_reported_before_its_text_is_encoded_answers_as_one_read_whole() {
    // 20,000 order lines, about 1.6 MB: streamed, as the head is 1 MB.
    let text = sample_orders(20_000, SampleForm::English);
    let whole = ingest("o.csv", text.as_bytes(), &IngestOptions::new(), &mut |_| {});
    let mut by_parts = Engine::new();
    let mut at_once = Engine::new();
    let early = by_parts.add_read_file(
        1,
        "o.csv".into(),
        &[],
        read_as_the_worker_does("o.csv", text.as_bytes()),
    );
    let late = at_once.add_file(1, "o.csv".into(), &[], whole);
    assert_eq!(early, late);
    let WorkerResponse::Loaded { report, .. } = &early else {
        panic!("{early:?}")
    };
    assert_eq!(report.role, Role::Orders);
    assert_eq!(report.rows, text.lines().count() - 1);
    // Reported, not yet added: the next request adds it first.
    assert!(by_parts.files().is_empty());
    let overview = |engine: &mut Engine| {
        let request = WorkerRequest::Dashboard {
            seq: 1,
            query: Default::default(),
        };
        match engine.handle(request, None, &mut |_| {}) {
            WorkerResponse::Dashboard { result, .. } => result,
            other => panic!("{other:?}"),
        }
    };
    let overview_by_parts = overview(&mut by_parts);
    assert_eq!(overview_by_parts.lines, 20_001);
    assert_eq!(overview_by_parts, overview(&mut at_once));
    assert_eq!(by_parts.files().len(), 1);
    assert_eq!(by_parts.finish_reading(), None, "encoded once");

    // Removed before it was encoded: encoded, then removed.
    let mut engine = Engine::new();
    engine.add_read_file(
        7,
        "o.csv".into(),
        &[],
        read_as_the_worker_does("o.csv", text.as_bytes()),
    );
    assert_eq!(
        engine.handle(WorkerRequest::Remove { id: 7 }, None, &mut |_| {}),
        WorkerResponse::Removed { id: 7 }
    );
    assert!(engine.files().is_empty());
}
