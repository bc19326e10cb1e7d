//! Global sensitivity analysis: which parameters drive an outcome.
//!
//! Morris screening gives each parameter's mean absolute elementary effect μ* (how
//! much it moves the outcome, per whole range) and their spread σ (non-linearity or
//! interactions). Sobol indices split the outcome's variance: S1 is a parameter's
//! share alone, ST its share with all its interactions, each with a bootstrap 95%
//! interval. The designs and estimators are those of `grayzone-stats`.
//!
//! Every point is evaluated on the same R histories (common random numbers): the
//! outcome at a point is the statistic of its outcome expression over those R runs, so
//! differences between points come from the parameters, not from luck.

use std::path::{Path, PathBuf};

use grayzone_experiments::Progress;
use grayzone_stats::sensitivity::{MorrisDesign, MorrisEffects, SobolDesign, SobolIndices};
use serde_json::{Value, json};

use crate::Provenance;
use crate::error::{Error, Result};
use crate::model::Model;
use crate::param::{Param, search_bounds, taken};
use grayzone_records::{Format, Table, Values, write_json, write_table};

use crate::output::{floats, number};

/// Which method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Morris elementary effects: cheap screening, `samples` trajectories of `k + 1`
    /// points each.
    Morris,
    /// Sobol indices: `samples` base rows (a power of two) of `k + 2` points each.
    Sobol,
}

impl Method {
    /// The method's name on the command line and in files.
    pub fn name(self) -> &'static str {
        match self {
            Method::Morris => "morris",
            Method::Sobol => "sobol",
        }
    }
}

/// How to analyse.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// Morris or Sobol.
    pub method: Method,
    /// Trajectories (Morris) or base rows (Sobol).
    pub samples: usize,
    /// Grid levels per parameter of the Morris design (even; 4 is customary).
    pub levels: usize,
    /// Bootstrap resamples for the intervals.
    pub resamples: usize,
    /// Seed of the design and the bootstrap.
    pub seed: u64,
}

/// The indices of one parameter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Indices {
    /// Morris statistics.
    Morris(MorrisEffects),
    /// Sobol indices.
    Sobol(SobolIndices),
}

/// The result of an analysis.
#[derive(Clone, Debug)]
pub struct Sensitivity {
    /// The parameters, in order.
    pub params: Vec<Param>,
    /// The method.
    pub method: Method,
    /// Trajectories or base rows.
    pub samples: usize,
    /// Histories behind each point.
    pub runs_per_point: u64,
    /// The evaluated points, in the design's order, with the values the scenario took
    /// (whole-number fields and switches rounded).
    pub points: Vec<Vec<f64>>,
    /// The outcome at each point.
    pub outputs: Vec<f64>,
    /// The indices of each parameter, in the order of `params`.
    pub indices: Vec<Indices>,
}

/// Analyses statistic 0 of `model` over the box of `params`.
pub fn analyse(
    model: &dyn Model,
    params: &[Param],
    settings: &Settings,
    progress: &dyn Progress,
) -> Result<Sensitivity> {
    let domains = model.domains();
    // Morris walks a grid whose ends should be values a whole-number field takes; Sobol
    // draws from the box and rounds.
    let bounds = search_bounds(params, &domains, settings.method == Method::Morris)?;
    let invalid = |e: grayzone_stats::Error| {
        Error::Invalid(format!("{} design: {e}", settings.method.name()))
    };
    enum Design {
        Morris(MorrisDesign),
        Sobol(SobolDesign),
    }
    let design = match settings.method {
        Method::Morris => {
            // Campolongo's selection of the most spread trajectories among ten times as
            // many candidates covers the box better for the same cost.
            let candidates = (10 * settings.samples).clamp(
                settings.samples,
                grayzone_stats::sensitivity::MAX_MORRIS_CANDIDATES.max(settings.samples),
            );
            Design::Morris(
                MorrisDesign::optimised(
                    &bounds,
                    settings.samples,
                    settings.levels,
                    candidates,
                    settings.seed,
                )
                .map_err(invalid)?,
            )
        }
        Method::Sobol => {
            if !settings.samples.is_power_of_two() || settings.samples < 2 {
                return Err(Error::Invalid(format!(
                    "--samples {} for sobol: take a power of two of at least 2 (e.g. 256), so the Sobol sequence stays balanced",
                    settings.samples
                )));
            }
            Design::Sobol(
                SobolDesign::new(&bounds, settings.samples, settings.seed).map_err(invalid)?,
            )
        }
    };
    let design_points = match &design {
        Design::Morris(d) => d.points(),
        Design::Sobol(d) => d.points(),
    };
    // The points as they ran; the estimators still read the outputs against the
    // design's own steps.
    let points: Vec<Vec<f64>> = (design_points.iter())
        .map(|x| taken(params, &domains, x))
        .collect();
    progress.start(points.len() as u64 * model.runs_per_point(), 0);
    let values = model.evaluate(&points, &vec![0; points.len()], progress)?;
    progress.finish();
    let outputs: Vec<f64> = values.iter().map(|v| v[0]).collect();

    let undefined = outputs.iter().filter(|y| !y.is_finite()).count();
    if undefined > 0 {
        return Err(Error::Inconclusive(format!(
            "the outcome is undefined at {undefined} of {} points (no run there has a value); \
             take more runs per point or an outcome every run has",
            outputs.len()
        )));
    }
    if outputs.iter().all(|&y| y == outputs[0]) {
        return Err(Error::Inconclusive(format!(
            "the outcome is {} at every point: it does not vary over these ranges",
            outputs[0]
        )));
    }
    let analysed = match &design {
        Design::Morris(d) => d
            .analyse(&outputs, settings.resamples, settings.seed)
            .map(|e| e.into_iter().map(Indices::Morris).collect()),
        Design::Sobol(d) => d
            .analyse(&outputs, settings.resamples, settings.seed)
            .map(|e| e.into_iter().map(Indices::Sobol).collect()),
    };
    Ok(Sensitivity {
        params: params.to_vec(),
        method: settings.method,
        samples: settings.samples,
        runs_per_point: model.runs_per_point(),
        points,
        outputs,
        indices: analysed?,
    })
}

/// Below this many distinct values over the points, an outcome is too coarse for the
/// estimators: a share over few runs takes a handful of values, and Sobol indices of such
/// an outcome once came out at 1.577 with an interval of [-5.04, 8.20].
pub const MIN_DISTINCT_OUTPUTS: usize = 10;

impl Sensitivity {
    /// What makes the indices unreliable, in words (empty when nothing does): an outcome
    /// with fewer than [`MIN_DISTINCT_OUTPUTS`] distinct values over the points, a Sobol
    /// index outside [0, 1] by more than its interval's width, or a first-order index
    /// whose interval lies wholly above the total index's.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut values: Vec<u64> = self.outputs.iter().map(|y| y.to_bits()).collect();
        values.sort_unstable();
        values.dedup();
        if values.len() < MIN_DISTINCT_OUTPUTS {
            out.push(format!(
                "the outcome takes only {} distinct values over {} points: the indices of so coarse an outcome are unreliable; raise --runs-per-point (a share over more runs takes more values) or analyse an outcome that varies continuously",
                values.len(),
                self.outputs.len()
            ));
        }
        for (p, i) in self.params.iter().zip(&self.indices) {
            let Indices::Sobol(s) = i else { continue };
            for (name, x, lo, hi) in [
                ("S1", s.s1, s.s1_lo, s.s1_hi),
                ("ST", s.st, s.st_lo, s.st_hi),
            ] {
                let outside = (-x).max(x - 1.0);
                if outside > (hi - lo).max(0.0) {
                    out.push(format!(
                        "{name} of {} is {x:.3}, outside [0, 1] by more than its interval [{lo:.3}, {hi:.3}] is wide: too few samples for this outcome; raise --samples",
                        p.path
                    ));
                }
            }
            if s.s1_lo > s.st_hi {
                out.push(format!(
                    "S1 of {} ({:.3}) is above its ST ({:.3}) beyond both intervals, which cannot be: too few samples for this outcome; raise --samples",
                    p.path, s.s1, s.st
                ));
            }
        }
        out
    }

    /// The note every table and chart of the analysis carries.
    pub fn note(&self) -> String {
        averaged_note(self.runs_per_point)
    }

    /// Writes `indices.parquet`, `indices.json` and `points.parquet` into `dir` (which
    /// must exist), `outcome` naming what was analysed. Returns the files written. Both
    /// tables carry what `indices.json` says of them as key-value metadata: outcome,
    /// method, samples, points, runs per point, note, and the provenance.
    pub fn write(
        &self,
        dir: &Path,
        outcome: &str,
        provenance: &Provenance,
    ) -> Result<Vec<PathBuf>> {
        let describe = |table: &mut Table| {
            table.meta("outcome", outcome);
            table.meta("method", self.method.name());
            table.meta("samples", self.samples);
            table.meta("points", self.points.len());
            table.meta("runs_per_point", self.runs_per_point);
            table.meta("note", self.note());
            provenance.stamp(table);
        };
        let rows: Vec<Vec<(&str, f64)>> = self.indices.iter().map(Indices::fields).collect();
        let mut table = Table::default();
        table.push(
            "parameter",
            Values::Text(self.params.iter().map(|p| p.path.clone()).collect()),
        );
        table.push("lo", floats(self.params.iter().map(|p| p.lo)));
        table.push("hi", floats(self.params.iter().map(|p| p.hi)));
        for (c, (name, _)) in rows.first().into_iter().flatten().enumerate() {
            table.push(*name, floats(rows.iter().map(|r| r[c].1)));
        }
        describe(&mut table);
        let indices = dir.join("indices.parquet");
        write_table(&indices, Format::Parquet, &table)?;

        let json_rows: Vec<Value> = self
            .params
            .iter()
            .zip(&rows)
            .map(|(p, row)| {
                let mut object = serde_json::Map::new();
                object.insert("parameter".into(), json!(p.path));
                object.insert("lo".into(), json!(p.lo));
                object.insert("hi".into(), json!(p.hi));
                for (name, x) in row {
                    object.insert((*name).into(), number(*x));
                }
                Value::Object(object)
            })
            .collect();
        let json_path = dir.join("indices.json");
        write_json(
            &json_path,
            &json!({
                "method": self.method.name(),
                "outcome": outcome,
                "samples": self.samples,
                "points": self.points.len(),
                "runs_per_point": self.runs_per_point,
                "runs": self.points.len() as u64 * self.runs_per_point,
                "note": self.note(),
                "warnings": self.warnings(),
                "indices": json_rows,
                "provenance": provenance.to_json(),
            }),
        )?;

        let mut points = Table::default();
        points.push(
            "point",
            Values::Int((0..self.points.len() as i64).collect()),
        );
        for (i, p) in self.params.iter().enumerate() {
            points.push(p.path.clone(), floats(self.points.iter().map(|x| x[i])));
        }
        points.push(outcome, floats(self.outputs.iter().copied()));
        describe(&mut points);
        let points_path = dir.join("points.parquet");
        write_table(&points_path, Format::Parquet, &points)?;
        Ok(vec![indices, json_path, points_path])
    }
}

impl Indices {
    /// The statistics as named numbers, in the order of the table's columns.
    pub fn fields(&self) -> Vec<(&'static str, f64)> {
        match self {
            Indices::Morris(m) => vec![
                ("mu", m.mu),
                ("mu_star", m.mu_star),
                ("mu_star_lo", m.mu_star_lo),
                ("mu_star_hi", m.mu_star_hi),
                ("sigma", m.sigma),
            ],
            Indices::Sobol(s) => vec![
                ("s1", s.s1),
                ("s1_lo", s.s1_lo),
                ("s1_hi", s.s1_hi),
                ("st", s.st),
                ("st_lo", s.st_lo),
                ("st_hi", s.st_hi),
            ],
        }
    }
}

/// "outcomes averaged over R runs per point": the note on every result's charts.
pub fn averaged_note(runs_per_point: u64) -> String {
    format!(
        "outcomes averaged over {runs_per_point} run{} per point",
        if runs_per_point == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use grayzone_stats::sensitivity::SobolIndices;

    fn analysis(outputs: Vec<f64>, s: SobolIndices) -> Sensitivity {
        Sensitivity {
            params: vec!["actors.us.attribution.policy=0:1".parse().unwrap()],
            method: Method::Sobol,
            samples: 4,
            runs_per_point: 1,
            points: vec![vec![0.0]; outputs.len()],
            outputs,
            indices: vec![Indices::Sobol(s)],
        }
    }

    #[test]
    fn coarse_outcomes_and_impossible_indices_are_warned_of() {
        let sound = SobolIndices {
            s1: 0.4,
            s1_lo: 0.3,
            s1_hi: 0.5,
            st: 0.6,
            st_lo: 0.5,
            st_hi: 0.7,
        };
        let fine: Vec<f64> = (0..40).map(f64::from).collect();
        assert!(analysis(fine.clone(), sound).warnings().is_empty());

        // The documented example once: three values over 1,792 points, S1 = 1.577.
        let coarse: Vec<f64> = (0..1792).map(|i| f64::from(i % 3) / 2.0).collect();
        let w = analysis(coarse, sound).warnings();
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].contains("only 3 distinct values over 1792 points"),
            "{w:?}"
        );

        let outside = SobolIndices {
            s1: 1.577,
            s1_lo: 1.4,
            s1_hi: 1.6,
            ..sound
        };
        let w = analysis(fine.clone(), outside).warnings();
        assert!(
            w.iter()
                .any(|w| w.contains("S1 of actors.us.attribution.policy is 1.577, outside [0, 1]")),
            "{w:?}"
        );
        assert!(w.iter().any(|w| w.contains("above its ST")), "{w:?}");
        // Outside [0, 1], but by less than its interval is wide: noise, not a warning.
        let wide = SobolIndices {
            s1: -0.1,
            s1_lo: -0.5,
            s1_hi: 0.3,
            ..sound
        };
        assert!(analysis(fine, wide).warnings().is_empty());
    }
}
