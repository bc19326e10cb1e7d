//! Reading a file given by a user: a scenario, a targets file, an experiment's manifest.
//!
//! A file may come from anyone (issue "Untrusted input"), so it is read only when it is
//! a regular file (never a device such as `/dev/zero`, a pipe that never ends, or a
//! folder), no larger than [`MAX_INPUT_BYTES`], and valid UTF-8; otherwise the error says
//! which, and by how much or where.

use std::io::Read;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, Source, Stage};

/// The largest input file grayzone reads: 256 MiB. A scenario of 300,000 actors made by
/// `grayzone generate` is about 230 MB; anything larger is not a theatre anyone wrote.
pub const MAX_INPUT_BYTES: u64 = 256 << 20;

/// Reads the text of the regular file at `path`, at most [`MAX_INPUT_BYTES`]; the error
/// is a sentence without the path (the caller names the file).
pub fn read_text(path: &Path) -> Result<String, String> {
    // Looked at before it is opened: opening a pipe blocks until someone writes to it.
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        let kind = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a device, a pipe or a socket)"
        };
        return Err(format!("it is {kind}: expected a regular file"));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(too_large(meta.len()));
    }
    let mut file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may grow while it is read: never past the limit.
    (&mut file)
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..at];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
        format!(
            "it is not UTF-8 text: byte {at} (line {line}, column {column}) is 0x{:02x}, which cannot start or continue a UTF-8 character; save the file as UTF-8",
            e.as_bytes()[at]
        )
    })
}

/// Reads a JSON file of grayzone's own (an experiment's manifest, say) into `T`: the file
/// read as [`read_text`] reads it, and any problem as a diagnostic with the file, line,
/// column, JSON path and what was expected, as a scenario's.
pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, Diagnostics> {
    let origin = path.display().to_string();
    let text = read_text(path).map_err(|e| {
        Diagnostics::new(vec![Diagnostic::detached(
            &origin,
            Stage::Io,
            format!("cannot read it: {e}"),
        )])
    })?;
    let source = Source::new(&origin, &text);
    serde_json::from_str(&text).map_err(|e| Diagnostics::new(vec![source.syntax_error(&e)]))
}

fn too_large(len: u64) -> String {
    let mib = |b: u64| b as f64 / f64::from(1 << 20);
    format!(
        "it is {:.1} MiB, over the limit of {:.0} MiB for an input file by {:.1} MiB",
        mib(len),
        mib(MAX_INPUT_BYTES),
        mib(len - MAX_INPUT_BYTES)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_utf8_files_within_the_limit_are_read() {
        let tmp = std::env::temp_dir().join(format!("grayzone-input-{}", std::process::id()));
        std::fs::create_dir_all(&tmp).unwrap();
        let file = tmp.join("a.json");
        std::fs::write(&file, b"{\n  \"name\": \"x\xff\"\n}").unwrap();
        let e = read_text(&file).unwrap_err();
        assert!(e.contains("byte 14 (line 2, column 13) is 0xff"), "{e}");
        assert!(read_text(&tmp).unwrap_err().contains("a folder"));
        #[cfg(unix)]
        assert!(
            read_text(Path::new("/dev/zero"))
                .unwrap_err()
                .contains("not a regular file")
        );
        std::fs::write(&file, "{}").unwrap();
        assert_eq!(read_text(&file).unwrap(), "{}");
        assert!(too_large(MAX_INPUT_BYTES + (3 << 20)).contains("by 3.0 MiB"));
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
