//! What an experiment is: the scenario, the points of parameter space, the runs of each
//! point, their seeds and their chunks; and the manifest that records it on disk.
//!
//! # Run indices and seeds
//!
//! An experiment has `points × runs_per_point` runs, numbered `k = p × runs_per_point + r`
//! for replica `r` of point `p` (an ensemble is a single point). Run `k` is the model's
//! history `r` of the experiment's seed: `Simulation::run(seed, r, ..)`. So the same
//! replica sees the same random numbers at every point of a sweep (common random
//! numbers): differences between points come from the parameters, not from luck, and a
//! sweep needs fewer runs to show an effect. Any run can be rebuilt alone from its index.
//!
//! # Chunks
//!
//! Runs are computed and stored in chunks of `chunk_size` consecutive indices: chunk `c`
//! holds runs `c × chunk_size ..` up to the next chunk. Boundaries depend only on
//! indices, never on threads or machines, which is what makes every way of running an
//! experiment (threads, shards, interruptions) give the same files.

use std::ops::Range;
use std::path::Path;
use std::str::FromStr;

use grayzone_model::{Outcomes, Simulation, Theatre};
use grayzone_scenario::{Domain, ParamPath, Scenario, Slot};
use grayzone_stats::design::{self, Bounds};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::daily::Quantity;
use crate::error::{Error, Result};

/// Runs per chunk unless told otherwise: large enough that chunk files stay few, small
/// enough that an interruption loses little and memory stays small.
pub const DEFAULT_CHUNK_SIZE: u64 = 10_000;

/// Steps per parameter of a grid when the range gives none.
pub const DEFAULT_GRID_STEPS: usize = 11;

/// Points of a Latin hypercube or Sobol design when `--points` is not given.
pub const DEFAULT_DESIGN_POINTS: usize = 64;

/// Version of the manifest's layout; a folder written with another cannot be resumed.
/// 2: chunks record their experiment's identity, index and checksum, and the manifest
/// what was written beside them.
const MANIFEST_LAYOUT: u32 = 2;

/// The most chunks an experiment may have: each is a file and an entry in every list of
/// finished chunks (a million chunks of the default 10,000 runs is ten billion runs).
pub const MAX_CHUNKS: u64 = 1_000_000;

/// The longest run a manifest may ask for, in days (the scenario format's own limit).
pub const MAX_DAYS: u32 = 100_000;

/// The most runs in one chunk: a chunk's runs are held in memory while it is computed
/// (about a kilobyte a run), so a chunk of a million runs is about a gigabyte.
pub const MAX_CHUNK_SIZE: u64 = 1_000_000;

/// The most cells (days × (dyads + 1)) of an ensemble's daily aggregates: each is a few
/// hundred bytes in memory and in every daily chunk file.
pub const MAX_DAILY_CELLS: u64 = 2_000_000;

/// Refuses daily aggregates of more than [`MAX_DAILY_CELLS`] cells, saying by how much.
fn check_daily(days: u32, dyads: usize) -> std::result::Result<(), String> {
    let cells = u64::from(days).saturating_mul(dyads as u64 + 1);
    if cells > MAX_DAILY_CELLS {
        return Err(format!(
            "{days} days × {} rows per day (the dyads and the theatre) make {cells} daily cells, more than the {MAX_DAILY_CELLS} an ensemble keeps ({}× too many): run fewer days, or a sweep (which keeps no daily table)",
            dyads + 1,
            cells.div_ceil(MAX_DAILY_CELLS)
        ));
    }
    Ok(())
}

/// Refuses an experiment of more than [`MAX_CHUNKS`] chunks or chunks of more than
/// [`MAX_CHUNK_SIZE`] runs, saying by how much.
fn check_chunks(runs: u64, chunk_size: u64) -> std::result::Result<(), String> {
    if chunk_size > MAX_CHUNK_SIZE {
        return Err(format!(
            "a chunk size of {chunk_size} runs is over the {MAX_CHUNK_SIZE} a chunk may hold by {}: a chunk is held in memory while it runs",
            chunk_size - MAX_CHUNK_SIZE
        ));
    }
    let chunks = runs.div_ceil(chunk_size.max(1));
    if chunks > MAX_CHUNKS {
        return Err(format!(
            "{runs} runs in chunks of {chunk_size} make {chunks} chunks, more than the {MAX_CHUNKS} an experiment may have ({}× too many): raise --chunk-size or run fewer",
            chunks.div_ceil(MAX_CHUNKS)
        ));
    }
    Ok(())
}

/// The software that runs an experiment; part of its identity, since another build may
/// simulate other histories from the same seeds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Build {
    /// grayzone's version.
    pub version: String,
    /// The git commit it was built from, or "unknown".
    pub commit: String,
}

/// How the points of a sweep are chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Design {
    /// Every combination of evenly spaced values of each parameter.
    Grid,
    /// A Latin hypercube of `points` points.
    Lhs,
    /// The first `points` points of a scrambled Sobol sequence.
    Sobol,
}

impl FromStr for Design {
    type Err = Error;

    fn from_str(s: &str) -> Result<Design> {
        match s {
            "grid" => Ok(Design::Grid),
            "lhs" => Ok(Design::Lhs),
            "sobol" => Ok(Design::Sobol),
            other => Err(Error::Invalid(format!(
                "unknown design {other:?}: expected grid, lhs or sobol"
            ))),
        }
    }
}

impl std::fmt::Display for Design {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Design::Grid => "grid",
            Design::Lhs => "lhs",
            Design::Sobol => "sobol",
        })
    }
}

/// One swept parameter: `PATH=LO:HI[:STEPS]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParamRange {
    /// The scenario's parameter path, e.g. `militias.*.autonomy`.
    pub path: String,
    /// Lowest value.
    pub lo: f64,
    /// Highest value.
    pub hi: f64,
    /// Values on a grid, ends included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<usize>,
}

impl FromStr for ParamRange {
    type Err = Error;

    fn from_str(text: &str) -> Result<ParamRange> {
        let bad = |why: &str| {
            Error::Invalid(format!(
                "--param {text:?}: {why} (expected PATH=LO:HI or PATH=LO:HI:STEPS, e.g. militias.*.autonomy=0:1:11)"
            ))
        };
        let (path, range) = text.split_once('=').ok_or_else(|| bad("no `=`"))?;
        let parts: Vec<&str> = range.split(':').collect();
        if !(2..=3).contains(&parts.len()) {
            return Err(bad("expected two or three numbers after `=`"));
        }
        let number = |s: &str| {
            s.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| bad(&format!("{s:?} is not a finite number")))
        };
        let (lo, hi) = (number(parts[0])?, number(parts[1])?);
        if lo >= hi {
            return Err(bad("LO must be below HI"));
        }
        let steps = match parts.get(2) {
            None => None,
            Some(s) => match s.trim().parse::<usize>() {
                Ok(n) if n >= 2 => Some(n),
                _ => {
                    return Err(bad(&format!(
                        "STEPS {s:?} must be a whole number of at least 2"
                    )));
                }
            },
        };
        Ok(ParamRange {
            path: path.trim().to_owned(),
            lo,
            hi,
            steps,
        })
    }
}

/// `PATH=LO:HI[:STEPS]`, which reads back as the same range (a float's shortest form is
/// exact).
impl std::fmt::Display for ParamRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}={}:{}", self.path, self.lo, self.hi)?;
        match self.steps {
            Some(n) => write!(f, ":{n}"),
            None => Ok(()),
        }
    }
}

/// A sweep's parameters and design.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepSpec {
    /// The swept parameters.
    pub params: Vec<ParamRange>,
    /// How points are chosen.
    pub design: Design,
    /// Points of a Latin hypercube or Sobol design.
    pub points: Option<usize>,
    /// Runs at each point.
    pub runs_per_point: u64,
    /// Whether to keep each point's daily aggregates (the ensemble's `daily` table, one
    /// per point): `daily.parquet` with a `point` column.
    pub daily: bool,
}

/// What to run.
#[derive(Clone, Debug, PartialEq)]
pub enum Plan {
    /// `runs` histories of the scenario as it is.
    Ensemble {
        /// Number of histories.
        runs: u64,
    },
    /// Histories at points of parameter space.
    Sweep(SweepSpec),
}

/// Everything an experiment is made of, as the command line gives it.
#[derive(Clone, Debug)]
pub struct Spec {
    /// The validated scenario.
    pub scenario: Scenario,
    /// The text it was read from, kept in the manifest so that a replay rebuilds the
    /// scenario with the same hash; when `None`, the scenario's document is kept.
    pub scenario_text: Option<String>,
    /// The experiment's seed; the scenario's when `None`.
    pub seed: Option<u64>,
    /// Days per run; the scenario's when `None`.
    pub days: Option<u32>,
    /// Ensemble or sweep.
    pub plan: Plan,
    /// Runs per chunk.
    pub chunk_size: u64,
    /// The daily quantities whose series are kept with the daily aggregates (an
    /// ensemble's, or a sweep's per point), by name: `interceptor_stock_a`, ...
    pub series: Vec<String>,
    /// The software running it.
    pub build: Build,
}

/// Whether an experiment is an ensemble or a sweep.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Histories of one scenario.
    Ensemble,
    /// Histories at points of parameter space.
    Sweep,
}

/// The scenario as the manifest keeps it: its text, so that replay and resume need no
/// other file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioRecord {
    /// The scenario's name.
    pub name: String,
    /// Where it was read from (informative only: not compared on resume).
    pub origin: String,
    /// SHA-256 of the file it was read from.
    pub hash: String,
    /// The scenario document, as pretty JSON.
    pub text: String,
}

/// A sweep as the manifest keeps it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepRecord {
    /// How the points were chosen.
    pub design: Design,
    /// The swept parameters.
    pub params: Vec<ParamRange>,
    /// Each point's parameter values, in the order of `params`.
    pub points: Vec<Vec<f64>>,
}

/// The manifest: everything that makes an experiment this experiment. Written before any
/// chunk, so that resume, merge and replay can check they continue the same one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Layout version of this file.
    pub layout: u32,
    /// Ensemble or sweep.
    pub kind: Kind,
    /// The software that runs it.
    pub build: Build,
    /// The scenario.
    pub scenario: ScenarioRecord,
    /// The experiment's seed.
    pub seed: u64,
    /// Days per run.
    pub days: u32,
    /// Runs in total.
    pub runs: u64,
    /// Runs per point (all runs for an ensemble).
    pub runs_per_point: u64,
    /// Runs per chunk.
    pub chunk_size: u64,
    /// The sweep's design, for a sweep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sweep: Option<SweepRecord>,
    /// Display names of the hostile dyads.
    pub dyads: Vec<String>,
    /// The model's outcomes, in the order of the tables' columns.
    pub outcomes: Vec<String>,
    /// How run indices map to seeds, in words, for whoever reads the folder.
    pub seed_scheme: String,
    /// Sweeps: whether each point's daily aggregates are kept (an ensemble always keeps
    /// its own).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub daily_per_point: bool,
    /// The chosen daily quantities whose series the daily aggregates keep (`--series`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<String>,
    /// The files grayzone wrote into the folder besides the manifest and the chunks
    /// (which carry their own identity): tables, summary, charts, replays. `--force`
    /// removes a file only while it is listed here and still what grayzone wrote. Not
    /// part of the experiment's identity.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub written: Vec<Written>,
}

/// A file grayzone wrote into an experiment's folder: its path within the folder (`/`
/// between components), its size and its SHA-256.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Written {
    /// The path within the folder, e.g. `runs.parquet` or `replay-3/summary.json`.
    pub path: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// SHA-256 of its content, in hex.
    pub sha256: String,
}

impl Written {
    /// The record of `file`, as it is now, under the name `path`.
    pub fn of(file: &Path, path: String) -> std::result::Result<Written, grayzone_records::Error> {
        let (bytes, sha256) = grayzone_records::sha256_file(file)?;
        Ok(Written {
            path,
            bytes,
            sha256,
        })
    }

    /// Whether `file` is still what this records (same size and SHA-256): what lets
    /// `--force` remove it as grayzone's.
    pub fn matches(&self, file: &Path) -> std::result::Result<bool, grayzone_records::Error> {
        let (bytes, sha256) = grayzone_records::sha256_file(file)?;
        Ok(bytes == self.bytes && sha256 == self.sha256)
    }
}

const SEED_SCHEME: &str = "run k of point p = k div runs_per_point is the model's history \
     r = k mod runs_per_point of the experiment's seed: the same r uses the same random \
     numbers at every point (common random numbers)";

impl Manifest {
    /// The differences that make `other` another experiment, in words (empty if none),
    /// `ours` and `theirs` naming where each manifest comes from. The scenario's origin is
    /// not compared: the same file may be reached by another path.
    pub fn differences(&self, other: &Manifest, ours: &str, theirs: &str) -> Vec<String> {
        let mut out = Vec::new();
        diff_values("", &self.comparable(), &other.comparable(), &mut out);
        out.into_iter()
            .map(|(at, a, b)| format!("{at} is {a} in {ours} but {b} in {theirs}"))
            .collect()
    }

    /// What makes the experiment itself, as JSON: everything but where the scenario was
    /// read from and its text (the hash speaks for the text).
    fn comparable(&self) -> Value {
        let mut v = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Some(s) = v.get_mut("scenario").and_then(Value::as_object_mut) {
            s.remove("origin");
            s.remove("text");
        }
        if let Some(m) = v.as_object_mut() {
            m.remove("written");
        }
        v
    }

    /// The experiment's identity: SHA-256 of what [`Manifest::differences`] compares.
    /// Each chunk records it, so that a chunk of another experiment (another seed,
    /// scenario or build) copied into the folder is refused, not merged.
    pub fn identity(&self) -> String {
        grayzone_records::sha256_hex(self.comparable().to_string().as_bytes())
    }

    /// Puts the scenario's name first in `table`, one cell per row, so that the tables of
    /// experiments over several scenarios concatenate into one (issue "Policy analysis
    /// under deep uncertainty": the scenario is a column of every table).
    pub(crate) fn scenario_column(&self, table: &mut grayzone_records::Table) {
        let rows = table.rows();
        table.columns.insert(
            0,
            grayzone_records::Column {
                name: "scenario".into(),
                values: grayzone_records::Values::Text(vec![self.scenario.name.clone(); rows]),
            },
        );
    }

    /// Writes the experiment's identity into a table's metadata: what makes its chunks
    /// and tables, so a copied file still says where it comes from. Only what every way
    /// of running the experiment shares (no thread count, no time, no command line:
    /// that differs between a sharded and a whole run, whose tables must be the same
    /// bytes; `summary.json` keeps the command line).
    pub(crate) fn stamp(&self, table: &mut grayzone_records::Table) {
        table.provenance("version", &self.build.version);
        table.provenance("build", &self.build.commit);
        table.provenance("scenario", &self.scenario.name);
        table.provenance("scenario_hash", &self.scenario.hash);
        table.provenance(
            "kind",
            match self.kind {
                Kind::Ensemble => "ensemble",
                Kind::Sweep => "sweep",
            },
        );
        table.provenance("seed", self.seed);
        table.provenance("runs", self.runs);
        table.provenance("runs_per_point", self.runs_per_point);
        table.provenance("days", self.days);
        table.provenance("chunk_size", self.chunk_size);
    }

    /// The number of chunks.
    pub fn chunks(&self) -> u64 {
        self.runs.div_ceil(self.chunk_size)
    }

    /// Checks what a manifest read from a folder may hold (a file from elsewhere may hold
    /// anything): the layout this build writes, at least one run, day and run per chunk,
    /// runs that are the points times the runs per point, and no more than
    /// [`MAX_CHUNKS`] chunks and [`MAX_DAYS`] days, so that nothing is divided by zero or
    /// allocated beyond reason. The reason, in words, when it is not.
    pub fn check(&self) -> std::result::Result<(), String> {
        if self.layout != MANIFEST_LAYOUT {
            return Err(format!(
                "layout {} is not one this build reads (expected {MANIFEST_LAYOUT})",
                self.layout
            ));
        }
        if self.chunk_size == 0 || self.runs_per_point == 0 || self.runs == 0 {
            return Err(format!(
                "chunk_size {}, runs_per_point {} and runs {} must each be at least 1",
                self.chunk_size, self.runs_per_point, self.runs
            ));
        }
        if self.days == 0 || self.days > MAX_DAYS {
            return Err(format!(
                "days {} is not between 1 and {MAX_DAYS}",
                self.days
            ));
        }
        let points = self.sweep.as_ref().map_or(1, |s| s.points.len() as u64);
        if points.checked_mul(self.runs_per_point) != Some(self.runs) {
            return Err(format!(
                "runs {} is not {points} point(s) × {} runs per point",
                self.runs, self.runs_per_point
            ));
        }
        if let Some(sweep) = &self.sweep
            && let Some(p) = sweep.points.iter().find(|p| p.len() != sweep.params.len())
        {
            return Err(format!(
                "a point has {} values for {} parameters",
                p.len(),
                sweep.params.len()
            ));
        }
        if self.records_daily() {
            check_daily(self.days, self.dyads.len())?;
        }
        for q in &self.series {
            q.parse::<Quantity>().map_err(|e| e.to_string())?;
        }
        check_chunks(self.runs, self.chunk_size)
    }

    /// Whether the chunks hold daily aggregates: an ensemble's, or a sweep's per point.
    pub fn records_daily(&self) -> bool {
        self.kind == Kind::Ensemble || self.daily_per_point
    }

    /// The chosen daily quantities, as [`Manifest::check`] found them.
    pub(crate) fn quantities(&self) -> Vec<Quantity> {
        self.series.iter().filter_map(|q| q.parse().ok()).collect()
    }

    /// The run indices of chunk `c`.
    pub fn chunk_runs(&self, c: u64) -> Range<u64> {
        let start = c.saturating_mul(self.chunk_size).min(self.runs);
        start..start.saturating_add(self.chunk_size).min(self.runs)
    }

    /// The point and replica of run `k` (see the module documentation).
    pub fn locate(&self, k: u64) -> (usize, u64) {
        ((k / self.runs_per_point) as usize, k % self.runs_per_point)
    }

    /// The names of the swept parameters (none for an ensemble).
    pub fn param_names(&self) -> Vec<String> {
        self.sweep
            .iter()
            .flat_map(|s| s.params.iter().map(|p| p.path.clone()))
            .collect()
    }
}

fn diff_values(at: &str, a: &Value, b: &Value, out: &mut Vec<(String, String, String)>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let path = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                diff_values(
                    &path,
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        // Lists of equal length (a sweep's points): the first element that differs, and
        // how many do, rather than two cuts of long JSON.
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() && a != b => {
            let differing: Vec<usize> = (0..x.len()).filter(|&i| x[i] != y[i]).collect();
            let first = differing[0];
            let mut inner = Vec::new();
            diff_values(&format!("{at}[{first}]"), &x[first], &y[first], &mut inner);
            if differing.len() > 1 {
                for d in &mut inner {
                    d.0 = format!(
                        "{} (and {} more of its {} elements)",
                        d.0,
                        differing.len() - 1,
                        x.len()
                    );
                }
            }
            out.extend(inner);
        }
        (Value::Array(x), Value::Array(y)) if x.len() != y.len() => out.push((
            at.to_owned(),
            format!("a list of {}", x.len()),
            format!("a list of {}", y.len()),
        )),
        _ if a != b => {
            let (a, b) = around_difference(&a.to_string(), &b.to_string());
            out.push((at.to_owned(), a, b));
        }
        _ => {}
    }
}

/// Longest text shown of each side of a difference.
const SHOWN: usize = 60;

/// Both texts cut to where they differ: long values (a commit, a scenario name, a list
/// of points) often share a long prefix, and cutting both after it would show the same
/// text twice.
fn around_difference(a: &str, b: &str) -> (String, String) {
    let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if ac.len() <= SHOWN && bc.len() <= SHOWN {
        return (a.to_owned(), b.to_owned());
    }
    let first = ac.iter().zip(&bc).take_while(|(x, y)| x == y).count();
    // A little context before the difference, so that it can be found in the file.
    let start = first.saturating_sub(12);
    let cut = |cs: &[char]| {
        let end = (start + SHOWN).min(cs.len());
        let mut text: String = cs[start.min(end)..end].iter().collect();
        if start > 0 {
            text.insert(0, '…');
        }
        if end < cs.len() {
            text.push('…');
        }
        text
    };
    (cut(&ac), cut(&bc))
}

/// A planned experiment: its manifest and the theatre of each point, ready to run.
#[derive(Clone, Debug)]
pub struct Experiment {
    manifest: Manifest,
    theatres: Vec<Theatre>,
    warnings: Vec<String>,
}

impl Experiment {
    /// Plans an experiment: checks the options, resolves the parameter paths, chooses the
    /// points and builds each point's scenario.
    pub fn plan(spec: Spec) -> Result<Experiment> {
        if spec.chunk_size == 0 {
            return Err(Error::Invalid(
                "the chunk size must be at least 1 run".into(),
            ));
        }
        let days = spec.days.unwrap_or_else(|| spec.scenario.days());
        if days == 0 || days > MAX_DAYS {
            return Err(Error::Invalid(format!(
                "--days must be between 1 and {MAX_DAYS} (found {days})"
            )));
        }
        let mut warnings = Vec::new();
        let (kind, runs_per_point, sweep, daily_per_point) = match &spec.plan {
            Plan::Ensemble { runs } => (Kind::Ensemble, *runs, None, false),
            Plan::Sweep(s) => {
                let seed = spec.seed.unwrap_or_else(|| spec.scenario.seed());
                let domains = param_domains(&spec.scenario, &s.params)?;
                let points = design_points(s, &domains, seed)?;
                warnings.extend(design_warnings(s));
                let record = SweepRecord {
                    design: s.design,
                    params: s.params.clone(),
                    points,
                };
                (Kind::Sweep, s.runs_per_point, Some(record), s.daily)
            }
        };
        if runs_per_point == 0 {
            return Err(Error::Invalid(
                "the number of runs must be at least 1".into(),
            ));
        }
        let points = sweep.as_ref().map_or(1, |s| s.points.len() as u64);
        let runs = points.checked_mul(runs_per_point).ok_or_else(|| {
            Error::Invalid(format!(
                "{points} points × {runs_per_point} runs is too many runs"
            ))
        })?;
        check_chunks(runs, spec.chunk_size).map_err(Error::Invalid)?;
        let scenario = &spec.scenario;
        let manifest = Manifest {
            layout: MANIFEST_LAYOUT,
            kind,
            build: spec.build,
            scenario: ScenarioRecord {
                name: scenario.name().to_owned(),
                origin: scenario.origin().to_owned(),
                hash: scenario.hash().to_owned(),
                text: original_text(scenario, spec.scenario_text.as_deref())
                    .unwrap_or_else(|| scenario.to_json_string_pretty()),
            },
            seed: spec.seed.unwrap_or_else(|| scenario.seed()),
            days,
            runs,
            runs_per_point,
            chunk_size: spec.chunk_size,
            sweep,
            dyads: Simulation::new(scenario.theatre()).dyads().to_vec(),
            outcomes: Outcomes::names().iter().map(|s| s.to_string()).collect(),
            seed_scheme: SEED_SCHEME.to_owned(),
            daily_per_point,
            series: spec.series.clone(),
            written: Vec::new(),
        };
        for q in &manifest.series {
            q.parse::<Quantity>()?;
        }
        if !manifest.series.is_empty() && !manifest.records_daily() {
            return Err(Error::Invalid(
                "--series keeps daily series with the daily aggregates: a sweep needs --daily for them".into(),
            ));
        }
        if manifest.records_daily() {
            check_daily(manifest.days, manifest.dyads.len()).map_err(Error::Invalid)?;
        }
        let theatres = point_theatres(scenario, &manifest)?;
        Ok(Experiment {
            manifest,
            theatres,
            warnings,
        })
    }

    /// Rebuilds a planned experiment from its manifest (to replay or merge it).
    pub fn from_manifest(manifest: Manifest) -> Result<Experiment> {
        let scenario = Scenario::from_str(&manifest.scenario.text, &manifest.scenario.origin)
            .map_err(|d| Error::Scenario(d.to_string()))?;
        let theatres = point_theatres(&scenario, &manifest)?;
        Ok(Experiment {
            manifest,
            theatres,
            warnings: Vec::new(),
        })
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// What the plan did not refuse but the analyst should know (a Sobol design of a
    /// number of points that is not a power of two), in words.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The theatre of each point, by index.
    pub(crate) fn theatres(&self) -> &[Theatre] {
        &self.theatres
    }
}

/// `text` if it is what `scenario` was read from (a file may change between two reads).
fn original_text(scenario: &Scenario, text: Option<&str>) -> Option<String> {
    let text = text?;
    let again = Scenario::from_str(text, scenario.origin()).ok()?;
    (again.hash() == scenario.hash()).then(|| text.to_owned())
}

/// The scenario of one point: the base scenario with the point's parameter values.
pub(crate) fn point_scenario(base: &Scenario, manifest: &Manifest, p: usize) -> Result<Scenario> {
    let Some(sweep) = &manifest.sweep else {
        return Ok(base.clone());
    };
    let values = &sweep.points[p];
    let mut params = Vec::with_capacity(values.len());
    for (range, &value) in sweep.params.iter().zip(values) {
        let path = ParamPath::parse(&range.path).map_err(|e| Error::Invalid(e.to_string()))?;
        params.push((path, value));
    }
    base.with_params(&params).map_err(|d| {
        let at: Vec<String> = sweep
            .params
            .iter()
            .zip(values)
            .map(|(r, v)| format!("{} = {v}", r.path))
            .collect();
        Error::Scenario(format!("at the point {}:\n{d}", at.join(", ")))
    })
}

fn point_theatres(base: &Scenario, manifest: &Manifest) -> Result<Vec<Theatre>> {
    let Some(sweep) = &manifest.sweep else {
        return Ok(vec![base.theatre().clone()]);
    };
    for range in &sweep.params {
        let path = ParamPath::parse(&range.path).map_err(|e| Error::Invalid(e.to_string()))?;
        base.param_value(&path)
            .map_err(|e| Error::Invalid(e.to_string()))?;
    }
    (0..sweep.points.len())
        .map(|p| point_scenario(base, manifest, p).map(Scenario::into_theatre))
        .collect()
}

/// The domain of each swept parameter, after checking that the paths lead to numbers
/// that vary between the points of one experiment, and that no two share a number.
fn param_domains(scenario: &Scenario, params: &[ParamRange]) -> Result<Vec<Domain>> {
    if params.is_empty() {
        return Err(Error::Invalid(
            "a sweep needs at least one --param PATH=LO:HI[:STEPS]".into(),
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for p in params {
        if !seen.insert(&p.path) {
            return Err(Error::Invalid(format!("--param {} is given twice", p.path)));
        }
    }
    let paths = params
        .iter()
        .map(|p| ParamPath::parse(&p.path))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| Error::Invalid(e.to_string()))?;
    let slots = scenario
        .resolve_params(&paths)
        .map_err(|e| Error::Invalid(e.to_string()))?;
    for (p, slots) in params.iter().zip(&slots) {
        refuse_experiment_settings(p, slots)?;
    }
    // A wildcard over places of different kinds takes the strictest of them.
    Ok(slots
        .iter()
        .map(|s| s.iter().map(|s| s.domain).max().unwrap_or(Domain::Real))
        .collect())
}

/// The horizon and the seed belong to the experiment (one for all its runs, and the
/// seed is what makes replica r the same at every point), so a point cannot set them.
fn refuse_experiment_settings(p: &ParamRange, slots: &[Slot]) -> Result<()> {
    for (field, option) in [("days", "--days D"), ("seed", "--seed S")] {
        if slots.iter().any(|s| s.at == field) {
            return Err(Error::Invalid(format!(
                "--param {}: {field} is a setting of the whole experiment, not a parameter of \
                 its points: use {option} (run one experiment per value to compare them)",
                p.path
            )));
        }
    }
    Ok(())
}

/// The points of a sweep's design, each value one the field takes: whole-number fields
/// and switches get the nearest value they take (see [`design_bounds`] for how lhs and
/// sobol keep every whole number equally likely).
fn design_points(sweep: &SweepSpec, domains: &[Domain], seed: u64) -> Result<Vec<Vec<f64>>> {
    let invalid =
        |e: grayzone_stats::Error| Error::Invalid(format!("{} design: {e}", sweep.design));
    let points = match sweep.design {
        Design::Grid => {
            if sweep.points.is_some() {
                return Err(Error::Invalid(
                    "--points is for lhs and sobol designs; a grid takes STEPS per parameter (PATH=LO:HI:STEPS)".into(),
                ));
            }
            let bounds = Bounds::new(sweep.params.iter().map(|p| (p.lo, p.hi)).collect())
                .map_err(|e| Error::Invalid(format!("parameter ranges: {e}")))?;
            let steps: Vec<usize> = sweep
                .params
                .iter()
                .map(|p| p.steps.unwrap_or(DEFAULT_GRID_STEPS))
                .collect();
            let points = design::grid(&bounds, &steps).map_err(invalid)?;
            for ((p, &domain), &n) in sweep.params.iter().zip(domains).zip(&steps) {
                check_grid_axis(p, domain, n)?;
            }
            points
        }
        Design::Lhs | Design::Sobol => {
            if let Some(p) = sweep.params.iter().find(|p| p.steps.is_some()) {
                return Err(Error::Invalid(format!(
                    "--param {}: STEPS is for a grid; a {} design takes --points",
                    p.path, sweep.design
                )));
            }
            let ranges = (sweep.params.iter().zip(domains))
                .map(|(p, &d)| design_bounds(p, d))
                .collect::<Result<Vec<_>>>()?;
            let bounds = Bounds::new(ranges)
                .map_err(|e| Error::Invalid(format!("parameter ranges: {e}")))?;
            let n = sweep.points.unwrap_or(DEFAULT_DESIGN_POINTS);
            if sweep.design == Design::Lhs {
                design::latin_hypercube(&bounds, n, seed).map_err(invalid)?
            } else {
                design::sobol(&bounds, n, seed).map_err(invalid)?
            }
        }
    };
    Ok(points
        .into_iter()
        .map(|point| {
            (point.iter().zip(sweep.params.iter().zip(domains)))
                .map(|(&x, (p, &d))| value_taken(x, p, d))
                .collect()
        })
        .collect())
}

/// The first and last value from LO to HI the field takes, or an error when it takes
/// none there.
fn whole_range(p: &ParamRange, domain: Domain) -> Result<(f64, f64)> {
    domain
        .values_between(p.lo, p.hi)
        .map_err(|why| Error::Invalid(format!("--param {}: {why}", p.path)))
}

/// The range an lhs or sobol design draws a parameter from. For a whole-number field or
/// a switch, half a unit beyond the first and last whole number, so that rounding gives
/// each whole number from LO to HI the same share of the points (the ends would get half
/// a share otherwise).
fn design_bounds(p: &ParamRange, domain: Domain) -> Result<(f64, f64)> {
    if domain == Domain::Real {
        return Ok((p.lo, p.hi));
    }
    let (lo, hi) = whole_range(p, domain)?;
    Ok((lo - 0.5, hi + 0.5))
}

/// The value the field takes nearest to the design's `x`, within LO..HI.
fn value_taken(x: f64, p: &ParamRange, domain: Domain) -> f64 {
    domain.nearest_between(x, p.lo, p.hi)
}

/// Refuses grid steps that would round two values of a whole-number field to one: those
/// points would repeat others and waste their runs.
fn check_grid_axis(p: &ParamRange, domain: Domain, steps: usize) -> Result<()> {
    if domain == Domain::Real {
        return Ok(());
    }
    let (lo, hi) = whole_range(p, domain)?;
    let axis = Bounds::new(vec![(p.lo, p.hi)])
        .and_then(|b| design::grid(&b, &[steps]))
        .map_err(|e| Error::Invalid(format!("--param {}: {e}", p.path)))?;
    let taken: Vec<f64> = axis.iter().map(|x| value_taken(x[0], p, domain)).collect();
    if taken.windows(2).all(|w| w[0] < w[1]) {
        return Ok(());
    }
    let shown: Vec<String> = taken.iter().map(f64::to_string).collect();
    Err(Error::Invalid(format!(
        "--param {}: the field takes {}, and {steps} steps from {} to {} round to {}, \
         repeating points: use at most {} steps",
        p.path,
        domain.describe(),
        p.lo,
        p.hi,
        shown.join(", "),
        hi - lo + 1.0
    )))
}

/// Designs the plan accepts but the analyst should hear about.
fn design_warnings(sweep: &SweepSpec) -> Vec<String> {
    let n = sweep.points.unwrap_or(DEFAULT_DESIGN_POINTS);
    if sweep.design != Design::Sobol || n.is_power_of_two() {
        return Vec::new();
    }
    let below = 1usize << (usize::BITS - 1 - n.leading_zeros());
    vec![format!(
        "--points {n} is not a power of two: a Sobol design is evenly spread only at powers \
         of two, so these points are less balanced than {below} or {} would be",
        below * 2
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn param_ranges_parse_and_explain_mistakes() {
        let p: ParamRange = "militias.*.autonomy=0:1:5".parse().unwrap();
        assert_eq!(
            (p.path.as_str(), p.lo, p.hi, p.steps),
            ("militias.*.autonomy", 0.0, 1.0, Some(5))
        );
        let q: ParamRange = "a.b=0.1:0.9".parse().unwrap();
        assert_eq!(q.steps, None);
        for bad in [
            "a.b",
            "a.b=1",
            "a.b=1:0",
            "a.b=0:x",
            "a.b=0:1:1",
            "a.b=0:1:2:3",
            "a.b=0:inf",
        ] {
            let e = bad.parse::<ParamRange>().unwrap_err().to_string();
            assert!(e.contains("PATH=LO:HI"), "{bad}: {e}");
        }
    }

    #[test]
    fn chunks_cover_the_runs_exactly() {
        let m = Manifest {
            layout: 1,
            kind: Kind::Ensemble,
            build: Build::default(),
            scenario: ScenarioRecord {
                name: String::new(),
                origin: String::new(),
                hash: String::new(),
                text: String::new(),
            },
            seed: 1,
            days: 1,
            runs: 25,
            runs_per_point: 5,
            chunk_size: 10,
            sweep: None,
            dyads: vec![],
            outcomes: vec![],
            seed_scheme: String::new(),
            daily_per_point: false,
            series: Vec::new(),
            written: Vec::new(),
        };
        assert_eq!(m.chunks(), 3);
        assert_eq!(m.chunk_runs(2), 20..25);
        assert_eq!(m.locate(12), (2, 2));
        let mut other = m.clone();
        other.seed = 2;
        other.scenario.origin = "elsewhere.json".into();
        assert_eq!(
            m.differences(&other, "a", "b"),
            vec!["seed is 1 in a but 2 in b".to_owned()]
        );
    }

    #[test]
    fn long_differences_show_where_they_differ() {
        let common = "x".repeat(100);
        let (a, b) = around_difference(&format!("{common}abc{common}"), &format!("{common}abd"));
        assert!(a.starts_with('…') && a.ends_with('…'), "{a}");
        assert!(
            a.contains("xabc") && b.contains("xabd") && !b.ends_with('…'),
            "{a} / {b}"
        );
        assert_ne!(a, b);
        assert_eq!(around_difference("1", "2"), ("1".into(), "2".into()));
    }
}
