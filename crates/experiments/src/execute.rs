//! Running the chunks of an experiment, chunk by chunk, each through the [`Runner`].

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::path::Path;
use std::time::{Duration, Instant};

use grayzone_model::{Detail, OutcomeKind, Outcomes, RunRecord};
use grayzone_records::{Format, Table, Values};

use crate::assemble::{Report, assemble};
use crate::daily::{Daily, PointDaily, add_to_point};
use crate::error::{Error, Result};
use crate::plan::{Experiment, Manifest, Spec};
use crate::runner::{History, Runner};
use crate::shard::Shard;
use crate::store::ExperimentDir;

/// Hears how an experiment advances; the command line draws a progress bar with it.
/// Called from worker threads.
pub trait Progress: Sync {
    /// The slice has `total` runs, of which `done` were finished before (resume).
    fn start(&self, total: u64, done: u64) {
        let _ = (total, done);
    }
    /// `runs` more runs are finished.
    fn advance(&self, runs: u64) {
        let _ = runs;
    }
    /// Every run of the slice is finished.
    fn finish(&self) {}
    /// `path` is now on disk for good: a finished chunk, a table, a journal's lines. What
    /// is written after it may be lost to a kill, what is written up to it is not; tests
    /// of interruption kill the process here, at a point it reports, rather than after a
    /// guessed sleep.
    fn wrote(&self, path: &Path) {
        let _ = path;
    }
}

/// A [`Progress`] that ignores everything.
#[derive(Clone, Copy, Debug, Default)]
pub struct Silent;

impl Progress for Silent {}

/// How to run.
#[derive(Clone, Copy, Debug)]
pub struct RunOptions {
    /// Worker threads; 0 uses one per core.
    pub threads: usize,
    /// The slice to run.
    pub shard: Shard,
}

/// What a call to [`run`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunReport {
    /// Chunks of the slice.
    pub chunks: std::ops::Range<u64>,
    /// Chunks of the slice that were finished before.
    pub already_finished: u64,
    /// Chunks computed now.
    pub computed: u64,
    /// Runs computed now.
    pub runs_computed: u64,
    /// Whether every chunk of the experiment (all shards) is now finished.
    pub complete: bool,
    /// Worker threads the runs were computed on.
    pub threads: usize,
}

/// Runs the unfinished chunks of the slice `options.shard` into `dir`, chunk by chunk in
/// index order, each chunk written as soon as it is done.
pub fn run(
    experiment: &Experiment,
    dir: &ExperimentDir,
    options: RunOptions,
    progress: &dyn Progress,
) -> Result<RunReport> {
    let manifest = experiment.manifest();
    let chunks = options.shard.chunks(manifest.chunks());
    let finished = dir.finished_chunks()?;
    let todo: Vec<u64> = chunks.clone().filter(|c| !finished.contains(c)).collect();
    let runs_in = |cs: &mut dyn Iterator<Item = u64>| -> u64 {
        cs.map(|c| {
            let r = manifest.chunk_runs(c);
            r.end - r.start
        })
        .sum()
    };
    let total = runs_in(&mut chunks.clone());
    let todo_runs = runs_in(&mut todo.iter().copied());
    progress.start(total, total - todo_runs);

    let runner = Runner::new(options.threads)?;
    for &c in &todo {
        let (runs, daily) = run_chunk(experiment, &runner, c, progress)?;
        dir.write_chunk(manifest, c, runs, daily.as_ref())?;
        progress.wrote(&dir.runs_chunk(c));
    }
    progress.finish();

    let complete = dir.finished_chunks()?.len() as u64 == manifest.chunks();
    Ok(RunReport {
        already_finished: (chunks.end - chunks.start) - todo.len() as u64,
        chunks,
        computed: todo.len() as u64,
        runs_computed: todo_runs,
        complete,
        threads: runner.threads(),
    })
}

/// How to execute an experiment: how to run it, what to do with an earlier one in its
/// folder, and how to write its tables.
#[derive(Clone, Copy)]
pub struct ExecuteOptions<'a> {
    /// Worker threads and the slice to run.
    pub run: RunOptions,
    /// Continue the interrupted experiment in the folder: its finished chunks are kept.
    pub resume: bool,
    /// Remove what an earlier experiment wrote into the folder (as its manifest lists
    /// it) and start again.
    pub force: bool,
    /// Format of the tables.
    pub format: Format,
    /// The command line, for provenance.
    pub command: &'a str,
}

/// What [`execute`] did.
#[derive(Debug)]
pub struct Executed {
    /// The experiment's folder.
    pub dir: ExperimentDir,
    /// What the run computed.
    pub run: RunReport,
    /// Time spent running (assembling the tables not included).
    pub elapsed: Duration,
    /// The tables and summary, when the slice run was the whole experiment; a shard
    /// leaves them to [`merge`](crate::merge).
    pub report: Option<Report>,
}

/// An experiment planned and its folder prepared: [`execute`] up to its first run, for
/// a caller that tells what the plan warns of, or what `force` removed, before the runs
/// start.
pub struct Execution<'a> {
    experiment: Experiment,
    dir: ExperimentDir,
    options: ExecuteOptions<'a>,
    removed: u64,
}

impl<'a> Execution<'a> {
    /// Plans the experiment of `spec` and prepares its folder `out`: cleared first with
    /// `force`, kept with `resume`, refused when it holds another experiment.
    pub fn prepare(spec: Spec, out: &Path, options: ExecuteOptions<'a>) -> Result<Execution<'a>> {
        if options.force && !options.run.shard.is_whole() {
            return Err(Error::Invalid(
                "--force cannot be combined with a shard: the tasks of an array share the folder, and each would delete the chunks of the others; clear the folder once before submitting (or run grayzone once with --force and no shard)".into(),
            ));
        }
        let experiment = Experiment::plan(spec)?;
        let removed = if options.force {
            ExperimentDir::clear(out)?
        } else {
            0
        };
        let manifest = experiment.manifest();
        let slice = options.run.shard.chunks(manifest.chunks());
        let dir = ExperimentDir::prepare(out, manifest, options.resume, slice)?;
        Ok(Execution {
            experiment,
            dir,
            options,
            removed,
        })
    }

    /// What the plan did not refuse but the analyst should know, in words.
    pub fn warnings(&self) -> &[String] {
        self.experiment.warnings()
    }

    /// Files that `force` removed from the folder.
    pub fn removed(&self) -> u64 {
        self.removed
    }

    /// The experiment.
    pub fn manifest(&self) -> &Manifest {
        self.experiment.manifest()
    }

    /// Runs the slice's unfinished chunks and, when the slice is the whole experiment,
    /// assembles its tables and summary.
    pub fn run(self, progress: &dyn Progress) -> Result<Executed> {
        let started = Instant::now();
        let done = run(&self.experiment, &self.dir, self.options.run, progress)?;
        let elapsed = started.elapsed();
        let report = if self.options.run.shard.is_whole() {
            // The manifest as the folder holds it: a resumed experiment's own.
            let (_, manifest) = ExperimentDir::open(self.dir.path())?;
            Some(assemble(
                &self.dir,
                &manifest,
                self.options.format,
                self.options.command,
                progress,
            )?)
        } else {
            None
        };
        Ok(Executed {
            dir: self.dir,
            run: done,
            elapsed,
            report,
        })
    }
}

/// Runs an ensemble or sweep in one call: plans it, prepares its folder `out`, runs the
/// slice and, when the slice is the whole experiment, assembles its tables.
pub fn execute(
    spec: Spec,
    out: &Path,
    options: ExecuteOptions,
    progress: &dyn Progress,
) -> Result<Executed> {
    Execution::prepare(spec, out, options)?.run(progress)
}

/// One run's row: its index, its point and its outcomes.
struct RunRow {
    run: u64,
    point: usize,
    outcomes: Vec<Option<f64>>,
}

/// Runs chunk `c`: its runs table and, for an ensemble or a sweep that keeps them, its
/// daily aggregates per point.
fn run_chunk(
    experiment: &Experiment,
    runner: &Runner,
    c: u64,
    progress: &dyn Progress,
) -> Result<(Table, Option<PointDaily>)> {
    let manifest = experiment.manifest();
    let runs = manifest.chunk_runs(c);
    let histories: Vec<History> = runs
        .clone()
        .map(|k| {
            let (point, replica) = manifest.locate(k);
            History {
                theatre: point,
                seed: manifest.seed,
                run: replica,
                days: manifest.days,
                // Chosen quantities are read from the full daily rows.
                detail: if manifest.series.is_empty() {
                    Detail::Outcomes
                } else {
                    Detail::Rows
                },
            }
        })
        .collect();
    // Each worker's daily counts per point: exact counts, so their sum does not depend on
    // which worker ran which run.
    let keep_daily = manifest.records_daily();
    let quantities = manifest.quantities();
    let (outcomes, shares) = runner.run_with(
        experiment.theatres(),
        &histories,
        progress,
        BTreeMap::<usize, Daily>::new,
        |shares, h, record| {
            if keep_daily {
                let share = match shares.entry(h.theatre) {
                    Entry::Occupied(e) => e.into_mut(),
                    Entry::Vacant(e) => {
                        e.insert(Daily::new(record.days, record.dyads.len(), &quantities)?)
                    }
                };
                share.add(&record.rows)?;
            }
            Ok::<_, Error>(outcome_row(&record))
        },
    )?;
    let rows = runs
        .zip(&histories)
        .zip(outcomes)
        .map(|((run, h), outcomes)| {
            Ok(RunRow {
                run,
                point: h.theatre,
                outcomes: outcomes?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let daily = if keep_daily {
        let mut total: BTreeMap<usize, Daily> = BTreeMap::new();
        for share in shares {
            for (point, daily) in share {
                add_to_point(&mut total, point, daily)?;
            }
        }
        Some(PointDaily(total.into_iter().collect()))
    } else {
        None
    };
    Ok((runs_table(manifest, &rows), daily))
}

/// One run as an ensemble counts it: its days into the worker's daily share (made on the
/// worker's first run), its outcomes in the runs table's order. Ensembles and the
/// explorer count through it, so that a point of the explorer gives the ensemble's numbers.
pub(crate) fn count_run(share: &mut Option<Daily>, record: &RunRecord) -> Result<Vec<Option<f64>>> {
    let share = match share {
        Some(d) => d,
        none => none.insert(Daily::new(record.days, record.dyads.len(), &[])?),
    };
    share.add(&record.rows)?;
    Ok(outcome_row(record))
}

/// A run's outcomes in the runs table's order.
pub(crate) fn outcome_row(record: &RunRecord) -> Vec<Option<f64>> {
    record
        .outcomes
        .fields()
        .into_iter()
        .map(|(_, v)| v)
        .collect()
}

/// The runs table of some rows: `run`, then `point` and the parameters for a sweep, then
/// every outcome, typed by its kind; with the experiment's identity as metadata.
fn runs_table(manifest: &Manifest, rows: &[RunRow]) -> Table {
    let mut t = Table::default();
    manifest.stamp(&mut t);
    let kinds = Outcomes::kinds();
    t.push(
        "run",
        Values::Int(rows.iter().map(|r| r.run as i64).collect()),
    );
    if let Some(sweep) = &manifest.sweep {
        t.push(
            "point",
            Values::Int(rows.iter().map(|r| r.point as i64).collect()),
        );
        for (i, p) in sweep.params.iter().enumerate() {
            t.push(
                p.path.clone(),
                Values::Float(
                    rows.iter()
                        .map(|r| Some(sweep.points[r.point][i]))
                        .collect(),
                ),
            );
        }
    }
    for (i, name) in manifest.outcomes.iter().enumerate() {
        let kind = written_kind(&kinds, name);
        t.push(
            name.clone(),
            Values::outcome(
                kind,
                rows.iter().map(|r| r.outcomes.get(i).copied().flatten()),
            ),
        );
    }
    manifest.scenario_column(&mut t);
    t
}

/// The kind an outcome's column is written as: its own, or a nullable double for a name
/// the model does not know (it cannot come from this build, whose outcomes the manifest
/// names, and a nullable double holds anything). One rule for writing and for checking
/// what a chunk holds.
pub(crate) fn written_kind(kinds: &[(&str, OutcomeKind)], name: &str) -> OutcomeKind {
    kinds
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(OutcomeKind::Ratio, |&(_, k)| k)
}

/// The columns of the runs table, without rows.
pub(crate) fn empty_runs_table(manifest: &Manifest) -> Table {
    runs_table(manifest, &[])
}
