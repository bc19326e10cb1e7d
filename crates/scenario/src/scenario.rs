//! [`Scenario`]: a scenario file read, checked and resolved, in four stages.
//!
//! 1. Syntax: serde_json parses the text; a syntax error stops here (nothing after it can
//!    be trusted). A number too large for a float (`1e400`) is not a syntax error to the
//!    analyst: it is reported at its place and read as `null`, so the stages below still
//!    check the rest of the file.
//! 2. Structure: the document is validated against the published JSON Schema, which
//!    reports every unknown field, wrong type, out-of-range number and missing field.
//! 3. Types: serde deserialises the document into [`ScenarioFile`]. Values that failed
//!    stage 2 are taken out first where the file can do without them, so that stage 4
//!    still runs on a file with, say, a misspelt field.
//! 4. Semantics: names resolve to actors, territories and assets of the right kind, ids
//!    are unique, days fall within the run, and so on ([`crate::resolve`],
//!    [`crate::validate`]).
//!
//! All problems of stages 2 to 4 are reported together, in file order.

use std::collections::HashMap;
use std::path::Path;

use grayzone_model::Theatre;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, Diagnostics, JsonPath, Problem, Segment, Source, Stage};
use crate::format::ScenarioFile;
use crate::path::{ParamPath, PathError, Slot, check_disjoint};
use crate::{edit, resolve, schema, validate};

/// A scenario read from a file: checked, resolved, ready to build a world from.
///
/// It keeps the text it was read from, so that a calibrated copy
/// ([`Scenario::with_params`]) can be written back with only the changed numbers
/// differing.
#[derive(Clone, Debug)]
pub struct Scenario {
    origin: String,
    text: String,
    hash: String,
    file: ScenarioFile,
    document: Value,
    theatre: Theatre,
}

impl Scenario {
    /// Reads a scenario from its text. `origin` names it in diagnostics (usually the
    /// file name).
    pub fn from_str(text: &str, origin: &str) -> Result<Scenario, Diagnostics> {
        let hash = Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        // Some editors start a file with a byte-order mark and never show it: columns
        // count from after it, as the analyst sees them.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut source = Source::new(origin, text);
        let (document, file, theatre) = read(&mut source)?;
        Ok(Scenario {
            origin: origin.to_owned(),
            text: text.to_owned(),
            hash,
            file,
            document,
            theatre,
        })
    }

    /// Reads a scenario file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Scenario, Diagnostics> {
        let path = path.as_ref();
        let origin = path.display().to_string();
        match crate::input::read_text(path) {
            Ok(text) => Scenario::from_str(&text, &origin),
            Err(error) => Err(Diagnostics::new(vec![Diagnostic::detached(
                &origin,
                Stage::Io,
                format!("cannot read the scenario: {error}"),
            )])),
        }
    }

    /// The scenario's short name.
    pub fn name(&self) -> &str {
        &self.file.name
    }

    /// What the scenario reproduces and which sources it cites.
    pub fn description(&self) -> &str {
        &self.file.description
    }

    /// Length of one run, in days.
    pub fn days(&self) -> u32 {
        self.file.days
    }

    /// Seed of the random number generator.
    pub fn seed(&self) -> u64 {
        self.file.seed
    }

    /// What the scenario was read from (a file name).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// SHA-256 of the text it was read from, in hex: records name the exact scenario
    /// that produced them.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// The document as written, parsed (parameters left to their defaults are absent).
    pub fn document(&self) -> &Value {
        &self.document
    }

    /// The document with every default written out: what the model actually runs.
    pub fn resolved_document(&self) -> Value {
        serde_json::to_value(&self.file).unwrap_or(Value::Null)
    }

    /// The file's typed form.
    pub fn file(&self) -> &ScenarioFile {
        &self.file
    }

    /// The resolved theatre the model builds its world from.
    pub fn theatre(&self) -> &Theatre {
        &self.theatre
    }

    /// The resolved theatre, by value.
    pub fn into_theatre(self) -> Theatre {
        self.theatre
    }

    /// The scenario as a file: the text it was read from, with the parameters set by
    /// [`Scenario::with_params`] edited in place, so that the analyst's layout, order and
    /// spacing survive calibration and a diff shows only what changed.
    pub fn to_json_string_pretty(&self) -> String {
        self.text.clone()
    }

    /// The current values at a parameter path (defaults included), one per place it
    /// matches (a wildcard matches several). Booleans read as 0 and 1.
    pub fn param_value(&self, path: &ParamPath) -> Result<Vec<f64>, PathError> {
        let expanded = self.resolved_document();
        let places = path.resolve(&expanded)?;
        Ok(places.iter().map(|p| p.value).collect())
    }

    /// The numbers each path leads to (defaults included), refusing paths that lead
    /// nowhere and paths that share a number (`militias.*.autonomy` beside
    /// `militias.hezbollah.autonomy`): one would silently override the other.
    pub fn resolve_params(&self, paths: &[ParamPath]) -> Result<Vec<Vec<Slot>>, PathError> {
        let expanded = self.resolved_document();
        let slots = paths
            .iter()
            .map(|p| {
                Ok(p.resolve(&expanded)?
                    .iter()
                    .map(|place| place.slot())
                    .collect())
            })
            .collect::<Result<Vec<Vec<Slot>>, PathError>>()?;
        check_disjoint(&paths.iter().collect::<Vec<_>>(), &slots)?;
        Ok(slots)
    }

    /// A copy with the numbers at the given paths set (keys the file left to their
    /// defaults are written in), checked again from scratch. Two paths that share a
    /// number are refused (see [`Scenario::resolve_params`]).
    pub fn with_params(&self, params: &[(ParamPath, f64)]) -> Result<Scenario, Diagnostics> {
        let fail = |path: String, message: String| {
            let mut diagnostic = Diagnostic::detached(&self.origin, Stage::Parameters, message);
            diagnostic.path = path;
            Diagnostics::new(vec![diagnostic])
        };
        let expanded = self.resolved_document();
        let mut slots = Vec::with_capacity(params.len());
        for (path, _) in params {
            let places = path.resolve(&expanded);
            let places = places.map_err(|e| fail(path.to_string(), e.message().into()))?;
            slots.push(places.iter().map(|p| p.slot()).collect::<Vec<_>>());
        }
        let paths: Vec<&ParamPath> = params.iter().map(|(p, _)| p).collect();
        check_disjoint(&paths, &slots).map_err(|e| fail(e.path().into(), e.message().into()))?;
        let mut edits = Vec::new();
        for (path, value) in params {
            let places = path.edits(&expanded, *value);
            edits.extend(places.map_err(|e| fail(path.to_string(), e.message().into()))?);
        }
        let text = edit::set_values(&self.text, &edits)
            .map_err(|e| fail(String::new(), format!("internal error: {e}")))?;
        Scenario::from_str(&text, &format!("{} (with parameters)", self.origin))
    }
}

/// Stages 1 to 4.
fn read(source: &mut Source<'_>) -> Result<(Value, ScenarioFile, Theatre), Diagnostics> {
    let (document, overflows) = parse(source)?;
    source.read_spans()?;
    let overflows: HashMap<JsonPath, String> = overflows
        .into_iter()
        .map(|(offset, literal)| (source.path_at(offset), literal))
        .collect();

    let mut problems = Vec::new();
    let structural = schema::check(&document, &overflows);
    for (path, literal) in &overflows {
        if !structural.iter().any(|p| &p.path == path) {
            problems.push(Problem::new(
                Stage::Structure,
                path.clone(),
                format!("expected a finite number, found {literal}, which is out of range"),
            ));
        }
    }

    problems.extend(source.duplicate_keys());

    // The document as serde reads it: without the values the schema rejected, and with
    // whole numbers written as floats (2.0) read as integers. A copy only when that
    // changes anything: a theatre of 100,000 militias is a document of most of a gigabyte.
    let mut patched: Option<Value> = None;
    let removed: Vec<&JsonPath> = (structural.iter())
        .filter(|p| remove(patched.get_or_insert_with(|| document.clone()), &p.path))
        .map(|p| &p.path)
        .collect();
    if has_whole_floats(patched.as_ref().unwrap_or(&document)) {
        whole_numbers(patched.get_or_insert_with(|| document.clone()));
    }
    let usable = patched.as_ref().unwrap_or(&document);
    let typed = serde_path_to_error::deserialize::<_, ScenarioFile>(usable);
    let file = match typed {
        Ok(file) => Some(file),
        // A file that failed the schema may fail here for the same reasons: those are
        // reported already.
        Err(_) if !structural.is_empty() || !overflows.is_empty() => None,
        Err(error) => {
            problems.push(Problem::new(
                Stage::Structure,
                serde_path(error.path()),
                error.inner().to_string(),
            ));
            None
        }
    };

    let mut theatre = None;
    if let Some(file) = &file {
        let (resolved, mut semantic) = resolve::theatre(file);
        semantic.extend(validate::check(file));
        // Where the schema rejected a value, serde read the default instead: checks of a
        // default would be about the default, not about the file. A default field is left
        // out of the checks; a default block (a whole list or object) stops them.
        let replaced_block = !removed.is_empty() && {
            let read = serde_json::to_value(file).unwrap_or_default();
            removed
                .iter()
                .any(|p| matches!(p.lookup(&read), Some(Value::Object(_) | Value::Array(_))))
        };
        if !replaced_block {
            semantic.retain(|s| !removed.iter().any(|p| s.path.starts_with(p)));
            problems.extend(semantic);
        }
        theatre = Some(resolved);
    }
    problems.extend(structural);

    match (file, theatre) {
        (Some(file), Some(theatre)) if problems.is_empty() => Ok((document, file, theatre)),
        _ => Err(source.diagnostics(problems)),
    }
}

/// Stage 1: the JSON value, with the offsets and literals of numbers too large for a
/// float (read as null).
fn parse(source: &Source<'_>) -> Result<(Value, Vec<(usize, String)>), Diagnostics> {
    let text = source.text();
    let mut patched: Option<String> = None;
    let mut overflows = Vec::new();
    let value = loop {
        let current = patched.as_deref().unwrap_or(text);
        match serde_json::from_str::<Value>(current) {
            Ok(value) => break value,
            Err(error) => {
                let offset = source.offset_of(error.line(), error.column());
                let literal = is_out_of_range(&error)
                    .then(|| number_at(current, offset))
                    .flatten()
                    // Bounded: a file made of nothing but huge numbers is not a scenario.
                    .filter(|_| overflows.len() < 1000);
                let Some((start, end)) = literal else {
                    return Err(Diagnostics::new(vec![source.syntax_error(&error)]));
                };
                // Same length, so every later position stays where it was.
                let mut next = current.to_owned();
                next.replace_range(start..end, &format!("{:<1$}", "null", end - start));
                overflows.push((start, text[start..end].to_owned()));
                patched = Some(next);
            }
        }
    };
    Ok((value, overflows))
}

fn is_out_of_range(error: &serde_json::Error) -> bool {
    error.to_string().starts_with("number out of range")
}

/// The span of the number literal that ends at `offset` (serde_json reports its last
/// character), if it is long enough to be replaced by `null`.
fn number_at(text: &str, offset: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let is_number = |b: u8| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E');
    let mut end = offset.min(bytes.len());
    while end < bytes.len() && is_number(bytes[end]) {
        end += 1;
    }
    let mut start = end;
    while start > 0 && is_number(bytes[start - 1]) {
        start -= 1;
    }
    (end - start >= 4).then_some((start, end))
}

/// Writes `30.0` as `30`: JSON Schema counts it as a whole number, so serde must read it
/// as one where a count is expected (a float field reads either form).
/// Whether [`whole_numbers`] would change anything.
fn has_whole_floats(value: &Value) -> bool {
    match value {
        Value::Number(n) => n
            .as_f64()
            .is_some_and(|x| n.is_f64() && x.fract() == 0.0 && x.abs() < 9.0e15),
        Value::Array(items) => items.iter().any(has_whole_floats),
        Value::Object(map) => map.values().any(has_whole_floats),
        _ => false,
    }
}

fn whole_numbers(value: &mut Value) {
    match value {
        Value::Number(n) => {
            if let Some(x) = n.as_f64().filter(|x| n.is_f64() && x.fract() == 0.0) {
                if (0.0..9.0e15).contains(&x) {
                    *value = Value::from(x as u64);
                } else if (-9.0e15..0.0).contains(&x) {
                    *value = Value::from(x as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        Value::Object(map) => map.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// Takes the value at `path` out of its object, so that serde uses the default; whether
/// there was one to take.
fn remove(document: &mut Value, path: &JsonPath) -> bool {
    let Some((Segment::Key(key), parent)) = path.segments().split_last() else {
        return false;
    };
    let mut node = document;
    for segment in parent {
        let next = match (segment, node) {
            (Segment::Key(k), Value::Object(map)) => map.get_mut(k),
            (Segment::Index(i), Value::Array(items)) => items.get_mut(*i),
            _ => None,
        };
        match next {
            Some(next) => node = next,
            None => return false,
        }
    }
    match node {
        Value::Object(map) => map.remove(key).is_some(),
        _ => false,
    }
}

pub(crate) fn serde_path(path: &serde_path_to_error::Path) -> JsonPath {
    use serde_path_to_error::Segment as S;
    let mut out = JsonPath::root();
    for segment in path.iter() {
        out = match segment {
            S::Seq { index } => out.index(*index),
            S::Map { key } => out.key(key),
            S::Enum { .. } | S::Unknown => out,
        };
    }
    out
}
