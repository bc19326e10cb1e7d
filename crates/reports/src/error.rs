//! The one error type of the crate.

use std::fmt;
use std::path::PathBuf;

/// Why a report could not be written.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A chart could not be drawn or written.
    Chart(grayzone_charts::Error),
    /// A history's files could not be written.
    Records(grayzone_records::Error),
    /// A folder could not be made.
    Io {
        /// The folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The report lacks what its charts need (a sweep without its design).
    Incomplete(String),
    /// An input the user gave is not what the command reads (a folder that is not a
    /// finished experiment, a file that is not JSON).
    Input(String),
    /// The output folder holds what the command must not replace without being asked
    /// (an earlier history), or what grayzone did not write: the user's to decide.
    Refused(String),
}

impl Error {
    /// Whether the user can fix this by changing the command or its input.
    pub fn is_user_error(&self) -> bool {
        matches!(self, Error::Refused(_) | Error::Input(_))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Chart(e) => write!(f, "chart: {e}"),
            Error::Records(e) => write!(f, "{e}"),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Incomplete(what) | Error::Refused(what) | Error::Input(what) => {
                f.write_str(what)
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Chart(e) => Some(e),
            Error::Records(e) => Some(e),
            Error::Io { source, .. } => Some(source),
            Error::Incomplete(_) | Error::Refused(_) | Error::Input(_) => None,
        }
    }
}

impl From<grayzone_charts::Error> for Error {
    fn from(e: grayzone_charts::Error) -> Self {
        Error::Chart(e)
    }
}

impl From<grayzone_records::Error> for Error {
    fn from(e: grayzone_records::Error) -> Self {
        Error::Records(e)
    }
}

/// Result alias of the crate.
pub type Result<T> = std::result::Result<T, Error>;
