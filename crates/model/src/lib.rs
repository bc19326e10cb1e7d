//! The grayzone model: a proxy network under a fragile ceasefire, as a bevy_ecs world
//! stepped one day at a time.
//!
//! This crate owns the components, resources, messages and systems of `MODEL.md`, the
//! day schedule, and the run records a history leaves behind. It knows nothing of files,
//! JSON or charts: a validated [`Theatre`] comes in, [`RunRecord`]s go out.

pub mod params;
pub mod theatre;

pub use params::*;
pub use theatre::*;
