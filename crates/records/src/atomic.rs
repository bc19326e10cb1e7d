//! Atomic writes: a file is either absent, or old, or complete; never half-written.
//!
//! The one implementation for every file grayzone writes (run records, experiment tables
//! and manifests, tuning results, charts), so that all of them survive a kill the same way.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::Error;

/// Writes `bytes` to `path` atomically (see [`write_atomic_with`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_atomic_with(path, |file| {
        file.write_all(bytes).map_err(|source| Error {
            path: path.to_path_buf(),
            source,
        })
    })
}

/// Writes `path` through a temporary file in the same folder that `fill` fills; the file
/// is synced and then renamed over the target, so an interrupted process leaves at most
/// a hidden `.partial` file that nothing reads. On failure the temporary is removed and
/// the old file, if any, stays.
///
/// The temporary's name carries the process id and a counter: two processes (shards of
/// one experiment writing its manifest) or two threads never share one. It is created
/// with the ordinary permissions of a new file (what the umask leaves), so results on a
/// shared cluster folder are readable like any other file there.
pub fn write_atomic_with<E: From<Error>>(
    path: &Path,
    fill: impl FnOnce(&mut File) -> Result<(), E>,
) -> Result<(), E> {
    let temp = temporary_name(path);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error { path, source }
    };
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .map_err(io(&temp))?;
        fill(&mut file)?;
        file.sync_all().map_err(io(&temp))?;
        std::fs::rename(&temp, path).map_err(io(path))?;
        sync_folder(path);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// The file an interrupted atomic write was for, when `name` is one of the temporaries
/// [`write_atomic_with`] makes (`.NAME.PID.N.partial`): what a later clean-up may remove
/// as grayzone's own.
pub fn interrupted_write_of(name: &str) -> Option<&str> {
    let mut target = name.strip_prefix('.')?.strip_suffix(".partial")?;
    // The process id and the counter: numbers after the target's own extension.
    for _ in 0..2 {
        let (rest, n) = target.rsplit_once('.')?;
        if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        target = rest;
    }
    (!target.is_empty()).then_some(target)
}

fn temporary_name(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(
        ".{name}.{}.{}.partial",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
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
    fn interrupted_writes_are_recognised_by_their_target() {
        let temporary = temporary_name(Path::new("out/runs.parquet"));
        let name = temporary.file_name().unwrap().to_str().unwrap();
        assert_eq!(interrupted_write_of(name), Some("runs.parquet"));
        assert_eq!(
            interrupted_write_of(".runs.parquet.4242.7.partial"),
            Some("runs.parquet")
        );
        assert_eq!(interrupted_write_of(".notes.x.partial"), None);
        assert_eq!(interrupted_write_of("runs.parquet"), None);
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomic(&path, b"first").unwrap();
        let failed = write_atomic_with(&path, |file| {
            file.write_all(b"half").unwrap();
            Err(Error {
                path: path.clone(),
                source: std::io::Error::other("disk full"),
            })
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn files_get_the_permissions_of_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let ours = dir.path().join("ours.txt");
        let plain = dir.path().join("plain.txt");
        write_atomic(&ours, b"x").unwrap();
        std::fs::write(&plain, b"x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&ours), mode(&plain));
    }
}
