//! Constrained optimisation: the parameter values that minimise or maximise an outcome
//! while other outcomes stay within limits.
//!
//! The search is CMA-ES in the parameter box, with constraints ranked by Deb's
//! feasibility rules (feasible points first, infeasible ones by total violation).
//! Violations are measured relative to their limit (`(value - limit) / |limit|`, or
//! absolute for a limit of 0), so that a share and a dollar amount weigh alike. Every
//! candidate is simulated on the same R histories (common random numbers), which makes
//! the search follow a deterministic function; the answer is then checked on fresh
//! histories, each outcome with its 95% interval, so the reported numbers carry no
//! winner's curse.
//!
//! A point where an outcome is undefined in every run (a share with nothing to share)
//! is infeasible, and worse than any point where every outcome is defined.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use grayzone_experiments::Progress;
use grayzone_stats::interval::Interval;
use grayzone_stats::optimize::{Cmaes, CmaesConfig, Evaluation, TraceEntry};
use serde_json::{Value, json};

use crate::Provenance;
use crate::calibrate::{Stop, best_so_far, cmaes_stop, trace_table};
use crate::error::{Error, Result};
use crate::model::{CHECK_FIRST_RUN, Model};
use crate::outcome::{Comparison, Outcome};
use crate::param::{Param, Space, search_bounds, taken};
use crate::sensitivity::averaged_note;
use grayzone_records::{Format, write_json, write_table};

use crate::output::number;

/// Minimise or maximise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sense {
    /// Find the lowest value.
    Minimize,
    /// Find the highest value.
    Maximize,
}

impl Sense {
    /// The word used in files and messages.
    pub fn name(self) -> &'static str {
        match self {
            Sense::Minimize => "minimize",
            Sense::Maximize => "maximize",
        }
    }

    /// The value the search minimises.
    pub(crate) fn searched(self, x: f64) -> f64 {
        match self {
            Sense::Minimize => x,
            Sense::Maximize => -x,
        }
    }
}

/// A limit on an outcome: `OUTCOME<=VALUE` or `OUTCOME>=VALUE`.
///
/// `<` and `>` are refused rather than read as `<=` and `>=`: an outcome over R runs
/// moves in steps (a share in steps of 1/R), so it often sits exactly on the limit, and
/// there a strict and a non-strict limit give opposite answers.
#[derive(Clone, Debug, PartialEq)]
pub struct Constraint {
    /// The constrained outcome.
    pub outcome: Outcome,
    /// At most (`<=`) or at least (`>=`).
    pub at_most: bool,
    /// The limit.
    pub limit: f64,
}

impl FromStr for Constraint {
    type Err = Error;

    fn from_str(text: &str) -> Result<Constraint> {
        let bad = |why: &str| {
            Error::Invalid(format!(
                "--subject-to {text:?}: {why} (expected OUTCOME<=VALUE or OUTCOME>=VALUE, e.g. 'blamed_on_patron_share<=0.3')"
            ))
        };
        let (outcome, op, limit) = Comparison::split(text).ok_or_else(|| bad("no <= or >="))?;
        if matches!(op, Comparison::Below | Comparison::Above) {
            let (strict, wide) = if op == Comparison::Below {
                ("<", "<=")
            } else {
                (">", ">=")
            };
            return Err(bad(&format!(
                "a strict limit `{strict}` is not taken: an outcome over R runs moves in steps and may equal the limit, so write `{wide}` with the limit you mean, e.g. '{}{wide}{}'",
                outcome.trim(),
                limit.trim()
            )));
        }
        let limit = limit
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| bad(&format!("{:?} is not a finite number", limit.trim())))?;
        Ok(Constraint {
            outcome: Outcome::parse(outcome)?,
            at_most: op == Comparison::AtMost,
            limit,
        })
    }
}

impl Constraint {
    /// The constraint as written in files: `OUTCOME <= VALUE`.
    pub fn describe(&self) -> String {
        format!(
            "{} {} {}",
            self.outcome,
            if self.at_most { "<=" } else { ">=" },
            self.limit
        )
    }

    /// Whether `value` satisfies it.
    pub fn holds(&self, value: f64) -> bool {
        if self.at_most {
            value <= self.limit
        } else {
            value >= self.limit
        }
    }

    /// The violation of `value`, relative to the limit (0 when satisfied).
    pub(crate) fn violation(&self, value: f64) -> f64 {
        let excess = if self.at_most {
            value - self.limit
        } else {
            self.limit - value
        };
        let scale = if self.limit == 0.0 {
            1.0
        } else {
            self.limit.abs()
        };
        (excess / scale).max(0.0)
    }
}

/// What to optimise.
#[derive(Clone, Debug)]
pub struct Goal {
    /// Minimise or maximise.
    pub sense: Sense,
    /// The objective.
    pub objective: Outcome,
    /// The constraints.
    pub constraints: Vec<Constraint>,
}

impl Goal {
    /// The statistics a model must compute for this goal, in order: the objective,
    /// then each constraint's outcome.
    pub fn outcomes(&self) -> Vec<Outcome> {
        std::iter::once(self.objective.clone())
            .chain(self.constraints.iter().map(|c| c.outcome.clone()))
            .collect()
    }
}

/// How to search.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// Histories the search may simulate, in all (the check comes on top).
    pub budget: u64,
    /// CMA-ES population; `None` for Hansen's default `4 + ⌊3 ln n⌋`.
    pub population: Option<usize>,
    /// Seed of the search.
    pub seed: u64,
    /// Fresh histories for the check of the answer.
    pub check_runs: u64,
}

/// What the optimisation found.
#[derive(Clone, Debug)]
pub struct Optimum {
    /// The parameters.
    pub params: Vec<Param>,
    /// The goal.
    pub goal: Goal,
    /// The answer: the best point by Deb's rules among every point evaluated, as the
    /// scenario takes it (whole-number fields and switches rounded).
    pub x: Vec<f64>,
    /// The objective at the answer over the search's histories.
    pub searched_objective: f64,
    /// Whether the answer met every constraint on the search's histories.
    pub searched_feasible: bool,
    /// Best and mean objective per generation, in the objective's own sense; the best
    /// is the generation's best point, which goes up and down as the search moves.
    pub trace: Vec<TraceEntry>,
    /// The objective of the best point found up to each generation, in the objective's
    /// own sense (by Deb's rules: while no point is feasible, the least violating one).
    pub best_so_far: Vec<f64>,
    /// Why the search stopped.
    pub stop: Stop,
    /// Histories per candidate.
    pub runs_per_point: u64,
    /// Histories simulated by the search.
    pub runs_used: u64,
    /// The objective, then each constraint's outcome, at the answer over fresh
    /// histories, with 95% intervals.
    pub check: Vec<Option<Interval>>,
    /// Histories of the check.
    pub check_runs: u64,
}

/// A violation that outranks any real one: for an outcome undefined at a point.
const UNDEFINED: f64 = 1e6;

/// Searches the box of `params` for the best point of `goal`; `model` computes
/// [`Goal::outcomes`].
pub fn optimize(
    model: &dyn Model,
    params: &[Param],
    goal: &Goal,
    settings: &Settings,
    progress: &dyn Progress,
) -> Result<Optimum> {
    if model.statistics() != 1 + goal.constraints.len() {
        return Err(Error::Invalid(format!(
            "the model computes {} statistics for an objective and {} constraints",
            model.statistics(),
            goal.constraints.len()
        )));
    }
    let domains = model.domains();
    let bounds = search_bounds(params, &domains, false)?;
    let r = model.runs_per_point();
    let config = CmaesConfig {
        population: settings.population,
        // One constraint: the total violation, computed here.
        constraint_limits: vec![0.0],
        tol_fun: 1e-6,
        tol_x: 1e-4,
        ..CmaesConfig::default()
    };
    let lambda = Cmaes::new(&bounds, config.clone(), settings.seed)
        .map_err(|e| Error::Invalid(format!("CMA-ES: {e}")))?
        .population_size();
    let generations = settings.budget / (lambda as u64 * r);
    if generations == 0 {
        return Err(Error::Inconclusive(format!(
            "a budget of {} runs is too small: one CMA-ES generation simulates {lambda} candidates × {r} runs",
            settings.budget
        )));
    }
    let mut es = Cmaes::new(
        &bounds,
        CmaesConfig {
            max_generations: generations as usize,
            ..config
        },
        settings.seed,
    )?;
    progress.start(generations * lambda as u64 * r, 0);
    let mut used = 0;
    while es.stop_reason().is_none() {
        let xs = es.ask();
        let stats = model.evaluate(&xs, &vec![0; xs.len()], progress)?;
        used += xs.len() as u64 * r;
        let evaluations: Vec<Evaluation> = stats.iter().map(|s| evaluation(goal, s)).collect();
        es.tell_constrained(&evaluations)?;
    }
    progress.finish();
    let best = es
        .best()
        .cloned()
        .ok_or_else(|| Error::Inconclusive("CMA-ES evaluated nothing".into()))?;
    let x = taken(params, &domains, &best.x);
    progress.start(settings.check_runs, 0);
    let check = if settings.check_runs > 0 {
        model.check(
            &x,
            CHECK_FIRST_RUN..CHECK_FIRST_RUN + settings.check_runs,
            progress,
        )?
    } else {
        vec![None; 1 + goal.constraints.len()]
    };
    progress.finish();
    let sense = goal.sense;
    let feasible = best.violation == 0.0;
    Ok(Optimum {
        params: params.to_vec(),
        goal: goal.clone(),
        searched_objective: sense.searched(best.objective),
        searched_feasible: feasible,
        x,
        trace: es
            .trace()
            .iter()
            .map(|e| TraceEntry {
                best: sense.searched(e.best),
                mean: sense.searched(e.mean),
                ..*e
            })
            .collect(),
        best_so_far: best_so_far(es.trace())
            .into_iter()
            .map(|b| sense.searched(b))
            .collect(),
        stop: cmaes_stop(es.stop_reason(), feasible),
        runs_per_point: r,
        runs_used: used,
        check,
        check_runs: settings.check_runs,
    })
}

/// The objective to minimise and the total violation of one point.
fn evaluation(goal: &Goal, stats: &[f64]) -> Evaluation {
    let objective = stats[0];
    let mut violation: f64 = goal
        .constraints
        .iter()
        .zip(&stats[1..])
        .map(|(c, &v)| {
            if v.is_nan() {
                UNDEFINED
            } else {
                c.violation(v)
            }
        })
        .sum();
    if objective.is_nan() {
        violation += UNDEFINED;
    }
    Evaluation {
        objective: if objective.is_nan() {
            0.0
        } else {
            goal.sense.searched(objective)
        },
        constraints: vec![violation],
    }
}

impl Optimum {
    /// The note every table and chart of the optimisation carries.
    pub fn note(&self) -> String {
        averaged_note(self.runs_per_point)
    }

    /// Whether each constraint holds at the answer on the fresh histories (by its
    /// estimate), `None` where the outcome is undefined.
    pub fn satisfied(&self) -> Vec<Option<bool>> {
        self.goal
            .constraints
            .iter()
            .zip(&self.check[1..])
            .map(|(c, i)| i.map(|i| c.holds(i.estimate)))
            .collect()
    }

    /// Candidates the search evaluated.
    pub fn evaluated(&self) -> usize {
        self.trace.last().map_or(0, |t| t.evaluations)
    }

    /// The file of the answer's scenario: `optimum-scenario.json`, or
    /// `least-violating-scenario.json` when no evaluated point met every constraint, so
    /// that no one runs it as an optimum.
    pub fn scenario_file(&self) -> &'static str {
        if self.searched_feasible {
            "optimum-scenario.json"
        } else {
            "least-violating-scenario.json"
        }
    }

    /// Writes `optimum.json`, `trace.parquet` and the scenario of `space` at the answer
    /// ([`Optimum::scenario_file`]) into `dir`, which must exist. The scenario runs the
    /// search's horizon, `provenance.days`.
    pub fn write(
        &self,
        dir: &Path,
        space: &Space,
        provenance: &Provenance,
    ) -> Result<Vec<PathBuf>> {
        let trace = dir.join("trace.parquet");
        let mut table = trace_table(&self.trace, &self.best_so_far, true);
        table.meta("goal", self.goal.sense.name());
        table.meta("objective", self.goal.objective.as_str());
        table.meta(
            "constraints",
            self.goal
                .constraints
                .iter()
                .map(Constraint::describe)
                .collect::<Vec<_>>()
                .join("; "),
        );
        table.meta("note", self.note());
        provenance.stamp(&mut table);
        write_table(&trace, Format::Parquet, &table)?;
        let scenario = dir.join(self.scenario_file());
        grayzone_records::write_atomic(
            &scenario,
            space
                .scenario_over(&self.x, provenance.days)?
                .to_json_string_pretty()
                .as_bytes(),
        )?;
        let interval = |i: &Option<Interval>| match i {
            Some(i) => {
                json!({ "estimate": number(i.estimate), "interval_95": [number(i.lo), number(i.hi)] })
            }
            None => Value::Null,
        };
        let satisfied = self.satisfied();
        let constraints: Vec<Value> = self
            .goal
            .constraints
            .iter()
            .enumerate()
            .map(|(j, c)| {
                json!({
                    "constraint": c.describe(),
                    "at_optimum": interval(&self.check[j + 1]),
                    "satisfied": satisfied[j],
                })
            })
            .collect();
        let params: Vec<Value> = self
            .params
            .iter()
            .zip(&self.x)
            .map(|(p, x)| json!({ "parameter": p.path, "range": [p.lo, p.hi], "optimum": x }))
            .collect();
        let answer = if self.searched_feasible {
            "optimum"
        } else {
            "least violating point"
        };
        let mut summary = json!({
            "goal": self.goal.sense.name(),
            "objective": self.goal.objective.to_string(),
            "feasible": self.searched_feasible,
            "answer": answer,
            "parameters": params,
            "objective_at_optimum": interval(&self.check[0]),
            "constraints": constraints,
            "search": {
                "objective": number(self.searched_objective),
                "feasible": self.searched_feasible,
                "candidates": self.evaluated(),
                "generations": self.trace.len(),
                "stop": self.stop.name(),
                "stopped": self.stop.describe(),
                "runs_used": self.runs_used,
            },
            "runs_per_point": self.runs_per_point,
            "check_runs": self.check_runs,
            "note": format!("{}; the {answer} checked on {} fresh runs", self.note(), self.check_runs),
            "provenance": provenance.to_json(),
        });
        if self.searched_feasible {
            summary["optimum_scenario"] = json!(self.scenario_file());
        } else {
            summary["least_violating_scenario"] = json!(self.scenario_file());
            summary["warning"] = json!(format!(
                "no feasible point: none of the {} candidates evaluated met every constraint; the parameters are the least violating point, not an optimum",
                self.evaluated()
            ));
        }
        let path = dir.join("optimum.json");
        write_json(&path, &summary)?;
        Ok(vec![path, trace, scenario])
    }
}
