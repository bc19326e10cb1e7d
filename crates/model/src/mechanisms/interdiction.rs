//! Interdiction of convoys in transit corridors (MODEL.md 5.1; seed 001: "interdiction of
//! a weapons convoy in a third-country transit corridor").
//!
//! Interdiction is an act on a state's daily menu. For each watched principal that
//! sponsors militias, a state whose doctrine gives an interdiction act effort
//! (`interdiction_effort` above 0) decides to interdict its convoys with probability
//! `interdiction_rate * (U - interdiction_above)` within [0, 1], for its escalation
//! utility U against it (a grey-zone act, chosen well below the utility that makes a
//! state strike), times
//! the factions' weight, an off-ramp agreement's restraint and, while the truce binds the
//! pair, `1 - ceasefire_restraint * interdiction_as_violation`. 001 asks whether
//! interdicting a convoy violates the truce; a state bound by a truce holds back from an
//! act in proportion to the chance that the other side reads it as a breach (the
//! ceasefire's `interdiction_as_violation`): the truce restrains interdiction fully only
//! where both read it as a violation, and not at all where neither does. Supply runs
//! earlier in the day than state decisions, so the day's choices
//! ([`InterdictionOrders`]) act on the next day's convoys.
//!
//! A convoy of a patron crossing a corridor may then be interdicted by every state that
//! chose to interdict that patron and reaches the corridor's territory: with `n` such
//! states it is caught with probability `1 - prod(1 - exposure * effort_i)`, by the most
//! determined of them. The convoy is lost, and the patron may read the interdiction as a
//! ceasefire violation (counted by the ceasefire).
//!
//! The decision is run by the state-decisions step for each watched principal; the catch
//! is called by supply for each corridor leg of each route, in route order.

use bevy_ecs::prelude::*;

use crate::dice::{Purpose, Roll, Subject};
use crate::mechanisms::state_decisions::Choice;
use crate::network::{Corridor, Network};
use crate::outcomes::Outcome;
use crate::roster::{Kind, Roster};
use crate::setup::Setup;
use crate::theatre::{ActorIx, TerritoryIx};

/// One state's choice to interdict one patron's convoys.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Order {
    /// The interdicting state.
    pub by: ActorIx,
    /// The patron whose convoys it interdicts.
    pub patron: ActorIx,
    /// The effort of the act (its doctrine's `interdiction_effort`).
    pub effort: f64,
}

/// The interdictions chosen by yesterday's state decisions, read by today's supply.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub(crate) struct InterdictionOrders(pub Vec<Order>);

/// Munitions lost to interdiction.
pub(crate) static INTERDICTED: Outcome = Outcome::amount("interdicted");
/// State-days of interdiction chosen (each state, patron and day it interdicts).
pub(crate) static INTERDICTION_DAYS: Outcome = Outcome::count("interdiction_days");
pub(crate) static OUTCOMES: &[&Outcome] = &[&INTERDICTED, &INTERDICTION_DAYS];

/// No interdiction is chosen before day 0.
pub(crate) fn setup(s: &mut Setup) {
    s.resource(InterdictionOrders::default());
}

/// Decides whether the state interdicts the watched principal's convoys tomorrow, through
/// its escalation `utility` and, when the truce `binds` the pair, its restraint: one draw
/// from the pair's own stream when an act is possible.
pub(crate) fn decide(c: &mut Choice, utility: f64, binds: bool) {
    let (s, t, p) = (c.s, c.t, c.p);
    let roster = c.world.roster;
    let restraint = if binds {
        1.0 - p.doctrine.ceasefire_restraint.get()
            * c.world.truce.params.interdiction_as_violation.get()
    } else {
        1.0
    };
    let effort = p.doctrine.interdiction_effort.get();
    if !roster.rules.mechanisms.interdiction
        || effort <= 0.0
        || t != roster.side(t)
        || roster.proxies[t.0 as usize].is_empty()
    {
        return;
    }
    let d = &p.doctrine;
    let chance = (d.interdiction_rate.get() * (utility - d.interdiction_above)).clamp(0.0, 1.0)
        * c.escalatory()
        * restraint;
    let mut roll = c
        .calendar
        .roll(Subject::pair(s, t), Purpose::InterdictionChoice);
    if roll.chance(chance) {
        c.interdictions.push(Order {
            by: s,
            patron: t,
            effort,
        });
        c.tallies
            .push(crate::outcomes::Tally::one(&INTERDICTION_DAYS));
    }
}

/// Who interdicts a convoy of `patron` on `corridor` today, if anyone: one draw from
/// `roll` when someone could.
pub(crate) fn catch(
    roster: &Roster,
    network: &Network,
    orders: &InterdictionOrders,
    patron: ActorIx,
    corridor: &Corridor,
    roll: &mut Roll,
) -> Option<ActorIx> {
    if !roster.rules.mechanisms.interdiction {
        return None;
    }
    interdictor_of(
        roster,
        network,
        orders,
        patron,
        corridor.via,
        corridor.exposure,
    )
    .filter(|(_, p)| roll.chance(*p))
    .map(|(by, _)| by)
}

/// The state most likely to interdict a convoy of `patron` crossing `via`, with the
/// combined probability that someone does: `1 - prod(1 - exposure * effort_i)` over the
/// states that chose to interdict the patron and reach the corridor.
fn interdictor_of(
    roster: &Roster,
    network: &Network,
    orders: &InterdictionOrders,
    patron: ActorIx,
    via: TerritoryIx,
    exposure: f64,
) -> Option<(ActorIx, f64)> {
    let mut escape = 1.0;
    let mut strongest: Option<(ActorIx, f64)> = None;
    for order in orders.0.iter().filter(|o| o.patron == patron) {
        let (by, effort) = (order.by, order.effort);
        if effort > 0.0 && roster.actor(by).kind == Kind::State && network.reaches(by, via) {
            escape *= 1.0 - exposure * effort;
            if strongest.is_none_or(|(_, e)| effort > e) {
                strongest = Some((by, effort));
            }
        }
    }
    strongest.map(|(by, _)| (by, 1.0 - escape))
}
