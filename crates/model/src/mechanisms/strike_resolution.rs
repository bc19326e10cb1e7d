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

use bevy_ecs::prelude::*;

use crate::components::{
    Arsenal, AssetProfile, Health, HostProfile, Interceptors, MilitiaProfile, StateProfile,
};
use crate::dice::{Purpose, Roll, Subject};
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::escalation_utility::UNPROVOKED_STRIKES;
use crate::mechanisms::preemption::{FIRST_PREEMPTION_DAY, PREEMPTIONS};
use crate::mechanisms::proxy_decisions::ProxyState;
use crate::messages::{Chronicle, StrikeKind, StrikeOrder, StrikeReport, StrikeTarget};
use crate::outcomes::{Outcome, OutcomeKind};
use crate::params::{Amount, MunitionType, Munitions, serde_block};
use crate::roster::{Kind, Roster, Rules};
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

serde_block! {
/// One layer of air defence. Layers are tried in the order listed: what a layer cannot
/// engage passes to the next, and what no layer stops leaks (seed 001: saturation).
pub struct DefenceLayer {
    /// A label for charts and tables (for example "Arrow", "Iron Dome", "Patriot").
    pub name: String,
    /// Interceptors in stock on day 0.
    pub stock: Amount,
    /// The most interceptors the layer can hold; resupply stops there.
    pub max_stock: Amount,
    /// Interceptors delivered per day, up to `max_stock`.
    pub resupply_per_day: Amount,
    /// Probability that one interceptor kills one incoming munition, by type (0 means
    /// the layer does not engage that type).
    pub pk: Munitions,
    /// Interceptors fired at each engaged munition (shoot-shoot doctrine is 2).
    pub shots_per_target: u32,
    /// The most incoming munitions the layer can engage in one wave (saturation).
    pub engagements_per_wave: u32,
    /// Cost of one interceptor in US dollars (PAC-3 MSE about 4.2M-5.2M; Arrow about
    /// 3.5M; Tamir about 40k-62k). A layer defends its owner's territory and every
    /// territory where its owner keeps an asset.
    pub unit_cost: Amount,
}
}

impl Default for DefenceLayer {
    fn default() -> Self {
        DefenceLayer {
            name: "air defence".into(),
            stock: Amount(40.0),
            max_stock: Amount(40.0),
            resupply_per_day: Amount(0.5),
            pk: Munitions::new(0.7, 0.8, 0.85),
            shots_per_target: 1,
            engagements_per_wave: 24,
            unit_cost: Amount(4_000_000.0),
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
    &LEAKED,
    &LEAK_SHARE,
    &MUNITIONS_FIRED,
];

/// What one layer did to one wave.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Engagement {
    /// Munitions killed, by type.
    pub killed: Munitions,
    /// Interceptors fired.
    pub fired: f64,
}

/// Engages the incoming munitions with one layer; `incoming` keeps what passes, `stock`
/// and `capacity` (the engagements left in this raid) what the layer has left.
pub(crate) fn engage(
    incoming: &mut Munitions,
    layer: &DefenceLayer,
    stock: &mut f64,
    capacity: &mut f64,
    roll: &mut Roll,
) -> Engagement {
    let shots = f64::from(layer.shots_per_target.max(1));
    let mut result = Engagement::default();
    for kind in MunitionType::ALL {
        let pk = layer.pk.get(kind);
        if pk <= 0.0 {
            continue;
        }
        let engaged = incoming
            .get(kind)
            .min(capacity.floor())
            .min((*stock / shots).floor())
            .max(0.0);
        if engaged < 1.0 {
            continue;
        }
        let kill = 1.0 - (1.0 - pk).powf(shots);
        let killed = f64::from(roll.binomial(engaged as u32, kill));
        *stock -= engaged * shots;
        *capacity -= engaged;
        result.fired += engaged * shots;
        incoming.set(kind, incoming.get(kind) - killed);
        result.killed.set(kind, result.killed.get(kind) + killed);
    }
    result
}

/// Expected leakers of a salvo through the given layers at the given stocks, without
/// randomness: the pre-emption test of seed 001 ("cannot guarantee zero penetration").
pub(crate) fn expected_leakers(salvo: &Munitions, layers: &[DefenceLayer], stocks: &[f64]) -> f64 {
    let mut incoming = *salvo;
    for (layer, &stock) in layers.iter().zip(stocks) {
        let shots = f64::from(layer.shots_per_target.max(1));
        let mut capacity = f64::from(layer.engagements_per_wave);
        let mut stock = stock;
        for kind in MunitionType::ALL {
            let pk = layer.pk.get(kind);
            let engaged = incoming
                .get(kind)
                .min(capacity)
                .min((stock / shots).floor())
                .max(0.0);
            if pk <= 0.0 || engaged <= 0.0 {
                continue;
            }
            stock -= engaged * shots;
            capacity -= engaged;
            incoming.set(
                kind,
                incoming.get(kind) - engaged * (1.0 - (1.0 - pk).powf(shots)),
            );
        }
    }
    incoming.total()
}

/// Resolves every wave ordered today.
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
    profiles: Query<(
        Option<&StateProfile>,
        Option<&MilitiaProfile>,
        Option<&HostProfile>,
    )>,
    mut stocks: Query<&mut Interceptors>,
    mut assets: Query<(&AssetProfile, &mut Health)>,
    mut forces: Query<(&MilitiaProfile, &mut ProxyState, &mut Arsenal)>,
    mut raid: Local<Raid>,
) {
    let rules = &roster.rules;
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
            StrikeKind::Unprovoked => {
                chronicle.count(&UNPROVOKED_STRIKES);
            }
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
        let mut intercepted = Munitions::default();
        let mut interceptors = 0.0;
        let mut defence_cost = 0.0;
        if rules.mechanisms.air_defence && matches!(order.target, StrikeTarget::Asset(_)) {
            for defender in defenders(&roster, victim, location) {
                let entity = roster.actor(defender).entity;
                let Some(layers) = layers_of(&profiles, entity) else {
                    continue;
                };
                let Ok(mut stock) = stocks.get_mut(entity) else {
                    continue;
                };
                for (l, (layer, left)) in layers.iter().zip(stock.0.iter_mut()).enumerate() {
                    let capacity = raid.capacity(defender, l, layer);
                    let e = engage(&mut incoming, layer, left, capacity, &mut roll);
                    intercepted = intercepted + e.killed;
                    interceptors += e.fired;
                    let cost = e.fired * layer.unit_cost.get();
                    defence_cost += cost;
                    ledger.defence_spending[defender.0 as usize] += cost;
                    ledger.defence_spending_today[defender.0 as usize] += cost;
                }
            }
        }
        ledger.intercepted = ledger.intercepted + intercepted;
        // Militia forces have no air defence: what hits them did not "leak" through one.
        if matches!(order.target, StrikeTarget::Asset(_)) {
            ledger.leaked = ledger.leaked + incoming;
        }

        let mut damage = 0.0;
        let mut destroyed = false;
        match order.target {
            StrikeTarget::Asset(a) => {
                if let Ok((asset, mut health)) = assets.get_mut(roster.asset(a).entity) {
                    let before = health.0;
                    health.0 = (before
                        - incoming.dot(&attacker_profile.damage) / asset.hardness.max(1e-9))
                    .max(0.0);
                    damage = asset.value * (before - health.0);
                    destroyed = before > 0.0 && health.0 <= 0.0;
                    if destroyed && asset.kind == AssetKind::Base {
                        ledger.bases_lost += 1;
                    }
                }
            }
            StrikeTarget::Forces(m) => {
                if let Ok((profile, mut proxy, mut arsenal)) =
                    forces.get_mut(roster.actor(m).entity)
                {
                    let loss = (incoming.dot(&attacker_profile.damage)
                        / profile.0.hardness.get().max(1e-9))
                    .min(proxy.strength);
                    degrade(
                        &mut proxy,
                        &mut arsenal,
                        loss,
                        order.kind == StrikeKind::Preemption && incoming.total() >= 1.0,
                    );
                }
            }
        }
        ledger.damage[victim.0 as usize] += damage;

        let debris = debris(
            &roster,
            rules,
            &profiles,
            sovereign,
            location,
            &intercepted,
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
            intercepted,
            leaked: incoming,
            interceptors,
            attack_cost,
            defence_cost,
            damage,
            debris,
            destroyed,
        });
    }
}

/// Engagements each defence layer has left in the raid of one attacker (its waves of the
/// day: the waves come sorted by attacker).
#[derive(Default)]
pub(crate) struct Raid {
    attacker: Option<ActorIx>,
    /// `(defender, layer, engagements left)`
    left: Vec<(ActorIx, usize, f64)>,
}

impl Raid {
    fn begin(&mut self, attacker: ActorIx) {
        if self.attacker != Some(attacker) {
            self.attacker = Some(attacker);
            self.left.clear();
        }
    }

    fn capacity(&mut self, defender: ActorIx, layer: usize, params: &DefenceLayer) -> &mut f64 {
        let k = match self
            .left
            .iter()
            .position(|(d, l, _)| *d == defender && *l == layer)
        {
            Some(k) => k,
            None => {
                let full = f64::from(params.engagements_per_wave);
                self.left.push((defender, layer, full));
                self.left.len() - 1
            }
        };
        &mut self.left[k].2
    }
}

/// Who defends a target: its owner, then the sovereign of the soil it stands on, then
/// every other actor with assets there (a layer defends every territory where its owner
/// keeps an asset: US Patriots at NSA Bahrain engage what is aimed at the BAPCO refinery).
fn defenders(roster: &Roster, owner: ActorIx, location: TerritoryIx) -> Vec<ActorIx> {
    let mut defenders = vec![owner];
    let present = &roster.present[location.0 as usize];
    for d in roster
        .sovereign(location)
        .into_iter()
        .chain(present.iter().copied())
    {
        if !defenders.contains(&d) {
            defenders.push(d);
        }
    }
    defenders
}

fn layers_of<'a>(
    profiles: &'a Query<(
        Option<&StateProfile>,
        Option<&MilitiaProfile>,
        Option<&HostProfile>,
    )>,
    entity: Entity,
) -> Option<&'a [DefenceLayer]> {
    match profiles.get(entity) {
        Ok((Some(s), _, _)) => Some(&s.0.air_defence),
        Ok((_, _, Some(h))) => Some(&h.0.air_defence),
        _ => None,
    }
}

fn munition_profile(
    profiles: &Query<(
        Option<&StateProfile>,
        Option<&MilitiaProfile>,
        Option<&HostProfile>,
    )>,
    entity: Entity,
) -> MunitionProfile {
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
    roster: &Roster,
    rules: &Rules,
    profiles: &Query<(
        Option<&StateProfile>,
        Option<&MilitiaProfile>,
        Option<&HostProfile>,
    )>,
    sovereign: Option<ActorIx>,
    location: TerritoryIx,
    intercepted: &Munitions,
    roll: &mut Roll,
) -> f64 {
    let Some(host) = sovereign.filter(|h| roster.actor(*h).kind == Kind::Host) else {
        return 0.0;
    };
    if !rules.mechanisms.debris || !roster.territories[location.0 as usize].populated {
        return 0.0;
    }
    let Ok((_, _, Some(profile))) = profiles.get(roster.actor(host).entity) else {
        return 0.0;
    };
    let falls = roll.binomial(intercepted.total() as u32, profile.0.debris_rate.get());
    f64::from(falls) * profile.0.debris_cost.get()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dice::Dice;

    fn layer(pk: Munitions, engagements: u32, stock: f64) -> DefenceLayer {
        DefenceLayer {
            pk,
            engagements_per_wave: engagements,
            stock: Amount(stock),
            max_stock: Amount(stock),
            ..DefenceLayer::default()
        }
    }

    #[test]
    fn saturation_passes_what_a_layer_cannot_engage() {
        let dome = layer(Munitions::new(0.0, 1.0, 1.0), 10, 100.0);
        let mut incoming = Munitions::new(5.0, 0.0, 30.0);
        let mut stock = 100.0;
        let mut roll = Dice::new(1, 0).roll(0, Subject::item(0, 0), Purpose::Interception);
        let mut capacity = 10.0;
        let e = engage(&mut incoming, &dome, &mut stock, &mut capacity, &mut roll);
        // pk 1 kills all it engages: 10 drones; 20 drones and every ballistic missile pass.
        assert_eq!(e.killed, Munitions::new(0.0, 0.0, 10.0));
        assert_eq!(incoming, Munitions::new(5.0, 0.0, 20.0));
        assert_eq!(stock, 90.0);
        assert_eq!(capacity, 0.0);
        // A second wave of the same raid finds the layer saturated.
        let mut second = Munitions::new(0.0, 0.0, 4.0);
        engage(&mut second, &dome, &mut stock, &mut capacity, &mut roll);
        assert_eq!(second, Munitions::new(0.0, 0.0, 4.0));
    }

    #[test]
    fn empty_stock_engages_nothing_and_drones_first_drain_it() {
        let patriot = layer(Munitions::new(1.0, 1.0, 1.0), 100, 4.0);
        let mut incoming = Munitions::new(2.0, 0.0, 6.0);
        let mut stock = 4.0;
        let mut roll = Dice::new(1, 0).roll(0, Subject::item(0, 0), Purpose::Interception);
        engage(&mut incoming, &patriot, &mut stock, &mut 100.0, &mut roll);
        // Drones arrive first and take the four interceptors; both missiles leak.
        assert_eq!(incoming, Munitions::new(2.0, 0.0, 2.0));
        let mut after = Munitions::new(1.0, 0.0, 0.0);
        engage(&mut after, &patriot, &mut stock, &mut 100.0, &mut roll);
        assert_eq!(after, Munitions::new(1.0, 0.0, 0.0));
    }

    #[test]
    fn expected_leakers_fall_with_more_layers() {
        let upper = layer(Munitions::new(0.9, 0.0, 0.0), 10, 20.0);
        let lower = layer(Munitions::new(0.3, 0.8, 0.8), 20, 50.0);
        let salvo = Munitions::new(10.0, 5.0, 30.0);
        let one = expected_leakers(&salvo, std::slice::from_ref(&lower), &[50.0]);
        let two = expected_leakers(&salvo, &[upper, lower], &[20.0, 50.0]);
        assert!(two < one);
        assert!((expected_leakers(&salvo, &[], &[]) - 45.0).abs() < 1e-9);
    }
}
