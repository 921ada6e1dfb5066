//! The page's half of the warm-up (the worker's is `analytics::warm_up`):
//! the overview of the worker's made-up order lines is drawn once, chart by
//! chart, into a container off screen, then thrown away.
//!
//! The browser compiles ECharts' code the first time it runs, so the first
//! chart of the first real dashboard took four times as long as the next
//! (57–68 ms against 12–15), and the first filter redrew more slowly than
//! the next ones. Drawing while the user picks a file moves that cost out
//! of their way. One chart per timer tick keeps the page responsive.

use std::rc::Rc;
use std::time::Duration;

use analytics::dashboard::DashboardResult;
use leptos::prelude::set_timeout;
use wasm_bindgen::JsValue;

use super::{echarts, options};

/// Draws each chart of `result` off screen, one per timer tick.
pub fn draw_off_screen(result: DashboardResult) {
    let c = &result.charts;
    let charts: Vec<String> = [
        options::monthly_lines(&c.revenue, false),
        options::monthly_stacked(&c.new_returning),
        options::monthly_lines(&c.aov_frequency, true),
        options::breakdown(c.by_channel.as_ref(), "orders.channel"),
        options::clv_histogram(&c.clv),
        options::cohorts(&c.cohorts),
    ]
    .into_iter()
    .filter_map(Result::ok)
    .collect();
    next(Rc::new(charts), 0);
}

fn next(charts: Rc<Vec<String>>, i: usize) {
    if i >= charts.len() {
        return;
    }
    set_timeout(
        move || {
            draw(&charts[i]);
            next(charts, i + 1);
        },
        Duration::ZERO,
    );
}

/// Creates a chart off screen, sets its option twice (the first draw, then
/// the update path a filter takes) and removes it.
fn draw(json: &str) -> Option<()> {
    if !echarts::available() {
        return None;
    }
    let document = web_sys::window()?.document()?;
    let host = document.create_element("div").ok()?;
    host.set_attribute(
        "style",
        "position:fixed;left:-10000px;top:0;width:640px;height:320px;visibility:hidden",
    )
    .ok()?;
    host.set_attribute("aria-hidden", "true").ok()?;
    document.body()?.append_child(&host).ok()?;
    let drawn = (|| {
        let settings = js_sys::JSON::parse(r#"{"renderer":"canvas"}"#).ok()?;
        let chart = echarts::init(&host, JsValue::NULL, &settings).ok()?;
        for _ in 0..2 {
            let option = js_sys::JSON::parse(json).ok()?;
            let _ = chart.set_option(&option, true);
        }
        chart.dispose();
        Some(())
    })();
    host.remove();
    drawn
}
