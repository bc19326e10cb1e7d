//! The one error type of the crate.

use std::fmt;
use std::path::PathBuf;

use plotters::drawing::DrawingAreaErrorKind;

/// Why a chart could not be drawn or written.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The input holds nothing that could be drawn (no series, no finite value, ...).
    Empty {
        /// Which chart was asked for.
        chart: &'static str,
        /// What was missing, in words a CLI can show as is.
        reason: String,
    },
    /// The input is inconsistent (series of different lengths, a rung above 5, ...).
    Invalid {
        /// Which chart was asked for.
        chart: &'static str,
        /// What is wrong, in words a CLI can show as is.
        reason: String,
    },
    /// The embedded font could not be registered.
    Font(String),
    /// The drawing backend failed.
    Draw(String),
    /// Encoding the PNG failed.
    Encode(String),
    /// Writing or renaming an output file failed.
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying failure.
        source: std::io::Error,
    },
}

impl Error {
    pub(crate) fn empty(chart: &'static str, reason: impl Into<String>) -> Self {
        Self::Empty {
            chart,
            reason: reason.into(),
        }
    }

    pub(crate) fn invalid(chart: &'static str, reason: impl Into<String>) -> Self {
        Self::Invalid {
            chart,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty { chart, reason } => write!(f, "{chart} chart: nothing to draw: {reason}"),
            Self::Invalid { chart, reason } => write!(f, "{chart} chart: invalid input: {reason}"),
            Self::Font(e) => write!(f, "cannot load the embedded font: {e}"),
            Self::Draw(e) => write!(f, "drawing failed: {e}"),
            Self::Encode(e) => write!(f, "PNG encoding failed: {e}"),
            Self::Io { path, source } => write!(f, "cannot write {}: {source}", path.display()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

// Lets every drawing call use `?` whatever the backend.
impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for Error {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        Self::Draw(e.to_string())
    }
}

/// Shorthand used throughout the crate.
pub type Result<T> = std::result::Result<T, Error>;
