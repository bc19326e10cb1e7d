//! Air defence: layers, their engagements and the raid they share (MODEL.md 5.5; seed
//! 001's saturation wave).
//!
//! Munitions arrive drones first, then cruise, then ballistic missiles; a layer engages
//! what its kill probabilities allow, up to its stock and the engagements per wave it has
//! left in the raid (one attacker's waves of the day); what it cannot engage passes to the
//! next layer, and what no layer stops leaks. A layer fires `shots_per_target` at each
//! munition it engages, once (salvo doctrine) or, under shoot-look-shoot, again at the
//! survivors only, at the cost of a second engagement.
//!
//! Who engages, in order: first the forward defenders over the territories the raid flies
//! across on its way (a scenario's flight paths: the sovereign of each such territory
//! defending its airspace, and the victim's allies with assets there), then the target's
//! defenders (its owner, the sovereign of its soil, every other non-hostile actor with
//! assets there). Each defender engages a wave once, where it first meets it.

use bevy_ecs::prelude::*;

use crate::components::{HostProfile, Interceptors, MilitiaProfile, StateProfile};
use crate::dice::Roll;
use crate::params::{Amount, Chances, MunitionType, Munitions, serde_block};
use crate::roster::Roster;
use crate::theatre::{ActorIx, FlightPathSpec, TerritoryIx, Theatre};

use super::Ledger;

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
    pub pk: Chances,
    /// Interceptors fired at each engaged munition (shoot-shoot doctrine is 2).
    pub shots_per_target: u32,
    /// Fire, assess, and fire again at the survivors only (each second look costs an
    /// engagement); off, every engaged munition gets its shots once (salvo doctrine).
    pub shoot_look_shoot: bool,
    /// The most incoming munitions the layer can engage in one wave (saturation).
    pub engagements_per_wave: u32,
    /// Cost of one interceptor in US dollars (PAC-3 MSE about 4.2M-5.2M; Arrow about
    /// 3.5M; Tamir about 40k-62k). A layer defends its owner's territory and every
    /// territory where its owner keeps an asset.
    pub unit_cost: Amount,
    /// Cost of one engagement in US dollars, paid whether or not it kills: an aircraft's
    /// sortie share, a laser's energy (default 0: a missile layer's cost is its
    /// interceptors).
    pub cost_per_engagement: Amount,
}
}

impl Default for DefenceLayer {
    fn default() -> Self {
        DefenceLayer {
            name: "air defence".into(),
            stock: Amount(40.0),
            max_stock: Amount(40.0),
            resupply_per_day: Amount(0.5),
            pk: Chances::new(0.7, 0.8, 0.85),
            shots_per_target: 1,
            shoot_look_shoot: false,
            engagements_per_wave: 24,
            unit_cost: Amount(4_000_000.0),
            cost_per_engagement: Amount(0.0),
        }
    }
}

impl DefenceLayer {
    /// What one layer's use costs its owner: interceptors fired and engagements made.
    pub(crate) fn cost(&self, e: &Engagement) -> f64 {
        e.fired * self.unit_cost.get() + e.engagements * self.cost_per_engagement.get()
    }
}

/// What one layer did to one wave.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Engagement {
    /// Munitions killed, by type.
    pub killed: Munitions,
    /// Interceptors fired.
    pub fired: f64,
    /// Engagements made (a second look under shoot-look-shoot is one more).
    pub engagements: f64,
}

/// How many of `n` munitions a layer can engage with `capacity` engagements and `stock`
/// interceptors left: whole munitions only.
fn engageable(n: f64, capacity: f64, stock: f64, shots: f64) -> f64 {
    n.min(capacity.floor())
        .min((stock / shots).floor())
        .max(0.0)
}

/// Engages the incoming munitions with one layer; `incoming` keeps what passes, `stock`
/// and `capacity` (the engagements left in this raid) what the layer has left. Under
/// shoot-look-shoot the layer fires again at the survivors only, so interceptors follow
/// the threat: a small salvo costs fewer interceptors for the same kills than shooting
/// twice at everything.
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
        let kill = 1.0 - (1.0 - pk).powf(shots);
        let mut targets = incoming.get(kind);
        let mut killed = 0.0;
        let looks = if layer.shoot_look_shoot { 2 } else { 1 };
        for _ in 0..looks {
            let engaged = engageable(targets, *capacity, *stock, shots);
            if engaged < 1.0 {
                break;
            }
            let hits = roll.binomial(engaged as u64, kill) as f64;
            *stock -= engaged * shots;
            *capacity -= engaged;
            result.fired += engaged * shots;
            result.engagements += engaged;
            killed += hits;
            // The second look sees only the survivors of the first.
            targets = engaged - hits;
        }
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
            if pk <= 0.0 {
                continue;
            }
            let kill = 1.0 - (1.0 - pk).powf(shots);
            let mut targets = incoming.get(kind);
            let looks = if layer.shoot_look_shoot { 2 } else { 1 };
            for _ in 0..looks {
                let engaged = targets.min(capacity).min((stock / shots).floor()).max(0.0);
                if engaged <= 0.0 {
                    break;
                }
                stock -= engaged * shots;
                capacity -= engaged;
                incoming.set(kind, incoming.get(kind) - engaged * kill);
                targets = engaged * (1.0 - kill);
            }
        }
    }
    incoming.total()
}

/// Engagements each defence layer has left in the raid of one attacker (its waves of the
/// day: a raid's waves are resolved one after another).
#[derive(Default)]
pub(crate) struct Raid {
    pub(crate) attacker: Option<ActorIx>,
    /// `(defender, layer, engagements left)`
    left: Vec<(ActorIx, usize, f64)>,
}

impl Raid {
    pub(crate) fn begin(&mut self, attacker: ActorIx) {
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

/// What raids fly over: the scenario's flight paths and the alliances that decide who
/// engages a raid over its own territory on its way (read from the theatre once).
#[derive(Resource, Clone, Debug, Default)]
pub(crate) struct Airspace {
    paths: Vec<FlightPathSpec>,
    allied: Vec<(ActorIx, ActorIx)>,
}

impl Airspace {
    pub(crate) fn of(theatre: &Theatre) -> Airspace {
        Airspace {
            paths: theatre.network.flight_paths.clone(),
            allied: (theatre.network.allied.iter())
                .map(|a| (a.a, a.b))
                .collect(),
        }
    }

    /// The territories crossed from `from` to `to`, in the order flown (the first path
    /// declared between them; none when no path is declared).
    fn over(&self, from: TerritoryIx, to: TerritoryIx) -> &[TerritoryIx] {
        self.paths
            .iter()
            .find(|p| p.from == from && p.to == to)
            .map_or(&[], |p| p.over.as_slice())
    }

    fn allied(&self, a: ActorIx, b: ActorIx) -> bool {
        self.allied
            .iter()
            .any(|&(x, y)| (x, y) == (a, b) || (x, y) == (b, a))
    }
}

/// Who engages a wave, and over which territory, in the order they meet it: forward
/// defenders along the flight path from the attacker's territory to the target's, then
/// the target's defenders. No one engages for the attacker's side or against the victim.
pub(crate) fn engagement_order(
    (roster, airspace): (&Roster, &Airspace),
    attacker: ActorIx,
    (victim, location): (ActorIx, TerritoryIx),
    forward: bool,
) -> Vec<(ActorIx, TerritoryIx)> {
    let mut order: Vec<(ActorIx, TerritoryIx)> = Vec::new();
    let hostile = |d: ActorIx| {
        roster.side(d) == roster.side(attacker)
            || (d != victim && roster.is_hostile(d, victim))
            || roster.is_hostile(d, roster.side(victim))
    };
    let friend = |d: ActorIx| {
        roster.side(d) == roster.side(victim)
            || airspace.allied(d, victim)
            || airspace.allied(d, roster.side(victim))
    };
    let push = |order: &mut Vec<(ActorIx, TerritoryIx)>, d: ActorIx, t: TerritoryIx| {
        if !order.iter().any(|(e, _)| *e == d) {
            order.push((d, t));
        }
    };
    if forward {
        let launch = roster.actor(attacker).territory;
        for &t in airspace.over(launch, location) {
            // The sovereign defends its own airspace; others there only the victim's friends.
            if let Some(s) = roster.sovereign(t).filter(|s| !hostile(*s)) {
                push(&mut order, s, t);
            }
            for &d in &roster.present[t.0 as usize] {
                if !hostile(d) && friend(d) {
                    push(&mut order, d, t);
                }
            }
        }
    }
    push(&mut order, victim, location);
    let present = &roster.present[location.0 as usize];
    for d in roster
        .sovereign(location)
        .into_iter()
        .chain(present.iter().copied())
    {
        if !hostile(d) {
            push(&mut order, d, location);
        }
    }
    order
}

fn layers_of<'a>(profiles: &'a Profiles, entity: Entity) -> Option<&'a [DefenceLayer]> {
    match profiles.get(entity) {
        Ok((Some(s), _, _)) => Some(&s.0.air_defence),
        Ok((_, _, Some(h))) => Some(&h.0.air_defence),
        _ => None,
    }
}

/// One layer's part in the defence of one wave.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct LayerUse {
    /// Whose layer.
    pub defender: ActorIx,
    /// Its index among the defender's layers.
    pub layer: usize,
    /// Over which territory it engaged (where its kills' debris falls).
    pub over: TerritoryIx,
    /// What it did.
    pub engagement: Engagement,
    /// What it cost its owner, in dollars.
    pub cost: f64,
}

/// What the defence of one wave did.
#[derive(Default)]
pub(crate) struct Defence {
    /// Munitions intercepted, by type.
    pub intercepted: Munitions,
    /// Interceptors fired.
    pub interceptors: f64,
    /// Defenders' spending on interceptors and engagements, in dollars.
    pub cost: f64,
    /// Every layer that engaged, in order.
    pub layers: Vec<LayerUse>,
}

/// The defenders' profiles and interceptor stocks.
pub(crate) type Profiles<'w, 's> = Query<
    'w,
    's,
    (
        Option<&'static StateProfile>,
        Option<&'static MilitiaProfile>,
        Option<&'static HostProfile>,
    ),
>;

/// Every defender in `order` engages `incoming` with its layers in order; spending goes
/// to the ledger (the layer's owner pays, wherever it engaged).
pub(crate) fn defend(
    order: &[(ActorIx, TerritoryIx)],
    incoming: &mut Munitions,
    (roster, profiles): (&Roster, &Profiles),
    stocks: &mut Query<&mut Interceptors>,
    (raid, ledger): (&mut Raid, &mut Ledger),
    roll: &mut Roll,
) -> Defence {
    let mut defence = Defence::default();
    for &(defender, over) in order {
        let entity = roster.actor(defender).entity;
        let Some(layers) = layers_of(profiles, entity) else {
            continue;
        };
        let Ok(mut stock) = stocks.get_mut(entity) else {
            continue;
        };
        for (l, (layer, left)) in layers.iter().zip(stock.0.iter_mut()).enumerate() {
            let capacity = raid.capacity(defender, l, layer);
            let e = engage(incoming, layer, left, capacity, roll);
            if e.engagements <= 0.0 {
                continue;
            }
            defence.intercepted = defence.intercepted + e.killed;
            defence.interceptors += e.fired;
            let cost = layer.cost(&e);
            defence.cost += cost;
            ledger.defence_spending[defender.0 as usize] += cost;
            ledger.defence_spending_today[defender.0 as usize] += cost;
            defence.layers.push(LayerUse {
                defender,
                layer: l,
                over,
                engagement: e,
                cost,
            });
        }
    }
    defence
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dice::{Dice, Purpose, Subject};

    fn layer(pk: Chances, engagements: u32, stock: f64) -> DefenceLayer {
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
        let dome = layer(Chances::new(0.0, 1.0, 1.0), 10, 100.0);
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
        let patriot = layer(Chances::new(1.0, 1.0, 1.0), 100, 4.0);
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

    fn roll(k: usize) -> Roll {
        Dice::new(1, 0).roll(0, Subject::item(0, k), Purpose::Interception)
    }

    #[test]
    fn shoot_look_shoot_spends_fewer_interceptors_for_the_same_kills() {
        // Shoot-shoot (two interceptors at each of 4 drones) against shoot-look-shoot (one
        // each, then one more at the survivors): the same kill chance per drone, 1 - 0.5^2.
        let mut shoot_shoot = layer(Chances::new(0.0, 0.0, 0.5), 100, 1_000.0);
        shoot_shoot.shots_per_target = 2;
        let mut sls = layer(Chances::new(0.0, 0.0, 0.5), 100, 1_000.0);
        sls.shoot_look_shoot = true;
        let (mut kills, mut fired) = ([0.0; 2], [0.0; 2]);
        for k in 0..2_000 {
            for (i, l) in [&shoot_shoot, &sls].into_iter().enumerate() {
                let mut incoming = Munitions::new(0.0, 0.0, 4.0);
                let e = engage(&mut incoming, l, &mut 1_000.0, &mut 100.0, &mut roll(k));
                kills[i] += e.killed.total();
                fired[i] += e.fired;
            }
        }
        // 8,000 drones each arm: 6,000 expected kills, se about 39.
        assert!((kills[0] - kills[1]).abs() < 250.0, "kills {kills:?}");
        assert_eq!(fired[0], 16_000.0);
        // 8,000 first shots and one more at each survivor (about 4,000).
        assert!(
            fired[1] > 11_000.0 && fired[1] < 13_000.0,
            "fired {fired:?}"
        );

        // The second look costs engagements: with capacity for 4, a salvo of 4 uses it all
        // on the first look and the survivors pass.
        let mut capacity = 4.0;
        let mut incoming = Munitions::new(0.0, 0.0, 4.0);
        let e = engage(
            &mut incoming,
            &sls,
            &mut 1_000.0,
            &mut capacity,
            &mut roll(0),
        );
        assert_eq!((e.engagements, e.fired, capacity), (4.0, 4.0, 0.0));
        // With room for a second look, every engagement is counted against capacity.
        let mut capacity = 100.0;
        let mut incoming = Munitions::new(0.0, 0.0, 4.0);
        let e = engage(
            &mut incoming,
            &sls,
            &mut 1_000.0,
            &mut capacity,
            &mut roll(1),
        );
        assert_eq!(capacity, 100.0 - e.engagements);
        assert_eq!(e.fired, e.engagements);
        assert!(e.engagements >= 4.0);
    }

    #[test]
    fn an_engagement_costs_whether_or_not_it_kills() {
        let mut fighters = layer(Chances::new(0.0, 0.3, 0.3), 20, 40.0);
        fighters.unit_cost = Amount(500_000.0);
        fighters.cost_per_engagement = Amount(70_000.0);
        let mut incoming = Munitions::new(0.0, 5.0, 10.0);
        let e = engage(&mut incoming, &fighters, &mut 40.0, &mut 20.0, &mut roll(3));
        assert_eq!(e.engagements, 15.0);
        assert_eq!(fighters.cost(&e), 15.0 * 500_000.0 + 15.0 * 70_000.0);
        // A layer that never kills (pk just above 0) still pays for its sorties.
        let mut blind = fighters.clone();
        blind.pk = Chances::new(0.0, 0.0, 1e-12);
        let mut incoming = Munitions::new(0.0, 0.0, 10.0);
        let e = engage(&mut incoming, &blind, &mut 40.0, &mut 20.0, &mut roll(4));
        assert_eq!(e.killed.total(), 0.0);
        assert_eq!(blind.cost(&e), 10.0 * 570_000.0);
    }

    #[test]
    fn stock_runs_out_mid_raid_and_later_waves_leak() {
        // Ten interceptors, capacity for fifty: the first wave of eight takes eight, the
        // second wave of the same raid finds two left, the third none.
        let patriot = layer(Chances::new(1.0, 1.0, 1.0), 50, 10.0);
        let (mut stock, mut capacity) = (10.0, 50.0);
        let mut leaked = Vec::new();
        for k in 0..3 {
            let mut wave = Munitions::new(8.0, 0.0, 0.0);
            engage(&mut wave, &patriot, &mut stock, &mut capacity, &mut roll(k));
            leaked.push(wave.total());
        }
        assert_eq!(leaked, vec![0.0, 6.0, 8.0]);
        assert_eq!(stock, 0.0);
        // Shoot-shoot at one left: a whole engagement needs two, so nothing is fired.
        let mut two = patriot.clone();
        two.shots_per_target = 2;
        let mut one_left = 1.0;
        let mut wave = Munitions::new(3.0, 0.0, 0.0);
        let e = engage(&mut wave, &two, &mut one_left, &mut 50.0, &mut roll(9));
        assert_eq!((e.fired, wave.total(), one_left), (0.0, 3.0, 1.0));
    }

    #[test]
    fn reliability_fails_its_share_and_never_more_than_fired() {
        let salvo = Munitions::new(100.0, 40.0, 0.5);
        let reliability = Chances::new(0.5, 1.0, 0.0);
        let mut failed_ballistic = 0.0;
        for k in 0..200 {
            let mut r = Dice::new(2, 0).roll(0, Subject::item(1, k), Purpose::Reliability);
            let failed = super::super::launch_failures(&salvo, &reliability, &mut r);
            assert_eq!(
                failed.cruise.get(),
                0.0,
                "reliable cruise missiles never fail"
            );
            assert_eq!(
                failed.loitering.get(),
                0.5,
                "unreliable: the half drone fails"
            );
            assert!(failed.ballistic.get() <= 100.0);
            failed_ballistic += failed.ballistic.get();
        }
        // 20,000 missiles at 0.5: 10,000 expected, se about 71.
        assert!(
            (failed_ballistic - 10_000.0).abs() < 400.0,
            "{failed_ballistic}"
        );
    }

    #[test]
    fn forward_defenders_engage_over_the_flight_path_before_the_target() {
        use crate::sample::duel;
        let (blue, red, host) = (ActorIx(0), ActorIx(1), ActorIx(3));
        let (blue_soil, host_soil, third) = (TerritoryIx(0), TerritoryIx(2), TerritoryIx(3));
        let mut theatre = duel();
        theatre.network.flight_paths = vec![FlightPathSpec {
            from: TerritoryIx(1),
            to: blue_soil,
            over: vec![third, host_soil],
        }];
        let built = crate::build::build(&theatre);
        let roster = built.world.resource::<crate::roster::SharedRoster>();
        let airspace = Airspace::of(&theatre);
        // Over the host: the host defends its airspace, then blue (it keeps a base there
        // and is the victim); nobody over the unowned third country; blue does not
        // engage again at home.
        let order = engagement_order((roster, &airspace), red, (blue, blue_soil), true);
        assert_eq!(order, vec![(host, host_soil), (blue, host_soil)]);
        // Without forward defence, only the target's defenders.
        let order = engagement_order((roster, &airspace), red, (blue, blue_soil), false);
        assert_eq!(order, vec![(blue, blue_soil)]);
        // No path from the militia's territory: no forward defence.
        let order = engagement_order((roster, &airspace), ActorIx(2), (blue, blue_soil), true);
        assert_eq!(order, vec![(blue, blue_soil)]);
        // Blue's raid on red flies over nobody who would help red: the host is blue's ally
        // and red is hostile to it, but the host is not hostile to red, so it defends its
        // own airspace (and blue, the attacker, never engages).
        let mut theatre = duel();
        theatre.network.flight_paths = vec![FlightPathSpec {
            from: blue_soil,
            to: TerritoryIx(1),
            over: vec![host_soil],
        }];
        let built = crate::build::build(&theatre);
        let roster = built.world.resource::<crate::roster::SharedRoster>();
        let airspace = Airspace::of(&theatre);
        let order = engagement_order((roster, &airspace), blue, (red, TerritoryIx(1)), true);
        assert_eq!(order, vec![(host, host_soil), (red, TerritoryIx(1))]);
    }

    #[test]
    fn expected_leakers_fall_with_more_layers() {
        let upper = layer(Chances::new(0.9, 0.0, 0.0), 10, 20.0);
        let lower = layer(Chances::new(0.3, 0.8, 0.8), 20, 50.0);
        let salvo = Munitions::new(10.0, 5.0, 30.0);
        let one = expected_leakers(&salvo, std::slice::from_ref(&lower), &[50.0]);
        let two = expected_leakers(&salvo, &[upper, lower], &[20.0, 50.0]);
        assert!(two < one);
        assert!((expected_leakers(&salvo, &[], &[]) - 45.0).abs() < 1e-9);
    }
}
