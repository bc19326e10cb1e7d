//! Rearmament in Richardson's form (MODEL.md 5.1; seeds 000 and 001: both sides use a
//! truce to replenish their stockpiles).
//!
//! For a state's arsenal x and the sum y of its hostile states' arsenals,
//! `dx/dt = k*y - a*x + g`, stepped once a day with yesterday's arsenals on both sides,
//! so that who is updated first never matters. Sanctions take a share of the production
//! term `k*y + g`; a state that feels existentially threatened claws part of it back
//! (seed 001).

use bevy_ecs::prelude::*;

use crate::components::{Actor, Arsenal, Initial, Sponsor, StateProfile};
use crate::mechanisms::fresh;
use crate::mechanisms::intelligence::Perception;
use crate::mechanisms::proxy_decisions::ProxyState;
use crate::outcomes::{Outcome, OutcomeKind};
use crate::params::{Amount, MunitionType, Munitions, Probability, StateParams, serde_block};
use crate::roster::{Kind, Roster, Rules};
use crate::schedule::DaySystems;
use crate::setup::Setup;

serde_block! {
/// Rearmament in Richardson's form, `dx/dt = k*y - a*x + g` (MODEL.md section 5.1), with
/// x this state's arsenal and y the sum of its hostile states' arsenals, stepped once a
/// day.
pub struct Rearmament {
    /// k: munitions added per day per munition the adversaries hold (reaction).
    pub reaction: Amount,
    /// a: share of its own arsenal a state retires or loses per day (burden, fatigue).
    pub burden: Amount,
    /// g: munitions added per day whatever the adversary does (grievance, ambition).
    pub ambition: Amount,
    /// How new production splits across types; need not sum to 1 (it is normalised).
    pub mix: Munitions,
}
}

impl Default for Rearmament {
    fn default() -> Self {
        Rearmament {
            reaction: Amount(0.0),
            burden: Amount(0.002),
            ambition: Amount(0.0),
            mix: Munitions::new(0.3, 0.2, 0.5),
        }
    }
}

serde_block! {
/// The economy behind rearmament (seed 001: sanctions lower output, but a state that
/// feels existentially threatened shifts what it has left to the military).
pub struct Economy {
    /// Share of military output lost to sanctions.
    pub sanctions: Probability,
    /// Perceived threat (or proxy degradation) at or above which the state feels
    /// existentially threatened.
    pub existential_threshold: Probability,
    /// Share of the sanctioned output that a threatened state claws back for the military.
    pub military_shift: Probability,
}
}

impl Default for Economy {
    fn default() -> Self {
        Economy {
            sanctions: Probability(0.0),
            existential_threshold: Probability(0.6),
            military_shift: Probability(0.5),
        }
    }
}

/// The share of military output sanctions currently take away.
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub(crate) struct Sanctions(pub f64);

/// The states' arsenals together on day 0.
pub(crate) static ARSENAL_START: Outcome =
    Outcome::at_end("arsenal_start", OutcomeKind::Amount, |w| {
        Some(state_arsenals(w).0)
    });
/// The states' arsenals together at the horizon.
pub(crate) static ARSENAL_END: Outcome = Outcome::at_end("arsenal_end", OutcomeKind::Amount, |w| {
    Some(state_arsenals(w).1)
});
pub(crate) static OUTCOMES: &[&Outcome] = &[&ARSENAL_START, &ARSENAL_END];

/// Gives states their sanctions level and steps their arsenals first thing in the day.
pub(crate) fn setup(s: &mut Setup) {
    s.on_states(|p, _| Sanctions(p.economy.sanctions.get()));
    s.systems(rearm_states.in_set(DaySystems::Supply));
}

/// The states' arsenals together, on day 0 and now.
fn state_arsenals(world: &World) -> (f64, f64) {
    let Some(mut q) =
        world.try_query_filtered::<(&Arsenal, &Initial<Arsenal>), With<StateProfile>>()
    else {
        return (0.0, 0.0);
    };
    q.iter(world).fold((0.0, 0.0), |(start, end), (now, then)| {
        (start + then.0.0.total(), end + now.0.total())
    })
}

/// Steps every state's arsenal by one day of Richardson dynamics.
pub(crate) fn rearm_states(
    roster: Res<Roster>,
    mut states: Query<(&Actor, &StateProfile, &mut Arsenal, &Sanctions, &Perception)>,
    proxies: Query<(&Sponsor, &ProxyState)>,
    mut scratch: Local<(Vec<f64>, Vec<f64>)>,
) {
    let rules = &roster.rules;
    if !rules.mechanisms.rearmament {
        return;
    }
    let (totals, degradation) = &mut *scratch;
    let totals = fresh(totals, roster.len(), 0.0);
    for (actor, _, arsenal, _, _) in &states {
        totals[actor.ix.0 as usize] = arsenal.0.total();
    }
    let degradation = fresh(degradation, roster.len(), 0.0);
    for (sponsor, proxy) in &proxies {
        degradation[sponsor.patron.0 as usize] += 1.0 - proxy.strength;
    }
    for (actor, profile, mut arsenal, sanctions, perception) in &mut states {
        let p = &profile.0;
        let adversaries: f64 = roster.adversaries[actor.ix.0 as usize]
            .iter()
            .filter(|b| roster.actor(**b).kind == Kind::State)
            .map(|b| totals[b.0 as usize])
            .sum();
        let n_proxies = roster.proxies[actor.ix.0 as usize].len().max(1) as f64;
        let threat = perception
            .threat
            .iter()
            .copied()
            .fold(degradation[actor.ix.0 as usize] / n_proxies, f64::max);
        let output = output_share(sanctions.0, threat, p, rules);
        let x = arsenal.0.total();
        let production =
            output * (p.rearmament.reaction.get() * adversaries + p.rearmament.ambition.get());
        let retired = p.rearmament.burden.get() * x;
        arsenal.0 = step(&arsenal.0, production, retired, &p.rearmament.mix);
    }
}

/// The share of production that reaches the military: sanctions take their share, and
/// an existentially threatened state shifts part of the rest back.
fn output_share(sanctions: f64, threat: f64, p: &StateParams, rules: &Rules) -> f64 {
    if !rules.mechanisms.sanctions {
        return 1.0;
    }
    let threatened = threat >= p.economy.existential_threshold.get();
    let shift = if threatened {
        p.economy.military_shift.get()
    } else {
        0.0
    };
    1.0 - sanctions * (1.0 - shift)
}

/// Adds `production` split by `mix` and retires `retired` in proportion to holdings.
fn step(arsenal: &Munitions, production: f64, retired: f64, mix: &Munitions) -> Munitions {
    let total = arsenal.total();
    let mix_total = mix.total();
    let mut next = *arsenal;
    for kind in MunitionType::ALL {
        let share_new = if mix_total > 0.0 {
            mix.get(kind) / mix_total
        } else {
            1.0 / 3.0
        };
        let share_old = if total > 0.0 {
            arsenal.get(kind) / total
        } else {
            0.0
        };
        next.set(
            kind,
            arsenal.get(kind) + production * share_new - retired * share_old,
        );
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_adds_by_mix_and_retires_in_proportion() {
        let arsenal = Munitions::new(10.0, 0.0, 30.0);
        let next = step(&arsenal, 4.0, 8.0, &Munitions::new(1.0, 1.0, 0.0));
        assert!((next.ballistic.get() - (10.0 + 2.0 - 2.0)).abs() < 1e-12);
        assert!((next.cruise.get() - 2.0).abs() < 1e-12);
        assert!((next.loitering.get() - (30.0 - 6.0)).abs() < 1e-12);
    }
}
