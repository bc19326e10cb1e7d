//! Whole experiments on the flagship scenario, small: the properties every way of running
//! one must keep (threads, shards, resume, replay), never the model's numbers.

use std::path::{Path, PathBuf};

use grayzone_experiments::*;
use grayzone_scenario::Scenario;

fn flagship() -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/hormuz-2026.json");
    Scenario::from_path(path).expect("the flagship scenario is valid")
}

fn spec(plan: Plan) -> Spec {
    Spec {
        scenario: flagship(),
        scenario_text: None,
        seed: Some(11),
        days: Some(25),
        plan,
        chunk_size: 16,
        series: Vec::new(),
        build: Build {
            version: "test".into(),
            commit: "test".into(),
        },
    }
}

fn ensemble(runs: u64) -> Experiment {
    Experiment::plan(spec(Plan::Ensemble { runs })).unwrap()
}

/// Runs one slice into `dir` and, when the experiment is complete, assembles it.
fn run_into(
    experiment: &Experiment,
    dir: &Path,
    threads: usize,
    shard: Shard,
    format: Format,
) -> Option<Report> {
    let m = experiment.manifest();
    let d = ExperimentDir::prepare(dir, m, false, shard.chunks(m.chunks())).unwrap();
    let report = run(experiment, &d, RunOptions { threads, shard }, &Silent).unwrap();
    report
        .complete
        .then(|| assemble(&d, m, format, "test", &Silent).unwrap())
}

fn bytes(path: PathBuf) -> Vec<u8> {
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn threads_and_shards_give_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let experiment = ensemble(70);
    let one = tmp.path().join("one");
    let four = tmp.path().join("four");
    run_into(&experiment, &one, 1, Shard::WHOLE, Format::Parquet).unwrap();
    run_into(&experiment, &four, 4, Shard::WHOLE, Format::Parquet).unwrap();

    let shards: Vec<PathBuf> = (0..3)
        .map(|i| tmp.path().join(format!("shard{i}")))
        .collect();
    for (i, dir) in shards.iter().enumerate() {
        let shard = Shard::new(i as u64, 3).unwrap();
        assert!(
            run_into(&experiment, dir, 2, shard, Format::Parquet).is_none(),
            "a slice is not complete"
        );
    }
    let merged = tmp.path().join("merged");
    let (dir, manifest) = merge(&shards, &merged).unwrap();
    assemble(&dir, &manifest, Format::Parquet, "test", &Silent).unwrap();

    for file in ["runs.parquet", "daily.parquet"] {
        let reference = bytes(one.join(file));
        assert_eq!(reference, bytes(four.join(file)), "{file}: 1 vs 4 threads");
        assert_eq!(
            reference,
            bytes(merged.join(file)),
            "{file}: 1 shard vs 3 merged"
        );
    }
    let summary = |dir: &Path| {
        let mut v: serde_json::Value =
            serde_json::from_slice(&bytes(dir.join("summary.json"))).unwrap();
        v["provenance"]["command"] = serde_json::Value::Null;
        v
    };
    assert_eq!(summary(&one), summary(&merged));
}

#[test]
fn an_interrupted_experiment_resumes_to_the_same_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let experiment = ensemble(50);
    let whole = tmp.path().join("whole");
    run_into(&experiment, &whole, 2, Shard::WHOLE, Format::Csv).unwrap();

    // An interruption as the folder shows it: some chunks finished, one half-written.
    let cut = tmp.path().join("cut");
    let m = experiment.manifest();
    let first_half = Shard::new(0, 2).unwrap();
    run_into(&experiment, &cut, 2, first_half, Format::Csv);
    std::fs::write(cut.join("chunks/.runs-000003.parquet.1.partial"), b"half").unwrap();

    let refused = ExperimentDir::prepare(&cut, m, false, Shard::WHOLE.chunks(m.chunks()));
    assert!(refused.unwrap_err().to_string().contains("--resume"));
    let dir = ExperimentDir::prepare(&cut, m, true, Shard::WHOLE.chunks(m.chunks())).unwrap();
    let report = run(
        &experiment,
        &dir,
        RunOptions {
            threads: 1,
            shard: Shard::WHOLE,
        },
        &Silent,
    )
    .unwrap();
    assert_eq!(
        report.already_finished,
        first_half.chunks(m.chunks()).count() as u64
    );
    assert!(report.complete);
    assemble(&dir, m, Format::Csv, "test", &Silent).unwrap();
    for file in ["runs.csv", "daily.csv"] {
        assert_eq!(bytes(whole.join(file)), bytes(cut.join(file)), "{file}");
    }
}

#[test]
fn another_experiment_in_the_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("x");
    let a = ensemble(20);
    run_into(&a, &dir, 1, Shard::WHOLE, Format::Parquet).unwrap();
    let mut other = spec(Plan::Ensemble { runs: 20 });
    other.seed = Some(12);
    let b = Experiment::plan(other).unwrap();
    let m = b.manifest();
    let e = ExperimentDir::prepare(&dir, m, true, 0..m.chunks()).unwrap_err();
    assert!(e.is_user_error());
    assert!(
        e.to_string()
            .contains("seed is 12 in this command but 11 in the folder"),
        "{e}"
    );
}

#[test]
fn replay_rebuilds_a_run_of_a_sweep_exactly() {
    let tmp = tempfile::tempdir().unwrap();
    let sweep = Experiment::plan(spec(Plan::Sweep(SweepSpec {
        params: vec![
            "militias.*.autonomy=0:1:3".parse().unwrap(),
            "actors.us.attribution.policy=0:1:2".parse().unwrap(),
        ],
        design: Design::Grid,
        points: None,
        runs_per_point: 6,
        daily: false,
    })))
    .unwrap();
    let dir = tmp.path().join("sweep");
    let report = run_into(&sweep, &dir, 2, Shard::WHOLE, Format::Parquet).unwrap();
    assert_eq!(report.points.len(), 6);
    // Runs of 25 days cannot say what happens within 30: the table leaves it out.
    assert!(report.points.iter().all(|p| {
        p.get("ceasefire_collapsed").is_some()
            && p.get("ceasefire_collapse_within_30_days").is_none()
    }));
    assert!(report.summary["undefined"]["ceasefire_collapse_within_30_days"].is_string());
    assert!(dir.join("points.parquet").exists());

    let r = replay(&dir, 23).unwrap();
    assert_eq!((r.point, r.replica), (3, 5));
    assert_eq!(r.params[0], ("militias.*.autonomy".to_owned(), 0.5));
    assert!(r.differences.is_empty(), "{:?}", r.differences);
    assert!(!r.record.events.is_empty() || r.record.rows.len() == 25 * r.record.dyads.len());
    assert!(
        replay(&dir, 36)
            .unwrap_err()
            .to_string()
            .contains("0 to 35")
    );
}

#[test]
fn a_bad_parameter_path_lists_close_matches() {
    let e = Experiment::plan(spec(Plan::Sweep(SweepSpec {
        params: vec!["militias.*.autonomyy=0:1".parse().unwrap()],
        design: Design::Lhs,
        points: Some(4),
        runs_per_point: 2,
        daily: false,
    })))
    .unwrap_err();
    assert!(e.is_user_error());
    assert!(e.to_string().contains("autonomy"), "{e}");
}

fn sweep_spec(params: &[&str], design: Design, points: Option<usize>) -> Spec {
    spec(Plan::Sweep(SweepSpec {
        params: params.iter().map(|p| p.parse().unwrap()).collect(),
        design,
        points,
        runs_per_point: 1,
        daily: false,
    }))
}

fn refusal(spec: Spec) -> String {
    let e = Experiment::plan(spec).unwrap_err();
    assert!(e.is_user_error(), "{e}");
    e.to_string()
}

/// The docs' own example: a Sobol design over a whole-number field among real ones.
#[test]
fn whole_number_fields_take_the_nearest_whole_number_of_any_design() {
    for design in [Design::Sobol, Design::Lhs] {
        let e = Experiment::plan(sweep_spec(
            &[
                "militias.*.autonomy=0:1",
                "ceasefire.tolerance=1:10",
                "mechanisms.probing=0:1",
            ],
            design,
            Some(64),
        ))
        .unwrap();
        let points = &e.manifest().sweep.as_ref().unwrap().points;
        let tolerances: Vec<f64> = points.iter().map(|p| p[1]).collect();
        assert!(
            tolerances
                .iter()
                .all(|t| t.fract() == 0.0 && (1.0..=10.0).contains(t)),
            "{tolerances:?}"
        );
        // Each whole number gets its share, the ends included.
        for t in [1.0, 10.0] {
            assert!(tolerances.contains(&t), "{design}: no point at {t}");
        }
        assert!(points.iter().all(|p| p[2] == 0.0 || p[2] == 1.0));
        assert!(
            points.iter().any(|p| p[0].fract() != 0.0),
            "reals stay real"
        );
    }
    // The first coordinate of each point a grid over `param` records.
    let grid_values = |param: &str| -> Vec<f64> {
        let grid = Experiment::plan(sweep_spec(&[param], Design::Grid, None)).unwrap();
        let sweep = grid.manifest().sweep.as_ref().unwrap();
        sweep.points.iter().map(|p| p[0]).collect()
    };
    assert_eq!(
        grid_values("ceasefire.tolerance=1:10:4"),
        [1.0, 4.0, 7.0, 10.0]
    );
    assert_eq!(
        grid_values("ceasefire.tolerance=1:4:3"),
        [1.0, 3.0, 4.0],
        "2.5 is rounded, and recorded as used"
    );
    let repeated = refusal(sweep_spec(
        &["ceasefire.tolerance=1:3:5"],
        Design::Grid,
        None,
    ));
    assert!(
        repeated.contains("round to 1, 2, 2, 3, 3") && repeated.contains("at most 3 steps"),
        "{repeated}"
    );
    let none = refusal(sweep_spec(
        &["ceasefire.tolerance=1.2:1.8"],
        Design::Lhs,
        Some(4),
    ));
    assert!(
        none.contains("takes whole numbers, and none lies between"),
        "{none}"
    );
}

#[test]
fn the_horizon_and_the_seed_are_not_parameters_of_a_point() {
    let days = refusal(sweep_spec(&["days=10:20:3"], Design::Grid, None));
    assert!(
        days.contains("--param days") && days.contains("use --days"),
        "{days}"
    );
    let seed = refusal(sweep_spec(&["seed=1:9:3"], Design::Grid, None));
    assert!(seed.contains("use --seed"), "{seed}");
}

#[test]
fn parameters_that_share_a_number_are_refused() {
    let wildcard = refusal(sweep_spec(
        &[
            "militias.*.autonomy=0:1:2",
            "militias.kataib_hezbollah.autonomy=0:1:2",
        ],
        Design::Grid,
        None,
    ));
    assert!(
        wildcard.contains("each number can be set by one parameter only"),
        "{wildcard}"
    );
    let aliases = refusal(sweep_spec(
        &[
            "militias.hezbollah.autonomy=0:1:2",
            "actors.hezbollah.autonomy=0:1:2",
        ],
        Design::Grid,
        None,
    ));
    assert!(aliases.contains("names the same number"), "{aliases}");
}

#[test]
fn a_sobol_design_off_a_power_of_two_is_run_with_a_warning() {
    let odd = Experiment::plan(sweep_spec(
        &["militias.*.autonomy=0:1"],
        Design::Sobol,
        Some(100),
    ))
    .unwrap();
    assert_eq!(odd.manifest().sweep.as_ref().unwrap().points.len(), 100);
    assert!(
        odd.warnings()[0].contains("64 or 128"),
        "{:?}",
        odd.warnings()
    );
    let even = Experiment::plan(sweep_spec(
        &["militias.*.autonomy=0:1"],
        Design::Sobol,
        Some(64),
    ))
    .unwrap();
    assert!(even.warnings().is_empty());
}
