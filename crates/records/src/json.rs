//! The one JSON file writer: pretty, with a final newline, atomic.

use std::path::Path;

use serde::Serialize;

use crate::Error;
use crate::atomic::write_atomic;

/// Writes `value` to `path` as pretty JSON with a final newline, atomically. The value is
/// serialised before the file is touched, so a value that cannot be serialised (a map
/// with non-string keys, a failing `Serialize`) returns the error and leaves whatever
/// `path` held before: never an empty or half-written file.
pub fn write_json(path: &Path, value: &impl Serialize) -> Result<(), Error> {
    let mut text = serde_json::to_vec_pretty(value).map_err(|e| Error::new(path, e.into()))?;
    text.push(b'\n');
    write_atomic(path, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value serde cannot write as JSON.
    struct Unwritable;

    impl Serialize for Unwritable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no JSON form"))
        }
    }

    #[test]
    fn writes_pretty_json_with_a_final_newline() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write_json(&path, &serde_json::json!({ "a": [1, null] })).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\n  \"a\": [\n    1,\n    null\n  ]\n}\n"
        );
    }

    #[test]
    fn a_serialisation_failure_is_returned_and_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        let error = write_json(&path, &Unwritable).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("{}: no JSON form", path.display())
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
