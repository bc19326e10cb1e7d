//! TARGETS.json: the observed patterns a calibration matches, with their tolerances.
//!
//! ```json
//! {
//!   "description": "Hormuz, spring 2026, as seed 002 reports it",
//!   "days": 60,
//!   "runs_per_point": 20,
//!   "targets": [
//!     {
//!       "name": "ballistic missiles intercepted",
//!       "outcome": "intercepted_ballistic",
//!       "observed": 112,
//!       "tolerance": 30,
//!       "source": "Bahrain Defence Force tally quoted in seed 002"
//!     },
//!     { "outcome": "host_strike_within_7", "observed": 0.9, "tolerance": 0.2 }
//!   ]
//! }
//! ```
//!
//! | field | meaning |
//! | --- | --- |
//! | `description` | optional free text: what was observed, where |
//! | `days` | required: the horizon of every simulated history; tallies are read at this day ("112 interceptions by day 60") |
//! | `runs_per_point` | optional: histories each candidate is simulated for (the command line's `--runs-per-point` wins) |
//! | `targets` | one or more observed patterns |
//! | `targets[].outcome` | required: an [outcome expression](crate::outcome) |
//! | `targets[].observed` | required: the observed value (a share in [0, 1] for a probability) |
//! | `targets[].tolerance` | required, positive: how far a simulated value may lie from the observed one and still count as matching it |
//! | `targets[].name` | optional: a label for tables and charts (the outcome when left out) |
//! | `targets[].source` | optional: where the observation comes from |
//!
//! The distance of a candidate to the targets is the largest of
//! `|simulated - observed| / tolerance` over the targets: a distance of at most 1 means
//! every target is matched within its tolerance.
//!
//! Unknown fields are errors, with the closest known field as a suggestion. A
//! probability, a 0/1 outcome's mean and a `_share` outcome are shares: their observed
//! value must lie in [0, 1]. Every problem is reported with the file, line, column and
//! JSON path of the offending value and its source line, all in one pass, through the
//! scenario crate's diagnostics engine ([`grayzone_scenario::diagnostics`]), so a
//! targets file and a scenario read alike.

use std::collections::HashMap;
use std::path::Path;

use grayzone_scenario::diagnostics::{
    Diagnostic, Diagnostics, JsonPath, Problem, Source, Stage, did_you_mean,
};
use serde_json::Value;

use crate::outcome::Outcome;

/// A targets file, read and checked.
#[derive(Clone, Debug)]
pub struct Targets {
    /// What the file was read from.
    pub origin: String,
    /// What was observed, where.
    pub description: String,
    /// Horizon of every simulated history, in days.
    pub days: u32,
    /// Histories per candidate, if the file says.
    pub runs_per_point: Option<u64>,
    /// The observed patterns.
    pub targets: Vec<Target>,
}

/// One observed pattern.
#[derive(Clone, Debug)]
pub struct Target {
    /// Label for tables and charts.
    pub name: String,
    /// What is measured.
    pub outcome: Outcome,
    /// The observed value.
    pub observed: f64,
    /// How far a simulated value may lie from it and still match.
    pub tolerance: f64,
    /// Where the observation comes from.
    pub source: String,
}

impl Target {
    /// `|simulated - observed| / tolerance`; infinite when undefined.
    pub fn distance(&self, simulated: f64) -> f64 {
        let d = (simulated - self.observed).abs() / self.tolerance;
        if d.is_nan() { f64::INFINITY } else { d }
    }
}

/// The fields of the file and of each target, in the order the documentation gives them.
const FILE_FIELDS: [&str; 4] = ["description", "days", "runs_per_point", "targets"];
const TARGET_FIELDS: [&str; 5] = ["name", "outcome", "observed", "tolerance", "source"];

/// The longest horizon a scenario allows.
const MAX_DAYS: u64 = 100_000;

impl Targets {
    /// Reads a targets file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Targets, Diagnostics> {
        let path = path.as_ref();
        let origin = path.display().to_string();
        match grayzone_scenario::input::read_text(path) {
            Ok(text) => Targets::from_str(&text, &origin),
            Err(e) => Err(Diagnostics::new(vec![Diagnostic::detached(
                &origin,
                Stage::Io,
                format!("cannot read the targets: {e}"),
            )])),
        }
    }

    /// Reads targets from text; `origin` names it in diagnostics.
    ///
    /// A file that is not JSON gets one problem, at the place the parser stopped. Any
    /// other file is checked whole, like a scenario: every unknown field (with the
    /// closest known one), missing field, wrong type and meaningless value is
    /// reported, each at its place, in one pass.
    pub fn from_str(text: &str, origin: &str) -> Result<Targets, Diagnostics> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut source = Source::new(origin, text);
        let document: Value = serde_json::from_str(text)
            .map_err(|e| Diagnostics::new(vec![source.syntax_error(&e)]))?;
        source.read_spans()?;

        let mut check = Check {
            problems: source.duplicate_keys(),
        };
        let root = JsonPath::root();
        let fields = check.object(&document, &root, &FILE_FIELDS, &["days", "targets"]);
        let description = fields
            .get("description")
            .and_then(|v| check.text(v, root.key("description")))
            .unwrap_or_default();
        let days = fields
            .get("days")
            .and_then(|v| check.whole(v, root.key("days"), 1, MAX_DAYS, "day"));
        let runs_per_point = fields
            .get("runs_per_point")
            .and_then(|v| check.whole(v, root.key("runs_per_point"), 1, u64::MAX, "run"));
        let mut targets = Vec::new();
        match fields.get("targets") {
            Some(Value::Array(list)) if list.is_empty() => check.problem(
                root.key("targets"),
                "expected at least one target, found none".into(),
            ),
            Some(Value::Array(list)) => {
                for (i, t) in list.iter().enumerate() {
                    if let Some(t) = check.target(t, i, days) {
                        if let Some(first) =
                            targets.iter().position(|o: &Target| o.outcome == t.outcome)
                        {
                            check.meaning(
                                root.key("targets").index(i).key("outcome"),
                                format!("{} is already a target (targets[{first}])", t.outcome),
                            );
                        }
                        targets.push(t);
                    }
                }
            }
            Some(other) => check.problem(
                root.key("targets"),
                format!("expected a list of targets, found {}", found(other)),
            ),
            None => {}
        }
        if !check.problems.is_empty() {
            return Err(source.diagnostics(check.problems));
        }
        Ok(Targets {
            origin: origin.to_owned(),
            description,
            days: days.map_or(1, |d| d as u32),
            runs_per_point,
            targets,
        })
    }
}

/// The problems found so far.
struct Check {
    problems: Vec<Problem>,
}

impl Check {
    /// The value at `path` does not have the shape the format asks for.
    fn problem(&mut self, path: JsonPath, message: String) {
        self.problems
            .push(Problem::new(Stage::Structure, path, message));
    }

    /// The value at `path` is well formed but means nothing here.
    fn meaning(&mut self, path: JsonPath, message: String) {
        self.problems
            .push(Problem::new(Stage::Semantics, path, message));
    }

    /// The fields of the object at `path`, known ones only; reports anything else.
    fn object<'v>(
        &mut self,
        value: &'v Value,
        path: &JsonPath,
        known: &[&str],
        required: &[&str],
    ) -> HashMap<&'v str, &'v Value> {
        let Value::Object(map) = value else {
            self.problem(
                path.clone(),
                format!(
                    "expected an object with the fields {}, found {}",
                    quoted(known),
                    found(value)
                ),
            );
            return HashMap::new();
        };
        let mut fields = HashMap::new();
        for (key, v) in map {
            if known.contains(&key.as_str()) {
                fields.insert(key.as_str(), v);
                continue;
            }
            let hint = did_you_mean(key, known.iter().copied())
                .map(|c| format!(" (did you mean `{c}`?)"))
                .unwrap_or_default();
            let message = format!(
                "unknown field `{key}`, expected one of {}{hint}",
                quoted(known)
            );
            self.problems
                .push(Problem::new(Stage::Structure, path.key(key), message).at_key());
        }
        for name in required {
            if !fields.contains_key(name) {
                self.problem(path.clone(), format!("missing field `{name}`"));
            }
        }
        fields
    }

    fn text(&mut self, value: &Value, path: JsonPath) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            other => {
                self.problem(path, format!("expected text, found {}", found(other)));
                None
            }
        }
    }

    fn number(&mut self, value: &Value, path: JsonPath) -> Option<f64> {
        match value.as_f64() {
            Some(x) if value.is_number() => Some(x),
            _ => {
                self.problem(path, format!("expected a number, found {}", found(value)));
                None
            }
        }
    }

    /// A whole number in `lo..=hi`, `unit` naming what it counts.
    fn whole(
        &mut self,
        value: &Value,
        path: JsonPath,
        lo: u64,
        hi: u64,
        unit: &str,
    ) -> Option<u64> {
        let n = value.as_u64();
        match n {
            Some(n) if (lo..=hi).contains(&n) => Some(n),
            _ => {
                let range = if hi == u64::MAX {
                    format!("at least {lo}")
                } else {
                    format!("from {lo} to {hi}")
                };
                self.problem(
                    path,
                    format!(
                        "expected a whole number of {unit}s, {range}, found {}",
                        found(value)
                    ),
                );
                None
            }
        }
    }

    /// Target `i`, if it is usable; `days` is the file's horizon, when valid.
    fn target(&mut self, value: &Value, i: usize, days: Option<u64>) -> Option<Target> {
        let base = JsonPath::root().key("targets").index(i);
        let at = |key: &str| base.key(key);
        let fields = self.object(
            value,
            &base,
            &TARGET_FIELDS,
            &["outcome", "observed", "tolerance"],
        );
        let name = fields.get("name").and_then(|v| self.text(v, at("name")));
        let source = fields
            .get("source")
            .and_then(|v| self.text(v, at("source")));
        let observed = fields
            .get("observed")
            .and_then(|v| self.number(v, at("observed")));
        let tolerance = fields
            .get("tolerance")
            .and_then(|v| self.number(v, at("tolerance")));
        // JSON has no NaN: a tolerance that is not above 0 is at most 0.
        if let Some(t) = tolerance.filter(|&t| t <= 0.0) {
            self.meaning(
                at("tolerance"),
                format!("expected a positive tolerance, found {t}"),
            );
        }
        let outcome = match fields
            .get("outcome")
            .and_then(|v| self.text(v, at("outcome")))
        {
            Some(text) => match Outcome::parse(&text) {
                Ok(o) => Some(o),
                Err(e) => {
                    self.meaning(at("outcome"), e.to_string());
                    None
                }
            },
            None => None,
        };
        let outcome = outcome?;
        if let Some((d, days)) = outcome
            .time_window()
            .zip(days)
            .filter(|&(d, days)| d > days as f64)
        {
            self.meaning(
                at("outcome"),
                format!("day {d} is beyond the horizon of {days} days (\"days\")"),
            );
        }
        if let Some(x) = observed.filter(|x| outcome.is_share() && !(0.0..=1.0).contains(x)) {
            self.meaning(
                at("observed"),
                format!(
                    "{outcome} is {}: expected a value in [0, 1], found {x}",
                    if outcome.is_probability() {
                        "a share of runs"
                    } else {
                        "a share"
                    }
                ),
            );
        }
        Some(Target {
            name: name.unwrap_or_else(|| outcome.to_string()),
            outcome,
            observed: observed?,
            tolerance: tolerance?,
            source: source.unwrap_or_default(),
        })
    }
}

/// A value as a message shows what was found.
fn found(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("the text {s:?}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{
  "description": "a test",
  "days": 60,
  "targets": [
    { "name": "ballistic", "outcome": "intercepted_ballistic", "observed": 112, "tolerance": 30 },
    { "outcome": "host_strike_within_7", "observed": 0.9, "tolerance": 0.2, "source": "seed 002" }
  ]
}"#;

    fn error(text: &str) -> String {
        Targets::from_str(text, "t.json").unwrap_err().to_string()
    }

    #[test]
    fn a_good_file_reads() {
        let t = Targets::from_str(GOOD, "t.json").unwrap();
        assert_eq!((t.days, t.runs_per_point, t.targets.len()), (60, None, 2));
        assert_eq!(t.targets[0].name, "ballistic");
        assert_eq!(t.targets[1].name, "host_strike_within_7");
        assert_eq!(t.targets[1].outcome.field(), "first_host_strike_day");
        assert_eq!(t.targets[0].distance(82.0), 1.0);
        assert_eq!(t.targets[0].distance(f64::NAN), f64::INFINITY);
    }

    #[test]
    fn an_unknown_field_is_placed_and_named() {
        let e = error(&GOOD.replace("\"tolerance\": 30", "\"tolerence\": 30"));
        assert!(e.starts_with("error: t.json:5:"), "{e}");
        assert!(e.contains("targets[0]"), "{e}");
        assert!(e.contains("unknown field `tolerence`"), "{e}");
        assert!(!e.contains(" at line "), "{e}");
    }

    #[test]
    fn every_unknown_field_is_reported_at_once_with_the_closest_name() {
        let bad = GOOD
            .replace("\"tolerance\": 30", "\"tolerence\": 30")
            .replace("\"source\": \"seed 002\"", "\"sorce\": \"seed 002\"")
            .replace("\"days\": 60", "\"days\": 60, \"horizon\": 60");
        let err = Targets::from_str(&bad, "t.json").unwrap_err();
        let p: Vec<&Diagnostic> = err.iter().collect();
        // The unknown fields, and the tolerance that is then missing.
        assert_eq!(p.len(), 4, "{err}");
        assert_eq!(p[0].path, "horizon");
        assert!(!p[0].message.contains("did you mean"), "{err}");
        assert_eq!(p[1].path, "targets[0]");
        assert!(p[1].message.contains("missing field `tolerance`"), "{err}");
        assert_eq!(p[2].path, "targets[0].tolerence");
        assert!(
            p[2].message
                .contains("unknown field `tolerence`, expected one of `name`, `outcome`")
                && p[2].message.ends_with("(did you mean `tolerance`?)"),
            "{err}"
        );
        // Placed at the field's name, where the typo is.
        assert!(bad.lines().nth(4).unwrap()[p[2].column - 1..].starts_with("\"tolerence\""));
        assert_eq!(p[3].path, "targets[1].sorce");
        assert!(p[3].message.ends_with("(did you mean `source`?)"), "{err}");
    }

    #[test]
    fn shares_outside_zero_to_one_are_refused() {
        for (outcome, observed) in [
            ("channel_halted", "-0.2"),
            ("blamed_on_patron_share", "1.3"),
            ("P(damage<=5)", "2"),
        ] {
            let text = GOOD.replace(
                "\"outcome\": \"host_strike_within_7\", \"observed\": 0.9",
                &format!("\"outcome\": \"{outcome}\", \"observed\": {observed}"),
            );
            let e = error(&text);
            assert!(
                e.contains(&format!("targets[1].observed: {outcome} is a share"))
                    && e.contains(&format!("expected a value in [0, 1], found {observed}")),
                "{e}"
            );
        }
        // Counts are not shares.
        let t = GOOD.replace("\"observed\": 112", "\"observed\": 1.5");
        assert!(Targets::from_str(&t, "t.json").is_ok());
    }

    #[test]
    fn a_trailing_comma_names_the_object_it_is_in() {
        let e = error(&GOOD.replace("\"tolerance\": 30 }", "\"tolerance\": 30, }"));
        assert!(
            e.starts_with("error: t.json:5:")
                && e.contains(
                    ": targets[0]: trailing comma: JSON allows no comma after the last field"
                ),
            "{e}"
        );
        let e = error(&GOOD.replace("\"seed 002\" }", "\"seed 002\" },"));
        assert!(e.contains(": targets: trailing comma"), "{e}");
    }

    #[test]
    fn a_field_written_twice_is_an_error() {
        let e = error(&GOOD.replace("\"days\": 60", "\"days\": 60, \"days\": 30"));
        assert_eq!(
            e,
            "error: t.json:3:15: days: duplicate field \"days\": already written at 3:3 \
             (only the last would count)"
        );
    }

    #[test]
    fn wrong_types_and_missing_fields_are_placed() {
        let e = error(&GOOD.replace("\"days\": 60", "\"days\": \"sixty\""));
        assert!(
            e.starts_with("error: t.json:3:")
                && e.contains("days: expected a whole number of days, from 1 to 100000, found the text \"sixty\""),
            "{e}"
        );
        let e = error(&GOOD.replace("\"days\": 60,", ""));
        assert!(e.contains("missing field `days`"), "{e}");
        let e = error("{ \"days\": 60, \"targets\": [ ");
        assert!(e.starts_with("error: t.json:1:"), "{e}");
    }

    #[test]
    fn every_meaning_problem_is_reported_at_its_value() {
        let bad = GOOD
            .replace("\"observed\": 0.9", "\"observed\": 9")
            .replace("\"tolerance\": 30", "\"tolerance\": 0")
            .replace("\"intercepted_ballistic\"", "\"intercepted_balistic\"");
        let err = Targets::from_str(&bad, "t.json").unwrap_err();
        let p: Vec<&Diagnostic> = err.iter().collect();
        assert_eq!(p.len(), 3, "{err}");
        assert_eq!((p[0].line, p[0].path.as_str()), (5, "targets[0].outcome"));
        assert!(
            p[0].message
                .contains("did you mean \"intercepted_ballistic\""),
            "{err}"
        );
        assert_eq!(p[1].path, "targets[0].tolerance");
        assert!(
            bad.lines().nth(4).unwrap()[p[1].column - 1..].starts_with("0 }"),
            "{err}"
        );
        assert_eq!((p[2].line, p[2].path.as_str()), (6, "targets[1].observed"));
        assert!(p[2].message.contains("in [0, 1]"), "{err}");
        // The alternate form shows the line with a caret under the value.
        let shown = format!("{err:#}");
        assert!(
            shown.contains("6 |     { \"outcome\": \"host_strike_within_7\""),
            "{shown}"
        );
    }

    #[test]
    fn windows_beyond_the_horizon_and_repeats_are_errors() {
        let e = error(&GOOD.replace("host_strike_within_7", "host_strike_within_90"));
        assert!(e.contains("day 90 is beyond the horizon of 60 days"), "{e}");
        let e = error(&GOOD.replace("host_strike_within_7", "intercepted_ballistic"));
        assert!(e.contains("already a target (targets[0])"), "{e}");
        let e = error(r#"{ "days": 0, "targets": [] }"#);
        assert!(
            e.contains("days: expected a whole number of days, from 1")
                && e.contains("targets: expected at least one"),
            "{e}"
        );
    }

    #[test]
    fn problems_render_with_their_line_and_a_caret_like_scenarios() {
        let bad = GOOD.replace("\"tolerance\": 30", "\"tolerence\": 30");
        let err = Targets::from_str(&bad, "t.json").unwrap_err();
        let tolerence = err
            .iter()
            .find(|d| d.path == "targets[0].tolerence")
            .unwrap();
        assert_eq!(
            tolerence.render(),
            "error: t.json:5:81: targets[0].tolerence: unknown field `tolerence`, expected one of \
             `name`, `outcome`, `observed`, `tolerance`, `source` (did you mean `tolerance`?)\n  \
             |\n5 |     { \"name\": \"ballistic\", \"outcome\": \"intercepted_ballistic\", \
             \"observed\": 112, \"tolerence\": 30 },\n  | CARET"
                .replace("CARET", &format!("{}{}", " ".repeat(80), "^".repeat(11)))
        );
        let comma = GOOD.replace("\"tolerance\": 30 }", "\"tolerance\": 30, }");
        let err = Targets::from_str(&comma, "t.json").unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(
            err.render().lines().next(),
            Some(
                "error: t.json:5:98: targets[0]: trailing comma: JSON allows no comma after the \
                 last field or element; remove it"
            )
        );
    }
}
