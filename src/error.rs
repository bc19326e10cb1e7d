//! The binary's one error type, with the exit status each kind maps to.

use std::fmt;

/// A failure that ends the command.
#[derive(Debug)]
pub enum CliError {
    /// The input is invalid: a scenario, an argument, a path (exit status 2).
    Input(String),
    /// Something else failed: writing a file, a chart (exit status 1).
    Failure(String),
}

impl CliError {
    /// Invalid input, said once as an error: a message that already starts with
    /// `error:` (rendered diagnostics) is not prefixed again.
    pub fn input(e: impl fmt::Display) -> CliError {
        let text = e.to_string();
        CliError::Input(if text.starts_with("error:") {
            text
        } else {
            format!("error: {text}")
        })
    }

    /// The exit status.
    pub fn code(&self) -> u8 {
        match self {
            CliError::Input(_) => 2,
            CliError::Failure(_) => 1,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Input(m) => write!(f, "{}", m.trim_end()),
            CliError::Failure(m) => write!(f, "error: {}", m.trim_end()),
        }
    }
}

impl From<grayzone_scenario::Diagnostics> for CliError {
    /// Each problem with its source line and a caret under the place.
    fn from(d: grayzone_scenario::Diagnostics) -> Self {
        CliError::Input(d.render())
    }
}

impl From<grayzone_records::Error> for CliError {
    fn from(e: grayzone_records::Error) -> Self {
        CliError::Failure(e.to_string())
    }
}

impl From<grayzone_charts::Error> for CliError {
    fn from(e: grayzone_charts::Error) -> Self {
        CliError::Failure(format!("chart: {e}"))
    }
}

impl From<grayzone_reports::Error> for CliError {
    fn from(e: grayzone_reports::Error) -> Self {
        if e.is_user_error() {
            CliError::input(e)
        } else {
            CliError::Failure(e.to_string())
        }
    }
}
