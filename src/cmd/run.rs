//! `grayzone run [SCENARIO] [--seed N] [--days N] [--out DIR]`

use std::path::PathBuf;

use grayzone_model::{Detail, Simulation};

use crate::error::CliError;
use crate::report::print_files;
use crate::{history, scenario_arg};

/// Run one history.
#[derive(clap::Args, Default)]
pub struct Args {
    /// Scenario file (the embedded hormuz-2026 scenario when left out).
    scenario: Option<PathBuf>,
    /// Seed (the scenario's own seed when left out).
    #[arg(long)]
    seed: Option<u64>,
    /// Days to simulate (the scenario's own horizon when left out).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    days: Option<u32>,
    /// Output folder (default: output/<scenario name>).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Runs the history, writes its files and tells what happened.
pub fn execute(args: Args) -> Result<(), CliError> {
    let scenario = scenario_arg::load(args.scenario.as_deref())?;
    let seed = args.seed.unwrap_or(scenario.seed());
    let days = args.days.unwrap_or(scenario.days());
    let out = args
        .out
        .unwrap_or_else(|| PathBuf::from("output").join(scenario.name()));
    let record = Simulation::new(scenario.theatre()).run(seed, 0, days, Detail::Full);
    let files = history::write_history(&out, &scenario, &record)?;
    println!("{} · seed {seed} · {days} days", scenario.name());
    for line in history::narrate(&record) {
        println!("{line}");
    }
    print_files(&out, &files);
    Ok(())
}
