//! One run of an experiment, replayed: its files, named as the experiment names the run.

use std::path::{Path, PathBuf};

use grayzone_experiments::{Build, Replay};
use grayzone_records::{EventCoding, RUN_FILES, write_history};
use serde_json::{Value, json};

use crate::error::Result;
use crate::history::{escalation_input, provenance};
use crate::text::{fmt_value, thousands};

/// The files of one history, like `grayzone run`, but naming the run as the experiment
/// does: its index K, its point and the point's parameters. (The model's own run index
/// is the replica, which is the same number at every point of a sweep.)
pub fn write_replay(
    out: &Path,
    experiment: &Path,
    replay: &Replay,
    build: &Build,
    coding: EventCoding,
) -> Result<Vec<PathBuf>> {
    let record = &replay.record;
    write_history(out, record, &summary(experiment, replay, build), coding)?;
    let mut files: Vec<PathBuf> = RUN_FILES.iter().map(|name| out.join(name)).collect();
    let mut chart = escalation_input(replay.scenario.name(), record);
    chart.subtitle = chart_subtitle(replay);
    let chart = grayzone_charts::escalation(&chart, &out.join("escalation"))?;
    files.extend([chart.png, chart.svg]);
    Ok(files)
}

/// `summary.json` of a replayed run: the history's own, its provenance naming the
/// experiment's run K rather than the model's replica, with the point and its values.
fn summary(experiment: &Path, replay: &Replay, build: &Build) -> Value {
    let mut summary =
        grayzone_records::summary_json(&replay.record, &provenance(&replay.scenario, build));
    let params: serde_json::Map<String, Value> = (replay.params.iter())
        .map(|(path, v)| (path.clone(), json!(v)))
        .collect();
    let m = &replay.manifest;
    let p = &mut summary["provenance"];
    p["run"] = json!(replay.run);
    p["model_run"] = json!(replay.replica);
    p["experiment"] = json!({
        "folder": experiment.display().to_string(),
        "kind": m.kind,
        "runs": m.runs,
        "runs_per_point": m.runs_per_point,
        "point": m.sweep.as_ref().map(|_| replay.point),
        "params": params,
        "scenario_hash": m.scenario.hash,
    });
    summary
}

/// The point's values, `path = value, ...`, or nothing for an ensemble.
fn point_values(replay: &Replay) -> String {
    (replay.params.iter())
        .map(|(p, v)| format!("{p} = {}", fmt_value(*v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// ` · point K: path = value, ...` for a run of a sweep, nothing for an ensemble's.
fn point_suffix(replay: &Replay) -> String {
    if replay.params.is_empty() {
        String::new()
    } else {
        format!(" · point {}: {}", replay.point, point_values(replay))
    }
}

/// The first line told of a replayed run: which run of which experiment, at which point.
pub fn heading(replay: &Replay) -> String {
    let m = &replay.manifest;
    format!(
        "{} · run {} of {} · seed {} · model run {} · {} days{}",
        m.scenario.name,
        replay.run,
        thousands(m.runs),
        m.seed,
        replay.replica,
        m.days,
        point_suffix(replay),
    )
}

fn chart_subtitle(replay: &Replay) -> String {
    let m = &replay.manifest;
    format!(
        "seed {} · run {} of {} (model run {}){} · {} days · rung per hostile dyad ({}-day window)",
        m.seed,
        replay.run,
        thousands(m.runs),
        replay.replica,
        point_suffix(replay),
        m.days,
        replay.record.ladder_window_days,
    )
}
