//! `grayzone schema [--experiment]`

use crate::error::CliError;

/// Print the JSON Schema of the scenario format, or of the experiment file (for editors:
/// point a `$schema` or your editor's JSON settings at the file it writes).
#[derive(clap::Args)]
pub struct Args {
    /// The schema of experiment files (`grayzone experiment`) instead of scenarios.
    #[arg(long)]
    experiment: bool,
}

/// Prints the schema.
pub fn execute(args: Args) -> Result<(), CliError> {
    let schema = if args.experiment {
        grayzone_tuning::experiment::json_schema()
    } else {
        grayzone_scenario::json_schema()
    };
    let text = serde_json::to_string_pretty(&schema)
        .map_err(|e| CliError::Failure(format!("the schema has no JSON form (a bug): {e}")))?;
    println!("{text}");
    Ok(())
}
