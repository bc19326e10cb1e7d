//! `grayzone ensemble [SCENARIO] --runs N [--seed S] [--threads T] [--out DIR]
//! [--format parquet|csv] [--resume] [--shard I --shards N]`

use std::path::PathBuf;

use grayzone_experiments::Plan;

use crate::cmd::population::{self, ExperimentArgs};
use crate::error::CliError;
use crate::scenario_arg;

/// Run many independent histories of one scenario and summarise them.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario file (the embedded hormuz-2026 scenario when left out).
    scenario: Option<PathBuf>,
    /// Number of histories.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..))]
    runs: u64,
    #[command(flatten)]
    experiment: ExperimentArgs,
}

/// Runs the ensemble into its folder, then writes its tables and charts.
pub fn execute(args: Args) -> Result<(), CliError> {
    let scenario = scenario_arg::load(args.scenario.as_deref())?;
    population::run_experiment(
        scenario,
        args.scenario.as_deref(),
        Plan::Ensemble { runs: args.runs },
        args.experiment,
        "ensemble",
    )
}
