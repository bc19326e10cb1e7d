//! What `ensemble`, `sweep` and `merge` share: the options of an experiment, the progress
//! bar, the charts made from an experiment's report, and the summary printed at the end.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use grayzone_charts::{
    AtRisk, FanDay, FanInput, FanPanel, HistogramInput, Quantity, RungSharesInput, SurvivalInput,
};
use grayzone_experiments::{
    Build, DEFAULT_CHUNK_SIZE, Experiment, ExperimentDir, Format, Kind, Plan, Report, RunOptions,
    RunReport, Shard, ShardSource, Spec, assemble, run,
};
use grayzone_scenario::Scenario;

use crate::cmd::sweep_charts;
use crate::error::CliError;
use crate::report::{Bar, print_files, rate, thousands};
use crate::scenario_arg::command_line;

impl From<grayzone_experiments::Error> for CliError {
    fn from(e: grayzone_experiments::Error) -> Self {
        if e.is_user_error() {
            CliError::Input(format!("error: {e}"))
        } else {
            CliError::Failure(e.to_string())
        }
    }
}

/// The table format, as the command line spells it.
#[derive(Clone, Copy, Debug, Default, clap::ValueEnum)]
pub enum FormatArg {
    /// Apache Parquet (pandas, pyarrow, DuckDB, R arrow).
    #[default]
    Parquet,
    /// Comma-separated values, for small experiments and spreadsheets.
    Csv,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Parquet => Format::Parquet,
            FormatArg::Csv => Format::Csv,
        }
    }
}

/// Options every experiment takes.
#[derive(clap::Args, Debug)]
pub struct ExperimentArgs {
    /// Seed of the experiment (the scenario's own seed when left out).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Days per run (the scenario's own horizon when left out).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub days: Option<u32>,
    /// Worker threads; 0 uses one per core.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u16).range(0..=1024))]
    pub threads: u16,
    /// Output folder [default: output/<scenario name>/<command>].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Format of the tables.
    #[arg(long, value_enum, default_value_t = FormatArg::Parquet)]
    pub format: FormatArg,
    /// Continue the interrupted experiment in the output folder: finished chunks are kept.
    #[arg(long, conflicts_with = "force")]
    pub resume: bool,
    /// Replace what an earlier experiment wrote into the output folder (its manifest,
    /// chunks, tables, summary, charts and replays; nothing else) and start again.
    #[arg(long)]
    pub force: bool,
    /// Run only slice I (counted from 0) of --shards N, then join the slices with
    /// `grayzone merge`. Without it, the slice comes from SLURM_ARRAY_TASK_ID and
    /// SLURM_ARRAY_TASK_COUNT, or JOB_COMPLETION_INDEX and GRAYZONE_SHARDS.
    #[arg(long, value_name = "I", requires = "shards")]
    pub shard: Option<u64>,
    /// Number of slices of a sharded experiment.
    #[arg(long, value_name = "N", requires = "shard")]
    pub shards: Option<u64>,
    /// Runs per chunk file: the unit of resume and sharding.
    #[arg(long, default_value_t = DEFAULT_CHUNK_SIZE, value_parser = clap::value_parser!(u64).range(1..))]
    pub chunk_size: u64,
}

/// The software building an experiment, for its manifest and provenance.
pub fn build() -> Build {
    Build {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        commit: env!("GRAYZONE_GIT_COMMIT").to_owned(),
    }
}

/// Plans, runs and (when the slice is the whole experiment) assembles and charts an
/// ensemble or sweep; `command` names the default output subfolder.
pub fn run_experiment(
    scenario: Scenario,
    scenario_file: Option<&Path>,
    plan: Plan,
    args: ExperimentArgs,
    command: &str,
) -> Result<(), CliError> {
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(scenario.name()).join(command));
    let (shard, source) =
        Shard::resolve_with_source(args.shard, args.shards, |k| std::env::var(k).ok())?;
    if args.force && !shard.is_whole() {
        return Err(CliError::Input(
            "error: --force cannot be combined with a shard: the tasks of an array share the folder, and each would delete the chunks of the others; clear the folder once before submitting (or run grayzone once with --force and no shard)".into(),
        ));
    }
    // The text as read, so that replays name the scenario by the same hash.
    let scenario_text = match scenario_file {
        Some(path) => std::fs::read_to_string(path).ok(),
        None => Some(crate::scenario_arg::DEFAULT_SCENARIO.to_owned()),
    };
    let experiment = Experiment::plan(Spec {
        scenario,
        scenario_text,
        seed: args.seed,
        days: args.days,
        plan,
        chunk_size: args.chunk_size,
        build: build(),
    })?;
    for warning in experiment.warnings() {
        eprintln!("warning: {warning}");
    }
    let manifest = experiment.manifest();
    if args.force {
        let removed = ExperimentDir::clear(&out, &written_by_finish)?;
        if removed > 0 {
            eprintln!(
                "--force: removed {removed} file(s) an earlier experiment wrote in {}",
                out.display()
            );
        }
    }
    let dir = ExperimentDir::prepare(&out, manifest, args.resume, shard.chunks(manifest.chunks()))?;
    let progress = Bar::new("");
    let started = Instant::now();
    let options = RunOptions {
        threads: usize::from(args.threads),
        shard,
    };
    let done = run(&experiment, &dir, options, &progress)?;
    let elapsed = started.elapsed();
    let threads = if args.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        usize::from(args.threads)
    };
    let pace = pace(done.runs_computed, elapsed, threads);
    if !shard.is_whole() {
        println!(
            "{} · {}{pace}",
            manifest.scenario.name,
            describe_slice(shard, source, &done, manifest.chunks())
        );
        println!("wrote {}", out.display());
        println!(
            "when every shard is done: grayzone merge <their folders> --out <folder> (or grayzone merge {} if they share it)",
            out.display()
        );
        return Ok(());
    }
    if done.already_finished > 0 {
        println!(
            "resumed: {} chunk(s) were finished before, {} computed now",
            done.already_finished, done.computed
        );
    }
    finish(&dir, args.format.into(), &pace)
}

/// The files [`finish`] writes into an experiment folder besides the library's (the
/// charts): what `--force` may remove.
fn written_by_finish(name: &str) -> bool {
    let Some(stem) = name
        .strip_suffix(".png")
        .or_else(|| name.strip_suffix(".svg"))
    else {
        return false;
    };
    ENSEMBLE_CHARTS.contains(&stem) || sweep_charts::is_chart_stem(stem)
}

/// The charts of an ensemble, by file stem.
const ENSEMBLE_CHARTS: [&str; 4] = [
    "escalation-fan",
    "ceasefire-survival",
    "rung-shares",
    "cost-exchange",
];

/// What a slice ran, in words that cannot be misread: shards counted from 1 for people
/// (with the index the flags take), chunk ranges inclusive.
fn describe_slice(shard: Shard, source: ShardSource, done: &RunReport, chunks: u64) -> String {
    let from = match source {
        ShardSource::Slurm { task } => {
            format!(" (Slurm array task {task}: --shard {})", shard.index())
        }
        ShardSource::Kubernetes => format!(" (JOB_COMPLETION_INDEX {})", shard.index()),
        _ => format!(" (--shard {})", shard.index()),
    };
    let range = match done.chunks.end - done.chunks.start {
        0 => "no chunk (more shards than chunks)".to_owned(),
        1 => format!("chunk {} (1 of {chunks})", done.chunks.start),
        n => format!(
            "chunks {}–{} ({n} of {chunks})",
            done.chunks.start,
            done.chunks.end - 1
        ),
    };
    format!(
        "shard {} of {}{from}: {range}, {} computed now, {} finished before",
        shard.index() + 1,
        shard.count(),
        done.computed,
        done.already_finished
    )
}

/// Assembles the tables of a finished experiment, draws its charts and prints what it
/// found; shared with `merge`.
pub fn finish(dir: &ExperimentDir, format: Format, pace: &str) -> Result<(), CliError> {
    let (_, manifest) = ExperimentDir::open(dir.path())?;
    let report = assemble(dir, &manifest, format, &command_line())?;
    let charts = write_charts(&report, dir.path())?;
    match manifest.kind {
        Kind::Ensemble => print_ensemble(&report, pace),
        Kind::Sweep => print_sweep(&report, pace),
    }
    let files: Vec<PathBuf> = report.files.iter().chain(&charts).cloned().collect();
    print_files(dir.path(), &files);
    Ok(())
}

fn pace(runs: u64, elapsed: Duration, threads: usize) -> String {
    if runs == 0 {
        return String::new();
    }
    let s = elapsed.as_secs_f64();
    format!(
        " · {} runs in {s:.1} s ({} on {threads} thread{})",
        thousands(runs),
        rate(runs as f64 / s.max(1e-9)),
        if threads == 1 { "" } else { "s" }
    )
}

fn subtitle(report: &Report) -> String {
    let m = &report.manifest;
    format!(
        "{} · seed {} · {} runs · {} days",
        m.scenario.name,
        m.seed,
        thousands(m.runs),
        m.days
    )
}

/// Writes the charts of an ensemble or a sweep into `dir`; returns their files.
fn write_charts(report: &Report, dir: &Path) -> Result<Vec<PathBuf>, CliError> {
    let mut files = Vec::new();
    let mut add = |w: grayzone_charts::Written| files.extend([w.png, w.svg]);
    match report.manifest.kind {
        Kind::Ensemble => {
            add(grayzone_charts::fan(
                &fan_input(report),
                &dir.join("escalation-fan"),
            )?);
            if let Some(input) = survival_input(report) {
                add(grayzone_charts::survival(
                    &input,
                    &dir.join("ceasefire-survival"),
                )?);
            }
            add(grayzone_charts::rung_shares(
                &rung_shares_input(report),
                &dir.join("rung-shares"),
            )?);
            if !report.cost_exchange.is_empty() {
                add(grayzone_charts::histogram(
                    &cost_exchange_input(report),
                    &dir.join("cost-exchange"),
                )?);
            }
        }
        Kind::Sweep => {
            for w in sweep_charts::write(report, dir)? {
                add(w);
            }
        }
    }
    Ok(files)
}

/// Dyads shown in the fan chart beyond which only the theatre and the first ones appear.
const MAX_FAN_DYADS: usize = 8;

fn fan_input(report: &Report) -> FanInput {
    let dyads = &report.manifest.dyads;
    let theatre = dyads.len();
    let shown: Vec<usize> = (0..dyads.len().min(MAX_FAN_DYADS))
        .chain([theatre])
        .collect();
    let panels = shown
        .iter()
        .map(|&d| FanPanel {
            label: if d == theatre {
                "theatre: highest rung of any dyad".to_owned()
            } else {
                dyads[d].clone()
            },
            days: report
                .daily
                .iter()
                .filter(|r| r.dyad == d)
                .map(|r| FanDay {
                    day: r.day,
                    p05: r.rung[0],
                    p25: r.rung[1],
                    median: r.rung[2],
                    p75: r.rung[3],
                    p95: r.rung[4],
                })
                .collect(),
        })
        .collect();
    let more = if dyads.len() > MAX_FAN_DYADS {
        format!(" · first {MAX_FAN_DYADS} of {} dyads", dyads.len())
    } else {
        String::new()
    };
    FanInput {
        title: format!(
            "Escalation across {} histories: rung per day",
            thousands(report.manifest.runs)
        ),
        subtitle: format!(
            "{}{more} · a day's rung is the highest class of act in the ladder's rolling window",
            subtitle(report)
        ),
        quantity: Quantity::Rung,
        panels,
    }
}

fn survival_input(report: &Report) -> Option<SurvivalInput> {
    let km = report.survival.as_ref()?;
    let steps = km.steps();
    let horizon = f64::from(report.manifest.days);
    let censored = steps
        .iter()
        .filter(|s| s.time == horizon)
        .map(|s| s.censored as u64)
        .sum();
    // Counts under the axis's own ticks, so that each sits under a labelled day.
    let every = nice_step(report.manifest.days, 10);
    let at_risk = (0..=report.manifest.days)
        .step_by(every as usize)
        .map(|d| AtRisk {
            day: f64::from(d),
            count: km.at_risk(f64::from(d)) as u64,
        })
        .collect();
    Some(SurvivalInput {
        title: "How long the ceasefire holds".to_owned(),
        subtitle: format!(
            "{} · day of the first collapse; runs still holding at the horizon are censored",
            subtitle(report)
        ),
        x_label: "day".to_owned(),
        times: steps.iter().map(|s| s.time).collect(),
        survival: steps.iter().map(|s| s.survival).collect(),
        lower: steps.iter().map(|s| s.lo).collect(),
        upper: steps.iter().map(|s| s.hi).collect(),
        at_risk,
        horizon,
        censored,
    })
}

/// The smallest of 1, 2, 5, 10, 20, 50... that cuts `span` into at most `parts` steps.
fn nice_step(span: u32, parts: u32) -> u32 {
    let mut unit = 1u32;
    loop {
        for m in [1, 2, 5] {
            let step = unit.saturating_mul(m);
            if span.div_ceil(step.max(1)) <= parts || step == u32::MAX {
                return step.max(1);
            }
        }
        unit = unit.saturating_mul(10);
    }
}

fn rung_shares_input(report: &Report) -> RungSharesInput {
    let theatre = report.manifest.dyads.len();
    let rows: Vec<_> = report.daily.iter().filter(|r| r.dyad == theatre).collect();
    RungSharesInput {
        title: "Where the histories stand, day by day".to_owned(),
        subtitle: format!(
            "{} · share of runs at each rung (the highest of any dyad)",
            subtitle(report)
        ),
        days: rows.iter().map(|r| r.day).collect(),
        shares: rows.iter().map(|r| r.rung_share).collect(),
    }
}

fn cost_exchange_input(report: &Report) -> HistogramInput {
    let with_value: u64 = report.cost_exchange.iter().map(|(_, n)| n).sum();
    let without = report.manifest.runs - with_value;
    let note = if without > 0 {
        format!(" · {} runs fired nothing", thousands(without))
    } else {
        String::new()
    };
    HistogramInput {
        title: "Cost exchange: defence spent per dollar of attack".to_owned(),
        subtitle: format!(
            "{}{note} · above 1, the defenders spent more than the attackers",
            subtitle(report)
        ),
        x_label: "defence spending ÷ attack spending (log scale)".to_owned(),
        y_label: "runs".to_owned(),
        values: report.cost_exchange.iter().map(|(v, _)| *v).collect(),
        weights: report.cost_exchange.iter().map(|(_, n)| *n).collect(),
        bins: 0,
        log_x: true,
        show_median: true,
    }
}

/// The ceasefire's Kaplan–Meier median and quartiles, in words: all runs count, those
/// that held to the horizon censored there.
fn km_line(km: &serde_json::Value, days: u32) -> Option<String> {
    let day = |key: &str| {
        km[key]
            .as_f64()
            .map_or(format!("after day {days}"), |d| format!("day {d}"))
    };
    let horizon = km["survival_at_horizon"].as_f64()?;
    Some(format!(
        "Kaplan–Meier over all runs: a quarter collapsed by {}, half by {}, three quarters by {} ({:.1}% still holding on day {days})",
        day("q1"),
        day("median"),
        day("q3"),
        horizon * 100.0
    ))
}

fn print_ensemble(report: &Report, pace: &str) {
    let m = &report.manifest;
    println!(
        "{} · ensemble of {} runs · seed {} · {} days{pace}",
        m.scenario.name,
        thousands(m.runs),
        m.seed,
        m.days
    );
    let p = &report.summary["probabilities"];
    let line = |label: &str, key: &str| {
        let v = &p[key];
        if let (Some(e), Some(lo), Some(hi)) =
            (v["estimate"].as_f64(), v["lo"].as_f64(), v["hi"].as_f64())
        {
            println!("  {label:<42} {e:>6.3}  [{lo:.3}, {hi:.3}]");
        }
    };
    line("P(ceasefire collapses)", "ceasefire_collapsed");
    line(
        "P(ceasefire collapses within 30 days)",
        "ceasefire_collapse_within_30_days",
    );
    line(
        "P(regional war within 30 days)",
        "regional_war_within_30_days",
    );
    if report.summary.get("undefined").is_some() {
        println!(
            "  P(… within 30 days): undefined, the runs last {} days (the line above is P(by day {}))",
            m.days, m.days
        );
    }
    line("P(direct state-on-state strike)", "direct_strike");
    line(
        "P(highest rung >= 3, direct exchange)",
        "highest_rung_at_least_3",
    );
    line(
        "P(highest rung >= 5, full-scale war)",
        "highest_rung_at_least_5",
    );
    let t = &report.summary["times"]["ceasefire_collapse_day"];
    if let (Some(median), Some(q1), Some(q3)) =
        (t["median"].as_f64(), t["q1"].as_f64(), t["q3"].as_f64())
    {
        println!(
            "  ceasefire collapse: median day {median}, quartiles {q1}–{q3} among {} runs; {} held to day {}",
            thousands(t["events"].as_u64().unwrap_or(0)),
            thousands(t["censored"].as_u64().unwrap_or(0)),
            m.days
        );
    }
    if let Some(line) = km_line(&t["kaplan_meier"], m.days) {
        println!("  {line}");
    }
    let c = &report.summary["cost_exchange"];
    if let (Some(median), Some(q1), Some(q3)) =
        (c["median"].as_f64(), c["p25"].as_f64(), c["p75"].as_f64())
    {
        println!(
            "  cost-exchange ratio (defence $ per attack $): median {median:.2}, quartiles {q1:.2}–{q3:.2}"
        );
    }
}

fn print_sweep(report: &Report, pace: &str) {
    let m = &report.manifest;
    let Some(sweep) = &m.sweep else { return };
    let params: Vec<String> = sweep
        .params
        .iter()
        .map(|p| format!("{} in [{}, {}]", p.path, p.lo, p.hi))
        .collect();
    println!(
        "{} · {} sweep of {} points × {} runs · seed {} · {} days{pace}",
        m.scenario.name,
        sweep.design,
        thousands(sweep.points.len() as u64),
        thousands(m.runs_per_point),
        m.seed,
        m.days
    );
    println!("  {}", params.join(", "));
    let (key, label) = sweep_charts::headline(m.days);
    let extreme = |better: fn(f64, f64) -> bool| {
        report
            .points
            .iter()
            .filter_map(|p| p.get(&key).map(|e| (p, e.interval.estimate)))
            .filter(|(_, e)| e.is_finite())
            .reduce(|a, b| if better(b.1, a.1) { b } else { a })
    };
    let at = |p: &grayzone_experiments::PointSummary| {
        sweep
            .params
            .iter()
            .zip(&p.params)
            .map(|(r, v)| format!("{} = {}", r.path, sweep_charts::fmt_value(*v)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let (Some((lo_p, lo)), Some((hi_p, hi))) = (extreme(|a, b| a < b), extreme(|a, b| a > b)) {
        println!("  {label}: lowest {lo:.3} at {}", at(lo_p));
        println!("  {label}: highest {hi:.3} at {}", at(hi_p));
    }
    if report.summary.get("undefined").is_some() {
        println!(
            "  (the runs last {} days: P(… within 30 days) is undefined, and the charts show P(within {} days))",
            m.days, m.days
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_risk_counts_fall_on_round_days() {
        assert_eq!(nice_step(90, 10), 10);
        assert_eq!(nice_step(365, 10), 50);
        assert_eq!(nice_step(25, 10), 5);
        assert_eq!(nice_step(3, 10), 1);
    }

    #[test]
    fn chart_files_are_recognised_for_force() {
        assert!(written_by_finish("cost-exchange.png"));
        assert!(written_by_finish("ceasefire-collapse-30d.svg"));
        assert!(written_by_finish("regional-war-20d.png"));
        assert!(!written_by_finish("notes.png"));
        assert!(!written_by_finish("cost-exchange.pdf"));
    }
}
