//! Credibility (MODEL.md 5.4; seed 003): a state's credibility in [0, 1] rises when it
//! answers attacks above their size and erodes when it absorbs them or answers short.
//!
//! An attributed attack left unanswered past `answer_window_days` is absorbed: credibility
//! falls by `loss` per attack, legitimacy pressure builds and the hardliners gain. An
//! answer of `ratio` times the attack raises credibility by `gain` in full at
//! `full_gain_ratio` times or more (in proportion between 1 and it) and lowers it by
//! `loss * (1 - ratio)` short of the attack. A standing threat against an adversary is
//! called when an attack by that adversary made after the threat is absorbed: the empty
//! threat costs `empty_threat_loss` more and no longer backs anything (see signalling).
//! Adversaries read credibility the next day: it is the deterrent weight in their
//! escalation utility (and the weight of its threats), and probing targets the low.
//!
//! Run by the state-decisions step, first for each watched actor.

use bevy_ecs::prelude::*;

use crate::mechanisms::state_decisions::{Choice, StateMindItem};
use crate::outcomes::{Outcome, Tally};
use crate::params::{Amount, Probability, StateParams, serde_block};
use crate::setup::Setup;
use crate::theatre::ActorIx;

serde_block! {
/// Credibility (seed 003): it rises when attacks are answered above their size and erodes
/// when they are absorbed or answered short.
pub struct CredibilityParams {
    /// Credibility on day 0.
    pub initial: Probability,
    /// Gain per answer above the attack's size, in full at `full_gain_ratio` times the
    /// attack or more, in proportion below it.
    pub gain: Probability,
    /// Answer-to-attack ratio that earns the full gain (above 1; an answer of exactly the
    /// attack's size earns nothing: seed 003 asks for "a level exceeding" it).
    pub full_gain_ratio: Amount,
    /// Loss per attack absorbed (unanswered within `answer_window_days`).
    pub loss: Probability,
    /// Days a state has to answer an attributed attack before it counts as absorbed
    /// (also the window in which a threat's author must answer an attack made after it).
    pub answer_window_days: u32,
    /// Loss when a threat is called: the threatened side attacked after it and the
    /// attack was absorbed (an empty threat, seed 003's eroded deterrent posture).
    pub empty_threat_loss: Probability,
}
}

impl Default for CredibilityParams {
    fn default() -> Self {
        CredibilityParams {
            initial: Probability(0.6),
            gain: Probability(0.1),
            full_gain_ratio: Amount(2.0),
            loss: Probability(0.08),
            answer_window_days: 3,
            empty_threat_loss: Probability(0.1),
        }
    }
}

/// A state's credibility in [0, 1] (seed 003).
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub(crate) struct Credibility(pub f64);

/// Attributed attacks absorbed without answer.
pub(crate) static ABSORBED: Outcome = Outcome::count("absorbed");
pub(crate) static OUTCOMES: &[&Outcome] = &[&ABSORBED];

/// Gives states their day-0 credibility.
pub(crate) fn setup(s: &mut Setup) {
    s.on_states(|p, _| Credibility(p.credibility.initial.get()));
}

/// Attacks left unanswered past the answer window are absorbed: credibility erodes,
/// legitimacy pressure builds and the hardliners gain (seed 003).
pub(crate) fn absorb_old_grudges(c: &mut Choice, mind: &mut StateMindItem) {
    let (t, p) = (c.t, c.p);
    let window = p.credibility.answer_window_days;
    let day = c.world.day;
    let before = mind.grudges.0.len();
    let threat = mind.last_threat.standing(t.0 as usize);
    let mut calls_threat = false;
    mind.grudges.retain_against(t, |g| {
        let absorbed = day > g.day + window;
        calls_threat |= absorbed && threat.is_some_and(|d| g.day >= d);
        !absorbed
    });
    let absorbed = (before - mind.grudges.0.len()) as u32;
    if absorbed == 0 {
        return;
    }
    let n = f64::from(absorbed);
    c.tallies.push(Tally::of(&ABSORBED, n));
    let mechanisms = &c.rules().mechanisms;
    if calls_threat && let Some(th) = mind.last_threat.0[t.0 as usize].as_mut() {
        th.called = true;
        if mechanisms.credibility {
            mind.credibility.0 =
                (mind.credibility.0 - p.credibility.empty_threat_loss.get()).max(0.0);
        }
    }
    if mechanisms.credibility {
        mind.credibility.0 = (mind.credibility.0 - p.credibility.loss.get() * n).max(0.0);
    }
    mind.legitimacy.0 += p.utility.legitimacy_per_absorbed.get() * n;
    if mechanisms.factions {
        mind.factions.harden(p.factions.gain_per_absorbed.get() * n);
    }
}

/// An answer made: the grudges against `t` are settled and credibility moves with the
/// answer's size relative to the attack.
pub(crate) fn settle(
    c: &mut Choice,
    mind: &mut StateMindItem,
    (t, ratio): (ActorIx, f64),
    counted_as: &'static Outcome,
) {
    mind.grudges.retain_against(t, |_| false);
    c.tallies.push(Tally::one(counted_as));
    if c.rules().mechanisms.credibility {
        mind.credibility.0 = answered_credibility(mind.credibility.0, ratio, c.p);
    }
}

/// Credibility after an answer of `ratio` times the attack (seed 003): above the attack it
/// rises, in full at `full_gain_ratio` or more; short of it, it erodes in proportion to
/// the shortfall; an answer of exactly the attack's size leaves it where it was.
pub(crate) fn answered_credibility(credibility: f64, ratio: f64, p: &StateParams) -> f64 {
    let c = &p.credibility;
    let next = if ratio > 1.0 {
        let full = (c.full_gain_ratio.get() - 1.0).max(f64::MIN_POSITIVE);
        credibility + c.gain.get() * ((ratio - 1.0) / full).min(1.0)
    } else {
        credibility - c.loss.get() * (1.0 - ratio)
    };
    next.clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_above_the_attack_raise_credibility_and_short_ones_erode_it() {
        let p = StateParams::default();
        assert_eq!(
            answered_credibility(0.5, 1.0, &p),
            0.5,
            "matching is not exceeding"
        );
        assert!(answered_credibility(0.5, 1.5, &p) > 0.5);
        assert!(answered_credibility(0.5, 2.0, &p) > answered_credibility(0.5, 1.5, &p));
        assert_eq!(
            answered_credibility(0.5, 3.0, &p),
            answered_credibility(0.5, 2.0, &p)
        );
        assert!(answered_credibility(0.5, 0.5, &p) < 0.5);
        assert!(answered_credibility(1.0, 3.0, &p) <= 1.0);
    }
}
