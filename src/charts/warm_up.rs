//! The page's half of the warm-up (the worker's is `analytics::warm_up`):
//! the overview of the worker's made-up order lines is drawn, chart by
//! chart, into a container off screen, then thrown away.
//!
//! The browser compiles ECharts' code the first time it runs, so the first
//! chart of the first real dashboard took four times as long as the next
//! (57–68 ms against 12–15), and the first filter redrew more slowly than
//! the next ones. Drawing while the user picks a file moves that cost out
//! of their way. One draw per timer tick keeps the page responsive.
//!
//! Each chart is drawn in turns from the unfiltered overview and from the
//! same overview filtered by one channel: a filter's answer removes bars
//! and changes every point, code that redrawing one option never ran. With
//! one option drawn sixteen times, the first filter of a 1M-line dashboard
//! took 60 and 76 ms (medians of ten pages, two runs), 10–25 ms more than
//! the next filters; in turns, 49 and 47, as fast as the next ones.

use std::rc::Rc;
use std::time::Duration;

use analytics::dashboard::DashboardResult;
use leptos::prelude::set_timeout;

use super::{echarts, options};

/// Draws each chart of `result` off screen, one draw per timer tick; with
/// `filtered` (the same data filtered), in turns with that chart of it.
/// While `hold` says so (a file is being read), the drawing waits: on a slow
/// machine it was still running a second after the engine was ready, and a
/// file chosen then was read beside 400 ms of chart drawing on the page's
/// thread.
pub fn draw_off_screen(result: DashboardResult, filtered: Option<DashboardResult>, hold: impl Fn() -> bool + 'static) {
    let unfiltered = chart_options(&result);
    let filtered = filtered.as_ref().map(chart_options);
    let charts: Vec<[String; 2]> = unfiltered
        .into_iter()
        .enumerate()
        .filter_map(|(i, option)| {
            let option = option.ok()?;
            let other = filtered
                .as_ref()
                .and_then(|f| f.get(i)?.as_ref().ok().cloned())
                .unwrap_or_else(|| option.clone());
            Some([option, other])
        })
        .collect();
    next(
        Rc::new(Drawing {
            charts,
            hold: Box::new(hold),
        }),
        0,
        0,
        None,
    );
}

/// The charts' two options each, and when to wait.
struct Drawing {
    charts: Vec<[String; 2]>,
    hold: Box<dyn Fn() -> bool>,
}

/// How often a held drawing looks again whether it may go on.
const HELD: Duration = Duration::from_millis(50);

/// The options of the overview's kinds of chart, in one order.
fn chart_options(result: &DashboardResult) -> Vec<Result<String, String>> {
    let c = &result.charts;
    vec![
        options::monthly_lines(&c.revenue, false),
        options::monthly_stacked(&c.new_returning),
        options::monthly_lines(&c.aov_frequency, true),
        options::breakdown(c.by_channel.as_ref(), "orders.channel"),
        options::clv_histogram(&c.clv),
        options::cohorts(&c.cohorts),
    ]
}

/// How many times each chart's option is set: the first draw, then the
/// update path a filter takes until the browser has made it fast code. With
/// two, the seven charts of a 1M-line dashboard took 67–80 ms to set and of
/// its first filter 51–97 ms; with eight, 41–62 and 42–59. Sixteen took
/// the whole first filter from 63–65 to 58–59 ms (three alternations);
/// thirty-two were no better for it and were still drawing when a file
/// chosen a second after the engine was ready arrived (file → dashboard
/// 523–528 → 629–658 ms).
const DRAWS: usize = 16;

/// Draws chart `i` for the `draw`-th time in its own timer tick, on the
/// off-screen chart `open` (created on the first draw, removed after the
/// last).
fn next(drawing: Rc<Drawing>, i: usize, draw: usize, open: Option<OffScreen>) {
    if i >= drawing.charts.len() {
        return;
    }
    let wait = if (drawing.hold)() { HELD } else { Duration::ZERO };
    set_timeout(
        move || {
            if (drawing.hold)() {
                next(drawing, i, draw, open);
                return;
            }
            let Some(chart) = open.or_else(OffScreen::new) else {
                return;
            };
            chart.draw(&drawing.charts[i][draw % 2]);
            if draw + 1 < DRAWS {
                next(drawing, i, draw + 1, Some(chart));
            } else {
                chart.remove();
                next(drawing, i + 1, 0, None);
            }
        },
        wait,
    );
}

/// The off-screen chart's size in CSS pixels.
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 320.0;

/// A chart in a container off screen.
struct OffScreen {
    host: web_sys::Element,
    chart: echarts::Instance,
}

impl OffScreen {
    fn new() -> Option<OffScreen> {
        if !echarts::available() {
            return None;
        }
        let document = web_sys::window()?.document()?;
        let host = document.create_element("div").ok()?;
        host.set_attribute(
            "style",
            &format!("position:fixed;left:-10000px;top:0;width:{WIDTH}px;height:{HEIGHT}px;visibility:hidden"),
        )
        .ok()?;
        host.set_attribute("aria-hidden", "true").ok()?;
        document.body()?.append_child(&host).ok()?;
        match echarts::init_sized(&host, WIDTH, HEIGHT) {
            Ok(chart) => Some(OffScreen { host, chart }),
            Err(_) => {
                host.remove();
                None
            }
        }
    }

    fn draw(&self, json: &str) {
        if let Ok(option) = js_sys::JSON::parse(json) {
            let _ = self.chart.set_option(&option, true);
        }
    }

    fn remove(self) {
        self.chart.dispose();
        self.host.remove();
    }
}
