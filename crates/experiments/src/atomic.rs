//! Atomic files for experiments: the one implementation lives in grayzone-records.

use std::fs::File;
use std::path::Path;

use crate::error::{Error, Result};

impl From<grayzone_records::Error> for Error {
    fn from(e: grayzone_records::Error) -> Error {
        Error::Io {
            path: e.path,
            source: e.source,
        }
    }
}

/// Writes `path` atomically: a killed process leaves the old file or none, and at most a
/// hidden `.partial` temporary that nothing reads.
pub(crate) fn write_atomically(
    path: &Path,
    fill: impl FnOnce(&mut File) -> Result<()>,
) -> Result<()> {
    grayzone_records::write_atomic_with(path, fill)
}

/// Writes bytes atomically.
pub(crate) fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    Ok(grayzone_records::write_atomic(path, bytes)?)
}
