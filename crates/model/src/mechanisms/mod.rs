//! The mechanisms of MODEL.md, one module each.
//!
//! A module owns its parameter block, its components and resources, its systems, what
//! must be restored between runs and the outcomes it counts, and adds itself to a
//! simulation through its `setup` function. Mechanisms that act within one step of the
//! day for one decision-maker (a state's credibility, probing, pre-emption, retaliation,
//! execution error, factions, signalling, directives and targeting) are functions that
//! the step's system ([`state_decisions`]) runs in a fixed order; the others are systems
//! of their own. The day's steps are [`crate::schedule::DaySystems`].

pub mod alliances;
pub mod attribution;
pub mod benign_moves;
pub mod calendar;
pub mod ceasefire;
pub mod credibility;
pub mod diplomacy;
pub mod directives;
pub mod escalation_utility;
pub mod execution_error;
pub mod factions;
pub mod host_nations;
pub mod intelligence;
pub mod interdiction;
pub mod ladder;
pub mod metrics;
pub mod negotiation;
pub mod preemption;
pub mod probing;
pub mod proxy_decisions;
pub mod rearmament;
pub mod relocation;
pub mod retaliation;
pub mod shocks;
pub mod signalling;
pub mod state_decisions;
pub mod strike_resolution;
pub mod supply;
pub mod targeting;

use crate::events::{Cameo, Event, Rung};
use crate::outcomes::Outcome;
use crate::roster::Roster;
use crate::setup::Setup;
use crate::theatre::ActorIx;

/// Every mechanism's setup, in the order of the day (MODEL.md section 5).
pub(crate) const SETUPS: &[fn(&mut Setup)] = &[
    calendar::setup,
    shocks::setup,
    rearmament::setup,
    interdiction::setup,
    supply::setup,
    intelligence::setup,
    proxy_decisions::setup,
    directives::setup,
    state_decisions::setup,
    benign_moves::setup,
    escalation_utility::setup,
    credibility::setup,
    probing::setup,
    preemption::setup,
    retaliation::setup,
    execution_error::setup,
    factions::setup,
    signalling::setup,
    strike_resolution::setup,
    attribution::setup,
    ceasefire::setup,
    diplomacy::setup,
    negotiation::setup,
    host_nations::setup,
    relocation::setup,
    alliances::setup,
    ladder::setup,
    metrics::setup,
];

/// Every mechanism's outcomes, in the order of the day: the order of the outcome
/// columns of every table.
pub(crate) const OUTCOMES: &[&[&Outcome]] = &[
    ceasefire::OUTCOMES,
    diplomacy::OUTCOMES,
    negotiation::OUTCOMES,
    ladder::OUTCOMES,
    rearmament::OUTCOMES,
    supply::OUTCOMES,
    interdiction::OUTCOMES,
    intelligence::OUTCOMES,
    benign_moves::OUTCOMES,
    escalation_utility::OUTCOMES,
    credibility::OUTCOMES,
    probing::OUTCOMES,
    preemption::OUTCOMES,
    retaliation::OUTCOMES,
    execution_error::OUTCOMES,
    strike_resolution::OUTCOMES,
    attribution::OUTCOMES,
    host_nations::OUTCOMES,
    relocation::OUTCOMES,
    alliances::OUTCOMES,
    metrics::OUTCOMES,
];

/// A day's scratch buffer, reused from day to day (and run to run) to spare the
/// allocator: cleared and filled with `n` copies of `value`.
pub(crate) fn fresh<T: Clone>(buffer: &mut Vec<T>, n: usize, value: T) -> &mut Vec<T> {
    buffer.clear();
    buffer.resize(n, value);
    buffer
}

/// A coded event between two actors, scored in their sides' dyad.
pub(crate) fn event(
    roster: &Roster,
    day: u32,
    actor: ActorIx,
    target: ActorIx,
    cameo: Cameo,
    class: Rung,
) -> Event {
    Event {
        day,
        actor,
        target,
        cameo,
        attributed_to: actor,
        real: true,
        class,
        volume: 0.0,
        direct: false,
        dyad: roster.dyad(actor, target).map(|d| d as u16),
        reason: None,
        asset: None,
        leaked: 0.0,
    }
}
