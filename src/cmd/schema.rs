//! `grayzone schema`

use crate::error::CliError;

/// Print the JSON Schema of the scenario format (for editors: point a `$schema` or your
/// editor's JSON settings at the file it writes).
#[derive(clap::Args)]
pub struct Args {}

/// Prints the schema.
pub fn execute(_: Args) -> Result<(), CliError> {
    let schema = grayzone_scenario::json_schema();
    let text = serde_json::to_string_pretty(&schema)
        .map_err(|e| CliError::Failure(format!("the schema has no JSON form (a bug): {e}")))?;
    println!("{text}");
    Ok(())
}
