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
// Queries spelled out in place say what a system touches; a type alias would hide it.
#![allow(clippy::type_complexity)]

mod build;
mod components;
pub mod dice;
pub mod events;
pub mod mechanisms;
pub mod messages;
mod network;
pub mod outcomes;
pub mod params;
pub mod record;
mod roster;
pub mod sample;
pub mod schedule;
mod setup;
pub mod simulation;
#[cfg(test)]
mod tests;
pub mod theatre;

pub use events::{Cameo, Event, Plover, Rung};
pub use mechanisms::alliances::AllianceParams;
pub use mechanisms::attribution::AttributionPolicy;
pub use mechanisms::benign_moves::BenignMoves;
pub use mechanisms::ceasefire::{CeasefireParams, TruceStatus};
pub use mechanisms::credibility::CredibilityParams;
pub use mechanisms::diplomacy::MediatorParams;
pub use mechanisms::directives::DirectiveLevels;
pub use mechanisms::escalation_utility::Utility;
pub use mechanisms::factions::Factions;
pub use mechanisms::host_nations::HostParams;
pub use mechanisms::intelligence::{Intelligence, Verification};
pub use mechanisms::ladder::LadderParams;
pub use mechanisms::metrics::{Detail, DyadDay};
pub use mechanisms::negotiation::NegotiationParams;
pub use mechanisms::preemption::Preemption;
pub use mechanisms::probing::{ProbeLayer, Probing};
pub use mechanisms::proxy_decisions::{Grievance, MilitiaParams};
pub use mechanisms::rearmament::{Economy, Rearmament};
pub use mechanisms::retaliation::Doctrine;
pub use mechanisms::strike_resolution::{DefenceLayer, MunitionProfile};
pub use mechanisms::targeting::Targeting;
pub use messages::StrikeKind;
pub use outcomes::{OutcomeKind, Outcomes};
pub use params::*;
pub use record::{LayerDay, LayerRecord, RunRecord};
pub use simulation::Simulation;
pub use theatre::*;
