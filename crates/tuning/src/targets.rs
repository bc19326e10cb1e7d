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
//! JSON path of the offending value, all in one pass, as scenario problems are.

use std::fmt;
use std::path::Path;

use std::collections::HashMap;

use grayzone_scenario::did_you_mean;
use jsonc_parser::ast;
use jsonc_parser::common::Ranged;
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
    pub fn from_path(path: impl AsRef<Path>) -> Result<Targets, TargetsError> {
        let path = path.as_ref();
        let origin = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => Targets::from_str(&text, &origin),
            Err(e) => Err(TargetsError(vec![Problem {
                origin,
                line: 0,
                column: 0,
                path: String::new(),
                message: format!("cannot read the targets: {e}"),
                excerpt: None,
            }])),
        }
    }

    /// Reads targets from text; `origin` names it in diagnostics.
    ///
    /// A file that is not JSON gets one problem, at the place the parser stopped. Any
    /// other file is checked whole, like a scenario: every unknown field (with the
    /// closest known one), missing field, wrong type and meaningless value is
    /// reported, each at its place, in one pass.
    pub fn from_str(text: &str, origin: &str) -> Result<Targets, TargetsError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let source = Source { origin, text };
        let document: Value =
            serde_json::from_str(text).map_err(|e| TargetsError(vec![source.syntax(&e)]))?;

        let mut check = Check::default();
        check.duplicates(text);
        let fields = check.object(&document, &[], &FILE_FIELDS, &["days", "targets"]);
        let description = fields
            .get("description")
            .and_then(|v| check.text(v, &[Step::key("description")]))
            .unwrap_or_default();
        let days = fields
            .get("days")
            .and_then(|v| check.whole(v, &[Step::key("days")], 1, MAX_DAYS, "day"));
        let runs_per_point = fields
            .get("runs_per_point")
            .and_then(|v| check.whole(v, &[Step::key("runs_per_point")], 1, u64::MAX, "run"));
        let mut targets = Vec::new();
        match fields.get("targets") {
            Some(Value::Array(list)) if list.is_empty() => check.problem(
                vec![Step::key("targets")],
                "expected at least one target, found none".into(),
            ),
            Some(Value::Array(list)) => {
                for (i, t) in list.iter().enumerate() {
                    if let Some(t) = check.target(t, i, days) {
                        if let Some(first) =
                            targets.iter().position(|o: &Target| o.outcome == t.outcome)
                        {
                            check.problem(
                                vec![Step::key("targets"), Step::Index(i), Step::key("outcome")],
                                format!("{} is already a target (targets[{first}])", t.outcome),
                            );
                        }
                        targets.push(t);
                    }
                }
            }
            Some(other) => check.problem(
                vec![Step::key("targets")],
                format!("expected a list of targets, found {}", found(other)),
            ),
            None => {}
        }
        if !check.problems.is_empty() {
            return Err(TargetsError(source.place(check.problems)));
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

/// The problems found so far, each with the path of its value and whether it points at
/// the field's name (an unknown field) rather than at its value.
#[derive(Default)]
struct Check {
    problems: Vec<(Vec<Step>, bool, String)>,
}

impl Check {
    fn problem(&mut self, path: Vec<Step>, message: String) {
        self.problems.push((path, false, message));
    }

    /// The fields of the object at `path`, known ones only; reports anything else.
    fn object<'v>(
        &mut self,
        value: &'v Value,
        path: &[Step],
        known: &[&str],
        required: &[&str],
    ) -> HashMap<&'v str, &'v Value> {
        let Value::Object(map) = value else {
            self.problem(
                path.to_vec(),
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
            let mut at = path.to_vec();
            at.push(Step::Key(key.clone()));
            let hint = did_you_mean(key, known.iter().copied())
                .map(|c| format!(" (did you mean `{c}`?)"))
                .unwrap_or_default();
            self.problems.push((
                at,
                true,
                format!(
                    "unknown field `{key}`, expected one of {}{hint}",
                    quoted(known)
                ),
            ));
        }
        for name in required {
            if !fields.contains_key(name) {
                self.problem(path.to_vec(), format!("missing field `{name}`"));
            }
        }
        fields
    }

    fn text(&mut self, value: &Value, path: &[Step]) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            other => {
                self.problem(
                    path.to_vec(),
                    format!("expected text, found {}", found(other)),
                );
                None
            }
        }
    }

    fn number(&mut self, value: &Value, path: &[Step]) -> Option<f64> {
        match value.as_f64() {
            Some(x) if value.is_number() => Some(x),
            _ => {
                self.problem(
                    path.to_vec(),
                    format!("expected a number, found {}", found(value)),
                );
                None
            }
        }
    }

    /// A whole number in `lo..=hi`, `unit` naming what it counts.
    fn whole(&mut self, value: &Value, path: &[Step], lo: u64, hi: u64, unit: &str) -> Option<u64> {
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
                    path.to_vec(),
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
        let base = [Step::key("targets"), Step::Index(i)];
        let at = |key: &str| {
            let mut p = base.to_vec();
            p.push(Step::key(key));
            p
        };
        let fields = self.object(
            value,
            &base,
            &TARGET_FIELDS,
            &["outcome", "observed", "tolerance"],
        );
        let name = fields.get("name").and_then(|v| self.text(v, &at("name")));
        let source = fields
            .get("source")
            .and_then(|v| self.text(v, &at("source")));
        let observed = fields
            .get("observed")
            .and_then(|v| self.number(v, &at("observed")));
        let tolerance = fields
            .get("tolerance")
            .and_then(|v| self.number(v, &at("tolerance")));
        // JSON has no NaN: a tolerance that is not above 0 is at most 0.
        if let Some(t) = tolerance.filter(|&t| t <= 0.0) {
            self.problem(
                at("tolerance"),
                format!("expected a positive tolerance, found {t}"),
            );
        }
        let outcome = match fields
            .get("outcome")
            .and_then(|v| self.text(v, &at("outcome")))
        {
            Some(text) => match Outcome::parse(&text) {
                Ok(o) => Some(o),
                Err(e) => {
                    self.problem(at("outcome"), e.to_string());
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
            self.problem(
                at("outcome"),
                format!("day {d} is beyond the horizon of {days} days (\"days\")"),
            );
        }
        if let Some(x) = observed.filter(|x| outcome.is_share() && !(0.0..=1.0).contains(x)) {
            self.problem(
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

    /// A field written twice in one object: JSON readers differ on which one counts.
    fn duplicates(&mut self, text: &str) {
        let Some(tree) = jsonc_parser::parse_to_ast(text, &Default::default(), &Default::default())
            .ok()
            .and_then(|p| p.value)
        else {
            return;
        };
        fn walk(
            node: &ast::Value<'_>,
            path: &mut Vec<Step>,
            out: &mut Vec<(Vec<Step>, bool, String)>,
        ) {
            match node {
                ast::Value::Object(o) => {
                    let mut seen: Vec<String> = Vec::new();
                    for p in &o.properties {
                        let name = p.name.as_str().to_owned();
                        path.push(Step::Key(name.clone()));
                        if seen.contains(&name) {
                            out.push((
                                path.clone(),
                                true,
                                format!("field `{name}` is written twice in one object; keep one"),
                            ));
                        }
                        walk(&p.value, path, out);
                        path.pop();
                        seen.push(name);
                    }
                }
                ast::Value::Array(a) => {
                    for (i, e) in a.elements.iter().enumerate() {
                        path.push(Step::Index(i));
                        walk(e, path, out);
                        path.pop();
                    }
                }
                _ => {}
            }
        }
        walk(&tree, &mut Vec::new(), &mut self.problems);
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

/// Every problem found in a targets file, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetsError(Vec<Problem>);

/// One problem in a targets file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file name.
    pub origin: String,
    /// Line of the offending value, from 1 (0 when the problem is not in the text).
    pub line: usize,
    /// Column of the offending value, in characters from 1.
    pub column: usize,
    /// JSON path of the offending value, as `targets[1].tolerance`.
    pub path: String,
    /// What was expected and what was found.
    pub message: String,
    excerpt: Option<String>,
}

impl TargetsError {
    /// The problems, in file order.
    pub fn problems(&self) -> &[Problem] {
        &self.0
    }
}

impl fmt::Display for Problem {
    /// One line, `error: file:line:column: path: message`; `{:#}` adds the source line
    /// with the place marked.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.origin)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        if !self.path.is_empty() {
            write!(f, ": {}", self.path)?;
        }
        write!(f, ": {}", self.message)?;
        if let (true, Some(excerpt)) = (f.alternate(), &self.excerpt) {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let indent = " ".repeat(self.column.saturating_sub(1));
            write!(f, "\n{pad} |\n{number} | {excerpt}\n{pad} | {indent}^")?;
        }
        Ok(())
    }
}

impl fmt::Display for TargetsError {
    /// One line per problem; `{:#}` adds the source lines.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(if f.alternate() { "\n\n" } else { "\n" })?;
            }
            if f.alternate() {
                write!(f, "{p:#}")?;
            } else {
                write!(f, "{p}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for TargetsError {}

/// One step of a JSON path.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

impl Step {
    fn key(name: &str) -> Step {
        Step::Key(name.to_owned())
    }
}

/// The text of a targets file, to place problems in it.
struct Source<'a> {
    origin: &'a str,
    text: &'a str,
}

impl Source<'_> {
    /// The text is not JSON: the one problem, at the place the parser stopped, with
    /// the path of the object or list it stopped in.
    fn syntax(&self, inner: &serde_json::Error) -> Problem {
        let message = inner.to_string();
        // serde_json appends the place, which the diagnostic shows its own way.
        let message = match message.rfind(" at line ") {
            Some(at) => message[..at].to_owned(),
            None => message,
        };
        let message = if message == "trailing comma" {
            "trailing comma: JSON allows no comma after the last field or element; remove it"
                .to_owned()
        } else {
            message
        };
        let line = inner.line().max(1);
        let line_start: usize = self
            .text
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum();
        let line_text = self.text[line_start.min(self.text.len())..]
            .lines()
            .next()
            .unwrap_or("");
        // serde_json counts columns in bytes; readers count characters.
        let byte_column = inner.column().min(line_text.len());
        let column = line_text
            .char_indices()
            .take_while(|(b, _)| *b < byte_column)
            .count()
            .max(1);
        // The lenient parser reads what serde_json refuses (a trailing comma, a comment)
        // and so can say where in the document the mistake is.
        let offset = (line_start + byte_column.saturating_sub(1)).min(self.text.len());
        let path = jsonc_parser::parse_to_ast(self.text, &Default::default(), &Default::default())
            .ok()
            .and_then(|p| p.value)
            .map(|tree| render(&container_at(&tree, offset)))
            .unwrap_or_default();
        Problem {
            origin: self.origin.to_owned(),
            line,
            column,
            path,
            message,
            excerpt: Some(line_text.to_owned()),
        }
    }

    /// Problems found after reading, placed at their values.
    fn place(&self, problems: Vec<(Vec<Step>, bool, String)>) -> Vec<Problem> {
        let tree = jsonc_parser::parse_to_ast(self.text, &Default::default(), &Default::default())
            .ok()
            .and_then(|p| p.value);
        let mut placed: Vec<Problem> = problems
            .into_iter()
            .map(|(steps, at_name, message)| {
                let offset = tree.as_ref().map_or(0, |t| locate(t, &steps, at_name));
                let line = self.text[..offset].matches('\n').count() + 1;
                let line_start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
                let line_text = self.text[line_start..].lines().next().unwrap_or("");
                Problem {
                    origin: self.origin.to_owned(),
                    line,
                    column: self.text[line_start..offset].chars().count() + 1,
                    path: render(&steps),
                    message,
                    excerpt: Some(line_text.to_owned()),
                }
            })
            .collect();
        placed.sort_by_key(|p| (p.line, p.column));
        placed
    }
}

/// The byte offset of the value at `steps`, or of its deepest written ancestor; with
/// `at_name`, of the name of the last field rather than its value.
fn locate(tree: &ast::Value<'_>, steps: &[Step], at_name: bool) -> usize {
    let mut node = tree;
    for (i, step) in steps.iter().enumerate() {
        let next = match (step, node) {
            (Step::Key(k), ast::Value::Object(o)) => {
                let prop = o.properties.iter().rfind(|p| p.name.as_str() == k.as_str());
                if let Some(p) = prop.filter(|_| at_name && i + 1 == steps.len()) {
                    return p.name.start();
                }
                prop.map(|p| &p.value)
            }
            (Step::Index(i), ast::Value::Array(a)) => a.elements.get(*i),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    node.start()
}

/// The path of the innermost object or list whose text holds `offset`.
fn container_at(tree: &ast::Value<'_>, offset: usize) -> Vec<Step> {
    let mut path = Vec::new();
    let mut node = tree;
    loop {
        let inside = |v: &ast::Value<'_>| v.start() <= offset && offset < v.end();
        let next = match node {
            ast::Value::Object(o) => o
                .properties
                .iter()
                .find(|p| {
                    inside(&p.value)
                        && matches!(p.value, ast::Value::Object(_) | ast::Value::Array(_))
                })
                .map(|p| (Step::Key(p.name.as_str().to_owned()), &p.value)),
            ast::Value::Array(a) => a
                .elements
                .iter()
                .enumerate()
                .find(|(_, e)| {
                    inside(e) && matches!(e, ast::Value::Object(_) | ast::Value::Array(_))
                })
                .map(|(i, e)| (Step::Index(i), e)),
            _ => None,
        };
        match next {
            Some((step, n)) => {
                path.push(step);
                node = n;
            }
            None => return path,
        }
    }
}

fn render(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(k) if out.is_empty() => out.push_str(k),
            Step::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
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
        let p = err.problems();
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
        assert!(e.contains("days: field `days` is written twice"), "{e}");
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
        let p = err.problems();
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
}
