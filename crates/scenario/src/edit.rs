//! Setting numbers in a scenario's text in place.
//!
//! A calibrated scenario is written back as the analyst's own file with only the changed
//! numbers differing (and, for a parameter the file left to its default, the key added
//! to its object), so that it diffs cleanly against the original and its diagnostics
//! point at the analyst's own lines. The concrete syntax tree of `jsonc-parser` keeps
//! every space and line break that is not edited.

use jsonc_parser::cst::{CstInputValue, CstNode, CstRootNode};
use serde_json::Value;

use crate::diagnostics::{JsonPath, Segment};

/// `text` with the value at each path replaced (or added, with the objects that lead to
/// it); the text must be valid JSON and each path must end at an object key.
pub(crate) fn set_values(text: &str, edits: &[(JsonPath, Value)]) -> Result<String, String> {
    let root =
        CstRootNode::parse(text, &crate::diagnostics::strict_json()).map_err(|e| e.to_string())?;
    for (path, value) in edits {
        let top = root.value().ok_or("the document is empty")?;
        set(top, path.segments(), value).map_err(|e| format!("{path}: {e}"))?;
    }
    Ok(root.to_string())
}

fn set(node: CstNode, segments: &[Segment], value: &Value) -> Result<(), String> {
    match segments {
        [Segment::Key(key), rest @ ..] => {
            let object = node.as_object().ok_or("not an object")?;
            match object.get(key) {
                Some(property) if rest.is_empty() => property.set_value(input(value)?),
                Some(property) => set(property.value().ok_or("no value")?, rest, value)?,
                None => {
                    object.append(key, nested(rest, value)?);
                }
            }
            Ok(())
        }
        [Segment::Index(i), rest @ ..] if !rest.is_empty() => {
            let array = node.as_array().ok_or("not a list")?;
            let element = array.elements().get(*i).cloned().ok_or("no such element")?;
            set(element, rest, value)
        }
        _ => Err("a parameter must be a field of an object".into()),
    }
}

/// `{"a": {"b": value}}` for the keys `a.b` that the file does not write yet.
fn nested(keys: &[Segment], value: &Value) -> Result<CstInputValue, String> {
    keys.iter()
        .rev()
        .try_fold(input(value)?, |inner, segment| match segment {
            Segment::Key(key) => Ok(CstInputValue::Object(vec![(key.clone(), inner)])),
            Segment::Index(_) => Err("a list the file does not write cannot be indexed".into()),
        })
}

fn input(value: &Value) -> Result<CstInputValue, String> {
    match value {
        Value::Number(n) => Ok(CstInputValue::Number(n.to_string())),
        Value::Bool(b) => Ok(CstInputValue::Bool(*b)),
        other => Err(format!("cannot write {other} as a parameter")),
    }
}
