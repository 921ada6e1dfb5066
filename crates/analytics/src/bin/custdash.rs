//! `custdash`: the command-line twin of the dashboard's core, so data teams
//! can script the same numbers the page shows.
//!
//! ```text
//! custdash inspect FILE...   # JSON: role, rows, encoding, delimiter, columns
//! ```

use std::io::Write as _;
use std::process::ExitCode;

use analytics::ingest::{ingest, IngestOptions};
use analytics::inspect::report;
use analytics::roles::detect;

const USAGE: &str = "usage: custdash inspect [--sheet NAME] FILE...\n\n\
inspect   print, as JSON, what each file is: role, rows, encoding, delimiter and columns";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("inspect") => inspect(&args[1..]),
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
