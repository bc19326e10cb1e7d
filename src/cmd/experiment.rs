//! `grayzone experiment FILE [--out DIR]`: everything an experiment file asks, for every
//! scenario it names, and the file that made each folder.

use std::path::{Path, PathBuf};

use grayzone_experiments::{Design, ParamRange, Plan, SweepSpec};
use grayzone_records::{Format, Table, Values, sha256_file, write_table};
use grayzone_scenario::Scenario;
use grayzone_tuning::Outcome;
use grayzone_tuning::discover::point_outcomes;
use grayzone_tuning::experiment::{ExperimentFile, Step, TableFormat};

use crate::cmd::population::{ExperimentArgs, FormatArg, run_experiment};
use crate::cmd::tuning::TuningArgs;
use crate::error::CliError;
use crate::scenario_arg;

/// Run an experiment file: ensembles, sweeps, discovery and robust searches over one or
/// several scenarios.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The experiment file (see `grayzone schema --experiment`), or the `experiment.json`
    /// an experiment folder holds, to run it again.
    file: PathBuf,
    /// Output folder [default: output/<name>].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Worker threads; 0 uses one per core. Results do not depend on it.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u16).range(0..=1024))]
    threads: u16,
    /// Continue an interrupted experiment in the output folder: finished chunks and
    /// evaluations are kept.
    #[arg(long, conflicts_with = "force")]
    resume: bool,
    /// Replace what an earlier experiment wrote into the output folders (nothing else).
    #[arg(long)]
    force: bool,
}

/// The file the short-hand commands and this one write into each folder they make.
pub const FILE: &str = "experiment.json";

/// The name of the experiment file a short-hand command records: its scenario's folder
/// name and the command, e.g. `hormuz-2026-sweep`.
pub fn shorthand_name(scenario: &str, command: &str) -> String {
    format!("{}-{command}", scenario_arg::folder_name(scenario))
}

/// Writes `experiment` into `dir` as `experiment.json`, its scenario files named by
/// absolute path with their SHA-256, so that it runs again from anywhere.
pub fn record(dir: &Path, experiment: &ExperimentFile) -> Result<PathBuf, CliError> {
    let mut recorded = experiment.clone();
    recorded.scenarios = experiment
        .scenarios
        .iter()
        .map(|s| scenario_arg::absolute(Path::new(s)).display().to_string())
        .collect();
    recorded.scenario_hashes = recorded
        .scenarios
        .iter()
        .map(|s| hash(Path::new(s)))
        .collect::<Result<_, _>>()?;
    let path = dir.join(FILE);
    grayzone_records::write_atomic(&path, recorded.to_json_string_pretty().as_bytes())?;
    Ok(path)
}

fn hash(path: &Path) -> Result<String, CliError> {
    sha256_file(path)
        .map(|(_, h)| h)
        .map_err(|e| CliError::Input(format!("error: {}: {}", path.display(), e.source)))
}

/// Reads the file, runs each step for each scenario into its folder, writes the points
/// table of every scenario's sweep with the scenario as a column, and records the file.
pub fn execute(args: Args) -> Result<(), CliError> {
    let file = ExperimentFile::from_path(&args.file).map_err(|d| CliError::Input(d.render()))?;
    let base = args.file.parent().unwrap_or(Path::new("."));
    let paths = file.scenario_paths(base);
    for (path, expected) in paths.iter().zip(&file.scenario_hashes) {
        if &hash(path)? != expected {
            return Err(CliError::Input(format!(
                "error: {}: the scenario changed since the experiment was recorded (its SHA-256 is not {expected}); a rerun would not run the same theatre",
                path.display()
            )));
        }
    }
    let scenarios: Vec<(Option<PathBuf>, Scenario)> = if paths.is_empty() {
        vec![(None, scenario_arg::load(None)?)]
    } else {
        paths
            .iter()
            .map(|p| Ok((Some(p.clone()), scenario_arg::load(Some(p))?)))
            .collect::<Result<_, CliError>>()?
    };
    for (i, (_, s)) in scenarios.iter().enumerate() {
        if scenarios[..i].iter().any(|(_, o)| o.name() == s.name()) {
            return Err(CliError::Input(format!(
                "error: {}: two scenarios are named {:?}; each gets a folder by its name",
                args.file.display(),
                s.name()
            )));
        }
    }
    let out = scenario_arg::output_folder(args.out.as_deref(), &file.name, None)?;
    let mut recorded = file.clone();
    recorded.scenarios = paths.iter().map(|p| p.display().to_string()).collect();
    let many_scenarios = scenarios.len() > 1;
    let many_steps = file.run.len() > 1;
    let mut sweeps: Vec<(String, PathBuf)> = Vec::new();
    for (path, scenario) in &scenarios {
        let home = if many_scenarios {
            out.join(scenario_arg::folder_name(scenario.name()))
        } else {
            out.clone()
        };
        // A step's folder is named after its kind; a second step of a kind gets `-2`.
        let folder = |i: usize| {
            let kind = file.run[i].kind();
            let nth = file.run[..i].iter().filter(|s| s.kind() == kind).count();
            match (many_steps, nth) {
                (false, _) => home.clone(),
                (true, 0) => home.join(kind),
                (true, n) => home.join(format!("{kind}-{}", n + 1)),
            }
        };
        let own_sweep = file
            .run
            .iter()
            .position(|s| matches!(s, Step::Sweep { .. }))
            .map(folder);
        for (i, step) in file.run.iter().enumerate() {
            let dir = folder(i);
            if many_scenarios || many_steps {
                println!(
                    "== {} · {} → {}",
                    scenario.name(),
                    step.kind(),
                    dir.display()
                );
            }
            match step {
                Step::Ensemble { runs } => run_experiment(
                    scenario.clone(),
                    path.as_deref(),
                    Plan::Ensemble { runs: *runs },
                    experiment_args(&file, &args, &dir),
                    "ensemble",
                )?,
                Step::Sweep { vary, daily } => {
                    let params = file
                        .swept(*vary)
                        .iter()
                        .map(|p| p.parse::<ParamRange>())
                        .collect::<Result<Vec<_>, _>>()?;
                    let plan = Plan::Sweep(SweepSpec {
                        params,
                        design: Design::from(file.design.kind),
                        points: file.design.points.map(|p| p as usize),
                        runs_per_point: file.runs_per_point,
                        daily: *daily || !file.series.is_empty(),
                    });
                    run_experiment(
                        scenario.clone(),
                        path.as_deref(),
                        plan,
                        experiment_args(&file, &args, &dir),
                        "sweep",
                    )?;
                    sweeps.push((scenario.name().to_owned(), dir.clone()));
                }
                Step::Discover { sweep, .. } => {
                    let sweep_dir = match (sweep, &own_sweep) {
                        (Some(s), _) => base.join(s),
                        (None, Some(own)) => own.clone(),
                        (None, None) => {
                            return Err(CliError::Failure(
                                "internal error: discovery without a sweep passed the checks"
                                    .into(),
                            ));
                        }
                    };
                    // Recorded with the sweep it read, by absolute path.
                    let mut step = step.clone();
                    if let Step::Discover { sweep, .. } = &mut step {
                        *sweep = Some(scenario_arg::absolute(&sweep_dir).display().to_string());
                    }
                    crate::cmd::discover::run(&sweep_dir, &dir, step)?;
                }
                Step::Robust { .. } => {
                    let one = ExperimentFile {
                        run: vec![step.clone()],
                        scenarios: path.iter().map(|p| p.display().to_string()).collect(),
                        scenario_hashes: Vec::new(),
                        ..file.clone()
                    };
                    let common = TuningArgs {
                        seed: file.seed,
                        threads: args.threads,
                        out: Some(dir.clone()),
                        resume: args.resume,
                    };
                    crate::cmd::optimize::run_robust(scenario.clone(), &one, &common)?;
                }
            }
        }
    }
    let mut files = Vec::new();
    if !file.outcomes.is_empty() && !sweeps.is_empty() {
        files.push(outcomes_table(&file, &sweeps, &out)?);
    }
    files.push(record(&out, &recorded)?);
    crate::report::print_files(&out, &files);
    Ok(())
}

/// The options of an ensemble or sweep step.
fn experiment_args(file: &ExperimentFile, args: &Args, dir: &Path) -> ExperimentArgs {
    ExperimentArgs {
        seed: file.seed,
        days: file.days,
        threads: args.threads,
        out: Some(dir.to_path_buf()),
        format: match file.format {
            Some(TableFormat::Csv) => FormatArg::Csv,
            Some(TableFormat::Parquet) | None => FormatArg::Parquet,
        },
        resume: args.resume,
        force: args.force,
        shard: None,
        shards: None,
        chunk_size: file
            .chunk_size
            .unwrap_or(grayzone_experiments::DEFAULT_CHUNK_SIZE),
        series: file.series.clone(),
    }
}

/// `outcomes.parquet`: one row per scenario and point of its sweep, with the scenario as a
/// column, the swept parameters, and each of the file's outcome expressions over the
/// point's runs.
fn outcomes_table(
    file: &ExperimentFile,
    sweeps: &[(String, PathBuf)],
    out: &Path,
) -> Result<PathBuf, CliError> {
    let outcomes: Vec<Outcome> = file
        .outcomes
        .iter()
        .map(|o| o.parse())
        .collect::<Result<_, _>>()?;
    let mut scenario = Vec::new();
    let mut point = Vec::new();
    let mut params: Vec<Vec<Option<f64>>> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut values: Vec<Vec<Option<f64>>> = vec![Vec::new(); outcomes.len()];
    for (name, dir) in sweeps {
        let read = point_outcomes(dir, &outcomes)?;
        if names.is_empty() {
            names = read.params.iter().map(|p| p.path.clone()).collect();
            params.resize(names.len(), Vec::new());
        }
        for (i, x) in read.x.iter().enumerate() {
            scenario.push(name.clone());
            point.push(i as i64);
            for (d, v) in x.iter().enumerate() {
                params[d].push(Some(*v));
            }
        }
        for (column, read) in values.iter_mut().zip(&read.values) {
            column.extend(read.iter().map(|v| Some(*v).filter(|v| !v.is_nan())));
        }
    }
    let mut t = Table::default();
    t.push("scenario", Values::Text(scenario));
    t.push("point", Values::Int(point));
    for (n, p) in names.into_iter().zip(params) {
        t.push(n, Values::Float(p));
    }
    for (o, v) in file.outcomes.iter().zip(values) {
        t.push(o.clone(), Values::Float(v));
    }
    t.meta("experiment", &file.name);
    let path = out.join("outcomes.parquet");
    write_table(&path, Format::Parquet, &t)?;
    Ok(path)
}
