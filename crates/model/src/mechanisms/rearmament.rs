//! Rearmament in Richardson's form (MODEL.md 5.1; seeds 000 and 001: both sides use a
//! truce to replenish their stockpiles).
//!
//! For a state's arsenal x and the sum y of its hostile states' arsenals,
//! `dx/dt = k*y - a*x + g`, stepped once a day with yesterday's arsenals on both sides,
//! so that who is updated first never matters. Sanctions take a share of the production
//! term `k*y + g`; a state that feels existentially threatened claws part of it back
//! (seed 001) by drawing on its economic reserves, which sanctions drain every day: once
//! the reserves are gone, the shift stops ("economic coercion diminishes an adversary's
//! total capital reserves"; the threatened state "will allocate its remaining scarce
//! resources toward military adaptation"). Sanctions can also move with the state's
//! conduct during a truce: relief for each compliant day, tightening for each violation
//! its adversary perceives (seed 002: the diplomatic wing offers "sanctions relief ... in
//! exchange for maritime compliance").

use bevy_ecs::prelude::*;

use crate::components::{Actor, Arsenal, Initial, Sponsor, StateProfile};
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::ceasefire::{Truce, TruceStatus};
use crate::mechanisms::fresh;
use crate::mechanisms::intelligence::Perception;
use crate::mechanisms::proxy_decisions::ProxyState;
use crate::outcomes::{Outcome, OutcomeKind, Tally};
use crate::params::{Amount, MunitionType, Munitions, Probability, StateParams, serde_block};
use crate::roster::{Kind, Rules, SharedRoster};
use crate::schedule::DaySystems;
use crate::setup::Setup;
use crate::theatre::ActorIx;

serde_block! {
/// Rearmament in Richardson's form, `dx/dt = k*y - a*x + g` (MODEL.md section 5.1), with
/// x this state's arsenal and y the sum of its hostile states' arsenals, stepped once a
/// day.
pub struct Rearmament {
    /// k: munitions added per day per munition the adversaries hold (reaction).
    pub reaction: Amount,
    /// a: share of its own arsenal a state retires or loses per day (burden, fatigue).
    pub burden: Probability,
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
            burden: Probability(0.002),
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
    /// Economic reserves on day 0, in units of the reserves that a year of full
    /// sanctions drains (1: one year's worth).
    pub reserves: Amount,
    /// Reserves drained per day at full sanctions (in proportion to the sanctions level).
    pub sanctions_drain: Amount,
    /// Reserves the shift to the military draws per day while it is on, at full
    /// sanctions and full shift (in proportion to `sanctions * military_shift`); the shift
    /// stops when the reserves are gone.
    pub shift_draw: Amount,
    /// Sanctions relief per day the truce holds without a violation by this state that
    /// its adversary perceives (seed 002: relief offered for compliance).
    pub relief_per_compliant_day: Probability,
    /// Sanctions added per violation by this state that its adversary perceives.
    pub tighten_per_violation: Probability,
}
}

impl Default for Economy {
    fn default() -> Self {
        Economy {
            sanctions: Probability(0.0),
            existential_threshold: Probability(0.6),
            military_shift: Probability(0.5),
            reserves: Amount(1.0),
            sanctions_drain: Amount(1.0 / 365.0),
            shift_draw: Amount(4.0 / 365.0),
            relief_per_compliant_day: Probability(0.0),
            tighten_per_violation: Probability(0.0),
        }
    }
}

/// The share of military output sanctions currently take away.
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub(crate) struct Sanctions(pub f64);

/// A state's economic reserves (seed 001), in the unit of `economy.reserves`.
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub(crate) struct Reserves(pub f64);

/// Each state's arsenal growth today from production, as a share of its arsenal before
/// it (by actor index): what an adversary watching the truce can see of its rearmament.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub(crate) struct Rearmed(pub Vec<f64>);

/// The states' arsenals together on day 0.
pub(crate) static ARSENAL_START: Outcome =
    Outcome::at_end("arsenal_start", OutcomeKind::Amount, |w| {
        Some(state_arsenals(w).0)
    });
/// The states' arsenals together at the horizon.
pub(crate) static ARSENAL_END: Outcome = Outcome::at_end("arsenal_end", OutcomeKind::Amount, |w| {
    Some(state_arsenals(w).1)
});
/// The states' reserves together at the horizon.
pub(crate) static RESERVES_END: Outcome =
    Outcome::at_end("reserves_end", OutcomeKind::Amount, |w| {
        let mut q = w.try_query::<&Reserves>()?;
        Some(q.iter(w).map(|r| r.0).sum())
    });
/// State-days on which the shift to the military under existential threat was on.
pub(crate) static MILITARY_SHIFT_DAYS: Outcome = Outcome::count("military_shift_days");
/// The states' sanctions levels together at the horizon.
pub(crate) static SANCTIONS_END: Outcome =
    Outcome::at_end("sanctions_end", OutcomeKind::Amount, |w| {
        let mut q = w.try_query::<&Sanctions>()?;
        Some(q.iter(w).map(|s| s.0).sum())
    });
pub(crate) static OUTCOMES: &[&Outcome] = &[
    &ARSENAL_START,
    &ARSENAL_END,
    &RESERVES_END,
    &MILITARY_SHIFT_DAYS,
    &SANCTIONS_END,
];

/// Gives states their sanctions level and steps their arsenals first thing in the day.
pub(crate) fn setup(s: &mut Setup) {
    s.on_states(|p, _| Sanctions(p.economy.sanctions.get()));
    s.on_states(|p, _| Reserves(p.economy.reserves.get()));
    s.resource(Rearmed(vec![0.0; s.theatre.actors.len()]));
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

/// Steps every state's economy and arsenal by one day: sanctions move with yesterday's
/// conduct under the truce, reserves drain, and Richardson dynamics.
#[expect(
    clippy::too_many_arguments,
    reason = "a system's parameters are the data it declares it reads and writes"
)]
pub(crate) fn rearm_states(
    calendar: Res<Calendar>,
    roster: Local<SharedRoster>,
    truce: Res<Truce>,
    mut rearmed: ResMut<Rearmed>,
    mut states: Query<(
        &Actor,
        &StateProfile,
        &mut Arsenal,
        &mut Sanctions,
        &mut Reserves,
        &Perception,
    )>,
    proxies: Query<(&Sponsor, &ProxyState)>,
    mut tallies: MessageWriter<Tally>,
    mut scratch: Local<(Vec<f64>, Vec<f64>)>,
) {
    let rules = &roster.rules;
    let rearmed = fresh(&mut rearmed.0, roster.len(), 0.0);
    if !rules.mechanisms.rearmament {
        return;
    }
    let (totals, degradation) = &mut *scratch;
    let totals = fresh(totals, roster.len(), 0.0);
    for (actor, _, arsenal, _, _, _) in &states {
        totals[actor.ix.0 as usize] = arsenal.0.total();
    }
    let degradation = fresh(degradation, roster.len(), 0.0);
    for (sponsor, proxy) in &proxies {
        degradation[sponsor.patron.0 as usize] += 1.0 - proxy.strength;
    }
    for (actor, profile, mut arsenal, mut sanctions, mut reserves, perception) in &mut states {
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
        if rules.mechanisms.sanctions {
            sanctions.0 = conduct(sanctions.0, actor.ix, calendar.day, &truce, p);
        }
        let (output, shifted) = economy(sanctions.0, threat, &mut reserves.0, p, rules);
        if shifted {
            tallies.write(Tally::one(&MILITARY_SHIFT_DAYS));
        }
        let x = arsenal.0.total();
        let production =
            output * (p.rearmament.reaction.get() * adversaries + p.rearmament.ambition.get());
        let retired = p.rearmament.burden.get() * x;
        arsenal.0 = step(&arsenal.0, production, retired, &p.rearmament.mix);
        rearmed[actor.ix.0 as usize] = if x > 0.0 { production / x } else { 0.0 };
    }
}

/// Sanctions after yesterday's conduct under a holding truce: relief for a day without a
/// violation the adversary perceived, tightening for each one it perceived.
fn conduct(sanctions: f64, s: ActorIx, today: u32, truce: &Truce, p: &StateParams) -> f64 {
    let e = &p.economy;
    let Some(party) = truce.party_of(s) else {
        return sanctions;
    };
    if today == 0 || truce.status != TruceStatus::Holding {
        return sanctions;
    }
    let yesterday = today - 1;
    let violations: f64 = truce.perceived[1 - party]
        .iter()
        .filter(|(d, _)| *d == yesterday)
        .map(|(_, w)| w)
        .sum();
    let next = if violations > 0.0 {
        sanctions + e.tighten_per_violation.get() * violations
    } else {
        sanctions - e.relief_per_compliant_day.get()
    };
    next.clamp(0.0, 1.0)
}

/// The day's economy: the share of production that reaches the military, and whether the
/// shift under existential threat was on. Sanctions take their share and drain the
/// reserves; an existentially threatened state with reserves left shifts part of the
/// sanctioned output back, drawing the reserves down further.
fn economy(
    sanctions: f64,
    threat: f64,
    reserves: &mut f64,
    p: &StateParams,
    rules: &Rules,
) -> (f64, bool) {
    if !rules.mechanisms.sanctions {
        return (1.0, false);
    }
    let e = &p.economy;
    let threatened = threat >= e.existential_threshold.get();
    let shifting = threatened && *reserves > 0.0 && sanctions > 0.0;
    let shift = if shifting {
        e.military_shift.get()
    } else {
        0.0
    };
    let drawn = if rules.mechanisms.reserves {
        e.sanctions_drain.get() * sanctions + e.shift_draw.get() * sanctions * shift
    } else {
        0.0
    };
    *reserves = (*reserves - drawn).max(0.0);
    (1.0 - sanctions * (1.0 - shift), shifting && shift > 0.0)
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

    #[test]
    fn sanctions_drain_reserves_and_the_shift_stops_when_they_are_gone() {
        let mut p = StateParams::default();
        p.economy.existential_threshold = Probability(0.5);
        p.economy.military_shift = Probability(0.5);
        let rules = Rules::default();
        let mut reserves = 0.02;
        let (out, shifted) = economy(0.6, 0.9, &mut reserves, &p, &rules);
        assert!(shifted && (out - (1.0 - 0.6 * 0.5)).abs() < 1e-12);
        assert!(
            reserves < 0.02,
            "the shift and the sanctions draw on the reserves"
        );
        for _ in 0..10 {
            economy(0.6, 0.9, &mut reserves, &p, &rules);
        }
        assert_eq!(reserves, 0.0);
        let (out, shifted) = economy(0.6, 0.9, &mut reserves, &p, &rules);
        assert!(
            !shifted && (out - 0.4).abs() < 1e-12,
            "no reserves, no shift"
        );
        let mut calm = 1.0;
        economy(0.6, 0.0, &mut calm, &p, &rules);
        let mut harsh = 1.0;
        economy(0.9, 0.0, &mut harsh, &p, &rules);
        assert!(harsh < calm && calm < 1.0, "harsher sanctions drain faster");
    }
}
