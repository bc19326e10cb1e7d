//! Factions (MODEL.md 5.4; seed 001: hardliners and pragmatists; seed 002: a reciprocity
//! wing and a diplomatic wing) weigh every escalatory and conciliatory choice, and their
//! split is visible to the adversary.
//!
//! A state holds two wings with weights in [0, 1]: the hardline (reciprocity) wing `h`
//! and the pragmatic (diplomatic) wing `d`. The hardliners weigh escalatory acts, which
//! are multiplied by `1 + sensitivity * (2h - 1)`; the pragmatists weigh conciliatory
//! ones (offers of talks, off-ramps), multiplied by `1 + sensitivity * (2d - 1)`. On day 0
//! `d = min(1, 1 - h + division)`: with no division (the default) the wings share one
//! voice and the second factor is the mirror of the first, as when the factions were one
//! scalar. Each absorbed attack moves
//! `gain_per_absorbed` from the pragmatists to the hardliners (see credibility); each day
//! `calm_drift` of the gap to their day-0 weights closes.
//!
//! Two strong wings send mixed signals (seed 002: "this internal tension undermines the
//! credibility of the US deterrence model. Iran exploits this division"): the split
//! `max(0, h + d - 1)` (how far the two wings together exceed one voice: 0 when they
//! share it, 1 when both are at full weight) is seen by the adversary, which reads the
//! state's credibility as
//! `credibility * (1 - split_discount * split)` in its decisions (escalation utility,
//! probing) the next day.
//!
//! Run by the state-decisions step at the start of each state's day; read by diplomacy's
//! off-ramps and by the snapshot adversaries decide on.

use bevy_ecs::prelude::*;

use crate::mechanisms::state_decisions::StateMindItem;
use crate::params::{Probability, StateParams, serde_block};
use crate::roster::Rules;
use crate::setup::Setup;

serde_block! {
/// Internal factions that weigh every choice (seed 001: hardliners and pragmatists; seed
/// 002: a reciprocity wing and a diplomatic wing).
pub struct Factions {
    /// Weight of the hardline (reciprocity) wing on day 0.
    pub hardliners: Probability,
    /// How far the pragmatic (diplomatic) wing holds its own beside the hardliners: its
    /// day-0 weight is `min(1, 1 - hardliners + division)` (0: the wings share one voice;
    /// 1: both speak at full weight, seed 002's reciprocity and diplomatic wings).
    pub division: Probability,
    /// How strongly each wing moves the probabilities it weighs: escalatory ones are
    /// multiplied by `1 + sensitivity * (2*hardliners - 1)`, conciliatory ones by
    /// `1 + sensitivity * (2*pragmatists - 1)`.
    pub sensitivity: Probability,
    /// Weight moved from the pragmatists to the hardliners per attack absorbed.
    pub gain_per_absorbed: Probability,
    /// Share of the gap between each wing's weight and its day-0 value closed each day
    /// (absorbed attacks push the hardliners up; time brings them back).
    pub calm_drift: Probability,
    /// How far the adversary discounts the state's credibility for its visible split
    /// (mixed signals from two strong wings): it reads `credibility * (1 -
    /// split_discount * split)`, with split `max(0, hardliners + pragmatists - 1)`.
    pub split_discount: Probability,
}
}

impl Default for Factions {
    fn default() -> Self {
        Factions {
            hardliners: Probability(0.5),
            division: Probability(0.0),
            sensitivity: Probability(0.5),
            gain_per_absorbed: Probability(0.03),
            calm_drift: Probability(0.01),
            split_discount: Probability(0.5),
        }
    }
}

impl Factions {
    /// The diplomatic wing's day-0 weight.
    pub fn pragmatists_day0(&self) -> f64 {
        (1.0 - self.hardliners.get() + self.division.get()).min(1.0)
    }
}

/// The weights of a state's two wings, each in [0, 1] (seeds 001 and 002).
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub(crate) struct FactionBalance {
    /// The hardline (reciprocity) wing.
    pub hardliners: f64,
    /// The pragmatic (diplomatic) wing.
    pub pragmatists: f64,
}

impl FactionBalance {
    /// The wings on day 0.
    pub fn day0(p: &Factions) -> Self {
        FactionBalance {
            hardliners: p.hardliners.get(),
            pragmatists: p.pragmatists_day0(),
        }
    }

    /// How far the two wings together exceed one voice: `max(0, h + d - 1)` in [0, 1].
    pub fn split(&self) -> f64 {
        (self.hardliners + self.pragmatists - 1.0).clamp(0.0, 1.0)
    }

    /// Moves `weight` from the pragmatists to the hardliners (an absorbed attack).
    pub fn harden(&mut self, weight: f64) {
        self.hardliners = (self.hardliners + weight).min(1.0);
        self.pragmatists = (self.pragmatists - weight).max(0.0);
    }
}

/// Gives states their day-0 wings.
pub(crate) fn setup(s: &mut Setup) {
    s.on_states(|p, _| FactionBalance::day0(&p.factions));
}

/// The hardliners' multiplier on escalatory probabilities: `1 + sensitivity*(2h - 1)`.
pub(crate) fn factor(f: &FactionBalance, p: &StateParams, rules: &Rules) -> f64 {
    if !rules.mechanisms.factions {
        return 1.0;
    }
    1.0 + p.factions.sensitivity.get() * (2.0 * f.hardliners - 1.0)
}

/// The pragmatists' multiplier on conciliatory probabilities: `1 + sensitivity*(2d - 1)`
/// (the mirror `2 - factor` when the wings sum to 1).
pub(crate) fn conciliation(f: &FactionBalance, p: &StateParams, rules: &Rules) -> f64 {
    if !rules.mechanisms.factions {
        return 1.0;
    }
    1.0 + p.factions.sensitivity.get() * (2.0 * f.pragmatists - 1.0)
}

/// The state's credibility as its adversaries read it: discounted for the visible split
/// of its wings.
pub(crate) fn read_credibility(
    credibility: f64,
    f: &FactionBalance,
    p: &StateParams,
    rules: &Rules,
) -> f64 {
    if !rules.mechanisms.factions {
        return credibility;
    }
    credibility * (1.0 - p.factions.split_discount.get() * f.split())
}

/// Each wing drifts back towards its day-0 weight.
pub(crate) fn drift(mind: &mut StateMindItem, p: &StateParams, rules: &Rules) {
    if rules.mechanisms.factions {
        let home = FactionBalance::day0(&p.factions);
        let k = p.factions.calm_drift.get();
        let f = &mut *mind.factions;
        f.hardliners += k * (home.hardliners - f.hardliners);
        f.pragmatists += k * (home.pragmatists - f.pragmatists);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_wing_weighs_escalation_the_other_conciliation_and_their_split_shows() {
        let rules = Rules::default();
        let mut p = StateParams::default();
        p.factions.sensitivity = Probability(1.0);
        let mirror = FactionBalance::day0(&Factions {
            hardliners: Probability(0.8),
            ..Factions::default()
        });
        assert!(
            (conciliation(&mirror, &p, &rules) - (2.0 - factor(&mirror, &p, &rules))).abs() < 1e-12
        );
        let divided = FactionBalance {
            hardliners: 0.8,
            pragmatists: 0.8,
        };
        assert!(factor(&divided, &p, &rules) > 1.0 && conciliation(&divided, &p, &rules) > 1.0);
        assert!(divided.split() > mirror.split());
        let c = 0.6;
        assert!(
            read_credibility(c, &divided, &p, &rules) < read_credibility(c, &mirror, &p, &rules)
        );
        let united = FactionBalance {
            hardliners: 1.0,
            pragmatists: 0.0,
        };
        assert_eq!(read_credibility(c, &united, &p, &rules), c);
        let mut hardened = mirror;
        hardened.harden(0.1);
        assert!(
            hardened.hardliners > mirror.hardliners && hardened.pragmatists < mirror.pragmatists
        );
    }
}
