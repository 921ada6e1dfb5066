//! View models from the engine → charming charts → JSON for ECharts.
//!
//! Tooltips use ECharts' `richText` mode: they are drawn on the canvas, so
//! a customer or category named `<img src=x onerror=…>` is shown as those
//! characters and can never become HTML.

use analytics::charts::{Breakdown, CohortMatrix, Histogram, MonthlyChart};
use charming::component::{Axis, Grid, Legend, VisualMap};
use charming::datatype::CompositeValue;
use charming::element::{AxisType, ItemStyle, Label, Orient, Tooltip, Trigger};
use charming::series::{Bar, Heatmap, Line};
use charming::Chart;

use crate::i18n::series_name;

/// Calm series colours (accent blue, grey, teal, amber, violet, then
/// more): twelve, so that the eleven RFM segments of a trend chart each
/// keep a colour of their own (ECharts starts over after the last).
pub(crate) const PALETTE: [&str; 12] = [
    "#2f5d8a", "#9aa7b4", "#3a9188", "#d08c2f", "#7b5ea7", "#b5534f", "#6fa3d0", "#8c6d46", "#5e9e5a", "#c97ca2",
    "#4b5563", "#b3a23a",
];

/// Serialises a chart with the text-only tooltip.
pub(crate) fn finish(chart: Chart) -> Result<String, String> {
    finish_with(chart, |_| {})
}

/// Serialises a chart, lets `patch` add what charming cannot express (a
/// treemap's data), and sets the text-only tooltip.
pub(crate) fn finish_with(chart: Chart, patch: impl FnOnce(&mut serde_json::Value)) -> Result<String, String> {
    let mut value = serde_json::to_value(&chart).map_err(|e| e.to_string())?;
    patch(&mut value);
    if let Some(obj) = value.as_object_mut() {
        let tooltip = obj
            .entry("tooltip")
            .or_insert_with(|| serde_json::json!({ "trigger": "item" }));
        if let Some(t) = tooltip.as_object_mut() {
            t.insert("renderMode".into(), "richText".into());
            t.insert("confine".into(), true.into());
        }
        obj.insert("color".into(), serde_json::json!(PALETTE));
        // Charts show a new answer at once: an animation would keep the
        // page repainting for its duration after every filter, and a
        // number that is still moving cannot be read.
        obj.insert("animation".into(), false.into());
        obj.insert(
            "textStyle".into(),
            serde_json::json!({ "fontFamily": "system-ui, sans-serif" }),
        );
    }
    serde_json::to_string(&value).map_err(|e| e.to_string())
}

/// The heat maps' two ends, pale to accent blue, as red, green, blue.
const HEAT_PALE: [u8; 3] = [0xee, 0xf3, 0xf8];
const HEAT_ACCENT: [u8; 3] = [0x2f, 0x5d, 0x8a];

fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The colour scale of a heat map, pale to accent blue, under the chart.
pub(crate) fn heat_scale(max: u32) -> VisualMap {
    VisualMap::new()
        .min(0)
        .max(max)
        .calculable(false)
        .orient(Orient::Horizontal)
        .left("center")
        .bottom(0)
        .in_range(charming::component::VisualMapChannel::new().color(vec![hex(HEAT_PALE), hex(HEAT_ACCENT)]))
}

/// The heat maps' colour for `share` (0 to 1) of the largest value: the
/// scale of `heat_scale`, mixed channel by channel.
pub(crate) fn heat_colour(share: f64) -> String {
    let t = if share.is_nan() { 0.0 } else { share.clamp(0.0, 1.0) };
    let mix = |pale: u8, accent: u8| (f64::from(pale) + (f64::from(accent) - f64::from(pale)) * t).round() as u8;
    hex([0, 1, 2].map(|i| mix(HEAT_PALE[i], HEAT_ACCENT[i])))
}

pub(crate) fn grid() -> Grid {
    Grid::new().left(8).right(16).top(36).bottom(8).contain_label(true)
}

fn values(v: &[Option<f64>]) -> Vec<CompositeValue> {
    v.iter()
        .map(|x| CompositeValue::from(x.map(|x| (x * 100.0).round() / 100.0)))
        .collect()
}

/// The frame of a chart over months: legend, axis tooltip, month axis.
fn monthly_base(m: &MonthlyChart) -> Result<Chart, String> {
    if m.months.is_empty() {
        return Err(crate::i18n::t(crate::i18n::Msg::NoDataInView).into());
    }
    Ok(Chart::new()
        .grid(grid())
        .legend(Legend::new().top(0))
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .x_axis(Axis::new().type_(AxisType::Category).data(m.months.clone()))
        .y_axis(Axis::new().type_(AxisType::Value)))
}

/// Lines over months (revenue with last year's, AOV and frequency on two axes).
pub fn monthly_lines(m: &MonthlyChart, two_axes: bool) -> Result<String, String> {
    let mut chart = monthly_base(m)?;
    if two_axes {
        chart = chart.y_axis(Axis::new().type_(AxisType::Value));
    }
    for (i, s) in m.series.iter().enumerate() {
        let mut line = Line::new()
            .name(series_name(&s.name))
            .data(values(&s.values))
            .smooth(0.2)
            .symbol_size(6);
        if two_axes {
            line = line.y_axis_index(i as f64);
        }
        if i == 1 && !two_axes {
            line = line.line_style(charming::element::LineStyle::new().type_(charming::element::LineStyleType::Dashed));
        }
        chart = chart.series(line);
    }
    finish(chart)
}

/// Stacked bars over months (new and returning customers).
pub fn monthly_stacked(m: &MonthlyChart) -> Result<String, String> {
    let mut chart = monthly_base(m)?;
    for s in &m.series {
        chart = chart.series(
            Bar::new()
                .name(series_name(&s.name))
                .stack("customers")
                .data(values(&s.values)),
        );
    }
    finish(chart)
}

/// Horizontal bars of net revenue per value, largest on top.
pub fn breakdown(b: Option<&Breakdown>, needs: &str) -> Result<String, String> {
    let Some(b) = b else {
        return Err(format!("{} {needs}", crate::i18n::t(crate::i18n::Msg::Needs)));
    };
    if b.items.is_empty() {
        return Err(crate::i18n::t(crate::i18n::Msg::NoDataInView).into());
    }
    let names: Vec<String> = b.items.iter().rev().map(|(n, _)| n.clone()).collect();
    let data: Vec<CompositeValue> = b
        .items
        .iter()
        .rev()
        .map(|(_, v)| CompositeValue::from((v * 100.0).round() / 100.0))
        .collect();
    let chart = Chart::new()
        .grid(Grid::new().left(8).right(24).top(8).bottom(8).contain_label(true))
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .x_axis(Axis::new().type_(AxisType::Value))
        .y_axis(Axis::new().type_(AxisType::Category).data(names))
        .series(
            Bar::new()
                .name(series_name("net_revenue"))
                .data(data)
                .item_style(ItemStyle::new().border_radius(3)),
        );
    finish(chart)
}

/// Cohort retention heat map: cohorts down, months since first order across.
pub fn cohorts(c: &CohortMatrix) -> Result<String, String> {
    if c.sizes.iter().all(|&s| s == 0) {
        return Err(crate::i18n::t(crate::i18n::Msg::NoDataInView).into());
    }
    let ks: Vec<String> = (0..c.cells.len()).map(|k| format!("+{k}")).collect();
    let labels: Vec<String> = c
        .cohorts
        .iter()
        .zip(&c.sizes)
        .map(|(m, n)| format!("{m} ({n})"))
        .rev()
        .collect();
    let rows = c.cells.len();
    // Each cell carries its own colour: the labels show the %, so a colour
    // scale under the chart would say nothing more, and ECharts' visualMap
    // made this the slowest of the seven charts to redraw on a filter.
    // charming's heat map takes bare [x, y, value] points; each cell's
    // colour is set on the serialised option.
    let mut data = Vec::new();
    for (ci, row) in c.cells.iter().enumerate() {
        for (k, cell) in row.iter().enumerate() {
            if let Some(v) = cell {
                data.push(serde_json::json!({
                    "value": [k, rows - 1 - ci, v.round()],
                    "itemStyle": { "color": heat_colour(v / 100.0) },
                }));
            }
        }
    }
    // ECharts' room for these labels ("2025-10 (183)") came out about one
    // character short, cutting the year's first digit: a wider margin.
    let chart = Chart::new()
        .grid(Grid::new().left(20).right(8).top(8).bottom(8).contain_label(true))
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .x_axis(Axis::new().type_(AxisType::Category).data(ks))
        .y_axis(Axis::new().type_(AxisType::Category).data(labels))
        .series(Heatmap::new().name("%").label(Label::new().show(true).font_size(10)));
    finish_with(chart, |option| {
        if let Some(series) = option.pointer_mut("/series/0") {
            series["data"] = serde_json::Value::Array(data);
        }
    })
}

/// Customers per band of historical CLV.
pub fn clv_histogram(h: &Histogram) -> Result<String, String> {
    if h.counts.is_empty() {
        return Err(crate::i18n::t(crate::i18n::Msg::NoDataInView).into());
    }
    let last = h.edges.len().saturating_sub(1);
    let names: Vec<String> = h
        .edges
        .iter()
        .enumerate()
        .map(|(i, e)| {
            if i == last {
                format!("{}+", e.round())
            } else {
                format!("{}–{}", e.round(), (e + h.width).round())
            }
        })
        .collect();
    let chart = Chart::new()
        .grid(grid())
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .x_axis(Axis::new().type_(AxisType::Category).data(names))
        .y_axis(Axis::new().type_(AxisType::Value))
        .series(
            Bar::new()
                .name(series_name("customers"))
                .data(
                    h.counts
                        .iter()
                        .map(|&c| CompositeValue::from(i64::from(c)))
                        .collect::<Vec<_>>(),
                )
                .bar_width("90%"),
        );
    finish(chart)
}

/// A customer's net revenue per month.
pub fn customer_months(m: &MonthlyChart) -> Result<String, String> {
    monthly_stacked(m)
}

#[cfg(test)]
mod tests {
    use super::heat_colour;

    #[test]
    fn heat_colours_run_from_pale_to_accent_blue() {
        assert_eq!(heat_colour(0.0), "#eef3f8");
        assert_eq!(heat_colour(1.0), "#2f5d8a");
        // Halfway: (238 + 47) / 2 = 142.5 → 143 = 0x8f; (243 + 93) / 2 = 168
        // = 0xa8; (248 + 138) / 2 = 193 = 0xc1.
        assert_eq!(heat_colour(0.5), "#8fa8c1");
        // Out of range and undefined shares stay on the scale.
        assert_eq!(heat_colour(1.7), "#2f5d8a");
        assert_eq!(heat_colour(-0.2), "#eef3f8");
        assert_eq!(heat_colour(f64::NAN), "#eef3f8");
    }
}
