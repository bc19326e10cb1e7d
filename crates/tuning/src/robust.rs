//! Robust policy search (`grayzone optimize --robust`): the levers a decision-maker holds,
//! chosen to do well across the uncertainties it does not control, for several
//! objectives at once (robust decision making, Lempert, Popper and Bankes 2003; the EMA
//! Workbench's robust optimisation).
//!
//! A policy is a point of the levers' box. Every policy is evaluated at the same K points
//! of the uncertainties' box (a Latin hypercube of the search's seed), each over the same
//! R histories (common random numbers: two policies differ only by their levers). Each
//! objective's values at the K points are summarised by the robustness metric the search
//! ranks by (the mean, or a percentile of the worse tail), and NSGA-II
//! ([`grayzone_stats::moea`]) keeps the policies no other beats on every objective.
//! Constraints hold on the mean over the uncertainty points.
//!
//! Every front policy is reported by every named metric: the mean, the percentile, the
//! maximum regret (how much worse than the best evaluated policy at the same uncertainty
//! point, at the worst point) and the share of uncertainty points where it meets every
//! constraint; and it is checked on fresh histories at every uncertainty point.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use grayzone_experiments::Progress;
use grayzone_records::{Format, Table, Values, write_json, write_table};
use grayzone_stats::design::latin_hypercube;
use grayzone_stats::moea::{Nsga2, hypervolume};
use grayzone_stats::quantile::quantiles;
use serde_json::{Value, json};

use crate::Provenance;
use crate::error::{Error, Result};
use crate::model::{CHECK_FIRST_RUN, Model};
use crate::optimize::{Constraint, Sense};
use crate::outcome::Outcome;
use crate::output::{floats, number};
use crate::param::{Param, Space, search_bounds, taken};

/// An objective: `OUTCOME` or `min:OUTCOME` to minimise, `max:OUTCOME` to maximise.
#[derive(Clone, Debug, PartialEq)]
pub struct Objective {
    /// Minimise or maximise.
    pub sense: Sense,
    /// The outcome.
    pub outcome: Outcome,
}

impl FromStr for Objective {
    type Err = Error;

    fn from_str(text: &str) -> Result<Objective> {
        let text = text.trim();
        let (sense, rest) = if let Some(r) = text.strip_prefix("max:") {
            (Sense::Maximize, r)
        } else if let Some(r) = text.strip_prefix("min:") {
            (Sense::Minimize, r)
        } else {
            (Sense::Minimize, text)
        };
        Ok(Objective {
            sense,
            outcome: Outcome::parse(rest)?,
        })
    }
}

impl fmt::Display for Objective {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sense = match self.sense {
            Sense::Minimize => "min",
            Sense::Maximize => "max",
        };
        write!(f, "{sense}:{}", self.outcome)
    }
}

/// How the values of an objective over the uncertainty points rank a policy.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Metric {
    /// The mean over the points.
    Mean,
    /// The percentile of the worse tail: for a minimised objective the `q`-th percentile,
    /// for a maximised one the `(100 - q)`-th.
    Percentile(f64),
}

impl FromStr for Metric {
    type Err = Error;

    fn from_str(text: &str) -> Result<Metric> {
        let bad = || {
            Error::Invalid(format!(
                "--robustness {text:?}: expected mean or pNN (a percentile of the worse tail, e.g. p90)"
            ))
        };
        match text.trim() {
            "mean" => Ok(Metric::Mean),
            t => {
                let q: f64 = t
                    .strip_prefix('p')
                    .ok_or_else(bad)?
                    .parse()
                    .map_err(|_| bad())?;
                if (50.0..=100.0).contains(&q) {
                    Ok(Metric::Percentile(q))
                } else {
                    Err(Error::Invalid(format!(
                        "--robustness {text:?}: the percentile of the worse tail is from p50 to p100"
                    )))
                }
            }
        }
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Metric::Mean => f.write_str("mean"),
            Metric::Percentile(q) => write!(f, "p{q}"),
        }
    }
}

/// The question: levers, uncertainties, objectives and constraints.
#[derive(Clone, Debug)]
pub struct Problem {
    /// What the decision-maker controls.
    pub levers: Vec<Param>,
    /// What it does not.
    pub uncertainties: Vec<Param>,
    /// Two or more objectives (one is allowed: the front is then its best policies).
    pub objectives: Vec<Objective>,
    /// Limits on the mean over the uncertainty points.
    pub constraints: Vec<Constraint>,
    /// The metric the search ranks by.
    pub metric: Metric,
}

impl Problem {
    /// The statistics a model must compute, in order: each objective, then each
    /// constraint's outcome. The model's points are the levers, then the uncertainties.
    pub fn outcomes(&self) -> Vec<Outcome> {
        self.objectives
            .iter()
            .map(|o| o.outcome.clone())
            .chain(self.constraints.iter().map(|c| c.outcome.clone()))
            .collect()
    }

    /// The model's parameters: the levers, then the uncertainties.
    pub fn params(&self) -> Vec<Param> {
        self.levers
            .iter()
            .chain(&self.uncertainties)
            .cloned()
            .collect()
    }
}

/// How to search.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// Policies per generation (even, at least 4).
    pub population: usize,
    /// Generations, the first population included.
    pub generations: usize,
    /// Uncertainty points every policy is evaluated at (K).
    pub scenarios: usize,
    /// Seed of the uncertainty design and of the search.
    pub seed: u64,
    /// Fresh histories per uncertainty point for the check of each front policy.
    pub check_runs: u64,
}

/// A policy and how it fares.
#[derive(Clone, Debug)]
pub struct Policy {
    /// Its lever values, as the scenario takes them.
    pub levers: Vec<f64>,
    /// Each objective's value at each uncertainty point, in the objective's own sense
    /// (NaN where undefined).
    pub values: Vec<Vec<f64>>,
    /// Each constraint's outcome at each uncertainty point.
    pub constraint_values: Vec<Vec<f64>>,
    /// Each objective's mean over the points.
    pub mean: Vec<f64>,
    /// Each objective's percentile of the worse tail.
    pub percentile: Vec<f64>,
    /// Each objective's maximum regret against every evaluated policy.
    pub max_regret: Vec<f64>,
    /// Share of uncertainty points at which every constraint holds.
    pub satisficing: f64,
    /// Total violation of the constraints (on their means); 0 when feasible.
    pub violation: f64,
    /// Each objective's mean over the points on fresh histories (the check).
    pub checked: Vec<f64>,
    /// Each objective's range over the points' 95% intervals on the fresh histories:
    /// the lowest lower end and the highest upper end.
    pub checked_range: Vec<(f64, f64)>,
}

/// What the robust search found.
#[derive(Clone, Debug)]
pub struct RobustFront {
    /// The question.
    pub problem: Problem,
    /// The search's settings.
    pub settings: Settings,
    /// The uncertainty points, in the order of the values.
    pub scenarios: Vec<Vec<f64>>,
    /// The front: feasible policies no other evaluated policy beats on every objective's
    /// metric, by the first objective.
    pub front: Vec<Policy>,
    /// Every policy evaluated, in the order evaluated.
    pub candidates: Vec<Policy>,
    /// The hypervolume of the population's front after each generation (objectives as
    /// minimised, reference: the first generation's worst values plus a tenth of their
    /// span).
    pub hypervolume: Vec<f64>,
    /// The reference point of the hypervolume.
    pub reference: Vec<f64>,
    /// Histories per uncertainty point.
    pub runs_per_point: u64,
    /// Histories simulated by the search.
    pub runs_used: u64,
}

/// A violation that outranks any real one: for an outcome undefined at every point.
const UNDEFINED: f64 = 1e6;

/// Searches the levers' box for the robust front of `problem`; `model` computes
/// [`Problem::outcomes`] at points of [`Problem::params`].
pub fn robust(
    model: &dyn Model,
    problem: &Problem,
    settings: &Settings,
    progress: &dyn Progress,
) -> Result<RobustFront> {
    let m = problem.objectives.len();
    if m == 0 {
        return Err(Error::Invalid("give at least one --objective".into()));
    }
    if problem.levers.is_empty() || problem.uncertainties.is_empty() {
        return Err(Error::Invalid(
            "a robust search needs at least one --lever and one --uncertain".into(),
        ));
    }
    if model.statistics() != m + problem.constraints.len() {
        return Err(Error::Invalid(format!(
            "the model computes {} statistics for {m} objectives and {} constraints",
            model.statistics(),
            problem.constraints.len()
        )));
    }
    if settings.scenarios == 0 || settings.generations == 0 {
        return Err(Error::Invalid(
            "--scenarios and --generations must be at least 1".into(),
        ));
    }
    let domains = model.domains();
    let nl = problem.levers.len();
    let lever_domains = domains.get(..nl).unwrap_or(&[]).to_vec();
    let uncertain_domains = domains.get(nl..).unwrap_or(&[]).to_vec();
    // Drawn in the search box, half a step wider at each end for a whole-number field,
    // so that rounding gives every value its share.
    let scenarios: Vec<Vec<f64>> = latin_hypercube(
        &search_bounds(&problem.uncertainties, &uncertain_domains, false)?,
        settings.scenarios,
        settings.seed,
    )?
    .into_iter()
    .map(|u| taken(&problem.uncertainties, &uncertain_domains, &u))
    .collect();
    let lever_bounds = search_bounds(&problem.levers, &lever_domains, false)?;
    let mut nsga = Nsga2::new(
        lever_bounds,
        grayzone_stats::moea::Settings {
            population: settings.population,
            seed: settings.seed,
            ..grayzone_stats::moea::Settings::default()
        },
    )
    .map_err(|e| Error::Invalid(format!("--population: {e}")))?;
    let r = model.runs_per_point();
    let k = scenarios.len();
    progress.start(
        (settings.generations * settings.population * k) as u64 * r,
        0,
    );
    let mut candidates: Vec<Policy> = Vec::new();
    let mut trace = Vec::new();
    let mut reference: Option<Vec<f64>> = None;
    let mut used = 0;
    for _ in 0..settings.generations {
        let asked = nsga.ask()?;
        let levers: Vec<Vec<f64>> = asked
            .iter()
            .map(|x| taken(&problem.levers, &lever_domains, x))
            .collect();
        let points: Vec<Vec<f64>> = levers
            .iter()
            .flat_map(|l| scenarios.iter().map(move |u| [l.as_slice(), u].concat()))
            .collect();
        let stats = model.evaluate(&points, &vec![0; points.len()], progress)?;
        used += points.len() as u64 * r;
        let policies: Vec<Policy> = levers
            .into_iter()
            .zip(stats.chunks(k))
            .map(|(l, s)| policy(problem, l, s))
            .collect();
        let objectives: Vec<Vec<f64>> = policies.iter().map(|p| searched(problem, p)).collect();
        let violations: Vec<f64> = policies.iter().map(|p| p.violation).collect();
        nsga.tell(objectives.clone(), violations)?;
        let reference = reference.get_or_insert_with(|| reference_point(&objectives, m));
        let front: Vec<Vec<f64>> = nsga.front().iter().map(|p| p.objectives.clone()).collect();
        trace.push(hypervolume(&front, reference));
        candidates.extend(policies);
    }
    progress.finish();
    regrets(problem, &mut candidates);
    let mut front = front_of(problem, &candidates);
    progress.start(front.len() as u64 * k as u64 * settings.check_runs, 0);
    if settings.check_runs > 0 {
        for p in &mut front {
            check(model, problem, &scenarios, settings.check_runs, p, progress)?;
        }
    }
    progress.finish();
    Ok(RobustFront {
        problem: problem.clone(),
        settings: *settings,
        scenarios,
        front,
        candidates,
        hypervolume: trace,
        reference: reference.unwrap_or_default(),
        runs_per_point: r,
        runs_used: used,
    })
}

/// A policy from its statistics at the K uncertainty points.
fn policy(problem: &Problem, levers: Vec<f64>, stats: &[Vec<f64>]) -> Policy {
    let m = problem.objectives.len();
    let values: Vec<Vec<f64>> = (0..m)
        .map(|j| stats.iter().map(|s| s[j]).collect())
        .collect();
    let constraint_values: Vec<Vec<f64>> = (0..problem.constraints.len())
        .map(|c| stats.iter().map(|s| s[m + c]).collect())
        .collect();
    let mean: Vec<f64> = values.iter().map(|v| mean_of(v)).collect();
    let percentile = problem
        .objectives
        .iter()
        .zip(&values)
        .map(|(o, v)| worse_tail(o.sense, v, percentile_of(problem.metric)))
        .collect();
    let satisfied = (0..stats.len())
        .filter(|&u| {
            problem
                .constraints
                .iter()
                .zip(&constraint_values)
                .all(|(c, v)| !v[u].is_nan() && c.holds(v[u]))
        })
        .count();
    let mut violation: f64 = problem
        .constraints
        .iter()
        .zip(&constraint_values)
        .map(|(c, v)| {
            let m = mean_of(v);
            if m.is_nan() {
                UNDEFINED
            } else {
                c.violation(m)
            }
        })
        .sum();
    if mean.iter().any(|v| v.is_nan()) {
        violation += UNDEFINED;
    }
    Policy {
        levers,
        values,
        constraint_values,
        mean,
        percentile,
        max_regret: vec![f64::NAN; m],
        satisficing: satisfied as f64 / stats.len().max(1) as f64,
        violation,
        checked: Vec::new(),
        checked_range: Vec::new(),
    }
}

/// The percentile reported (and searched, for a percentile metric): 90 for the mean.
fn percentile_of(metric: Metric) -> f64 {
    match metric {
        Metric::Mean => 90.0,
        Metric::Percentile(q) => q,
    }
}

fn mean_of(v: &[f64]) -> f64 {
    let defined: Vec<f64> = v.iter().copied().filter(|x| !x.is_nan()).collect();
    if defined.is_empty() {
        f64::NAN
    } else {
        defined.iter().sum::<f64>() / defined.len() as f64
    }
}

/// The `q`-th percentile of the worse tail of `v` (type 7): high values for a minimised
/// objective, low ones for a maximised one.
fn worse_tail(sense: Sense, v: &[f64], q: f64) -> f64 {
    let defined: Vec<f64> = v.iter().copied().filter(|x| !x.is_nan()).collect();
    let q = match sense {
        Sense::Minimize => q,
        Sense::Maximize => 100.0 - q,
    };
    quantiles(&defined, &[q / 100.0]).map_or(f64::NAN, |p| p[0])
}

/// The objectives the search minimises: each objective's metric, maximised ones negated.
fn searched(problem: &Problem, p: &Policy) -> Vec<f64> {
    problem
        .objectives
        .iter()
        .enumerate()
        .map(|(j, o)| {
            let v = match problem.metric {
                Metric::Mean => p.mean[j],
                Metric::Percentile(_) => p.percentile[j],
            };
            // An undefined objective makes the policy infeasible already (UNDEFINED).
            if v.is_nan() { 0.0 } else { o.sense.searched(v) }
        })
        .collect()
}

/// The hypervolume's reference: the worst of the first generation plus a tenth of the
/// span (or of 1, when all equal), so that its extremes count.
fn reference_point(objectives: &[Vec<f64>], m: usize) -> Vec<f64> {
    (0..m)
        .map(|j| {
            let (lo, hi) = objectives
                .iter()
                .map(|o| o[j])
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                    (a.min(v), b.max(v))
                });
            let span = if hi > lo { hi - lo } else { 1.0 };
            hi + 0.1 * span
        })
        .collect()
}

/// Each policy's maximum regret per objective: at each uncertainty point, how much worse
/// it does than the best feasible policy evaluated there (the best of all while none is
/// feasible); the largest over the points.
fn regrets(problem: &Problem, policies: &mut [Policy]) {
    let any_feasible = policies.iter().any(|p| p.violation == 0.0);
    for (j, o) in problem.objectives.iter().enumerate() {
        let k = policies.first().map_or(0, |p| p.values[j].len());
        let best: Vec<f64> = (0..k)
            .map(|u| {
                policies
                    .iter()
                    .filter(|p| !any_feasible || p.violation == 0.0)
                    .map(|p| o.sense.searched(p.values[j][u]))
                    .filter(|v| !v.is_nan())
                    .fold(f64::INFINITY, f64::min)
            })
            .collect();
        for p in policies.iter_mut() {
            p.max_regret[j] = (0..k)
                .map(|u| o.sense.searched(p.values[j][u]) - best[u])
                .filter(|v| !v.is_nan())
                .fold(f64::NAN, f64::max);
        }
    }
}

/// The feasible evaluated policies no other beats on every objective's metric, ordered by
/// the first objective. Of policies with the same metrics (on the plateaus common random
/// numbers make, where a small change of a lever changes no history), the first evaluated
/// stands for all.
fn front_of(problem: &Problem, policies: &[Policy]) -> Vec<Policy> {
    let feasible: Vec<(&Policy, Vec<f64>)> = policies
        .iter()
        .filter(|p| p.violation == 0.0)
        .map(|p| (p, searched(problem, p)))
        .collect();
    let dominated = |a: &[f64], b: &[f64]| {
        b.iter().zip(a).all(|(y, x)| y <= x) && b.iter().zip(a).any(|(y, x)| y < x)
    };
    let mut front: Vec<(&Policy, Vec<f64>)> = Vec::new();
    for (p, o) in &feasible {
        let beaten = feasible.iter().any(|(_, other)| dominated(o, other));
        let repeat = front.iter().any(|(_, other)| other == o);
        if !beaten && !repeat {
            front.push((p, o.clone()));
        }
    }
    front.sort_by(|a, b| a.1[0].total_cmp(&b.1[0]).then(a.1.len().cmp(&b.1.len())));
    front.into_iter().map(|(p, _)| p.clone()).collect()
}

/// Checks a front policy on fresh histories at every uncertainty point.
fn check(
    model: &dyn Model,
    problem: &Problem,
    scenarios: &[Vec<f64>],
    runs: u64,
    p: &mut Policy,
    progress: &dyn Progress,
) -> Result<()> {
    let m = problem.objectives.len();
    let mut estimates = vec![Vec::new(); m];
    let mut ranges = vec![(f64::INFINITY, f64::NEG_INFINITY); m];
    for u in scenarios {
        let x = [p.levers.as_slice(), u].concat();
        let checked = model.check(&x, CHECK_FIRST_RUN..CHECK_FIRST_RUN + runs, progress)?;
        for j in 0..m {
            if let Some(i) = checked[j] {
                estimates[j].push(i.estimate);
                if i.lo.is_finite() && i.hi.is_finite() {
                    ranges[j] = (ranges[j].0.min(i.lo), ranges[j].1.max(i.hi));
                }
            }
        }
    }
    p.checked = estimates.iter().map(|e| mean_of(e)).collect();
    p.checked_range = ranges
        .into_iter()
        .map(|(a, b)| if a <= b { (a, b) } else { (f64::NAN, f64::NAN) })
        .collect();
    Ok(())
}

impl RobustFront {
    /// The name of an objective's worse-tail percentile: `p90` for a minimised objective,
    /// `p10` for a maximised one (the same tail, from the other side).
    pub fn percentile_name(&self, o: &Objective) -> String {
        let q = percentile_of(self.problem.metric);
        match o.sense {
            Sense::Minimize => format!("p{q}"),
            Sense::Maximize => format!("p{}", 100.0 - q),
        }
    }

    /// How the numbers were made, in a sentence.
    pub fn note(&self) -> String {
        format!(
            "NSGA-II, {} policies × {} generations; each policy at the same {} uncertainty points (Latin hypercube) × {} runs (common random numbers); ranked by the {} of each objective over the points; constraints on the mean over the points",
            self.settings.population,
            self.settings.generations,
            self.scenarios.len(),
            self.runs_per_point,
            self.problem.metric
        )
    }

    /// The table of `policies`: levers, then per objective its mean, percentile, maximum
    /// regret and checked mean, per constraint its mean, and the satisficing share.
    pub fn table(&self, policies: &[Policy], provenance: &Provenance) -> Table {
        let mut t = Table::default();
        t.push("policy", Values::Int((0..policies.len() as i64).collect()));
        for (i, l) in self.problem.levers.iter().enumerate() {
            t.push(l.path.clone(), floats(policies.iter().map(|p| p.levers[i])));
        }
        let q = percentile_of(self.problem.metric);
        for (j, o) in self.problem.objectives.iter().enumerate() {
            let name = o.outcome.as_str();
            t.push(
                format!("{name}.mean"),
                floats(policies.iter().map(|p| p.mean[j])),
            );
            t.push(
                format!("{name}.p{q}"),
                floats(policies.iter().map(|p| p.percentile[j])),
            );
            t.push(
                format!("{name}.max_regret"),
                floats(policies.iter().map(|p| p.max_regret[j])),
            );
            t.push(
                format!("{name}.checked"),
                floats(
                    policies
                        .iter()
                        .map(|p| p.checked.get(j).copied().unwrap_or(f64::NAN)),
                ),
            );
        }
        for (c, constraint) in self.problem.constraints.iter().enumerate() {
            t.push(
                format!("{}.mean", constraint.outcome.as_str()),
                floats(policies.iter().map(|p| mean_of(&p.constraint_values[c]))),
            );
        }
        t.push(
            "satisficing",
            floats(policies.iter().map(|p| p.satisficing)),
        );
        t.push("violation", floats(policies.iter().map(|p| p.violation)));
        t.meta("note", self.note());
        provenance.stamp(&mut t);
        t
    }

    /// Writes `front.json`, `front.parquet`, `candidates.parquet`, `hypervolume.parquet`
    /// and one scenario per front policy (`policies/policy-N.json`: the base scenario with
    /// the policy's levers) into `dir`, which must exist.
    pub fn write(
        &self,
        dir: &Path,
        space: &Space,
        provenance: &Provenance,
    ) -> Result<Vec<PathBuf>> {
        let mut files = Vec::new();
        let front = dir.join("front.parquet");
        write_table(
            &front,
            Format::Parquet,
            &self.table(&self.front, provenance),
        )?;
        files.push(front);
        let all = dir.join("candidates.parquet");
        write_table(
            &all,
            Format::Parquet,
            &self.table(&self.candidates, provenance),
        )?;
        files.push(all);
        let mut hv = Table::default();
        hv.push(
            "generation",
            Values::Int((1..=self.hypervolume.len() as i64).collect()),
        );
        hv.push("hypervolume", floats(self.hypervolume.iter().copied()));
        hv.meta(
            "reference",
            self.reference
                .iter()
                .map(|r| r.to_string())
                .collect::<Vec<_>>()
                .join(","),
        );
        provenance.stamp(&mut hv);
        let hv_path = dir.join("hypervolume.parquet");
        write_table(&hv_path, Format::Parquet, &hv)?;
        files.push(hv_path);
        let folder = dir.join("policies");
        std::fs::create_dir_all(&folder).map_err(|e| Error::Write {
            path: folder.clone(),
            message: e.to_string(),
        })?;
        // The scenario at the levers: the uncertainties keep the base scenario's values.
        let lever_space = Space::new(space.base().clone(), self.problem.levers.clone())?;
        let mut policies = Vec::new();
        for (i, p) in self.front.iter().enumerate() {
            let path = folder.join(format!("policy-{i}.json"));
            grayzone_records::write_atomic(
                &path,
                lever_space
                    .scenario_over(&p.levers, provenance.days)?
                    .to_json_string_pretty()
                    .as_bytes(),
            )?;
            policies.push(json!({
                "policy": i,
                "scenario": format!("policies/policy-{i}.json"),
                "levers": self.problem.levers.iter().zip(&p.levers)
                    .map(|(l, v)| json!({ "lever": l.path, "value": v }))
                    .collect::<Vec<_>>(),
                "objectives": self.problem.objectives.iter().enumerate().map(|(j, o)| json!({
                    "objective": o.to_string(),
                    "mean": number(p.mean[j]),
                    self.percentile_name(o): number(p.percentile[j]),
                    "max_regret": number(p.max_regret[j]),
                    "checked_mean": p.checked.get(j).map_or(Value::Null, |v| number(*v)),
                    "checked_interval_range_95": p.checked_range.get(j)
                        .map_or(Value::Null, |r| json!([number(r.0), number(r.1)])),
                })).collect::<Vec<_>>(),
                "constraints": self.problem.constraints.iter().enumerate().map(|(c, k)| json!({
                    "constraint": k.describe(),
                    "mean": number(mean_of(&p.constraint_values[c])),
                })).collect::<Vec<_>>(),
                "satisficing": number(p.satisficing),
            }));
            files.push(path);
        }
        let summary = json!({
            "levers": self.problem.levers.iter().map(|l| json!({ "lever": l.path, "range": [l.lo, l.hi] })).collect::<Vec<_>>(),
            "uncertainties": self.problem.uncertainties.iter().map(|u| json!({ "uncertainty": u.path, "range": [u.lo, u.hi] })).collect::<Vec<_>>(),
            "uncertainty_points": self.scenarios,
            "objectives": self.problem.objectives.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "constraints": self.problem.constraints.iter().map(Constraint::describe).collect::<Vec<_>>(),
            "robustness": self.problem.metric.to_string(),
            "front": policies,
            "hypervolume": self.hypervolume.iter().map(|v| number(*v)).collect::<Vec<_>>(),
            "hypervolume_reference": self.reference.iter().map(|v| number(*v)).collect::<Vec<_>>(),
            "candidates": self.candidates.len(),
            "runs_per_point": self.runs_per_point,
            "runs_used": self.runs_used,
            "check_runs_per_uncertainty_point": self.settings.check_runs,
            "note": self.note(),
            "provenance": provenance.to_json(),
        });
        let path = dir.join("front.json");
        write_json(&path, &summary)?;
        files.insert(0, path);
        Ok(files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use grayzone_stats::interval::Interval;
    use std::ops::Range;

    /// Two objectives in conflict over one lever, shifted by one uncertainty u in
    /// [0, 0.2]: f1 = (l - u)^2 and f2 = (l - 1 + u)^2, whose means over u are best at
    /// l = 0.1 and l = 0.9: the front spans the levers between.
    /// The number of statistics: 2 objectives, and the lever as a third when asked.
    struct Toy(usize);

    impl Model for Toy {
        fn statistics(&self) -> usize {
            self.0
        }
        fn runs_per_point(&self) -> u64 {
            1
        }
        fn evaluate(
            &self,
            points: &[Vec<f64>],
            _: &[u64],
            _: &dyn Progress,
        ) -> Result<Vec<Vec<f64>>> {
            Ok(points
                .iter()
                .map(|x| {
                    let (l, u) = (x[0], 0.2 * x[1]);
                    let mut v = vec![(l - u).powi(2), (l - 1.0 + u).powi(2), l];
                    v.truncate(self.0);
                    v
                })
                .collect())
        }
        fn check(
            &self,
            x: &[f64],
            _: Range<u64>,
            p: &dyn Progress,
        ) -> Result<Vec<Option<Interval>>> {
            let v = self.evaluate(&[x.to_vec()], &[0], p)?;
            Ok(v[0]
                .iter()
                .map(|&e| {
                    Some(Interval {
                        estimate: e,
                        lo: e,
                        hi: e,
                    })
                })
                .collect())
        }
    }

    fn problem(constraints: &[&str]) -> Problem {
        Problem {
            levers: vec!["actors.us.attribution.policy=0:1".parse().unwrap()],
            uncertainties: vec!["militias.*.autonomy=0:1".parse().unwrap()],
            objectives: vec![
                "collapse_within_30".parse().unwrap(),
                "regional_war_within_30".parse().unwrap(),
            ],
            constraints: constraints.iter().map(|c| c.parse().unwrap()).collect(),
            metric: Metric::Mean,
        }
    }

    fn settings() -> Settings {
        Settings {
            population: 20,
            generations: 25,
            scenarios: 8,
            seed: 3,
            check_runs: 1,
        }
    }

    #[test]
    fn the_front_spans_the_tradeoff_and_the_hypervolume_rises() {
        let found = robust(
            &Toy(2),
            &problem(&[]),
            &settings(),
            &grayzone_experiments::Silent,
        )
        .unwrap();
        assert_eq!(found.scenarios.len(), 8);
        assert_eq!(found.candidates.len(), 20 * 25);
        assert!(found.front.len() >= 8, "{}", found.front.len());
        // With u uniform on [0, 0.2], the mean-optimal levers lie in [0.1, 0.9].
        for p in &found.front {
            assert!((0.05..=0.95).contains(&p.levers[0]), "{:?}", p.levers);
            assert_eq!(p.checked.len(), 2);
            assert!((p.checked[0] - p.mean[0]).abs() < 1e-12);
        }
        let hv = &found.hypervolume;
        assert!(hv.last().unwrap() >= &hv[0], "{hv:?}");
        // It rises, then wanders within a percent as crowding trims a full front.
        let top = hv.iter().copied().fold(0.0, f64::max);
        assert!(hv.last().unwrap() > &(0.99 * top), "{hv:?}");
        // The front's two ends are the best policies of one objective each: their regret
        // on it is small, and on the other large.
        let (first, last) = (&found.front[0], found.front.last().unwrap());
        assert!(first.max_regret[0] < first.max_regret[1], "{first:?}");
        assert!(last.max_regret[1] < last.max_regret[0], "{last:?}");
    }

    #[test]
    fn a_constraint_on_the_mean_cuts_the_front() {
        // The toy's third statistic is the lever itself, whatever the outcome's name:
        // keep it at or below 0.5.
        let p = problem(&["blamed_on_patron_share<=0.5"]);
        let found = robust(&Toy(3), &p, &settings(), &grayzone_experiments::Silent).unwrap();
        assert!(!found.front.is_empty());
        for policy in &found.front {
            assert!(policy.levers[0] <= 0.5 + 1e-12, "{:?}", policy.levers);
            assert_eq!(policy.satisficing, 1.0);
        }
    }

    #[test]
    fn objectives_and_metrics_parse() {
        let o: Objective = "max:intercepted_ballistic".parse().unwrap();
        assert_eq!(o.sense, Sense::Maximize);
        assert_eq!(o.to_string(), "max:intercepted_ballistic");
        assert_eq!("p90".parse::<Metric>().unwrap(), Metric::Percentile(90.0));
        assert!("p10".parse::<Metric>().is_err());
        assert!("median".parse::<Metric>().is_err());
        assert_eq!(worse_tail(Sense::Minimize, &[1.0, 2.0, 3.0], 100.0), 3.0);
        assert_eq!(worse_tail(Sense::Maximize, &[1.0, 2.0, 3.0], 100.0), 1.0);
    }
}
