//! `demogen demo --out DIR [--seed N]` and
//! `demogen orders --rows N --out FILE [--seed N] [--format us|eu] [--customers N]`.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str =
    "usage:\n  demogen demo --out DIR [--seed N]\n  demogen orders --rows N --out FILE [--seed N] [--format us|eu] [--customers N]";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("demogen: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let command = args.first().cloned().unwrap_or_default();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let seed = flag("--seed").map_or(Ok(7), |s| {
        s.parse::<u64>().map_err(|_| format!("--seed {s} is not a number"))
    })?;
    let out = PathBuf::from(flag("--out").ok_or("--out is required")?);
    match command.as_str() {
        "demo" => {
            let written = demogen::demo::write(&out, seed, &demogen::demo::Scale::FULL).map_err(|e| e.to_string())?;
            for (name, rows) in written {
                let bytes = std::fs::metadata(out.join(&name)).map(|m| m.len()).unwrap_or(0);
                println!("wrote {}: {rows} rows, {bytes} bytes", out.join(&name).display());
            }
            Ok(())
        }
        "orders" => {
            let rows = flag("--rows").ok_or("--rows is required")?;
            let rows: usize = rows
                .replace('_', "")
                .parse()
                .map_err(|_| format!("--rows {rows} is not a number"))?;
            let eu = match flag("--format").as_deref() {
                None | Some("us") => false,
                Some("eu") => true,
                Some(other) => return Err(format!("--format {other}: use us or eu")),
            };
            let customers = match flag("--customers") {
                Some(n) => Some(
                    n.replace('_', "")
                        .parse::<usize>()
                        .map_err(|_| format!("--customers {n} is not a number"))?,
                ),
                None => None,
            };
            demogen::bench::write(&out, rows, seed, eu, customers).map_err(|e| e.to_string())?;
            println!("wrote {}: {rows} rows", out.display());
            Ok(())
        }
        _ => Err(format!("unknown command {command:?}")),
    }
}
