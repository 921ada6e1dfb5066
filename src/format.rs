//! Numbers formatted for the reader's locale (a decimal comma and
//! thin-space grouping where the browser's language uses them).

use crate::i18n::{t, Msg};
use std::cell::RefCell;
use std::collections::HashMap;

/// An integer with the browser locale's grouping, e.g. `150 000` or `150,000`.
pub fn int(n: usize) -> String {
    number(n as f64, 0)
}

/// A share 0–1 as a whole percentage.
pub fn percent(share: f32) -> String {
    format!("{:.0} %", (share * 100.0).clamp(0.0, 100.0))
}

/// A byte count in B/KB/MB.
pub fn bytes(n: f64) -> String {
    if n >= 1024.0 * 1024.0 {
        format!("{:.1} MB", n / 1024.0 / 1024.0)
    } else if n >= 1024.0 {
        format!("{:.0} KB", n / 1024.0)
    } else {
        // An empty file is "0 B", not "1 KB".
        format!("{n:.0} B")
    }
}

fn locale() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_else(|| "en".to_string())
}

thread_local! {
    // Building an Intl formatter is far dearer than using one, and a
    // dashboard update formats a few hundred numbers and month names: each
    // formatter is built once per page (the browser's language is fixed).
    static NUMBER_FORMATS: RefCell<HashMap<String, js_sys::Intl::NumberFormat>> = RefCell::default();
    static MONTH_NAMES: RefCell<HashMap<i32, String>> = RefCell::default();
    // One formatter for every month name: `toLocaleDateString` builds one
    // per call (a file of three years took 6.5 ms of the first dashboard).
    static MONTH_FORMAT: js_sys::Intl::DateTimeFormat = js_sys::Intl::DateTimeFormat::new(
        &js_sys::Array::of1(&locale().into()),
        &intl_options(&[("month", "long".into()), ("year", "numeric".into())]),
    );
}

/// Builds ahead of need what the page's first figures would otherwise wait
/// for. The browser loads its locale data when the page makes its first
/// `Intl` formatter: 18–49 ms in Chromium here, which fell between a file
/// being read and its card showing; later formatters take under 2 ms. The
/// first month name costs a few milliseconds more of the first dashboard.
pub fn prepare() {
    for decimals in 0..=2 {
        let _ = number(0.0, decimals);
    }
    let _ = month_name(0);
}

/// The options object of an `Intl` formatter.
fn intl_options(options: &[(&str, wasm_bindgen::JsValue)]) -> js_sys::Object {
    let object = js_sys::Object::new();
    for (k, v) in options {
        let _ = js_sys::Reflect::set(&object, &(*k).into(), v);
    }
    object
}

/// The formatter for `options`, built on first use.
fn number_format(options: &[(&str, wasm_bindgen::JsValue)]) -> js_sys::Intl::NumberFormat {
    let key = format!("{options:?}");
    NUMBER_FORMATS.with(|cache| {
        cache
            .borrow_mut()
            .entry(key)
            .or_insert_with(|| {
                js_sys::Intl::NumberFormat::new(&js_sys::Array::of1(&locale().into()), &intl_options(options))
            })
            .clone()
    })
}

fn apply(format: &js_sys::Intl::NumberFormat, x: f64) -> String {
    format
        .format()
        .call1(format, &x.into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| format!("{x}"))
        // The minus sign, as the changes write it, not a hyphen.
        .replace('-', "−")
}

/// A number with `decimals` decimals in the reader's locale.
pub fn number(x: f64, decimals: u32) -> String {
    let d = wasm_bindgen::JsValue::from(decimals);
    apply(
        &number_format(&[("minimumFractionDigits", d.clone()), ("maximumFractionDigits", d)]),
        x,
    )
}

/// An amount, with the currency when the files named one.
pub fn money(x: f64, currency: Option<&str>) -> String {
    match currency {
        Some(code) => apply(
            &number_format(&[
                ("style", "currency".into()),
                ("currency", code.into()),
                ("maximumFractionDigits", 0.into()),
                ("minimumFractionDigits", 0.into()),
            ]),
            x,
        ),
        None => number(x, 0),
    }
}

/// A KPI value as its card shows it.
pub fn kpi(x: f64, unit: analytics::kpi::Unit, currency: Option<&str>) -> String {
    use analytics::kpi::Unit;
    match unit {
        Unit::Money => money(x, currency),
        Unit::Count => number(x, 0),
        Unit::Percent => format!("{} %", number(x, 1)),
        Unit::Ratio => number(x, 2),
    }
}

/// The change of a KPI against P′: absolute and relative.
pub fn change(
    value: f64,
    previous: f64,
    unit: analytics::kpi::Unit,
    currency: Option<&str>,
) -> (String, Option<String>) {
    use analytics::kpi::Unit;
    let diff = value - previous;
    let sign = if is_flat(value, previous, unit) {
        "±"
    } else if diff > 0.0 {
        "+"
    } else if diff < 0.0 {
        "−"
    } else {
        "±"
    };
    let abs = match unit {
        Unit::Percent => format!("{sign}{} pp", number(diff.abs(), 1)),
        _ => format!("{sign}{}", kpi(diff.abs(), unit, currency)),
    };
    let rel = (previous != 0.0).then(|| {
        // Its own sign: 0.0 pp may still be +0.4 % of a small rate.
        let r = diff / previous * 100.0;
        let sign = if r.abs() < 0.05 {
            "±"
        } else if r > 0.0 {
            "+"
        } else {
            "−"
        };
        format!("{sign}{} %", number(r.abs(), 1))
    });
    (abs, rel)
}

/// Whether a change would read as zero where it is shown (0.0 pp; or under
/// half a unit and 0.0 %): it is then drawn as no change, not as a red
/// "−0.0".
pub fn is_flat(value: f64, previous: f64, unit: analytics::kpi::Unit) -> bool {
    let diff = value - previous;
    match unit {
        analytics::kpi::Unit::Percent => diff.abs() < 0.05,
        _ => diff == 0.0 || (diff.abs() < 0.5 && previous != 0.0 && (diff / previous).abs() < 0.0005),
    }
}

/// "March 2026" for the month of a day number, in the reader's language.
pub fn month_name(day: i32) -> String {
    let (y, m, _) = analytics::ingest::value::ymd_from_days(day);
    let month = y * 12 + m as i32;
    MONTH_NAMES.with(|cache| {
        cache
            .borrow_mut()
            .entry(month)
            .or_insert_with(|| {
                let date = js_sys::Date::new_with_year_month_day(y as u32, m as i32 - 1, 15);
                MONTH_FORMAT
                    .with(|f| f.format().call1(f, &date).ok())
                    .and_then(|v| v.as_string())
                    .unwrap_or_else(|| format!("{y}-{m:02}"))
            })
            .clone()
    })
}

/// A period as its control names it.
pub fn period(kind: analytics::period::PeriodKind, range: analytics::period::DayRange) -> String {
    use analytics::period::PeriodKind;
    let (y, m, _) = analytics::ingest::value::ymd_from_days(range.from);
    let (name, months) = match kind {
        PeriodKind::Month => (month_name(range.from), 1),
        PeriodKind::Quarter => (format!("Q{} {y}", (m - 1) / 3 + 1), 3),
        PeriodKind::Year => (format!("{y}"), 12),
        PeriodKind::Custom | PeriodKind::All => return range.label(),
    };
    if range.whole_months() == Some(months) {
        name
    } else {
        // Cut where the data ends: compared to date.
        format!(
            "{name} {} {}",
            t(Msg::UpTo),
            analytics::ingest::sheet::iso_date(range.to)
        )
    }
}
