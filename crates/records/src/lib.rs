//! What grayzone writes to disk, and how.
//!
//! This crate owns the on-disk form of a [`RunRecord`]: `timeseries.csv` (one row per day
//! and hostile dyad), `events.jsonl` (one coded event per line) and `summary.json`
//! (outcomes and provenance). It also holds the writers every crate and command uses:
//! the atomic file ([`write_atomic`]), the JSON file ([`write_json`]) and the table
//! ([`write_table`]: every Parquet and CSV table, typed columns, provenance in the
//! Parquet footer; see [`Table`]). It never prints; errors name the file they concern.

#![deny(missing_docs)]

mod atomic;
mod history;
mod json;
mod summary;
mod table;

pub use atomic::{interrupted_write_of, write_atomic, write_atomic_with};
pub use history::{EventCoding, events_jsonl, write_timeseries};
pub use json::write_json;
pub use summary::{Provenance, outcomes_json, summary_json};
pub use table::{
    Column, Format, Table, Values, parquet_as_csv, read_parquet, read_parquet_metadata,
    sha256_file, sha256_hex, write_table, write_table_in_groups,
};

use std::path::{Path, PathBuf};

use grayzone_model::RunRecord;
use serde_json::Value;

/// A failure to write or read a file, with the path it concerns.
///
/// `source` is what the system said; a failure of the format itself (a value with no
/// JSON form, a Parquet file that cannot be decoded, a table of another shape) is an
/// [`std::io::ErrorKind::InvalidData`] or [`std::io::ErrorKind::Other`] error that
/// wraps the JSON or Parquet library's error (its `get_ref`).
#[derive(Debug)]
pub struct Error {
    /// The file or folder.
    pub path: PathBuf,
    /// What went wrong.
    pub source: std::io::Error,
}

impl Error {
    pub(crate) fn new(path: &Path, source: std::io::Error) -> Error {
        Error {
            path: path.to_path_buf(),
            source,
        }
    }

    /// A failure of a library that reads or writes a format.
    pub(crate) fn other(
        path: &Path,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Error {
        Error::new(path, std::io::Error::other(source))
    }

    /// A file whose content is not what grayzone writes.
    pub(crate) fn invalid_data(path: &Path, what: &str) -> Error {
        Error::new(
            path,
            std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned()),
        )
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The names of the files one run writes, in the order they are written.
pub const RUN_FILES: [&str; 3] = ["timeseries.csv", "events.jsonl", "summary.json"];

/// Writes `timeseries.csv`, `events.jsonl` and `summary.json` of a run into `dir`
/// (created if missing), each atomically.
pub fn write_run(
    dir: &Path,
    record: &RunRecord,
    provenance: &Provenance,
    coding: EventCoding,
) -> Result<(), Error> {
    write_history(dir, record, &summary_json(record, provenance), coding)
}

/// Writes the files of [`write_run`] with another summary (a replayed run names the
/// experiment's run in its own).
pub fn write_history(
    dir: &Path,
    record: &RunRecord,
    summary: &Value,
    coding: EventCoding,
) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|source| Error::new(dir, source))?;
    write_timeseries(&dir.join(RUN_FILES[0]), record)?;
    write_atomic(
        &dir.join(RUN_FILES[1]),
        events_jsonl(record, coding).as_bytes(),
    )?;
    write_json(&dir.join(RUN_FILES[2]), summary)
}
