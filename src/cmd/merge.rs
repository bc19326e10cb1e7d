//! `grayzone merge DIR... [--out DIR] [--format parquet|csv]`

use std::path::PathBuf;

use crate::cmd::population::{self, FormatArg};
use crate::error::CliError;
use crate::scenario_arg::command_line;

/// Join the shards of an ensemble or sweep and write its tables and charts.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The shards' folders (one folder when the shards shared it).
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
    /// Folder of the merged experiment [default: the first DIR].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Format of the tables.
    #[arg(long, value_enum, default_value_t = FormatArg::Parquet)]
    format: FormatArg,
}

/// Gathers the shards' chunks into one folder and assembles it.
pub fn execute(args: Args) -> Result<(), CliError> {
    let out = args.out.clone().unwrap_or_else(|| args.dirs[0].clone());
    crate::scenario_arg::writable_folder(&out)?;
    let (dir, manifest) = grayzone_experiments::merge(&args.dirs, &out)?;
    println!(
        "merged {} folder(s): {} chunks of {} runs",
        args.dirs.len(),
        manifest.chunks(),
        manifest.runs
    );
    let report = grayzone_experiments::assemble(
        &dir,
        &manifest,
        args.format.into(),
        &command_line(),
        &grayzone_experiments::Silent,
    )?;
    population::show(&report, dir.path(), "", Vec::new())
}
