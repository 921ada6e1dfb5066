//! Numbers formatted for the reader's locale (a decimal comma and
//! thin-space grouping where the browser's language uses them).

/// An integer with the browser locale's grouping, e.g. `150 000` or `150,000`.
pub fn int(n: usize) -> String {
    let number = js_sys::Number::from(n as f64);
    let locale: String = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_else(|| "en".to_string());
    number
        .to_locale_string(&locale)
        .as_string()
        .unwrap_or_else(|| n.to_string())
}

/// A share 0–1 as a whole percentage.
pub fn percent(share: f32) -> String {
    format!("{:.0} %", (share * 100.0).clamp(0.0, 100.0))
}

/// A byte count in KB/MB.
pub fn bytes(n: f64) -> String {
    if n >= 1024.0 * 1024.0 {
        format!("{:.1} MB", n / 1024.0 / 1024.0)
    } else {
        format!("{:.0} KB", (n / 1024.0).max(1.0))
    }
}
