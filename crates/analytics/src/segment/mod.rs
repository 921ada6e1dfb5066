//! Customer segments (KPIS.md, Segmentation): RFM scores and named
//! segments, k-means clusters, attribute segments, and the per-segment
//! panels. Segments become customer dimensions of the dataset
//! (`segment.rfm`, `segment.cluster`, `customers.age_band`, …), so they
//! filter the whole dashboard like any other column.

pub mod clusters;
pub mod export;
pub mod kmeans;
pub mod names;
pub mod panel;
pub mod report;
pub mod rfm;

use serde::{Deserialize, Serialize};

pub use clusters::{clusters, Clustering};
pub use names::RfmSegment;
pub use rfm::{default_as_of, rfm, Rfm, RfmRow};

use crate::dataset::{Dataset, Dim, DimLevel};
use crate::query::FilterChip;
use crate::table::NULL_CODE;

/// Dimension key of the RFM segment.
pub const RFM_DIM: &str = "segment.rfm";
/// Dimension key of the cluster.
pub const CLUSTER_DIM: &str = "segment.cluster";
/// Dimension keys of the recency and frequency scores (an R×F grid cell).
pub const R_SCORE_DIM: &str = "segment.r_score";
/// See [`R_SCORE_DIM`].
pub const F_SCORE_DIM: &str = "segment.f_score";

/// Which segmentation the segment page shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Segmentation {
    /// Named RFM segments.
    #[default]
    Rfm,
    /// k-means clusters.
    Clusters,
    /// A categorical or binned numeric customer column, optionally crossed
    /// with the RFM segments.
    Attribute {
        /// Dimension key (`customers.industry`, `customers.age_band`).
        key: String,
        /// Cross with RFM segments.
        #[serde(default)]
        cross_rfm: bool,
    },
}

/// The settings segments are computed with.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentSettings {
    /// Analysis date (day number); `None`: the day after the last order.
    #[serde(default)]
    pub as_of: Option<i32>,
    /// Number of clusters; `None`: chosen by silhouette.
    #[serde(default)]
    pub k: Option<usize>,
    /// Numeric customer attributes added to the clustering features.
    #[serde(default)]
    pub attributes: Vec<String>,
}

/// The segments of the current data under some settings.
#[derive(Clone, Debug, Default)]
pub struct SegmentModel {
    /// What they were computed with.
    pub settings: SegmentSettings,
    /// RFM as of the analysis date.
    pub rfm: Rfm,
    /// Clusters, once asked for.
    pub clustering: Option<Clustering>,
}

impl SegmentModel {
    /// RFM under `settings` (clusters come later, on demand).
    pub fn new(ds: &Dataset, settings: SegmentSettings) -> SegmentModel {
        let as_of = settings.as_of.or_else(|| default_as_of(ds)).unwrap_or(0);
        SegmentModel {
            rfm: rfm(ds, as_of),
            settings,
            clustering: None,
        }
    }

    /// Computes the clusters if they are missing.
    pub fn ensure_clusters(&mut self, ds: &Dataset) -> &Clustering {
        let (rfm, settings) = (&self.rfm, &self.settings);
        self.clustering
            .get_or_insert_with(|| clusters(ds, rfm, &settings.attributes, settings.k))
    }

    /// Writes the segment dimensions into the dataset, replacing old ones
    /// (and dropping a cluster dimension when there are no clusters).
    pub fn attach(&self, ds: &mut Dataset) {
        let n = ds.customers.len();
        let mut codes = vec![NULL_CODE; n];
        for row in &self.rfm.rows {
            codes[row.customer as usize] = row.segment as u32;
        }
        set_dim(
            ds,
            Dim::new(
                RFM_DIM.into(),
                "RFM segment".into(),
                DimLevel::Customer,
                codes,
                RfmSegment::ALL.iter().map(|s| s.name().to_string()).collect(),
            ),
        );
        for (key, label, score) in [
            (R_SCORE_DIM, "R score", (|r: &RfmRow| r.r) as fn(&RfmRow) -> u8),
            (F_SCORE_DIM, "F score", |r: &RfmRow| r.f),
        ] {
            let mut codes = vec![NULL_CODE; n];
            for row in &self.rfm.rows {
                codes[row.customer as usize] = u32::from(score(row)) - 1;
            }
            set_dim(
                ds,
                Dim::new(
                    key.into(),
                    label.into(),
                    DimLevel::Customer,
                    codes,
                    (1..=5).map(|s: u8| s.to_string()).collect(),
                ),
            );
        }
        if let Some(c) = &self.clustering {
            let mut codes = vec![NULL_CODE; n];
            for (row, &label) in self.rfm.rows.iter().zip(&c.labels) {
                codes[row.customer as usize] = label;
            }
            set_dim(
                ds,
                Dim::new(
                    CLUSTER_DIM.into(),
                    "Cluster".into(),
                    DimLevel::Customer,
                    codes,
                    c.clusters.iter().map(|c| c.name.clone()).collect(),
                ),
            );
        } else {
            // Clusters of older settings no longer apply.
            ds.dims.retain(|d| d.key != CLUSTER_DIM);
        }
    }
}

/// Adds or replaces a dimension.
fn set_dim(ds: &mut Dataset, dim: Dim) {
    match ds.dims.iter_mut().find(|d| d.key == dim.key) {
        Some(d) => *d = dim,
        None => ds.dims.push(dim),
    }
}

/// Bands of a numeric customer attribute: (upper bound exclusive, label).
fn bands(key: &str) -> &'static [(f64, &'static str)] {
    match key {
        "customers.age" => &[
            (25.0, "under 25"),
            (35.0, "25–34"),
            (45.0, "35–44"),
            (55.0, "45–54"),
            (65.0, "55–64"),
            (f64::INFINITY, "65+"),
        ],
        // EU enterprise size classes, in employees.
        _ => &[
            (10.0, "1–9"),
            (50.0, "10–49"),
            (250.0, "50–249"),
            (f64::INFINITY, "250+"),
        ],
    }
}

/// Adds a banded dimension (`customers.age_band`, …) for each numeric
/// customer attribute, so it can segment and filter like a category.
pub fn attach_bands(ds: &mut Dataset) {
    let banded: Vec<Dim> = ds
        .customers
        .numeric
        .iter()
        .map(|attr| {
            let table = bands(&attr.key);
            let codes = attr
                .values
                .iter()
                .map(|&v| match v.is_finite() {
                    true => table.iter().position(|(hi, _)| v < *hi).map_or(NULL_CODE, |i| i as u32),
                    false => NULL_CODE,
                })
                .collect();
            Dim::new(
                format!("{}_band", attr.key),
                format!("{} band", attr.label),
                DimLevel::Customer,
                codes,
                table.iter().map(|(_, l)| l.to_string()).collect(),
            )
        })
        .collect();
    for d in banded {
        set_dim(ds, d);
    }
}

/// Each customer's segment under a segmentation: a label index per customer
/// (`NULL_CODE` when it has none), the labels, and the filters that select
/// each label.
pub struct Membership {
    /// Label of each customer.
    pub of: Vec<u32>,
    /// Label names.
    pub names: Vec<String>,
    /// Filters selecting each label.
    pub filters: Vec<Vec<FilterChip>>,
}

/// Membership under `seg`. The dataset must carry the model's dimensions
/// ([`SegmentModel::attach`]); a missing one gives nobody a segment.
pub fn membership(ds: &Dataset, seg: &Segmentation) -> Membership {
    let n = ds.customers.len();
    let single = |key: &str| -> Membership {
        match ds.dim(key).filter(|d| d.level == DimLevel::Customer) {
            Some(d) => Membership {
                of: d.codes.clone(),
                names: d.values.clone(),
                filters: d
                    .values
                    .iter()
                    .map(|v| {
                        vec![FilterChip {
                            dim: key.to_string(),
                            values: vec![v.clone()],
                        }]
                    })
                    .collect(),
            },
            None => Membership {
                of: vec![NULL_CODE; n],
                names: Vec::new(),
                filters: Vec::new(),
            },
        }
    };
    match seg {
        Segmentation::Rfm => single(RFM_DIM),
        Segmentation::Clusters => single(CLUSTER_DIM),
        Segmentation::Attribute { key, cross_rfm: false } => single(key),
        Segmentation::Attribute { key, cross_rfm: true } => {
            let (a, r) = (single(key), single(RFM_DIM));
            let width = r.names.len() as u32;
            let mut m = Membership {
                of: vec![NULL_CODE; n],
                names: Vec::new(),
                filters: Vec::new(),
            };
            for (ai, an) in a.names.iter().enumerate() {
                for (ri, rn) in r.names.iter().enumerate() {
                    m.names.push(format!("{an} · {rn}"));
                    m.filters.push([a.filters[ai].clone(), r.filters[ri].clone()].concat());
                }
            }
            for c in 0..n {
                let (x, y) = (a.of.get(c).copied(), r.of.get(c).copied());
                if let (Some(x), Some(y)) = (x, y) {
                    if x != NULL_CODE && y != NULL_CODE {
                        m.of[c] = x * width + y;
                    }
                }
            }
            m
        }
    }
}

/// A URL- and test-friendly name: lower-case letters and digits
/// joined by `-` ("Can't Lose Them" → `cant-lose-them`).
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for ch in name.chars() {
        if ch.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(ch.to_lowercase());
        } else if ch != '\'' && ch != '’' {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Can't Lose Them"), "cant-lose-them");
        assert_eq!(slug("C2 · recent, frequent"), "c2-recent-frequent");
        assert_eq!(slug("Potential Loyalist"), "potential-loyalist");
    }
}
