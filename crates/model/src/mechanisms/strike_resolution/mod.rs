//! Strike resolution (MODEL.md 5.5; seeds 001 and 002).
//!
//! Each order is one wave on one target. The defenders of the target (the target's owner
//! and the sovereign of the soil it stands on) engage it with their layers in order.
//! Munitions arrive drones first, then cruise, then ballistic missiles; a layer engages
//! what its kill probabilities allow, up to its stock and its engagements per wave; what
//! it cannot engage passes to the next layer (saturation), and what no layer stops leaks.
//! Every wave one attacker sends in a day is one raid: a layer's engagements per wave are
//! shared by all of them, so spreading a package over many targets saturates the defence
//! rather than meeting it fresh at every target (seed 001's saturation wave). Leakers
//! damage the target by type and hardness; interceptions over a host's populated soil
//! cause debris damage. The ledger keeps both sides' spending.

mod air_defence;

use bevy_ecs::prelude::*;

pub use air_defence::DefenceLayer;
pub(crate) use air_defence::expected_leakers;
use air_defence::{Profiles, Raid, defend};

use crate::components::{Arsenal, AssetProfile, Health, Interceptors, MilitiaProfile};
use crate::dice::{Purpose, Roll, Subject};
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::escalation_utility::UNPROVOKED_STRIKES;
use crate::mechanisms::preemption::{FIRST_PREEMPTION_DAY, PREEMPTIONS};
use crate::mechanisms::proxy_decisions::ProxyState;
use crate::messages::{Chronicle, StrikeKind, StrikeOrder, StrikeReport, StrikeTarget};
use crate::outcomes::{Outcome, OutcomeKind, Tally};
use crate::params::{Munitions, serde_block};
use crate::roster::{Kind, Roster};
use crate::schedule::DaySystems;
use crate::setup::Setup;
use crate::theatre::{ActorIx, AssetKind, TerritoryIx};

serde_block! {
/// What an actor's munitions cost and what they do when they leak through.
pub struct MunitionProfile {
    /// Unit cost in US dollars by type (defaults: ballistic 1.5M, cruise 1M, loitering 35k;
    /// a Shahed-class drone is 20k-50k by CSIS, seed 002 says "a twenty-thousand-dollar drone").
    pub unit_cost: Munitions,
    /// Damage one leaker does to an asset of hardness 1, as a share of the asset's health
    /// (defaults: ballistic 0.35, cruise 0.25, loitering 0.08).
    pub damage: Munitions,
}
}

impl Default for MunitionProfile {
    fn default() -> Self {
        MunitionProfile {
            unit_cost: Munitions::new(1_500_000.0, 1_000_000.0, 35_000.0),
            damage: Munitions::new(0.35, 0.25, 0.08),
        }
    }
}

/// Strikes that landed on each actor, today and yesterday (what militias' grievance and
/// hosts' willingness react to).
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub(crate) struct Hits {
    /// Strikes today, by actor.
    pub today: Vec<u32>,
    /// Strikes yesterday, by actor.
    pub yesterday: Vec<u32>,
}

/// Spending, damage and interception tallies, by actor and in total.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub(crate) struct Ledger {
    /// Dollars spent on munitions fired, by actor.
    pub attack_spending: Vec<f64>,
    /// Dollars spent on interceptors, by actor.
    pub defence_spending: Vec<f64>,
    /// Interceptors spent today, by actor (host budget strain).
    pub defence_spending_today: Vec<f64>,
    /// Value destroyed, by owner.
    pub damage: Vec<f64>,
    /// Debris damage on each actor's soil, in dollars.
    pub debris: Vec<f64>,
    /// Munitions intercepted, by type.
    pub intercepted: Munitions,
    /// Munitions that leaked, by type.
    pub leaked: Munitions,
    /// Strikes (waves) resolved.
    pub strikes: u32,
    /// Munitions fired in all strikes.
    pub fired: f64,
    /// Bases destroyed.
    pub bases_lost: u32,
}

/// Adds the ledger and the day's hits, and resolves the day's strikes after the decisions.
pub(crate) fn setup(s: &mut Setup) {
    let n = s.theatre.actors.len();
    s.resource(Hits {
        today: vec![0; n],
        yesterday: vec![0; n],
    });
    s.resource(Ledger {
        attack_spending: vec![0.0; n],
        defence_spending: vec![0.0; n],
        defence_spending_today: vec![0.0; n],
        damage: vec![0.0; n],
        debris: vec![0.0; n],
        ..Ledger::default()
    });
    s.systems(resolve_strikes.in_set(DaySystems::StrikeResolution));
}

fn ledger(w: &World) -> &Ledger {
    w.resource::<Ledger>()
}

/// Dollars spent on munitions fired, all actors.
pub(crate) static ATTACK_SPENDING: Outcome =
    Outcome::at_end("attack_spending", OutcomeKind::Amount, |w| {
        Some(ledger(w).attack_spending.iter().sum())
    });
/// Dollars spent on interceptors, all actors.
pub(crate) static DEFENCE_SPENDING: Outcome =
    Outcome::at_end("defence_spending", OutcomeKind::Amount, |w| {
        Some(ledger(w).defence_spending.iter().sum())
    });
/// Defence spending per dollar of attack spending, when anything was fired.
pub(crate) static COST_EXCHANGE_RATIO: Outcome =
    Outcome::at_end("cost_exchange_ratio", OutcomeKind::Ratio, |w| {
        let attack: f64 = ledger(w).attack_spending.iter().sum();
        let defence: f64 = ledger(w).defence_spending.iter().sum();
        (attack > 0.0).then(|| defence / attack)
    });
/// Value destroyed, in dollars.
pub(crate) static DAMAGE: Outcome = Outcome::at_end("damage", OutcomeKind::Amount, |w| {
    Some(ledger(w).damage.iter().sum())
});
/// Debris damage on hosts' soil, in dollars.
pub(crate) static DEBRIS_DAMAGE: Outcome =
    Outcome::at_end("debris_damage", OutcomeKind::Amount, |w| {
        Some(ledger(w).debris.iter().sum())
    });
/// Bases destroyed.
pub(crate) static BASES_LOST: Outcome = Outcome::at_end("bases_lost", OutcomeKind::Count, |w| {
    Some(f64::from(ledger(w).bases_lost))
});
/// Strike waves resolved.
pub(crate) static STRIKES: Outcome = Outcome::at_end("strikes", OutcomeKind::Count, |w| {
    Some(f64::from(ledger(w).strikes))
});
/// Ballistic missiles intercepted.
pub(crate) static INTERCEPTED_BALLISTIC: Outcome =
    Outcome::at_end("intercepted_ballistic", OutcomeKind::Amount, |w| {
        Some(ledger(w).intercepted.ballistic.get())
    });
/// Cruise missiles intercepted.
pub(crate) static INTERCEPTED_CRUISE: Outcome =
    Outcome::at_end("intercepted_cruise", OutcomeKind::Amount, |w| {
        Some(ledger(w).intercepted.cruise.get())
    });
/// Loitering munitions intercepted.
pub(crate) static INTERCEPTED_LOITERING: Outcome =
    Outcome::at_end("intercepted_loitering", OutcomeKind::Amount, |w| {
        Some(ledger(w).intercepted.loitering.get())
    });
/// Interceptors fired by every defender.
pub(crate) static INTERCEPTORS_FIRED: Outcome = Outcome::amount("interceptors_fired");
/// Munitions that leaked through the defence.
pub(crate) static LEAKED: Outcome = Outcome::at_end("leaked", OutcomeKind::Amount, |w| {
    Some(ledger(w).leaked.total())
});
/// Share of the munitions that met a defence and got through, when any did.
pub(crate) static LEAK_SHARE: Outcome = Outcome::at_end("leak_share", OutcomeKind::Ratio, |w| {
    let l = ledger(w);
    let met = l.leaked.total() + l.intercepted.total();
    (met > 0.0).then(|| l.leaked.total() / met)
});
/// Munitions fired in all strikes.
pub(crate) static MUNITIONS_FIRED: Outcome =
    Outcome::at_end("munitions_fired", OutcomeKind::Amount, |w| {
        Some(ledger(w).fired)
    });
pub(crate) static OUTCOMES: &[&Outcome] = &[
    &ATTACK_SPENDING,
    &DEFENCE_SPENDING,
    &COST_EXCHANGE_RATIO,
    &DAMAGE,
    &DEBRIS_DAMAGE,
    &BASES_LOST,
    &STRIKES,
    &INTERCEPTED_BALLISTIC,
    &INTERCEPTED_CRUISE,
    &INTERCEPTED_LOITERING,
    &INTERCEPTORS_FIRED,
    &LEAKED,
    &LEAK_SHARE,
    &MUNITIONS_FIRED,
];

/// Resolves every wave ordered today, in an order that depends only on the waves.
///
/// Longer than most: one wave's path (cost, defence, damage, debris, report) is kept in
/// one loop so that the order of its draws reads from top to bottom.
#[expect(
    clippy::too_many_arguments,
    reason = "a system's parameters are the data it declares it reads and writes"
)]
pub(crate) fn resolve_strikes(
    calendar: Res<Calendar>,
    roster: Res<Roster>,
    mut ledger: ResMut<Ledger>,
    mut hits: ResMut<Hits>,
    mut orders: MessageReader<StrikeOrder>,
    mut chronicle: Chronicle,
    mut reports: MessageWriter<StrikeReport>,
    profiles: Profiles,
    mut stocks: Query<&mut Interceptors>,
    mut struck: Struck,
    mut raid: Local<Raid>,
) {
    let mut waves: Vec<StrikeOrder> = orders.read().cloned().collect();
    // Sorted so that which wave meets full interceptor stocks never depends on the order
    // systems or queries happened to write them.
    waves.sort_by(|a, b| {
        (a.attacker, a.kind, a.target, a.against)
            .cmp(&(b.attacker, b.kind, b.target, b.against))
            .then(a.salvo.total().total_cmp(&b.salvo.total()))
    });
    // A raid is one attacker's waves of one day: a new day finds every layer fresh
    // (`begin` clears the engagements left once the attacker is not yesterday's).
    raid.attacker = None;
    for (k, order) in waves.into_iter().enumerate() {
        raid.begin(order.attacker);
        let mut roll = calendar.roll(Subject::item(2, k), Purpose::Interception);
        let attacker_profile = munition_profile(&profiles, roster.actor(order.attacker).entity);
        let attack_cost = order.salvo.dot(&attacker_profile.unit_cost);
        ledger.attack_spending[order.attacker.0 as usize] += attack_cost;
        ledger.strikes += 1;
        ledger.fired += order.salvo.total();
        match order.kind {
            StrikeKind::Unprovoked => chronicle.count(&UNPROVOKED_STRIKES),
            StrikeKind::Preemption => {
                chronicle.count(&PREEMPTIONS);
                chronicle.count(&FIRST_PREEMPTION_DAY);
            }
            _ => {}
        }

        let (victim, location) = match order.target {
            StrikeTarget::Asset(a) => (roster.asset(a).owner, roster.asset(a).location),
            StrikeTarget::Forces(m) => (m, roster.actor(m).territory),
        };
        let sovereign = roster.sovereign(location);
        let mut incoming = order.salvo;
        // Militia forces have no air defence: what hits them did not "leak" through one.
        let defended = matches!(order.target, StrikeTarget::Asset(_));
        let defence = if roster.rules.mechanisms.air_defence && defended {
            defend(
                (victim, location),
                &mut incoming,
                (&roster, &profiles),
                &mut stocks,
                (&mut raid, &mut ledger),
                &mut roll,
            )
        } else {
            Default::default()
        };
        ledger.intercepted = ledger.intercepted + defence.intercepted;
        if defence.interceptors > 0.0 {
            chronicle.tally(Tally::of(&INTERCEPTORS_FIRED, defence.interceptors));
        }
        if defended {
            ledger.leaked = ledger.leaked + incoming;
        }
        let hit = Hit {
            target: order.target,
            kind: order.kind,
            leaked: incoming,
            damage: attacker_profile.damage,
        };
        let (damage, destroyed) = struck.land(&hit, &roster, &mut ledger);
        ledger.damage[victim.0 as usize] += damage;

        let debris = debris(
            (&roster, &profiles),
            sovereign,
            location,
            &defence.intercepted,
            &mut calendar.roll(Subject::item(3, k), Purpose::Debris),
        );
        if let Some(h) = sovereign {
            ledger.debris[h.0 as usize] += debris;
        }
        hits.today[victim.0 as usize] += 1;
        if let Some(h) = sovereign.filter(|h| *h != victim) {
            hits.today[h.0 as usize] += 1;
        }
        reports.write(StrikeReport {
            order,
            victim,
            location,
            sovereign,
            intercepted: defence.intercepted,
            leaked: incoming,
            interceptors: defence.interceptors,
            attack_cost,
            defence_cost: defence.cost,
            damage,
            debris,
            destroyed,
        });
    }
}

/// What got through to a target.
struct Hit {
    target: StrikeTarget,
    kind: StrikeKind,
    leaked: Munitions,
    /// The attacker's damage per leaker, by type.
    damage: Munitions,
}

/// What strikes land on: assets, and militias' forces.
#[derive(bevy_ecs::system::SystemParam)]
pub(crate) struct Struck<'w, 's> {
    assets: Query<'w, 's, (&'static AssetProfile, &'static mut Health)>,
    forces: Query<
        'w,
        's,
        (
            &'static MilitiaProfile,
            &'static mut ProxyState,
            &'static mut Arsenal,
        ),
    >,
}

impl Struck<'_, '_> {
    /// Damages the target by what leaked, by type and hardness: `(value destroyed, whether
    /// the target was destroyed)`. A militia loses strength instead, and a pre-emptive hit
    /// breaks off the attack it was preparing.
    fn land(&mut self, hit: &Hit, roster: &Roster, ledger: &mut Ledger) -> (f64, bool) {
        match hit.target {
            StrikeTarget::Asset(a) => {
                let Ok((asset, mut health)) = self.assets.get_mut(roster.asset(a).entity) else {
                    return (0.0, false);
                };
                let before = health.0;
                health.0 =
                    (before - hit.leaked.dot(&hit.damage) / asset.hardness.max(1e-9)).max(0.0);
                let destroyed = before > 0.0 && health.0 <= 0.0;
                if destroyed && asset.kind == AssetKind::Base {
                    ledger.bases_lost += 1;
                }
                (asset.value * (before - health.0), destroyed)
            }
            StrikeTarget::Forces(m) => {
                if let Ok((profile, mut proxy, mut arsenal)) =
                    self.forces.get_mut(roster.actor(m).entity)
                {
                    let loss = (hit.leaked.dot(&hit.damage) / profile.0.hardness.get().max(1e-9))
                        .min(proxy.strength);
                    degrade(
                        &mut proxy,
                        &mut arsenal,
                        loss,
                        hit.kind == StrikeKind::Preemption && hit.leaked.total() >= 1.0,
                    );
                }
                (0.0, false)
            }
        }
    }
}

fn munition_profile(profiles: &Profiles, entity: Entity) -> MunitionProfile {
    match profiles.get(entity) {
        Ok((Some(s), _, _)) => s.0.munitions.clone(),
        Ok((_, Some(m), _)) => m.0.munitions.clone(),
        _ => MunitionProfile::default(),
    }
}

/// A militia's loss of strength: command integrity and launchers go with it, and a
/// pre-emptive hit breaks off the attack being prepared.
fn degrade(proxy: &mut ProxyState, arsenal: &mut Arsenal, loss: f64, preempted: bool) {
    if loss <= 0.0 {
        return;
    }
    let share = loss / proxy.strength.max(1e-9);
    proxy.strength -= loss;
    proxy.recent_losses += loss;
    proxy.command_integrity = (proxy.command_integrity - loss).max(0.0);
    arsenal.0 = arsenal.0 * (1.0 - share.min(1.0));
    if preempted {
        proxy.preparing = None;
    }
}

/// Debris damage on a host's populated soil from the day's interceptions over it.
fn debris(
    (roster, profiles): (&Roster, &Profiles),
    sovereign: Option<ActorIx>,
    location: TerritoryIx,
    intercepted: &Munitions,
    roll: &mut Roll,
) -> f64 {
    let Some(host) = sovereign.filter(|h| roster.actor(*h).kind == Kind::Host) else {
        return 0.0;
    };
    if !roster.rules.mechanisms.debris || !roster.territories[location.0 as usize].populated {
        return 0.0;
    }
    let Ok((_, _, Some(profile))) = profiles.get(roster.actor(host).entity) else {
        return 0.0;
    };
    let falls = roll.binomial(intercepted.total() as u32, profile.0.debris_rate.get());
    f64::from(falls) * profile.0.debris_cost.get()
}
