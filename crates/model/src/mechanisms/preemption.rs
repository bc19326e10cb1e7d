//! Pre-emption (MODEL.md 5.4; seed 001): a state whose air defence cannot guarantee zero
//! penetration of the adversary's largest raid, and which perceives an imminent threat,
//! strikes first.
//!
//! When the perceived threat from a watched actor is at or above `threat_threshold` and the
//! expected leakers of the largest raid that actor can launch (yesterday's snapshot: a
//! state's raid is its doctrine's largest strike, `max(|salvo|, minimum_strike)` in the
//! salvo's mix, all its waves pooled as strike resolution pools them; a militia's is its
//! salvo; both capped by the arsenal) through the state's layers at today's stocks exceed
//! `tolerable_leakers`, the state pre-empts with probability `probability` (times the
//! factions' weight): a unit salvo on the actor's launchers (or on a militia's forces).
//!
//! A direct line (seed 000: "without direct lines of communication, both Washington and
//! Tehran are forced to guess the other's intentions ... If a militia group moves a drone
//! launcher for training, the US may interpret it as a preparation for an attack and
//! strike preemptively"): before it pre-empts, the state checks the alarm with the
//! adversary with probability `direct_line`. A benign move misread is then explained and
//! the pre-emption called off; a real preparation is not explained away.
//!
//! Run by the state-decisions step, after retaliation, when nothing was answered.

use crate::dice::{Purpose, Subject};
use crate::mechanisms::state_decisions::{Choice, StateMindItem};
use crate::mechanisms::strike_resolution::expected_leakers;
use crate::mechanisms::targeting::{Aim, aim_at, package};
use crate::messages::StrikeKind;
use crate::outcomes::{Outcome, Tally};
use crate::params::{Amount, Probability, serde_block};
use crate::roster::Kind;
use crate::setup::Setup;

serde_block! {
/// Pre-emption (seed 001): a state whose air defence cannot guarantee zero penetration of
/// the adversary's largest raid and which perceives an imminent threat strikes first.
pub struct Preemption {
    /// Perceived threat at or above which a threat counts as imminent.
    pub threat_threshold: Probability,
    /// Probability of pre-empting on a day when both conditions hold.
    pub probability: Probability,
    /// The defence "guarantees zero penetration" when the expected leakers of the
    /// adversary's largest raid are below this number.
    pub tolerable_leakers: Amount,
    /// Probability that, before pre-empting, the state checks the alarm with the
    /// adversary over a direct line (seed 000's remedy; 0: no line). A misread benign
    /// move is then explained and the pre-emption called off.
    pub direct_line: Probability,
}
}

impl Default for Preemption {
    fn default() -> Self {
        Preemption {
            threat_threshold: Probability(0.5),
            probability: Probability(0.6),
            tolerable_leakers: Amount(0.5),
            direct_line: Probability(0.0),
        }
    }
}

/// First day of a pre-emptive strike.
pub(crate) static FIRST_PREEMPTION_DAY: Outcome = Outcome::first_day("first_preemption_day");
/// Pre-emptive strike waves.
pub(crate) static PREEMPTIONS: Outcome = Outcome::count("preemptions");
/// Pre-emptions called off after a call over the direct line showed the alarm was a
/// benign move misread.
pub(crate) static PREEMPTIONS_CALLED_OFF: Outcome = Outcome::count("preemptions_called_off");
pub(crate) static OUTCOMES: &[&Outcome] =
    &[&FIRST_PREEMPTION_DAY, &PREEMPTIONS, &PREEMPTIONS_CALLED_OFF];

/// Pre-emption keeps nothing of its own: it reads perception and the air defence.
pub(crate) fn setup(_: &mut Setup) {}

/// Strikes the watched actor's launchers when its threat is perceived as imminent and the
/// state's own air defence cannot hold its largest raid to the tolerable leakers.
pub(crate) fn preempt(c: &mut Choice, mind: &mut StateMindItem) {
    let (t, p) = (c.t, c.p);
    let pre = &p.preemption;
    if !c.rules().mechanisms.preemption
        || mind.perception.threat[t.0 as usize] < pre.threat_threshold.get()
    {
        return;
    }
    let defence = if c.rules().mechanisms.air_defence {
        p.air_defence.as_slice()
    } else {
        &[]
    };
    let leakers = expected_leakers(
        &c.snapshot.largest_raid[t.0 as usize],
        defence,
        &mind.interceptors.0,
    );
    if leakers <= pre.tolerable_leakers.get()
        || !c.roll.chance(pre.probability.get() * c.escalatory())
    {
        return;
    }
    // The call is the pair's own draw, made only when a pre-emption was about to be
    // ordered, so a scenario without a line keeps every other draw as it was.
    if pre.direct_line.get() > 0.0
        && mind.perception.misread[t.0 as usize]
        && c.calendar
            .roll(Subject::pair(c.s, t), Purpose::DirectLine)
            .chance(pre.direct_line.get())
    {
        c.tallies.push(Tally::one(&PREEMPTIONS_CALLED_OFF));
        return;
    }
    if !c.flip.carry_out() {
        return;
    }
    let salvo = package(&p.doctrine.salvo, p.doctrine.salvo.total(), &mind.arsenal.0);
    let class = if c.world.roster.actor(t).kind == Kind::Militia {
        Aim::Forces
    } else {
        Aim::Launchers
    };
    let made = aim_at(
        c.world,
        (c.s, t),
        salvo,
        (StrikeKind::Preemption, class),
        p.doctrine.targets_per_strike as usize,
        &mut c.aim,
    );
    c.order(mind, made);
}
