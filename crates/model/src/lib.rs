//! The grayzone model: a proxy network under a fragile ceasefire, as a bevy_ecs world
//! stepped one day at a time.
//!
//! This crate owns the components, resources, messages and systems of `MODEL.md`, the
//! day schedule, and the run records a history leaves behind. It knows nothing of files,
//! JSON or charts: a validated [`Theatre`] comes in, [`RunRecord`]s go out.
//!
//! ```
//! use grayzone_model::{Detail, Simulation, Theatre};
//! let theatre = Theatre::default();
//! let mut sim = Simulation::new(&theatre);
//! let record = sim.run(7, 0, 30, Detail::Outcomes);
//! assert_eq!(record.days, 30);
//! ```

#![deny(missing_docs)]
// A bevy system's parameters are its declared dependencies: many of them, and query types
// spelled out in place, say more than a wrapper would.
#![allow(clippy::too_many_arguments, clippy::type_complexity)]

pub mod build;
pub mod components;
pub mod dice;
pub mod events;
pub mod messages;
pub mod network;
pub mod params;
pub mod record;
pub mod resources;
pub mod sample;
pub mod schedule;
pub mod simulation;
pub mod systems;
pub mod targets;
pub mod theatre;

pub use events::{Cameo, Event, Rung};
pub use params::*;
pub use record::{OutcomeKind, Outcomes, RunRecord};
pub use resources::{Detail, DyadDay, TruceStatus};
pub use simulation::Simulation;
pub use theatre::*;
