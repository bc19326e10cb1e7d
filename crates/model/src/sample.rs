//! Small hand-built theatres for examples, unit tests and benchmarks.

use crate::theatre::*;
use crate::*;

/// A small theatre: two hostile states ("blue" and "red"), a red militia operating from
/// a third country through a transit corridor, a host nation basing blue, assets on every
/// side, and a ceasefire between blue and red with a mediator.
// A theatre written out in full, as data: long, and meant to be read as a scenario.
pub fn duel() -> Theatre {
    let territories = vec![
        territory("blue", Some(0), true),
        territory("red", Some(1), true),
        territory("host", Some(3), true),
        territory("third", None, true),
        territory("sea", None, false),
    ];
    let layer = DefenceLayer {
        name: "area defence".into(),
        stock: Amount(60.0),
        max_stock: Amount(60.0),
        ..DefenceLayer::default()
    };
    let state = |arsenal: Munitions| StateParams {
        arsenal,
        air_defence: vec![layer.clone()],
        ..StateParams::default()
    };
    let actors = vec![
        actor(
            "blue",
            "Blue",
            0,
            ActorKind::State(Box::new(state(Munitions::new(50.0, 200.0, 100.0)))),
        ),
        actor(
            "red",
            "Red",
            1,
            ActorKind::State(Box::new(state(Munitions::new(150.0, 80.0, 400.0)))),
        ),
        actor(
            "militia",
            "Red Militia",
            3,
            ActorKind::Militia(Box::default()),
        ),
        actor(
            "host",
            "Host",
            2,
            ActorKind::Host(Box::new(HostParams {
                air_defence: vec![layer.clone()],
                ..HostParams::default()
            })),
        ),
    ];
    let assets = vec![
        asset("blue_base", AssetKind::Base, 0, 2, 2e9, 3.0, true),
        asset("blue_ship", AssetKind::Vessel, 0, 4, 1e9, 2.0, false),
        asset("red_radar", AssetKind::Radar, 1, 1, 2e8, 1.0, false),
        asset("red_drones", AssetKind::DroneStore, 1, 1, 3e8, 2.0, false),
        asset("red_hq", AssetKind::Command, 1, 1, 1e9, 4.0, true),
        asset("host_refinery", AssetKind::Refinery, 3, 2, 5e8, 1.0, false),
        asset("merchant", AssetKind::Vessel, 3, 4, 5e7, 1.0, false),
    ];
    let network = NetworkSpec {
        sponsors: vec![SponsorSpec {
            patron: ActorIx(1),
            militia: ActorIx(2),
            capacity: 4.0,
            command: 0.8,
        }],
        transit: vec![TransitSpec {
            id: "corridor".into(),
            patron: ActorIx(1),
            militia: ActorIx(2),
            via: TerritoryIx(3),
            capacity: 3.0,
            exposure: 0.3,
        }],
        hosts: vec![HostingSpec {
            host: ActorIx(3),
            guest: ActorIx(0),
        }],
        hostile: vec![(ActorIx(0), ActorIx(1)), (ActorIx(0), ActorIx(2))],
        allied: vec![AlliedSpec {
            a: ActorIx(0),
            b: ActorIx(3),
            cooperation: 0.8,
        }],
        linkage: Vec::new(),
        reach: vec![
            ReachSpec {
                from: ActorIx(0),
                to: TerritoryIx(1),
                via: Some(ActorIx(3)),
            },
            ReachSpec {
                from: ActorIx(0),
                to: TerritoryIx(3),
                via: None,
            },
            ReachSpec {
                from: ActorIx(1),
                to: TerritoryIx(2),
                via: None,
            },
            ReachSpec {
                from: ActorIx(1),
                to: TerritoryIx(4),
                via: None,
            },
            ReachSpec {
                from: ActorIx(2),
                to: TerritoryIx(2),
                via: None,
            },
            ReachSpec {
                from: ActorIx(2),
                to: TerritoryIx(4),
                via: None,
            },
        ],
        flight_paths: Vec::new(),
    };
    Theatre {
        name: "duel".into(),
        actors,
        territories,
        assets,
        network,
        ceasefire: Some(CeasefireSpec {
            parties: (ActorIx(0), ActorIx(1)),
            start_day: 0,
            params: CeasefireParams::default(),
        }),
        mediators: vec![MediatorSpec {
            id: "mediator".into(),
            name: "Mediator".into(),
            params: MediatorParams::default(),
        }],
        ..Theatre::default()
    }
}

fn territory(id: &str, sovereign: Option<u32>, populated: bool) -> TerritorySpec {
    TerritorySpec {
        id: id.into(),
        sovereign: sovereign.map(ActorIx),
        populated,
    }
}

fn actor(id: &str, name: &str, territory: u32, kind: ActorKind) -> ActorSpec {
    ActorSpec {
        id: id.into(),
        name: name.into(),
        territory: TerritoryIx(territory),
        kind,
    }
}

fn asset(
    id: &str,
    kind: AssetKind,
    owner: u32,
    location: u32,
    value: f64,
    hardness: f64,
    core: bool,
) -> AssetSpec {
    AssetSpec {
        id: id.into(),
        name: id.replace('_', " "),
        kind,
        owner: ActorIx(owner),
        location: TerritoryIx(location),
        value,
        hardness,
        core,
        commercial: kind == AssetKind::Vessel && owner == 3,
        relocate_after_strikes: None,
    }
}
