//! Files for experiments: the one atomic writer lives in grayzone-records.

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

/// Writes bytes atomically: a killed process leaves the old file or none, and at most a
/// hidden `.partial` temporary that nothing reads.
pub(crate) fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    Ok(grayzone_records::write_atomic(path, bytes)?)
}
