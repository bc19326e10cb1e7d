//! Run records as files: the time series, the event log and the summary of one history,
//! and the atomic file writing every command relies on.
//!
//! This crate owns the on-disk form of a [`RunRecord`]: `timeseries.csv` (one row per day
//! and hostile dyad), `events.jsonl` (one coded event per line) and `summary.json`
//! (outcomes and provenance). It never prints; errors name the file they concern.

#![deny(missing_docs)]

mod atomic;
mod summary;
mod table;

pub use atomic::{write_atomic, write_atomic_with};
pub use summary::{Provenance, outcomes_json, summary_json};
pub use table::{events_jsonl, timeseries_csv};

use std::path::{Path, PathBuf};

use grayzone_model::RunRecord;

/// An I/O failure, with the path it concerns.
#[derive(Debug)]
pub struct Error {
    /// The file or folder.
    pub path: PathBuf,
    /// What went wrong.
    pub source: std::io::Error,
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
pub fn write_run(dir: &Path, record: &RunRecord, provenance: &Provenance) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|source| Error {
        path: dir.to_path_buf(),
        source,
    })?;
    write_atomic(&dir.join(RUN_FILES[0]), timeseries_csv(record).as_bytes())?;
    write_atomic(&dir.join(RUN_FILES[1]), events_jsonl(record).as_bytes())?;
    let summary =
        serde_json::to_string_pretty(&summary_json(record, provenance)).unwrap_or_default();
    write_atomic(&dir.join(RUN_FILES[2]), (summary + "\n").as_bytes())
}
