//! Evidence for the model: small ensembles that show each mechanism of MODEL.md moving
//! outcomes the way its source article says, and the shipped seed scenarios reproducing
//! their articles' chains of events.
//!
//! The tests live in `tests/`; this library holds what they share: running a scenario
//! (with parameters changed by path) over many seeds, and comparing two ensembles with a
//! statistical margin rather than on one lucky seed.

#![deny(missing_docs)]

use std::path::Path;

use grayzone_experiments::{History, Runner, Silent};
use grayzone_model::{Detail, Outcomes, RunRecord};
use grayzone_scenario::{ParamPath, Scenario};

/// A shipped scenario, by file name under `scenarios/`.
pub fn shipped(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios")
        .join(name);
    Scenario::from_path(&path).unwrap_or_else(|d| panic!("{d}"))
}

/// A shipped scenario's file as JSON, to edit what no parameter path reaches (add a
/// layer, a doctrine left out by default, reorder the actors).
pub fn shipped_json(name: &str) -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A scenario from an edited JSON document; `origin` names it in any error.
pub fn from_json(doc: &serde_json::Value, origin: &str) -> Scenario {
    Scenario::from_str(&doc.to_string(), origin).unwrap_or_else(|d| panic!("{d}"))
}

/// The scenario with some parameters set, e.g. `[("mechanisms.linkage", 0.0)]`.
pub fn with(scenario: &Scenario, params: &[(&str, f64)]) -> Scenario {
    let parsed: Vec<(ParamPath, f64)> = params
        .iter()
        .map(|(p, v)| (ParamPath::parse(p).unwrap_or_else(|e| panic!("{e}")), *v))
        .collect();
    scenario
        .with_params(&parsed)
        .unwrap_or_else(|d| panic!("{d}"))
}

/// Runs `runs` histories (runs 0..runs of the scenario's seed) in parallel.
pub fn ensemble(scenario: &Scenario, runs: u64, detail: Detail) -> Vec<RunRecord> {
    let histories = History::runs(scenario.seed(), 0..runs, scenario.days(), detail);
    Runner::new(0)
        .and_then(|runner| {
            runner.run(
                std::slice::from_ref(scenario.theatre()),
                &histories,
                &Silent,
                |_, record| record,
            )
        })
        .unwrap_or_else(|e| panic!("{e}"))
}

/// One outcome of every run (absent values count as `missing`).
pub fn outcome(records: &[RunRecord], name: &str, missing: f64) -> Vec<f64> {
    records
        .iter()
        .map(|r| {
            r.outcomes
                .get(name)
                .unwrap_or_else(|| panic!("no outcome {name}"))
                .unwrap_or(missing)
        })
        .collect()
}

/// Mean and standard error of a sample, over its finite values (an outcome that did not
/// happen in a run, given as NaN, is left out).
pub fn mean_se(xs: &[f64]) -> (f64, f64) {
    let xs: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, (var / n).sqrt())
}

/// The difference of two ensembles' means of an outcome, and its standard error.
#[derive(Clone, Copy, Debug)]
pub struct Effect {
    /// Mean with the mechanism off (or the parameter at its first value).
    pub baseline: f64,
    /// Mean with the mechanism on (or the parameter at its second value).
    pub treated: f64,
    /// Standard error of the difference.
    pub se: f64,
}

impl Effect {
    /// `treated - baseline`.
    pub fn difference(&self) -> f64 {
        self.treated - self.baseline
    }

    /// Whether the difference exceeds `k` standard errors in the expected direction
    /// (`up` true: treated above baseline).
    pub fn is_significant(&self, up: bool, k: f64) -> bool {
        let d = if up {
            self.difference()
        } else {
            -self.difference()
        };
        d > k * self.se
    }
}

impl std::fmt::Display for Effect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "baseline {:.4}, treated {:.4}, difference {:+.4} (se {:.4}, {:.1} se)",
            self.baseline,
            self.treated,
            self.difference(),
            self.se,
            self.difference() / self.se.max(1e-12)
        )
    }
}

/// Compares an outcome between two variants of a scenario over `runs` seeds each.
pub fn effect(
    baseline: &Scenario,
    treated: &Scenario,
    name: &str,
    missing: f64,
    runs: u64,
) -> Effect {
    let a = outcome(&ensemble(baseline, runs, Detail::Outcomes), name, missing);
    let b = outcome(&ensemble(treated, runs, Detail::Outcomes), name, missing);
    difference(&a, &b)
}

/// The difference of the means of two samples, with its standard error.
fn difference(baseline: &[f64], treated: &[f64]) -> Effect {
    let ((ma, sa), (mb, sb)) = (mean_se(baseline), mean_se(treated));
    Effect {
        baseline: ma,
        treated: mb,
        se: sa.hypot(sb),
    }
}

/// Panics (the test fails) unless `e` moved `up` (or down) by more than [`MARGIN`]
/// standard errors, naming the comparison and its numbers.
fn required(what: &str, outcome: &str, e: Effect, up: bool) -> Effect {
    assert!(
        e.is_significant(up, MARGIN),
        "{what}: {outcome} should move {}: {e}",
        if up { "up" } else { "down" }
    );
    e
}

/// The headline of the shipped scenarios, `ceasefire_collapse_within_30_days` of the
/// ensemble summary, run by run: 1 when the truce first collapsed on days 0 to 29.
pub fn collapse_within_30_days(records: &[RunRecord]) -> Vec<f64> {
    outcome(records, "ceasefire_collapse_day", f64::INFINITY)
        .into_iter()
        .map(|day| f64::from(u8::from(day < 30.0)))
        .collect()
}

/// Compares P(collapse within 30 days) between two scenarios over `runs` seeds each,
/// and panics (the test fails) unless it moved `up` (or down) by more than [`MARGIN`]
/// standard errors.
pub fn moves_the_headline(
    what: &str,
    (off, on): (&Scenario, &Scenario),
    up: bool,
    runs: u64,
) -> Effect {
    let headline = |s: &Scenario| collapse_within_30_days(&ensemble(s, runs, Detail::Outcomes));
    let e = difference(&headline(off), &headline(on));
    required(what, "P(collapse within 30 days)", e, up)
}

/// The two arms of a comparison, each as parameters set by path (see [`with`]): the
/// baseline (the mechanism off, or its parameter at one end) and the treated arm.
pub type Arms<'a> = (&'a [(&'a str, f64)], &'a [(&'a str, f64)]);

/// Standard errors of the difference an effect test asks for.
pub const MARGIN: f64 = 3.0;

/// Compares `outcome` between the two arms of `scenario` over `runs` histories each, and
/// panics (the test fails) unless it moved `up` (or down) by more than [`MARGIN`] standard
/// errors; the panic message names the comparison and its numbers.
pub fn moves(
    what: &str,
    scenario: &Scenario,
    (off, on): Arms,
    outcome: &str,
    up: bool,
    runs: u64,
) -> Effect {
    let e = effect(
        &with(scenario, off),
        &with(scenario, on),
        outcome,
        f64::NAN,
        runs,
    );
    required(what, outcome, e, up)
}

/// The share of runs for which `holds` is true.
pub fn share(records: &[RunRecord], holds: impl Fn(&RunRecord) -> bool) -> f64 {
    records.iter().filter(|r| holds(r)).count() as f64 / records.len().max(1) as f64
}

/// Means of every outcome over an ensemble, for exploring a scenario.
pub fn outcome_means(records: &[RunRecord]) -> Vec<(&'static str, f64, usize)> {
    Outcomes::names()
        .into_iter()
        .map(|name| {
            let present: Vec<f64> = records
                .iter()
                .filter_map(|r| r.outcomes.get(name).flatten())
                .collect();
            let mean = present.iter().sum::<f64>() / present.len().max(1) as f64;
            (name, mean, present.len())
        })
        .collect()
}
