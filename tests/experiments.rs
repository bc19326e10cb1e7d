//! End-to-end tests of `grayzone ensemble`, `sweep`, `merge` and `replay`: the real
//! binary, small experiments, and the properties every way of running one must keep.
//! No test reads the model's numbers: only whether two ways of computing them agree.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{ok, refused, s};

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&bytes(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A small ensemble of the flagship into `out` with extra arguments.
fn ensemble(out: &Path, runs: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "ensemble",
        "--runs",
        runs,
        "--days",
        "20",
        "--chunk-size",
        "20",
        "--out",
        s(out),
    ];
    args.extend(extra);
    ok(&args)
}

#[test]
fn runs_are_the_same_bytes_for_any_thread_count_and_sharding() {
    let tmp = tempfile::tempdir().unwrap();
    let one = tmp.path().join("one");
    let four = tmp.path().join("four");
    let printed = ensemble(&one, "90", &["--threads", "1"]);
    // Runs of 20 days say nothing of day 20 to 29: no "within 30 days" figure anywhere.
    assert!(
        printed.contains("P(… within 30 days): undefined, the runs last 20 days"),
        "{printed}"
    );
    assert!(
        !printed.contains("P(ceasefire collapses within 30 days)"),
        "{printed}"
    );
    let summary = json(&one.join("summary.json"));
    assert!(summary["probabilities"]["ceasefire_collapse_within_30_days"].is_null());
    assert!(summary["undefined"]["ceasefire_collapse_within_30_days"].is_string());
    let km = &summary["times"]["ceasefire_collapse_day"]["kaplan_meier"];
    assert_eq!(km["censored_at_day"], 20, "{km}");
    ensemble(&four, "90", &["--threads", "4"]);

    // Three shards in three folders, merged into a fourth.
    let shards: Vec<PathBuf> = (0..3)
        .map(|i| tmp.path().join(format!("shard{i}")))
        .collect();
    for (i, dir) in shards.iter().enumerate() {
        let printed = ensemble(dir, "90", &["--shard", &i.to_string(), "--shards", "3"]);
        assert!(printed.contains("grayzone merge"), "{printed}");
        assert!(
            !dir.join("runs.parquet").exists(),
            "a slice writes no table"
        );
    }
    let merged = tmp.path().join("merged");
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(|d| s(d)));
    args.extend(["--out", s(&merged)]);
    ok(&args);

    // Three Slurm array tasks sharing one folder (--array=1-5:2), merged in place.
    let shared = tmp.path().join("shared");
    for task in [1, 3, 5] {
        let out = Command::new(env!("CARGO_BIN_EXE_grayzone"))
            .args([
                "ensemble",
                "--runs",
                "90",
                "--days",
                "20",
                "--chunk-size",
                "20",
                "--out",
                s(&shared),
            ])
            .env("SLURM_ARRAY_TASK_ID", task.to_string())
            .env("SLURM_ARRAY_TASK_COUNT", "3")
            .env("SLURM_ARRAY_TASK_MIN", "1")
            .env("SLURM_ARRAY_TASK_STEP", "2")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let printed = String::from_utf8_lossy(&out.stdout);
        let shard = task / 2 + 1;
        assert!(
            printed.contains(&format!(
                "shard {shard} of 3 (Slurm array task {task}: --shard {})",
                shard - 1
            )),
            "{printed}"
        );
    }
    ok(&["merge", s(&shared)]);

    for table in ["runs.parquet", "daily.parquet"] {
        let reference = bytes(&one.join(table));
        assert_eq!(
            reference,
            bytes(&four.join(table)),
            "{table}: 1 and 4 threads"
        );
        assert_eq!(
            reference,
            bytes(&merged.join(table)),
            "{table}: 3 shards merged"
        );
        assert_eq!(
            reference,
            bytes(&shared.join(table)),
            "{table}: 3 array tasks"
        );
    }
    for chart in [
        "escalation-fan",
        "ceasefire-survival",
        "rung-shares",
        "cost-exchange",
    ] {
        for ext in ["png", "svg"] {
            assert!(one.join(format!("{chart}.{ext}")).exists(), "{chart}.{ext}");
        }
    }
}

#[cfg(unix)]
#[test]
fn an_ensemble_killed_part_way_resumes_to_the_same_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let args = |out: &Path| {
        [
            "ensemble",
            "--runs",
            "2400",
            "--days",
            "120",
            "--chunk-size",
            "100",
            "--threads",
            "1",
            "--format",
            "csv",
            "--out",
        ]
        .iter()
        .map(|a| a.to_string())
        .chain([s(out).to_owned()])
        .collect::<Vec<String>>()
    };
    let whole = tmp.path().join("whole");
    let mut reference = args(&whole);
    reference[8] = "2".into();
    ok(&reference.iter().map(String::as_str).collect::<Vec<_>>());

    let cut = tmp.path().join("cut");
    common::kill_after(
        &args(&cut).iter().map(String::as_str).collect::<Vec<_>>(),
        "runs-000000.parquet",
    );
    assert!(
        !cut.join("runs.csv").exists(),
        "killed before the end, as intended"
    );

    refused(
        &args(&cut).iter().map(String::as_str).collect::<Vec<_>>(),
        "--resume",
    );
    let mut resume = args(&cut);
    resume.push("--resume".into());
    let printed = ok(&resume.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(printed.contains("resumed"), "{printed}");
    for table in ["runs.csv", "daily.csv"] {
        assert_eq!(
            bytes(&whole.join(table)),
            bytes(&cut.join(table)),
            "{table}"
        );
    }
}

#[test]
fn a_sweep_of_autonomy_and_attribution_draws_a_heatmap_and_replays_its_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sweep");
    let printed = ok(&[
        "sweep",
        "--param",
        "militias.kataib_hezbollah.autonomy=0:1:3",
        "--param",
        "actors.us.attribution.policy=0:1:3",
        "--runs-per-point",
        "6",
        "--days",
        "35",
        "--chunk-size",
        "10",
        "--out",
        s(&out),
    ]);
    assert!(printed.contains("9 points × 6 runs"), "{printed}");
    for file in [
        "runs.parquet",
        "points.parquet",
        "summary.json",
        "ceasefire-collapse-30d.png",
        "ceasefire-collapse-30d.svg",
    ] {
        assert!(out.join(file).exists(), "{file}");
    }
    let svg = String::from_utf8(bytes(&out.join("ceasefire-collapse-30d.svg"))).unwrap();
    assert!(svg.contains("militias.kataib_hezbollah.autonomy"));

    // Run 40 is replica 4 of point 6: its own history, the same outcomes as stored.
    let replayed = ok(&["replay", s(&out), "--run", "40"]);
    assert!(
        replayed.contains("outcomes identical to the stored row"),
        "{replayed}"
    );
    assert!(replayed.contains("run 40 of 54"), "{replayed}");
    assert!(replayed.contains("point 6"), "{replayed}");
    // The files name the run as the experiment does, not by the model's replica.
    let replay_dir = out.join("replay-40");
    let provenance = json(&replay_dir.join("summary.json"))["provenance"].clone();
    assert_eq!(provenance["run"], 40, "{provenance}");
    assert_eq!(provenance["model_run"], 4, "{provenance}");
    assert_eq!(provenance["experiment"]["point"], 6, "{provenance}");
    let params = &provenance["experiment"]["params"];
    assert_eq!(
        params["militias.kataib_hezbollah.autonomy"], 1.0,
        "{provenance}"
    );
    assert_eq!(params["actors.us.attribution.policy"], 0.0, "{provenance}");
    let chart = String::from_utf8(bytes(&replay_dir.join("escalation.svg"))).unwrap();
    assert!(
        chart.contains(
            "run 40 of 54 (model run 4) · point 6: militias.kataib_hezbollah.autonomy = 1"
        ),
        "the chart's subtitle names the run"
    );
    for file in [
        "timeseries.csv",
        "events.jsonl",
        "summary.json",
        "escalation.png",
    ] {
        assert!(out.join("replay-40").join(file).exists(), "{file}");
    }
}

#[test]
fn bad_experiments_are_refused_with_status_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("x");
    let o = s(&out);
    refused(
        &["sweep", "--param", "militias.*.autonomyy=0:1", "--out", o],
        "autonomy",
    );
    refused(
        &["sweep", "--param", "militias.*.autonomy=1:0", "--out", o],
        "LO must be below HI",
    );
    refused(
        &[
            "sweep",
            "--param",
            "militias.*.autonomy=0:1",
            "--design",
            "lhs",
            "--param",
            "actors.us.attribution.policy=0:1:4",
            "--out",
            o,
        ],
        "STEPS is for a grid",
    );
    refused(&["ensemble", "--runs", "0", "--out", o], "--runs");
    refused(
        &["ensemble", "--shard", "3", "--shards", "3", "--out", o],
        "out of range",
    );
    refused(&["ensemble", "--shard", "1", "--out", o], "--shards");
    refused(&["replay", s(tmp.path()), "--run", "0"], "manifest.json");

    ensemble(&out, "20", &[]);
    refused(
        &[
            "ensemble",
            "--runs",
            "20",
            "--days",
            "20",
            "--chunk-size",
            "20",
            "--seed",
            "5",
            "--out",
            o,
            "--resume",
        ],
        "seed is 5",
    );
    refused(&["replay", o, "--run", "20"], "0 to 19");
    refused(
        &["sweep", "--param", "days=10:20:3", "--out", o],
        "use --days D",
    );
    refused(
        &[
            "sweep",
            "--param",
            "militias.hezbollah.autonomy=0:1:2",
            "--param",
            "actors.hezbollah.autonomy=0:1:2",
            "--out",
            o,
        ],
        "names the same number",
    );

    let half = tmp.path().join("half");
    ensemble(&half, "90", &["--shard", "0", "--shards", "2"]);
    refused(&["merge", s(&half)], "has every shard finished");
}

/// The README's commands write into a default folder; running one again must be possible
/// without hunting for the folder, and must not delete what grayzone did not write.
#[test]
fn force_replaces_an_earlier_experiment_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("x");
    ensemble(&out, "20", &[]);
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let again = common::grayzone(&[
        "ensemble",
        "--runs",
        "20",
        "--days",
        "20",
        "--chunk-size",
        "20",
        "--out",
        s(&out),
    ]);
    let message = common::stderr(&again);
    assert_eq!(again.status.code(), Some(2), "{message}");
    assert!(
        message.contains("--resume") && message.contains("--force"),
        "{message}"
    );
    let reference = bytes(&out.join("runs.parquet"));

    // Another experiment in the same folder, replaced.
    ensemble(&out, "40", &["--seed", "5", "--force"]);
    assert_eq!(json(&out.join("summary.json"))["provenance"]["runs"], 40);
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    // The manifest lists what was written; a replay is added to it.
    ok(&["replay", s(&out), "--run", "3"]);
    let listed = json(&out.join("manifest.json"))["written"].to_string();
    for f in [
        "runs.parquet",
        "summary.json",
        "escalation-fan.svg",
        "replay-3/summary.json",
    ] {
        assert!(listed.contains(&format!("\"{f}\"")), "{f} not in {listed}");
    }
    // A file edited since grayzone wrote it stops --force whole, before anything is
    // deleted: the next experiment would otherwise write over it.
    let original = bytes(&out.join("replay-3/summary.json"));
    std::fs::write(out.join("replay-3/summary.json"), "{\"annotated\": true}").unwrap();
    refused(
        &[
            "ensemble",
            "--runs",
            "20",
            "--days",
            "20",
            "--chunk-size",
            "20",
            "--out",
            s(&out),
            "--force",
        ],
        "replay-3/summary.json; move them away",
    );
    assert!(out.join("runs.parquet").exists() && out.join("replay-3/escalation.svg").exists());
    std::fs::write(out.join("replay-3/summary.json"), original).unwrap();

    // And back: the same bytes as the first time, the replay gone with the rest.
    ensemble(&out, "20", &["--force"]);
    assert_eq!(bytes(&out.join("runs.parquet")), reference);
    assert!(!out.join("replay-3").exists());
    assert!(
        !out.join("chunks/runs-000001.parquet").exists(),
        "old chunks are gone"
    );

    refused(
        &[
            "ensemble",
            "--runs",
            "20",
            "--out",
            s(&out),
            "--force",
            "--resume",
        ],
        "--force",
    );
    refused(
        &[
            "ensemble",
            "--runs",
            "20",
            "--out",
            s(&out),
            "--force",
            "--shard",
            "0",
            "--shards",
            "2",
        ],
        "--force cannot be combined with a shard",
    );
}

/// Issue "Untrusted input", item 2: `--force` deletes nothing in a folder whose
/// manifest grayzone did not write, and nothing through a symbolic link.
#[cfg(unix)]
#[test]
fn force_deletes_nothing_it_did_not_write_nor_through_a_link() {
    let tmp = tempfile::tempdir().unwrap();
    // Someone's folder that merely has files of the same names.
    let theirs = tmp.path().join("theirs");
    std::fs::create_dir_all(theirs.join("chunks")).unwrap();
    for (name, text) in [
        ("manifest.json", r#"{"project": "not grayzone"}"#),
        ("summary.json", "{}"),
        ("escalation-fan.png", "their chart"),
        ("chunks/runs-000000.parquet", "their data"),
    ] {
        std::fs::write(theirs.join(name), text).unwrap();
    }
    refused(
        &["ensemble", "--runs", "20", "--out", s(&theirs), "--force"],
        "is not a manifest grayzone wrote",
    );
    for name in [
        "manifest.json",
        "summary.json",
        "escalation-fan.png",
        "chunks/runs-000000.parquet",
    ] {
        assert!(theirs.join(name).is_file(), "{name} is still there");
    }

    // grayzone's own experiment whose chunks folder was replaced by a link to theirs.
    let out = tmp.path().join("x");
    ensemble(&out, "20", &[]);
    std::fs::remove_dir_all(out.join("chunks")).unwrap();
    std::os::unix::fs::symlink(theirs.join("chunks"), out.join("chunks")).unwrap();
    refused(
        &["ensemble", "--runs", "20", "--out", s(&out), "--force"],
        "is a symbolic link",
    );
    assert_eq!(
        std::fs::read_to_string(theirs.join("chunks/runs-000000.parquet")).unwrap(),
        "their data"
    );
}

/// Issue "Untrusted input", item 4: a crafted manifest is refused with its file named and
/// exit 2, never a division by zero or an allocation of terabytes; so are sizes past the
/// bounds on the command line.
#[test]
fn crafted_manifests_and_huge_sizes_are_refused_not_crashed_on() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("x");
    ensemble(&out, "20", &[]);
    let manifest = out.join("manifest.json");
    let original = std::fs::read_to_string(&manifest).unwrap();
    for (field, value, expected) in [
        ("chunk_size", "0", "must each be at least 1"),
        ("runs_per_point", "0", "must each be at least 1"),
        ("runs", "1000000000000000", "is not 1 point(s)"),
        ("days", "4294967295", "is not between 1 and 100000"),
        ("layout", "7", "is not one this build reads"),
    ] {
        let mut doc: serde_json::Value = serde_json::from_str(&original).unwrap();
        doc[field] = serde_json::from_str(value).unwrap();
        if field == "runs" {
            doc["runs_per_point"] = doc["runs"].clone();
        }
        std::fs::write(&manifest, doc.to_string()).unwrap();
        let expected = if field == "runs" { "chunks" } else { expected };
        for args in [
            vec!["merge", s(&out)],
            vec!["replay", s(&out), "--run", "0"],
        ] {
            let run = common::grayzone(&args);
            let message = common::stderr(&run);
            assert_eq!(
                run.status.code(),
                Some(2),
                "{field}={value} {args:?}: {message}"
            );
            assert!(
                message.contains("manifest.json") && message.contains(expected),
                "{field}={value} {args:?}: {message}"
            );
        }
    }
    // A scenario text that no longer matches its recorded hash.
    let mut doc: serde_json::Value = serde_json::from_str(&original).unwrap();
    let text =
        doc["scenario"]["text"]
            .as_str()
            .unwrap()
            .replacen("\"days\": 90", "\"days\": 91", 1);
    doc["scenario"]["text"] = serde_json::Value::String(text);
    std::fs::write(&manifest, doc.to_string()).unwrap();
    refused(
        &["replay", s(&out), "--run", "0"],
        "the manifest was edited",
    );
    refused(
        &[
            "ensemble",
            "--runs",
            "1000000000000000",
            "--out",
            s(&tmp.path().join("big")),
        ],
        "more than the 1000000 an experiment may have",
    );
    refused(
        &[
            "ensemble",
            "--runs",
            "20",
            "--days",
            "4294967295",
            "--out",
            s(&tmp.path().join("long")),
        ],
        "is not in 1..=100000",
    );
}

/// Issue "Untrusted input", item 8: an ensemble with nothing to chart (no run spent
/// anything on defence) still succeeds, writes its tables and says what was not drawn.
#[test]
fn an_ensemble_with_nothing_to_chart_succeeds_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/red-line-probing.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["mechanisms"] = serde_json::json!({ "air_defence": false });
    let file = tmp.path().join("undefended.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let out = tmp.path().join("x");
    let run = common::grayzone(&[
        "ensemble",
        s(&file),
        "--runs",
        "30",
        "--days",
        "20",
        "--out",
        s(&out),
    ]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{}", common::stderr(&run));
    assert!(stdout.contains("not drawn: histogram chart"), "{stdout}");
    assert!(out.join("runs.parquet").is_file() && out.join("summary.json").is_file());
}

/// A sweep: shards merged, a kill part-way through and a kill during the final assembly
/// all end in the tables of the uninterrupted sweep.
#[cfg(unix)]
#[test]
fn a_sweep_sharded_killed_and_resumed_gives_the_same_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let args = |out: &Path, extra: &[&str]| -> Vec<String> {
        [
            "sweep",
            "--param",
            "militias.*.autonomy=0:1",
            "--param",
            "ceasefire.tolerance=1:5",
            "--design",
            "lhs",
            "--points",
            "4",
            "--runs-per-point",
            "300",
            "--days",
            "60",
            "--chunk-size",
            "50",
            "--format",
            "csv",
            "--out",
        ]
        .iter()
        .map(|a| a.to_string())
        .chain([s(out).to_owned()])
        .chain(extra.iter().map(|a| a.to_string()))
        .collect()
    };
    let run = |args: &[String]| ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let tables = ["runs.csv", "points.csv"];
    let whole = tmp.path().join("whole");
    run(&args(&whole, &[]));

    let parts: Vec<PathBuf> = (0..3)
        .map(|i| tmp.path().join(format!("part{i}")))
        .collect();
    for (i, dir) in parts.iter().enumerate() {
        run(&args(dir, &["--shard", &i.to_string(), "--shards", "3"]));
    }
    let merged = tmp.path().join("merged");
    let mut merge = vec!["merge".to_owned()];
    merge.extend(parts.iter().map(|p| s(p).to_owned()));
    merge.extend([
        "--out".into(),
        s(&merged).into(),
        "--format".into(),
        "csv".into(),
    ]);
    run(&merge);
    for t in tables {
        assert_eq!(
            bytes(&whole.join(t)),
            bytes(&merged.join(t)),
            "{t}: 3 shards merged"
        );
    }

    let kill_after = |out: &Path, extra: &[&str], name: &str| {
        common::kill_after(
            &args(out, extra)
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            name,
        );
    };
    let cut = tmp.path().join("cut");
    kill_after(&cut, &["--threads", "1"], "runs-000000.parquet");
    assert!(
        !cut.join("runs.csv").exists(),
        "killed before the end, as intended"
    );
    run(&args(&cut, &["--resume"]));
    for t in tables {
        assert_eq!(
            bytes(&whole.join(t)),
            bytes(&cut.join(t)),
            "{t}: killed and resumed"
        );
    }

    // Killed once the runs table is written, while the points table, the summary and
    // the charts are still to come.
    let late = tmp.path().join("late");
    let charts_done = || late.join("regional-war-30d.svg").exists();
    kill_after(&late, &[], "runs.csv");
    assert!(!late.join("points.csv").exists() && !charts_done());
    run(&args(&late, &["--resume"]));
    for t in tables {
        assert_eq!(
            bytes(&whole.join(t)),
            bytes(&late.join(t)),
            "{t}: killed in assembly"
        );
    }
    assert!(charts_done());
}

/// Untrusted input, item 5: every chunk says which experiment and which chunk it is and
/// carries a checksum; merge and resume refuse a foreign, misplaced or altered one,
/// naming the file, rather than mixing it into the tables.
#[test]
fn foreign_misplaced_and_altered_chunks_are_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let shard = |out: &Path, i: &str, seed: &str| {
        ensemble(
            out,
            "60",
            &[
                "--shard", i, "--shards", "3", "--seed", seed, "--format", "csv",
            ],
        )
    };
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    shard(&a, "0", "1");
    shard(&b, "1", "1");
    // Chunk 2 comes from a seed-2 experiment of the same size.
    let other = tmp.path().join("other");
    shard(&other, "2", "2");
    let last = "chunks/runs-000002.parquet";
    let daily = "chunks/daily-000002.json";
    for f in [last, daily] {
        std::fs::copy(other.join(f), b.join(f)).unwrap();
    }
    let merged = tmp.path().join("merged");
    let merge = |out: &Path| {
        vec![
            "merge".to_owned(),
            s(&a).into(),
            s(&b).into(),
            "--out".into(),
            s(out).into(),
        ]
    };
    let args = merge(&merged);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    refused(
        &args,
        "daily-000002.json is refused: it is a chunk of another experiment",
    );

    // The right chunk 2 in its own folder, and filed as chunk 1 in b.
    let right = other.join("right");
    shard(&right, "2", "1");
    std::fs::remove_dir_all(&b).unwrap();
    shard(&b, "1", "1");
    for (from, to) in [
        (last, "chunks/runs-000001.parquet"),
        (daily, "chunks/daily-000001.json"),
    ] {
        std::fs::copy(right.join(from), b.join(to)).unwrap();
    }
    let three = |out: &Path| {
        let mut args = merge(out);
        args.insert(3, s(&right).into());
        args
    };
    let args = three(&tmp.path().join("merged-2"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    refused(&args, "it says it is chunk 2, not chunk 1");

    // Back in place, then altered: a count pushed to u64::MAX would wrap the standing
    // share; the checksum refuses it before any count is added.
    std::fs::remove_dir_all(&b).unwrap();
    shard(&b, "1", "1");
    let args = three(&tmp.path().join("merged-3"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(&args);
    let text = std::fs::read_to_string(right.join(daily)).unwrap();
    let standing = text.find("\"standing\":").unwrap() + "\"standing\":".len();
    let end = standing + text[standing..].find([',', '}']).unwrap();
    let altered = format!("{}{}{}", &text[..standing], u64::MAX, &text[end..]);
    std::fs::write(right.join(daily), altered).unwrap();
    let again = tmp.path().join("again");
    let args = three(&again);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    refused(
        &args,
        "daily-000002.json is refused: it was altered after grayzone wrote it",
    );

    // A runs chunk with a byte changed cannot be read, or no longer matches its checksum.
    std::fs::write(right.join(daily), text).unwrap();
    let mut runs = std::fs::read(right.join(last)).unwrap();
    runs[40] ^= 0x55;
    std::fs::write(right.join(last), runs).unwrap();
    refused(&args, "runs-000002.parquet is refused");
    // The same chunk in the experiment's own folder: resume refuses it too.
    std::fs::copy(right.join(last), a.join(last)).unwrap();
    std::fs::copy(right.join(daily), a.join(daily)).unwrap();
    refused(
        &[
            "ensemble",
            "--runs",
            "60",
            "--days",
            "20",
            "--chunk-size",
            "20",
            "--seed",
            "1",
            "--format",
            "csv",
            "--out",
            s(&a),
            "--resume",
        ],
        "runs-000002.parquet is refused",
    );
}

/// A sweep with `--daily` keeps each point's daily series. At the point where the swept
/// value is the scenario's own (the ceasefire's tolerance of 6), they are the ensemble's
/// daily table of the same runs, cell for cell, though the sweep's chunks of 7 runs cut
/// its points apart and two threads share each chunk.
#[test]
fn a_sweep_keeps_each_points_daily_series_as_an_ensemble_would() {
    let tmp = tempfile::tempdir().unwrap();
    let sweep = tmp.path().join("sweep");
    ok(&[
        "sweep",
        "--param",
        "ceasefire.tolerance=5:6:2",
        "--runs-per-point",
        "30",
        "--days",
        "20",
        "--daily",
        "--chunk-size",
        "7",
        "--threads",
        "2",
        "--out",
        s(&sweep),
    ]);
    let ensemble_dir = tmp.path().join("ensemble");
    ensemble(&ensemble_dir, "30", &["--threads", "1"]);
    let read = |p: &Path| grayzone_records::read_parquet(p).unwrap();
    let swept = read(&sweep.join("daily.parquet"));
    let alone = read(&ensemble_dir.join("daily.parquet"));
    let Some(grayzone_records::Values::Int(points)) = swept.column("point") else {
        panic!("no point column");
    };
    assert_eq!(points.iter().filter(|&&p| p == 0).count(), alone.rows());
    assert_eq!(points.len(), 2 * alone.rows());
    for column in &alone.columns {
        if column.name == "scenario" {
            continue;
        }
        let values = swept.column(&column.name).expect("the same columns");
        let at_six = (0..swept.rows())
            .filter(|&i| points[i] == 1)
            .map(|i| values.cell(i))
            .collect::<Vec<_>>();
        let expected = (0..alone.rows())
            .map(|i| column.values.cell(i))
            .collect::<Vec<_>>();
        assert_eq!(at_six, expected, "{}", column.name);
    }
    // The other point is another theatre: its series differ somewhere.
    let standing = swept.column("ceasefire_standing").unwrap();
    let (a, b): (Vec<_>, Vec<_>) = (0..swept.rows()).partition(|&i| points[i] == 0);
    assert_ne!(
        a.iter().map(|&i| standing.cell(i)).collect::<Vec<_>>(),
        b.iter().map(|&i| standing.cell(i)).collect::<Vec<_>>()
    );
}

/// `--series` keeps chosen daily quantities with the daily aggregates. Their mean,
/// minimum and maximum on a day of a dyad are those of the runs' own time series, as
/// `replay` rebuilds each run; and the sums are exact, so one thread or two give the
/// same bytes.
#[test]
fn chosen_daily_series_are_the_runs_own_averaged() {
    let tmp = tempfile::tempdir().unwrap();
    let runs = 6;
    let one = tmp.path().join("one");
    let series = "interceptor_stock_a,attack_spending_b,credibility_b";
    ensemble(&one, "6", &["--series", series, "--threads", "1"]);
    let two = tmp.path().join("two");
    ensemble(&two, "6", &["--series", series, "--threads", "2"]);
    assert_eq!(
        bytes(&one.join("daily.parquet")),
        bytes(&two.join("daily.parquet"))
    );

    let daily = grayzone_records::read_parquet(&one.join("daily.parquet")).unwrap();
    let cell = |column: &str, row: usize| -> f64 {
        daily.column(column).unwrap().numbers().unwrap()[row].unwrap()
    };
    let find = |day: u64, dyad: u64| -> usize {
        (0..daily.rows())
            .find(|&i| {
                daily.column("day").unwrap().cell(i) == day.to_string()
                    && daily.column("dyad").unwrap().cell(i) == dyad.to_string()
            })
            .unwrap()
    };
    // Each run's own day 12 of dyad 0, from its replayed time series (which names the
    // dyad).
    let row = find(12, 0);
    let dyad_name = daily.column("dyad_name").unwrap().cell(row);
    let mut per_run: Vec<Vec<f64>> = vec![Vec::new(); 3];
    for k in 0..runs {
        ok(&["replay", s(&one), "--run", &k.to_string()]);
        let text = std::fs::read_to_string(one.join(format!("replay-{k}/timeseries.csv"))).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let row: Vec<&str> = lines
            .map(|l| l.split(',').collect::<Vec<_>>())
            .find(|r| r[at("day")] == "12" && r[at("dyad")] == dyad_name)
            .unwrap()
            .into_iter()
            .collect();
        for (j, name) in series.split(',').enumerate() {
            per_run[j].push(row[at(name)].parse().unwrap());
        }
    }
    // The runs differ, so the mean, minimum and maximum say something.
    assert!(
        per_run.iter().any(|v| v.iter().any(|x| *x != v[0])),
        "{per_run:?}"
    );
    for (j, name) in series.split(',').enumerate() {
        let values = &per_run[j];
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        let (lo, hi) = values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        // Kept in units of 1e-4; the time series prints credibility to four decimals.
        assert!(
            (cell(&format!("{name}_mean"), row) - mean).abs() < 2e-4,
            "{name}"
        );
        assert!(
            (cell(&format!("{name}_min"), row) - lo).abs() < 2e-4,
            "{name}"
        );
        assert!(
            (cell(&format!("{name}_max"), row) - hi).abs() < 2e-4,
            "{name}"
        );
    }
    // The theatre's rows have no series of a dyad's side.
    let theatre = (0..daily.rows())
        .find(|&i| daily.column("dyad_name").unwrap().cell(i) == "theatre")
        .unwrap();
    assert_eq!(
        daily.column("credibility_b_mean").unwrap().cell(theatre),
        ""
    );

    refused(
        &[
            "ensemble",
            "--runs",
            "2",
            "--series",
            "interceptor_stok_a",
            "--out",
            s(&tmp.path().join("bad")),
        ],
        "did you mean interceptor_stock_a",
    );
}
