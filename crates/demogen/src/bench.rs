//! `demogen orders`: large order-line files for the ingest benchmarks,
//! streamed to disk so that 5 million rows need no memory to speak of.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::rng::Rng;
use crate::world::{dotted, iso, start_day, CATEGORIES, DAYS, STORES};

/// The columns an order-line export has at least: about 80 bytes a row.
pub use analytics::warm_up::ORDER_LINE_COLUMNS as BENCH_COLUMNS;

/// Writes exactly `rows` order lines (the key columns of the demo orders); `eu` switches
/// to `;`, decimal commas and `dd.mm.yyyy` dates. Customers are skewed (a few
/// buy often) over 50,000 ids, or drawn uniformly from `customers` ids when given
/// (for the segmentation benchmark's 100,000 customers).
pub fn write(path: &Path, rows: usize, seed: u64, eu: bool, customers: Option<usize>) -> io::Result<()> {
    let mut rng = Rng::new(seed);
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    let sep = if eu { ';' } else { ',' };
    writeln!(out, "{}", BENCH_COLUMNS.join(&sep.to_string()))?;
    let uniform = customers.is_some();
    let customers = customers.unwrap_or(if rows >= 1_000_000 { 50_000 } else { (rows / 20).max(1) });
    let channels = ["Online", "Store", "Phone", "Marketplace"];
    let num = |x: f64| {
        if eu {
            format!("{x:.2}").replace('.', ",")
        } else {
            format!("{x:.2}")
        }
    };
    let mut written = 0;
    let mut order = 100_000u64;
    while written < rows {
        order += 1;
        let day = start_day() + (f64::from(DAYS) * (written as f64 / rows as f64)) as i32;
        let date = if eu { dotted(day) } else { iso(day) };
        let draw = if uniform { rng.f64() } else { rng.f64().powi(2) };
        let customer = 1 + (draw * customers as f64) as usize;
        let channel = rng.range(0, 3) as usize;
        let store = if channel == 1 { rng.range(0, 4) as usize } else { 5 };
        let returned = rng.chance(0.02);
        let lines = 1 + rng.range(0, 4) as usize;
        for _ in 0..lines.min(rows - written) {
            let product = rng.range(1, 4000);
            let price = 1.0 + (rng.range(0, 19_900) as f64) / 100.0;
            let q = rng.range(1, 6) * if returned { -1 } else { 1 };
            let amount = price * q as f64;
            writeln!(
                out,
                "{prefix}SO-{order}{s}{date}{s}C{customer:05}{s}SKU-{product:04}{s}{cat}{s}{ch}{s}{st}{s}{q}{s}{price}{s}{amount}",
                prefix = if returned { "R-" } else { "" },
                s = sep,
                cat = CATEGORIES[product as usize % 8],
                ch = channels[channel],
                st = STORES[store],
                price = num(price),
                amount = num(amount),
            )?;
            written += 1;
        }
    }
    out.flush()
}
