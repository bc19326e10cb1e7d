//! Golden files: each shipped scenario run at fixed seeds gives the files recorded in
//! `tests/golden/`. They guard refactors that must not change behaviour: a change that
//! moves code changes none of these values.
//!
//! Compared by content, not bytes, so that a table's column types (an integer written as
//! a double before) or a JSON file's key order may change while its values may not:
//! numbers compare as doubles, a missing value as a missing value, and the provenance
//! fields that name the build or the command line are left out.
//!
//! A change that is meant to change the model records new files with
//! `GRAYZONE_BLESS=1 cargo test --test golden`, and its commit says why the values moved.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::ok;

const SCENARIOS: [&str; 4] = [
    "hormuz-2026",
    "axis-of-resistance",
    "iran-israel-truce",
    "red-line-probing",
];
const SEED: &str = "7";
const DAYS: &str = "60";
const RUNS: &str = "48";

/// Provenance fields that say which build or command made a file, not what it holds.
const BUILD_FIELDS: [&str; 5] = [
    "grayzone_version",
    "build",
    "git_commit",
    "command",
    "command_line",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bless() -> bool {
    std::env::var_os("GRAYZONE_BLESS").is_some()
}

/// Numbers as doubles, provenance without the build, every object's keys sorted.
fn normalise(value: Value) -> Value {
    match value {
        Value::Number(n) => serde_json::json!(n.as_f64()),
        Value::Array(items) => Value::Array(items.into_iter().map(normalise).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, _)| !BUILD_FIELDS.contains(&k.as_str()))
                .map(|(k, v)| (k, normalise(v)))
                .collect(),
        ),
        other => other,
    }
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| normalise(serde_json::from_str(l).expect("a JSON line")))
        .collect()
}

/// A CSV table as its columns, each a header and its cells, sorted by header (a table's
/// column order is layout, not content). Each numeric cell is read as a double and
/// printed back, `true`/`false` as 1/0, so that an integer column that was a double
/// column compares equal; an empty cell stays empty (a missing value).
fn csv_cells(text: &str) -> Vec<Vec<String>> {
    let rows: Vec<Vec<String>> = text
        .lines()
        .map(|line| {
            line.split(',')
                .map(|cell| match cell {
                    "true" => "1".to_string(),
                    "false" => "0".to_string(),
                    _ => cell
                        .parse::<f64>()
                        .map_or_else(|_| cell.to_string(), |x| x.to_string()),
                })
                .collect()
        })
        .collect();
    let width = rows.first().map_or(0, Vec::len);
    let mut columns: Vec<Vec<String>> = (0..width)
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).cloned().unwrap_or_default())
                .collect()
        })
        .collect();
    columns.sort();
    columns
}

/// Compares `actual` with the recorded file `name` of `scenario`, or records it.
fn check(scenario: &str, name: &str, actual: &str, same: impl Fn(&str, &str) -> bool) {
    let path = root().join("tests/golden").join(scenario).join(name);
    if bless() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (record it with GRAYZONE_BLESS=1)", path.display()));
    assert!(
        same(&expected, actual),
        "{scenario}: {name} differs from {}; if the model was meant to change, record it \
         again with GRAYZONE_BLESS=1 and say why in the commit\n--- actual ---\n{}",
        path.display(),
        actual.chars().take(4000).collect::<String>()
    );
}

fn same_json(a: &str, b: &str) -> bool {
    normalise(serde_json::from_str(a).unwrap()) == normalise(serde_json::from_str(b).unwrap())
}

fn same_json_lines(a: &str, b: &str) -> bool {
    json_lines(a) == json_lines(b)
}

fn same_csv(a: &str, b: &str) -> bool {
    csv_cells(a) == csv_cells(b)
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join(name).display()))
}

#[test]
fn shipped_scenarios_give_the_recorded_histories_and_tables() {
    let tmp = tempfile::tempdir().unwrap();
    for scenario in SCENARIOS {
        let file = root().join("scenarios").join(format!("{scenario}.json"));
        let file = file.to_str().unwrap();

        let run = tmp.path().join(scenario).join("run");
        ok(&[
            "run",
            file,
            "--seed",
            SEED,
            "--days",
            DAYS,
            "--out",
            run.to_str().unwrap(),
        ]);
        check(
            scenario,
            "summary.json",
            &read(&run, "summary.json"),
            same_json,
        );
        check(
            scenario,
            "events.jsonl",
            &read(&run, "events.jsonl"),
            same_json_lines,
        );

        let ensemble = tmp.path().join(scenario).join("ensemble");
        ok(&[
            "ensemble",
            file,
            "--runs",
            RUNS,
            "--seed",
            SEED,
            "--days",
            DAYS,
            "--out",
            ensemble.to_str().unwrap(),
        ]);
        let runs = grayzone_experiments::parquet_as_csv(&ensemble.join("runs.parquet"))
            .expect("runs.parquet reads back");
        check(scenario, "runs.csv", &runs, same_csv);
        check(
            scenario,
            "ensemble-summary.json",
            &read(&ensemble, "summary.json"),
            same_json,
        );
    }
}
