//! Factions (MODEL.md 5.4; seed 001: hardliners and pragmatists; seed 002: a reciprocity
//! wing and a diplomatic wing) weigh every escalatory and conciliatory choice.
//!
//! A state's hardline weight `h` multiplies escalatory probabilities by
//! `1 + sensitivity * (2h - 1)` and conciliatory ones by its mirror. Each absorbed attack
//! adds `gain_per_absorbed` to `h` (see credibility); each day `calm_drift` of the gap to
//! its day-0 value closes.
//!
//! Run by the state-decisions step at the start of each state's day; read by diplomacy's
//! off-ramps.

use bevy_ecs::prelude::*;

use crate::mechanisms::state_decisions::StateMindItem;
use crate::params::{Probability, StateParams, serde_block};
use crate::roster::Rules;
use crate::setup::Setup;

serde_block! {
/// Internal factions that weigh every choice (seed 001: hardliners and pragmatists; seed
/// 002: a reciprocity wing and a diplomatic wing).
pub struct Factions {
    /// Weight of the hardline (reciprocity) wing on day 0; the rest is pragmatists.
    pub hardliners: Probability,
    /// How strongly the balance moves escalatory and conciliatory probabilities: each is
    /// multiplied by `1 + sensitivity * (2*hardliners - 1)` (or its mirror).
    pub sensitivity: Probability,
    /// Hardliner weight gained per attack absorbed.
    pub gain_per_absorbed: Probability,
    /// Share of the gap between the hardliners' weight and its day-0 value closed each
    /// day (absorbed attacks push it up; time brings it back).
    pub calm_drift: Probability,
}
}

impl Default for Factions {
    fn default() -> Self {
        Factions {
            hardliners: Probability(0.5),
            sensitivity: Probability(0.5),
            gain_per_absorbed: Probability(0.03),
            calm_drift: Probability(0.01),
        }
    }
}

/// The weight of the hardline wing in [0, 1] (seeds 001 and 002).
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub(crate) struct FactionBalance(pub f64);

/// Gives states their day-0 balance of wings.
pub(crate) fn setup(s: &mut Setup) {
    s.on_states(|p, _| FactionBalance(p.factions.hardliners.get()));
}

/// The factions' multiplier on escalatory probabilities: `1 + sensitivity*(2h - 1)` for a
/// hardline weight h (its mirror, `2 - factor`, scales conciliatory ones).
pub(crate) fn factor(hardliners: f64, p: &StateParams, rules: &Rules) -> f64 {
    if !rules.mechanisms.factions {
        return 1.0;
    }
    1.0 + p.factions.sensitivity.get() * (2.0 * hardliners - 1.0)
}

/// The hardliners' weight drifts back towards its day-0 value.
pub(crate) fn drift(mind: &mut StateMindItem, p: &StateParams, rules: &Rules) {
    if rules.mechanisms.factions {
        let home = p.factions.hardliners.get();
        mind.factions.0 += p.factions.calm_drift.get() * (home - mind.factions.0);
    }
}
