//! What grayzone shows an analyst: the charts of an ensemble or sweep and the lines that
//! say what it found, and one history told in words, with its files and escalation
//! chart.
//!
//! This crate owns the mapping from results to charts and text: which charts an
//! experiment's [`Report`](grayzone_experiments::Report) gets and what they show
//! ([`charts`], [`findings`]); the charts of the tuning commands
//! ([`calibration_charts`], [`sensitivity_chart`], [`optimization_chart`]); the turning points of one history and their telling
//! ([`narrate`]), its files ([`write_history`]) and those of a replayed run of an
//! experiment ([`write_replay`]); one self-contained HTML page from finished experiments
//! ([`report_page`]).
//!
//! It reads run records and experiment reports, never the world, and runs nothing:
//! data flow from the scenario through the model and the experiments into it, never
//! back. It returns text and writes chart files; it never prints and never exits.
//!
//! # Example
//!
//! ```no_run
//! use grayzone_experiments::{Build, run_one};
//! use grayzone_model::Detail;
//! use grayzone_scenario::Scenario;
//!
//! let scenario = Scenario::from_path("scenarios/hormuz-2026.json")?;
//! let record = run_one(scenario.theatre(), scenario.seed(), 0, scenario.days(), Detail::Full);
//! let build = Build { version: "0.1.0".into(), commit: "unknown".into() };
//! let files = grayzone_reports::write_history("out".as_ref(), &scenario, &record, &build, Default::default())?;
//! for line in grayzone_reports::narrate(&record) {
//!     println!("{line}");
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

mod error;
mod experiment;
mod history;
mod page;
mod replay;
mod sweep;
mod text;
mod tuning;

pub use error::{Error, Result};
pub use experiment::{Charts, charts, findings, slice, spread_quantile};
pub use history::{HISTORY_LEDGER, narrate, prepare_history_dir, record_history, write_history};
pub use page::{Shipped, report_page};
pub use replay::{heading, write_replay};
pub use text::{fmt_value, pace, plural, rate, thousands};
pub use tuning::{
    calibration_charts, discovery_charts, fmt_p, optimization_chart, quasi_p_text, robust_charts,
    sensitivity_chart,
};
