//! Tuning for grayzone: which parameters drive an outcome (sensitivity analysis),
//! which values reproduce what was observed (calibration), and which values meet a
//! policy aim (constrained optimisation).
//!
//! This crate owns the three analyses behind `grayzone sensitivity`, `grayzone
//! calibrate` and `grayzone optimize`, the outcome expressions they share
//! ([`outcome`]), and the TARGETS.json format of observed patterns ([`targets`]). The
//! mathematics (designs, estimators, ABC, CMA-ES) is `grayzone-stats`'; this crate
//! connects it to simulated histories and writes the results' tables. It drives the
//! model only through a validated scenario, knows nothing of charts or terminals, never
//! prints and never exits; progress is reported through the experiments crate's
//! [`Progress`](grayzone_experiments::Progress).
//!
//! # Principal types
//!
//! | type | what it is |
//! | --- | --- |
//! | [`Param`] | a varied parameter, `PATH=LO:HI` |
//! | [`Outcome`] | an outcome expression: `intercepted_ballistic`, `P(ceasefire_collapse_day<=30)`, `collapse_within_30` |
//! | [`Targets`] | a TARGETS.json file: observed values and tolerances |
//! | [`Simulator`] | histories of a scenario at points of parameter space: the [`Model`] the methods tune |
//! | [`sensitivity::analyse`], [`calibrate::calibrate`], [`optimize::optimize`] | the three analyses, each returning a result that writes its files |
//!
//! # Invariants
//!
//! - **Same seed, same answer, whatever the threads.** A point is evaluated on
//!   histories named by index (`Simulation::run(seed, r, ..)`); histories run in
//!   parallel and are gathered in index order; the methods' own randomness comes from
//!   their seed alone.
//! - **Averaged outcomes.** Every statistic at a point is computed over R histories
//!   (`runs_per_point`); every result says so in its note.
//! - **Searches resume exactly.** A [`Journal`] keeps every finished evaluation in the
//!   output folder; a search started again with it proposes the same points (the
//!   methods are deterministic) and reads back what was already computed.
//! - **Answers are checked on fresh histories.** Calibration and optimisation report
//!   their answer's outcomes from histories the search never saw, with 95% intervals.
//!
//! # Example
//!
//! ```no_run
//! use grayzone_experiments::Silent;
//! use grayzone_scenario::Scenario;
//! use grayzone_tuning::{Outcome, Param, Simulator, SimulatorSettings, Space, sensitivity};
//!
//! let scenario = Scenario::from_path("scenarios/hormuz-2026.json")?;
//! let params: Vec<Param> = vec![
//!     "militias.kataib_hezbollah.autonomy=0:1".parse()?,
//!     "actors.us.attribution.policy=0:1".parse()?,
//! ];
//! let space = Space::new(scenario, params.clone())?;
//! let outcome: Outcome = "collapse_within_30".parse()?;
//! let settings = SimulatorSettings { seed: None, days: Some(60), runs_per_point: 20, threads: 0 };
//! let simulator = Simulator::new(space, vec![outcome], settings)?;
//! let method = sensitivity::Settings {
//!     method: sensitivity::Method::Sobol,
//!     samples: 256,
//!     levels: 4,
//!     resamples: 1000,
//!     seed: 1,
//! };
//! let result = sensitivity::analyse(&simulator, &params, &method, &Silent)?;
//! for (p, i) in params.iter().zip(&result.indices) {
//!     println!("{}: {:?}", p.path, i.fields());
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

pub mod calibrate;
pub mod discover;
mod error;
pub mod experiment;
pub mod journal;
mod model;
pub mod optimize;
pub mod outcome;
mod output;
mod param;
pub mod robust;
pub mod sensitivity;
pub mod targets;

pub use error::{Error, Result};
pub use journal::Journal;
pub use model::{CHECK_FIRST_RUN, Model, Simulator, SimulatorSettings};
pub use outcome::Outcome;
pub use param::{Param, Space, bounds, search_bounds, taken};
pub use targets::{Target, Targets};

use grayzone_experiments::Build;
use serde_json::{Value, json};

/// Where a result comes from: enough to reproduce it.
#[derive(Clone, Debug, Default)]
pub struct Provenance {
    /// The software.
    pub build: Build,
    /// The scenario's name.
    pub scenario: String,
    /// SHA-256 of the scenario file.
    pub scenario_hash: String,
    /// Seed of the histories.
    pub seed: u64,
    /// Days per history.
    pub days: u32,
    /// The command line.
    pub command: String,
}

impl Provenance {
    /// The provenance of results computed by `simulator`.
    pub fn of(simulator: &Simulator, build: Build, command: String) -> Provenance {
        let scenario = simulator.space().base();
        Provenance {
            build,
            scenario: scenario.name().to_owned(),
            scenario_hash: scenario.hash().to_owned(),
            seed: simulator.seed(),
            days: simulator.days(),
            command,
        }
    }

    /// Writes where a table comes from into its metadata, under `grayzone.` keys. Not
    /// the command line: a search on one thread and on two, or resumed after a kill,
    /// gives the same tables, byte for byte; the JSON result records the command.
    pub(crate) fn stamp(&self, table: &mut grayzone_records::Table) {
        table.provenance("version", &self.build.version);
        table.provenance("build", &self.build.commit);
        table.provenance("scenario", &self.scenario);
        table.provenance("scenario_hash", &self.scenario_hash);
        table.provenance("seed", self.seed);
        table.provenance("days", self.days);
    }

    fn to_json(&self) -> Value {
        json!({
            "grayzone_version": self.build.version,
            "git_commit": self.build.commit,
            "scenario": self.scenario,
            "scenario_hash": self.scenario_hash,
            "seed": self.seed,
            "days": self.days,
            "command": self.command,
        })
    }
}
