//! Valid scenarios: defaults filled in, names resolved to the right indices, and the
//! document written back as it was read.

use std::path::{Path, PathBuf};

use grayzone_model::{
    ActorIx, ActorKind, AssetIx, AssetKind, MilitiaParams, ShockKind, StateParams, TerritoryIx,
};
use grayzone_scenario::Scenario;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/valid")
        .join(name)
}

fn gulf() -> Scenario {
    Scenario::from_path(data("gulf.json")).unwrap_or_else(|d| panic!("{d:#}"))
}

fn state(scenario: &Scenario, i: usize) -> &StateParams {
    match &scenario.theatre().actors[i].kind {
        ActorKind::State(params) => params,
        other => panic!("actor {i} is a {}", other.label()),
    }
}

fn militia(scenario: &Scenario, i: usize) -> &MilitiaParams {
    match &scenario.theatre().actors[i].kind {
        ActorKind::Militia(params) => params,
        other => panic!("actor {i} is a {}", other.label()),
    }
}

#[test]
fn header_fields_and_hash() {
    let scenario = gulf();
    assert_eq!(scenario.name(), "gulf-test");
    assert_eq!(scenario.theatre().name, "gulf-test");
    assert_eq!(scenario.days(), 60);
    assert_eq!(scenario.seed(), 7);
    assert!(scenario.description().starts_with("A small Gulf theatre"));
    assert!(scenario.origin().ends_with("gulf.json"));
    let hash = scenario.hash();
    assert_eq!(hash.len(), 64);
    assert!(
        hash.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );

    // The hash is of the bytes: the same text hashes the same, a space changes it.
    let text = std::fs::read_to_string(data("gulf.json")).unwrap();
    assert_eq!(Scenario::from_str(&text, "x").unwrap().hash(), hash);
    let spaced = format!("{text} ");
    assert_ne!(Scenario::from_str(&spaced, "x").unwrap().hash(), hash);
    // A known answer: `sha256sum tests/data/valid/minimal.json`.
    let minimal = Scenario::from_path(data("minimal.json")).unwrap();
    assert_eq!(
        minimal.hash(),
        "38fb1fe849ec9eac38a791b5a7e12ffa5310b3f8331ff641b108667abad017b1"
    );
}

#[test]
fn minimal_scenario_takes_every_default() {
    let scenario = Scenario::from_path(data("minimal.json")).unwrap();
    let theatre = scenario.theatre();
    assert_eq!(scenario.seed(), 0);
    assert_eq!(scenario.description(), "");
    assert_eq!(theatre.actors.len(), 1);
    assert_eq!(
        theatre.actors[0].name, "blue",
        "the name defaults to the id"
    );
    assert_eq!(theatre.territories.len(), 1, "a state is a territory");
    assert_eq!(theatre.territories[0].id, "blue");
    assert_eq!(theatre.territories[0].sovereign, Some(ActorIx(0)));
    assert!(theatre.territories[0].populated);
    assert!(theatre.ceasefire.is_none());
    assert!(theatre.assets.is_empty() && theatre.shocks.is_empty());
    assert_eq!(*state(&scenario, 0), StateParams::default());
    assert_eq!(theatre.mechanisms, grayzone_model::Mechanisms::default());
    assert_eq!(theatre.ladder, grayzone_model::LadderParams::default());
}

#[test]
fn a_byte_order_mark_is_ignored_but_hashed() {
    let text = std::fs::read_to_string(data("minimal.json")).unwrap();
    let marked = format!("\u{feff}{text}");
    let scenario = Scenario::from_str(&marked, "bom.json").unwrap();
    assert_eq!(scenario.name(), "minimal");
    assert_ne!(
        scenario.hash(),
        Scenario::from_str(&text, "x").unwrap().hash()
    );
    let bad = marked.replace("\"days\": 30", "\"days\": -1");
    let diagnostics = Scenario::from_str(&bad, "bom.json").unwrap_err();
    assert_eq!(diagnostics.iter().next().unwrap().column, 11);
}

/// JSON Schema counts `30.0` as a whole number; so does the reader.
#[test]
fn whole_numbers_may_be_written_as_floats() {
    let text = r#"{ "name": "x", "days": 30.0, "actors": [
        { "id": "a", "kind": "state", "doctrine": { "targets_per_strike": 4.0, "retaliation_ratio": 2 } } ] }"#;
    let scenario = Scenario::from_str(text, "x.json").unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(scenario.days(), 30);
    assert_eq!(state(&scenario, 0).doctrine.targets_per_strike, 4);
    assert_eq!(state(&scenario, 0).doctrine.retaliation_ratio.get(), 2.0);
}

#[test]
fn actors_and_territories_resolve() {
    let scenario = gulf();
    let theatre = scenario.theatre();
    let ids: Vec<&str> = theatre.actors.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "us",
            "irgc",
            "israel",
            "kataib_hezbollah",
            "hezbollah",
            "bahrain",
            "kuwait",
            "lebanon_host"
        ]
    );
    // Own soil of states and hosts first, in actor order, then named territories.
    let places: Vec<&str> = theatre.territories.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        places,
        [
            "us",
            "irgc",
            "israel",
            "bahrain",
            "kuwait",
            "lebanon_host",
            "strait",
            "iraq",
            "south_lebanon"
        ]
    );
    assert_eq!(theatre.actors[0].territory, TerritoryIx(0));
    assert_eq!(theatre.actors[5].territory, TerritoryIx(3), "bahrain");
    assert_eq!(
        theatre.actors[3].territory,
        TerritoryIx(7),
        "kataib_hezbollah in iraq"
    );
    assert_eq!(
        theatre.actors[4].territory,
        TerritoryIx(8),
        "hezbollah in south_lebanon"
    );
    assert_eq!(
        theatre.territories[8].sovereign,
        Some(ActorIx(7)),
        "lebanon_host"
    );
    assert_eq!(theatre.territories[7].sovereign, None);
    assert!(!theatre.territories[6].populated, "the strait");
    assert_eq!(theatre.actors[0].name, "United States");
}

#[test]
fn parameters_are_read_and_defaults_filled() {
    let scenario = gulf();
    let us = state(&scenario, 0);
    assert_eq!(us.arsenal.cruise.get(), 400.0);
    assert_eq!(us.arsenal.ballistic.get(), 0.0);
    assert_eq!(us.doctrine.retaliation_ratio.get(), 1.5);
    assert_eq!(us.doctrine.targets_per_strike, 10);
    assert_eq!(
        us.doctrine.retaliate,
        grayzone_model::Doctrine::default().retaliate,
        "unnamed fields of a named block keep their defaults"
    );
    assert_eq!(us.attribution.policy.get(), 0.9);
    let patriot = &us.air_defence[0];
    assert_eq!(patriot.name, "Patriot");
    assert_eq!((patriot.stock.get(), patriot.max_stock.get()), (60.0, 80.0));
    assert_eq!(patriot.shots_per_target, 2);
    assert_eq!(patriot.pk, grayzone_model::DefenceLayer::default().pk);

    assert_eq!(militia(&scenario, 3).autonomy.get(), 0.6);
    assert_eq!(*militia(&scenario, 4), MilitiaParams::default());
    match &scenario.theatre().actors[5].kind {
        ActorKind::Host(host) => {
            assert_eq!(host.willingness.get(), 0.8);
            assert_eq!(host.air_defence[0].stock.get(), 20.0);
        }
        other => panic!("bahrain is a {}", other.label()),
    }
}

#[test]
fn assets_resolve_with_default_locations() {
    let scenario = gulf();
    let assets = &scenario.theatre().assets;
    let nsa = &assets[0];
    assert_eq!(
        (nsa.id.as_str(), nsa.kind),
        ("nsa_bahrain", AssetKind::Base)
    );
    assert_eq!((nsa.owner, nsa.location), (ActorIx(0), TerritoryIx(3)));
    assert_eq!((nsa.value, nsa.hardness, nsa.core), (2e9, 3.0, true));
    let ali = &assets[1];
    assert_eq!(ali.name, "ali_al_salem");
    assert_eq!((ali.value, ali.hardness, ali.core), (1e8, 1.0, false));
    assert_eq!(
        assets[2].location,
        TerritoryIx(3),
        "bapco stands on its owner's soil"
    );
    assert_eq!(assets[3].location, TerritoryIx(1), "the radar on Iran's");
    assert_eq!(
        assets[5].location,
        TerritoryIx(6),
        "the vessel in the strait"
    );
    assert_eq!(
        assets[6].location,
        TerritoryIx(7),
        "a militia's store where it operates"
    );
    assert_eq!(assets[4].kind, AssetKind::DroneStore);
}

#[test]
fn network_resolves() {
    let scenario = gulf();
    let net = &scenario.theatre().network;
    assert_eq!(
        (net.sponsors[0].patron, net.sponsors[0].militia),
        (ActorIx(1), ActorIx(3))
    );
    assert_eq!(
        (net.sponsors[0].capacity, net.sponsors[0].command),
        (4.0, 0.7)
    );
    assert_eq!(
        (net.sponsors[1].capacity, net.sponsors[1].command),
        (2.0, 0.8),
        "defaults"
    );
    let corridor = &net.transit[0];
    assert_eq!(corridor.id, "iraq_corridor");
    assert_eq!(
        (corridor.patron, corridor.militia, corridor.via),
        (ActorIx(1), ActorIx(4), TerritoryIx(7))
    );
    assert_eq!((corridor.capacity, corridor.exposure), (3.0, 0.2));
    assert_eq!(
        (net.hosts[1].host, net.hosts[1].guest),
        (ActorIx(6), ActorIx(0))
    );
    assert_eq!(
        net.hostile,
        [
            (ActorIx(0), ActorIx(1)),
            (ActorIx(2), ActorIx(4)),
            (ActorIx(0), ActorIx(3))
        ]
    );
    assert_eq!(
        (net.allied[0].a, net.allied[0].b, net.allied[0].cooperation),
        (ActorIx(0), ActorIx(2), 0.8)
    );
    assert_eq!(
        (
            net.linkage[0].actor,
            net.linkage[0].tied_to,
            net.linkage[0].weight
        ),
        (ActorIx(1), ActorIx(2), 1.0)
    );
    assert_eq!(
        (net.reach[0].from, net.reach[0].to, net.reach[0].via),
        (ActorIx(0), TerritoryIx(1), Some(ActorIx(5)))
    );
    assert_eq!((net.reach[1].to, net.reach[1].via), (TerritoryIx(3), None));
    assert_eq!(net.reach[2].to, TerritoryIx(6));
}

#[test]
fn diplomacy_and_shocks_resolve() {
    let scenario = gulf();
    let theatre = scenario.theatre();
    let ceasefire = theatre.ceasefire.as_ref().unwrap();
    assert_eq!(ceasefire.parties, (ActorIx(0), ActorIx(1)));
    assert_eq!(ceasefire.start_day, 0);
    assert_eq!(
        (ceasefire.params.tolerance, ceasefire.params.window_days),
        (3, 14)
    );
    assert_eq!(
        ceasefire.params.remediation_rate,
        grayzone_model::CeasefireParams::default().remediation_rate
    );
    assert_eq!(theatre.mediators[0].name, "Swiss channel");
    assert_eq!(theatre.mediators[0].params.influence.get(), 0.5);
    assert_eq!(theatre.mediators[1].name, "oman");
    assert_eq!(
        theatre.mediators[1].params,
        grayzone_model::MediatorParams::default()
    );
    assert_eq!(theatre.verification.strength.get(), 0.2);

    let shocks = &theatre.shocks;
    assert_eq!(
        (shocks[0].day, shocks[0].label.as_str()),
        (1, "commercial vessel struck")
    );
    match &shocks[0].kind {
        ShockKind::Strike { by, target, salvo } => {
            assert_eq!((*by, *target), (ActorIx(1), AssetIx(5)));
            assert_eq!(salvo.total(), 1.0);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(shocks[1].kind, ShockKind::Sanctions { on: ActorIx(1), level } if level == 0.6)
    );
    assert!(matches!(
        shocks[2].kind,
        ShockKind::RestrictBasing { host: ActorIx(6) }
    ));
    assert!(matches!(shocks[3].kind, ShockKind::DeclareCeasefire));

    assert!(!theatre.mechanisms.probing);
    assert!(theatre.mechanisms.rearmament);
    assert_eq!(theatre.ladder.window_days, 7);
    assert_eq!(theatre.alliances.adjustment.get(), 0.1);
    assert_eq!(theatre.directives.harass.get(), 0.5);
}

#[test]
fn written_back_as_read() {
    let scenario = gulf();
    let original = std::fs::read_to_string(data("gulf.json")).unwrap();
    assert_eq!(scenario.to_json_string_pretty(), original);
    let again = Scenario::from_str(&scenario.to_json_string_pretty(), "again.json").unwrap();
    assert_eq!(again.document(), scenario.document());
    assert_eq!(again.hash(), scenario.hash());
    assert_eq!(
        format!("{:?}", again.theatre()),
        format!("{:?}", scenario.theatre())
    );
}

#[test]
fn resolved_document_writes_defaults_out() {
    let scenario = gulf();
    let resolved = scenario.resolved_document();
    assert_eq!(resolved["actors"][4]["autonomy"], 0.5);
    assert_eq!(resolved["actors"][0]["doctrine"]["retaliate"], 0.5);
    assert_eq!(resolved["ceasefire"]["remediation_rate"], 0.1);
    assert_eq!(resolved["mechanisms"]["rearmament"], true);
    // It is itself a valid scenario that means the same.
    let text = serde_json::to_string(&resolved).unwrap();
    let same = Scenario::from_str(&text, "resolved.json").unwrap_or_else(|d| panic!("{d:#}"));
    assert_eq!(
        format!("{:?}", same.theatre()),
        format!("{:?}", scenario.theatre())
    );
}

#[test]
fn shipped_scenarios_are_valid() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json")
            && !path.to_string_lossy().ends_with(".schema.json")
            && let Err(diagnostics) = Scenario::from_path(&path)
        {
            panic!("{diagnostics:#}");
        }
    }
}
