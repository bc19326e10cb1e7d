//! Calibration: parameter values whose simulated patterns match observed targets.
//!
//! Two methods, both with the targets' tolerances as their yardstick (see
//! [`crate::targets`]):
//!
//! - **ABC** (approximate Bayesian computation) gives a posterior: rejection sampling
//!   from the uniform prior (the parameter box), then ABC-SMC generations that narrow
//!   the accepted distance until every target is matched within its tolerance
//!   (distance at most 1), the budget is spent, or acceptance becomes too rare. The
//!   distance of a candidate is floored at 1 before ABC sees it, so that any candidate
//!   matching every target within tolerance is as good as an exact match: the final
//!   posterior is the classic ABC posterior of the tolerances the analyst wrote, not one
//!   sharpened further by the noise of R runs. Each candidate is simulated on histories
//!   no other candidate used, so the posterior carries the simulator's randomness.
//! - **CMA-ES** gives a point estimate: it minimises the mean squared distance
//!   `mean((simulated - observed)² / tolerance²)`, every candidate on the same R
//!   histories (common random numbers), which makes the loss a deterministic function
//!   the optimiser can follow. An undefined statistic counts as missing its target by
//!   1000 tolerances.
//!
//! Either way the estimate (posterior medians, or the CMA-ES point) is checked on fresh
//! histories: each target's simulated value with its 95% interval.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use grayzone_experiments::Progress;
use grayzone_scenario::Domain;
use grayzone_stats::abc::{
    self, Abc, AbcConfig, AbcStop, GenerationSummary, ParamSummary, Tolerance,
};
use grayzone_stats::interval::Interval;
use grayzone_stats::optimize::{Cmaes, CmaesConfig, CmaesStop, TraceEntry};
use serde_json::{Value, json};

use crate::Provenance;
use crate::error::{Error, Result};
use crate::model::{CHECK_FIRST_RUN, Model};
use crate::param::{Param, Space, search_bounds, taken};
use crate::sensitivity::averaged_note;
use grayzone_records::{Format, Table, Values, write_json, write_table};

use crate::output::{floats, number};
use crate::targets::Target;

/// Which method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// ABC rejection then ABC-SMC: a posterior.
    Abc,
    /// CMA-ES: a point estimate.
    Cmaes,
}

impl Method {
    /// The method's name on the command line and in files.
    pub fn name(self) -> &'static str {
        match self {
            Method::Abc => "abc",
            Method::Cmaes => "cmaes",
        }
    }
}

/// How to calibrate.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// ABC or CMA-ES.
    pub method: Method,
    /// Histories the search may simulate, in all (the check comes on top).
    pub budget: u64,
    /// ABC: accepted particles per generation.
    pub particles: usize,
    /// ABC: most generations, the rejection step included.
    pub generations: usize,
    /// ABC: the rejection step keeps this fraction of its prior draws.
    pub keep_fraction: f64,
    /// Seed of the method (the histories have their own).
    pub seed: u64,
    /// Fresh histories for the check of the estimate.
    pub check_runs: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            method: Method::Abc,
            budget: 100_000,
            particles: 200,
            generations: 8,
            keep_fraction: 0.2,
            seed: 0,
            check_runs: 200,
        }
    }
}

/// Why a search stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// ABC: the accepted particles match every target within its tolerance.
    WithinTolerance,
    /// The configured generations are done.
    Generations,
    /// ABC: acceptance fell below 1%; the last complete generation is the result.
    LowAcceptance,
    /// The budget would have been exceeded; the last complete generation is the result.
    Budget,
    /// CMA-ES: the loss stopped changing, or the search narrowed onto a point that
    /// meets every constraint.
    Converged,
    /// CMA-ES: the search stopped moving without converging: it narrowed onto points
    /// that break a constraint, or its covariance became degenerate.
    Stalled,
}

impl Stop {
    /// In words, for files and messages.
    pub fn describe(self) -> &'static str {
        match self {
            Stop::WithinTolerance => "every target matched within its tolerance",
            Stop::Generations => "all generations done",
            Stop::LowAcceptance => "acceptance fell below 1%",
            Stop::Budget => "budget spent",
            Stop::Converged => "converged",
            Stop::Stalled => "stalled: the search stopped moving before it converged",
        }
    }

    /// A one-word name, for files: `budget`, `converged`, `stalled`, `within_tolerance`,
    /// `generations`, `low_acceptance`.
    pub fn name(self) -> &'static str {
        match self {
            Stop::WithinTolerance => "within_tolerance",
            Stop::Generations => "generations",
            Stop::LowAcceptance => "low_acceptance",
            Stop::Budget => "budget",
            Stop::Converged => "converged",
            Stop::Stalled => "stalled",
        }
    }
}

/// Why a CMA-ES search stopped, in the terms of [`Stop`]; `feasible` says whether its
/// best point meets every constraint (true without constraints).
pub(crate) fn cmaes_stop(reason: Option<CmaesStop>, feasible: bool) -> Stop {
    match reason {
        // TolFun waits for feasible points (grayzone-stats): a flat objective while the
        // search ranks by violation is no convergence.
        Some(CmaesStop::TolFun) => Stop::Converged,
        Some(CmaesStop::TolX) if feasible => Stop::Converged,
        Some(CmaesStop::TolX | CmaesStop::Condition) => Stop::Stalled,
        Some(CmaesStop::MaxGenerations) | None => Stop::Budget,
    }
}

/// The objective of the best point up to each generation of a CMA-ES trace, by Deb's
/// rules (a feasible point beats any infeasible one; infeasible ones compare by
/// violation): what the incumbent was after each generation.
pub(crate) fn best_so_far(trace: &[TraceEntry]) -> Vec<f64> {
    let mut best: Option<(f64, f64)> = None;
    trace
        .iter()
        .map(|t| {
            let candidate = (t.best, t.violation);
            let better = match best {
                None => true,
                Some((objective, violation)) => match (candidate.1 > 0.0, violation > 0.0) {
                    (false, false) => candidate.0 < objective,
                    (true, true) => candidate.1 < violation,
                    (false, true) => true,
                    (true, false) => false,
                },
            };
            if better {
                best = Some(candidate);
            }
            best.map_or(f64::NAN, |b| b.0)
        })
        .collect()
}

/// What ABC found.
#[derive(Clone, Debug)]
pub struct Posterior {
    /// The accepted parameter values (particles), as the scenario took them
    /// (whole-number fields and switches rounded).
    pub samples: Vec<Vec<f64>>,
    /// Their importance weights, summing to 1.
    pub weights: Vec<f64>,
    /// Each particle's distance to the targets (at most the final tolerance, if the
    /// tolerance reached 1, at most 1).
    pub distances: Vec<f64>,
    /// Each particle's simulated statistic for each target.
    pub simulated: Vec<Vec<f64>>,
    /// Median and 90% interval of each parameter (for a whole-number field or a switch,
    /// values it takes).
    pub summary: Vec<ParamSummary>,
    /// One line per generation.
    pub generations: Vec<GenerationSummary>,
}

impl Posterior {
    /// As many equally weighted samples as particles, by systematic resampling (each
    /// particle kept about `weight × n` times): what histograms and scatter plots of a
    /// weighted posterior should show. Deterministic.
    pub fn equally_weighted(&self) -> Vec<Vec<f64>> {
        let n = self.samples.len();
        let total: f64 = self.weights.iter().sum();
        let mut out = Vec::with_capacity(n);
        let mut cumulative = 0.0;
        let mut next = 0;
        for (sample, w) in self.samples.iter().zip(&self.weights) {
            cumulative += w / total * n as f64;
            // Take this particle for every grid point (k + 1/2) it covers.
            while next < n && (next as f64 + 0.5) < cumulative {
                out.push(sample.clone());
                next += 1;
            }
        }
        // Rounding can leave the last grid point uncovered.
        while out.len() < n {
            if let Some(last) = self.samples.last() {
                out.push(last.clone());
            }
        }
        out
    }
}

/// What a calibration found.
#[derive(Clone, Debug)]
pub struct Calibration {
    /// The parameters (their ranges are the prior).
    pub params: Vec<Param>,
    /// The targets.
    pub targets: Vec<Target>,
    /// The method.
    pub method: Method,
    /// The estimate: posterior medians (ABC) or the best point (CMA-ES), as the
    /// calibrated scenario takes them.
    pub estimate: Vec<f64>,
    /// ABC's posterior.
    pub posterior: Option<Posterior>,
    /// CMA-ES: the trace per generation (its best is each generation's best point).
    pub trace: Vec<TraceEntry>,
    /// CMA-ES: the loss of the best point up to each generation.
    pub best_so_far: Vec<f64>,
    /// CMA-ES: the loss at the estimate (mean squared distance in tolerances).
    pub loss: Option<f64>,
    /// Why the search stopped.
    pub stop: Stop,
    /// Histories per candidate.
    pub runs_per_point: u64,
    /// Histories simulated by the search.
    pub runs_used: u64,
    /// Each target at the estimate over fresh histories, with its 95% interval.
    pub check: Vec<Option<Interval>>,
    /// Histories of the check.
    pub check_runs: u64,
}

/// Calibrates the parameters so that `model`'s statistics (one per target, in order)
/// match `targets`.
pub fn calibrate(
    model: &dyn Model,
    params: &[Param],
    targets: &[Target],
    settings: &Settings,
    progress: &dyn Progress,
) -> Result<Calibration> {
    if model.statistics() != targets.len() {
        return Err(Error::Invalid(format!(
            "the model computes {} statistics for {} targets",
            model.statistics(),
            targets.len()
        )));
    }
    progress.start(settings.budget, 0);
    let found = match settings.method {
        Method::Abc => abc(model, params, targets, settings, progress)?,
        Method::Cmaes => cmaes(model, params, targets, settings, progress)?,
    };
    progress.finish();
    progress.start(settings.check_runs, 0);
    let check = if settings.check_runs > 0 {
        model.check(
            &found.estimate,
            CHECK_FIRST_RUN..CHECK_FIRST_RUN + settings.check_runs,
            progress,
        )?
    } else {
        vec![None; targets.len()]
    };
    progress.finish();
    Ok(Calibration {
        params: params.to_vec(),
        targets: targets.to_vec(),
        method: settings.method,
        check,
        check_runs: settings.check_runs,
        runs_per_point: model.runs_per_point(),
        ..found
    })
}

/// Mean, median and 90% interval of each parameter over particles as they ran. The
/// quantiles of a whole-number field or a switch are values it takes (the least whose
/// cumulative weight reaches the level): an interpolated median of 3.4 would name no
/// scenario, and the calibrated scenario is written at the median.
fn summarise(post: &abc::Posterior, domains: &[Domain]) -> Vec<ParamSummary> {
    let mut summary = post.summary();
    for (i, s) in summary.iter_mut().enumerate() {
        if domains.get(i).copied().unwrap_or(Domain::Real) == Domain::Real {
            continue;
        }
        let mut column: Vec<(f64, f64)> = (post.particles.iter())
            .zip(&post.weights)
            .filter_map(|(x, &w)| x.get(i).map(|&v| (v, w)))
            .collect();
        column.sort_by(|a, b| a.0.total_cmp(&b.0));
        let total: f64 = column.iter().map(|c| c.1).sum();
        let quantile = |q: f64| {
            let mut cumulative = 0.0;
            for &(v, w) in &column {
                cumulative += w / total;
                // The tolerance keeps a level reached exactly from being missed by
                // rounding in the sum.
                if cumulative >= q - 1e-9 {
                    return v;
                }
            }
            column.last().map_or(f64::NAN, |c| c.0)
        };
        (s.median, s.lo, s.hi) = (quantile(0.5), quantile(0.05), quantile(0.95));
    }
    summary
}

/// The distance of simulated statistics to the targets: the largest number of
/// tolerances by which one misses (infinite if one is undefined).
pub fn distance(targets: &[Target], simulated: &[f64]) -> f64 {
    targets
        .iter()
        .zip(simulated)
        .map(|(t, &s)| t.distance(s))
        .fold(0.0, f64::max)
}

/// The CMA-ES loss: the mean squared distance in tolerances, each capped at 1000.
pub fn loss(targets: &[Target], simulated: &[f64]) -> f64 {
    let total: f64 = targets
        .iter()
        .zip(simulated)
        .map(|(t, &s)| t.distance(s).min(1000.0).powi(2))
        .sum();
    total / targets.len().max(1) as f64
}

fn abc(
    model: &dyn Model,
    params: &[Param],
    targets: &[Target],
    settings: &Settings,
    progress: &dyn Progress,
) -> Result<Calibration> {
    let domains = model.domains();
    // ABC sees one statistic, the floored distance, and a target of 0 with scale 1.
    let mut config = AbcConfig::new(
        search_bounds(params, &domains, false)?,
        vec![0.0],
        vec![1.0],
    )?;
    config.particles = settings.particles;
    config.generations = settings.generations;
    config.keep_fraction = settings.keep_fraction;
    config.tolerance = Tolerance::Adaptive { quantile: 0.5 };
    let mut abc =
        Abc::new(config, settings.seed).map_err(|e| Error::Invalid(format!("ABC: {e}")))?;
    let r = model.runs_per_point();
    let (mut used, mut evaluated) = (0u64, 0u64);
    // Statistics of the proposals of the generation under way, by the bits of their
    // parameters: ABC hands back accepted particles, not their statistics.
    let mut seen: HashMap<Vec<u64>, (Vec<f64>, f64)> = HashMap::new();
    let mut accepted: Vec<(Vec<f64>, f64)> = Vec::new();
    let key = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<u64>>();
    let stop = loop {
        if abc.is_done() {
            break match abc.stop_reason() {
                Some(AbcStop::LowAcceptance) => Stop::LowAcceptance,
                _ => Stop::Generations,
            };
        }
        let proposals = abc.propose()?;
        let cost = proposals.len() as u64 * r;
        if used + cost > settings.budget {
            if abc.posterior().is_none() {
                return Err(Error::Inconclusive(format!(
                    "a budget of {} runs is too small: the rejection step alone simulates {} candidates × {r} runs = {cost} runs; \
                     raise --budget or lower --particles",
                    settings.budget,
                    proposals.len()
                )));
            }
            break Stop::Budget;
        }
        let firsts: Vec<u64> = (evaluated..evaluated + proposals.len() as u64)
            .map(|i| i * r)
            .collect();
        let stats = model.evaluate(&proposals, &firsts, progress)?;
        evaluated += proposals.len() as u64;
        used += cost;
        let distances: Vec<f64> = stats.iter().map(|s| distance(targets, s)).collect();
        for ((p, s), &d) in proposals.iter().zip(stats).zip(&distances) {
            seen.insert(key(p), (s, d));
        }
        let generations = abc.history().len();
        let floored: Vec<Vec<f64>> = distances.iter().map(|d| vec![d.max(1.0)]).collect();
        abc.accept(&floored)?;
        if abc.history().len() > generations {
            let particles = abc.posterior().map_or(&[][..], |p| p.particles.as_slice());
            accepted = particles
                .iter()
                .map(|p| seen.get(&key(p)).cloned().unwrap_or_default())
                .collect();
            seen.clear();
            if abc.history().last().is_some_and(|g| g.tolerance <= 1.0) {
                break Stop::WithinTolerance;
            }
        }
    };
    let post = abc
        .posterior()
        .ok_or_else(|| Error::Inconclusive("no candidate had every statistic defined".into()))?;
    let ran = abc::Posterior {
        particles: (post.particles.iter())
            .map(|x| taken(params, &domains, x))
            .collect(),
        weights: post.weights.clone(),
        distances: post.distances.clone(),
    };
    let summary = summarise(&ran, &domains);
    let posterior = Posterior {
        samples: ran.particles,
        weights: post.weights.clone(),
        distances: accepted.iter().map(|a| a.1).collect(),
        simulated: accepted.into_iter().map(|a| a.0).collect(),
        generations: abc.history().to_vec(),
        summary: summary.clone(),
    };
    Ok(Calibration {
        params: Vec::new(),
        targets: Vec::new(),
        method: Method::Abc,
        estimate: taken(
            params,
            &domains,
            &summary.iter().map(|s| s.median).collect::<Vec<_>>(),
        ),
        posterior: Some(posterior),
        trace: Vec::new(),
        best_so_far: Vec::new(),
        loss: None,
        stop,
        runs_per_point: r,
        runs_used: used,
        check: Vec::new(),
        check_runs: 0,
    })
}

fn cmaes(
    model: &dyn Model,
    params: &[Param],
    targets: &[Target],
    settings: &Settings,
    progress: &dyn Progress,
) -> Result<Calibration> {
    let domains = model.domains();
    let bounds = search_bounds(params, &domains, false)?;
    let r = model.runs_per_point();
    let lambda = Cmaes::new(&bounds, CmaesConfig::default(), settings.seed)?.population_size();
    let generations = settings.budget / (lambda as u64 * r);
    if generations == 0 {
        return Err(Error::Inconclusive(format!(
            "a budget of {} runs is too small: one CMA-ES generation simulates {lambda} candidates × {r} runs",
            settings.budget
        )));
    }
    let config = CmaesConfig {
        max_generations: generations as usize,
        // The loss is deterministic under common random numbers, but flat wherever
        // every target is matched to within a tiny fraction of its tolerance.
        tol_fun: 1e-6,
        tol_x: 1e-4,
        ..CmaesConfig::default()
    };
    let mut es = Cmaes::new(&bounds, config, settings.seed)?;
    let mut used = 0;
    while es.stop_reason().is_none() {
        let xs = es.ask();
        let stats = model.evaluate(&xs, &vec![0; xs.len()], progress)?;
        used += xs.len() as u64 * r;
        let losses: Vec<f64> = stats.iter().map(|s| loss(targets, s)).collect();
        es.tell(&losses)?;
    }
    let best = es
        .best()
        .cloned()
        .ok_or_else(|| Error::Inconclusive("CMA-ES evaluated nothing".into()))?;
    Ok(Calibration {
        params: Vec::new(),
        targets: Vec::new(),
        method: Method::Cmaes,
        estimate: taken(params, &domains, &best.x),
        posterior: None,
        trace: es.trace().to_vec(),
        best_so_far: best_so_far(es.trace()),
        loss: Some(best.objective),
        stop: cmaes_stop(es.stop_reason(), true),
        runs_per_point: r,
        runs_used: used,
        check: Vec::new(),
        check_runs: 0,
    })
}

impl Calibration {
    /// The note every table and chart of the calibration carries.
    pub fn note(&self) -> String {
        averaged_note(self.runs_per_point)
    }

    /// Whether every target's checked value lies within its tolerance.
    pub fn matches(&self) -> Vec<Option<bool>> {
        self.targets
            .iter()
            .zip(&self.check)
            .map(|(t, c)| c.map(|c| t.distance(c.estimate) <= 1.0))
            .collect()
    }

    /// Writes into `dir` (which must exist): `calibration.json`, the calibrated
    /// scenario `calibrated-scenario.json` (the scenario of `space` at the estimate, over
    /// the targets' horizon `provenance.days`: the values were fitted over it), and
    /// `posterior.parquet` (ABC) or `trace.parquet` (CMA-ES). Returns the files.
    pub fn write(
        &self,
        dir: &Path,
        space: &Space,
        provenance: &Provenance,
    ) -> Result<Vec<PathBuf>> {
        let mut files = Vec::new();
        if let Some(post) = &self.posterior {
            let mut t = Table::default();
            t.push(
                "sample",
                Values::Int((0..post.samples.len() as i64).collect()),
            );
            for (i, p) in self.params.iter().enumerate() {
                t.push(p.path.clone(), floats(post.samples.iter().map(|x| x[i])));
            }
            t.push("weight", floats(post.weights.iter().copied()));
            t.push("distance", floats(post.distances.iter().copied()));
            for (j, target) in self.targets.iter().enumerate() {
                t.push(
                    target.outcome.to_string(),
                    Values::Float(
                        post.simulated
                            .iter()
                            .map(|s| s.get(j).copied().filter(|x| !x.is_nan()))
                            .collect(),
                    ),
                );
            }
            t.meta("method", self.method.name());
            t.meta("note", self.note());
            provenance.stamp(&mut t);
            let path = dir.join("posterior.parquet");
            write_table(&path, Format::Parquet, &t)?;
            files.push(path);
        } else {
            let mut t = trace_table(&self.trace, &self.best_so_far, false);
            t.meta("method", self.method.name());
            t.meta(
                "objective",
                "loss: mean squared distance to the targets, in tolerances",
            );
            t.meta("note", self.note());
            provenance.stamp(&mut t);
            let path = dir.join("trace.parquet");
            write_table(&path, Format::Parquet, &t)?;
            files.push(path);
        }

        let scenario = space.scenario_over(&self.estimate, provenance.days)?;
        let scenario_path = dir.join("calibrated-scenario.json");
        grayzone_records::write_atomic(
            &scenario_path,
            scenario.to_json_string_pretty().as_bytes(),
        )?;

        let matches = self.matches();
        let params: Vec<Value> = self
            .params
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut v = json!({
                    "parameter": p.path,
                    "prior": [p.lo, p.hi],
                    "estimate": self.estimate[i],
                });
                if let Some(s) = self.posterior.as_ref().map(|post| post.summary[i]) {
                    v["median"] = number(s.median);
                    v["mean"] = number(s.mean);
                    v["interval_90"] = json!([number(s.lo), number(s.hi)]);
                }
                v
            })
            .collect();
        let targets: Vec<Value> = self
            .targets
            .iter()
            .enumerate()
            .map(|(j, t)| {
                let c = self.check[j];
                json!({
                    "name": t.name,
                    "outcome": t.outcome.to_string(),
                    "observed": t.observed,
                    "tolerance": t.tolerance,
                    "simulated": c.map_or(Value::Null, |c| number(c.estimate)),
                    "simulated_interval_95": c.map_or(Value::Null, |c| json!([number(c.lo), number(c.hi)])),
                    "within_tolerance": matches[j],
                    "source": t.source,
                })
            })
            .collect();
        let mut summary = json!({
            "method": self.method.name(),
            "parameters": params,
            "targets": targets,
            "stop": self.stop.name(),
            "stopped": self.stop.describe(),
            "runs_per_point": self.runs_per_point,
            "runs_used": self.runs_used,
            "check_runs": self.check_runs,
            "note": format!("{}; targets checked on {} fresh runs at the estimate", self.note(), self.check_runs),
            "calibrated_scenario": "calibrated-scenario.json",
            "calibrated_scenario_days": provenance.days,
            "provenance": provenance.to_json(),
        });
        if let Some(post) = &self.posterior {
            summary["particles"] = json!(post.samples.len());
            summary["generations"] = post
                .generations
                .iter()
                .map(|g| {
                    json!({
                        "generation": g.generation,
                        "tolerance": number(g.tolerance),
                        "proposed": g.proposed,
                        "accepted": g.accepted,
                        "effective_sample_size": number(g.ess),
                    })
                })
                .collect();
        }
        if let Some(loss) = self.loss {
            summary["loss"] = number(loss);
            summary["generations"] = json!(self.trace.len());
        }
        let path = dir.join("calibration.json");
        write_json(&path, &summary)?;
        files.push(path);
        files.push(scenario_path);
        Ok(files)
    }
}

/// A CMA-ES trace as a table, with the best so far; `constrained` adds the violation
/// of each generation's best point (0 when it meets every constraint).
pub(crate) fn trace_table(trace: &[TraceEntry], best_so_far: &[f64], constrained: bool) -> Table {
    let mut t = Table::default();
    t.push(
        "generation",
        Values::Int(trace.iter().map(|e| e.generation as i64).collect()),
    );
    t.push(
        "evaluations",
        Values::Int(trace.iter().map(|e| e.evaluations as i64).collect()),
    );
    t.push("best", floats(trace.iter().map(|e| e.best)));
    t.push("best_so_far", floats(best_so_far.iter().copied()));
    if constrained {
        t.push("violation", floats(trace.iter().map(|e| e.violation)));
    }
    t.push("mean", floats(trace.iter().map(|e| e.mean)));
    t.push(
        "feasible",
        Values::Int(trace.iter().map(|e| e.feasible as i64).collect()),
    );
    t.push("sigma", floats(trace.iter().map(|e| e.sigma)));
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(best: f64, violation: f64) -> TraceEntry {
        TraceEntry {
            generation: 0,
            evaluations: 0,
            best,
            violation,
            mean: best,
            feasible: usize::from(violation == 0.0),
            sigma: 0.3,
        }
    }

    #[test]
    fn the_best_so_far_follows_feasibility_first() {
        let trace = [
            entry(1.0, 0.5),
            entry(0.2, 0.7),
            entry(3.0, 0.1),
            entry(5.0, 0.0),
            entry(4.0, 0.0),
            entry(0.1, 0.2),
            entry(4.5, 0.0),
        ];
        assert_eq!(best_so_far(&trace), [1.0, 1.0, 3.0, 5.0, 4.0, 4.0, 4.0]);
    }

    #[test]
    fn a_search_that_stops_on_infeasible_points_stalled() {
        assert_eq!(
            cmaes_stop(Some(CmaesStop::MaxGenerations), false),
            Stop::Budget
        );
        assert_eq!(cmaes_stop(Some(CmaesStop::TolFun), true), Stop::Converged);
        assert_eq!(cmaes_stop(Some(CmaesStop::TolX), true), Stop::Converged);
        assert_eq!(cmaes_stop(Some(CmaesStop::TolX), false), Stop::Stalled);
        assert_eq!(cmaes_stop(Some(CmaesStop::Condition), true), Stop::Stalled);
    }
}
