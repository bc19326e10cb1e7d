//! End-to-end tests of `grayzone sensitivity`, `calibrate` and `optimize`: the real
//! binary on the flagship scenario at small sizes. They check the files each command
//! promises, their agreement with each other, and answers that follow from the
//! structure of the question, never the model's numbers.

use std::path::Path;

use serde_json::Value;

mod common;
use common::{ok, refused, s};

fn json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// A Parquet file: magic bytes at both ends.
fn assert_parquet(path: &Path) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        bytes.len() > 8 && bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"),
        "{}",
        path.display()
    );
}

/// A chart in both formats, carrying the note on averaged outcomes.
fn assert_chart(dir: &Path, stem: &str, runs: u64) {
    assert!(dir.join(format!("{stem}.png")).is_file(), "{stem}.png");
    let svg = std::fs::read_to_string(dir.join(format!("{stem}.svg"))).unwrap();
    let note = format!("averaged over {runs} runs per point");
    assert!(svg.contains(&note), "{stem}.svg lacks {note:?}");
}

/// Each militia's autonomy, the US attribution policy and the mediator's influence.
const FIVE: [&str; 5] = [
    "militias.kataib_hezbollah.autonomy=0:1",
    "militias.liwa_fatemiyoun.autonomy=0:1",
    "militias.hezbollah.autonomy=0:1",
    "actors.us.attribution.policy=0:1",
    "mediators.swiss_channel.influence=0:1",
];

fn sensitivity(out: &Path, method: &str, samples: &str, threads: &str) -> String {
    let mut args = vec![
        "sensitivity",
        "--outcome",
        "goldstein_total",
        "--method",
        method,
        "--samples",
        samples,
        "--runs-per-point",
        "3",
        "--days",
        "20",
        "--resamples",
        "100",
        "--threads",
        threads,
        "--out",
        s(out),
    ];
    for p in FIVE {
        args.extend(["--param", p]);
    }
    ok(&args)
}

/// The indices of `indices.json`, without provenance (which names the command line).
fn indices(dir: &Path) -> Value {
    json(&dir.join("indices.json"))["indices"].clone()
}

#[test]
fn morris_and_sobol_of_the_flagship_over_five_parameters() {
    let tmp = tempfile::tempdir().unwrap();
    for (method, samples, points, fields) in [
        (
            "morris",
            "4",
            4 * 6,
            &["mu", "mu_star", "mu_star_lo", "mu_star_hi", "sigma"][..],
        ),
        (
            "sobol",
            "8",
            8 * 7,
            &["s1", "s1_lo", "s1_hi", "st", "st_lo", "st_hi"][..],
        ),
    ] {
        let out = tmp.path().join(method);
        let stdout = sensitivity(&out, method, samples, "2");
        for p in FIVE {
            let path = p.split('=').next().unwrap();
            assert!(stdout.contains(path), "{method}: {stdout}");
        }
        assert_parquet(&out.join("indices.parquet"));
        assert_parquet(&out.join("points.parquet"));
        // The table says what it holds without the JSON beside it.
        let footer = std::fs::read(out.join("indices.parquet")).unwrap();
        for text in [
            "goldstein_total",
            "runs_per_point",
            "averaged over 3 runs per point",
        ] {
            assert!(
                footer.windows(text.len()).any(|w| w == text.as_bytes()),
                "indices.parquet lacks {text:?}"
            );
        }
        assert_chart(&out, "indices", 3);
        let summary = json(&out.join("indices.json"));
        assert_eq!(summary["method"], method);
        assert_eq!(summary["points"], points);
        assert_eq!(summary["runs"], points * 3);
        let rows = summary["indices"].as_array().unwrap();
        assert_eq!(rows.len(), 5);
        for (row, p) in rows.iter().zip(FIVE) {
            assert_eq!(row["parameter"], p.split('=').next().unwrap());
            for f in fields {
                assert!(
                    row[*f].is_number() || row[*f].is_null(),
                    "{method} {f}: {row}"
                );
            }
        }
    }
}

#[test]
fn sensitivity_is_the_same_on_one_thread_and_on_two() {
    let tmp = tempfile::tempdir().unwrap();
    let (one, two) = (tmp.path().join("one"), tmp.path().join("two"));
    sensitivity(&one, "morris", "3", "1");
    sensitivity(&two, "morris", "3", "2");
    assert_eq!(indices(&one), indices(&two));
    assert_eq!(
        std::fs::read(one.join("points.parquet")).unwrap(),
        std::fs::read(two.join("points.parquet")).unwrap()
    );
}

/// Targets the flagship can meet: the militias attack and the ceasefire collapses.
const TARGETS: &str = r#"{
  "description": "a small test",
  "days": 20,
  "runs_per_point": 4,
  "targets": [
    { "name": "militia attacks", "outcome": "proxy_attacks", "observed": 1, "tolerance": 1 },
    { "outcome": "collapse_within_20", "observed": 1, "tolerance": 0.5 }
  ]
}"#;

#[test]
fn calibration_writes_its_posterior_and_a_scenario_that_validates() {
    let tmp = tempfile::tempdir().unwrap();
    let targets = tmp.path().join("targets.json");
    std::fs::write(&targets, TARGETS).unwrap();
    let out = tmp.path().join("abc");
    let base = [
        "calibrate",
        "--param",
        "militias.kataib_hezbollah.autonomy=0:1",
        "--param",
        "militias.liwa_fatemiyoun.autonomy=0:1",
        "--targets",
        s(&targets),
        "--particles",
        "20",
        "--generations",
        "2",
        "--budget",
        "2000",
        "--check-runs",
        "20",
    ];
    let mut args = base.to_vec();
    args.extend(["--out", s(&out)]);
    let stdout = ok(&args);
    assert!(
        stdout.contains("median") && stdout.contains("90% interval"),
        "{stdout}"
    );
    assert_parquet(&out.join("posterior.parquet"));
    assert_chart(&out, "posterior", 4);
    assert_chart(&out, "pairs", 4);
    let summary = json(&out.join("calibration.json"));
    assert_eq!(summary["method"], "abc");
    assert!(summary["runs_used"].as_u64().unwrap() <= 2000);
    let params = summary["parameters"].as_array().unwrap();
    assert_eq!(params.len(), 2);
    for p in params {
        let (lo, median, hi) = (
            p["interval_90"][0].as_f64().unwrap(),
            p["median"].as_f64().unwrap(),
            p["interval_90"][1].as_f64().unwrap(),
        );
        assert!(
            (0.0..=1.0).contains(&lo) && lo <= median && median <= hi && hi <= 1.0,
            "{p}"
        );
    }
    assert_eq!(summary["targets"].as_array().unwrap().len(), 2);

    // The calibrated scenario is the original with only the calibrated numbers changed.
    let calibrated = out.join("calibrated-scenario.json");
    ok(&["validate", s(&calibrated)]);
    let original = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/hormuz-2026.json"
    ))
    .unwrap();
    let written = std::fs::read_to_string(&calibrated).unwrap();
    let changed: Vec<(&str, &str)> = original
        .lines()
        .zip(written.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(original.lines().count(), written.lines().count());
    // The calibrated numbers, and the targets' horizon: the values were fitted over it.
    assert!(
        changed.len() <= 3
            && changed
                .iter()
                .all(|(a, _)| a.contains("\"autonomy\"") || a.contains("\"days\": 90")),
        "{changed:?}"
    );
    assert!(written.contains("\"days\": 20,"), "{changed:?}");
    assert_eq!(summary["calibrated_scenario_days"], 20);

    // CMA-ES gives a point estimate and its convergence trace.
    let out = tmp.path().join("cmaes");
    let mut args = base.to_vec();
    args.extend(["--method", "cmaes", "--out", s(&out)]);
    ok(&args);
    assert_parquet(&out.join("trace.parquet"));
    assert_chart(&out, "trace", 4);
    let summary = json(&out.join("calibration.json"));
    assert!(summary["loss"].is_number());
    assert!(
        ["budget", "converged", "stalled"].contains(&summary["stop"].as_str().unwrap()),
        "{summary}"
    );
    ok(&["validate", s(&out.join("calibrated-scenario.json"))]);
}

#[test]
fn the_least_of_an_outcome_held_at_or_above_a_floor_is_the_floor() {
    // Minimising militia attacks while requiring at least 2 of them: whatever the
    // model, the answer sits on the floor, up to the 1/R steps of an R-run mean.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("optimize");
    let stdout = ok(&[
        "optimize",
        "--param",
        "militias.*.attack_rate=0:0.5",
        "--minimize",
        "proxy_attacks",
        "--subject-to",
        "proxy_attacks>=2",
        "--runs-per-point",
        "10",
        "--days",
        "30",
        "--budget",
        "6000",
        "--check-runs",
        "50",
        "--out",
        s(&out),
    ]);
    assert!(stdout.contains("proxy_attacks >= 2"), "{stdout}");
    let summary = json(&out.join("optimum.json"));
    let search = &summary["search"];
    assert_eq!(search["feasible"], true, "{summary}");
    let found = search["objective"].as_f64().unwrap();
    assert!((2.0..=2.3).contains(&found), "{summary}");
    assert!(summary["objective_at_optimum"]["interval_95"][0].is_number());
    assert_parquet(&out.join("trace.parquet"));
    assert_chart(&out, "trace", 10);
    ok(&["validate", s(&out.join("optimum-scenario.json"))]);
    assert!(!out.join("least-violating-scenario.json").exists());
}

#[test]
fn no_feasible_point_is_said_and_never_called_an_optimum() {
    // A thousand militia attacks in 10 days is out of reach at any attack rate.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("optimize");
    let stdout = ok(&[
        "optimize",
        "--param",
        "militias.*.attack_rate=0:0.5",
        "--minimize",
        "damage",
        "--subject-to",
        "proxy_attacks>=1000",
        "--runs-per-point",
        "2",
        "--days",
        "10",
        "--budget",
        "200",
        "--check-runs",
        "4",
        "--out",
        s(&out),
    ]);
    assert!(
        stdout.contains("NO FEASIBLE POINT: none of the")
            && stdout.contains("at the least violating point")
            && stdout.contains("VIOLATED")
            && !stdout.contains("at the optimum"),
        "{stdout}"
    );
    let summary = json(&out.join("optimum.json"));
    assert_eq!(summary["feasible"], false, "{summary}");
    assert_eq!(summary["answer"], "least violating point");
    assert_eq!(
        summary["least_violating_scenario"],
        "least-violating-scenario.json"
    );
    assert!(summary.get("optimum_scenario").is_none(), "{summary}");
    assert_ne!(summary["search"]["stop"], "converged", "{summary}");
    assert!(!out.join("optimum-scenario.json").exists());
    ok(&["validate", s(&out.join("least-violating-scenario.json"))]);
    let trace = std::fs::read(out.join("trace.parquet")).unwrap();
    for column in ["violation", "best_so_far"] {
        assert!(
            trace.windows(column.len()).any(|w| w == column.as_bytes()),
            "trace.parquet lacks {column}"
        );
    }
    let svg = std::fs::read_to_string(out.join("trace.svg")).unwrap();
    assert!(
        svg.contains("No feasible point") && svg.contains("breaks a constraint"),
        "trace.svg does not mark the infeasible generations"
    );
}

#[test]
fn a_whole_number_field_is_tuned_on_the_whole_numbers_it_takes() {
    // Morris levels and CMA-ES candidates over 1..10 fall between whole numbers; the
    // tolerance is a count of violations, so each must run at, and be reported as, one.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("morris");
    let stdout = ok(&[
        "sensitivity",
        "--param",
        "ceasefire.tolerance=1:10",
        "--param",
        "militias.*.autonomy=0:1",
        "--outcome",
        "goldstein_total",
        "--method",
        "morris",
        "--samples",
        "4",
        "--runs-per-point",
        "3",
        "--days",
        "20",
        "--resamples",
        "50",
        "--out",
        s(&out),
    ]);
    assert!(stdout.contains("ceasefire.tolerance"), "{stdout}");
    assert_eq!(indices(&out).as_array().unwrap().len(), 2);

    let out = tmp.path().join("optimize");
    let stdout = ok(&[
        "optimize",
        "--param",
        "ceasefire.tolerance=1:10",
        "--minimize",
        "goldstein_total",
        "--runs-per-point",
        "3",
        "--days",
        "20",
        "--budget",
        "300",
        "--check-runs",
        "10",
        "--out",
        s(&out),
    ]);
    assert!(stdout.contains("whole numbers"), "{stdout}");
    let summary = json(&out.join("optimum.json"));
    let optimum = summary["parameters"][0]["optimum"].as_f64().unwrap();
    assert!(
        optimum.fract() == 0.0 && (1.0..=10.0).contains(&optimum),
        "{summary}"
    );
    let scenario = out.join("optimum-scenario.json");
    ok(&["validate", s(&scenario)]);
    let written = std::fs::read_to_string(&scenario).unwrap();
    assert!(
        written.contains(&format!("\"tolerance\": {optimum},")),
        "{written}"
    );
}

#[test]
fn an_output_folder_that_cannot_be_made_is_refused_before_any_simulation() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let expected = format!("cannot write into the output folder {}", file.display());
    // Budgets that would take hours: the refusal must come first, whatever the command
    // (one rule for every command: a bad --out is invalid input, exit 2).
    refused(
        &[
            "optimize",
            "--param",
            "militias.*.autonomy=0:1",
            "--minimize",
            "proxy_attacks",
            "--budget",
            "10000000",
            "--out",
            s(&file),
        ],
        &expected,
    );
    refused(
        &[
            "sensitivity",
            "--param",
            "militias.*.autonomy=0:1",
            "--method",
            "morris",
            "--outcome",
            "proxy_attacks",
            "--samples",
            "60000",
            "--out",
            s(&file),
        ],
        &expected,
    );
    for args in [
        vec!["run"],
        vec!["ensemble", "--runs", "100000000"],
        vec![
            "sweep",
            "--param",
            "militias.*.autonomy=0:1",
            "--runs-per-point",
            "100000000",
        ],
    ] {
        let mut args = args;
        args.extend(["--out", s(&file)]);
        refused(&args, &expected);
    }
}

#[test]
fn mistakes_are_refused_with_their_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("x");
    let sens = |extra: &[&'static str]| {
        let mut args = vec![
            "sensitivity",
            "--days",
            "5",
            "--runs-per-point",
            "1",
            "--out",
            s(&out),
        ];
        args.extend(extra);
        args
    };
    refused(
        &sens(&[
            "--param",
            "militias.*.autonomy=0:1",
            "--method",
            "morris",
            "--outcome",
            "proxy_atacks",
        ]),
        "did you mean \"proxy_attacks\"",
    );
    refused(
        &sens(&[
            "--param",
            "militias.*.autonomy=0:2",
            "--method",
            "morris",
            "--outcome",
            "proxy_attacks",
        ]),
        "militias.*.autonomy = 2",
    );
    refused(
        &sens(&[
            "--param",
            "militias.*.autonomy=0:1",
            "--method",
            "sobol",
            "--samples",
            "6",
            "--outcome",
            "proxy_attacks",
        ]),
        "power of two",
    );
    refused(
        &sens(&[
            "--param",
            "militias.*.autonomy=0:1",
            "--method",
            "morris",
            "--outcome",
            "collapse_within_30",
        ]),
        "outcome \"collapse_within_30\": day 30 is beyond the horizon of 5 days",
    );
    let targets = tmp.path().join("targets.json");
    std::fs::write(
        &targets,
        TARGETS.replace("\"tolerance\": 1 }", "\"tolerence\": 1 }"),
    )
    .unwrap();
    refused(
        &[
            "calibrate",
            "--param",
            "militias.*.autonomy=0:1",
            "--targets",
            s(&targets),
        ],
        &format!("{}:6:", targets.display()),
    );
    refused(
        &[
            "optimize",
            "--param",
            "militias.*.autonomy=0:1",
            "--minimize",
            "proxy_attacks",
            "--subject-to",
            "blamed_on_patron_share=0.3",
        ],
        "expected OUTCOME<=VALUE",
    );
    refused(
        &[
            "optimize",
            "--param",
            "militias.*.autonomy=0:1",
            "--minimize",
            "proxy_attacks",
            "--subject-to",
            "blamed_on_patron_share<0.3",
        ],
        "a strict limit `<` is not taken",
    );
    std::fs::write(
        &targets,
        TARGETS.replace(
            "\"observed\": 1, \"tolerance\": 0.5",
            "\"observed\": -0.2, \"tolerance\": 0.5",
        ),
    )
    .unwrap();
    refused(
        &["validate", "--targets", s(&targets)],
        "collapse_within_20 is a share of runs: expected a value in [0, 1], found -0.2",
    );
    std::fs::write(&targets, TARGETS).unwrap();
    let stdout = ok(&["validate", "--targets", s(&targets)]);
    assert!(stdout.contains(": ok"), "{stdout}");
}

/// A calibration killed part-way (a real SIGKILL) and started again with `--resume`
/// reads back what it had evaluated and reaches the uninterrupted answer, byte for byte.
#[cfg(unix)]
#[test]
fn a_calibration_killed_part_way_resumes_to_the_same_answer() {
    let tmp = tempfile::tempdir().unwrap();
    let targets = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/targets/hormuz-2026.json"
    );
    let args = |out: &Path| -> Vec<String> {
        [
            "calibrate",
            "--targets",
            targets,
            "--param",
            "militias.kataib_hezbollah.autonomy=0:1",
            "--param",
            "actors.irgc.doctrine.retaliation_ratio=0.5:3",
            "--particles",
            "50",
            "--budget",
            "8000",
            "--check-runs",
            "20",
            "--threads",
            "1",
            "--out",
            s(out),
        ]
        .iter()
        .map(|a| a.to_string())
        .collect()
    };
    let whole = tmp.path().join("whole");
    let mut reference = args(&whole);
    let threads = reference.iter().position(|a| a == "--threads").unwrap();
    reference[threads + 1] = "2".into();
    ok(&strs(&reference));

    let cut = tmp.path().join("cut");
    // Killed once the first evaluations are in the journal.
    common::kill_after(&strs(&args(&cut)), "evaluations.jsonl");
    assert!(
        !cut.join("calibration.json").exists(),
        "killed before the end, as intended"
    );

    // Another search is not resumed from this journal.
    let mut other = args(&cut);
    other.extend(["--resume".into(), "--seed".into(), "5".into()]);
    refused(&strs(&other), "seed differs");

    let mut resume = args(&cut);
    resume.push("--resume".into());
    let printed = ok(&strs(&resume));
    assert!(
        printed.contains("read back from evaluations.jsonl"),
        "{printed}"
    );
    for file in [
        "posterior.parquet",
        "calibrated-scenario.json",
        "evaluations.jsonl",
    ] {
        assert_eq!(
            std::fs::read(whole.join(file)).unwrap(),
            std::fs::read(cut.join(file)).unwrap(),
            "{file}"
        );
    }
    // The summaries differ only in the command line they record.
    let mut a = json(&whole.join("calibration.json"));
    let mut b = json(&cut.join("calibration.json"));
    for v in [&mut a, &mut b] {
        v["provenance"]["command"] = Value::Null;
    }
    assert_eq!(a, b);
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// A sweep whose chunks cut points in two (7 runs a point, 50 runs a chunk), read by
/// `discover`: each point's outcome equals the one the sweep's own points table gives,
/// so streaming chunk by chunk loses and mixes nothing; the files, charts and the box's
/// intervals are there, and bad requests are refused with exit status 2.
#[test]
fn discovery_reads_a_sweep_chunk_by_chunk_and_writes_its_boxes() {
    let tmp = tempfile::tempdir().unwrap();
    let sweep = tmp.path().join("sweep");
    ok(&[
        "sweep",
        "--param",
        "network.linkage[0].weight=0:2",
        "--param",
        "actors.irgc.doctrine.retaliate=0:1",
        "--design",
        "lhs",
        "--points",
        "60",
        "--runs-per-point",
        "7",
        "--chunk-size",
        "50",
        "--days",
        "30",
        "--out",
        s(&sweep),
    ]);
    let condition = "collapse_within_30>0.5";
    let stdout = ok(&[
        "discover",
        s(&sweep),
        "--where",
        condition,
        "--resamples",
        "50",
    ]);
    assert!(stdout.contains("feature scores:"), "{stdout}");
    let out = sweep.join("discover");
    for file in ["boxes.json", "boxes.parquet"] {
        assert!(out.join(file).is_file(), "{file}");
    }
    assert_parquet(&out.join("boxes.parquet"));
    for stem in ["peeling", "box", "feature-scores"] {
        assert!(out.join(format!("{stem}.svg")).is_file(), "{stem}");
    }
    let boxes = json(&out.join("boxes.json"));
    assert_eq!(
        boxes["points"].as_u64().unwrap() + boxes["undefined_points"].as_u64().unwrap(),
        60
    );
    assert_eq!(boxes["runs"], 420);
    let scores: f64 = boxes["feature_scores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["score"].as_f64().unwrap())
        .sum();
    assert!((scores - 1.0).abs() < 1e-9, "{scores}");

    // The outcome at each point, as discover reads it, against the points table.
    let outcome: grayzone_tuning::Outcome = "collapse_within_30".parse().unwrap();
    let read = grayzone_tuning::discover::point_outcomes(&sweep, &[outcome]).unwrap();
    let read_values = &read.values[0];
    let points = grayzone_records::read_parquet(&sweep.join("points.parquet")).unwrap();
    let column = points
        .column("ceasefire_collapse_within_30_days")
        .and_then(|v| v.numbers())
        .expect("the points table has the 30-day collapse");
    assert_eq!(read_values.len(), 60);
    for (p, (ours, theirs)) in read_values.iter().zip(&column).enumerate() {
        let theirs = theirs.expect("a share is defined");
        assert!(
            (ours - theirs).abs() < 1e-12,
            "point {p}: {ours} against {theirs}"
        );
    }
    let cases = read_values.iter().filter(|&&v| v > 0.5).count();
    assert_eq!(boxes["cases"].as_u64().unwrap() as usize, cases);

    // A covering of up to three boxes, each on the points the ones before leave out.
    let covering = tmp.path().join("covering");
    ok(&[
        "discover",
        s(&sweep),
        "--where",
        condition,
        "--boxes",
        "3",
        "--resamples",
        "20",
        "--out",
        s(&covering),
    ]);
    let found = json(&covering.join("boxes.json"));
    let boxes = found["found"]["boxes"].as_array().unwrap();
    assert!((1..=3).contains(&boxes.len()), "{found}");
    let covered: u64 = boxes.iter().map(|b| b["cases"].as_u64().unwrap()).sum();
    assert!(covered <= found["cases"].as_u64().unwrap());
    // The report page takes a discovery's folder like any experiment's.
    let page = tmp.path().join("discover.html");
    ok(&["report", s(&covering), "--out", s(&page)]);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("discover") && html.contains("quasi-p"),
        "{}",
        &html[..500.min(html.len())]
    );

    // A tree instead, into a folder of its own.
    let cart = tmp.path().join("cart");
    ok(&[
        "discover",
        s(&sweep),
        "--where",
        condition,
        "--method",
        "cart",
        "--out",
        s(&cart),
    ]);
    assert_eq!(json(&cart.join("boxes.json"))["method"], "cart");

    refused(
        &["discover", s(&sweep), "--where", "collapse_within_30"],
        "no comparison",
    );
    refused(
        &["discover", s(&sweep), "--where", "collapse_within_30>2"],
        "there is no region to find",
    );
    refused(
        &[
            "discover",
            s(&sweep),
            "--where",
            condition,
            "--outcome",
            "regional_war_within_30",
        ],
        "is not the outcome",
    );
    refused(
        &["discover", s(tmp.path()), "--where", condition],
        "manifest",
    );
    let ensemble = tmp.path().join("ensemble");
    ok(&[
        "ensemble",
        "--runs",
        "20",
        "--days",
        "10",
        "--out",
        s(&ensemble),
    ]);
    refused(
        &["discover", s(&ensemble), "--where", condition],
        "not a sweep",
    );
}

/// A robust search over two US levers against two uncertainties, for two objectives in
/// tension: killed part way and resumed, it gives the run's front byte for byte; every
/// front policy is written as a scenario that validates and holds its lever values, and
/// none is beaten by another on both objectives.
#[test]
fn a_robust_search_writes_a_front_of_scenarios_and_resumes_exactly() {
    let tmp = tempfile::tempdir().unwrap();
    let args = |out: &Path, threads: &str| -> Vec<String> {
        [
            "optimize",
            "--robust",
            "--lever",
            "actors.us.attribution.policy=0:1",
            "--lever",
            "actors.us.doctrine.retaliate=0:1",
            "--uncertain",
            "militias.*.autonomy=0:1",
            "--uncertain",
            "network.linkage[0].weight=0:2",
            "--objective",
            "collapse_within_30",
            "--objective",
            "max:blamed_on_patron_share",
            "--constraint",
            "regional_war_within_30<=0.5",
            "--population",
            "8",
            "--generations",
            "4",
            "--scenarios",
            "4",
            "--runs-per-point",
            "8",
            "--check-runs",
            "10",
            "--days",
            "30",
            "--threads",
            threads,
            "--out",
            s(out),
        ]
        .iter()
        .map(|a| a.to_string())
        .collect()
    };
    let whole = tmp.path().join("whole");
    ok(&strs(&args(&whole, "2")));
    let front = json(&whole.join("front.json"));
    let policies = front["front"].as_array().unwrap();
    assert!(!policies.is_empty());
    assert_eq!(front["candidates"], 32);
    assert_eq!(front["hypervolume"].as_array().unwrap().len(), 4);
    let metric = |p: &Value, j: usize| p["objectives"][j]["mean"].as_f64().unwrap();
    for p in policies {
        for q in policies {
            let better = metric(q, 0) <= metric(p, 0) && metric(q, 1) >= metric(p, 1);
            let strictly = metric(q, 0) < metric(p, 0) || metric(q, 1) > metric(p, 1);
            assert!(!(better && strictly), "{q} beats {p}");
        }
        let file = whole.join(p["scenario"].as_str().unwrap());
        ok(&["validate", s(&file)]);
        let scenario = json(&file);
        let policy = p["levers"][0]["value"].as_f64().unwrap();
        let us = scenario["actors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == "us")
            .unwrap();
        assert_eq!(us["attribution"]["policy"].as_f64().unwrap(), policy);
        assert!(p["objectives"][0]["checked_mean"].is_number());
        assert!(p["constraints"][0]["mean"].as_f64().unwrap() <= 0.5);
    }
    for stem in ["front", "hypervolume"] {
        assert!(whole.join(format!("{stem}.svg")).is_file(), "{stem}");
    }
    let page = tmp.path().join("robust.html");
    ok(&["report", s(&whole), "--out", s(&page)]);
    assert!(std::fs::read_to_string(&page).unwrap().contains("NSGA-II"));
    assert_parquet(&whole.join("front.parquet"));

    let cut = tmp.path().join("cut");
    common::kill_after(&strs(&args(&cut, "1")), "evaluations.jsonl");
    assert!(!cut.join("front.json").exists(), "killed before the end");
    let mut resume = args(&cut, "1");
    resume.push("--resume".into());
    let printed = ok(&strs(&resume));
    assert!(
        printed.contains("read back from evaluations.jsonl"),
        "{printed}"
    );
    for file in [
        "front.parquet",
        "candidates.parquet",
        "policies/policy-0.json",
    ] {
        assert_eq!(
            std::fs::read(whole.join(file)).unwrap(),
            std::fs::read(cut.join(file)).unwrap(),
            "{file}"
        );
    }

    refused(
        &[
            "optimize",
            "--robust",
            "--lever",
            "actors.us.attribution.policy=0:1",
        ],
        "--uncertain",
    );
    let mut odd = args(&tmp.path().join("odd"), "1");
    let at = odd.iter().position(|a| a == "--population").unwrap();
    odd[at + 1] = "7".into();
    refused(&strs(&odd), "even population");
    let mut metric = args(&tmp.path().join("metric"), "1");
    metric.extend(["--robustness".into(), "median".into()]);
    refused(&strs(&metric), "--robustness");
}

/// An experiment file over two scenarios: a sweep and a discovery for each, in folders
/// named after them, and one outcomes table with the scenario as a column. Run again
/// from the `experiment.json` its folder holds, it gives the same table byte for byte; a
/// file with mistakes is refused with their places, and a changed scenario is refused.
#[test]
fn an_experiment_file_runs_every_step_for_every_scenario_and_again_exactly() {
    let tmp = tempfile::tempdir().unwrap();
    let scenarios = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    let flagship = tmp.path().join("hormuz.json");
    std::fs::copy(format!("{scenarios}/hormuz-2026.json"), &flagship).unwrap();
    let file = tmp.path().join("two.json");
    std::fs::write(
        &file,
        format!(
            r#"{{
  "name": "two-theatres",
  "scenarios": ["hormuz.json", "{scenarios}/iran-israel-truce.json"],
  "days": 30,
  "uncertainties": ["militias.*.autonomy=0:1", "ceasefire.tolerance=1:10"],
  "design": {{ "kind": "lhs", "points": 30 }},
  "runs_per_point": 8,
  "outcomes": ["collapse_within_30", "mean(ceasefire_collapse_day)"],
  "run": [
    {{ "kind": "sweep" }},
    {{ "kind": "discover", "where": "collapse_within_30>=0.5", "resamples": 20 }}
  ]
}}"#
        ),
    )
    .unwrap();
    let out = tmp.path().join("out");
    ok(&["experiment", s(&file), "--out", s(&out)]);
    for name in ["hormuz-2026", "iran-israel-truce"] {
        for step in [
            "sweep/manifest.json",
            "sweep/experiment.json",
            "discover/boxes.json",
        ] {
            assert!(out.join(name).join(step).is_file(), "{name}/{step}");
        }
    }
    let table = grayzone_records::read_parquet(&out.join("outcomes.parquet")).unwrap();
    assert_eq!(table.rows(), 60);
    let Some(grayzone_records::Values::Text(names)) = table.column("scenario") else {
        panic!("no scenario column");
    };
    assert_eq!(names.iter().filter(|n| *n == "hormuz-2026").count(), 30);
    assert_eq!(
        names.iter().filter(|n| *n == "iran-israel-truce").count(),
        30
    );
    assert!(table.column("mean(ceasefire_collapse_day)").is_some());

    // The report of the experiment's folder has every step of every scenario.
    let page = tmp.path().join("two.html");
    ok(&["report", s(&out), "--out", s(&page)]);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("4 experiments compared"),
        "{}",
        &html[..300.min(html.len())]
    );
    assert!(html.contains("iran-israel-truce") && html.contains("discover"));

    // The recorded file runs it again, from anywhere, to the same bytes.
    let recorded = out.join("experiment.json");
    let again = tmp.path().join("again");
    ok(&["experiment", s(&recorded), "--out", s(&again)]);
    assert_eq!(
        std::fs::read(out.join("outcomes.parquet")).unwrap(),
        std::fs::read(again.join("outcomes.parquet")).unwrap()
    );
    // A sweep's own folder holds the file of its one step, which runs it again.
    let sweep_file = out.join("hormuz-2026/sweep/experiment.json");
    let alone = tmp.path().join("alone");
    ok(&["experiment", s(&sweep_file), "--out", s(&alone)]);
    assert_eq!(
        std::fs::read(out.join("hormuz-2026/sweep/runs.parquet")).unwrap(),
        std::fs::read(alone.join("runs.parquet")).unwrap()
    );

    // A discovery's folder holds its one step, naming the sweep it read: run again
    // into another folder, it gives the same boxes and leaves the first alone.
    let discovered = out.join("hormuz-2026/discover");
    let before = std::fs::read(discovered.join("boxes.parquet")).unwrap();
    let elsewhere = tmp.path().join("elsewhere");
    ok(&[
        "experiment",
        s(&discovered.join("experiment.json")),
        "--out",
        s(&elsewhere),
    ]);
    assert_eq!(
        std::fs::read(elsewhere.join("boxes.parquet")).unwrap(),
        before
    );
    assert_eq!(
        std::fs::read(discovered.join("boxes.parquet")).unwrap(),
        before
    );

    // A changed scenario is not the experiment that was recorded.
    let mut text = std::fs::read_to_string(&flagship).unwrap();
    text.push('\n');
    std::fs::write(&flagship, text).unwrap();
    refused(
        &[
            "experiment",
            s(&recorded),
            "--out",
            s(&tmp.path().join("x")),
        ],
        "changed",
    );

    let bad = tmp.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\n  \"name\": \"bad name\",\n  \"run\": [ { \"kind\": \"sweep\" }, { \"kind\": \"robust\", \"objectives\": [\"collapse_within_30\"] } ],\n  \"runs_per_pont\": 3\n}\n",
    )
    .unwrap();
    refused(&["experiment", s(&bad)], "bad.json:4:3");
    let militia = tmp.path().join("militia.json");
    std::fs::write(
        &militia,
        "{\n  \"name\": \"m\",\n  \"days\": 20,\n  \"uncertainties\": [\"militias.*.autonomy=0:1\"],\n  \"outcomes\": [\"proxy_attacks.hezbollah\", \"collapse_within_30\"],\n  \"run\": [ { \"kind\": \"sweep\" } ]\n}\n",
    )
    .unwrap();
    refused(&["experiment", s(&militia)], "not each militia's");
    refused(
        &["experiment", s(&militia)],
        "beyond the experiment's horizon of 20 days",
    );
    let unknown = tmp.path().join("unknown.json");
    std::fs::write(
        &unknown,
        "{\n  \"name\": \"bad name\",\n  \"run\": [ { \"kind\": \"sweep\" } ]\n}\n",
    )
    .unwrap();
    refused(
        &["experiment", s(&unknown)],
        "bad.json".replace("bad", "unknown").as_str(),
    );
    let schema = ok(&["schema", "--experiment"]);
    assert!(schema.contains("grayzone experiment"), "{schema}");
}

/// An experiment file's robust step runs as `optimize --robust` does, into its own
/// folder; run again into the same folder, the experiment is refused unless --resume or
/// --force says what to do, and --resume gives the same front.
#[test]
fn an_experiment_files_robust_step_runs_and_reruns_only_when_told() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("robust.json");
    std::fs::write(
        &file,
        r#"{ "name": "tiny", "days": 30,
  "levers": ["actors.us.attribution.policy=0:1"], "uncertainties": ["militias.*.autonomy=0:1"],
  "design": { "kind": "lhs", "points": 6 }, "runs_per_point": 4,
  "run": [ { "kind": "sweep" },
           { "kind": "robust", "objectives": ["collapse_within_30", "max:blamed_on_patron_share"],
             "population": 4, "generations": 2, "scenarios": 2, "check_runs": 4 } ] }"#,
    )
    .unwrap();
    let out = tmp.path().join("out");
    ok(&["experiment", s(&file), "--out", s(&out)]);
    let front = out.join("robust/front.parquet");
    let first = std::fs::read(&front).unwrap();
    assert!(out.join("robust/experiment.json").is_file());
    assert!(out.join("sweep/runs.parquet").is_file());
    refused(&["experiment", s(&file), "--out", s(&out)], "--resume");
    ok(&["experiment", s(&file), "--out", s(&out), "--resume"]);
    assert_eq!(std::fs::read(&front).unwrap(), first);
}
