//! One point of a live exploration (`grayzone explore`): the histories of an ensemble at
//! that point, summarised as an ensemble's are (the same accumulator and daily counts, so
//! the numbers are those `grayzone ensemble` gives there), run in chunks so that a newer
//! point can stop an older one between them.

use grayzone_model::{Detail, Outcomes, Theatre};
use serde_json::Value;

use crate::daily::{Daily, DailyRow};
use crate::error::Result;
use crate::execute::{Silent, count_run};
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
    let mut acc = Accumulator::new(&names);
    let mut daily: Option<Daily> = None;
    let theatres = std::slice::from_ref(theatre);
    let mut start = 0;
    while start < runs {
        if superseded() {
            return Ok(None);
        }
        let histories = History::runs(
            seed,
            start..(start + CHUNK).min(runs),
            days,
            Detail::Outcomes,
        );
        let (outcomes, shares) = runner.run_with(
            theatres,
            &histories,
            &Silent,
            || None::<Daily>,
            |share, _, record| count_run(share, &record),
        )?;
        for run in outcomes {
            acc.add(&run?);
        }
        for share in shares.into_iter().flatten() {
            match &mut daily {
                Some(total) => total.merge(&share)?,
                None => daily = Some(share),
            }
        }
        start += CHUNK;
    }
    let survival = acc
        .survival(days)?
        .map(|km| km.steps().iter().map(|s| (s.time, s.survival)).collect())
        .unwrap_or_default();
    Ok(Some(Explored {
        summary: acc.to_json(days)?,
        days: theatre_rows(daily),
        survival,
    }))
}

/// The theatre's row of each day: it comes after the dyads' (its index is their number).
fn theatre_rows(daily: Option<Daily>) -> Vec<DailyRow> {
    let rows = daily.map(|d| d.rows()).unwrap_or_default();
    let theatre = rows.iter().map(|r| r.dyad).max();
    rows.into_iter()
        .filter(|r| Some(r.dyad) == theatre)
        .collect()
}
