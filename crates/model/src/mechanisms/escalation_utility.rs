//! Escalation utility (MODEL.md 5.4; seed 001, the formula as written):
//! `utility = w_d * proxy degradation rate + w_l * regime legitimacy pressure
//! - w_r * perceived external retaliation cost`.
//!
//! The degradation rate is the strength the state's militias lost recently; legitimacy
//! pressure is `legitimacy_base` plus what absorbed attacks added (decaying with
//! `legitimacy_memory`); the retaliation cost is the expected outside enforcement plus the
//! adversary's credibility times its relative strength. Utility drives unprovoked strikes
//! (daily probability `unprovoked * utility`, scaled by the factions and the truce's
//! restraint, prepared for `preparation_days`), threats and the militias' directives.
//!
//! Run by the state-decisions step for each watched actor.

use bevy_ecs::prelude::*;

use crate::mechanisms::state_decisions::{Choice, PlannedStrike, Snapshot, StateMindItem};
use crate::mechanisms::targeting::Aim;
use crate::messages::StrikeKind;
use crate::outcomes::Outcome;
use crate::params::{Amount, Probability, StateParams, serde_block};
use crate::roster::Kind;
use crate::setup::Setup;
use crate::theatre::ActorIx;

serde_block! {
/// Escalation utility as seed 001 writes it:
/// `utility = w_d * proxy degradation rate + w_l * regime legitimacy pressure
///  - w_r * perceived external retaliation cost`.
pub struct Utility {
    /// w_d: weight of the proxy degradation rate (share of the proxies' strength lost in
    /// the last `window_days`).
    pub degradation_weight: Amount,
    /// w_l: weight of regime legitimacy pressure.
    pub legitimacy_weight: Amount,
    /// w_r: weight of the perceived external retaliation cost.
    pub retaliation_weight: Amount,
    /// Legitimacy pressure the regime is under with nothing happening.
    pub legitimacy_base: Probability,
    /// Legitimacy pressure added by each attack absorbed without answer (decays with
    /// `legitimacy_memory`).
    pub legitimacy_per_absorbed: Amount,
    /// Share of legitimacy pressure above the base that remains the next day.
    pub legitimacy_memory: Probability,
    /// The outside enforcement the state expects if it escalates (mediators' and great
    /// powers' will to respond, seed 001): the retaliation cost is this plus the
    /// adversary's credibility times its relative strength.
    pub external_enforcement: Probability,
    /// Utility above which the state orders its proxies to escalate.
    pub escalate_above: f64,
    /// Utility above which the state orders its proxies to harass (below: restrain).
    pub harass_above: f64,
    /// Days over which the proxy degradation rate is measured.
    pub window_days: u32,
}
}

impl Default for Utility {
    fn default() -> Self {
        Utility {
            degradation_weight: Amount(1.0),
            legitimacy_weight: Amount(1.0),
            retaliation_weight: Amount(1.0),
            legitimacy_base: Probability(0.2),
            legitimacy_per_absorbed: Amount(0.1),
            legitimacy_memory: Probability(0.95),
            external_enforcement: Probability(0.3),
            escalate_above: 0.4,
            harass_above: 0.0,
            window_days: 14,
        }
    }
}

/// Regime legitimacy pressure above its base (seed 001).
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub(crate) struct Legitimacy(pub f64);

/// Unprovoked strike waves (those the escalation utility drives).
pub(crate) static UNPROVOKED_STRIKES: Outcome = Outcome::count("unprovoked_strikes");
pub(crate) static OUTCOMES: &[&Outcome] = &[&UNPROVOKED_STRIKES];

/// Gives states their legitimacy pressure, none above the base on day 0.
pub(crate) fn setup(s: &mut Setup) {
    s.on_states(|_, _| Legitimacy(0.0));
}

/// Seed 001's escalation utility of state `s` against `adversary`, as written.
pub(crate) fn utility(
    p: &StateParams,
    s: ActorIx,
    adversary: ActorIx,
    mind: &StateMindItem,
    snap: &Snapshot,
) -> f64 {
    let u = &p.utility;
    let own = snap.arsenal[s.0 as usize];
    let theirs = snap.arsenal[adversary.0 as usize];
    let relative = if own + theirs > 0.0 {
        (2.0 * theirs / (own + theirs)).min(1.0)
    } else {
        0.0
    };
    let retaliation_cost =
        u.external_enforcement.get() + snap.credibility[adversary.0 as usize] * relative;
    u.degradation_weight.get() * snap.degradation[s.0 as usize]
        + u.legitimacy_weight.get() * (u.legitimacy_base.get() + mind.legitimacy.0)
        - u.retaliation_weight.get() * retaliation_cost
}

/// Legitimacy pressure fades a day.
pub(crate) fn drift(mind: &mut StateMindItem, p: &StateParams) {
    mind.legitimacy.0 *= p.utility.legitimacy_memory.get();
}

/// Prepares an unprovoked strike on the watched actor with daily probability
/// `unprovoked * utility`, scaled by the factions and the truce's `restraint`.
pub(crate) fn plan_unprovoked(
    c: &mut Choice,
    mind: &mut StateMindItem,
    utility: f64,
    restraint: f64,
) {
    let (t, p) = (c.t, c.p);
    if !c
        .roll
        .chance(p.doctrine.unprovoked.get() * utility.max(0.0) * c.escalation * restraint)
    {
        return;
    }
    let aim = if c.world.roster.actor(t).kind == Kind::Militia {
        Aim::Forces
    } else {
        Aim::Symmetric
    };
    mind.plans.0.push(PlannedStrike {
        launch_day: c.world.day + p.doctrine.preparation_days,
        against: t,
        kind: StrikeKind::Unprovoked,
        aim,
        size: p
            .doctrine
            .salvo
            .total()
            .max(p.doctrine.minimum_strike.get()),
    });
}
