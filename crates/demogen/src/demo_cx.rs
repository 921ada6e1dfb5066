//! The demo files derived from orders: surveys, tickets, marketing spend,
//! invoices, web sessions and reviews.

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::Path;

use crate::csv_out::CsvOut;
use crate::demo::OrderView;
use crate::rng::Rng;
use crate::world::*;

fn open(dir: &Path, name: &str, header: &[&str]) -> io::Result<CsvOut<BufWriter<File>>> {
    let mut out = CsvOut::new(BufWriter::new(File::create(dir.join(name))?), b',');
    out.header(header)?;
    Ok(out)
}

/// Writes the six derived files; returns (file name, rows) for each.
pub fn write_all(
    dir: &Path,
    rng: &mut Rng,
    people: &[Customer],
    orders: &[OrderView],
) -> io::Result<Vec<(String, usize)>> {
    Ok(vec![
        ("surveys.csv".into(), surveys(dir, rng, people, orders)?),
        ("tickets.csv".into(), tickets(dir, rng, people, orders)?),
        ("marketing_spend.csv".into(), spend(dir, rng)?),
        ("invoices.csv".into(), invoices(dir, rng, people, orders)?),
        ("web_sessions.csv".into(), sessions(dir, rng)?),
        ("reviews.csv".into(), reviews(dir, rng)?),
    ])
}

fn clock(rng: &mut Rng, day: i32, hour_lo: i64, hour_hi: i64) -> (i64, String) {
    let secs = i64::from(day) * 86_400 + rng.range(hour_lo * 3600, hour_hi * 3600);
    (secs, stamp(secs))
}

fn stamp(secs: i64) -> String {
    let day = secs.div_euclid(86_400) as i32;
    let s = secs.rem_euclid(86_400);
    format!("{} {:02}:{:02}:{:02}", iso(day), s / 3600, s / 60 % 60, s % 60)
}

/// Store quality: Kraków Rynek is the weak one.
fn store_mood(store: &str) -> f64 {
    match store {
        "Kraków Rynek" => -2.2,
        "Berlin Mitte" => 0.3,
        "Yerevan Plaza" => 0.1,
        _ => 0.0,
    }
}

const GOOD: [&str; 5] = [
    "Great service, thank you!",
    "Szybka dostawa, polecam.",
    "Sehr zufrieden.",
    "Everything as expected.",
    "Bardzo miła obsługa.",
];
const MEH: [&str; 3] = ["OK, nothing special.", "Dostawa trwała długo.", "Geht so."];
const BAD: [&str; 5] = [
    "Long queue and rude staff.",
    "Produkt uszkodzony, zwrot trwał tygodnie.",
    "Nie polecam.",
    "Schlechter Service.",
    "Nobody answered my complaint.",
];

fn surveys(dir: &Path, rng: &mut Rng, people: &[Customer], orders: &[OrderView]) -> io::Result<usize> {
    let mut out = open(
        dir,
        "surveys.csv",
        &[
            "response_id",
            "customer_id",
            "response_date",
            "nps",
            "csat",
            "ces",
            "comment",
            "store",
        ],
    )?;
    let end = start_day() + DAYS;
    let take = (orders.len() / 10).max(1);
    for i in 0..take.min(6_000) {
        let o = &orders[rng.range(0, orders.len() as i64 - 1) as usize];
        let mood = store_mood(o.store) + rng.normal() * 1.6;
        let nps = (8.0 + mood).round().clamp(0.0, 10.0) as i64;
        let csat = (4.1 + mood * 0.5).round().clamp(1.0, 5.0) as i64;
        let ces = (5.6 + mood * 0.6).round().clamp(1.0, 7.0) as i64;
        let blank = |rng: &mut Rng, v: i64| {
            if rng.chance(0.05) {
                String::new()
            } else {
                v.to_string()
            }
        };
        let comment = if rng.chance(0.4) {
            String::new()
        } else if nps >= 9 {
            rng.pick(&GOOD).to_string()
        } else if nps >= 7 {
            rng.pick(&MEH).to_string()
        } else {
            rng.pick(&BAD).to_string()
        };
        out.line(&[
            format!("S-{}", 50_001 + i),
            people[o.customer].id.clone(),
            iso((o.day + rng.range(1, 10) as i32).min(end - 1)),
            blank(rng, nps),
            blank(rng, csat),
            blank(rng, ces),
            comment,
            o.store.to_string(),
        ])?;
    }
    finish(out)
}

fn tickets(dir: &Path, rng: &mut Rng, people: &[Customer], orders: &[OrderView]) -> io::Result<usize> {
    let mut out = open(
        dir,
        "tickets.csv",
        &[
            "ticket_id",
            "customer_id",
            "created_at",
            "first_response_at",
            "resolved_at",
            "first_contact_resolved",
            "category",
            "channel",
        ],
    )?;
    let end_secs = i64::from(start_day() + DAYS) * 86_400;
    let n = (orders.len() / 15).clamp(1, 4_000);
    for i in 0..n {
        let o = &orders[rng.range(0, orders.len() as i64 - 1) as usize];
        let day = o.day + rng.range(0, 20) as i32;
        let (created, created_text) = clock(rng, day, 8, 20);
        let first = created + rng.range(600, 30 * 3600);
        let resolved = first + rng.range(1800, 120 * 3600);
        let open_ticket = rng.chance(0.04) || resolved >= end_secs;
        let category = *rng.pick(&["Delivery", "Billing", "Product defect", "Complaint", "Account", "Other"]);
        out.line(&[
            format!("T-{}", 20_001 + i),
            people[o.customer].id.clone(),
            created_text,
            stamp(first.min(end_secs - 1)),
            if open_ticket { String::new() } else { stamp(resolved) },
            if rng.chance(0.65) { "yes" } else { "no" }.to_string(),
            category.to_string(),
            rng.pick(&["Email", "Phone", "Chat"]).to_string(),
        ])?;
    }
    finish(out)
}

fn spend(dir: &Path, rng: &mut Rng) -> io::Result<usize> {
    let mut out = open(dir, "marketing_spend.csv", &["month", "channel", "spend"])?;
    // Paid Social is the expensive channel: big budget, few customers.
    let budgets = [
        ("Paid Search", 6_500.0),
        ("Paid Social", 11_000.0),
        ("Email", 900.0),
        ("Marketplace", 3_200.0),
    ];
    for m in 0..36 {
        let (y, mo) = (2023 + (9 + m) / 12, (9 + m) % 12 + 1);
        for (channel, base) in budgets {
            let value = base * (1.0 + 0.01 * f64::from(m)) * (1.0 + 0.08 * rng.normal());
            out.line(&[format!("{y:04}-{mo:02}-01"), channel.to_string(), format!("{value:.2}")])?;
        }
    }
    finish(out)
}

fn invoices(dir: &Path, rng: &mut Rng, people: &[Customer], orders: &[OrderView]) -> io::Result<usize> {
    let mut out = open(
        dir,
        "invoices.csv",
        &[
            "invoice_id",
            "customer_id",
            "issue_date",
            "due_date",
            "paid_date",
            "amount",
        ],
    )?;
    let end = start_day() + DAYS;
    let mut n = 0;
    for o in orders.iter().filter(|o| people[o.customer].size > 0) {
        if n >= 20_000 || !rng.chance(0.45) {
            continue;
        }
        let terms = *rng.pick(&[14, 30, 60]);
        let due = o.day + terms;
        let paid = o.day + (f64::from(terms) * (0.2 + 0.7 * rng.f64()) * (0.35 * rng.normal()).exp()) as i32;
        let unpaid = paid >= end || rng.chance(if o.day > end - 90 { 0.25 } else { 0.02 });
        n += 1;
        out.line(&[
            format!("INV-{}", 700_001 + n),
            people[o.customer].id.clone(),
            iso(o.day),
            iso(due),
            if unpaid { String::new() } else { iso(paid) },
            format!("{:.2}", o.total),
        ])?;
    }
    finish(out)
}

fn sessions(dir: &Path, rng: &mut Rng) -> io::Result<usize> {
    let mut out = open(dir, "web_sessions.csv", &["date", "channel", "sessions", "conversions"])?;
    let channels = [
        ("Organic Search", 900.0, 0.025),
        ("Paid Search", 600.0, 0.03),
        ("Paid Social", 700.0, 0.006),
        ("Email", 250.0, 0.04),
        ("Referral", 200.0, 0.035),
        ("Direct", 400.0, 0.03),
    ];
    for d in 0..DAYS {
        let day = start_day() + d;
        let weekday = (day + 3).rem_euclid(7); // 0 = Monday
        let week = if weekday >= 5 { 0.75 } else { 1.0 };
        for (channel, base, conv) in channels {
            let s =
                (base * week * season(day) * (1.0 + 0.4 * f64::from(d) / f64::from(DAYS)) * (1.0 + 0.1 * rng.normal()))
                    .max(0.0)
                    .round();
            let c = (s * conv * (1.0 + 0.2 * rng.normal())).max(0.0).round();
            out.line(&[
                iso(day),
                channel.to_string(),
                (s as i64).to_string(),
                (c as i64).to_string(),
            ])?;
        }
    }
    finish(out)
}

fn reviews(dir: &Path, rng: &mut Rng) -> io::Result<usize> {
    let mut out = open(
        dir,
        "reviews.csv",
        &["review_date", "source", "store", "rating", "text"],
    )?;
    let mean = [4.2, 2.3, 4.5, 3.9, 3.8, 4.1];
    for _ in 0..3_000 {
        let s = rng.weighted(&[20.0, 18.0, 18.0, 14.0, 10.0, 20.0]);
        let rating = (mean[s] + 0.9 * rng.normal()).round().clamp(1.0, 5.0) as i64;
        let text = match rating {
            5 | 4 => rng.pick(&GOOD),
            3 => rng.pick(&MEH),
            _ => rng.pick(&BAD),
        };
        out.line(&[
            iso(start_day() + rng.range(0, i64::from(DAYS) - 1) as i32),
            rng.pick(&["Google", "Facebook", "Trustpilot"]).to_string(),
            STORES[s].to_string(),
            rating.to_string(),
            text.to_string(),
        ])?;
    }
    finish(out)
}

fn finish(out: CsvOut<BufWriter<File>>) -> io::Result<usize> {
    let rows = out.rows;
    out.finish()?;
    Ok(rows)
}
