//! `grayzone run [SCENARIO] [--seed N] [--days N] [--out DIR]`

use std::path::PathBuf;

use grayzone_experiments::run_one;
use grayzone_model::Detail;

use crate::cmd::population::build;
use crate::error::CliError;
use crate::report::print_files;
use crate::scenario_arg;

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
    /// Replace the history an earlier run wrote into the output folder (the files it
    /// recorded writing, while unchanged; nothing else).
    #[arg(long)]
    force: bool,
    /// How events.jsonl codes events: CAMEO with Goldstein weights, or PLOVER
    /// (docs/model.md, "Events in PLOVER").
    #[arg(long, value_enum, default_value_t = Events::Cameo)]
    events: Events,
}

/// The event codings of `events.jsonl`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Events {
    /// CAMEO codes with Goldstein weights.
    #[default]
    Cameo,
    /// PLOVER: event, mode, context, quad code, intensity, and chains of retaliation.
    Plover,
}

impl From<Events> for grayzone_records::EventCoding {
    fn from(e: Events) -> Self {
        match e {
            Events::Cameo => grayzone_records::EventCoding::Cameo,
            Events::Plover => grayzone_records::EventCoding::Plover,
        }
    }
}

/// Runs the history, writes its files and tells what happened.
pub fn execute(args: Args) -> Result<(), CliError> {
    let scenario = scenario_arg::load(args.scenario.as_deref())?;
    let seed = args.seed.unwrap_or(scenario.seed());
    let days = args.days.unwrap_or(scenario.days());
    let out = scenario_arg::output_folder(args.out.as_deref(), scenario.name(), None)?;
    let removed = grayzone_reports::prepare_history_dir(&out, args.force)?;
    if removed > 0 {
        eprintln!(
            "--force: removed {removed} file(s) an earlier run wrote in {}",
            out.display()
        );
    }
    let record = run_one(scenario.theatre(), seed, 0, days, Detail::Full);
    let files =
        grayzone_reports::write_history(&out, &scenario, &record, &build(), args.events.into())?;
    // What was written, so that a later --force removes it and nothing else.
    grayzone_reports::record_history(&out, &files)?;
    println!("{} · seed {seed} · {days} days", scenario.name());
    for line in grayzone_reports::narrate(&record) {
        println!("{line}");
    }
    print_files(&out, &files);
    Ok(())
}
