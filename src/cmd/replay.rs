//! `grayzone replay DIR --run K [--out DIR]`

use std::path::PathBuf;

use crate::cmd::population::build;
use crate::error::CliError;
use crate::report::print_files;

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
    /// How events.jsonl codes events (as for `grayzone run`).
    #[arg(long, value_enum, default_value_t = crate::cmd::run::Events::Cameo)]
    events: crate::cmd::run::Events,
}

/// Replays the run, writes its files and checks its outcomes against the stored row.
pub fn execute(args: Args) -> Result<(), CliError> {
    let replay = grayzone_experiments::replay(&args.dir, args.run)?;
    let out = match args.out {
        Some(out) => out,
        None => {
            let out = args.dir.join(format!("replay-{}", args.run));
            // Inside the experiment's folder, a replay is written there, never through a
            // link to elsewhere.
            if std::fs::symlink_metadata(&out).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(CliError::Input(format!(
                    "error: {} is a symbolic link: a replay is written only into the experiment's own folder (or give --out)",
                    out.display()
                )));
            }
            out
        }
    };
    crate::scenario_arg::writable_folder(&out)?;
    let files =
        grayzone_reports::write_replay(&out, &args.dir, &replay, &build(), args.events.into())?;
    // A replay inside the experiment's folder is listed in its manifest, for --force.
    grayzone_experiments::ExperimentDir::record_written(&args.dir, &files)?;
    println!("{}", grayzone_reports::heading(&replay));
    for line in grayzone_reports::narrate(&replay.record) {
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
