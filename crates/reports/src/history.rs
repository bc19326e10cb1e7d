//! One history on disk and in words: the files `run` and `replay` write, the escalation
//! chart, and the few lines a person reads.

use std::path::{Path, PathBuf};

use grayzone_charts::{DayMarker, DyadHistory, EscalationInput};
use grayzone_experiments::{Build, Written};
use grayzone_model::messages::StrikeKind;
use grayzone_model::{ActorIx, Cameo, RunRecord, Rung};
use grayzone_records::Provenance;
use grayzone_scenario::Scenario;

use crate::error::{Error, Result};

/// Provenance of one history made from `scenario` by `build`: no command line, so that
/// the same scenario, seed and version give the same bytes wherever the files are
/// written.
pub(crate) fn provenance(scenario: &Scenario, build: &Build) -> Provenance {
    Provenance {
        version: format!("{} ({})", build.version, build.commit),
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
    build: &Build,
    coding: grayzone_records::EventCoding,
) -> Result<Vec<PathBuf>> {
    grayzone_records::write_run(dir, record, &provenance(scenario, build), coding)?;
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

/// The record of a history's files in its folder: what `run` wrote, with sizes and
/// SHA-256, so that `--force` removes exactly that (the experiments' manifest ledger, for
/// one history).
pub const HISTORY_LEDGER: &str = ".grayzone-history.json";

/// The names a history's files take.
const HISTORY_FILES: [&str; 5] = [
    "timeseries.csv",
    "events.jsonl",
    "summary.json",
    "escalation.png",
    "escalation.svg",
];

/// Records `files` (written into `dir` by [`write_history`]) in the folder's ledger.
pub fn record_history(dir: &Path, files: &[PathBuf]) -> Result<()> {
    let mut ledger = Vec::new();
    for file in files {
        let Some(name) = file.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        ledger.push(Written::of(file, name.to_owned())?);
    }
    Ok(grayzone_records::write_json(
        &dir.join(HISTORY_LEDGER),
        &ledger,
    )?)
}

/// Prepares `dir` for a history, by the rule experiments follow. A folder holding an
/// earlier history is refused unless `force`; `force` removes what the folder's ledger
/// says grayzone wrote there, after checking that each file is still what it wrote, and
/// interrupted writes of a history's files. A folder with files of a history's names but
/// no ledger (another program's, or a run killed before it finished) is refused whole,
/// and nothing is read or removed through a symbolic link. Returns the number of files
/// removed.
pub fn prepare_history_dir(dir: &Path, force: bool) -> Result<u64> {
    let is_link = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
    if is_link(dir) {
        return Err(Error::Refused(format!(
            "{} is a symbolic link: grayzone writes a history only into a folder",
            dir.display()
        )));
    }
    let present: Vec<PathBuf> = HISTORY_FILES
        .iter()
        .map(|f| dir.join(f))
        .filter(|p| std::fs::symlink_metadata(p).is_ok())
        .collect();
    if present.is_empty() {
        return Ok(0);
    }
    let ledger_path = dir.join(HISTORY_LEDGER);
    let ledger: Option<Vec<Written>> = if is_link(&ledger_path) {
        None
    } else {
        grayzone_scenario::input::read_json(&ledger_path).ok()
    };
    let Some(ledger) = ledger else {
        return Err(Error::Refused(format!(
            "{} holds files of a history's names that grayzone has no record of writing (another program's, or a run killed before it finished): move them away or choose another --out (nothing was deleted)",
            dir.display()
        )));
    };
    if !force {
        return Err(Error::Refused(format!(
            "{} already holds a history: add --force to replace it, or choose another --out",
            dir.display()
        )));
    }
    let mut doomed = Vec::new();
    let mut changed = Vec::new();
    for w in &ledger {
        if !HISTORY_FILES.contains(&w.path.as_str()) {
            continue;
        }
        let file = dir.join(&w.path);
        if !std::fs::symlink_metadata(&file).is_ok_and(|m| m.file_type().is_file()) {
            continue;
        }
        if w.matches(&file)? {
            doomed.push(file);
        } else {
            changed.push(w.path.clone());
        }
    }
    if !changed.is_empty() {
        return Err(Error::Refused(format!(
            "--force deletes nothing in {}: {} changed since grayzone wrote them; move them away or choose another --out",
            dir.display(),
            changed.join(", ")
        )));
    }
    // Interrupted writes of a history's files: `.NAME.PID.N.partial`.
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let interrupted = name
                .to_str()
                .and_then(grayzone_records::interrupted_write_of)
                .is_some_and(|target| HISTORY_FILES.contains(&target));
            if interrupted && entry.file_type().is_ok_and(|t| t.is_file()) {
                doomed.push(entry.path());
            }
        }
    }
    doomed.push(ledger_path);
    for file in &doomed {
        std::fs::remove_file(file).map_err(|source| Error::Io {
            path: file.clone(),
            source,
        })?;
    }
    Ok(doomed.len() as u64)
}

/// The escalation chart of one history.
pub(crate) fn escalation_input(scenario: &str, record: &RunRecord) -> EscalationInput {
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
    let marker = |m: &Moment| DayMarker {
        day: m.day,
        label: m.label.clone(),
    };
    let moments = moments(record);
    let of = |kind: MomentKind| moments.iter().filter(move |m| m.kind == kind);
    EscalationInput {
        title: format!("Escalation of one history: {scenario}"),
        subtitle: format!(
            "seed {} · run {} · {} days · rung per hostile dyad ({}-day window)",
            record.seed, record.run, record.days, record.ladder_window_days
        ),
        dyads,
        collapse_days: of(MomentKind::Collapse).map(|m| m.day).collect(),
        remediation_days: of(MomentKind::Remediation).map(|m| m.day).collect(),
        shocks: of(MomentKind::Shock).map(marker).collect(),
        milestones: of(MomentKind::Milestone).map(marker).collect(),
    }
}

/// What kind of turning point a moment is; the chart draws each kind its own way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MomentKind {
    Shock,
    Collapse,
    Remediation,
    Milestone,
}

/// A turning point of a history: told on screen and marked on its chart.
struct Moment {
    day: u32,
    kind: MomentKind,
    /// Short, for the chart.
    label: String,
    /// A sentence's worth, for the terminal.
    told: String,
}

/// The turning points of a history in the order they happened: scheduled shocks, the
/// first strike of each kind that changes the war's character, every probe of a red line,
/// every halt of the talks, every collapse and re-mediation.
fn moments(record: &RunRecord) -> Vec<Moment> {
    let o = &record.outcomes;
    let name = |a: ActorIx| {
        record
            .actor_names
            .get(a.0 as usize)
            .cloned()
            .unwrap_or_default()
    };
    let strikes = || {
        record
            .events
            .iter()
            .filter(|e| e.cameo == Cameo::AerialStrike)
    };
    let mut moments = Vec::new();
    let mut add = |day: u32, kind: MomentKind, label: String, told: String| {
        moments.push(Moment {
            day,
            kind,
            label,
            told,
        });
    };
    for (day, label) in &record.shocks {
        add(
            *day,
            MomentKind::Shock,
            label.clone(),
            format!("{label} (scheduled shock)"),
        );
    }
    // Each state's first direct strike on another state, unless a probe or pre-emption
    // marker below already tells it.
    let mut struck_first: Vec<ActorIx> = Vec::new();
    for e in strikes().filter(|e| e.direct) {
        if struck_first.contains(&e.actor) {
            continue;
        }
        struck_first.push(e.actor);
        let targets = strikes()
            .filter(|x| x.direct && x.day == e.day && x.actor == e.actor)
            .count();
        let (x, y) = (name(e.actor), name(e.target));
        let plural = if targets == 1 { "" } else { "s" };
        let (label, told) = match e.reason {
            Some(StrikeKind::Retaliation) => (
                format!("{x} answers {y}: {targets} target{plural}"),
                format!("an answer on {targets} target{plural} of {y}"),
            ),
            Some(StrikeKind::Unprovoked) => (
                format!("{x} strikes {y} unprovoked"),
                format!("unprovoked, on {y}"),
            ),
            Some(StrikeKind::Accident) => (
                format!("{x} strikes {y} by error"),
                format!("an execution error, on {y}"),
            ),
            _ => continue,
        };
        add(
            e.day,
            MomentKind::Milestone,
            label,
            format!("first direct strike by {x}: {told}"),
        );
    }
    if let Some(first) = strikes().find(|e| e.class == Rung::RegionalWar) {
        add(
            first.day,
            MomentKind::Milestone,
            format!("{} strikes host soil", name(first.actor)),
            format!(
                "first strike on a host nation's soil, by {}",
                name(first.actor)
            ),
        );
    }
    if let Some(first) = strikes().find(|e| e.reason == Some(StrikeKind::Preemption)) {
        add(
            first.day,
            MomentKind::Milestone,
            format!("{} pre-empts", name(first.actor)),
            format!("first pre-emptive strike, by {}", name(first.actor)),
        );
    }
    for &(day, prober, _, depth) in &record.probes {
        add(
            day,
            MomentKind::Milestone,
            format!("{} probe, layer {depth}", name(prober)),
            format!("{} probes a red line, layer {depth}", name(prober)),
        );
    }
    for e in record.events.iter().filter(|e| e.cameo == Cameo::HaltTalks) {
        add(
            e.day,
            MomentKind::Milestone,
            format!("{} halts the talks", name(e.actor)),
            format!(
                "the diplomatic channel halted ({} halts the talks)",
                name(e.actor)
            ),
        );
    }
    if let Some(first) = record
        .events
        .iter()
        .find(|e| e.cameo == Cameo::ReduceRelations)
    {
        add(
            first.day,
            MomentKind::Milestone,
            format!("{} restricts basing", name(first.actor)),
            format!(
                "{} restricted {}'s basing",
                name(first.actor),
                name(first.target)
            ),
        );
    }
    for &day in &record.collapse_days {
        add(
            day,
            MomentKind::Collapse,
            String::new(),
            "the ceasefire collapsed".into(),
        );
    }
    for &day in &record.remediation_days {
        add(
            day,
            MomentKind::Remediation,
            String::new(),
            "the ceasefire was re-mediated".into(),
        );
    }
    // Outcomes are kept in every detail; events only in full detail. A record without
    // events still tells its firsts.
    if record.events.is_empty() {
        let firsts = [
            (
                o.day("first_direct_strike_day"),
                "first direct state-on-state strike",
            ),
            (
                o.day("first_host_strike_day"),
                "first strike on a host nation's soil",
            ),
            (o.day("first_preemption_day"), "first pre-emptive strike"),
            (o.day("channel_halt_day"), "the diplomatic channel halted"),
            (
                o.day("first_basing_restriction_day"),
                "a host nation restricted basing",
            ),
        ];
        for (day, what) in firsts {
            if let Some(d) = day {
                add(d, MomentKind::Milestone, what.into(), what.into());
            }
        }
    }
    moments.sort_by_key(|m| m.day);
    moments
}

/// What happened, in a few lines, in the order it happened.
pub fn narrate(record: &RunRecord) -> Vec<String> {
    let o = &record.outcomes;
    let mut lines: Vec<String> = moments(record)
        .into_iter()
        .map(|m| format!("  day {:>3}  {}", m.day, m.told))
        .collect();
    let ever_held = record.rows.iter().any(|r| r.ceasefire == "holding");
    if o.day("ceasefire_collapse_day").is_none() && ever_held {
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
    let highest = o.day("highest_rung").unwrap_or(0);
    let rung = Rung::from_level(highest as u8);
    lines.push(format!(
        "  highest rung {} ({}){}",
        highest,
        rung.label(),
        worst
            .map(|d| format!(", {}", record.dyads[d]))
            .unwrap_or_default()
    ));
    lines.push(format!(
        "  {} strikes, {} militia attacks; intercepted {} ballistic, {} cruise, {} drones; {:.0} leaked",
        o.value("strikes").unwrap_or(0.0),
        o.value("proxy_attacks").unwrap_or(0.0),
        o.value("intercepted_ballistic").unwrap_or(0.0),
        o.value("intercepted_cruise").unwrap_or(0.0),
        o.value("intercepted_loitering").unwrap_or(0.0),
        o.value("leaked").unwrap_or(0.0)
    ));
    let ratio = o
        .value("cost_exchange_ratio")
        .map_or("n/a".into(), |r| format!("{r:.1}"));
    lines.push(format!(
        "  spending: attackers ${:.0}M, defenders ${:.0}M (cost-exchange ratio {ratio}); bases lost {}",
        o.value("attack_spending").unwrap_or(0.0) / 1e6,
        o.value("defence_spending").unwrap_or(0.0) / 1e6,
        o.value("bases_lost").unwrap_or(0.0)
    ));
    lines
}
