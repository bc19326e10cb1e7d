//! End-to-end tests of `grayzone run`, `validate` and `schema`, through the real binary.

use std::path::Path;

mod common;
use common::{grayzone_in, stderr};

fn scenario(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
        .display()
        .to_string()
}

const FILES: [&str; 5] = [
    "timeseries.csv",
    "events.jsonl",
    "summary.json",
    "escalation.png",
    "escalation.svg",
];

#[test]
fn with_no_arguments_it_runs_the_embedded_scenario_into_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = grayzone_in(&[], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("hormuz-2026"), "{stdout}");
    assert!(
        stdout.contains("ceasefire"),
        "it tells what happened: {stdout}"
    );
    let folder = dir.path().join("output/hormuz-2026");
    for f in FILES {
        let bytes = std::fs::read(folder.join(f)).unwrap_or_else(|_| panic!("{f} written"));
        assert!(!bytes.is_empty(), "{f} is empty");
    }
    let png = std::fs::read(folder.join("escalation.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let svg = std::fs::read_to_string(folder.join("escalation.svg")).unwrap();
    assert!(
        svg.contains("United States") && svg.contains("day"),
        "the chart has its legend and axis text"
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join("summary.json")).unwrap()).unwrap();
    for key in [
        "ceasefire_collapse_day",
        "first_direct_strike_day",
        "highest_rung",
        "attack_spending",
        "defence_spending",
        "cost_exchange_ratio",
        "bases_lost",
    ] {
        assert!(summary["outcomes"].get(key).is_some(), "summary has {key}");
    }
    for key in ["grayzone_version", "scenario_hash", "seed", "days"] {
        assert!(
            summary["provenance"].get(key).is_some(),
            "provenance has {key}"
        );
    }
    let header = std::fs::read_to_string(folder.join("timeseries.csv")).unwrap();
    let header = header.lines().next().unwrap();
    for column in [
        "day",
        "dyad",
        "rung",
        "goldstein",
        "strikes",
        "intercepted",
        "leaked",
        "interceptor_stock_a",
        "attack_spending_a",
        "defence_spending_b",
        "credibility_a",
        "ceasefire",
        "willingness_bahrain",
    ] {
        assert!(
            header.split(',').any(|c| c == column),
            "timeseries has {column}: {header}"
        );
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_another_history() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario("hormuz-2026.json");
    for (out, seed) in [("a", "7"), ("b", "7"), ("c", "8")] {
        let o = grayzone_in(&["run", &file, "--seed", seed, "--out", out], dir.path());
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let read = |d: &str, f: &str| std::fs::read(dir.path().join(d).join(f)).unwrap();
    for f in ["timeseries.csv", "events.jsonl", "summary.json"] {
        assert_eq!(
            read("a", f),
            read("b", f),
            "{f} differs between two runs of seed 7"
        );
    }
    assert_ne!(
        read("a", "events.jsonl"),
        read("c", "events.jsonl"),
        "seed 8 tells another story"
    );
}

#[test]
fn every_shipped_scenario_runs_and_validates() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "hormuz-2026.json",
        "axis-of-resistance.json",
        "iran-israel-truce.json",
        "red-line-probing.json",
    ];
    let files: Vec<String> = names.iter().map(|n| scenario(n)).collect();
    let mut args = vec!["validate"];
    args.extend(files.iter().map(String::as_str));
    let o = grayzone_in(&args, dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).matches(": ok").count(),
        4
    );
    for (name, file) in names.iter().zip(&files) {
        let o = grayzone_in(&["run", file, "--days", "30", "--out", name], dir.path());
        assert!(o.status.success(), "{name}: {}", stderr(&o));
    }
}

#[test]
fn invalid_input_exits_2_with_a_clear_message_and_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"name\": \"bad\",\n  \"days\": 30,\n  \"actors\": [ { \"id\": \"x\", \"kind\": \"state\", \"credibility\": { \"initial\": 1.5 } } ]\n}\n").unwrap();
    let bad = bad.display().to_string();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["validate", &bad], "bad.json:4:"),
        (vec!["run", &bad], "actors[0].credibility.initial"),
        (vec!["run", "no-such-file.json"], "no-such-file.json"),
        (vec!["run", "--days", "0"], "--days"),
        (vec!["run", "--seed", "minus-one"], "--seed"),
        (vec!["frobnicate"], "frobnicate"),
    ];
    for (args, fragment) in cases {
        let o = grayzone_in(&args, dir.path());
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?} exits 2: {err}");
        assert!(
            err.contains(fragment),
            "{args:?}: expected {fragment:?} in {err}"
        );
        assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
    }
    let o = grayzone_in(&["validate", &bad], dir.path());
    assert!(
        stderr(&o).contains(
            "bad.json:4:73: actors[0].credibility.initial: expected a probability in [0, 1], found 1.5"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn schema_is_published() {
    let dir = tempfile::tempdir().unwrap();
    let o = grayzone_in(&["schema"], dir.path());
    assert!(o.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(schema["$schema"].as_str().unwrap_or("").contains("2020-12"));
    assert!(schema["properties"].get("actors").is_some());
}

#[test]
fn generated_theatres_validate_run_and_repeat_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "generate",
        "--patrons",
        "6",
        "--militias",
        "300",
        "--hosts",
        "3",
        "--seed",
        "9",
    ];
    let first = grayzone_in(&args, dir.path());
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(first.stdout, grayzone_in(&args, dir.path()).stdout);
    let file = dir.path().join("theatre.json");
    std::fs::write(&file, &first.stdout).unwrap();
    let file = file.display().to_string();
    let o = grayzone_in(&["validate", &file], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let o = grayzone_in(&["run", &file, "--days", "30", "--out", "big"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("big/summary.json")).unwrap())
            .unwrap();
    assert!(
        summary["outcomes"]["proxy_attacks"].as_f64().unwrap() > 0.0,
        "300 militias attack within a month: {summary}"
    );
    let o = grayzone_in(&["generate", "--patrons", "0"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// Issue "Untrusted input", item 1: a scenario's name decides no path outside `output/`.
#[test]
fn a_scenario_name_cannot_take_the_output_out_of_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let text = std::fs::read_to_string(scenario("red-line-probing.json"))
        .unwrap()
        .replacen(
            "\"name\": \"red-line-probing\"",
            "\"name\": \"../escaped\"",
            1,
        );
    let file = work.join("crafted.json");
    std::fs::write(&file, text).unwrap();
    let file = file.display().to_string();
    for args in [
        vec!["run", file.as_str(), "--days", "10"],
        vec!["ensemble", file.as_str(), "--runs", "20", "--days", "10"],
    ] {
        let out = grayzone_in(&args, &work);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("is not a plain folder name"),
            "{args:?} says so: {}",
            stderr(&out)
        );
    }
    assert!(
        !dir.path().join("escaped").exists(),
        "nothing was written outside the working folder's output/"
    );
    assert!(work.join("output/_escaped/summary.json").is_file());
    assert!(work.join("output/_escaped/ensemble/summary.json").is_file());
}

/// Issue "Untrusted input", item 3: the escalation chart is drawn in bounded time for a
/// long horizon and for a busy generated theatre (both hung in plotters before: the label
/// strip outgrew the chart and left the plot no height).
#[test]
fn long_and_busy_histories_draw_their_chart() {
    let dir = tempfile::tempdir().unwrap();
    let generated = common::grayzone(&["generate", "--militias", "20"]);
    assert!(generated.status.success(), "{}", stderr(&generated));
    let file = dir.path().join("generated.json");
    std::fs::write(&file, &generated.stdout).unwrap();
    let file = file.display().to_string();
    for args in [
        vec!["run", "--days", "3000", "--out", "long"],
        vec!["run", file.as_str(), "--days", "300", "--out", "busy"],
    ] {
        let out = grayzone_in(&args, dir.path());
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let chart = dir.path().join(args[args.len() - 1]).join("escalation.png");
        assert!(
            std::fs::metadata(&chart).is_ok_and(|m| m.len() > 10_000),
            "{args:?}"
        );
    }
}

/// `run` follows the rule `ensemble` follows for a folder it already wrote into: it
/// refuses an earlier history unless told `--force`, which removes only that history's
/// files; a folder whose summary.json grayzone did not write is never cleared.
#[test]
fn run_refuses_an_earlier_history_and_force_replaces_only_it() {
    let dir = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["run", "--days", "30", "--out", "here"];
        args.extend(extra);
        grayzone_in(&args, dir.path())
    };
    assert!(run(&[]).status.success());
    let folder = dir.path().join("here");
    std::fs::write(folder.join("notes.txt"), "mine").unwrap();
    let again = run(&["--seed", "2"]);
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert!(stderr(&again).contains("already holds a history: add --force"));
    let replaced = run(&["--seed", "2", "--force"]);
    assert!(replaced.status.success(), "{}", stderr(&replaced));
    let summary = std::fs::read_to_string(folder.join("summary.json")).unwrap();
    assert!(summary.contains("\"seed\": 2"), "{summary}");
    assert_eq!(
        std::fs::read_to_string(folder.join("notes.txt")).unwrap(),
        "mine"
    );

    // A file edited since the run wrote it stops --force whole, before anything is
    // deleted.
    std::fs::write(folder.join("events.jsonl"), "mine now\n").unwrap();
    let edited = run(&["--force"]);
    assert_eq!(edited.status.code(), Some(2), "{}", stderr(&edited));
    assert!(stderr(&edited).contains("events.jsonl changed since grayzone wrote them"));
    assert!(folder.join("summary.json").exists());

    // Someone's folder with files of the same names: nothing is deleted, even with --force.
    let theirs = dir.path().join("theirs");
    std::fs::create_dir_all(&theirs).unwrap();
    std::fs::write(theirs.join("summary.json"), "{\"mine\": true}").unwrap();
    std::fs::write(theirs.join("timeseries.csv"), "a,b\n").unwrap();
    let out = grayzone_in(&["run", "--out", "theirs", "--force"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("grayzone has no record of writing"));
    assert_eq!(
        std::fs::read_to_string(theirs.join("timeseries.csv")).unwrap(),
        "a,b\n"
    );
}

/// `--events plover` writes the same events as the CAMEO default, coded in PLOVER with
/// what event data never has (who really acted, who was blamed, real or perceived), and
/// the flagship's answer to the vessel strike sits in the vessel strike's chain.
#[test]
fn events_in_plover_carry_the_same_acts_and_their_chains() {
    let dir = tempfile::tempdir().unwrap();
    let run = |coding: &str| {
        let out = dir.path().join(coding);
        let o = grayzone_in(
            &[
                "run",
                "--seed",
                "7",
                "--days",
                "60",
                "--events",
                coding,
                "--out",
                out.to_str().unwrap(),
            ],
            dir.path(),
        );
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::read_to_string(out.join("events.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .collect::<Vec<_>>()
    };
    let (cameo, plover) = (run("cameo"), run("plover"));
    assert_eq!(cameo.len(), plover.len());
    let categories = [
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "DEMAND",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    ];
    for (c, p) in cameo.iter().zip(&plover) {
        assert!(categories.contains(&p["event"].as_str().unwrap()), "{p}");
        assert!((1..=4).contains(&p["quad_code"].as_u64().unwrap()), "{p}");
        assert!(p["intensity"].as_f64().unwrap().abs() <= 10.0);
        assert!(p["context"].is_array(), "{p}");
        assert!(p["mode"].is_string() || p["mode"].is_null(), "{p}");
        assert_eq!(p["cameo"], c["cameo"]);
        assert_eq!(p["day"], c["day"]);
        assert_eq!(p["actor"], serde_json::json!([c["actor"]]));
        assert_eq!(p["recipient"], serde_json::json!([c["target"]]));
        assert_eq!(p["blamed"], c["attributed_to"]);
        assert_eq!(p["real"], c["real"]);
        let real = c["real"].as_bool().unwrap();
        assert_eq!(
            p["true_actor"],
            if real {
                c["actor"].clone()
            } else {
                serde_json::Value::Null
            }
        );
    }
    // Seed 002's opening: the vessel strike, then CENTCOM's answer in its chain.
    let vessel = plover
        .iter()
        .position(|p| p["strike_kind"] == "shock")
        .expect("the vessel strike");
    let answer = plover
        .iter()
        .find(|p| p["strike_kind"] == "retaliation" && p["actor"] == serde_json::json!(["us"]))
        .expect("CENTCOM's answer");
    assert_eq!(answer["link"], serde_json::json!(vessel));
}

/// The PLOVER example in docs/ is what the flagship's default history gives today.
#[test]
fn the_documented_plover_example_is_current() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("flagship");
    let o = grayzone_in(
        &["run", "--events", "plover", "--out", out.to_str().unwrap()],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/hormuz-2026-events-plover.jsonl");
    assert!(
        std::fs::read(out.join("events.jsonl")).unwrap() == std::fs::read(&example).unwrap(),
        "docs/examples/hormuz-2026-events-plover.jsonl is stale: make it again with \
         `grayzone run --events plover --out DIR` and copy DIR/events.jsonl over it"
    );
}
