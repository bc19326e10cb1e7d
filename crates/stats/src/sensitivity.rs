//! Global sensitivity analysis: which parameters drive an outcome.
//!
//! Both methods have the same two-step shape, so the caller can evaluate the
//! (expensive) points in parallel between the steps:
//!
//! 1. build a design ([`SobolDesign::new`], [`MorrisDesign::new`]) and evaluate
//!    every point of [`points`](SobolDesign::points), in order;
//! 2. hand the outputs, in the same order, to `analyse`.
//!
//! A design is a pure function of its arguments, so it can be rebuilt instead
//! of stored between the two steps.

use rand::RngExt;

use crate::design::{Bounds, MAX_SOBOL_DIMENSIONS, sobol_unit};
use crate::quantile::quantile_sorted;
use crate::rng::seeded;
use crate::{Error, Result, check_finite, check_len};

/// Sobol indices of one parameter with bootstrap 95% intervals.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SobolIndices {
    /// First-order index: share of output variance due to this parameter alone.
    pub s1: f64,
    /// Lower end of the interval for `s1`.
    pub s1_lo: f64,
    /// Upper end of the interval for `s1`.
    pub s1_hi: f64,
    /// Total index: share of variance due to this parameter and its interactions.
    pub st: f64,
    /// Lower end of the interval for `st`.
    pub st_lo: f64,
    /// Upper end of the interval for `st`.
    pub st_hi: f64,
}

/// The Saltelli sample for variance-based (Sobol) sensitivity indices.
///
/// Two `N x k` matrices A and B come from the first and last `k` dimensions of
/// one `2k`-dimensional scrambled Sobol sequence, and for each parameter `i`,
/// `A_B^i` is A with column `i` taken from B (Saltelli et al. 2010). That is
/// `N (k + 2)` evaluations.
///
/// # Order of points
///
/// Grouped by base row, as in SALib: for row `j` the points
/// `j (k+2) .. (j+1) (k+2)` are `A_j, A_B^1_j, ..., A_B^k_j, B_j`.
#[derive(Debug, Clone, PartialEq)]
pub struct SobolDesign {
    params: usize,
    base: usize,
    points: Vec<Vec<f64>>,
}

impl SobolDesign {
    /// The sample for `n` base rows (take a power of two; `n >= 2`).
    ///
    /// At most `MAX_SOBOL_DIMENSIONS / 2` parameters and
    /// [`MAX_SOBOL_POINTS`](crate::design::MAX_SOBOL_POINTS) base rows.
    pub fn new(bounds: &Bounds, n: usize, seed: u64) -> Result<Self> {
        let k = bounds.dim();
        if 2 * k > MAX_SOBOL_DIMENSIONS {
            return Err(Error::TooMany {
                what: "parameters for Sobol indices",
                max: MAX_SOBOL_DIMENSIONS / 2,
                got: k,
            });
        }
        if n < 2 {
            return Err(Error::TooFew {
                what: "Sobol base samples",
                needed: 2,
                got: n,
            });
        }
        let mut points = Vec::with_capacity(n * (k + 2));
        for row in sobol_unit(2 * k, n, seed)? {
            let (a, b) = row.split_at(k);
            points.push(bounds.from_unit(a));
            for i in 0..k {
                let mut ab = a.to_vec();
                ab[i] = b[i];
                points.push(bounds.from_unit(&ab));
            }
            points.push(bounds.from_unit(b));
        }
        Ok(Self {
            params: k,
            base: n,
            points,
        })
    }

    /// The points to evaluate, in the documented order.
    pub fn points(&self) -> &[Vec<f64>] {
        &self.points
    }

    /// Number of base rows N.
    pub fn base_samples(&self) -> usize {
        self.base
    }

    /// Estimates the indices from `outputs[m] = f(points[m])`.
    ///
    /// First-order indices use the estimator of Saltelli et al. (2010, table 2,
    /// eq. b): `S1_i = mean(f(B) (f(A_B^i) - f(A))) / V`; total indices use
    /// Jansen's (1999): `ST_i = mean((f(A) - f(A_B^i))^2) / (2V)`, with `V` the
    /// variance of `f(A)` and `f(B)` pooled. The 95% intervals are bootstrap
    /// percentile intervals over `resamples` resamplings of the base rows
    /// (`resamples >= 2`; about 1000 is usual). Estimates can stray slightly
    /// outside [0, 1] through sampling error; they are not clipped.
    pub fn analyse(
        &self,
        outputs: &[f64],
        resamples: usize,
        seed: u64,
    ) -> Result<Vec<SobolIndices>> {
        check_len("Sobol outputs", self.points.len(), outputs.len())?;
        check_finite(outputs, "Sobol outputs")?;
        if resamples < 2 {
            return Err(Error::TooFew {
                what: "bootstrap resamples",
                needed: 2,
                got: resamples,
            });
        }
        let (k, n) = (self.params, self.base);
        let rows: Vec<usize> = (0..n).collect();
        let estimate = self
            .estimate(outputs, &rows)
            .ok_or(Error::Degenerate("the outputs have zero variance"))?;

        let mut rng = seeded(seed);
        let mut boot_s1 = vec![Vec::with_capacity(resamples); k];
        let mut boot_st = vec![Vec::with_capacity(resamples); k];
        let mut sample = vec![0; n];
        for _ in 0..resamples {
            sample.iter_mut().for_each(|r| *r = rng.random_range(0..n));
            // A resample can only lose all variance when N is tiny; skip it.
            if let Some(b) = self.estimate(outputs, &sample) {
                for (i, (s1, st)) in b.into_iter().enumerate() {
                    boot_s1[i].push(s1);
                    boot_st[i].push(st);
                }
            }
        }
        Ok(estimate
            .into_iter()
            .enumerate()
            .map(|(i, (s1, st))| {
                let (s1_lo, s1_hi) = percentile_interval(&mut boot_s1[i], s1);
                let (st_lo, st_hi) = percentile_interval(&mut boot_st[i], st);
                SobolIndices {
                    s1,
                    s1_lo,
                    s1_hi,
                    st,
                    st_lo,
                    st_hi,
                }
            })
            .collect())
    }

    /// `(S1_i, ST_i)` for each parameter over the given base rows, or `None`
    /// if the outputs of those rows have no variance.
    fn estimate(&self, outputs: &[f64], rows: &[usize]) -> Option<Vec<(f64, f64)>> {
        let k = self.params;
        let stride = k + 2;
        let f_a = |j: usize| outputs[j * stride];
        let f_ab = |j: usize, i: usize| outputs[j * stride + 1 + i];
        let f_b = |j: usize| outputs[j * stride + k + 1];

        let m = rows.len() as f64;
        let mean = rows.iter().map(|&j| f_a(j) + f_b(j)).sum::<f64>() / (2.0 * m);
        let var = rows
            .iter()
            .map(|&j| (f_a(j) - mean).powi(2) + (f_b(j) - mean).powi(2))
            .sum::<f64>()
            / (2.0 * m);
        if var <= 0.0 {
            return None;
        }
        Some(
            (0..k)
                .map(|i| {
                    let (mut first, mut total) = (0.0, 0.0);
                    for &j in rows {
                        let d = f_ab(j, i) - f_a(j);
                        first += f_b(j) * d;
                        total += d * d;
                    }
                    (first / m / var, total / (2.0 * m) / var)
                })
                .collect(),
        )
    }
}

/// The 2.5% and 97.5% percentiles of bootstrap replicates; collapses onto
/// `estimate` if every replicate was skipped.
fn percentile_interval(replicates: &mut [f64], estimate: f64) -> (f64, f64) {
    if replicates.is_empty() {
        return (estimate, estimate);
    }
    replicates.sort_by(f64::total_cmp);
    (
        quantile_sorted(replicates, 0.025),
        quantile_sorted(replicates, 0.975),
    )
}

/// Most candidate trajectories for [`MorrisDesign::optimised`]: the selection
/// keeps a dense matrix of pairwise distances.
pub const MAX_MORRIS_CANDIDATES: usize = 2000;

/// Morris elementary effects of one parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MorrisEffects {
    /// Mean elementary effect (signed; effects of opposite sign cancel).
    pub mu: f64,
    /// Mean absolute elementary effect (Campolongo et al. 2007): the ranking measure.
    pub mu_star: f64,
    /// Standard deviation of the effects: non-linearity or interactions.
    pub sigma: f64,
    /// Lower end of the bootstrap 95% interval for `mu_star`.
    pub mu_star_lo: f64,
    /// Upper end of the bootstrap 95% interval for `mu_star`.
    pub mu_star_hi: f64,
}

/// A Morris (1991) screening design: `r` one-at-a-time trajectories on a
/// `p`-level grid of the unit cube.
///
/// Each trajectory starts at a random grid point and moves every parameter
/// once, in random order, by `Δ = p / (2 (p - 1))` up or down. Effects are
/// measured per unit of the *scaled* parameter (its whole range = 1), so
/// parameters with different units are comparable.
///
/// # Order of points
///
/// Trajectory `t` occupies points `t (k+1) .. (t+1) (k+1)`, in the order they
/// are visited.
#[derive(Debug, Clone, PartialEq)]
pub struct MorrisDesign {
    params: usize,
    points: Vec<Vec<f64>>,
    /// For each trajectory, the parameter moved at each step and the signed
    /// move in unit-cube terms.
    moves: Vec<Vec<(usize, f64)>>,
}

impl MorrisDesign {
    /// The standard Morris design: `trajectories >= 2` random trajectories on a
    /// grid of `levels` values per parameter (`levels` even and at least 2;
    /// 4 is customary).
    pub fn new(bounds: &Bounds, trajectories: usize, levels: usize, seed: u64) -> Result<Self> {
        Self::optimised(bounds, trajectories, levels, trajectories, seed)
    }

    /// Draws `candidates >= trajectories` random trajectories and keeps the
    /// `trajectories` most spread out, after Campolongo et al. (2007), which
    /// covers the space better for the same number of evaluations.
    ///
    /// Campolongo's exhaustive search over combinations is replaced by greedy
    /// removal (as in Ruano et al. 2012): repeatedly drop the candidate that
    /// contributes least to the sum of squared inter-trajectory distances.
    pub fn optimised(
        bounds: &Bounds,
        trajectories: usize,
        levels: usize,
        candidates: usize,
        seed: u64,
    ) -> Result<Self> {
        if trajectories < 2 {
            return Err(Error::TooFew {
                what: "Morris trajectories",
                needed: 2,
                got: trajectories,
            });
        }
        if levels < 2 || !levels.is_multiple_of(2) {
            return Err(Error::OutOfRange {
                what: "Morris levels",
                value: levels as f64,
                expected: "an even number of at least 2",
            });
        }
        if candidates > MAX_MORRIS_CANDIDATES {
            return Err(Error::TooMany {
                what: "Morris candidate trajectories",
                max: MAX_MORRIS_CANDIDATES,
                got: candidates,
            });
        }
        if candidates < trajectories {
            return Err(Error::TooFew {
                what: "Morris candidate trajectories",
                needed: trajectories,
                got: candidates,
            });
        }
        let k = bounds.dim();
        let mut rng = seeded(seed);
        let mut pool: Vec<Trajectory> = (0..candidates)
            .map(|_| trajectory(k, levels, &mut rng))
            .collect();
        if candidates > trajectories {
            let keep = most_spread(&pool, trajectories);
            pool = keep.into_iter().map(|t| pool[t].clone()).collect();
        }
        let mut points = Vec::with_capacity(trajectories * (k + 1));
        let mut moves = Vec::with_capacity(trajectories);
        for t in pool {
            points.extend(t.points.iter().map(|u| bounds.from_unit(u)));
            moves.push(t.moves);
        }
        Ok(Self {
            params: k,
            points,
            moves,
        })
    }

    /// The points to evaluate, in the documented order.
    pub fn points(&self) -> &[Vec<f64>] {
        &self.points
    }

    /// Number of trajectories.
    pub fn trajectories(&self) -> usize {
        self.moves.len()
    }

    /// Computes `mu`, `mu*` and `sigma` per parameter from
    /// `outputs[m] = f(points[m])`, with a bootstrap 95% percentile interval for
    /// `mu*` over `resamples >= 2` resamplings of the trajectories.
    pub fn analyse(
        &self,
        outputs: &[f64],
        resamples: usize,
        seed: u64,
    ) -> Result<Vec<MorrisEffects>> {
        check_len("Morris outputs", self.points.len(), outputs.len())?;
        check_finite(outputs, "Morris outputs")?;
        if resamples < 2 {
            return Err(Error::TooFew {
                what: "bootstrap resamples",
                needed: 2,
                got: resamples,
            });
        }
        let k = self.params;
        let r = self.moves.len();
        // effects[i][t]: elementary effect of parameter i in trajectory t.
        let mut effects = vec![vec![0.0; r]; k];
        for (t, steps) in self.moves.iter().enumerate() {
            let y = &outputs[t * (k + 1)..(t + 1) * (k + 1)];
            for (s, &(i, delta)) in steps.iter().enumerate() {
                effects[i][t] = (y[s + 1] - y[s]) / delta;
            }
        }

        let mut rng = seeded(seed);
        let mut boot = vec![Vec::with_capacity(resamples); k];
        let mut sample = vec![0; r];
        for _ in 0..resamples {
            sample.iter_mut().for_each(|t| *t = rng.random_range(0..r));
            for (i, e) in effects.iter().enumerate() {
                boot[i].push(sample.iter().map(|&t| e[t].abs()).sum::<f64>() / r as f64);
            }
        }
        Ok(effects
            .iter()
            .zip(&mut boot)
            .map(|(e, boot)| {
                let rf = r as f64;
                let mu = e.iter().sum::<f64>() / rf;
                let mu_star = e.iter().map(|x| x.abs()).sum::<f64>() / rf;
                let sigma = (e.iter().map(|x| (x - mu).powi(2)).sum::<f64>() / (rf - 1.0)).sqrt();
                let (mu_star_lo, mu_star_hi) = percentile_interval(boot, mu_star);
                MorrisEffects {
                    mu,
                    mu_star,
                    sigma,
                    mu_star_lo,
                    mu_star_hi,
                }
            })
            .collect())
    }
}

/// A Morris trajectory in the unit cube.
#[derive(Debug, Clone)]
struct Trajectory {
    /// The `k + 1` points, in visiting order.
    points: Vec<Vec<f64>>,
    /// The parameter moved at each step and the signed move.
    moves: Vec<(usize, f64)>,
}

/// One random Morris trajectory.
fn trajectory<R: rand::Rng>(k: usize, levels: usize, rng: &mut R) -> Trajectory {
    let p = levels as f64;
    let delta = p / (2.0 * (p - 1.0));
    // Level shift that corresponds to Δ: p/2 grid steps.
    let shift = levels / 2;
    let mut x = Vec::with_capacity(k);
    let mut directions = Vec::with_capacity(k);
    for _ in 0..k {
        // Start low and move up, or start high and move down, with equal chance;
        // either way the move stays on the grid.
        let up = rng.random_bool(0.5);
        let level = rng.random_range(0..levels - shift) + if up { 0 } else { shift };
        x.push(level as f64 / (p - 1.0));
        directions.push(if up { delta } else { -delta });
    }
    let mut order: Vec<usize> = (0..k).collect();
    rand::seq::SliceRandom::shuffle(order.as_mut_slice(), rng);

    let mut points = vec![x.clone()];
    let mut moves = Vec::with_capacity(k);
    for &i in &order {
        x[i] += directions[i];
        points.push(x.clone());
        moves.push((i, directions[i]));
    }
    Trajectory { points, moves }
}

/// Campolongo et al. (2007): the distance between two trajectories is the sum
/// of Euclidean distances between all pairs of their points.
fn trajectory_distance(a: &[Vec<f64>], b: &[Vec<f64>]) -> f64 {
    a.iter()
        .flat_map(|p| b.iter().map(move |q| (p, q)))
        .map(|(p, q)| {
            p.iter()
                .zip(q)
                .map(|(x, y)| (x - y).powi(2))
                .sum::<f64>()
                .sqrt()
        })
        .sum()
}

/// Indices of the `keep` trajectories of `pool` chosen by greedy removal to
/// maximise the sum of squared pairwise distances.
fn most_spread(pool: &[Trajectory], keep: usize) -> Vec<usize> {
    let m = pool.len();
    let mut d2 = vec![vec![0.0; m]; m];
    for a in 0..m {
        for b in a + 1..m {
            let d = trajectory_distance(&pool[a].points, &pool[b].points);
            d2[a][b] = d * d;
            d2[b][a] = d * d;
        }
    }
    // Each candidate's share of the total, updated as others are removed.
    let mut contribution: Vec<f64> = d2.iter().map(|row| row.iter().sum()).collect();
    let mut alive: Vec<usize> = (0..m).collect();
    while alive.len() > keep {
        let weakest = (0..alive.len())
            .min_by(|&a, &b| contribution[alive[a]].total_cmp(&contribution[alive[b]]))
            .unwrap_or(0);
        let gone = alive.remove(weakest);
        for &t in &alive {
            contribution[t] -= d2[t][gone];
        }
    }
    alive
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    fn ishigami(x: &[f64]) -> f64 {
        let (a, b) = (7.0, 0.1);
        x[0].sin() + a * x[1].sin().powi(2) + b * x[2].powi(4) * x[0].sin()
    }

    #[test]
    fn ishigami_indices_lie_in_their_bootstrap_intervals() {
        let bounds = Bounds::new(vec![(-PI, PI); 3]).unwrap();
        let design = SobolDesign::new(&bounds, 4096, 2024).unwrap();
        assert_eq!(design.points().len(), 4096 * 5);
        let outputs: Vec<f64> = design.points().iter().map(|x| ishigami(x)).collect();
        let indices = design.analyse(&outputs, 500, 1).unwrap();

        let s1 = [0.3139, 0.4424, 0.0];
        let st = [0.5576, 0.4424, 0.2437];
        for (i, ix) in indices.iter().enumerate() {
            assert!(
                ix.s1_lo <= s1[i] && s1[i] <= ix.s1_hi,
                "S1[{i}] = {} not in {ix:?}",
                s1[i]
            );
            assert!(
                ix.st_lo <= st[i] && st[i] <= ix.st_hi,
                "ST[{i}] = {} not in {ix:?}",
                st[i]
            );
            // Intervals must be informative, not merely wide.
            assert!(
                ix.s1_hi - ix.s1_lo < 0.15 && ix.st_hi - ix.st_lo < 0.1,
                "{ix:?}"
            );
        }
    }

    #[test]
    fn sobol_design_order_and_errors() {
        let bounds = Bounds::new(vec![(0.0, 1.0), (10.0, 20.0)]).unwrap();
        let design = SobolDesign::new(&bounds, 8, 3).unwrap();
        let p = design.points();
        assert_eq!(p.len(), 8 * 4);
        // Row 0: A, A_B^1, A_B^2, B.
        assert_eq!((p[1][0], p[1][1]), (p[3][0], p[0][1]));
        assert_eq!((p[2][0], p[2][1]), (p[0][0], p[3][1]));
        assert!(design.analyse(&[1.0; 5], 10, 0).is_err());
        assert_eq!(
            design.analyse(&[1.0; 32], 10, 0),
            Err(Error::Degenerate("the outputs have zero variance"))
        );
        let mut nan = vec![0.0; 32];
        nan[4] = f64::NAN;
        assert!(design.analyse(&nan, 10, 0).is_err());
        assert!(SobolDesign::new(&bounds, 1, 0).is_err());
    }

    #[test]
    fn analysis_is_deterministic() {
        let bounds = Bounds::new(vec![(0.0, 1.0); 2]).unwrap();
        let design = SobolDesign::new(&bounds, 64, 5).unwrap();
        let y: Vec<f64> = design.points().iter().map(|x| x[0] * x[1] + x[0]).collect();
        assert_eq!(
            design.analyse(&y, 50, 9).unwrap(),
            design.analyse(&y, 50, 9).unwrap()
        );
    }

    fn screened(x: &[f64]) -> f64 {
        10.0 * x[0] + x[1] + 0.0 * x[2] + 2.0 * x[0] * x[1]
    }

    #[test]
    fn morris_ranks_parameters_by_importance() {
        let bounds = Bounds::new(vec![(0.0, 1.0), (0.0, 1.0), (0.0, 1.0)]).unwrap();
        for design in [
            MorrisDesign::new(&bounds, 20, 4, 8).unwrap(),
            MorrisDesign::optimised(&bounds, 20, 4, 60, 8).unwrap(),
        ] {
            let y: Vec<f64> = design.points().iter().map(|x| screened(x)).collect();
            let e = design.analyse(&y, 500, 2).unwrap();
            // d/dx0 = 10 + 2 x1 in [10, 12]; d/dx1 = 1 + 2 x0 in [1, 3]; x2 inert.
            assert!((10.0..=12.0).contains(&e[0].mu_star), "{e:?}");
            assert!((1.0..=3.0).contains(&e[1].mu_star), "{e:?}");
            assert_eq!(e[2].mu_star, 0.0);
            assert!(e[0].mu_star_lo > e[1].mu_star_hi && e[1].mu_star_lo > e[2].mu_star_hi);
            // The interaction shows as spread in the two active parameters only.
            assert!(e[0].sigma > 0.0 && e[1].sigma > 0.0 && e[2].sigma == 0.0);
        }
    }

    #[test]
    fn morris_trajectories_move_one_parameter_by_delta() {
        let bounds = Bounds::new(vec![(0.0, 1.0); 4]).unwrap();
        let design = MorrisDesign::optimised(&bounds, 10, 6, 30, 1).unwrap();
        assert_eq!(design.trajectories(), 10);
        let delta = 6.0 / 10.0;
        for t in design.points().chunks(5) {
            for pair in t.windows(2) {
                let changed: Vec<f64> = pair[0]
                    .iter()
                    .zip(&pair[1])
                    .map(|(a, b)| b - a)
                    .filter(|d| *d != 0.0)
                    .collect();
                assert_eq!(changed.len(), 1);
                assert!((changed[0].abs() - delta).abs() < 1e-12);
            }
            assert!(t.iter().all(|p| bounds.contains(p)));
        }
    }

    #[test]
    fn optimised_morris_is_more_spread() {
        let bounds = Bounds::new(vec![(0.0, 1.0); 3]).unwrap();
        // The criterion itself: sum of squared inter-trajectory distances.
        let spread = |d: &MorrisDesign| {
            let t: Vec<&[Vec<f64>]> = d.points().chunks(4).collect();
            let mut total = 0.0;
            for a in 0..t.len() {
                for b in a + 1..t.len() {
                    total += trajectory_distance(t[a], t[b]).powi(2);
                }
            }
            total
        };
        let plain = MorrisDesign::new(&bounds, 10, 4, 3).unwrap();
        let best = MorrisDesign::optimised(&bounds, 10, 4, 100, 3).unwrap();
        assert!(
            spread(&best) > spread(&plain),
            "{} vs {}",
            spread(&best),
            spread(&plain)
        );
    }

    #[test]
    fn morris_rejects_bad_input() {
        let bounds = Bounds::new(vec![(0.0, 1.0); 2]).unwrap();
        assert!(MorrisDesign::new(&bounds, 1, 4, 0).is_err());
        assert!(MorrisDesign::new(&bounds, 5, 3, 0).is_err());
        assert!(MorrisDesign::optimised(&bounds, 5, 4, 4, 0).is_err());
        assert!(MorrisDesign::optimised(&bounds, 5, 4, MAX_MORRIS_CANDIDATES + 1, 0).is_err());
        let d = MorrisDesign::new(&bounds, 5, 4, 0).unwrap();
        assert!(d.analyse(&[0.0; 14], 10, 0).is_err());
        assert!(d.analyse(&[f64::NAN; 15], 10, 0).is_err());
        assert!(d.analyse(&[0.0; 15], 1, 0).is_err());
    }
}
