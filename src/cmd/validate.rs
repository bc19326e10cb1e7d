//! `grayzone validate FILE... [--targets TARGETS.json ...]`

use std::path::PathBuf;

use grayzone_scenario::Scenario;

use crate::error::CliError;

/// Check scenario files.
#[derive(clap::Args)]
pub struct Args {
    /// Scenario files to check.
    #[arg(required_unless_present = "targets")]
    files: Vec<PathBuf>,
    /// A calibration targets file to check (repeat for more; see docs/tuning.md).
    #[arg(long, value_name = "TARGETS.json")]
    targets: Vec<PathBuf>,
}

/// Checks every file; prints `<file>: ok` or its problems; fails if any file is invalid.
pub fn execute(args: Args) -> Result<(), CliError> {
    let mut problems = Vec::new();
    for file in &args.files {
        match Scenario::from_path(file) {
            Ok(_) => println!("{}: ok", file.display()),
            Err(d) => problems.push(d.render()),
        }
    }
    for file in &args.targets {
        match grayzone_tuning::Targets::from_path(file) {
            Ok(_) => println!("{}: ok", file.display()),
            Err(d) => problems.push(d.render()),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CliError::Input(problems.join("\n\n")))
    }
}
