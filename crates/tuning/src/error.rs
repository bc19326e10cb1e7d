//! The one error type of the crate.

use std::fmt;
use std::path::PathBuf;

use grayzone_scenario::Diagnostics;

/// Why an analysis could not be set up, run or written.
///
/// [`Error::is_user_error`] tells input the user can fix (a bad range, an unknown
/// outcome, a targets file with mistakes) from failures of the machine (a full disk);
/// the command line maps the two to exit statuses.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// An option, parameter range, outcome expression or constraint is invalid.
    Invalid(String),
    /// The scenario rejects a parameter value; the text is its rendered diagnostics.
    Scenario(String),
    /// The targets file has problems; `render` them to show each with its source line.
    Targets(Diagnostics),
    /// The simulations carry no answer: an outcome undefined everywhere, an outcome
    /// that does not vary, a budget too small for the method.
    Inconclusive(String),
    /// A statistical method refused its input (a bug rather than a user error).
    Stats(grayzone_stats::Error),
    /// The experiment machinery failed: the runner, or a finished experiment's folder
    /// that discovery reads; a user's error or not as the experiments crate says.
    Experiment(grayzone_experiments::Error),
    /// A file could not be written.
    Write {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

impl Error {
    /// Whether the user can fix this by changing the command or its input.
    pub fn is_user_error(&self) -> bool {
        match self {
            Error::Experiment(e) => e.is_user_error(),
            e => matches!(
                e,
                Error::Invalid(_) | Error::Scenario(_) | Error::Targets(_) | Error::Inconclusive(_)
            ),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(m) | Error::Scenario(m) | Error::Inconclusive(m) => f.write_str(m),
            Error::Targets(t) => write!(f, "{t}"),
            Error::Stats(e) => write!(f, "statistics: {e}"),
            Error::Experiment(e) => write!(f, "{e}"),
            Error::Write { path, message } => write!(f, "{}: {message}", path.display()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Targets(t) => Some(t),
            Error::Stats(e) => Some(e),
            Error::Experiment(e) => Some(e),
            _ => None,
        }
    }
}

impl From<grayzone_stats::Error> for Error {
    fn from(e: grayzone_stats::Error) -> Self {
        Error::Stats(e)
    }
}

impl From<Diagnostics> for Error {
    fn from(e: Diagnostics) -> Self {
        Error::Targets(e)
    }
}

impl From<grayzone_records::Error> for Error {
    fn from(e: grayzone_records::Error) -> Self {
        Error::Write {
            path: e.path.clone(),
            message: e.source.to_string(),
        }
    }
}

impl From<grayzone_experiments::Error> for Error {
    fn from(e: grayzone_experiments::Error) -> Self {
        Error::Experiment(e)
    }
}

/// Result alias of the crate.
pub type Result<T> = std::result::Result<T, Error>;
