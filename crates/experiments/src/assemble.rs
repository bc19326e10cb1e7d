//! The final tables of an experiment, assembled from its chunks in index order: the same
//! chunks give the same files, byte for byte, however they were computed.

use std::collections::BTreeMap;
use std::path::PathBuf;

use grayzone_stats::interval::Interval;
use grayzone_stats::survival::KaplanMeier;
use serde_json::{Value, json};

use crate::daily::{Daily, DailyRow, add_to_point, points_daily_table};
use crate::error::{Error, Result};
use crate::execute::{Progress, empty_runs_table};
use crate::plan::{Kind, Manifest};
use crate::store::ExperimentDir;
use crate::summary::{Accumulator, Estimate, outcome_kind};
use grayzone_records::{Format, Table, Values, write_json, write_table, write_table_in_groups};

/// Everything the tables say, for the charts and the printed summary.
#[derive(Clone, Debug)]
pub struct Report {
    /// The experiment.
    pub manifest: Manifest,
    /// The files written, in order.
    pub files: Vec<PathBuf>,
    /// The content of `summary.json`.
    pub summary: Value,
    /// Ensembles: the daily table's rows.
    pub daily: Vec<DailyRow>,
    /// Ensembles: the Kaplan–Meier curve of the ceasefire.
    pub survival: Option<KaplanMeier>,
    /// Ensembles: the cost-exchange ratio of the runs that fired anything, as (value,
    /// runs) in fine log bins, ascending (see `summary.json`'s precision).
    pub cost_exchange: Vec<(f64, u64)>,
    /// Ensembles: the headline probabilities (name, interval, count).
    pub probabilities: Vec<(String, Interval, u64)>,
    /// Sweeps: one summary per point.
    pub points: Vec<PointSummary>,
}

/// The outcomes at one point of a sweep.
#[derive(Clone, Debug)]
pub struct PointSummary {
    /// The point's index.
    pub point: usize,
    /// Its parameter values.
    pub params: Vec<f64>,
    /// Runs at the point.
    pub runs: u64,
    /// Each outcome's estimate, then the derived probabilities.
    pub estimates: Vec<(String, Estimate)>,
}

impl PointSummary {
    /// The estimate of an outcome or derived probability by name.
    pub fn get(&self, name: &str) -> Option<&Estimate> {
        self.estimates
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, e)| e)
    }
}

/// Writes the tables and `summary.json` of a finished experiment into its folder.
/// `command` is the command line, for provenance.
pub fn assemble(
    dir: &ExperimentDir,
    manifest: &Manifest,
    format: Format,
    command: &str,
    progress: &dyn Progress,
) -> Result<Report> {
    check_complete(dir, manifest)?;
    let mut files = Vec::new();
    let mut overall = Accumulator::new(&manifest.outcomes);
    let mut points = PointSummaries::new(manifest);

    let runs_path = dir.table_path("runs", format);
    let groups = (0..manifest.chunks()).map(|c| {
        let table = dir.read_runs(manifest, c)?;
        for (run, outcomes) in rows_of(dir, manifest, c, &table)? {
            overall.add(&outcomes);
            points.add(manifest.locate(run).0, &outcomes);
        }
        Ok::<_, Error>(table)
    });
    write_table_in_groups(&runs_path, format, &empty_runs_table(manifest), groups)?;
    progress.wrote(&runs_path);
    files.push(runs_path);
    let points = points.finish();

    let mut report = Report {
        manifest: manifest.clone(),
        files: Vec::new(),
        summary: Value::Null,
        daily: Vec::new(),
        survival: None,
        cost_exchange: Vec::new(),
        probabilities: Vec::new(),
        points: Vec::new(),
    };
    let mut summary = json!({
        "kind": manifest.kind,
        "provenance": provenance(manifest, command),
    });
    match manifest.kind {
        Kind::Ensemble => {
            let mut daily =
                Daily::new(manifest.days, manifest.dyads.len(), &manifest.quantities())?;
            for c in 0..manifest.chunks() {
                for (_, share) in dir.read_daily(manifest, c)?.0 {
                    daily.merge(&share)?;
                }
            }
            let daily_path = dir.table_path("daily", format);
            let mut table = daily.table(&manifest.dyads);
            manifest.scenario_column(&mut table);
            manifest.stamp(&mut table);
            write_table(&daily_path, format, &table)?;
            progress.wrote(&daily_path);
            files.push(daily_path);
            report.daily = daily.rows();
            report.survival = overall.survival(manifest.days)?;
            report.cost_exchange = overall.cost_exchange();
            report.probabilities = overall.derived_probabilities(manifest.days);
            merge_into(&mut summary, overall.to_json(manifest.days)?);
        }
        Kind::Sweep => {
            if manifest.daily_per_point {
                let daily_path = dir.table_path("daily", format);
                let mut table = points_daily(dir, manifest)?;
                manifest.scenario_column(&mut table);
                manifest.stamp(&mut table);
                write_table(&daily_path, format, &table)?;
                progress.wrote(&daily_path);
                files.push(daily_path);
            }
            let points_path = dir.table_path("points", format);
            write_table(&points_path, format, &points_table(manifest, &points))?;
            progress.wrote(&points_path);
            files.push(points_path);
            let sweep = manifest.sweep.as_ref();
            merge_into(
                &mut summary,
                json!({
                    "design": sweep.map(|s| s.design),
                    "params": sweep.map(|s| &s.params),
                    "points": sweep.map_or(0, |s| s.points.len()),
                    "runs_per_point": manifest.runs_per_point,
                    "runs": manifest.runs,
                    "days": manifest.days,
                }),
            );
            let undefined = crate::summary::undefined_windows(manifest.days);
            if !undefined.is_empty() {
                summary["undefined"] = Value::Object(undefined);
            }
            report.points = points;
        }
    }
    let summary_path = dir.path().join("summary.json");
    write_json(&summary_path, &summary)?;
    files.push(summary_path);
    report.summary = summary;
    report.files = files;
    Ok(report)
}

/// A sweep's daily table, one point at a time: a point's runs are contiguous, so its
/// aggregates are whole once the chunk holding its last run is read, and only the points
/// of the chunk at hand are held.
fn points_daily(dir: &ExperimentDir, manifest: &Manifest) -> Result<Table> {
    let mut pending: BTreeMap<usize, Daily> = BTreeMap::new();
    let mut rows: Vec<(usize, DailyRow)> = Vec::new();
    for c in 0..manifest.chunks() {
        for (point, share) in dir.read_daily(manifest, c)?.0 {
            add_to_point(&mut pending, point, share)?;
        }
        let next = manifest.chunk_runs(c).end;
        let open = (next < manifest.runs).then(|| manifest.locate(next).0);
        while let Some(entry) = pending.first_entry() {
            if open.is_some_and(|p| *entry.key() >= p) {
                break;
            }
            let (point, daily) = entry.remove_entry();
            rows.extend(daily.rows().into_iter().map(|r| (point, r)));
        }
    }
    Ok(points_daily_table(
        &rows,
        &manifest.dyads,
        &manifest.quantities(),
    ))
}

fn merge_into(target: &mut Value, more: Value) {
    if let (Value::Object(t), Value::Object(m)) = (target, more) {
        t.extend(m);
    }
}

fn provenance(manifest: &Manifest, command: &str) -> Value {
    json!({
        "grayzone_version": manifest.build.version,
        "git_commit": manifest.build.commit,
        "scenario": manifest.scenario.name,
        "scenario_hash": manifest.scenario.hash,
        "seed": manifest.seed,
        "runs": manifest.runs,
        "days": manifest.days,
        "chunk_size": manifest.chunk_size,
        "seed_scheme": manifest.seed_scheme,
        "command": command,
    })
}

/// Fails unless every chunk is finished, naming the missing ones.
pub(crate) fn check_complete(dir: &ExperimentDir, manifest: &Manifest) -> Result<()> {
    let finished = dir.finished_chunks()?;
    let missing: Vec<u64> = (0..manifest.chunks())
        .filter(|c| !finished.contains(c))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::Incomplete {
        dir: dir.path().to_path_buf(),
        what: format!(
            "{} of {} chunks are not finished ({}): resume the experiment (--resume), or merge the folders of all its shards",
            missing.len(),
            manifest.chunks(),
            ranges(&missing)
        ),
    })
}

/// `0-3, 7, 9-10` for a sorted list.
pub(crate) fn ranges(xs: &[u64]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < xs.len() {
        let mut j = i;
        while j + 1 < xs.len() && xs[j + 1] == xs[j] + 1 {
            j += 1;
        }
        parts.push(if i == j {
            xs[i].to_string()
        } else {
            format!("{}-{}", xs[i], xs[j])
        });
        i = j + 1;
    }
    if parts.len() > 8 {
        let rest = parts.len() - 6;
        parts.truncate(6);
        parts.push(format!("and {rest} more"));
    }
    format!("chunk {}", parts.join(", "))
}

/// Each row's run index and outcomes, from a chunk [`ExperimentDir::read_runs`] checked.
fn rows_of(
    dir: &ExperimentDir,
    manifest: &Manifest,
    c: u64,
    table: &Table,
) -> Result<Vec<(u64, Vec<Option<f64>>)>> {
    let columns: Vec<Vec<Option<f64>>> = manifest
        .outcomes
        .iter()
        .map(|name| {
            table
                .column(name)
                .and_then(Values::numbers)
                .ok_or_else(|| Error::Incomplete {
                    dir: dir.path().to_path_buf(),
                    what: format!("chunk {c} has no outcome column {name}"),
                })
        })
        .collect::<Result<_>>()?;
    Ok(manifest
        .chunk_runs(c)
        .enumerate()
        .map(|(i, run)| (run, columns.iter().map(|col| col[i]).collect()))
        .collect())
}

/// Per-point accumulators of a sweep, finished one at a time: runs come point by point.
struct PointSummaries<'m> {
    manifest: &'m Manifest,
    current: Option<(usize, Accumulator)>,
    done: Vec<PointSummary>,
}

impl<'m> PointSummaries<'m> {
    fn new(manifest: &'m Manifest) -> Self {
        PointSummaries {
            manifest,
            current: None,
            done: Vec::new(),
        }
    }

    fn add(&mut self, point: usize, outcomes: &[Option<f64>]) {
        if self.manifest.sweep.is_none() {
            return;
        }
        if self.current.as_ref().is_some_and(|(p, _)| *p != point) {
            self.close();
        }
        self.current
            .get_or_insert_with(|| (point, Accumulator::new(&self.manifest.outcomes)))
            .1
            .add(outcomes);
    }

    fn close(&mut self) {
        let Some((point, acc)) = self.current.take() else {
            return;
        };
        let params = self
            .manifest
            .sweep
            .as_ref()
            .map(|s| s.points[point].clone())
            .unwrap_or_default();
        let mut estimates = acc.estimates();
        estimates.extend(
            acc.derived_probabilities(self.manifest.days)
                .into_iter()
                .map(|(name, interval, _)| {
                    (
                        name,
                        Estimate {
                            interval,
                            n: acc.runs(),
                        },
                    )
                }),
        );
        self.done.push(PointSummary {
            point,
            params,
            runs: acc.runs(),
            estimates,
        });
    }

    fn finish(mut self) -> Vec<PointSummary> {
        self.close();
        self.done
    }
}

/// `points`: one row per point: its parameters, its runs, and for every outcome the
/// estimate, the ends of its 95% interval and the runs with a value.
fn points_table(manifest: &Manifest, points: &[PointSummary]) -> Table {
    let mut t = Table::default();
    manifest.stamp(&mut t);
    t.push(
        "point",
        Values::Int(points.iter().map(|p| p.point as i64).collect()),
    );
    for (i, name) in manifest.param_names().into_iter().enumerate() {
        t.push(
            name,
            Values::Float(points.iter().map(|p| p.params.get(i).copied()).collect()),
        );
    }
    t.push(
        "runs",
        Values::Int(points.iter().map(|p| p.runs as i64).collect()),
    );
    let Some(first) = points.first() else {
        manifest.scenario_column(&mut t);
        return t;
    };
    for (j, (name, _)) in first.estimates.iter().enumerate() {
        let column = |f: &dyn Fn(&Estimate) -> f64| {
            Values::Float(
                points
                    .iter()
                    .map(|p| Some(f(&p.estimates[j].1)).filter(|x| x.is_finite()))
                    .collect(),
            )
        };
        t.push(name.clone(), column(&|e| e.interval.estimate));
        t.push(format!("{name}_lo"), column(&|e| e.interval.lo));
        t.push(format!("{name}_hi"), column(&|e| e.interval.hi));
        if outcome_kind(name) != crate::summary::OutcomeKind::Flag
            && manifest.outcomes.contains(name)
        {
            t.push(
                format!("{name}_n"),
                Values::Int(points.iter().map(|p| p.estimates[j].1.n as i64).collect()),
            );
        }
    }
    manifest.scenario_column(&mut t);
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_compact() {
        assert_eq!(ranges(&[0, 1, 2, 5, 7, 8]), "chunk 0-2, 5, 7-8");
        assert_eq!(ranges(&[4]), "chunk 4");
    }
}
