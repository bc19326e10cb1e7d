//! Signalling (MODEL.md 5.4; seeds 001 and 003): threats (CAMEO 138) and offers of talks
//! (CAMEO 036).
//!
//! A state whose escalation utility against an adversary is above the doctrine's
//! `threaten_above` threatens it publicly, at most once per `threat_spacing_days`. A
//! threat is not cheap talk: the threatened side reads it as a retaliation cost in its
//! escalation utility, `threat_weight` times the threatener's credibility, fading by
//! `threat_memory` a day (see escalation utility). A threat is called when the threatened
//! side then attacks the threatener and the threatener lets the attack be absorbed
//! (unanswered within its `answer_window_days`): the empty threat costs the threatener
//! `empty_threat_loss` of credibility and stops backing anything (see credibility).
//!
//! While a mediator's channel is open and the dyad is above rung 0, a state offers talks
//! with daily probability `offer_talks`, scaled by the pragmatists' weight; offers raise
//! the chance of an off-ramp (see diplomacy).
//!
//! Run by the state-decisions step, last for each watched actor.

use bevy_ecs::prelude::*;

use crate::events::{Cameo, Rung};
use crate::mechanisms::event;
use crate::mechanisms::state_decisions::{Choice, StateMindItem};
use crate::messages::Act;
use crate::setup::Setup;

/// A threat made: its day, and whether it was called (an attack on the threatener after
/// it went unanswered).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Threat {
    /// The day it was made.
    pub day: u32,
    /// Whether the threatened side called it: it no longer backs anything.
    pub called: bool,
}

/// The last threat a state made against each actor, by actor index.
#[derive(Component, Clone, Debug, PartialEq)]
pub(crate) struct LastThreat(pub Vec<Option<Threat>>);

impl LastThreat {
    /// The day of the standing (uncalled) threat against actor `t`, if any.
    pub fn standing(&self, t: usize) -> Option<u32> {
        self.0
            .get(t)
            .copied()
            .flatten()
            .filter(|th| !th.called)
            .map(|th| th.day)
    }
}

/// Gives states a record of whom they threatened when.
pub(crate) fn setup(s: &mut Setup) {
    s.on_states(|_, n| LastThreat(vec![None; n]));
}

/// Threatens force (CAMEO 138) when utility is above the doctrine's threshold, at most once
/// per `threat_spacing_days` (with `mechanisms.threats` on).
pub(crate) fn threaten(c: &mut Choice, mind: &mut StateMindItem, utility: f64) {
    let (world, t) = (c.world, c.t);
    if !world.roster.rules.mechanisms.threats {
        return;
    }
    let spacing = c.p.doctrine.threat_spacing_days;
    let last = &mut mind.last_threat.0[t.0 as usize];
    let quiet = last.is_none_or(|th| world.day >= th.day + spacing);
    if utility > c.p.doctrine.threaten_above && quiet && t == world.roster.side(t) {
        *last = Some(Threat {
            day: world.day,
            called: false,
        });
        c.acts.push(Act(event(
            world.roster,
            world.day,
            c.s,
            t,
            Cameo::Threaten,
            Rung::GreyZone,
        )));
    }
}

/// Offers talks (CAMEO 036) while a channel is open and the dyad is above rung 0.
pub(crate) fn offer_talks(c: &mut Choice) {
    let (world, s, t) = (c.world, c.s, c.t);
    if !world.roster.rules.mechanisms.diplomacy
        || t != world.roster.side(t)
        || world.channels.open_influence() <= 0.0
    {
        return;
    }
    let rung = world.roster.dyad(s, t).map_or(0, |d| world.ladder.rungs[d]);
    let conciliation = c.conciliation.max(0.0);
    if rung >= 1 && c.roll.chance(c.p.doctrine.offer_talks.get() * conciliation) {
        c.acts.push(Act(event(
            world.roster,
            world.day,
            s,
            t,
            Cameo::OfferTalks,
            Rung::Truce,
        )));
    }
}
