//! Diagnostics: what is wrong with a JSON file of grayzone, where, and how to say it.
//!
//! This is the one engine every file format of grayzone reports through (scenarios
//! here, calibration targets in grayzone-tuning). Every problem found in a file becomes
//! a [`Diagnostic`] that carries the file name, the line and column of the offending
//! value, its JSON path (`actors[3].autonomy`) and a message that says what was
//! expected and what was found; [`Diagnostic::render`] adds the source line with the
//! offending span underlined, as a compiler does.
//!
//! Checks produce [`Problem`]s, which know only a [`JsonPath`]; a [`Source`] places them
//! in the text, through the byte spans that `jsonc-parser` records for every key and
//! value. A `Source` indexes its text once (line starts, character counts), so placing
//! many problems in a minified file of one long line costs time in proportion to the
//! file and the number of problems, not their product.
//!
//! ```
//! use grayzone_scenario::diagnostics::{JsonPath, Problem, Source, Stage};
//!
//! let text = "{\n  \"days\": -3\n}";
//! let mut source = Source::new("t.json", text);
//! source.read_spans()?;
//! let days = JsonPath::root().key("days");
//! let problem = Problem::new(Stage::Semantics, days, "expected at least 1 day, found -3");
//! assert_eq!(
//!     source.place(problem).render(),
//!     "error: t.json:2:11: days: expected at least 1 day, found -3\n  |\n2 |   \"days\": -3\n  |           ^^"
//! );
//! # Ok::<(), grayzone_scenario::Diagnostics>(())
//! ```

use std::collections::HashMap;
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
pub struct JsonPath(pub(crate) Vec<Segment>);

impl JsonPath {
    /// The whole document.
    pub fn root() -> Self {
        JsonPath(Vec::new())
    }

    /// This path followed by an object key.
    pub fn key(&self, key: &str) -> Self {
        let mut path = self.clone();
        path.0.push(Segment::Key(key.to_owned()));
        path
    }

    /// This path followed by an array index.
    pub fn index(&self, index: usize) -> Self {
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
    /// `actors[3].autonomy`; a path deeper than [`JsonPath::SHOWN`] segments (a file of
    /// a hundred thousand nested lists) shows its first segments, how many are left out,
    /// and its last.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        for (i, segment) in self.0.iter().enumerate() {
            if n > JsonPath::SHOWN && (JsonPath::SHOWN / 2..n - JsonPath::SHOWN / 2).contains(&i) {
                if i == JsonPath::SHOWN / 2 {
                    write!(f, "…({} levels)…", n - JsonPath::SHOWN)?;
                }
                continue;
            }
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

impl JsonPath {
    /// The most segments a path shows.
    pub const SHOWN: usize = 16;
}

fn is_plain_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '$')
}

/// Which stage of reading a file found a problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Stage {
    /// The file could not be read.
    Io,
    /// The text is not JSON.
    Syntax,
    /// The JSON does not have the shape of the format (unknown or missing fields, wrong
    /// types; for scenarios, the JSON Schema check).
    Structure,
    /// The file is well formed but does not make sense (references, ids, ranges that
    /// depend on other values).
    Semantics,
    /// A parameter path does not lead to a number of the scenario.
    Parameters,
}

/// One problem in a file.
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

/// The part of a source line a diagnostic shows: the whole line, or a window around the
/// offending span when the line is long (a minified file is one line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Excerpt {
    /// What is shown, one column per character (control characters become spaces).
    text: String,
    /// Characters of `text` before the caret.
    caret: usize,
    /// Characters to underline from the caret (at least one is).
    width: usize,
}

impl Diagnostic {
    /// A diagnostic that is not tied to a place in the text (an unreadable file).
    pub fn detached(origin: &str, stage: Stage, message: String) -> Self {
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
            let indent = " ".repeat(excerpt.caret);
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

/// Every problem found in a file, in the order they appear in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// The list in file order, each problem once.
    pub fn new(mut list: Vec<Diagnostic>) -> Self {
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

    /// The first [`Diagnostics::SHOWN`] diagnostics with their source excerpts, as a
    /// compiler prints them, and how many there are in all.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for diagnostic in self.0.iter().take(Self::SHOWN) {
            out.push_str(&diagnostic.render());
            out.push_str("\n\n");
        }
        let n = self.0.len();
        out.push_str(&format!(
            "{n} problem{} found",
            if n == 1 { "" } else { "s" }
        ));
        if n > Self::SHOWN {
            out.push_str(&format!(
                " ({} shown: the rest are often the same mistake repeated; fix these and validate again)",
                Self::SHOWN
            ));
        }
        out
    }

    /// The most problems [`Diagnostics::render`] shows: a file with thousands of the
    /// same mistake would otherwise print megabytes nobody reads.
    pub const SHOWN: usize = 100;
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
enum At {
    /// The value itself.
    Value,
    /// The key that introduces it (an unknown field).
    Key,
}

/// A problem found by a check, before it is placed in the text: [`Source::place`] makes
/// it a [`Diagnostic`].
#[derive(Clone, Debug)]
pub struct Problem {
    pub(crate) path: JsonPath,
    at: At,
    message: String,
    stage: Stage,
}

impl Problem {
    /// A problem with the value at `path`; where the file does not write that value (a
    /// missing field), it is placed at the deepest enclosing value it does write.
    pub fn new(stage: Stage, path: JsonPath, message: impl Into<String>) -> Self {
        Problem {
            path,
            at: At::Value,
            message: message.into(),
            stage,
        }
    }

    /// Points at the key that introduces the value rather than at the value: an unknown
    /// field is wrong in its name.
    pub fn at_key(mut self) -> Self {
        self.at = At::Key;
        self
    }
}

/// A JSON text with what is needed to point into it: the start of every line, character
/// counts at regular offsets, and (once [`Source::read_spans`] has run) the span of
/// every key and value.
pub struct Source<'a> {
    origin: &'a str,
    text: &'a str,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
    /// `(byte offset, characters before it)` every [`MARK_STRIDE`] bytes or so: a column
    /// is counted from the nearest mark, not from the start of a line that may be the
    /// whole file.
    char_marks: Vec<(usize, usize)>,
    /// Spans of every value and key; absent until read, and when the text is not JSON.
    tree: Option<ast::Value<'a>>,
}

/// Bytes between two character marks of a [`Source`].
const MARK_STRIDE: usize = 1024;

/// Characters of a source line shown at most; a longer line is cut around the span.
const EXCERPT_WIDTH: usize = 120;

/// Characters kept before the span when a long line is cut.
const EXCERPT_LEAD: usize = 40;

impl<'a> Source<'a> {
    /// Indexes `text`; `origin` names it in diagnostics (usually the file name).
    pub fn new(origin: &'a str, text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut char_marks = Vec::with_capacity(text.len() / MARK_STRIDE + 1);
        let mut next_mark = 0;
        for (chars, (offset, _)) in text.char_indices().enumerate() {
            if offset >= next_mark {
                char_marks.push((offset, chars));
                next_mark = offset + MARK_STRIDE;
            }
        }
        Source {
            origin,
            text,
            line_starts,
            char_marks,
            tree: None,
        }
    }

    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// Reads the spans of the text, which must be JSON that serde_json accepts (so
    /// nesting is bounded and the recursive parser cannot overflow the stack): parse
    /// with serde_json first, and report its error with [`Source::syntax_error`].
    pub fn read_spans(&mut self) -> Result<(), Diagnostics> {
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

    /// Every problem placed in the text, in file order.
    pub fn diagnostics(&self, problems: impl IntoIterator<Item = Problem>) -> Diagnostics {
        Diagnostics::new(problems.into_iter().map(|p| self.place(p)).collect())
    }

    /// Places a problem in the text: at its value, or at the deepest enclosing value that
    /// the file writes when the value itself is absent (a missing field, a default).
    pub fn place(&self, problem: Problem) -> Diagnostic {
        let (start, end) = self.span(&problem.path, problem.at);
        self.diagnostic_at(start, end, problem.path, problem.stage, problem.message)
    }

    /// Keys written twice in one object: JSON readers keep the last silently, which
    /// hides a mistake.
    pub fn duplicate_keys(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if let Some(tree) = &self.tree {
            self.find_duplicates(tree, &JsonPath::root(), &mut problems);
        }
        problems
    }

    fn find_duplicates(&self, node: &ast::Value<'_>, path: &JsonPath, out: &mut Vec<Problem>) {
        match node {
            ast::Value::Object(object) => {
                // A scan of the fields before it for a small object; a map from each name
                // to its first place for a large one, so the check stays linear.
                let large = object.properties.len() > 16;
                let mut seen: HashMap<&str, usize> = HashMap::new();
                for (i, property) in object.properties.iter().enumerate() {
                    let name = property.name.as_str();
                    let earlier = if large {
                        match seen.get(name) {
                            Some(&j) => Some(&object.properties[j]),
                            None => {
                                seen.insert(name, i);
                                None
                            }
                        }
                    } else {
                        object.properties[..i]
                            .iter()
                            .find(|p| p.name.as_str() == name)
                    };
                    if let Some(first) = earlier {
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
                    // Only containers can hold a duplicate: a leaf needs no path built.
                    if is_container(&property.value) {
                        self.find_duplicates(&property.value, &path.key(name), out);
                    }
                }
            }
            ast::Value::Array(array) => {
                for (i, element) in array.elements.iter().enumerate() {
                    if is_container(element) {
                        self.find_duplicates(element, &path.index(i), out);
                    }
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

    /// The byte span of the value at `path`, or of the deepest written ancestor.
    fn span(&self, path: &JsonPath, at: At) -> (usize, usize) {
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

    /// A serde_json syntax error in the words of the format (what was expected, what was
    /// found), at its place and with the path of the object or list it is in.
    pub fn syntax_error(&self, error: &serde_json::Error) -> Diagnostic {
        let text = self.text;
        let offset = self.offset_of(error.line(), error.column());
        let full = error.to_string();
        let message = full
            .rsplit_once(" at line ")
            .map_or(full.as_str(), |(m, _)| m);
        let at_end = error.is_eof() || offset >= text.len();
        // At the end of the file, point just after its last character, not at a blank line.
        let offset = if error.is_eof() {
            text.trim_end().len()
        } else {
            offset
        };
        let found = text[offset..]
            .chars()
            .next()
            .filter(|_| !at_end)
            .map_or("the end of the file".to_owned(), |c| format!("`{c}`"));
        let expected = match message {
            "trailing characters" => "expected the end of the document",
            "key must be a string" => "expected a field name in double quotes",
            "expected value" => "expected a value",
            "expected ident" => "expected a value (true, false, null, a number, a string)",
            "EOF while parsing a value" => "expected a value",
            "EOF while parsing an object" => "expected `}` to close an object",
            "EOF while parsing a list" => "expected `]` to close a list",
            "EOF while parsing a string" => "expected `\"` to close a string",
            "trailing comma" => {
                "trailing comma: JSON allows no comma after the last field or element; remove it"
            }
            "unexpected end of hex escape" | "lone leading surrogate in hex escape" => {
                "a \\uD800-\\uDBFF escape starts a pair and must be followed by a \\uDC00-\\uDFFF escape (a lone surrogate is no character): write the character itself, or both halves of its pair"
            }
            "recursion limit exceeded" => {
                "objects and lists nested more than 127 levels deep: no scenario is, so the file is read no further"
            }
            "invalid unicode code point" => {
                "a \\uDC00-\\uDFFF escape may only follow a \\uD800-\\uDBFF escape (a lone surrogate is no character): write the character itself, or both halves of its pair"
            }
            "invalid escape" => {
                "invalid escape: after a backslash JSON allows only \\\\, \\/, \\\", \\b, \\f, \\n, \\r, \\t or \\u and four hex digits"
            }
            "control character (\\u0000-\\u001F) found while parsing a string" => {
                "a control character (a tab, a line break) inside a string: write it as \\t or \\n, or close the string"
            }
            other => other,
        };
        let mut message = if expected.starts_with("expected") {
            format!("{expected}, found {found}")
        } else {
            expected.to_owned()
        };
        // serde_json stops at the token after a missing comma, often on the next line.
        if message.starts_with("expected `,`") {
            let before = text[..offset].trim_end();
            if before.len() < offset && !before.is_empty() {
                let (line, _) = self.line_column(before.len());
                message.push_str(&format!(" (is a comma missing at the end of line {line}?)"));
            }
        }
        let end = (offset + 1).min(text.len());
        let path = self.open_container(offset);
        self.diagnostic_at(offset, end, path, Stage::Syntax, message)
    }

    /// The path of the innermost object or list still open at `offset`, from a scan of
    /// the text before it: a text with a syntax error has no tree to walk, and a scan
    /// needs neither a valid document nor recursion (nesting may be arbitrarily deep).
    fn open_container(&self, offset: usize) -> JsonPath {
        /// An open object with the span of its latest key, or an open list with the
        /// index of its current element.
        enum Open {
            Object(Option<(usize, usize)>),
            List(usize),
        }
        let before = &self.text[..offset];
        let mut open = Vec::new();
        let mut expect_key = false;
        let mut chars = before.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    let mut escaped = false;
                    let close = chars.by_ref().find(|&(_, c)| {
                        let closes = c == '"' && !escaped;
                        escaped = c == '\\' && !escaped;
                        closes
                    });
                    // An unterminated string: the offset is inside it.
                    let Some((end, _)) = close else { break };
                    if let (true, Some(Open::Object(key))) = (expect_key, open.last_mut()) {
                        *key = Some((i, end + 1));
                    }
                    expect_key = false;
                }
                '{' => {
                    open.push(Open::Object(None));
                    expect_key = true;
                }
                '[' => open.push(Open::List(0)),
                '}' | ']' => {
                    open.pop();
                    expect_key = false;
                }
                ',' => match open.last_mut() {
                    Some(Open::List(index)) => *index += 1,
                    Some(Open::Object(_)) => expect_key = true,
                    None => {}
                },
                _ => {}
            }
        }
        // Each open container but the innermost names the next one.
        let mut path = JsonPath::root();
        for container in open.iter().take(open.len().saturating_sub(1)) {
            match container {
                Open::List(index) => path = path.index(*index),
                Open::Object(Some((start, end))) => {
                    let quoted = &before[*start..*end];
                    let key = serde_json::from_str::<String>(quoted)
                        .unwrap_or_else(|_| quoted.trim_matches('"').to_owned());
                    path = path.key(&key);
                }
                Open::Object(None) => break,
            }
        }
        path
    }

    /// Line and column (both from 1, the column in characters) of a byte offset.
    pub(crate) fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        (
            line,
            self.chars_before(offset) - self.chars_before(start) + 1,
        )
    }

    /// How many characters the text holds before a byte offset (a character boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let mark = self.char_marks.partition_point(|&(at, _)| at <= offset);
        let (at, chars) = mark.checked_sub(1).map_or((0, 0), |m| self.char_marks[m]);
        chars + self.text[at..offset].chars().count()
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

    /// A diagnostic at the byte span `start..end`, with its source line.
    pub(crate) fn diagnostic_at(
        &self,
        start: usize,
        end: usize,
        path: JsonPath,
        stage: Stage,
        message: String,
    ) -> Diagnostic {
        let (line, column) = self.line_column(start);
        Diagnostic {
            origin: self.origin.to_owned(),
            line,
            column,
            path: path.to_string(),
            message,
            stage,
            excerpt: Some(self.excerpt(line, start, end)),
        }
    }

    /// The source line of a span, cut to a window around it when long; the work is
    /// bounded by the window, whatever the length of the line.
    fn excerpt(&self, line: usize, start: usize, end: usize) -> Excerpt {
        let line_start = self.line_starts[line - 1];
        let line_end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next - 1);
        let line_end = if self.text[line_start..line_end].ends_with('\r') {
            line_end - 1
        } else {
            line_end
        };
        let start = self.floor_char_boundary(start.clamp(line_start, line_end));
        let end = self.floor_char_boundary(end.clamp(start, line_end));
        let before = &self.text[line_start..start];
        let after = &self.text[start..line_end];
        // Counted up to one past the width: enough to know whether to cut.
        let before_count = before.chars().rev().take(EXCERPT_WIDTH + 1).count();
        let after_count = after.chars().take(EXCERPT_WIDTH + 1).count();
        let lead = before_count.min(EXCERPT_LEAD.max(EXCERPT_WIDTH.saturating_sub(after_count)));
        let rest = EXCERPT_WIDTH - lead;
        let shown_from = lead
            .checked_sub(1)
            .and_then(|n| before.char_indices().rev().nth(n))
            .map_or(before.len(), |(i, _)| i);
        let shown_to = after
            .char_indices()
            .nth(rest)
            .map_or(after.len(), |(i, _)| i);
        let cut_before = lead < before_count;
        let cut_after = rest < after_count;
        // One column per character, so the caret lines up.
        let visible = |c: char| if c.is_control() { ' ' } else { c };
        let mut text = String::new();
        if cut_before {
            text.push('…');
        }
        text.extend(before[shown_from..].chars().map(visible));
        text.extend(after[..shown_to].chars().map(visible));
        if cut_after {
            text.push('…');
        }
        Excerpt {
            text,
            caret: lead + usize::from(cut_before),
            width: self.text[start..end].chars().take(rest).count(),
        }
    }
}

/// Whether a node is an object or a list.
fn is_container(node: &ast::Value<'_>) -> bool {
    matches!(node, ast::Value::Object(_) | ast::Value::Array(_))
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
