//! Signalling (MODEL.md 5.4): threats (CAMEO 138) and offers of talks (CAMEO 036).
//!
//! A state whose escalation utility against an adversary is above the doctrine's
//! `threaten_above` threatens it publicly, at most once per ladder window. While a
//! mediator's channel is open and the dyad is above rung 0, a state offers talks with
//! daily probability `offer_talks`, scaled by the pragmatists' weight; offers raise the
//! chance of an off-ramp (see diplomacy).
//!
//! Run by the state-decisions step, last for each watched actor.

use bevy_ecs::prelude::*;

use crate::events::{Cameo, Rung};
use crate::mechanisms::event;
use crate::mechanisms::state_decisions::{Choice, StateMindItem};
use crate::messages::Act;
use crate::setup::Setup;

/// The last day a state threatened each actor (so that threats are not repeated daily).
#[derive(Component, Clone, Debug, PartialEq)]
pub(crate) struct LastThreat(pub Vec<Option<u32>>);

/// Gives states a record of whom they threatened when.
pub(crate) fn setup(s: &mut Setup) {
    s.on_states(|_, n| LastThreat(vec![None; n]));
}

/// Threatens force (CAMEO 138) when utility is above the doctrine's threshold, at most once
/// per ladder window.
pub(crate) fn threaten(c: &mut Choice, mind: &mut StateMindItem, utility: f64) {
    let (world, t) = (c.world, c.t);
    let last = &mut mind.last_threat.0[t.0 as usize];
    let quiet = last.is_none_or(|d| world.day >= d + world.roster.rules.ladder.window_days);
    if utility > c.p.doctrine.threaten_above && quiet && t == world.roster.side(t) {
        *last = Some(world.day);
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
