//! Execution error (MODEL.md 5.4): accidents, rogue units, misfires. A restraint intended
//! may become a strike, and an intended strike may not be made.
//!
//! With the doctrine's `execution_error` rate an intended answer or pre-emption is
//! cancelled (`cancels`), and on a day a state strikes no one it may set off an
//! `accident_size` strike of the doctrine's mix on the watched actor (`misfire`).
//!
//! Run by the state-decisions step, last of the strikes for each watched actor.

use crate::mechanisms::state_decisions::{Choice, StateMindItem};
use crate::mechanisms::targeting::{Aim, aim_at, package};
use crate::messages::StrikeKind;
use crate::outcomes::{Outcome, Tally};
use crate::setup::Setup;

/// Execution errors that became strikes.
pub(crate) static ACCIDENTS: Outcome = Outcome::count("accidents");
pub(crate) static OUTCOMES: &[&Outcome] = &[&ACCIDENTS];

/// Execution error keeps nothing of its own: its rate is the doctrine's.
pub(crate) fn setup(_: &mut Setup) {}

/// Whether an intended strike is not made (one draw, when the mechanism is on).
pub(crate) fn cancels(c: &mut Choice) -> bool {
    c.rules().mechanisms.execution_error && c.roll.chance(c.p.doctrine.execution_error.get())
}

/// A restraint intended, a strike made: an accident of `accident_size` munitions on the
/// watched actor.
pub(crate) fn misfire(c: &mut Choice, mind: &mut StateMindItem) {
    let p = c.p;
    if !c.rules().mechanisms.execution_error || !c.roll.chance(p.doctrine.execution_error.get()) {
        return;
    }
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
