//! Rebuilding one run of an experiment exactly, with its full time series and events.

use std::path::Path;

use grayzone_model::{Detail, RunRecord};
use grayzone_scenario::Scenario;

use crate::error::{Error, Result};
use crate::plan::{Manifest, point_scenario};
use crate::runner::run_one;
use crate::store::ExperimentDir;

/// Run `run` of an experiment, simulated again in full detail.
#[derive(Clone, Debug)]
pub struct Replay {
    /// The experiment.
    pub manifest: Manifest,
    /// The run's index.
    pub run: u64,
    /// Its point (0 for an ensemble).
    pub point: usize,
    /// Its replica: the model's run index.
    pub replica: u64,
    /// The point's parameters, `(path, value)`.
    pub params: Vec<(String, f64)>,
    /// The scenario of the point (the experiment's, with the point's parameters).
    pub scenario: Scenario,
    /// The replayed history.
    pub record: RunRecord,
    /// `(outcome, stored, replayed)` for every outcome that differs from the stored row:
    /// empty when the replay is exact.
    pub differences: Vec<(String, Option<f64>, Option<f64>)>,
}

/// Replays run `run` of the experiment in `dir` and compares its outcomes with the row
/// stored for it.
pub fn replay(dir: &Path, run: u64) -> Result<Replay> {
    let (dir, manifest) = ExperimentDir::open(dir)?;
    if run >= manifest.runs {
        return Err(Error::Invalid(format!(
            "--run {run} is out of range: the experiment has {} runs, numbered 0 to {}",
            manifest.runs,
            manifest.runs - 1
        )));
    }
    let chunk = run / manifest.chunk_size;
    if !dir.finished_chunks()?.contains(&chunk) {
        return Err(Error::Incomplete {
            dir: dir.path().to_path_buf(),
            what: format!("run {run} has not been run yet (its chunk {chunk} is not finished)"),
        });
    }
    let stored = stored_outcomes(&dir, &manifest, chunk, run)?;

    let base = Scenario::from_str(&manifest.scenario.text, &manifest.scenario.origin)
        .map_err(|d| Error::Scenario(d.to_string()))?;
    // The text must be the one the experiment ran: an edited manifest would replay
    // another scenario under the recorded one's name.
    if base.hash() != manifest.scenario.hash {
        return Err(Error::Invalid(format!(
            "{}: the scenario text hashes to {}, not to the {} recorded for this experiment: the manifest was edited",
            dir.path().join("manifest.json").display(),
            base.hash(),
            manifest.scenario.hash
        )));
    }
    let (point, replica) = manifest.locate(run);
    let scenario = point_scenario(&base, &manifest, point)?;
    let record = run_one(
        scenario.theatre(),
        manifest.seed,
        replica,
        manifest.days,
        Detail::Full,
    );

    let differences = manifest
        .outcomes
        .iter()
        .zip(&stored)
        .zip(record.outcomes.fields())
        .filter(|((_, s), (_, r))| !same(**s, *r))
        .map(|((name, s), (_, r))| (name.clone(), *s, r))
        .collect();
    let params = manifest
        .sweep
        .as_ref()
        .map(|s| {
            s.params
                .iter()
                .zip(&s.points[point])
                .map(|(p, v)| (p.path.clone(), *v))
                .collect()
        })
        .unwrap_or_default();
    Ok(Replay {
        manifest,
        run,
        point,
        replica,
        params,
        scenario,
        record,
        differences,
    })
}

fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()),
        (None, None) => true,
        _ => false,
    }
}

fn stored_outcomes(
    dir: &ExperimentDir,
    manifest: &Manifest,
    chunk: u64,
    run: u64,
) -> Result<Vec<Option<f64>>> {
    let table = dir.read_runs(manifest, chunk)?;
    let row = table
        .column("run")
        .and_then(|runs| runs.numbers())
        .and_then(|runs| runs.iter().position(|&r| r == Some(run as f64)));
    let damaged = || Error::Incomplete {
        dir: dir.path().to_path_buf(),
        what: format!("chunk {chunk} has no row for run {run}"),
    };
    let row = row.ok_or_else(damaged)?;
    manifest
        .outcomes
        .iter()
        .map(|name| {
            table
                .column(name)
                .and_then(|v| v.numbers())
                .map(|v| v[row])
                .ok_or_else(damaged)
        })
        .collect()
}
