//! Parameter paths: names for the numbers of a scenario, for sweeps and calibration.
//!
//! A path is a dotted list of names, with `[i]` for list positions and `*` (or `[*]`)
//! for every element:
//!
//! - document paths: `ceasefire.tolerance`, `ladder.window_days`,
//!   `network.sponsors[0].capacity`, `actors[3].autonomy`;
//! - elements of a list with ids, by id: `actors.us.attribution.policy`,
//!   `mediators.swiss_channel.influence`, `assets.nsa_bahrain.value`,
//!   `network.transit.iraq_corridor.exposure`;
//! - actors of one kind: `militias.*.autonomy`, `states.*.doctrine.retaliation_ratio`,
//!   `hosts.*.willingness`, `militias.kataib_hezbollah.autonomy`.
//!
//! Paths are resolved against the document with every default written out (see
//! [`crate::Scenario::resolved_document`]), so a parameter the file leaves to its default
//! can be read and set like any other. A path must end at a number; a mechanism switch
//! (true or false) reads as 1 or 0 and is set by 1 or 0, so that it can be swept too.
//!
//! Two paths may name the same number (`militias.hezbollah.autonomy` and
//! `actors.hezbollah.autonomy`, or `militias.*.autonomy` and one militia's): setting both
//! would let one silently override the other, so [`crate::Scenario::with_params`] and
//! [`crate::Scenario::resolve_params`] refuse parameters whose [`Slot`]s overlap.

use std::fmt;
use std::str::FromStr;

use serde_json::{Number, Value};

use crate::diagnostics::{JsonPath, list, ranked, suggestion};

/// A path to one or more numbers of a scenario (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ParamPath {
    text: String,
    steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Step {
    Name(String),
    Index(usize),
    All,
}

/// Why a parameter path is malformed or leads nowhere in a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathError {
    path: String,
    message: String,
}

impl PathError {
    fn new(path: &str, message: impl Into<String>) -> Self {
        PathError {
            path: path.to_owned(),
            message: message.into(),
        }
    }

    /// The path as written.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong, with the valid names at the point where it failed.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "parameter path {:?}: {}", self.path, self.message)
    }
}

impl std::error::Error for PathError {}

/// The values a number of the scenario can take, from the least to the most restricted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Domain {
    /// Any finite number (within the field's own range, checked on validation).
    Real,
    /// A non-negative whole number (a count of days, a tolerance).
    Whole,
    /// A mechanism switch: 0 (off) or 1 (on).
    Switch,
}

impl Domain {
    /// The value of this domain nearest to `value`: itself for a real, the nearest
    /// non-negative whole number, or the nearer of 0 and 1 for a switch (halves round
    /// up). A design that draws fractions uses it to give such fields a value they take.
    pub fn nearest(self, value: f64) -> f64 {
        match self {
            Domain::Real => value,
            Domain::Whole => value.round().max(0.0),
            Domain::Switch => f64::from(u8::from(value >= 0.5)),
        }
    }

    /// The first and last value from `lo` to `hi` that the domain takes, or, when it
    /// takes none there, why (for a message about the parameter).
    pub fn values_between(self, lo: f64, hi: f64) -> Result<(f64, f64), String> {
        let (first, last) = match self {
            Domain::Real => return Ok((lo, hi)),
            Domain::Whole => (lo.max(0.0).ceil(), hi.floor()),
            Domain::Switch => (lo.max(0.0).ceil(), hi.min(1.0).floor()),
        };
        if first > last {
            return Err(format!(
                "the field takes {}, and none lies between {lo} and {hi}",
                self.describe()
            ));
        }
        Ok((first, last))
    }

    /// The value the domain takes nearest to `x` within `lo..=hi`: what a design point
    /// drawn from a range becomes for a whole-number field or a switch.
    pub fn nearest_between(self, x: f64, lo: f64, hi: f64) -> f64 {
        if self == Domain::Real {
            return x;
        }
        let (first, last) = self.values_between(lo, hi).unwrap_or((lo, hi));
        // `+ 0.0` turns -0 into 0, so that the tables never show "-0".
        self.nearest(x).clamp(first, last) + 0.0
    }

    /// The domain in words, for messages: "whole numbers".
    pub fn describe(self) -> &'static str {
        match self {
            Domain::Real => "numbers",
            Domain::Whole => "whole numbers",
            Domain::Switch => "0 or 1 (a switch)",
        }
    }
}

/// One number a parameter path leads to: where it is in the document with every default
/// written out, its current value and what values it takes.
#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    /// Its place, e.g. `actors[3].autonomy`: two paths that reach the same place name the
    /// same number.
    pub at: String,
    /// Its current value (a switch reads as 0 or 1).
    pub value: f64,
    /// The values it takes.
    pub domain: Domain,
}

/// Refuses paths that reach a common number, naming both and the number; `slots[i]`
/// are the slots of `paths[i]`.
pub(crate) fn check_disjoint(paths: &[&ParamPath], slots: &[Vec<Slot>]) -> Result<(), PathError> {
    for (j, later) in slots.iter().enumerate() {
        for (i, earlier) in slots[..j].iter().enumerate() {
            let Some(shared) = later.iter().find(|s| earlier.iter().any(|e| e.at == s.at)) else {
                continue;
            };
            let (a, b) = (paths[i].as_str(), paths[j].as_str());
            let same = later.len() == earlier.len()
                && later.iter().all(|s| earlier.iter().any(|e| e.at == s.at));
            let what = if a == b {
                format!("is given twice (it sets {})", shared.at)
            } else if same {
                let places: Vec<&str> = later.iter().map(|s| s.at.as_str()).collect();
                format!("names the same number as {a:?} ({})", list(&places, 6))
            } else {
                format!("sets {}, which {a:?} sets too", shared.at)
            };
            return Err(PathError::new(
                b,
                format!(
                    "{what}: each number can be set by one parameter only, so give only one of {a:?} and {b:?}"
                ),
            ));
        }
    }
    Ok(())
}

/// Whether following `value` can end at a number or a switch: the names worth offering
/// when a path goes astray.
fn leads_to_number(value: &Value) -> bool {
    match value {
        Value::Number(_) | Value::Bool(_) => true,
        Value::Object(map) => map.values().any(leads_to_number),
        Value::Array(items) => items.iter().any(leads_to_number),
        _ => false,
    }
}

/// The keys of `map` that lead to a number.
fn numeric_keys(map: &serde_json::Map<String, Value>) -> Vec<&str> {
    map.iter()
        .filter(|(_, v)| leads_to_number(v))
        .map(|(k, _)| k.as_str())
        .collect()
}

/// The kinds of actors a path may start with, and the `kind` they select.
const KIND_ALIASES: [(&str, &str); 3] = [
    ("states", "state"),
    ("militias", "militia"),
    ("hosts", "host"),
];

impl ParamPath {
    /// Parses a path; whether it leads anywhere depends on the scenario.
    pub fn parse(text: &str) -> Result<ParamPath, PathError> {
        let fail = |message: String| PathError::new(text, message);
        let mut steps = Vec::new();
        for part in text.split('.') {
            let (name, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
            match name {
                "" => {
                    return Err(fail(format!(
                        "expected a name before {:?}, found nothing",
                        if rest.is_empty() { "." } else { rest }
                    )));
                }
                "*" => steps.push(Step::All),
                _ if name.chars().all(is_name_char) => steps.push(Step::Name(name.to_owned())),
                _ => {
                    return Err(fail(format!(
                        "expected a name of letters, digits, '_' and '-', found {name:?}"
                    )));
                }
            }
            while !rest.is_empty() {
                let Some(close) = rest.find(']').filter(|_| rest.starts_with('[')) else {
                    return Err(fail(format!("expected `[index]`, found {rest:?}")));
                };
                steps.push(match &rest[1..close] {
                    "*" => Step::All,
                    index => Step::Index(index.parse().map_err(|_| {
                        fail(format!(
                            "expected an index or `*` in brackets, found {index:?}"
                        ))
                    })?),
                });
                rest = &rest[close + 1..];
            }
        }
        Ok(ParamPath {
            text: text.to_owned(),
            steps,
        })
    }

    /// The path as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The places the path leads to in a document with every default written out.
    pub(crate) fn resolve(&self, expanded: &Value) -> Result<Vec<Place>, PathError> {
        let fail = |message: String| PathError::new(&self.text, message);
        let mut places = vec![(JsonPath::root(), expanded)];
        let mut steps = self.steps.as_slice();

        // `militias.*...`: the actors of that kind.
        if let [Step::Name(first), rest @ ..] = steps
            && let Some((_, kind)) = KIND_ALIASES.iter().find(|(alias, _)| alias == first)
        {
            let actors = expanded.get("actors").and_then(Value::as_array);
            places = (actors.into_iter().flatten().enumerate())
                .filter(|(_, a)| a.get("kind").and_then(Value::as_str) == Some(kind))
                .map(|(i, a)| (JsonPath::root().key("actors").index(i), a))
                .collect();
            match rest.first() {
                Some(Step::Name(id)) => {
                    places.retain(|(_, a)| a.get("id").and_then(Value::as_str) == Some(id));
                    if places.is_empty() {
                        let ids = ids_of(actors.map_or(&[][..], Vec::as_slice), Some(kind));
                        return Err(fail(format!(
                            "no {kind} {id:?}: expected one of: {}{}",
                            list(&ranked(id, ids.iter().copied()), 20),
                            suggestion(id, ids)
                        )));
                    }
                }
                Some(Step::All) => {}
                _ => {
                    return Err(fail(format!(
                        "expected a {kind} id or `*` after {first:?}, found {}",
                        rest.first().map_or("the end of the path".into(), show)
                    )));
                }
            }
            steps = &rest[1..];
            if places.is_empty() {
                return Err(fail(format!(
                    "matches nothing: the scenario has no {first}"
                )));
            }
        }

        let skipped = self.steps.len() - steps.len();
        for (done, step) in (skipped..).zip(steps) {
            let at = self.prefix(done);
            let mut next = Vec::new();
            for (path, value) in places {
                match (step, value) {
                    (Step::Name(name), Value::Object(map)) => match map.get(name) {
                        Some(child) => next.push((path.key(name), child)),
                        None => {
                            let mut names = numeric_keys(map);
                            if done == 0 {
                                names.extend(KIND_ALIASES.iter().map(|(alias, _)| *alias));
                            }
                            return Err(fail(format!(
                                "no field {name:?} {}: expected one of: {}{}",
                                at_where(&at),
                                list(&ranked(name, names.iter().copied()), 40),
                                suggestion(name, names)
                            )));
                        }
                    },
                    (Step::Name(id), Value::Array(items)) => {
                        let found = items
                            .iter()
                            .position(|item| item.get("id").and_then(Value::as_str) == Some(id));
                        match found {
                            Some(i) => next.push((path.index(i), &items[i])),
                            None if items.iter().any(|item| item.get("id").is_some()) => {
                                let ids = ids_of(items, None);
                                return Err(fail(format!(
                                    "no {:?} in {at}: expected one of: {}{}",
                                    id,
                                    list(&ranked(id, ids.iter().copied()), 20),
                                    suggestion(id, ids)
                                )));
                            }
                            None => {
                                return Err(fail(format!(
                                    "{at} is a list of {} without ids: expected `[index]` or \
                                     `[*]`, found {id:?}",
                                    items.len()
                                )));
                            }
                        }
                    }
                    (Step::Index(i), Value::Array(items)) => match items.get(*i) {
                        Some(child) => next.push((path.index(*i), child)),
                        None => {
                            return Err(fail(format!(
                                "expected an index below {} ({at} has {} entries), found {i}",
                                items.len(),
                                items.len()
                            )));
                        }
                    },
                    (Step::All, Value::Array(items)) => next
                        .extend((items.iter().enumerate()).map(|(i, item)| (path.index(i), item))),
                    (Step::All, Value::Object(map)) => {
                        next.extend(map.iter().map(|(k, v)| (path.key(k), v)));
                    }
                    (_, Value::Null) => {
                        return Err(fail(format!("{at} is absent from this scenario")));
                    }
                    (step, other) => {
                        return Err(fail(format!(
                            "{at} is {}, which has no {}",
                            kind_of(other),
                            show(step)
                        )));
                    }
                }
            }
            if next.is_empty() {
                return Err(fail(format!(
                    "{} matches nothing in this scenario",
                    self.prefix(done + 1)
                )));
            }
            places = next;
        }

        places
            .into_iter()
            .map(|(path, value)| match value {
                // The document is the typed file serialised: integer-typed fields come out
                // as JSON integers and float fields as floats, whatever their value.
                Value::Number(n) => Ok(Place {
                    path,
                    value: n.as_f64().unwrap_or(f64::NAN),
                    domain: if n.is_f64() {
                        Domain::Real
                    } else {
                        Domain::Whole
                    },
                }),
                Value::Bool(b) => Ok(Place {
                    path,
                    value: f64::from(u8::from(*b)),
                    domain: Domain::Switch,
                }),
                Value::Object(map) => {
                    let fields = numeric_keys(map);
                    Err(fail(format!(
                        "expected a number, found an object at {path}: continue with one of: {}",
                        list(&fields, 40)
                    )))
                }
                other => Err(fail(format!(
                    "expected a number, found {} at {path}",
                    kind_of(other)
                ))),
            })
            .collect()
    }

    /// The new value of every place the path leads to, in the form the field takes (a
    /// whole number, a switch, a float).
    pub(crate) fn edits(
        &self,
        expanded: &Value,
        value: f64,
    ) -> Result<Vec<(JsonPath, Value)>, PathError> {
        let fail = |message: String| PathError::new(&self.text, message);
        let mut edits = Vec::new();
        for place in self.resolve(expanded)? {
            let new = match place.domain {
                Domain::Switch if value == 0.0 || value == 1.0 => Value::Bool(value == 1.0),
                Domain::Switch => {
                    return Err(fail(format!("expected 0 or 1 for a switch, found {value}")));
                }
                Domain::Whole => {
                    if value.fract() != 0.0 || value < 0.0 || value > u64::MAX as f64 {
                        return Err(fail(format!(
                            "expected a non-negative whole number, found {value}"
                        )));
                    }
                    Value::from(value as u64)
                }
                Domain::Real => match Number::from_f64(value) {
                    Some(n) => Value::Number(n),
                    None => return Err(fail(format!("expected a finite number, found {value}"))),
                },
            };
            edits.push((place.path, new));
        }
        Ok(edits)
    }

    /// The path's first `n` steps, as written.
    fn prefix(&self, n: usize) -> String {
        let mut out = String::new();
        for step in &self.steps[..n] {
            match step {
                Step::Index(i) => out.push_str(&format!("[{i}]")),
                step => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(&show(step));
                }
            }
        }
        out
    }
}

/// One number a path leads to.
pub(crate) struct Place {
    pub(crate) path: JsonPath,
    pub(crate) value: f64,
    pub(crate) domain: Domain,
}

impl Place {
    pub(crate) fn slot(&self) -> Slot {
        Slot {
            at: self.path.to_string(),
            value: self.value,
            domain: self.domain,
        }
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '$')
}

fn show(step: &Step) -> String {
    match step {
        Step::Name(name) => name.clone(),
        Step::Index(i) => format!("[{i}]"),
        Step::All => "*".into(),
    }
}

fn at_where(prefix: &str) -> String {
    if prefix.is_empty() {
        "at the top level".into()
    } else {
        format!("in {prefix}")
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a switch",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The ids of the elements of a list (of one actor kind, if given).
fn ids_of<'v>(items: &'v [Value], kind: Option<&str>) -> Vec<&'v str> {
    items
        .iter()
        .filter(|item| kind.is_none() || item.get("kind").and_then(Value::as_str) == kind)
        .filter_map(|item| item.get("id").and_then(Value::as_str))
        .collect()
}

impl fmt::Display for ParamPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for ParamPath {
    type Err = PathError;
    fn from_str(text: &str) -> Result<Self, PathError> {
        ParamPath::parse(text)
    }
}
