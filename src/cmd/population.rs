//! What `ensemble`, `sweep` and `merge` share: the options of an experiment, and what
//! is shown when it ends.

use std::path::{Path, PathBuf};

use grayzone_experiments::{
    Build, DEFAULT_CHUNK_SIZE, ExecuteOptions, Execution, Format, Plan, Report, RunOptions, Shard,
    Spec,
};
use grayzone_scenario::Scenario;
use grayzone_tuning::experiment::{
    DesignFile, DesignKind, ExperimentFile, Step, TableFormat, Vary,
};

use crate::error::CliError;
use crate::report::{Bar, print_files};
use crate::scenario_arg::command_line;

impl From<grayzone_experiments::Error> for CliError {
    fn from(e: grayzone_experiments::Error) -> Self {
        if e.is_user_error() {
            CliError::input(e)
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
    /// Daily quantities whose series the daily table keeps, per day and dyad (their mean,
    /// standard deviation, minimum and maximum over the runs), named as `timeseries.csv`
    /// names them: strikes, intercepted, leaked, goldstein, interceptor_stock_a, ...,
    /// arsenal_b (comma-separated). The runs then record their full daily rows.
    #[arg(long, value_delimiter = ',', value_name = "QUANTITY,...")]
    pub series: Vec<String>,
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
    let out =
        crate::scenario_arg::output_folder(args.out.as_deref(), scenario.name(), Some(command))?;
    let (shard, source) =
        Shard::resolve_with_source(args.shard, args.shards, |k| std::env::var(k).ok())?;
    // The text as read, so that replays name the scenario by the same hash.
    let scenario_text = match scenario_file {
        Some(path) => std::fs::read_to_string(path).ok(),
        None => Some(crate::scenario_arg::DEFAULT_SCENARIO.to_owned()),
    };
    let recorded = shorthand(&scenario, scenario_file, &plan, &args, command);
    let spec = Spec {
        scenario,
        scenario_text,
        seed: args.seed,
        days: args.days,
        plan,
        chunk_size: args.chunk_size,
        series: args.series.clone(),
        build: build(),
    };
    let command_line = command_line();
    let options = ExecuteOptions {
        run: RunOptions {
            threads: usize::from(args.threads),
            shard,
        },
        resume: args.resume,
        force: args.force,
        format: args.format.into(),
        command: &command_line,
    };
    let execution = Execution::prepare(spec, &out, options)?;
    for warning in execution.warnings() {
        eprintln!("warning: {warning}");
    }
    if execution.removed() > 0 {
        eprintln!(
            "--force: removed {} file(s) an earlier experiment wrote in {}",
            execution.removed(),
            out.display()
        );
    }
    let chunks = execution.manifest().chunks();
    let name = execution.manifest().scenario.name.clone();
    let done = execution.run(&Bar::new(""))?;
    let pace = grayzone_reports::pace(done.run.runs_computed, done.elapsed, done.run.threads);
    let Some(report) = done.report else {
        println!(
            "{name} · {}{pace}",
            grayzone_reports::slice(shard, source, &done.run, chunks)
        );
        println!("wrote {}", out.display());
        println!(
            "when every shard is done: grayzone merge <their folders> --out <folder> (or grayzone merge {} if they share it)",
            out.display()
        );
        return Ok(());
    };
    if done.run.already_finished > 0 {
        println!(
            "resumed: {} chunk(s) were finished before, {} computed now",
            done.run.already_finished, done.run.computed
        );
    }
    let experiment = crate::cmd::experiment::record(done.dir.path(), &recorded)?;
    show(&report, done.dir.path(), &pace, vec![experiment])
}

/// The experiment file of one step that the command's flags stand for.
fn shorthand(
    scenario: &Scenario,
    scenario_file: Option<&Path>,
    plan: &Plan,
    args: &ExperimentArgs,
    command: &str,
) -> ExperimentFile {
    let mut file = ExperimentFile {
        name: crate::cmd::experiment::shorthand_name(scenario.name(), command),
        scenarios: scenario_file
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        seed: args.seed,
        days: args.days,
        chunk_size: (args.chunk_size != grayzone_experiments::DEFAULT_CHUNK_SIZE)
            .then_some(args.chunk_size),
        format: match args.format {
            FormatArg::Parquet => None,
            FormatArg::Csv => Some(TableFormat::Csv),
        },
        series: args.series.clone(),
        ..ExperimentFile::one_step()
    };
    match plan {
        Plan::Ensemble { runs } => file.run.push(Step::Ensemble { runs: *runs }),
        Plan::Sweep(sweep) => {
            file.params = sweep.params.iter().map(ToString::to_string).collect();
            file.design = DesignFile {
                kind: DesignKind::from(sweep.design),
                points: sweep.points.map(|p| p as u64),
            };
            file.runs_per_point = sweep.runs_per_point;
            file.run.push(Step::Sweep {
                vary: Vary::All,
                daily: sweep.daily,
            });
        }
    }
    file
}

/// Draws the charts of an assembled experiment and prints what it found and the files
/// written; shared with `merge`.
pub fn show(report: &Report, dir: &Path, pace: &str, more: Vec<PathBuf>) -> Result<(), CliError> {
    let charts = grayzone_reports::charts(report, dir)?;
    for line in grayzone_reports::findings(report, pace) {
        println!("{line}");
    }
    for why in &charts.not_drawn {
        println!("  not drawn: {why}");
    }
    let files: Vec<PathBuf> = (report.files.iter().chain(&charts.files).cloned())
        .chain(more)
        .collect();
    // The manifest lists what was written, so that --force removes it and nothing else.
    grayzone_experiments::ExperimentDir::record_written(dir, &files)?;
    print_files(dir, &files);
    Ok(())
}
