//! PRIM, the Patient Rule Induction Method (Friedman and Fisher, 1999), as scenario
//! discovery uses it (Bryant and Lempert, 2010; the EMA Workbench's `prim`): the boxes of
//! parameter space in which a condition holds.
//!
//! Peeling starts from the whole parameter box and repeatedly cuts off the `peel_alpha`
//! share of the points inside along the one side of the one dimension that raises the
//! density of cases of interest most per point removed, until the box holds fewer than
//! `mass_min` of the points. Each box on the way is a step of the *peeling trajectory*
//! (coverage against density). One box is chosen: the one with the greatest coverage
//! among those at least `threshold` dense (the densest when none is).
//!
//! Two measures of trust come with it:
//! - a **quasi-p-value** per restricted dimension, the Workbench's: the one-sided
//!   binomial probability of at least the box's cases of interest among its points if
//!   they were drawn at the density of the box with that restriction lifted. A large
//!   value says the restriction adds little;
//! - an **interval on every limit** from resampling: the points are drawn again with
//!   replacement, the peeling and the choice repeated, and the 2.5% and 97.5% quantiles
//!   of each limit kept, with the share of resamples that restrict each dimension at all
//!   (the EMA Workbench lists both as wishes; Bryant and Lempert resample for the second).
//!
//! Pasting (growing the chosen box back) is not done: the resampled intervals say how far
//! a limit could move.

use rand::RngExt;

use crate::design::Bounds;
use crate::quantile::quantile_sorted;
use crate::rng::seeded;
use crate::{Error, Result, check_points};

/// How to peel and how to choose.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Share of the box's points one peel removes (the Workbench's 0.05).
    pub peel_alpha: f64,
    /// Peeling stops before the box holds fewer than this share of all points (0.05).
    pub mass_min: f64,
    /// The chosen box is the widest (by coverage) at least this dense (0.8).
    pub threshold: f64,
    /// Resamples for the limits' intervals (0: none).
    pub resamples: usize,
    /// Seed of the resampling.
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            peel_alpha: 0.05,
            mass_min: 0.05,
            threshold: 0.8,
            resamples: 200,
            seed: 1,
        }
    }
}

/// One box of the peeling trajectory.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Step {
    /// `(lo, hi)` per dimension, both included.
    pub limits: Vec<(f64, f64)>,
    /// Points inside.
    pub points: usize,
    /// Cases of interest inside.
    pub hits: usize,
    /// Share of all cases of interest that are inside.
    pub coverage: f64,
    /// Share of the points inside that are cases of interest.
    pub density: f64,
    /// Share of all points that are inside.
    pub mass: f64,
    /// Dimensions whose limits are narrower than the whole range.
    pub restricted: usize,
}

/// A restricted dimension of the chosen box.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Restriction {
    /// Index of the dimension.
    pub dim: usize,
    /// The box's limits on it.
    pub lo: f64,
    /// See `lo`.
    pub hi: f64,
    /// 95% interval of the lower limit over the resamples (None without resamples).
    pub lo_interval: Option<(f64, f64)>,
    /// 95% interval of the upper limit.
    pub hi_interval: Option<(f64, f64)>,
    /// Share of resamples whose chosen box restricts this dimension.
    pub resampled_share: Option<f64>,
    /// The Workbench's quasi-p-value of the lower limit (lifted alone), when the box
    /// restricts it.
    pub quasi_p_lo: Option<f64>,
    /// The same for the upper limit.
    pub quasi_p_hi: Option<f64>,
}

impl Restriction {
    /// The larger of the two sides' quasi-p-values: the weaker side of the restriction.
    pub fn quasi_p(&self) -> f64 {
        [self.quasi_p_lo, self.quasi_p_hi]
            .into_iter()
            .flatten()
            .fold(0.0, f64::max)
    }
}

/// What PRIM found.
#[derive(Clone, Debug, PartialEq)]
pub struct Prim {
    /// Every box from the whole range to the last peel.
    pub trajectory: Vec<Step>,
    /// Index of the chosen box in the trajectory.
    pub chosen: usize,
    /// The chosen box's restricted dimensions, in dimension order.
    pub restrictions: Vec<Restriction>,
    /// Share of resamples restricting each dimension, restricted in the chosen box or not
    /// (empty without resamples).
    pub restricted_share: Vec<f64>,
}

impl Prim {
    /// The chosen box.
    pub fn chosen_box(&self) -> &Step {
        &self.trajectory[self.chosen]
    }
}

/// Runs PRIM on points `x` (rows, one value per dimension of `bounds`) and whether the
/// condition holds at each, `y`.
pub fn prim(x: &[Vec<f64>], y: &[bool], bounds: &Bounds, settings: &Settings) -> Result<Prim> {
    check(x, y, bounds, settings)?;
    let all: Vec<usize> = (0..x.len()).collect();
    let trajectory = peel(x, y, &all, bounds, settings);
    let chosen = choose(&trajectory, settings.threshold);
    let best = &trajectory[chosen];

    let mut resampled: Vec<Vec<(f64, f64)>> = Vec::with_capacity(settings.resamples);
    let mut rng = seeded(settings.seed);
    for _ in 0..settings.resamples {
        let rows: Vec<usize> = (0..x.len()).map(|_| rng.random_range(0..x.len())).collect();
        let path = peel(x, y, &rows, bounds, settings);
        resampled.push(path[choose(&path, settings.threshold)].limits.clone());
    }
    let ranges = bounds.ranges();
    let restricted_share: Vec<f64> = match resampled.len() {
        0 => Vec::new(),
        b => (0..ranges.len())
            .map(|d| {
                let n = resampled
                    .iter()
                    .filter(|l| is_restricted(l[d], ranges[d]))
                    .count();
                n as f64 / b as f64
            })
            .collect(),
    };

    let mut restrictions = Vec::new();
    for (d, &(lo, hi)) in best.limits.iter().enumerate() {
        if !is_restricted((lo, hi), ranges[d]) {
            continue;
        }
        let interval = |side: fn(&(f64, f64)) -> f64| {
            (!resampled.is_empty()).then(|| {
                let mut v: Vec<f64> = resampled.iter().map(|l| side(&l[d])).collect();
                v.sort_by(f64::total_cmp);
                (quantile_sorted(&v, 0.025), quantile_sorted(&v, 0.975))
            })
        };
        // One side lifted at a time, as the Workbench's `calculate_qp` does: the
        // probability of at least the box's cases among its points if they were drawn
        // at the density of the box without that limit.
        let quasi_p = |side: usize| {
            let mut lifted = best.limits.clone();
            if side == 0 {
                lifted[d].0 = ranges[d].0;
            } else {
                lifted[d].1 = ranges[d].1;
            }
            let (points, hits) = count(x, y, &all, &lifted);
            let p = hits as f64 / points.max(1) as f64;
            binomial_upper_tail(best.hits as u64, best.points as u64, p)
        };
        restrictions.push(Restriction {
            dim: d,
            lo,
            hi,
            lo_interval: interval(|l| l.0),
            hi_interval: interval(|l| l.1),
            resampled_share: restricted_share.get(d).copied(),
            quasi_p_lo: (lo > ranges[d].0).then(|| quasi_p(0)),
            quasi_p_hi: (hi < ranges[d].1).then(|| quasi_p(1)),
        });
    }
    Ok(Prim {
        trajectory,
        chosen,
        restrictions,
        restricted_share,
    })
}

fn check(x: &[Vec<f64>], y: &[bool], bounds: &Bounds, settings: &Settings) -> Result<()> {
    check_points(x, y.len(), "cases of interest", bounds.dim())?;
    for (what, value) in [
        ("peel_alpha", settings.peel_alpha),
        ("mass_min", settings.mass_min),
    ] {
        if !(value > 0.0 && value < 1.0) {
            return Err(Error::OutOfRange {
                what,
                value,
                expected: "strictly between 0 and 1",
            });
        }
    }
    if !(0.0..=1.0).contains(&settings.threshold) {
        return Err(Error::OutOfRange {
            what: "threshold",
            value: settings.threshold,
            expected: "between 0 and 1",
        });
    }
    Ok(())
}

fn is_restricted(limits: (f64, f64), range: (f64, f64)) -> bool {
    limits.0 > range.0 || limits.1 < range.1
}

/// Points and cases of interest among `rows` inside `limits`.
fn count(x: &[Vec<f64>], y: &[bool], rows: &[usize], limits: &[(f64, f64)]) -> (usize, usize) {
    let inside = rows.iter().filter(|&&r| {
        x[r].iter()
            .zip(limits)
            .all(|(v, (lo, hi))| lo <= v && v <= hi)
    });
    inside.fold((0, 0), |(n, h), &r| (n + 1, h + usize::from(y[r])))
}

/// The peeling trajectory over the points `rows` (repeated rows count repeatedly).
fn peel(x: &[Vec<f64>], y: &[bool], rows: &[usize], bounds: &Bounds, s: &Settings) -> Vec<Step> {
    let total = rows.len();
    let total_hits = rows.iter().filter(|&&r| y[r]).count();
    let ranges = bounds.ranges();
    let step = |limits: Vec<(f64, f64)>, points: usize, hits: usize| Step {
        restricted: limits
            .iter()
            .zip(ranges)
            .filter(|&(l, r)| is_restricted(*l, *r))
            .count(),
        limits,
        points,
        hits,
        coverage: hits as f64 / total_hits.max(1) as f64,
        density: hits as f64 / points.max(1) as f64,
        mass: points as f64 / total as f64,
    };
    let mut limits = ranges.to_vec();
    let mut inside: Vec<usize> = rows.to_vec();
    let mut hits = total_hits;
    let mut trajectory = vec![step(limits.clone(), inside.len(), hits)];
    let mut values: Vec<(f64, bool)> = Vec::with_capacity(inside.len());
    loop {
        let n = inside.len();
        let k = ((s.peel_alpha * n as f64).ceil() as usize).max(1);
        if k >= n {
            break;
        }
        let mean = hits as f64 / n as f64;
        let mut best: Option<Cut> = None;
        for d in 0..limits.len() {
            values.clear();
            values.extend(inside.iter().map(|&r| (x[r][d], y[r])));
            values.sort_by(|a, b| a.0.total_cmp(&b.0));
            // Cut below the k-th smallest value, or above the k-th largest; ties at the
            // cut stay in, so a cut may remove fewer than k points. Where the lowest (or
            // highest) value alone holds more than k points, as on a grid or a whole-number
            // parameter, the cut moves to the next distinct value and removes that level
            // whole (the Workbench does the same), or there would be no cut at all.
            let (first, last) = (values[0].0, values[n - 1].0);
            let mut low = values[k].0;
            if low == first {
                low = values
                    .iter()
                    .map(|v| v.0)
                    .find(|&v| v > first)
                    .unwrap_or(first);
            }
            let mut high = values[n - 1 - k].0;
            if high == last {
                high = values
                    .iter()
                    .rev()
                    .map(|v| v.0)
                    .find(|&v| v < last)
                    .unwrap_or(last);
            }
            let below = values.iter().take_while(|v| v.0 < low);
            let above = values.iter().rev().take_while(|v| v.0 > high);
            for (removed, cut) in [
                (tally(below), (low, limits[d].1)),
                (tally(above), (limits[d].0, high)),
            ] {
                let (gone, gone_hits) = removed;
                let left = n - gone;
                if gone == 0 || (left as f64) < s.mass_min * total as f64 {
                    continue;
                }
                let gain = ((hits - gone_hits) as f64 / left as f64 - mean) / gone as f64;
                if best.is_none_or(|b| gain > b.gain) {
                    best = Some(Cut {
                        gain,
                        dim: d,
                        limits: cut,
                        hits: hits - gone_hits,
                    });
                }
            }
        }
        let Some(Cut {
            dim: d,
            limits: cut,
            hits: left_hits,
            ..
        }) = best
        else {
            break;
        };
        limits[d] = cut;
        inside.retain(|&r| cut.0 <= x[r][d] && x[r][d] <= cut.1);
        hits = left_hits;
        trajectory.push(step(limits.clone(), inside.len(), hits));
    }
    trajectory
}

/// A candidate peel.
#[derive(Clone, Copy)]
struct Cut {
    /// Rise in density per point removed.
    gain: f64,
    dim: usize,
    /// The dimension's limits after the cut.
    limits: (f64, f64),
    /// Cases of interest left.
    hits: usize,
}

fn tally<'a>(values: impl Iterator<Item = &'a (f64, bool)>) -> (usize, usize) {
    values.fold((0, 0), |(n, h), v| (n + 1, h + usize::from(v.1)))
}

/// The widest box (by coverage) at least `threshold` dense; the densest if none is.
fn choose(trajectory: &[Step], threshold: f64) -> usize {
    let dense = trajectory
        .iter()
        .enumerate()
        .filter(|(_, s)| s.density >= threshold)
        .fold(None, |best: Option<(usize, f64)>, (i, s)| {
            if best.is_none_or(|b| s.coverage > b.1) {
                Some((i, s.coverage))
            } else {
                best
            }
        });
    dense.map(|b| b.0).unwrap_or_else(|| {
        let mut best = 0;
        for (i, s) in trajectory.iter().enumerate() {
            if s.density > trajectory[best].density {
                best = i;
            }
        }
        best
    })
}

/// P(X >= k) for X ~ Binomial(n, p), summed in log space.
pub fn binomial_upper_tail(k: u64, n: u64, p: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let ln_choose = |i: u64| -> f64 { ln_factorial(n) - ln_factorial(i) - ln_factorial(n - i) };
    let (lp, lq) = (p.ln(), (1.0 - p).ln());
    let terms: Vec<f64> = (k..=n)
        .map(|i| ln_choose(i) + i as f64 * lp + (n - i) as f64 * lq)
        .collect();
    let top = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = terms.iter().map(|t| (t - top).exp()).sum();
    (top + sum.ln()).exp().min(1.0)
}

/// ln(n!) by Stirling's series beyond 20 (error below 1e-10), exactly below.
fn ln_factorial(n: u64) -> f64 {
    if n < 21 {
        return (1..=n).map(|i| (i as f64).ln()).sum();
    }
    let x = n as f64;
    x * x.ln() - x + 0.5 * (std::f64::consts::TAU * x).ln() + 1.0 / (12.0 * x)
        - 1.0 / (360.0 * x.powi(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Points uniform in the unit cube; the condition holds inside
    /// [0.2, 0.6] x [0.5, 1] (any third coordinate), with 5% of labels flipped.
    fn known_box(n: usize, seed: u64) -> (Vec<Vec<f64>>, Vec<bool>) {
        let mut rng = seeded(seed);
        let mut x = Vec::new();
        let mut y = Vec::new();
        for _ in 0..n {
            let p: Vec<f64> = (0..3).map(|_| rng.random::<f64>()).collect();
            let inside = (0.2..=0.6).contains(&p[0]) && p[1] >= 0.5;
            let flip = rng.random::<f64>() < 0.05;
            y.push(inside != flip);
            x.push(p);
        }
        (x, y)
    }

    #[test]
    fn recovers_a_known_box_with_intervals_that_cover_it() {
        let (x, y) = known_box(3000, 11);
        let bounds = Bounds::new(vec![(0.0, 1.0); 3]).unwrap();
        let found = prim(&x, &y, &bounds, &Settings::default()).unwrap();
        let chosen = found.chosen_box();
        assert!(chosen.density >= 0.8, "{chosen:?}");
        assert!(chosen.coverage > 0.8, "{chosen:?}");
        let dims: Vec<usize> = found.restrictions.iter().map(|r| r.dim).collect();
        assert_eq!(dims, vec![0, 1], "{:?}", found.restrictions);
        let (a, b) = (&found.restrictions[0], &found.restrictions[1]);
        let tolerance = 0.05;
        assert!(
            (a.lo - 0.2).abs() < tolerance && (a.hi - 0.6).abs() < tolerance,
            "{a:?}"
        );
        assert!((b.lo - 0.5).abs() < tolerance, "{b:?}");
        assert_eq!(b.hi, 1.0);
        for r in &found.restrictions {
            assert!(r.quasi_p() < 1e-6, "{r:?}");
        }
        // The intervals hold the true limits, and the noise dimension is rarely restricted.
        let (lo, hi) = a.lo_interval.unwrap();
        assert!(lo - 0.01 <= 0.2 && 0.2 <= hi + 0.01, "{a:?}");
        let (lo, hi) = a.hi_interval.unwrap();
        assert!(lo - 0.01 <= 0.6 && 0.6 <= hi + 0.01, "{a:?}");
        let (lo, hi) = b.lo_interval.unwrap();
        assert!(lo - 0.01 <= 0.5 && 0.5 <= hi + 0.01, "{b:?}");
        // Each restricted side has its own quasi-p-value; an open side has none.
        assert!(a.quasi_p_lo.is_some() && a.quasi_p_hi.is_some() && b.quasi_p_hi.is_none());
        assert!(
            found.restricted_share[2] < 0.5,
            "{:?}",
            found.restricted_share
        );
        assert!(found.restricted_share[0] > 0.9 && found.restricted_share[1] > 0.9);
    }

    #[test]
    fn the_trajectory_trades_coverage_for_density() {
        let (x, y) = known_box(1000, 3);
        let bounds = Bounds::new(vec![(0.0, 1.0); 3]).unwrap();
        let settings = Settings {
            resamples: 0,
            ..Settings::default()
        };
        let found = prim(&x, &y, &bounds, &settings).unwrap();
        let t = &found.trajectory;
        assert!(t.len() > 10);
        assert_eq!(t[0].coverage, 1.0);
        assert_eq!(t[0].restricted, 0);
        assert!(t.windows(2).all(|w| w[1].coverage <= w[0].coverage));
        assert!(t.windows(2).all(|w| w[1].points < w[0].points));
        assert!(t.last().unwrap().mass >= 0.05);
        assert!(t.last().unwrap().density > 0.85);
        assert!(found.restricted_share.is_empty());
        assert!(found.restrictions.iter().all(|r| r.lo_interval.is_none()));
    }

    #[test]
    fn an_unrelated_condition_gets_large_quasi_p_values_or_no_box() {
        let mut rng = seeded(5);
        let x: Vec<Vec<f64>> = (0..800)
            .map(|_| (0..2).map(|_| rng.random::<f64>()).collect())
            .collect();
        let y: Vec<bool> = (0..800).map(|_| rng.random::<f64>() < 0.3).collect();
        let bounds = Bounds::new(vec![(0.0, 1.0); 2]).unwrap();
        let found = prim(&x, &y, &bounds, &Settings::default()).unwrap();
        assert!(found.chosen_box().density < 0.8);
        assert!(found.chosen_box().mass < 0.2, "a noise box is small");
    }

    /// A parameter on a grid of five levels, the condition true at its top level: the
    /// lowest level holds a fifth of the points, more than one peel's share, and PRIM
    /// still cuts level by level.
    #[test]
    fn a_grid_parameter_is_peeled_level_by_level() {
        let mut rng = seeded(8);
        let mut x = Vec::new();
        let mut y = Vec::new();
        for i in 0..1000 {
            let level = (i % 5) as f64 / 4.0;
            let other: f64 = rng.random();
            y.push(level == 1.0 && other < 0.9);
            x.push(vec![level, other]);
        }
        let bounds = Bounds::new(vec![(0.0, 1.0); 2]).unwrap();
        let settings = Settings {
            resamples: 0,
            ..Settings::default()
        };
        let found = prim(&x, &y, &bounds, &settings).unwrap();
        let chosen = found.chosen_box();
        assert_eq!(chosen.limits[0].0, 1.0, "{chosen:?}");
        assert!(chosen.density > 0.8, "{chosen:?}");
    }

    #[test]
    fn binomial_tail_matches_exact_sums() {
        assert!((binomial_upper_tail(3, 3, 0.5) - 0.125).abs() < 1e-12);
        assert!((binomial_upper_tail(2, 4, 0.5) - 11.0 / 16.0).abs() < 1e-12);
        assert_eq!(binomial_upper_tail(0, 10, 0.2), 1.0);
        // 60 of 100 at p = 0.5: 0.028444 (R: pbinom(59, 100, 0.5, lower.tail = FALSE)).
        assert!((binomial_upper_tail(60, 100, 0.5) - 0.028_443_966).abs() < 1e-8);
    }

    #[test]
    fn bad_input_is_an_error() {
        let bounds = Bounds::new(vec![(0.0, 1.0)]).unwrap();
        let s = Settings::default();
        assert!(prim(&[vec![0.5]], &[true], &bounds, &s).is_err());
        assert!(prim(&[vec![0.5], vec![f64::NAN]], &[true, false], &bounds, &s).is_err());
        assert!(
            prim(
                &[vec![0.5, 1.0], vec![0.1, 1.0]],
                &[true, false],
                &bounds,
                &s
            )
            .is_err()
        );
        let bad = Settings {
            peel_alpha: 0.0,
            ..Settings::default()
        };
        assert!(prim(&[vec![0.5], vec![0.1]], &[true, false], &bounds, &bad).is_err());
    }
}
