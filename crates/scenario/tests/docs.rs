//! `docs/model.md` documents every parameter a scenario can set and every outcome a run
//! reports.
//!
//! The convention the document follows, and this test checks:
//!
//! - every property of the published JSON Schema is named by its **path** in the file, as
//!   a user writes it: names joined by `.`, `[]` for "any element of this list"
//!   (`ceasefire.tolerance`, `network.transit[].exposure`, `actors[].autonomy`; all kinds of
//!   actors share `actors[]`, whatever their `kind`);
//! - a **leaf** parameter (a number, switch, string or list of plain values) appears, in
//!   backticks, in a table row (a line starting with `|`) of the document: that row is
//!   where its meaning, default and unit are given;
//! - a **block** (an object with fields of its own, or a list of such objects) appears in
//!   backticks anywhere in the document (a table row or the prose that introduces its
//!   table);
//! - an object type the schema reuses at several places (the by-type munition counts,
//!   `Munitions`) is documented once: its fields as `Type.field` (`Munitions.ballistic`)
//!   in a table row, and each place that uses it by its own path;
//! - every name of `grayzone_model::Outcomes::names()` appears in backticks in a table row.
//!
//! The test fails listing everything missing, so a new parameter or outcome cannot ship
//! undocumented.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

/// One property found in the schema.
struct Property {
    /// Its path in a scenario file (`actors[].doctrine.salvo`).
    path: String,
    /// The path of the object that declares it (`actors[].doctrine`).
    parent: String,
    /// The `$defs` name of the declaring object, when it was reached through a `$ref`.
    owner: Option<String>,
    /// Its name.
    name: String,
    /// Whether it holds fields of its own (an object, or a list of objects).
    block: bool,
}

/// Follows a local `$ref`, returning the target and its definition name.
fn resolve<'a>(root: &'a Value, node: &'a Value) -> (&'a Value, Option<String>) {
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap_or_default().to_owned();
            let target = reference
                .strip_prefix('#')
                .and_then(|pointer| root.pointer(pointer))
                .unwrap_or_else(|| panic!("unresolved $ref {reference}"));
            (target, Some(name))
        }
        None => (node, None),
    }
}

/// Whether a schema describes something with fields of its own (directly, through a
/// `$ref`, as a tagged union, or as the items of a list).
fn has_fields(root: &Value, node: &Value) -> bool {
    let (node, _) = resolve(root, node);
    node.get("properties").is_some()
        || node.get("allOf").is_some()
        || node
            .get("items")
            .is_some_and(|items| has_fields(root, items))
}

/// Collects every property reachable from `node`, which sits at `path`.
fn walk(root: &Value, node: &Value, path: &str, owner: Option<String>, out: &mut Vec<Property>) {
    let (node, name) = resolve(root, node);
    let owner = name.or(owner);
    let Some(map) = node.as_object() else { return };
    if let Some(Value::Object(properties)) = map.get("properties") {
        for (key, property) in properties {
            let child = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            out.push(Property {
                path: child.clone(),
                parent: path.to_owned(),
                owner: owner.clone(),
                name: key.clone(),
                // `true` is the placeholder by which a kind's branch admits the common
                // fields; they are described by the outer object.
                block: property.is_object() && has_fields(root, property),
            });
            if property.is_object() {
                walk(root, property, &child, None, out);
            }
        }
    }
    if let Some(items) = map.get("items").filter(|i| i.is_object()) {
        walk(root, items, &format!("{path}[]"), None, out);
    }
    for keyword in ["allOf", "anyOf", "oneOf"] {
        for branch in map
            .get(keyword)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            // A tagged union's branches are `if kind = k then {fields}`: the fields are in
            // `then`; `if` only names the kind.
            match branch.get("then") {
                Some(then) => walk(root, then, path, owner.clone(), out),
                None if branch.get("if").is_none() => walk(root, branch, path, owner.clone(), out),
                None => {}
            }
        }
    }
}

/// What the document must contain: (in a table row, anywhere) sets of backticked names.
fn required(schema: &Value) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut properties = Vec::new();
    walk(schema, schema, "", None, &mut properties);
    assert!(
        properties.len() > 100,
        "the schema walk found only {} properties: has the schema's shape changed?",
        properties.len()
    );
    // Object types reused under more than one parent path are documented once, by type.
    let mut parents: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for p in &properties {
        if let Some(owner) = &p.owner {
            parents.entry(owner).or_default().insert(&p.parent);
        }
    }
    let shared: BTreeSet<&str> = parents
        .iter()
        .filter(|(_, at)| at.len() > 1)
        .map(|(owner, _)| *owner)
        .collect();
    let mut in_table = BTreeSet::new();
    let mut anywhere = BTreeSet::new();
    for p in &properties {
        let name = match p.owner.as_deref() {
            Some(owner) if shared.contains(owner) => format!("{owner}.{}", p.name),
            _ => p.path.clone(),
        };
        if p.block {
            anywhere.insert(name);
        } else {
            in_table.insert(name);
        }
    }
    // A name needed in a table is not also needed elsewhere.
    anywhere.retain(|n| !in_table.contains(n));
    (in_table, anywhere)
}

/// The backticked spans of a Markdown text: those on table rows, and all of them.
fn spans(text: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut in_tables = BTreeSet::new();
    let mut all = BTreeSet::new();
    for line in text.lines() {
        let row = line.trim_start().starts_with('|');
        for (i, span) in line.split('`').enumerate() {
            if i % 2 == 1 && !span.is_empty() {
                all.insert(span.to_owned());
                if row {
                    in_tables.insert(span.to_owned());
                }
            }
        }
    }
    (in_tables, all)
}

fn document() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/model.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn model_doc_covers_every_scenario_parameter_and_outcome() {
    let text = document();
    let (tables, all) = spans(&text);
    let (needed_in_table, needed_anywhere) = required(&grayzone_scenario::json_schema());

    let mut missing = Vec::new();
    for name in &needed_in_table {
        if !tables.contains(name) {
            missing.push(format!("parameter `{name}` (in a table row)"));
        }
    }
    for name in &needed_anywhere {
        if !all.contains(name) {
            missing.push(format!("block `{name}` (anywhere)"));
        }
    }
    for name in grayzone_model::Outcomes::names() {
        if !tables.contains(name) {
            missing.push(format!("outcome `{name}` (in a table row)"));
        }
    }
    assert!(
        missing.is_empty(),
        "docs/model.md does not document {} name(s); add each, in backticks, as the \
         convention of crates/scenario/tests/docs.rs says:\n  {}",
        missing.len(),
        missing.join("\n  ")
    );
}

/// The walk itself: it must see through `$ref`s, lists and the actors' tagged union, and
/// document a reused type by its fields once.
#[test]
fn the_schema_walk_finds_parameters_of_every_kind() {
    let (in_table, anywhere) = required(&grayzone_scenario::json_schema());
    for name in [
        "days",
        "actors[].kind",
        "actors[].autonomy",
        "actors[].doctrine.retaliation_ratio",
        "actors[].willingness",
        "actors[].air_defence[].engagements_per_wave",
        "network.transit[].exposure",
        "network.hostile",
        "ceasefire.tolerance",
        "ceasefire.parties",
        "mediators[].offramp_rate",
        "shocks[].level",
        "mechanisms.linkage",
        "Munitions.ballistic",
    ] {
        assert!(in_table.contains(name), "{name} not found by the walk");
    }
    for name in [
        "actors[].doctrine",
        "network.sponsors",
        "actors[].doctrine.salvo",
    ] {
        assert!(
            anywhere.contains(name),
            "block {name} not found by the walk"
        );
    }
    assert!(!in_table.contains("actors[].doctrine.salvo.ballistic"));
}

/// The Markdown reading: spans on table rows are told apart from spans in prose.
#[test]
fn spans_tell_table_rows_from_prose() {
    let (tables, all) = spans("Prose `a.b` here.\n| `c[].d` | x `e` |\n  | `f` |\n");
    assert_eq!(
        tables,
        ["c[].d", "e", "f"].map(String::from).into_iter().collect()
    );
    assert!(all.contains("a.b") && all.contains("f"));
}
