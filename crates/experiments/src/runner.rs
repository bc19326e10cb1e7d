//! The one way grayzone runs many histories: rayon across the histories, one reused
//! [`Simulation`] per worker thread (and per theatre), each history on a single thread,
//! results in the order the histories were given.
//!
//! Ensembles, sweeps, the tuning simulator, the evidence tests and `grayzone bench` all
//! run through [`Runner`], so that what a benchmark measures is what an experiment does.
//!
//! A history's randomness depends only on its seed and run index, and a reused
//! simulation starts every history from the same day 0, so which worker runs which
//! history changes nothing: the results are identical for any number of threads.

use std::sync::{Mutex, PoisonError};

use grayzone_model::{Detail, RunRecord, Simulation, Theatre};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::execute::Progress;

/// One history to run: in which theatre, and the model's run of which seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct History {
    /// Index of its theatre in the theatres given to [`Runner::run`].
    pub theatre: usize,
    /// The seed.
    pub seed: u64,
    /// The model's run index: with the seed, all of the history's randomness.
    pub run: u64,
    /// Days to simulate.
    pub days: u32,
    /// How much of the history to keep.
    pub detail: Detail,
}

impl History {
    /// Runs `runs` of `seed` in one theatre, numbered as an ensemble numbers them.
    pub fn runs(seed: u64, runs: std::ops::Range<u64>, days: u32, detail: Detail) -> Vec<History> {
        runs.map(|run| History {
            theatre: 0,
            seed,
            run,
            days,
            detail,
        })
        .collect()
    }
}

/// Threads that run histories.
pub struct Runner {
    pool: rayon::ThreadPool,
}

impl Runner {
    /// A runner on `threads` worker threads; 0 uses one per core.
    pub fn new(threads: usize) -> Result<Runner> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| Error::Invalid(format!("cannot start {threads} threads: {e}")))?;
        Ok(Runner { pool })
    }

    /// The number of worker threads.
    pub fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }

    /// Runs `work` on the runner's threads: for a caller's own parallel preparation
    /// (building the theatres of many points) on the threads its histories will use.
    pub fn install<R: Send>(&self, work: impl FnOnce() -> R + Send) -> R {
        self.pool.install(work)
    }

    /// Runs every history and returns what `keep` makes of each, in the order of
    /// `histories`; `progress` hears of each history as it finishes.
    pub fn run<T: Send>(
        &self,
        theatres: &[Theatre],
        histories: &[History],
        progress: &dyn Progress,
        keep: impl Fn(&History, RunRecord) -> T + Sync,
    ) -> Result<Vec<T>> {
        let (kept, _) = self.run_with(
            theatres,
            histories,
            progress,
            || (),
            |_, h, record| keep(h, record),
        )?;
        Ok(kept)
    }

    /// [`Runner::run`] with a state of each worker that `keep` may add to, made by
    /// `init` when a worker starts: what accumulates over runs without being held per
    /// run (the daily counts of an ensemble). Returns the kept values in the order of
    /// `histories`, and the workers' states in no particular order: combine them with
    /// an operation whose result does not depend on it, such as a sum of counts.
    pub fn run_with<T: Send, S: Send>(
        &self,
        theatres: &[Theatre],
        histories: &[History],
        progress: &dyn Progress,
        init: impl Fn() -> S + Sync,
        keep: impl Fn(&mut S, &History, RunRecord) -> T + Sync,
    ) -> Result<(Vec<T>, Vec<S>)> {
        if let Some(h) = histories.iter().find(|h| h.theatre >= theatres.len()) {
            return Err(Error::Invalid(format!(
                "history {} of seed {} is in theatre {}, but there are {} theatres",
                h.run,
                h.seed,
                h.theatre,
                theatres.len()
            )));
        }
        let idle = Mutex::new(Vec::new());
        let kept = self.pool.install(|| {
            histories
                .par_iter()
                .map_init(
                    || Lease {
                        idle: &idle,
                        worker: None,
                    },
                    |lease, h| {
                        let worker = lease.worker(&init);
                        let record = worker
                            .simulation(theatres, h.theatre)
                            .run(h.seed, h.run, h.days, h.detail);
                        let value = keep(&mut worker.state, h, record);
                        progress.advance(1);
                        value
                    },
                )
                .collect()
        });
        let states = idle
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
            .into_iter()
            .map(|w: Worker<S>| w.state)
            .collect();
        Ok((kept, states))
    }
}

/// One history (run `run` of `seed`) on the calling thread, on a simulation built for
/// it: a single run (`grayzone run`, a replay) needs no pool of threads.
pub fn run_one(theatre: &Theatre, seed: u64, run: u64, days: u32, detail: Detail) -> RunRecord {
    Simulation::new(theatre).run(seed, run, days, detail)
}

/// A worker: the simulation of the theatre it last ran, and its state.
struct Worker<S> {
    simulation: Option<(usize, Simulation)>,
    state: S,
}

impl<S> Worker<S> {
    /// The simulation of theatre `t`, built when the worker last ran another.
    fn simulation(&mut self, theatres: &[Theatre], t: usize) -> &mut Simulation {
        if self.simulation.as_ref().is_some_and(|(at, _)| *at != t) {
            self.simulation = None;
        }
        &mut self
            .simulation
            .get_or_insert_with(|| (t, Simulation::new(&theatres[t])))
            .1
    }
}

/// A worker on loan to a rayon job for its whole stretch of histories, given back to
/// the idle ones when the job ends. rayon starts many more jobs than it has threads;
/// lending workers keeps them as few as the threads, so a simulation is built once per
/// thread (and theatre), not once per job.
struct Lease<'a, S> {
    idle: &'a Mutex<Vec<Worker<S>>>,
    worker: Option<Worker<S>>,
}

impl<S> Lease<'_, S> {
    fn worker(&mut self, init: &impl Fn() -> S) -> &mut Worker<S> {
        let idle = self.idle;
        self.worker.get_or_insert_with(|| {
            let returned = idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
            returned.unwrap_or_else(|| Worker {
                simulation: None,
                state: init(),
            })
        })
    }
}

impl<S> Drop for Lease<'_, S> {
    fn drop(&mut self) {
        if let Some(w) = self.worker.take() {
            self.idle
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(w);
        }
    }
}
