//! The serde types on their own, and a theatre of realistic synthetic size.

use grayzone_scenario::Scenario;
use grayzone_scenario::format::{ActorEntry, ActorKindName, CeasefireEntry, ShockEntry};
use serde_json::json;

/// serde alone rejects unknown fields on actors and shocks (a backstop behind the
/// schema): the flattened kind is an internally tagged enum whose blocks deny unknown
/// fields.
#[test]
fn serde_rejects_unknown_actor_and_shock_fields() {
    let actor = json!({ "id": "kh", "kind": "militia", "territory": "iraq", "autonmy": 0.5 });
    let error = serde_json::from_value::<ActorEntry>(actor).unwrap_err();
    assert!(
        error.to_string().contains("unknown field `autonmy`"),
        "{error}"
    );

    let actor = json!({ "id": "kh", "kind": "militia", "territory": "iraq", "autonomy": 0.5 });
    let actor = serde_json::from_value::<ActorEntry>(actor).unwrap();
    assert_eq!(actor.params.kind(), ActorKindName::Militia);

    let shock = json!({ "day": 3, "kind": "sanctions", "on": "irgc", "level": 0.5, "lvl": 1 });
    assert!(serde_json::from_value::<ShockEntry>(shock).is_err());
}

/// serde cannot close an object that flattens a plain struct: this is why the schema
/// check runs first, and what it adds.
#[test]
fn the_schema_closes_what_serde_cannot() {
    let ceasefire = json!({ "parties": ["a", "b"], "tolerence": 3 });
    assert!(serde_json::from_value::<CeasefireEntry>(ceasefire).is_ok());
    let text = r#"{ "name": "x", "days": 9,
        "actors": [ { "id": "a", "kind": "state" }, { "id": "b", "kind": "state" } ],
        "ceasefire": { "parties": ["a", "b"], "tolerence": 3 } }"#;
    let problems = Scenario::from_str(text, "x.json").unwrap_err();
    assert!(
        problems
            .to_string()
            .contains("ceasefire.tolerence: unknown field")
    );
}

/// Actors serialise back flat, with their kind, so a program can write scenarios.
#[test]
fn actors_serialise_flat() {
    let actor = json!({ "id": "bahrain", "kind": "host", "willingness": 0.5 });
    let actor: ActorEntry = serde_json::from_value(actor).unwrap();
    let written = serde_json::to_value(&actor).unwrap();
    assert_eq!(written["kind"], "host");
    assert_eq!(written["willingness"], 0.5);
    assert_eq!(written["restrict_below"], 0.3);
}

/// Thousands of militias are read whole (how fast is `grayzone bench`'s to say, not a test's).
#[test]
fn large_synthetic_theatre() {
    let patrons = 20;
    let militias = 3000;
    let mut actors = Vec::new();
    let mut sponsors = Vec::new();
    let mut hostile = Vec::new();
    for p in 0..patrons {
        actors.push(json!({ "id": format!("state_{p}"), "kind": "state" }));
    }
    actors.push(json!({ "id": "target", "kind": "state" }));
    for m in 0..militias {
        let patron = format!("state_{}", m % patrons);
        actors.push(json!({ "id": format!("m_{m}"), "kind": "militia", "territory": patron, "autonomy": 0.5 }));
        sponsors.push(json!({ "patron": patron, "militia": format!("m_{m}") }));
        hostile.push(json!(["target", format!("m_{m}")]));
    }
    let document = json!({
        "name": "synthetic", "days": 365, "actors": actors,
        "network": { "sponsors": sponsors, "hostile": hostile }
    });
    let text = serde_json::to_string_pretty(&document).unwrap();
    let scenario = Scenario::from_str(&text, "synthetic.json").unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(scenario.theatre().actors.len(), patrons + 1 + militias);
    assert_eq!(scenario.theatre().network.sponsors.len(), militias);
}
