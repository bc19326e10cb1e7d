//! Approximate Bayesian computation: calibrating a stochastic simulator's
//! parameters so that its summary statistics match observed targets, without a
//! likelihood.
//!
//! [`Abc`] is a state machine driven in generations, so the caller can simulate
//! each batch of proposals in parallel:
//!
//! ```
//! use grayzone_stats::abc::{Abc, AbcConfig};
//! use grayzone_stats::design::Bounds;
//!
//! let bounds = Bounds::new(vec![(0.0, 10.0)])?;
//! let mut config = AbcConfig::new(bounds, vec![4.0], vec![0.1])?;
//! config.particles = 200;
//! config.generations = 3;
//! let mut abc = Abc::new(config, 1)?;
//! while !abc.is_done() {
//!     let proposals = abc.propose()?;
//!     // In the product: simulate each proposal (in parallel) and summarise.
//!     let stats: Vec<Vec<f64>> = proposals.iter().map(|p| vec![p[0]]).collect();
//!     abc.accept(&stats)?;
//! }
//! let summary = abc.posterior().unwrap().summary();
//! assert!(summary[0].lo < 4.0 && 4.0 < summary[0].hi);
//! # Ok::<(), grayzone_stats::Error>(())
//! ```
//!
//! Generation 0 is rejection ABC (Pritchard et al. 1999): draw from the uniform
//! prior on the box and keep the closest fraction. Later generations are ABC-SMC
//! / population Monte Carlo (Toni et al. 2009; Beaumont et al. 2009): perturb
//! particles of the previous generation, accept those within a decreasing
//! tolerance, and re-weight by importance sampling.

use rand::RngExt;
use rand::rngs::ChaCha8Rng;

use crate::design::Bounds;
use crate::quantile::quantile_sorted;
use crate::rng::{normal, normal_cdf, seeded};
use crate::{Error, Result, check_finite, check_len};

/// How the tolerance decreases after generation 0.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Tolerance {
    /// Each generation's tolerance is this quantile (in (0, 1)) of the previous
    /// population's distances (Drovandi & Pettitt 2011); 0.5 is customary.
    Adaptive {
        /// The quantile.
        quantile: f64,
    },
    /// Fixed tolerances for generations 1, 2, ...; must decrease and cover
    /// `generations - 1` generations. (Generation 0 keeps the closest fraction.)
    Schedule(Vec<f64>),
}

/// What to calibrate and how hard to try.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AbcConfig {
    /// The uniform prior: a box of parameters.
    pub bounds: Bounds,
    /// Observed values of the summary statistics.
    pub targets: Vec<f64>,
    /// A tolerance (scale) per statistic. The distance of simulated statistics
    /// `s` is the root mean square of `(s_i - target_i) / scale_i`, so a
    /// distance of 1 means "off by about one tolerance on each statistic".
    pub scales: Vec<f64>,
    /// Population size N.
    pub particles: usize,
    /// Generation 0 draws `N / keep_fraction` prior points and keeps the N
    /// closest (rejection ABC). In (0, 1].
    pub keep_fraction: f64,
    /// Number of generations, including generation 0 (1 = rejection ABC only).
    pub generations: usize,
    /// Tolerance schedule after generation 0.
    pub tolerance: Tolerance,
    /// Stop early if a generation needs more than `N / min_acceptance`
    /// proposals; the last complete population is kept. In (0, 1].
    pub min_acceptance: f64,
}

impl AbcConfig {
    /// A configuration with customary defaults: 1000 particles, keep 10% in
    /// generation 0, 5 generations, adaptive median tolerance, stop below 1%
    /// acceptance. Errors if targets and scales disagree or scales are not
    /// positive.
    pub fn new(bounds: Bounds, targets: Vec<f64>, scales: Vec<f64>) -> Result<Self> {
        let config = Self {
            bounds,
            targets,
            scales,
            particles: 1000,
            keep_fraction: 0.1,
            generations: 5,
            tolerance: Tolerance::Adaptive { quantile: 0.5 },
            min_acceptance: 0.01,
        };
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<()> {
        if self.targets.is_empty() {
            return Err(Error::TooFew {
                what: "target statistics",
                needed: 1,
                got: 0,
            });
        }
        check_len("scales", self.targets.len(), self.scales.len())?;
        check_finite(&self.targets, "targets")?;
        if let Some(&s) = self.scales.iter().find(|s| !(s.is_finite() && **s > 0.0)) {
            return Err(Error::OutOfRange {
                what: "scale",
                value: s,
                expected: "positive and finite",
            });
        }
        if self.particles < 2 {
            return Err(Error::TooFew {
                what: "particles",
                needed: 2,
                got: self.particles,
            });
        }
        if self.generations == 0 {
            return Err(Error::TooFew {
                what: "generations",
                needed: 1,
                got: 0,
            });
        }
        for (what, v) in [
            ("keep_fraction", self.keep_fraction),
            ("min_acceptance", self.min_acceptance),
        ] {
            if !(v > 0.0 && v <= 1.0) {
                return Err(Error::OutOfRange {
                    what,
                    value: v,
                    expected: "within (0, 1]",
                });
            }
        }
        match &self.tolerance {
            Tolerance::Adaptive { quantile } if !(*quantile > 0.0 && *quantile < 1.0) => {
                Err(Error::OutOfRange {
                    what: "tolerance quantile",
                    value: *quantile,
                    expected: "within (0, 1)",
                })
            }
            Tolerance::Schedule(eps) => {
                if eps.len() + 1 < self.generations {
                    return Err(Error::TooFew {
                        what: "scheduled tolerances",
                        needed: self.generations - 1,
                        got: eps.len(),
                    });
                }
                check_finite(eps, "scheduled tolerances")?;
                let increasing = eps.windows(2).find(|w| w[1] > w[0]).map(|w| w[1]);
                if let Some(bad) = increasing.or(eps.iter().copied().find(|&e| e < 0.0)) {
                    return Err(Error::OutOfRange {
                        what: "scheduled tolerance",
                        value: bad,
                        expected: "non-negative and non-increasing",
                    });
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// The normalised distance of simulated statistics to the targets; infinite
    /// for statistics of the wrong length or with NaN/infinite values, so such
    /// simulations are never accepted.
    pub fn distance(&self, stats: &[f64]) -> f64 {
        if stats.len() != self.targets.len() || stats.iter().any(|s| !s.is_finite()) {
            return f64::INFINITY;
        }
        let sum: f64 = stats
            .iter()
            .zip(&self.targets)
            .zip(&self.scales)
            .map(|((s, t), c)| ((s - t) / c).powi(2))
            .sum();
        (sum / stats.len() as f64).sqrt()
    }
}

/// A weighted sample from the approximate posterior.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Posterior {
    /// Parameter vectors.
    pub particles: Vec<Vec<f64>>,
    /// Importance weights, summing to 1.
    pub weights: Vec<f64>,
    /// Each particle's distance to the targets.
    pub distances: Vec<f64>,
}

/// Posterior summary of one parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ParamSummary {
    /// Weighted mean.
    pub mean: f64,
    /// Weighted median.
    pub median: f64,
    /// Weighted 5% quantile: lower end of the 90% interval.
    pub lo: f64,
    /// Weighted 95% quantile: upper end of the 90% interval.
    pub hi: f64,
}

impl Posterior {
    /// Effective sample size `1 / Σ w²` (Kish): how many equally weighted
    /// particles the weighted sample is worth.
    pub fn ess(&self) -> f64 {
        1.0 / self.weights.iter().map(|w| w * w).sum::<f64>()
    }

    /// `(value, weight)` of parameter `param` for every particle, or `None` if
    /// a particle lacks it.
    fn column(&self, param: usize) -> Option<Vec<(f64, f64)>> {
        self.particles
            .iter()
            .zip(&self.weights)
            .map(|(p, &w)| p.get(param).map(|&x| (x, w)))
            .collect()
    }

    /// Weighted `q`-quantile of parameter `param`.
    ///
    /// Each particle's mass is centred on its value (the weighted analogue of
    /// Hyndman & Fan type 5), with linear interpolation between particles and
    /// the extreme particles beyond the ends. `None` if the posterior is empty,
    /// `param` is out of range or `q` is outside [0, 1].
    pub fn quantile(&self, param: usize, q: f64) -> Option<f64> {
        if !(0.0..=1.0).contains(&q) {
            return None;
        }
        let mut pairs = self.column(param)?;
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut cum = 0.0;
        let mut prev: Option<(f64, f64)> = None;
        for &(x, w) in &pairs {
            let mid = cum + 0.5 * w;
            cum += w;
            if mid >= q {
                return Some(match prev {
                    Some((px, pmid)) if mid > pmid => px + (x - px) * (q - pmid) / (mid - pmid),
                    _ => x,
                });
            }
            prev = Some((x, mid));
        }
        pairs.last().map(|p| p.0)
    }

    /// Mean, median and 90% interval of every parameter (NaN only for a
    /// hand-built posterior whose particles differ in length).
    pub fn summary(&self) -> Vec<ParamSummary> {
        let k = self.particles.first().map_or(0, Vec::len);
        let q = |d, q| self.quantile(d, q).unwrap_or(f64::NAN);
        (0..k)
            .map(|d| ParamSummary {
                mean: self
                    .column(d)
                    .map_or(f64::NAN, |c| c.iter().map(|(x, w)| x * w).sum()),
                median: q(d, 0.5),
                lo: q(d, 0.05),
                hi: q(d, 0.95),
            })
            .collect()
    }
}

/// What happened in one completed generation.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct GenerationSummary {
    /// Generation number (0 = rejection).
    pub generation: usize,
    /// Tolerance that was applied (for generation 0: the largest kept distance).
    pub tolerance: f64,
    /// Simulations spent.
    pub proposed: usize,
    /// Particles accepted (N).
    pub accepted: usize,
    /// Effective sample size of the new population.
    pub ess: f64,
}

/// Why the calibration stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum AbcStop {
    /// All configured generations completed.
    Generations,
    /// A generation's acceptance rate fell below `min_acceptance`; the
    /// population of the previous generation is the result (none if even
    /// generation 0 produced no finite statistics).
    LowAcceptance,
}

/// ABC calibration driven in generations. See the [module documentation](self).
#[derive(Debug)]
pub struct Abc {
    config: AbcConfig,
    rng: ChaCha8Rng,
    generation: usize,
    tolerance: f64,
    population: Option<Posterior>,
    kernel_sd: Vec<f64>,
    pending: Vec<Vec<f64>>,
    accepted: Vec<(Vec<f64>, f64)>,
    proposed: usize,
    history: Vec<GenerationSummary>,
    stop: Option<AbcStop>,
}

impl Abc {
    /// Starts a calibration. Errors if the configuration is invalid.
    pub fn new(config: AbcConfig, seed: u64) -> Result<Self> {
        config.validate()?;
        Ok(Self {
            config,
            rng: seeded(seed),
            generation: 0,
            tolerance: f64::INFINITY,
            population: None,
            kernel_sd: Vec::new(),
            pending: Vec::new(),
            accepted: Vec::new(),
            proposed: 0,
            history: Vec::new(),
            stop: None,
        })
    }

    /// The next batch of parameter vectors to simulate.
    ///
    /// Generation 0 asks for all its prior draws at once; later generations ask
    /// for about as many as the observed acceptance rate says are still needed.
    /// Calling again before [`accept`](Self::accept) returns the same batch.
    pub fn propose(&mut self) -> Result<Vec<Vec<f64>>> {
        if self.stop.is_some() {
            return Err(Error::OutOfOrder("the calibration has finished"));
        }
        if self.pending.is_empty() {
            self.pending = match &self.population {
                None => {
                    let m = (self.config.particles as f64 / self.config.keep_fraction).ceil();
                    (0..m as usize).map(|_| self.prior_draw()).collect()
                }
                Some(_) => {
                    let n = self.config.batch_size(self.accepted.len(), self.proposed);
                    (0..n).map(|_| self.perturbed_draw()).collect()
                }
            };
        }
        Ok(self.pending.clone())
    }

    /// Takes the simulated statistics of the last batch, in the same order.
    /// Statistics with NaN or infinite values count as infinitely far.
    pub fn accept(&mut self, stats: &[Vec<f64>]) -> Result<()> {
        if self.pending.is_empty() {
            return Err(Error::OutOfOrder(
                "accept called without a pending proposal",
            ));
        }
        check_len("simulated statistics", self.pending.len(), stats.len())?;
        let proposals = std::mem::take(&mut self.pending);
        let distances: Vec<f64> = stats.iter().map(|s| self.config.distance(s)).collect();
        if self.population.is_none() {
            self.finish_rejection(proposals, distances);
        } else {
            self.proposed += proposals.len();
            for (p, d) in proposals.into_iter().zip(distances) {
                if d <= self.tolerance && self.accepted.len() < self.config.particles {
                    self.accepted.push((p, d));
                }
            }
            if self.accepted.len() == self.config.particles {
                self.finish_smc();
            } else if self.proposed as f64 * self.config.min_acceptance
                >= self.config.particles as f64
            {
                self.stop = Some(AbcStop::LowAcceptance);
            }
        }
        Ok(())
    }

    /// Runs the calibration to its end with a sequential simulator: a
    /// convenience for cheap models and tests.
    pub fn run(&mut self, mut simulate: impl FnMut(&[f64]) -> Vec<f64>) -> Result<&Posterior> {
        while !self.is_done() {
            let stats: Vec<Vec<f64>> = self.propose()?.iter().map(|p| simulate(p)).collect();
            self.accept(&stats)?;
        }
        self.population
            .as_ref()
            .ok_or(Error::Degenerate("no generation completed"))
    }

    /// Whether the calibration has stopped.
    pub fn is_done(&self) -> bool {
        self.stop.is_some()
    }

    /// Why it stopped, once it has.
    pub fn stop_reason(&self) -> Option<AbcStop> {
        self.stop
    }

    /// The current generation number (the one being filled).
    pub fn generation(&self) -> usize {
        self.generation
    }

    /// The tolerance of the generation being filled (infinite in generation 0).
    pub fn tolerance(&self) -> f64 {
        self.tolerance
    }

    /// The latest complete population, if any.
    pub fn posterior(&self) -> Option<&Posterior> {
        self.population.as_ref()
    }

    /// One entry per completed generation.
    pub fn history(&self) -> &[GenerationSummary] {
        &self.history
    }

    fn prior_draw(&mut self) -> Vec<f64> {
        let u: Vec<f64> = (0..self.config.bounds.dim())
            .map(|_| self.rng.random::<f64>())
            .collect();
        self.config.bounds.from_unit(&u)
    }

    /// Picks a particle by weight and moves it with the Gaussian kernel,
    /// truncated to the box (the prior's support) coordinate by coordinate.
    fn perturbed_draw(&mut self) -> Vec<f64> {
        let Some(pop) = &self.population else {
            return Vec::new();
        };
        let u = self.rng.random::<f64>();
        let mut cum = 0.0;
        let mut parent = pop.particles.len() - 1;
        for (i, w) in pop.weights.iter().enumerate() {
            cum += w;
            if u < cum {
                parent = i;
                break;
            }
        }
        let rng = &mut self.rng;
        pop.particles[parent]
            .iter()
            .zip(self.config.bounds.ranges())
            .zip(&self.kernel_sd)
            .map(|((&x, &(lo, hi)), &sd)| {
                // Each try lands inside with probability above 0.4 because the
                // kernel's sd never exceeds 0.71 of the range; the cap is a guard.
                for _ in 0..1000 {
                    let y = x + sd * normal(rng);
                    if (lo..=hi).contains(&y) {
                        return y;
                    }
                }
                x
            })
            .collect()
    }

    fn finish_rejection(&mut self, proposals: Vec<Vec<f64>>, distances: Vec<f64>) {
        let n = self.config.particles;
        // Simulations with unusable statistics are never kept, even if that
        // leaves fewer than N particles.
        let mut order: Vec<usize> = (0..proposals.len())
            .filter(|&i| distances[i].is_finite())
            .collect();
        if order.is_empty() {
            self.stop = Some(AbcStop::LowAcceptance);
            return;
        }
        // Stable sort: ties keep proposal order, so results are reproducible.
        order.sort_by(|&a, &b| distances[a].total_cmp(&distances[b]));
        order.truncate(n);
        let tolerance = distances[order[order.len() - 1]];
        let population = Posterior {
            particles: order.iter().map(|&i| proposals[i].clone()).collect(),
            weights: vec![1.0 / order.len() as f64; order.len()],
            distances: order.iter().map(|&i| distances[i]).collect(),
        };
        self.complete(population, tolerance, proposals.len());
    }

    fn finish_smc(&mut self) {
        let Some(prev) = &self.population else { return };
        let accepted = std::mem::take(&mut self.accepted);
        let ranges = self.config.bounds.ranges();
        // Kernel normalisers: the mass of each parent's truncated kernel inside
        // the box, so that the weights use the density actually sampled from.
        let log_mass: Vec<f64> = prev
            .particles
            .iter()
            .map(|p| {
                p.iter()
                    .zip(ranges)
                    .zip(&self.kernel_sd)
                    .map(|((&x, &(lo, hi)), &sd)| {
                        (normal_cdf((hi - x) / sd) - normal_cdf((lo - x) / sd))
                            .max(f64::MIN_POSITIVE)
                            .ln()
                    })
                    .sum()
            })
            .collect();
        // Beaumont et al. (2009): w_i ∝ π(θ_i) / Σ_j W_j K(θ_i | θ_j); the prior
        // is uniform on the box, so π is constant. Log-sum-exp avoids underflow.
        let mut log_w: Vec<f64> = accepted
            .iter()
            .map(|(theta, _)| {
                let terms: Vec<f64> = prev
                    .particles
                    .iter()
                    .zip(&prev.weights)
                    .zip(&log_mass)
                    .map(|((p, &w), &lm)| {
                        let q: f64 = theta
                            .iter()
                            .zip(p)
                            .zip(&self.kernel_sd)
                            .map(|((a, b), sd)| ((a - b) / sd).powi(2))
                            .sum();
                        w.ln() - 0.5 * q - lm
                    })
                    .collect();
                -log_sum_exp(&terms)
            })
            .collect();
        let norm = log_sum_exp(&log_w);
        log_w.iter_mut().for_each(|l| *l = (*l - norm).exp());
        let population = Posterior {
            particles: accepted.iter().map(|a| a.0.clone()).collect(),
            weights: log_w,
            distances: accepted.iter().map(|a| a.1).collect(),
        };
        let (tolerance, proposed) = (self.tolerance, self.proposed);
        self.complete(population, tolerance, proposed);
    }

    /// Records a finished generation and prepares the next one.
    fn complete(&mut self, population: Posterior, tolerance: f64, proposed: usize) {
        self.history.push(GenerationSummary {
            generation: self.generation,
            tolerance,
            proposed,
            accepted: population.particles.len(),
            ess: population.ess(),
        });
        self.generation += 1;
        self.proposed = 0;
        if self.generation >= self.config.generations {
            self.stop = Some(AbcStop::Generations);
        }
        self.tolerance = match &self.config.tolerance {
            Tolerance::Adaptive { quantile } => {
                let mut d = population.distances.clone();
                d.sort_by(f64::total_cmp);
                quantile_sorted(&d, *quantile)
            }
            Tolerance::Schedule(eps) => eps.get(self.generation - 1).copied().unwrap_or(0.0),
        }
        .min(tolerance);
        self.kernel_sd = kernel_sd(&population, self.config.bounds.ranges());
        self.population = Some(population);
    }
}

impl AbcConfig {
    /// Proposals for the next batch of an SMC generation: the number still
    /// needed at the acceptance rate seen so far (a Laplace estimate, 1/2 before
    /// any), with 10% slack, and never past the `min_acceptance` budget.
    fn batch_size(&self, accepted: usize, proposed: usize) -> usize {
        let needed = (self.particles - accepted) as f64;
        let rate = ((accepted as f64 + 1.0) / (proposed as f64 + 2.0)).max(self.min_acceptance);
        let budget = (self.particles as f64 / self.min_acceptance).ceil() - proposed as f64;
        (1.1 * needed / rate).min(budget).max(1.0).ceil() as usize
    }
}

/// Kernel standard deviations: twice the weighted variance of each parameter
/// (Beaumont et al. 2009), floored so a collapsed population still moves.
fn kernel_sd(pop: &Posterior, ranges: &[(f64, f64)]) -> Vec<f64> {
    ranges
        .iter()
        .enumerate()
        .map(|(d, &(lo, hi))| {
            let mean: f64 = pop
                .particles
                .iter()
                .zip(&pop.weights)
                .map(|(p, w)| p[d] * w)
                .sum();
            let var: f64 = pop
                .particles
                .iter()
                .zip(&pop.weights)
                .map(|(p, w)| w * (p[d] - mean).powi(2))
                .sum();
            (2.0 * var).sqrt().max(1e-9 * (hi - lo))
        })
        .collect()
}

fn log_sum_exp(xs: &[f64]) -> f64 {
    let max = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return max;
    }
    max + xs.iter().map(|x| (x - max).exp()).sum::<f64>().ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sample mean and sd of `n` normal draws, from a generator seeded by the
    /// test so that simulations are reproducible.
    fn gaussian_stats(mu: f64, sigma: f64, n: usize, rng: &mut ChaCha8Rng) -> Vec<f64> {
        let xs: Vec<f64> = (0..n).map(|_| mu + sigma * normal(rng)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt();
        vec![mean, sd]
    }

    #[test]
    fn recovers_the_mean_of_a_gaussian() {
        let truth = 2.0;
        let mut world = seeded(100);
        let observed = gaussian_stats(truth, 1.0, 30, &mut world)[0];

        let bounds = Bounds::new(vec![(-10.0, 10.0)]).unwrap();
        let mut config = AbcConfig::new(bounds, vec![observed], vec![0.1]).unwrap();
        config.particles = 400;
        config.keep_fraction = 0.2;
        config.generations = 6;
        let mut abc = Abc::new(config, 7).unwrap();
        let mut sim = seeded(200);
        let post = abc
            .run(|p| vec![gaussian_stats(p[0], 1.0, 30, &mut sim)[0]])
            .unwrap()
            .clone();
        let s = post.summary()[0];
        // Exact posterior is about N(observed, 1/30): sd 0.18, 90% half-width 0.30.
        assert!(s.lo < truth && truth < s.hi, "{s:?}");
        assert!((s.median - observed).abs() < 0.15, "{s:?} vs {observed}");
        assert!(s.hi - s.lo > 0.3 && s.hi - s.lo < 1.2, "{s:?}");
        assert_eq!(abc.stop_reason(), Some(AbcStop::Generations));
        let h = abc.history();
        assert_eq!(h.len(), 6);
        assert!(h.windows(2).all(|w| w[1].tolerance <= w[0].tolerance));
        assert!(h.iter().all(|g| g.ess > 50.0 && g.accepted == 400), "{h:?}");
        assert!((post.weights.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert_eq!(post.quantile(1, 0.5), None);
        assert_eq!(post.quantile(0, 1.5), None);
    }

    #[test]
    fn weighted_quantiles_interpolate_between_particles() {
        let post = Posterior {
            particles: vec![vec![3.0], vec![1.0], vec![2.0], vec![10.0]],
            weights: vec![0.25, 0.25, 0.4, 0.1],
            distances: vec![0.0; 4],
        };
        // Sorted: 1 (mid 0.125), 2 (mid 0.45), 3 (mid 0.775), 10 (mid 0.95).
        assert_eq!(post.quantile(0, 0.0), Some(1.0));
        assert_eq!(post.quantile(0, 0.45), Some(2.0));
        assert!((post.quantile(0, 0.6125).unwrap() - 2.5).abs() < 1e-12);
        assert_eq!(post.quantile(0, 1.0), Some(10.0));
        assert!((post.ess() - 1.0 / 0.295).abs() < 1e-12);
        let s = post.summary()[0];
        assert!((s.mean - (0.75 + 0.25 + 0.8 + 1.0)).abs() < 1e-12);
    }

    #[test]
    fn recovers_mean_and_spread_of_a_gaussian() {
        let truth = [1.0, 2.0];
        let mut world = seeded(300);
        let observed = gaussian_stats(truth[0], truth[1], 100, &mut world);

        let bounds = Bounds::new(vec![(-5.0, 5.0), (0.1, 5.0)]).unwrap();
        let mut config = AbcConfig::new(bounds, observed.clone(), vec![0.2, 0.2]).unwrap();
        config.particles = 400;
        config.keep_fraction = 0.1;
        config.generations = 6;
        let mut abc = Abc::new(config, 8).unwrap();
        let mut sim = seeded(400);
        let summary = abc
            .run(|p| gaussian_stats(p[0], p[1], 100, &mut sim))
            .unwrap()
            .summary();
        for d in 0..2 {
            let s = summary[d];
            assert!(s.lo < truth[d] && truth[d] < s.hi, "param {d}: {s:?}");
            // Posterior sd is about 0.2 (mean) and 0.14 (sd): intervals stay narrow.
            assert!(s.hi - s.lo < 1.2, "param {d}: {s:?}");
        }
    }

    #[test]
    fn rejection_keeps_the_closest_fraction() {
        let bounds = Bounds::new(vec![(0.0, 1.0)]).unwrap();
        let mut config = AbcConfig::new(bounds, vec![0.3], vec![1.0]).unwrap();
        config.particles = 50;
        config.keep_fraction = 0.25;
        config.generations = 1;
        let mut abc = Abc::new(config, 3).unwrap();
        let proposals = abc.propose().unwrap();
        assert_eq!(proposals.len(), 200);
        assert_eq!(abc.propose().unwrap(), proposals);
        let stats: Vec<Vec<f64>> = proposals.iter().map(|p| vec![p[0]]).collect();
        abc.accept(&stats).unwrap();
        assert!(abc.is_done());
        let post = abc.posterior().unwrap();
        let eps = abc.history()[0].tolerance;
        let mut d: Vec<f64> = proposals.iter().map(|p| (p[0] - 0.3).abs()).collect();
        d.sort_by(f64::total_cmp);
        assert_eq!(eps, d[49]);
        assert!(post.distances.iter().all(|&x| x <= eps));
        assert!((post.ess() - 50.0).abs() < 1e-9);
        assert!(abc.propose().is_err());
    }

    #[test]
    fn same_seed_same_posterior() {
        let run = || {
            let bounds = Bounds::new(vec![(0.0, 4.0), (0.0, 4.0)]).unwrap();
            let mut config = AbcConfig::new(bounds, vec![1.0, 3.0], vec![0.5, 0.5]).unwrap();
            config.particles = 50;
            config.generations = 3;
            let mut abc = Abc::new(config, 11).unwrap();
            abc.run(|p| vec![p[0], p[1]]).unwrap().clone()
        };
        assert_eq!(run(), run());
    }

    #[test]
    fn impossible_targets_stop_on_low_acceptance() {
        let bounds = Bounds::new(vec![(0.0, 1.0)]).unwrap();
        let mut config = AbcConfig::new(bounds, vec![5.0], vec![1.0]).unwrap();
        config.particles = 20;
        config.generations = 4;
        config.min_acceptance = 0.2;
        config.tolerance = Tolerance::Schedule(vec![3.0, 1.0, 0.5]);
        let mut abc = Abc::new(config, 1).unwrap();
        // Distances are at least 4: every SMC proposal fails the tolerance of 3.
        abc.run(|p| vec![p[0]]).unwrap();
        assert_eq!(abc.stop_reason(), Some(AbcStop::LowAcceptance));
        assert_eq!(abc.history().len(), 1);
        assert!(abc.posterior().is_some());
    }

    #[test]
    fn nan_statistics_are_never_accepted() {
        let bounds = Bounds::new(vec![(0.0, 1.0)]).unwrap();
        let mut config = AbcConfig::new(bounds, vec![0.5], vec![1.0]).unwrap();
        config.particles = 10;
        config.keep_fraction = 0.5;
        config.generations = 1;
        let mut abc = Abc::new(config, 2).unwrap();
        let p = abc.propose().unwrap();
        let stats: Vec<Vec<f64>> = p
            .iter()
            .enumerate()
            .map(|(i, x)| vec![if i % 2 == 0 { f64::NAN } else { x[0] }])
            .collect();
        abc.accept(&stats).unwrap();
        assert!(
            abc.posterior()
                .unwrap()
                .distances
                .iter()
                .all(|d| d.is_finite())
        );

        let bounds = Bounds::new(vec![(0.0, 1.0)]).unwrap();
        let config = AbcConfig::new(bounds, vec![0.5], vec![1.0]).unwrap();
        let mut abc = Abc::new(config, 2).unwrap();
        assert!(abc.run(|_| vec![f64::NAN]).is_err());
        assert_eq!(abc.stop_reason(), Some(AbcStop::LowAcceptance));
    }

    #[test]
    fn rejects_bad_configuration_and_order() {
        let b = || Bounds::new(vec![(0.0, 1.0)]).unwrap();
        assert!(AbcConfig::new(b(), vec![], vec![]).is_err());
        assert!(AbcConfig::new(b(), vec![1.0], vec![0.0]).is_err());
        assert!(AbcConfig::new(b(), vec![1.0], vec![1.0, 2.0]).is_err());
        assert!(AbcConfig::new(b(), vec![f64::NAN], vec![1.0]).is_err());
        let mut c = AbcConfig::new(b(), vec![1.0], vec![1.0]).unwrap();
        c.tolerance = Tolerance::Schedule(vec![1.0, 2.0, 0.5, 0.1]);
        assert!(Abc::new(c.clone(), 0).is_err());
        c.tolerance = Tolerance::Schedule(vec![1.0]);
        assert!(Abc::new(c.clone(), 0).is_err());
        c.tolerance = Tolerance::Adaptive { quantile: 1.0 };
        assert!(Abc::new(c.clone(), 0).is_err());
        c.tolerance = Tolerance::Adaptive { quantile: 0.5 };
        c.keep_fraction = 0.0;
        assert!(Abc::new(c.clone(), 0).is_err());
        c.keep_fraction = 0.5;
        let mut abc = Abc::new(c, 0).unwrap();
        assert!(abc.accept(&[vec![1.0]]).is_err());
        abc.propose().unwrap();
        assert!(abc.accept(&[vec![1.0]]).is_err());
    }
}
