//! The experiment folder: its manifest, its chunks, its tables.
//!
//! ```text
//! DIR/manifest.json               what the experiment is (written before any chunk)
//! DIR/chunks/runs-000000.parquet  the runs of chunk 0: one row per run
//! DIR/chunks/daily-000000.json    the daily aggregates of chunk 0 (ensembles)
//! DIR/runs.parquet ...            the tables and charts, assembled from the chunks
//! ```
//!
//! Every file is written atomically. Within a chunk the daily aggregates are written
//! first and the runs last, so a chunk is finished exactly when its runs file exists:
//! whatever is killed, a finished chunk stays finished, and an unfinished one is simply
//! computed again.

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::atomic::write_bytes;
use crate::daily::Daily;
use crate::error::{Error, Result};
use crate::plan::{Kind, Manifest};
use crate::table::{Format, Table, read_parquet, write_table};

/// The manifest's file name.
pub const MANIFEST: &str = "manifest.json";

const CHUNKS: &str = "chunks";

/// A folder holding one experiment.
#[derive(Clone, Debug)]
pub struct ExperimentDir {
    path: PathBuf,
}

impl ExperimentDir {
    /// Prepares `path` for running the chunks `mine` of the experiment `manifest`.
    ///
    /// A new folder gets the manifest. A folder that already holds this experiment is
    /// continued when `resume` is set; without it, it is refused if any of `mine` is
    /// already finished (so that nothing is recomputed or mixed by mistake), and
    /// otherwise shared (the other shards of a job array write their own chunks into the
    /// same folder). A folder holding another experiment is always refused.
    pub fn prepare(
        path: &Path,
        manifest: &Manifest,
        resume: bool,
        mine: Range<u64>,
    ) -> Result<ExperimentDir> {
        let dir = ExperimentDir {
            path: path.to_path_buf(),
        };
        std::fs::create_dir_all(dir.chunks()).map_err(Error::io(&dir.chunks()))?;
        match dir.read_manifest_if_any()? {
            None => dir.write_manifest(manifest)?,
            Some(existing) => {
                let mut differences = manifest.differences(&existing, "this command", "the folder");
                if !differences.is_empty() {
                    differences
                        .push("choose another --out, or remove the folder to start again".into());
                    return Err(Error::Mismatch {
                        dir: dir.path.clone(),
                        differences,
                    });
                }
                let finished = dir.finished_chunks()?;
                let already = finished.range(mine).count();
                if !resume && already > 0 {
                    return Err(Error::Invalid(format!(
                        "{} already holds {already} finished chunk(s) of this experiment: add --resume to continue it, or remove the folder to start again",
                        dir.path.display()
                    )));
                }
            }
        }
        Ok(dir)
    }

    /// Opens an existing experiment folder.
    pub fn open(path: &Path) -> Result<(ExperimentDir, Manifest)> {
        let dir = ExperimentDir {
            path: path.to_path_buf(),
        };
        match dir.read_manifest_if_any()? {
            Some(m) => Ok((dir, m)),
            None => Err(Error::Incomplete {
                dir: dir.path,
                what: format!("no {MANIFEST}: not the folder of an ensemble or a sweep"),
            }),
        }
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn chunks(&self) -> PathBuf {
        self.path.join(CHUNKS)
    }

    pub(crate) fn runs_chunk(&self, c: u64) -> PathBuf {
        self.chunks().join(format!("runs-{c:06}.parquet"))
    }

    pub(crate) fn daily_chunk(&self, c: u64) -> PathBuf {
        self.chunks().join(format!("daily-{c:06}.json"))
    }

    /// A table file of the experiment: `runs`, `daily`, `points`.
    pub fn table_path(&self, stem: &str, format: Format) -> PathBuf {
        self.path.join(format!("{stem}.{}", format.extension()))
    }

    fn read_manifest_if_any(&self) -> Result<Option<Manifest>> {
        let path = self.path.join(MANIFEST);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text)
                .map(Some)
                .map_err(Error::json(&path)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(&path)(e)),
        }
    }

    pub(crate) fn write_manifest(&self, manifest: &Manifest) -> Result<()> {
        let text = serde_json::to_string_pretty(manifest).unwrap_or_default() + "\n";
        write_bytes(&self.path.join(MANIFEST), text.as_bytes())
    }

    /// The chunks whose runs file exists.
    pub fn finished_chunks(&self) -> Result<BTreeSet<u64>> {
        let dir = self.chunks();
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeSet::new()),
            Err(e) => return Err(Error::io(&dir)(e)),
        };
        let mut out = BTreeSet::new();
        for entry in entries {
            let name = entry.map_err(Error::io(&dir))?.file_name();
            let name = name.to_string_lossy();
            if let Some(c) = name
                .strip_prefix("runs-")
                .and_then(|n| n.strip_suffix(".parquet"))
                .and_then(|n| n.parse().ok())
            {
                out.insert(c);
            }
        }
        Ok(out)
    }

    /// Stores a finished chunk: its daily aggregates (if any), then its runs.
    pub(crate) fn write_chunk(&self, c: u64, runs: &Table, daily: Option<&Daily>) -> Result<()> {
        if let Some(daily) = daily {
            let path = self.daily_chunk(c);
            let text = serde_json::to_vec(daily).map_err(Error::json(&path))?;
            write_bytes(&path, &text)?;
        }
        write_table(
            &self.runs_chunk(c),
            Format::Parquet,
            runs,
            std::iter::once(Ok(runs.clone())),
        )
    }

    /// The runs of a finished chunk.
    pub(crate) fn read_runs(&self, c: u64) -> Result<Table> {
        read_parquet(&self.runs_chunk(c))
    }

    /// The daily aggregates of a finished chunk of an ensemble.
    pub(crate) fn read_daily(&self, c: u64) -> Result<Daily> {
        let path = self.daily_chunk(c);
        let text = std::fs::read(&path).map_err(Error::io(&path))?;
        serde_json::from_slice(&text).map_err(Error::json(&path))
    }

    /// Copies finished chunk `c` from another folder of the same experiment.
    pub(crate) fn copy_chunk_from(&self, other: &ExperimentDir, c: u64, kind: Kind) -> Result<()> {
        if kind == Kind::Ensemble {
            copy_atomically(&other.daily_chunk(c), &self.daily_chunk(c))?;
        }
        copy_atomically(&other.runs_chunk(c), &self.runs_chunk(c))
    }
}

fn copy_atomically(from: &Path, to: &Path) -> Result<()> {
    let bytes = std::fs::read(from).map_err(Error::io(from))?;
    write_bytes(to, &bytes)
}
