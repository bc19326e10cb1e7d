//! Classification trees (CART, Breiman et al. 1984) for scenario discovery, and feature
//! scores from a forest of them.
//!
//! A tree splits the parameter box in two at the threshold of one dimension that lowers
//! the Gini impurity of the cases of interest most, and splits again, until a node is
//! `max_depth` deep, holds fewer than twice `min_leaf` points or is pure. Its leaves are
//! boxes; the leaves where the condition holds in most points are CART's answer to
//! PRIM's box (Lempert et al. 2008 compare the two).
//!
//! Feature scores are a random forest's mean decrease in impurity (Breiman 2001): trees
//! grown on resamples of the points, each split choosing among a random subset of the
//! dimensions, the impurity each dimension removed summed over every split and scaled to
//! sum to one. The EMA Workbench scores with extra trees, which differ only in drawing
//! the thresholds too.

use rand::RngExt;
use rand::rngs::ChaCha8Rng;

use crate::design::Bounds;
use crate::rng::seeded;
use crate::{Result, check_finite, check_points};

/// How to grow a tree.
#[derive(Clone, Debug, PartialEq)]
pub struct TreeSettings {
    /// Deepest split (the root is depth 0).
    pub max_depth: usize,
    /// Fewest points in a leaf.
    pub min_leaf: usize,
}

impl Default for TreeSettings {
    fn default() -> Self {
        TreeSettings {
            max_depth: 4,
            min_leaf: 10,
        }
    }
}

/// A leaf of a tree: a box and what is inside.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Leaf {
    /// `(lo, hi)` per dimension; a split at `t` sends `x <= t` left and `x > t` right.
    pub limits: Vec<(f64, f64)>,
    /// Points inside.
    pub points: usize,
    /// Cases of interest inside.
    pub hits: usize,
    /// Share of the points inside that are cases of interest.
    pub density: f64,
    /// Share of all cases of interest inside.
    pub coverage: f64,
}

/// Grows one tree on all the points; returns its leaves, densest first.
pub fn tree(x: &[Vec<f64>], y: &[bool], bounds: &Bounds, s: &TreeSettings) -> Result<Vec<Leaf>> {
    check(x, y.len(), bounds)?;
    let rows: Vec<usize> = (0..x.len()).collect();
    let y: Vec<f64> = y.iter().map(|&v| f64::from(u8::from(v))).collect();
    let mut grower = Grower {
        x,
        y: &y,
        settings: s,
        total_hits: y.iter().sum(),
        features: None,
        importance: vec![0.0; bounds.dim()],
    };
    let mut leaves = grower.grow(rows, bounds.ranges().to_vec(), 0);
    leaves.sort_by(|a, b| {
        b.density
            .total_cmp(&a.density)
            .then(b.points.cmp(&a.points))
    });
    Ok(leaves)
}

/// Each dimension's share of the impurity a forest of `trees` trees removes from `y`:
/// a regression forest (squared error) for an outcome, which for a 0/1 outcome splits
/// exactly as Gini impurity does (half of it).
pub fn feature_scores(
    x: &[Vec<f64>],
    y: &[f64],
    bounds: &Bounds,
    trees: usize,
    seed: u64,
) -> Result<Vec<f64>> {
    check(x, y.len(), bounds)?;
    check_finite(y, "outcome")?;
    let d = bounds.dim();
    let settings = TreeSettings {
        max_depth: 12,
        min_leaf: 2,
    };
    let mut grower = Grower {
        x,
        y,
        settings: &settings,
        total_hits: 0.0,
        features: Some((seeded(seed), ((d as f64).sqrt().round() as usize).max(1))),
        importance: vec![0.0; d],
    };
    for _ in 0..trees {
        let rng = &mut grower.features.as_mut().expect("a forest draws").0;
        let rows: Vec<usize> = (0..x.len()).map(|_| rng.random_range(0..x.len())).collect();
        grower.grow(rows, bounds.ranges().to_vec(), 0);
    }
    let total: f64 = grower.importance.iter().sum();
    Ok(grower
        .importance
        .iter()
        .map(|v| if total > 0.0 { v / total } else { 0.0 })
        .collect())
}

fn check(x: &[Vec<f64>], outcomes: usize, bounds: &Bounds) -> Result<()> {
    check_points(x, outcomes, "outcomes", bounds.dim())
}

struct Grower<'a> {
    x: &'a [Vec<f64>],
    y: &'a [f64],
    settings: &'a TreeSettings,
    /// Sum of the outcome over all points: the cases of interest, for 0/1.
    total_hits: f64,
    /// A forest's generator and the dimensions each split may choose among.
    features: Option<(ChaCha8Rng, usize)>,
    /// Impurity removed per dimension, weighted by points.
    importance: Vec<f64>,
}

/// Squared error of a node about its mean, from the sums of its outcomes and their
/// squares; for a 0/1 outcome, h (n - h) / n, half the node's Gini impurity times n.
fn squared_error(n: usize, sum: f64, squares: f64) -> f64 {
    if n == 0 {
        0.0
    } else {
        (squares - sum * sum / n as f64).max(0.0)
    }
}

impl Grower<'_> {
    /// Grows the node and returns its leaves. Two sibling leaves that say the same (the
    /// condition holds in most points of both, or of neither) become their parent again:
    /// a split that changes no answer only cuts a box in pieces.
    fn grow(&mut self, rows: Vec<usize>, limits: Vec<(f64, f64)>, depth: usize) -> Vec<Leaf> {
        let n = rows.len();
        let sum: f64 = rows.iter().map(|&r| self.y[r]).sum();
        let squares: f64 = rows.iter().map(|&r| self.y[r] * self.y[r]).sum();
        let total_hits = self.total_hits.max(1.0);
        let leaf = move |limits| Leaf {
            limits,
            points: n,
            hits: sum.round() as usize,
            density: sum / n.max(1) as f64,
            coverage: sum / total_hits,
        };
        let split = if depth < self.settings.max_depth
            && n >= 2 * self.settings.min_leaf
            && squared_error(n, sum, squares) > 0.0
        {
            self.best_split(&rows, sum, squares)
        } else {
            None
        };
        let Some((gain, d, t)) = split else {
            return vec![leaf(limits)];
        };
        self.importance[d] += gain;
        let (left, right): (Vec<usize>, Vec<usize>) =
            rows.iter().partition(|&&r| self.x[r][d] <= t);
        let mut l = limits.clone();
        l[d].1 = t;
        let mut r = limits.clone();
        r[d].0 = t;
        let mut leaves = self.grow(left, l, depth + 1);
        let right = self.grow(right, r, depth + 1);
        let says = |l: &Leaf| 2 * l.hits > l.points;
        if leaves.len() == 1 && right.len() == 1 && says(&leaves[0]) == says(&right[0]) {
            return vec![leaf(limits)];
        }
        leaves.extend(right);
        leaves
    }

    /// The split lowering impurity most: (impurity removed, dimension, threshold).
    fn best_split(&mut self, rows: &[usize], sum: f64, squares: f64) -> Option<(f64, usize, f64)> {
        let n = rows.len();
        let dims = self.x[rows[0]].len();
        let candidates: Vec<usize> = match &mut self.features {
            None => (0..dims).collect(),
            Some((rng, m)) => {
                // A partial Fisher-Yates shuffle: m distinct dimensions.
                let mut all: Vec<usize> = (0..dims).collect();
                for i in 0..(*m).min(dims) {
                    let j = rng.random_range(i..dims);
                    all.swap(i, j);
                }
                all.truncate((*m).min(dims));
                all.sort_unstable();
                all
            }
        };
        let parent = squared_error(n, sum, squares);
        let min_leaf = self.settings.min_leaf.max(1);
        let mut best: Option<(f64, usize, f64)> = None;
        let mut values: Vec<(f64, f64)> = Vec::with_capacity(n);
        for d in candidates {
            values.clear();
            values.extend(rows.iter().map(|&r| (self.x[r][d], self.y[r])));
            values.sort_by(|a, b| a.0.total_cmp(&b.0));
            let (mut left_sum, mut left_squares) = (0.0, 0.0);
            for i in 0..n - 1 {
                left_sum += values[i].1;
                left_squares += values[i].1 * values[i].1;
                let left = i + 1;
                if left < min_leaf || n - left < min_leaf || values[i].0 == values[i + 1].0 {
                    continue;
                }
                let gain = parent
                    - squared_error(left, left_sum, left_squares)
                    - squared_error(n - left, sum - left_sum, squares - left_squares);
                if gain > 1e-12 && best.is_none_or(|b| gain > b.0) {
                    best = Some((gain, d, 0.5 * (values[i].0 + values[i + 1].0)));
                }
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known_box(n: usize, seed: u64) -> (Vec<Vec<f64>>, Vec<bool>) {
        let mut rng = seeded(seed);
        let x: Vec<Vec<f64>> = (0..n)
            .map(|_| (0..3).map(|_| rng.random::<f64>()).collect())
            .collect();
        let y = x
            .iter()
            .map(|p| {
                let inside = (0.2..=0.6).contains(&p[0]) && p[1] >= 0.5;
                inside != (rng.random::<f64>() < 0.05)
            })
            .collect();
        (x, y)
    }

    #[test]
    fn the_densest_leaf_is_the_known_box() {
        let (x, y) = known_box(3000, 11);
        let bounds = Bounds::new(vec![(0.0, 1.0); 3]).unwrap();
        let leaves = tree(&x, &y, &bounds, &TreeSettings::default()).unwrap();
        let best = &leaves[0];
        assert!(best.density > 0.85, "{best:?}");
        assert!(best.coverage > 0.8, "{best:?}");
        let l = &best.limits;
        assert!(
            (l[0].0 - 0.2).abs() < 0.05 && (l[0].1 - 0.6).abs() < 0.05,
            "{l:?}"
        );
        assert!((l[1].0 - 0.5).abs() < 0.05 && l[1].1 == 1.0, "{l:?}");
        let points: usize = leaves.iter().map(|l| l.points).sum();
        assert_eq!(points, 3000);
    }

    #[test]
    fn feature_scores_rank_the_dimensions_that_matter() {
        let (x, y) = known_box(1500, 2);
        let y: Vec<f64> = y.iter().map(|&v| if v { 1.0 } else { 0.0 }).collect();
        let bounds = Bounds::new(vec![(0.0, 1.0); 3]).unwrap();
        let s = feature_scores(&x, &y, &bounds, 50, 9).unwrap();
        assert!((s.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(s[0] > 0.3 && s[1] > 0.3, "{s:?}");
        assert!(s[2] < s[0] && s[2] < s[1], "{s:?}");
        assert_eq!(s, feature_scores(&x, &y, &bounds, 50, 9).unwrap());
    }
}
