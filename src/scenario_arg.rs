//! The scenario a command works on: a file, or the embedded flagship.

use std::path::{Path, PathBuf};

use grayzone_scenario::Scenario;

use crate::error::CliError;

/// The flagship scenario (seed 002, the Hormuz memorandum), compiled into the binary so
/// that `grayzone run` works anywhere.
pub const DEFAULT_SCENARIO: &str = include_str!("../scenarios/hormuz-2026.json");

/// The shipped scenarios by name, for what a report compares an experiment's scenario
/// with.
pub const SHIPPED: [(&str, &str); 4] = [
    ("hormuz-2026", DEFAULT_SCENARIO),
    (
        "axis-of-resistance",
        include_str!("../scenarios/axis-of-resistance.json"),
    ),
    (
        "iran-israel-truce",
        include_str!("../scenarios/iran-israel-truce.json"),
    ),
    (
        "red-line-probing",
        include_str!("../scenarios/red-line-probing.json"),
    ),
];

/// The name the embedded scenario goes by in diagnostics and provenance.
pub const DEFAULT_ORIGIN: &str = "hormuz-2026.json (embedded default)";

/// Reads the scenario at `path`, or the embedded default when there is none.
pub fn load(path: Option<&Path>) -> Result<Scenario, CliError> {
    Ok(match path {
        Some(p) => Scenario::from_path(p)?,
        None => Scenario::from_str(DEFAULT_SCENARIO, DEFAULT_ORIGIN)?,
    })
}

/// A description of the command line, for provenance.
pub fn command_line() -> String {
    std::env::args().collect::<Vec<_>>().join(" ")
}

/// The default output folder of a command on a scenario: `output/<name>[/<command>]`,
/// where `<name>` is the scenario's name made into one safe folder name.
///
/// A scenario's name comes from a file that may come from anyone (issue "Untrusted
/// input"): an absolute name, `..`, `a/b` or a control character must never take the
/// output out of `output/`. The name is kept when it is already a plain folder name;
/// otherwise every character outside `A-Z a-z 0-9 _ - .` becomes `_`, leading dots are
/// dropped, an empty result becomes `scenario`, and the result is at most 100 bytes. The
/// second value is true when the name had to change, so that the command can say so.
pub fn default_out(name: &str, command: Option<&str>) -> (PathBuf, bool) {
    let safe = folder_name(name);
    let changed = safe != name;
    let mut dir = PathBuf::from("output").join(safe);
    if let Some(command) = command {
        dir.push(command);
    }
    (dir, changed)
}

/// `path` made absolute against the working folder, for a file that must find it from
/// elsewhere (a recorded experiment file).
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// A scenario's name as a plain folder name: letters, digits, `_`, `-` and `.` (others
/// become `_`), no leading dot, at most 100 characters; never a path that leaves its
/// parent folder.
pub fn folder_name(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut safe = safe.trim_start_matches('.').to_owned();
    safe.truncate(100);
    if safe.is_empty() {
        safe = "scenario".to_owned();
    }
    safe
}

/// `--out`, or the default folder; says on standard error when the scenario's name had
/// to be changed to make it (the binary's one place for it).
pub fn out_or_default(out: Option<&Path>, name: &str, command: Option<&str>) -> PathBuf {
    out.map_or_else(
        || {
            let (dir, changed) = default_out(name, command);
            if changed {
                #[expect(clippy::print_stderr, reason = "the binary tells the analyst")]
                {
                    eprintln!(
                        "note: the scenario's name {name:?} is not a plain folder name; its output goes to {}",
                        dir.display()
                    );
                }
            }
            dir
        },
        Path::to_path_buf,
    )
}

/// The output folder of a command, made and checked before anything runs: `--out`, or
/// the default folder of the scenario and command. A folder that cannot be made or
/// written into (a path through a file, no permission, a read-only disk) is a mistake in
/// the command: exit 2 at once, not exit 1 after minutes of simulation (the one rule for
/// every command).
pub fn output_folder(
    out: Option<&Path>,
    name: &str,
    command: Option<&str>,
) -> Result<PathBuf, CliError> {
    let dir = out_or_default(out, name, command);
    writable_folder(&dir)?;
    Ok(dir)
}

/// Makes `dir` if needed and checks that a file can be created in it (a probe of
/// grayzone's own, removed at once).
pub fn writable_folder(dir: &Path) -> Result<(), CliError> {
    let refuse = |e: std::io::Error| {
        CliError::Input(format!(
            "error: cannot write into the output folder {}: {e}",
            dir.display()
        ))
    };
    std::fs::create_dir_all(dir).map_err(refuse)?;
    let probe = dir.join(format!(".grayzone-probe-{}", std::process::id()));
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .map_err(refuse)?;
    std::fs::remove_file(&probe).map_err(refuse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scenario_name_never_leaves_the_output_folder() {
        for (name, folder) in [
            ("hormuz-2026", "hormuz-2026"),
            ("../../etc", "_.._etc"),
            ("/tmp/x", "_tmp_x"),
            ("..", "scenario"),
            (".", "scenario"),
            ("", "scenario"),
            ("a/b/c", "a_b_c"),
            ("tab\there", "tab_here"),
            ("Straße", "Stra_e"),
        ] {
            let (dir, changed) = default_out(name, Some("ensemble"));
            assert_eq!(
                dir,
                Path::new("output").join(folder).join("ensemble"),
                "{name:?}"
            );
            assert_eq!(changed, name != folder, "{name:?}");
            assert_eq!(dir.components().count(), 3, "{name:?}: one component");
        }
        let long = "x".repeat(500);
        assert_eq!(
            default_out(&long, None).0,
            Path::new("output").join("x".repeat(100))
        );
    }
}
