//! Each system's own rule, on the small sample world, one system run at a time.

use bevy_ecs::prelude::*;
use bevy_ecs::system::RunSystemOnce;

use crate::build::build;
use crate::components::*;
use crate::events::{Cameo, Event, Rung};
use crate::mechanisms::alliances::Cooperation;
use crate::mechanisms::attribution::{Grudge, Grudges};
use crate::mechanisms::calendar::Calendar;
use crate::mechanisms::ceasefire::Truce;
use crate::mechanisms::credibility::Credibility;
use crate::mechanisms::host_nations::Willingness;
use crate::mechanisms::intelligence::Perception;
use crate::mechanisms::ladder::Ladder;
use crate::mechanisms::metrics::RunLog;
use crate::mechanisms::proxy_decisions::{Preparation, ProxyState};
use crate::mechanisms::rearmament::Sanctions;
use crate::mechanisms::strike_resolution::{Hits, Ledger};
use crate::mechanisms::*;
use crate::messages::*;
use crate::network::Network;
use crate::roster::SharedRoster;
use crate::sample::duel;
use crate::*;

const BLUE: ActorIx = ActorIx(0);
const RED: ActorIx = ActorIx(1);
const MILITIA: ActorIx = ActorIx(2);
const HOST: ActorIx = ActorIx(3);

fn world(theatre: &Theatre) -> World {
    build(theatre).world
}

fn entity(world: &World, a: ActorIx) -> Entity {
    world.resource::<SharedRoster>().actor(a).entity
}

fn state_mut(theatre: &mut Theatre, a: ActorIx) -> &mut StateParams {
    match &mut theatre.actors[a.0 as usize].kind {
        ActorKind::State(p) => p,
        _ => panic!("not a state"),
    }
}

fn militia_mut(theatre: &mut Theatre) -> &mut MilitiaParams {
    match &mut theatre.actors[MILITIA.0 as usize].kind {
        ActorKind::Militia(p) => p,
        _ => panic!("not a militia"),
    }
}

fn messages<M: Message + Clone>(world: &World) -> Vec<M> {
    world
        .resource::<Messages<M>>()
        .iter_current_update_messages()
        .cloned()
        .collect()
}

fn asset(world: &World, id: &str) -> AssetIx {
    let i = world
        .resource::<SharedRoster>()
        .assets
        .iter()
        .position(|a| a.id == id)
        .unwrap();
    AssetIx(i as u32)
}

#[test]
fn rearmament_steps_richardson_once_a_day() {
    let mut theatre = duel();
    theatre.mechanisms = Mechanisms {
        rearmament: true,
        ..Mechanisms::none()
    };
    let r = &mut state_mut(&mut theatre, BLUE).rearmament;
    r.reaction = Amount(0.01);
    r.burden = Probability(0.1);
    r.ambition = Amount(5.0);
    let mut w = world(&theatre);
    let x = w.get::<Arsenal>(entity(&w, BLUE)).unwrap().0.total();
    let y = w.get::<Arsenal>(entity(&w, RED)).unwrap().0.total();
    w.run_system_once(rearmament::rearm_states).unwrap();
    let after = w.get::<Arsenal>(entity(&w, BLUE)).unwrap().0.total();
    assert!((after - (x + 0.01 * y - 0.1 * x + 5.0)).abs() < 1e-9);
}

#[test]
fn supply_flows_through_the_corridor_unless_interdicted() {
    let theatre = duel();
    let mut w = world(&theatre);
    let before = w.get::<Arsenal>(entity(&w, MILITIA)).unwrap().0.total();
    w.run_system_once(supply::deliver_supplies).unwrap();
    let after = w.get::<Arsenal>(entity(&w, MILITIA)).unwrap().0.total();
    // The corridor carries 3 a day, less than the sponsorship's 4.
    assert!((after - before - 3.0).abs() < 1e-9);

    // Blue chose yesterday to interdict Red's convoys at full effort.
    let mut hostile = duel();
    hostile.network.transit[0].exposure = 1.0;
    let mut w = world(&hostile);
    w.resource_mut::<interdiction::InterdictionOrders>()
        .0
        .push(interdiction::Order {
            by: BLUE,
            patron: RED,
            effort: 1.0,
        });
    w.run_system_once(supply::deliver_supplies).unwrap();
    assert_eq!(
        w.get::<Arsenal>(entity(&w, MILITIA)).unwrap().0.total(),
        before
    );
    let caught: Vec<Interdiction> = messages(&w);
    assert_eq!(caught.len(), 1);
    assert_eq!((caught[0].by, caught[0].patron), (BLUE, RED));
}

#[test]
fn intelligence_detects_preparations_and_verification_stops_false_alarms() {
    let mut theatre = duel();
    state_mut(&mut theatre, BLUE).intelligence.quality = Probability(1.0);
    state_mut(&mut theatre, BLUE).intelligence.false_alarm = Probability(1.0);
    let threat_after = |theatre: &Theatre, preparing: bool| {
        let mut w = world(theatre);
        let m = entity(&w, MILITIA);
        let mut proxy = w.get_mut::<ProxyState>(m).unwrap();
        proxy.benign_move = !preparing;
        proxy.preparing = preparing.then_some(Preparation {
            launch_day: 2,
            target: StrikeTarget::Forces(BLUE),
            against: BLUE,
        });
        w.run_system_once(intelligence::watch_adversaries).unwrap();
        w.get::<Perception>(entity(&w, BLUE)).unwrap().threat[MILITIA.0 as usize]
    };
    assert!(
        threat_after(&theatre, true) > 0.0,
        "a real preparation is seen"
    );
    assert!(
        threat_after(&theatre, false) > 0.0,
        "a benign move is misread"
    );
    theatre.verification.strength = Probability(1.0);
    assert_eq!(
        threat_after(&theatre, false),
        0.0,
        "full verification removes false alarms"
    );
}

#[test]
fn an_aggrieved_autonomous_militia_attacks_against_a_restraining_directive() {
    let mut theatre = duel();
    let m = militia_mut(&mut theatre);
    m.autonomy = Probability(1.0);
    m.attack_rate = Probability(1.0);
    m.grievance.initial = Probability(1.0);
    m.grievance_weight = Probability(1.0);
    m.preparation_days = 0;
    let mut w = world(&theatre);
    w.run_system_once(proxy_decisions::decide_proxy_actions)
        .unwrap();
    let orders: Vec<StrikeOrder> = messages(&w);
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].kind, StrikeKind::ProxyAttack);
    assert_eq!(orders[0].against, BLUE);

    let obedient = &mut militia_mut(&mut theatre);
    obedient.autonomy = Probability(0.0);
    let mut w = world(&theatre);
    w.run_system_once(proxy_decisions::decide_proxy_actions)
        .unwrap();
    assert!(
        messages::<StrikeOrder>(&w).is_empty(),
        "restrained and obedient, it holds"
    );
}

#[test]
fn a_state_answers_an_attributed_attack_by_its_retaliation_ratio() {
    let mut theatre = duel();
    let blue = state_mut(&mut theatre, BLUE);
    blue.doctrine.retaliate = Probability(1.0);
    blue.doctrine.execution_error = Probability(0.0);
    blue.doctrine.retaliation_ratio = Amount(2.0);
    blue.doctrine.minimum_strike = Amount(1.0);
    let mut w = world(&theatre);
    let b = entity(&w, BLUE);
    w.get_mut::<Grudges>(b).unwrap().0.push(Grudge {
        on_proxy: false,
        blamed: RED,
        via_proxy: None,
        volume: 10.0,
        day: 0,
    });
    let before = w.get::<Credibility>(b).unwrap().0;
    w.run_system_once(state_decisions::decide_state_actions)
        .unwrap();
    let orders: Vec<StrikeOrder> = messages(&w);
    let fired: f64 = orders.iter().map(|o| o.salvo.total()).sum();
    assert!((fired - 20.0).abs() < 1e-9, "fired {fired}");
    assert!(
        orders
            .iter()
            .all(|o| o.against == RED && o.kind == StrikeKind::Retaliation)
    );
    assert!(
        w.get::<Credibility>(b).unwrap().0 > before,
        "answering above the attack builds credibility"
    );
    assert!(w.get::<Grudges>(b).unwrap().0.is_empty());
}

#[test]
fn saturation_leaks_and_the_ledger_counts_both_sides() {
    let mut theatre = duel();
    state_mut(&mut theatre, BLUE).air_defence[0].engagements_per_wave = 10;
    if let ActorKind::Host(host) = &mut theatre.actors[HOST.0 as usize].kind {
        host.air_defence[0].engagements_per_wave = 10;
    }
    theatre.mechanisms.debris = false;
    let mut w = world(&theatre);
    let base = asset(&w, "blue_base");
    w.resource_mut::<Messages<StrikeOrder>>()
        .write(StrikeOrder {
            attacker: RED,
            against: BLUE,
            target: StrikeTarget::Asset(base),
            salvo: Munitions::new(0.0, 0.0, 30.0),
            kind: StrikeKind::Unprovoked,
        });
    w.run_system_once(strike_resolution::resolve_strikes)
        .unwrap();
    let report = &messages::<StrikeReport>(&w)[0];
    assert_eq!(report.intercepted.total() + report.leaked.total(), 30.0);
    assert!(
        report.leaked.total() >= 10.0,
        "two layers of 10 engagements cannot stop 30"
    );
    assert!(report.damage > 0.0);
    let ledger = w.resource::<Ledger>();
    assert!(ledger.attack_spending[RED.0 as usize] > 0.0);
    assert!(ledger.defence_spending[BLUE.0 as usize] > 0.0);
    assert!(w.get::<Interceptors>(entity(&w, BLUE)).unwrap().0[0] < 60.0);
}

#[test]
fn one_attackers_waves_of_a_day_share_each_layers_engagements() {
    // Thirty drones on one target, or ten on each of three targets defended by the same
    // layers: one raid either way, so the same number gets through.
    let leaked = |targets: &[&str]| {
        let mut theatre = duel();
        let red = state_mut(&mut theatre, RED);
        red.air_defence.truncate(1);
        red.air_defence[0].engagements_per_wave = 10;
        red.air_defence[0].stock = Amount(100.0);
        red.air_defence[0].max_stock = Amount(100.0);
        let mut w = world(&theatre);
        let per_target = 30.0 / targets.len() as f64;
        for id in targets {
            let target = StrikeTarget::Asset(asset(&w, id));
            w.resource_mut::<Messages<StrikeOrder>>()
                .write(StrikeOrder {
                    attacker: BLUE,
                    against: RED,
                    target,
                    salvo: Munitions::new(0.0, 0.0, per_target),
                    kind: StrikeKind::Unprovoked,
                });
        }
        w.run_system_once(strike_resolution::resolve_strikes)
            .unwrap();
        let reports = messages::<StrikeReport>(&w);
        let engaged: f64 = reports.iter().map(|r| r.interceptors).sum();
        (
            engaged,
            reports.iter().map(|r| r.leaked.total()).sum::<f64>(),
        )
    };
    let (one_engaged, _) = leaked(&["red_hq"]);
    let (spread_engaged, spread_leaked) = leaked(&["red_radar", "red_drones", "red_hq"]);
    assert_eq!(one_engaged, 10.0);
    assert_eq!(
        spread_engaged, 10.0,
        "the layer's ten engagements are shared"
    );
    assert!(spread_leaked >= 20.0);
}

fn militia_report(w: &World) -> StrikeReport {
    let base = asset(w, "blue_base");
    StrikeReport {
        order: StrikeOrder {
            attacker: MILITIA,
            against: BLUE,
            target: StrikeTarget::Asset(base),
            salvo: Munitions::new(0.0, 2.0, 4.0),
            kind: StrikeKind::ProxyAttack,
        },
        subject: crate::dice::Subject::wave(
            MILITIA,
            StrikeTarget::Asset(base),
            StrikeKind::ProxyAttack,
            0,
        ),
        victim: BLUE,
        location: TerritoryIx(2),
        sovereign: Some(HOST),
        intercepted: Munitions::default(),
        leaked: Munitions::new(0.0, 2.0, 4.0),
        interceptors: 0.0,
        attack_cost: 0.0,
        defence_cost: 0.0,
        damage: 0.0,
        debris: 0.0,
        destroyed: false,
    }
}

#[test]
fn attribution_follows_policy_and_deniability() {
    let blamed_by = |policy: f64, evidence: f64| {
        let mut theatre = duel();
        let a = &mut state_mut(&mut theatre, BLUE).attribution;
        a.policy = Probability(policy);
        a.evidence_weight = Probability(evidence);
        a.misattribution = Probability(0.0);
        let mut w = world(&theatre);
        let report = militia_report(&w);
        w.resource_mut::<Messages<StrikeReport>>().write(report);
        w.run_system_once(attribution::attribute_attacks).unwrap();
        let grudge = w.get::<Grudges>(entity(&w, BLUE)).unwrap().0[0].clone();
        (messages::<Attributed>(&w)[0].blamed, grudge.blamed)
    };
    assert_eq!(
        blamed_by(1.0, 0.0),
        (RED, RED),
        "a firm policy blames the patron"
    );
    assert_eq!(
        blamed_by(0.0, 0.0),
        (MILITIA, MILITIA),
        "no policy, no evidence: the militia"
    );
}

#[test]
fn a_package_over_several_targets_is_one_grudge() {
    let theatre = duel();
    let mut w = world(&theatre);
    for id in ["blue_base", "blue_ship"] {
        let target = StrikeTarget::Asset(asset(&w, id));
        let mut report = militia_report(&w);
        report.order.attacker = RED;
        report.order.kind = StrikeKind::Retaliation;
        report.order.target = target;
        w.resource_mut::<Messages<StrikeReport>>().write(report);
    }
    w.run_system_once(attribution::attribute_attacks).unwrap();
    let grudges = &w.get::<Grudges>(entity(&w, BLUE)).unwrap().0;
    assert_eq!(grudges.len(), 1);
    assert_eq!(grudges[0].volume, 12.0);
}

#[test]
fn violations_beyond_tolerance_collapse_the_ceasefire() {
    let mut theatre = duel();
    theatre.ceasefire.as_mut().unwrap().params.tolerance = 1;
    let attack = |perpetrator| Attributed {
        victim: BLUE,
        perpetrator,
        blamed: RED,
        against: BLUE,
        volume: 6.0,
        sovereignty: false,
    };
    let mut w = world(&theatre);
    w.resource_mut::<Truce>().status = TruceStatus::Holding;
    w.resource_mut::<Messages<Attributed>>()
        .write(attack(MILITIA));
    w.run_system_once(ceasefire::count_violations).unwrap();
    assert_eq!(
        w.resource::<Truce>().status,
        TruceStatus::Holding,
        "one violation is tolerated"
    );
    w.resource_mut::<Messages<Attributed>>().update();
    w.resource_mut::<Messages<Attributed>>().write(attack(RED));
    w.run_system_once(ceasefire::count_violations).unwrap();
    assert_eq!(w.resource::<Truce>().status, TruceStatus::Collapsed);
}

/// The duel at rung 3 with a mediator whose off-ramp is always taken.
fn offramp_certain() -> World {
    let mut theatre = duel();
    let m = &mut theatre.mediators[0].params;
    m.influence = Probability(1.0);
    m.offramp_rate = Probability(1.0);
    let mut w = world(&theatre);
    w.resource_mut::<Ladder>().rungs[0] = 3;
    w
}

#[test]
fn an_open_channel_offers_an_offramp() {
    let mut w = offramp_certain();
    w.get_mut::<Grudges>(entity(&w, BLUE))
        .unwrap()
        .0
        .push(Grudge {
            on_proxy: false,
            blamed: RED,
            via_proxy: None,
            volume: 5.0,
            day: 0,
        });
    w.run_system_once(diplomacy::mediate).unwrap();
    let day = w.resource::<Calendar>().day;
    let agreements = w.resource::<diplomacy::Agreements>();
    assert!(
        agreements.binding(0, day).is_none(),
        "it binds from tomorrow"
    );
    assert_eq!(
        agreements.restraint(0, day + 1),
        diplomacy::MediatorParams::default().offramp_restraint.get(),
        "the off-ramp is an agreement that restrains both sides"
    );
    assert_eq!(
        agreements.restraint(
            0,
            day + 1 + diplomacy::MediatorParams::default().offramp_days
        ),
        1.0,
        "for offramp_days"
    );
    assert_eq!(
        w.resource::<Ladder>().rungs[0],
        3,
        "the record is not rewritten"
    );
    assert!(
        w.get::<Grudges>(entity(&w, BLUE)).unwrap().0.is_empty(),
        "the off-ramp settles grudges"
    );
}

#[test]
fn an_offramp_does_not_erase_a_perceived_violation() {
    let mut w = offramp_certain();
    w.resource_mut::<Truce>().perceived[0].push((0, 1.0));
    w.run_system_once(diplomacy::mediate).unwrap();
    let day = w.resource::<Calendar>().day;
    assert!(
        w.resource::<diplomacy::Agreements>()
            .binding(0, day + 1)
            .is_some()
    );
    assert_eq!(w.resource::<Truce>().perceived[0], vec![(0, 1.0)]);
}

#[test]
fn strikes_on_a_host_wear_its_willingness_down_to_restriction() {
    let theatre = duel();
    let mut w = world(&theatre);
    for _ in 0..20 {
        let report = militia_report(&w);
        w.resource_mut::<Messages<StrikeReport>>().write(report);
    }
    assert!(w.resource::<Network>().reaches(BLUE, TerritoryIx(1)));
    w.run_system_once(host_nations::update_host_willingness)
        .unwrap();
    let willing = *w.get::<Willingness>(entity(&w, HOST)).unwrap();
    assert!(willing.value < 0.3 && willing.restricted);
    let mut network = w.resource_mut::<Network>();
    network.refresh();
    assert!(!network.basing_open(HOST, BLUE));
    assert!(
        !network.reaches(BLUE, TerritoryIx(1)),
        "the reach through the host is gone"
    );
}

#[test]
fn a_host_lifts_its_restriction_once_willingness_recovers() {
    let theatre = duel();
    let mut w = world(&theatre);
    for _ in 0..20 {
        let report = militia_report(&w);
        w.resource_mut::<Messages<StrikeReport>>().write(report);
    }
    w.run_system_once(host_nations::update_host_willingness)
        .unwrap();
    assert!(w.get::<Willingness>(entity(&w, HOST)).unwrap().restricted);
    w.resource_mut::<Messages<StrikeReport>>().update();
    w.resource_mut::<Messages<StrikeReport>>().update();
    w.get_mut::<Willingness>(entity(&w, HOST)).unwrap().value = 0.79;
    w.run_system_once(host_nations::update_host_willingness)
        .unwrap();
    let willing = *w.get::<Willingness>(entity(&w, HOST)).unwrap();
    assert!(!willing.restricted && willing.ever, "lifted on a calm day");
    let mut network = w.resource_mut::<Network>();
    network.refresh();
    assert!(network.basing_open(HOST, BLUE));
    assert!(network.reaches(BLUE, TerritoryIx(1)), "the reach is back");
}

#[test]
fn cooperation_follows_the_partners_credibility() {
    let mut theatre = duel();
    theatre.alliances.adjustment = Probability(1.0);
    let mut w = world(&theatre);
    w.get_mut::<Credibility>(entity(&w, BLUE)).unwrap().0 = 0.0;
    w.get_mut::<Arsenal>(entity(&w, BLUE)).unwrap().0 = Munitions::default();
    w.run_system_once(alliances::adjust_alliances).unwrap();
    let c = w.resource::<Cooperation>().of(HOST, BLUE).unwrap();
    assert!(c < 0.2, "a weak, silent partner loses its ally: {c}");
    assert!(
        w.get::<Willingness>(entity(&w, HOST)).unwrap().restricted,
        "and its basing"
    );
}

#[test]
fn the_rung_is_the_highest_act_between_the_sides() {
    let theatre = duel();
    let mut w = world(&theatre);
    let dyad = w
        .resource::<SharedRoster>()
        .dyad(BLUE, MILITIA)
        .map(|d| d as u16);
    for (cameo, class) in [
        (Cameo::Threaten, Rung::GreyZone),
        (Cameo::AerialStrike, Rung::ProxyWar),
    ] {
        let e = Event {
            day: 0,
            actor: MILITIA,
            target: BLUE,
            cameo,
            attributed_to: MILITIA,
            real: true,
            class,
            volume: 6.0,
            direct: false,
            dyad,
            reason: None,
            asset: None,
            leaked: 0.0,
        };
        w.resource_mut::<Messages<Act>>().write(Act(e));
    }
    w.run_system_once(ladder::climb_ladder).unwrap();
    w.run_system_once(metrics::record_day).unwrap();
    assert_eq!(w.resource::<Ladder>().rungs[0], 2);
    let row = &w.resource::<RunLog>().rows[0];
    assert_eq!((row.rung, row.goldstein), (2, -17.0));
}

#[test]
fn a_new_day_puts_the_ceasefire_in_force_and_ages_the_hits() {
    let mut theatre = duel();
    theatre.ceasefire.as_mut().unwrap().start_day = 2;
    let mut w = world(&theatre);
    w.resource_mut::<Hits>().today[0] = 3;
    w.run_system_once(calendar::begin_day).unwrap();
    assert_eq!(w.resource::<Hits>().yesterday[0], 3);
    assert_eq!(w.resource::<Hits>().today[0], 0);
    assert_eq!(
        w.resource::<Truce>().status,
        TruceStatus::Pending,
        "not before its start day"
    );
    w.resource_mut::<Calendar>().day = 2;
    w.run_system_once(calendar::begin_day).unwrap();
    assert_eq!(w.resource::<Truce>().status, TruceStatus::Holding);
    let declared: Vec<Act> = messages(&w);
    assert_eq!(declared[0].0.cameo, Cameo::DeclareCeasefire);
}

#[test]
fn shocks_happen_on_their_day() {
    let mut theatre = duel();
    let merchant = theatre
        .assets
        .iter()
        .position(|a| a.id == "merchant")
        .unwrap();
    theatre.shocks = vec![
        ShockSpec {
            day: 1,
            label: "merchant struck".into(),
            kind: ShockKind::Strike {
                by: RED,
                target: AssetIx(merchant as u32),
                salvo: Munitions::new(0.0, 1.0, 0.0),
            },
        },
        ShockSpec {
            day: 1,
            label: "sanctions".into(),
            kind: ShockKind::Sanctions {
                on: RED,
                level: 0.7,
            },
        },
    ];
    let mut w = world(&theatre);
    w.run_system_once(shocks::apply_shocks).unwrap();
    assert!(messages::<StrikeOrder>(&w).is_empty(), "nothing on day 0");
    w.resource_mut::<Calendar>().day = 1;
    w.run_system_once(shocks::apply_shocks).unwrap();
    let orders: Vec<StrikeOrder> = messages(&w);
    assert_eq!(
        (orders.len(), orders[0].kind, orders[0].attacker),
        (1, StrikeKind::Shock, RED)
    );
    assert_eq!(w.get::<Sanctions>(entity(&w, RED)).unwrap().0, 0.7);
}

#[test]
fn one_more_wave_leaves_every_other_waves_draws_unchanged() {
    // Deep stocks and capacity, so that no wave takes interceptors from another: what
    // differs can only be the draws. The extra wave falls between the others in any
    // sorted list, which shifted every later wave's draws when they were keyed by
    // position.
    let resolve = |extra: bool| {
        let mut theatre = duel();
        for a in &mut theatre.actors {
            let layers = match &mut a.kind {
                ActorKind::State(p) => &mut p.air_defence,
                ActorKind::Host(h) => &mut h.air_defence,
                ActorKind::Militia(_) => continue,
            };
            for l in layers {
                l.stock = Amount(10_000.0);
                l.max_stock = Amount(10_000.0);
                l.engagements_per_wave = 10_000;
            }
        }
        let mut w = world(&theatre);
        let mut waves = vec![
            (RED, BLUE, "blue_base"),
            (RED, BLUE, "host_refinery"),
            (BLUE, RED, "red_radar"),
            (BLUE, RED, "red_hq"),
        ];
        if extra {
            waves.insert(2, (BLUE, RED, "red_drones"));
        }
        for (attacker, against, id) in waves {
            let target = StrikeTarget::Asset(asset(&w, id));
            w.resource_mut::<Messages<StrikeOrder>>()
                .write(StrikeOrder {
                    attacker,
                    against,
                    target,
                    salvo: Munitions::new(5.0, 10.0, 30.0),
                    kind: StrikeKind::Unprovoked,
                });
        }
        w.run_system_once(strike_resolution::resolve_strikes)
            .unwrap();
        let mut out: Vec<_> = messages::<StrikeReport>(&w)
            .into_iter()
            .map(|r| {
                (
                    r.order.target,
                    (r.intercepted, r.leaked, r.debris, r.damage),
                )
            })
            .collect();
        out.sort_by_key(|(t, _)| *t);
        out
    };
    let without = resolve(false);
    let mut with = resolve(true);
    let w = world(&duel());
    let added = StrikeTarget::Asset(asset(&w, "red_drones"));
    assert_eq!(with.len(), without.len() + 1);
    with.retain(|(t, _)| *t != added);
    assert_eq!(with, without);
    assert!(
        without.iter().any(|(_, (_, _, debris, _))| *debris > 0.0),
        "debris draws are part of the comparison"
    );
}

#[test]
fn relocated_assets_leave_every_attackers_reach() {
    use crate::mechanisms::relocation::Relocations;
    use crate::mechanisms::targeting::reachable;
    let mut theatre = duel();
    let ix =
        |t: &Theatre, id: &str| AssetIx(t.assets.iter().position(|a| a.id == id).unwrap() as u32);
    let (base, ship) = (ix(&theatre, "blue_base"), ix(&theatre, "blue_ship"));
    theatre.assets[base.0 as usize].relocate_after_strikes = Some(0);
    theatre.shocks = vec![ShockSpec {
        day: 1,
        label: "ship moved".into(),
        kind: ShockKind::Relocate { asset: ship },
    }];
    let mut w = world(&theatre);
    let in_reach = |w: &mut World| {
        w.run_system_once(
            |roster: Local<SharedRoster>,
             network: Res<Network>,
             health: Query<&Health>,
             relocations: Res<Relocations>| {
                reachable((&roster, &network, &health, &relocations), RED, |_| true)
            },
        )
        .unwrap()
    };
    let before = in_reach(&mut w);
    assert!(!before.contains(&base), "moved before the crisis");
    assert!(
        before.contains(&ship),
        "the ship is in reach until the shock"
    );
    w.resource_mut::<Calendar>().day = 1;
    w.run_system_once(shocks::apply_shocks).unwrap();
    let after = in_reach(&mut w);
    assert!(!after.contains(&ship), "the shock moved it out of reach");
    assert!(w.resource::<Relocations>().away(ship));
}
