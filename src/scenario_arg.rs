//! The scenario a command works on: a file, or the embedded flagship.

use std::path::Path;

use grayzone_scenario::Scenario;

use crate::error::CliError;

/// The flagship scenario (seed 002, the Hormuz memorandum), compiled into the binary so
/// that `grayzone run` works anywhere.
pub const DEFAULT_SCENARIO: &str = include_str!("../scenarios/hormuz-2026.json");

/// The name the embedded scenario goes by in diagnostics and provenance.
pub const DEFAULT_ORIGIN: &str = "hormuz-2026.json (embedded default)";

/// Reads the scenario at `path`, or the embedded default when there is none.
pub fn load(path: Option<&Path>) -> Result<Scenario, CliError> {
    Ok(match path {
        Some(p) => Scenario::from_path(p)?,
        None => Scenario::from_str(DEFAULT_SCENARIO, DEFAULT_ORIGIN)?,
    })
}

/// A description of the command line, for provenance.
pub fn command_line() -> String {
    std::env::args().collect::<Vec<_>>().join(" ")
}
