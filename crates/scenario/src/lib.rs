//! Scenario files for grayzone: the format, its validation, its JSON Schema, parameter
//! paths, and the conversion into the model's [`Theatre`](grayzone_model::Theatre).
//!
//! An analyst describes a theatre in a JSON file: states, militias and host nations with
//! their parameters, assets, the network that ties them, a ceasefire, mediators and
//! scheduled shocks. This crate owns that format:
//!
//! - [`Scenario`] reads a file ([`Scenario::from_path`], [`Scenario::from_str`]), checks
//!   it, and resolves names into the model's indices ([`Scenario::theatre`]);
//! - [`Diagnostics`] lists every problem of a file in one pass, each with its file, line,
//!   column, JSON path, and what was expected and found, and renders each with its
//!   source line and a caret; [`mod@diagnostics`] is the engine behind it, which the
//!   other JSON files of grayzone (calibration targets) report through too;
//! - [`json_schema`] is the published JSON Schema (draft 2020-12) of the format;
//! - [`ParamPath`] names the numbers of a scenario for sweeps and calibration
//!   (`militias.*.autonomy`), read by [`Scenario::param_value`] and set by
//!   [`Scenario::with_params`];
//! - [`mod@format`] holds the file's serde types, for programs that write scenarios;
//! - [`Synthetic`] generates theatres of any size (many patrons, thousands of militias, a
//!   scale-free sponsorship network) for experiments and for measuring scale.
//!
//! Parameter blocks (`StateParams`, `MilitiaParams`, ...) are the model's own types: a
//! parameter and its default are written once, in the model, and its doc comment becomes
//! its description in the schema.
//!
//! The crate never prints and never exits: every failure is a typed error.
//!
//! # Example
//!
//! ```
//! use grayzone_scenario::{ParamPath, Scenario};
//!
//! let text = r#"{
//!   "name": "two states and a proxy",
//!   "days": 90,
//!   "actors": [
//!     { "id": "blue", "kind": "state" },
//!     { "id": "red", "kind": "state" },
//!     { "id": "red_militia", "kind": "militia", "territory": "red", "autonomy": 0.6 }
//!   ],
//!   "network": {
//!     "sponsors": [ { "patron": "red", "militia": "red_militia" } ],
//!     "hostile": [ ["blue", "red"], ["blue", "red_militia"] ]
//!   }
//! }"#;
//! let scenario = Scenario::from_str(text, "example.json")?;
//! assert_eq!(scenario.theatre().actors.len(), 3);
//!
//! let autonomy = ParamPath::parse("militias.*.autonomy")?;
//! assert_eq!(scenario.param_value(&autonomy)?, vec![0.6]);
//! let bolder = scenario.with_params(&[(autonomy.clone(), 0.9)])?;
//! assert_eq!(bolder.param_value(&autonomy)?, vec![0.9]);
//!
//! let typo = text.replace("\"autonomy\"", "\"autonmy\"");
//! let problems = Scenario::from_str(&typo, "example.json").unwrap_err();
//! let message = problems.to_string();
//! assert!(message.starts_with(
//!     "error: example.json:7:67: actors[2].autonmy: unknown field \"autonmy\", expected one of: "
//! ));
//! assert!(message.ends_with("(did you mean \"autonomy\"?)"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

pub mod diagnostics;
mod edit;
pub mod format;
pub mod input;
mod path;
mod resolve;
mod scenario;
mod schema;
mod synthetic;
mod validate;

pub use diagnostics::{Diagnostic, Diagnostics, Stage, did_you_mean};
pub use path::{Domain, ParamPath, PathError, Slot};
pub use scenario::Scenario;
pub use schema::{json_schema, read_document, schema_of};
pub use synthetic::Synthetic;
