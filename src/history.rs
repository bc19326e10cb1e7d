//! One history on disk and on screen: the files `run` and `replay` write, the escalation
//! chart, and the few lines a person reads.

use std::path::{Path, PathBuf};

use grayzone_charts::{DayMarker, DyadHistory, EscalationInput};
use grayzone_model::{RunRecord, Rung};
use grayzone_records::Provenance;
use grayzone_scenario::Scenario;

use crate::error::CliError;

/// grayzone's version and the commit it was built from.
pub fn version() -> String {
    format!(
        "{} ({})",
        env!("CARGO_PKG_VERSION"),
        env!("GRAYZONE_GIT_COMMIT")
    )
}

/// Provenance of one history made from `scenario`: no command line, so that the same
/// scenario, seed and version give the same bytes wherever the files are written.
pub fn provenance(scenario: &Scenario) -> Provenance {
    Provenance {
        version: version(),
        scenario: scenario.name().to_string(),
        scenario_hash: scenario.hash().to_string(),
        command: String::new(),
    }
}

/// Writes `timeseries.csv`, `events.jsonl`, `summary.json` and `escalation.png`/`.svg`
/// of one full-detail history into `dir`; returns the paths written.
pub fn write_history(
    dir: &Path,
    scenario: &Scenario,
    record: &RunRecord,
) -> Result<Vec<PathBuf>, CliError> {
    grayzone_records::write_run(dir, record, &provenance(scenario))?;
    let chart = grayzone_charts::escalation(
        &escalation_input(scenario.name(), record),
        &dir.join("escalation"),
    )?;
    let mut files: Vec<PathBuf> = grayzone_records::RUN_FILES
        .iter()
        .map(|f| dir.join(f))
        .collect();
    files.extend([chart.png, chart.svg]);
    Ok(files)
}

/// The escalation chart of one history.
pub fn escalation_input(scenario: &str, record: &RunRecord) -> EscalationInput {
    let days = record.days as usize;
    let dyads = record
        .dyads
        .iter()
        .enumerate()
        .map(|(d, label)| {
            let rows = record.rows.iter().filter(|r| usize::from(r.dyad) == d);
            let (mut rungs, mut intensity) = (Vec::with_capacity(days), Vec::with_capacity(days));
            for r in rows {
                rungs.push(r.rung);
                intensity.push(r.intensity);
            }
            DyadHistory {
                label: label.clone(),
                rungs,
                intensity,
            }
        })
        .collect();
    EscalationInput {
        title: format!("Escalation of one history: {scenario}"),
        subtitle: format!(
            "seed {} · run {} · {} days · rung per hostile dyad (7-day window)",
            record.seed, record.run, record.days
        ),
        dyads,
        collapse_day: record.outcomes.ceasefire_collapse_day,
        remediation_days: record.remediation_days.clone(),
        shocks: record
            .shocks
            .iter()
            .map(|(day, label)| DayMarker {
                day: *day,
                label: label.clone(),
            })
            .collect(),
    }
}

/// What happened, in a few lines, in the order it happened.
pub fn narrate(record: &RunRecord) -> Vec<String> {
    let o = &record.outcomes;
    let mut moments: Vec<(u32, String)> = record
        .shocks
        .iter()
        .map(|(d, l)| (*d, format!("{l} (scheduled shock)")))
        .collect();
    let mut note = |day: Option<u32>, what: &str| {
        if let Some(d) = day {
            moments.push((d, what.to_string()));
        }
    };
    note(o.first_preemption_day, "first pre-emptive strike");
    note(
        o.first_direct_strike_day,
        "first direct state-on-state strike",
    );
    note(
        o.first_host_strike_day,
        "first strike on a host nation's soil",
    );
    note(o.ceasefire_collapse_day, "the ceasefire collapsed");
    note(o.channel_halt_day, "the diplomatic channel halted");
    note(
        o.first_basing_restriction_day,
        "a host nation restricted basing",
    );
    for d in &record.remediation_days {
        moments.push((*d, "the ceasefire was re-mediated".into()));
    }
    moments.sort_by_key(|(d, _)| *d);
    let mut lines: Vec<String> = moments
        .into_iter()
        .map(|(d, what)| format!("  day {d:>3}  {what}"))
        .collect();
    if o.ceasefire_collapse_day.is_none() {
        lines.push(format!("  the ceasefire held for all {} days", record.days));
    }
    let worst = (0..record.dyads.len()).max_by_key(|d| {
        record
            .rows
            .iter()
            .filter(|r| usize::from(r.dyad) == *d)
            .map(|r| r.rung)
            .max()
            .unwrap_or(0)
    });
    let rung = Rung::from_level(o.highest_rung);
    lines.push(format!(
        "  highest rung {} ({}){}",
        o.highest_rung,
        rung.label(),
        worst
            .map(|d| format!(", {}", record.dyads[d]))
            .unwrap_or_default()
    ));
    lines.push(format!(
        "  {} strikes, {} militia attacks; intercepted {} ballistic, {} cruise, {} drones; {:.0} leaked",
        o.strikes,
        o.proxy_attacks,
        o.intercepted.ballistic.get(),
        o.intercepted.cruise.get(),
        o.intercepted.loitering.get(),
        o.leaked.total()
    ));
    let ratio = o
        .cost_exchange_ratio
        .map_or("n/a".into(), |r| format!("{r:.1}"));
    lines.push(format!(
        "  spending: attackers ${:.0}M, defenders ${:.0}M (cost-exchange ratio {ratio}); bases lost {}",
        o.attack_spending / 1e6,
        o.defence_spending / 1e6,
        o.bases_lost
    ));
    lines
}
