//! Escalation utility (MODEL.md 5.4; seed 001, the formula as written):
//! `utility = w_d * proxy degradation rate + w_l * regime legitimacy pressure
//! - w_r * perceived external retaliation cost`.
//!
//! The degradation rate is the strength the state's militias lost recently; legitimacy
//! pressure is `legitimacy_base` plus what absorbed attacks added (decaying with
//! `legitimacy_memory`); the retaliation cost is today's expected outside enforcement
//! ([`Enforcement`]), plus the adversary's credibility times its relative strength
//! (`strength_factor` times its share of the two arsenals, at most 1), plus the
//! adversary's standing threat against the state (`threat_weight` times its credibility,
//! fading by `threat_memory` a day). Utility drives unprovoked strikes (daily probability
//! `unprovoked * utility`, scaled by the factions and the truce's restraint, prepared for
//! `preparation_days`), interdiction, threats and the militias' directives.
//!
//! External enforcement is a state, not a constant (seed 001: "the threat of a massive
//! strike serves as a stress test of the mediator's commitment"): each state's starts at
//! `external_enforcement`, rises by `enforcement_gain` with each show of commitment
//! towards its side (an off-ramp or a re-mediation, a third party's strike on its side
//! after its violation) and falls by `enforcement_loss` for each violation of the truce
//! its side really committed that no show of commitment followed within
//! `enforcement_window_days` (see diplomacy, which keeps it).
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
    /// The outside enforcement the state expects on day 0 if it escalates (mediators' and
    /// great powers' will to respond, seed 001): the retaliation cost is today's
    /// enforcement plus the adversary's credibility times its relative strength.
    pub external_enforcement: Probability,
    /// Enforcement regained per show of commitment towards the state's side (an off-ramp,
    /// a re-mediation, a third party's strike after its violation).
    pub enforcement_gain: Probability,
    /// Enforcement lost per violation the state's side really committed and no show of
    /// commitment followed within `enforcement_window_days` (the commitment tested).
    pub enforcement_loss: Probability,
    /// Days after a violation within which a show of commitment answers it.
    pub enforcement_window_days: u32,
    /// The adversary's relative strength is `strength_factor` times its share of the two
    /// arsenals, at most 1 (2: an adversary at parity counts in full).
    pub strength_factor: Amount,
    /// Credibility the state reads into a non-state adversary (a militia with no patron
    /// state), which keeps no credibility of its own.
    pub non_state_credibility: Probability,
    /// Weight of an adversary's standing threat in the retaliation cost, times the
    /// threatener's credibility (seed 001: threats alter the equation when credible).
    pub threat_weight: Amount,
    /// Share of a threat's weight that remains the next day.
    pub threat_memory: Probability,
    /// Weight of the sanctions relief the state stands to lose by escalating against the
    /// other party of a holding truce, when relief is on offer for its compliance (seed
    /// 002: the diplomatic wing offers "sanctions relief and structural stabilization in
    /// exchange for maritime compliance"): the cost adds `relief_weight * sanctions *
    /// C_adversary`, C the offering side's diplomatic wing (section 6.1). 0: relief does
    /// not enter the calculus.
    pub relief_weight: Amount,
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
            enforcement_gain: Probability(0.05),
            enforcement_loss: Probability(0.05),
            enforcement_window_days: 7,
            strength_factor: Amount(2.0),
            non_state_credibility: Probability(0.5),
            threat_weight: Amount(0.3),
            threat_memory: Probability(0.9),
            relief_weight: Amount(0.0),
            escalate_above: 0.4,
            harass_above: 0.0,
            window_days: 14,
        }
    }
}

/// Regime legitimacy pressure above its base (seed 001).
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub(crate) struct Legitimacy(pub f64);

/// The outside enforcement a state expects today (seed 001), and the days of its side's
/// violations of the truce that no show of commitment has answered yet.
#[derive(Component, Clone, Debug, PartialEq)]
pub(crate) struct Enforcement {
    /// Expected enforcement today, in [0, 1].
    pub value: f64,
    /// Days of violations not yet answered by a show of commitment.
    pub tests: Vec<u32>,
}

/// Unprovoked strike waves (those the escalation utility drives).
pub(crate) static UNPROVOKED_STRIKES: Outcome = Outcome::count("unprovoked_strikes");
pub(crate) static OUTCOMES: &[&Outcome] = &[&UNPROVOKED_STRIKES];

/// Gives states their legitimacy pressure, none above the base on day 0, and their
/// day-0 expectation of outside enforcement.
pub(crate) fn setup(s: &mut Setup) {
    s.on_states(|_, _| Legitimacy(0.0));
    s.on_states(|p, _| Enforcement {
        value: p.utility.external_enforcement.get(),
        tests: Vec::new(),
    });
}

/// Seed 001's escalation utility of state `s` against `adversary` on `day`, as written.
pub(crate) fn utility(
    p: &StateParams,
    (s, adversary): (ActorIx, ActorIx),
    (day, under_truce): (u32, bool),
    mind: &StateMindItem,
    snap: &Snapshot,
) -> f64 {
    let u = &p.utility;
    let own = snap.arsenal[s.0 as usize];
    let theirs = snap.arsenal[adversary.0 as usize];
    let relative = if own + theirs > 0.0 {
        (u.strength_factor.get() * theirs / (own + theirs)).min(1.0)
    } else {
        0.0
    };
    let credibility = snap.credibility_of(adversary, p);
    let threat = snap.threat(adversary, s).map_or(0.0, |d| {
        u.threat_weight.get()
            * credibility
            * u.threat_memory.get().powf(f64::from(day.saturating_sub(d)))
    });
    // Relief on offer for compliance is lost by escalating: what the sanctions still
    // take, as much as the offering side's diplomatic wing weighs.
    let relief = if under_truce && p.economy.relief_per_compliant_day.get() > 0.0 {
        u.relief_weight.get() * mind.sanctions.0 * snap.conciliation_of(adversary)
    } else {
        0.0
    };
    let retaliation_cost = mind.enforcement.value + credibility * relative + threat + relief;
    u.degradation_weight.get() * snap.degradation[s.0 as usize]
        + u.legitimacy_weight.get() * (u.legitimacy_base.get() + mind.legitimacy.0)
        - u.retaliation_weight.get() * retaliation_cost
}

/// Legitimacy pressure fades a day.
pub(crate) fn drift(mind: &mut StateMindItem, p: &StateParams) {
    mind.legitimacy.0 *= p.utility.legitimacy_memory.get();
}

/// Prepares an unprovoked strike on the watched actor with daily probability
/// `unprovoked * utility`, scaled by the factions, an off-ramp's agreement and the truce's
/// `restraint`, unless the decision's execution error flips it.
pub(crate) fn plan_unprovoked(
    c: &mut Choice,
    mind: &mut StateMindItem,
    utility: f64,
    restraint: f64,
) {
    let (t, p) = (c.t, c.p);
    if !c
        .roll
        .chance(p.doctrine.unprovoked.get() * utility.max(0.0) * c.escalatory() * restraint)
        || !c.flip.carry_out()
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
