//! `grayzone replay DIR --run K [--out DIR]`

use std::path::{Path, PathBuf};

use grayzone_experiments::Replay;
use grayzone_records::{RUN_FILES, write_history};
use serde_json::{Value, json};

use crate::cmd::sweep_charts::fmt_value;
use crate::error::CliError;
use crate::history;
use crate::report::{print_files, thousands};

/// Rebuild one run of an ensemble or sweep with its full time series, events and chart.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The experiment's folder.
    dir: PathBuf,
    /// The run's index (the `run` column of runs.parquet).
    #[arg(long)]
    run: u64,
    /// Output folder [default: DIR/replay-K].
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Replays the run, writes its files and checks its outcomes against the stored row.
pub fn execute(args: Args) -> Result<(), CliError> {
    let replay = grayzone_experiments::replay(&args.dir, args.run)?;
    let out = args
        .out
        .unwrap_or_else(|| args.dir.join(format!("replay-{}", args.run)));
    let files = write_replay(&out, &args.dir, &replay)?;
    println!("{}", heading(&replay));
    for line in history::narrate(&replay.record) {
        println!("{line}");
    }
    print_files(&out, &files);
    if !replay.differences.is_empty() {
        let e = grayzone_experiments::Error::ReplayDiffers {
            run: replay.run,
            differences: replay.differences,
        };
        return Err(CliError::Failure(e.to_string()));
    }
    println!("outcomes identical to the stored row");
    Ok(())
}

/// The files of one history, like `grayzone run`, but naming the run as the experiment
/// does: its index K, its point and the point's parameters. (The model's own run index
/// is the replica, which is the same number at every point of a sweep.)
fn write_replay(out: &Path, experiment: &Path, replay: &Replay) -> Result<Vec<PathBuf>, CliError> {
    let record = &replay.record;
    write_history(out, record, &summary(experiment, replay))?;
    let mut files: Vec<PathBuf> = RUN_FILES.iter().map(|name| out.join(name)).collect();
    let mut chart = history::escalation_input(replay.scenario.name(), record);
    chart.subtitle = chart_subtitle(replay);
    let chart = grayzone_charts::escalation(&chart, &out.join("escalation"))?;
    files.extend([chart.png, chart.svg]);
    Ok(files)
}

/// `summary.json` of a replayed run: the history's own, its provenance naming the
/// experiment's run K rather than the model's replica, with the point and its values.
fn summary(experiment: &Path, replay: &Replay) -> Value {
    let mut summary =
        grayzone_records::summary_json(&replay.record, &history::provenance(&replay.scenario));
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

fn heading(replay: &Replay) -> String {
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
