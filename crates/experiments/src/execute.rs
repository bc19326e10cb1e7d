//! Running the chunks of an experiment: rayon across the runs of a chunk, one reused
//! simulation per worker, each history on a single thread.

use std::sync::Mutex;

use grayzone_model::{Detail, OutcomeKind, Outcomes, Simulation};
use grayzone_records::{Table, Values};
use rayon::prelude::*;

use crate::daily::Daily;
use crate::error::{Error, Result};
use crate::plan::{Experiment, Kind, Manifest};
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

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|e| Error::Invalid(format!("cannot start {} threads: {e}", options.threads)))?;
    let workers = Workers::new(experiment);
    for &c in &todo {
        let (runs, daily) = pool.install(|| workers.run_chunk(c, progress))?;
        dir.write_chunk(c, &runs, daily.as_ref())?;
    }
    progress.finish();

    let complete = dir.finished_chunks()?.len() as u64 == manifest.chunks();
    Ok(RunReport {
        already_finished: (chunks.end - chunks.start) - todo.len() as u64,
        chunks,
        computed: todo.len() as u64,
        runs_computed: todo_runs,
        complete,
    })
}

/// One worker's simulation (of the point it last ran) and its share of the chunk's
/// daily aggregates.
struct Worker {
    point: usize,
    sim: Simulation,
    daily: Option<Daily>,
}

/// The idle workers. A rayon job takes one for its whole stretch of runs and gives it
/// back when done, so there are never more workers than threads, and a simulation is
/// built once per thread (and per point of a sweep), not once per run.
struct Workers<'e> {
    experiment: &'e Experiment,
    idle: Mutex<Vec<Worker>>,
}

/// A worker on loan to a rayon job; returned to the pool when dropped.
struct Lease<'p, 'e> {
    pool: &'p Workers<'e>,
    worker: Option<Worker>,
}

impl Drop for Lease<'_, '_> {
    fn drop(&mut self) {
        if let Some(w) = self.worker.take() {
            self.pool
                .idle
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(w);
        }
    }
}

/// One run's row: its index, its point and its outcomes.
struct RunRow {
    run: u64,
    point: usize,
    outcomes: Vec<Option<f64>>,
}

impl<'e> Workers<'e> {
    fn new(experiment: &'e Experiment) -> Self {
        Workers {
            experiment,
            idle: Mutex::new(Vec::new()),
        }
    }

    fn lease(&self) -> Lease<'_, 'e> {
        let worker = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        Lease { pool: self, worker }
    }

    fn run_chunk(&self, c: u64, progress: &dyn Progress) -> Result<(Table, Option<Daily>)> {
        let manifest = self.experiment.manifest();
        let rows: Vec<RunRow> = manifest
            .chunk_runs(c)
            .into_par_iter()
            .map_init(
                || self.lease(),
                |lease, k| {
                    let row = self.run_one(lease, k);
                    progress.advance(1);
                    row
                },
            )
            .collect::<Result<_>>()?;
        let daily = match manifest.kind {
            Kind::Ensemble => Some(self.take_daily()?),
            Kind::Sweep => None,
        };
        Ok((runs_table(manifest, &rows), daily))
    }

    fn run_one(&self, lease: &mut Lease<'_, 'e>, k: u64) -> Result<RunRow> {
        let manifest = self.experiment.manifest();
        let (point, replica) = manifest.locate(k);
        let worker = match lease.worker.take() {
            Some(w) if w.point == point => lease.worker.insert(w),
            old => lease.worker.insert(Worker {
                point,
                sim: Simulation::new(self.experiment.theatre(point)),
                daily: old.and_then(|w| w.daily),
            }),
        };
        let record = worker
            .sim
            .run(manifest.seed, replica, manifest.days, Detail::Outcomes);
        if manifest.kind == Kind::Ensemble {
            let daily = match &mut worker.daily {
                Some(d) => d,
                none => none.insert(Daily::new(manifest.days, manifest.dyads.len())?),
            };
            daily.add(&record.rows)?;
        }
        Ok(RunRow {
            run: k,
            point,
            outcomes: record
                .outcomes
                .fields()
                .into_iter()
                .map(|(_, v)| v)
                .collect(),
        })
    }

    /// The chunk's daily aggregates: the sum of the workers' shares, which are reset.
    fn take_daily(&self) -> Result<Daily> {
        let manifest = self.experiment.manifest();
        let mut total = Daily::new(manifest.days, manifest.dyads.len())?;
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        for w in idle.iter_mut() {
            if let Some(d) = w.daily.take() {
                total.merge(&d)?;
            }
        }
        Ok(total)
    }
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
        // An outcome the model does not know by that name cannot come from this build
        // (the manifest names this build's outcomes); a nullable double holds anything.
        let kind = kinds
            .iter()
            .find(|(n, _)| n == name)
            .map_or(OutcomeKind::Ratio, |&(_, k)| k);
        t.push(
            name.clone(),
            Values::outcome(
                kind,
                rows.iter().map(|r| r.outcomes.get(i).copied().flatten()),
            ),
        );
    }
    t
}

/// The columns of the runs table, without rows.
pub(crate) fn empty_runs_table(manifest: &Manifest) -> Table {
    runs_table(manifest, &[])
}
