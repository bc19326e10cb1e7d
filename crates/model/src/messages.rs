//! Messages that carry one day's acts from the system that makes them to the systems that
//! answer them, in schedule order. Nothing here outlives the day: what must be remembered
//! is written into components and resources.

use bevy_ecs::prelude::{Message, MessageWriter};
use bevy_ecs::system::SystemParam;

use crate::dice::Subject;
use crate::events::Event;
use crate::outcomes::{Outcome, Tally};
use crate::params::Munitions;
use crate::theatre::{ActorIx, AssetIx, TerritoryIx};

/// Why a strike is made; decides its rung class and how it is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StrikeKind {
    /// A militia attack.
    ProxyAttack,
    /// A state's answer to an attributed attack.
    Retaliation,
    /// A pre-emptive strike on launchers.
    Preemption,
    /// A probe of the adversary's red lines.
    Probe,
    /// An unprovoked strike.
    Unprovoked,
    /// An execution error: a restraint intended, a strike made.
    Accident,
    /// A scheduled shock.
    Shock,
}

impl StrikeKind {
    /// The kind's name in event logs.
    pub fn label(self) -> &'static str {
        match self {
            StrikeKind::ProxyAttack => "proxy_attack",
            StrikeKind::Retaliation => "retaliation",
            StrikeKind::Preemption => "preemption",
            StrikeKind::Probe => "probe",
            StrikeKind::Unprovoked => "unprovoked",
            StrikeKind::Accident => "accident",
            StrikeKind::Shock => "shock",
        }
    }
}

/// What a strike is aimed at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StrikeTarget {
    /// An asset.
    Asset(AssetIx),
    /// A militia's forces and launchers where it operates.
    Forces(ActorIx),
}

/// One wave against one target, ordered by a decision system.
#[derive(Message, Clone, Debug, PartialEq)]
pub struct StrikeOrder {
    /// Who fires.
    pub attacker: ActorIx,
    /// The adversary the strike is directed at (for a strike on a host, the guest it
    /// punishes).
    pub against: ActorIx,
    /// What is aimed at.
    pub target: StrikeTarget,
    /// The munitions fired.
    pub salvo: Munitions,
    /// Why.
    pub kind: StrikeKind,
}

/// What became of one wave.
#[derive(Message, Clone, Debug, PartialEq)]
pub struct StrikeReport {
    /// The order as given.
    pub order: StrikeOrder,
    /// The wave's identity, which keys every draw about it (resolution, attribution).
    pub subject: Subject,
    /// Who owns what was hit (the militia for forces).
    pub victim: ActorIx,
    /// Where it landed.
    pub location: TerritoryIx,
    /// Whose soil that is.
    pub sovereign: Option<ActorIx>,
    /// Munitions intercepted, by type.
    pub intercepted: Munitions,
    /// Munitions that leaked through, by type.
    pub leaked: Munitions,
    /// Interceptors fired.
    pub interceptors: f64,
    /// Attacker's spending on the salvo, in dollars.
    pub attack_cost: f64,
    /// Defenders' spending on interceptors, in dollars.
    pub defence_cost: f64,
    /// Value destroyed, in dollars.
    pub damage: f64,
    /// Debris damage on the ground from interceptions, in dollars.
    pub debris: f64,
    /// Whether the target was destroyed by this wave.
    pub destroyed: bool,
}

/// A convoy interdicted in a transit corridor.
#[derive(Message, Clone, Debug, PartialEq)]
pub struct Interdiction {
    /// Who interdicted.
    pub by: ActorIx,
    /// The patron whose convoy it was.
    pub patron: ActorIx,
    /// The militia it was for.
    pub militia: ActorIx,
    /// Munitions lost.
    pub amount: f64,
}

/// An attack as the victim attributes it: the input of ceasefire accounting and of the
/// victim's next decisions.
#[derive(Message, Clone, Debug, PartialEq)]
pub struct Attributed {
    /// Who was hit.
    pub victim: ActorIx,
    /// Who fired.
    pub perpetrator: ActorIx,
    /// Who is held responsible.
    pub blamed: ActorIx,
    /// The adversary the strike was directed at.
    pub against: ActorIx,
    /// Munitions fired.
    pub volume: f64,
    /// Whether it landed on the soil of the state it was directed at (a sovereignty
    /// violation, seed 002).
    pub sovereignty: bool,
}

/// A coded event, written by any system and scored by the metrics system.
#[derive(Message, Clone, Debug, PartialEq)]
pub struct Act(pub Event);

/// What a system tells the record of the run: coded events and tallies.
#[derive(SystemParam)]
pub(crate) struct Chronicle<'w> {
    acts: MessageWriter<'w, Act>,
    tallies: MessageWriter<'w, Tally>,
}

impl Chronicle<'_> {
    /// A coded event.
    pub fn act(&mut self, event: Event) {
        self.acts.write(Act(event));
    }

    /// One more of `outcome` (for a first-day outcome: it happened today).
    pub fn count(&mut self, outcome: &'static Outcome) {
        self.tallies.write(Tally::one(outcome));
    }

    /// A tally.
    pub fn tally(&mut self, tally: Tally) {
        self.tallies.write(tally);
    }
}
