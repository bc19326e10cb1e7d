//! Components: plain data on actor and asset entities.
//!
//! Profiles hold a scenario's parameters and never change during a run. Everything else
//! changes day by day and is restored from its [`Initial`] copy when a world is reused
//! for the next run.

use bevy_ecs::prelude::Component;

use crate::messages::{StrikeKind, StrikeTarget};
use crate::params::{HostParams, MilitiaParams, Munitions, StateParams};
use crate::theatre::{ActorIx, AssetIx, AssetKind, TerritoryIx};

/// The day-0 value of a component, kept beside it so a reused world can start afresh.
#[derive(Component, Clone, Debug)]
pub struct Initial<T: Clone + Send + Sync + 'static>(pub T);

/// Who an entity is in the theatre.
#[derive(Component, Clone, Copy, Debug)]
pub struct Actor {
    /// Its index.
    pub ix: ActorIx,
    /// The territory it stands on.
    pub territory: TerritoryIx,
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
    /// Its index.
    pub ix: AssetIx,
    /// Kind.
    pub kind: AssetKind,
    /// Owner.
    pub owner: ActorIx,
    /// Location.
    pub location: TerritoryIx,
    /// Value in dollars.
    pub value: f64,
    /// Hardness (damage divisor).
    pub hardness: f64,
    /// Core (struck only by deep probes and full answers) or peripheral.
    pub core: bool,
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

/// A state's credibility in [0, 1] (seed 003).
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub struct Credibility(pub f64);

/// The weight of the hardline wing in [0, 1] (seeds 001 and 002).
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub struct FactionBalance(pub f64);

/// Regime legitimacy pressure above its base (seed 001).
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub struct Legitimacy(pub f64);

/// The share of military output sanctions currently take away.
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub struct Sanctions(pub f64);

/// What a state perceives of each actor it watches: a threat level in [0, 1] indexed by
/// actor.
#[derive(Component, Clone, Debug, PartialEq)]
pub struct Perception {
    /// Perceived threat of an imminent attack, by actor index.
    pub threat: Vec<f64>,
}

/// An attack a state holds against someone and has not yet answered.
#[derive(Clone, Debug, PartialEq)]
pub struct Grudge {
    /// Who is blamed.
    pub blamed: ActorIx,
    /// The militia that fired, when the patron is blamed for its proxy.
    pub via_proxy: Option<ActorIx>,
    /// Munitions fired.
    pub volume: f64,
    /// The day it happened.
    pub day: u32,
}

/// A state's unanswered attributed attacks.
#[derive(Component, Clone, Debug, Default, PartialEq)]
pub struct Grudges(pub Vec<Grudge>);

/// A state's probing of one adversary's red lines (seed 003).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ProbeTrack {
    /// The layer the next probe goes to (1 shallowest).
    pub depth: u32,
    /// Factor on the probing rate (falls each time a probe is answered).
    pub rate_factor: f64,
    /// The last probe not yet judged: its day, size, and what had been received from
    /// the adversary when it was made.
    pub outstanding: Option<(u32, f64, f64)>,
}

/// A state's probes, indexed by actor.
#[derive(Component, Clone, Debug, PartialEq)]
pub struct Probes(pub Vec<ProbeTrack>);

/// Cumulative munitions a state has received from each actor it blames, indexed by actor
/// (how a prober learns whether its probe was answered).
#[derive(Component, Clone, Debug, PartialEq)]
pub struct Received(pub Vec<f64>);

/// Which assets a strike class aims at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aim {
    /// A militia's forces.
    Forces,
    /// The adversary's own assets off host soil (seed 002: CENTCOM on Iranian radars).
    Symmetric,
    /// The adversary's own peripheral assets off host soil: a symmetric answer that
    /// spares the core.
    Measured,
    /// Assets on the soil of the hosts of the adversary's bases (seed 002: the IRGC on
    /// Bahrain and Kuwait).
    Asymmetric,
    /// The adversary's launchers and drone stores.
    Launchers,
    /// The adversary's peripheral assets.
    Peripheral,
    /// The adversary's core assets.
    Core,
    /// Anything of the adversary's (militia forces, or any of its assets).
    Any,
}

/// A strike a state is preparing (visible to the adversary's intelligence until launch).
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedStrike {
    /// Launch day.
    pub launch_day: u32,
    /// The adversary.
    pub against: ActorIx,
    /// Why.
    pub kind: StrikeKind,
    /// What it will aim at.
    pub aim: Aim,
    /// Munitions it will fire.
    pub size: f64,
}

/// A state's prepared strikes.
#[derive(Component, Clone, Debug, Default, PartialEq)]
pub struct Plans(pub Vec<PlannedStrike>);

/// The last day a state threatened each actor (so that threats are not repeated daily).
#[derive(Component, Clone, Debug, PartialEq)]
pub struct LastThreat(pub Vec<Option<u32>>);

/// A patron's directive to a militia.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Directive {
    /// Hold fire.
    #[default]
    Restrain,
    /// Harass at a low tempo.
    Harass,
    /// Escalate.
    Escalate,
}

/// An attack a militia is preparing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Preparation {
    /// Launch day.
    pub launch_day: u32,
    /// What it will hit.
    pub target: StrikeTarget,
    /// The adversary it is aimed at.
    pub against: ActorIx,
}

/// A militia's changing state.
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub struct ProxyState {
    /// Fighting strength in [0, 1].
    pub strength: f64,
    /// Command-and-control integrity in [0, 1].
    pub command_integrity: f64,
    /// Grievance in [0, 1].
    pub grievance: f64,
    /// Strength lost recently, decaying over the patron's utility window.
    pub recent_losses: f64,
    /// The attack being prepared, if any.
    pub preparing: Option<Preparation>,
    /// Whether it made a benign move today (which intelligence may misread tomorrow).
    pub benign_move: bool,
}

/// A host nation's willingness to host.
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub struct Willingness {
    /// Willingness in [0, 1].
    pub value: f64,
    /// Whether it has restricted its guests' basing.
    pub restricted: bool,
}
