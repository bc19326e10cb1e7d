//! `grayzone sweep [SCENARIO] --param PATH=LO:HI[:STEPS] ... --design grid|lhs|sobol
//! [--points K] --runs-per-point R`

use std::path::PathBuf;

use grayzone_experiments::{Design, ParamRange, Plan, SweepSpec};

use crate::cmd::population::{self, ExperimentArgs};
use crate::error::CliError;
use crate::scenario_arg;

/// Run histories at points of parameter space and chart how the outcomes move.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario file (the embedded hormuz-2026 scenario when left out).
    scenario: Option<PathBuf>,
    /// A swept parameter, PATH=LO:HI[:STEPS], e.g. militias.*.autonomy=0:1:11 (repeat for
    /// more). STEPS is for a grid (11 when left out).
    #[arg(long = "param", value_name = "PATH=LO:HI[:STEPS]", required = true)]
    params: Vec<String>,
    /// How points are chosen: every combination (grid), a Latin hypercube (lhs) or a
    /// scrambled Sobol sequence (sobol).
    #[arg(long, value_parser = ["grid", "lhs", "sobol"], default_value = "grid")]
    design: String,
    /// Points of an lhs or sobol design [default: 64].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    points: Option<u64>,
    /// Runs at each point.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(1..))]
    runs_per_point: u64,
    /// Keep each point's daily aggregates (the ensemble's daily table per point):
    /// `daily.parquet` with a `point` column.
    #[arg(long)]
    daily: bool,
    #[command(flatten)]
    experiment: ExperimentArgs,
}

/// Runs the sweep into its folder, then writes its tables and charts.
pub fn execute(args: Args) -> Result<(), CliError> {
    let params = args
        .params
        .iter()
        .map(|p| p.parse::<ParamRange>())
        .collect::<Result<Vec<_>, _>>()?;
    let design: Design = args.design.parse()?;
    let scenario = scenario_arg::load(args.scenario.as_deref())?;
    let plan = Plan::Sweep(SweepSpec {
        params,
        design,
        points: args.points.map(|p| p as usize),
        runs_per_point: args.runs_per_point,
        // Chosen series are kept with each point's daily aggregates.
        daily: args.daily || !args.experiment.series.is_empty(),
    });
    population::run_experiment(
        scenario,
        args.scenario.as_deref(),
        plan,
        args.experiment,
        "sweep",
    )
}
