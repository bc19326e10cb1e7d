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
//! Unknown fields are errors. Every problem is reported with the file, line, column and
//! JSON path of the offending value, as scenario problems are.

use std::fmt;
use std::path::Path;

use jsonc_parser::ast;
use jsonc_parser::common::Ranged;
use serde::Deserialize;

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTargets {
    #[serde(default)]
    description: String,
    days: u32,
    #[serde(default)]
    runs_per_point: Option<u64>,
    targets: Vec<RawTarget>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    #[serde(default)]
    name: Option<String>,
    outcome: String,
    observed: f64,
    tolerance: f64,
    #[serde(default)]
    source: String,
}

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
    pub fn from_str(text: &str, origin: &str) -> Result<Targets, TargetsError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let source = Source { origin, text };
        let mut de = serde_json::Deserializer::from_str(text);
        let raw: RawTargets = serde_path_to_error::deserialize(&mut de)
            .map_err(|e| TargetsError(vec![source.structural(&e.path().to_string(), e.inner())]))?;
        de.end()
            .map_err(|e| TargetsError(vec![source.structural("", &e)]))?;

        let mut problems = Vec::new();
        let mut problem = |path: Vec<Step>, message: String| problems.push((path, message));
        if raw.days == 0 {
            problem(
                vec![Step::Key("days")],
                "expected at least 1 day, found 0".into(),
            );
        }
        if raw.runs_per_point == Some(0) {
            problem(
                vec![Step::Key("runs_per_point")],
                "expected at least 1 run, found 0".into(),
            );
        }
        if raw.targets.is_empty() {
            problem(
                vec![Step::Key("targets")],
                "expected at least one target, found none".into(),
            );
        }
        let mut targets = Vec::new();
        for (i, t) in raw.targets.into_iter().enumerate() {
            let at = |key| vec![Step::Key("targets"), Step::Index(i), Step::Key(key)];
            // JSON has no NaN: a tolerance that is not above 0 is at most 0.
            if t.tolerance <= 0.0 {
                problem(
                    at("tolerance"),
                    format!("expected a positive tolerance, found {}", t.tolerance),
                );
            }
            let outcome = match Outcome::parse(&t.outcome) {
                Ok(o) => o,
                Err(e) => {
                    problem(at("outcome"), e.to_string());
                    continue;
                }
            };
            if let Some(d) = outcome.time_window().filter(|&d| d > f64::from(raw.days)) {
                problem(
                    at("outcome"),
                    format!(
                        "day {d} is beyond the horizon of {} days (\"days\")",
                        raw.days
                    ),
                );
            }
            if outcome.is_probability() && !(0.0..=1.0).contains(&t.observed) {
                problem(
                    at("observed"),
                    format!(
                        "{} is a share of runs: expected a value in [0, 1], found {}",
                        outcome, t.observed
                    ),
                );
            }
            if let Some(first) = targets.iter().position(|o: &Target| o.outcome == outcome) {
                problem(
                    at("outcome"),
                    format!("{outcome} is already a target (targets[{first}])"),
                );
            }
            targets.push(Target {
                name: t.name.unwrap_or_else(|| outcome.to_string()),
                outcome,
                observed: t.observed,
                tolerance: t.tolerance,
                source: t.source,
            });
        }
        if !problems.is_empty() {
            return Err(TargetsError(source.place(problems)));
        }
        Ok(Targets {
            origin: origin.to_owned(),
            description: raw.description,
            days: raw.days,
            runs_per_point: raw.runs_per_point,
            targets,
        })
    }
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
#[derive(Clone, Copy, Debug)]
enum Step {
    Key(&'static str),
    Index(usize),
}

/// The text of a targets file, to place problems in it.
struct Source<'a> {
    origin: &'a str,
    text: &'a str,
}

impl Source<'_> {
    /// A problem serde found (syntax, a wrong type, an unknown or missing field): its
    /// place comes from the parser, its path from `serde_path_to_error`.
    fn structural(&self, path: &str, inner: &serde_json::Error) -> Problem {
        let message = inner.to_string();
        // serde_json appends the place, which the diagnostic shows its own way.
        let message = match message.rfind(" at line ") {
            Some(at) => message[..at].to_owned(),
            None => message,
        };
        let line = inner.line().max(1);
        let line_text = self.text.lines().nth(line - 1).unwrap_or("");
        // serde_json counts columns in bytes; readers count characters.
        let byte_column = inner.column().min(line_text.len());
        let column = line_text
            .char_indices()
            .take_while(|(b, _)| *b < byte_column)
            .count()
            .max(1);
        Problem {
            origin: self.origin.to_owned(),
            line,
            column,
            path: if path == "." {
                String::new()
            } else {
                path.to_owned()
            },
            message,
            excerpt: Some(line_text.to_owned()),
        }
    }

    /// Problems found after reading, placed at their values.
    fn place(&self, problems: Vec<(Vec<Step>, String)>) -> Vec<Problem> {
        let tree = jsonc_parser::parse_to_ast(self.text, &Default::default(), &Default::default())
            .ok()
            .and_then(|p| p.value);
        let mut placed: Vec<Problem> = problems
            .into_iter()
            .map(|(steps, message)| {
                let offset = tree.as_ref().map_or(0, |t| locate(t, &steps));
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

/// The byte offset of the value at `steps`, or of its deepest written ancestor.
fn locate(tree: &ast::Value<'_>, steps: &[Step]) -> usize {
    let mut node = tree;
    for step in steps {
        let next = match (step, node) {
            (Step::Key(k), ast::Value::Object(o)) => o
                .properties
                .iter()
                .rfind(|p| p.name.as_str() == *k)
                .map(|p| &p.value),
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
    fn wrong_types_and_missing_fields_are_placed() {
        let e = error(&GOOD.replace("\"days\": 60", "\"days\": \"sixty\""));
        assert!(
            e.starts_with("error: t.json:3:") && e.contains("days: invalid type"),
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
            e.contains("days: expected at least 1 day")
                && e.contains("targets: expected at least one"),
            "{e}"
        );
    }
}
