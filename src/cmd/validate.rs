//! `grayzone validate FILE...`

use std::path::PathBuf;

use grayzone_scenario::Scenario;

use crate::error::CliError;

/// Check scenario files.
#[derive(clap::Args)]
pub struct Args {
    /// Scenario files to check.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// Checks every file; prints `<file>: ok` or its problems; fails if any file is invalid.
pub fn execute(args: Args) -> Result<(), CliError> {
    let mut problems = Vec::new();
    for file in &args.files {
        match Scenario::from_path(file) {
            Ok(_) => println!("{}: ok", file.display()),
            Err(d) => problems.push(d.to_string()),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CliError::Input(problems.join("\n")))
    }
}
