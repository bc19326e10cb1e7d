//! Atomic files: a file of an experiment is either absent or complete, never half-written,
//! whenever the process is killed.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes `path` through a temporary file in the same folder that is filled, synced and
/// renamed over the target. A killed process leaves at most a `.partial` file, which
/// nothing reads and the next write of the same target replaces.
///
/// The temporary name carries the process id, so that two processes writing the same
/// file (shards of one experiment writing its manifest) never share a temporary.
pub(crate) fn write_atomically(
    path: &Path,
    fill: impl FnOnce(&mut File) -> Result<()>,
) -> Result<()> {
    let temp = temporary_name(path);
    let result = (|| {
        let mut file = File::create(&temp).map_err(Error::io(&temp))?;
        fill(&mut file)?;
        file.sync_all().map_err(Error::io(&temp))?;
        std::fs::rename(&temp, path).map_err(Error::io(path))?;
        sync_folder(path);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Writes bytes atomically.
pub(crate) fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    write_atomically(path, |file| file.write_all(bytes).map_err(Error::io(path)))
}

fn temporary_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.partial", std::process::id()))
}

/// Makes the rename itself durable where the platform allows it; a failure only costs
/// durability across a power cut, not correctness, so it is ignored.
fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Some(Ok(d)) = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(File::open)
    {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_target_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write_bytes(&path, b"one").unwrap();
        write_bytes(&path, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_fill_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write_bytes(&path, b"one").unwrap();
        let failed = write_atomically(&path, |_| Err(Error::Invalid("no".into())));
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
