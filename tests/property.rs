//! Property test over random scenarios (issue "Untrusted input", item 7): every valid
//! scenario, however extreme its numbers within their documented ranges, gives a run
//! whose outcomes are all finite (checked on the record itself, since JSON writes a
//! NaN or an infinity as null) and files with no infinite or undefined number in their
//! text. Seeded: a failure names its case and reruns the same. Mutated texts that must
//! load or fail cleanly, never panic, are `crates/scenario/tests/robustness.rs`.

#![allow(clippy::print_stdout, reason = "the test reports how much it tried")]

use std::path::Path;

use grayzone_model::Detail;
use grayzone_scenario::Scenario;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use serde_json::Value;

const SHIPPED: [&str; 4] = [
    "axis-of-resistance",
    "hormuz-2026",
    "iran-israel-truce",
    "red-line-probing",
];

fn shipped(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(format!("{name}.json"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The largest amount a scenario may hold (`grayzone_model::AMOUNT_MAX`).
const MAX: f64 = grayzone_model::AMOUNT_MAX;

/// A new value for a number of the scenario: within its probable range, often at an end.
fn mutate_number(x: &serde_json::Number, rng: &mut ChaCha8Rng) -> Value {
    let v = x.as_f64().unwrap_or(0.0);
    let whole = x.is_u64() || x.is_i64();
    if (0.0..=1.0).contains(&v) && !whole {
        let p = match rng.random_range(0..4) {
            0 => 0.0,
            1 => 1.0,
            _ => rng.random_range(0.0..=1.0),
        };
        return serde_json::json!(p);
    }
    if whole {
        let n: u64 = match rng.random_range(0..5) {
            0 => 0,
            1 => 1,
            2 => x.as_u64().unwrap_or(0).saturating_mul(10),
            3 => rng.random_range(0..1000),
            _ => 10u64.pow(rng.random_range(0..16)),
        };
        return serde_json::json!(n);
    }
    let f = match rng.random_range(0..5) {
        0 => 0.0,
        1 => MAX,
        2 => 1e-9,
        3 => v * 10f64.powi(rng.random_range(-3..=6)),
        _ => rng.random_range(0.0..=v.max(1.0) * 10.0),
    };
    serde_json::json!(f.min(MAX))
}

/// The scenario with each number changed with probability `share`.
fn mutate(value: &mut Value, share: f64, rng: &mut ChaCha8Rng) {
    match value {
        Value::Number(n) if rng.random_bool(share) => *value = mutate_number(n, rng),
        Value::Array(items) => items.iter_mut().for_each(|v| mutate(v, share, rng)),
        Value::Object(fields) => fields.values_mut().for_each(|v| mutate(v, share, rng)),
        _ => {}
    }
}

/// The schema node `node` refers to, through `$ref`s into `defs`.
fn resolve<'a>(node: &'a Value, defs: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => resolve(&defs[r.rsplit('/').next().unwrap_or_default()], defs),
        None => node,
    }
}

/// Sets every amount of `doc` the schema `node` describes, present or not, to `value`
/// (the case: every amount at its documented maximum), following objects,
/// arrays, optional values and the branches of tagged unions.
fn fill(doc: &mut Value, node: &Value, defs: &Value, value: f64) {
    let node = resolve(node, defs);
    for key in ["anyOf", "oneOf"] {
        if let Some(options) = node.get(key).and_then(Value::as_array) {
            for o in options {
                let o = resolve(o, defs);
                if o.get("type").and_then(Value::as_str) != Some("null") {
                    fill(doc, o, defs, value);
                }
            }
        }
    }
    if let (Some(cases), Some(kind)) = (
        node.get("allOf").and_then(Value::as_array),
        doc.get("kind").cloned(),
    ) {
        for case in cases {
            if case.pointer("/if/properties/kind/const") == Some(&kind) {
                fill(doc, &case["then"], defs, value);
            }
        }
    }
    let is_amount = |n: &Value| {
        n.get("type").and_then(Value::as_str) == Some("number")
            && n.get("maximum").and_then(Value::as_f64) == Some(MAX)
    };
    match doc {
        Value::Object(fields) => {
            let Some(properties) = node.get("properties").and_then(Value::as_object) else {
                return;
            };
            for (name, p) in properties {
                let p = resolve(p, defs);
                match fields.get_mut(name) {
                    Some(v) => fill(v, p, defs, value),
                    None if is_amount(p) => {
                        fields.insert(name.clone(), serde_json::json!(value));
                    }
                    None if p.get("properties").is_some() && p.get("required").is_none() => {
                        let mut v = serde_json::json!({});
                        fill(&mut v, p, defs, value);
                        fields.insert(name.clone(), v);
                    }
                    None => {}
                }
            }
        }
        Value::Array(items) => {
            if let Some(item) = node.get("items") {
                items.iter_mut().for_each(|v| fill(v, item, defs, value));
            }
        }
        Value::Number(_) if is_amount(node) => *doc = serde_json::json!(value),
        _ => {}
    }
}

/// Every number written in a CSV or JSON Lines file is finite.
fn check_text(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    for (i, line) in text.lines().enumerate() {
        for word in line.split([',', ':', ' ', '{', '}', '[', ']']) {
            let w = word.trim_matches('"').to_ascii_lowercase();
            assert!(
                !matches!(
                    w.as_str(),
                    "inf" | "-inf" | "nan" | "infinity" | "-infinity"
                ),
                "{}:{}: {line}",
                path.display(),
                i + 1
            );
        }
    }
}

#[test]
fn valid_scenarios_at_any_values_write_only_finite_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let build = grayzone_experiments::Build {
        version: "test".into(),
        commit: "test".into(),
    };
    let mut rng = ChaCha8Rng::seed_from_u64(14);
    let schema = grayzone_scenario::json_schema();
    let schema_defs = &schema["$defs"];
    let (mut tried, mut valid, mut files) = (0u32, 0u32, 0u32);
    while valid < 300 {
        tried += 1;
        let name = if tried <= 8 {
            SHIPPED[tried as usize % 4]
        } else {
            SHIPPED[rng.random_range(0..SHIPPED.len())]
        };
        let mut doc: Value = serde_json::from_str(&shipped(name)).unwrap();
        if tried <= 8 {
            // Every amount, written or defaulted, at its maximum, then at its least.
            let value = if tried <= 4 { MAX } else { 1e-9 };
            fill(&mut doc, &schema, schema_defs, value);
        } else {
            let share = [0.05, 0.3, 1.0][rng.random_range(0..3)];
            mutate(&mut doc, share, &mut rng);
        }
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let scenario = match Scenario::from_str(&text, &format!("case {tried} ({name})")) {
            Ok(s) => s,
            Err(d) if tried <= 8 => panic!("the filled scenario is valid:\n{}", d.render()),
            Err(_) => continue,
        };
        valid += 1;
        let days = if tried <= 8 {
            365
        } else {
            rng.random_range(1..=400)
        };
        let record = grayzone_experiments::run_one(
            scenario.theatre(),
            rng.random_range(0..1000),
            0,
            days,
            Detail::Full,
        );
        for (field, value) in record.outcomes.fields() {
            assert!(
                value.is_none_or(f64::is_finite),
                "case {tried} ({name}, {days} days): outcome {field} is {value:?}\n{text}"
            );
        }
        let dir = tmp.path().join(format!("case-{tried}"));
        let written =
            grayzone_reports::write_history(&dir, &scenario, &record, &build, Default::default())
                .unwrap();
        for file in written {
            let ext = file.extension().and_then(|e| e.to_str());
            if matches!(ext, Some("csv" | "jsonl" | "json")) {
                check_text(&file);
                files += 1;
            }
        }
    }
    println!("{tried} scenarios tried, {valid} valid and run, {files} files checked");
}
