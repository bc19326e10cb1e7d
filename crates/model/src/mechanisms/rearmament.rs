//! Rearmament in Richardson's form (MODEL.md 5.1; seeds 000 and 001: both sides use a
//! truce to replenish their stockpiles).
//!
//! For a state's arsenal x and the sum y of its hostile states' arsenals,
//! `dx/dt = k*y - a*x + g`, stepped once a day with yesterday's arsenals on both sides,
//! so that who is updated first never matters. Sanctions take a share of the production
//! term `k*y + g`; a state that feels existentially threatened claws part of it back
//! (seed 001).

use bevy_ecs::prelude::*;

use crate::components::{Actor, Arsenal, Perception, ProxyState, Sanctions, Sponsor, StateProfile};
use crate::params::{MunitionType, Munitions};
use crate::resources::{Kind, Roster, Rules};
use crate::systems::fresh;

/// Steps every state's arsenal by one day of Richardson dynamics.
pub fn rearm_states(
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
fn output_share(sanctions: f64, threat: f64, p: &crate::params::StateParams, rules: &Rules) -> f64 {
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
