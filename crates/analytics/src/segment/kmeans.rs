//! k-means with k-means++ seeding from a fixed seed, and the mean
//! silhouette used to choose k. Points are rows of a flat `f64` matrix.

/// A small deterministic generator (SplitMix64): the same seed gives the
/// same clusters on every machine and in the browser.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A uniform index below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_f64() * n as f64) as usize % n.max(1)
    }
}

/// Points: `n` rows of `dim` coordinates.
#[derive(Clone, Debug, PartialEq)]
pub struct Points {
    /// Row-major coordinates.
    pub data: Vec<f64>,
    /// Coordinates per point.
    pub dim: usize,
}

impl Points {
    /// Number of points.
    pub fn len(&self) -> usize {
        self.data.len().checked_div(self.dim).unwrap_or(0)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Point `i`.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.dim..(i + 1) * self.dim]
    }

    /// The points at `idx`, in that order.
    pub fn subset(&self, idx: &[usize]) -> Points {
        Points {
            data: idx.iter().flat_map(|&i| self.row(i).iter().copied()).collect(),
            dim: self.dim,
        }
    }
}

fn dist2(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// A fitted model.
#[derive(Clone, Debug, PartialEq)]
pub struct KMeans {
    /// `k` centroids, row-major.
    pub centroids: Points,
    /// Cluster of each point.
    pub labels: Vec<u32>,
    /// Sum of squared distances to the assigned centroid.
    pub inertia: f64,
}

impl KMeans {
    /// The nearest centroid of a point.
    pub fn nearest(&self, p: &[f64]) -> u32 {
        nearest(&self.centroids, p).0
    }
}

fn nearest(centroids: &Points, p: &[f64]) -> (u32, f64) {
    let mut best = (0u32, f64::INFINITY);
    for c in 0..centroids.len() {
        let d = dist2(centroids.row(c), p);
        if d < best.1 {
            best = (c as u32, d);
        }
    }
    best
}

/// k-means++ seeding: the first centroid uniformly, each next one with
/// probability proportional to the squared distance to the nearest chosen.
fn seed_centroids(points: &Points, k: usize, rng: &mut SplitMix64) -> Points {
    let n = points.len();
    let mut centroids = Points {
        data: points.row(rng.below(n)).to_vec(),
        dim: points.dim,
    };
    let mut d2: Vec<f64> = (0..n).map(|i| dist2(points.row(i), centroids.row(0))).collect();
    while centroids.len() < k {
        let total: f64 = d2.iter().sum();
        let pick = if total > 0.0 {
            let mut target = rng.next_f64() * total;
            let mut at = n - 1;
            for (i, &d) in d2.iter().enumerate() {
                if target < d {
                    at = i;
                    break;
                }
                target -= d;
            }
            at
        } else {
            rng.below(n)
        };
        centroids.data.extend_from_slice(points.row(pick));
        let c = centroids.len() - 1;
        for (i, d) in d2.iter_mut().enumerate() {
            *d = d.min(dist2(points.row(i), centroids.row(c)));
        }
    }
    centroids
}

/// Fits k-means (Lloyd's iterations until no point moves, at most 100).
/// `k` is capped at the number of points; an empty cluster takes the point
/// farthest from its centroid.
pub fn kmeans(points: &Points, k: usize, seed: u64) -> KMeans {
    let n = points.len();
    let k = k.min(n).max(1);
    if n == 0 {
        return KMeans {
            centroids: Points {
                data: Vec::new(),
                dim: points.dim,
            },
            labels: Vec::new(),
            inertia: 0.0,
        };
    }
    let mut rng = SplitMix64::new(seed);
    let mut centroids = seed_centroids(points, k, &mut rng);
    let mut labels = vec![u32::MAX; n];
    let mut inertia = 0.0;
    for _ in 0..100 {
        let mut moved = false;
        inertia = 0.0;
        let mut far = (0usize, -1.0f64);
        for (i, label) in labels.iter_mut().enumerate() {
            let (c, d) = nearest(&centroids, points.row(i));
            inertia += d;
            if d > far.1 {
                far = (i, d);
            }
            if *label != c {
                *label = c;
                moved = true;
            }
        }
        let mut sums = vec![0.0; k * points.dim];
        let mut counts = vec![0usize; k];
        for (i, &c) in labels.iter().enumerate() {
            counts[c as usize] += 1;
            for (s, x) in sums[c as usize * points.dim..].iter_mut().zip(points.row(i)) {
                *s += x;
            }
        }
        for c in 0..k {
            let row = &mut centroids.data[c * points.dim..(c + 1) * points.dim];
            if counts[c] == 0 {
                row.copy_from_slice(points.row(far.0));
                labels[far.0] = c as u32;
                moved = true;
                continue;
            }
            for (x, s) in row.iter_mut().zip(&sums[c * points.dim..]) {
                *x = s / counts[c] as f64;
            }
        }
        if !moved {
            break;
        }
    }
    KMeans {
        centroids,
        labels,
        inertia,
    }
}

/// Mean silhouette of a labelling: for each point, a = mean distance to the
/// other points of its cluster, b = the smallest mean distance to another
/// cluster's points, s = (b − a) / max(a, b); s = 0 for a point alone in its
/// cluster. `None` with fewer than two clusters.
pub fn silhouette(points: &Points, labels: &[u32]) -> Option<f64> {
    silhouettes(points, &[labels]).pop().flatten()
}

/// The mean silhouette of several labellings of the same points. Distances
/// do not depend on the labelling, so each pair's distance is computed once
/// (and used for both points) however many labellings are scored.
pub fn silhouettes(points: &Points, labellings: &[&[u32]]) -> Vec<Option<f64>> {
    let n = points.len();
    let ks: Vec<usize> = labellings
        .iter()
        .map(|l| l.iter().map(|&x| x as usize + 1).max().unwrap_or(0))
        .collect();
    // sums[i][offset[l] + c]: distance from point i to the points of cluster c under labelling l.
    let mut offset = Vec::with_capacity(ks.len());
    let mut width = 0;
    for k in &ks {
        offset.push(width);
        width += k;
    }
    let mut sums = vec![0.0f64; n * width];
    for i in 0..n {
        let p = points.row(i);
        for j in i + 1..n {
            let d = dist2(p, points.row(j)).sqrt();
            for (l, labels) in labellings.iter().enumerate() {
                sums[i * width + offset[l] + labels[j] as usize] += d;
                sums[j * width + offset[l] + labels[i] as usize] += d;
            }
        }
    }
    labellings
        .iter()
        .enumerate()
        .map(|(l, labels)| {
            let k = ks[l];
            let mut sizes = vec![0usize; k];
            for &x in labels.iter() {
                sizes[x as usize] += 1;
            }
            if sizes.iter().filter(|&&s| s > 0).count() < 2 {
                return None;
            }
            let mut total = 0.0;
            for i in 0..n {
                let own = labels[i] as usize;
                if sizes[own] <= 1 {
                    continue;
                }
                let row = &sums[i * width + offset[l]..i * width + offset[l] + k];
                let a = row[own] / (sizes[own] - 1) as f64;
                let b = (0..k)
                    .filter(|&c| c != own && sizes[c] > 0)
                    .map(|c| row[c] / sizes[c] as f64)
                    .fold(f64::INFINITY, f64::min);
                let m = a.max(b);
                if m > 0.0 {
                    total += (b - a) / m;
                }
            }
            Some(total / n as f64)
        })
        .collect()
}

/// A fixed-seed sample of at most `max` indices out of `n` (all of them,
/// in order, when `n` ≤ `max`).
pub fn sample_indices(n: usize, max: usize, seed: u64) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    if n <= max {
        return idx;
    }
    let mut rng = SplitMix64::new(seed);
    for i in 0..max {
        let j = i + rng.below(n - i);
        idx.swap(i, j);
    }
    idx.truncate(max);
    idx.sort_unstable();
    idx
}

/// Standardises each coordinate to mean 0 and standard deviation 1 (a
/// constant coordinate becomes 0); returns the means and deviations used.
pub fn standardise(points: &mut Points) -> (Vec<f64>, Vec<f64>) {
    let n = points.len().max(1) as f64;
    let dim = points.dim;
    let mut mean = vec![0.0; dim];
    for row in points.data.chunks(dim) {
        for (m, x) in mean.iter_mut().zip(row) {
            *m += x / n;
        }
    }
    let mut sd = vec![0.0; dim];
    for row in points.data.chunks(dim) {
        for ((s, x), m) in sd.iter_mut().zip(row).zip(&mean) {
            *s += (x - m) * (x - m) / n;
        }
    }
    sd.iter_mut().for_each(|s| *s = s.sqrt());
    for row in points.data.chunks_mut(dim) {
        for ((x, m), s) in row.iter_mut().zip(&mean).zip(&sd) {
            *x = if *s > 0.0 { (*x - m) / s } else { 0.0 };
        }
    }
    (mean, sd)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(rows: &[&[f64]]) -> Points {
        Points {
            data: rows.iter().flat_map(|r| r.iter().copied()).collect(),
            dim: rows[0].len(),
        }
    }

    #[test]
    fn silhouette_of_two_pairs_on_a_line() {
        // 0,1 | 5,6. Point 0: a = 1, b = (5+6)/2 = 5.5, s = 4.5/5.5 = 9/11;
        // point 1: a = 1, b = (4+5)/2 = 4.5, s = 3.5/4.5 = 7/9; 5 and 6 mirror
        // them. Mean = (9/11 + 7/9)/2 = 79/99.
        let p = pts(&[&[0.0], &[1.0], &[5.0], &[6.0]]);
        let s = silhouette(&p, &[0, 0, 1, 1]).unwrap();
        assert!((s - 79.0 / 99.0).abs() < 1e-12, "{s}");
        // A singleton scores 0: 0,1 | 6. Point 0: a = 1, b = 6, s = 5/6;
        // point 1: a = 1, b = 5, s = 4/5; point 6: 0. Mean = (5/6+4/5)/3 = 49/90.
        let q = pts(&[&[0.0], &[1.0], &[6.0]]);
        let s = silhouette(&q, &[0, 0, 1]).unwrap();
        assert!((s - 49.0 / 90.0).abs() < 1e-12, "{s}");
        assert_eq!(silhouette(&q, &[0, 0, 0]), None);
    }

    #[test]
    fn several_labellings_score_as_each_alone() {
        let p = pts(&[&[0.0], &[1.0], &[5.0], &[6.0], &[9.0]]);
        let (a, b): (&[u32], &[u32]) = (&[0, 0, 1, 1, 1], &[0, 1, 1, 2, 2]);
        let both = silhouettes(&p, &[a, b]);
        assert_eq!(both, [silhouettes(&p, &[a])[0], silhouettes(&p, &[b])[0]]);
        // Labelling a by hand: 0: a=1, b=(5+6+9)/3 → s=1−3/20=17/20; 1: a=1,
        // b=(4+5+8)/3 → 1−3/17=14/17; 5: a=(1+4)/2=2.5, b=(5+4)/2=4.5 → 2/4.5=4/9;
        // 6: a=(1+3)/2=2, b=(6+5)/2=5.5 → 3.5/5.5=7/11; 9: a=(4+3)/2=3.5, b=(9+8)/2=8.5 → 5/8.5=10/17.
        let want = (17.0 / 20.0 + 14.0 / 17.0 + 4.0 / 9.0 + 7.0 / 11.0 + 10.0 / 17.0) / 5.0;
        assert!((both[0].unwrap() - want).abs() < 1e-12);
    }

    /// Three tight blobs far apart, interleaved in the input.
    fn blobs() -> (Points, Vec<usize>) {
        let centres = [[0.0, 0.0], [10.0, 10.0], [-10.0, 10.0]];
        let mut rng = SplitMix64::new(7);
        let mut rows = Vec::new();
        let mut truth = Vec::new();
        for i in 0..90 {
            let c = i % 3;
            rows.push(centres[c][0] + rng.next_f64() - 0.5);
            rows.push(centres[c][1] + rng.next_f64() - 0.5);
            truth.push(c);
        }
        (Points { data: rows, dim: 2 }, truth)
    }

    #[test]
    fn well_separated_blobs_are_recovered_exactly() {
        let (p, truth) = blobs();
        let fit = kmeans(&p, 3, 42);
        // Same partition up to the names of the clusters.
        let mut map = [u32::MAX; 3];
        for (i, &t) in truth.iter().enumerate() {
            if map[t] == u32::MAX {
                map[t] = fit.labels[i];
            }
            assert_eq!(fit.labels[i], map[t], "point {i}");
        }
        assert_ne!(map[0], map[1]);
        assert_ne!(map[1], map[2]);
        assert_ne!(map[0], map[2]);
    }

    #[test]
    fn same_seed_same_clusters() {
        let (p, _) = blobs();
        let a = kmeans(&p, 4, 1);
        let b = kmeans(&p, 4, 1);
        assert_eq!(a, b);
        assert_eq!(a.labels.len(), 90);
    }

    #[test]
    fn samples_are_fixed_and_bounded() {
        assert_eq!(sample_indices(4, 10, 1), [0, 1, 2, 3]);
        let s = sample_indices(1000, 50, 3);
        assert_eq!(s.len(), 50);
        assert_eq!(s, sample_indices(1000, 50, 3));
        assert!(s.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn standardising_gives_unit_deviation() {
        let mut p = pts(&[&[1.0, 5.0], &[3.0, 5.0]]);
        let (mean, sd) = standardise(&mut p);
        assert_eq!(mean, [2.0, 5.0]);
        assert_eq!(sd, [1.0, 0.0]);
        assert_eq!(p.data, [-1.0, 0.0, 1.0, 0.0]);
    }
}
