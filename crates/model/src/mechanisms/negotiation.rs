//! Talks under fire (seed 003, its second half): the salami-slicing strategy against a
//! negotiator who links each concession to security interests.
//!
//! "An adversary refrains from presenting its maximal demands all at once ... and instead
//! divides its ultimate objective into a series of small, incremental, and seemingly
//! insignificant concessions." The demander's objective is measured against what the
//! responder would concede at once (its red line is 1); it is put as `slices` equal
//! demands, one at a time, on a day when some mediator's channel is open, with probability
//! `pace`. The responder judges each demand
//!
//! ```text
//! judged = (1 - holistic) * demand + holistic * (conceded so far + demand)
//! P(accept) = max(0, 1 - judged)
//! ```
//!
//! With `holistic` 0 each demand is judged alone, so small slices are accepted and the
//! concessions add up past the red line ("to move step by step away from its original red
//! lines without recognizing the strategic turning point"); with `holistic` 1 the
//! negotiator "assess[es] each seemingly minor concession not as an isolated issue but as
//! a component of a broader strategic puzzle", and the total stops near the red line. A
//! refused demand is put again later. Each accepted concession costs the responder
//! `standing_per_unit` of credibility per unit conceded: a red line that moved is a weaker
//! deterrent ("normalize small retreats"), which the demander's probing and every
//! adversary's escalation utility read (sections 6.2 and 6.6 of docs/model.md).
//!
//! Runs in step 7 after mediation, while the demander and responder are states of the
//! theatre's `negotiation` block.

use bevy_ecs::prelude::*;

use crate::dice::{Purpose, Subject};
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::credibility::Credibility;
use crate::mechanisms::diplomacy::{Channels, weigh_commitment};
use crate::messages::Chronicle;
use crate::outcomes::{Outcome, OutcomeKind, Tally};
use crate::params::{Amount, Probability, serde_block};
use crate::roster::SharedRoster;
use crate::schedule::DaySystems;
use crate::setup::Setup;
use crate::theatre::ActorIx;

serde_block! {
/// Talks in which one side puts its demands as successive small concessions (seed 003).
pub struct NegotiationParams {
    /// The demander's whole objective, in units of what the responder would concede at
    /// once (its red line is 1: an objective of 2 asks twice as much).
    pub objective: Amount,
    /// Equal demands the objective is put as, one at a time (1: all at once).
    pub slices: u32,
    /// Daily probability that the next demand is put, on a day a channel is open.
    pub pace: Probability,
    /// How far the responder's negotiator judges a demand with everything conceded so
    /// far (seed 003: "a holistic view of the negotiation process"); 0 judges each
    /// demand alone.
    pub holistic: Probability,
    /// Credibility the responder loses per unit of the objective it concedes: each
    /// concession moves its red line.
    pub standing_per_unit: Probability,
}
}

impl Default for NegotiationParams {
    fn default() -> Self {
        NegotiationParams {
            objective: Amount(2.0),
            slices: 1,
            pace: Probability(0.1),
            holistic: Probability(0.0),
            standing_per_unit: Probability(0.2),
        }
    }
}

/// How far the talks have gone.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub(crate) struct Talks {
    /// Demands accepted so far.
    pub accepted: u32,
    /// What the responder has conceded, in units of its red line.
    pub conceded: f64,
}

/// Demands the responder accepted.
pub(crate) static CONCESSIONS: Outcome = Outcome::count("concessions");
/// What the responder conceded by the horizon, in units of what it would concede at once
/// (above 1: past its original red line). Absent without talks.
pub(crate) static CONCEDED: Outcome = Outcome::at_end("conceded", OutcomeKind::Ratio, |w| {
    w.get_resource::<Talks>()
        .filter(|_| w.get_resource::<Terms>().is_some_and(|t| t.0.is_some()))
        .map(|t| t.conceded)
});
pub(crate) static OUTCOMES: &[&Outcome] = &[&CONCESSIONS, &CONCEDED];

/// The theatre's talks: who demands, who answers, on what terms (none without a
/// `negotiation` block).
#[derive(Resource, Clone, Debug, Default)]
pub(crate) struct Terms(pub Option<(ActorIx, ActorIx, NegotiationParams)>);

/// Talks start at nothing conceded, and go on after mediation each day.
pub(crate) fn setup(s: &mut Setup) {
    let terms = s
        .theatre
        .negotiation
        .as_ref()
        .map(|n| (n.demander, n.responder, n.params.clone()));
    s.world.insert_resource(Terms(terms));
    s.resource(Talks::default());
    s.systems(
        negotiate
            .in_set(DaySystems::Ceasefire)
            .after(weigh_commitment),
    );
}

/// Puts the next demand on a day a channel is open, and moves the responder's red line
/// when it is accepted.
pub(crate) fn negotiate(
    calendar: Res<Calendar>,
    terms: Res<Terms>,
    channels: Res<Channels>,
    roster: Local<SharedRoster>,
    mut talks: ResMut<Talks>,
    mut credibility: Query<&mut Credibility>,
    mut chronicle: Chronicle,
) {
    let Some((demander, responder, p)) = &terms.0 else {
        return;
    };
    let slices = p.slices.max(1);
    if talks.accepted >= slices || channels.open_influence() <= 0.0 {
        return;
    }
    let mut roll = calendar.roll(Subject::pair(*demander, *responder), Purpose::Negotiation);
    if !roll.chance(p.pace.get()) {
        return;
    }
    let demand = p.objective.get() / f64::from(slices);
    let holistic = p.holistic.get();
    let judged = (1.0 - holistic) * demand + holistic * (talks.conceded + demand);
    if !roll.chance((1.0 - judged).max(0.0)) {
        return;
    }
    talks.accepted += 1;
    talks.conceded += demand;
    chronicle.tally(Tally::one(&CONCESSIONS));
    if roster.rules.mechanisms.credibility
        && let Ok(mut c) = credibility.get_mut(roster.actor(*responder).entity)
    {
        c.0 = (c.0 - p.standing_per_unit.get() * demand).max(0.0);
    }
}
