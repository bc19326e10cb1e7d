//! Population experiments for grayzone: ensembles and sweeps of thousands to millions of
//! histories, run in parallel, streamed to disk in chunks, resumable, shardable across
//! machines, merged and replayed.
//!
//! This crate owns everything between a validated scenario and the tables an analyst
//! reads: which runs an experiment is made of and their seeds ([`plan`]), running many
//! histories in parallel on reused simulations ([`Runner`], which every caller that runs
//! many histories goes through), running an experiment's chunks ([`run`]), the
//! experiment folder with its manifest and chunks ([`ExperimentDir`]), slicing it for job
//! arrays ([`Shard`]), gathering the slices ([`merge`]), the final tables and summary
//! ([`assemble`]), the whole sequence in one call ([`execute`]) and rebuilding any one
//! run ([`replay`]).
//!
//! It drives the model only through a validated [`Scenario`](grayzone_scenario::Scenario)
//! and knows nothing of charts or terminals: [`assemble`] returns a [`Report`] that
//! grayzone-reports turns into charts and text, and progress is reported through
//! [`Progress`]. It never prints and never exits.
//!
//! # Invariants
//!
//! - **Same experiment, same bytes.** Run `k`'s randomness depends only on the seed and
//!   `k`; chunk boundaries depend only on run indices; tables are assembled from chunks in
//!   index order, and daily aggregates are exact integer counts. So the tables are
//!   identical for any number of threads, any sharding, and any interruption and resume.
//! - **Flat memory.** Runs stream into chunks of [`DEFAULT_CHUNK_SIZE`] rows; daily
//!   aggregates are fixed-size counts per day and dyad; nothing holds all runs.
//! - **No half-written file.** Every file is written to a temporary name and renamed; the
//!   manifest is written before the first chunk, and a chunk counts as finished only when
//!   its runs file exists.
//!
//! # Example
//!
//! ```no_run
//! use grayzone_experiments::{Build, ExecuteOptions, Format, Plan, RunOptions, Shard, Silent,
//!     Spec, execute};
//! use grayzone_scenario::Scenario;
//!
//! let scenario = Scenario::from_path("scenarios/hormuz-2026.json")?;
//! let spec = Spec {
//!     scenario,
//!     scenario_text: None,
//!     seed: None,
//!     days: None,
//!     plan: Plan::Ensemble { runs: 10_000 },
//!     chunk_size: grayzone_experiments::DEFAULT_CHUNK_SIZE,
//!     series: Vec::new(),
//!     build: Build { version: "0.1.0".into(), commit: "unknown".into() },
//! };
//! let options = ExecuteOptions {
//!     run: RunOptions { threads: 0, shard: Shard::WHOLE },
//!     resume: false,
//!     force: false,
//!     format: Format::Parquet,
//!     command: "grayzone ensemble --runs 10000",
//! };
//! let done = execute(spec, "out/ensemble".as_ref(), options, &Silent)?;
//! if let Some(report) = done.report {
//!     println!("{}", report.summary["probabilities"]["ceasefire_collapsed"]);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

mod assemble;
mod atomic;
mod binned;
mod counts;
mod daily;
mod error;
mod execute;
mod explore;
mod merge;
pub mod plan;
mod replay;
mod runner;
mod shard;
mod store;
pub mod summary;

pub use assemble::{PointSummary, Report, assemble};
pub use daily::{DailyRow, PERCENTILES, Quantity, RUNGS, Series, THEATRE};
pub use error::{Error, Result};
pub use execute::{
    ExecuteOptions, Executed, Execution, Progress, RunOptions, RunReport, Silent, execute, run,
};
pub use explore::{Explored, explore};
pub use grayzone_records::{Format, parquet_as_csv};
pub use merge::merge;
pub use plan::{
    Build, DEFAULT_CHUNK_SIZE, Design, Experiment, Kind, Manifest, ParamRange, Plan, Spec,
    SweepSpec, Written,
};
pub use replay::{Replay, replay};
pub use runner::{History, Runner, run_one};
pub use shard::{Shard, ShardSource};
pub use store::{ExperimentDir, MANIFEST};
pub use summary::Estimate;
