//! Segment membership as CSV: the `custdash segments` output and the
//! page's export for a CRM campaign.

use super::{RfmSegment, SegmentModel};
use crate::dataset::{Dataset, DimLevel};
use crate::drill::escape_csv_cell;
use crate::drill::export::number;
use crate::table::NULL_CODE;

/// What the CSV holds besides the RFM columns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportColumns {
    /// Add the `cluster` column (the model must hold clusters).
    pub cluster: bool,
    /// Add every categorical and banded customer attribute.
    pub attributes: bool,
}

/// One row per scored customer, in order of first appearance, after the
/// header `customer_id,recency_days,frequency,monetary,r,f,m,rfm_code,segment`.
pub fn segments_csv(ds: &Dataset, model: &SegmentModel, columns: ExportColumns) -> String {
    let mut header = String::from("customer_id,recency_days,frequency,monetary,r,f,m,rfm_code,segment");
    let clustering = model.clustering.as_ref().filter(|_| columns.cluster);
    if clustering.is_some() {
        header.push_str(",cluster");
    }
    let attrs: Vec<&crate::dataset::Dim> = if columns.attributes {
        ds.dims
            .iter()
            .filter(|d| d.level == DimLevel::Customer && !d.key.starts_with("segment."))
            .collect()
    } else {
        Vec::new()
    };
    for d in &attrs {
        header.push(',');
        header.push_str(&escape_csv_cell(d.key.trim_start_matches("customers.")));
    }
    let mut out = header;
    out.push('\n');
    for (i, row) in model.rfm.rows.iter().enumerate() {
        let id = ds.customers.ids.get(row.customer as usize).map_or("", String::as_str);
        let mut fields = vec![
            escape_csv_cell(id),
            row.recency_days.to_string(),
            row.frequency.to_string(),
            number(row.monetary),
            row.r.to_string(),
            row.f.to_string(),
            row.m.to_string(),
            row.code().to_string(),
            escape_csv_cell(RfmSegment::name(row.segment)),
        ];
        if let Some(c) = clustering {
            let label = c.labels.get(i).and_then(|&l| c.clusters.get(l as usize));
            fields.push(escape_csv_cell(label.map_or("", |c| c.name.as_str())));
        }
        for d in &attrs {
            let code = d.codes.get(row.customer as usize).copied().unwrap_or(NULL_CODE);
            fields.push(escape_csv_cell(d.values.get(code as usize).map_or("", String::as_str)));
        }
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}
