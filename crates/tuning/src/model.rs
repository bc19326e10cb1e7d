//! The model the methods tune: anything that turns points of parameter space into
//! statistics, and the one that does so by simulating histories ([`Simulator`]).

use std::ops::Range;

use grayzone_experiments::{History, Progress, Runner};
use grayzone_model::{Detail, Theatre};
use grayzone_scenario::Domain;
use grayzone_stats::interval::Interval;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::outcome::Outcome;
use crate::param::Space;

/// What sensitivity analysis, calibration and optimisation need from a simulator.
///
/// The methods know nothing else of the simulator, which keeps them testable on
/// functions whose answers are known.
pub trait Model: Sync {
    /// Statistics per evaluation (for the [`Simulator`], its outcome expressions).
    fn statistics(&self) -> usize;

    /// Histories behind each evaluation.
    fn runs_per_point(&self) -> u64;

    /// What each parameter takes, in the order of a point's coordinates; empty when
    /// every parameter takes any number. The methods round a whole-number field or a
    /// switch to the values it takes and record those, since they are what ran.
    fn domains(&self) -> Vec<Domain> {
        Vec::new()
    }

    /// The statistics at each point, `result[i][s]` for point `i` and statistic `s`,
    /// point `i` evaluated on histories `first_runs[i] .. first_runs[i] +
    /// runs_per_point()` of the seed. A statistic undefined at a point is NaN.
    fn evaluate(
        &self,
        points: &[Vec<f64>],
        first_runs: &[u64],
        progress: &dyn Progress,
    ) -> Result<Vec<Vec<f64>>>;

    /// Each statistic at `x` with its 95% interval, over the histories `runs`: the
    /// check of an answer on histories the search never saw. `None` where undefined.
    fn check(
        &self,
        x: &[f64],
        runs: Range<u64>,
        progress: &dyn Progress,
    ) -> Result<Vec<Option<Interval>>>;
}

/// Refuses an evaluation whose points and first runs do not pair up.
pub(crate) fn one_first_run_per_point(points: &[Vec<f64>], first_runs: &[u64]) -> Result<()> {
    if points.len() == first_runs.len() {
        return Ok(());
    }
    Err(Error::Invalid(format!(
        "{} points but {} first runs",
        points.len(),
        first_runs.len()
    )))
}

/// The first history of the checks: far beyond any history a search evaluates, so a
/// check always rests on fresh histories.
pub const CHECK_FIRST_RUN: u64 = 1 << 40;

/// How a [`Simulator`] runs.
#[derive(Clone, Copy, Debug)]
pub struct SimulatorSettings {
    /// Seed of the histories; the scenario's own when `None`.
    pub seed: Option<u64>,
    /// Days per history; the scenario's own horizon when `None`.
    pub days: Option<u32>,
    /// Histories per point (R): each statistic is computed over them.
    pub runs_per_point: u64,
    /// Worker threads; 0 uses one per core. Results do not depend on it.
    pub threads: usize,
}

/// Histories of a scenario at points of parameter space, summarised by outcome
/// expressions.
///
/// History `r` of a point is the model's run `r` of the seed, so two points evaluated
/// on the same histories see the same random numbers (common random numbers), and
/// results are identical for any number of threads.
pub struct Simulator {
    space: Space,
    outcomes: Vec<Outcome>,
    seed: u64,
    days: u32,
    runs_per_point: u64,
    runner: Runner,
}

/// Points whose histories are held in memory at once: bounds memory whatever the
/// design's size.
const POINTS_PER_BATCH: usize = 256;

impl Simulator {
    /// A simulator of `space` that reports `outcomes`.
    pub fn new(
        space: Space,
        mut outcomes: Vec<Outcome>,
        settings: SimulatorSettings,
    ) -> Result<Simulator> {
        for o in &mut outcomes {
            o.resolve(space.base().theatre())?;
        }
        if outcomes.is_empty() {
            return Err(Error::Invalid("no outcome to compute".into()));
        }
        if settings.runs_per_point == 0 {
            return Err(Error::Invalid("--runs-per-point must be at least 1".into()));
        }
        let days = settings.days.unwrap_or_else(|| space.base().days());
        if days == 0 {
            return Err(Error::Invalid("--days must be at least 1".into()));
        }
        for o in &outcomes {
            if let Some(d) = o.time_window().filter(|&d| d > f64::from(days)) {
                return Err(Error::Invalid(format!(
                    "outcome {:?}: day {d} is beyond the horizon of {days} days",
                    o.as_str()
                )));
            }
        }
        let runner = Runner::new(settings.threads)?;
        Ok(Simulator {
            seed: settings.seed.unwrap_or_else(|| space.base().seed()),
            space,
            outcomes,
            days,
            runs_per_point: settings.runs_per_point,
            runner,
        })
    }

    /// The scenario and its varied parameters.
    pub fn space(&self) -> &Space {
        &self.space
    }

    /// The outcome expressions, in the order of the statistics.
    pub fn outcomes(&self) -> &[Outcome] {
        &self.outcomes
    }

    /// The seed of the histories.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Days per history.
    pub fn days(&self) -> u32 {
        self.days
    }

    /// Every outcome of each history of each point: `result[i][r]` is the
    /// `Outcomes::fields()` values, then the per-militia counts, of history
    /// `ranges[i].start + r` at `points[i]`.
    fn histories(
        &self,
        points: &[Vec<f64>],
        ranges: &[Range<u64>],
        progress: &dyn Progress,
    ) -> Result<Vec<Vec<Vec<Option<f64>>>>> {
        let theatres: Vec<Theatre> = self.runner.install(|| {
            points
                .par_iter()
                .map(|x| self.space.scenario_at(x).map(|s| s.into_theatre()))
                .collect::<Result<_>>()
        })?;
        let histories: Vec<History> = (ranges.iter().enumerate())
            .flat_map(|(i, range)| {
                range.clone().map(move |run| History {
                    theatre: i,
                    seed: self.seed,
                    run,
                    days: self.days,
                    detail: Detail::Outcomes,
                })
            })
            .collect();
        let mut rows = self
            .runner
            .run(&theatres, &histories, progress, |_, record| {
                let o = &record.outcomes;
                o.fields()
                    .into_iter()
                    .map(|(_, v)| v)
                    .chain(o.per_actor().map(|(_, _, v)| Some(v)))
                    .collect::<Vec<_>>()
            })?
            .into_iter();
        Ok(ranges
            .iter()
            .map(|range| {
                rows.by_ref()
                    .take((range.end - range.start) as usize)
                    .collect()
            })
            .collect())
    }
}

impl Model for Simulator {
    fn statistics(&self) -> usize {
        self.outcomes.len()
    }

    fn runs_per_point(&self) -> u64 {
        self.runs_per_point
    }

    fn domains(&self) -> Vec<Domain> {
        self.space.domains().to_vec()
    }

    fn evaluate(
        &self,
        points: &[Vec<f64>],
        first_runs: &[u64],
        progress: &dyn Progress,
    ) -> Result<Vec<Vec<f64>>> {
        one_first_run_per_point(points, first_runs)?;
        let mut values = Vec::with_capacity(points.len());
        for (batch, firsts) in points
            .chunks(POINTS_PER_BATCH)
            .zip(first_runs.chunks(POINTS_PER_BATCH))
        {
            let ranges: Vec<Range<u64>> =
                firsts.iter().map(|&f| f..f + self.runs_per_point).collect();
            for runs in self.histories(batch, &ranges, progress)? {
                values.push(
                    self.outcomes
                        .iter()
                        .map(|o| o.value(&runs, self.days))
                        .collect(),
                );
            }
        }
        Ok(values)
    }

    fn check(
        &self,
        x: &[f64],
        runs: Range<u64>,
        progress: &dyn Progress,
    ) -> Result<Vec<Option<Interval>>> {
        let histories = self.histories(&[x.to_vec()], &[runs], progress)?;
        let runs = histories.first().map_or(&[][..], Vec::as_slice);
        Ok(self
            .outcomes
            .iter()
            .map(|o| o.interval(runs, self.days))
            .collect())
    }
}
