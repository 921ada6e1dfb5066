//! The simulated world behind the demo files: customers with attributes and
//! buying rates, a product catalogue, and the orders they place. Every other
//! file is derived from these, so the files agree with each other.

use analytics::ingest::value::{days_from_ymd, ymd_from_days};

use crate::rng::Rng;

/// First day of the data: 2023-10-01.
pub fn start_day() -> i32 {
    days_from_ymd(2023, 10, 1).unwrap_or(19_631)
}
/// Number of days covered: through 2026-09-30.
pub const DAYS: i32 = 1096;

/// `yyyy-mm-dd`.
pub fn iso(day: i32) -> String {
    let (y, m, d) = ymd_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}
/// `dd.mm.yyyy`.
pub fn dotted(day: i32) -> String {
    let (y, m, d) = ymd_from_days(day);
    format!("{d:02}.{m:02}.{y:04}")
}

pub const COUNTRIES: [(&str, f64, &[&str]); 7] = [
    ("Poland", 30.0, &["Warszawa", "Kraków", "Łódź", "Gdańsk", "Wrocław"]),
    ("Germany", 25.0, &["Berlin", "München", "Köln", "Düsseldorf"]),
    ("Romania", 18.0, &["București", "Cluj-Napoca", "Timișoara", "Iași"]),
    ("Armenia", 8.0, &["Yerevan", "Gyumri"]),
    ("France", 8.0, &["Paris", "Lyon"]),
    ("Netherlands", 6.0, &["Amsterdam", "Rotterdam"]),
    ("Czechia", 5.0, &["Praha", "Brno"]),
];
const FIRST: [&[&str]; 7] = [
    &[
        "Łukasz",
        "Zofia",
        "Małgorzata",
        "Piotr",
        "Agnieszka",
        "Jerzy",
        "Katarzyna",
        "Michał",
    ],
    &[
        "Jürgen",
        "Anna",
        "Lukas",
        "Sophie",
        "Jörg",
        "Lena",
        "Maximilian",
        "Käthe",
    ],
    &["Ștefan", "Ioana", "Andrei", "Elena", "Mihai", "Ana", "Răzvan", "Ileana"],
    &["Aram", "Anahit", "Tigran", "Lusine", "Hovhannes", "Mariam"],
    &["Émile", "Chloé", "Louis", "Inès", "François"],
    &["Daan", "Emma", "Sem", "Julia"],
    &["Jiří", "Tereza", "Ondřej", "Eliška"],
];
const LAST: [&[&str]; 7] = [
    &[
        "Nowak",
        "Kowalski",
        "Wiśniewska",
        "Żółkiewski",
        "Gąsiorowski",
        "Świątek",
        "Lewandowski",
    ],
    &["Müller", "Schmidt", "Schäfer", "Weiß", "Groß", "Becker", "Hoffmann"],
    &["Popescu", "Ionescu", "Dumitrescu", "Stănescu", "Țurcanu", "Georgescu"],
    &["Hakobyan", "Petrosyan", "Sargsyan", "Grigoryan", "Harutyunyan"],
    &["Dubois", "Lefèvre", "Moreau", "Girard"],
    &["de Vries", "Jansen", "Bakker", "Visser"],
    &["Novák", "Dvořák", "Černý", "Procházka"],
];
pub const REGIONS: [&str; 5] = ["North", "South", "East", "West", "Central"];
pub const INDUSTRIES: [&str; 8] = [
    "Retail",
    "Manufacturing",
    "Healthcare",
    "Education",
    "Hospitality",
    "Technology",
    "Public sector",
    "Other",
];
pub const SIZES: [&str; 4] = ["1-9", "10-49", "50-249", "250+"];
pub const ACQ: [(&str, f64); 6] = [
    ("Organic Search", 30.0),
    ("Paid Search", 22.0),
    ("Paid Social", 5.0),
    ("Email", 12.0),
    ("Referral", 18.0),
    ("Marketplace", 13.0),
];
pub const STORES: [&str; 6] = [
    "Warszawa Centrum",
    "Kraków Rynek",
    "Berlin Mitte",
    "București Nord",
    "Yerevan Plaza",
    "Online Shop",
];
pub const CATEGORIES: [&str; 8] = [
    "Electronics",
    "Home & Garden",
    "Office",
    "Apparel",
    "Sports",
    "Beauty",
    "Toys",
    "Grocery",
];

/// One customer.
pub struct Customer {
    pub id: String,
    pub name: String,
    pub email: String,
    pub region: &'static str,
    pub country: usize,
    pub city: &'static str,
    pub industry: &'static str,
    pub size: usize,
    pub age: i64,
    pub acquisition: usize,
    pub signup: i32,
    /// Last day the customer may buy (churn or lapse), exclusive.
    pub stop: i32,
    pub churned: bool,
    /// Expected orders per year while active.
    pub rate: f64,
    /// One of the ~150 high-value customers who lapse 7-10 months before the end.
    pub lapsing_champion: bool,
}

/// One catalogue item.
pub struct Product {
    pub sku: String,
    pub name: String,
    pub category: usize,
    pub price: f64,
    pub cost: f64,
}

pub fn customers(rng: &mut Rng, n: usize) -> Vec<Customer> {
    let country_w: Vec<f64> = COUNTRIES.iter().map(|c| c.1).collect();
    let acq_w: Vec<f64> = ACQ.iter().map(|a| a.1).collect();
    let end = start_day() + DAYS;
    (0..n)
        .map(|i| {
            let country = rng.weighted(&country_w);
            let first = *rng.pick(FIRST[country]);
            let last = *rng.pick(LAST[country]);
            let company = rng.chance(0.4);
            let name = if company {
                format!(
                    "{last} {}",
                    rng.pick(&["GmbH", "Sp. z o.o.", "SRL", "LLC", "SARL", "BV"])
                )
            } else {
                format!("{first} {last}")
            };
            let email = format!("{}.{}{}@example.com", ascii(first), ascii(last), i + 1)
                .to_lowercase()
                .replace(' ', "");
            // More sign-ups later: the business grows.
            let signup = start_day() + (f64::from(DAYS - 30) * rng.f64().sqrt()) as i32;
            let rate = (0.9 + 0.9 * rng.normal()).exp().min(40.0);
            let churned = rng.chance(0.12);
            let stop = if churned {
                signup + 60 + rng.range(0, i64::from((end - signup - 60).max(1))) as i32
            } else {
                end
            };
            Customer {
                id: format!("C{:05}", i + 1),
                name,
                email,
                region: rng.pick::<&str>(&REGIONS),
                country,
                city: rng.pick::<&str>(COUNTRIES[country].2),
                industry: rng.pick::<&str>(&INDUSTRIES),
                size: rng.weighted(&[35.0, 30.0, 22.0, 13.0]),
                age: (42.0 + 12.0 * rng.normal()).clamp(18.0, 80.0) as i64,
                acquisition: rng.weighted(&acq_w),
                signup,
                stop: stop.min(end),
                churned,
                rate,
                lapsing_champion: false,
            }
        })
        .collect()
}

/// Makes ~150 early, frequent customers stop buying 7-10 months before the end.
pub fn plant_lapsing_champions(rng: &mut Rng, customers: &mut [Customer]) {
    let end = start_day() + DAYS;
    let early = customers
        .iter_mut()
        .filter(|c| c.signup < start_day() + 240 && !c.churned);
    for c in early.take(150) {
        c.rate = 22.0 + 20.0 * rng.f64();
        c.stop = end - rng.range(213, 304) as i32;
        c.lapsing_champion = true;
    }
}

pub fn products(rng: &mut Rng) -> Vec<Product> {
    const ADJ: [&str; 10] = [
        "Classic", "Pro", "Eco", "Compact", "Deluxe", "Smart", "Basic", "Premium", "Travel", "Family",
    ];
    const NOUN: [[&str; 3]; 8] = [
        ["Headphones", "Charger", "Speaker"],
        ["Planter", "Lamp", "Cushion"],
        ["Notebook", "Desk Organizer", "Pen Set"],
        ["Jacket", "T-Shirt", "Scarf"],
        ["Yoga Mat", "Water Bottle", "Running Socks"],
        ["Face Cream", "Shampoo", "Perfume"],
        ["Puzzle", "Building Blocks", "Plush Bear"],
        ["Coffee Beans", "Olive Oil", "Tea Selection"],
    ];
    const PRICE: [f64; 8] = [89.0, 39.0, 19.0, 49.0, 29.0, 24.0, 27.0, 12.0];
    (0..200)
        .map(|i| {
            let category = i % 8;
            let price = (PRICE[category] * (0.45 * rng.normal()).exp()).max(2.0);
            let price = (price * 100.0).round() / 100.0 - 0.01;
            let cost = ((price * (0.55 + 0.2 * rng.f64())) * 100.0).round() / 100.0;
            Product {
                sku: format!("SKU-{:04}", i + 1),
                name: format!("{} {}", ADJ[i / 8 % 10], NOUN[category][i / 80 % 3]),
                category,
                price: price.max(0.99),
                cost,
            }
        })
        .collect()
}

fn ascii(s: &str) -> String {
    analytics::roles::synonyms::normalize(s).replace(' ', "")
}

/// Relative demand by month (Nov/Dec peak, summer dip).
pub fn season(day: i32) -> f64 {
    let (_, m, _) = ymd_from_days(day);
    match m {
        11 => 1.45,
        12 => 1.75,
        7 | 8 => 0.8,
        1 => 0.85,
        _ => 1.0,
    }
}
