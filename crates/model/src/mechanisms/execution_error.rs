//! Execution error (MODEL.md 5.4): accidents, rogue units, misfires. One decision, one
//! flip: an intended strike may not be made, and a restraint intended may become a strike.
//!
//! For each state, watched actor and day the menu of state decisions settles on at most
//! one intended strike (an answer, a pre-emption, a probe that strikes, or the decision to
//! prepare an unprovoked strike). One draw of the doctrine's `execution_error` rate,
//! from a stream of its own (the pair, [`Purpose::ExecutionError`]), decides whether the
//! decision is flipped: an intended strike is then not made ([`Flip::carry_out`]), and a
//! day with no intended strike sets off an `accident_size` strike of the doctrine's mix on
//! the watched actor ([`misfire`]). So P(strike | intended) = 1 - e and
//! P(strike | not intended) = e, and a decision is never flipped twice.
//!
//! Acts that are not strikes (a depth-1 probe, threats, talks, interdiction) and plans
//! launched today (decided on an earlier day) are not subject to the flip.
//!
//! Run by the state-decisions step: the flip is drawn before the menu of each watched
//! actor, the accident after it.

use crate::dice::{Purpose, Roll, Subject};
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::state_decisions::{Choice, StateMindItem};
use crate::mechanisms::targeting::{Aim, aim_at, package};
use crate::messages::StrikeKind;
use crate::outcomes::{Outcome, Tally};
use crate::setup::Setup;
use crate::theatre::ActorIx;

/// Execution errors that became strikes.
pub(crate) static ACCIDENTS: Outcome = Outcome::count("accidents");
pub(crate) static OUTCOMES: &[&Outcome] = &[&ACCIDENTS];

/// Execution error keeps nothing of its own: its rate is the doctrine's.
pub(crate) fn setup(_: &mut Setup) {}

/// The execution error of one decision: whether it is flipped (drawn once), and whether
/// the menu has settled on an intended strike.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Flip {
    flipped: bool,
    intended: bool,
}

impl Flip {
    /// The flip of state `s`'s decision about `t` today: one draw at `rate` from the
    /// pair's own stream, when the mechanism is `on`.
    pub fn draw(calendar: &Calendar, (s, t): (ActorIx, ActorIx), on: bool, rate: f64) -> Flip {
        Flip::from_roll(
            &mut calendar.roll(Subject::pair(s, t), Purpose::ExecutionError),
            on,
            rate,
        )
    }

    fn from_roll(roll: &mut Roll, on: bool, rate: f64) -> Flip {
        Flip {
            flipped: on && roll.chance(rate),
            intended: false,
        }
    }

    /// The menu settles on an intended strike: whether it is made (not, if the flip
    /// falls on it). Only the first intended strike of a decision is judged.
    pub fn carry_out(&mut self) -> bool {
        let first = !self.intended;
        self.intended = true;
        !(first && self.flipped)
    }

    /// Whether the menu settled on an intended strike.
    pub fn intended(&self) -> bool {
        self.intended
    }

    /// Whether the intended restraint becomes an accident: the flip, when no strike was
    /// intended.
    pub fn accident(&self) -> bool {
        self.flipped && !self.intended
    }
}

/// A restraint intended, a strike made: an accident of `accident_size` munitions on the
/// watched actor, when the decision's flip says so.
pub(crate) fn misfire(c: &mut Choice, mind: &mut StateMindItem) {
    if !c.flip.accident() {
        return;
    }
    let p = c.p;
    let package = package(
        &p.doctrine.salvo,
        p.doctrine.accident_size.get(),
        &mind.arsenal.0,
    );
    let made = aim_at(
        c.world,
        (c.s, c.t),
        package,
        (StrikeKind::Accident, Aim::Any),
        1,
        &mut c.aim,
    );
    if !made.is_empty() {
        c.tallies.push(Tally::one(&ACCIDENTS));
    }
    c.order(mind, made);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dice::Dice;

    /// Whether a strike is made on one draw, with or without an intended strike, and how
    /// many flips fell on the decision.
    fn decide(roll: &mut Roll, rate: f64, intended: bool) -> (bool, u32) {
        let mut flip = Flip::from_roll(roll, true, rate);
        let made = intended && flip.carry_out();
        // A menu that goes on after its first intention cannot be flipped again.
        let again = intended && !flip.carry_out();
        let accident = flip.accident();
        let flips = u32::from(intended && !made) + u32::from(accident) + u32::from(again);
        (made || accident, flips)
    }

    #[test]
    fn the_error_flips_an_intended_act_exactly_once_either_way() {
        let dice = Dice::new(7, 0);
        let rate = 0.2;
        let n = 20_000u32;
        let (mut struck_intended, mut struck_restrained) = (0u32, 0u32);
        for day in 0..n {
            for (intended, struck) in [
                (true, &mut struck_intended),
                (false, &mut struck_restrained),
            ] {
                let mut roll = dice.roll(
                    day,
                    Subject::pair(ActorIx(0), ActorIx(1)),
                    Purpose::ExecutionError,
                );
                let (made, flips) = decide(&mut roll, rate, intended);
                assert!(flips <= 1, "a decision is flipped at most once");
                *struck += u32::from(made);
            }
        }
        let se = (rate * (1.0 - rate) / f64::from(n)).sqrt();
        let p_intended = f64::from(struck_intended) / f64::from(n);
        let p_restrained = f64::from(struck_restrained) / f64::from(n);
        assert!(
            (p_intended - (1.0 - rate)).abs() < 4.0 * se,
            "P(strike | intended) = {p_intended}, expected {}",
            1.0 - rate
        );
        assert!(
            (p_restrained - rate).abs() < 4.0 * se,
            "P(strike | not intended) = {p_restrained}, expected {rate}"
        );
        // Off, nothing is flipped.
        let mut roll = dice.roll(0, Subject::actor(ActorIx(0)), Purpose::ExecutionError);
        let mut off = Flip::from_roll(&mut roll, false, 1.0);
        assert!(!off.accident());
        assert!(off.carry_out());
    }
}
