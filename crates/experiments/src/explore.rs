//! One point of a live exploration (`grayzone explore`): the histories of an ensemble at
//! that point, summarised as an ensemble's are (the same accumulator and daily counts, so
//! the numbers are those `grayzone ensemble` gives there), run in chunks so that a newer
//! point can stop an older one between them.

use grayzone_model::{Detail, Outcomes, Theatre};
use serde_json::Value;

use crate::daily::{Daily, DailyRow};
use crate::error::Result;
use crate::execute::Silent;
use crate::runner::{History, Runner};
use crate::summary::Accumulator;

/// What a point's histories came to.
#[derive(Clone, Debug)]
pub struct Explored {
    /// The statistics of `summary.json` (probabilities, times, means, cost exchange).
    pub summary: Value,
    /// The theatre's row of each day (rung shares, percentiles).
    pub days: Vec<DailyRow>,
    /// The ceasefire's Kaplan–Meier curve: (day, share still holding) at each step.
    pub survival: Vec<(f64, f64)>,
}

/// Runs per chunk: a newer point waits at most one chunk for an older one to stop.
const CHUNK: u64 = 100;

/// Runs `runs` histories of `theatre` (runs 0..runs of `seed`, as an ensemble numbers
/// them) and summarises them; `None` when `superseded` says a newer point wants the
/// cores.
pub fn explore(
    runner: &Runner,
    theatre: &Theatre,
    (seed, days, runs): (u64, u32, u64),
    superseded: &(dyn Fn() -> bool + Sync),
) -> Result<Option<Explored>> {
    let names: Vec<String> = Outcomes::names().iter().map(|s| s.to_string()).collect();
    let dyads = grayzone_model::Simulation::new(theatre).dyads().len();
    let mut acc = Accumulator::new(&names);
    let mut daily = Daily::new(days, dyads)?;
    let theatres = std::slice::from_ref(theatre);
    let mut start = 0;
    while start < runs {
        if superseded() {
            return Ok(None);
        }
        let histories: Vec<History> = (start..(start + CHUNK).min(runs))
            .map(|run| History {
                theatre: 0,
                seed,
                run,
                days,
                detail: Detail::Outcomes,
            })
            .collect();
        let (outcomes, shares) = runner.run_with(
            theatres,
            &histories,
            &Silent,
            || None::<Daily>,
            |share, _, record| -> Result<Vec<Option<f64>>> {
                let share = match share {
                    Some(d) => d,
                    none => none.insert(Daily::new(days, dyads)?),
                };
                share.add(&record.rows)?;
                Ok(record
                    .outcomes
                    .fields()
                    .into_iter()
                    .map(|(_, v)| v)
                    .collect())
            },
        )?;
        for run in outcomes {
            acc.add(&run?);
        }
        for share in shares.iter().flatten() {
            daily.merge(share)?;
        }
        start += CHUNK;
    }
    let survival = acc
        .survival(days)?
        .map(|km| km.steps().iter().map(|s| (s.time, s.survival)).collect())
        .unwrap_or_default();
    Ok(Some(Explored {
        summary: acc.to_json(days)?,
        days: daily
            .rows()
            .into_iter()
            // The theatre's row comes after the dyads'.
            .filter(|r| r.dyad == dyads)
            .collect(),
        survival,
    }))
}
