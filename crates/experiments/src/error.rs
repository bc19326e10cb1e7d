//! The one error type of the crate: what went wrong, and with which file.

use std::fmt;
use std::path::{Path, PathBuf};

/// Why an experiment could not be planned, run, assembled, merged or replayed.
///
/// [`Error::is_user_error`] tells input the user can fix (a bad option, a scenario that
/// does not parse, a folder of another experiment) from failures of the machine (a disk
/// that is full); the command line maps both to messages and exit codes.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The scenario file is invalid; the text is its rendered diagnostics.
    Scenario(String),
    /// An option or parameter is invalid (no runs, a bad range, a shard out of range...).
    Invalid(String),
    /// A folder holds another experiment than the one asked for (resume, merge, replay).
    Mismatch {
        /// The folder.
        dir: PathBuf,
        /// Which settings differ, in words.
        differences: Vec<String>,
    },
    /// A folder is not an experiment, or misses chunks it needs.
    Incomplete {
        /// The folder.
        dir: PathBuf,
        /// What is missing, in words.
        what: String,
    },
    /// A replayed run did not give the outcomes stored for it.
    ReplayDiffers {
        /// The run's index.
        run: u64,
        /// `(outcome, stored, replayed)` for each outcome that differs.
        differences: Vec<(String, Option<f64>, Option<f64>)>,
    },
    /// Reading or writing a file failed (a table that cannot be decoded too: its source
    /// wraps what the Parquet library said).
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A JSON file (manifest, chunk aggregates) could not be read.
    Json {
        /// The file.
        path: PathBuf,
        /// What the JSON parser said.
        source: serde_json::Error,
    },
    /// A statistic could not be computed.
    Stats(grayzone_stats::Error),
}

impl Error {
    /// Whether the user can fix this by changing the command or its input.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Error::Scenario(_)
                | Error::Invalid(_)
                | Error::Mismatch { .. }
                | Error::Incomplete { .. }
        )
    }

    pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
        move |source| Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn json(path: &Path) -> impl FnOnce(serde_json::Error) -> Error + '_ {
        move |source| Error::Json {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Scenario(text) => write!(f, "{text}"),
            Error::Invalid(text) => write!(f, "{text}"),
            Error::Mismatch { dir, differences } => write!(
                f,
                "{} holds another experiment: {}",
                dir.display(),
                differences.join("; ")
            ),
            Error::Incomplete { dir, what } => write!(f, "{}: {what}", dir.display()),
            Error::ReplayDiffers { run, differences } => {
                let show = |v: &Option<f64>| v.map_or("none".to_owned(), |x| x.to_string());
                let listed: Vec<String> = differences
                    .iter()
                    .map(|(name, stored, replayed)| {
                        format!(
                            "{name}: stored {}, replayed {}",
                            show(stored),
                            show(replayed)
                        )
                    })
                    .collect();
                write!(
                    f,
                    "run {run} replayed differently from the stored row ({})",
                    listed.join(", ")
                )
            }
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Json { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Stats(e) => write!(f, "statistics: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::Json { source, .. } => Some(source),
            Error::Stats(e) => Some(e),
            _ => None,
        }
    }
}

impl From<grayzone_stats::Error> for Error {
    fn from(e: grayzone_stats::Error) -> Self {
        Error::Stats(e)
    }
}

/// Result alias of the crate.
pub type Result<T> = std::result::Result<T, Error>;
