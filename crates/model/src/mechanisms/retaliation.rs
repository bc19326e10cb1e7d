//! Retaliation (MODEL.md 5.4; seeds 002 and 003): a state answers what is attributed to an
//! actor through its doctrine.
//!
//! With probability `retaliate` (times the factions' weight) on a day an attributed attack
//! is pending, the state answers `retaliation_ratio` times what was attributed (above 1
//! exceeds the attack, 003), at least `minimum_strike`. Blame on a militia falls on the
//! militia; blame on a patron for its proxy falls on the patron with probability
//! `answer_patron`, otherwise on the proxy; an answer to a state is asymmetric (on the hosts
//! of its bases, 002's tri-lateral loop) with probability `asymmetric`, otherwise symmetric,
//! sparing the core with probability `spare_core`. A doctrine with `answer_delay_days`
//! readies its answer as a plan the adversary's intelligence may see. An answer decided is
//! the decision's intended strike, which execution error may flip. An answer made
//! settles the grudges and moves credibility.
//!
//! [`Doctrine`] is the state's whole doctrine block (`doctrine` in a scenario): the other
//! decision mechanisms read their own fields of it.
//!
//! Run by the state-decisions step, after credibility, for each watched actor.

use crate::dice::{Purpose, Subject};
use crate::mechanisms::credibility::settle;
use crate::mechanisms::state_decisions::{Choice, PlannedStrike, StateMindItem};
use crate::mechanisms::targeting::{Aim, aim_at, location_of, package};
use crate::messages::StrikeKind;
use crate::outcomes::{Outcome, Tally};
use crate::params::{Amount, Munitions, Probability, serde_block};
use crate::roster::Kind;
use crate::setup::Setup;

serde_block! {
/// How a state answers and acts (MODEL.md 5.4).
pub struct Doctrine {
    /// Size of an answer relative to what was attributed (above 1 exceeds the attack, 003).
    pub retaliation_ratio: Amount,
    /// Probability of answering on a day when an attributed attack is pending.
    pub retaliate: Probability,
    /// Daily probability of an unprovoked strike at utility 1 (scaled by utility).
    pub unprovoked: Probability,
    /// Probability that an answer to a state strikes the hosts of its bases rather than
    /// its own infrastructure (seed 002, the tri-lateral loop).
    pub asymmetric: Probability,
    /// Probability that an answer to a proxy attack falls on the patron itself when the
    /// patron was blamed (otherwise it falls on the proxy).
    pub answer_patron: Probability,
    /// Probability that a patron answers through its militias rather than with its own
    /// forces (seed 000: the Axis "operates with a degree of autonomy that allows Tehran
    /// to maintain plausible deniability"; the answer to strikes on its affiliates is
    /// "retaliatory rocket and drone fire directed at bases housing US personnel"): its
    /// militias are ordered to escalate for `proxy_answer_days`, and whether the answer
    /// reaches the patron is the victim's attribution policy.
    pub answer_through_proxies: Probability,
    /// Days a delegated answer keeps the patron's militias under an escalate directive.
    pub proxy_answer_days: u32,
    /// Execution error (accidents, rogue units, misfires): the probability that one
    /// day's decision about one watched actor is flipped, an intended strike not made or
    /// an intended restraint turned into a small strike.
    pub execution_error: Probability,
    /// Effort of an interdiction act against an adversary's supply corridors (grey-zone
    /// interdiction); 0: the state never interdicts.
    pub interdiction_effort: Probability,
    /// How fast the daily probability of choosing to interdict a sponsoring adversary's
    /// convoys rises with escalation utility: it is
    /// `interdiction_rate * (utility - interdiction_above)`, within [0, 1], then scaled by
    /// the factions and the truce's restraint.
    pub interdiction_rate: Amount,
    /// Utility above which the state starts to interdict (a grey-zone act, chosen well
    /// below the utility that makes it strike).
    pub interdiction_above: f64,
    /// Utility above which the state publicly threatens force (CAMEO 138).
    pub threaten_above: f64,
    /// Fewest days between two threats against the same adversary.
    pub threat_spacing_days: u32,
    /// Daily probability of offering talks (CAMEO 036) while a mediator's channel is open
    /// and the dyad is above rung 0 (scaled by the pragmatists' weight).
    pub offer_talks: Probability,
    /// How much a binding ceasefire damps probes, unprovoked strikes and interdiction:
    /// they are multiplied by 1 minus this.
    pub ceasefire_restraint: Probability,
    /// The strike package of one answer of size 1, by type; an answer of size s fires
    /// s times this, up to the arsenal.
    pub salvo: Munitions,
    /// Most assets one strike is spread over (CENTCOM struck 10 targets, seed 002).
    pub targets_per_strike: u32,
    /// The smallest strike a state launches, in munitions.
    pub minimum_strike: Amount,
    /// Days an unprovoked strike is prepared before launch (visible to the adversary's
    /// intelligence, which may pre-empt).
    pub preparation_days: u32,
    /// Days an answer is readied before launch (0: at once). A readied answer is visible
    /// to the adversary's intelligence like any preparation.
    pub answer_delay_days: u32,
    /// Probability that a symmetric answer spares the adversary's core assets (command,
    /// the economy's heart) and strikes only peripheral ones while any are in reach:
    /// escalation control (seed 002: CENTCOM struck coastal radar, drone storage and
    /// surveillance, not the regime).
    pub spare_core: Probability,
    /// Size of the strike an execution error sets off, in munitions (a rogue launch or a
    /// misfire, not a doctrine's answer).
    pub accident_size: Amount,
}
}

impl Default for Doctrine {
    fn default() -> Self {
        Doctrine {
            retaliation_ratio: Amount(1.0),
            retaliate: Probability(0.5),
            unprovoked: Probability(0.01),
            asymmetric: Probability(0.0),
            answer_patron: Probability(0.5),
            answer_through_proxies: Probability(0.0),
            proxy_answer_days: 3,
            execution_error: Probability(0.005),
            interdiction_effort: Probability(0.0),
            interdiction_rate: Amount(1.0),
            interdiction_above: -1.0,
            threaten_above: 0.3,
            threat_spacing_days: 7,
            offer_talks: Probability(0.05),
            ceasefire_restraint: Probability(0.8),
            salvo: Munitions::new(2.0, 4.0, 10.0),
            targets_per_strike: 4,
            minimum_strike: Amount(4.0),
            preparation_days: 1,
            answer_delay_days: 0,
            spare_core: Probability(0.0),
            accident_size: Amount(4.0),
        }
    }
}

/// Answers to attributed attacks.
pub(crate) static ANSWERS: Outcome = Outcome::count("answers");
/// Answers that struck a host nation's soil.
pub(crate) static ASYMMETRIC_STRIKES: Outcome = Outcome::count("asymmetric_strikes");
/// Answers delegated to the patron's militias (an escalate directive).
pub(crate) static PROXY_ANSWERS: Outcome = Outcome::count("proxy_answers");
pub(crate) static OUTCOMES: &[&Outcome] = &[&ANSWERS, &ASYMMETRIC_STRIKES, &PROXY_ANSWERS];

/// Retaliation keeps nothing of its own beyond the grudges attribution hands it.
pub(crate) fn setup(_: &mut Setup) {}

/// Answers what is attributed to the watched actor, sized by the retaliation ratio.
pub(crate) fn answer_grudges(c: &mut Choice, mind: &mut StateMindItem) {
    let (s, t, p) = (c.s, c.t, c.p);
    let pending = mind.grudges.against(t);
    if pending.is_empty() || !c.roll.chance(p.doctrine.retaliate.get() * c.escalatory()) {
        return;
    }
    let volume: f64 = pending.iter().map(|g| g.volume).sum();
    let proxy = pending.iter().rev().find_map(|g| g.via_proxy);
    let roster = c.world.roster;
    // Blame on a militia falls on the militia; blame on a patron for its proxy falls on
    // the patron or on the proxy; blame on a state falls on the state.
    let (against, class) = match (roster.actor(t).kind, proxy) {
        (Kind::Militia, _) => (t, Aim::Forces),
        (_, Some(m)) if !c.roll.chance(p.doctrine.answer_patron.get()) => (m, Aim::Forces),
        _ => {
            let asymmetric =
                c.rules().mechanisms.asymmetric && c.roll.chance(p.doctrine.asymmetric.get());
            (
                t,
                if asymmetric {
                    Aim::Asymmetric
                } else if c.roll.chance(p.doctrine.spare_core.get()) {
                    Aim::Measured
                } else {
                    Aim::Symmetric
                },
            )
        }
    };
    // A patron answers strikes on its militias through them (seed 000): the answer is an
    // order to escalate, and it settles the grudge as an answer of the attack's size (the
    // militias' salvos are theirs to size). Strikes on its own soil it answers itself.
    // The choice is the pair's own draw, so delegating leaves the state's other draws of
    // the day as they were.
    let delegates = p.doctrine.answer_through_proxies.get();
    if delegates > 0.0
        && pending.iter().all(|g| g.on_proxy)
        && !roster.proxies[s.0 as usize].is_empty()
        && c.calendar
            .roll(Subject::pair(s, t), Purpose::ProxyAnswer)
            .chance(delegates)
    {
        if !c.flip.carry_out() {
            return;
        }
        // The directive set today binds the militias from tomorrow: through day
        // today + proxy_answer_days, that many days.
        mind.delegated.until = Some(c.world.day + p.doctrine.proxy_answer_days);
        settle(c, mind, (t, 1.0), &PROXY_ANSWERS);
        return;
    }
    let size = (p.doctrine.retaliation_ratio.get() * volume).max(p.doctrine.minimum_strike.get());
    let salvo = package(&p.doctrine.salvo, size, &mind.arsenal.0);
    if salvo.total() < 1.0 || !c.flip.carry_out() {
        return;
    }
    // A doctrine that readies its answer first makes a plan the adversary may see coming.
    if p.doctrine.answer_delay_days > 0 {
        mind.plans.0.push(PlannedStrike {
            launch_day: c.world.day + p.doctrine.answer_delay_days,
            against,
            kind: StrikeKind::Retaliation,
            aim: class,
            size: salvo.total(),
        });
        settle(c, mind, (t, salvo.total() / volume.max(1.0)), &ANSWERS);
        return;
    }
    let spread = if class == Aim::Forces {
        1
    } else {
        p.doctrine.targets_per_strike as usize
    };
    let made = aim_at(
        c.world,
        (s, against),
        salvo,
        (StrikeKind::Retaliation, class),
        spread,
        &mut c.aim,
    );
    if made.is_empty() {
        return;
    }
    let fired: f64 = made.iter().map(|o| o.salvo.total()).sum();
    if made
        .iter()
        .any(|o| roster.is_host_soil(location_of(roster, o.target)))
    {
        c.tallies.push(Tally::one(&ASYMMETRIC_STRIKES));
    }
    c.order(mind, made);
    settle(c, mind, (t, fired / volume.max(1.0)), &ANSWERS);
}
