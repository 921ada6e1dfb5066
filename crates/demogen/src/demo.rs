//! `demogen demo`: the eight demo files, derived from one simulated world.
//!
//! Planted structure (also written to README.txt beside the files):
//! - ~150 high-value customers who bought often in the first two years stop
//!   buying 7–10 months before the end of the data (lapsing champions);
//! - `Paid Social` gets a large share of the marketing spend but brings few
//!   customers (the expensive acquisition channel);
//! - the store `Kraków Rynek` has poor reviews (≈ 2.3 stars) and lower NPS/CSAT;
//! - customer C00042 is named `<img src=x onerror=alert(1)>` (an XSS probe the
//!   UI must render as text) and C00043 has a comma and quotes in its name.

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::Path;

use crate::csv_out::CsvOut;
use crate::rng::Rng;
use crate::world::*;

/// Scale of the data set (the tests use a smaller one).
pub struct Scale {
    pub customers: usize,
    pub rate_factor: f64,
}

impl Scale {
    /// The full demo set: ≈ 5,000 customers and ≈ 150,000 order lines.
    pub const FULL: Scale = Scale {
        customers: 5_000,
        rate_factor: 2.4,
    };
}

struct Order {
    day: i32,
    customer: usize,
    channel: &'static str,
    store: &'static str,
    lines: Vec<(usize, i64)>,
}

type Out = CsvOut<BufWriter<File>>;

fn open(dir: &Path, name: &str, header: &[&str]) -> io::Result<Out> {
    let mut out = CsvOut::new(BufWriter::new(File::create(dir.join(name))?), b',');
    out.header(header)?;
    Ok(out)
}

/// Writes the demo set into `dir`; returns (file name, data rows) per file.
pub fn write(dir: &Path, seed: u64, scale: &Scale) -> io::Result<Vec<(String, usize)>> {
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng::new(seed);
    let mut people = customers(&mut rng, scale.customers);
    plant_lapsing_champions(&mut rng, &mut people);
    if let Some(c) = people.get_mut(41) {
        c.name = "<img src=x onerror=alert(1)>".into();
    }
    if let Some(c) = people.get_mut(42) {
        c.name = "Kowalski, \"Jan\" & Sons".into();
    }
    let catalogue = products(&mut rng);
    let orders = simulate_orders(&mut rng, &people, &catalogue, scale.rate_factor);
    let mut written = Vec::new();
    written.push((
        "orders.csv".to_string(),
        write_orders(dir, &mut rng, &people, &catalogue, &orders)?,
    ));
    written.push((
        "customers.csv".to_string(),
        write_customers(dir, &mut rng, &people, &orders)?,
    ));
    written.extend(crate::demo_cx::write_all(
        dir,
        &mut rng,
        &people,
        &orders_view(&orders),
    )?);
    std::fs::write(dir.join("README.txt"), README)?;
    Ok(written)
}

/// What the other files need to know of an order.
pub struct OrderView {
    pub day: i32,
    pub customer: usize,
    pub store: &'static str,
    pub total: f64,
}

fn orders_view(orders: &[(String, Order, f64)]) -> Vec<OrderView> {
    orders
        .iter()
        .map(|(_, o, total)| OrderView {
            day: o.day,
            customer: o.customer,
            store: o.store,
            total: *total,
        })
        .collect()
}

fn simulate_orders(
    rng: &mut Rng,
    people: &[Customer],
    catalogue: &[Product],
    factor: f64,
) -> Vec<(String, Order, f64)> {
    let start = start_day();
    let mut orders = Vec::new();
    for (ci, c) in people.iter().enumerate() {
        let own_store = match COUNTRIES[c.country].0 {
            "Poland" => {
                if c.city == "Kraków" {
                    1
                } else {
                    0
                }
            }
            "Germany" | "Netherlands" | "France" | "Czechia" => 2,
            "Romania" => 3,
            _ => 4,
        };
        for day in c.signup..c.stop {
            let growth = 0.85 + 0.3 * f64::from(day - start) / f64::from(DAYS);
            if !rng.chance(c.rate * factor / 365.0 * season(day) * growth) {
                continue;
            }
            let channel_i = rng.weighted(&[45.0, 35.0, 8.0, 12.0]);
            let channel = ["Online", "Store", "Phone", "Marketplace"][channel_i];
            let store = if channel_i == 0 || channel_i == 3 {
                STORES[5]
            } else {
                STORES[own_store]
            };
            let n_lines = 1 + rng.weighted(&[35.0, 30.0, 18.0, 10.0, 7.0]);
            let lines = (0..n_lines)
                .map(|_| {
                    (
                        (rng.f64().powi(2) * catalogue.len() as f64) as usize,
                        1 + rng.weighted(&[60.0, 25.0, 10.0, 5.0]) as i64,
                    )
                })
                .collect();
            orders.push(Order {
                day,
                customer: ci,
                channel,
                store,
                lines,
            });
        }
    }
    orders.sort_by_key(|o| (o.day, o.customer));
    orders
        .into_iter()
        .enumerate()
        .map(|(i, o)| {
            let total = o.lines.iter().map(|(p, q)| catalogue[*p].price * *q as f64).sum();
            (format!("SO-{}", 100_001 + i), o, total)
        })
        .collect()
}

fn money(x: f64) -> String {
    format!("{x:.2}")
}

fn write_orders(
    dir: &Path,
    rng: &mut Rng,
    people: &[Customer],
    catalogue: &[Product],
    orders: &[(String, Order, f64)],
) -> io::Result<usize> {
    let mut out = open(
        dir,
        "orders.csv",
        &[
            "order_id",
            "order_date",
            "customer_id",
            "product",
            "sku",
            "category",
            "channel",
            "store",
            "region",
            "country",
            "quantity",
            "unit_price",
            "amount",
            "cost",
        ],
    )?;
    let end = start_day() + DAYS;
    let mut returns = Vec::new();
    for (id, o, _) in orders {
        let c = &people[o.customer];
        for &(p, q) in &o.lines {
            let item = &catalogue[p];
            let row = |prefix: &str, day: i32, q: i64| {
                vec![
                    format!("{prefix}{id}"),
                    iso(day),
                    c.id.clone(),
                    item.name.clone(),
                    item.sku.clone(),
                    CATEGORIES[item.category].to_string(),
                    o.channel.to_string(),
                    o.store.to_string(),
                    c.region.to_string(),
                    COUNTRIES[c.country].0.to_string(),
                    q.to_string(),
                    money(item.price),
                    money(item.price * q as f64),
                    money(item.cost * q as f64),
                ]
            };
            out.line(&row("", o.day, q))?;
            if rng.chance(0.02) {
                let day = (o.day + rng.range(1, 30) as i32).min(end - 1);
                returns.push((day, row("R-", day, -q)));
            }
        }
    }
    returns.sort_by_key(|r| r.0);
    for (_, r) in returns {
        out.line(&r)?;
    }
    let rows = out.rows;
    out.finish()?;
    Ok(rows)
}

fn write_customers(
    dir: &Path,
    rng: &mut Rng,
    people: &[Customer],
    orders: &[(String, Order, f64)],
) -> io::Result<usize> {
    let mut last = vec![0i32; people.len()];
    for (_, o, _) in orders {
        last[o.customer] = last[o.customer].max(o.day);
    }
    let mut out = open(
        dir,
        "customers.csv",
        &[
            "customer_id",
            "name",
            "email",
            "region",
            "country",
            "city",
            "industry",
            "company_size",
            "age",
            "acquisition_channel",
            "signup_date",
            "status",
            "churn_date",
        ],
    )?;
    let end = start_day() + DAYS;
    for (i, c) in people.iter().enumerate() {
        let churn = if c.churned {
            iso((last[i].max(c.signup) + rng.range(30, 90) as i32).min(end - 1))
        } else {
            String::new()
        };
        out.line(&[
            c.id.clone(),
            c.name.clone(),
            c.email.clone(),
            c.region.to_string(),
            COUNTRIES[c.country].0.to_string(),
            c.city.to_string(),
            c.industry.to_string(),
            SIZES[c.size].to_string(),
            c.age.to_string(),
            ACQ[c.acquisition].0.to_string(),
            iso(c.signup),
            if c.churned { "churned" } else { "active" }.to_string(),
            churn,
        ])?;
    }
    let rows = out.rows;
    out.finish()?;
    Ok(rows)
}

const README: &str = "Demo data of a fictional European retailer, 2023-10-01 .. 2026-09-30, written by `demogen demo`.\n\
Planted structure:\n\
- about 150 high-value customers who bought often in the first two years stop buying 7-10 months before the end (lapsing champions);\n\
- 'Paid Social' takes a large share of marketing spend but brings few customers (expensive acquisition);\n\
- the store 'Kraków Rynek' has poor reviews (about 2.3 stars) and lower NPS and CSAT;\n\
- customer C00042 is named <img src=x onerror=alert(1)> (the UI must show it as text); C00043 has a comma and quotes in its name.\n";
