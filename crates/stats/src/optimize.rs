//! CMA-ES minimisation in a box, with an ask/tell interface so that the caller
//! evaluates each generation's population in parallel.
//!
//! ```
//! use grayzone_stats::design::Bounds;
//! use grayzone_stats::optimize::{Cmaes, CmaesConfig};
//!
//! let bounds = Bounds::new(vec![(-5.0, 5.0); 3])?;
//! let mut es = Cmaes::new(&bounds, CmaesConfig::default(), 1)?;
//! while es.stop_reason().is_none() {
//!     let xs = es.ask();
//!     // In the product: run (and average) simulations for each x in parallel.
//!     let fs: Vec<f64> = xs.iter().map(|x| x.iter().map(|v| (v - 1.0).powi(2)).sum()).collect();
//!     es.tell(&fs)?;
//! }
//! let best = es.best().unwrap();
//! assert!(best.x.iter().all(|v| (v - 1.0).abs() < 1e-3));
//! # Ok::<(), grayzone_stats::Error>(())
//! ```
//!
//! # Method
//!
//! The (μ/μ_w, λ)-CMA-ES with rank-one and rank-μ covariance updates and
//! cumulative step-size adaptation, with the default parameters of Hansen's
//! tutorial ("The CMA Evolution Strategy: A Tutorial", 2016, table 1).
//!
//! **Box.** The search runs in unbounded coordinates `y`; each coordinate is
//! folded into the unit interval by reflection (a triangle wave: `0 → 0`,
//! `1 → 1`, `1.3 → 0.7`, `-0.2 → 0.2`) and then mapped affinely onto the box.
//! Every point the caller evaluates is therefore inside the box, no
//! evaluation is wasted on a repair penalty, and an optimum on a face is
//! reached as the reflection's fold. Working in unit coordinates also makes
//! the initial step size meaningful for parameters of any scale.
//!
//! **Constraints** `g_j(x) <= c_j` are handled by Deb's (2000) feasibility
//! rules when ranking a population: feasible points rank before infeasible
//! ones, feasible points by objective, infeasible ones by total violation
//! `Σ max(0, g_j - c_j)`. No penalty weight needs tuning; express the
//! constraints in comparable units, since violations are summed.
//!
//! **Noise.** For noisy objectives the caller averages replicate runs per
//! point; with [`CmaesConfig::reevaluate_incumbent`] the best point so far is
//! appended to every population and its objective becomes the running mean
//! of its evaluations, so a lucky single evaluation does not keep it best.
//! A newcomer still replaces it on one lucky evaluation (the winner's curse),
//! so on a noisy problem treat the incumbent's objective as optimistic, and
//! for the final answer re-run the incumbent, or the distribution's
//! [`mean`](Cmaes::mean) (the better estimate under noise), with many
//! replicates.

use rand::rngs::ChaCha8Rng;

use crate::design::Bounds;
use crate::rng::{normal, seeded};
use crate::{Error, Result, check_len};

/// Settings of a CMA-ES run.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CmaesConfig {
    /// Population size λ; `None` for Hansen's default `4 + ⌊3 ln n⌋`.
    pub population: Option<usize>,
    /// Initial step size, as a fraction of each parameter's range.
    pub sigma0: f64,
    /// Initial mean in parameter space; `None` for the centre of the box.
    pub start: Option<Vec<f64>>,
    /// Limits `c_j` of constraints `g_j(x) <= c_j`; empty if unconstrained.
    pub constraint_limits: Vec<f64>,
    /// Stop after this many generations.
    pub max_generations: usize,
    /// Stop when every coordinate's standard deviation, as a fraction of its
    /// range, is below this.
    pub tol_x: f64,
    /// Stop when the best objectives of recent generations, and all of the
    /// current one, lie within this range. Under constraints, only once every best
    /// point of the window is feasible: while the search is still ranking points by
    /// their violation, flat objectives say nothing about convergence.
    pub tol_fun: f64,
    /// Append the incumbent to every population for re-evaluation (noisy
    /// objectives).
    pub reevaluate_incumbent: bool,
}

impl Default for CmaesConfig {
    fn default() -> Self {
        Self {
            population: None,
            sigma0: 0.3,
            start: None,
            constraint_limits: Vec::new(),
            max_generations: 1000,
            tol_x: 1e-9,
            tol_fun: 1e-12,
            reevaluate_incumbent: false,
        }
    }
}

/// One evaluated point: its objective and its constraint values `g_j(x)`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Evaluation {
    /// Objective to minimise.
    pub objective: f64,
    /// Constraint values, one per configured limit.
    pub constraints: Vec<f64>,
}

/// The best point found so far (the incumbent).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Incumbent {
    /// The point, in parameter space.
    pub x: Vec<f64>,
    /// Its objective (mean of its evaluations).
    pub objective: f64,
    /// Its total constraint violation (mean of its evaluations); 0 if feasible.
    pub violation: f64,
    /// How many times it was evaluated.
    pub evaluations: usize,
}

/// One generation of the convergence trace.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TraceEntry {
    /// Generation number, from 0.
    pub generation: usize,
    /// Evaluations so far, including this generation.
    pub evaluations: usize,
    /// Objective of the best-ranked point of the generation.
    pub best: f64,
    /// Total constraint violation of the best-ranked point; 0 if it is feasible.
    pub violation: f64,
    /// Mean objective of the generation's population.
    pub mean: f64,
    /// Feasible points in the generation.
    pub feasible: usize,
    /// Step size after the update (unit coordinates).
    pub sigma: f64,
}

/// Why a run stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum CmaesStop {
    /// `max_generations` reached.
    MaxGenerations,
    /// The search distribution became narrower than `tol_x`.
    TolX,
    /// Objective values stopped changing by more than `tol_fun`.
    TolFun,
    /// The covariance matrix became too ill-conditioned to continue.
    Condition,
}

/// An ask/tell CMA-ES run. See the [module documentation](self).
#[derive(Debug)]
pub struct Cmaes {
    bounds: Bounds,
    config: CmaesConfig,
    rng: ChaCha8Rng,
    n: usize,
    lambda: usize,
    weights: Vec<f64>,
    mu_eff: f64,
    c_sigma: f64,
    d_sigma: f64,
    c_c: f64,
    c_1: f64,
    c_mu: f64,
    chi_n: f64,
    mean: Vec<f64>,
    sigma: f64,
    cov: Vec<Vec<f64>>,
    /// Eigenvectors of `cov` (columns) and square roots of its eigenvalues.
    basis: Vec<Vec<f64>>,
    scales: Vec<f64>,
    p_sigma: Vec<f64>,
    p_c: Vec<f64>,
    /// The population asked for and not yet told, in search coordinates.
    pending: Vec<Vec<f64>>,
    generation: usize,
    evaluations: usize,
    incumbent: Option<Incumbent>,
    trace: Vec<TraceEntry>,
    stop: Option<CmaesStop>,
}

impl Cmaes {
    /// Starts a run in `bounds`. Errors on an invalid configuration.
    pub fn new(bounds: &Bounds, config: CmaesConfig, seed: u64) -> Result<Self> {
        let n = bounds.dim();
        let lambda = config
            .population
            .unwrap_or(4 + (3.0 * (n as f64).ln()).floor() as usize);
        if lambda < 2 {
            return Err(Error::TooFew {
                what: "population size",
                needed: 2,
                got: lambda,
            });
        }
        if !(config.sigma0 > 0.0 && config.sigma0.is_finite()) {
            return Err(Error::OutOfRange {
                what: "sigma0",
                value: config.sigma0,
                expected: "positive and finite",
            });
        }
        crate::check_finite(&config.constraint_limits, "constraint limits")?;
        let mean = match &config.start {
            Some(x) => {
                bounds.check_point(x, "start")?;
                if !bounds.contains(x) {
                    return Err(Error::OutOfRange {
                        what: "start",
                        value: f64::NAN,
                        expected: "a point inside the box",
                    });
                }
                bounds.to_unit(x)
            }
            None => vec![0.5; n],
        };

        // Hansen (2016), table 1: positive recombination weights only.
        let mu = lambda / 2;
        let raw: Vec<f64> = (0..mu)
            .map(|i| ((lambda as f64 + 1.0) / 2.0).ln() - ((i + 1) as f64).ln())
            .collect();
        let total: f64 = raw.iter().sum();
        let weights: Vec<f64> = raw.iter().map(|w| w / total).collect();
        let mu_eff = 1.0 / weights.iter().map(|w| w * w).sum::<f64>();
        let nf = n as f64;
        let c_sigma = (mu_eff + 2.0) / (nf + mu_eff + 5.0);
        let d_sigma = 1.0 + 2.0 * (((mu_eff - 1.0) / (nf + 1.0)).sqrt() - 1.0).max(0.0) + c_sigma;
        let c_c = (4.0 + mu_eff / nf) / (nf + 4.0 + 2.0 * mu_eff / nf);
        let c_1 = 2.0 / ((nf + 1.3).powi(2) + mu_eff);
        let c_mu =
            (1.0 - c_1).min(2.0 * (mu_eff - 2.0 + 1.0 / mu_eff) / ((nf + 2.0).powi(2) + mu_eff));
        let chi_n = nf.sqrt() * (1.0 - 1.0 / (4.0 * nf) + 1.0 / (21.0 * nf * nf));

        Ok(Self {
            bounds: bounds.clone(),
            rng: seeded(seed),
            n,
            lambda,
            weights,
            mu_eff,
            c_sigma,
            d_sigma,
            c_c,
            c_1,
            c_mu,
            chi_n,
            mean,
            sigma: config.sigma0,
            cov: identity(n),
            basis: identity(n),
            scales: vec![1.0; n],
            p_sigma: vec![0.0; n],
            p_c: vec![0.0; n],
            pending: Vec::new(),
            generation: 0,
            evaluations: 0,
            incumbent: None,
            trace: Vec::new(),
            stop: None,
            config,
        })
    }

    /// The points to evaluate this generation, in parameter space: λ samples,
    /// followed by the incumbent if it is re-evaluated. Calling again before
    /// [`tell`](Self::tell) returns the same points.
    pub fn ask(&mut self) -> Vec<Vec<f64>> {
        if self.pending.is_empty() {
            self.pending = (0..self.lambda).map(|_| self.sample()).collect();
        }
        let mut points: Vec<Vec<f64>> = self.pending.iter().map(|y| self.to_box(y)).collect();
        if let Some(inc) = self.reevaluated_incumbent() {
            points.push(inc.x.clone());
        }
        points
    }

    /// Takes the objectives of the points of the last [`ask`](Self::ask), in
    /// order. Only for runs without constraints.
    pub fn tell(&mut self, objectives: &[f64]) -> Result<()> {
        let evaluations: Vec<Evaluation> = objectives
            .iter()
            .map(|&objective| Evaluation {
                objective,
                constraints: Vec::new(),
            })
            .collect();
        self.tell_constrained(&evaluations)
    }

    /// Takes objectives and constraint values of the points of the last
    /// [`ask`](Self::ask), in order, and updates the search distribution.
    pub fn tell_constrained(&mut self, evaluations: &[Evaluation]) -> Result<()> {
        if self.pending.is_empty() {
            return Err(Error::OutOfOrder("tell called without a pending ask"));
        }
        let expected = self.lambda + usize::from(self.reevaluated_incumbent().is_some());
        check_len("evaluations", expected, evaluations.len())?;
        let mut scored = Vec::with_capacity(evaluations.len());
        for e in evaluations {
            check_len(
                "constraint values",
                self.config.constraint_limits.len(),
                e.constraints.len(),
            )?;
            if !e.objective.is_finite() || e.constraints.iter().any(|g| !g.is_finite()) {
                return Err(Error::NonFinite {
                    what: "objective or constraint value",
                });
            }
            // A fold from +0.0: an empty f64 `sum` is -0.0.
            let violation = e
                .constraints
                .iter()
                .zip(&self.config.constraint_limits)
                .fold(0.0, |acc, (g, c)| acc + (g - c).max(0.0));
            scored.push((e.objective, violation));
        }

        let population = std::mem::take(&mut self.pending);
        if scored.len() > self.lambda {
            let (objective, violation) = scored[self.lambda];
            if let Some(inc) = &mut self.incumbent {
                // Running means: re-evaluation reveals whether it was lucky.
                let k = inc.evaluations as f64;
                inc.objective = (inc.objective * k + objective) / (k + 1.0);
                inc.violation = (inc.violation * k + violation) / (k + 1.0);
                inc.evaluations += 1;
            }
            scored.truncate(self.lambda);
        }
        self.evaluations += evaluations.len();

        let mut order: Vec<usize> = (0..self.lambda).collect();
        order.sort_by(|&a, &b| deb_order(scored[a], scored[b]));
        let best = order[0];
        if self
            .incumbent
            .as_ref()
            .is_none_or(|inc| deb_order(scored[best], (inc.objective, inc.violation)).is_lt())
        {
            self.incumbent = Some(Incumbent {
                x: self.to_box(&population[best]),
                objective: scored[best].0,
                violation: scored[best].1,
                evaluations: 1,
            });
        }
        self.update(&population, &order);

        self.trace.push(TraceEntry {
            generation: self.generation,
            evaluations: self.evaluations,
            best: scored[best].0,
            violation: scored[best].1,
            mean: scored.iter().map(|s| s.0).sum::<f64>() / self.lambda as f64,
            feasible: scored.iter().filter(|s| s.1 == 0.0).count(),
            sigma: self.sigma,
        });
        self.generation += 1;
        self.stop = self.check_stop(&scored);
        Ok(())
    }

    /// Runs to a stop with a sequential objective: a convenience for cheap
    /// functions and tests.
    pub fn minimise(&mut self, mut f: impl FnMut(&[f64]) -> f64) -> Result<Incumbent> {
        while self.stop.is_none() {
            let fs: Vec<f64> = self.ask().iter().map(|x| f(x)).collect();
            self.tell(&fs)?;
        }
        self.best()
            .cloned()
            .ok_or(Error::Degenerate("no generation evaluated"))
    }

    /// Runs to a stop with a sequential constrained objective.
    pub fn minimise_constrained(
        &mut self,
        mut f: impl FnMut(&[f64]) -> Evaluation,
    ) -> Result<Incumbent> {
        while self.stop.is_none() {
            let es: Vec<Evaluation> = self.ask().iter().map(|x| f(x)).collect();
            self.tell_constrained(&es)?;
        }
        self.best()
            .cloned()
            .ok_or(Error::Degenerate("no generation evaluated"))
    }

    /// The best point so far (by Deb's rules), once a generation was told.
    pub fn best(&self) -> Option<&Incumbent> {
        self.incumbent.as_ref()
    }

    /// The centre of the search distribution, in parameter space.
    pub fn mean(&self) -> Vec<f64> {
        self.to_box(&self.mean)
    }

    /// The current step size (unit coordinates).
    pub fn sigma(&self) -> f64 {
        self.sigma
    }

    /// Generations told so far.
    pub fn generation(&self) -> usize {
        self.generation
    }

    /// Population size λ (without the re-evaluated incumbent).
    pub fn population_size(&self) -> usize {
        self.lambda
    }

    /// Best and mean objective per generation.
    pub fn trace(&self) -> &[TraceEntry] {
        &self.trace
    }

    /// Why the run should stop, once it should. `ask`/`tell` keep working
    /// afterwards for callers with their own criteria.
    pub fn stop_reason(&self) -> Option<CmaesStop> {
        self.stop
    }

    fn reevaluated_incumbent(&self) -> Option<&Incumbent> {
        self.incumbent
            .as_ref()
            .filter(|_| self.config.reevaluate_incumbent)
    }

    /// `y = m + σ B D z` with `z` standard normal.
    fn sample(&mut self) -> Vec<f64> {
        let z: Vec<f64> = (0..self.n)
            .map(|i| self.scales[i] * normal(&mut self.rng))
            .collect();
        (0..self.n)
            .map(|i| self.mean[i] + self.sigma * dot_row_col(&self.basis, i, &z))
            .collect()
    }

    fn to_box(&self, y: &[f64]) -> Vec<f64> {
        let u: Vec<f64> = y.iter().map(|&v| reflect(v)).collect();
        self.bounds.from_unit(&u)
    }

    /// The CMA update of Hansen (2016), equations (39)–(47), from the
    /// population in search coordinates and its ranking.
    fn update(&mut self, population: &[Vec<f64>], order: &[usize]) {
        let n = self.n;
        let old = self.mean.clone();
        let steps: Vec<Vec<f64>> = order
            .iter()
            .take(self.weights.len())
            .map(|&k| {
                population[k]
                    .iter()
                    .zip(&old)
                    .map(|(x, m)| (x - m) / self.sigma)
                    .collect()
            })
            .collect();
        let y_w: Vec<f64> = (0..n)
            .map(|i| self.weights.iter().zip(&steps).map(|(w, s)| w * s[i]).sum())
            .collect();
        for (m, (o, y)) in self.mean.iter_mut().zip(old.iter().zip(&y_w)) {
            *m = o + self.sigma * y;
        }

        // C^{-1/2} y_w = B D^{-1} B^T y_w.
        let bt_y: Vec<f64> = (0..n)
            .map(|j| (0..n).map(|i| self.basis[i][j] * y_w[i]).sum::<f64>() / self.scales[j])
            .collect();
        let c_inv_sqrt_y: Vec<f64> = (0..n).map(|i| dot_row_col(&self.basis, i, &bt_y)).collect();
        let cs = (self.c_sigma * (2.0 - self.c_sigma) * self.mu_eff).sqrt();
        for (p, c) in self.p_sigma.iter_mut().zip(&c_inv_sqrt_y) {
            *p = (1.0 - self.c_sigma) * *p + cs * c;
        }
        let ps_norm = norm(&self.p_sigma);
        let decay = 1.0 - (1.0 - self.c_sigma).powi(2 * (self.generation as i32 + 1));
        let h_sigma = ps_norm / decay.sqrt() < (1.4 + 2.0 / (n as f64 + 1.0)) * self.chi_n;
        let cc = (self.c_c * (2.0 - self.c_c) * self.mu_eff).sqrt();
        // h_sigma stalls p_c while the step size is growing fast (Hansen 2016, eq. 45).
        let gain = if h_sigma { cc } else { 0.0 };
        for (p, y) in self.p_c.iter_mut().zip(&y_w) {
            *p = (1.0 - self.c_c) * *p + gain * y;
        }

        let delta_h = if h_sigma {
            0.0
        } else {
            self.c_c * (2.0 - self.c_c)
        };
        let keep = 1.0 - self.c_1 - self.c_mu + self.c_1 * delta_h;
        for i in 0..n {
            for j in 0..=i {
                let rank_mu: f64 = self
                    .weights
                    .iter()
                    .zip(&steps)
                    .map(|(w, s)| w * s[i] * s[j])
                    .sum();
                let v = keep * self.cov[i][j]
                    + self.c_1 * self.p_c[i] * self.p_c[j]
                    + self.c_mu * rank_mu;
                self.cov[i][j] = v;
                self.cov[j][i] = v;
            }
        }
        // Capped so one wild generation cannot blow the step size up.
        self.sigma *= ((self.c_sigma / self.d_sigma) * (ps_norm / self.chi_n - 1.0))
            .min(1.0)
            .exp();

        let (values, vectors) = jacobi_eigen(&self.cov);
        self.scales = values.iter().map(|v| v.max(1e-300).sqrt()).collect();
        self.basis = vectors;
    }

    fn check_stop(&self, scored: &[(f64, f64)]) -> Option<CmaesStop> {
        let c = &self.config;
        if self.generation >= c.max_generations {
            return Some(CmaesStop::MaxGenerations);
        }
        let max_sd = (0..self.n)
            .map(|i| self.cov[i][i].sqrt())
            .fold(0.0, f64::max);
        if self.sigma * max_sd < c.tol_x {
            return Some(CmaesStop::TolX);
        }
        let largest = self.scales.iter().copied().fold(0.0, f64::max);
        let smallest = self.scales.iter().copied().fold(f64::INFINITY, f64::min);
        let ratio = largest / smallest;
        if ratio.is_nan() || ratio >= 1e7 {
            return Some(CmaesStop::Condition);
        }
        // Hansen's TolFun: over the last 10 + ⌈30n/λ⌉ generations, among feasible points.
        let window = 10 + (30 * self.n).div_ceil(self.lambda);
        let recent = &self.trace[self.trace.len().saturating_sub(window)..];
        if recent.len() == window && recent.iter().all(|t| t.violation == 0.0) {
            let recent = recent
                .iter()
                .map(|t| t.best)
                .chain(scored.iter().filter(|s| s.1 == 0.0).map(|s| s.0));
            let (lo, hi) = recent.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
            if hi - lo < c.tol_fun {
                return Some(CmaesStop::TolFun);
            }
        }
        None
    }
}

/// Deb's (2000) feasibility rules on `(objective, violation)` pairs.
fn deb_order(a: (f64, f64), b: (f64, f64)) -> std::cmp::Ordering {
    match (a.1 > 0.0, b.1 > 0.0) {
        (false, false) => a.0.total_cmp(&b.0),
        (true, true) => a.1.total_cmp(&b.1),
        (false, true) => std::cmp::Ordering::Less,
        (true, false) => std::cmp::Ordering::Greater,
    }
}

/// Folds the real line onto [0, 1] by reflection at every integer.
fn reflect(v: f64) -> f64 {
    let r = v.rem_euclid(2.0);
    if r <= 1.0 { r } else { 2.0 - r }
}

fn identity(n: usize) -> Vec<Vec<f64>> {
    (0..n)
        .map(|i| (0..n).map(|j| f64::from(u8::from(i == j))).collect())
        .collect()
}

fn dot_row_col(m: &[Vec<f64>], row: usize, v: &[f64]) -> f64 {
    m[row].iter().zip(v).map(|(a, b)| a * b).sum()
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations
/// (Golub & Van Loan, §8.5): eigenvalues and eigenvectors as columns.
/// Chosen over a linear-algebra crate because `n` is small (tens of
/// parameters) and Jacobi is short, robust and deterministic.
fn jacobi_eigen(m: &[Vec<f64>]) -> (Vec<f64>, Vec<Vec<f64>>) {
    let n = m.len();
    let mut a = m.to_vec();
    let mut v = identity(n);
    for _ in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i][j] * a[i][j])
            .sum();
        let diag: f64 = (0..n).map(|i| a[i][i] * a[i][i]).sum();
        if off <= 1e-30 * diag {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                if a[p][q] == 0.0 {
                    continue;
                }
                let theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                // A <- J^T A J and V <- V J, with J the rotation in plane (p, q).
                for row in a.iter_mut().chain(v.iter_mut()) {
                    let (xp, xq) = (row[p], row[q]);
                    row[p] = c * xp - s * xq;
                    row[q] = s * xp + c * xq;
                }
                let (head, tail) = a.split_at_mut(q);
                for (xp, xq) in head[p].iter_mut().zip(tail[0].iter_mut()) {
                    let (ap, aq) = (*xp, *xq);
                    *xp = c * ap - s * aq;
                    *xq = s * ap + c * aq;
                }
            }
        }
    }
    ((0..n).map(|i| a[i][i]).collect(), v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sphere(x: &[f64]) -> f64 {
        x.iter().map(|v| (v - 1.0).powi(2)).sum()
    }

    fn rosenbrock(x: &[f64]) -> f64 {
        x.windows(2)
            .map(|w| 100.0 * (w[1] - w[0] * w[0]).powi(2) + (1.0 - w[0]).powi(2))
            .sum()
    }

    #[test]
    fn jacobi_diagonalises() {
        let m = vec![
            vec![4.0, 1.0, 0.5],
            vec![1.0, 3.0, 0.2],
            vec![0.5, 0.2, 1.0],
        ];
        let (vals, vecs) = jacobi_eigen(&m);
        for k in 0..3 {
            for i in 0..3 {
                let mv: f64 = (0..3).map(|j| m[i][j] * vecs[j][k]).sum();
                assert!((mv - vals[k] * vecs[i][k]).abs() < 1e-10);
            }
        }
        assert!((vals.iter().sum::<f64>() - 8.0).abs() < 1e-10);
    }

    #[test]
    fn reflection_folds_into_the_unit_interval() {
        for (v, r) in [
            (0.3, 0.3),
            (1.0, 1.0),
            (1.3, 0.7),
            (-0.2, 0.2),
            (2.5, 0.5),
            (-1.5, 0.5),
        ] {
            assert!((reflect(v) - r).abs() < 1e-12, "{v}");
        }
    }

    #[test]
    fn sphere_converges() {
        let bounds = Bounds::new(vec![(-5.0, 5.0); 6]).unwrap();
        let mut es = Cmaes::new(&bounds, CmaesConfig::default(), 3).unwrap();
        let best = es.minimise(sphere).unwrap();
        assert!(best.objective < 1e-12, "{best:?}");
        assert!(matches!(
            es.stop_reason(),
            Some(CmaesStop::TolX | CmaesStop::TolFun)
        ));
        let t = es.trace();
        assert!(t.last().unwrap().best < t[0].best);
        assert!(t.iter().all(|e| e.best <= e.mean));
    }

    #[test]
    fn rosenbrock_converges() {
        let bounds = Bounds::new(vec![(-2.0, 2.0); 4]).unwrap();
        let mut es = Cmaes::new(&bounds, CmaesConfig::default(), 5).unwrap();
        let best = es.minimise(rosenbrock).unwrap();
        assert!(best.objective < 1e-10, "{best:?}");
        assert!(best.x.iter().all(|v| (v - 1.0).abs() < 1e-4), "{best:?}");
    }

    #[test]
    fn optimum_on_a_face_of_the_box() {
        let bounds = Bounds::new(vec![(0.0, 1.0), (-1.0, 1.0)]).unwrap();
        let mut es = Cmaes::new(&bounds, CmaesConfig::default(), 2).unwrap();
        let best = es.minimise(|x| (x[0] - 3.0).powi(2) + x[1] * x[1]).unwrap();
        // tol_fun 1e-12 stops once x1^2 is below about 1e-12.
        assert!(
            (best.x[0] - 1.0).abs() < 1e-6 && best.x[1].abs() < 1e-5,
            "{best:?}"
        );
    }

    #[test]
    fn constrained_minimum_on_the_constraint() {
        // min x^2 + y^2 subject to x + y >= 1, i.e. -(x + y) <= -1: optimum (0.5, 0.5).
        let bounds = Bounds::new(vec![(-3.0, 3.0); 2]).unwrap();
        let config = CmaesConfig {
            constraint_limits: vec![-1.0],
            ..CmaesConfig::default()
        };
        let mut es = Cmaes::new(&bounds, config, 4).unwrap();
        let best = es
            .minimise_constrained(|x| Evaluation {
                objective: x[0] * x[0] + x[1] * x[1],
                constraints: vec![-(x[0] + x[1])],
            })
            .unwrap();
        assert_eq!(best.violation, 0.0);
        assert!(
            (best.x[0] - 0.5).abs() < 1e-3 && (best.x[1] - 0.5).abs() < 1e-3,
            "{best:?}"
        );
        assert!((best.objective - 0.5).abs() < 1e-3);
    }

    #[test]
    fn a_flat_objective_is_no_convergence_while_points_are_infeasible() {
        // The objective never changes; only the violation tells points apart. The
        // feasible region is a corner far from the start: the search must keep going
        // until it gets there, and only then may a flat objective stop it.
        let bounds = Bounds::new(vec![(0.0, 1.0); 2]).unwrap();
        let config = CmaesConfig {
            constraint_limits: vec![-1.99],
            sigma0: 0.002,
            tol_fun: 1e-6,
            ..CmaesConfig::default()
        };
        let mut es = Cmaes::new(&bounds, config, 3).unwrap();
        let best = es
            .minimise_constrained(|x| Evaluation {
                objective: 1.0,
                constraints: vec![-(x[0] + x[1])],
            })
            .unwrap();
        assert_eq!(best.violation, 0.0, "{best:?}");
        assert_eq!(es.stop_reason(), Some(CmaesStop::TolFun));
        let last = es.trace().last().unwrap();
        assert_eq!(last.violation, 0.0);
    }

    #[test]
    fn noisy_objective_with_incumbent_reevaluation() {
        let bounds = Bounds::new(vec![(-5.0, 5.0); 3]).unwrap();
        let config = CmaesConfig {
            reevaluate_incumbent: true,
            max_generations: 150,
            ..CmaesConfig::default()
        };
        let mut es = Cmaes::new(&bounds, config, 6).unwrap();
        let mut noise = seeded(77);
        let mut asked = 0;
        let mut most_evaluations = 0;
        while es.stop_reason().is_none() {
            let xs = es.ask();
            asked = xs.len();
            let fs: Vec<f64> = xs
                .iter()
                .map(|x| sphere(x) + 0.05 * normal(&mut noise))
                .collect();
            es.tell(&fs).unwrap();
            most_evaluations = most_evaluations.max(es.best().unwrap().evaluations);
        }
        assert_eq!(asked, es.population_size() + 1);
        assert!(most_evaluations > 3, "{most_evaluations}");
        let best = es.best().unwrap();
        // Noise sd 0.05: both the incumbent and the distribution's centre are close.
        assert!(sphere(&best.x) < 0.05, "{best:?}");
        assert!(sphere(&es.mean()) < 0.01, "{:?}", es.mean());
        assert!((best.objective - sphere(&best.x)).abs() < 0.15, "{best:?}");
    }

    #[test]
    fn same_seed_same_run() {
        let bounds = Bounds::new(vec![(-1.0, 1.0); 3]).unwrap();
        let run = || {
            let config = CmaesConfig {
                max_generations: 30,
                ..CmaesConfig::default()
            };
            let mut es = Cmaes::new(&bounds, config, 9).unwrap();
            es.minimise(rosenbrock).unwrap();
            es.trace().to_vec()
        };
        assert_eq!(run(), run());
    }

    #[test]
    fn every_asked_point_is_in_the_box() {
        let bounds = Bounds::new(vec![(10.0, 11.0), (-1e-3, 1e-3)]).unwrap();
        let config = CmaesConfig {
            sigma0: 2.0,
            ..CmaesConfig::default()
        };
        let mut es = Cmaes::new(&bounds, config, 1).unwrap();
        for _ in 0..20 {
            let xs = es.ask();
            assert!(xs.iter().all(|x| bounds.contains(x)));
            let fs: Vec<f64> = xs.iter().map(|x| x[0] + 1e3 * x[1]).collect();
            es.tell(&fs).unwrap();
        }
    }

    #[test]
    fn rejects_bad_input_and_order() {
        let bounds = Bounds::new(vec![(0.0, 1.0); 2]).unwrap();
        let bad_sigma = CmaesConfig {
            sigma0: 0.0,
            ..CmaesConfig::default()
        };
        assert!(Cmaes::new(&bounds, bad_sigma, 0).is_err());
        let outside = CmaesConfig {
            start: Some(vec![2.0, 0.5]),
            ..CmaesConfig::default()
        };
        assert!(Cmaes::new(&bounds, outside, 0).is_err());
        let mut es = Cmaes::new(&bounds, CmaesConfig::default(), 0).unwrap();
        assert!(es.tell(&[1.0; 6]).is_err());
        let xs = es.ask();
        assert_eq!(es.ask(), xs);
        assert!(es.tell(&[1.0; 3]).is_err());
        let mut fs = vec![1.0; xs.len()];
        fs[0] = f64::NAN;
        assert!(es.tell(&fs).is_err());
        let wrong = vec![
            Evaluation {
                objective: 1.0,
                constraints: vec![0.0]
            };
            xs.len()
        ];
        assert!(es.tell_constrained(&wrong).is_err());
        assert!(es.tell(&vec![1.0; xs.len()]).is_ok());
    }
}
