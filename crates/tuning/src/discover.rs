//! Scenario discovery over a finished sweep: which regions of parameter space make a
//! condition on an outcome hold (`grayzone discover`).
//!
//! The sweep's chunks are read one at a time, in run order; a point's runs are contiguous
//! (run `k` is replica `k % R` of point `k / R`), so each point's outcome is computed as
//! soon as its last run is read and only the points' values are kept: memory grows with
//! the design's points, never with its runs. The condition (`OUTCOME>VALUE`) marks the
//! cases of interest among the points, and PRIM ([`grayzone_stats::prim`]) or a
//! classification tree ([`grayzone_stats::cart`]) finds the boxes where they gather. A
//! forest scores every parameter for the outcome's value itself.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use grayzone_experiments::{Design, ExperimentDir, Kind, Manifest, ParamRange};
use grayzone_model::Outcomes;
use grayzone_records::{Format, Table, Values, write_json, write_table};
use grayzone_stats::cart::{self, Leaf, TreeSettings};
use grayzone_stats::design::Bounds;
use grayzone_stats::prim::{self, Prim};
use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::outcome::{Comparison, Outcome};
use crate::output::{floats, number};

/// A condition on a point's outcome: `OUTCOME>VALUE` (also `>=`, `<`, `<=`).
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// The outcome, computed over a point's runs.
    pub outcome: Outcome,
    /// The comparison.
    pub comparison: Comparison,
    /// The value compared with.
    pub value: f64,
}

impl FromStr for Condition {
    type Err = Error;

    fn from_str(text: &str) -> Result<Condition> {
        let bad = |why: &str| {
            Error::Invalid(format!(
                "--where {text:?}: {why} (expected OUTCOME>VALUE, e.g. 'collapse_within_30>0.5')"
            ))
        };
        let (outcome, comparison, value) =
            Comparison::split(text).ok_or_else(|| {
                if text.contains('=') {
                    bad("no comparison (`=` is not one: a share is rarely exactly a value; write >= or <=)")
                } else {
                    bad("no comparison")
                }
            })?;
        let value = value
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| bad(&format!("{:?} is not a finite number", value.trim())))?;
        Ok(Condition {
            outcome: Outcome::parse(outcome)?,
            comparison,
            value,
        })
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {}",
            self.outcome,
            self.comparison.symbol(),
            self.value
        )
    }
}

/// How boxes are found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// PRIM's peeling.
    Prim,
    /// A classification tree.
    Cart,
}

impl Method {
    /// The method's name on the command line and in files.
    pub fn name(self) -> &'static str {
        match self {
            Method::Prim => "prim",
            Method::Cart => "cart",
        }
    }
}

/// Settings of a discovery.
#[derive(Clone, Debug)]
pub struct Settings {
    /// PRIM or CART.
    pub method: Method,
    /// PRIM's settings (its seed seeds the resampling; its threshold is replaced by
    /// [`Settings::threshold`]).
    pub prim: prim::Settings,
    /// The density PRIM's chosen box must reach; by default the larger of 0.8 and the
    /// midpoint between the share of points where the condition holds and 1, so that a
    /// condition holding almost everywhere still gets a box denser than the whole range.
    pub threshold: Option<f64>,
    /// The tree's settings.
    pub tree: TreeSettings,
    /// Trees of the forest that scores the parameters.
    pub trees: usize,
    /// PRIM's boxes, found in turn: each on the points the boxes before it leave out
    /// (Friedman and Fisher's covering), until this many or until no box left is
    /// `threshold` dense.
    pub boxes: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            method: Method::Prim,
            prim: prim::Settings::default(),
            threshold: None,
            tree: TreeSettings::default(),
            trees: 200,
            boxes: 1,
        }
    }
}

/// A swept parameter and its range.
#[derive(Clone, Debug, PartialEq)]
pub struct Dimension {
    /// Its path.
    pub path: String,
    /// Its range in the sweep.
    pub range: (f64, f64),
}

/// What a discovery found.
#[derive(Clone, Debug)]
pub struct Discovery {
    /// The condition.
    pub condition: Condition,
    /// How it was found (the method, PRIM's peel and resamples, the tree's leaves).
    pub settings: Settings,
    /// The swept parameters.
    pub params: Vec<Dimension>,
    /// Points of the design with a defined outcome.
    pub points: usize,
    /// Points whose outcome is undefined (no run has it), left out.
    pub undefined: usize,
    /// Points where the condition holds.
    pub cases: usize,
    /// Runs read.
    pub runs: u64,
    /// Runs per point.
    pub runs_per_point: u64,
    /// PRIM's boxes in the order found, each on the points the ones before it leave out
    /// (method `prim`).
    pub prim: Vec<Prim>,
    /// The tree's leaves, densest first (method `cart`).
    pub leaves: Vec<Leaf>,
    /// Each parameter's feature score for the outcome (sums to 1).
    pub scores: Vec<f64>,
    /// The density each of PRIM's boxes had to reach.
    pub thresholds: Vec<f64>,
    /// Scenario name, seed and days of the sweep, for provenance.
    pub sweep: SweepInfo,
}

/// Where the sweep came from.
#[derive(Clone, Debug)]
pub struct SweepInfo {
    /// The scenario's name.
    pub scenario: String,
    /// Its SHA-256.
    pub scenario_hash: String,
    /// The sweep's seed.
    pub seed: u64,
    /// Days per run.
    pub days: u32,
    /// How the points were chosen.
    pub design: Design,
    /// The swept parameters, as the sweep was asked for them.
    pub params: Vec<ParamRange>,
}

/// Each point's parameters and outcome, read from a finished sweep in `dir` chunk by
/// chunk.
pub struct PointOutcomes {
    /// The swept parameters.
    pub params: Vec<Dimension>,
    /// The points' parameter values.
    pub x: Vec<Vec<f64>>,
    /// Each outcome at each point, `values[outcome][point]` (NaN if undefined).
    pub values: Vec<Vec<f64>>,
    /// The sweep's manifest.
    pub manifest: Manifest,
}

/// Reads each of `outcomes` at every point of the finished sweep in `dir`, in one pass
/// over its chunks.
pub fn point_outcomes(dir: &Path, outcomes: &[Outcome]) -> Result<PointOutcomes> {
    let (store, manifest) = ExperimentDir::open(dir)?;
    let Some(sweep) = manifest.sweep.clone() else {
        return Err(Error::Invalid(format!(
            "{}: an ensemble, not a sweep: discovery needs points of parameter space (grayzone sweep)",
            dir.display()
        )));
    };
    if manifest.kind != Kind::Sweep {
        return Err(Error::Invalid(format!("{}: not a sweep", dir.display())));
    }
    let finished = store.finished_chunks()?;
    let chunks = manifest.chunks();
    if (finished.len() as u64) < chunks {
        return Err(Error::Invalid(format!(
            "{}: the sweep is not finished ({} of {chunks} chunks): continue it with `grayzone sweep --resume --out {}` and the same options",
            dir.display(),
            finished.len(),
            dir.display()
        )));
    }
    for outcome in outcomes {
        if outcome.is_per_actor() {
            return Err(Error::Invalid(format!(
                "{outcome}: a sweep's runs table holds the theatre's outcomes, not each militia's; discover one of them (`grayzone schema` lists them)"
            )));
        }
        if let Some(d) = outcome
            .time_window()
            .filter(|&d| d > f64::from(manifest.days))
        {
            return Err(Error::Invalid(format!(
                "{outcome}: day {d} is beyond the sweep's horizon of {} days",
                manifest.days
            )));
        }
        if !manifest.outcomes.iter().any(|o| o == outcome.field()) {
            return Err(Error::Invalid(format!(
                "{}: the sweep's runs have no outcome {} (it was written by another build)",
                dir.display(),
                outcome.field()
            )));
        }
    }
    let names = Outcomes::names();
    let mut values = vec![Vec::with_capacity(sweep.points.len()); outcomes.len()];
    // A point's outcomes, once its last run is read.
    let close = |values: &mut Vec<Vec<f64>>, runs: &[Vec<Option<f64>>]| {
        for (v, o) in values.iter_mut().zip(outcomes) {
            v.push(o.value(runs, manifest.days));
        }
    };
    let mut current: Vec<Vec<Option<f64>>> = Vec::new();
    let mut point = 0;
    for c in 0..chunks {
        let table = store.read_runs(&manifest, c)?;
        let columns: Vec<Option<Vec<Option<f64>>>> = names
            .iter()
            .map(|n| table.column(n).and_then(Values::numbers))
            .collect();
        for (i, k) in manifest.chunk_runs(c).enumerate() {
            let (p, _) = manifest.locate(k);
            if p != point {
                close(&mut values, &current);
                current.clear();
                point = p;
            }
            current.push(
                columns
                    .iter()
                    .map(|col| col.as_ref().and_then(|v| v[i]))
                    .collect(),
            );
        }
    }
    if !current.is_empty() {
        close(&mut values, &current);
    }
    let params = sweep
        .params
        .iter()
        .map(|p| Dimension {
            path: p.path.clone(),
            range: (p.lo, p.hi),
        })
        .collect();
    Ok(PointOutcomes {
        params,
        x: sweep.points.clone(),
        values,
        manifest,
    })
}

/// Finds where `condition` holds over the finished sweep in `dir`.
pub fn discover(dir: &Path, condition: &Condition, settings: &Settings) -> Result<Discovery> {
    let read = point_outcomes(dir, std::slice::from_ref(&condition.outcome))?;
    let outcome = &read.values[0];
    let defined: Vec<usize> = (0..outcome.len())
        .filter(|&i| !outcome[i].is_nan())
        .collect();
    let x: Vec<Vec<f64>> = defined.iter().map(|&i| read.x[i].clone()).collect();
    let values: Vec<f64> = defined.iter().map(|&i| outcome[i]).collect();
    let y: Vec<bool> = values
        .iter()
        .map(|&v| condition.comparison.holds(v, condition.value))
        .collect();
    let cases = y.iter().filter(|&&v| v).count();
    if x.len() < 2 {
        return Err(Error::Inconclusive(format!(
            "{condition}: defined at {} of the sweep's {} points; discovery needs at least two",
            x.len(),
            outcome.len()
        )));
    }
    if cases == 0 || cases == x.len() {
        return Err(Error::Inconclusive(format!(
            "{condition} holds at {cases} of {} points: there is no region to find; pick a value between the outcome's lowest ({}) and highest ({}) over the points",
            x.len(),
            values.iter().copied().fold(f64::INFINITY, f64::min),
            values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        )));
    }
    // A degenerate range (a parameter the sweep held fixed) is widened a hair: PRIM and
    // the tree then never restrict it.
    let bounds = Bounds::new(
        read.params
            .iter()
            .map(|p| {
                if p.range.1 > p.range.0 {
                    p.range
                } else {
                    (
                        p.range.0,
                        p.range.0 + f64::EPSILON.max(p.range.0.abs() * 1e-12),
                    )
                }
            })
            .collect(),
    )?;
    let (prim, thresholds, leaves) = match settings.method {
        Method::Prim => {
            let (prim, thresholds) = cover(&x, &y, &bounds, settings)?;
            (prim, thresholds, Vec::new())
        }
        Method::Cart => (
            Vec::new(),
            Vec::new(),
            cart::tree(&x, &y, &bounds, &settings.tree)?,
        ),
    };
    let scores = cart::feature_scores(&x, &values, &bounds, settings.trees, settings.prim.seed)?;
    let m = &read.manifest;
    Ok(Discovery {
        condition: condition.clone(),
        settings: settings.clone(),
        params: read.params,
        points: x.len(),
        undefined: outcome.len() - x.len(),
        cases,
        runs: m.runs,
        runs_per_point: m.runs_per_point,
        prim,
        leaves,
        scores,
        thresholds,
        sweep: SweepInfo {
            scenario: m.scenario.name.clone(),
            scenario_hash: m.scenario.hash.clone(),
            seed: m.seed,
            days: m.days,
            design: m.sweep.as_ref().map_or(Design::Lhs, |s| s.design),
            params: m
                .sweep
                .as_ref()
                .map(|s| s.params.clone())
                .unwrap_or_default(),
        },
    })
}

/// PRIM's covering: a box, then another on the points it leaves out, and so on, while
/// a box at least as dense as its threshold is found. Each box's threshold follows from
/// the points it is found among, unless the settings fix it.
fn cover(
    x: &[Vec<f64>],
    y: &[bool],
    bounds: &Bounds,
    settings: &Settings,
) -> Result<(Vec<Prim>, Vec<f64>)> {
    let mut left: Vec<usize> = (0..x.len()).collect();
    let (mut boxes, mut thresholds) = (Vec::new(), Vec::new());
    for k in 0..settings.boxes.max(1) {
        let xs: Vec<Vec<f64>> = left.iter().map(|&i| x[i].clone()).collect();
        let ys: Vec<bool> = left.iter().map(|&i| y[i]).collect();
        let cases = ys.iter().filter(|&&v| v).count();
        if k > 0 && (cases < 2 || cases == ys.len()) {
            break;
        }
        let base = cases as f64 / ys.len() as f64;
        let threshold = settings
            .threshold
            .unwrap_or_else(|| f64::max(0.8, 0.5 * (1.0 + base)));
        let found = prim::prim(
            &xs,
            &ys,
            bounds,
            &prim::Settings {
                threshold,
                seed: settings.prim.seed.wrapping_add(k as u64),
                ..settings.prim.clone()
            },
        )?;
        let chosen = found.chosen_box();
        if k > 0 && (chosen.density < threshold || chosen.restricted == 0) {
            break;
        }
        let limits = chosen.limits.clone();
        left.retain(|&i| {
            !x[i]
                .iter()
                .zip(&limits)
                .all(|(v, (lo, hi))| lo <= v && v <= hi)
        });
        boxes.push(found);
        thresholds.push(threshold);
        if left.len() < 2 {
            break;
        }
    }
    Ok((boxes, thresholds))
}

impl Discovery {
    /// The boxes as a table: PRIM's trajectory (one row per box, `chosen` marking the
    /// answer) or the tree's leaves, each with its limits per parameter.
    pub fn table(&self) -> Table {
        let mut t = Table::default();
        // (box number, step, the box, whether it is the answer): each PRIM trajectory's
        // steps with the chosen one marked, or the tree's leaves with those that hold.
        let rows: Vec<(i64, i64, Leaf, bool)> = if self.prim.is_empty() {
            let leaves = self.leaves.iter().enumerate();
            leaves
                .map(|(i, l)| (1, i as i64, l.clone(), 2 * l.hits > l.points))
                .collect()
        } else {
            let mut rows = Vec::new();
            for (b, p) in self.prim.iter().enumerate() {
                for (i, s) in p.trajectory.iter().enumerate() {
                    let leaf = Leaf {
                        limits: s.limits.clone(),
                        points: s.points,
                        hits: s.hits,
                        density: s.density,
                        coverage: s.coverage,
                    };
                    rows.push((b as i64 + 1, i as i64, leaf, i == p.chosen));
                }
            }
            rows
        };
        let name = if self.prim.is_empty() { "leaf" } else { "step" };
        if !self.prim.is_empty() {
            t.push("box", Values::Int(rows.iter().map(|r| r.0).collect()));
        }
        t.push(name, Values::Int(rows.iter().map(|r| r.1).collect()));
        let rows: Vec<(Leaf, bool)> = rows.into_iter().map(|r| (r.2, r.3)).collect();
        t.push(
            "points",
            Values::Int(rows.iter().map(|r| r.0.points as i64).collect()),
        );
        t.push(
            "cases",
            Values::Int(rows.iter().map(|r| r.0.hits as i64).collect()),
        );
        t.push("coverage", floats(rows.iter().map(|r| r.0.coverage)));
        t.push("density", floats(rows.iter().map(|r| r.0.density)));
        t.push(
            "mass",
            floats(rows.iter().map(|r| r.0.points as f64 / self.points as f64)),
        );
        let answer = if self.prim.is_empty() {
            "holds"
        } else {
            "chosen"
        };
        t.push(answer, Values::Bool(rows.iter().map(|r| r.1).collect()));
        for (d, p) in self.params.iter().enumerate() {
            t.push(
                format!("{}.lo", p.path),
                floats(rows.iter().map(|r| r.0.limits[d].0)),
            );
            t.push(
                format!("{}.hi", p.path),
                floats(rows.iter().map(|r| r.0.limits[d].1)),
            );
        }
        t.meta("condition", self.condition.to_string());
        t.meta("method", self.settings.method.name());
        t.provenance("scenario", &self.sweep.scenario);
        t.provenance("scenario_hash", &self.sweep.scenario_hash);
        t.provenance("seed", self.sweep.seed);
        t.provenance("days", self.sweep.days);
        t
    }

    /// The summary written as `boxes.json`.
    pub fn to_json(&self, command: &str, build: &grayzone_experiments::Build) -> Value {
        let limits = |l: &[(f64, f64)]| -> Vec<Value> {
            self.params
                .iter()
                .zip(l)
                .map(|(p, &(lo, hi))| {
                    json!({
                        "parameter": p.path,
                        "range": [p.range.0, p.range.1],
                        "limits": [lo, hi],
                        "restricted": lo > p.range.0 || hi < p.range.1,
                    })
                })
                .collect()
        };
        let pair =
            |v: Option<(f64, f64)>| v.map_or(Value::Null, |(a, b)| json!([number(a), number(b)]));
        let found = if !self.prim.is_empty() {
            let boxes: Vec<Value> = self
                .prim
                .iter()
                .map(|p| {
                    let c = p.chosen_box();
                    let restrictions: Vec<Value> = p
                        .restrictions
                        .iter()
                        .map(|r| {
                            json!({
                                "parameter": self.params[r.dim].path,
                                "range": [self.params[r.dim].range.0, self.params[r.dim].range.1],
                                "limits": [r.lo, r.hi],
                                "lo_interval_95": pair(r.lo_interval),
                                "hi_interval_95": pair(r.hi_interval),
                                "restricted_in_resamples": r.resampled_share.map_or(Value::Null, number),
                                "quasi_p_lo": r.quasi_p_lo.map_or(Value::Null, number),
                                "quasi_p_hi": r.quasi_p_hi.map_or(Value::Null, number),
                            })
                        })
                        .collect();
                    json!({
                        "step": p.chosen,
                        "trajectory_steps": p.trajectory.len(),
                        "coverage": number(c.coverage),
                        "coverage_of_all_cases": number(c.hits as f64 / self.cases.max(1) as f64),
                        "density": number(c.density),
                        "mass": number(c.points as f64 / self.points.max(1) as f64),
                        "points": c.points,
                        "cases": c.hits,
                        "found_among_points": p.trajectory[0].points,
                        "restricted": restrictions,
                        "limits": limits(&c.limits),
                        "restricted_in_resamples": self.params.iter().zip(&p.restricted_share)
                            .map(|(d, s)| json!({ "parameter": d.path, "share": number(*s) }))
                            .collect::<Vec<_>>(),
                    })
                })
                .collect();
            json!({ "boxes": boxes })
        } else {
            let leaves: Vec<Value> = self
                .leaves
                .iter()
                .filter(|l| 2 * l.hits > l.points)
                .map(|l| {
                    json!({
                        "coverage": number(l.coverage),
                        "density": number(l.density),
                        "points": l.points,
                        "cases": l.hits,
                        "limits": limits(&l.limits),
                    })
                })
                .collect();
            json!({ "boxes": leaves, "leaves": self.leaves.len() })
        };
        let scores: Vec<Value> = self
            .params
            .iter()
            .zip(&self.scores)
            .map(|(p, s)| json!({ "parameter": p.path, "score": number(*s) }))
            .collect();
        json!({
            "condition": self.condition.to_string(),
            "method": self.settings.method.name(),
            "points": self.points,
            "undefined_points": self.undefined,
            "cases": self.cases,
            "runs": self.runs,
            "runs_per_point": self.runs_per_point,
            "found": found,
            "thresholds": self.thresholds.iter().map(|t| number(*t)).collect::<Vec<_>>(),
            "feature_scores": scores,
            "note": self.note(),
            "provenance": {
                "grayzone_version": build.version,
                "git_commit": build.commit,
                "scenario": self.sweep.scenario,
                "scenario_hash": self.sweep.scenario_hash,
                "seed": self.sweep.seed,
                "days": self.sweep.days,
                "design": self.sweep.design.to_string(),
                "command": command,
            },
        })
    }

    /// How the numbers were made, in a sentence.
    pub fn note(&self) -> String {
        let method = if self.prim.is_empty() {
            "a classification tree (Gini); boxes are the leaves where the condition holds in most points".to_owned()
        } else {
            let dense = self
                .thresholds
                .iter()
                .map(|t| format!("{:.0}%", 100.0 * t))
                .collect::<Vec<_>>()
                .join(", then ");
            format!(
                "PRIM (peel {:.0}%, mass at least {:.0}%, the widest box at least {dense} dense{})",
                100.0 * self.settings.prim.peel_alpha,
                100.0 * self.settings.prim.mass_min,
                if self.prim.len() > 1 {
                    "; each box found on the points the boxes before it leave out"
                } else {
                    ""
                }
            ) + "; quasi-p-values are one-sided binomial tests against the box with the restriction lifted; limit intervals are 2.5-97.5% quantiles over resamples of the points"
        };
        format!(
            "{} of {} points where {} (each over {} runs); {method}; feature scores: a random forest's mean decrease in squared error of the outcome",
            self.cases, self.points, self.condition, self.runs_per_point
        )
    }

    /// Writes `boxes.json` and `boxes.parquet` into `dir`, which must exist.
    pub fn write(
        &self,
        dir: &Path,
        command: &str,
        build: &grayzone_experiments::Build,
    ) -> Result<Vec<PathBuf>> {
        let json_path = dir.join("boxes.json");
        write_json(&json_path, &self.to_json(command, build))?;
        let table_path = dir.join("boxes.parquet");
        write_table(&table_path, Format::Parquet, &self.table())?;
        Ok(vec![json_path, table_path])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Points uniform in the unit square; the condition holds in two disjoint boxes,
    /// [0, 0.3] x [0, 1] and [0.6, 1] x [0.7, 1]. The covering finds the larger first,
    /// then the other among the points the first leaves out, then stops.
    #[test]
    fn the_covering_finds_two_boxes_in_turn() {
        let n = 3000;
        // A fixed low-discrepancy pattern keeps the test free of a generator.
        let x: Vec<Vec<f64>> = (0..n)
            .map(|i| {
                let u = (i as f64 + 0.5) / n as f64;
                let v = (i as f64 * 0.618_033_988_75).fract();
                vec![u, v]
            })
            .collect();
        let y: Vec<bool> = x
            .iter()
            .map(|p| p[0] <= 0.3 || (p[0] >= 0.6 && p[1] >= 0.7))
            .collect();
        let bounds = Bounds::new(vec![(0.0, 1.0); 2]).unwrap();
        let settings = Settings {
            boxes: 3,
            prim: prim::Settings {
                resamples: 0,
                ..prim::Settings::default()
            },
            ..Settings::default()
        };
        let (boxes, thresholds) = cover(&x, &y, &bounds, &settings).unwrap();
        assert_eq!(
            boxes.len(),
            2,
            "{:?}",
            boxes.iter().map(|b| b.chosen_box()).collect::<Vec<_>>()
        );
        assert_eq!(thresholds.len(), 2);
        let first = &boxes[0].chosen_box().limits;
        // The widest box at least 80% dense reaches a little past 0.3.
        assert!(first[0].1 < 0.4 && first[0].1 >= 0.3, "{first:?}");
        let second = &boxes[1].chosen_box().limits;
        assert!((second[0].0 - 0.6).abs() < 0.05, "{second:?}");
        assert!(second[1].0 > 0.62 && second[1].0 <= 0.7, "{second:?}");
        assert!(boxes[1].trajectory[0].points < n);
    }
}
