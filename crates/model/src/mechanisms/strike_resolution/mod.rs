//! Strike resolution (MODEL.md 5.5; seeds 001 and 002).
//!
//! Each order is one wave on one target. A share of each type fails at launch or in
//! flight (reliability) and never reaches the defence. Forward defenders over the
//! territories the wave flies across engage it first, then the defenders of the target
//! (its owner and the sovereign of the soil it stands on), each with its layers in order.
//! Munitions arrive drones first, then cruise, then ballistic missiles; a layer engages
//! what its kill probabilities allow, up to its stock and its engagements per wave; what
//! it cannot engage passes to the next layer (saturation), and what no layer stops leaks.
//! Every wave one attacker sends in a day is one raid: a layer's engagements per wave are
//! shared by all of them, so spreading a package over many targets saturates the defence
//! rather than meeting it fresh at every target (seed 001's saturation wave). Leakers
//! damage the target by type and hardness; interceptions over any populated soil cause
//! debris damage there, by the soil owner's debris rate and cost. The ledger keeps both
//! sides' spending, and each layer's interceptions, shots and spending.
//!
//! The day's raids (each attacker's waves) meet the defence in an order drawn each day,
//! not in the order actors are declared: see [`raid_order`].

mod air_defence;

use bevy_ecs::prelude::*;

pub use air_defence::DefenceLayer;
pub(crate) use air_defence::{Airspace, expected_leakers};
use air_defence::{LayerUse, Profiles, Raid, defend, engagement_order};

use crate::components::{Arsenal, AssetProfile, Health, Interceptors, MilitiaProfile};
use crate::dice::{Purpose, Roll, Subject};
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::escalation_utility::UNPROVOKED_STRIKES;
use crate::mechanisms::preemption::{FIRST_PREEMPTION_DAY, PREEMPTIONS};
use crate::mechanisms::proxy_decisions::ProxyState;
use crate::messages::{Chronicle, StrikeKind, StrikeOrder, StrikeReport, StrikeTarget};
use crate::outcomes::{Outcome, OutcomeKind, Tally};
use crate::params::{Chances, MunitionType, Munitions, serde_block};
use crate::roster::{Roster, SharedRoster};
use crate::schedule::DaySystems;
use crate::setup::Setup;
use crate::theatre::{ActorIx, ActorKind, AssetKind, TerritoryIx};

serde_block! {
/// What an actor's munitions cost and what they do when they leak through.
pub struct MunitionProfile {
    /// Unit cost in US dollars by type (defaults: ballistic 1.5M, cruise 1M, loitering 35k;
    /// a Shahed-class drone is 20k-50k by CSIS, seed 002 says "a twenty-thousand-dollar drone").
    pub unit_cost: Munitions,
    /// Damage one leaker does to an asset of hardness 1, as a share of the asset's health
    /// (defaults: ballistic 0.35, cruise 0.25, loitering 0.08).
    pub damage: Munitions,
    /// Share of the munitions fired that launch and fly correctly, by type; the rest fail
    /// at launch or in flight, never reach a defence or a target, and are paid for all
    /// the same (default 1 for every type, an assumption: a scenario sets its attacker's
    /// record; US officials put about half of Iran's ballistic missiles of April 2024 as
    /// failed at launch or in flight, ABC News and Reuters).
    pub reliability: Chances,
}
}

impl Default for MunitionProfile {
    fn default() -> Self {
        MunitionProfile {
            unit_cost: Munitions::new(1_500_000.0, 1_000_000.0, 35_000.0),
            damage: Munitions::new(0.35, 0.25, 0.08),
            reliability: Chances::new(1.0, 1.0, 1.0),
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
    /// Debris damage on each actor's soil today, in dollars (host willingness).
    pub debris_today: Vec<f64>,
    /// Munitions that failed at launch or in flight, by type.
    pub launch_failures: Munitions,
    /// Every defence layer's tallies, owners in actor order and each owner's layers in
    /// order.
    pub layers: Vec<LayerTally>,
    /// Index in `layers` of each actor's first layer.
    pub first_layer: Vec<usize>,
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

/// One defence layer's tallies over the run.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct LayerTally {
    /// Whose layer.
    pub defender: ActorIx,
    /// Its name.
    pub name: String,
    /// Munitions it intercepted, by type.
    pub intercepted: Munitions,
    /// Interceptors it fired.
    pub shots: f64,
    /// Engagements it made.
    pub engagements: f64,
    /// What it cost its owner, in dollars.
    pub spending: f64,
}

impl Ledger {
    fn count(&mut self, u: &LayerUse) {
        let t = &mut self.layers[self.first_layer[u.defender.0 as usize] + u.layer];
        t.intercepted = t.intercepted + u.engagement.killed;
        t.shots += u.engagement.fired;
        t.engagements += u.engagement.engagements;
        t.spending += u.cost;
    }
}

/// Adds the ledger, the day's hits and the airspace, and resolves the day's strikes after
/// the decisions.
pub(crate) fn setup(s: &mut Setup) {
    let n = s.theatre.actors.len();
    s.resource(Hits {
        today: vec![0; n],
        yesterday: vec![0; n],
    });
    let mut layers = Vec::new();
    let mut first_layer = Vec::with_capacity(n);
    for (k, a) in s.theatre.actors.iter().enumerate() {
        first_layer.push(layers.len());
        let own = match &a.kind {
            ActorKind::State(p) => p.air_defence.as_slice(),
            ActorKind::Host(h) => h.air_defence.as_slice(),
            ActorKind::Militia(_) => &[],
        };
        layers.extend(own.iter().map(|l| LayerTally {
            defender: ActorIx(k as u32),
            name: l.name.clone(),
            ..LayerTally::default()
        }));
    }
    s.resource(Ledger {
        attack_spending: vec![0.0; n],
        defence_spending: vec![0.0; n],
        defence_spending_today: vec![0.0; n],
        damage: vec![0.0; n],
        debris: vec![0.0; n],
        debris_today: vec![0.0; n],
        layers,
        first_layer,
        ..Ledger::default()
    });
    s.world.insert_resource(Airspace::of(s.theatre));
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
/// Debris damage on any populated soil (hosts' and states'), in dollars.
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
/// Ballistic missiles that leaked through the defence.
pub(crate) static LEAKED_BALLISTIC: Outcome =
    Outcome::at_end("leaked_ballistic", OutcomeKind::Amount, |w| {
        Some(ledger(w).leaked.ballistic.get())
    });
/// Cruise missiles that leaked through the defence.
pub(crate) static LEAKED_CRUISE: Outcome =
    Outcome::at_end("leaked_cruise", OutcomeKind::Amount, |w| {
        Some(ledger(w).leaked.cruise.get())
    });
/// Loitering munitions that leaked through the defence.
pub(crate) static LEAKED_LOITERING: Outcome =
    Outcome::at_end("leaked_loitering", OutcomeKind::Amount, |w| {
        Some(ledger(w).leaked.loitering.get())
    });
/// Munitions that failed at launch or in flight, all types.
pub(crate) static LAUNCH_FAILURES: Outcome =
    Outcome::at_end("launch_failures", OutcomeKind::Amount, |w| {
        Some(ledger(w).launch_failures.total())
    });
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
    &LEAKED_BALLISTIC,
    &LEAKED_CRUISE,
    &LEAKED_LOITERING,
    &LEAK_SHARE,
    &MUNITIONS_FIRED,
    &LAUNCH_FAILURES,
];

/// The day's waves in the order they meet the defence, each with the subject its draws
/// are keyed by.
///
/// Raids (one attacker's waves of the day) are resolved one after another, because a
/// layer's stock and engagements carry from one to the next; which raid comes first is
/// drawn each day from a roll keyed by the attacker (`Purpose::RaidOrder`), and the
/// waves within a raid by a roll keyed by each wave. Sorting by attacker index instead,
/// as before, gave the first-declared attacker full interceptor stocks every day:
/// reordering a scenario's actors changed who leaked. A drawn order keeps every wave's
/// arithmetic integral (pro-rata shares of a stock among raids would split interceptors
/// and binomial draws into fractions) and gives each attacker the same chance to meet
/// fresh defences whatever its place in the file; over a day of several raids that is
/// what simultaneous arrival from unknown directions means to a defender.
pub(crate) fn raid_order(
    mut waves: Vec<StrikeOrder>,
    calendar: &Calendar,
) -> Vec<(StrikeOrder, Subject)> {
    // A canonical order first, so that identical waves get their occurrence numbers
    // whatever order the systems that ordered them ran in.
    waves.sort_by(|a, b| {
        (a.attacker, a.target, a.kind, a.against)
            .cmp(&(b.attacker, b.target, b.kind, b.against))
            .then_with(|| {
                MunitionType::ALL
                    .iter()
                    .map(|&k| a.salvo.get(k).total_cmp(&b.salvo.get(k)))
                    .find(|o| o.is_ne())
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
    });
    let mut keyed = Vec::with_capacity(waves.len());
    let mut occurrence = 0;
    for (k, order) in waves.iter().enumerate() {
        let same = |o: &StrikeOrder| (o.attacker, o.target, o.kind);
        occurrence = match k.checked_sub(1).map(|p| &waves[p]) {
            Some(prev) if same(prev) == same(order) => occurrence + 1,
            _ => 0,
        };
        let subject = Subject::wave(order.attacker, order.target, order.kind, occurrence);
        let raid = calendar
            .roll(Subject::actor(order.attacker), Purpose::RaidOrder)
            .uniform();
        let within = calendar.roll(subject, Purpose::RaidOrder).uniform();
        keyed.push((raid, order.attacker, within, k, subject));
    }
    keyed.sort_by(|a, b| {
        (a.0.total_cmp(&b.0))
            .then(a.1.cmp(&b.1))
            .then(a.2.total_cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    keyed
        .into_iter()
        .map(|(_, _, _, k, subject)| (waves[k].clone(), subject))
        .collect()
}

/// Resolves every wave ordered today, raid by raid in the day's drawn order
/// ([`raid_order`]); every draw of a wave is keyed by the wave's identity.
///
/// Longer than most: one wave's path (cost, launch failures, defence, damage, debris,
/// report) is kept in one loop so that the order of its draws reads from top to bottom.
#[expect(
    clippy::too_many_arguments,
    reason = "a system's parameters are the data it declares it reads and writes"
)]
pub(crate) fn resolve_strikes(
    calendar: Res<Calendar>,
    roster: Local<SharedRoster>,
    airspace: Res<Airspace>,
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
    let waves = raid_order(orders.read().cloned().collect(), &calendar);
    // A raid is one attacker's waves of one day: a new day finds every layer fresh
    // (`begin` clears the engagements left once the attacker is not yesterday's).
    raid.attacker = None;
    ledger.debris_today.iter_mut().for_each(|d| *d = 0.0);
    let mechanisms = &roster.rules.mechanisms;
    for (order, subject) in waves {
        raid.begin(order.attacker);
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
        let mut incoming = order.salvo;
        if mechanisms.reliability {
            let failed = launch_failures(
                &order.salvo,
                &attacker_profile.reliability,
                &mut calendar.roll(subject, Purpose::Reliability),
            );
            incoming.spend(&failed);
            ledger.launch_failures = ledger.launch_failures + failed;
        }

        let (victim, location) = match order.target {
            StrikeTarget::Asset(a) => (roster.asset(a).owner, roster.asset(a).location),
            StrikeTarget::Forces(m) => (m, roster.actor(m).territory),
        };
        let sovereign = roster.sovereign(location);
        // Militia forces have no air defence: what hits them did not "leak" through one.
        let defended = matches!(order.target, StrikeTarget::Asset(_));
        let defence = if mechanisms.air_defence && defended {
            let engagers = engagement_order(
                (&roster, &airspace),
                order.attacker,
                (victim, location),
                mechanisms.forward_defence,
            );
            defend(
                &engagers,
                &mut incoming,
                (&roster, &profiles),
                &mut stocks,
                (&mut raid, &mut ledger),
                &mut calendar.roll(subject, Purpose::Interception),
            )
        } else {
            Default::default()
        };
        ledger.intercepted = ledger.intercepted + defence.intercepted;
        for u in &defence.layers {
            ledger.count(u);
        }
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
            &defence.layers,
            &mut ledger,
            &mut calendar.roll(subject, Purpose::Debris),
        );
        hits.today[victim.0 as usize] += 1;
        if let Some(h) = sovereign.filter(|h| *h != victim) {
            hits.today[h.0 as usize] += 1;
        }
        reports.write(StrikeReport {
            order,
            subject,
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

/// Munitions of a salvo that fail at launch or in flight, by type: each whole munition
/// fails with probability `1 - reliability` (a fraction of a munition, with the same
/// chance, whole).
fn launch_failures(salvo: &Munitions, reliability: &Chances, roll: &mut Roll) -> Munitions {
    let mut failed = Munitions::default();
    for kind in MunitionType::ALL {
        let n = salvo.get(kind).max(0.0);
        let p = 1.0 - reliability.get(kind).clamp(0.0, 1.0);
        let whole = n.floor();
        let mut f = roll.binomial(whole as u64, p) as f64;
        if n > whole && roll.chance(p) {
            f += n - whole;
        }
        failed.set(kind, f);
    }
    failed
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

/// Debris damage from one wave's interceptions: each interception over populated soil
/// causes damage there with the soil owner's debris rate and cost (a host's or a state's;
/// soil of no one, such as open sea, is not counted). Territories are taken in the order
/// the wave crossed them, so the draws follow the flight. Returns the wave's total.
fn debris(
    (roster, profiles): (&Roster, &Profiles),
    layers: &[LayerUse],
    ledger: &mut Ledger,
    roll: &mut Roll,
) -> f64 {
    if !roster.rules.mechanisms.debris {
        return 0.0;
    }
    let mut over: Vec<(TerritoryIx, f64)> = Vec::new();
    for u in layers {
        match over.iter_mut().find(|(t, _)| *t == u.over) {
            Some((_, n)) => *n += u.engagement.killed.total(),
            None => over.push((u.over, u.engagement.killed.total())),
        }
    }
    let mut total = 0.0;
    for (t, intercepted) in over {
        let Some(owner) = roster.sovereign(t) else {
            continue;
        };
        if !roster.territories[t.0 as usize].populated {
            continue;
        }
        let Some((rate, cost)) = soil_debris(profiles, roster.actor(owner).entity) else {
            continue;
        };
        let falls = roll.binomial(intercepted as u64, rate);
        let d = falls as f64 * cost;
        ledger.debris[owner.0 as usize] += d;
        ledger.debris_today[owner.0 as usize] += d;
        total += d;
    }
    total
}

/// The debris rate and cost of a soil owner, a state or a host.
fn soil_debris(profiles: &Profiles, entity: Entity) -> Option<(f64, f64)> {
    match profiles.get(entity) {
        Ok((Some(s), _, _)) => Some((s.0.debris_rate.get(), s.0.debris_cost.get())),
        Ok((_, _, Some(h))) => Some((h.0.debris_rate.get(), h.0.debris_cost.get())),
        _ => None,
    }
}
