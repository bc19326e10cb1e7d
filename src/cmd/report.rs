//! `grayzone report DIR... [--out FILE]`

use std::path::PathBuf;

use crate::error::CliError;
use crate::scenario_arg::SHIPPED;

/// Write one self-contained HTML page of finished experiments.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Experiment folders (ensemble, sweep, sensitivity, calibrate, optimize, discover,
    /// optimize --robust); several are compared side by side.
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
    /// The page to write [default: DIR/report.html of the first folder].
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Reads the folders, writes the page and, inside an experiment's folder, lists it in the
/// manifest so that `--force` may remove it later.
pub fn execute(args: Args) -> Result<(), CliError> {
    let html = grayzone_reports::report_page(&args.dirs, &SHIPPED)?;
    let out = args.out.unwrap_or_else(|| args.dirs[0].join("report.html"));
    // The page's folder is made like any command's output folder, and probed first.
    if let Some(folder) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        crate::scenario_arg::writable_folder(folder)?;
    }
    grayzone_records::write_atomic(&out, html.as_bytes())?;
    if args.dirs[0].join("manifest.json").is_file() && out.starts_with(&args.dirs[0]) {
        grayzone_experiments::ExperimentDir::record_written(
            &args.dirs[0],
            std::slice::from_ref(&out),
        )?;
    }
    println!("wrote {}", out.display());
    Ok(())
}
