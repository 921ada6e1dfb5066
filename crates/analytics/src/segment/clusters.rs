//! Customer clusters (KPIS.md, Segmentation → Clustering): k-means on
//! standardised log1p(R), log1p(F), log1p(M) plus ticked numeric attributes,
//! with k chosen by the best mean silhouette on a fixed-seed sample.

use serde::{Deserialize, Serialize};

use super::kmeans::{kmeans, sample_indices, silhouettes as silhouettes_of, standardise, KMeans, Points};
use super::rfm::Rfm;
use crate::dataset::Dataset;

/// The seed of every random choice, so results repeat.
pub const SEED: u64 = 0x5EED_CAFE;
/// At most this many customers are used to choose k.
pub const SAMPLE: usize = 5_000;
/// The range of k tried.
pub const K_RANGE: std::ops::RangeInclusive<usize> = 2..=8;

/// One cluster, described in original units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// Descriptive name, e.g. "C2 · recent, frequent, high value".
    pub name: String,
    /// Customers in it.
    pub customers: usize,
    /// Centroid per feature in original units (mean of the members).
    pub centroid: Vec<f64>,
}

/// The clustering of the scored customers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Clustering {
    /// The features, in order: recency_days, frequency, monetary, then attributes.
    pub features: Vec<String>,
    /// The k used.
    pub k: usize,
    /// Whether k was chosen by silhouette.
    pub auto_k: bool,
    /// Mean silhouette per k tried (on the sample), when k was chosen.
    pub silhouettes: Vec<(usize, f64)>,
    /// The clusters.
    pub clusters: Vec<Cluster>,
    /// Cluster of each RFM row (same order as [`Rfm::rows`]).
    pub labels: Vec<u32>,
    /// Standardisation, to place other points (e.g. as of P′) in the model.
    #[serde(skip)]
    pub scale: (Vec<f64>, Vec<f64>),
    /// The fitted centroids in standardised units.
    #[serde(skip)]
    pub model: Option<KMeans>,
}

/// Raw feature rows of the RFM rows: R, F, M and the chosen attributes
/// (a missing attribute takes the attribute's mean).
fn raw_features(ds: &Dataset, rfm: &Rfm, attributes: &[String]) -> (Points, Vec<String>) {
    let attrs: Vec<&crate::dataset::NumericAttr> = attributes
        .iter()
        .filter_map(|k| ds.customers.numeric.iter().find(|a| &a.key == k))
        .collect();
    let means: Vec<f64> = attrs
        .iter()
        .map(|a| {
            let known: Vec<f64> = rfm
                .rows
                .iter()
                .map(|r| a.values[r.customer as usize])
                .filter(|v| v.is_finite())
                .collect();
            if known.is_empty() {
                0.0
            } else {
                known.iter().sum::<f64>() / known.len() as f64
            }
        })
        .collect();
    let dim = 3 + attrs.len();
    let mut data = Vec::with_capacity(rfm.rows.len() * dim);
    for row in &rfm.rows {
        data.extend([f64::from(row.recency_days), f64::from(row.frequency), row.monetary]);
        for (a, m) in attrs.iter().zip(&means) {
            let v = a.values[row.customer as usize];
            data.push(if v.is_finite() { v } else { *m });
        }
    }
    let mut names = vec![
        "recency_days".to_string(),
        "frequency".to_string(),
        "monetary".to_string(),
    ];
    names.extend(attrs.iter().map(|a| a.key.clone()));
    (Points { data, dim }, names)
}

/// log1p of R, F and M (monetary below zero counts as zero); attributes as is.
fn transform(raw: &Points) -> Points {
    let mut out = raw.clone();
    for row in out.data.chunks_mut(raw.dim) {
        for x in row.iter_mut().take(3) {
            *x = x.max(0.0).ln_1p();
        }
    }
    out
}

/// Clusters the customers of `rfm`. `k`: `None` chooses it by silhouette.
pub fn clusters(ds: &Dataset, rfm: &Rfm, attributes: &[String], k: Option<usize>) -> Clustering {
    let auto_k = k.is_none();
    let (raw, features) = raw_features(ds, rfm, attributes);
    let mut points = transform(&raw);
    let scale = standardise(&mut points);
    let mut silhouettes = Vec::new();
    let chosen = match k {
        Some(k) => k.clamp(1, 20),
        None => {
            let sample = points.subset(&sample_indices(points.len(), SAMPLE, SEED));
            let ks: Vec<usize> = K_RANGE.filter(|&k| k < sample.len()).collect();
            let fits: Vec<Vec<u32>> = ks.iter().map(|&k| kmeans(&sample, k, SEED).labels).collect();
            let labellings: Vec<&[u32]> = fits.iter().map(Vec::as_slice).collect();
            for (k, s) in ks.iter().zip(silhouettes_of(&sample, &labellings)) {
                if let Some(s) = s {
                    silhouettes.push((*k, s));
                }
            }
            // The best mean silhouette; the smaller k on a tie.
            silhouettes
                .iter()
                .fold(None, |best: Option<(usize, f64)>, &(k, s)| match best {
                    Some((_, b)) if b >= s => best,
                    _ => Some((k, s)),
                })
                .map_or(2, |(k, _)| k)
        }
    };
    let fit = kmeans(&points, chosen, SEED);
    let k = fit.centroids.len();
    let mut sums = vec![0.0; k * raw.dim];
    let mut counts = vec![0usize; k];
    for (i, &c) in fit.labels.iter().enumerate() {
        counts[c as usize] += 1;
        for (s, x) in sums[c as usize * raw.dim..].iter_mut().zip(raw.row(i)) {
            *s += x;
        }
    }
    let clusters = (0..k)
        .map(|c| {
            let centroid: Vec<f64> = sums[c * raw.dim..(c + 1) * raw.dim]
                .iter()
                .map(|s| s / counts[c].max(1) as f64)
                .collect();
            Cluster {
                name: format!("C{} · {}", c + 1, describe(fit.centroids.row(c))),
                customers: counts[c],
                centroid,
            }
        })
        .collect();
    Clustering {
        features,
        k,
        auto_k,
        silhouettes,
        clusters,
        labels: fit.labels.clone(),
        scale,
        model: Some(fit),
    }
}

/// Words for a standardised centroid: each of R, F, M that stands out by
/// half a standard deviation (recency is in days, so low is good).
fn describe(z: &[f64]) -> String {
    let mut words = Vec::new();
    let pick = |v: f64, low: &'static str, high: &'static str| {
        if v >= 0.5 {
            Some(high)
        } else if v <= -0.5 {
            Some(low)
        } else {
            None
        }
    };
    words.extend(pick(z[0], "recent", "lapsed"));
    words.extend(pick(z[1], "occasional", "frequent"));
    words.extend(pick(z[2], "low value", "high value"));
    if words.is_empty() {
        "average".into()
    } else {
        words.join(", ")
    }
}

impl Clustering {
    /// The cluster each row of `rfm` falls in under the fitted model (empty
    /// when the model has no clusters).
    pub fn place(&self, ds: &Dataset, rfm: &Rfm, attributes: &[String]) -> Vec<u32> {
        // Without centroids (nobody was clustered) nobody can be placed.
        let Some(model) = self.model.as_ref().filter(|m| !m.centroids.is_empty()) else {
            return Vec::new();
        };
        let (raw, _) = raw_features(ds, rfm, attributes);
        let mut points = transform(&raw);
        let (mean, sd) = &self.scale;
        for row in points.data.chunks_mut(points.dim) {
            for ((x, m), s) in row.iter_mut().zip(mean).zip(sd) {
                *x = if *s > 0.0 { (*x - m) / s } else { 0.0 };
            }
        }
        (0..points.len()).map(|i| model.nearest(points.row(i))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_say_what_stands_out() {
        assert_eq!(describe(&[-1.0, 1.2, 0.9]), "recent, frequent, high value");
        assert_eq!(describe(&[1.0, -0.7, 0.1]), "lapsed, occasional");
        assert_eq!(describe(&[0.1, 0.2, -0.3]), "average");
    }
}
