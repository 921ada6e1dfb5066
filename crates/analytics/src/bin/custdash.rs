//! `custdash`: the command-line twin of the dashboard's core, so data teams
//! can script the same numbers the page shows.
//!
//! ```text
//! custdash inspect FILE...   # JSON: role, rows, encoding, delimiter, columns
//! custdash kpis FILE... [--from YYYY-MM-DD --to YYYY-MM-DD] [--compare previous|yoy]
//! custdash segments FILE... [--as-of YYYY-MM-DD] [--method rfm|kmeans] [--k N]
//! ```
//!
//! `kpis` loads the files through the same [`Engine`] the page's worker runs
//! and asks it the same `Dashboard` request, so the numbers cannot differ.

use std::io::Write as _;
use std::process::ExitCode;

use analytics::dataset::BuildOptions;
use analytics::engine::Engine;
use analytics::ingest::value::days_from_ymd;
use analytics::ingest::{ingest, IngestOptions};
use analytics::inspect::report;
use analytics::period::{Comparison, PeriodSpec};
use analytics::protocol::{WorkerRequest, WorkerResponse};
use analytics::query::Query;
use analytics::roles::detect;
use analytics::segment::export::{segments_csv, ExportColumns};
use analytics::segment::SegmentSettings;

const USAGE: &str = "usage: custdash inspect [--sheet NAME] FILE...\n       \
custdash kpis FILE... [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--compare previous|yoy] [--return-prefix TEXT]\n       \
custdash segments FILE... [--as-of YYYY-MM-DD] [--method rfm|kmeans] [--k N] [--attributes age,...]\n\n\
inspect   print, as JSON, what each file is: role, rows, encoding, delimiter and columns\n\
kpis      print, as JSON, each KPI's value in the period and in the comparison period\n          \
(default period: the latest full month of the data, compared with the month before)\n\
segments  print, as CSV, each customer's recency, frequency, monetary, scores, code and segment\n          \
(and cluster with --method kmeans; k chosen by silhouette unless --k)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("inspect") => inspect(&args[1..]),
        Some(command @ ("kpis" | "segments")) => {
            let run = if command == "kpis" { kpis } else { segments };
            match run(&args[1..]) {
                Ok(code) => code,
                Err(message) => {
                    eprintln!("custdash: {message}");
                    ExitCode::from(2)
                }
            }
        }
        Some("-h" | "--help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn inspect(args: &[String]) -> ExitCode {
    let mut options = IngestOptions::new();
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--sheet" => match it.next() {
                Some(name) => options = options.sheet(name.clone()),
                None => {
                    eprintln!("custdash: --sheet needs a sheet name");
                    return ExitCode::from(2);
                }
            },
            _ => files.push(arg.clone()),
        }
    }
    if files.is_empty() {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let mut reports = Vec::new();
    let mut failed = false;
    for path in &files {
        let name = std::path::Path::new(path)
            .file_name()
            .map_or(path.clone(), |n| n.to_string_lossy().into_owned());
        let result = std::fs::read(path)
            .map_err(|e| format!("{path}: {e}"))
            .and_then(|bytes| ingest(&name, &bytes, &options, &mut |_| {}).map_err(|e| e.to_string()));
        match result {
            Ok(ingested) => {
                let mapping = detect(&ingested.table);
                reports.push(serde_json::to_value(report(&name, &ingested, &mapping)).unwrap_or_default());
            }
            Err(message) => {
                failed = true;
                eprintln!("custdash: {message}");
                reports.push(serde_json::json!({ "file": name, "error": message }));
            }
        }
    }
    match serde_json::to_string_pretty(&reports) {
        // A closed pipe (`custdash inspect … | head`) is not an error worth a panic.
        Ok(text) => {
            let _ = writeln!(std::io::stdout(), "{text}");
        }
        Err(e) => {
            eprintln!("custdash: {e}");
            return ExitCode::FAILURE;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn parse_day(text: &str) -> Result<i32, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let parsed = match parts.as_slice() {
        [y, m, d] => match (y.parse(), m.parse(), d.parse()) {
            (Ok(y), Ok(m), Ok(d)) => days_from_ymd(y, m, d),
            _ => None,
        },
        _ => None,
    };
    parsed.ok_or_else(|| format!("{text:?} is not a date in the form YYYY-MM-DD"))
}

/// Loads the files into an engine, as the page's worker does.
fn load(files: &[String], prefix: Option<String>) -> Result<Engine, String> {
    if files.is_empty() {
        return Err(USAGE.to_string());
    }
    let mut engine = Engine::new();
    engine.set_build_options(BuildOptions { return_prefix: prefix });
    for (i, path) in files.iter().enumerate() {
        let name = std::path::Path::new(path)
            .file_name()
            .map_or(path.clone(), |n| n.to_string_lossy().into_owned());
        let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
        let request = WorkerRequest::Load {
            id: i as u32,
            name,
            options: IngestOptions::new(),
            remembered: Vec::new(),
        };
        match engine.handle(request, Some(&bytes), &mut |_| {}) {
            WorkerResponse::Loaded { report, .. } => {
                eprintln!(
                    "custdash: {}: {} ({} rows)",
                    report.file,
                    report.role.key(),
                    report.rows
                )
            }
            WorkerResponse::Failed { message, .. } | WorkerResponse::Error { message } => return Err(message),
            _ => {}
        }
    }
    Ok(engine)
}

/// `custdash segments`: RFM (and clusters) as CSV.
fn segments(args: &[String]) -> Result<ExitCode, String> {
    let (mut settings, mut kmeans, mut prefix) = (SegmentSettings::default(), false, None);
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().cloned().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--as-of" => settings.as_of = Some(parse_day(&value()?)?),
            "--method" => {
                kmeans = match value()?.as_str() {
                    "rfm" => false,
                    "kmeans" => true,
                    other => return Err(format!("--method takes rfm or kmeans, not {other:?}")),
                }
            }
            "--k" => {
                let v = value()?;
                let k: usize = v.parse().map_err(|_| format!("--k takes a number, not {v:?}"))?;
                if !(1..=20).contains(&k) {
                    return Err(format!("--k takes 1 to 20, not {k}"));
                }
                settings.k = Some(k);
            }
            "--attributes" => {
                settings.attributes = value()?
                    .split(',')
                    .filter(|a| !a.trim().is_empty())
                    .map(|a| format!("customers.{}", a.trim()))
                    .collect()
            }
            "--return-prefix" => prefix = Some(value()?),
            _ => files.push(arg.clone()),
        }
    }
    let mut engine = load(&files, prefix)?;
    let (ds, model) = engine.segments(&settings, kmeans);
    eprintln!(
        "custdash: {} customers scored as of {}",
        model.rfm.rows.len(),
        analytics::ingest::sheet::iso_date(model.rfm.as_of)
    );
    if let Some(c) = model.clustering.as_ref() {
        eprintln!(
            "custdash: k = {}{}",
            c.k,
            if c.auto_k { " (best silhouette)" } else { "" }
        );
    }
    let columns = ExportColumns {
        cluster: kmeans,
        attributes: false,
    };
    let _ = write!(std::io::stdout(), "{}", segments_csv(ds, model, columns));
    Ok(ExitCode::SUCCESS)
}

fn kpis(args: &[String]) -> Result<ExitCode, String> {
    let (mut from, mut to, mut comparison, mut prefix) = (None, None, Comparison::Previous, None);
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().cloned().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--from" => from = Some(parse_day(&value()?)?),
            "--to" => to = Some(parse_day(&value()?)?),
            "--compare" => {
                comparison = match value()?.as_str() {
                    "previous" => Comparison::Previous,
                    "yoy" => Comparison::Yoy,
                    other => return Err(format!("--compare takes previous or yoy, not {other:?}")),
                }
            }
            "--return-prefix" => prefix = Some(value()?),
            _ => files.push(arg.clone()),
        }
    }
    let mut engine = load(&files, prefix)?;
    let span = engine.dataset().0.day_span();
    let period = match (from, to, span) {
        (None, None, _) => PeriodSpec::LatestMonth,
        (f, t, Some(s)) => PeriodSpec::Custom {
            from: f.unwrap_or(s.from),
            to: t.unwrap_or(s.to),
        },
        (Some(f), t, None) => PeriodSpec::Custom {
            from: f,
            to: t.unwrap_or(f),
        },
        (None, Some(t), None) => PeriodSpec::Custom { from: t, to: t },
    };
    let query = Query {
        period,
        comparison,
        filters: Vec::new(),
    };
    let WorkerResponse::Dashboard { result, .. } =
        engine.handle(WorkerRequest::Dashboard { seq: 0, query }, None, &mut |_| {})
    else {
        return Err("the engine gave no answer".into());
    };
    if let Some(p) = &result.period {
        let previous = p.previous.map_or("none".to_string(), |r| r.label());
        eprintln!("custdash: period {}, compared with {previous}", p.current.label());
    }
    let mut out = serde_json::Map::new();
    for card in &result.cards {
        out.insert(
            card.kpi.key().to_string(),
            serde_json::json!({ "value": card.value, "previous": card.previous }),
        );
    }
    let text = serde_json::to_string_pretty(&serde_json::Value::Object(out)).map_err(|e| e.to_string())?;
    let _ = writeln!(std::io::stdout(), "{text}");
    Ok(ExitCode::SUCCESS)
}
