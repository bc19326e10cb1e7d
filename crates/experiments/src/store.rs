//! The experiment folder: its manifest, its chunks, its tables.
//!
//! ```text
//! DIR/manifest.json               what the experiment is (written before any chunk)
//! DIR/chunks/runs-000000.parquet  the runs of chunk 0: one row per run
//! DIR/chunks/daily-000000.json    the daily aggregates of chunk 0 (ensembles; sweeps with
//!                                  --daily, per point)
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

use grayzone_model::{OutcomeKind, Outcomes};
use grayzone_records::{Format, Table, Values, read_parquet, write_json, write_table};
use serde::{Deserialize, Serialize};

use crate::atomic::write_bytes;
use crate::daily::PointDaily;
use crate::error::{Error, Result};
use crate::plan::{Manifest, Written};

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
        // Chunks are written into the folder itself, never through a link to elsewhere.
        if std::fs::symlink_metadata(dir.chunks()).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(Error::Invalid(format!(
                "{} is a symbolic link: grayzone writes chunks only into the experiment's own folder",
                dir.chunks().display()
            )));
        }
        std::fs::create_dir_all(dir.chunks()).map_err(Error::io(&dir.chunks()))?;
        match dir.read_manifest_if_any()? {
            None => dir.write_manifest(manifest)?,
            Some(existing) => {
                let mut differences = manifest.differences(&existing, "this command", "the folder");
                if !differences.is_empty() {
                    differences.push(
                        "choose another --out, or add --force to replace what the folder holds"
                            .into(),
                    );
                    return Err(Error::Mismatch {
                        dir: dir.path.clone(),
                        differences,
                    });
                }
                let finished = dir.finished_chunks()?;
                let already = finished.range(mine).count();
                if !resume && already > 0 {
                    return Err(Error::Invalid(format!(
                        "{} already holds {already} finished chunk(s) of this experiment: add --resume to continue it, or --force to replace it and start again",
                        dir.path.display()
                    )));
                }
            }
        }
        Ok(dir)
    }

    /// Removes from the experiment folder `path` what grayzone wrote there, so that
    /// [`ExperimentDir::prepare`] starts it afresh: the files its manifest lists as
    /// written (tables, summary, charts, replays), the chunks that say they belong to this
    /// manifest's experiment, interrupted writes (`.NAME.PID.N.partial`, grayzone's own
    /// temporaries), and the manifest itself.
    ///
    /// Everything is checked before anything is removed. A listed file that is no longer
    /// what grayzone wrote (its size or SHA-256 changed), or a chunk of another
    /// experiment, refuses the whole clearing with its name: the new experiment would
    /// otherwise overwrite the one, or be refused for the other, after the rest was gone.
    /// Nothing is removed through a symbolic link, a folder whose manifest does not read
    /// as grayzone's is refused, and a folder without a manifest is left alone.
    pub fn clear(path: &Path) -> Result<u64> {
        let dir = ExperimentDir {
            path: path.to_path_buf(),
        };
        let manifest_path = path.join(MANIFEST);
        if refuse_link(&manifest_path)?.is_none() {
            return Ok(0);
        }
        let manifest = match dir.read_manifest_if_any() {
            Ok(Some(m)) => m,
            Ok(None) => return Ok(0),
            Err(_) => {
                return Err(Error::Invalid(format!(
                    "{} is not a manifest grayzone wrote (or one of an older grayzone): --force deletes nothing in {}",
                    manifest_path.display(),
                    path.display()
                )));
            }
        };
        refuse_link(path)?;
        refuse_link(&dir.chunks())?;

        let mut doomed = Vec::new();
        let mut changed = Vec::new();
        let mut folders = BTreeSet::new();
        for w in &manifest.written {
            let Some(file) = within(path, &w.path)? else {
                continue;
            };
            if refuse_link(&file)?.is_none_or(|t| !t.is_file()) {
                continue;
            }
            if w.matches(&file)? {
                if let Some(parent) = file.parent().filter(|p| *p != path) {
                    folders.insert(parent.to_path_buf());
                }
                doomed.push(file);
            } else {
                changed.push(file.display().to_string());
            }
        }
        let identity = manifest.identity();
        let chunk = |name: &str| {
            (name.starts_with("runs-") && name.ends_with(".parquet"))
                || (name.starts_with("daily-") && name.ends_with(".json"))
        };
        for file in regular_files(&dir.chunks())? {
            let name = file
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if chunk(name) && belongs(&file, &identity) {
                doomed.push(file);
            } else if chunk(name) {
                changed.push(file.display().to_string());
            }
        }
        if !changed.is_empty() {
            return Err(Error::Invalid(format!(
                "--force deletes nothing in {}: these files are not as grayzone wrote them for its experiment (changed since, or another experiment's): {}; move them away or choose another --out",
                path.display(),
                changed.join(", ")
            )));
        }
        // Interrupted writes: hidden temporaries only grayzone makes.
        for folder in [dir.path.clone(), dir.chunks()].iter().chain(&folders) {
            doomed.extend(regular_files(folder)?.into_iter().filter(|f| {
                f.file_name()
                    .and_then(|n| n.to_str())
                    .and_then(grayzone_records::interrupted_write_of)
                    .is_some()
            }));
        }
        doomed.push(manifest_path);
        for file in &doomed {
            std::fs::remove_file(file).map_err(Error::io(file))?;
        }
        remove_empty(&dir.chunks())?;
        for folder in folders {
            remove_empty(&folder)?;
        }
        Ok(doomed.len() as u64)
    }

    /// Lists `files` in the folder's manifest as written by grayzone, with their size and
    /// SHA-256, so that `--force` may remove them later; files outside the folder are
    /// not listed. Called once the tables, charts or a replay are written.
    pub fn record_written(path: &Path, files: &[PathBuf]) -> Result<()> {
        let (dir, mut manifest) = ExperimentDir::open(path)?;
        let before = manifest.written.clone();
        for file in files {
            let Ok(relative) = file.strip_prefix(path) else {
                continue;
            };
            let Some(relative) = relative
                .components()
                .map(|c| match c {
                    std::path::Component::Normal(n) => n.to_str(),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()
                .map(|parts| parts.join("/"))
            else {
                continue;
            };
            manifest.written.retain(|w| w.path != relative);
            manifest.written.push(Written::of(file, relative)?);
        }
        manifest.written.sort_by(|a, b| a.path.cmp(&b.path));
        // A replay written elsewhere records nothing: the folder (perhaps a colleague's,
        // read-only) is not touched.
        if manifest.written == before {
            return Ok(());
        }
        dir.write_manifest(&manifest)
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
        match std::fs::symlink_metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(&path)(e)),
            Ok(_) => {}
        }
        // A manifest may come from anyone: read as a scenario is (a regular file of
        // bounded size, problems with their line, column and JSON path), then checked.
        let manifest: Manifest = grayzone_scenario::input::read_json(&path).map_err(|d| {
            Error::Invalid(format!("not a manifest grayzone wrote:\n{}", d.render()))
        })?;
        manifest
            .check()
            .map_err(|why| Error::Invalid(format!("{}: {why}", path.display())))?;
        Ok(Some(manifest))
    }

    pub(crate) fn write_manifest(&self, manifest: &Manifest) -> Result<()> {
        Ok(write_json(&self.path.join(MANIFEST), manifest)?)
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
                .and_then(|n| n.parse::<u64>().ok())
                .filter(|c| name == format!("runs-{c:06}.parquet"))
            {
                out.insert(c);
            }
        }
        Ok(out)
    }

    /// Stores a finished chunk: its daily aggregates (if any), then its runs. Each file
    /// records the experiment's identity, the chunk's index and a checksum of its
    /// content, which [`ExperimentDir::read_runs`] and [`ExperimentDir::read_daily`]
    /// check.
    pub(crate) fn write_chunk(
        &self,
        manifest: &Manifest,
        c: u64,
        mut runs: Table,
        daily: Option<&PointDaily>,
    ) -> Result<()> {
        if let Some(daily) = daily {
            let path = self.daily_chunk(c);
            let envelope = DailyChunk {
                experiment: manifest.identity(),
                chunk: c,
                checksum: daily_checksum(daily, &path)?,
                daily: daily.clone(),
            };
            let text = serde_json::to_vec(&envelope).map_err(Error::json(&path))?;
            write_bytes(&path, &text)?;
        }
        runs.provenance(EXPERIMENT_KEY, manifest.identity());
        runs.provenance(CHUNK_KEY, c);
        let checksum = runs.digest();
        runs.provenance(CHECKSUM_KEY, checksum);
        Ok(write_table(&self.runs_chunk(c), Format::Parquet, &runs)?)
    }

    /// The runs of finished chunk `c` of the experiment `manifest`, checked: a chunk of
    /// this experiment (its identity), this chunk (its index), unaltered (its checksum),
    /// holding the chunk's runs in order with every outcome column of its kind's type and
    /// in range. A file from elsewhere is refused, named.
    pub fn read_runs(&self, manifest: &Manifest, c: u64) -> Result<Table> {
        let path = self.runs_chunk(c);
        let table = read_parquet(&path).map_err(|e| {
            use std::io::ErrorKind::{InvalidData, Other, UnexpectedEof};
            if matches!(e.source.kind(), InvalidData | Other | UnexpectedEof) {
                refused(
                    &path,
                    &format!("it cannot be read as a table ({})", e.source),
                )
            } else {
                e.into()
            }
        })?;
        let meta = |key: &str| table.metadata_of(&format!("grayzone.{key}"));
        let stored = (meta(EXPERIMENT_KEY), meta(CHUNK_KEY), meta(CHECKSUM_KEY));
        let (experiment, chunk, checksum) = match stored {
            (Some(e), Some(c), Some(s)) => (e, c, s),
            _ => {
                return Err(refused(
                    &path,
                    "it carries no experiment identity or checksum (written by another program or an older grayzone)",
                ));
            }
        };
        identify(&path, manifest, c, experiment, chunk)?;
        // The digest covers the columns only, not the metadata that records it.
        if table.digest() != checksum {
            return Err(refused(
                &path,
                "it was altered after grayzone wrote it (its checksum does not match its content)",
            ));
        }
        check_runs(manifest, c, &table).map_err(|why| refused(&path, &why))?;
        Ok(table)
    }

    /// The daily aggregates of finished chunk `c` (an ensemble's, or a sweep's per point),
    /// checked as [`ExperimentDir::read_runs`] checks the runs: the chunk's points in
    /// order, each with its counts bounded by the chunk's runs at it.
    pub(crate) fn read_daily(&self, manifest: &Manifest, c: u64) -> Result<PointDaily> {
        let path = self.daily_chunk(c);
        let text = grayzone_scenario::input::read_text(&path).map_err(|e| refused(&path, &e))?;
        let envelope: DailyChunk = serde_json::from_str(&text).map_err(|e| {
            refused(
                &path,
                &format!("it is not a daily chunk of this grayzone ({e})"),
            )
        })?;
        identify(
            &path,
            manifest,
            c,
            &envelope.experiment,
            &envelope.chunk.to_string(),
        )?;
        if daily_checksum(&envelope.daily, &path)? != envelope.checksum {
            return Err(refused(
                &path,
                "it was altered after grayzone wrote it (its checksum does not match its content)",
            ));
        }
        envelope
            .daily
            .check(
                manifest.days,
                manifest.dyads.len(),
                manifest.chunk_runs(c),
                |k| manifest.locate(k).0,
            )
            .map_err(|why| refused(&path, &why))?;
        Ok(envelope.daily)
    }

    /// Copies finished chunk `c` from another folder of the same experiment, once it has
    /// read as this experiment's there.
    pub(crate) fn copy_chunk_from(
        &self,
        other: &ExperimentDir,
        manifest: &Manifest,
        c: u64,
    ) -> Result<()> {
        if manifest.records_daily() {
            other.read_daily(manifest, c)?;
            copy_atomically(&other.daily_chunk(c), &self.daily_chunk(c))?;
        }
        other.read_runs(manifest, c)?;
        copy_atomically(&other.runs_chunk(c), &self.runs_chunk(c))
    }
}

/// The metadata keys (after `grayzone.`) a chunk's runs file records about itself.
const EXPERIMENT_KEY: &str = "experiment";
const CHUNK_KEY: &str = "chunk";
const CHECKSUM_KEY: &str = "checksum";

/// A daily chunk file: the aggregates and what they belong to.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DailyChunk {
    experiment: String,
    chunk: u64,
    checksum: String,
    daily: PointDaily,
}

fn daily_checksum(daily: &PointDaily, path: &Path) -> Result<String> {
    let bytes = serde_json::to_vec(daily).map_err(Error::json(path))?;
    Ok(grayzone_records::sha256_hex(&bytes))
}

/// A chunk file refused, named, with what to do.
fn refused(path: &Path, why: &str) -> Error {
    Error::Invalid(format!(
        "{} is refused: {why}; delete it and run again with --resume",
        path.display()
    ))
}

/// Checks that a chunk file says it is chunk `c` of the experiment `manifest`.
fn identify(path: &Path, manifest: &Manifest, c: u64, experiment: &str, chunk: &str) -> Result<()> {
    if experiment != manifest.identity() {
        return Err(refused(
            path,
            "it is a chunk of another experiment (another scenario, seed, size or build than the folder's manifest)",
        ));
    }
    if chunk != c.to_string() {
        return Err(refused(
            path,
            &format!("it says it is chunk {chunk}, not chunk {c}"),
        ));
    }
    Ok(())
}

/// Checks what a chunk's runs table holds: the chunk's runs in order, the sweep's points
/// and parameters, and each outcome column typed by its kind and in range (a day within
/// the horizon, a count not negative, no NaN).
fn check_runs(manifest: &Manifest, c: u64, table: &Table) -> std::result::Result<(), String> {
    let expected = manifest.chunk_runs(c);
    let runs = table.column("run").ok_or("it has no run column")?;
    let listed: Vec<u64> = expected.clone().collect();
    if *runs != Values::Int(listed.iter().map(|&r| r as i64).collect()) {
        return Err(format!(
            "its runs are not {}..{}",
            expected.start, expected.end
        ));
    }
    if let Some(sweep) = &manifest.sweep {
        let points = Values::Int(
            listed
                .iter()
                .map(|&r| manifest.locate(r).0 as i64)
                .collect(),
        );
        if table.column("point") != Some(&points) {
            return Err("its points are not those of its runs".into());
        }
        for (i, p) in sweep.params.iter().enumerate() {
            let values = Values::Float(
                listed
                    .iter()
                    .map(|&r| {
                        sweep
                            .points
                            .get(manifest.locate(r).0)
                            .and_then(|x| x.get(i).copied())
                    })
                    .collect(),
            );
            if table.column(&p.path) != Some(&values) {
                return Err(format!("its {} column is not the design's", p.path));
            }
        }
    }
    let kinds = Outcomes::kinds();
    for name in &manifest.outcomes {
        let values = table
            .column(name)
            .ok_or_else(|| format!("it has no outcome column {name}"))?;
        let kind = crate::execute::written_kind(&kinds, name);
        let typed = Values::outcome(kind, std::iter::empty());
        if std::mem::discriminant(values) != std::mem::discriminant(&typed)
            || values.len() != listed.len()
        {
            return Err(format!(
                "its {name} column is not of the type {kind:?} outcomes are written with"
            ));
        }
        let numbers = values.numbers().unwrap_or_default();
        let bad = numbers.iter().flatten().find(|&&x| match kind {
            OutcomeKind::Day => !(0.0..f64::from(manifest.days)).contains(&x),
            OutcomeKind::Count => x < 0.0,
            _ => !x.is_finite(),
        });
        if let Some(x) = bad {
            return Err(format!("its {name} column holds {x}, out of range"));
        }
    }
    Ok(())
}

/// `relative` (a manifest's `/`-separated path) within `dir`, when it is made of plain
/// components none of which is a symbolic link on the way; `None` otherwise (a manifest
/// from elsewhere may list `../x` or `/etc/x`).
fn within(dir: &Path, relative: &str) -> Result<Option<PathBuf>> {
    let mut at = dir.to_path_buf();
    let parts: Vec<&str> = relative.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        let plain = !part.is_empty()
            && *part != "."
            && *part != ".."
            && Path::new(part).components().count() == 1
            && matches!(
                Path::new(part).components().next(),
                Some(std::path::Component::Normal(_))
            );
        if !plain {
            return Ok(None);
        }
        at.push(part);
        if i + 1 < parts.len()
            && std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink())
        {
            return Ok(None);
        }
    }
    Ok(Some(at))
}

/// Whether the chunk file says it is a chunk of the experiment `identity` (its footer,
/// or the daily file's envelope).
fn belongs(file: &Path, identity: &str) -> bool {
    if file.extension().is_some_and(|e| e == "json") {
        grayzone_scenario::input::read_text(file)
            .ok()
            .and_then(|t| serde_json::from_str::<DailyChunk>(&t).ok())
            .is_some_and(|d| d.experiment == identity)
    } else {
        // The footer alone: --force need not decode every chunk to know whose it is.
        let key = format!("grayzone.{EXPERIMENT_KEY}");
        grayzone_records::read_parquet_metadata(file)
            .is_ok_and(|kv| kv.iter().any(|(k, v)| *k == key && v == identity))
    }
}

/// The regular files of `dir` (links are not followed); none when it does not exist.
fn regular_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir)(e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(Error::io(dir))?;
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            out.push(entry.path());
        }
    }
    out.sort();
    Ok(out)
}

/// Refuses a path that is a symbolic link (`--force` never deletes through one); the
/// entry's kind when it exists, None when it does not.
fn refuse_link(path: &Path) -> Result<Option<std::fs::FileType>> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(Error::Invalid(format!(
            "{} is a symbolic link: --force deletes nothing through a link",
            path.display()
        ))),
        Ok(m) => Ok(Some(m.file_type())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path)(e)),
    }
}

/// Removes `dir` if nothing is left in it (the analyst's own files keep it).
fn remove_empty(dir: &Path) -> Result<()> {
    let empty = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none());
    if empty {
        std::fs::remove_dir(dir).map_err(Error::io(dir))?;
    }
    Ok(())
}

fn copy_atomically(from: &Path, to: &Path) -> Result<()> {
    let bytes = std::fs::read(from).map_err(Error::io(from))?;
    write_bytes(to, &bytes)
}
