//! Charts of the segment page: the R×F grid, treemaps of segments, the
//! silhouette per k, the cluster scatter, trends per segment and the
//! migration Sankey. Segment names can be user text (attribute values), so
//! every label and tooltip is canvas text (see [`super::options`]).

use analytics::segment::report::{ClusterView, Migration, RfGrid, SegmentSummary};
use charming::component::{Axis, Legend};
use charming::datatype::{CompositeValue, DataPoint};
use charming::element::{AxisType, Label, Tooltip, Trigger};
use charming::series::{Heatmap, Line, Sankey, Scatter, Treemap};
use charming::Chart;

use super::options::{finish, finish_with, grid, heat_scale};
use crate::i18n::{t, Msg};

fn empty() -> String {
    t(Msg::NoDataInView).into()
}

/// The 5×5 grid of recency score (rows, 5 at the top) by frequency score.
pub fn rf_grid(g: &RfGrid) -> Result<String, String> {
    if g.counts.iter().flatten().all(|&c| c == 0) {
        return Err(empty());
    }
    let mut data: Vec<Vec<DataPoint>> = Vec::new();
    let mut max = 1;
    for (row, counts) in g.counts.iter().enumerate() {
        for (f, &n) in counts.iter().enumerate() {
            max = max.max(n);
            let mean = g.monetary[row][f].map_or(0.0, |m| m.round());
            // y: R 5 at the top → category index 4 − row from the bottom.
            data.push(vec![
                (f as i64).into(),
                ((4 - row) as i64).into(),
                i64::from(n).into(),
                mean.into(),
            ]);
        }
    }
    let chart = Chart::new()
        .grid(
            charming::component::Grid::new()
                .left(8)
                .right(8)
                .top(8)
                .bottom(48)
                .contain_label(true),
        )
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .name("F")
                .data(vec!["F1", "F2", "F3", "F4", "F5"]),
        )
        .y_axis(
            Axis::new()
                .type_(AxisType::Category)
                .name("R")
                .data(vec!["R1", "R2", "R3", "R4", "R5"]),
        )
        .visual_map(heat_scale(max))
        .series(
            Heatmap::new()
                .name(t(Msg::ColCustomers))
                .label(Label::new().show(true).font_size(11))
                .data(data),
        );
    // Name the four dimensions so the tooltip shows customers and the mean
    // net revenue of the cell.
    finish_with(chart, |value| {
        // Colour by the count, not by the last dimension (ECharts' default).
        match value.get_mut("visualMap") {
            Some(serde_json::Value::Array(maps)) => maps.iter_mut().for_each(|m| m["dimension"] = 2.into()),
            Some(map @ serde_json::Value::Object(_)) => map["dimension"] = 2.into(),
            _ => {}
        }
        if let Some(series) = value.pointer_mut("/series/0").and_then(|s| s.as_object_mut()) {
            series.insert(
                "dimensions".into(),
                serde_json::json!(["F", "R", t(Msg::ColCustomers), t(Msg::ColMonetary)]),
            );
            series.insert(
                "encode".into(),
                serde_json::json!({ "x": 0, "y": 1, "value": 2, "tooltip": [2, 3] }),
            );
        }
    })
}

/// Segments as rectangles sized by customers or by net revenue.
pub fn treemap(segments: &[SegmentSummary], by_revenue: bool) -> Result<String, String> {
    let items: Vec<serde_json::Value> = segments
        .iter()
        .map(|s| {
            (
                s,
                if by_revenue {
                    s.revenue.max(0.0)
                } else {
                    s.customers as f64
                },
            )
        })
        .filter(|(_, v)| *v > 0.0)
        .map(|(s, v)| serde_json::json!({ "name": s.name, "value": (v * 100.0).round() / 100.0 }))
        .collect();
    if items.is_empty() {
        return Err(empty());
    }
    let chart = Chart::new().tooltip(Tooltip::new().trigger(Trigger::Item)).series(
        Treemap::new()
            .name(if by_revenue {
                t(Msg::ColRevenue)
            } else {
                t(Msg::ColCustomers)
            })
            .top(4)
            .bottom(4)
            .left(4)
            .right(4),
    );
    finish_with(chart, |value| {
        if let Some(series) = value.pointer_mut("/series/0").and_then(|s| s.as_object_mut()) {
            series.insert("data".into(), items.into());
            series.insert("roam".into(), false.into());
            series.insert("nodeClick".into(), false.into());
            series.insert("breadcrumb".into(), serde_json::json!({ "show": false }));
        }
    })
}

/// Mean silhouette for each k tried.
pub fn silhouettes(c: &ClusterView) -> Result<String, String> {
    if c.silhouettes.is_empty() {
        return Err(empty());
    }
    let ks: Vec<String> = c.silhouettes.iter().map(|(k, _)| k.to_string()).collect();
    let vals: Vec<CompositeValue> = c
        .silhouettes
        .iter()
        .map(|(_, s)| CompositeValue::from((s * 1000.0).round() / 1000.0))
        .collect();
    let chart = Chart::new()
        .grid(grid())
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .x_axis(Axis::new().type_(AxisType::Category).name("k").data(ks))
        .y_axis(Axis::new().type_(AxisType::Value))
        .series(Line::new().name(t(Msg::ChartSilhouette)).data(vals));
    finish(chart)
}

/// A sample of customers: days since the last order against net revenue,
/// one colour per cluster.
pub fn scatter(c: &ClusterView) -> Result<String, String> {
    if c.scatter.is_empty() {
        return Err(empty());
    }
    let mut chart = Chart::new()
        .grid(grid())
        .legend(Legend::new().top(0))
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .x_axis(Axis::new().type_(AxisType::Value).name(t(Msg::ColRecency)))
        .y_axis(Axis::new().type_(AxisType::Log).name(t(Msg::ColRevenue)));
    for (i, cluster) in c.clusters.iter().enumerate() {
        let points: Vec<Vec<f64>> = c
            .scatter
            .iter()
            .filter(|p| p.2 as usize == i && p.1 > 0.0)
            .map(|p| vec![f64::from(p.0), (p.1 * 100.0).round() / 100.0])
            .collect();
        chart = chart.series(Scatter::new().name(cluster.name.clone()).symbol_size(5).data(points));
    }
    finish(chart)
}

/// One line per segment over months.
pub fn segment_lines(months: &[String], names: &[String], values: &[Vec<f64>]) -> Result<String, String> {
    if months.is_empty() || values.iter().flatten().all(|&v| v == 0.0) {
        return Err(empty());
    }
    let mut chart = Chart::new()
        .grid(
            charming::component::Grid::new()
                .left(8)
                .right(16)
                .top(64)
                .bottom(8)
                .contain_label(true),
        )
        .legend(Legend::new().top(0).type_(charming::component::LegendType::Scroll))
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .x_axis(Axis::new().type_(AxisType::Category).data(months.to_vec()))
        .y_axis(Axis::new().type_(AxisType::Value));
    for (name, series) in names.iter().zip(values) {
        if series.iter().all(|&v| v == 0.0) {
            continue;
        }
        let data: Vec<CompositeValue> = series
            .iter()
            .map(|v| CompositeValue::from((v * 100.0).round() / 100.0))
            .collect();
        chart = chart.series(Line::new().name(name.clone()).data(data));
    }
    finish(chart)
}

/// A migration row's name; the last row is the customers who had not
/// ordered yet at the start.
pub fn migration_name(m: &Migration, i: usize) -> String {
    if i + 1 == m.names.len() {
        t(Msg::NotYetCustomer).to_string()
    } else {
        m.names.get(i).cloned().unwrap_or_default()
    }
}

/// Customers flowing from their segment at the end of P′ to their segment at
/// the end of P.
pub fn migration(m: &Migration) -> Result<String, String> {
    if m.flows.is_empty() {
        return Err(empty());
    }
    let name = |i: usize| migration_name(m, i);
    let before = |i: usize| format!("{} · {}", name(i), m.from_day);
    let after = |i: usize| format!("{} · {}", name(i), m.to_day);
    let mut used_before = vec![false; m.names.len()];
    let mut used_after = vec![false; m.names.len()];
    for &(f, to, _) in &m.flows {
        used_before[f] = true;
        used_after[to] = true;
    }
    let mut nodes: Vec<String> = (0..m.names.len()).filter(|&i| used_before[i]).map(before).collect();
    nodes.extend((0..m.names.len()).filter(|&i| used_after[i]).map(after));
    let links: Vec<(String, String, f64)> = m
        .flows
        .iter()
        .map(|&(f, to, n)| (before(f), after(to), f64::from(n)))
        .collect();
    let chart = Chart::new().tooltip(Tooltip::new().trigger(Trigger::Item)).series(
        // Nodes keep the segments' order (best first) instead of being
        // rearranged by 32 layout passes: steadier to read, and cheaper.
        Sankey::new()
            .layout_iterations(0u64)
            .left(8)
            .right(200)
            .top(8)
            .bottom(8)
            .label(Label::new().font_size(11))
            .nodes(nodes)
            .links(links),
    );
    finish(chart)
}

/// A single line over months (a segment's cumulative members).
pub fn growth(months: &[String], counts: &[u32]) -> Result<String, String> {
    if counts.iter().all(|&c| c == 0) {
        return Err(empty());
    }
    let data: Vec<CompositeValue> = counts.iter().map(|&c| CompositeValue::from(i64::from(c))).collect();
    let chart = Chart::new()
        .grid(grid())
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .x_axis(Axis::new().type_(AxisType::Category).data(months.to_vec()))
        .y_axis(Axis::new().type_(AxisType::Value))
        .series(Line::new().name(t(Msg::ColCustomers)).data(data));
    finish(chart)
}
