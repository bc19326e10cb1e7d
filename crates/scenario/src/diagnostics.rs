//! Diagnostics: what is wrong with a scenario, where, and how to say it.
//!
//! Every problem found in a file becomes a [`Diagnostic`] that carries the file name,
//! the line and column of the offending value, its JSON path (`actors[3].autonomy`) and
//! a message that says what was expected and what was found. Checks produce
//! [`Problem`]s, which know only a path; a [`Source`] places them in the text, through
//! the byte spans that `jsonc-parser` records for every key and value.

use std::fmt;

use jsonc_parser::ast;
use jsonc_parser::common::Ranged;

/// One step of a JSON path: an object key or an array index.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

impl From<&str> for Segment {
    fn from(key: &str) -> Self {
        Segment::Key(key.to_owned())
    }
}

impl From<usize> for Segment {
    fn from(index: usize) -> Self {
        Segment::Index(index)
    }
}

/// `at!["network", "sponsors", 0, "patron"]`: a [`JsonPath`] from keys and indices.
macro_rules! at {
    ($($segment:expr),* $(,)?) => {
        $crate::diagnostics::JsonPath(vec![$($crate::diagnostics::Segment::from($segment)),*])
    };
}
pub(crate) use at;

/// A location in a JSON document, rendered as `actors[3].autonomy`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct JsonPath(pub(crate) Vec<Segment>);

impl JsonPath {
    pub(crate) fn root() -> Self {
        JsonPath(Vec::new())
    }

    /// This path followed by an object key.
    pub(crate) fn key(&self, key: &str) -> Self {
        let mut path = self.clone();
        path.0.push(Segment::Key(key.to_owned()));
        path
    }

    /// This path followed by an array index.
    pub(crate) fn index(&self, index: usize) -> Self {
        let mut path = self.clone();
        path.0.push(Segment::Index(index));
        path
    }

    pub(crate) fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// The path of the enclosing value (the root is its own parent).
    pub(crate) fn parent(&self) -> JsonPath {
        let mut path = self.clone();
        path.0.pop();
        path
    }

    /// The value at this path in `document`, if there is one.
    pub(crate) fn lookup<'v>(
        &self,
        document: &'v serde_json::Value,
    ) -> Option<&'v serde_json::Value> {
        self.0
            .iter()
            .try_fold(document, |node, segment| match segment {
                Segment::Key(key) => node.get(key),
                Segment::Index(i) => node.get(i),
            })
    }

    /// Whether `prefix` is this path or one of its ancestors.
    pub(crate) fn starts_with(&self, prefix: &JsonPath) -> bool {
        self.0.starts_with(&prefix.0)
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Index(index) => write!(f, "[{index}]")?,
                // Keys that would read as path syntax are quoted, as in JavaScript.
                Segment::Key(key) if !is_plain_key(key) => write!(f, "[{key:?}]")?,
                Segment::Key(key) if i == 0 => write!(f, "{key}")?,
                Segment::Key(key) => write!(f, ".{key}")?,
            }
        }
        Ok(())
    }
}

fn is_plain_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '$')
}

/// Which stage of reading a scenario found a problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Stage {
    /// The file could not be read.
    Io,
    /// The text is not JSON.
    Syntax,
    /// The JSON does not have the shape of a scenario (the JSON Schema check).
    Structure,
    /// The scenario is well formed but does not make sense (references, ids, ranges
    /// that depend on other values).
    Semantics,
    /// A parameter path does not lead to a number of the scenario.
    Parameters,
}

/// One problem in a scenario file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file name (or whatever the caller named the text).
    pub origin: String,
    /// Line of the offending value, from 1 (0 when the problem is not in the text).
    pub line: usize,
    /// Column of the offending value, in characters from 1 (0 when not in the text).
    pub column: usize,
    /// JSON path of the offending value, as `actors[3].autonomy` (empty for the whole
    /// document).
    pub path: String,
    /// What was expected and what was found.
    pub message: String,
    /// Which stage found it.
    pub stage: Stage,
    /// The source line and the span to underline, for rendering.
    pub(crate) excerpt: Option<Excerpt>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Excerpt {
    text: String,
    /// Characters to underline, from `column`.
    width: usize,
}

impl Diagnostic {
    /// A diagnostic that is not tied to a place in the text (an unreadable file).
    pub(crate) fn detached(origin: &str, stage: Stage, message: String) -> Self {
        Diagnostic {
            origin: origin.to_owned(),
            line: 0,
            column: 0,
            path: String::new(),
            message,
            stage,
            excerpt: None,
        }
    }

    /// The diagnostic followed by its source line with the offending span underlined.
    pub fn render(&self) -> String {
        let mut out = self.to_string();
        if let Some(excerpt) = &self.excerpt {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let indent = " ".repeat(self.column.saturating_sub(1));
            out.push_str(&format!(
                "\n{pad} |\n{number} | {}\n{pad} | {indent}{}",
                excerpt.text,
                "^".repeat(excerpt.width.max(1))
            ));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    /// One line: `error: file:line:column: path: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.origin)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        if !self.path.is_empty() {
            write!(f, ": {}", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in a scenario, in the order they appear in the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub(crate) fn new(mut list: Vec<Diagnostic>) -> Self {
        // Line 0 (not in the text) sorts first, which suits I/O errors.
        list.sort_by_key(|d| (d.line, d.column));
        list.dedup();
        Diagnostics(list)
    }

    /// The problems, in file order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// How many problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none (a `Diagnostics` returned as an error never is).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every diagnostic with its source excerpt, as a compiler prints them.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for diagnostic in &self.0 {
            out.push_str(&diagnostic.render());
            out.push_str("\n\n");
        }
        let n = self.0.len();
        out.push_str(&format!(
            "{n} problem{} found",
            if n == 1 { "" } else { "s" }
        ));
        out
    }
}

impl fmt::Display for Diagnostics {
    /// One line per problem; `{:#}` adds the source excerpts (see [`Diagnostics::render`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            return f.write_str(&self.render());
        }
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Which part of a located value a problem points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum At {
    /// The value itself.
    Value,
    /// The key that introduces it (an unknown field).
    Key,
}

/// A problem found by a check, before it is placed in the text.
#[derive(Clone, Debug)]
pub(crate) struct Problem {
    pub(crate) path: JsonPath,
    pub(crate) at: At,
    pub(crate) message: String,
    pub(crate) stage: Stage,
}

impl Problem {
    pub(crate) fn new(stage: Stage, path: JsonPath, message: impl Into<String>) -> Self {
        Problem {
            path,
            at: At::Value,
            message: message.into(),
            stage,
        }
    }

    pub(crate) fn at_key(mut self) -> Self {
        self.at = At::Key;
        self
    }
}

/// The text of a scenario with what is needed to point into it.
pub(crate) struct Source<'a> {
    origin: &'a str,
    text: &'a str,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
    /// Spans of every value and key; absent when the text is not JSON.
    tree: Option<ast::Value<'a>>,
}

impl<'a> Source<'a> {
    pub(crate) fn new(origin: &'a str, text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source {
            origin,
            text,
            line_starts,
            tree: None,
        }
    }

    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// Keys written twice in one object: JSON readers keep the last silently, which
    /// hides a mistake.
    pub(crate) fn duplicate_keys(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if let Some(tree) = &self.tree {
            self.find_duplicates(tree, &JsonPath::root(), &mut problems);
        }
        problems
    }

    fn find_duplicates(&self, node: &ast::Value<'_>, path: &JsonPath, out: &mut Vec<Problem>) {
        match node {
            ast::Value::Object(object) => {
                for (i, property) in object.properties.iter().enumerate() {
                    let name = property.name.as_str();
                    if let Some(first) = object.properties[..i]
                        .iter()
                        .find(|p| p.name.as_str() == name)
                    {
                        let (line, column) = self.line_column(first.name.start());
                        out.push(
                            Problem::new(
                                Stage::Structure,
                                path.key(name),
                                format!(
                                    "duplicate field {name:?}: already written at {line}:{column} \
                                     (only the last would count)"
                                ),
                            )
                            .at_key(),
                        );
                    }
                    self.find_duplicates(&property.value, &path.key(name), out);
                }
            }
            ast::Value::Array(array) => {
                for (i, element) in array.elements.iter().enumerate() {
                    self.find_duplicates(element, &path.index(i), out);
                }
            }
            _ => {}
        }
    }

    /// The path of the innermost value that contains a byte offset.
    pub(crate) fn path_at(&self, offset: usize) -> JsonPath {
        let mut path = JsonPath::root();
        let Some(mut node) = self.tree.as_ref() else {
            return path;
        };
        let contains = |v: &ast::Value<'_>| v.start() <= offset && offset < v.end();
        loop {
            let next = match node {
                ast::Value::Object(object) => object
                    .properties
                    .iter()
                    .find(|p| contains(&p.value))
                    .map(|p| (Segment::Key(p.name.as_str().to_owned()), &p.value)),
                ast::Value::Array(array) => array
                    .elements
                    .iter()
                    .enumerate()
                    .find(|(_, v)| contains(v))
                    .map(|(i, v)| (Segment::Index(i), v)),
                _ => None,
            };
            match next {
                Some((segment, value)) => {
                    path.0.push(segment);
                    node = value;
                }
                None => return path,
            }
        }
    }

    /// Reads the spans of the text, which must be JSON that serde_json accepts (so
    /// nesting is bounded and the recursive parser cannot overflow the stack).
    pub(crate) fn read_spans(&mut self) -> Result<(), Diagnostics> {
        match jsonc_parser::parse_to_ast(self.text, &Default::default(), &strict_json()) {
            Ok(parsed) => {
                self.tree = parsed.value;
                Ok(())
            }
            Err(error) => Err(Diagnostics::new(vec![self.diagnostic_at(
                error.range().start,
                error.range().end,
                JsonPath::root(),
                Stage::Syntax,
                error.kind().to_string(),
            )])),
        }
    }

    /// Places a problem in the text: at its value, or at the deepest enclosing value that
    /// the file writes when the value itself is absent (a missing field, a default).
    pub(crate) fn place(&self, problem: Problem) -> Diagnostic {
        let (start, end) = self.span(&problem.path, problem.at);
        self.diagnostic_at(start, end, problem.path, problem.stage, problem.message)
    }

    /// The byte span of the value at `path`, or of the deepest written ancestor.
    pub(crate) fn span(&self, path: &JsonPath, at: At) -> (usize, usize) {
        let Some(mut node) = self.tree.as_ref() else {
            return (0, 0);
        };
        let mut key_range = None;
        for segment in path.segments() {
            let next = match (segment, node) {
                (Segment::Key(key), ast::Value::Object(object)) => object
                    .properties
                    .iter()
                    // serde_json keeps the last of duplicate keys; so do we.
                    .rfind(|p| p.name.as_str() == key)
                    .map(|p| (&p.value, Some(p.name.range()))),
                (Segment::Index(i), ast::Value::Array(array)) => {
                    array.elements.get(*i).map(|v| (v, None))
                }
                _ => None,
            };
            match next {
                Some((value, key)) => {
                    node = value;
                    key_range = key;
                }
                None => {
                    key_range = None;
                    break;
                }
            }
        }
        let range = match (at, key_range) {
            (At::Key, Some(key)) => key,
            _ => node.range(),
        };
        (range.start, range.end)
    }

    /// Line and column (both from 1, the column in characters) of a byte offset.
    pub(crate) fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        let column = self.text[start..offset].chars().count() + 1;
        (line, column)
    }

    /// The byte offset of a line and a byte column as serde_json counts them (from 1;
    /// column 0 means before the first character).
    pub(crate) fn offset_of(&self, line: usize, byte_column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        self.floor_char_boundary((start + byte_column.saturating_sub(1)).min(self.text.len()))
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    pub(crate) fn diagnostic_at(
        &self,
        start: usize,
        end: usize,
        path: JsonPath,
        stage: Stage,
        message: String,
    ) -> Diagnostic {
        let (line, column) = self.line_column(start);
        let line_start = self.line_starts[line - 1];
        let line_end = self.text[line_start..]
            .find('\n')
            .map_or(self.text.len(), |i| line_start + i);
        let text: String = self.text[line_start..line_end]
            .trim_end_matches('\r')
            .chars()
            // One column per character, so the caret lines up.
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let end = self.floor_char_boundary(end.clamp(start, line_end));
        let start = self.floor_char_boundary(start.min(line_end));
        let width = self.text[start..end].chars().count();
        Diagnostic {
            origin: self.origin.to_owned(),
            line,
            column,
            path: path.to_string(),
            message,
            stage,
            excerpt: Some(Excerpt { text, width }),
        }
    }
}

/// `jsonc-parser` reads JSON with comments and other extensions by default; scenarios
/// are plain JSON.
pub(crate) fn strict_json() -> jsonc_parser::ParseOptions {
    jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// The candidate closest to `word`, if it is close enough to be a likely typo: the one
/// rule every "did you mean" of grayzone follows (scenarios, parameter paths, targets).
pub fn did_you_mean<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|c| (similarity(word, c), c))
        .filter(|&(score, _)| score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// `" (did you mean "x"?)"` when a candidate is close, else nothing.
pub(crate) fn suggestion<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> String {
    did_you_mean(word, candidates)
        .map(|c| format!(" (did you mean {c:?}?)"))
        .unwrap_or_default()
}

/// The candidates, closest to `word` first (ties keep their order).
pub(crate) fn ranked<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Vec<&'c str> {
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (similarity(word, c), c))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().map(|(_, c)| c).collect()
}

/// Similarity in [0, 1]: Jaro-Winkler favours shared prefixes (`autonmy`/`autonomy`),
/// normalised Damerau-Levenshtein catches transpositions in short words.
fn similarity(a: &str, b: &str) -> f64 {
    strsim::jaro_winkler(a, b).max(strsim::normalized_damerau_levenshtein(a, b))
}

/// A list for a message: `a, b, c`, cut after `max` items.
pub(crate) fn list(items: &[&str], max: usize) -> String {
    let mut out = items
        .iter()
        .take(max)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > max {
        out.push_str(&format!(", … ({} more)", items.len() - max));
    }
    out
}
