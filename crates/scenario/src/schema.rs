//! The published JSON Schema, and the structural check that runs against it.
//!
//! The schema is derived from the types of [`crate::format`] and the model's parameter
//! blocks (their doc comments become descriptions), then adjusted where a derived schema
//! would be too loose or would report errors badly:
//!
//! - every object is closed (`additionalProperties: false`), including those that flatten
//!   a parameter block, which serde cannot close;
//! - an actor or a shock is an object with a `kind` and the fields of that kind: instead
//!   of a `oneOf` (whose failure says only "no branch matched"), each kind is an
//!   `if`/`then`, so that only the branch of the written kind reports, field by field;
//! - plain enums are `enum` lists rather than `oneOf` of constants;
//! - every number has bounds (integers those of their Rust type, other numbers
//!   +-`AMOUNT_MAX`): beyond them a number is a typo, not a theatre.
//!
//! [`check`] validates a parsed document against it with the `jsonschema` crate and turns
//! each error into a [`Problem`] that says what was expected and what was found.

use std::collections::HashMap;
use std::sync::OnceLock;

use grayzone_model::AMOUNT_MAX;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use jsonschema::{ValidationError, Validator};
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use crate::diagnostics::{JsonPath, Problem, Stage, list, suggestion};
use crate::format::ScenarioFile;

/// The JSON Schema (draft 2020-12) of scenario files, with a description for every field.
///
/// Publish it beside the scenarios (`"$schema": "scenario.schema.json"` in a file gives
/// editors completion and checks as one types).
pub fn json_schema() -> Value {
    schema().clone()
}

pub(crate) fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(generate)
}

fn validator() -> Result<&'static Validator, String> {
    static VALIDATOR: OnceLock<Result<Validator, String>> = OnceLock::new();
    VALIDATOR
        .get_or_init(|| jsonschema::validator_for(schema()).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

fn generate() -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<ScenarioFile>().to_value();
    adjust(&mut schema);
    if let Some(d) = schema.pointer_mut("/properties/description") {
        d["maxLength"] = json!(DESCRIPTION_MAX);
    }
    if let Some(root) = schema.as_object_mut() {
        root.insert("title".into(), json!("grayzone scenario"));
        root.insert(
            "description".into(),
            json!(
                "A theatre for the grayzone simulator: states, militias and host nations, their \
                 assets, the network that ties them (sponsorship, transit, basing, hostility, \
                 alliances, linkage, reach), a ceasefire, mediators and scheduled shocks. Every \
                 parameter is optional and documents its default; the kind of an actor decides \
                 which parameters it takes, written flat on the actor."
            ),
        );
    }
    schema
}

/// Keywords whose values are data, not schemas: the walk must not rewrite them.
const DATA_KEYWORDS: [&str; 4] = ["default", "const", "enum", "examples"];

/// Applies the adjustments of the module documentation to every subschema, innermost
/// first (so a tagged union sees branches that are already closed).
fn adjust(node: &mut Value) {
    match node {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if !DATA_KEYWORDS.contains(&key.as_str()) {
                    adjust(child);
                }
            }
            unwrap_description(map);
            constants_to_enum(map);
            tagged_union(map);
            close(map);
            bound_numbers(map);
            bound_strings(map);
        }
        Value::Array(items) => items.iter_mut().for_each(adjust),
        _ => {}
    }
}

/// Doc comments wrap at 90 columns; descriptions read better as flowing text.
fn unwrap_description(map: &mut Map<String, Value>) {
    if let Some(Value::String(text)) = map.get_mut("description") {
        *text = text
            .split("\n\n")
            .map(|paragraph| paragraph.replace('\n', " "))
            .collect::<Vec<_>>()
            .join("\n\n");
    }
}

/// `oneOf` of documented string constants (a Rust enum of unit variants) -> `enum`,
/// with each variant's doc folded into the description.
fn constants_to_enum(map: &mut Map<String, Value>) {
    let Some(Value::Array(branches)) = map.get("oneOf") else {
        return;
    };
    let constants: Option<Vec<(String, String)>> = branches
        .iter()
        .map(|b| {
            let name = b.get("const")?.as_str()?.to_owned();
            let doc = b.get("description").and_then(Value::as_str).unwrap_or("");
            Some((name, doc.trim_end_matches('.').to_lowercase()))
        })
        .collect();
    let Some(constants) = constants else { return };
    let names: Vec<Value> = constants.iter().map(|(n, _)| json!(n)).collect();
    let docs: Vec<String> = constants
        .iter()
        .map(|(n, d)| format!("`{n}` ({d})"))
        .collect();
    let description = map
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("One of")
        .trim_end_matches('.')
        .to_owned();
    map.remove("oneOf");
    map.insert("type".into(), json!("string"));
    map.insert("enum".into(), Value::Array(names));
    map.insert(
        "description".into(),
        json!(format!("{description}: {}.", docs.join(", "))),
    );
}

/// An object with fields of its own and a `oneOf` over `kind` (a flattened, internally
/// tagged enum) -> the common fields, a `kind` enum, and one `if kind = k then ...` per
/// kind whose `then` lists every field the kind allows and closes the object.
fn tagged_union(map: &mut Map<String, Value>) {
    let Some(Value::Array(branches)) = map.get("oneOf") else {
        return;
    };
    let tag_of = |b: &Value| {
        b.pointer("/properties/kind/const")
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let Some(tags) = branches.iter().map(tag_of).collect::<Option<Vec<_>>>() else {
        return;
    };
    let Some(Value::Array(branches)) = map.remove("oneOf") else {
        return;
    };
    let common: Vec<String> = map
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    let mut cases = Vec::new();
    for (tag, mut branch) in tags.iter().zip(branches) {
        if let Some(branch) = branch.as_object_mut() {
            branch.remove("type");
            let properties = branch
                .entry("properties")
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .map(std::mem::take)
                .unwrap_or_default();
            // The common fields and `kind` are checked once, by the outer object; the
            // branch only admits them.
            let mut merged: Map<String, Value> = common
                .iter()
                .map(|name| (name.clone(), Value::Bool(true)))
                .collect();
            merged.insert("kind".into(), Value::Bool(true));
            merged.extend(properties.into_iter().filter(|(name, _)| name != "kind"));
            branch.insert("properties".into(), Value::Object(merged));
            if let Some(Value::Array(required)) = branch.get_mut("required") {
                required.retain(|r| r != "kind");
                if required.is_empty() {
                    branch.remove("required");
                }
            }
            branch.insert("additionalProperties".into(), Value::Bool(false));
        }
        cases.push(json!({
            "if": { "properties": { "kind": { "const": tag } }, "required": ["kind"] },
            "then": branch,
        }));
    }
    let kinds: Vec<&str> = tags.iter().map(String::as_str).collect();
    let kind = json!({
        "description": format!("One of {}; it decides which other fields apply.", kinds.join(", ")),
        "type": "string",
        "enum": kinds,
    });
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        properties.insert("kind".into(), kind);
    }
    match map.get_mut("required") {
        Some(Value::Array(required)) => required.push(json!("kind")),
        _ => {
            map.insert("required".into(), json!(["kind"]));
        }
    }
    map.insert("allOf".into(), Value::Array(cases));
}

/// Objects admit only the fields they list (a tagged union closes in its branches).
fn close(map: &mut Map<String, Value>) {
    if map.contains_key("properties")
        && !map.contains_key("additionalProperties")
        && !map.contains_key("allOf")
    {
        map.insert("additionalProperties".into(), Value::Bool(false));
    }
}

/// Bounds for every number: the range of its Rust type for integers, +-AMOUNT_MAX for
/// the others that carry none.
fn bound_numbers(map: &mut Map<String, Value>) {
    let (low, high) = match (
        map.get("type").and_then(Value::as_str),
        map.get("format").and_then(Value::as_str),
    ) {
        (Some("integer"), Some("uint32")) => (json!(0), json!(u32::MAX)),
        (Some("integer"), Some("uint64")) => (json!(0), json!(u64::MAX)),
        (Some("number"), _) => (json!(-AMOUNT_MAX), json!(AMOUNT_MAX)),
        _ => return,
    };
    map.entry("minimum").or_insert(low);
    map.entry("maximum").or_insert(high);
}

/// The longest identifier, name or label a scenario may hold: a name is written on every
/// row of `timeseries.csv` and in every event, so a 50 MB name once grew the files until
/// the process ran out of memory.
pub const TEXT_MAX: u64 = 200;

/// The longest scenario description (it is written once, in provenance).
pub const DESCRIPTION_MAX: u64 = 100_000;

/// A length bound for every string that carries none.
fn bound_strings(map: &mut Map<String, Value>) {
    let is_string = match map.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "string"),
        _ => false,
    };
    if is_string && !map.contains_key("enum") {
        map.entry("maxLength").or_insert(json!(TEXT_MAX));
    }
}

/// Validates a document against the schema: every structural problem, each with the
/// path of the offending value.
///
/// `literals` holds the text of numbers that were too large to read (they are null in
/// `document`): a problem at their place names the number, not the null.
pub(crate) fn check(document: &Value, literals: &HashMap<JsonPath, String>) -> Vec<Problem> {
    let validator = match validator() {
        Ok(validator) => validator,
        Err(message) => {
            return vec![Problem::new(
                Stage::Structure,
                JsonPath::root(),
                format!("internal error: the scenario schema does not compile: {message}"),
            )];
        }
    };
    let mut problems = Vec::new();
    for error in validator.iter_errors(document) {
        explain(&error, schema(), literals, &mut problems);
    }
    problems
}

/// Turns one validation error into problems, in the words of the scenario format.
fn explain(
    error: &ValidationError<'_>,
    schema: &Value,
    literals: &HashMap<JsonPath, String>,
    out: &mut Vec<Problem>,
) {
    let path = json_path(error);
    let node = keyword_parent(error, schema);
    let found = match literals.get(&path) {
        Some(literal) => format!("{literal}, which is out of range"),
        None => describe(error.instance()),
    };
    let problem = |message: String| Problem::new(Stage::Structure, path.clone(), message);
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let allowed: Vec<&str> = node
                .and_then(|n| n.get("properties"))
                .and_then(Value::as_object)
                .map(|p| p.keys().map(String::as_str).collect())
                .unwrap_or_default();
            for key in unexpected {
                let message = format!(
                    "unknown field {key:?}, expected one of: {}{}",
                    list(&allowed, 40),
                    suggestion(key, allowed.iter().copied())
                );
                out.push(Problem::new(Stage::Structure, path.key(key), message).at_key());
            }
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let what = node
                .and_then(|n| n.pointer(&format!("/properties/{}", escape(name))))
                .and_then(|p| p.get("description"))
                .and_then(Value::as_str)
                .map(|d| format!(": {}", lowercase_first(first_sentence(d))))
                .unwrap_or_default();
            out.push(Problem::new(
                Stage::Structure,
                path.key(name),
                format!("missing required field {name:?}{what}"),
            ));
        }
        ValidationErrorKind::MinItems { .. } | ValidationErrorKind::MaxItems { .. } => {
            let n = error.instance().as_array().map_or(0, Vec::len);
            let expected = node.map(expectation).unwrap_or_default();
            out.push(problem(format!(
                "expected {expected}, found {n} item{}",
                if n == 1 { "" } else { "s" }
            )));
        }
        ValidationErrorKind::MaxLength { limit } => {
            out.push(problem(format!(
                "expected at most {limit} characters, found {found}"
            )));
        }
        ValidationErrorKind::Enum { options } => {
            let names: Vec<&str> = options
                .as_array()
                .map(|o| o.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let hint = error
                .instance()
                .as_str()
                .map(|s| suggestion(s, names.iter().copied()))
                .unwrap_or_default();
            out.push(problem(format!(
                "expected one of: {}, found {}{hint}",
                list(&names, 40),
                error.instance()
            )));
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            // `T or null`: if only one branch could have been meant, its errors say more.
            let meant: Vec<&Vec<ValidationError<'static>>> = context
                .iter()
                .filter(|errors| {
                    !errors.iter().all(|e| {
                        matches!(e.kind(), ValidationErrorKind::Type { .. })
                            && e.instance_path() == error.instance_path()
                    })
                })
                .collect();
            if let [errors] = meant.as_slice() {
                errors
                    .iter()
                    .for_each(|e| explain(e, schema, literals, out));
            } else {
                let expected = node.map(expectation).unwrap_or_default();
                out.push(problem(format!("expected {expected}, found {found}")));
            }
        }
        ValidationErrorKind::Type { .. }
        | ValidationErrorKind::Minimum { .. }
        | ValidationErrorKind::Maximum { .. }
        | ValidationErrorKind::ExclusiveMinimum { .. }
        | ValidationErrorKind::ExclusiveMaximum { .. }
        | ValidationErrorKind::Constant { .. }
        | ValidationErrorKind::Pattern { .. }
        | ValidationErrorKind::MinLength { .. }
        | ValidationErrorKind::FalseSchema => {
            let expected = node.map(expectation).unwrap_or_else(|| match error.kind() {
                ValidationErrorKind::Type {
                    kind: TypeKind::Single(t),
                } => format!("a {t}"),
                _ => "something else".into(),
            });
            out.push(problem(format!("expected {expected}, found {found}")));
        }
        _ => out.push(problem(error.to_string())),
    }
}

fn json_path(error: &ValidationError<'_>) -> JsonPath {
    let mut path = JsonPath::root();
    for segment in error.instance_path().iter() {
        path = match segment {
            LocationSegment::Property(key) => path.key(&key),
            LocationSegment::Index(i) => path.index(i),
        };
    }
    path
}

/// The subschema that holds the failing keyword (the schema path without its last step).
fn keyword_parent<'s>(error: &ValidationError<'_>, schema: &'s Value) -> Option<&'s Value> {
    let pointer = error.schema_path().as_str();
    let parent = &pointer[..pointer.rfind('/')?];
    schema.pointer(parent)
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

fn first_sentence(text: &str) -> &str {
    text.split(". ")
        .next()
        .unwrap_or(text)
        .trim_end_matches('.')
}

/// A whole number as its digits: the bounds of u32 and u64 (u64::MAX reads as 2^64 in a
/// double, which is one more).
fn whole(x: f64) -> String {
    if x == u64::MAX as f64 {
        u64::MAX.to_string()
    } else {
        format!("{x:.0}")
    }
}

/// What a subschema admits, in words: `a probability in [0, 1]`.
pub(crate) fn expectation(node: &Value) -> String {
    let resolved = resolve_ref(node);
    let get = |k: &str| resolved.get(k).or_else(|| node.get(k));
    let minimum = get("minimum").and_then(Value::as_f64);
    let maximum = get("maximum").and_then(Value::as_f64);
    let types: Vec<&str> = match get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if let Some(Value::Array(options)) = get("enum") {
        let names: Vec<String> = options.iter().map(|o| o.to_string()).collect();
        return format!("one of {}", names.join(", "));
    }
    let one = |t: &str| -> String {
        match t {
            "number" => match (minimum, maximum) {
                (Some(0.0), Some(1.0)) => "a probability in [0, 1]".into(),
                (Some(0.0), Some(m)) if m == AMOUNT_MAX => {
                    "a non-negative number no larger than 1e15".into()
                }
                (Some(lo), Some(hi)) => format!("a number in [{}, {}]", num(lo), num(hi)),
                _ => "a number".into(),
            },
            "integer" => match (minimum, maximum) {
                (Some(0.0), Some(hi)) if hi >= f64::from(u32::MAX) => {
                    format!("a whole number from 0 to {}", whole(hi))
                }
                (Some(lo), Some(hi)) => format!("a whole number in [{}, {}]", num(lo), num(hi)),
                _ => "a whole number".into(),
            },
            "string" if get("pattern").is_some() => {
                "an identifier (letters, digits, '_' and '-')".into()
            }
            "string" => "a string".into(),
            "boolean" => "true or false".into(),
            "null" => "null".into(),
            "array" => match (
                get("minItems").and_then(Value::as_u64),
                get("maxItems").and_then(Value::as_u64),
            ) {
                (Some(lo), Some(hi)) if lo == hi => format!("a list of exactly {lo} items"),
                (Some(lo), Some(hi)) => format!("a list of {lo} to {hi} items"),
                (Some(lo), None) => format!("a list of at least {lo} items"),
                (None, Some(hi)) => format!("a list of at most {hi} items"),
                _ => "a list".into(),
            },
            "object" => "an object".into(),
            other => format!("a {other}"),
        }
    };
    match types.as_slice() {
        [] if get("allOf").is_some() || get("properties").is_some() => "an object".into(),
        [] => "a valid value".into(),
        [t] => one(t),
        many => many.iter().map(|t| one(t)).collect::<Vec<_>>().join(" or "),
    }
}

/// Follows a local `$ref` (the only kind the schema holds).
fn resolve_ref(node: &Value) -> &Value {
    node.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|pointer| schema().pointer(pointer))
        .unwrap_or(node)
}

fn num(x: f64) -> String {
    if x.abs() >= 1e6 {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// A value as a message names it: `1.5`, `the string "NaN"`, `an object`.
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match n.as_f64() {
            // A whole number too large for an integer type reads as a float: show it whole
            // (18446744073709551616, not 1.8446744073709552e19).
            Some(x) if n.is_f64() && x.fract() == 0.0 && (1e16..1e21).contains(&x.abs()) => {
                format!("{x:.0}")
            }
            // Large and tiny floats in exponent form, as analysts write them (1e300).
            Some(x) if n.is_f64() && x != 0.0 && !(1e-4..1e16).contains(&x.abs()) => {
                format!("{x:e}")
            }
            _ => n.to_string(),
        },
        // A long string is shown by its length and start: it may be megabytes.
        Value::String(s) if s.chars().count() > 60 => format!(
            "a string of {} characters starting {:?}…",
            s.chars().count(),
            s.chars().take(40).collect::<String>()
        ),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(a) if a.is_empty() => "an empty list".into(),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// The published JSON Schema of another file format of grayzone (an experiment file), made
/// as the scenario's is: derived from its types, every object closed, every number
/// bounded.
pub fn schema_of<T: schemars::JsonSchema>(title: &str, description: &str) -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    adjust(&mut schema);
    if let Some(root) = schema.as_object_mut() {
        root.insert("title".into(), json!(title));
        root.insert("description".into(), json!(description));
    }
    schema
}

/// Reads a document of type `T` from `text`, checked as a scenario is: a syntax error at
/// its place; otherwise every duplicate key and every departure from `schema` (from
/// [`schema_of`]) with its line, column and JSON path, all in one pass; then the typed
/// read, and the problems `meaning` finds in it, each placed at its path. `origin` names
/// the file.
pub fn read_document<T: serde::de::DeserializeOwned>(
    text: &str,
    origin: &str,
    schema: &Value,
    meaning: impl FnOnce(&T) -> Vec<Problem>,
) -> Result<T, crate::Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut source = crate::diagnostics::Source::new(origin, text);
    let document: Value = serde_json::from_str(text)
        .map_err(|e| crate::Diagnostics::new(vec![source.syntax_error(&e)]))?;
    source.read_spans()?;
    let mut problems = source.duplicate_keys();
    match jsonschema::validator_for(schema) {
        Ok(validator) => {
            for error in validator.iter_errors(&document) {
                explain(&error, schema, &HashMap::new(), &mut problems);
            }
        }
        Err(e) => problems.push(Problem::new(
            Stage::Structure,
            JsonPath::root(),
            format!("internal error: the schema does not compile: {e}"),
        )),
    }
    if problems.is_empty() {
        match serde_path_to_error::deserialize::<_, T>(&document) {
            Ok(typed) => {
                problems = meaning(&typed);
                if problems.is_empty() {
                    return Ok(typed);
                }
            }
            Err(error) => problems.push(Problem::new(
                Stage::Structure,
                crate::scenario::serde_path(error.path()),
                error.inner().to_string(),
            )),
        }
    }
    Err(source.diagnostics(problems))
}
