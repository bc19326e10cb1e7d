//! Components every mechanism shares: who an entity is, its parameters, and the
//! munitions, interceptors and health that several mechanisms change.
//!
//! Profiles hold a scenario's parameters and never change during a run. Everything else
//! changes day by day and is restored from its [`Initial`] copy when a world is reused
//! for the next run. A component only one mechanism writes lives in that mechanism's
//! module.

use bevy_ecs::prelude::Component;

use crate::mechanisms::host_nations::HostParams;
use crate::mechanisms::proxy_decisions::MilitiaParams;
use crate::params::{Munitions, StateParams};
use crate::theatre::{ActorIx, AssetKind};

/// The day-0 value of a component, kept beside it so a reused world can start afresh.
#[derive(Component, Clone, Debug)]
pub struct Initial<T: Clone + Send + Sync + 'static>(pub T);

/// Who an entity is in the theatre.
#[derive(Component, Clone, Copy, Debug)]
pub struct Actor {
    /// Its index.
    pub ix: ActorIx,
}

/// A state's parameters.
#[derive(Component, Clone, Debug)]
pub struct StateProfile(pub Box<StateParams>);

/// A militia's parameters.
#[derive(Component, Clone, Debug)]
pub struct MilitiaProfile(pub Box<MilitiaParams>);

/// A host nation's parameters.
#[derive(Component, Clone, Debug)]
pub struct HostProfile(pub Box<HostParams>);

/// A militia's tie to its patron.
#[derive(Component, Clone, Copy, Debug)]
pub struct Sponsor {
    /// The patron state.
    pub patron: ActorIx,
    /// How strongly directives bind (the sponsors edge's command strength).
    pub command: f64,
}

/// An asset's fixed description.
#[derive(Component, Clone, Debug)]
pub struct AssetProfile {
    /// Kind.
    pub kind: AssetKind,
    /// Value in dollars.
    pub value: f64,
    /// Hardness (damage divisor).
    pub hardness: f64,
}

/// An asset's remaining health, 1 intact, 0 destroyed.
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub struct Health(pub f64);

/// Munitions an actor holds.
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub struct Arsenal(pub Munitions);

/// Interceptors in stock, one number per layer of the owner's profile.
#[derive(Component, Clone, Debug, PartialEq)]
pub struct Interceptors(pub Vec<f64>);
