//! The experiment file (`grayzone experiment FILE`): one declarative description of what
//! to run (ensembles, sweeps, scenario discovery, robust searches) over one or several
//! scenarios, read and checked like a scenario and published as a JSON Schema
//! (`grayzone schema --experiment`).
//!
//! ```json
//! {
//!   "name": "truce-collapse",
//!   "scenarios": ["scenarios/hormuz-2026.json"],
//!   "days": 30,
//!   "levers": ["actors.us.attribution.policy=0:1"],
//!   "uncertainties": ["militias.*.autonomy=0:1", "network.linkage[0].weight=0:2"],
//!   "design": { "kind": "lhs", "points": 400 },
//!   "runs_per_point": 100,
//!   "outcomes": ["collapse_within_30", "regional_war_within_30"],
//!   "run": [
//!     { "kind": "sweep" },
//!     { "kind": "discover", "where": "collapse_within_30>0.5" },
//!     { "kind": "robust", "objectives": ["collapse_within_30", "max:blamed_on_patron_share"] }
//!   ]
//! }
//! ```
//!
//! The command-line flags of `ensemble`, `sweep`, `discover` and `optimize --robust` are a
//! short-hand for a file of one step: each writes the file that stands for it as
//! `experiment.json` in its folder, so `grayzone experiment DIR/experiment.json` runs it
//! again. Scenario files are named relative to the experiment file; a recorded file names
//! them by absolute path and records each one's SHA-256, which a rerun checks.

use std::path::{Path, PathBuf};

use grayzone_experiments::{Design, ParamRange};
use grayzone_scenario::Diagnostics;
use grayzone_scenario::diagnostics::{Diagnostic, JsonPath, Problem, Stage};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::discover::Condition;
use crate::optimize::Constraint;
use crate::outcome::Outcome;
use crate::param::Param;
use crate::robust::{Metric, Objective};

/// An experiment: scenarios, what varies, the design, what to record and what to run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExperimentFile {
    /// The schema this file follows (`grayzone schema --experiment`), for editors.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// A name: letters, digits, `-`, `_` and `.` (not first). The output folder is
    /// `output/<name>` unless `--out` says otherwise.
    pub name: String,
    /// What the experiment asks, in words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Scenario files, relative to this file; the embedded hormuz-2026 scenario when empty.
    /// With several, each gets a folder named after it, and the points table at the top
    /// has the scenario as a column.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<String>,
    /// SHA-256 of each scenario file, in the order of `scenarios`: recorded by grayzone
    /// and checked on a rerun, so that a rerun runs the same theatre.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenario_hashes: Vec<String>,
    /// Seed of every step (each scenario's own seed when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Days per run (each scenario's own horizon when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 100_000))]
    pub days: Option<u32>,
    /// Runs per chunk file of an ensemble or sweep (the unit of resume): 10,000 when left
    /// out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub chunk_size: Option<u64>,
    /// Tables of ensembles and sweeps as `parquet` (when left out) or `csv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<TableFormat>,
    /// Swept parameters that are neither levers nor uncertainties, `PATH=LO:HI[:STEPS]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<String>,
    /// What a decision-maker controls, `PATH=LO:HI[:STEPS]`: swept by a sweep, searched
    /// by a robust search.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levers: Vec<String>,
    /// What it does not control, `PATH=LO:HI[:STEPS]`: swept by a sweep, sampled by a
    /// robust search.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uncertainties: Vec<String>,
    /// How a sweep chooses its points.
    #[serde(default)]
    pub design: DesignFile,
    /// Runs at each point (of a sweep or a robust search).
    #[serde(default = "default_runs_per_point")]
    #[schemars(range(min = 1))]
    pub runs_per_point: u64,
    /// Outcome expressions written per point of the sweep, for every scenario, into
    /// `outcomes.parquet` at the top of the output folder (the scenario as a column).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<String>,
    /// Daily quantities whose series ensembles and sweeps keep per day and dyad (mean,
    /// standard deviation, minimum, maximum over the runs; per point for a sweep), named
    /// as `timeseries.csv` names them: `interceptor_stock_a`, `attack_spending_b`, ...
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<String>,
    /// What to run, in order, for every scenario.
    #[schemars(length(min = 1))]
    pub run: Vec<Step>,
}

fn default_runs_per_point() -> u64 {
    100
}

/// How a sweep chooses its points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DesignFile {
    /// Every combination (grid), a Latin hypercube (lhs) or a scrambled Sobol sequence.
    #[serde(default = "default_design")]
    pub kind: DesignKind,
    /// Points of an lhs or sobol design.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 1_000_000))]
    pub points: Option<u64>,
}

impl Default for DesignFile {
    fn default() -> Self {
        DesignFile {
            kind: default_design(),
            points: None,
        }
    }
}

fn default_design() -> DesignKind {
    DesignKind::Lhs
}

/// The format of an experiment's tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TableFormat {
    /// Apache Parquet.
    Parquet,
    /// Comma-separated values.
    Csv,
}

/// A sweep's design.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DesignKind {
    /// Every combination of the parameters' steps.
    Grid,
    /// A Latin hypercube.
    Lhs,
    /// A scrambled Sobol sequence.
    Sobol,
}

impl From<Design> for DesignKind {
    fn from(d: Design) -> DesignKind {
        match d {
            Design::Grid => DesignKind::Grid,
            Design::Lhs => DesignKind::Lhs,
            Design::Sobol => DesignKind::Sobol,
        }
    }
}

impl From<DesignKind> for Design {
    fn from(d: DesignKind) -> Design {
        match d {
            DesignKind::Grid => Design::Grid,
            DesignKind::Lhs => Design::Lhs,
            DesignKind::Sobol => Design::Sobol,
        }
    }
}

impl From<MethodFile> for crate::discover::Method {
    fn from(m: MethodFile) -> crate::discover::Method {
        match m {
            MethodFile::Prim => crate::discover::Method::Prim,
            MethodFile::Cart => crate::discover::Method::Cart,
        }
    }
}

/// One thing to run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum Step {
    /// Runs of the scenario as it is.
    Ensemble {
        /// Number of runs.
        #[schemars(range(min = 1))]
        runs: u64,
    },
    /// Runs at the points of the design over the params, levers and uncertainties (or
    /// only some of them: `vary`).
    Sweep {
        /// What the sweep varies; the rest keep the scenario's values.
        #[serde(default, skip_serializing_if = "Vary::is_all")]
        vary: Vary,
        /// Keep each point's daily series: per day and dyad, the rung's mean, percentiles
        /// and shares, the Goldstein intensity's, and the share of runs whose ceasefire
        /// stands (`daily.parquet` with a `point` column).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        daily: bool,
    },
    /// Scenario discovery over the sweep: where a condition holds.
    Discover {
        /// The condition on a point's outcome, `OUTCOME>VALUE`.
        #[serde(rename = "where")]
        condition: String,
        /// PRIM or a classification tree.
        #[serde(default = "default_method")]
        method: MethodFile,
        /// PRIM's density threshold (by default the larger of 0.8 and halfway from the
        /// share of points where the condition holds to 1).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(range(min = 0.0, max = 1.0))]
        threshold: Option<f64>,
        /// PRIM's boxes, each found on the points the ones before it leave out.
        #[serde(default = "default_boxes")]
        #[schemars(range(min = 1, max = 100))]
        boxes: u64,
        /// Resamples for PRIM's intervals.
        #[serde(default = "default_resamples")]
        #[schemars(range(max = 100_000))]
        resamples: u64,
        /// PRIM's peel: the share of the box's points each peel removes.
        #[serde(default = "default_share")]
        #[schemars(range(min = 0.0, max = 1.0))]
        peel_alpha: f64,
        /// PRIM's smallest box, as a share of the points.
        #[serde(default = "default_share")]
        #[schemars(range(min = 0.0, max = 1.0))]
        mass_min: f64,
        /// The tree's deepest split.
        #[serde(default = "default_max_depth")]
        #[schemars(range(min = 1, max = 30))]
        max_depth: u64,
        /// The tree's fewest points in a leaf.
        #[serde(default = "default_min_leaf")]
        #[schemars(range(min = 1))]
        min_leaf: u64,
        /// Seed of the resampling and of the forest that scores the parameters.
        #[serde(default = "default_seed")]
        seed: u64,
        /// A finished sweep's folder to read, instead of this experiment's own sweep.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sweep: Option<String>,
    },
    /// A robust search of the levers against the uncertainties.
    Robust {
        /// Objectives, `OUTCOME`, `min:OUTCOME` or `max:OUTCOME`.
        #[schemars(length(min = 1))]
        objectives: Vec<String>,
        /// Constraints on the mean over the uncertainty points, `OUTCOME<=VALUE`.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        constraints: Vec<String>,
        /// `mean`, or a percentile of the worse tail (`p90`).
        #[serde(default = "default_robustness")]
        robustness: String,
        /// Policies per generation (even).
        #[serde(default = "default_population")]
        #[schemars(range(min = 4, max = 10_000))]
        population: u64,
        /// Generations.
        #[serde(default = "default_generations")]
        #[schemars(range(min = 1, max = 100_000))]
        generations: u64,
        /// Uncertainty points each policy is evaluated at.
        #[serde(default = "default_scenarios")]
        #[schemars(range(min = 1, max = 100_000))]
        scenarios: u64,
        /// Fresh runs per uncertainty point for the check of each front policy.
        #[serde(default = "default_check_runs")]
        #[schemars(range(max = 10_000_000))]
        check_runs: u64,
    },
}

/// What a sweep varies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Vary {
    /// The params, the levers and the uncertainties.
    #[default]
    All,
    /// The params and the uncertainties: where the world takes the scenario's policy
    /// (open exploration, as scenario discovery usually starts).
    Uncertainties,
    /// The params and the levers.
    Levers,
}

impl Vary {
    fn is_all(&self) -> bool {
        *self == Vary::All
    }
}

/// PRIM or CART.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MethodFile {
    /// PRIM.
    Prim,
    /// A classification tree.
    Cart,
}

fn default_method() -> MethodFile {
    MethodFile::Prim
}
fn default_share() -> f64 {
    0.05
}
fn default_max_depth() -> u64 {
    4
}
fn default_min_leaf() -> u64 {
    10
}
fn default_seed() -> u64 {
    1
}
fn default_boxes() -> u64 {
    1
}
fn default_resamples() -> u64 {
    200
}
fn default_robustness() -> String {
    "mean".into()
}
fn default_population() -> u64 {
    20
}
fn default_generations() -> u64 {
    10
}
fn default_scenarios() -> u64 {
    16
}
fn default_check_runs() -> u64 {
    200
}

impl Step {
    /// A discover step's condition and settings, as `grayzone discover` and the experiment
    /// command both run it; `None` for another step.
    pub fn discovery(&self) -> Option<crate::Result<(Condition, crate::discover::Settings)>> {
        let Step::Discover {
            condition,
            method,
            threshold,
            boxes,
            resamples,
            peel_alpha,
            mass_min,
            max_depth,
            min_leaf,
            seed,
            ..
        } = self
        else {
            return None;
        };
        let settings = crate::discover::Settings {
            method: crate::discover::Method::from(*method),
            prim: grayzone_stats::prim::Settings {
                peel_alpha: *peel_alpha,
                mass_min: *mass_min,
                resamples: *resamples as usize,
                seed: *seed,
                ..grayzone_stats::prim::Settings::default()
            },
            tree: grayzone_stats::cart::TreeSettings {
                max_depth: *max_depth as usize,
                min_leaf: *min_leaf as usize,
            },
            threshold: *threshold,
            boxes: *boxes as usize,
            ..crate::discover::Settings::default()
        };
        Some(condition.parse().map(|c| (c, settings)))
    }

    /// The step's name, and its folder when the experiment has several.
    pub fn kind(&self) -> &'static str {
        match self {
            Step::Ensemble { .. } => "ensemble",
            Step::Sweep { .. } => "sweep",
            Step::Discover { .. } => "discover",
            Step::Robust { .. } => "robust",
        }
    }
}

/// The published JSON Schema of experiment files.
pub fn json_schema() -> Value {
    let mut schema = grayzone_scenario::schema_of::<ExperimentFile>(
        "grayzone experiment",
        "One experiment of grayzone: scenarios, levers, uncertainties and other swept \
         parameters, the design, runs per point, the outcomes to record, and what to run \
         (ensemble, sweep, discover, robust), in order, for every scenario.",
    );
    // A question in words may run to a paragraph, and a recorded scenario is named by
    // its absolute path.
    if let Some(d) = schema.pointer_mut("/properties/description") {
        d["maxLength"] = serde_json::json!(4000);
    }
    for list in ["scenarios", "scenario_hashes"] {
        if let Some(items) = schema.pointer_mut(&format!("/properties/{list}/items")) {
            items["maxLength"] = serde_json::json!(4096);
        }
    }
    schema
}

impl ExperimentFile {
    /// Reads and checks an experiment file: every problem with its line, column and JSON
    /// path, in one pass.
    pub fn from_path(path: &Path) -> Result<ExperimentFile, Diagnostics> {
        let origin = path.display().to_string();
        let text = grayzone_scenario::input::read_text(path).map_err(|e| {
            Diagnostics::new(vec![Diagnostic::detached(
                &origin,
                Stage::Io,
                format!("cannot read the experiment: {e}"),
            )])
        })?;
        ExperimentFile::from_str(&text, &origin)
    }

    /// Reads and checks an experiment from text; `origin` names it.
    pub fn from_str(text: &str, origin: &str) -> Result<ExperimentFile, Diagnostics> {
        grayzone_scenario::read_document(text, origin, &json_schema(), ExperimentFile::problems)
    }

    /// What the file says that makes no sense, each at its path.
    fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let root = JsonPath::root();
        let mut fail = |path: JsonPath, message: String| {
            out.push(Problem::new(Stage::Semantics, path, message));
        };
        if self.name.is_empty()
            || self.name.starts_with('.')
            || self.name.len() > 100
            || !self
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            fail(
                root.key("name"),
                format!(
                    "expected a name of letters, digits, `-`, `_` and `.` (not first), at most 100 characters: it names a folder; found {:?}",
                    self.name
                ),
            );
        }
        if !self.scenario_hashes.is_empty() && self.scenario_hashes.len() != self.scenarios.len() {
            fail(
                root.key("scenario_hashes"),
                format!(
                    "expected one hash per scenario ({}), found {}",
                    self.scenarios.len(),
                    self.scenario_hashes.len()
                ),
            );
        }
        for (field, list) in [
            ("params", &self.params),
            ("levers", &self.levers),
            ("uncertainties", &self.uncertainties),
        ] {
            for (i, text) in list.iter().enumerate() {
                if let Err(e) = text.parse::<ParamRange>() {
                    fail(root.key(field).index(i), e.to_string());
                }
            }
        }
        // What a sweep's runs table cannot answer is said now, not after the sweep.
        let days = self.days;
        let readable = |o: &Outcome| -> Option<String> {
            if o.is_per_actor() {
                return Some(format!(
                    "{o}: a sweep's runs table holds the theatre's outcomes, not each militia's"
                ));
            }
            match (o.time_window(), days) {
                (Some(d), Some(days)) if d > f64::from(days) => Some(format!(
                    "{o}: day {d} is beyond the experiment's horizon of {days} days"
                )),
                _ => None,
            }
        };
        for (i, text) in self.series.iter().enumerate() {
            if let Err(e) = text.parse::<grayzone_experiments::Quantity>() {
                fail(root.key("series").index(i), e.to_string());
            }
        }
        for (i, text) in self.outcomes.iter().enumerate() {
            match Outcome::parse(text) {
                Ok(o) => {
                    if let Some(why) = readable(&o) {
                        fail(root.key("outcomes").index(i), why);
                    }
                }
                Err(e) => fail(root.key("outcomes").index(i), e.to_string()),
            }
        }
        let has_sweep = self.run.iter().any(|s| matches!(s, Step::Sweep { .. }));
        for (i, step) in self.run.iter().enumerate() {
            let at = root.key("run").index(i);
            match step {
                Step::Ensemble { .. } => {}
                Step::Sweep { vary, .. } if self.swept(*vary).is_empty() => fail(
                    at,
                    "a sweep needs something to vary: give `params`, `levers` or `uncertainties` (as `vary` says)"
                        .into(),
                ),
                Step::Sweep { .. } => {}
                Step::Discover {
                    condition,
                    sweep,
                    peel_alpha,
                    mass_min,
                    ..
                } => {
                    for (key, v) in [("peel_alpha", peel_alpha), ("mass_min", mass_min)] {
                        if !(*v > 0.0 && *v < 1.0) {
                            fail(
                                at.key(key),
                                format!("expected a share strictly between 0 and 1, found {v}"),
                            );
                        }
                    }
                    match condition.parse::<Condition>() {
                        Ok(c) => {
                            if let Some(why) = readable(&c.outcome) {
                                fail(at.key("where"), why);
                            }
                        }
                        Err(e) => fail(at.key("where"), e.to_string()),
                    }
                    if sweep.is_none() && !has_sweep {
                        fail(
                            at,
                            "discovery reads a sweep: add a `{ \"kind\": \"sweep\" }` step or name a finished sweep's folder in `sweep`".into(),
                        );
                    }
                }
                Step::Robust {
                    objectives,
                    constraints,
                    robustness,
                    population,
                    ..
                } => {
                    if self.levers.is_empty() || self.uncertainties.is_empty() {
                        fail(
                            at.clone(),
                            "a robust search needs `levers` and `uncertainties`".into(),
                        );
                    }
                    for text in self.levers.iter().chain(&self.uncertainties) {
                        if text.parse::<Param>().is_err() && text.parse::<ParamRange>().is_ok() {
                            fail(
                                at.clone(),
                                format!(
                                    "{text:?}: a robust search takes PATH=LO:HI, without STEPS"
                                ),
                            );
                        }
                    }
                    for (j, o) in objectives.iter().enumerate() {
                        if let Err(e) = o.parse::<Objective>() {
                            fail(at.key("objectives").index(j), e.to_string());
                        }
                    }
                    for (j, c) in constraints.iter().enumerate() {
                        if let Err(e) = c.parse::<Constraint>() {
                            fail(at.key("constraints").index(j), e.to_string());
                        }
                    }
                    if let Err(e) = robustness.parse::<Metric>() {
                        fail(at.key("robustness"), e.to_string());
                    }
                    if population % 2 == 1 {
                        fail(
                            at.key("population"),
                            format!("expected an even population, found {population}"),
                        );
                    }
                }
            }
        }
        out
    }

    /// An experiment of no step over the embedded scenario, with every default: the base
    /// the short-hand commands fill in.
    pub fn one_step() -> ExperimentFile {
        ExperimentFile {
            schema: None,
            name: String::new(),
            description: String::new(),
            scenarios: Vec::new(),
            scenario_hashes: Vec::new(),
            seed: None,
            days: None,
            chunk_size: None,
            format: None,
            params: Vec::new(),
            levers: Vec::new(),
            uncertainties: Vec::new(),
            design: DesignFile::default(),
            runs_per_point: default_runs_per_point(),
            outcomes: Vec::new(),
            series: Vec::new(),
            run: Vec::new(),
        }
    }

    /// The scenario files, resolved against the folder of the experiment file.
    pub fn scenario_paths(&self, base: &Path) -> Vec<PathBuf> {
        self.scenarios.iter().map(|s| base.join(s)).collect()
    }

    /// What a sweep varies: params, then levers, then uncertainties, as `vary` says.
    pub fn swept(&self, vary: Vary) -> Vec<String> {
        let levers = if vary == Vary::Uncertainties {
            &[][..]
        } else {
            &self.levers
        };
        let uncertainties = if vary == Vary::Levers {
            &[][..]
        } else {
            &self.uncertainties
        };
        self.params
            .iter()
            .chain(levers)
            .chain(uncertainties)
            .cloned()
            .collect()
    }

    /// The file as text, for `experiment.json`.
    pub fn to_json_string_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{
  "name": "truce-collapse",
  "days": 30,
  "levers": ["actors.us.attribution.policy=0:1"],
  "uncertainties": ["militias.*.autonomy=0:1"],
  "design": { "kind": "lhs", "points": 40 },
  "runs_per_point": 10,
  "outcomes": ["collapse_within_30"],
  "run": [
    { "kind": "sweep" },
    { "kind": "discover", "where": "collapse_within_30>0.5" },
    { "kind": "robust", "objectives": ["collapse_within_30", "max:blamed_on_patron_share"] }
  ]
}"#;

    #[test]
    fn a_good_file_reads_and_round_trips() {
        let file = ExperimentFile::from_str(GOOD, "good.json").unwrap();
        assert_eq!(file.run.len(), 3);
        assert_eq!(file.design.kind, DesignKind::Lhs);
        let again = ExperimentFile::from_str(&file.to_json_string_pretty(), "again").unwrap();
        assert_eq!(file, again);
    }

    #[test]
    fn mistakes_are_placed_with_line_column_and_path() {
        let bad = GOOD
            .replace("\"runs_per_point\": 10", "\"runs_per_pont\": 10")
            .replace("collapse_within_30>0.5", "collapse_within_30")
            .replace("\"kind\": \"lhs\"", "\"kind\": \"latin\"");
        let e = ExperimentFile::from_str(&bad, "bad.json").unwrap_err();
        let text = e.render();
        assert!(text.contains("bad.json:6:"), "{text}");
        assert!(text.contains("runs_per_pont"), "{text}");
        assert!(text.contains("latin"), "{text}");
        // The meaning is checked once the structure is right.
        let bad = GOOD.replace("collapse_within_30>0.5", "collapse_within_30");
        let text = ExperimentFile::from_str(&bad, "bad.json")
            .unwrap_err()
            .render();
        assert!(text.contains("run[1].where"), "{text}");
        assert!(text.contains("no comparison"), "{text}");
        let no_sweep = GOOD.replace("{ \"kind\": \"sweep\" },", "");
        let text = ExperimentFile::from_str(&no_sweep, "x.json")
            .unwrap_err()
            .render();
        assert!(text.contains("discovery reads a sweep"), "{text}");
        let syntax = ExperimentFile::from_str("{ \"name\": ", "s.json")
            .unwrap_err()
            .render();
        assert!(syntax.contains("s.json:1:"), "{syntax}");
    }

    #[test]
    fn the_schema_is_closed_and_describes_every_field() {
        let schema = json_schema();
        assert_eq!(schema["title"], "grayzone experiment");
        assert_eq!(schema["additionalProperties"], false);
        assert!(schema["properties"]["levers"]["description"].is_string());
    }
}
