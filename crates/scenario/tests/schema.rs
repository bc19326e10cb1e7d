//! The published JSON Schema: a valid draft 2020-12 schema, documented, that accepts
//! every valid scenario.

use std::path::Path;

use serde_json::Value;

#[test]
fn schema_is_a_documented_draft_2020_12_schema() {
    let schema = grayzone_scenario::json_schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["title"], "grayzone scenario");
    assert!(schema["description"].as_str().unwrap().len() > 100);
    jsonschema::meta::validate(&schema).unwrap();
    // It survives a round trip through text, as it will be published.
    let text = serde_json::to_string_pretty(&schema).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), schema);
}

/// Every field of every object has a description, except the placeholders (`true`) by
/// which a kind's branch admits the common fields checked elsewhere.
#[test]
fn every_field_is_described() {
    let schema = grayzone_scenario::json_schema();
    let mut undocumented = Vec::new();
    walk(&schema, "#", &mut undocumented);
    assert!(undocumented.is_empty(), "no description: {undocumented:#?}");
    // Spot checks: model parameters carry their doc comments.
    let militia = &schema["$defs"]["ActorEntry"]["allOf"][1]["then"]["properties"]["autonomy"];
    assert!(
        militia["description"]
            .as_str()
            .unwrap()
            .starts_with("Autonomy in [0, 1]")
    );
    assert_eq!(militia["default"], 0.5);
}

fn walk(node: &Value, at: &str, out: &mut Vec<String>) {
    let Some(map) = node.as_object() else { return };
    if let Some(Value::Object(properties)) = map.get("properties") {
        for (name, property) in properties {
            if property.is_object() && property.get("description").is_none() && !at.ends_with("/if")
            {
                out.push(format!("{at}/properties/{name}"));
            }
        }
    }
    for (key, child) in map {
        if ["default", "enum", "const"].contains(&key.as_str()) {
            continue;
        }
        match child {
            Value::Object(_) => walk(child, &format!("{at}/{key}"), out),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{at}/{key}/{i}"), out);
                }
            }
            _ => {}
        }
    }
}

#[test]
fn schema_accepts_every_valid_scenario() {
    let schema = grayzone_scenario::json_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(root.join("tests/data/valid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    if let Ok(shipped) = std::fs::read_dir(root.join("../../scenarios")) {
        files.extend(
            shipped
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .filter(|p| !p.to_string_lossy().ends_with(".schema.json")),
        );
    }
    assert!(files.len() >= 2);
    for file in files {
        let document: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&document)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
        // And the fully defaulted form of each, which writes every field out.
        let scenario = grayzone_scenario::Scenario::from_path(&file).unwrap();
        let resolved = scenario.resolved_document();
        let errors: Vec<String> = validator
            .iter_errors(&resolved)
            .map(|e| e.to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "{} resolved: {errors:#?}",
            file.display()
        );
    }
}

#[test]
fn schema_closes_objects_and_bounds_numbers() {
    let schema = grayzone_scenario::json_schema();
    let defs = &schema["$defs"];
    assert_eq!(defs["CeasefireEntry"]["additionalProperties"], false);
    assert_eq!(defs["MediatorEntry"]["additionalProperties"], false);
    for branch in defs["ActorEntry"]["allOf"].as_array().unwrap() {
        assert_eq!(branch["then"]["additionalProperties"], false);
    }
    assert_eq!(schema["properties"]["days"]["minimum"], 1);
    assert_eq!(schema["properties"]["days"]["maximum"], 100_000);
    assert_eq!(defs["Amount"]["maximum"], 1e15);
    let threaten = &defs["Doctrine"]["properties"]["threaten_above"];
    assert_eq!(
        (threaten["minimum"].as_f64(), threaten["maximum"].as_f64()),
        (Some(-1e15), Some(1e15))
    );
    assert_eq!(
        defs["DefenceLayer"]["properties"]["shots_per_target"]["maximum"],
        u32::MAX
    );
    assert_eq!(defs["AssetKind"]["enum"].as_array().unwrap().len(), 9);
}

#[test]
fn asset_kinds_match_the_model() {
    let schema = grayzone_scenario::json_schema();
    let names: Vec<&str> = schema["$defs"]["AssetKind"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let model: Vec<&str> = grayzone_model::AssetKind::ALL
        .iter()
        .map(|k| k.label())
        .collect();
    assert_eq!(names, model);
}
